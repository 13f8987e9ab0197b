package content_test

import (
	"reflect"
	"testing"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
)

// TestParserKeepsNothingItReuses: a parser reuses its front matter trees
// and Markdown buffers from file to file, so an item must not change when
// the same parser reads other files after it.
func TestParserKeepsNothingItReuses(t *testing.T) {
	files := []struct{ path, data string }{
		{"feedback/a.md", "---\ntitle: Export times out\ndate: 2026-03-02\nsource: support\ntype: bug\ncustomer: {id: acme, name: Acme}\nthemes: [export, speed]\ntags: [q1, 2026]\nlinks:\n  - https://example.com/1\n---\nIt *times out*.\n\n- a\n- b\n"},
		{"feedback/b.md", "---\ntitle: Other words entirely\ndate: 2025-01-31\nsource: survey\ntype: request\nthemes:\n  - reports\n  - filters\n  - sharing\nnps: 3\n---\n# Heading\n\nA [link](https://example.com/2) and `code`.\n"},
		{"feedback/c.md", "+++\ntitle = \"TOML\"\ndate = 2026-01-01\nsource = \"sales\"\ntype = \"praise\"\n+++\nShort.\n"},
		{"feedback/d.md", "---\ntitle: \"quoted: yes\"\ndate: 2026-02-02\nsource: interview\ntype: complaint\nnested: {a: [1, 2]}\n---\n" + "Body with an image ![alt](https://example.com/i.png).\n"},
	}
	want := make([]*content.Item, len(files))
	for i, f := range files {
		want[i], _ = content.NewParser(config.Default(), true).ParseItem(f.path, []byte(f.data))
		if want[i] == nil {
			t.Fatalf("%s: no item", f.path)
		}
	}
	p := content.NewParser(config.Default(), true)
	got := make([]*content.Item, len(files))
	for round := range 3 {
		for i, f := range files {
			got[i], _ = p.ParseItem(f.path, []byte(f.data))
		}
		for i := range files {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("round %d, %s: after the other files\n%+v\nwant\n%+v", round, files[i].path, got[i], want[i])
			}
		}
	}
}
