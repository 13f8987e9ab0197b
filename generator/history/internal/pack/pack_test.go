package pack

import (
	"bytes"
	"cmp"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-billy/v5/util"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// packedRepo returns the object directory of a repository whose one pack
// holds versions of a growing file and of the trees holding it, written by
// go-git and repacked with offset deltas (reference deltas with refDeltas),
// and its storage.
func packedRepo(t *testing.T, refDeltas bool) (*dotgit.DotGit, *filesystem.Storage) {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	st := repo.Storer
	put := func(typ plumbing.ObjectType, content []byte) plumbing.Hash {
		obj := st.NewEncodedObject()
		obj.SetType(typ)
		w, _ := obj.Writer()
		_, _ = w.Write(content)
		_ = w.Close()
		h, err := st.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	var text, tree []byte
	var parent plumbing.Hash
	for i := range 60 {
		text = fmt.Appendf(text, "Line %d: the export of a large project times out.\n", i)
		blob := put(plumbing.BlobObject, text)
		tree = fmt.Appendf(tree, "100644 item-%03d.md\x00", i)
		tree = append(tree, blob[:]...)
		commit := fmt.Appendf(nil, "tree %s\n", put(plumbing.TreeObject, tree))
		if !parent.IsZero() {
			commit = fmt.Appendf(commit, "parent %s\n", parent)
		}
		commit = fmt.Appendf(commit, "author A <a@example.com> %d +0000\ncommitter A <a@example.com> %d +0000\n\nchange\n", 1e9+i, 1e9+i)
		parent = put(plumbing.CommitObject, commit)
	}
	if err := st.SetReference(plumbing.NewHashReference("refs/heads/main", parent)); err != nil {
		t.Fatal(err)
	}
	if err := repo.RepackObjects(&git.RepackConfig{UseRefDeltas: refDeltas}); err != nil {
		t.Fatal(err)
	}
	fs := st.(*filesystem.Storage)
	return dotgit.New(FS(fs.Filesystem())), fs
}

// TestParseHeader checks that the headers read from a mapped pack are the
// ones go-git's scanner reads, for every object of a pack with offset
// deltas, and that truncated headers are errors.
func TestParseHeader(t *testing.T) {
	dir, _ := packedRepo(t, false)
	set, err := Open([]*dotgit.DotGit{dir}, true)
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	deltas := 0
	for _, p := range set.packs {
		if p.data == nil {
			t.Skip("packs are not mapped here")
		}
		scan := packfile.NewScanner(bytes.NewReader(p.data))
		for _, i := range p.idx.byOff {
			e := indexEntry{off: p.idx.offsetAt(int(i))}
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
			if _, err := parseIndex(tt.change(bytes.Clone(data))); !errors.Is(err, ErrBadIndex) {
				t.Errorf("parseIndex = %v, want %v", err, ErrBadIndex)
			}
		})
	}
}

// TestReadAgreesWithGoGit reads every object of packs with offset and with
// reference deltas, mapped and as files, applying the deltas to the bases
// read the same way, and compares type and content with go-git's storage.
func TestReadAgreesWithGoGit(t *testing.T) {
	for _, refDeltas := range []bool{false, true} {
		dir, st := packedRepo(t, refDeltas)
		for _, mapped := range []bool{true, false} {
			t.Run(fmt.Sprintf("reference deltas %v, mapped %v", refDeltas, mapped), func(t *testing.T) {
				set, err := Open([]*dotgit.DotGit{dir}, mapped)
				if err != nil {
					t.Fatal(err)
				}
				defer set.Close()
				// Released after every object: each is read from pages
				// mapped again.
				set.releaseEvery = 1
				r, err := set.Reader()
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				var resolve func(h plumbing.Hash, depth int) (plumbing.ObjectType, []byte)
				resolve = func(h plumbing.Hash, depth int) (plumbing.ObjectType, []byte) {
					o, err := r.Read(h, depth, nil)
					if err != nil {
						t.Fatalf("%s: %v", h, err)
					}
					if !o.Delta {
						return o.Type, bytes.Clone(o.Data)
					}
					typ, base := resolve(o.Base, depth+1)
					size, ok := DeltaSize(o.Data)
					data, err := ApplyDelta(nil, base, o.Data)
					if err != nil || !ok || size != len(data) {
						t.Fatalf("%s: delta of %d bytes gives %d bytes, %v", h, size, len(data), err)
					}
					return typ, data
				}
				deltas := 0
				idx := set.packs[0].idx
				for _, i := range idx.byOff {
					e := indexEntry{hash: idx.hashAtPosition(int(i))}
					if o, err := r.Read(e.hash, 0, nil); err == nil && o.Delta {
						deltas++
					}
					typ, got := resolve(e.hash, 0)
					obj, err := st.EncodedObject(plumbing.AnyObject, e.hash)
					if err != nil {
						t.Fatal(err)
					}
					rd, _ := obj.Reader()
					want, _ := io.ReadAll(rd)
					if typ != obj.Type() || !bytes.Equal(got, want) {
						t.Fatalf("%s: %s of %d bytes, go-git reads a %s of %d", e.hash, typ, len(got), obj.Type(), len(want))
					}
				}
				if deltas == 0 {
					t.Error("no deltas in the pack")
				}
				if _, err := r.Read(plumbing.NewHash("0123456789012345678901234567890123456789"), 0, nil); !errors.Is(err, ErrNotPacked) {
					t.Errorf("Read of an absent object = %v, want %v", err, ErrNotPacked)
				}
			})
		}
	}
}

// indexEntry is an object of a pack index, for tests.
type indexEntry struct {
	off  int64
	hash plumbing.Hash
}

// TestSortByOffset holds the radix sort of an index's objects by offset to
// slices.SortFunc, on offsets of every size, up to those of packs past 4
// GiB (in the index's table of 8-byte offsets).
func TestSortByOffset(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 100, 5000} {
		for _, top := range []int64{1 << 8, 1 << 24, 1 << 40, 1 << 62} {
			objects := map[plumbing.Hash]int64{}
			seen := map[int64]bool{}
			for len(objects) < n && len(objects) < int(top)/2 {
				off := rng.Int64N(top)
				if seen[off] {
					continue
				}
				seen[off] = true
				var h plumbing.Hash
				for i := range h {
					h[i] = byte(rng.IntN(256))
				}
				objects[h] = off
			}
			l, err := parseIndex(indexFile(objects))
			if err != nil {
				t.Fatal(err)
			}
			want := make([]uint32, l.len())
			for i := range want {
				want[i] = uint32(i)
			}
			slices.SortFunc(want, func(a, b uint32) int { return cmp.Compare(l.offsetAt(int(a)), l.offsetAt(int(b))) })
			if !slices.Equal(l.byOff, want) {
				t.Errorf("%d offsets below %d: sorted differently", n, top)
			}
			for h, off := range objects {
				if got, err := l.hashAt(off); err != nil || got != h {
					t.Fatalf("hash at %d = %s, %v; want %s", off, got, err, h)
				}
			}
		}
	}
}

// TestReadPrefix checks that a prefix read gives the first bytes of every
// object Read gives whole, and that a stored object damaged anywhere, even
// past the prefix, is not read: its stored bytes no longer match the
// index's CRC-32.
func TestReadPrefix(t *testing.T) {
	dir, _ := packedRepo(t, false)
	set, err := Open([]*dotgit.DotGit{dir}, true)
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	if set.packs[0].data == nil {
		t.Skip("packs are not mapped here")
	}
	r, err := set.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	idx := set.packs[0].idx
	prefixes := 0
	for _, pos := range idx.byOff {
		h := idx.hashAtPosition(int(pos))
		whole, err := r.Read(h, 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{0, 1, 20, 100, len(whole.Data) - 1, len(whole.Data)} {
			data, typ, ok := r.ReadPrefix(h, n, nil)
			if !ok {
				if !whole.Delta && n >= 0 && n < len(whole.Data) {
					t.Fatalf("%s: no prefix of %d of its %d bytes", h, n, len(whole.Data))
				}
				continue
			}
			prefixes++
			if whole.Delta || n >= len(whole.Data) || typ != whole.Type || !bytes.Equal(data, whole.Data[:n]) {
				t.Fatalf("%s: prefix of %d bytes: %s %q; Read gives %v %s %q", h, n, typ, data, whole.Delta, whole.Type, whole.Data)
			}
		}
	}
	if prefixes == 0 {
		t.Fatal("no prefix read")
	}

	// Each byte of a large object's stored bytes damaged in turn.
	p := &set.packs[0]
	var pos int
	for _, i := range idx.byOff {
		o, _ := r.Read(idx.hashAtPosition(int(i)), 0, nil)
		if !o.Delta && len(o.Data) > 200 {
			pos = int(i)
			break
		}
	}
	off := idx.offsetAt(pos)
	end, _ := idx.stored(pos, int64(len(p.data)-hashSize))
	damaged := bytes.Clone(p.data)
	dr := &Reader{packs: []scanner{{idx: idx, data: damaged}}}
	for i := off; i < end; i++ {
		damaged[i] ^= 0x10
		if data, _, ok := dr.ReadPrefix(idx.hashAtPosition(pos), 10, nil); ok {
			t.Fatalf("byte %d of %d..%d damaged: prefix %q read", i, off, end, data)
		}
		damaged[i] ^= 0x10
	}
	if _, _, ok := dr.ReadPrefix(idx.hashAtPosition(pos), 10, nil); !ok {
		t.Fatal("the object, undamaged, is not read")
	}
}

// TestReleaseDropsMappedPages: reading objects from a mapped pack makes
// its pages resident in the process, until the Set releases them.
func TestReleaseDropsMappedPages(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("resident pages of a map are read from /proc/self/smaps")
	}
	dir, _ := packedRepo(t, false)
	set, err := Open([]*dotgit.DotGit{dir}, true)
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	data := set.packs[0].data
	if data == nil {
		t.Skip("the pack is not mapped here")
	}
	r, err := set.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	readAll := func() {
		idx := set.packs[0].idx
		for _, i := range idx.byOff {
			if _, err := r.Read(idx.hashAtPosition(int(i)), 0, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	set.releaseEvery = math.MaxInt64 // never
	readAll()
	if kb := residentKB(t, data); kb == 0 {
		t.Fatal("reading every object left no page of the pack resident")
	}
	set.releaseEvery = 1
	readAll()
	if kb := residentKB(t, data); kb != 0 {
		t.Errorf("%d kB of the pack resident after a release, want 0", kb)
	}
}

// residentKB returns the resident size of the memory map holding data,
// from /proc/self/smaps.
func residentKB(t *testing.T, data []byte) int {
	t.Helper()
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	at := uint64(uintptr(unsafe.Pointer(&data[0])))
	in := false
	for line := range strings.Lines(string(smaps)) {
		var lo, hi uint64
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			in = lo <= at && at < hi
			continue
		}
		var kb int
		if n, _ := fmt.Sscanf(line, "Rss: %d kB", &kb); in && n == 1 {
			return kb
		}
	}
	t.Fatal("the map is not in /proc/self/smaps")
	return 0
}

// TestReadHugeSizeClaimed: an object whose header claims more bytes than
// its stored bytes could inflate to (deflate makes at most 1,032 bytes of
// one) is an error, not a panic nor gigabytes set aside; a size that fits
// the stored bytes still reads.
func TestReadHugeSizeClaimed(t *testing.T) {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write([]byte("abc"))
	_ = zw.Close()
	h := plumbing.ComputeHash(plumbing.BlobObject, []byte("abc"))
	// sizeHeader encodes a blob header of size n, as packs do.
	sizeHeader := func(n uint64) []byte {
		b := []byte{byte(plumbing.BlobObject)<<4 | byte(n&0x0f)}
		for n >>= 4; n > 0; n >>= 7 {
			b[len(b)-1] |= 0x80
			b = append(b, byte(n&0x7f))
		}
		return b
	}
	for _, tt := range []struct {
		size uint64
		ok   bool
	}{{3, true}, {1 << 40, false}, {1<<62 + 5, false}} {
		pack := append([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x01"), sizeHeader(tt.size)...)
		pack = append(pack, z.Bytes()...)
		pack = append(pack, make([]byte, hashSize)...)
		idx, err := parseIndex(indexFile(map[plumbing.Hash]int64{h: 12}))
		if err != nil {
			t.Fatal(err)
		}
		// Mapped, and as a file read through go-git's scanner.
		fs := osfs.New(t.TempDir())
		if err := util.WriteFile(fs, "p.pack", pack, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := fs.Open("p.pack")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, sc := range []scanner{
			{idx: idx, data: pack},
			{idx: idx, file: f, scan: packfile.NewScanner(f), size: int64(len(pack))},
		} {
			r := &Reader{packs: []scanner{sc}, set: &Set{releaseEvery: releaseEvery}}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			o, err := r.Read(h, 0, nil)
			runtime.ReadMemStats(&after)
			if tt.ok && (err != nil || string(o.Data) != "abc") {
				t.Errorf("size %d, mapped %v: %q, %v", tt.size, sc.data != nil, o.Data, err)
			}
			if !tt.ok && err == nil {
				t.Errorf("size %d claimed for 3 bytes, mapped %v: read without error", tt.size, sc.data != nil)
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
				t.Errorf("size %d claimed, mapped %v: %d MiB allocated", tt.size, sc.data != nil, n>>20)
			}
		}
	}
}
