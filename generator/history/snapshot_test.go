package history

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestWalkLayers checks that snapshots layered over their parents' give the
// history that copying every snapshot whole gives, on histories with many
// branches open at once, branches of branches, octopus merges and commits
// that change no tracked file: every way a layer is made, changed in place,
// shared, compacted into its base and flattened at the depth bound.
func TestWalkLayers(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := newTestRepo(t)
			r.build(branchyHistory(rand.New(rand.NewPCG(seed, 7)), 160))
			repo, err := Open(r.dir)
			if err != nil {
				t.Fatal(err)
			}
			defer Close(repo)
			copied := how{packs: true, layers: -1}
			compareHows(t, repo, copied, []how{
				{packs: true},
				{packs: true, layers: 1},
				{packs: true, layers: 2},
				{packs: true, separate: true, comparers: 2, chunk: 9, layers: 3},
			})
		})
	}
}

// TestSnapshotLayers checks the snapshot operations against a plain map:
// layers over layers, removals, in-place changes, compaction, squashing
// and flattening.
func TestSnapshotLayers(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ev := func() *event { return &event{status: fmt.Sprint(rng.IntN(1000))} }
	type version struct {
		snap *snapshot
		want map[string]*event
	}
	root := &snapshot{files: map[string]*event{}, refs: 1}
	versions := []version{{root, map[string]*event{}}}
	check := func(step int) {
		t.Helper()
		for i, v := range versions {
			got := map[string]*event{}
			for p, e := range v.snap.flat() {
				if e != nil {
					got[p] = e
				}
			}
			if !maps.Equal(got, v.want) {
				t.Fatalf("step %d: version %d holds %d files, want %d", step, i, len(got), len(v.want))
			}
			for p := range 40 {
				path := fmt.Sprint("f", p)
				if v.snap.get(path) != v.want[path] {
					t.Fatalf("step %d: version %d: get(%s) differs", step, i, path)
				}
			}
		}
	}
	for step := range 2000 {
		i := rng.IntN(len(versions))
		v := versions[i]
		switch op := rng.IntN(7); {
		case op == 0 && len(versions) < 12:
			// A new layer over v, which stays as it is.
			n := version{v.snap.layer(0), maps.Clone(v.want)}
			n.snap.refs = 1
			versions = append(versions, n)
		case op == 1 && len(versions) > 1:
			// v is done with: its holders drop it.
			v.snap.release()
			versions = slices.Delete(versions, i, i+1)
		case op == 2:
			v.snap.compact()
		case op == 3 && v.snap.base != nil && len(versions) < 12:
			// A squashed copy of v, which stays as it is.
			sq, _ := v.snap.squash()
			sq.refs = 1
			versions = append(versions, version{sq, maps.Clone(v.want)})
		case v.snap.refs == 1:
			// Only v holds its snapshot: it changes in place.
			p := fmt.Sprint("f", rng.IntN(40))
			if rng.IntN(3) == 0 {
				v.snap.remove(p)
				delete(v.want, p)
			} else {
				e := ev()
				v.snap.files[p] = e
				v.want[p] = e
			}
		}
		check(step)
	}
}

// branchyHistory returns n steps of a history with up to five lines open at
// once: commits on any line, new lines forked from any line, merges of two or
// three lines, and commits that change no tracked file; a last merge joins
// every open line into main.
func branchyHistory(rng *rand.Rand, n int) []step {
	statuses := []string{"", "new", "planned", "shipped"}
	files := map[string]map[string]string{} // step name -> tracked files
	var heads []string                      // open lines' last commits; heads[0] is main's
	var steps []step
	for i := range n + 1 {
		s := step{
			name:    fmt.Sprintf("c%d", i),
			date:    fmt.Sprintf("%02d-%02d", 1+i/28%12, 1+i%28),
			author:  "Alice",
			parents: []string{},
			set:     map[string]string{},
			mv:      map[string]string{},
		}
		line := rng.IntN(max(1, len(heads)))
		switch op := rng.IntN(10); {
		case i == n: // the last: every open line merged into main
			s.parents = heads
			heads = []string{s.name}
		case len(heads) == 0:
			heads = []string{s.name}
		case op < 2 && len(heads) < 5:
			s.parents = []string{heads[line]}
			heads = append(heads, s.name)
		case op < 4 && len(heads) > 1:
			// Lines merged into line: the merge continues the first of them
			// (main when main is one); the others end.
			merged := []int{line}
			for _, o := range rng.Perm(len(heads))[:1+rng.IntN(2)] {
				if o != line {
					merged = append(merged, o)
				}
			}
			for _, m := range merged {
				s.parents = append(s.parents, heads[m])
			}
			slices.Sort(merged)
			heads[merged[0]] = s.name
			for _, m := range slices.Backward(merged[1:]) {
				heads = slices.Delete(heads, m, m+1)
			}
		default:
			s.parents = []string{heads[line]}
			heads[line] = s.name
		}
		cur := map[string]string{}
		if len(s.parents) > 0 {
			cur = maps.Clone(files[s.parents[0]])
		}
		paths := slices.Sorted(maps.Keys(cur))
		switch op := rng.IntN(8); {
		case op < 3 || len(paths) < 4:
			p := fmt.Sprintf("feedback/%d/item-%d.md", rng.IntN(3), i)
			cur[p] = item(statuses[rng.IntN(len(statuses))], fmt.Sprintf("Body %d.", i))
			s.set[p] = cur[p]
		case op < 5:
			p := paths[rng.IntN(len(paths))]
			cur[p] = item(statuses[rng.IntN(len(statuses))], fmt.Sprintf("Body %d.", i))
			s.set[p] = cur[p]
		case op < 6:
			p := paths[rng.IntN(len(paths))]
			dst := fmt.Sprintf("feedback/moved/%d-item.md", i)
			s.mv[dst] = p
			cur[dst] = cur[p]
			delete(cur, p)
		case op < 7:
			p := paths[rng.IntN(len(paths))]
			delete(cur, p)
			s.set[p] = gone
		default:
			s.set["README.md"] = fmt.Sprint("Readme ", i)
		}
		files[s.name] = cur
		steps = append(steps, s)
	}
	return steps
}

// TestWalkPullRequestsLayered checks that a history where every change
// comes through a pull request, made from main's commit up to some merges
// back and merged with a merge commit, is walked with layered snapshots
// that copy few files. Over 1,000 files, and with the bound at 2 layers so
// that it binds in 60 pull requests: squash copies only the upper layers,
// and compact merges the lower ones as the pull requests holding them end.
// Copying every file at the bound instead copies 1,028 and 9,127 files
// here, and compacting only from the top 10 and 1,067; now 2 and 651. The
// history is the one a walk that copies every snapshot whole gives.
func TestWalkPullRequestsLayered(t *testing.T) {
	for _, tt := range []struct {
		back, most int // pull requests made from up to back merges back; files copied
	}{
		{3, 5},
		{30, 800},
	} {
		t.Run(fmt.Sprint("open for up to ", tt.back, " merges"), func(t *testing.T) {
			r := newTestRepo(t)
			steps := pullRequestHistory(rand.New(rand.NewPCG(8, 9)), 60, tt.back)
			r.build(steps)
			files := map[string]bool{}
			for _, s := range steps {
				for p := range s.set {
					files[p] = true
				}
			}
			repo, err := Open(r.dir)
			if err != nil {
				t.Fatal(err)
			}
			defer Close(repo)
			head, err := resolve(repo, "")
			if err != nil {
				t.Fatal(err)
			}
			copied := 0
			h, err := walk(repo, head, Options{Prefixes: []string{"feedback/"}}, how{packs: true, layers: 2, copied: &copied})
			if err != nil {
				t.Fatal(err)
			}
			if h.Commits != len(steps) || len(h.Files) != len(files) {
				t.Fatalf("walked %d commits and %d files, want %d and %d", h.Commits, len(h.Files), len(steps), len(files))
			}
			if copied > tt.most {
				t.Errorf("%d files copied from snapshot to snapshot, want at most %d", copied, tt.most)
			}
			compareHows(t, repo, how{packs: true, layers: -1}, []how{{packs: true}, {packs: true, layers: 2}})
		})
	}
}

// pullRequestHistory returns a first commit and n pull requests: each a
// branch commit that adds an item or changes one, made from main's commit
// one to back merges back, and its merge into main.
func pullRequestHistory(rng *rand.Rand, n, back int) []step {
	statuses := []string{"new", "planned", "shipped"}
	first := step{name: "m0", date: "01-01", author: "Alice", parents: []string{}, set: map[string]string{}}
	for i := range 1000 {
		first.set[fmt.Sprintf("feedback/item-%d.md", i)] = item("new", fmt.Sprintf("Body %d.", i))
	}
	steps := []step{first}
	mains := []string{"m0"}
	items := len(first.set)
	for i := 1; i <= n; i++ {
		date := fmt.Sprintf("%02d-%02d", 1+i/28%12, 1+i%28)
		var p, content string
		if rng.IntN(3) == 0 {
			p = fmt.Sprintf("feedback/item-%d.md", rng.IntN(items))
			content = item(statuses[rng.IntN(len(statuses))], fmt.Sprintf("Body %d.", i))
		} else {
			p, content = fmt.Sprintf("feedback/item-%d.md", items), item("new", fmt.Sprintf("Body %d.", i))
			items++
		}
		base := mains[max(0, len(mains)-1-rng.IntN(back))]
		branch := step{name: fmt.Sprint("b", i), date: date, author: "Bob",
			parents: []string{base}, set: map[string]string{p: content}}
		merge := step{name: fmt.Sprint("m", i), date: date, author: "Carol",
			parents: []string{mains[len(mains)-1], branch.name}, set: map[string]string{p: content}}
		steps = append(steps, branch, merge)
		mains = append(mains, merge.name)
	}
	return steps
}
