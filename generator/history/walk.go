package history

import (
	"bytes"
	"cmp"
	"container/heap"
	"errors"
	"fmt"
	"hash/maphash"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/heedhq/heed/generator/history/internal/pack"
)

// Walk extracts the history of the tracked files present at revision rev: ""
// for HEAD, or a branch, tag, hash or any expression go-git resolves. A
// repository without commits gives an empty History. An unknown revision is
// an error wrapping ErrUnknownRevision.
//
// The walk reads every commit reachable from rev once, orders them parents
// first (among unrelated commits, by author time, then hash), and compares each
// commit's prefix subtrees with its first parent's, and with its other
// parents' over the files that differ from the first's (see diffFiles),
// reading only subtrees whose hashes differ. Files are followed across
// renames within a prefix: an identical blob, or else a content similarity
// of at least 50% (see the package documentation). A repository with objects that cannot be read
// gives a History with Problems (see Problem), or an error when commits or
// trees are missing.
//
// The trees and the file contents are read on two goroutines of their own,
// each with its own scanners of the pack files (see pipeline.go). Like
// go-git's own operations, Walk must not run concurrently with other uses of
// the same repository.
func Walk(repo *git.Repository, rev string, opts Options) (*History, error) {
	// An alternate object folder that is gone explains best why the
	// commits are missing, before any of them is looked for.
	if fs, ok := repo.Storer.(*filesystem.Storage); ok {
		if _, err := alternateDirs(fs.Filesystem()); err != nil {
			return nil, err
		}
	}
	head, err := resolve(repo, rev)
	if errors.Is(err, errNoCommits) {
		return &History{Files: map[string]*File{}}, nil
	}
	if err != nil {
		return nil, err
	}
	return walk(repo, head, opts, how{packs: true, separate: true, comparers: min(runtime.GOMAXPROCS(0), maxComparers)})
}

// maxComparers bounds the goroutines that compare trees: each keeps its own
// trees, and the statuses are read on one goroutine anyway.
const maxComparers = 4

// how says how a walk reads objects; the results are the same.
type how struct {
	// packs reads packed objects through the walk's own pack scanners,
	// rather than through the repository's storage.
	packs bool
	// unmapped reads packs as files, through go-git's scanner, rather
	// than from memory maps.
	unmapped bool
	// separate reads the blobs whose statuses are needed on a goroutine
	// of their own, when the repository's storage allows opening another;
	// else the goroutine comparing trees reads them.
	separate bool
	// comparers is how many goroutines compare trees, at most; each needs
	// a storage of its own too.
	comparers int
	// chunk is how many consecutive commits a comparer takes at a time; 0
	// means chunkSize's choice.
	chunk int
	// keep bounds the bytes of trees each comparer keeps; 0 means
	// treeBytes.
	keep int
	// reuse is the size from which trees are reused; 0 means reuseBytes.
	reuse int
	// layers bounds the layers below a snapshot (see snapshot); 0 means
	// maxLayers, and -1 copies a parent's snapshot whole wherever it would
	// be layered.
	layers int
	// copied, when set, counts the files copied from snapshot to snapshot
	// because the layers below one reached the bound (see snapshot.squash).
	copied *int
	// wholeMerges compares a merge with each of its parents over all
	// files, rather than with its later parents over the files that differ
	// from its first parent's only (see comparer.diffFiles).
	wholeMerges bool
	// later, when set, counts what comparing merges with their later
	// parents costs.
	later *laterCount
}

// laterCount is what comparing merges with their parents after the first
// cost: the files found different, and the parents compared over all
// files. Comparers on several goroutines add to it.
type laterCount struct {
	files, whole atomic.Int64
}

// minChunk is the fewest consecutive commits a comparer takes at a time.
const minChunk = 512

// chunkSize returns how many consecutive commits a comparer takes at a time,
// for n commits: two chunks per comparer. A comparer starting on a chunk
// reads again the trees that the chunk's trees are stored as deltas of and
// that the previous chunk's comparer read: on a repository of 100,000 items,
// about 1,500 objects (a chunk of 5,000 commits reads 80,000). Few chunks
// keep that small; two per comparer let the comparers take turns.
func chunkSize(n, comparers int) int {
	return max(minChunk, (n+2*comparers-1)/(2*comparers))
}

// walk is Walk from commit head.
func walk(repo *git.Repository, head plumbing.Hash, opts Options, how how) (*History, error) {
	packs := &pack.Set{}
	if how.packs {
		var err error
		if packs, err = openPacks(repo.Storer, !how.unmapped); err != nil {
			return nil, err
		}
		defer packs.Close() // after the readers, deferred later
	}
	objects, err := newObjectReader(packs, repo.Storer)
	if err != nil {
		return nil, err
	}
	defer objects.close()
	w := &walker{
		store:     repo.Storer,
		objects:   objects,
		prefixes:  cleanPrefixes(opts.Prefixes),
		status:    opts.Status,
		layers:    cmp.Or(how.layers, maxLayers),
		copied:    how.copied,
		headKnown: opts.HeadKnown,
	}
	if len(opts.StatusPrefixes) > 0 {
		w.statusPrefixes = cleanPrefixes(opts.StatusPrefixes)
	}
	top, all, shallow, err := w.collect(head)
	if err != nil {
		return nil, err
	}

	// Each goroutine that reads objects besides the first comparer needs a
	// storage of its own, for the objects in no pack.
	var opened []func()
	defer func() {
		for _, release := range opened {
			release()
		}
	}()
	reader := func() (*objectReader, error) {
		st := openStorage(repo)
		if st == nil {
			return nil, nil
		}
		r, err := newObjectReader(packs, st)
		if err != nil {
			_ = st.Close() // read only: nothing is lost
			return nil, err
		}
		opened = append(opened, func() { r.close(); _ = st.Close() })
		return r, nil
	}
	var statusBlobs *blobSource
	if how.separate && opts.Status != nil {
		r, err := reader()
		if err != nil {
			return nil, err
		}
		if r != nil {
			statusBlobs = newBlobSource(r, &w.unread)
		}
	}
	chunk := cmp.Or(how.chunk, chunkSize(len(all), max(1, how.comparers)))
	comparers := []*comparer{newComparer(w.prefixes, objects, how, &w.unread)}
	// Without a goroutine of their own, statuses are read by the only
	// comparer: Status is called once per blob, in walk order.
	for len(comparers) < how.comparers && len(comparers)*chunk < len(all) && (statusBlobs != nil || opts.Status == nil) {
		r, err := reader()
		if err != nil {
			return nil, err
		}
		if r == nil {
			break
		}
		comparers = append(comparers, newComparer(w.prefixes, r, how, &w.unread))
	}
	if err := w.walk(chunks(walkOrder(all), chunk), comparers, statusBlobs); err != nil {
		return nil, err
	}
	files := top.snap.flat()
	h := &History{
		Files:    make(map[string]*File, len(files)),
		Shallow:  shallow,
		Commits:  len(all),
		Head:     top.hash.String(),
		HeadTime: top.commitTime,
		Problems: w.unread.problems(isPartialClone(repo)),
	}
	for p, e := range files {
		if e != nil {
			h.Files[p] = timeline(p, e, opts.Status != nil)
		}
	}
	return h, nil
}

var errNoCommits = errors.New("no commits")

// HeadTime returns the committer time, in UTC, of the commit Walk would
// start from for rev: the History's HeadTime, known before the walk. It is
// zero for a repository without commits. It reads the commit through
// go-git, which indexes the packs for it (a few percent of a walk's
// time): a caller that walks anyway should use Options.HeadKnown.
func HeadTime(repo *git.Repository, rev string) (time.Time, error) {
	head, err := resolve(repo, rev)
	if errors.Is(err, errNoCommits) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	c, err := repo.CommitObject(head)
	if err != nil {
		return time.Time{}, fmt.Errorf("read commit %s: %w", head, err)
	}
	return c.Committer.When.UTC(), nil
}

// resolve returns the commit named by rev, or errNoCommits when rev is "" and
// HEAD points to a branch without commits.
func resolve(repo *git.Repository, rev string) (plumbing.Hash, error) {
	if rev == "" {
		ref, err := repo.Reference(plumbing.HEAD, true)
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			return plumbing.ZeroHash, errNoCommits
		}
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("resolve HEAD: %w", err)
		}
		// A branch names a commit; the walk reads it first and says
		// if it is not one. go-git would read it through its own
		// index of the packs, built for this one object (5% of a walk
		// of go-git's history).
		return ref.Hash(), nil
	}
	h, err := repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("resolve revision %q: %w: %w", rev, ErrUnknownRevision, err)
	}
	return *h, nil
}

// prefix is a tracked folder: its cleaned path and the path's components.
type prefix struct {
	path  string
	parts []string
}

// rel returns the path of file p under the prefix, and whether p is under it.
func (pr prefix) rel(p string) (string, bool) {
	switch {
	case pr.path == "":
		return p, true
	case len(p) > len(pr.path) && p[len(pr.path)] == '/' && strings.HasPrefix(p, pr.path):
		return p[len(pr.path)+1:], true
	}
	return "", false
}

// cleanPrefixes normalizes folder prefixes, drops those inside another one and
// sorts them; no prefix means the whole tree.
func cleanPrefixes(in []string) []prefix {
	var paths []string
	for _, p := range in {
		p = strings.Trim(path.Clean("/"+p), "/")
		paths = append(paths, p)
	}
	if len(paths) == 0 {
		paths = []string{""}
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	var out []prefix
	for _, p := range paths {
		if len(out) > 0 {
			last := out[len(out)-1].path
			if last == "" || strings.HasPrefix(p, last+"/") {
				continue
			}
		}
		pr := prefix{path: p}
		if p != "" {
			pr.parts = strings.Split(p, "/")
		}
		out = append(out, pr)
	}
	return out
}

// commitNode is one commit of the walk.
type commitNode struct {
	hash       plumbing.Hash
	tree       plumbing.Hash
	author     string
	when       time.Time // author time, UTC
	commitTime time.Time // committer time, UTC
	parents    []*commitNode
	children   []*commitNode

	seq     int // position in walk order
	waiting int // parents not yet walked
	pending int // children not yet walked

	snap *snapshot // tracked files, while a child or the caller needs them
}

// walker holds the state of one walk. Its goroutines that compare trees
// each have a comparer; the caller's, which builds snapshots (advance,
// apply, record), uses table.
type walker struct {
	store    storage.Storer
	objects  *objectReader // for commits, then for the first comparer
	prefixes []prefix
	status   func(path string, content []byte) string
	// statusPrefixes are the folders whose files' statuses are read (see
	// wantsStatus); nil for all.
	statusPrefixes []prefix
	table          *statusTable
	layers         int    // how.layers, or maxLayers
	copied         *int   // how.copied
	unread         unread // the contents that could not be read
	headKnown      func(time.Time)
}

// wantsStatus reports whether the status of the file at p is tracked: the
// comparers ask for the statuses of those files only, and record reads no
// other.
func (w *walker) wantsStatus(p string) bool {
	if w.status == nil {
		return false
	}
	if w.statusPrefixes == nil {
		return true
	}
	for _, pr := range w.statusPrefixes {
		if _, ok := pr.rel(p); ok {
			return true
		}
	}
	return false
}

// comparer compares commits with their parents, on one goroutine: the trees
// and the contents of renamed files it reads, through objects.
type comparer struct {
	prefixes    []prefix
	trees       *treeSource
	blobs       *blobSource
	scratch     []fileChange
	roots       map[*commitNode][]plumbing.Hash // of the commits compared lately
	seed        maphash.Seed                    // orders the lines of files compared by similarity
	wholeMerges bool                            // how.wholeMerges
	later       *laterCount                     // how.later
}

func newComparer(prefixes []prefix, objects *objectReader, how how, unread *unread) *comparer {
	return &comparer{
		prefixes: prefixes,
		trees:    newTreeSource(objects, cmp.Or(how.keep, treeBytes), cmp.Or(how.reuse, reuseBytes)),
		blobs:    newBlobSource(objects, unread),
		roots:    map[*commitNode][]plumbing.Hash{},
		seed:     maphash.MakeSeed(),

		wholeMerges: how.wholeMerges,
		later:       how.later,
	}
}

// collect reads every commit reachable from head and links parents and
// children. Parents of shallow commits, and parents that are missing, are cut
// and reported as shallow history.
func (w *walker) collect(head plumbing.Hash) (top *commitNode, all []*commitNode, shallow bool, err error) {
	cut := map[plumbing.Hash]bool{}
	hashes, err := w.store.Shallow()
	if err != nil {
		return nil, nil, false, fmt.Errorf("read shallow commits: %w", err)
	}
	for _, h := range hashes {
		cut[h] = true
	}
	nodes := map[plumbing.Hash]*commitNode{}
	parentsOf := map[*commitNode][]plumbing.Hash{}
	commits := newCommitSource(w.objects)
	authors := map[string]string{} // one string per name
	stack := []plumbing.Hash{head}
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if _, ok := nodes[h]; ok {
			continue
		}
		c, err := commits.commit(h)
		if errors.Is(err, plumbing.ErrObjectNotFound) && h != head {
			shallow = true
			nodes[h] = nil
			continue
		}
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return nil, nil, false, fmt.Errorf("read commit %s: %w: %w", h, ErrUnknownRevision, err)
		}
		if err != nil {
			return nil, nil, false, fmt.Errorf("read commit %s: %w", h, err)
		}
		author, ok := authors[string(c.author)]
		if !ok {
			author = string(c.author)
			authors[author] = author
		}
		n := &commitNode{
			hash:       h,
			tree:       c.tree,
			author:     author,
			when:       c.when,
			commitTime: c.commitTime,
		}
		nodes[h] = n
		if h == head && w.headKnown != nil {
			w.headKnown(n.commitTime)
		}
		if cut[h] && len(c.parents) > 0 {
			shallow = true
			continue
		}
		parentsOf[n] = slices.Clone(c.parents)
		stack = append(stack, c.parents...)
	}
	for n, parents := range parentsOf {
		for _, ph := range parents {
			p := nodes[ph]
			if p == nil || slices.Contains(n.parents, p) {
				continue
			}
			n.parents = append(n.parents, p)
			p.children = append(p.children, n)
		}
	}
	for _, n := range nodes {
		if n != nil {
			n.waiting = len(n.parents)
			n.pending = len(n.children)
			all = append(all, n)
		}
	}
	return nodes[head], all, shallow, nil
}

// walkOrder returns the collected commits in walk order, every commit after
// its parents; among commits ready at the same time the earliest author time
// goes first, so that concurrent changes on different branches are ordered
// by date. It sets each commit's seq.
func walkOrder(all []*commitNode) []*commitNode {
	var ready readyQueue
	for _, n := range all {
		if n.waiting == 0 {
			ready = append(ready, n)
		}
	}
	heap.Init(&ready)
	order := make([]*commitNode, 0, len(all))
	for seq := 0; ready.Len() > 0; seq++ {
		n := heap.Pop(&ready).(*commitNode)
		n.seq = seq
		order = append(order, n)
		for _, c := range n.children {
			if c.waiting--; c.waiting == 0 {
				heap.Push(&ready, c)
			}
		}
	}
	return order
}

// readyQueue orders commits whose parents are all walked.
type readyQueue []*commitNode

func (q readyQueue) Len() int { return len(q) }
func (q readyQueue) Less(i, j int) bool {
	if c := q[i].when.Compare(q[j].when); c != 0 {
		return c < 0
	}
	return bytes.Compare(q[i].hash[:], q[j].hash[:]) < 0
}
func (q readyQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *readyQueue) Push(x any)   { *q = append(*q, x.(*commitNode)) }
func (q *readyQueue) Pop() any {
	old := *q
	n := old[len(old)-1]
	*q = old[:len(old)-1]
	return n
}

// target is a tracked file of a commit that differs from the same file in
// one parent: modified (from is its own path), renamed (from is the parent's
// path) or added (from is "").
type target struct {
	path string
	blob plumbing.Hash
	from string
}

// delta is what changed in tracked files from one parent to the commit.
type delta struct {
	targets []target
	gone    []string // paths of the parent that the commit does not have
	// moves are, per prefix, the files added and deleted that no file of
	// identical content paired, until compare pairs them by similarity.
	moves []moves
}

// moves are the files of one prefix added and deleted from a parent to a
// commit.
type moves struct {
	added, deleted []fileChange
}

func (d *delta) empty() bool { return len(d.targets) == 0 && len(d.gone) == 0 }

// compare reads the prefix subtrees of commit c and compares them with each
// parent's: deltas holds one entry per parent (one for a root commit), and
// changed says whether any of them is not empty.
func (w *comparer) compare(c *commitNode) (deltas []delta, changed bool, err error) {
	defer w.trees.release()
	roots, err := w.rootsOf(c)
	if err != nil {
		return nil, false, err
	}
	parents := c.parents
	deltas = make([]delta, max(1, len(parents)))
	for i := range deltas {
		from := make([]plumbing.Hash, len(roots)) // no parent: all absent
		if len(parents) > 0 {
			if from, err = w.rootsOf(parents[i]); err != nil {
				return nil, false, err
			}
		}
		if i > 0 && !w.wholeMerges {
			ok, err := w.diffFiles(from, &deltas[0], &deltas[i])
			if err != nil {
				return nil, false, fmt.Errorf("commit %s: %w", c.hash, err)
			}
			if ok {
				w.countLater(&deltas[i], false)
				continue
			}
		}
		if err := w.diff(from, roots, &deltas[i]); err != nil {
			return nil, false, fmt.Errorf("commit %s: %w", c.hash, err)
		}
		if i > 0 {
			w.countLater(&deltas[i], true)
		}
	}
	// A merge's file whose content is one parent's takes that parent's
	// line (see apply): a rename from another parent is never looked at,
	// and pairing it by similarity would only cost reading contents.
	var own map[string]bool
	if len(deltas) > 1 {
		own = ownContent(deltas)
	}
	for i := range deltas {
		w.pairMoves(&deltas[i], own)
		changed = changed || !deltas[i].empty()
	}
	return deltas, changed, nil
}

// diffFiles fills d, the change from a merge's later parent whose prefix
// subtrees are from, with only the files in first, the change from its
// first parent (before pairMoves): the files that apply looks at. A file
// equal in the merge and its first parent keeps the first parent's line
// whatever the others hold, since apply takes the line of the first parent
// whose content the merge has, and recording that line again adds no
// event (every line's newest event shows its own status). So a merge of a
// pull request made many merges back costs the pull request's files, not
// every file merged since it was made.
//
// A file of first that the parent does not have may be renamed from one of
// the parent's files, which only the whole comparison finds: then diffFiles
// leaves d empty and returns false, for diff.
func (w *comparer) diffFiles(from []plumbing.Hash, first, d *delta) (bool, error) {
	check := func(p string, blob plumbing.Hash) (bool, error) {
		h, err := w.fileAt(from, p)
		switch {
		case err != nil || h.IsZero():
			return false, err
		case h != blob:
			d.targets = append(d.targets, target{path: p, blob: blob, from: p})
		}
		return true, nil
	}
	for _, t := range first.targets {
		if ok, err := check(t.path, t.blob); !ok {
			d.targets = d.targets[:0]
			return false, err
		}
	}
	for _, m := range first.moves {
		for _, ch := range m.added {
			if ok, err := check(ch.path, ch.to); !ok {
				d.targets = d.targets[:0]
				return false, err
			}
		}
	}
	slices.SortFunc(d.targets, func(a, b target) int { return cmp.Compare(a.path, b.path) })
	return true, nil
}

// countLater adds d, a change from a merge's later parent, to w.later.
func (w *comparer) countLater(d *delta, whole bool) {
	if w.later == nil {
		return
	}
	n := len(d.targets)
	for _, m := range d.moves {
		n += len(m.added) + len(m.deleted)
	}
	w.later.files.Add(int64(n))
	if whole {
		w.later.whole.Add(1)
	}
}

// fileAt returns the content of the tracked file at path p in the prefix
// subtrees roots, or zero when there is none.
func (w *comparer) fileAt(roots []plumbing.Hash, p string) (plumbing.Hash, error) {
	for i, pr := range w.prefixes {
		rel, ok := pr.rel(p)
		switch {
		case !ok:
			continue
		case roots[i].IsZero():
			return plumbing.ZeroHash, nil
		}
		return w.trees.file(roots[i], rel)
	}
	return plumbing.ZeroHash, nil
}

// ownContent returns the files of a merge that differ from every parent's
// (given the merge's deltas): added or changed from each.
func ownContent(deltas []delta) map[string]bool {
	count := map[string]int{}
	for _, d := range deltas {
		for _, t := range d.targets {
			count[t.path]++
		}
		for _, m := range d.moves {
			for _, a := range m.added {
				count[a.path]++
			}
		}
	}
	own := map[string]bool{}
	for p, n := range count {
		if n == len(deltas) {
			own[p] = true
		}
	}
	return own
}

// rootsOf returns the hashes of the prefix subtrees of commit c, zero for
// those it does not have.
func (w *comparer) rootsOf(c *commitNode) ([]plumbing.Hash, error) {
	if roots, ok := w.roots[c]; ok {
		return roots, nil
	}
	roots := make([]plumbing.Hash, len(w.prefixes))
	for i, p := range w.prefixes {
		h, err := w.trees.lookup(c.tree, p.parts)
		if err != nil {
			return nil, fmt.Errorf("commit %s: %w", c.hash, err)
		}
		roots[i] = h
	}
	w.roots[c] = roots
	return roots, nil
}

// advance computes the snapshot of commit c from its parents' snapshots and
// the changes compare found.
func (w *walker) advance(c *commitNode, deltas []delta, changed bool) error {
	parents := c.parents
	var base *snapshot
	if len(parents) > 0 {
		base = parents[0].snap
	}
	switch {
	case !changed && base != nil:
		c.snap = base
	default:
		snap, err := w.apply(c, deltas)
		if err != nil {
			return err
		}
		c.snap = snap
	}
	c.snap.refs++
	for _, p := range parents {
		if p.pending--; p.pending == 0 {
			p.snap.release()
			p.snap = nil
		}
	}
	return nil
}

// apply returns the snapshot of commit c given the change from each parent.
func (w *walker) apply(c *commitNode, deltas []delta) (*snapshot, error) {
	parents := c.parents
	// The new heads are computed from the parents' snapshots before anything
	// is changed, since the first parent's snapshot may be reused in place.
	type update struct {
		path string
		head *event
	}
	var updates []update
	switch len(parents) {
	case 0, 1:
		var files *snapshot
		if len(parents) == 1 {
			files = parents[0].snap
		}
		for _, t := range deltas[0].targets {
			var src *event
			if t.from != "" {
				src = files.get(t.from)
			}
			head, err := w.record(c, t.path, t.blob, src)
			if err != nil {
				return nil, err
			}
			updates = append(updates, update{t.path, head})
		}
	default:
		// A merge's file whose content is a parent's takes that parent's
		// line of history only (the first such parent's, as git log
		// follows it); a content of its own (a conflict resolved, or both
		// sides' changes combined) joins the lines of all parents that
		// have the file. Only files that differ from the first parent are
		// looked at: a file equal in the commit and the first parent
		// keeps the first parent's line (see diffFiles).
		lines := make([]*event, len(parents))
		srcs := make([]string, len(parents)) // the file's path in each parent
		next := make([]int, len(parents))    // the next target of each delta
		for _, t := range statusTargets(len(parents), deltas) {
			p := t.path
			for i := range parents {
				// The targets of each delta come in path order, as
				// statusTargets's do.
				srcs[i] = p
				if ts := deltas[i].targets; next[i] < len(ts) && ts[next[i]].path == p {
					srcs[i] = ts[next[i]].from
					next[i]++
				}
			}
			var head *event
			for i, parent := range parents {
				lines[i] = nil
				if srcs[i] != "" {
					lines[i] = parent.snap.get(srcs[i])
				}
				if lines[i] != nil && lines[i].blob == t.blob {
					head = lines[i]
					break
				}
			}
			if head == nil {
				for _, line := range lines {
					head = union(head, line)
				}
			}
			head, err := w.record(c, p, t.blob, head)
			if err != nil {
				return nil, err
			}
			updates = append(updates, update{p, head})
		}
	}

	var snap *snapshot
	switch {
	case len(parents) == 0:
		snap = &snapshot{files: make(map[string]*event, len(updates))}
	default:
		first := parents[0].snap
		first.compact()
		switch {
		case first.refs == 1 && parents[0].pending == 1:
			// Only the first parent holds its snapshot and c is its last
			// child: the snapshot passes to c and is changed in place.
			snap = first
		case w.layers < 0: // every snapshot copied whole: the tests' reference
			snap = &snapshot{files: first.flat()}
		case first.depth() >= w.layers:
			var n int
			snap, n = first.squash()
			if w.copied != nil {
				*w.copied += n
			}
		default:
			snap = first.layer(len(updates) + len(deltas[0].gone))
		}
	}
	for _, p := range deltas[0].gone {
		snap.remove(p)
	}
	for _, u := range updates {
		snap.files[u.path] = u.head
	}
	return snap, nil
}

// record returns the newest event of file p at commit c, whose content is
// blob, given its history head in the parents (nil for a new file). Commit c
// adds an event when it adds the file, changes its content, or leaves a status
// that differs from the one a reader last saw (a merge choosing one side).
func (w *walker) record(c *commitNode, p string, blob plumbing.Hash, head *event) (*event, error) {
	content := head == nil || head.blob != blob
	shown := shownAfter(head)
	var status string
	if content && w.wantsStatus(p) {
		var err error
		if status, err = w.statusOf(blob); err != nil {
			return nil, fmt.Errorf("commit %s: %w", c.hash, err)
		}
		if status == unknownStatus {
			status = shown // unknown: no change seen
		}
	} else if !content {
		status = head.status
	}
	change := status != shown
	if !content && !change {
		return head, nil
	}
	return &event{
		prev: head, commit: c, blob: blob, status: status,
		shown: status, content: content, change: change,
	}, nil
}

// statusOf returns the status value of a blob, read by the walk's status
// reader.
func (w *walker) statusOf(blob plumbing.Hash) (string, error) {
	if w.status == nil {
		return "", nil
	}
	return w.table.get(blob)
}

// diff fills d with the changes of tracked files between the prefix subtrees
// from (a parent's) and to (the commit's): the files changed, and the files
// added and deleted, paired into renames where their contents are
// identical. The rest are d.moves, for pairMoves.
func (w *comparer) diff(from, to []plumbing.Hash, d *delta) error {
	for i, p := range w.prefixes {
		if from[i] == to[i] {
			continue
		}
		var err error
		w.scratch, err = w.trees.diff(from[i], to[i], p.path, w.scratch[:0])
		if err != nil {
			return err
		}
		var m moves
		for _, ch := range w.scratch {
			switch {
			case ch.from.IsZero():
				m.added = append(m.added, ch)
			case ch.to.IsZero():
				m.deleted = append(m.deleted, ch)
			default:
				d.targets = append(d.targets, target{path: ch.path, blob: ch.to, from: ch.path})
			}
		}
		d.moves = append(d.moves, m)
	}
	return nil
}

// pairMoves turns d.moves into targets and gone files, pairing added and
// deleted files into renames (see renames). With own not nil (a merge),
// only the added files in own are paired by similarity.
func (w *comparer) pairMoves(d *delta, own map[string]bool) {
	for _, m := range d.moves {
		renamedFrom := w.renames(m.added, m.deleted, own)
		for _, ch := range m.added {
			d.targets = append(d.targets, target{path: ch.path, blob: ch.to, from: renamedFrom[ch.path]})
		}
		for _, ch := range m.deleted {
			d.gone = append(d.gone, ch.path)
		}
	}
	d.moves = nil
	slices.SortFunc(d.targets, func(a, b target) int { return cmp.Compare(a.path, b.path) })
}
