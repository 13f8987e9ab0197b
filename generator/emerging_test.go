package generator_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator"
)

func unthemed(title, body string, private bool) string {
	p := ""
	if private {
		p = "private: true\n"
	}
	return "---\ntitle: " + title + "\ndate: 2026-03-02\nsource: support\ntype: request\n" + p + "---\n" + body + "\n"
}

// TestEmergingTopicsNeverUsePrivateWords builds a site whose private items
// share the public items' topic and would lend the cluster their own word:
// it must appear in no file of the public build, while the internal build
// shows it.
func TestEmergingTopicsNeverUsePrivateWords(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"themes/export.md": "---\ntitle: Bulk export\nstatus: planned\nkeywords: [export, csv]\n---\nExports time out.\n",
		"feedback/d1.md":   unthemed("Dark mode please", "Please add a dark mode, the white screen hurts at night.", false),
		"feedback/d2.md":   unthemed("A dark theme for late nights", "A dark mode would help at night, the white screen is too bright.", false),
		"feedback/d3.md":   unthemed("Night mode", "Dark mode for night work please, the screen is so bright.", false),
		"feedback/p1.md":   unthemed("Zorblat dark mode", "Zorblat wants dark mode: zorblat staff work at night on a bright screen.", true),
		"feedback/p2.md":   unthemed("Dark mode for zorblat", "The zorblat account asks for a dark mode, zorblat works nights.", true),
		"feedback/p3.md":   unthemed("Zorblat night screen", "Zorblat again: dark mode, the screen at night, zorblat renewal.", true),
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
	for _, w := range []string{"zorblat"} {
		if hits := grep(pub, w); len(hits) > 0 {
			t.Errorf("private word %q published in %v", w, hits)
		}
	}
	internal := filepath.Join(t.TempDir(), "site")
	if _, err := generator.Build(dir, generator.BuildOptions{Out: internal, Internal: true, Getenv: env}); err != nil {
		t.Fatal(err)
	}
	if ins, _ := os.ReadFile(filepath.Join(internal, "insights", "index.html")); !strings.Contains(strings.ToLower(string(ins)), "zorblat") {
		t.Errorf("the internal build's insights lack the private cluster")
	}
}
