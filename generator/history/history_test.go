package history

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

var tracked = Options{Prefixes: []string{"feedback/", "themes"}, Status: readStatus}

// body is long enough for a file edited while moved to stay similar.
const body = "The export of a large project times out.\nIt happens every Monday.\nWe export to share with finance.\nA smaller export works.\n"

func TestWalk(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
		opts  *Options // nil: tracked
		want  string
	}{{
		name: "linear history: created, updated, authors and status changes",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{
				"feedback/a.md": item("new", "Export times out"), "themes/export.md": item("exploring", "Exports"),
				"README.md": "readme"}},
			{name: "c2", date: "01-10", author: "Bob", set: map[string]string{"feedback/a.md": item("acknowledged", "Export times out")}},
			{name: "c3", date: "01-12", author: "Carol", set: map[string]string{"feedback/a.md": item("acknowledged", "Export times out after 30 s")}},
		},
		want: `feedback/a.md created 01-05 c1 updated 01-12 c3 by Alice,Bob,Carol
  new 01-05 c1 Alice
  acknowledged 01-10 c2 Bob
themes/export.md created 01-05 c1 updated 01-05 c1 by Alice
  exploring 01-05 c1 Alice
`,
	}, {
		name: "files outside the prefixes (even in feedbackish/), commits touching only them, and symbolic links are ignored",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{
				"feedback/a.md": item("new", "A"), "feedback/link.md": "symlink:a.md",
				"docs/feedback/x.md": item("new", "X"), "feedbackish/y.md": item("new", "Y")}},
			{name: "c2", date: "01-06", author: "Bob", set: map[string]string{"README.md": "readme", "docs/feedback/x.md": item("planned", "X")}},
		},
		want: `feedback/a.md created 01-05 c1 updated 01-05 c1 by Alice
  new 01-05 c1 Alice
`,
	}, {
		name: "a file without status gets one; removing the status is a change to empty",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{
				"feedback/a.md": item("", "A"), "feedback/b.md": item("planned", "B")}},
			{name: "c2", date: "01-10", author: "Bob", set: map[string]string{
				"feedback/a.md": item("planned", "A"), "feedback/b.md": item("", "B")}},
		},
		want: `feedback/a.md created 01-05 c1 updated 01-10 c2 by Alice,Bob
  planned 01-10 c2 Bob
feedback/b.md created 01-05 c1 updated 01-10 c2 by Alice,Bob
  planned 01-05 c1 Alice
  "" 01-10 c2 Bob
`,
	}, {
		name: "a status set back to an earlier value is a change",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"themes/t.md": item("planned", "T")}},
			{name: "c2", date: "01-06", author: "Bob", set: map[string]string{"themes/t.md": item("shipped", "T")}},
			{name: "c3", date: "01-07", author: "Alice", set: map[string]string{"themes/t.md": item("planned", "T")}},
		},
		want: `themes/t.md created 01-05 c1 updated 01-07 c3 by Alice,Bob
  planned 01-05 c1 Alice
  shipped 01-06 c2 Bob
  planned 01-07 c3 Alice
`,
	}, {
		name: "a moved file keeps its creation and timeline; the move itself is no update",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"feedback/a.md": item("new", body)}},
			{name: "c2", date: "01-10", author: "Bob", set: map[string]string{"feedback/a.md": item("acknowledged", body)}},
			{name: "c3", date: "01-15", author: "Carol", mv: map[string]string{"feedback/2026/a.md": "feedback/a.md"}},
		},
		want: `feedback/2026/a.md created 01-05 c1 updated 01-10 c2 by Alice,Bob
  new 01-05 c1 Alice
  acknowledged 01-10 c2 Bob
`,
	}, {
		name: "a file moved and edited in one commit is followed by similarity",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{
				"feedback/a.md": item("new", body), "feedback/b.md": item("new", "Unrelated: the invoice shows the wrong currency.")}},
			{name: "c2", date: "01-15", author: "Carol", mv: map[string]string{"feedback/2026/a.md": "feedback/a.md"},
				set: map[string]string{"feedback/2026/a.md": item("shipped", body), "feedback/b.md": gone,
					"feedback/c.md": item("new", "Something else entirely: the mobile app logs me out every hour.")}},
		},
		want: `feedback/2026/a.md created 01-05 c1 updated 01-15 c2 by Alice,Carol
  new 01-05 c1 Alice
  shipped 01-15 c2 Carol
feedback/c.md created 01-15 c2 updated 01-15 c2 by Carol
  new 01-15 c2 Carol
`,
	}, {
		name: "a file renamed and edited in one commit is followed by similarity, whatever its new name",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"feedback/draft-export.md": item("new", body)}},
			{name: "c2", date: "01-10", author: "Bob", set: map[string]string{"feedback/draft-export.md": item("acknowledged", body)}},
			{name: "c3", date: "01-15", author: "Carol", mv: map[string]string{"feedback/2026-01-05-export-times-out.md": "feedback/draft-export.md"},
				set: map[string]string{"feedback/2026-01-05-export-times-out.md": item("planned", body+"Seen again on Friday.\n")}},
		},
		want: `feedback/2026-01-05-export-times-out.md created 01-05 c1 updated 01-15 c3 by Alice,Bob,Carol
  new 01-05 c1 Alice
  acknowledged 01-10 c2 Bob
  planned 01-15 c3 Carol
`,
	}, {
		name: "a deleted file is absent; a file added again at its path starts anew",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{
				"feedback/a.md": item("new", "A"), "feedback/b.md": item("new", "B")}},
			{name: "c2", date: "01-06", author: "Bob", set: map[string]string{"feedback/a.md": gone, "feedback/b.md": gone}},
			{name: "c3", date: "01-07", author: "Carol", set: map[string]string{"feedback/b.md": item("planned", "B, again")}},
		},
		want: `feedback/b.md created 01-07 c3 updated 01-07 c3 by Carol
  planned 01-07 c3 Carol
`,
	}, {
		name: "merge: status changes made on a branch keep their own commits, dates and authors",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{
				"themes/export.md": item("exploring", "E"), "feedback/a.md": item("new", "A")}},
			{name: "f1", parents: []string{"c1"}, date: "01-06", author: "Dave", set: map[string]string{"themes/export.md": item("planned", "E")}},
			{name: "c2", parents: []string{"c1"}, date: "01-07", author: "Bob", set: map[string]string{"feedback/a.md": item("acknowledged", "A")}},
			{name: "f2", parents: []string{"f1"}, date: "01-08", author: "Dave", set: map[string]string{"themes/export.md": item("in-progress", "E")}},
			{name: "m", parents: []string{"c2", "f2"}, date: "01-20", author: "Erin", set: map[string]string{"themes/export.md": item("in-progress", "E")}},
		},
		want: `feedback/a.md created 01-05 c1 updated 01-07 c2 by Alice,Bob
  new 01-05 c1 Alice
  acknowledged 01-07 c2 Bob
themes/export.md created 01-05 c1 updated 01-08 f2 by Alice,Dave
  exploring 01-05 c1 Alice
  planned 01-06 f1 Dave
  in-progress 01-08 f2 Dave
`,
	}, {
		name: "merge: conflicting status changes are ordered by date and the merge's resolution is its own change",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"themes/export.md": item("exploring", "E")}},
			{name: "f1", parents: []string{"c1"}, date: "01-06", author: "Dave", set: map[string]string{"themes/export.md": item("planned", "E")}},
			{name: "c2", parents: []string{"c1"}, date: "01-07", author: "Bob", set: map[string]string{"themes/export.md": item("declined", "E")}},
			{name: "m", parents: []string{"c2", "f1"}, date: "01-20", author: "Erin", set: map[string]string{"themes/export.md": item("planned", "E, resolved")}},
		},
		want: `themes/export.md created 01-05 c1 updated 01-20 m by Alice,Dave,Bob,Erin
  exploring 01-05 c1 Alice
  planned 01-06 f1 Dave
  declined 01-07 c2 Bob
  planned 01-20 m Erin
`,
	}, {
		name: "merge: a conflict resolved with the branch's content drops main's change",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"themes/export.md": item("exploring", "E")}},
			{name: "f1", parents: []string{"c1"}, date: "01-06", author: "Dave", set: map[string]string{"themes/export.md": item("planned", "E")}},
			{name: "c2", parents: []string{"c1"}, date: "01-07", author: "Bob", set: map[string]string{"themes/export.md": item("declined", "E")}},
			{name: "m", parents: []string{"c2", "f1"}, date: "01-20", author: "Erin", set: map[string]string{"themes/export.md": item("planned", "E")}},
		},
		want: `themes/export.md created 01-05 c1 updated 01-06 f1 by Alice,Dave
  exploring 01-05 c1 Alice
  planned 01-06 f1 Dave
`,
	}, {
		name: "merge: a merge that keeps main's content drops the branch's status change",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"themes/export.md": item("exploring", "E")}},
			{name: "f1", parents: []string{"c1"}, date: "01-06", author: "Dave", set: map[string]string{"themes/export.md": item("planned", "E")}},
			{name: "c2", parents: []string{"c1"}, date: "01-07", author: "Bob", set: map[string]string{"themes/export.md": item("exploring", "E, revised")}},
			{name: "m", parents: []string{"c2", "f1"}, date: "01-20", author: "Erin"},
		},
		want: `themes/export.md created 01-05 c1 updated 01-07 c2 by Alice,Bob
  exploring 01-05 c1 Alice
`,
	}, {
		name: "merge: a merge that changes the content itself is an update by the merge",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"themes/export.md": item("exploring", "E")}},
			{name: "f1", parents: []string{"c1"}, date: "01-06", author: "Dave", set: map[string]string{"themes/export.md": item("exploring", "E2")}},
			{name: "c2", parents: []string{"c1"}, date: "01-07", author: "Bob", set: map[string]string{"README.md": "readme"}},
			{name: "m", parents: []string{"c2", "f1"}, date: "01-20", author: "Erin", set: map[string]string{"themes/export.md": item("planned", "E2")}},
		},
		want: `themes/export.md created 01-05 c1 updated 01-20 m by Alice,Dave,Erin
  exploring 01-05 c1 Alice
  planned 01-20 m Erin
`,
	}, {
		name: "merge: the same status set on both sides is shown once",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"themes/export.md": item("exploring", "E")}},
			{name: "f1", parents: []string{"c1"}, date: "01-06", author: "Dave", set: map[string]string{"themes/export.md": item("planned", "E by Dave")}},
			{name: "c2", parents: []string{"c1"}, date: "01-07", author: "Bob", set: map[string]string{"themes/export.md": item("planned", "E by Bob")}},
			{name: "m", parents: []string{"c2", "f1"}, date: "01-20", author: "Erin", set: map[string]string{"themes/export.md": item("planned", "E by both")}},
		},
		want: `themes/export.md created 01-05 c1 updated 01-20 m by Alice,Dave,Bob,Erin
  exploring 01-05 c1 Alice
  planned 01-06 f1 Dave
`,
	}, {
		name: "merge: a file added on a branch is created by the branch's commit",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"feedback/a.md": item("new", "A")}},
			{name: "f1", parents: []string{"c1"}, date: "01-06", author: "Dave", set: map[string]string{"feedback/b.md": item("new", "B")}},
			{name: "c2", parents: []string{"c1"}, date: "01-07", author: "Bob", set: map[string]string{"README.md": "readme"}},
			{name: "m", parents: []string{"c2", "f1"}, date: "01-20", author: "Erin", set: map[string]string{"feedback/b.md": item("new", "B")}},
		},
		want: `feedback/a.md created 01-05 c1 updated 01-05 c1 by Alice
  new 01-05 c1 Alice
feedback/b.md created 01-06 f1 updated 01-06 f1 by Dave
  new 01-06 f1 Dave
`,
	}, {
		name: "merge: a move on the branch and a status change on main are both kept",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"feedback/a.md": item("new", body)}},
			{name: "f1", parents: []string{"c1"}, date: "01-06", author: "Dave", mv: map[string]string{"feedback/2026/a.md": "feedback/a.md"}},
			{name: "c2", parents: []string{"c1"}, date: "01-07", author: "Bob", set: map[string]string{"feedback/a.md": item("planned", body)}},
			{name: "m", parents: []string{"c2", "f1"}, date: "01-20", author: "Erin", mv: map[string]string{"feedback/2026/a.md": "feedback/a.md"}},
		},
		want: `feedback/2026/a.md created 01-05 c1 updated 01-07 c2 by Alice,Bob
  new 01-05 c1 Alice
  planned 01-07 c2 Bob
`,
	}, {
		// The merge has the branch's file: its line is the branch's, where
		// the rename was followed; the merge itself pairs nothing.
		name: "merge: a file renamed and edited on a branch keeps its past through the merge",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"feedback/draft.md": item("new", body)}},
			{name: "f1", parents: []string{"c1"}, date: "01-06", author: "Dave", mv: map[string]string{"feedback/final.md": "feedback/draft.md"},
				set: map[string]string{"feedback/final.md": item("planned", body+"Seen again on Friday.\n")}},
			{name: "c2", parents: []string{"c1"}, date: "01-07", author: "Bob", set: map[string]string{"feedback/b.md": item("new", "B")}},
			{name: "m", parents: []string{"c2", "f1"}, date: "01-20", author: "Erin", mv: map[string]string{"feedback/final.md": "feedback/draft.md"},
				set: map[string]string{"feedback/final.md": item("planned", body+"Seen again on Friday.\n")}},
		},
		want: `feedback/b.md created 01-07 c2 updated 01-07 c2 by Bob
  new 01-07 c2 Bob
feedback/final.md created 01-05 c1 updated 01-06 f1 by Alice,Dave
  new 01-05 c1 Alice
  planned 01-06 f1 Dave
`,
	}, {
		name: "merge: main merged into a branch and the branch back into main repeats nothing",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"themes/export.md": item("exploring", "E")}},
			{name: "f1", parents: []string{"c1"}, date: "01-06", author: "Dave", set: map[string]string{"themes/export.md": item("planned", "E")}},
			{name: "c2", parents: []string{"c1"}, date: "01-07", author: "Bob", set: map[string]string{"feedback/a.md": item("new", "A")}},
			{name: "f2", parents: []string{"f1", "c2"}, date: "01-08", author: "Dave", set: map[string]string{"feedback/a.md": item("new", "A")}},
			{name: "f3", parents: []string{"f2"}, date: "01-09", author: "Dave", set: map[string]string{"themes/export.md": item("in-progress", "E")}},
			{name: "m", parents: []string{"c2", "f3"}, date: "01-20", author: "Erin", set: map[string]string{"themes/export.md": item("in-progress", "E")}},
		},
		want: `feedback/a.md created 01-07 c2 updated 01-07 c2 by Bob
  new 01-07 c2 Bob
themes/export.md created 01-05 c1 updated 01-09 f3 by Alice,Dave
  exploring 01-05 c1 Alice
  planned 01-06 f1 Dave
  in-progress 01-09 f3 Dave
`,
	}, {
		name: "merge: an octopus merge of three branches keeps every branch's changes",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{
				"themes/a.md": item("exploring", "A"), "themes/b.md": item("exploring", "B")}},
			{name: "f1", parents: []string{"c1"}, date: "01-06", author: "Dave", set: map[string]string{"themes/a.md": item("planned", "A")}},
			{name: "g1", parents: []string{"c1"}, date: "01-07", author: "Frank", set: map[string]string{"themes/b.md": item("declined", "B")}},
			{name: "h1", parents: []string{"c1"}, date: "01-08", author: "Grace", set: map[string]string{"feedback/x.md": item("new", "X")}},
			{name: "m", parents: []string{"c1", "f1", "g1", "h1"}, date: "01-20", author: "Erin", set: map[string]string{
				"themes/a.md": item("planned", "A"), "themes/b.md": item("declined", "B"), "feedback/x.md": item("new", "X")}},
		},
		want: `feedback/x.md created 01-08 h1 updated 01-08 h1 by Grace
  new 01-08 h1 Grace
themes/a.md created 01-05 c1 updated 01-06 f1 by Alice,Dave
  exploring 01-05 c1 Alice
  planned 01-06 f1 Dave
themes/b.md created 01-05 c1 updated 01-07 g1 by Alice,Frank
  exploring 01-05 c1 Alice
  declined 01-07 g1 Frank
`,
	}, {
		name: "without prefixes every file is tracked; without a Status function no status is read",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"README.md": "readme", "feedback/a.md": item("new", "A")}},
			{name: "c2", date: "01-06", author: "Bob", set: map[string]string{"README.md": "readme 2"}},
		},
		opts: &Options{},
		want: `README.md created 01-05 c1 updated 01-06 c2 by Alice,Bob
feedback/a.md created 01-05 c1 updated 01-05 c1 by Alice
`,
	}, {
		name: "a nested prefix tracks only its folder, however it is spelled",
		steps: []step{
			{name: "c1", date: "01-05", author: "Alice", set: map[string]string{
				"feedback/2026/a.md": item("new", "A"), "feedback/2025/b.md": item("new", "B")}},
		},
		opts: &Options{Prefixes: []string{"./feedback/2026", "feedback/2026/sub/"}, Status: readStatus},
		want: `feedback/2026/a.md created 01-05 c1 updated 01-05 c1 by Alice
  new 01-05 c1 Alice
`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestRepo(t)
			r.build(tt.steps)
			opts := tracked
			if tt.opts != nil {
				opts = *tt.opts
			}
			h, err := Walk(r.repo, "", opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.render(h); got != tt.want {
				t.Errorf("history:\n%s\nwant:\n%s", got, tt.want)
			}
			if h.Shallow {
				t.Error("Shallow = true for a complete history")
			}
			if h.Commits != len(tt.steps) {
				t.Errorf("Commits = %d, want %d", h.Commits, len(tt.steps))
			}
		})
	}
}

// TestWalkFields checks every field of one result, with full hashes and
// times in UTC.
func TestWalkFields(t *testing.T) {
	r := newTestRepo(t)
	r.build([]step{
		{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"themes/export.md": item("exploring", "E")}},
		{name: "c2", date: "01-10", author: "Bob", set: map[string]string{"themes/export.md": item("planned", "E")}},
	})
	h, err := Walk(r.repo, "", tracked)
	if err != nil {
		t.Fatal(err)
	}
	c1, c2 := r.hashes["c1"].String(), r.hashes["c2"].String()
	day1 := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	day2 := time.Date(2026, 1, 10, 10, 0, 0, 0, time.UTC)
	want := &History{
		Files: map[string]*File{"themes/export.md": {
			Path:    "themes/export.md",
			Created: day1, CreatedCommit: c1,
			Updated: day2, UpdatedCommit: c2,
			Authors: []string{"Alice", "Bob"},
			Statuses: []Change{
				{Status: "exploring", Date: day1, Commit: c1, Author: "Alice"},
				{Status: "planned", Date: day2, Commit: c2, Author: "Bob"},
			},
		}},
		Commits:  2,
		Head:     c2,
		HeadTime: day2.Add(time.Hour), // the committer time
	}
	if !reflect.DeepEqual(h, want) {
		t.Errorf("Walk =\n%+v\nwant\n%+v", *h.Files["themes/export.md"], *want.Files["themes/export.md"])
	}
	if h.HeadTime != want.HeadTime || h.Head != want.Head || h.Commits != want.Commits {
		t.Errorf("Head, HeadTime, Commits = %s %s %d, want %s %s %d",
			h.Head, h.HeadTime, h.Commits, want.Head, want.HeadTime, want.Commits)
	}
	for rev, want := range map[string]time.Time{"": want.HeadTime, c1: day1.Add(time.Hour)} {
		if got, err := HeadTime(r.repo, rev); err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("HeadTime(%q) = %v, %v; want %v in UTC", rev, got, err, want)
		}
		var told []time.Time
		opts := tracked
		opts.HeadKnown = func(t time.Time) { told = append(told, t) }
		if _, err := Walk(r.repo, rev, opts); err != nil || len(told) != 1 || told[0] != want {
			t.Errorf("Walk(%q) told HeadKnown %v, %v; want %v once", rev, told, err, want)
		}
	}
}

func TestWalkStatusReadOncePerContent(t *testing.T) {
	r := newTestRepo(t)
	r.build([]step{
		{name: "c1", date: "01-05", author: "Alice", set: map[string]string{
			"feedback/a.md": item("new", "A"), "feedback/b.md": item("new", "B")}},
		{name: "c2", date: "01-06", author: "Bob", set: map[string]string{"README.md": "readme"}},
		{name: "c3", date: "01-07", author: "Bob", set: map[string]string{"feedback/a.md": item("planned", "A")}},
		{name: "c4", date: "01-08", author: "Bob", set: map[string]string{"feedback/a.md": item("new", "A")}},
		{name: "c5", date: "01-09", author: "Bob", mv: map[string]string{"feedback/2026/b.md": "feedback/b.md"}},
		{name: "c6", date: "01-10", author: "Bob", set: map[string]string{"feedback/c.md": item("new", "A")}},
	})
	var calls []string
	opts := Options{Prefixes: []string{"feedback"}, Status: func(path string, content []byte) string {
		s := readStatus(path, content)
		calls = append(calls, path+" "+s)
		return s
	}}
	if _, err := Walk(r.repo, "", opts); err != nil {
		t.Fatal(err)
	}
	want := []string{"feedback/a.md new", "feedback/b.md new", "feedback/a.md planned"}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("Status calls = %q, want %q", calls, want)
	}
}

// TestWalkStatusPrefixes: with StatusPrefixes, only the files of those
// folders have statuses and only their contents are read; the others keep
// their dates and authors.
func TestWalkStatusPrefixes(t *testing.T) {
	r := newTestRepo(t)
	r.build([]step{
		{name: "c1", date: "01-05", author: "Alice", set: map[string]string{
			"feedback/a.md": item("new", "A"), "themes/t.md": item("exploring", "T"),
			"feedback/same.md": item("planned", "Same"), "themes/same.md": item("planned", "Same")}},
		{name: "c2", date: "01-06", author: "Bob", set: map[string]string{
			"feedback/a.md": item("planned", "A"), "themes/t.md": item("planned", "T")}},
		{name: "c3", date: "01-07", author: "Carol", mv: map[string]string{"feedback/2026/a.md": "feedback/a.md"}},
	})
	head, err := resolve(r.repo, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, how := range []how{{}, {separate: true}, {packs: true, separate: true, comparers: 3, chunk: 1}, {packs: true, comparers: 2, chunk: 1}} {
		var calls []string
		opts := Options{Prefixes: []string{"feedback", "themes"}, StatusPrefixes: []string{"themes/"}, Status: func(path string, content []byte) string {
			calls = append(calls, path)
			return readStatus(path, content)
		}}
		h, err := walk(r.repo, head, opts, how)
		if err != nil {
			t.Fatal(err)
		}
		all, err := walk(r.repo, head, tracked, how)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range calls {
			if !strings.HasPrefix(c, "themes/") {
				t.Errorf("%+v: Status read %s", how, c)
			}
		}
		for p, f := range h.Files {
			want := *all.Files[p]
			if strings.HasPrefix(p, "feedback/") {
				want.Statuses = nil
			}
			if !reflect.DeepEqual(*f, want) {
				t.Errorf("%+v: %s = %+v, want %+v", how, p, *f, want)
			}
		}
		if len(h.Files) != 4 || len(h.Files["themes/t.md"].Statuses) != 2 || len(all.Files["feedback/2026/a.md"].Statuses) != 2 {
			t.Errorf("%+v: files %v", how, h.Files)
		}
	}
}

func TestWalkRevisions(t *testing.T) {
	r := newTestRepo(t)
	r.build([]step{
		{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"feedback/a.md": item("new", "A")}},
		{name: "c2", date: "01-06", author: "Bob", set: map[string]string{"feedback/b.md": item("new", "B")}},
		{name: "c3", date: "01-07", author: "Carol", set: map[string]string{"feedback/c.md": item("new", "C")}},
	})
	r.setBranch("feature", "c1")
	r.setRef(plumbing.NewHashReference("refs/tags/v1", r.hashes["c2"]))
	sig := &object.Signature{Name: "Alice", Email: "alice@example.com", When: authorTime(t, "01-08")}
	if _, err := r.repo.CreateTag("v2", r.hashes["c1"], &git.CreateTagOptions{Tagger: sig, Message: "v2"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		rev   string
		head  string
		files int
	}{
		{"", "c3", 3},
		{"HEAD", "c3", 3},
		{"main", "c3", 3},
		{"refs/heads/main", "c3", 3},
		{"feature", "c1", 1},
		{"v1", "c2", 2},
		{"v2", "c1", 1},
		{"HEAD~1", "c2", 2},
		{r.hashes["c2"].String(), "c2", 2},
		{r.hashes["c1"].String()[:10], "c1", 1},
	}
	for _, tt := range tests {
		t.Run(tt.rev, func(t *testing.T) {
			h, err := Walk(r.repo, tt.rev, tracked)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.names[h.Head]; got != tt.head || len(h.Files) != tt.files {
				t.Errorf("Walk(%q) = head %s with %d files, want %s with %d", tt.rev, got, len(h.Files), tt.head, tt.files)
			}
		})
	}
	for _, rev := range []string{"nope", "refs/heads/nope", "0123456789012345678901234567890123456789", "main~9"} {
		t.Run(rev, func(t *testing.T) {
			_, err := Walk(r.repo, rev, tracked)
			if !errors.Is(err, ErrUnknownRevision) {
				t.Errorf("Walk(%q) error = %v, want ErrUnknownRevision", rev, err)
			}
		})
	}
}

func TestWalkWithoutCommits(t *testing.T) {
	repo, err := git.PlainInit(t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	h, err := Walk(repo, "", tracked)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Files) != 0 || h.Commits != 0 || h.Head != "" || h.Files == nil {
		t.Errorf("Walk of an empty repository = %+v, want no files and no commits", h)
	}
	if _, err := Walk(repo, "main", tracked); !errors.Is(err, ErrUnknownRevision) {
		t.Errorf("Walk(main) of an empty repository: error = %v, want ErrUnknownRevision", err)
	}
	if got, err := HeadTime(repo, ""); err != nil || !got.IsZero() {
		t.Errorf("HeadTime of an empty repository = %v, %v; want the zero time", got, err)
	}
}

func TestOpen(t *testing.T) {
	r := newTestRepo(t)
	r.build([]step{{name: "c1", date: "01-05", author: "Alice", set: map[string]string{"feedback/a.md": item("new", "A")}}})
	sub := filepath.Join(r.dir, "feedback", "2026")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	bare := t.TempDir()
	if _, err := git.PlainInit(bare, true); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		dir     string
		wantErr error
	}{
		{"the repository's folder", r.dir, nil},
		{"a folder inside it", sub, nil},
		{"a bare repository", bare, nil},
		{"a folder that is no repository", t.TempDir(), ErrNotRepository},
		{"a folder that does not exist", filepath.Join(t.TempDir(), "missing"), ErrNotRepository},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo, err := Open(tt.dir)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Open error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if !strings.Contains(err.Error(), tt.dir) {
					t.Errorf("error %q does not name the folder", err)
				}
				return
			}
			defer func() {
				if err := Close(repo); err != nil {
					t.Error(err)
				}
			}()
			if _, err := Walk(repo, "", tracked); err != nil {
				t.Errorf("Walk after Open: %v", err)
			}
		})
	}
}
