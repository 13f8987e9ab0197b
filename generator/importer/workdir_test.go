package importer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/importer"
	"github.com/heedhq/heed/generator/internal/flock"
)

// hidden lists the hidden entries of a folder.
func hidden(t *testing.T, folder string) []string {
	t.Helper()
	entries, err := os.ReadDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestWorkFoldersOfStoppedImports: an import removes the hidden folders
// that killed imports left where it writes (named and marked as imports
// make them, their marker held by no one), and nothing else.
func TestWorkFoldersOfStoppedImports(t *testing.T) {
	if !flock.Supported {
		t.Skip("no file locks on this platform")
	}
	dir := newRepo(t, tallybook(t))
	folder := filepath.Join(dir, "feedback", "test")
	mk := func(name string, files ...string) string {
		p := filepath.Join(folder, name)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(p, f), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	mk(".heed-import-killed", ".heed-import", "1234.tmp") // a killed import's
	mk(".heed-import-unmarked", "notes.txt")              // not made by an import
	mk(".notes", ".heed-import")                          // not named as imports name theirs
	running := mk(".heed-import-running", ".heed-import")
	lock, err := flock.Acquire(filepath.Join(running, ".heed-import"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()

	sum, _ := importReader(t, dir, "export", strings.NewReader(ticketsHeader+rowsCSV(1, 3)), importer.Options{Preset: "support", Folder: "test"})
	if sum.Written != 3 {
		t.Fatalf("%d written", sum.Written)
	}
	want := []string{".heed-import-running", ".heed-import-unmarked", ".notes"}
	if got := hidden(t, folder); !slices.Equal(got, want) {
		t.Errorf("hidden entries %v, want %v", got, want)
	}
}

// TestImportStopped: an import stopped (Ctrl-C) ends after the batch under
// way, every file it wrote a whole item, its hidden folder gone.
func TestImportStopped(t *testing.T) {
	dir := newRepo(t, tallybook(t))
	res, err := generator.Check(dir, generator.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	opts := importer.Options{Preset: "support", Folder: "test", Context: ctx, Progress: func(int) { cancel() }}
	sum, err := importer.Import(dir, res.Set, "export", strings.NewReader(ticketsHeader+rowsCSV(1, 5000)), opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want it stopped", err)
	}
	if sum.Written == 0 || sum.Written == 5000 {
		t.Errorf("%d written: want the first batch alone", sum.Written)
	}
	if got := hidden(t, filepath.Join(dir, "feedback", "test")); len(got) != 0 {
		t.Errorf("left behind: %v", got)
	}
	if n := checkClean(t, dir); n < sum.Written {
		t.Errorf("%d items after writing %d", n, sum.Written)
	}
}
