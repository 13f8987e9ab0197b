package history

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// The walk runs as a pipeline, so that its wall time is about that of its
// slowest part rather than the sum of all:
//
//   - comparers compare the trees of each commit with its parents' (compare):
//     the commits, in walk order, are cut into chunks of consecutive ones,
//     and each comparer takes the next chunk not taken, so that several
//     goroutines share the work that takes longest;
//   - one goroutine reads the blobs whose statuses the comparers ask for,
//     chunk after chunk, and calls Options.Status;
//   - the caller's builds the snapshots (advance), in walk order, waiting
//     for a status only when it is not read yet.
//
// Each goroutine reads objects through its own pack scanners and its own
// go-git storage, since go-git's storage is not safe for concurrent use.
// Every blob whose status advance needs is one that a comparer met in the
// same or an earlier commit, so it is always asked for. Nothing depends on
// timing: the comparison of a commit depends on its trees only, statuses are
// read in walk order (each blob once, with the path it was first met at), and
// the snapshots are built in walk order.

// compared is one commit compared with its parents.
type compared struct {
	c       *commitNode
	deltas  []delta
	changed bool
	err     error
}

// blobRequest asks for the status of a blob, met at path.
type blobRequest struct {
	path string
	blob plumbing.Hash
}

// chunk is consecutive commits of the walk order, compared by one comparer.
type chunk struct {
	commits  []*commitNode
	steps    queue[compared]
	requests queue[blobRequest]
}

// chunks cuts the walk order into chunks of size commits.
func chunks(order []*commitNode, size int) []*chunk {
	var out []*chunk
	for len(order) > 0 {
		n := min(size, len(order))
		out = append(out, newChunk(order[:n]))
		order = order[n:]
	}
	return out
}

func newChunk(commits []*commitNode) *chunk {
	c := &chunk{commits: commits}
	c.steps.init()
	c.requests.init()
	return c
}

// openStorage opens another storage of the repository, for a goroutine that
// reads objects concurrently with others: nil when the repository's storage
// is not one whose files can be opened again. Packed objects are read
// through the walk's own pack scanners, so its cache only serves the rest.
func openStorage(repo *git.Repository) *filesystem.Storage {
	fs, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		return nil
	}
	return newStorage(fs.Filesystem(), storageCacheSize)
}

// storageCacheSize bounds the decoded objects that a storage of openStorage
// keeps, for the objects it reads: loose ones, and the rest of delta chains
// longer than maxDeltaChain.
const storageCacheSize = 8 * cache.MiByte

// walk visits the chunks' commits in order. blobs, when not nil, is where the
// statuses are read from, on a goroutine of their own; else the only
// comparer reads them.
func (w *walker) walk(chunks []*chunk, comparers []*comparer, blobs *blobSource) error {
	w.table = newStatusTable()
	quit := make(chan struct{})
	var wg sync.WaitGroup
	if blobs == nil {
		// The only comparer reads each status before it queues the
		// commit that needs it: advance never waits.
		w.table.stop(nil)
	} else if w.status != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer w.table.stop(nil)
			for _, ch := range chunks {
				if !readStatuses(blobs, w.status, &ch.requests, quit, w.table) {
					return
				}
			}
		}()
	}
	var next atomic.Int64 // the next chunk to compare
	for _, comp := range comparers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(chunks) {
					return
				}
				if !w.compareChunk(comp, chunks[i], blobs == nil, quit) {
					return
				}
			}
		}()
	}
	err := w.advanceAll(chunks)
	close(quit)
	for _, ch := range chunks {
		ch.steps.close()
		ch.requests.close()
	}
	wg.Wait()
	return err
}

// advanceAll builds the snapshots of the compared commits, in order.
func (w *walker) advanceAll(chunks []*chunk) error {
	for _, ch := range chunks {
		for {
			s, ok := ch.steps.pop()
			if !ok {
				break
			}
			if s.err != nil {
				return s.err
			}
			if err := w.advance(s.c, s.deltas, s.changed); err != nil {
				return err
			}
		}
	}
	return nil
}

// compareChunk compares each commit of ch with its parents and queues the
// results, asking for the status of each blob met. With inline, it reads
// the statuses itself. It returns false when it stopped early: quit was
// closed, or reading failed.
func (w *walker) compareChunk(comp *comparer, ch *chunk, inline bool, quit <-chan struct{}) bool {
	defer ch.steps.close()
	defer ch.requests.close()
	clear(comp.roots) // of another chunk's commits
	for _, c := range ch.commits {
		select {
		case <-quit:
			return false
		default:
		}
		deltas, changed, err := comp.compare(c)
		if err != nil {
			ch.steps.push(compared{err: err})
			return false
		}
		if w.status != nil {
			for _, t := range statusTargets(len(c.parents), deltas) {
				if !w.wantsStatus(t.path) {
					continue
				}
				if !inline {
					ch.requests.push(blobRequest{t.path, t.blob})
					continue
				}
				if w.table.has(t.blob) {
					continue
				}
				w.table.put(t.blob, statusOfBlob(comp.blobs, w.status, t.path, t.blob))
			}
		}
		ch.steps.push(compared{c: c, deltas: deltas, changed: changed})
	}
	return true
}

// statusTargets returns the files of a commit whose content apply looks at,
// in the order it does: for a merge, the files that differ from any parent,
// each once, by path. Each delta's targets are sorted by path, and a file
// has the commit's content in all of them, so they are merged in step.
func statusTargets(parents int, deltas []delta) []target {
	if parents <= 1 {
		return deltas[0].targets
	}
	n := 0
	for _, d := range deltas {
		n = max(n, len(d.targets))
	}
	out := make([]target, 0, n)
	next := make([]int, len(deltas)) // the next target of each delta
	for {
		least := -1
		for i, d := range deltas {
			if next[i] < len(d.targets) && (least < 0 || d.targets[next[i]].path < deltas[least].targets[next[least]].path) {
				least = i
			}
		}
		if least < 0 {
			return out
		}
		t := deltas[least].targets[next[least]]
		out = append(out, target{path: t.path, blob: t.blob})
		for i, d := range deltas {
			if next[i] < len(d.targets) && d.targets[next[i]].path == t.path {
				next[i]++
			}
		}
	}
}

// readStatuses reads into table the status of each blob requested, unless
// it has it, until requests is closed. It returns false when it stopped
// early: quit was closed.
func readStatuses(blobs *blobSource, status func(string, []byte) string, requests *queue[blobRequest], quit <-chan struct{}, table *statusTable) bool {
	for {
		r, ok := requests.pop()
		select {
		case <-quit:
			return false
		default:
		}
		if !ok {
			return true
		}
		if table.has(r.blob) {
			continue
		}
		table.put(r.blob, statusOfBlob(blobs, status, r.path, r.blob))
	}
}

// statusOfBlob reads a blob, met at path, and returns its status:
// unknownStatus when it cannot be read.
func statusOfBlob(blobs *blobSource, status func(string, []byte) string, path string, blob plumbing.Hash) string {
	content, ok := blobs.content(path, blob)
	if !ok {
		return unknownStatus
	}
	return status(path, content)
}

// statusTable holds the statuses read so far, for the goroutine that builds
// snapshots to wait on.
type statusTable struct {
	mu      sync.Mutex
	cond    sync.Cond
	values  map[plumbing.Hash]string
	stopped bool  // no more values will come
	err     error // why, when reading failed
}

func newStatusTable() *statusTable {
	t := &statusTable{values: map[plumbing.Hash]string{}}
	t.cond.L = &t.mu
	return t
}

func (t *statusTable) put(blob plumbing.Hash, status string) {
	t.mu.Lock()
	t.values[blob] = status
	t.mu.Unlock()
	t.cond.Broadcast()
}

// stop says that no more values will come, because of err if not nil. The
// first error is kept.
func (t *statusTable) stop(err error) {
	t.mu.Lock()
	t.stopped = true
	if t.err == nil {
		t.err = err
	}
	t.mu.Unlock()
	t.cond.Broadcast()
}

// has reports whether the status of blob is read.
func (t *statusTable) has(blob plumbing.Hash) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.values[blob]
	return ok
}

// get waits for the status of blob.
func (t *statusTable) get(blob plumbing.Hash) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for {
		if s, ok := t.values[blob]; ok {
			return s, nil
		}
		if t.stopped {
			if t.err != nil {
				return "", t.err
			}
			return "", fmt.Errorf("blob %s: %w", blob, errNotRequested)
		}
		t.cond.Wait()
	}
}

// errNotRequested means the walk needed a status it never asked for: a bug.
var errNotRequested = errors.New("status not read")

// queue is a first-in first-out queue between goroutines, without bound: a
// comparer running ahead never waits for the goroutines that read its
// results.
type queue[T any] struct {
	mu     sync.Mutex
	cond   sync.Cond
	items  []T
	closed bool
}

func (q *queue[T]) init() { q.cond.L = &q.mu }

// push adds v; nothing once the queue is closed.
func (q *queue[T]) push(v T) {
	q.mu.Lock()
	if !q.closed {
		q.items = append(q.items, v)
	}
	q.mu.Unlock()
	q.cond.Signal()
}

// close says nothing more comes; pop returns what was pushed before.
func (q *queue[T]) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// pop waits for the oldest value; ok is false when the queue is closed and
// empty.
func (q *queue[T]) pop() (v T, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return v, false
	}
	v = q.items[0]
	var zero T
	q.items[0] = zero // for the collector
	q.items = q.items[1:]
	return v, true
}
