package history

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/heedhq/heed/generator/internal/testrepo"
)

// TestWalkMergesFirstParentFiles checks that comparing a merge with its
// later parents over only the files that differ from its first parent
// gives the history that comparing it with every parent over all files
// gives, and that it compares far fewer files where pull requests stay open
// for many merges. The histories have pull requests, merges that add files
// of their own (compared whole with the later parent: such a file may be a
// rename from it), conflicts resolved, merges that keep one side, and files
// renamed with and without edits on either side.
func TestWalkMergesFirstParentFiles(t *testing.T) {
	type history struct {
		name string
		make func(t *testing.T) string // returns the repository's folder
		// most is the files found different from later parents at most;
		// whole, whether some later parent must still be compared whole.
		most  int64
		whole bool
	}
	histories := []history{
		{"pull requests open for up to 30 merges", func(t *testing.T) string {
			r := newTestRepo(t)
			r.build(pullRequestHistory(rand.New(rand.NewPCG(8, 9)), 60, 30))
			return r.dir
		}, 60, false},
		{"branches and merges with files of their own", func(t *testing.T) string {
			r := newTestRepo(t)
			r.build(randomHistory(rand.New(rand.NewPCG(5, 6)), 300))
			return r.dir
		}, 1 << 40, true},
	}
	if !testing.Short() {
		histories = append(histories, history{"made by git, with conflicts and renames", func(t *testing.T) string {
			r := testrepo.New(t)
			generateGitHistory(r, rand.New(rand.NewPCG(3, 17)), 150)
			return r.Dir
		}, 1 << 40, false}, history{"made by git, renamed on one side and edited on the other", func(t *testing.T) string {
			r := testrepo.New(t)
			renamedAcrossMerges(r)
			return r.Dir
		}, 1 << 40, true})
	}
	for _, tt := range histories {
		t.Run(tt.name, func(t *testing.T) {
			repo, err := Open(tt.make(t))
			if err != nil {
				t.Fatal(err)
			}
			defer Close(repo)
			count := func(h how) *laterCount {
				head, err := resolve(repo, "")
				if err != nil {
					t.Fatal(err)
				}
				h.later = &laterCount{}
				if _, err := walk(repo, head, Options{Prefixes: []string{"feedback/", "themes/"}, Status: readStatus}, h); err != nil {
					t.Fatal(err)
				}
				return h.later
			}
			now, before := count(how{packs: true}), count(how{packs: true, wholeMerges: true})
			t.Logf("files different from later parents: %d (%d parents compared whole); comparing every parent whole: %d",
				now.files.Load(), now.whole.Load(), before.files.Load())
			if before.whole.Load() == 0 {
				t.Fatal("no merge in the history")
			}
			if n := now.files.Load(); n > tt.most || n > before.files.Load() {
				t.Errorf("%d files compared with later parents, want at most %d and no more than comparing whole (%d)", n, tt.most, before.files.Load())
			}
			if got := now.whole.Load() > 0; got != tt.whole {
				t.Errorf("some later parent compared whole: %v, want %v", got, tt.whole)
			}
			compareHows(t, repo, how{packs: true, wholeMerges: true}, []how{
				{packs: true},
				{packs: true, separate: true, comparers: 3, chunk: 7},
				{packs: true, layers: 2},
			})
			// Every file of the tree, and one folder: files are looked up
			// in the later parents by their path under the prefix.
			for _, prefixes := range [][]string{nil, {"feedback"}} {
				head, err := resolve(repo, "")
				if err != nil {
					t.Fatal(err)
				}
				opts := Options{Prefixes: prefixes, Status: readStatus}
				want, err := walk(repo, head, opts, how{packs: true, wholeMerges: true})
				if err != nil {
					t.Fatal(err)
				}
				got, err := walk(repo, head, opts, how{packs: true})
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("prefixes %q: the history differs from comparing every parent whole", prefixes)
				}
			}
		})
	}
}

// renamedAcrossMerges makes merges whose files the later parent has under
// another name (renamed on main, edited on the branch, and the other way
// round), so that the merge is compared with that parent whole, and a file
// both sides added, resolved with content of the merge's own.
func renamedAcrossMerges(r *testrepo.Repo) {
	body := func(status, last string) string {
		s := "---\ntitle: Feedback\nstatus: " + status + "\n---\n"
		for i := range 12 {
			s += fmt.Sprintf("Line %d of what the customer said.\n", i)
		}
		return s + last
	}
	r.Commit("Alice", "add", map[string]string{
		"feedback/a.md": body("new", ""), "feedback/b.md": body("new", "B.\n"), "feedback/c.md": body("new", "C.\n"),
	})
	// main renames a; the branch edits it and adds d, which main adds too.
	r.Run("checkout", "--quiet", "-b", "topic")
	r.Commit("Bob", "edit a, add d", map[string]string{"feedback/a.md": body("new", "Bob's line.\n"), "feedback/d.md": body("new", "Bob's d.\n")})
	r.Run("checkout", "--quiet", "main")
	r.Run("mv", "feedback/a.md", "feedback/moved-a.md")
	r.Commit("Carol", "move a", nil)
	r.Commit("Carol", "plan b, add d", map[string]string{"feedback/b.md": body("planned", "B.\n"), "feedback/d.md": body("planned", "Carol's d.\n")})
	if _, err := r.Try("merge", "--quiet", "--no-ff", "--no-edit", "topic"); err == nil {
		r.T.Fatal("both sides added feedback/d.md: want a conflict")
	}
	r.Write(map[string]string{"feedback/d.md": body("shipped", "Resolved.\n")})
	r.Run("add", "--all")
	r.RunAs("Dave", "commit", "--quiet", "--no-edit")
	// The branch renames c with an edit, main changes c's status.
	r.Run("checkout", "--quiet", "-B", "topic")
	r.Run("mv", "feedback/c.md", "feedback/moved-c.md")
	r.Commit("Bob", "move c", map[string]string{"feedback/moved-c.md": body("new", "C.\nBob's line.\n")})
	r.Run("checkout", "--quiet", "main")
	r.Commit("Carol", "ship c", map[string]string{"feedback/c.md": body("shipped", "C.\n")})
	r.RunAs("Dave", "merge", "--quiet", "--no-ff", "--no-edit", "topic")
	if got := r.Run("show", "HEAD:feedback/moved-c.md"); got != body("shipped", "C.\nBob's line.\n") {
		r.T.Fatalf("the merge's moved-c.md is\n%s", got)
	}
}
