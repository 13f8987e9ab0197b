package generator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/heedhq/heed/generator"
)

// repo is a git repository in a temporary folder, driven with go-git.
type repo struct {
	t   *testing.T
	dir string
	git *git.Repository
	n   int
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	dir := t.TempDir()
	g, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return &repo{t: t, dir: dir, git: g}
}

func (r *repo) write(files map[string]string) {
	r.t.Helper()
	for p, d := range files {
		full := filepath.Join(r.dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(d), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

func (r *repo) remove(p string) {
	r.t.Helper()
	if err := os.Remove(filepath.Join(r.dir, filepath.FromSlash(p))); err != nil {
		r.t.Fatal(err)
	}
}

// commit stages everything and commits it, returning the hash.
func (r *repo) commit(msg string) string {
	r.t.Helper()
	wt, err := r.git.Worktree()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		r.t.Fatal(err)
	}
	r.n++
	when := time.Date(2026, 1, r.n, 12, 0, 0, 0, time.UTC)
	h, err := wt.Commit(msg, &git.CommitOptions{Author: &object.Signature{Name: "Ann", Email: "ann@example.com", When: when}, AllowEmptyCommits: true})
	if err != nil {
		r.t.Fatal(err)
	}
	return h.String()
}

func itemFile(title string, themes string) string {
	return fmt.Sprintf("---\ntitle: %s\ndate: 2026-01-02\nsource: support\ntype: bug\nthemes: [%s]\n---\nWords.\n", title, themes)
}

const themeFile = "---\ntitle: Export\nstatus: planned\n---\n"

func paths(res *generator.CheckResult) []string {
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, d.Path+" ["+d.Rule+"]")
	}
	return out
}

func TestCheckChangedSince(t *testing.T) {
	r := newRepo(t)
	r.write(map[string]string{
		"themes/export.md":   themeFile,
		"themes/old.md":      "---\ntitle: Old\nstatus: exploring\n---\n",
		"feedback/a.md":      itemFile("A", "export"),
		"feedback/b.md":      itemFile("B", "old"),
		"feedback/broken.md": "---\ntitle: Broken long ago\n---\n", // an old problem, not this change's
	})
	base := r.commit("start")

	// The change: a new bad item, a modified item, a renamed item, and a
	// deleted theme that an unchanged item still names.
	r.write(map[string]string{
		"feedback/new.md": itemFile("New", "nope"),
		"feedback/a.md":   itemFile("A edited", "export") + "Call 555-0142 now.\n",
	})
	r.remove("themes/old.md")
	if err := os.Rename(filepath.Join(r.dir, "feedback/b.md"), filepath.Join(r.dir, "feedback/b2.md")); err != nil {
		t.Fatal(err)
	}
	r.write(map[string]string{"feedback/c.md": itemFile("C", "old")})
	r.commit("unrelated, committed")
	r.write(map[string]string{"feedback/c.md": itemFile("C", "export")}) // fixed again in the working tree

	res, err := generator.Check(r.dir, generator.CheckOptions{ChangedSince: base})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"feedback/a.md [personal-data]",
		"feedback/b2.md [unknown-theme]", // renamed, and naming the deleted theme
		"feedback/new.md [unknown-theme]",
	}
	if g := paths(res); !slices.Equal(g, want) {
		t.Errorf("--changed-since reported %q, want %q", g, want)
	}

	// Without it, the old problem is reported too.
	all, err := generator.Check(r.dir, generator.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if g := paths(all); !slices.Contains(g, "feedback/broken.md [required]") {
		t.Errorf("a full check misses the old problem: %q", g)
	}
}

func TestCheckChangedSinceReportsAnUnchangedItemNamingADeletedTheme(t *testing.T) {
	r := newRepo(t)
	r.write(map[string]string{"themes/old.md": themeFile, "feedback/a.md": itemFile("A", "old")})
	base := r.commit("start")
	r.remove("themes/old.md")
	res, err := generator.Check(r.dir, generator.CheckOptions{ChangedSince: base})
	if err != nil {
		t.Fatal(err)
	}
	if g := paths(res); !slices.Equal(g, []string{"feedback/a.md [unknown-theme]"}) {
		t.Errorf("got %q", g)
	}
}

func TestCheckRefReadsACommitWithoutCheckout(t *testing.T) {
	r := newRepo(t)
	r.write(map[string]string{"themes/export.md": themeFile, "feedback/a.md": itemFile("Old title", "export")})
	old := r.commit("old")
	r.write(map[string]string{"feedback/a.md": itemFile("New title", "export"), "feedback/b.md": itemFile("B", "missing")})
	r.commit("new")
	r.write(map[string]string{"feedback/c.md": "not committed, and broken"})

	res, err := generator.Check(r.dir, generator.CheckOptions{Ref: old})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Set.Items) != 1 || res.Set.Items[0].Title != "Old title" || len(res.Diagnostics) != 0 {
		t.Errorf("--ref %s: items %v, diagnostics %v", old, res.Set.Items, res.Diagnostics)
	}
	head, err := generator.Check(r.dir, generator.CheckOptions{Ref: "HEAD"})
	if err != nil {
		t.Fatal(err)
	}
	if g := paths(head); !slices.Equal(g, []string{"feedback/b.md [unknown-theme]"}) {
		t.Errorf("--ref HEAD: %q", g)
	}
	// The working tree is untouched.
	if data, _ := os.ReadFile(filepath.Join(r.dir, "feedback/a.md")); string(data) != itemFile("New title", "export") {
		t.Errorf("the working tree changed: %s", data)
	}
	if _, err := generator.Check(r.dir, generator.CheckOptions{Ref: "no-such-branch"}); err == nil {
		t.Error("want an error for an unknown revision")
	}
	if _, err := generator.Check(t.TempDir(), generator.CheckOptions{Ref: "HEAD"}); err == nil {
		t.Error("want an error outside a git repository")
	}
}

func TestCheckInASubfolderOfARepository(t *testing.T) {
	r := newRepo(t)
	r.write(map[string]string{"docs/feedback/themes/export.md": themeFile, "docs/feedback/feedback/a.md": itemFile("A", "export")})
	base := r.commit("start")
	r.write(map[string]string{"docs/feedback/feedback/b.md": itemFile("B", "nope")})
	res, err := generator.Check(filepath.Join(r.dir, "docs", "feedback"), generator.CheckOptions{ChangedSince: base})
	if err != nil {
		t.Fatal(err)
	}
	if g := paths(res); !slices.Equal(g, []string{"feedback/b.md [unknown-theme]"}) {
		t.Errorf("got %q", g)
	}
}
