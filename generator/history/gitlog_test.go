package history

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/internal/testrepo"
)

// TestWalkAgreesWithGitLog walks a history made by the git program, with
// branches merged (some with conflicts resolved, some with -s ours), files
// renamed with and without edits, and deleted, and compares each file's
// creation, last update and authors with what `git log` says of it
// (see gitLogFile): git's own history simplification, which follows only the parent a
// merge took a file from, is the reference for the merge rule.
func TestWalkAgreesWithGitLog(t *testing.T) {
	if testing.Short() {
		t.Skip("makes a repository of 150 commits with the git program")
	}
	for _, seed := range []uint64{1, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := testrepo.New(t)
			generateGitHistory(r, rand.New(rand.NewPCG(seed, 17)), 150)
			repo, err := Open(r.Dir)
			if err != nil {
				t.Fatal(err)
			}
			defer Close(repo)
			h, err := Walk(repo, "", tracked)
			if err != nil {
				t.Fatal(err)
			}
			files := strings.Fields(r.Run("ls-tree", "-r", "--name-only", "HEAD", "--", "feedback", "themes"))
			if len(files) != len(h.Files) || len(files) < 5 {
				t.Fatalf("walked %d files, git has %d", len(h.Files), len(files))
			}
			editedRenames := 0
			defer func() {
				if editedRenames == 0 {
					t.Error("no file renamed with edits in the history")
				}
			}()
			for _, p := range files {
				got := h.Files[p]
				if got == nil {
					t.Errorf("%s: not walked", p)
					continue
				}
				want := gitLogFile(r, p)
				if want.editedRename {
					editedRenames++
				}
				authors := slices.Sorted(slices.Values(got.Authors))
				if got.CreatedCommit != want.created || got.UpdatedCommit != want.updated ||
					!got.Updated.Equal(want.updatedAt) || !slices.Equal(authors, want.authors) {
					t.Errorf("%s: created %.7s, updated %.7s at %s, by %v\ngit log: created %.7s, updated %.7s at %s, by %v",
						p, got.CreatedCommit, got.UpdatedCommit, got.Updated, authors,
						want.created, want.updated, want.updatedAt, want.authors)
					t.Log(r.Run("log", "--graph", "--format=%h %an %ad %s", "--date=format:%d %H", "--name-status", "--", p))
				}
			}
		})
	}
}

// gitFile is what git log says of a file.
type gitFile struct {
	created, updated string
	updatedAt        time.Time
	authors          []string // sorted
	editedRename     bool     // it was renamed with edits
}

// gitLogFile reads the history of file p from `git log -- p`, with git's
// default history simplification: a merge whose file equals a parent's is
// left out and only that parent followed; a merge with content of its own
// is listed (without a diff) and all parents followed. The commits listed
// back to the file's creation (A) changed its content; where the creation
// is a rename (git diff-tree -M), the old path's log goes on from the
// commit before, and a rename without edits (R100) changed nothing.
// `git log --follow` is no reference: it turns the simplification off.
func gitLogFile(r *testrepo.Repo, p string) gitFile {
	type change struct {
		commit, author string
		at             time.Time
	}
	var changes []change
	var f gitFile
	rev := "HEAD"
	for rev != "" {
		out := r.Run("log", "--topo-order", "--name-status", "--format=@%H %at %P%x00%an", rev, "--", p)
		var cur change
		var merge bool
		rev = ""
	lines:
		for _, line := range strings.Split(out, "\n") {
			if rest, ok := strings.CutPrefix(line, "@"); ok {
				head, author, _ := strings.Cut(rest, "\x00")
				fields := strings.Fields(head)
				var secs int64
				fmt.Sscan(fields[1], &secs)
				cur = change{fields[0], author, time.Unix(secs, 0).UTC()}
				if merge = len(fields) > 3; merge {
					changes = append(changes, cur)
				}
				continue
			}
			status, _, ok := strings.Cut(line, "\t")
			if !ok || merge {
				continue
			}
			switch status {
			case "D":
				break lines // an earlier life of the path
			case "A":
				f.created = cur.commit
				changes = append(changes, cur)
				// A rename's target looks added to a log of one path.
				renames, _ := r.Try("diff-tree", "-M", "-r", "--name-status", cur.commit+"^", cur.commit) // none for a root commit
				for _, l := range strings.Split(renames, "\n") {
					if fields := strings.Split(l, "\t"); len(fields) == 3 && strings.HasPrefix(fields[0], "R") && fields[2] == p {
						if fields[0] == "R100" {
							changes = changes[:len(changes)-1]
						} else {
							f.editedRename = true
						}
						rev, p = cur.commit+"^", fields[1]
					}
				}
				break lines
			default:
				changes = append(changes, cur)
			}
		}
	}
	seen := map[string]bool{}
	for _, c := range changes {
		if f.updated == "" || c.at.After(f.updatedAt) {
			f.updated, f.updatedAt = c.commit, c.at
		}
		if !seen[c.author] {
			seen[c.author] = true
			f.authors = append(f.authors, c.author)
		}
	}
	slices.Sort(f.authors)
	return f
}

// generateGitHistory makes n steps of history in r: items and themes added,
// edited, renamed (with edits or not) and deleted on main, a branch at a
// time changing them too and merged back, with conflicts resolved by one
// side's content or a content of the merge's own, or merged with -s ours.
// Renames happen while no branch is open, so that git log --follow, which
// follows one path at a time, sees them on every line of history.
func generateGitHistory(r *testrepo.Repo, rng *rand.Rand, n int) {
	authors := []string{"Alice", "Bob", "Carol", "Dave"}
	statuses := []string{"new", "planned", "in-progress", "shipped"}
	words := strings.Fields("export import invoice report login password team billing mobile slow fails times out shows wrong every page sync calendar")
	line := func() string {
		var b strings.Builder
		for range 8 {
			b.WriteString(words[rng.IntN(len(words))] + " ")
		}
		return strings.TrimSpace(b.String()) + ".\n"
	}
	content := func(status string, body []string) string {
		return "---\ntitle: Feedback\nstatus: " + status + "\n---\n" + strings.Join(body, "")
	}
	type file struct {
		status string
		body   []string
	}
	files := map[string]*file{} // as on the branch checked out
	paths := func() []string {
		var out []string
		for p := range files {
			out = append(out, p)
		}
		slices.Sort(out)
		return out
	}
	write := func(p string) map[string]string {
		f := files[p]
		return map[string]string{p: content(f.status, f.body)}
	}
	branch := false
	var edited []string // on the branch
	merges := map[string]int{}
	defer func() {
		if merges["ours"] == 0 || merges["conflict"] == 0 || merges["clean"] == 0 {
			r.T.Fatalf("merges %v: the history lacks a kind", merges)
		}
	}()
	for i := range n {
		author := authors[rng.IntN(len(authors))]
		all := paths()
		if rng.IntN(8) == 0 {
			// Authored earlier than the commit before: a commit replayed
			// by a rebase keeps its author time.
			r.Now = r.Now.Add(-5 * time.Hour)
		}
		switch op := rng.IntN(12); {
		case op == 0 && !branch && len(all) > 0:
			r.Run("checkout", "--quiet", "-b", "topic")
			branch = true
			continue
		case op == 1 && branch:
			r.Run("checkout", "--quiet", "main")
			if len(edited) > 0 && rng.IntN(3) > 0 {
				// The same file changed on main meanwhile: a conflict.
				r.Commit(author, "edit on main", map[string]string{edited[0]: content("declined", []string{line(), line(), line()})})
				author = authors[rng.IntN(len(authors))]
			}
			edited = nil
			how := (merges["ours"] + merges["conflict"] + merges["clean"]) % 4
			args := []string{"merge", "--quiet", "--no-ff", "--no-edit", "topic"}
			if how == 0 {
				args = []string{"merge", "--quiet", "--no-edit", "-s", "ours", "topic"}
			}
			if _, err := r.Try(args...); err != nil {
				merges["conflict"]++
				// Conflicts: one side's content, or the merge's own.
				for _, p := range strings.Fields(r.Run("diff", "--name-only", "--diff-filter=U")) {
					side := []string{"", "--ours", "--theirs", ""}[how]
					if _, err := r.Try("checkout", side, "--", p); side == "" || err != nil {
						// A side that deleted the file has no version.
						r.Write(map[string]string{p: content("planned", []string{"Resolved by the merge.\n", line(), line(), line()})})
					}
				}
				r.Run("add", "--all")
				r.RunAs(author, "commit", "--quiet", "--no-edit")
			} else {
				merges[map[bool]string{true: "ours", false: "clean"}[how == 0]]++
				r.Now = r.Now.Add(time.Hour)
			}
			r.Run("branch", "--quiet", "-D", "topic")
			branch = false
			files = map[string]*file{}
			for _, p := range strings.Fields(r.Run("ls-tree", "-r", "--name-only", "HEAD", "--", "feedback", "themes")) {
				files[p] = &file{status: "planned", body: []string{r.Run("show", "HEAD:"+p)}}
			}
			continue
		}
		switch op := rng.IntN(10); {
		case op < 4 || len(all) < 4:
			p := fmt.Sprintf("feedback/item-%d.md", i)
			if rng.IntN(4) == 0 {
				p = fmt.Sprintf("themes/theme-%d.md", i)
			}
			files[p] = &file{status: statuses[rng.IntN(len(statuses))], body: []string{line(), line(), line(), line(), line()}}
			r.Commit(author, "add", write(p))
		case op < 7:
			p := all[rng.IntN(min(len(all), 6))] // a few files often: conflicts
			if branch {
				edited = append(edited, p)
			}
			f := files[p]
			if rng.IntN(2) == 0 {
				f.status = statuses[rng.IntN(len(statuses))]
			} else {
				f.body = append(f.body, line())
			}
			r.Commit(author, "edit", write(p))
		case op < 9 && !branch:
			p := all[rng.IntN(len(all))]
			dst := fmt.Sprintf("%s/moved-%d.md", strings.Split(p, "/")[0], i)
			r.Run("mv", p, dst)
			files[dst] = files[p]
			delete(files, p)
			var set map[string]string
			if rng.IntN(2) == 0 {
				files[dst].body = append(files[dst].body, line())
				set = write(dst)
			}
			r.Commit(author, "move", set)
		case op == 9 && rng.IntN(2) == 0:
			p := all[rng.IntN(len(all))]
			delete(files, p)
			r.Commit(author, "delete", map[string]string{p: testrepo.Gone})
		default:
			r.Commit(author, "readme", map[string]string{"README.md": line()})
		}
	}
	if branch {
		r.Run("checkout", "--quiet", "main")
		r.RunAs("Alice", "merge", "--quiet", "--no-ff", "--no-edit", "-X", "theirs", "topic")
	}
}
