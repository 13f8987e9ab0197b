package history

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/memory"
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
