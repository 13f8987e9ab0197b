package history

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/heedhq/heed/internal/gitpack"
)

// The benchmark repository is written straight into one pack file by
// internal/gitpack, the way `git gc` leaves a repository, without a
// worktree and without go-git's object encoders: the feedback folder is flat (feedback/YYYY-MM-DD-item-N.md,
// as the design names items), so every commit that touches an item writes a
// new tree of up to 10,000 entries; storing those as deltas against the
// previous version keeps the pack small and generation fast.

// benchShape is the shape of a generated repository.
type benchShape struct {
	commits, items, themes int
}

func (s benchShape) String() string {
	return fmt.Sprintf("%dc-%di-%dt", s.commits, s.items, s.themes)
}

// benchGenVersion names the generator's output format in the cache key;
// change it when the generated history changes.
const benchGenVersion = 2

// benchRepoDir returns a generated repository of the given shape, generating
// it under os.TempDir() on first use and reusing it afterwards.
func benchRepoDir(tb testing.TB, shape benchShape) string {
	tb.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("heed-history-bench-v%d-%s", benchGenVersion, shape))
	if _, err := os.Stat(filepath.Join(dir, "complete")); err == nil {
		return dir
	}
	tmp, err := os.MkdirTemp(os.TempDir(), "heed-history-bench-tmp-")
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	if err := generateRepo(tmp, shape); err != nil {
		os.RemoveAll(tmp)
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "complete"), nil, 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another run finished first, or an incomplete one is in the way.
		os.RemoveAll(tmp)
		if _, serr := os.Stat(filepath.Join(dir, "complete")); serr != nil {
			tb.Fatalf("cannot place generated repository at %s: %v", dir, err)
		}
	}
	tb.Logf("generated %s in %s", dir, time.Since(start).Round(time.Millisecond))
	return dir
}

var benchStatuses = []string{"new", "acknowledged", "planned", "in-progress", "shipped"}
var themeStatuses = []string{"exploring", "planned", "in-progress", "shipped"}
var benchAuthors = []string{"Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Oscar"}

// generateRepo writes a bare repository with shape.commits commits into dir:
// a main line where items are added (exactly shape.items of them) and changed
// (status moves, body edits), themes change status, and some commits touch
// only files outside feedback/ and themes/; one change in 20 comes through a
// pull request: a branch commit changing a status, a main commit, and a merge.
func generateRepo(dir string, shape benchShape) error {
	if _, err := git.PlainInit(dir, true); err != nil {
		return err
	}
	pw, err := gitpack.NewWriter(filepath.Join(dir, "objects", "pack"))
	if err != nil {
		return err
	}
	g := &repoGen{
		rng:      rand.New(rand.NewPCG(1, 2)),
		pack:     pw,
		when:     time.Date(2023, 1, 2, 9, 0, 0, 0, time.UTC).Unix(),
		feedback: newGenFolder(),
		themes:   newGenFolder(),
		src:      newGenFolder(),
	}
	head, err := g.run(shape)
	if err == nil {
		err = g.err
	}
	if err != nil {
		return err
	}
	if err := pw.Finish(); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "refs", "heads", "main"), []byte(head.String()+"\n"), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "HEAD"), []byte("ref: refs/heads/main\n"), 0o644)
}

type genItem struct {
	name   string
	status int
	rev    int
	theme  int
}

type repoGen struct {
	rng      *rand.Rand
	pack     *gitpack.Writer
	when     int64
	items    []genItem
	themeSt  []int
	readme   int
	feedback *genFolder
	themes   *genFolder
	src      *genFolder
	// trees of the main line's tip, by root entry name
	tips map[string]*gitpack.Object
	err  error // the first error writing the pack
}

func (g *repoGen) run(shape benchShape) (plumbing.Hash, error) {
	// Plan the slots first so that exactly shape.items items are added.
	var slots []bool // true: a pull request (3 commits), false: one commit
	for commits, i := 1, 0; commits < shape.commits; i++ {
		pr := i%20 == 19 && commits+3 <= shape.commits
		slots = append(slots, pr)
		if pr {
			commits += 3
		} else {
			commits++
		}
	}
	// The first commit adds the themes, a README, some source and one item.
	g.themeSt = make([]int, shape.themes)
	for t := range shape.themes {
		g.themes.set(fmt.Sprintf("theme-%02d.md", t), g.blob(themeContent(t, 0)))
	}
	for f := range 8 {
		g.src.set(fmt.Sprintf("file%d.go", f), g.blob(fmt.Sprintf("package src // %d\n", f)))
	}
	g.addItem()
	head, err := g.commitMain(nil)
	if err != nil {
		return head, err
	}
	itemsLeft := shape.items - 1
	for i, pr := range slots {
		opsLeft := len(slots) - i
		if pr {
			// Branch from the tip: change one status there.
			fork := head
			forkTrees := g.snapshot()
			x := g.rng.IntN(len(g.items))
			bx := g.items[x]
			bx.status = min(bx.status+1, len(benchStatuses)-1)
			bxBlob := g.blob(itemContent(bx))
			branchFeedback, err := g.feedback.writeWith(g.pack, bx.name, bxBlob)
			if err != nil {
				return head, err
			}
			branchTrees := forkTrees
			branchTrees["feedback"] = branchFeedback
			branch, err := g.commit(branchTrees, fork)
			if err != nil {
				return head, err
			}
			// Main moves on, then merges the branch.
			g.mainOp(&itemsLeft, opsLeft)
			if head, err = g.commitMain([]plumbing.Hash{head}); err != nil {
				return head, err
			}
			g.items[x].status = bx.status
			g.feedback.set(bx.name, bxBlob)
			if head, err = g.commitMain([]plumbing.Hash{head, branch}); err != nil {
				return head, err
			}
			continue
		}
		g.mainOp(&itemsLeft, opsLeft)
		if head, err = g.commitMain([]plumbing.Hash{head}); err != nil {
			return head, err
		}
	}
	return head, nil
}

// mainOp makes one change on the main line: an item added with probability
// itemsLeft/opsLeft (so that all are added by the end), else an item's
// status or body, a theme's status, or a file outside the tracked folders.
func (g *repoGen) mainOp(itemsLeft *int, opsLeft int) {
	if *itemsLeft > 0 && g.rng.IntN(opsLeft) < *itemsLeft {
		*itemsLeft--
		g.addItem()
		return
	}
	switch r := g.rng.IntN(100); {
	case r < 60:
		x := g.rng.IntN(len(g.items))
		it := &g.items[x]
		if g.rng.IntN(2) == 0 && it.status < len(benchStatuses)-1 {
			it.status++
		} else {
			it.rev++
		}
		g.feedback.set(it.name, g.blob(itemContent(*it)))
	case r < 75:
		t := g.rng.IntN(len(g.themeSt))
		g.themeSt[t] = (g.themeSt[t] + 1) % len(themeStatuses)
		g.themes.set(fmt.Sprintf("theme-%02d.md", t), g.blob(themeContent(t, g.themeSt[t])))
	default:
		g.readme++
		f := g.rng.IntN(8)
		g.src.set(fmt.Sprintf("file%d.go", f), g.blob(fmt.Sprintf("package src // %d rev %d\n", f, g.readme)))
	}
}

func (g *repoGen) addItem() {
	n := len(g.items)
	day := time.Unix(g.when, 0).UTC().Format("2006-01-02")
	it := genItem{name: fmt.Sprintf("%s-item-%05d.md", day, n), theme: g.rng.IntN(max(1, len(g.themeSt)))}
	g.items = append(g.items, it)
	g.feedback.set(it.name, g.blob(itemContent(it)))
}

func itemContent(it genItem) string {
	return fmt.Sprintf("---\ntitle: Feedback %s\nsource: survey\ntype: request\nstatus: %s\nthemes: [theme-%02d]\n---\n"+
		"The customer explains what went wrong in their own words.\nRevision %d of the notes.\n",
		it.name, benchStatuses[it.status], it.theme, it.rev)
}

func themeContent(t, status int) string {
	return fmt.Sprintf("---\ntitle: Theme %d\nstatus: %s\n---\nThe problem, in the customer's terms.\n", t, themeStatuses[status])
}

func (g *repoGen) blob(content string) plumbing.Hash {
	o, err := g.pack.Put(plumbing.BlobObject, []byte(content), nil)
	g.err = cmp.Or(g.err, err)
	return o.Hash
}

// snapshot writes the main line's changed folders and returns its trees.
func (g *repoGen) snapshot() map[string]*gitpack.Object {
	if g.tips == nil {
		g.tips = map[string]*gitpack.Object{}
	}
	for _, name := range []string{"feedback", "src", "themes"} {
		f := map[string]*genFolder{"feedback": g.feedback, "themes": g.themes, "src": g.src}[name]
		if f.dirty {
			o, err := f.write(g.pack)
			g.err = cmp.Or(g.err, err)
			g.tips[name] = o
		}
	}
	o, err := g.pack.Put(plumbing.BlobObject, []byte(fmt.Sprintf("# Sample product, rev %d\n", g.readme)), nil)
	g.err = cmp.Or(g.err, err)
	g.tips["README.md"] = o
	return maps.Clone(g.tips)
}

func (g *repoGen) commitMain(parents []plumbing.Hash) (plumbing.Hash, error) {
	return g.commit(g.snapshot(), parents...)
}

// commit writes a root tree from trees and a commit on it.
func (g *repoGen) commit(trees map[string]*gitpack.Object, parents ...plumbing.Hash) (plumbing.Hash, error) {
	var root []byte
	root = appendEntry(root, "100644", "README.md", trees["README.md"].Hash)
	for _, name := range []string{"feedback", "src", "themes"} {
		root = appendEntry(root, "40000", name, trees[name].Hash)
	}
	tree, err := g.pack.Put(plumbing.TreeObject, root, nil)
	if err != nil {
		return tree.Hash, err
	}
	g.when += 1800 + g.rng.Int64N(7200)
	author := benchAuthors[g.rng.IntN(len(benchAuthors))]
	var c bytes.Buffer
	fmt.Fprintf(&c, "tree %s\n", tree.Hash)
	for _, p := range parents {
		fmt.Fprintf(&c, "parent %s\n", p)
	}
	fmt.Fprintf(&c, "author %s <%s@example.com> %d +0100\n", author, author, g.when)
	fmt.Fprintf(&c, "committer %s <%s@example.com> %d +0100\n", author, author, g.when)
	fmt.Fprintf(&c, "\nChange %d\n", g.when)
	o, err := g.pack.Put(plumbing.CommitObject, c.Bytes(), nil)
	return o.Hash, err
}

// genFolder is a flat folder of files being generated.
type genFolder struct {
	names  []string // sorted
	hashes map[string]plumbing.Hash
	last   *gitpack.Object // the last written tree, base of the next
	dirty  bool
}

func newGenFolder() *genFolder { return &genFolder{hashes: map[string]plumbing.Hash{}} }

func (f *genFolder) set(name string, h plumbing.Hash) {
	if _, ok := f.hashes[name]; !ok {
		i, _ := slices.BinarySearch(f.names, name)
		f.names = slices.Insert(f.names, i, name)
	}
	f.hashes[name] = h
	f.dirty = true
}

// serialize encodes the folder as a tree, with name's entry set to h when
// name is not "".
func (f *genFolder) serialize(name string, h plumbing.Hash) []byte {
	out := make([]byte, 0, 64*(len(f.names)+1))
	done := name == ""
	for _, n := range f.names {
		if !done && name <= n {
			out = appendEntry(out, "100644", name, h)
			done = true
			if name == n {
				continue
			}
		}
		out = appendEntry(out, "100644", n, f.hashes[n])
	}
	if !done {
		out = appendEntry(out, "100644", name, h)
	}
	return out
}

// write stores the folder's current tree, as a delta of the previous one.
func (f *genFolder) write(p *gitpack.Writer) (*gitpack.Object, error) {
	o, err := p.Put(plumbing.TreeObject, f.serialize("", plumbing.ZeroHash), f.last)
	if err != nil {
		return o, err
	}
	f.last, f.dirty = o, false
	return o, nil
}

// writeWith stores the folder's last written tree with name's entry set to
// h, leaving the folder as it is.
func (f *genFolder) writeWith(p *gitpack.Writer, name string, h plumbing.Hash) (*gitpack.Object, error) {
	var raw []byte
	if old, had := f.hashes[name]; had {
		f.hashes[name] = h
		raw = f.serialize("", plumbing.ZeroHash)
		f.hashes[name] = old
	} else {
		raw = f.serialize(name, h)
	}
	return p.Put(plumbing.TreeObject, raw, f.last)
}

func appendEntry(b []byte, mode, name string, h plumbing.Hash) []byte {
	b = append(b, mode...)
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, 0)
	return append(b, h[:]...)
}
