package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/diag"
)

func newCheckCmd() *cobra.Command {
	var format, ref, since string
	var strict bool
	c := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Validate every feedback item, theme and setting",
		Long: `check reads the feedback repository in DIR (default: the current folder) and
reports every problem at once, each as

  path:line:col: severity: message [rule]

Exit status: 0 clean, 1 errors found (or warnings with --strict), 2 usage or
I/O failure.

--ref checks the files of a commit (branch, tag or hash) without checking it
out. --changed-since reports only the problems of files changed since a
revision (added, modified, renamed) and the problems those changes cause
elsewhere, such as an item still naming a deleted theme: what a pull request
check needs.`,
		Example: `  heed check
  heed check ../feedback --strict
  heed check --changed-since origin/main --format github   # a pull request check
  heed check --ref v1.2.0
  heed check --format json | jq '.errors'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			tuneGC(os.Getenv)
			if !slices.Contains(diag.Formats, format) {
				return failure(fmt.Errorf("unknown --format %q (want %s)", format, strings.Join(diag.Formats, ", ")))
			}
			cfgPath, _ := cmd.Flags().GetString("config")
			res, err := generator.Check(dirArg(args), generator.CheckOptions{Config: cfgPath, Ref: ref, ChangedSince: since})
			if err != nil {
				return failure(err)
			}
			if err := diag.Write(cmd.OutOrStdout(), res.Diagnostics, format); err != nil {
				return failure(err)
			}
			if format == "text" {
				fmt.Fprintln(cmd.ErrOrStderr(), res.Summary())
			}
			if res.Diagnostics.Fails(strict) {
				return errProblems
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output format: text, json or github")
	c.Flags().BoolVar(&strict, "strict", false, "fail on warnings too")
	c.Flags().StringVar(&ref, "ref", "", "check the files of this git revision instead of the working tree")
	c.Flags().StringVar(&since, "changed-since", "", "report only problems of files changed since this git revision")
	return c
}

// dirArg returns the repository folder argument, "." by default.
func dirArg(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return "."
}
