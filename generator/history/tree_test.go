package history

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/heedhq/heed/generator/history/internal/pack"
)

// TestTreeDiffAgreesWithMaps compares the diff of successive versions of a
// tree, which skips equal parts using derived entry offsets, with a plain
// comparison of the files of both versions.
func TestTreeDiffAgreesWithMaps(t *testing.T) {
	tests := []struct {
		name    string
		names   func(rng *rand.Rand) string
		start   int
		changes int // per version
	}{
		{"flat folder, names appended in order", func(rng *rand.Rand) string { return fmt.Sprintf("2026-%04d.md", rng.IntN(9000)) }, 300, 3},
		{"flat folder, random names", func(rng *rand.Rand) string { return fmt.Sprintf("%x.md", rng.Uint32()) }, 300, 2},
		{"names that prefix each other and folders", func(rng *rand.Rand) string {
			return []string{"a", "a.md", "a-b.md", "a/b.md", "a/c.md", "ab", "ab/x.md", "b", "b/a", "b.md"}[rng.IntN(10)] +
				[]string{"", "", "1", "/z.md"}[rng.IntN(4)]
		}, 5, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 7))
			store := memory.NewStorage()
			w := &treeWriter{t: t, store: store}
			files := map[string]string{}
			for range tt.start {
				addFile(files, tt.names(rng), fmt.Sprint(rng.IntN(5)))
			}
			src := newTreeSource(&objectReader{store: store}, treeBytes, reuseBytes)
			prev, prevFiles := plumbing.ZeroHash, map[string]string{}
			for version := range 200 {
				for range tt.changes {
					switch name := tt.names(rng); rng.IntN(3) {
					case 0:
						deleteFile(files, name)
					default:
						addFile(files, name, fmt.Sprint(rng.IntN(5)))
					}
				}
				cur := w.tree(files)
				got, err := src.diff(prev, cur, "", nil)
				if err != nil {
					t.Fatal(err)
				}
				if want := mapDiff(w, prevFiles, files); !slices.Equal(sortedChanges(got), want) {
					t.Fatalf("version %d: diff =\n%v\nwant\n%v", version, sortedChanges(got), want)
				}
				prev, prevFiles = cur, maps.Clone(files)
			}
		})
	}
}

// TestTreeFileLookup looks files up in trees whose names prefix each other
// and sit beside folders of the same stem, both by reading a tree's entries
// in order and by halves once its entry offsets are known, against the
// files the tree was made of.
func TestTreeFileLookup(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	names := []string{"a", "a.md", "a-b.md", "a/b.md", "a/c.md", "ab", "ab/x.md", "b", "b/a", "b.md", "b/a/z.md", "c/d/e.md", "z.md"}
	store := memory.NewStorage()
	w := &treeWriter{t: t, store: store}
	for version := range 100 {
		files := map[string]string{}
		for range 1 + rng.IntN(len(names)) {
			addFile(files, names[rng.IntN(len(names))], fmt.Sprint(rng.IntN(3)))
		}
		root := w.tree(files)
		for _, offsets := range []bool{false, true} {
			src := newTreeSource(&objectReader{store: store}, treeBytes, reuseBytes)
			if offsets {
				// Comparing a tree with the empty tree parses it whole:
				// its offsets, and its folders', are known after.
				if _, err := src.diff(plumbing.ZeroHash, root, "", nil); err != nil {
					t.Fatal(err)
				}
				if tr, _ := src.read(root); tr.offs == nil {
					t.Fatal("offsets not known after a comparison")
				}
			}
			for _, name := range append(names, "a/b", "ab/x", "b/a/z", "c", "c/d", "0", "zz") {
				got, err := src.file(root, name)
				if err != nil {
					t.Fatal(err)
				}
				want := plumbing.ZeroHash
				if content, ok := files[name]; ok {
					want = w.blob(content)
				}
				if got != want {
					t.Errorf("version %d, offsets known %v: file %q = %s, want %s (files %v)", version, offsets, name, got, want, files)
				}
			}
		}
	}
}

// addFile sets a file unless a folder or file is in the way of its path.
func addFile(files map[string]string, name, content string) {
	for p := range files {
		if len(p) > len(name) && p[:len(name)+1] == name+"/" || len(name) > len(p) && name[:len(p)+1] == p+"/" {
			return
		}
	}
	files[name] = content
}

func deleteFile(files map[string]string, name string) {
	for p := range files {
		if p == name || len(p) > len(name) && p[:len(name)+1] == name+"/" {
			delete(files, p)
		}
	}
}

func mapDiff(w *treeWriter, a, b map[string]string) []string {
	var out []string
	for p, ca := range a {
		if cb, ok := b[p]; !ok {
			out = append(out, fmt.Sprintf("%s %s -> ", p, w.blob(ca)))
		} else if ca != cb {
			out = append(out, fmt.Sprintf("%s %s -> %s", p, w.blob(ca), w.blob(cb)))
		}
	}
	for p, cb := range b {
		if _, ok := a[p]; !ok {
			out = append(out, fmt.Sprintf("%s  -> %s", p, w.blob(cb)))
		}
	}
	slices.Sort(out)
	return out
}

func sortedChanges(changes []fileChange) []string {
	var out []string
	for _, c := range changes {
		from, to := "", ""
		if !c.from.IsZero() {
			from = c.from.String()
		}
		if !c.to.IsZero() {
			to = c.to.String()
		}
		out = append(out, fmt.Sprintf("%s %s -> %s", c.path, from, to))
	}
	slices.Sort(out)
	return out
}

// TestCommonPrefixSuffix holds commonPrefix and commonSuffix to a
// comparison byte by byte, on pairs that differ at every distance from
// their ends.
func TestCommonPrefixSuffix(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	naivePrefix := func(a, b []byte) int {
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		return i
	}
	naiveSuffix := func(a, b []byte) int {
		i := 0
		for i < len(a) && i < len(b) && a[len(a)-1-i] == b[len(b)-1-i] {
			i++
		}
		return i
	}
	for range 5000 {
		a := make([]byte, rng.IntN(700))
		for i := range a {
			a[i] = byte(rng.IntN(3))
		}
		b := bytes.Clone(a)
		switch rng.IntN(4) {
		case 0:
			if len(b) > 0 {
				b[rng.IntN(len(b))] ^= 1 << rng.IntN(8)
			}
		case 1:
			b = b[:rng.IntN(len(b)+1)]
		case 2:
			b = b[rng.IntN(len(b)+1):]
		}
		if got, want := commonPrefix(a, b), naivePrefix(a, b); got != want {
			t.Fatalf("commonPrefix(%x, %x) = %d, want %d", a, b, got, want)
		}
		if got, want := commonSuffix(a, b), naiveSuffix(a, b); got != want {
			t.Fatalf("commonSuffix(%x, %x) = %d, want %d", a, b, got, want)
		}
	}
}

// TestPatchAnnouncedSize: a tree stored as a delta is rebuilt from its
// base, into a buffer sized by what the delta announces; a damaged delta
// announcing 4 GiB fails without that much set aside.
func TestPatchAnnouncedSize(t *testing.T) {
	store := memory.NewStorage()
	w := &treeWriter{t: t, store: store}
	files := map[string]string{}
	for i := range 40 {
		addFile(files, fmt.Sprintf("item-%02d.md", i), "x")
	}
	base := w.tree(files)
	src := newTreeSource(&objectReader{store: store}, treeBytes, 1)
	src.dropping = true // as in a long walk: new trees get room to be reused
	raw, err := src.read(base)
	if err != nil {
		t.Fatal(err)
	}
	next := append(bytes.Clone(raw.raw), "100644 zz.md\x00"+strings.Repeat("\x01", 20)...)
	for _, tt := range []struct {
		name  string
		delta []byte
		want  []byte
	}{
		{"the next version", packfile.DiffDelta(raw.raw, next), next},
		{"4 GiB announced", append(binary.AppendUvarint(binary.AppendUvarint(nil, uint64(len(raw.raw))), 1<<32), 3, 'a', 'b', 'c'), nil},
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		got, err := src.patch(pack.Object{Delta: true, Base: base, Data: tt.delta}, 0)
		runtime.ReadMemStats(&after)
		if !bytes.Equal(got, tt.want) || (err == nil) != (tt.want != nil) {
			t.Errorf("%s: %d bytes, %v", tt.name, len(got), err)
		}
		// ApplyDelta sets aside up to 64 MiB before the instructions show
		// what they make; nothing near the 4.5 GiB once made here.
		if n := after.TotalAlloc - before.TotalAlloc; n > 128<<20 {
			t.Errorf("%s: %d MiB allocated", tt.name, n>>20)
		}
	}
}
