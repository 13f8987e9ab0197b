package source_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/source"
)

// BenchmarkReadDir reads a repository of 10,000 items of about 1 KB in
// folders by day (1,000 with -short), on /dev/shm when there is one.
func BenchmarkReadDir(b *testing.B) {
	n := 10_000
	if testing.Short() {
		n = 1_000
	}
	root, err := os.MkdirTemp("/dev/shm", "heed-bench-source-")
	if err != nil {
		root = b.TempDir()
	} else {
		b.Cleanup(func() { os.RemoveAll(root) })
	}
	body := strings.Repeat("The export of the monthly report times out again. ", 20)
	for i := range n {
		p := filepath.Join(root, "feedback", fmt.Sprint(2024+i%3), fmt.Sprintf("%02d", i%12+1), fmt.Sprintf("%02d", i%28+1), fmt.Sprintf("item-%05d.md", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("---\ntitle: Item\n---\n"+body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		snap, err := source.ReadDir(root)
		if err != nil || len(snap.Files) != n {
			b.Fatalf("%v, %d files", err, len(snap.Files))
		}
	}
}
