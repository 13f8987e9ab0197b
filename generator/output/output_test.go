package output

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func siblings(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// publishModes are the two ways Commit publishes: exchanging the folders
// in one step (Linux, macOS) and two renames (elsewhere, or a file system
// that cannot exchange).
var publishModes = []struct {
	name string
	opts Options
}{{"exchanged", Options{}}, {"renamed twice", Options{noExchange: true}}}

// writeWith is Write with options.
func writeWith(dir string, opts Options, files map[string][]byte) error {
	w, err := Begin(dir, opts)
	if err != nil {
		return err
	}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		if err := w.Write(p, files[p]); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Commit()
}

func TestWrite(t *testing.T) {
	t.Run("a missing folder is created with the files and the marker", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "site")
		if err := Write(dir, map[string][]byte{"index.html": []byte("a"), "themes/x/index.html": []byte("b")}); err != nil {
			t.Fatal(err)
		}
		got := tree(t, dir)
		if got["index.html"] != "a" || got["themes/x/index.html"] != "b" || got[Marker] == "" || len(got) != 3 {
			t.Errorf("tree = %v", got)
		}
		if s := siblings(t, dir); !slices.Equal(s, []string{"site"}) {
			t.Errorf("temporary folders left behind: %v", s)
		}
	})
	t.Run("a previous site is replaced whole", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "site")
		if err := Write(dir, map[string][]byte{"old.html": []byte("old"), "index.html": []byte("1")}); err != nil {
			t.Fatal(err)
		}
		if err := Write(dir, map[string][]byte{"index.html": []byte("2")}); err != nil {
			t.Fatal(err)
		}
		got := tree(t, dir)
		if _, ok := got["old.html"]; ok || got["index.html"] != "2" {
			t.Errorf("tree = %v", got)
		}
		if s := siblings(t, dir); !slices.Equal(s, []string{"site"}) {
			t.Errorf("temporary folders left behind: %v", s)
		}
	})
	for _, mode := range publishModes {
		t.Run("a folder of dotfiles is swapped like an empty one and its dotfiles kept ("+mode.name+")", func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "site")
			if err := os.MkdirAll(dir, 0o750); err != nil {
				t.Fatal(err)
			}
			for name, text := range map[string]string{".gitkeep": "", ".nojekyll": "x"} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			for i, page := range []string{"a", "b"} {
				if err := writeWith(dir, mode.opts, map[string][]byte{"index.html": []byte(page)}); err != nil {
					t.Fatal(err)
				}
				got := tree(t, dir)
				if got[".gitkeep"] != "" || got[".nojekyll"] != "x" || got["index.html"] != page || got[Marker] == "" || len(got) != 4 {
					t.Errorf("build %d: tree = %v", i+1, got)
				}
				if s := siblings(t, dir); !slices.Equal(s, []string{"site"}) {
					t.Errorf("build %d: temporary folders left behind: %v", i+1, s)
				}
			}
			if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o750 {
				t.Errorf("the folder's permissions were not kept: %v", st.Mode())
			}
			if st, err := os.Stat(filepath.Join(dir, ".nojekyll")); err != nil || st.Mode().Perm() != 0o600 {
				t.Errorf("a dotfile's permissions were not kept: %v", st.Mode())
			}
		})
	}
	t.Run("a folder of dotfiles that a failed build would have replaced is left as it was", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "site")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".gitkeep"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := Write(dir, map[string][]byte{"a": []byte("file"), "a/b.html": []byte("x")}); err == nil {
			t.Fatal("the impossible site was written")
		}
		if got := tree(t, dir); len(got) != 1 {
			t.Errorf("tree = %v, want the .gitkeep alone", got)
		}
	})
	t.Run("a folder with someone else's files is refused and untouched", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "docs")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "notes.md"), []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		err := Write(dir, map[string][]byte{"index.html": []byte("a")})
		if !errors.Is(err, ErrForeign) {
			t.Fatalf("err = %v, want ErrForeign", err)
		}
		if got := tree(t, dir); len(got) != 1 || got["notes.md"] != "mine" {
			t.Errorf("tree = %v", got)
		}
		if s := siblings(t, dir); !slices.Equal(s, []string{"docs"}) {
			t.Errorf("temporary folders left behind: %v", s)
		}
	})
	t.Run("a file in place of the folder is refused", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "site")
		if err := os.WriteFile(dir, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := Write(dir, nil); !errors.Is(err, ErrForeign) {
			t.Fatalf("err = %v, want ErrForeign", err)
		}
	})
	t.Run("paths that leave the folder are refused before anything is written", func(t *testing.T) {
		for _, p := range []string{"../evil.html", "/etc/evil", "a/../../b", "a\\b", "", "./a", Marker} {
			dir := filepath.Join(t.TempDir(), "site")
			if err := Write(dir, map[string][]byte{"index.html": []byte("a"), p: []byte("x")}); err == nil {
				t.Errorf("path %q was accepted", p)
			}
			if s := siblings(t, dir); len(s) != 0 {
				t.Errorf("path %q: something was written: %v", p, s)
			}
		}
	})
	t.Run("a failed write leaves the previous site as it was", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "site")
		if err := Write(dir, map[string][]byte{"index.html": []byte("1")}); err != nil {
			t.Fatal(err)
		}
		// A file and a folder of the same name cannot both be written.
		err := Write(dir, map[string][]byte{"a": []byte("file"), "a/b.html": []byte("x")})
		if err == nil {
			t.Fatal("the impossible site was written")
		}
		if got := tree(t, dir); got["index.html"] != "1" || len(got) != 2 {
			t.Errorf("previous site changed: %v", got)
		}
		if s := siblings(t, dir); !slices.Equal(s, []string{"site"}) {
			t.Errorf("temporary folders left behind: %v", s)
		}
	})
}

func TestWriter(t *testing.T) {
	t.Run("files written from many goroutines land in nested folders", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "site")
		w, err := Begin(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{}
		var wg sync.WaitGroup
		errs := make(chan error, 200)
		for i := range 200 {
			p := fmt.Sprintf("feedback/%d/item-%d/index.html", i%7, i)
			want[p] = p
			wg.Go(func() { errs <- w.Write(p, []byte(p)) })
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("the site appeared before Commit: %v", err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		got := tree(t, dir)
		delete(got, Marker)
		if !maps.Equal(got, want) {
			t.Errorf("got %d files, want %d", len(got), len(want))
		}
		if err := w.Commit(); err == nil {
			t.Error("a second Commit succeeded")
		}
	})
	t.Run("Abort leaves the previous site and no temporary folder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "site")
		if err := Write(dir, map[string][]byte{"index.html": []byte("old")}); err != nil {
			t.Fatal(err)
		}
		w, err := Begin(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write("index.html", []byte("new")); err != nil {
			t.Fatal(err)
		}
		w.Abort()
		if got := tree(t, dir); got["index.html"] != "old" {
			t.Errorf("index.html = %q after Abort", got["index.html"])
		}
		if s := siblings(t, dir); !slices.Equal(s, []string{"site"}) {
			t.Errorf("temporary folders left behind: %v", s)
		}
	})
	t.Run("a path written twice or leaving the folder is refused", func(t *testing.T) {
		w, err := Begin(filepath.Join(t.TempDir(), "site"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Abort()
		if err := w.Write("a/index.html", nil); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"a/index.html", "../x", "/abs", Marker} {
			if err := w.Write(p, nil); err == nil {
				t.Errorf("Write(%q) succeeded", p)
			}
		}
	})
}
