package content_test

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
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
		checkDiags(t, data, ds)
		if it != nil && bytes.Contains([]byte(it.HTML), []byte("<script")) {
			t.Fatalf("raw script survived in HTML: %s", it.HTML)
		}
	})
}

// checkDiags fails when a diagnostic points outside data or has a message
// that is not UTF-8.
func checkDiags(t *testing.T, data []byte, ds diag.List) {
	t.Helper()
	// Like editors (and YAML), "\n", "\r\n" and a lone "\r" end a line.
	lf := bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	lines := bytes.Count(lf, []byte{'\n'}) + 1
	for _, d := range ds {
		if d.Line < 0 || d.Line > lines || d.Col < 0 {
			t.Fatalf("diagnostic outside the file (%d lines): %s", lines, d)
		}
		if !utf8.ValidString(d.Message) {
			t.Fatalf("invalid UTF-8 in message: %q", d.Message)
		}
	}
}

// FuzzParseTheme feeds arbitrary bytes to the theme parser: no panic, a
// theme or an error, diagnostics inside the file, no raw script in the
// theme's HTML. Seeds are in testdata/fuzz.
func FuzzParseTheme(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: SSO\nstatus: planned\nhorizon: next\ntarget: 2026-Q3\n---\nProblem.\n",
		"---\ntitle: T\nstatus: shipped\nshipped: 2026-02-30\nreach: -1\neffort: 0\n---\n",
		"---\ntitle: T\nstatus: done-ish\nowner: [a]\nobjective: grow\nkeywords: x\n---\n",
		"---\ntitle: <script>alert(1)</script>\n---\n<script>alert(1)</script>\n",
		"+++\ntitle = \"T\"\n+++\n",
		"---\n---\n",
	} {
		f.Add([]byte(s))
	}
	p := content.NewParser(config.Default(), true)
	f.Fuzz(func(t *testing.T, data []byte) {
		file, ds := source.Check(source.File{Path: "themes/t.md", Kind: source.Theme, Data: data})
		if ds != nil {
			return
		}
		th, ds := p.ParseTheme(file.Path, file.Data)
		if th == nil && !ds.Fails(false) {
			t.Fatalf("no theme and no error for %q", data)
		}
		checkDiags(t, data, ds)
		if th != nil && bytes.Contains([]byte(th.HTML), []byte("<script")) {
			t.Fatalf("raw script survived in HTML: %s", th.HTML)
		}
	})
}

// FuzzParseCustomers feeds arbitrary bytes to the customers.yaml parser: no
// panic, diagnostics inside the file, and every customer returned has an id.
func FuzzParseCustomers(f *testing.F) {
	for _, s := range []string{
		"acme:\n  name: Acme\n  segment: enterprise\n  plan: Pro\n  revenue: 12000\n  region: EU\n  contact: a@acme.test\n",
		"acme: {name: Acme, revenue: lots}\nbeta: 3\n",
		"- acme\n",
		"Bad Id!: {name: X}\n",
		"acme:\n  nmae: Acme\n",
		"a: &a {name: A}\nb: *a\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, ds := source.Check(source.File{Path: "customers.yaml", Kind: source.Customers, Data: data})
		if ds != nil {
			return
		}
		cs, ds := content.ParseCustomers(file.Path, file.Data)
		checkDiags(t, data, ds)
		for _, c := range cs {
			if c == nil || c.ID == "" {
				t.Fatalf("customer without an id from %q", data)
			}
		}
	})
}
