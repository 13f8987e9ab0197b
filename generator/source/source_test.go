package source_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/source"
)

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadDirReadsOnlyContentInsideTheRepository(t *testing.T) {
	outside := t.TempDir()
	write(t, outside, "secret.md", "---\ntitle: SECRET\n---\n")
	root := t.TempDir()
	write(t, root, "heed.yaml", "title: x\n")
	write(t, root, "customers.yaml", "{}\n")
	write(t, root, "feedback/a.md", "a")
	write(t, root, "feedback/2026/b.md", "b")
	write(t, root, "feedback/notes.txt", "not content")
	write(t, root, "feedback/.c.md.swp", "editor swap file")
	write(t, root, "feedback/.hidden/d.md", "hidden folder")
	write(t, root, "themes/t.md", "t")
	write(t, root, "README.md", "not content")
	write(t, root, "feedback/big.md", strings.Repeat("x", source.MaxFileSize+1))
	write(t, root, "feedback/bin.md", "ab\x00cd")
	write(t, root, "feedback/latin1.md", "ok\ncaf\xe9")
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(root, "feedback", "leak.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink(filepath.Join(root, "feedback", "a.md"), filepath.Join(root, "feedback", "alias.md")); err != nil {
		t.Fatal(err)
	}
	snap, err := source.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range snap.Files {
		paths = append(paths, f.Path)
		if strings.Contains(string(f.Data), "SECRET") {
			t.Errorf("%s: read a file outside the repository", f.Path)
		}
	}
	want := []string{"customers.yaml", "feedback/2026/b.md", "feedback/a.md", "feedback/alias.md", "heed.yaml", "themes/t.md"}
	if !slices.Equal(paths, want) {
		t.Errorf("files %q, want %q", paths, want)
	}
	var ds []string
	for _, d := range snap.Diagnostics {
		ds = append(ds, fmt.Sprintf("%s:%d:%d [%s]", d.Path, d.Line, d.Col, d.Rule))
		if strings.Contains(d.Message, root) || strings.Contains(d.Message, outside) {
			t.Errorf("diagnostic reveals a machine path: %s", d)
		}
	}
	wantDs := []string{"feedback/big.md:0:0 [too-large]", "feedback/bin.md:1:3 [binary]", "feedback/latin1.md:2:4 [utf8]", "feedback/leak.md:0:0 [symlink-outside]"}
	if !slices.Equal(ds, wantDs) {
		t.Errorf("diagnostics %q, want %q", ds, wantDs)
	}
}

func TestReadDirRejectsAMissingRoot(t *testing.T) {
	if _, err := source.ReadDir(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("want an error for a missing folder")
	}
}

func TestClassify(t *testing.T) {
	cases := map[string]source.Kind{
		"heed.yaml": source.Config, "customers.yaml": source.Customers, "feedback/a.md": source.Item,
		"feedback/x/y/z.md": source.Item, "themes/t.md": source.Theme, "templates/base.html": source.Template,
		"feedback/a.txt": 0, "feedback/.a.md": 0, "feedback/a.md~": 0, "site/index.html": 0, "README.md": 0,
	}
	for p, want := range cases {
		if got, _ := source.Classify(p); got != want {
			t.Errorf("Classify(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestPositionCountsCharacters(t *testing.T) {
	data := []byte("ab\nçé x")
	if l, c := source.Position(data, len("ab\nçé ")); l != 2 || c != 4 {
		t.Errorf("Position = %d:%d, want 2:4", l, c)
	}
}

// TestSizeLimits: customers.yaml may be as large as a CRM's export; the
// other files 1 MiB. A file over its limit is named with the limit.
func TestSizeLimits(t *testing.T) {
	root := t.TempDir()
	write(t, root, "customers.yaml", strings.Repeat("# a CRM export\n", 10<<20/15))
	write(t, root, "feedback/big.md", strings.Repeat("x", source.MaxFileSize+1))
	snap, err := source.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Files) != 1 || snap.Files[0].Path != "customers.yaml" {
		t.Errorf("read %d files, want the 10 MiB customers.yaml", len(snap.Files))
	}
	if len(snap.Diagnostics) != 1 || !strings.Contains(snap.Diagnostics[0].Message, "over the limit of 1 MiB for a feedback item") {
		t.Errorf("diagnostics %v", snap.Diagnostics)
	}

	// A sparse file over the limit is refused without being read.
	if err := os.Truncate(filepath.Join(root, "customers.yaml"), source.MaxCustomersSize+1); err != nil {
		t.Fatal(err)
	}
	snap, err = source.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Files) != 0 || len(snap.Diagnostics) != 2 || !strings.Contains(snap.Diagnostics[0].String(), "customers.yaml:1:1: error: file is 67108865 bytes, over the limit of 64 MiB for customers.yaml [too-large]") {
		t.Errorf("files %d, diagnostics %v", len(snap.Files), snap.Diagnostics)
	}
}

// TestSweepTemp: only heed's own temporary files, regular and over an hour
// old, are removed from the folder; anything else stays.
func TestSweepTemp(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	old, fresh := now.Add(-2*time.Hour), now.Add(-time.Minute)
	files := []struct {
		name    string
		dir     bool
		written time.Time
		stays   bool
	}{
		{name: ".heed-123.tmp", written: old},
		{name: ".heed-apply.tmp", written: old},
		{name: ".heed-456.tmp", written: fresh, stays: true},  // a heed process may be writing it
		{name: ".heed-site", written: old, stays: true},       // not a temporary file
		{name: ".heed-789.tmp.md", written: old, stays: true}, // not named as heed names them
		{name: "heed-123.tmp", written: old, stays: true},     // not hidden
		{name: "item.md", written: old, stays: true},
		{name: ".heed-dir.tmp", dir: true, written: old, stays: true},
		{name: "sub/.heed-1.tmp", written: old, stays: true}, // subfolders are not swept
	}
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.name))
		if f.dir {
			if err := os.Mkdir(p, 0o755); err != nil {
				t.Fatal(err)
			}
		} else {
			write(t, dir, f.name, "x")
		}
		if err := os.Chtimes(p, f.written, f.written); err != nil {
			t.Fatal(err)
		}
	}
	source.SweepTemp(dir, now)
	for _, f := range files {
		_, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.name)))
		if stays := err == nil; stays != f.stays {
			t.Errorf("%s: stays %v, want %v", f.name, stays, f.stays)
		}
	}
}
