// Package output writes a rendered site to its folder atomically: the files
// go to a temporary sibling folder that takes the old site's place in one
// step only once every file is written, so that a reader, a failed build, a
// killed build or a concurrent one never finds the folder missing, half
// written or someone else's.
//
// It writes only inside that folder and its temporary siblings, and only
// ever replaces or deletes a folder that heed made (one holding the marker
// file) or one that held nothing but dotfiles such as .gitkeep, which move
// into the new site. A lock file beside the folder lets one build at a time
// publish into it; each build removes what earlier, interrupted builds left
// beside it, recognised by name and marker.
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

	"github.com/heedhq/heed/generator/internal/flock"
	"github.com/heedhq/heed/generator/internal/parallel"
)

// Marker is the file heed puts in every site folder it writes. A folder
// without it is never replaced unless it holds nothing but dotfiles.
const Marker = ".heed-site"

// markerText is the marker file's content.
const markerText = "This folder is written by heed build and replaced on every build.\nDo not put your own files here.\n"

// ErrForeign is returned for an output folder that holds files heed did
// not write.
var ErrForeign = errors.New("output folder is not empty and was not made by heed")

// ErrAborted is returned by Write and Commit once Abort was called.
var ErrAborted = errors.New("output: the build was stopped")

// Step names a point between the steps of publishing a site (see
// Options.Hook).
type Step string

// The steps of a publish, in order: Began ends Begin, the others are in
// Commit. Aside happens only where the platform cannot exchange two
// folders in one step.
const (
	// Began: the temporary folder is made (with the marker) and pages are
	// about to be written into it.
	Began Step = "began"
	// Written: every file, the marker and the previous site's dotfiles
	// are in the temporary folder; the site folder is as it was.
	Written Step = "written"
	// Aside: the previous site was moved aside and the new one is not in
	// place yet, the one moment the site folder is missing (the next
	// build puts the previous site back if the process dies here).
	Aside Step = "aside"
	// Swapped: the new site is in place; the previous one, if any, in a
	// temporary folder, is about to be removed.
	Swapped Step = "swapped"
)

// Options tunes Begin. The zero value waits silently for another build.
type Options struct {
	// Waiting is called once when another heed build holds the output
	// folder's lock; Begin then waits for that build to end.
	Waiting func()
	// Hook, when set, is called at each step of a publish, so that tests
	// can interrupt a build there.
	Hook func(Step)

	// noExchange makes Commit publish as on a platform that cannot
	// exchange two folders (tests of that path on Linux).
	noExchange bool
}

// Write replaces the folder dir with exactly files (slash paths relative
// to dir), the marker and the dotfiles dir held. dir may be missing, a
// previous site, or hold nothing but dotfiles.
func Write(dir string, files map[string][]byte) error {
	paths := make([]string, 0, len(files))
	for p := range files {
		if err := checkPath(p); err != nil {
			return err
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	w, err := Begin(dir, Options{})
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
// instead of holding the whole site in memory; Commit then puts it in the
// folder's place, as Write does. Write may be called from any number of
// goroutines, and Abort at any time, from any goroutine (a build stopped
// by a signal).
type Writer struct {
	dir, parent, base, tmp string
	existing               state
	opts                   Options
	lock                   *flock.Lock

	// mu is held for reading by each Write, and for writing by Commit and
	// Abort: Abort waits for the writes under way, and no write starts
	// after it.
	mu   sync.RWMutex
	done bool

	dirsMu sync.Mutex
	dirs   map[string]*folder // made or being made, by slash path
}

// folder is a folder of the temporary site, made once.
type folder struct {
	once sync.Once
	err  error
}

// Begin takes the output folder's lock (waiting for another build that
// holds it), removes what interrupted builds left beside the folder,
// checks that dir may be replaced (see Write) and makes the temporary
// folder. The caller must end with Commit or Abort.
func Begin(dir string, opts Options) (*Writer, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	parent, base := filepath.Split(dir)
	if base == "" {
		return nil, fmt.Errorf("%s: %w (it is the root of the file system)", dir, ErrForeign)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	lock, err := flock.Acquire(filepath.Join(parent, lockName(base)), opts.Waiting)
	if errors.Is(err, flock.ErrUnsupported) {
		lock, err = nil, nil // documented: builds into one folder must not overlap there
	}
	if err != nil {
		return nil, err
	}
	w, err := begin(dir, parent, base, opts)
	if err != nil {
		lock.Unlock()
		return nil, err
	}
	w.lock = lock
	if opts.Hook != nil {
		opts.Hook(Began)
	}
	return w, nil
}

// begin is Begin once the lock is held.
func begin(dir, parent, base string, opts Options) (*Writer, error) {
	if err := sweep(parent, base, dir); err != nil {
		return nil, err
	}
	existing, err := inspect(dir)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, newPrefix(base))
	if err != nil {
		return nil, err
	}
	// The marker goes in first, so that the folder is known to be heed's
	// (and removed by the next build) if this one is killed.
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644); err != nil {
		_ = os.RemoveAll(tmp) // made by this call
		return nil, fmt.Errorf("write %s: %w", Marker, unwrap(err))
	}
	if err := os.Chmod(tmp, existing.perm); err != nil {
		_ = os.RemoveAll(tmp) // made by this call
		return nil, err
	}
	return &Writer{dir: dir, parent: parent, base: base, tmp: tmp, existing: existing, opts: opts, dirs: map[string]*folder{}}, nil
}

// Write writes one file of the site, p being a slash path relative to the
// site's folder. Each path may be written once.
func (w *Writer) Write(p string, data []byte) error {
	if err := checkPath(p); err != nil {
		return err
	}
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.done {
		return ErrAborted
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
	w.dirsMu.Lock()
	f := w.dirs[d]
	if f == nil {
		f = &folder{}
		w.dirs[d] = f
	}
	w.dirsMu.Unlock()
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

// Abort removes the temporary folder, leaving the site folder as it was,
// and lets go of the lock. It waits for the writes under way; later ones
// fail with ErrAborted. After Commit it does nothing.
func (w *Writer) Abort() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.done = true
		_ = os.RemoveAll(w.tmp) // made by Begin
		w.lock.Unlock()
	}
}

// Commit puts the files written in the site folder's place in one step and
// removes the previous site; the previous site's dotfiles (such as
// .gitkeep) move on to the new one. After an error the site folder is as
// it was. Either way the lock is let go.
func (w *Writer) Commit() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return ErrAborted
	}
	w.done = true
	defer w.lock.Unlock()
	err := w.publish()
	if err != nil {
		_ = os.RemoveAll(w.tmp) // made by Begin; after a failed publish it holds the new site
	}
	return err
}

// publish is Commit's work.
func (w *Writer) publish() error {
	dir, tmp, existing := w.dir, w.tmp, w.existing
	hook := w.opts.Hook
	if hook == nil {
		hook = func(Step) {}
	}
	for _, k := range existing.kept {
		if err := copyFile(filepath.Join(dir, k), filepath.Join(tmp, k)); err != nil {
			return err
		}
	}
	hook(Written)
	if !existing.exists {
		if err := os.Rename(tmp, dir); err != nil {
			return err
		}
		hook(Swapped)
		return nil
	}
	if !existing.marked {
		// A folder holding only dotfiles: marked, the folder swapped out
		// below is known to be heed's should this build die before
		// removing it. Marked and not swapped, it is an empty site.
		if err := os.WriteFile(filepath.Join(dir, Marker), []byte(markerText), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", filepath.Join(dir, Marker), unwrap(err))
		}
	}
	err := errNoExchange
	if !w.opts.noExchange {
		err = exchange(tmp, dir)
	}
	if err == nil {
		hook(Swapped)
		// tmp now holds the previous site, marked. Should removing it
		// fail, the next build removes it: the new site is published.
		_ = os.RemoveAll(tmp)
		return nil
	}
	if !errors.Is(err, errNoExchange) {
		w.unmark()
		return err
	}
	// Two renames: the site folder is missing in between (see Aside).
	old, err := os.MkdirTemp(w.parent, oldPrefix(w.base))
	if err != nil {
		return err
	}
	if err := os.Remove(old); err != nil { // only its unique name is wanted
		return err
	}
	if err := os.Rename(dir, old); err != nil {
		w.unmark()
		return err
	}
	hook(Aside)
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("%w; and the previous site could not be put back from %s: %v (the next build will)", err, old, rerr)
		}
		w.unmark()
		return err
	}
	hook(Swapped)
	_ = os.RemoveAll(old) // the previous site, marked; else the next build removes it
	return nil
}

// unmark takes back the marker publish put in a folder of dotfiles that
// is still in place, so that a failed build leaves it as it was.
func (w *Writer) unmark() {
	if w.existing.exists && !w.existing.marked {
		_ = os.Remove(filepath.Join(w.dir, Marker))
	}
}

// state is what the site folder holds before a build.
type state struct {
	exists bool
	marked bool        // it holds the marker: heed made it
	kept   []string    // its dotfiles, which move on to the new site
	perm   fs.FileMode // its permissions, which the new site takes
}

// inspect checks that dir may be replaced: it is missing, a previous site
// (marker present), or holds nothing but dotfiles.
func inspect(dir string) (state, error) {
	st, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return state{perm: 0o755}, nil
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
	s := state{exists: true, perm: st.Mode().Perm()}
	var foreign []string
	for _, e := range entries {
		switch {
		case e.Name() == Marker:
			s.marked = true
		case strings.HasPrefix(e.Name(), ".") && e.Type().IsRegular():
			s.kept = append(s.kept, e.Name())
		default:
			foreign = append(foreign, e.Name())
		}
	}
	if !s.marked && len(foreign) > 0 {
		return state{}, fmt.Errorf("%s: %w (it holds %s); choose another --out or empty it", dir, ErrForeign, strings.Join(foreign[:min(3, len(foreign))], ", "))
	}
	return s, nil
}

// copyFile copies a regular file, with its permissions.
func copyFile(from, to string) error {
	st, err := os.Lstat(from)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.WriteFile(to, data, st.Mode().Perm()); err != nil {
		return err
	}
	return os.Chmod(to, st.Mode().Perm()) // whatever the umask
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
