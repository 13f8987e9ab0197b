package generator_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/internal/testrepo"
)

// TestWritersSweepTheirTemporaryFiles: heed new and triage --apply remove
// the temporary files that a heed process killed while writing left in the
// folder they write to (an hour old or more), where `git add -A` would
// commit them, and leave a newer one, which a running process may hold.
func TestWritersSweepTheirTemporaryFiles(t *testing.T) {
	r := testrepo.Init(t, t.TempDir())
	r.Write(map[string]string{
		"heed.yaml":        "title: Test\n",
		"themes/export.md": "---\ntitle: Export\nstatus: planned\nkeywords: [export, csv]\n---\nExports time out.\n",
		"feedback/a.md":    "---\ntitle: CSV export times out\ndate: 2026-01-05\nsource: support\ntype: bug\nthemes: [export]\n---\nThe CSV export times out.\n",
	})
	plant := func(name string, age time.Duration) string {
		p := filepath.Join(r.Dir, "feedback", name)
		if err := os.WriteFile(p, []byte("half an item"), 0o644); err != nil {
			t.Fatal(err)
		}
		when := time.Now().Add(-age)
		if err := os.Chtimes(p, when, when); err != nil {
			t.Fatal(err)
		}
		return p
	}
	exists := func(p string) bool { _, err := os.Lstat(p); return err == nil }

	stale, running := plant(".heed-1.tmp", 3*time.Hour), plant(".heed-2.tmp", time.Second)
	if _, err := generator.New(r.Dir, "", generator.NewItem{Title: "Export never finishes", Source: "support", Type: "bug", Body: "The CSV export never finishes."}); err != nil {
		t.Fatal(err)
	}
	if exists(stale) || !exists(running) {
		t.Errorf("after heed new: stale file kept %v, running one kept %v", exists(stale), exists(running))
	}

	stale = plant(".heed-3.tmp", 3*time.Hour)
	tr, err := generator.TriageRepo(r.Dir, generator.TriageOptions{Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	done, _, err := generator.ApplySuggestions(r.Dir, tr, generator.ApplyOptions{MinConfidence: 0.01})
	if err != nil || len(done) != 1 {
		t.Fatalf("applied %v, %v; want one", done, err)
	}
	if exists(stale) || !exists(running) {
		t.Errorf("after triage --apply: stale file kept %v, running one kept %v", exists(stale), exists(running))
	}
}
