// Package output writes a rendered site to its folder atomically: the files
// go to a temporary sibling folder that replaces the old site only once
// every file is written, so a failed build leaves the previous site as it
// was. It writes only inside that folder and its temporary siblings, and
// only ever replaces or deletes a folder that heed made (one holding the
// marker file).
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/heedhq/heed/generator/internal/parallel"
)

// Marker is the file heed puts in every site folder it writes. A folder
// without it is never replaced unless it is empty.
const Marker = ".heed-site"

// markerText is the marker file's content.
const markerText = "This folder is written by heed build and replaced on every build.\nDo not put your own files here.\n"

// keep lists files of an empty-looking folder that survive a build (a
// placeholder that keeps the folder in git).
var keep = []string{".gitkeep"}

// ErrForeign is returned for an output folder that holds files heed did
// not write.
var ErrForeign = errors.New("output folder is not empty and was not made by heed")

// Write replaces the folder dir with exactly files (slash paths relative
// to dir) and the marker. dir may be missing, empty, or a previous site.
func Write(dir string, files map[string][]byte) error {
	paths := make([]string, 0, len(files))
	for p := range files {
		if err := checkPath(p); err != nil {
			return err
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	w, err := Begin(dir)
	if err != nil {
		return err
	}
	errs := make([]error, len(paths))
	parallel.For(len(paths), func(i int) {
		errs[i] = w.Write(paths[i], files[paths[i]])
	})
	if err := errors.Join(errs...); err != nil {
		w.Abort()
		return err
	}
	return w.Commit()
}

// Writer writes a site file by file into a temporary folder beside its
// folder, so that a build can write each page as soon as it is rendered
// instead of holding the whole site in memory; Commit then replaces the
// folder with it, as Write does. Write may be called from any number of
// goroutines.
type Writer struct {
	dir, parent, base, tmp string
	existing               state

	mu   sync.Mutex
	dirs map[string]*folder // made or being made, by slash path
	done bool
}

// folder is a folder of the temporary site, made once.
type folder struct {
	once sync.Once
	err  error
}

// Begin checks that dir may be replaced (see Write) and makes the
// temporary folder. The caller must end with Commit or Abort.
func Begin(dir string) (*Writer, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	existing, err := inspect(dir)
	if err != nil {
		return nil, err
	}
	parent, base := filepath.Split(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		_ = os.RemoveAll(tmp) // made by this call
		return nil, err
	}
	return &Writer{dir: dir, parent: parent, base: base, tmp: tmp, existing: existing, dirs: map[string]*folder{}}, nil
}

// Write writes one file of the site, p being a slash path relative to the
// site's folder. Each path may be written once.
func (w *Writer) Write(p string, data []byte) error {
	if err := checkPath(p); err != nil {
		return err
	}
	if d := path.Dir(p); d != "." {
		if err := w.mkdir(d); err != nil {
			return fmt.Errorf("write %s: %w", p, unwrap(err))
		}
	}
	if err := create(filepath.Join(w.tmp, filepath.FromSlash(p)), data); err != nil {
		return fmt.Errorf("write %s: %w", p, unwrap(err))
	}
	return nil
}

// mkdir makes the folder d of the temporary site and its parents, once
// however many goroutines ask for it.
func (w *Writer) mkdir(d string) error {
	w.mu.Lock()
	f := w.dirs[d]
	if f == nil {
		f = &folder{}
		w.dirs[d] = f
	}
	w.mu.Unlock()
	f.once.Do(func() {
		if parent := path.Dir(d); parent != "." {
			if f.err = w.mkdir(parent); f.err != nil {
				return
			}
		}
		f.err = os.Mkdir(filepath.Join(w.tmp, filepath.FromSlash(d)), 0o755)
	})
	return f.err
}

// Abort removes the temporary folder, leaving the site folder as it was.
func (w *Writer) Abort() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.done = true
		_ = os.RemoveAll(w.tmp) // made by Begin
	}
}

// Commit adds the marker and replaces the site folder with the files
// written. After an error the site folder is as it was.
func (w *Writer) Commit() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return errors.New("output: site already committed or aborted")
	}
	w.done = true
	dir, parent, base, tmp, existing := w.dir, w.parent, w.base, w.tmp, w.existing
	fail := func(err error) error {
		_ = os.RemoveAll(tmp) // made by Begin
		return err
	}
	if existing.marked {
		// Placeholders of a previous site move on to the new one.
		for _, k := range existing.kept {
			data, err := os.ReadFile(filepath.Join(dir, k))
			if err != nil {
				return fail(err)
			}
			if err := os.WriteFile(filepath.Join(tmp, k), data, 0o644); err != nil {
				return fail(err)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644); err != nil {
		return fail(fmt.Errorf("write %s: %w", Marker, unwrap(err)))
	}

	if !existing.exists {
		if err := os.Rename(tmp, dir); err != nil {
			return fail(err)
		}
		return nil
	}
	if !existing.marked {
		// An empty folder (or one holding only a placeholder) that heed did
		// not make: the site moves into it and the folder itself stays.
		return moveInto(tmp, dir)
	}
	// Swap: move the old folder aside, the new one in, then remove the old.
	old, err := os.MkdirTemp(parent, "."+base+".old-")
	if err != nil {
		return fail(err)
	}
	if err := os.Remove(old); err != nil { // only its unique name is wanted
		return fail(err)
	}
	if err := os.Rename(dir, old); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("%w; and the previous site could not be put back from %s: %v", err, old, rerr)
		}
		return fail(err)
	}
	// The old folder is a site heed made: it has the marker.
	return os.RemoveAll(old)
}

type state struct {
	exists bool
	marked bool // it holds the marker: heed made it
	kept   []string
}

// inspect checks that dir may be replaced: it is missing, a previous site
// (marker present), or empty apart from placeholders.
func inspect(dir string) (state, error) {
	st, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return state{}, nil
	}
	if err != nil {
		return state{}, err
	}
	if !st.IsDir() {
		return state{}, fmt.Errorf("%s: %w (it is not a folder)", dir, ErrForeign)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return state{}, err
	}
	s := state{exists: true}
	marked := false
	var foreign []string
	for _, e := range entries {
		switch {
		case e.Name() == Marker:
			marked = true
		case slices.Contains(keep, e.Name()) && e.Type().IsRegular():
			s.kept = append(s.kept, e.Name())
		default:
			foreign = append(foreign, e.Name())
		}
	}
	s.marked = marked
	if !marked && len(foreign) > 0 {
		return state{}, fmt.Errorf("%s: %w (it holds %s); choose another --out or empty it", dir, ErrForeign, strings.Join(foreign[:min(3, len(foreign))], ", "))
	}
	return s, nil
}

// moveInto moves the entries of the folder tmp (made by this build) into
// dir, then removes tmp. If a move fails, the moved entries go back and tmp
// is removed, leaving dir as it was.
func moveInto(tmp, dir string) error {
	entries, err := os.ReadDir(tmp)
	if err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}
	var moved []string
	for _, e := range entries {
		if err := os.Rename(filepath.Join(tmp, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			for _, m := range moved {
				_ = os.Rename(filepath.Join(dir, m), filepath.Join(tmp, m))
			}
			_ = os.RemoveAll(tmp) // made by this build
			return err
		}
		moved = append(moved, e.Name())
	}
	return os.Remove(tmp)
}

// checkPath refuses a site path that could leave the output folder.
func checkPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || path.Clean(p) != p || p == Marker {
		return fmt.Errorf("output: refusing file path %q", p)
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." || part == "." || part == "" {
			return fmt.Errorf("output: refusing file path %q", p)
		}
	}
	return nil
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
