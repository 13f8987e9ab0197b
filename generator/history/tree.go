package history

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Trees are read as raw bytes and compared entry by entry without building
// go-git's object.Tree values: a feedback folder is typically flat, so one
// tree can hold thousands of entries, and decoding all of them into structs
// for every commit would cost more than the comparison itself.

// treeEntry is one entry of a raw tree object. name aliases the raw bytes.
type treeEntry struct {
	mode filemode.FileMode
	name []byte
	hash plumbing.Hash
}

func (e *treeEntry) isDir() bool { return e.mode == filemode.Dir }

// isFile reports whether the entry is a file whose content is tracked:
// regular and executable files. Symbolic links and submodules are not.
func (e *treeEntry) isFile() bool {
	return e.mode == filemode.Regular || e.mode == filemode.Executable || e.mode == filemode.Deprecated
}

// treeReader iterates over the entries of a raw tree object.
type treeReader struct {
	raw []byte
	pos int
}

// next parses the next entry into e; it returns false at the end. A malformed
// tree is an error, never a panic.
func (r *treeReader) next(e *treeEntry) (bool, error) {
	if r.pos >= len(r.raw) {
		return false, nil
	}
	rest := r.raw[r.pos:]
	sp := bytes.IndexByte(rest, ' ')
	if sp <= 0 {
		return false, errMalformedTree
	}
	var mode uint32
	for _, c := range rest[:sp] {
		if c < '0' || c > '7' {
			return false, errMalformedTree
		}
		mode = mode<<3 | uint32(c-'0')
	}
	nul := bytes.IndexByte(rest[sp+1:], 0)
	if nul < 0 {
		return false, errMalformedTree
	}
	end := sp + 1 + nul + 1 + len(plumbing.ZeroHash)
	if end > len(rest) {
		return false, errMalformedTree
	}
	e.mode = filemode.FileMode(mode)
	e.name = rest[sp+1 : sp+1+nul]
	copy(e.hash[:], rest[sp+1+nul+1:end])
	r.pos += end
	return true, nil
}

var errMalformedTree = errors.New("malformed tree object")

// compareEntries orders entries as git sorts them in a tree: by name, where a
// folder's name compares as if it ended with a slash.
func compareEntries(a, b *treeEntry) int {
	n := min(len(a.name), len(b.name))
	if c := bytes.Compare(a.name[:n], b.name[:n]); c != 0 {
		return c
	}
	ca, cb := entryCharAt(a, n), entryCharAt(b, n)
	switch {
	case ca < cb:
		return -1
	case ca > cb:
		return 1
	}
	return 0
}

func entryCharAt(e *treeEntry, i int) int {
	if i < len(e.name) {
		return int(e.name[i])
	}
	if e.isDir() {
		return '/'
	}
	return 0
}

// fileChange is a difference of one file between two trees: from is zero for
// an added file, to is zero for a deleted one.
type fileChange struct {
	path     string
	from, to plumbing.Hash
}

// treeSource reads raw tree objects, reusing buffers between reads.
type treeSource struct {
	objects storer.EncodedObjectStorer
	free    [][]byte
}

// read returns the raw content of tree h; the empty tree for the zero hash.
// The buffer must be handed back with release once no entry refers to it.
func (s *treeSource) read(h plumbing.Hash) ([]byte, error) {
	if h.IsZero() {
		return nil, nil
	}
	obj, err := s.objects.EncodedObject(plumbing.TreeObject, h)
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", h, err)
	}
	size := int(obj.Size())
	var buf []byte
	if n := len(s.free); n > 0 {
		buf, s.free = s.free[n-1], s.free[:n-1]
	}
	if cap(buf) < size {
		buf = make([]byte, size)
	}
	buf = buf[:size]
	r, err := obj.Reader()
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", h, err)
	}
	_, err = io.ReadFull(r, buf)
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", h, err)
	}
	return buf, nil
}

func (s *treeSource) release(buf []byte) {
	if buf != nil {
		s.free = append(s.free, buf)
	}
}

// lookup returns the hash of the folder at path (a slash-separated, cleaned
// path; "" is the tree itself) under tree root, or the zero hash when there is
// no such folder.
func (s *treeSource) lookup(root plumbing.Hash, path []string) (plumbing.Hash, error) {
	h := root
	for _, name := range path {
		raw, err := s.read(h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		found := plumbing.ZeroHash
		r := treeReader{raw: raw}
		var e treeEntry
		for {
			ok, err := r.next(&e)
			if err != nil {
				s.release(raw)
				return plumbing.ZeroHash, fmt.Errorf("read tree %s: %w", h, err)
			}
			if !ok {
				break
			}
			if e.isDir() && string(e.name) == name {
				found = e.hash
				break
			}
		}
		s.release(raw)
		if found.IsZero() {
			return found, nil
		}
		h = found
	}
	return h, nil
}

// diff appends to out the file changes between trees a and b (either may be
// the zero hash: an absent folder), naming files dir + "/" + name. Subtrees
// with equal hashes are not read.
func (s *treeSource) diff(a, b plumbing.Hash, dir string, out []fileChange) ([]fileChange, error) {
	if a == b {
		return out, nil
	}
	rawA, err := s.read(a)
	if err != nil {
		return out, err
	}
	defer s.release(rawA)
	rawB, err := s.read(b)
	if err != nil {
		return out, err
	}
	defer s.release(rawB)

	ra, rb := treeReader{raw: rawA}, treeReader{raw: rawB}
	var ea, eb treeEntry
	okA, err := ra.next(&ea)
	if err != nil {
		return out, fmt.Errorf("read tree %s: %w", a, err)
	}
	okB, err := rb.next(&eb)
	if err != nil {
		return out, fmt.Errorf("read tree %s: %w", b, err)
	}
	for okA || okB {
		c := 0
		switch {
		case !okA:
			c = 1
		case !okB:
			c = -1
		default:
			c = compareEntries(&ea, &eb)
		}
		switch {
		case c < 0: // only in a
			if out, err = s.side(&ea, true, dir, out); err != nil {
				return out, err
			}
		case c > 0: // only in b
			if out, err = s.side(&eb, false, dir, out); err != nil {
				return out, err
			}
		default:
			if out, err = s.both(&ea, &eb, dir, out); err != nil {
				return out, err
			}
		}
		if c <= 0 {
			if okA, err = ra.next(&ea); err != nil {
				return out, fmt.Errorf("read tree %s: %w", a, err)
			}
		}
		if c >= 0 {
			if okB, err = rb.next(&eb); err != nil {
				return out, fmt.Errorf("read tree %s: %w", b, err)
			}
		}
	}
	return out, nil
}

// side records an entry present in only one of the trees: deleted when
// fromA, added otherwise.
func (s *treeSource) side(e *treeEntry, fromA bool, dir string, out []fileChange) ([]fileChange, error) {
	path := joinPath(dir, e.name)
	switch {
	case e.isDir():
		if fromA {
			return s.diff(e.hash, plumbing.ZeroHash, path, out)
		}
		return s.diff(plumbing.ZeroHash, e.hash, path, out)
	case e.isFile():
		if fromA {
			return append(out, fileChange{path: path, from: e.hash}), nil
		}
		return append(out, fileChange{path: path, to: e.hash}), nil
	}
	return out, nil
}

// both records an entry present in both trees under the same name and kind.
func (s *treeSource) both(ea, eb *treeEntry, dir string, out []fileChange) ([]fileChange, error) {
	if ea.hash == eb.hash && ea.isFile() == eb.isFile() {
		return out, nil
	}
	path := joinPath(dir, ea.name)
	switch {
	case ea.isDir():
		return s.diff(ea.hash, eb.hash, path, out)
	case ea.isFile() && eb.isFile():
		return append(out, fileChange{path: path, from: ea.hash, to: eb.hash}), nil
	case ea.isFile():
		return append(out, fileChange{path: path, from: ea.hash}), nil
	case eb.isFile():
		return append(out, fileChange{path: path, to: eb.hash}), nil
	}
	return out, nil
}

func joinPath(dir string, name []byte) string {
	if dir == "" {
		return string(name)
	}
	return dir + "/" + string(name)
}
