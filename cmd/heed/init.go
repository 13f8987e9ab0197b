package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/heedhq/heed/generator"
)

func newInitCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Make a folder (usually a git repository) a feedback repository",
		Long: `init adds what a feedback repository needs to DIR (default: the current
folder): feedback/ and themes/ with one example each, a commented heed.yaml
showing every setting with its default, an empty customers.yaml, a
.gitignore entry for site/, and for GitHub three workflows (heed check on
pull requests, publishing to GitHub Pages, intake of feedback issues) and
the feedback issue form. It never overwrites a file: what exists is kept
and reported. heed check passes right after it.`,
		Example: `  cd my-product-feedback && heed init && heed check`,
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := generator.Init(dirArg(args))
			if err != nil {
				return failure(err)
			}
			for _, p := range res.Created {
				fmt.Fprintf(cmd.OutOrStdout(), "created %s\n", p)
			}
			for _, p := range res.Kept {
				fmt.Fprintf(cmd.OutOrStdout(), "kept    %s (exists)\n", p)
			}
			return nil
		},
	}
}
