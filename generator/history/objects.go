package history

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/heedhq/heed/generator/history/internal/pack"
)

// A walk reads packed objects through package pack, which reads them from
// the pack files' bytes far faster than go-git's storage does (see there),
// and applies deltas to the bases it keeps (treeSource, blobSource).
// Objects in no pack (loose ones), and anything pack reports an error for,
// are read through go-git's storage, which resolves deltas itself.

// openPacks reads the pack indexes of repository storage st and of the
// object folders it borrows from, and with mapped maps the packs into
// memory where the system allows: an empty set when st is not a storage
// of files.
func openPacks(st storer.EncodedObjectStorer, mapped bool) (*pack.Set, error) {
	fs, ok := st.(*filesystem.Storage)
	if !ok {
		return &pack.Set{}, nil
	}
	dirs := []*dotgit.DotGit{dotgit.NewWithOptions(fs.Filesystem(), dotgit.Options{ExclusiveAccess: true})}
	alternates, err := alternateDirs(fs.Filesystem())
	if err != nil {
		return nil, err
	}
	for _, alt := range alternates {
		dirs = append(dirs, dotgit.NewWithOptions(pack.FS(osfs.New(alt)), dotgit.Options{ExclusiveAccess: true}))
	}
	return pack.Open(dirs, mapped)
}

// maxAlternates bounds the chain of alternates followed, as git's does.
const maxAlternates = 5

// alternateDirs returns the folders holding the object folders that
// objects/info/alternates of repository folder fs names, and theirs in
// turn, each once: the repository folders of the clones made with
// --shared or --reference. A line is an absolute path or one relative to
// the objects folder. An alternate that is not a folder is an error
// wrapping ErrMissingObjects: its objects are missing.
func alternateDirs(fs billy.Filesystem) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	var visit func(objects string, depth int) error
	visit = func(objects string, depth int) error {
		data, err := os.ReadFile(filepath.Join(objects, "info", "alternates"))
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", filepath.Join(objects, "info", "alternates"), err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if !filepath.IsAbs(line) {
				line = filepath.Join(objects, line)
			}
			line = filepath.Clean(line)
			if seen[line] {
				continue
			}
			seen[line] = true
			if fi, err := os.Stat(line); err != nil || !fi.IsDir() {
				return fmt.Errorf("alternate object folder %s: %w", line, ErrMissingObjects)
			}
			if depth >= maxAlternates {
				continue
			}
			out = append(out, filepath.Dir(line))
			if err := visit(line, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := visit(filepath.Join(fs.Root(), "objects"), 0); err != nil {
		return nil, err
	}
	return out, nil
}

// objectReader reads objects for one goroutine: through its own scanners of
// the pack files, else through store.
type objectReader struct {
	store storer.EncodedObjectStorer
	packs *pack.Reader // nil: every object through store
}

// newObjectReader opens the packs of set for reading, with store for the
// objects in none of them.
func newObjectReader(set *pack.Set, store storer.EncodedObjectStorer) (*objectReader, error) {
	r, err := set.Reader()
	if err != nil {
		return nil, err
	}
	return &objectReader{store: store, packs: r}, nil
}

func (r *objectReader) close() {
	if r.packs != nil {
		r.packs.Close()
	}
}

// readDepth returns object h: as stored when it is in a pack (a delta stays
// a delta), else its content read through the storage.
func (r *objectReader) readDepth(h plumbing.Hash, depth int, alloc func(int) []byte) (pack.Object, error) {
	if r.packs != nil {
		o, err := r.packs.Read(h, depth, alloc)
		if !errors.Is(err, pack.ErrNotPacked) {
			return o, err
		}
	}
	return r.resolved(h)
}

// readAt is readDepth for an object depth bases down a delta chain: from
// maxDeltaChain on, the storage resolves the rest of the chain. The content
// of a packed object stored whole goes in alloc's buffer, when alloc is not
// nil and returns one with room for it.
func (r *objectReader) readAt(h plumbing.Hash, depth int, alloc func(size int) []byte) (pack.Object, error) {
	if depth < maxDeltaChain {
		return r.readDepth(h, depth, alloc)
	}
	return r.resolved(h)
}

// resolved returns the content of object h read through the storage, which
// resolves deltas itself.
func (r *objectReader) resolved(h plumbing.Hash) (pack.Object, error) {
	obj, err := r.store.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		return pack.Object{}, err
	}
	data, err := readObject(obj)
	if err != nil {
		return pack.Object{}, err
	}
	return pack.Object{Type: obj.Type(), Data: data}, nil
}

// readObject returns the content of an object.
func readObject(obj plumbing.EncodedObject) ([]byte, error) {
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	// Sized once: bytes.Buffer.ReadFrom would grow a buffer of exactly the
	// object's size before reading the end.
	buf := make([]byte, obj.Size())
	_, err = io.ReadFull(r, buf)
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	return buf, err
}

// commitBases is the size of the commits a commitSource keeps as bases of
// the commits stored as deltas: in a pack, a commit's base is another
// commit, usually one read shortly before.
const commitBases = 1 << 20

// commitSource reads and parses commits, applying the deltas of packed ones
// to the bases it keeps.
type commitSource struct {
	objects *objectReader
	recent  *recentObjects[[]byte]
	header  commitHeader // the last commit parsed; its room is reused
	// buf holds the content of the commit read last, when it is stored
	// whole: it is parsed at once, so one buffer serves every commit.
	buf   []byte
	alloc func(size int) []byte
}

func newCommitSource(objects *objectReader) *commitSource {
	s := &commitSource{objects: objects, recent: newRecentObjects(commitBases, func(b []byte) int { return len(b) })}
	s.alloc = func(size int) []byte {
		if cap(s.buf) < size {
			s.buf = make([]byte, 0, max(size, 2*cap(s.buf)))
		}
		return s.buf
	}
	return s
}

// commitPrefix is how much of a commit is read first: its tree, parents,
// author and committer lines take about 300 bytes, before a signature and
// the message, which a walk does not read.
const commitPrefix = 512

// commit reads and parses commit h. The header is valid until the next
// call (its author aliases the commit's bytes). A missing commit is an
// error wrapping plumbing.ErrObjectNotFound.
func (s *commitSource) commit(h plumbing.Hash) (*commitHeader, error) {
	if r := s.objects.packs; r != nil {
		if data, typ, ok := r.ReadPrefix(h, commitPrefix, s.alloc(commitPrefix)); ok && typ == plumbing.CommitObject {
			// Whole lines only; parsed when they hold all a walk needs,
			// else the commit is read whole.
			data = data[:bytes.LastIndexByte(data, '\n')+1]
			if err := parseCommit(data, &s.header); err == nil && s.header.settled {
				return &s.header, nil
			}
		}
	}
	data, typ, err := s.content(h, 0)
	if err != nil {
		return nil, err
	}
	if typ != plumbing.CommitObject {
		return nil, fmt.Errorf("%s is a %s: %w", h, typ, plumbing.ErrObjectNotFound)
	}
	if err := parseCommit(data, &s.header); err != nil {
		return nil, fmt.Errorf("commit %s: %w", h, err)
	}
	return &s.header, nil
}

// content returns the content and type of object h, resolving up to
// maxDeltaChain-depth delta bases itself and keeping the bases it read.
// The content may be s.buf, valid until the next read.
func (s *commitSource) content(h plumbing.Hash, depth int) ([]byte, plumbing.ObjectType, error) {
	o, err := s.objects.readAt(h, depth, s.alloc)
	if err != nil {
		return nil, 0, err
	}
	if !o.Delta {
		return o.Data, o.Type, nil
	}
	base, ok := s.recent.get(o.Base)
	typ := plumbing.CommitObject // a base kept is a commit
	if !ok {
		if base, typ, err = s.content(o.Base, depth+1); err == nil && typ == plumbing.CommitObject {
			base = bytes.Clone(base) // it may be s.buf
			s.recent.put(o.Base, base)
		}
	}
	if err == nil {
		o.Data, err = pack.ApplyDelta(nil, base, o.Data)
	}
	if err != nil {
		// Anything unexpected: let go-git resolve it.
		if o, err = s.objects.resolved(h); err != nil {
			return nil, 0, err
		}
		return o.Data, o.Type, nil
	}
	return o.Data, typ, nil
}
