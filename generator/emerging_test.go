package generator_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator"
)

// unthemed is an unthemed item from source, private or not.
func unthemed(title, body, source string, private bool) string {
	p := ""
	if private {
		p = "private: true\n"
	}
	return "---\ntitle: " + title + "\ndate: 2026-03-02\nsource: " + source + "\ntype: request\n" + p + "---\n" + body + "\n"
}

// TestEmergingTopicsNeverUsePrivateWords builds a site whose private items,
// and items of a source whose words are not published, share the published
// items' topic and would lend the cluster their own words: they must appear
// in no file of the public build, while the internal build shows them.
func TestEmergingTopicsNeverUsePrivateWords(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"themes/export.md": "---\ntitle: Bulk export\nstatus: planned\nkeywords: [export, csv]\n---\nExports time out.\n",
		"feedback/d1.md":   unthemed("Dark mode please", "Please add a dark mode, the white screen hurts at night.", "community", false),
		"feedback/d2.md":   unthemed("A dark theme for late nights", "A dark mode would help at night, the white screen is too bright.", "form", false),
		"feedback/d3.md":   unthemed("Night mode", "Dark mode for night work please, the screen is so bright.", "review", false),
		"feedback/p1.md":   unthemed("Zorblat dark mode", "Zorblat wants dark mode: zorblat staff work at night on a bright screen.", "community", true),
		"feedback/p2.md":   unthemed("Dark mode for zorblat", "The zorblat account asks for a dark mode, zorblat works nights.", "community", true),
		"feedback/p3.md":   unthemed("Zorblat night screen", "Zorblat again: dark mode, the screen at night, zorblat renewal.", "community", true),
		"feedback/s1.md":   unthemed("Quorvix dark mode", "Quorvix wants dark mode: quorvix staff work at night on a bright screen.", "support", false),
		"feedback/s2.md":   unthemed("Dark mode for quorvix", "The quorvix account asks for a dark mode, quorvix works nights.", "sales", false),
		"feedback/s3.md":   unthemed("Quorvix night screen", "Quorvix again: dark mode, the screen at night, quorvix renewal.", "interview", false),
	}
	for p, d := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	grep := func(out, word string) []string {
		var hits []string
		filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if b, _ := os.ReadFile(p); strings.Contains(strings.ToLower(string(b)), word) {
					hits = append(hits, p)
				}
			}
			return nil
		})
		return hits
	}
	pub := filepath.Join(t.TempDir(), "site")
	if _, err := generator.Build(dir, generator.BuildOptions{Out: pub, Getenv: env}); err != nil {
		t.Fatal(err)
	}
	ins, _ := os.ReadFile(filepath.Join(pub, "insights", "index.html"))
	if !strings.Contains(string(ins), `id="emerging"`) || !strings.Contains(string(ins), "Dark mode please") {
		t.Errorf("the public insights page shows no emerging dark-mode topic")
	}
	for _, w := range []string{"zorblat", "quorvix"} {
		if hits := grep(pub, w); len(hits) > 0 {
			t.Errorf("unpublished word %q published in %v", w, hits)
		}
	}
	internal := filepath.Join(t.TempDir(), "site")
	if _, err := generator.Build(dir, generator.BuildOptions{Out: internal, Internal: true, Getenv: env}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"zorblat", "quorvix"} {
		if ins, _ := os.ReadFile(filepath.Join(internal, "insights", "index.html")); !strings.Contains(strings.ToLower(string(ins)), w) {
			t.Errorf("the internal build's insights lack the %s cluster", w)
		}
	}
}
