package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/heedhq/heed/generator/source"
)

// watcher turns file system events under a repository into changes: it
// watches the repository folder (for heed.yaml, customers.yaml and the
// content folders appearing) and every folder under feedback/, themes/ and
// templates/, adding folders as they appear and dropping them as they go.
// Hidden files and folders (.git, editor swap files) are not content. Bursts
// of events (an editor's atomic save: write a temporary file, rename it
// over the file) are coalesced: a change is handed over once no event came
// for quiet, or maxWait after its first event.
type watcher struct {
	root   string // absolute, no symbolic links
	config string // the --config file, absolute, or ""
	fsw    *fsnotify.Watcher
	dirs   map[string]bool // watched folders, as repository paths ("" is the root)
	// gitDir is the git repository's folder ("" without one): a change to
	// its HEAD or branches is signalled on commits.
	gitDir  string
	commits chan struct{}

	quiet, maxWait time.Duration
	inbox          *inbox
	errs           func(error)
}

// inbox is where the watcher leaves changes for the builder: merged while
// the builder is busy, taken whole.
type inbox struct {
	mu      sync.Mutex
	pending *change
	ready   chan struct{} // has a value when pending is not empty
}

func newInbox() *inbox {
	return &inbox{pending: newChange(), ready: make(chan struct{}, 1)}
}

// put merges a change in and wakes the builder.
func (b *inbox) put(c *change) {
	b.mu.Lock()
	b.pending.merge(c)
	b.mu.Unlock()
	select {
	case b.ready <- struct{}{}:
	default:
	}
}

// take returns everything left so far and empties the inbox.
func (b *inbox) take() *change {
	b.mu.Lock()
	defer b.mu.Unlock()
	c := b.pending
	b.pending = newChange()
	return c
}

// waiting reports whether changes arrived that the builder has not taken.
func (b *inbox) waiting() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return !b.pending.empty()
}

// contentDirs are the folders heed reads, watched with every sub-folder.
var contentDirs = []string{source.FeedbackDir, source.ThemesDir, source.TemplatesDir}

func newWatcher(root, config, gitDir string, in *inbox, quiet, maxWait time.Duration, errs func(error)) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, config: config, fsw: fsw, dirs: map[string]bool{}, quiet: quiet, maxWait: maxWait, inbox: in, errs: errs,
		gitDir: gitDir, commits: make(chan struct{}, 1)}
	if err := w.add(""); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, d := range contentDirs {
		w.addTree(d)
	}
	if gitDir != "" {
		// HEAD and packed-refs, and every branch (names may have folders).
		if err := fsw.Add(gitDir); err != nil {
			errs(err)
		}
		w.addGitTree(filepath.Join(gitDir, "refs", "heads"))
	}
	if config != "" {
		if dir := filepath.Dir(config); !w.inside(dir) {
			if err := fsw.Add(dir); err != nil {
				fsw.Close()
				return nil, err
			}
		}
	}
	return w, nil
}

// inside reports whether an absolute path is the repository root or under it.
func (w *watcher) inside(p string) bool {
	rel, err := filepath.Rel(w.root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func (w *watcher) add(rel string) error {
	if err := w.fsw.Add(filepath.Join(w.root, filepath.FromSlash(rel))); err != nil {
		return err
	}
	w.dirs[rel] = true
	return nil
}

// addTree watches a folder and every folder under it (hidden ones and
// symbolic links to folders left out, as heed reads them).
func (w *watcher) addTree(rel string) {
	top := filepath.Join(w.root, filepath.FromSlash(rel))
	filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != top && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		r, err := filepath.Rel(w.root, p)
		if err != nil {
			return nil
		}
		if err := w.add(filepath.ToSlash(r)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			w.errs(err)
		}
		return nil
	})
}

// addGitTree watches a folder of branches and the folders under it.
func (w *watcher) addGitTree(top string) {
	filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if err := w.fsw.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				w.errs(err)
			}
		}
		return nil
	})
}

// gitEvent reports whether an event moves HEAD or a branch: a commit, a
// checkout, a pull (lock files aside).
func (w *watcher) gitEvent(ev fsnotify.Event) bool {
	if w.gitDir == "" || strings.HasSuffix(ev.Name, ".lock") {
		return false
	}
	switch ev.Name {
	case filepath.Join(w.gitDir, "HEAD"), filepath.Join(w.gitDir, "packed-refs"):
		return true
	}
	heads := filepath.Join(w.gitDir, "refs", "heads")
	if !strings.HasPrefix(ev.Name, heads+string(filepath.Separator)) {
		return false
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			w.addGitTree(ev.Name)
		}
	}
	return true
}

// dropTree forgets a folder and the folders under it (the kernel drops the
// watches of deleted folders by itself).
func (w *watcher) dropTree(rel string) {
	for d := range w.dirs {
		if d == rel || strings.HasPrefix(d, rel+"/") {
			w.fsw.Remove(filepath.Join(w.root, filepath.FromSlash(d)))
			delete(w.dirs, d)
		}
	}
}

// close stops watching.
func (w *watcher) close() error { return w.fsw.Close() }

// run turns events into changes until ctx is done.
func (w *watcher) run(ctx context.Context) {
	pending := newChange()
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if w.gitEvent(ev) {
				select {
				case w.commits <- struct{}{}:
				default:
				}
				continue
			}
			if !w.event(ev, pending) {
				continue
			}
			now := time.Now()
			if first.IsZero() {
				first = now
			}
			timer.Reset(max(0, min(w.quiet, w.maxWait-now.Sub(first))))
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: read everything again.
				pending.full = true
				for _, d := range contentDirs {
					w.addTree(d)
				}
				if first.IsZero() {
					first = time.Now()
				}
				timer.Reset(w.quiet)
				continue
			}
			w.errs(err)
		case <-timer.C:
			if !pending.empty() {
				w.inbox.put(pending)
			}
			pending, first = newChange(), time.Time{}
		}
	}
}

// event records what one event says into c; false when it concerns
// nothing heed reads.
func (w *watcher) event(ev fsnotify.Event, c *change) bool {
	if w.config != "" && ev.Name == w.config {
		c.files[filepath.ToSlash(w.config)] = true
		return true
	}
	if !w.inside(ev.Name) {
		return false
	}
	r, err := filepath.Rel(w.root, ev.Name)
	if err != nil || r == "." {
		return false
	}
	rel := filepath.ToSlash(r)
	top, _, _ := strings.Cut(rel, "/")
	inContent := top == source.FeedbackDir || top == source.ThemesDir || top == source.TemplatesDir
	if !inContent && rel != source.ConfigFile && rel != source.CustomersFile {
		return false
	}
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	switch {
	case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
		if w.dirs[rel] {
			w.dropTree(rel)
			c.removed[rel] = true
			return true
		}
	case ev.Has(fsnotify.Create) && inContent:
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			// A folder appeared, maybe with files in it already (moved in,
			// or made and filled before its watch was added).
			w.addTree(rel)
			c.added[rel] = true
			return true
		}
	}
	if _, ok := source.Classify(rel); !ok {
		return false
	}
	c.files[rel] = true
	return true
}
