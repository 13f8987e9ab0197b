package main

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/loop"
)

func newLoopCmd() *cobra.Command {
	var since, to, format, out, baseURL string
	c := &cobra.Command{
		Use:   "loop --since REV [DIR]",
		Short: "Themes whose status changed since a revision, and whom to tell",
		Long: `loop closes the feedback loop: for every theme whose status changed between
REV (a release tag, a branch, a commit) and HEAD (or --to), the change (from,
to, date) and every piece of feedback behind it, with its customer, the
customer's contact (from customers.yaml, or the item's own), the item's date
and words. Each customer is named once per theme, with their items under
them. Both revisions are read from git: uncommitted changes are not in it.

The report holds customers' contacts: it is for the team only. It goes to
standard output or to the file --out names, never into a site folder.

--format says how:
  text  for a person (the default)
  json  {"themes": [{"id", "title", "from", "to", "date",
          "items": [{"id", "title", "date", "customer", "contact"}]}]}
        every item, a customer's items next to each other
  csv   one row per customer and theme: whom to tell, for a mail merge
  md    a draft of release notes, one section per theme linking its public
        page (heed.yaml's baseURL, or --base-url); no contacts, no
        customer's words

Exit status: 0 reported, 1 the content at the later revision has errors (the
report covers the files that could be read), 2 usage or I/O failure.`,
		Example: `  heed loop --since v1
  heed loop --since v2026.03 --format csv --out /tmp/tell.csv
  heed loop --since v1 --format json | jq -r '.themes[].items[].contact' | sort -u
  heed loop --since v1 --format md --base-url https://example.org/roadmap/ > notes.md`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(loop.Formats(), format) {
				return failure(fmt.Errorf("unknown --format %q (want %s)", format, strings.Join(loop.Formats(), ", ")))
			}
			dir := dirArg(args)
			if out != "" {
				if err := generator.CheckInternalOut(dir, out); err != nil {
					return failure(err)
				}
			}
			cfgPath, _ := cmd.Flags().GetString("config")
			res, err := generator.Loop(dir, generator.LoopOptions{Since: since, To: to, Config: cfgPath})
			if err != nil {
				return failure(err)
			}
			stderr := cmd.ErrOrStderr()
			for _, n := range res.Notes {
				fmt.Fprintln(stderr, "heed:", n)
			}
			var buf bytes.Buffer
			if baseURL == "" {
				baseURL = res.BaseURL
			}
			if err := loop.Write(&buf, res.Report, loop.Format(format), loop.WriteOptions{Since: since, BaseURL: baseURL, Published: res.Published}); err != nil {
				return failure(err)
			}
			if out == "" {
				if _, err := cmd.OutOrStdout().Write(buf.Bytes()); err != nil {
					return failure(err)
				}
			} else if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
				return failure(err)
			}
			if errs, _ := res.Diagnostics.Count(); errs > 0 {
				fmt.Fprintf(stderr, "heed: the repository has %s at %s (run heed check); the report covers the files that could be read\n",
					diag.Plural(errs, "error"), cmp.Or(to, "HEAD"))
				return errProblems
			}
			return nil
		},
	}
	c.Flags().StringVar(&since, "since", "", "the earlier revision: a release tag, branch or commit (required)")
	c.Flags().StringVar(&to, "to", "", "the later revision (default HEAD)")
	c.Flags().StringVar(&format, "format", "text", "output format: "+strings.Join(loop.Formats(), ", "))
	c.Flags().StringVar(&out, "out", "", "write the report to this file (never inside a site folder) instead of standard output")
	c.Flags().StringVar(&baseURL, "base-url", "", "the site's address for the release notes' links (default: heed.yaml's baseURL)")
	_ = c.MarkFlagRequired("since")
	return c
}
