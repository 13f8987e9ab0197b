package history

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/internal/testrepo"
)

// The tests in this file make repositories with the git program, as users
// have them: clones that share objects or lack blobs, merges that keep one
// side, renames with edits. They are skipped where git is not installed.

// gitHistory is a repository made by git, with names for its commits.
type gitHistory struct {
	*testrepo.Repo
	names map[string]string // full hash -> name
}

func newGitHistory(t *testing.T) *gitHistory {
	return &gitHistory{Repo: testrepo.New(t), names: map[string]string{}}
}

// commit commits files as author and names the commit.
func (g *gitHistory) commit(name, author string, files map[string]string) string {
	g.T.Helper()
	h := g.Commit(author, name, files)
	g.names[h] = name
	return h
}

// name names the commit HEAD is at.
func (g *gitHistory) name(name string) {
	g.names[g.Head()] = name
}

// walk opens the repository at dir and walks its HEAD.
func (g *gitHistory) walk(dir string) *History {
	g.T.Helper()
	repo, err := Open(dir)
	if err != nil {
		g.T.Fatal(err)
	}
	defer Close(repo)
	h, err := Walk(repo, "", tracked)
	if err != nil {
		g.T.Fatal(err)
	}
	return h
}

// render prints a history as testRepo.render does, commits by name.
func (g *gitHistory) render(h *History) string {
	var b strings.Builder
	for _, p := range slices.Sorted(maps.Keys(h.Files)) {
		f := h.Files[p]
		fmt.Fprintf(&b, "%s created %s %s updated %s %s by %s\n", p,
			f.Created.Format("01-02 15h"), g.names[f.CreatedCommit],
			f.Updated.Format("01-02 15h"), g.names[f.UpdatedCommit],
			strings.Join(f.Authors, ","))
		for _, c := range f.Statuses {
			status := c.Status
			if status == "" {
				status = `""`
			}
			fmt.Fprintf(&b, "  %s %s %s %s\n", status, c.Date.Format("01-02 15h"), g.names[c.Commit], c.Author)
		}
	}
	for _, p := range h.Problems {
		fmt.Fprintf(&b, "problem: %v\n", p)
	}
	return b.String()
}

// sample makes a history of a theme and two items with a branch merged.
func (g *gitHistory) sample() {
	g.commit("c1", "Alice", map[string]string{"themes/t.md": item("exploring", body), "feedback/a.md": item("new", "A")})
	g.Run("checkout", "--quiet", "-b", "feature")
	g.commit("f1", "Dave", map[string]string{"themes/t.md": item("planned", body)})
	g.Run("checkout", "--quiet", "main")
	g.commit("c2", "Bob", map[string]string{"feedback/b.md": item("new", "B")})
	g.RunAs("Erin", "merge", "--quiet", "--no-edit", "feature")
	g.name("m")
	g.commit("c3", "Carol", map[string]string{"themes/t.md": item("shipped", body)})
}

const sampleHistory = `feedback/a.md created 01-05 09h c1 updated 01-05 09h c1 by Alice
  new 01-05 09h c1 Alice
feedback/b.md created 01-05 11h c2 updated 01-05 11h c2 by Bob
  new 01-05 11h c2 Bob
themes/t.md created 01-05 09h c1 updated 01-05 13h c3 by Alice,Dave,Carol
  exploring 01-05 09h c1 Alice
  planned 01-05 10h f1 Dave
  shipped 01-05 13h c3 Carol
`

// A clone made with --shared (or --reference) reads its objects from the
// original's object folder, named in objects/info/alternates: its history is
// the original's.
func TestWalkSharedClone(t *testing.T) {
	g := newGitHistory(t)
	g.sample()
	g.Run("gc", "--quiet")
	if got := g.render(g.walk(g.Dir)); got != sampleHistory {
		t.Fatalf("original:\n%s\nwant:\n%s", got, sampleHistory)
	}
	for _, how := range []string{"--shared", "--reference"} {
		t.Run(how, func(t *testing.T) {
			clone := t.TempDir()
			args := []string{"clone", "--quiet", how, g.Dir, clone}
			if how == "--reference" {
				args = []string{"clone", "--quiet", "--reference", g.Dir, "file://" + g.Dir, clone}
			}
			g.Run(args...)
			if got := g.render(g.walk(clone)); got != sampleHistory {
				t.Errorf("clone:\n%s\nwant:\n%s", got, sampleHistory)
			}
		})
	}
}
