package main

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

// packWriter streams objects into one pack file as they are made, so that
// no object is kept in memory after it is written. Objects are stored
// whole (no deltas: the trees are small) and compressed at zlib's fastest
// level; go-git's idxfile writes the index. The object count in the
// header is filled in at the end, when it is known.
type packWriter struct {
	dir   string // objects/pack
	f     *os.File
	w     *bufio.Writer
	crc   hash.Hash32
	out   io.Writer // w and crc
	zw    *zlib.Writer
	off   int64
	count uint32
	seen  map[plumbing.Hash]bool
	idx   idxfile.Writer
}

func newPackWriter(dir string) (*packWriter, error) {
	f, err := os.CreateTemp(dir, "tmp_pack_")
	if err != nil {
		return nil, err
	}
	p := &packWriter{dir: dir, f: f, w: bufio.NewWriterSize(f, 1<<20), crc: crc32.NewIEEE(), seen: map[plumbing.Hash]bool{}}
	p.out = io.MultiWriter(p.w, p.crc)
	p.zw, _ = zlib.NewWriterLevel(p.out, zlib.BestSpeed) // a valid level never fails
	// Signature, version 2, and the object count, written at the end.
	if _, err := p.w.Write([]byte{'P', 'A', 'C', 'K', 0, 0, 0, 2, 0, 0, 0, 0}); err != nil {
		return nil, err
	}
	p.off = 12
	return p, nil
}

// put stores an object unless the pack has it, and returns its hash.
func (p *packWriter) put(t plumbing.ObjectType, data []byte) (plumbing.Hash, error) {
	h := plumbing.ComputeHash(t, data)
	if p.seen[h] {
		return h, nil
	}
	p.seen[h] = true
	p.crc.Reset()
	// Object header: type and size, seven bits at a time after the first
	// four.
	var head [16]byte
	size := uint64(len(data))
	n := 0
	c := byte(t)<<4 | byte(size&15)
	size >>= 4
	for size > 0 {
		head[n] = c | 0x80
		n++
		c = byte(size & 0x7f)
		size >>= 7
	}
	head[n] = c
	n++
	start := p.off
	cw := &countWriter{w: p.out}
	if _, err := cw.Write(head[:n]); err != nil {
		return h, err
	}
	p.zw.Reset(cw)
	if _, err := p.zw.Write(data); err != nil {
		return h, err
	}
	if err := p.zw.Close(); err != nil {
		return h, err
	}
	p.off += cw.n
	p.count++
	p.idx.Add(h, uint64(start), p.crc.Sum32())
	return h, nil
}

// finish writes the object count and the checksum, names the pack by it
// and writes its index.
func (p *packWriter) finish() error {
	if err := p.w.Flush(); err != nil {
		return err
	}
	var count [4]byte
	binary.BigEndian.PutUint32(count[:], p.count)
	if _, err := p.f.WriteAt(count[:], 8); err != nil {
		return err
	}
	if _, err := p.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	sum := sha1.New()
	if _, err := io.Copy(sum, bufio.NewReaderSize(p.f, 1<<20)); err != nil {
		return err
	}
	var packHash plumbing.Hash
	copy(packHash[:], sum.Sum(nil))
	if _, err := p.f.Write(packHash[:]); err != nil {
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

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
