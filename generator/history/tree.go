package history

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/heedhq/heed/generator/history/internal/pack"
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

// rawTree is the content of a tree object and, once known, the offset of
// each of its entries.
type rawTree struct {
	raw  []byte
	offs []int32 // nil until the tree has been parsed or derived
}

// treeBytes bounds the raw trees a treeSource keeps; each comparer has one.
// A commit's trees are read again as its child's parent trees, a branch's as
// its merge's, and a tree stored as a delta needs its base, usually the
// version before. 32 MiB holds about 80 versions of a flat folder of 10,000
// files; on 100,000 items in dated folders, a walk with 64 MiB per comparer
// reads 1% fewer objects, with a live heap 90 MB larger.
const treeBytes = 32 << 20

// maxDeltaChain bounds how many delta bases a walk resolves itself before it
// leaves the rest of a chain to go-git.
const maxDeltaChain = 64

// treeSource reads raw tree objects and compares them. It keeps the trees it
// read last, with their entry offsets, so that comparing a tree with its next
// version skips their common beginning and end instead of parsing thousands
// of equal entries, and so that a tree stored as a delta of one it holds is
// rebuilt from that delta alone.
type treeSource struct {
	objects *objectReader
	recent  *recentObjects[*rawTree]
	// Trees dropped from recent are reused for reading or rebuilding
	// others: a flat folder of 10,000 files is a tree of 400 KiB for
	// every version, and a walk of 100,000 items in dated folders reads
	// 170,000 trees of a few KiB, which the runtime would zero and
	// collect each time (most of a walk's allocations). A dropped tree
	// may still be in use by the comparison that dropped it, so it is
	// retired first and spare only after it.
	retired, spare [][]byte
	reuse          int  // the size from which trees are reused
	dropping       bool // recent has dropped trees
	// alloc is newTree, for objects.readAt to read whole trees into.
	alloc func(size int) []byte
	// paths holds each path met once (see join).
	paths   map[string]string
	pathBuf []byte
}

// reuseBytes is the size from which trees are reused; spareTrees bounds the
// spare ones kept: a commit reads a few dozen trees.
const (
	reuseBytes = 1 << 10
	spareTrees = 32
)

// newTreeSource returns a treeSource reading through objects, keeping up to
// keep bytes of trees and reusing trees of reuse bytes or more.
func newTreeSource(objects *objectReader, keep, reuse int) *treeSource {
	s := &treeSource{objects: objects, reuse: reuse, paths: map[string]string{}}
	s.alloc = s.newTree
	s.recent = newRecentObjects(keep, func(t *rawTree) int { return cap(t.raw) })
	s.recent.evicted = func(t *rawTree) {
		s.dropping = true
		if cap(t.raw) >= s.reuse {
			s.retired = append(s.retired, t.raw)
		}
	}
	return s
}

// release makes the trees retired so far spare: the caller is done with
// every tree it read.
func (s *treeSource) release() {
	for _, b := range s.retired {
		if len(s.spare) == spareTrees {
			copy(s.spare, s.spare[1:]) // the oldest goes
			s.spare = s.spare[:spareTrees-1]
		}
		s.spare = append(s.spare, b)
	}
	clear(s.retired)
	s.retired = s.retired[:0]
}

// buffer returns a spare tree with room for size bytes, or nil.
func (s *treeSource) buffer(size int) []byte {
	for i := len(s.spare) - 1; i >= 0; i-- {
		if b := s.spare[i]; cap(b) >= size && cap(b) <= 2*size {
			s.spare = slices.Delete(s.spare, i, i+1)
			return b
		}
	}
	return nil
}

// newTree returns a buffer for a tree of size bytes once trees are dropped:
// a spare one, or for a tree of reuse bytes or more a new one with room for
// the next versions, a little larger when files are added, to be rebuilt in
// it once it is dropped; else nil.
func (s *treeSource) newTree(size int) []byte {
	if size < s.reuse || !s.dropping {
		return nil // nothing to reuse, nor to reuse it for
	}
	if b := s.buffer(size); b != nil {
		return b
	}
	return make([]byte, 0, size+size/8)
}

// read returns tree h; the empty tree for the zero hash.
func (s *treeSource) read(h plumbing.Hash) (*rawTree, error) {
	return s.readChain(h, 0)
}

// readChain reads tree h, resolving up to maxDeltaChain-depth delta bases
// itself; with depth maxDeltaChain, go-git resolves them.
func (s *treeSource) readChain(h plumbing.Hash, depth int) (*rawTree, error) {
	if h.IsZero() { // an absent folder: no entries
		return &rawTree{offs: []int32{}}, nil
	}
	if t, ok := s.recent.get(h); ok {
		return t, nil
	}
	raw, err := s.load(h, depth)
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", h, err)
	}
	t := &rawTree{raw: raw}
	s.recent.put(h, t)
	return t, nil
}

// load reads the content of tree h. A tree stored in a pack as a delta is
// rebuilt from its base, read (and kept) like any tree: in a walk the base is
// usually the tree's previous version, already at hand.
func (s *treeSource) load(h plumbing.Hash, depth int) ([]byte, error) {
	o, err := s.objects.readAt(h, depth, s.alloc)
	if err != nil {
		return nil, err
	}
	if o.Delta {
		if raw, err := s.patch(o, depth); err == nil {
			return raw, nil
		}
		// Anything unexpected: let go-git resolve it.
		if o, err = s.objects.resolved(h); err != nil {
			return nil, err
		}
	}
	if o.Type != plumbing.TreeObject {
		return nil, fmt.Errorf("%s is a %s: %w", h, o.Type, plumbing.ErrObjectNotFound)
	}
	return o.Data, nil
}

// patch applies delta o to its base tree.
func (s *treeSource) patch(o pack.Object, depth int) ([]byte, error) {
	base, err := s.readChain(o.Base, depth+1)
	if err != nil {
		return nil, err
	}
	// The buffer is sized by what the delta announces, unless that is
	// more than twice the base and the delta's own bytes: a next version
	// of a tree is its base's entries, some dropped, and new ones, and a
	// damaged delta can announce 4 GiB. ApplyDelta then grows its own.
	var buf []byte
	if size, ok := pack.DeltaSize(o.Data); ok && size <= 2*(len(base.raw)+len(o.Data)) {
		buf = s.newTree(size)
	}
	return pack.ApplyDelta(buf, base.raw, o.Data)
}

// lookup returns the hash of the folder at path (cleaned components; none is
// the tree itself) under tree root, or the zero hash when there is no such
// folder.
func (s *treeSource) lookup(root plumbing.Hash, path []string) (plumbing.Hash, error) {
	h := root
	for _, name := range path {
		var err error
		if h, err = s.entry(h, name, true); err != nil || h.IsZero() {
			return plumbing.ZeroHash, err
		}
	}
	return h, nil
}

// file returns the content of the tracked file at path rel (names joined
// by slashes) under tree root, or zero when there is none.
func (s *treeSource) file(root plumbing.Hash, rel string) (plumbing.Hash, error) {
	h := root
	for {
		name, rest, dir := strings.Cut(rel, "/")
		var err error
		if h, err = s.entry(h, name, dir); err != nil || !dir || h.IsZero() {
			return h, err
		}
		rel = rest
	}
}

// entry returns the hash of the entry called name in tree h, a folder or
// else a tracked file, or zero when there is none. A tree whose entry
// offsets are known is searched by halves: a merge's files are looked up in
// its later parents' folders, which can hold thousands of files.
func (s *treeSource) entry(h plumbing.Hash, name string, folder bool) (plumbing.Hash, error) {
	t, err := s.read(h)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	want := treeEntry{name: []byte(name), mode: filemode.Regular}
	if folder {
		want.mode = filemode.Dir
	}
	// Entries are in git's order: the first not before name is it or
	// there is none.
	r := treeReader{raw: t.raw}
	var e treeEntry
	if t.offs != nil {
		var bad error
		i := sort.Search(len(t.offs), func(i int) bool {
			r.pos = int(t.offs[i])
			if _, err := r.next(&e); err != nil {
				bad = err
				return true
			}
			return compareEntries(&e, &want) >= 0
		})
		if bad != nil {
			return plumbing.ZeroHash, fmt.Errorf("read tree %s: %w", h, bad)
		}
		if i == len(t.offs) {
			return plumbing.ZeroHash, nil
		}
		r.pos = int(t.offs[i])
	}
	for {
		ok, err := r.next(&e)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("read tree %s: %w", h, err)
		}
		if !ok {
			return plumbing.ZeroHash, nil
		}
		switch c := compareEntries(&e, &want); {
		case c == 0 && (folder || e.isFile()): // not a link or submodule
			return e.hash, nil
		case c >= 0:
			return plumbing.ZeroHash, nil
		}
	}
}

// diff appends to out the file changes between trees a and b (either may be
// the zero hash: an absent folder), naming files dir + "/" + name. Subtrees
// with equal hashes are not read.
//
// When a's entry offsets are known, the entries before the first differing
// byte are skipped, and the comparison stops as soon as both sides are at an
// entry boundary with equal remaining bytes. Along the way b's offsets are
// derived, so that the next version of the tree is compared the same way.
func (s *treeSource) diff(a, b plumbing.Hash, dir string, out []fileChange) ([]fileChange, error) {
	if a == b {
		return out, nil
	}
	ta, err := s.read(a)
	if err != nil {
		return out, err
	}
	tb, err := s.read(b)
	if err != nil {
		return out, err
	}
	A, B := ta.raw, tb.raw
	ra, rb := treeReader{raw: A}, treeReader{raw: B}
	first := 0               // index in ta.offs of the first entry compared
	suffix := -1             // length of the common end, when skipping
	var offsA, offsB []int32 // offsets parsed here
	if ta.offs != nil && len(ta.offs) > 0 && len(B) > 0 {
		p := commonPrefix(A, B)
		first = max(0, sort.Search(len(ta.offs), func(i int) bool { return int(ta.offs[i]) > p })-1)
		ra.pos = int(ta.offs[first])
		rb.pos = ra.pos
		suffix = commonSuffix(A[ra.pos:], B[rb.pos:])
	}

	var ea, eb treeEntry
	var okA, okB bool
	startA, startB := ra.pos, rb.pos // where ea and eb begin
	nextA := func() error {
		startA = ra.pos
		okA, err = ra.next(&ea)
		if okA && ta.offs == nil {
			offsA = append(offsA, int32(startA))
		}
		if err != nil {
			return fmt.Errorf("read tree %s: %w", a, err)
		}
		return nil
	}
	nextB := func() error {
		startB = rb.pos
		okB, err = rb.next(&eb)
		if okB && tb.offs == nil {
			offsB = append(offsB, int32(startB))
		}
		if err != nil {
			return fmt.Errorf("read tree %s: %w", b, err)
		}
		return nil
	}
	if err := nextA(); err != nil {
		return out, err
	}
	if err := nextB(); err != nil {
		return out, err
	}
	stopped := false
	for okA || okB {
		if suffix >= 0 && okA && okB && len(A)-startA == len(B)-startB && len(A)-startA <= suffix {
			stopped = true // the rest is the same entries
			break
		}
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
			if err := nextA(); err != nil {
				return out, err
			}
		}
		if c >= 0 {
			if err := nextB(); err != nil {
				return out, err
			}
		}
	}

	if ta.offs == nil && suffix < 0 {
		ta.offs = offsA // parsed from the start to the end
	}
	if tb.offs == nil {
		switch {
		case suffix < 0:
			tb.offs = offsB
		default:
			// Equal entries before the first compared one, the entries
			// parsed, and a's remaining entries shifted to b's positions.
			offs := make([]int32, 0, len(ta.offs)+len(offsB)-first)
			offs = append(offs, ta.offs[:first]...)
			offs = append(offs, offsB...)
			if stopped {
				offs = offs[:len(offs)-1] // eb is a's entry at startA, added below
				shift := int32(len(B) - len(A))
				rest, _ := slices.BinarySearch(ta.offs, int32(startA))
				for _, o := range ta.offs[rest:] {
					offs = append(offs, o+shift)
				}
			}
			tb.offs = offs
		}
	}
	return out, nil
}

// commonPrefix returns the length of the longest common prefix of a and b.
// Blocks of 256 bytes are compared first, then words of 8, then bytes: two
// versions of a tree share most of their bytes, and a comparison byte by
// byte of the rest of a block was 4% of a walk.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	const chunk = 256
	for i+chunk <= n && bytes.Equal(a[i:i+chunk], b[i:i+chunk]) {
		i += chunk
	}
	for i+8 <= n {
		if x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:]); x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
		i += 8
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix returns the length of the longest common suffix of a and b,
// compared as commonPrefix does, from the end.
func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	const chunk = 256
	for i+chunk <= n && bytes.Equal(a[len(a)-i-chunk:len(a)-i], b[len(b)-i-chunk:len(b)-i]) {
		i += chunk
	}
	for i+8 <= n {
		if x := binary.BigEndian.Uint64(a[len(a)-i-8:]) ^ binary.BigEndian.Uint64(b[len(b)-i-8:]); x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
		i += 8
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}

// side records an entry present in only one of the trees: deleted when
// fromA, added otherwise.
func (s *treeSource) side(e *treeEntry, fromA bool, dir string, out []fileChange) ([]fileChange, error) {
	path := s.join(dir, e.name)
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
	path := s.join(dir, ea.name)
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

// join returns dir + "/" + name, or name when dir is "": one string per
// path for all the walk's comparisons. A file changed in a thousand
// commits is a thousand paths to compare and keep, and a string made for
// each was an eighth of the objects a walk allocated.
func (s *treeSource) join(dir string, name []byte) string {
	b := append(s.pathBuf[:0], dir...)
	if dir != "" {
		b = append(b, '/')
	}
	b = append(b, name...)
	s.pathBuf = b
	if p, ok := s.paths[string(b)]; ok {
		return p
	}
	p := string(b)
	s.paths[p] = p
	return p
}
