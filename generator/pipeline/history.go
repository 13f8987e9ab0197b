package pipeline

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/source"
)

// History is the git history of a repository's feedback and themes, as
// one walk reads it, possibly still being read: the time of the commit the
// walk starts from is known first (scores need it as "now"), the files'
// timelines at the end (only rendering needs them). A nil *History is a
// repository without history.
type History struct {
	headKnown chan struct{}
	head      time.Time
	done      chan struct{}
	h         *history.History
	note      string
	gitDir    string
	diags     diag.List // history warnings: what could not be read
}

// StartHistory starts walking the history of the repository holding dir, up
// to rev ("" for HEAD), in a goroutine of its own. Without a git repository
// the History holds nothing and a note says what is missing; when its
// history cannot be read, it holds nothing and a warning (Diagnostics) says
// why: a site is then built from front matter alone.
func StartHistory(dir, rev string) *History {
	h := &History{headKnown: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		h.walk(dir, rev)
	}()
	return h
}

// ReadHistory is StartHistory that returns once the walk has ended.
func ReadHistory(dir, rev string) *History {
	h := StartHistory(dir, rev)
	<-h.done
	return h
}

// HeadTime waits for the committer time of the commit the walk starts
// from; zero without one.
func (h *History) HeadTime() time.Time {
	if h == nil {
		return time.Time{}
	}
	<-h.headKnown
	return h.head
}

// Wait waits for the walk to end and returns the timelines, keyed by the
// same paths as the content's (nil without history), and a note for the
// user when history was missing, shallow or unreadable ("" otherwise).
func (h *History) Wait() (*history.History, string) {
	if h == nil {
		return nil, ""
	}
	<-h.done
	return h.h, h.note
}

// Diagnostics waits for the walk to end and returns a warning (rule
// history) for each part of history that could not be read, with its
// cause: unreadable history, or versions of files missing or damaged. They
// fail a strict build: a site published without the timelines it should
// have is a problem CI must see.
func (h *History) Diagnostics() diag.List {
	if h == nil {
		return nil
	}
	<-h.done
	return h.diags
}

// GitDir waits for the walk to end and returns the folder holding the git
// repository's HEAD and refs ("" without one), which heed serve watches for
// commits and checkouts.
func (h *History) GitDir() string {
	if h == nil {
		return ""
	}
	<-h.done
	return h.gitDir
}

// walk fills h, telling the head time as soon as it is known.
func (h *History) walk(dir, rev string) {
	var once sync.Once
	tell := func(t time.Time) {
		once.Do(func() {
			h.head = t
			close(h.headKnown)
		})
	}
	defer tell(time.Time{})
	repo, prefix, err := OpenRepository(dir)
	if errors.Is(err, history.ErrNotRepository) {
		h.note = "not a git repository: status timelines, shipped dates from history and item authors are left out, and dates are measured from the clock (set SOURCE_DATE_EPOCH, or build inside a clone of the repository)"
		return
	}
	if err != nil {
		h.warn(dir, "git history not read: %v", err)
		return
	}
	defer history.Close(repo)
	if fs, ok := repo.Storer.(*filesystem.Storage); ok {
		h.gitDir = fs.Filesystem().Root()
	}
	if prefix != "" {
		prefix += "/"
	}
	walked, err := history.Walk(repo, rev, history.Options{
		Prefixes: []string{prefix + source.FeedbackDir + "/", prefix + source.ThemesDir + "/"},
		Status:   statusValue,
		// Only themes' status timelines are shown (theme pages, feeds, the
		// API, stale themes in triage): items' contents are not read.
		StatusPrefixes: []string{prefix + source.ThemesDir + "/"},
		HeadKnown:      tell,
	})
	if err != nil {
		h.warn(dir, "git history not read: %v", err)
		return
	}
	for _, p := range walked.Problems {
		h.warn(dir, "git history not read completely: %s", p)
	}
	if prefix != "" {
		files := make(map[string]*history.File, len(walked.Files))
		for p, f := range walked.Files {
			files[strings.TrimPrefix(p, prefix)] = f
		}
		walked.Files = files
	}
	if walked.Shallow {
		h.note = "git history is shallow: timelines start at the oldest commit fetched and earlier dates are missing; fetch full history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)"
	}
	h.h = walked
}

// warn adds a history warning about the repository holding dir, located
// at its git folder.
func (h *History) warn(dir, format string, args ...any) {
	at := ".git"
	if h.gitDir != "" {
		if rel, err := filepath.Rel(dir, h.gitDir); err == nil {
			at = filepath.ToSlash(rel)
		}
	}
	h.diags = append(h.diags, diag.Warnf(at, 0, 0, "history", format, args...))
}

// statusValue reads the status field of an item or theme file's front
// matter ("" when it has none or cannot be read), for git history: it
// depends on the content only, as history.Options.Status must.
func statusValue(_ string, data []byte) string {
	return content.StatusOf(data)
}

// OpenRepository opens the git repository holding dir and returns dir's
// folder relative to the repository's root ("" at the root), with slashes.
// Close it with history.Close.
func OpenRepository(dir string) (*git.Repository, string, error) {
	repo, err := history.Open(dir)
	if err != nil {
		return nil, "", err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return repo, "", nil // a bare repository: the feedback is at its root
	}
	abs, err := filepath.Abs(dir)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		history.Close(repo)
		return nil, "", fmt.Errorf("%s: %w", dir, err)
	}
	root, err := filepath.EvalSymlinks(wt.Filesystem.Root())
	if err != nil {
		root = wt.Filesystem.Root()
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == "." {
		rel = ""
	}
	return repo, filepath.ToSlash(rel), nil
}
