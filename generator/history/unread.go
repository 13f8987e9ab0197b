package history

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// A file content (blob) that cannot be read does not stop a walk: its
// status is unknown (the status shown before it stays), and it is not
// paired with others by similarity. Partial clones lack old contents by
// design; a damaged pack may lack a few. Commits and trees are another
// matter: without them there is no history to tell, and Walk fails.

// unknownStatus is the status of a content that could not be read.
const unknownStatus = "\x00unknown"

// unread collects the contents a walk could not read, from all its
// goroutines. What it reports depends on the set of contents only, never on
// which goroutine met one first.
type unread struct {
	mu    sync.Mutex
	blobs map[plumbing.Hash]unreadBlob
}

type unreadBlob struct {
	path string // the least path it was met at
	err  error
}

// add records that blob, met at path, could not be read.
func (u *unread) add(path string, blob plumbing.Hash, err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.blobs == nil {
		u.blobs = map[plumbing.Hash]unreadBlob{}
	}
	if old, ok := u.blobs[blob]; ok && old.path <= path {
		return
	}
	u.blobs[blob] = unreadBlob{path: path, err: err}
}

// problems returns one Problem per cause: missing contents, then damaged
// ones, each with the version of the least path (then hash) as example.
func (u *unread) problems(partialClone bool) []Problem {
	u.mu.Lock()
	defer u.mu.Unlock()
	type found struct {
		hash plumbing.Hash
		unreadBlob
	}
	byCause := map[error][]found{}
	for h, b := range u.blobs {
		cause := ErrDamagedObjects
		if errors.Is(b.err, plumbing.ErrObjectNotFound) {
			cause = ErrMissingObjects
		}
		byCause[cause] = append(byCause[cause], found{h, b})
	}
	var out []Problem
	for _, cause := range []error{ErrMissingObjects, ErrDamagedObjects} {
		all := byCause[cause]
		if len(all) == 0 {
			continue
		}
		first := slices.MinFunc(all, func(a, b found) int {
			return cmp.Or(cmp.Compare(a.path, b.path), cmp.Compare(a.hash.String(), b.hash.String()))
		})
		out = append(out, Problem{
			Err:          fmt.Errorf("first %s, blob %s: %w: %w", first.path, first.hash, cause, first.err),
			Versions:     len(all),
			PartialClone: partialClone && cause == ErrMissingObjects,
		})
	}
	return out
}

// isPartialClone reports whether repo was cloned with a filter (git clone
// --filter=blob:none, actions/checkout's filter): a remote is its
// promisor of the objects left out.
func isPartialClone(repo *git.Repository) bool {
	cfg, err := repo.Config()
	if err != nil || cfg.Raw == nil {
		return false
	}
	if cfg.Raw.Section("extensions").Option("partialclone") != "" {
		return true
	}
	for _, sub := range cfg.Raw.Section("remote").Subsections {
		if sub.Option("promisor") == "true" {
			return true
		}
	}
	return false
}
