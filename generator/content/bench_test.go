package content_test

import (
	"fmt"
	"testing"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/source"
)

// corpus makes n items over 100 themes in memory.
func corpus(n int) *source.Snapshot {
	snap := &source.Snapshot{}
	snap.Files = append(snap.Files, source.File{Path: "customers.yaml", Kind: source.Customers, Data: []byte("c1: {name: C1, segment: smb, revenue: 100}\n")})
	sources := []string{"support", "survey", "interview", "sales"}
	types := []string{"bug", "request", "complaint", "praise"}
	for i := range 100 {
		snap.Files = append(snap.Files, source.File{Path: fmt.Sprintf("themes/t%03d.md", i), Kind: source.Theme, Data: fmt.Appendf(nil,
			"---\ntitle: Theme %d\nstatus: planned\nreach: 10\neffort: 2\nkeywords: [k%d, export]\n---\nThe problem of theme %d, in the customers' words.\n", i, i, i)})
	}
	for i := range n {
		snap.Files = append(snap.Files, source.File{Path: fmt.Sprintf("feedback/%04d/item-%06d.md", 2020+i%7, i), Kind: source.Item, Data: fmt.Appendf(nil,
			"---\ntitle: Export of month %d times out for team %d\ndate: 2026-%02d-%02d\nsource: %s\ntype: %s\ncustomer: c1\nthemes: [t%03d]\ntags: [export, q%d]\nnps: %d\n---\n"+
				"We tried to export **all** expenses for the month and it *times out* after a minute.\n\n- it worked last year\n- the file is about %d rows\n\nPlease fix, month end is [next week](https://example.com/%d).\n",
			i%12+1, i, i%12+1, i%28+1, sources[i%4], types[i%4], i%100, i%4+1, i%11, i*7%5000, i)})
	}
	return snap
}

// BenchmarkLoad10k parses and validates 10,000 items and 100 themes
// (front matter, goldmark, references), without disk I/O.
func BenchmarkLoad10k(b *testing.B) {
	snap := corpus(10_000)
	b.ReportAllocs()
	for b.Loop() {
		s := content.Load(snap, content.Options{})
		if len(s.Items) != 10_000 || len(s.Diagnostics) > 0 {
			b.Fatalf("%d items, %v", len(s.Items), s.Diagnostics[:min(3, len(s.Diagnostics))])
		}
	}
}

// BenchmarkLoad10kHTML is the same with bodies rendered to HTML, as a build does.
func BenchmarkLoad10kHTML(b *testing.B) {
	snap := corpus(10_000)
	b.ReportAllocs()
	for b.Loop() {
		content.Load(snap, content.Options{HTML: true})
	}
}

// BenchmarkLoad10kRaw is what heed check does: no Markdown at all.
func BenchmarkLoad10kRaw(b *testing.B) {
	snap := corpus(10_000)
	b.ReportAllocs()
	for b.Loop() {
		content.Load(snap, content.Options{RawText: true})
	}
}
