package content_test

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/source"
)

// FuzzParseItem feeds arbitrary bytes to the item parser: it must never
// panic or hang, must return an item or an error diagnostic, and every
// diagnostic must point inside the file. Seeds are in testdata/fuzz.
func FuzzParseItem(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\ndate: 2026-03-02\nsource: support\ntype: bug\n---\nbody\n",
		"+++\ntitle = \"T\"\n+++\n",
		"{\n\"title\": \"T\"\n}\n\nbody",
		";;;\n{\"a\": [1, {\"b\": null}]}\n;;;\n",
		"---\na: &a [x]\nb: [*a, *a]\n---\n",
		"---\ntitle: <script>alert(1)</script>\n---\n<img src=x onerror=alert(1)>\n",
		"---\n---\n",
		"---\n- a\n---\n",
		"---yaml\ntitle: x\n---\n",
	} {
		f.Add([]byte(s))
	}
	p := content.NewParser(config.Default(), true)
	f.Fuzz(func(t *testing.T, data []byte) {
		// The parser sees only what source lets through.
		file, ds := source.Check(source.File{Path: "feedback/f.md", Kind: source.Item, Data: data})
		if ds != nil {
			return
		}
		it, ds := p.ParseItem(file.Path, file.Data)
		if it == nil && !ds.Fails(false) {
			t.Fatalf("no item and no error for %q", data)
		}
		lines := bytes.Count(data, []byte{'\n'}) + 1
		for _, d := range ds {
			if d.Line < 0 || d.Line > lines || d.Col < 0 {
				t.Fatalf("diagnostic outside the file (%d lines): %s", lines, d)
			}
			if !utf8.ValidString(d.Message) {
				t.Fatalf("invalid UTF-8 in message: %q", d.Message)
			}
		}
		if it != nil && bytes.Contains([]byte(it.HTML), []byte("<script")) {
			t.Fatalf("raw script survived in HTML: %s", it.HTML)
		}
	})
}
