package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/heedhq/heed/generator"
)

func newNewCmd() *cobra.Command {
	var o generator.NewItem
	var date, dir string
	var public bool
	c := &cobra.Command{
		Use:   `new "Title"`,
		Short: "Add a feedback item with valid front matter",
		Long: `new writes feedback/YYYY-MM-DD-slug.md with valid front matter for the title
and flags given. It never overwrites a file and refuses an id that exists.
The customer's own words go below the front matter (--body, or edit the file).`,
		Example: `  heed new "Export times out on large workspaces" --source support --type bug --theme bulk-export --customer acme
  heed new "Love the new approvals flow" --type praise --body "Saved us hours this week."`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Title = args[0]
			var err error
			o.Date, err = parseDay(date)
			if err != nil {
				return failure(err)
			}
			if cmd.Flags().Changed("public") {
				o.Public = &public
			}
			cfgPath, _ := cmd.Flags().GetString("config")
			path, err := generator.New(dir, cfgPath, o)
			if err != nil {
				return failure(err)
			}
			fmt.Fprintln(cmd.OutOrStdout(), path)
			return nil
		},
	}
	c.Flags().StringVar(&dir, "dir", ".", "the feedback repository")
	c.Flags().StringVar(&o.Source, "source", "other", "where it came from (survey, interview, support, ...)")
	c.Flags().StringVar(&o.Type, "type", "request", "bug, request, usability, praise, question or complaint")
	c.Flags().StringSliceVar(&o.Themes, "theme", nil, "theme id (repeat or comma-separate for several)")
	c.Flags().StringVar(&o.Customer, "customer", "", "customer id from customers.yaml")
	c.Flags().StringVar(&date, "date", "", "when it was received, YYYY-MM-DD (default today, or SOURCE_DATE_EPOCH's day)")
	c.Flags().StringVar(&o.Body, "body", "", "the customer's own words")
	c.Flags().BoolVar(&o.Private, "private", false, "never publish this item")
	c.Flags().BoolVar(&public, "public", false, "publish this item's words whatever its source (--public=false: never its words); default: heed.yaml's publish.sources")
	return c
}

// parseDay reads --date; empty is the zero time, which generator.New
// takes as today.
func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--date %q is not YYYY-MM-DD", s)
	}
	return t, nil
}
