// Package pack reads the objects of a git repository's pack files: the
// indexes, the object headers, the zlib streams and the deltas, straight
// from the files' bytes.
//
// A history walk reads nearly every object of the tracked folders' history
// once: every version of their trees and of their files, tens or hundreds
// of thousands of small objects. go-git's object storage spends more on each
// read than inflating the object takes: it looks for a loose file first,
// records the offset in a map, reads an object stored whole twice when
// asked for it as a possible delta, and hashes each object it reads to
// cache it. A Reader instead finds an object's offset in the pack index,
// parses its header, and inflates it into a buffer of its size; a delta is
// returned as a delta, for the caller to apply (ApplyDelta) to the base it
// keeps. Objects in no pack (loose ones) are the caller's to read through
// go-git's storage, and so is anything a Reader reports an error for.
//
// Every fast path here has a reference it is tested against: the index
// against go-git's idxfile, the headers against go-git's packfile scanner,
// the inflater against compress/zlib, ApplyDelta against go-git's deltas.
// Change one, change both.
package pack

import (
	"bytes"
	"cmp"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/bits"
	"slices"
	"sync/atomic"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// ErrNotPacked is returned by Reader.Read for an object in no pack.
var ErrNotPacked = errors.New("not in a pack")

// ErrBadIndex reports a pack index file that is not one of version 2, or
// that is damaged.
var ErrBadIndex = errors.New("malformed pack index")

// Set is the pack files of a repository's object directories and their
// indexes, opened once for a walk and shared by its Readers.
type Set struct {
	packs []packFile
	// inflated counts the objects inflated from memory maps; every
	// releaseEvery of them, the maps' pages are released.
	inflated     atomic.Int64
	releaseEvery int64
}

// releaseEvery is how many objects a Set's readers inflate from mapped
// packs between two releases of the maps' pages. A page of a map counts in
// the process's resident memory for as long as the map lasts: a history
// walk of 100,000 items read most of a 136 MB pack and held it while the
// build's heap grew, which made the build's peak. Released, the pages
// stay in the system's file cache; a later read maps them again, for
// about 5% more page faults.
const releaseEvery = 8192

// inflatedMapped counts an object inflated from a map.
func (s *Set) inflatedMapped() {
	if s.inflated.Add(1)%s.releaseEvery != 0 {
		return
	}
	for _, p := range s.packs {
		if p.data != nil {
			release(p.data)
		}
	}
}

// packFile is one pack file and its index.
type packFile struct {
	dir   *dotgit.DotGit // the object directory holding it
	hash  plumbing.Hash  // the pack's name
	idx   *lookup
	data  []byte // the pack's memory map; nil when it is not mapped
	unmap func() error
	// unmapIndex releases the index's memory map, when it is mapped.
	unmapIndex func() error
}

// Open reads the indexes of the packs of each object directory of dirs, in
// order: a repository's own, then its alternates'. With mapped, the packs
// are mapped into memory where the system allows; else they are read as
// files, through go-git's scanner. Close releases the maps.
func Open(dirs []*dotgit.DotGit, mapped bool) (*Set, error) {
	set := &Set{releaseEvery: releaseEvery}
	for _, dir := range dirs {
		hashes, err := dir.ObjectPacks()
		if err != nil {
			set.Close()
			return nil, fmt.Errorf("list packs: %w", err)
		}
		for _, h := range hashes {
			idx, unmapIndex, err := readIndex(dir, h, mapped)
			if err != nil {
				set.Close()
				return nil, err
			}
			// One map serves all the readers.
			var data []byte
			var unmap func() error
			if mapped {
				data, unmap = mapFile(dir.Fs(), dir.Fs().Join("objects", "pack", "pack-"+h.String()+".pack"))
			}
			set.packs = append(set.packs, packFile{dir: dir, hash: h, idx: idx, data: data, unmap: unmap, unmapIndex: unmapIndex})
		}
	}
	return set, nil
}

// Close releases the packs' memory maps, once the Set's readers are closed.
func (s *Set) Close() {
	for _, p := range s.packs {
		if p.unmap != nil {
			_ = p.unmap() // read only: nothing is lost
		}
		if p.unmapIndex != nil {
			_ = p.unmapIndex()
		}
	}
	s.packs = nil
}

// Len returns the number of pack files.
func (s *Set) Len() int { return len(s.packs) }

// readIndex reads the index of pack h of dir: with mapped, through a
// memory map of the file where the system allows and the file is of
// version 2 (the lookup reads the map; unmap releases it); else, or for
// an index that go-git's storage makes from the pack (see FS), its bytes.
func readIndex(dir *dotgit.DotGit, h plumbing.Hash, mapped bool) (l *lookup, unmap func() error, err error) {
	var data []byte
	if mapped {
		data, unmap = mapFile(dir.Fs(), dir.Fs().Join("objects", "pack", "pack-"+h.String()+".idx"))
		if data != nil && !bytes.HasPrefix(data, []byte(indexMagic)) {
			_ = unmap() // version 1: made again from the pack below
			data, unmap = nil, nil
		}
	}
	if data == nil {
		f, err := dir.ObjectPackIdx(h)
		if err != nil {
			return nil, nil, fmt.Errorf("open index of pack %s: %w", h, err)
		}
		data, err = readAll(f)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("read index of pack %s: %w", h, err)
		}
	}
	if l, err = parseIndex(data); err != nil {
		if unmap != nil {
			_ = unmap()
		}
		return nil, nil, fmt.Errorf("read index of pack %s: %w", h, err)
	}
	return l, unmap, nil
}

// sortByOffset returns the positions (in hash order) of the objects of l,
// sorted by offset (offsets are distinct). A pack of the size of go-git's
// own holds 40,000 objects; slices.SortFunc took 3% of a walk of its
// history to sort them, a radix sort of the offsets' bytes takes less than
// 0.2%. The order is slices.SortFunc's (TestSortByOffset).
func sortByOffset(l *lookup) []uint32 {
	n := l.len()
	var top int64
	for i := range n {
		top |= l.offsetAt(i)
	}
	src, dst := make([]uint32, n), make([]uint32, n)
	for i := range src {
		src[i] = uint32(i)
	}
	for shift := 0; shift < 64 && top>>shift != 0; shift += 8 {
		var count [257]int
		for _, i := range src {
			count[int(byte(l.offsetAt(int(i))>>shift))+1]++
		}
		for d := 1; d < len(count); d++ {
			count[d] += count[d-1]
		}
		for _, i := range src {
			d := byte(l.offsetAt(int(i)) >> shift)
			dst[count[d]] = i
			count[d]++
		}
		src, dst = dst, src
	}
	return src
}

// lookup finds the objects of a pack by hash, and by offset the bases of
// offset deltas. go-git's index does both, but records every offset it finds
// in a map behind a lock: with one lookup per object read, on several
// goroutines, that costs more than a lookup of its own, on the index
// file's bytes: the hashes in order, searched within the range of the
// hash's first byte, and the objects' positions in offset order, made once.
type lookup struct {
	fanout  [256]uint32 // objects whose hash's first byte is at most i
	names   []byte      // the hashes, in order
	crcs    []byte      // the CRC-32 of their stored bytes: 4 bytes each, in hash order
	offs    []byte      // their offsets: 4 bytes each, in hash order
	bigOffs []byte      // the 8-byte offsets that offsets with the high bit set index
	byOff   []uint32    // positions in hash order, sorted by offset
}

// len returns the number of objects.
func (l *lookup) len() int { return len(l.names) / hashSize }

// key returns the first 8 bytes of the hash at position i.
func (l *lookup) key(i int) uint64 { return binary.BigEndian.Uint64(l.names[i*hashSize:]) }

// offsetAt returns the offset of the object at position i.
func (l *lookup) offsetAt(i int) int64 {
	off := int64(binary.BigEndian.Uint32(l.offs[4*i:]))
	if off&(1<<31) != 0 {
		j := int(off &^ (1 << 31)) // checked by parseIndex
		off = int64(binary.BigEndian.Uint64(l.bigOffs[8*j:]))
	}
	return off
}

// hashAtPosition returns the hash at position i.
func (l *lookup) hashAtPosition(i int) plumbing.Hash {
	return plumbing.Hash(l.names[i*hashSize:][:hashSize])
}

// offset returns the offset of object h, false when the pack lacks it.
func (l *lookup) offset(h plumbing.Hash) (int64, bool) {
	i, ok := l.find(h)
	if !ok {
		return 0, false
	}
	return l.offsetAt(i), true
}

// find returns the position of object h in hash order, false when the
// pack lacks it.
func (l *lookup) find(h plumbing.Hash) (int, bool) {
	lo, hi := 0, int(l.fanout[h[0]])
	if h[0] > 0 {
		lo = int(l.fanout[h[0]-1])
	}
	if lo >= hi {
		return 0, false
	}
	k := binary.BigEndian.Uint64(h[:8])
	// Hashes are spread evenly: the first key not below k is near where
	// the bits after the first byte put it in the range, a few dozen
	// entries away at most in a range of thousands. From there the search
	// doubles its steps until it passes k, then halves them.
	guess, _ := bits.Mul64(k<<8, uint64(hi-lo))
	i := lo + int(guess)
	if l.key(i) < k {
		lo = i + 1
		for step := 1; ; step *= 2 {
			j := i + step
			if j >= hi {
				break
			}
			if l.key(j) >= k {
				hi = j
				break
			}
			lo = j + 1
		}
	} else {
		hi = i
		for step := 1; ; step *= 2 {
			j := i - step
			if j < lo {
				break
			}
			if l.key(j) < k {
				lo = j + 1
				break
			}
			hi = j
		}
	}
	for lo < hi { // the first key not below k
		m := int(uint(lo+hi) >> 1)
		if l.key(m) < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	for i := lo; i < l.len() && l.key(i) == k; i++ {
		if l.hashAtPosition(i) == h {
			return i, true
		}
	}
	return 0, false
}

// stored returns where the stored bytes of the object at position i end
// (the next object's offset, or end for the last), and their CRC-32.
func (l *lookup) stored(i int, end int64) (int64, uint32) {
	off := l.offsetAt(i)
	j, _ := slices.BinarySearchFunc(l.byOff, off, func(p uint32, off int64) int { return cmp.Compare(l.offsetAt(int(p)), off) })
	if j+1 < len(l.byOff) {
		end = l.offsetAt(int(l.byOff[j+1]))
	}
	return end, binary.BigEndian.Uint32(l.crcs[4*i:])
}

const hashSize = len(plumbing.ZeroHash)

// hashAt returns the hash of the object at offset off.
func (l *lookup) hashAt(off int64) (plumbing.Hash, error) {
	i, ok := slices.BinarySearchFunc(l.byOff, off, func(i uint32, off int64) int { return cmp.Compare(l.offsetAt(int(i)), off) })
	if !ok {
		return plumbing.ZeroHash, fmt.Errorf("no object at offset %d: %w", off, plumbing.ErrObjectNotFound)
	}
	return l.hashAtPosition(int(l.byOff[i])), nil
}

// readAll reads f whole, into a buffer of its size.
func readAll(f io.ReadSeeker) ([]byte, error) {
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	data := make([]byte, size)
	_, err = io.ReadFull(f, data)
	return data, err
}

// parseIndex reads a pack index file of version 2: a header, the number of
// objects whose hash's first byte is at most each value, then the hashes in
// order, their CRCs, their offsets (4 bytes; with the high bit set, the
// index of an 8-byte offset in the table that follows), and the SHA-1 of the
// pack and of the index itself, which is checked.
func parseIndex(data []byte) (*lookup, error) {
	const header = 8 + 256*4
	if len(data) < header+2*hashSize || string(data[:4]) != "\xfftOc" || binary.BigEndian.Uint32(data[4:]) != 2 {
		return nil, ErrBadIndex
	}
	body := data[:len(data)-hashSize]
	if sum := sha1.Sum(body); !bytes.Equal(sum[:], data[len(body):]) {
		return nil, ErrBadIndex
	}
	l := &lookup{}
	prev := uint32(0)
	for i := range l.fanout {
		l.fanout[i] = binary.BigEndian.Uint32(data[8+4*i:])
		if l.fanout[i] < prev {
			return nil, ErrBadIndex
		}
		prev = l.fanout[i]
	}
	n := int(l.fanout[255])
	large := header + n*(hashSize+4+4) // where the 8-byte offsets start
	if n > len(data)/(hashSize+8) || large > len(body)-hashSize {
		return nil, ErrBadIndex
	}
	l.names = data[header : header+n*hashSize]
	l.crcs = data[header+n*hashSize : header+n*(hashSize+4)]
	l.offs = data[header+n*(hashSize+4) : large]
	l.bigOffs = body[large : len(body)-hashSize]
	first := 0 // the first object whose hash starts with byte b
	for b := range 256 {
		for i := first; i < int(l.fanout[b]); i++ {
			if int(l.names[i*hashSize]) != b || i > first && l.key(i) < l.key(i-1) {
				return nil, ErrBadIndex // not sorted as found
			}
			off := binary.BigEndian.Uint32(l.offs[4*i:])
			if off&(1<<31) != 0 && int(off&^(1<<31)) >= len(l.bigOffs)/8 {
				return nil, ErrBadIndex
			}
		}
		first = int(l.fanout[b])
	}
	l.byOff = sortByOffset(l)
	return l, nil
}

// Reader reads the objects of a Set for one goroutine, through scanners
// of its own.
type Reader struct {
	set      *Set
	packs    []scanner
	inflater inflater
	src      bytes.Reader  // the zlib stream being inflated, by zlib
	zlib     io.ReadCloser // reused: a zlib.Resetter
	// scratch holds the instructions of the delta read last at each depth
	// of a delta chain, reused for the next.
	scratch [][]byte
}

type scanner struct {
	idx  *lookup
	data []byte            // the pack's memory map, shared, or nil and:
	file billy.File        // the open pack,
	scan *packfile.Scanner // read through go-git's scanner,
	size int64             // and its length
}

// length returns the pack's length in bytes.
func (p *scanner) length() int64 {
	if p.data != nil {
		return int64(len(p.data))
	}
	return p.size
}

// maxRatio is the most bytes deflate makes of one stored byte (258-byte
// matches of a bit or two each), and plausibleFrom the size from which an
// object's header is checked against it: a damaged header can claim any
// size, and the claim is what a buffer is made for.
const (
	maxRatio      = 1032
	plausibleFrom = 1 << 20
)

// plausible says whether the object at offset off, at position pos in
// hash order, can inflate to length bytes: its stored bytes end where the
// next object's begin, or at the pack's checksum.
func (p *scanner) plausible(pos int, off, length int64) bool {
	if length <= plausibleFrom {
		return length >= 0
	}
	end, _ := p.idx.stored(pos, p.length()-int64(hashSize))
	return length/maxRatio <= end-off
}

// sliceWriter appends what is written to b.
type sliceWriter struct{ b []byte }

func (w *sliceWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// Reader opens the packs of s for reading on one goroutine.
func (s *Set) Reader() (*Reader, error) {
	r := &Reader{set: s}
	for _, p := range s.packs {
		if p.data != nil {
			r.packs = append(r.packs, scanner{idx: p.idx, data: p.data})
			continue
		}
		f, err := p.dir.ObjectPack(p.hash)
		if err != nil {
			r.Close()
			return nil, fmt.Errorf("open pack %s: %w", p.hash, err)
		}
		size, err := f.Seek(0, io.SeekEnd)
		if err == nil {
			_, err = f.Seek(0, io.SeekStart)
		}
		if err != nil {
			f.Close()
			r.Close()
			return nil, fmt.Errorf("open pack %s: %w", p.hash, err)
		}
		r.packs = append(r.packs, scanner{idx: p.idx, file: f, scan: packfile.NewScanner(f), size: size})
	}
	return r, nil
}

// Close closes the files r opened.
func (r *Reader) Close() {
	for _, p := range r.packs {
		if p.file != nil {
			_ = p.file.Close() // read only: nothing is lost
		}
	}
	r.packs = nil
}

// Object is an object as stored in a pack: its content, or a delta of the
// object Base and the delta's instructions.
type Object struct {
	Type  plumbing.ObjectType // of the content; of the delta's kind for a delta
	Data  []byte              // the content, or the delta's instructions
	Base  plumbing.Hash       // for a delta
	Delta bool
}

// inflate returns the content of the object whose header p has just read,
// declared to be size bytes long, in buf when it has room. The scanner
// inflates through a buffered reader that also hashes every byte it reads,
// for checking whole packs, and resets its inflater with a 32 KiB
// dictionary; half the time of reading a small object goes there. From a
// mapped pack, the object's zlib stream is inflated here instead, from
// start, with the same checks: the declared size and the stream's checksum;
// by inflater, or by compress/zlib for a stream inflater does not take.
func (r *Reader) inflate(p *scanner, start, size int64, buf []byte) ([]byte, error) {
	var out []byte
	if int64(cap(buf)) >= size {
		out = buf[:size]
	} else {
		out = make([]byte, size)
	}
	if p.data == nil {
		w := sliceWriter{b: out[:0]}
		if _, _, err := p.scan.NextObject(&w); err != nil {
			return nil, err
		}
		if int64(len(w.b)) != size {
			return nil, packfile.ErrInflatedSizeMismatch
		}
		return w.b, nil
	}
	if start < 0 || start >= int64(len(p.data)) {
		return nil, io.ErrUnexpectedEOF
	}
	if r.inflater.inflate(p.data[start:], out) == nil {
		r.set.inflatedMapped()
		return out, nil
	}
	// Not a stream inflater decodes: compress/zlib says what is wrong, or
	// decodes what inflater does not.
	r.src.Reset(p.data[start:])
	if r.zlib == nil {
		zr, err := zlib.NewReader(&r.src)
		if err != nil {
			return nil, err
		}
		r.zlib = zr
	} else if err := r.zlib.(zlib.Resetter).Reset(&r.src, nil); err != nil {
		return nil, err
	}
	if _, err := io.ReadFull(r.zlib, out); err != nil {
		return nil, err
	}
	// The stream must end here; reading its end checks its checksum.
	var more [1]byte
	if n, err := r.zlib.Read(more[:]); n != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = packfile.ErrInflatedSizeMismatch
		}
		return nil, err
	}
	return out, nil
}

// Read reads object h from the first pack holding it; ErrNotPacked when
// none does. A delta stays a delta. Its instructions are read into a buffer
// kept for depth, valid until the next Read at that depth: a caller applies
// them once it has the base, which it reads at the next depth. The content
// of an object stored whole goes in alloc's buffer, when alloc is not nil
// and returns one with room for it; else in a new one, the caller's.
func (r *Reader) Read(h plumbing.Hash, depth int, alloc func(size int) []byte) (Object, error) {
	for i := range r.packs {
		p := &r.packs[i]
		pos, ok := p.idx.find(h)
		if !ok {
			continue
		}
		off := p.idx.offsetAt(pos)
		hdr, start, err := p.header(off)
		if err != nil {
			return Object{}, fmt.Errorf("object %s: %w", h, err)
		}
		if !p.plausible(pos, off, hdr.Length) {
			return Object{}, fmt.Errorf("object %s: %d bytes claimed: %w", h, hdr.Length, packfile.ErrMalformedPackFile)
		}
		o := Object{Type: hdr.Type}
		switch hdr.Type {
		case plumbing.OFSDeltaObject:
			o.Delta = true
			if o.Base, err = p.idx.hashAt(hdr.OffsetReference); err != nil {
				return Object{}, fmt.Errorf("base of object %s: %w", h, err)
			}
		case plumbing.REFDeltaObject:
			o.Delta, o.Base = true, hdr.Reference
		case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
		default:
			return Object{}, fmt.Errorf("object %s: type %v in pack", h, hdr.Type)
		}
		reuse := o.Delta && hdr.Length <= scratchBytes
		var buf []byte
		switch {
		case reuse:
			for len(r.scratch) <= depth {
				r.scratch = append(r.scratch, nil)
			}
			buf = r.scratch[depth]
		case !o.Delta && alloc != nil && hdr.Length <= 1<<32:
			buf = alloc(int(hdr.Length))
		}
		if o.Data, err = r.inflate(p, start, hdr.Length, buf); err != nil {
			return Object{}, fmt.Errorf("object %s: %w", h, err)
		}
		if reuse {
			r.scratch[depth] = o.Data
		}
		return o, nil
	}
	return Object{}, ErrNotPacked
}

// ReadPrefix reads the first n bytes of the content of object h into buf
// when it has room, else into a new buffer: ok is false, for the caller to
// Read the object instead, unless h is stored whole in a mapped pack, is
// larger than n, and the prefix reads without error. A walk needs only the
// first lines of a commit, before its signature and message: half the
// bytes of a history's commits, and their zlib checksum covers all of them,
// so the object's stored bytes are checked instead against the CRC-32 that
// the pack index holds for them (as git's index-pack and verify-pack check
// them).
func (r *Reader) ReadPrefix(h plumbing.Hash, n int, buf []byte) (data []byte, typ plumbing.ObjectType, ok bool) {
	for i := range r.packs {
		p := &r.packs[i]
		pos, found := p.idx.find(h)
		if !found {
			continue
		}
		if p.data == nil {
			return nil, 0, false
		}
		off := p.idx.offsetAt(pos)
		hdr, start, err := p.header(off)
		if err != nil || n < 0 || hdr.Length <= int64(n) {
			return nil, 0, false
		}
		switch hdr.Type {
		case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
		default: // a delta: its content needs its base
			return nil, 0, false
		}
		end, crc := p.idx.stored(pos, int64(len(p.data)-hashSize))
		if end < start || end > int64(len(p.data)) || crc32.ChecksumIEEE(p.data[off:end]) != crc {
			return nil, 0, false // Read says what is wrong
		}
		if cap(buf) >= n {
			buf = buf[:n]
		} else {
			buf = make([]byte, n)
		}
		if got, err := r.inflater.prefix(p.data[start:end], buf); err != nil || got != n {
			return nil, 0, false
		}
		return buf, hdr.Type, true
	}
	return nil, 0, false
}

// scratchBytes is the size up to which the instructions of deltas are read
// into reused buffers: they are needed only until the delta is applied.
const scratchBytes = 64 << 10

// header reads the header of the object at offset off: from the pack's
// memory map when it is mapped, returning where the object's zlib stream
// starts, else through the scanner (start is then -1).
func (p *scanner) header(off int64) (packfile.ObjectHeader, int64, error) {
	if p.data == nil {
		hdr, err := p.scan.SeekObjectHeader(off)
		if err != nil {
			return packfile.ObjectHeader{}, -1, err
		}
		return *hdr, -1, nil
	}
	return parseHeader(p.data, off)
}

// parseHeader reads the header of the object at offset off of pack data:
// its type and size as a base-128 number whose first byte also holds the
// type, then for an offset delta the distance back to its base (a base-128
// number adding one per continuation byte), for a reference delta the
// base's hash. go-git's scanner does the same through a buffered reader that
// copies 4 KiB of the pack for each object.
func parseHeader(data []byte, off int64) (packfile.ObjectHeader, int64, error) {
	var none packfile.ObjectHeader
	if off < 0 || off >= int64(len(data)) {
		return none, 0, io.ErrUnexpectedEOF
	}
	b := data[off:]
	c := b[0]
	hdr := packfile.ObjectHeader{Type: plumbing.ObjectType((c >> 4) & 7), Offset: off}
	size := int64(c & 0x0f)
	i := 1
	for shift := 4; c&0x80 != 0; shift += 7 {
		if i >= len(b) || shift > 56 {
			return none, 0, packfile.ErrMalformedPackFile
		}
		c = b[i]
		i++
		size |= int64(c&0x7f) << shift
	}
	hdr.Length = size
	switch hdr.Type {
	case plumbing.OFSDeltaObject:
		if i >= len(b) {
			return none, 0, io.ErrUnexpectedEOF
		}
		c = b[i]
		i++
		dist := int64(c & 0x7f)
		for c&0x80 != 0 {
			if i >= len(b) || dist >= 1<<48 {
				return none, 0, packfile.ErrMalformedPackFile
			}
			c = b[i]
			i++
			dist = (dist+1)<<7 | int64(c&0x7f)
		}
		if dist <= 0 || dist > off {
			return none, 0, packfile.ErrMalformedPackFile
		}
		hdr.OffsetReference = off - dist
	case plumbing.REFDeltaObject:
		if i+len(hdr.Reference) > len(b) {
			return none, 0, io.ErrUnexpectedEOF
		}
		copy(hdr.Reference[:], b[i:])
		i += len(hdr.Reference)
	}
	return hdr, off + int64(i), nil
}
