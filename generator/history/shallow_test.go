package history

import (
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// A shallow clone on disk is what `git clone --depth N` leaves: the objects of
// the last N commits only, and a .git/shallow file listing the commits whose
// parents were cut. The tests write exactly that with go-git, offline.
func TestWalkShallow(t *testing.T) {
	full := newTestRepo(t)
	full.build([]step{
		{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"themes/t.md": item("exploring", "T")}},
		{name: "c2", date: "01-06", author: "Bob", set: map[string]string{"themes/t.md": item("planned", "T")}},
		{name: "f1", parents: []string{"c2"}, date: "01-07", author: "Dave", set: map[string]string{"themes/t.md": item("in-progress", "T")}},
		{name: "c3", parents: []string{"c2"}, date: "01-08", author: "Carol", set: map[string]string{"feedback/a.md": item("new", "A")}},
		{name: "m", parents: []string{"c3", "f1"}, date: "01-09", author: "Erin", set: map[string]string{"themes/t.md": item("in-progress", "T")}},
		{name: "c4", parents: []string{"m"}, date: "01-10", author: "Bob", set: map[string]string{"themes/t.md": item("shipped", "T")}},
	})
	tests := []struct {
		name    string
		copy    []string // commits whose objects the clone has
		shallow []string // the shallow file
		commits int
		want    string
	}{{
		name:    "depth 1: everything looks created by the only commit",
		copy:    []string{"c4"},
		shallow: []string{"c4"},
		commits: 1,
		want: `feedback/a.md created 01-10 c4 updated 01-10 c4 by Bob
  new 01-10 c4 Bob
themes/t.md created 01-10 c4 updated 01-10 c4 by Bob
  shipped 01-10 c4 Bob
`,
	}, {
		name:    "depth 3 through a merge: both cut parents are boundaries, and the merge took the branch's theme",
		copy:    []string{"c4", "m", "c3", "f1"},
		shallow: []string{"c3", "f1"},
		commits: 4,
		want: `feedback/a.md created 01-08 c3 updated 01-08 c3 by Carol
  new 01-08 c3 Carol
themes/t.md created 01-07 f1 updated 01-10 c4 by Dave,Bob
  in-progress 01-07 f1 Dave
  shipped 01-10 c4 Bob
`,
	}, {
		name:    "parents missing without a shallow file are cut too",
		copy:    []string{"c4", "m"},
		commits: 2,
		want: `feedback/a.md created 01-09 m updated 01-09 m by Erin
  new 01-09 m Erin
themes/t.md created 01-09 m updated 01-10 c4 by Erin,Bob
  in-progress 01-09 m Erin
  shipped 01-10 c4 Bob
`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			clone, err := git.PlainInit(dir, false)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range tt.copy {
				copyObjects(t, full.repo.Storer, clone.Storer, full.hashes[name])
			}
			var cut []plumbing.Hash
			for _, name := range tt.shallow {
				cut = append(cut, full.hashes[name])
			}
			if len(cut) > 0 {
				if err := clone.Storer.SetShallow(cut); err != nil {
					t.Fatal(err)
				}
			}
			if err := clone.Storer.SetReference(plumbing.NewHashReference("refs/heads/main", full.hashes["c4"])); err != nil {
				t.Fatal(err)
			}
			repo, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer Close(repo)
			h, err := Walk(repo, "main", tracked)
			if err != nil {
				t.Fatal(err)
			}
			if !h.Shallow || h.Commits != tt.commits {
				t.Errorf("Shallow, Commits = %v, %d; want true, %d", h.Shallow, h.Commits, tt.commits)
			}
			if got := full.render(h); got != tt.want {
				t.Errorf("history:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// A shallow file that lists a commit whose parents are present (as after
// `git fetch --deepen` was interrupted) still cuts history there.
func TestWalkShallowFileCutsHistory(t *testing.T) {
	r := newTestRepo(t)
	r.build([]step{
		{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"themes/t.md": item("exploring", "T")}},
		{name: "c2", date: "01-06", author: "Bob", set: map[string]string{"themes/t.md": item("planned", "T")}},
		{name: "c3", date: "01-07", author: "Carol", set: map[string]string{"feedback/a.md": item("new", "A")}},
	})
	if err := r.repo.Storer.SetShallow([]plumbing.Hash{r.hashes["c2"]}); err != nil {
		t.Fatal(err)
	}
	h, err := Walk(r.repo, "", tracked)
	if err != nil {
		t.Fatal(err)
	}
	if !h.Shallow || h.Commits != 2 || h.Files["themes/t.md"].CreatedCommit != r.hashes["c2"].String() {
		t.Errorf("Shallow, Commits, created = %v, %d, %s; want true, 2, c2",
			h.Shallow, h.Commits, r.names[h.Files["themes/t.md"].CreatedCommit])
	}
}
