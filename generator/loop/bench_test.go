package loop_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/loop"
	"github.com/heedhq/heed/generator/source"
)

// corpus makes the content of a repository with n items over 100 themes,
// each theme in status; customers is how many customers the items come
// from.
func corpus(n, customers int, status string) *content.Set {
	snap := &source.Snapshot{}
	reg := ""
	for c := range customers {
		reg += fmt.Sprintf("c%d: {name: Customer %d, contact: c%d@example.com}\n", c, c, c)
	}
	snap.Files = append(snap.Files, source.File{Path: "customers.yaml", Kind: source.Customers, Data: []byte(reg)})
	for i := range 100 {
		snap.Files = append(snap.Files, source.File{Path: fmt.Sprintf("themes/t%03d.md", i), Kind: source.Theme,
			Data: fmt.Appendf(nil, "---\ntitle: Theme %d\nstatus: %s\n---\n", i, status)})
	}
	for i := range n {
		snap.Files = append(snap.Files, source.File{Path: fmt.Sprintf("feedback/i%06d.md", i), Kind: source.Item,
			Data: fmt.Appendf(nil, "---\ntitle: Item %d\ndate: 2026-%02d-%02d\nsource: support\ntype: bug\ncustomer: c%d\nthemes: [t%03d]\n---\nWords.\n",
				i, i%12+1, i%28+1, i%customers, i%100)})
	}
	return content.Load(snap, content.Options{RawText: true})
}

// BenchmarkCompute10k: every one of 100 themes shipped since the earlier
// revision, 10,000 items from 2,000 customers behind them.
func BenchmarkCompute10k(b *testing.B) {
	before, now := corpus(0, 1, "planned"), corpus(10_000, 2_000, "shipped")
	hist := &history.History{Files: map[string]*history.File{}}
	for _, th := range now.Themes {
		hist.Files[th.Path] = &history.File{Statuses: []history.Change{{Status: "planned"}, {Status: "shipped", Date: time.Now()}}}
	}
	b.ReportAllocs()
	for b.Loop() {
		r := loop.Compute(before, now, hist)
		if len(r.Themes) != 100 || len(r.Themes[0].Items) != 100 {
			b.Fatalf("%d themes", len(r.Themes))
		}
	}
}
