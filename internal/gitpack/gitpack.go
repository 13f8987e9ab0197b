// Package gitpack writes git objects straight into one pack file and its
// index, the way `git gc` leaves a repository: every object stored once,
// compressed, and a new version of a file or folder stored as a delta of
// the version before it. Synthetic repositories of tens of thousands of
// commits (the corpus of cmd/heed-corpus, the benchmark histories of
// generator/history) are written this way in seconds, where writing loose
// objects through go-git would take minutes and leave a repository unlike
// users' ones.
package gitpack

import (
	"bufio"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
)

// MaxDepth is the longest delta chain written, git's default.
const MaxDepth = 50

// Writer streams objects into one pack file as they are made: nothing of an
// object is kept once it is written but its place, and what the caller
// keeps of it as the base of its next version. Everything is compressed at
// zlib's fastest level; go-git's idxfile writes the index. The object count
// in the pack's header is filled in by Finish, when it is known.
type Writer struct {
	dir   string // objects/pack
	f     *os.File
	w     *bufio.Writer
	crc   hash.Hash32
	out   io.Writer // w and crc
	zw    *zlib.Writer
	off   int64
	count uint32
	seen  map[plumbing.Hash]place
	idx   idxfile.Writer
}

// place is where an object written is, and how deep its delta chain.
type place struct {
	off   int64
	depth int
}

// Object is an object in the pack: a later version of the same file or
// folder can be stored as a delta of it.
type Object struct {
	Hash  plumbing.Hash
	off   int64
	depth int
	data  []byte
}

// Data returns the object's content, which must not be changed.
func (o *Object) Data() []byte { return o.data }

// NewWriter starts a pack in folder dir, a repository's objects/pack.
func NewWriter(dir string) (*Writer, error) {
	f, err := os.CreateTemp(dir, "tmp_pack_")
	if err != nil {
		return nil, err
	}
	p := &Writer{dir: dir, f: f, w: bufio.NewWriterSize(f, 1<<20), crc: crc32.NewIEEE(), seen: map[plumbing.Hash]place{}}
	p.out = io.MultiWriter(p.w, p.crc)
	p.zw, _ = zlib.NewWriterLevel(p.out, zlib.BestSpeed) // a valid level never fails
	// Signature, version 2, and the object count, written at the end.
	if _, err := p.w.Write([]byte{'P', 'A', 'C', 'K', 0, 0, 0, 2, 0, 0, 0, 0}); err != nil {
		f.Close()
		return nil, err
	}
	p.off = 12
	return p, nil
}

// Put stores an object of type t with content data unless the pack has it,
// as a delta of base when base is not nil (its previous version), its chain
// is shorter than MaxDepth and the delta is less than half the content; it
// returns the object, to be the base of the next version. data must not be
// changed afterwards.
func (p *Writer) Put(t plumbing.ObjectType, data []byte, base *Object) (*Object, error) {
	h := plumbing.ComputeHash(t, data)
	if at, ok := p.seen[h]; ok {
		return &Object{Hash: h, off: at.off, depth: at.depth, data: data}, nil
	}
	o := &Object{Hash: h, off: p.off, data: data}
	p.crc.Reset()
	cw := &countWriter{w: p.out}
	body := data
	// go-git reads no delta of or to an empty object.
	if base != nil && base.depth < MaxDepth && len(base.data) > 0 && len(data) > 0 {
		if d := delta(base.data, data); len(d) < len(data)/2 {
			var head [32]byte
			n := objectHeader(head[:], plumbing.OFSDeltaObject, len(d))
			n += offsetEncode(head[n:], o.off-base.off)
			if _, err := cw.Write(head[:n]); err != nil {
				return o, err
			}
			body, o.depth = d, base.depth+1
		}
	}
	if o.depth == 0 {
		var head [16]byte
		if _, err := cw.Write(head[:objectHeader(head[:], t, len(data))]); err != nil {
			return o, err
		}
	}
	p.zw.Reset(cw)
	if _, err := p.zw.Write(body); err != nil {
		return o, err
	}
	if err := p.zw.Close(); err != nil {
		return o, err
	}
	p.seen[h] = place{off: o.off, depth: o.depth}
	p.off += cw.n
	p.count++
	p.idx.Add(h, uint64(o.off), p.crc.Sum32())
	return o, nil
}

// objectHeader writes a pack entry's type and size: four bits of size in
// the first byte, then seven bits a byte.
func objectHeader(b []byte, t plumbing.ObjectType, size int) int {
	n := 0
	c := byte(t)<<4 | byte(size&15)
	size >>= 4
	for size > 0 {
		b[n] = c | 0x80
		n++
		c = byte(size & 0x7f)
		size >>= 7
	}
	b[n] = c
	return n + 1
}

// offsetEncode writes the distance back to a delta's base, big-endian
// seven bits a byte with git's off-by-one on each continuation.
func offsetEncode(b []byte, off int64) int {
	var tmp [10]byte
	i := len(tmp) - 1
	tmp[i] = byte(off & 0x7f)
	for off >>= 7; off != 0; off >>= 7 {
		off--
		i--
		tmp[i] = 0x80 | byte(off&0x7f)
	}
	return copy(b, tmp[i:])
}

// delta is git's delta of target against base: copy the common prefix,
// insert the differing middle, copy the common suffix. That is enough for
// versions that differ in one place, as successive versions of a folder
// or of a feedback file mostly do.
func delta(base, target []byte) []byte {
	pre := 0
	for pre < len(base) && pre < len(target) && base[pre] == target[pre] {
		pre++
	}
	suf := 0
	for suf < len(base)-pre && suf < len(target)-pre && base[len(base)-1-suf] == target[len(target)-1-suf] {
		suf++
	}
	d := binary.AppendUvarint(nil, uint64(len(base)))
	d = binary.AppendUvarint(d, uint64(len(target)))
	d = appendCopy(d, 0, pre)
	for mid := target[pre : len(target)-suf]; len(mid) > 0; {
		n := min(len(mid), 127)
		d = append(d, byte(n))
		d = append(d, mid[:n]...)
		mid = mid[n:]
	}
	return appendCopy(d, len(base)-suf, suf)
}

// appendCopy appends copy instructions for base[off:off+size].
func appendCopy(d []byte, off, size int) []byte {
	for size > 0 {
		n := min(size, 0xffffff)
		op := byte(0x80)
		var args []byte
		for i := range 4 {
			if b := byte(off >> (8 * i)); b != 0 {
				op |= 1 << i
				args = append(args, b)
			}
		}
		for i := range 3 {
			if b := byte(n >> (8 * i)); b != 0 {
				op |= 0x10 << i
				args = append(args, b)
			}
		}
		d = append(append(d, op), args...)
		off += n
		size -= n
	}
	return d
}

// Finish writes the object count and the checksum, names the pack by it
// and writes its index. The Writer is done with.
func (p *Writer) Finish() error {
	if err := p.w.Flush(); err != nil {
		p.f.Close()
		return err
	}
	var count [4]byte
	binary.BigEndian.PutUint32(count[:], p.count)
	if _, err := p.f.WriteAt(count[:], 8); err != nil {
		p.f.Close()
		return err
	}
	if _, err := p.f.Seek(0, io.SeekStart); err != nil {
		p.f.Close()
		return err
	}
	sum := sha1.New()
	if _, err := io.Copy(sum, bufio.NewReaderSize(p.f, 1<<20)); err != nil {
		p.f.Close()
		return err
	}
	var packHash plumbing.Hash
	copy(packHash[:], sum.Sum(nil))
	if _, err := p.f.Write(packHash[:]); err != nil {
		p.f.Close()
		return err
	}
	if err := p.f.Close(); err != nil {
		return err
	}
	base := filepath.Join(p.dir, "pack-"+packHash.String())
	if err := os.Rename(p.f.Name(), base+".pack"); err != nil {
		return err
	}
	if err := os.Chmod(base+".pack", 0o444); err != nil {
		return err
	}
	if err := p.idx.OnFooter(packHash); err != nil {
		return err
	}
	idx, err := p.idx.Index()
	if err != nil {
		return err
	}
	f, err := os.Create(base + ".idx")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if _, err := idxfile.NewEncoder(bw).Encode(idx); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
