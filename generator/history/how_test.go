package history

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/heedhq/heed/generator/history/internal/pack"
)

// TestWalkReadersAgree checks that every way of reading objects gives the
// history that go-git's storage alone gives, read on one goroutine: packed
// objects read with the walk's own scanners (whole, and as deltas of both
// kinds), and statuses read concurrently.
func TestWalkReadersAgree(t *testing.T) {
	r := newTestRepo(t)
	r.build(randomHistory(rand.New(rand.NewPCG(3, 4)), 150))
	plain := how{}
	hows := []how{
		{packs: true},
		{separate: true},
		{packs: true, separate: true},
		{separate: true, comparers: 3, chunk: 5},
		{packs: true, separate: true, comparers: 3, chunk: 7},
		{packs: true, separate: true, comparers: 2, chunk: 1},
		{packs: true, unmapped: true, separate: true, comparers: 2, chunk: 9},
		{packs: true, separate: true, comparers: 2, chunk: 40, keep: 1, reuse: 1}, // trees dropped and reused
		{packs: true, comparers: 3, chunk: 5},                                     // one comparer reads statuses
	}
	for _, tt := range []struct {
		name   string
		repack *git.RepackConfig
	}{
		{"loose objects", nil},
		{"packed, offset deltas", &git.RepackConfig{}},
		{"packed, reference deltas", &git.RepackConfig{UseRefDeltas: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.repack != nil {
				if err := r.repo.RepackObjects(tt.repack); err != nil {
					t.Fatal(err)
				}
			}
			repo, err := Open(r.dir)
			if err != nil {
				t.Fatal(err)
			}
			defer Close(repo)
			if tt.repack != nil {
				checkDeltas(t, repo, []plumbing.ObjectType{plumbing.TreeObject, plumbing.BlobObject})
			}
			compareHows(t, repo, plain, hows)
		})
	}
	t.Run("generated pack", func(t *testing.T) {
		repo, err := Open(benchRepoDir(t, benchShape{commits: 300, items: 120, themes: 8}))
		if err != nil {
			t.Fatal(err)
		}
		defer Close(repo)
		checkDeltas(t, repo, []plumbing.ObjectType{plumbing.TreeObject})
		compareHows(t, repo, plain, hows)
	})
}

// compareHows walks repo each way and compares the results, and the calls
// of Options.Status, with the first.
func compareHows(t *testing.T, repo *git.Repository, want how, hows []how) {
	t.Helper()
	head, err := resolve(repo, "")
	if err != nil {
		t.Fatal(err)
	}
	walkHow := func(h how) (*History, []string) {
		var calls []string
		opts := Options{Prefixes: []string{"feedback/", "themes/"}, Status: func(path string, content []byte) string {
			s := readStatus(path, content)
			calls = append(calls, path+" "+s)
			return s
		}}
		got, err := walk(repo, head, opts, h)
		if err != nil {
			t.Fatalf("%+v: %v", h, err)
		}
		return got, calls
	}
	base, baseCalls := walkHow(want)
	if len(base.Files) == 0 {
		t.Fatal("no files walked")
	}
	for _, h := range hows {
		got, calls := walkHow(h)
		if !slices.Equal(calls, baseCalls) {
			t.Errorf("%+v: %d Status calls differ from the %d of %+v", h, len(calls), len(baseCalls), want)
		}
		if !reflect.DeepEqual(got, base) {
			for p, f := range base.Files {
				if !reflect.DeepEqual(got.Files[p], f) {
					t.Errorf("%+v: %s = %+v, want %+v", h, p, got.Files[p], f)
					break
				}
			}
			t.Errorf("%+v: history differs (%d files, want %d)", h, len(got.Files), len(base.Files))
		}
	}
}

// checkDeltas fails when the packs of repo hold no delta of each of the
// types, so that the comparison covers applying them.
func checkDeltas(t *testing.T, repo *git.Repository, types []plumbing.ObjectType) {
	t.Helper()
	set, err := openPacks(repo.Storer, true)
	if err != nil {
		t.Fatal(err)
	}
	r, err := newObjectReader(set, repo.Storer)
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	found := map[plumbing.ObjectType]bool{}
	iter, err := repo.Storer.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		t.Fatal(err)
	}
	err = iter.ForEach(func(obj plumbing.EncodedObject) error {
		o, err := r.packs.Read(obj.Hash(), 0, nil)
		if o.Delta {
			found[obj.Type()] = true
		}
		if errors.Is(err, pack.ErrNotPacked) {
			return nil
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range types {
		if !found[typ] {
			t.Errorf("no %s stored as a delta", typ)
		}
	}
}

// randomHistory returns n steps of a feedback repository's history: items
// added, edited, given statuses, moved (some edited on the way) and deleted,
// themes changing status, commits outside the tracked folders, and branches
// merged back.
func randomHistory(rng *rand.Rand, n int) []step {
	statuses := []string{"", "new", "planned", "in-progress", "shipped"}
	authors := []string{"Alice", "Bob", "Carol"}
	type file struct{ status, body string }
	files := map[string]file{}
	body := func() string {
		s := ""
		for range 3 + rng.IntN(20) {
			s += fmt.Sprintf("Line %d of what the customer said about %d.\n", rng.IntN(8), rng.IntN(4))
		}
		return s
	}
	paths := func() []string {
		out := make([]string, 0, len(files))
		for p := range files {
			out = append(out, p)
		}
		slices.Sort(out)
		return out
	}
	var steps []step
	branch := "" // name of an open branch's last commit
	tip := ""    // name of main's last commit
	for i := range n {
		s := step{
			name:   fmt.Sprintf("c%d", i),
			date:   fmt.Sprintf("%02d-%02d", 1+i/28%12, 1+i%28),
			author: authors[rng.IntN(len(authors))],
			set:    map[string]string{},
			mv:     map[string]string{},
		}
		if tip != "" {
			s.parents = []string{tip}
		}
		onBranch := false
		switch op := rng.IntN(12); {
		case op == 0 && branch == "" && tip != "":
			branch, onBranch = tip, true // a branch starts here
		case op == 1 && branch != "":
			s.parents = []string{tip, branch}
			branch = ""
		case op == 2 && branch != "":
			s.parents, onBranch = []string{branch}, true
		}
		all := paths()
		switch op := rng.IntN(10); {
		case op < 3 || len(all) < 5:
			p := fmt.Sprintf("feedback/%d/item-%d.md", rng.IntN(3), i)
			if rng.IntN(6) == 0 {
				p = fmt.Sprintf("themes/theme-%d.md", i)
			}
			f := file{statuses[rng.IntN(len(statuses))], body()}
			files[p] = f
			s.set[p] = item(f.status, f.body)
		case op < 6:
			p := all[rng.IntN(len(all))]
			f := files[p]
			f.status = statuses[rng.IntN(len(statuses))]
			files[p] = f
			s.set[p] = item(f.status, f.body)
		case op < 7:
			p := all[rng.IntN(len(all))]
			f := files[p]
			f.body += "One more line.\n"
			files[p] = f
			s.set[p] = item(f.status, f.body)
		case op < 8:
			p := all[rng.IntN(len(all))]
			dst := fmt.Sprintf("feedback/moved/%d-item.md", i)
			s.mv[dst] = p
			files[dst] = files[p]
			delete(files, p)
			if rng.IntN(2) == 0 {
				f := files[dst]
				f.status = statuses[rng.IntN(len(statuses))]
				files[dst] = f
				s.set[dst] = item(f.status, f.body)
			}
		case op < 9:
			p := all[rng.IntN(len(all))]
			delete(files, p)
			s.set[p] = gone
		default:
			s.set["README.md"] = body()
		}
		if onBranch {
			branch = s.name
		} else {
			tip = s.name
		}
		steps = append(steps, s)
	}
	if branch != "" {
		steps = append(steps, step{name: "merge", parents: []string{tip, branch}, date: "12-31", author: "Alice"})
	}
	return steps
}
