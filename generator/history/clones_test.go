package history

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

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

// render prints a history (see renderHistory), commits by name, dates to
// the hour.
func (g *gitHistory) render(h *History) string {
	return renderHistory(h, g.names, "01-02 15h")
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

// A partial clone (git clone --filter=blob:none, as actions/checkout does
// with filter) has every commit and tree but only the file contents of the
// commit checked out: created, updated and authors are the original's,
// statuses are read where their contents are there, and a Problem says how
// many versions were not.
func TestWalkPartialClone(t *testing.T) {
	g := newGitHistory(t)
	g.sample()
	g.Run("config", "uploadpack.allowFilter", "true")
	clone := t.TempDir()
	g.Run("clone", "--quiet", "--no-local", "--filter=blob:none", "file://"+g.Dir, clone)
	h := g.walk(clone)
	want := `feedback/a.md created 01-05 09h c1 updated 01-05 09h c1 by Alice
  new 01-05 09h c1 Alice
feedback/b.md created 01-05 11h c2 updated 01-05 11h c2 by Bob
  new 01-05 11h c2 Bob
themes/t.md created 01-05 09h c1 updated 01-05 13h c3 by Alice,Dave,Carol
  shipped 01-05 13h c3 Carol
`
	if got := g.render(&History{Files: h.Files}); got != want {
		t.Errorf("clone:\n%s\nwant:\n%s", got, want)
	}
	if len(h.Problems) != 1 || h.Problems[0].Versions != 2 || !h.Problems[0].PartialClone ||
		!errors.Is(h.Problems[0].Err, ErrMissingObjects) || !errors.Is(h.Problems[0].Err, plumbing.ErrObjectNotFound) {
		t.Fatalf("Problems = %+v, want the 2 old versions of themes/t.md missing from a partial clone", h.Problems)
	}
	if msg := h.Problems[0].String(); !strings.Contains(msg, "2 versions") || !strings.Contains(msg, "themes/t.md") || !strings.Contains(msg, "git fetch --refetch") {
		t.Errorf("message %q does not say how many versions, which file, or what to do", msg)
	}
	if full := g.walk(g.Dir); len(full.Problems) != 0 {
		t.Errorf("the original has problems: %v", full.Problems)
	}
}

// An alternate object folder that is gone (the original of a --shared
// clone was deleted) is an error naming it: the clone's own objects are
// not its history.
func TestWalkAlternateGone(t *testing.T) {
	g := newGitHistory(t)
	g.sample()
	original := filepath.Join(t.TempDir(), "original")
	g.Run("clone", "--quiet", "--bare", g.Dir, original)
	clone := t.TempDir()
	g.Run("clone", "--quiet", "--shared", original, clone)
	if err := os.RemoveAll(original); err != nil {
		t.Fatal(err)
	}
	repo, err := Open(clone)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(repo)
	_, err = Walk(repo, "", tracked)
	if !errors.Is(err, ErrMissingObjects) || !strings.Contains(err.Error(), original) {
		t.Errorf("Walk = %v, want an error naming %s, wrapping ErrMissingObjects", err, original)
	}
}

// `git merge -s ours` records another history as merged while keeping the
// tree as it was: nothing of that history reaches a file. Here the other
// history is unrelated (an imported repository) and its theme, declined
// later by someone else, must not show.
func TestWalkMergeOurs(t *testing.T) {
	g := newGitHistory(t)
	g.sample()
	g.Run("checkout", "--quiet", "--orphan", "imported")
	g.Run("rm", "--quiet", "-r", "-f", ".")
	g.Now = g.Now.Add(24 * time.Hour)
	g.commit("i1", "Mallory", map[string]string{"themes/t.md": item("declined", body), "feedback/x.md": item("new", "X")})
	g.Run("checkout", "--quiet", "main")
	g.RunAs("Erin", "merge", "--quiet", "--no-edit", "-s", "ours", "--allow-unrelated-histories", "imported")
	g.name("ours")
	if got := g.render(g.walk(g.Dir)); got != sampleHistory {
		t.Errorf("history:\n%s\nwant:\n%s", got, sampleHistory)
	}
}

// A draft renamed to its final name and tidied in one commit, as the
// Ethereum EIPs repository does for every proposal, keeps its past.
func TestWalkRenameWithEdits(t *testing.T) {
	g := newGitHistory(t)
	g.commit("c1", "Alice", map[string]string{"themes/draft.md": item("exploring", body)})
	g.commit("c2", "Bob", map[string]string{"themes/draft.md": item("planned", body)})
	g.Run("mv", "themes/draft.md", "themes/export-times-out.md")
	g.commit("c3", "Carol", map[string]string{"themes/export-times-out.md": item("in-progress", body+"Tidied.\n")})
	want := `themes/export-times-out.md created 01-05 09h c1 updated 01-05 11h c3 by Alice,Bob,Carol
  exploring 01-05 09h c1 Alice
  planned 01-05 10h c2 Bob
  in-progress 01-05 11h c3 Carol
`
	if got := g.render(g.walk(g.Dir)); got != want {
		t.Errorf("history:\n%s\nwant:\n%s", got, want)
	}
}

// A commit replayed by a rebase keeps its author time, which can be older
// than the file's creation: updated is the newest date, never before
// created.
func TestWalkUpdatedIsNewest(t *testing.T) {
	g := newGitHistory(t)
	g.commit("c1", "Alice", map[string]string{"feedback/a.md": item("new", "A")})
	g.Now = g.Now.Add(-3 * time.Hour) // authored before c1, replayed after it
	g.commit("c2", "Bob", map[string]string{"feedback/a.md": item("new", "A, edited")})
	want := `feedback/a.md created 01-05 09h c1 updated 01-05 09h c1 by Alice,Bob
  new 01-05 09h c1 Alice
`
	if got := g.render(g.walk(g.Dir)); got != want {
		t.Errorf("history:\n%s\nwant:\n%s", got, want)
	}
}

// git still reads pack indexes of version 1, and a pack whose index is
// gone; go-git reads neither. Both are indexed from the pack.
func TestWalkOldOrMissingIndex(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(g *gitHistory, idx, pack string)
	}{
		{"version 1", func(g *gitHistory, idx, pack string) {
			if err := os.Remove(idx); err != nil {
				t.Fatal(err)
			}
			g.Run("index-pack", "--index-version=1", "-o", idx, pack)
		}},
		{"missing", func(g *gitHistory, idx, pack string) {
			if err := os.Remove(idx); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := newGitHistory(t)
			g.sample()
			g.Run("gc", "--quiet")
			packs, err := filepath.Glob(filepath.Join(g.GitDir(), "objects", "pack", "pack-*.pack"))
			if err != nil || len(packs) != 1 {
				t.Fatalf("packs %v, %v", packs, err)
			}
			tt.change(g, strings.TrimSuffix(packs[0], ".pack")+".idx", packs[0])
			if got := g.render(g.walk(g.Dir)); got != sampleHistory {
				t.Errorf("history:\n%s\nwant:\n%s", got, sampleHistory)
			}
		})
	}
}

// A damaged old version of a file is a Problem, not a failure: the rest of
// history is read. A damaged commit leaves no history to tell: an error.
func TestWalkDamagedPack(t *testing.T) {
	g := newGitHistory(t)
	g.sample()
	old := strings.TrimSpace(g.Run("rev-parse", "HEAD~1:themes/t.md")) // "planned", by f1
	c2 := strings.TrimSpace(g.Run("rev-parse", "HEAD~1^1"))
	for _, tt := range []struct {
		name, object string
		check        func(t *testing.T, h *History, err error)
	}{
		{"an old version of a theme", old, func(t *testing.T, h *History, err error) {
			if err != nil {
				t.Fatal(err)
			}
			if len(h.Problems) != 1 || !errors.Is(h.Problems[0].Err, ErrDamagedObjects) || h.Problems[0].Versions != 1 {
				t.Fatalf("Problems = %v, want one damaged version", h.Problems)
			}
			if f := h.Files["themes/t.md"]; f == nil || f.UpdatedCommit != g.Head() || len(f.Statuses) != 2 {
				t.Errorf("themes/t.md = %+v, want its history but the unread status", f)
			}
		}},
		{"a commit", c2, func(t *testing.T, h *History, err error) {
			if err == nil {
				t.Fatalf("Walk of a repository with a damaged commit gave %d files and no error", len(h.Files))
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			g.Run("clone", "--quiet", "--no-local", g.Dir, dir)
			clone := g.Open(dir)
			damage(t, clone, tt.object)
			repo, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer Close(repo)
			h, err := Walk(repo, "", tracked)
			tt.check(t, h, err)
		})
	}
}

// damage flips a byte inside the zlib stream of object h in the single
// pack of repository r.
func damage(t *testing.T, r *testrepo.Repo, h string) {
	t.Helper()
	packs, err := filepath.Glob(filepath.Join(r.GitDir(), "objects", "pack", "pack-*.idx"))
	if err != nil || len(packs) != 1 {
		t.Fatalf("packs %v, %v", packs, err)
	}
	// verify-pack -v lists: hash type size size-in-pack offset [depth base].
	var off, size int64 = -1, 0
	for _, line := range strings.Split(r.Run("verify-pack", "-v", packs[0]), "\n") {
		f := strings.Fields(line)
		if len(f) >= 5 && f[0] == h {
			size, _ = strconv.ParseInt(f[3], 10, 64)
			off, _ = strconv.ParseInt(f[4], 10, 64)
		}
	}
	if off < 0 {
		t.Fatalf("object %s not in the pack", h)
	}
	pack := strings.TrimSuffix(packs[0], ".idx") + ".pack"
	data, err := os.ReadFile(pack)
	if err != nil {
		t.Fatal(err)
	}
	data[off+size-3] ^= 0x55 // in the stream's end: its checksum fails
	if err := os.WriteFile(pack, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// go-git reads SHA-1 repositories only: a SHA-256 one is an error saying
// so, not "unknown revision".
func TestOpenSHA256(t *testing.T) {
	r := testrepo.New(t, "--object-format=sha256")
	r.Commit("Alice", "c1", map[string]string{"themes/t.md": item("planned", "T")})
	if _, err := Open(r.Dir); !errors.Is(err, ErrSHA256) {
		t.Errorf("Open = %v, want %v", err, ErrSHA256)
	}
}
