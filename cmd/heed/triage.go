package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/diag"
)

func newTriageCmd() *cobra.Command {
	var format string
	var apply, dryRun bool
	var minConf float64
	c := &cobra.Command{
		Use:   "triage [DIR]",
		Short: "Untriaged items with suggested themes, emerging clusters, duplicates, stale themes",
		Long: `triage is the product manager's report: every item without a theme with the
themes it most likely belongs to (with a confidence and the words that
matched), clusters of unthemed items no theme fits (candidates for a new
theme), likely duplicates not yet linked with duplicate_of, and themes whose
status has not changed in 180 days while their feedback rises.

Everything is computed offline and deterministically from the repository.
--format json prints one object:
  {"suggestions": [{"item", "themes": [{"id", "confidence", "terms"}]}],
   "clusters": [{"name", "terms", "items"}],
   "duplicates": [{"a", "b", "similarity"}],
   "stale": [{"theme", "reason"}]}

--apply files every unthemed item whose best suggestion has at least
--min-confidence (default %.2f: on labelled data, themes applied from there
were right at least 85%% of the time) under that theme. It rewrites only the
themes key of each file, keeping comments, key order, quoting and the body
byte for byte, and prints what it changed; --dry-run prints it and writes
nothing.`,
		Example: `  heed triage
  heed triage --format json | jq '.suggestions[] | select(.themes[0].confidence > 0.8)'
  heed triage --apply --dry-run
  heed triage --apply --min-confidence 0.9`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			tuneGC(os.Getenv)
			if format != "text" && format != "json" {
				return failure(fmt.Errorf("unknown --format %q (want text or json)", format))
			}
			if dryRun && !apply {
				return failure(fmt.Errorf("--dry-run goes with --apply"))
			}
			if cmd.Flags().Changed("min-confidence") && (minConf <= 0 || minConf > 1) {
				return failure(fmt.Errorf("--min-confidence %v is not in (0, 1]", minConf))
			}
			cfgPath, _ := cmd.Flags().GetString("config")
			t, err := generator.TriageRepo(dirArg(args), generator.TriageOptions{Config: cfgPath})
			if err != nil {
				return failure(err)
			}
			if errs, _ := t.Diagnostics.Count(); errs > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "heed: the repository has %s (run heed check); triage works on the files it could read\n", diag.Plural(errs, "error"))
			}
			for _, n := range t.Notes {
				fmt.Fprintln(cmd.ErrOrStderr(), "heed:", n)
			}
			if apply {
				return applyTriage(cmd, dirArg(args), t, generator.ApplyOptions{MinConfidence: minConf, DryRun: dryRun})
			}
			if format == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				if err := enc.Encode(t); err != nil {
					return failure(err)
				}
				return nil
			}
			printTriage(cmd.OutOrStdout(), t)
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output format: text or json")
	c.Flags().BoolVar(&apply, "apply", false, "file unthemed items under their best suggestion when it is confident enough")
	c.Flags().Float64Var(&minConf, "min-confidence", generator.DefaultMinConfidence, "with --apply: the least confidence applied")
	c.Flags().BoolVar(&dryRun, "dry-run", false, "with --apply: show what would change, write nothing")
	c.Long = fmt.Sprintf(c.Long, generator.DefaultMinConfidence)
	return c
}

// applyTriage writes the confident suggestions and says what it wrote.
func applyTriage(cmd *cobra.Command, dir string, t *generator.Triage, opts generator.ApplyOptions) error {
	done, ds, err := generator.ApplySuggestions(dir, t, opts)
	if err != nil {
		return failure(err)
	}
	for _, d := range ds {
		fmt.Fprintln(cmd.ErrOrStderr(), d.String())
	}
	verb := "set"
	if opts.DryRun {
		verb = "would set"
	}
	w := cmd.OutOrStdout()
	for _, a := range done {
		fmt.Fprintf(w, "%s: %s themes: [%s] (confidence %.0f%%)\n", a.Path, verb, a.Theme, a.Confidence*100)
	}
	unthemed := len(t.Suggestions)
	summary := fmt.Sprintf("%s of %s filed", diag.Plural(len(done), "item"), diag.Plural(unthemed, "unthemed item"))
	if opts.DryRun {
		summary = fmt.Sprintf("%s of %s would be filed (dry run: nothing written)", diag.Plural(len(done), "item"), diag.Plural(unthemed, "unthemed item"))
	}
	fmt.Fprintln(w, summary)
	return nil
}

func printTriage(w io.Writer, t *generator.Triage) {
	title := func(id string) string {
		if it := t.Set.Item(id); it != nil {
			return fmt.Sprintf("%s %q", id, it.Title)
		}
		return id
	}
	fmt.Fprintf(w, "Untriaged items (%d)\n", len(t.Suggestions))
	for _, s := range t.Suggestions {
		fmt.Fprintf(w, "  %s\n", title(s.Item))
		if len(s.Themes) == 0 {
			fmt.Fprintln(w, "      no theme fits")
		}
		for _, m := range s.Themes {
			fmt.Fprintf(w, "      -> %-24s %3.0f%%  (%s)\n", m.ID, m.Confidence*100, strings.Join(m.Terms, ", "))
		}
	}
	fmt.Fprintf(w, "\nEmerging clusters (%d)\n", len(t.Clusters))
	for _, c := range t.Clusters {
		fmt.Fprintf(w, "  %s: %d items (%s)\n", c.Name, len(c.Items), strings.Join(c.Terms, ", "))
		for _, id := range c.Items {
			fmt.Fprintf(w, "      %s\n", title(id))
		}
	}
	fmt.Fprintf(w, "\nLikely duplicates (%d)\n", len(t.Duplicates))
	for _, d := range t.Duplicates {
		fmt.Fprintf(w, "  %.2f  %s\n        %s\n", d.Similarity, title(d.A), title(d.B))
	}
	fmt.Fprintf(w, "\nStale themes (%d)\n", len(t.Stale))
	for _, s := range t.Stale {
		fmt.Fprintf(w, "  %s: %s\n", s.Theme, s.Reason)
	}
}
