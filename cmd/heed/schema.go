package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/content"
)

func newSchemaCmd() *cobra.Command {
	var out, dir string
	c := &cobra.Command{
		Use:   "schema [item|theme]",
		Short: "Print the JSON Schema of item or theme front matter, for editors",
		Long: `schema prints the JSON Schema (draft 2020-12) of feedback item (default) or
theme front matter, with this repository's vocabularies. Editors that know
JSON Schema (VS Code's YAML extension, for one) then complete and check the
fields as you type. With --out DIR it writes item.schema.json and
theme.schema.json into DIR.`,
		Example: `  heed schema > .heed/item.schema.json
  heed schema theme
  heed schema --out .vscode/`,
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: []string{"item", "theme"},
		RunE: func(cmd *cobra.Command, args []string) error {
			cfgPath, _ := cmd.Flags().GetString("config")
			res, err := generator.Check(dir, generator.CheckOptions{Config: cfgPath})
			if err != nil {
				return failure(err)
			}
			cfg := res.Set.Config
			if out != "" {
				if err := os.MkdirAll(out, 0o755); err != nil {
					return failure(err)
				}
				for name, data := range map[string][]byte{"item.schema.json": content.ItemSchema(cfg), "theme.schema.json": content.ThemeSchema(cfg)} {
					if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
						return failure(err)
					}
				}
				return nil
			}
			kind := "item"
			if len(args) > 0 {
				kind = args[0]
			}
			switch kind {
			case "item":
				_, err = cmd.OutOrStdout().Write(content.ItemSchema(cfg))
			case "theme":
				_, err = cmd.OutOrStdout().Write(content.ThemeSchema(cfg))
			default:
				return failure(fmt.Errorf("unknown schema %q (want item or theme)", kind))
			}
			if err != nil {
				return failure(err)
			}
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "write item.schema.json and theme.schema.json into this folder")
	c.Flags().StringVar(&dir, "dir", ".", "the feedback repository (its heed.yaml sets the vocabularies)")
	return c
}
