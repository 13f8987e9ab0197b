package history

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// TestParseHeader checks that the headers read from a mapped pack are the
// ones go-git's scanner reads, for every object of a pack with offset
// deltas, and that truncated headers are errors.
func TestParseHeader(t *testing.T) {
	repo, err := Open(benchRepoDir(t, benchShape{commits: 300, items: 120, themes: 8}))
	if err != nil {
		t.Fatal(err)
	}
	defer Close(repo)
	set, err := openPacks(repo.Storer, true)
	if err != nil {
		t.Fatal(err)
	}
	defer set.close()
	deltas := 0
	for _, p := range set.packs {
		if p.data == nil {
			t.Skip("packs are not mapped here")
		}
		scan := packfile.NewScanner(bytes.NewReader(p.data))
		<-p.idx.sorted
		for _, e := range p.idx.byOff {
			want, err := scan.SeekObjectHeader(e.off)
			if err != nil {
				t.Fatal(err)
			}
			wantStart, err := scan.SeekFromStart(0)
			if err != nil {
				t.Fatal(err)
			}
			got, start, err := parseHeader(p.data, e.off)
			if err != nil {
				t.Fatalf("object at %d: %v", e.off, err)
			}
			if got.Type != want.Type || got.Length != want.Length || got.OffsetReference != want.OffsetReference || got.Reference != want.Reference || start != wantStart {
				t.Fatalf("object at %d: header %+v from %d, want %+v from %d", e.off, got, start, want, wantStart)
			}
			if got.Type == plumbing.OFSDeltaObject {
				deltas++
			}
			for n := range int(start - e.off) {
				if _, _, err := parseHeader(p.data[:e.off+int64(n)], e.off); err == nil {
					t.Fatalf("object at %d: header cut after %d bytes read without error", e.off, n)
				}
			}
		}
	}
	if deltas == 0 {
		t.Error("no offset deltas in the pack")
	}
}

// indexFile encodes a pack index of version 2 holding objects at the given
// offsets, in the layout parseIndex reads.
func indexFile(objects map[plumbing.Hash]int64) []byte {
	hashes := slices.SortedFunc(maps.Keys(objects), func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	var buf bytes.Buffer
	buf.Write([]byte{0xff, 't', 'O', 'c', 0, 0, 0, 2})
	for b := range 256 {
		n := 0
		for _, h := range hashes {
			if int(h[0]) <= b {
				n++
			}
		}
		buf.Write(binary.BigEndian.AppendUint32(nil, uint32(n)))
	}
	for _, h := range hashes {
		buf.Write(h[:])
	}
	for range hashes {
		buf.Write([]byte{0, 0, 0, 0}) // CRCs, not read
	}
	var large []byte
	for _, h := range hashes {
		off := objects[h]
		if off >= 1<<31 {
			buf.Write(binary.BigEndian.AppendUint32(nil, 1<<31|uint32(len(large)/8)))
			large = binary.BigEndian.AppendUint64(large, uint64(off))
			continue
		}
		buf.Write(binary.BigEndian.AppendUint32(nil, uint32(off)))
	}
	buf.Write(large)
	buf.Write(make([]byte, 20)) // the pack's checksum
	sum := sha1.Sum(buf.Bytes())
	buf.Write(sum[:])
	return buf.Bytes()
}

func TestParseIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	objects := map[plumbing.Hash]int64{}
	for i := range 2000 {
		var h plumbing.Hash
		for j := range h {
			h[j] = byte(rng.UintN(256))
		}
		if i%100 == 0 {
			h[0] = 0xab // many in one range of the fanout
		}
		if i%300 == 0 {
			h[1], h[2], h[3], h[4], h[5], h[6], h[7] = 0, 0, 0, 0, 0, 0, 0
			h[0] = 0x11 // equal first 8 bytes
		}
		objects[h] = int64(12 + i*100)
		if i%7 == 0 {
			objects[h] = 1<<33 + int64(i) // past 2 GiB: in the table of 8-byte offsets
		}
	}
	data := indexFile(objects)

	// The encoding is the one go-git reads.
	idx := idxfile.NewMemoryIndex()
	if err := idxfile.NewDecoder(bytes.NewReader(data)).Decode(idx); err != nil {
		t.Fatal(err)
	}
	l, err := parseIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	for h, want := range objects {
		if off, err := idx.FindOffset(h); err != nil || off != want {
			t.Fatalf("go-git: offset of %s = %d, %v; want %d", h, off, err, want)
		}
		if off, ok := l.offset(h); !ok || off != want {
			t.Fatalf("offset of %s = %d, %v; want %d", h, off, ok, want)
		}
		missing := h
		missing[19] ^= 1
		if _, in := objects[missing]; !in {
			if off, ok := l.offset(missing); ok {
				t.Fatalf("offset of absent %s = %d", missing, off)
			}
		}
	}
	if len(l.byOff) != len(objects) {
		t.Errorf("%d entries by offset, want %d", len(l.byOff), len(objects))
	}

	for _, tt := range []struct {
		name   string
		change func([]byte) []byte
	}{
		{"empty", func([]byte) []byte { return nil }},
		{"version 1", func(b []byte) []byte { return b[8:] }},
		{"damaged", func(b []byte) []byte { b[2000] ^= 1; return b }},
		{"cut", func(b []byte) []byte { return b[:len(b)-30] }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseIndex(tt.change(bytes.Clone(data))); !errors.Is(err, errBadIndex) {
				t.Errorf("parseIndex = %v, want %v", err, errBadIndex)
			}
		})
	}
}
