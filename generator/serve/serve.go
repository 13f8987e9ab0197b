// Package serve is heed serve: it builds a feedback repository's site in
// memory, serves it over HTTP (on the loopback interface unless told
// otherwise), watches the repository and rebuilds what each edit changes,
// and makes the pages open in a browser reload by themselves.
//
// A rebuild re-reads and re-parses only the files that changed, has the
// stages' values computed again by the same pipeline.Pipeline as heed
// build's (it scores again only the items that changed, groups again only
// when the grouping's input changed, and makes insights and groups when the
// pages that show them are rendered), and re-renders only the files whose
// inputs changed (render.Plan): first the
// pages open in a browser, then the rest, so an edited page shows quickly
// and the whole site soon equals what heed build writes for the same files.
// While the content has errors every page carries a list of them, over the
// last site built without errors. Git history is read at start, and again
// after a commit or a checkout.
//
// Pages get a small script (and the list of errors) when they are served;
// the built files themselves are exactly heed build's.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/pipeline"
	"github.com/heedhq/heed/generator/publish"
	"github.com/heedhq/heed/generator/render"
)

// Options tunes a Server.
type Options struct {
	// Bind is the address to listen on; "" is 127.0.0.1.
	Bind string
	// Port is the port to listen on, the next free one when it is taken;
	// 0 picks any free port.
	Port int
	// Config is the configuration file to use instead of DIR/heed.yaml.
	Config string
	// Internal serves the team's view, with private feedback and customer
	// names.
	Internal bool
	// Getenv reads the environment (SOURCE_DATE_EPOCH); nil is os.Getenv.
	Getenv func(string) string
	// Log receives a line per rebuild and the problems found; nil discards.
	Log io.Writer
}

// Server is one heed serve session.
type Server struct {
	opts   Options
	log    *logger
	repo   *repo
	hist   *pipeline.History
	gitDir string // the git repository's folder, "" without one

	// pipe computes the stages' values, keeping between builds what makes
	// the next one cheaper.
	pipe *pipeline.Pipeline
	plan *render.Plan // the last one made
	// site is the last site built without errors (nil before the first);
	// current is what is served.
	site *render.Site
	// unfinished says that the last build left stale files for the next
	// change to render: that change runs even when it changes nothing,
	// or the rest of the site would wait for an edit that may never come.
	unfinished bool
	current    atomic.Pointer[version]
	hub        *hub
	inbox      *inbox
	ln         net.Listener

	// last is how long the steps of the last complete build took.
	last atomic.Pointer[timings]
	// published, when set (by tests), is called with each version just
	// before it is served, and built after each build, from the goroutine
	// that builds.
	published func(v *version)
	built     func()
}

// timings are the moments, from the start of a build, at which each step
// ended: files read and parsed, content resolved, scored, the views made,
// the open pages rendered and shown (0 when there was none to show first),
// everything published.
type timings struct {
	read, content, score, prepare, render, shown, all time.Duration
}

// Debounce: a change is handed to the builder once no event came for
// quietFor, or maxWait after its first event.
const (
	quietFor = 5 * time.Millisecond
	maxWait  = 100 * time.Millisecond
)

// After showing the pages open in a browser, a build makes the item views
// the site-wide pages need, in steps (render.Plan.Warm), and waits until
// restAfter has passed for a newer change before rendering the rest
// (browsers reload meanwhile, and a writer saving again is served first);
// the rest is fingerprinted in chunks and rendered in batches, a newer
// change stopping it in between.
const (
	restAfter        = 200 * time.Millisecond
	fingerprintChunk = 1024
	smallBatch       = 64
	largeBatch       = 512
	siteBatches      = 16 // batches are at least this part of the site
	// weightUnit is the size of a small page (see renderWeight).
	weightUnit = 16 << 10
)

// shutdownWithin bounds a clean shutdown.
const shutdownWithin = 900 * time.Millisecond

// New reads the repository at dir, builds its site and binds the port; Serve
// then serves it. The error is for a repository that cannot be read or a
// port that cannot be bound; problems in the repository are shown on the
// pages (and logged).
func New(dir string, opts Options) (*Server, error) {
	s := &Server{opts: opts, log: &logger{w: opts.Log}, hub: newHub(), inbox: newInbox()}
	if s.log.w == nil {
		s.log.w = io.Discard
	}
	s.pipe = pipeline.New(pipeline.Options{
		Need: pipeline.Site, Internal: opts.Internal, Content: content.Options{HTML: true}, Getenv: opts.Getenv, Incremental: true,
	})
	start := time.Now()
	r, err := openRepo(dir, opts.Config)
	if err != nil {
		return nil, err
	}
	s.repo = r
	hist := pipeline.ReadHistory(r.root, "")
	s.gitDir = hist.GitDir()
	s.setHistory(hist)
	s.build(nil)
	if s.site != nil {
		set := r.set() // its feedback told in heed check's and heed build's words
		s.log.printf("heed: built %s from %s and %s in %s\n", diag.Plural(s.site.Pages, "page"), diag.Plural(len(set.Themes), "theme"),
			publish.Count(set).Built(opts.Internal), since(start))
	}
	bind := opts.Bind
	if bind == "" {
		bind = "127.0.0.1"
	}
	if s.ln, err = listen(bind, opts.Port); err != nil {
		return nil, err
	}
	return s, nil
}

// setHistory takes git history read (again), and "now" with it: the
// moment the site describes is SOURCE_DATE_EPOCH, else the time of the
// commit checked out, as in heed build.
func (s *Server) setHistory(h *pipeline.History) {
	if _, note := h.Wait(); note != "" {
		s.log.printf("heed: %s\n", note)
	}
	s.hist = h
}

// listen binds bind:port, or the next free port above it (port 0: any).
func listen(bind string, port int) (net.Listener, error) {
	if port == 0 {
		return net.Listen("tcp", net.JoinHostPort(bind, "0"))
	}
	var first error
	for p := port; p < port+100 && p <= 65535; p++ {
		ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p)))
		if err == nil {
			return ln, nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			return nil, err
		}
		if first == nil {
			first = err
		}
	}
	return nil, fmt.Errorf("no free port from %d to %d: %w", port, min(port+99, 65535), first)
}

// isLoopback reports whether a listening address is a loopback one.
func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// URL is where the site is served, base path included.
func (s *Server) URL() string {
	return "http://" + s.ln.Addr().String() + s.current.Load().base
}

// Serve serves the site and rebuilds it as the repository changes, until
// ctx is done; it then stops within a second and returns nil.
func (s *Server) Serve(ctx context.Context) error {
	w, err := newWatcher(s.repo.root, s.repo.config, s.gitDir, s.inbox, quietFor, maxWait, func(err error) {
		s.log.printf("heed: watching: %v\n", err)
	})
	if err != nil {
		s.ln.Close()
		return fmt.Errorf("watch %s: %w", s.repo.root, err)
	}
	srv := &http.Server{
		Handler:           &handler{current: &s.current, hub: s.hub, loopback: isLoopback(s.ln.Addr())},
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          nil,
	}
	srv.RegisterOnShutdown(s.hub.close)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(s.ln) }()

	var wg sync.WaitGroup
	inner, stop := context.WithCancel(ctx)
	wg.Go(func() { w.run(inner) })
	wg.Go(func() { s.rebuildLoop(inner) })
	wg.Go(func() { s.historyLoop(inner, w.commits) })

	select {
	case <-ctx.Done():
	case err = <-served:
	}
	stop()
	deadline := time.Now().Add(shutdownWithin)
	w.close()
	sctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil {
		srv.Close()
	}
	// A rebuild under way finishes in the background if it takes longer.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Until(deadline)):
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// rebuildLoop rebuilds after each change the watcher hands over.
func (s *Server) rebuildLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.inbox.ready:
			if c := s.inbox.take(); !c.empty() || s.unfinished {
				s.build(c)
			}
		}
	}
}

// historyLoop reads git history again after each commit (or checkout) and
// hands it to the builder: walking history can take seconds in a large
// repository, so edits meanwhile are rebuilt with the history known.
func (s *Server) historyLoop(ctx context.Context, commits <-chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-commits:
			h := pipeline.ReadHistory(s.repo.root, "")
			if ctx.Err() != nil {
				return
			}
			s.inbox.put(&change{files: map[string]bool{}, removed: map[string]bool{}, added: map[string]bool{}, history: h})
		}
	}
}

// build applies a change (nil: the first build) and publishes the result.
func (s *Server) build(c *change) {
	if s.built != nil {
		defer s.built()
	}
	start := time.Now()
	what := "the site"
	if c != nil {
		changed, err := s.repo.update(c)
		if err != nil {
			s.log.printf("heed: %v\n", err)
			return
		}
		if c.history != nil {
			s.setHistory(c.history)
			changed = append(changed, "git history")
		}
		switch {
		case len(changed) > 0:
			what = strings.Join(changed, ", ")
		case s.unfinished:
			what = "the rest of the site"
		default:
			return
		}
		if len(changed) > 3 {
			what = fmt.Sprintf("%s and %d more files", strings.Join(changed[:3], ", "), len(changed)-3)
		}
	}
	var t timings
	t.read = time.Since(start)
	set := s.repo.set()
	t.content = time.Since(start)
	v := s.pipe.Run(pipeline.Input{Snapshot: s.repo.snapshot(), Set: set, History: s.hist})
	if v.Stopped {
		s.fail(v.Diagnostics)
		return
	}
	t.score = time.Since(start)
	// Insights and groups are made when render first asks for them: for
	// the pages that show them, after the pages open in a browser.
	in, opts := v.RenderInput(), v.RenderOptions()
	var plan *render.Plan
	if s.plan != nil {
		plan = s.plan.Next(in, opts) // templates parsed again only when they changed
	} else {
		plan = render.Prepare(in, opts)
	}
	s.plan = plan
	t.prepare = time.Since(start)
	warnings := slices.Concat(v.Diagnostics, plan.Diagnostics())
	warnings.Sort()
	if warnings.Fails(false) {
		s.fail(warnings)
		return
	}
	base := basePath(set.Config.BaseURL)
	var shown int
	var shownIn time.Duration
	if cur := s.current.Load(); cur != nil && s.site != nil && cur.base == base {
		// First the pages open in a browser.
		viewed := s.hub.viewed(cur)
		if shown = len(plan.Stale(s.site, viewed)); len(viewed) > 0 && shown > 0 {
			site := plan.Render(s.site, viewed)
			if site.Diagnostics.Fails(false) {
				s.fail(slices.Concat(warnings, site.Diagnostics))
				return
			}
			t.render = time.Since(start)
			s.publish(site, base)
			shownIn = time.Since(start)
			t.shown = shownIn
		}
	}
	// Then the rest, in steps, so that a newer change need not wait for
	// all of it: what is left is stale for the next plan too. The views
	// the site-wide pages need are made (in steps) while the browsers
	// reload; the files are rendered after the browsers had a moment to.
	if s.site != nil && !plan.Warm(s.inbox.waiting) {
		s.log.printf("heed: %s: the rest after the next change\n", what)
		s.unfinished = true
		return
	}
	if shownIn > 0 && s.newerChange(restAfter-(time.Since(start)-shownIn)) {
		s.log.printf("heed: %s: %d open page(s) in %s, the rest after the next change\n", what, shown, round(shownIn))
		s.unfinished = true
		return
	}
	if s.site != nil {
		paths := slices.Sorted(maps.Keys(s.site.Files))
		for i := 0; i < len(paths); i += fingerprintChunk {
			plan.Stale(s.site, paths[i:min(i+fingerprintChunk, len(paths))])
			if s.inbox.waiting() {
				s.log.printf("heed: %s: the rest after the next change\n", what)
				s.unfinished = true
				return
			}
		}
	}
	stale := plan.Stale(s.site, nil)
	batch := smallBatch
	if len(stale) > 4*largeBatch {
		batch = largeBatch // fewer copies of the site's file list
	}
	if s.site != nil {
		// Each batch copies the site's file list twice (the site, then the
		// version served): on a large site, so many batches of a few
		// hundred files cost more than rendering them.
		batch = max(batch, len(s.site.Files)/siteBatches)
	}
	rendered := 0
	for first := s.site == nil; len(stale) > 0 || first; first = false {
		// A batch of files that took about as long as batch small pages
		// to render last time: a file that holds the whole site (feeds,
		// the search index, the API, the list of feedback) goes alone.
		n := len(stale) // the first build: all at once
		if s.site != nil {
			n = 0
			for weight := 0; n < len(stale); n++ {
				w := renderWeight(s.site, stale[n])
				if n > 0 && weight+w > batch {
					break
				}
				weight += w
			}
		}
		var stop func() bool
		only := stale[:n]
		if s.site != nil {
			stop = s.inbox.waiting // a newer change stops a batch half done
		} else {
			only = nil // the first build: all of it
		}
		site, done := plan.RenderUntil(s.site, only, stop)
		if !done {
			s.log.printf("heed: %s: %d files rendered, the rest after the next change\n", what, rendered)
			s.unfinished = true
			return
		}
		if site.Diagnostics.Fails(false) {
			s.fail(slices.Concat(warnings, site.Diagnostics))
			return
		}
		s.publish(site, base)
		rendered += n
		stale = stale[n:]
		if len(stale) > 0 && s.inbox.waiting() {
			s.log.printf("heed: %s: %d files rendered, the rest after the next change\n", what, rendered)
			s.unfinished = true
			return
		}
	}
	s.unfinished = false
	if cur := s.current.Load(); cur.overlay != nil || cur.base != base {
		s.publish(s.site, base) // nothing was stale: clear the errors shown
	}
	t.all = time.Since(start)
	s.last.Store(&t)
	s.logWarnings(warnings)
	if c == nil {
		return
	}
	if shownIn > 0 {
		s.log.printf("heed: %s: %d open page(s) in %s, %d files in %s\n", what, shown, round(shownIn), rendered, since(start))
	} else {
		s.log.printf("heed: %s: %d files in %s\n", what, rendered, since(start))
	}
}

// renderWeight is what rendering a file is reckoned to cost, in small
// pages: by the size it had in site (a new file counts as one).
func renderWeight(site *render.Site, path string) int {
	return 1 + len(site.Files[path])/weightUnit
}

// newerChange waits up to d for a change to come in, and reports whether
// one did; it is left for the builder to take.
func (s *Server) newerChange(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-s.inbox.ready:
		select {
		case s.inbox.ready <- struct{}{}:
		default:
		}
		return true
	case <-t.C:
		return s.inbox.waiting()
	}
}

// publish serves site, a site built without errors, from now on.
func (s *Server) publish(site *render.Site, base string) {
	s.site = site
	s.show(newVersion(s.current.Load(), site, base, nil))
}

// show makes v the served version and tells the pages that changed.
func (s *Server) show(v *version) {
	if s.published != nil {
		s.published(v) // before any request can see it
	}
	s.current.Store(v)
	s.hub.published(v)
}

// fail shows problems over the last site built without errors (over an
// empty page before the first).
func (s *Server) fail(problems diag.List) {
	problems.Sort()
	errs, warns := problems.Count()
	var b strings.Builder
	diag.Write(&b, problems, "text")
	s.log.printf("%sheed: %s, %s: the pages show them over the last site built without errors\n", b.String(), diag.Plural(errs, "error"), diag.Plural(warns, "warning"))
	site, base := s.site, basePath(s.repo.cfg.BaseURL)
	if cur := s.current.Load(); cur != nil {
		base = cur.base
	}
	if site == nil {
		site = &render.Site{Files: map[string][]byte{"404.html": []byte(emptyPage)}}
	}
	s.show(newVersion(s.current.Load(), site, base, problems))
}

// emptyPage is what every address shows when the repository had errors
// from the start: the list of problems, and the reload script.
const emptyPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>heed serve: the repository has errors</title>
</head>
<body>
<main><h1>No site yet</h1><p>The repository has errors; the site is built once they are fixed.</p></main>
</body>
</html>
`

// logWarnings prints the warnings of a build that had no errors, once per
// distinct list.
func (s *Server) logWarnings(ds diag.List) {
	var b strings.Builder
	diag.Write(&b, ds, "text")
	s.log.once(b.String())
}

// basePath is the URL path a site with this base URL is served under,
// "/" or "/acme/roadmap/" (as render makes its links).
func basePath(baseURL string) string {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil || u.Scheme == "" && !strings.HasPrefix(u.Path, "/") {
		return "/" // a relative base ("./"): pages link relative to themselves
	}
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// logger writes lines from several goroutines, and repeats nothing given
// to once twice in a row.
type logger struct {
	mu   sync.Mutex
	w    io.Writer
	last string
}

func (l *logger) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format, args...)
}

func (l *logger) once(text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if text != l.last {
		l.last = text
		io.WriteString(l.w, text)
	}
}

func since(t time.Time) string { return round(time.Since(t)) }

func round(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(10 * time.Millisecond).String()
}
