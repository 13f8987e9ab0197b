package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/internal/testrepo"
)

func env(k string) string {
	if k == "SOURCE_DATE_EPOCH" {
		return "1780000000"
	}
	return ""
}

func TestBuildRefBuildsTheOldRoadmap(t *testing.T) {
	r := testrepo.Init(t, t.TempDir())
	r.Write(map[string]string{
		"themes/export.md": "---\ntitle: Bulk export\nstatus: exploring\n---\n",
		"feedback/a.md":    itemFile("Exports time out", "export"),
	})
	old := r.Commit("Ann", "exploring", nil)
	r.Write(map[string]string{
		"themes/export.md": "---\ntitle: Bulk export\nstatus: shipped\nshipped: 2026-02-01\n---\n",
		"themes/sso.md":    "---\ntitle: Single sign-on\nstatus: planned\n---\n",
	})
	r.Commit("Ann", "shipped", nil)

	out := filepath.Join(t.TempDir(), "site")
	if _, err := generator.Build(r.Dir, generator.BuildOptions{Out: out, Ref: old, Getenv: env}); err != nil {
		t.Fatal(err)
	}
	api, err := os.ReadFile(filepath.Join(out, "api", "themes.json"))
	if err != nil {
		t.Fatal(err)
	}
	if s := string(api); !strings.Contains(s, `"status": "exploring"`) || strings.Contains(s, "sso") || strings.Contains(s, `"status": "shipped"`) {
		t.Errorf("--ref %s built the newer roadmap: %s", old[:7], s)
	}
	// The working tree still holds the new roadmap and builds it.
	now := filepath.Join(t.TempDir(), "site")
	if _, err := generator.Build(r.Dir, generator.BuildOptions{Out: now, Getenv: env}); err != nil {
		t.Fatal(err)
	}
	if api, _ := os.ReadFile(filepath.Join(now, "api", "themes.json")); !strings.Contains(string(api), "sso") {
		t.Errorf("the working tree build lacks the new theme")
	}
}

func TestBuildOutsideGitSaysWhatIsMissing(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"themes/export.md": "---\ntitle: Bulk export\nstatus: planned\n---\n", "feedback/a.md": itemFile("A", "export")}
	for p, d := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := generator.Build(dir, generator.BuildOptions{Getenv: env})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "not a git repository") {
		t.Errorf("notes %q, want one saying there is no git repository", res.Notes)
	}
	if _, err := generator.Build(dir, generator.BuildOptions{Getenv: env, Ref: "HEAD"}); err == nil {
		t.Error("--ref outside a git repository must fail")
	}
}
