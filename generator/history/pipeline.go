package history

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// The walk runs as a pipeline of three goroutines, so that its wall time is
// about that of its slowest part rather than the sum of all:
//
//   - one compares the trees of each commit with its parents' (compare), in
//     walk order, and asks for the status of every blob it meets first;
//   - one reads those blobs, through a storage of its own since go-git's
//     storage is not safe for concurrent use, and calls Options.Status;
//   - the caller's builds the snapshots (advance), in walk order, waiting
//     for a status only when it is not read yet.
//
// Every blob whose status advance needs is one that compare met in the same
// or an earlier commit, so it is always asked for. The result does not
// depend on timing: a status depends on the blob only, and each stage works
// in walk order.

// stepBuffer bounds how many commits the tree comparison runs ahead of the
// snapshots.
const stepBuffer = 64

// requestBuffer bounds the blobs asked for and not yet read.
const requestBuffer = 1024

// blobCacheSize bounds the decoded objects the status reader's storage keeps,
// for the objects it reads: loose ones, and delta chains longer than
// maxDeltaChain.
const blobCacheSize = 8 * cache.MiByte

// compared is one commit compared with its parents.
type compared struct {
	c       *commitNode
	deltas  []delta
	changed bool
	err     error
}

// blobRequest asks for the status of a blob, first met at path.
type blobRequest struct {
	path string
	blob plumbing.Hash
}

// openBlobStorage opens a second storage of the repository, for reading
// blobs concurrently with the trees: nil when the repository's storage is
// not one whose files can be opened again. Packed objects are read through
// the walk's own pack scanners, so its cache only serves the rest.
func openBlobStorage(repo *git.Repository) *filesystem.Storage {
	fs, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		return nil
	}
	return filesystem.NewStorageWithOptions(mapPacks(fs.Filesystem()),
		cache.NewObjectLRU(blobCacheSize),
		filesystem.Options{KeepDescriptors: true, ExclusiveAccess: true})
}

// walk visits the commits in order. blobs, when not nil, is where the
// statuses are read from, on a goroutine of their own.
func (w *walker) walk(order []*commitNode, blobs *blobSource) error {
	w.table = newStatusTable()
	quit := make(chan struct{})
	steps := make(chan compared, stepBuffer)
	var requests chan blobRequest
	var wg sync.WaitGroup
	if w.status != nil && blobs != nil {
		requests = make(chan blobRequest, requestBuffer)
		wg.Add(1)
		go func() {
			defer wg.Done()
			readStatuses(blobs, w.status, requests, quit, w.table)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		w.compareAll(order, steps, requests, quit)
	}()
	err := w.advanceAll(steps)
	close(quit)
	wg.Wait()
	return err
}

// advanceAll builds the snapshots of the compared commits.
func (w *walker) advanceAll(steps <-chan compared) error {
	for s := range steps {
		if s.err != nil {
			return s.err
		}
		if err := w.advance(s.c, s.deltas, s.changed); err != nil {
			return err
		}
	}
	return nil
}

// compareAll compares each commit with its parents and sends the result to
// steps, asking for the status of each blob first met. Without requests it
// reads the statuses itself. It stops early when quit is closed.
func (w *walker) compareAll(order []*commitNode, steps chan<- compared, requests chan<- blobRequest, quit <-chan struct{}) {
	defer close(steps)
	if requests != nil {
		defer close(requests)
	} else if w.status != nil {
		defer w.table.stop(nil)
	}
	send := func(s compared) bool {
		select {
		case steps <- s:
			return true
		case <-quit:
			return false
		}
	}
	met := map[plumbing.Hash]struct{}{}
	for _, c := range order {
		deltas, changed, err := w.compare(c)
		if err != nil {
			send(compared{err: err})
			return
		}
		if w.status != nil {
			for _, t := range statusTargets(len(c.parents), deltas) {
				if _, ok := met[t.blob]; ok {
					continue
				}
				met[t.blob] = struct{}{}
				if requests == nil {
					s, err := statusOfBlob(w.blobs, w.status, t.path, t.blob)
					if err != nil {
						send(compared{err: err})
						return
					}
					w.table.put(t.blob, s)
					continue
				}
				select {
				case requests <- blobRequest{t.path, t.blob}:
				case <-quit:
					return
				}
			}
		}
		if !send(compared{c: c, deltas: deltas, changed: changed}) {
			return
		}
	}
}

// statusTargets returns the files of a commit whose content apply looks at,
// in the order it does.
func statusTargets(parents int, deltas []delta) []target {
	if parents <= 1 {
		return deltas[0].targets
	}
	blobs := map[string]plumbing.Hash{}
	for _, d := range deltas {
		for _, t := range d.targets {
			blobs[t.path] = t.blob
		}
	}
	out := make([]target, 0, len(blobs))
	for _, p := range slices.Sorted(maps.Keys(blobs)) {
		out = append(out, target{path: p, blob: blobs[p]})
	}
	return out
}

// readStatuses reads the status of each requested blob into table, until
// requests is closed or quit is. After an error it only drains requests, so
// that the comparison never waits for it.
func readStatuses(blobs *blobSource, status func(string, []byte) string, requests <-chan blobRequest, quit <-chan struct{}, table *statusTable) {
	defer table.stop(nil)
	for {
		select {
		case r, ok := <-requests:
			if !ok {
				return
			}
			if table.failed() {
				continue
			}
			s, err := statusOfBlob(blobs, status, r.path, r.blob)
			if err != nil {
				table.stop(err)
				continue
			}
			table.put(r.blob, s)
		case <-quit:
			return
		}
	}
}

// statusOfBlob reads a blob and returns its status.
func statusOfBlob(blobs *blobSource, status func(string, []byte) string, path string, blob plumbing.Hash) (string, error) {
	content, err := blobs.read(blob)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return status(path, content), nil
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

func (t *statusTable) failed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err != nil
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
