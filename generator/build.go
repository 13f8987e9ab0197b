package generator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/group"
	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/insight"
	"github.com/heedhq/heed/generator/output"
	"github.com/heedhq/heed/generator/render"
	"github.com/heedhq/heed/generator/score"
	"github.com/heedhq/heed/generator/source"
)

// BuildOptions tunes Build.
type BuildOptions struct {
	// Out is the site folder; "" means DIR/site.
	Out string
	// Config is the configuration file to use instead of DIR/heed.yaml.
	Config string
	// BaseURL overrides heed.yaml's baseURL.
	BaseURL string
	// Internal builds the team's view with private feedback and customer
	// names. Never publish it.
	Internal bool
	// Strict fails the build on warnings too.
	Strict bool
	// Ref builds the site from this git revision (branch, tag or hash)
	// instead of the working tree: the roadmap as it was then.
	Ref string
	// Getenv reads the environment (SOURCE_DATE_EPOCH); nil is os.Getenv.
	Getenv func(string) string
	// Progress, when set, is told how far rendering is (pages done of
	// total). It may be called from several goroutines.
	Progress func(done, total int)
}

// BuildResult says what a build did.
type BuildResult struct {
	// Diagnostics are the repository's problems (and template problems).
	Diagnostics diag.List
	// Out is the folder written (absolute).
	Out string
	// Pages is the number of HTML pages, Files of all files written.
	Pages, Files int
	// Bytes is the total size of the files.
	Bytes int64
	// Items and Themes count the published feedback and the themes.
	Items, Themes int
	// Now is the moment the site describes.
	Now time.Time
	// Elapsed is how long the build took.
	Elapsed time.Duration
	// Notes are things the user should know that are not problems in the
	// repository, such as git history being unavailable or shallow.
	Notes []string
}

// Summary is the one-line account of a build.
func (r *BuildResult) Summary() string {
	return fmt.Sprintf("built %s (%s, %s) from %s and %s in %s", diag.Plural(r.Pages, "page"), diag.Plural(r.Files, "file"),
		humanBytes(r.Bytes), diag.Plural(r.Items, "item"), diag.Plural(r.Themes, "theme"), r.Elapsed.Round(time.Millisecond))
}

// ErrInvalid is returned when the repository (or a template) has errors:
// nothing is written and the previous site stays as it was.
var ErrInvalid = errors.New("the repository has errors; the site was not written")

// Build reads the repository at dir, validates it, renders the site and
// writes it to the output folder atomically. With errors in the content or
// templates it writes nothing and returns ErrInvalid with the diagnostics
// in the result; other errors (unreadable repository, output folder not
// made by heed, disk full) leave the previous site untouched as well.
func Build(dir string, opts BuildOptions) (*BuildResult, error) {
	start := time.Now()
	res := &BuildResult{}
	out := opts.Out
	if out == "" {
		out = filepath.Join(dir, "site")
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return res, err
	}
	res.Out = abs
	var repo *git.Repository
	var prefix string
	if opts.Ref != "" {
		if repo, prefix, err = openRepository(dir); err != nil {
			return res, fmt.Errorf("--ref: %w", err)
		}
		defer history.Close(repo)
	}
	// The history walk reads git objects while the files are read,
	// parsed and scored on the other cores; only "now" (the head commit's
	// time) is needed before rendering.
	pending := startHistory(dir, opts.Ref)
	defer pending.wait()
	snap, err := read(dir, opts.Config, repo, opts.Ref, prefix)
	if err != nil {
		return res, err
	}
	set := content.Load(snap, content.Options{HTML: true})
	res.Diagnostics = set.Diagnostics
	if set.Diagnostics.Fails(opts.Strict) {
		return res, ErrInvalid
	}
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	// Emerging topics come from the published items only, so that no word
	// of a private item reaches a cluster's name. The site shows the
	// emerging clusters only: no duplicate search. They are found while
	// the items are scored: both only read the set.
	docs, themes := groupInputOf(set, func(it *content.Item) bool { return opts.Internal || !it.Private })
	clusters := make(chan []group.Cluster, 1)
	go func() { clusters <- group.Clusters(docs, themes, group.Options{}) }()
	now := score.Now(getenv, pending.headTime())
	res.Now = now
	scores := score.Compute(set, now)
	res.Diagnostics = append(res.Diagnostics, scores.Diagnostics...)
	insights := insight.Compute(set, scores, !opts.Internal)

	var templates []source.File
	for _, f := range snap.Files {
		if f.Kind == source.Template {
			templates = append(templates, f)
		}
	}
	groups := group.Result{Clusters: <-clusters}
	hist, note := pending.wait()
	if note != "" {
		res.Notes = append(res.Notes, note)
	}
	plan := render.Prepare(render.Input{Set: set, Scores: scores, Insights: insights, History: hist, Templates: templates, Groups: &groups}, render.Options{
		BaseURL: opts.BaseURL, Internal: opts.Internal, Now: now, Progress: opts.Progress,
	})
	// Pages go to disk as they are rendered, into a temporary folder that
	// replaces the site only when every file is written and no problem
	// was found.
	w, err := output.Begin(abs)
	if err != nil {
		return res, err
	}
	site, err := plan.Emit(w.Write)
	if err != nil {
		w.Abort()
		return res, err
	}
	res.Diagnostics = append(res.Diagnostics, site.Diagnostics...)
	res.Diagnostics.Sort()
	if res.Diagnostics.Fails(opts.Strict) {
		w.Abort()
		return res, ErrInvalid
	}
	if err := w.Commit(); err != nil {
		return res, err
	}
	res.Pages, res.Files, res.Bytes = site.Pages, site.Files+1, site.Bytes
	res.Themes = len(set.Themes)
	for _, it := range set.Items {
		if opts.Internal || !it.Private {
			res.Items++
		}
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// readHistory walks the git history of the repository's feedback and
// themes up to rev ("" for HEAD), keyed by repository-relative paths like
// the content's. Without a git repository it returns nil and a note saying
// what is missing; a problem reading history is a note too, not a failure:
// the site is built from front matter alone.
func readHistory(dir, rev string) (*history.History, string) {
	h, note, _ := ReadHistory(dir, rev)
	return h, note
}

// pendingHistory is a history walk running in the background.
type pendingHistory struct {
	head chan time.Time
	done chan struct{}
	h    *history.History
	note string
}

// startHistory starts readHistory in a goroutine.
func startHistory(dir, rev string) *pendingHistory {
	p := &pendingHistory{head: make(chan time.Time, 1), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.h, p.note, _ = walkHistory(dir, rev, func(t time.Time) { p.head <- t })
	}()
	return p
}

// headTime waits for the head commit's time: zero when there is no
// history to read.
func (p *pendingHistory) headTime() time.Time {
	return <-p.head
}

// wait waits for the walk to end and returns what readHistory would.
func (p *pendingHistory) wait() (*history.History, string) {
	<-p.done
	return p.h, p.note
}

// ReadHistory is readHistory for callers that also watch the repository
// (heed serve): gitDir is the folder holding its HEAD and refs, "" when
// there is none.
func ReadHistory(dir, rev string) (h *history.History, note, gitDir string) {
	return walkHistory(dir, rev, func(time.Time) {})
}

// walkHistory is ReadHistory that also calls head exactly once, before
// the walk, with the time of the commit the walk starts from (zero when
// there is none or it cannot be read).
func walkHistory(dir, rev string, head func(time.Time)) (h *history.History, note, gitDir string) {
	sent := false
	defer func() {
		if !sent {
			head(time.Time{})
		}
	}()
	repo, prefix, err := openRepository(dir)
	if errors.Is(err, history.ErrNotRepository) {
		return nil, "not a git repository: status timelines, shipped dates from history and item authors are left out, and dates are measured from the clock (set SOURCE_DATE_EPOCH, or build inside a clone of the repository)", ""
	}
	if err != nil {
		return nil, fmt.Sprintf("git history not read: %v", err), ""
	}
	defer history.Close(repo)
	if fs, ok := repo.Storer.(*filesystem.Storage); ok {
		gitDir = fs.Filesystem().Root()
	}
	if prefix != "" {
		prefix += "/"
	}
	t, _ := history.HeadTime(repo, rev) // an error shows in the walk's
	head(t)
	sent = true
	h, err = history.Walk(repo, rev, history.Options{
		Prefixes: []string{prefix + source.FeedbackDir + "/", prefix + source.ThemesDir + "/"},
		Status:   statusValue,
		// Only themes' status timelines are shown (theme pages, feeds, the
		// API, stale themes in triage): items' contents are not read.
		StatusPrefixes: []string{prefix + source.ThemesDir + "/"},
	})
	if err != nil {
		return nil, fmt.Sprintf("git history not read: %v", err), gitDir
	}
	if prefix != "" {
		files := make(map[string]*history.File, len(h.Files))
		for p, f := range h.Files {
			files[strings.TrimPrefix(p, prefix)] = f
		}
		h.Files = files
	}
	if h.Shallow {
		note = "git history is shallow: timelines start at the oldest commit fetched and earlier dates are missing; fetch full history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)"
	}
	return h, note, gitDir
}

// statusValue reads the status field of an item or theme file's front
// matter ("" when it has none or cannot be read), for git history.
func statusValue(_ string, data []byte) string {
	return content.StatusOf(data)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
