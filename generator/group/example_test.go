package group_test

import (
	"fmt"

	"github.com/heedhq/heed/generator/group"
)

func ExampleAnalyze() {
	themes := []group.Theme{
		{ID: "export", Text: "Export notes as CSV or PDF", Keywords: []string{"export"}},
		{ID: "sync", Text: "Sync notes between devices", Keywords: []string{"sync", "offline"}},
	}
	docs := []group.Doc{
		{ID: "a", Text: "CSV export drops the tags column", Themes: []string{"export"}},
		{ID: "b", Text: "Sync between phone and tablet loses edits", Themes: []string{"sync"}},
		{ID: "c", Text: "Exporting a notebook as PDF loses the images"},
		{ID: "d", Text: "Calendar integration: link a meeting to its note"},
		{ID: "e", Text: "Please link notes to calendar meetings"},
		{ID: "f", Text: "Hi! Exporting a notebook as PDF loses the images. Thanks"},
	}
	res := group.Analyze(docs, themes, group.Options{})
	for _, s := range res.Suggestions {
		fmt.Println("suggest", s.Item, s.Themes)
	}
	for _, c := range res.Clusters {
		fmt.Printf("cluster %q %v\n", c.Name, c.Items)
	}
	for _, d := range res.Duplicates {
		fmt.Println("duplicate", d.A, d.B, d.Similarity)
	}
	// Output:
	// suggest c [{export 0.2706 [exporting pdf notebook]} {sync 0.1205 [loses images]}]
	// suggest d [{sync 0.1973 [link]} {export 0.1717 [note]}]
	// suggest e [{sync 0.188 [link]} {export 0.1805 [notes meetings]}]
	// suggest f [{export 0.2553 [exporting pdf notebook]} {sync 0.1291 [loses images]}]
	// cluster "calendar, link, meeting" [d e]
	// cluster "notebook, pdf, images" [c f]
	// duplicate c f 1
	// duplicate d e 0.6351
}
