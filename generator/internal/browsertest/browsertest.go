// Package browsertest runs a static site in the system's Chromium for
// tests: it serves the site's files over loopback HTTP under its base
// path, drives a fresh headless browser with chromedp, records console
// errors and failed requests, runs axe-core and saves screenshots.
//
// Without a Chromium the tests that need one are skipped with a message
// saying how to install it, except when the CI environment variable is
// "true", where a missing browser (or axe-core) fails the run.
package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

const installHint = "install it with: apt-get install -y chromium (or run .ci/browser-deps.sh)"

// missing skips the test, or fails it under CI.
func missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing and CI=true: %s", what, installHint)
	}
	t.Skipf("%s not found; %s", what, installHint)
}

// chromium returns the path of the system Chromium, or "".
func chromium() string {
	if p := os.Getenv("HEED_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Browser is one headless Chromium with a fresh profile, closed when the
// test ends.
type Browser struct {
	ctx context.Context
}

// New starts a browser for the test, or skips it (see the package doc).
func New(t testing.TB) *Browser {
	t.Helper()
	exe := chromium()
	if exe == "" {
		missing(t, "Chromium")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("start Chromium (%s): %v", exe, err)
	}
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return &Browser{ctx: ctx}
}

// Page is one tab: what it loaded and what went wrong there.
type Page struct {
	t   testing.TB
	ctx context.Context

	mu       sync.Mutex
	problems []string
	// fetched sums the bytes of the responses loaded (as the network
	// carried them) since the last call of Fetched, and lists their URLs.
	fetched int64
	urls    []string
}

// NewPage opens a tab that records console errors, uncaught exceptions,
// browser errors (such as a Content-Security-Policy violation) and failed
// requests.
func (b *Browser) NewPage(t testing.TB) *Page {
	t.Helper()
	p := &Page{t: t}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithListener(p.listen))
	t.Cleanup(cancel)
	p.ctx = ctx
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, runtime.Enable, cdp.Empty{})
		return err
	}))
	if err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return p
}

// listen runs on the tab's event goroutine: it only records.
func (p *Page) listen(ev any) {
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range e.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			p.report("console error: " + strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		p.report("uncaught exception: " + msg)
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError {
			p.report(fmt.Sprintf("browser error (%s): %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL))
		}
	case *network.EventLoadingFailed:
		if !e.Canceled {
			p.report("request failed: " + e.ErrorText)
		}
	case *network.EventResponseReceived:
		if e.Response.Status >= 400 {
			p.report(fmt.Sprintf("HTTP %d for %s", e.Response.Status, e.Response.URL))
		}
		p.mu.Lock()
		p.urls = append(p.urls, e.Response.URL)
		p.mu.Unlock()
	case *network.EventLoadingFinished:
		p.mu.Lock()
		p.fetched += int64(e.EncodedDataLength)
		p.mu.Unlock()
	}
}

// Fetched returns and forgets the bytes the tab received over the network
// (headers and bodies, as sent) and the URLs it loaded since the last
// call. Call it once the page is done: a response still loading is
// counted when it finishes.
func (p *Page) Fetched() (int64, []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n, urls := p.fetched, p.urls
	p.fetched, p.urls = 0, nil
	return n, urls
}

func (p *Page) report(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.problems = append(p.problems, s)
}

// Problems returns and forgets what went wrong since the last call.
func (p *Page) Problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.problems
	p.problems = nil
	return out
}

// Do runs chromedp actions in the tab, failing the test on error. Each
// call has at most 30 seconds.
func (p *Page) Do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}

// Eval evaluates a JavaScript expression in the tab (awaiting a promise)
// and returns its value decoded as T.
func Eval[T any](p *Page, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("browser: evaluate %.60q: %v", expr, err)
	}
	return v
}

// Open loads a URL at a viewport width (and 900 px high), light or dark.
func (p *Page) Open(url string, width int64, dark bool) {
	p.t.Helper()
	scheme := "light"
	if dark {
		scheme = "dark"
	}
	p.Do(
		chromedp.EmulateViewport(width, 900),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		}),
		chromedp.Navigate(url),
	)
}

// Screenshot saves a PNG of the whole page as name in ArtifactDir.
func (p *Page) Screenshot(name string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	file := filepath.Join(ArtifactDir(p.t), name)
	if err := os.WriteFile(file, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	return file
}

// Serve serves files (slash paths relative to the site root) over HTTP on
// loopback under the base path ("/" or "/acme/roadmap/"), answering
// missing paths with 404.html and status 404 as static hosts do. It returns
// the URL of the site's root.
func Serve(t testing.TB, files map[string][]byte, base string) string {
	t.Helper()
	return serve(t, func(rel string) ([]byte, bool) { data, ok := files[rel]; return data, ok }, base)
}

func serve(t testing.TB, read func(rel string) ([]byte, bool), base string) string {
	t.Helper()
	types := map[string]string{
		".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
		".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel, ok := strings.CutPrefix(r.URL.Path, base)
		if ok && (rel == "" || strings.HasSuffix(rel, "/")) {
			rel += "index.html"
		}
		var data []byte
		found := false
		if ok {
			data, found = read(path.Clean(rel))
		}
		if !found {
			w.Header().Set("Content-Type", types[".html"])
			w.WriteHeader(http.StatusNotFound)
			notFound, _ := read("404.html")
			_, _ = w.Write(notFound)
			return
		}
		w.Header().Set("Content-Type", types[path.Ext(rel)])
		_, _ = w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + base
}

// ServeDir is Serve for a site on disk (too large to hold in memory): it
// serves the folder's files under the base path, folders by their
// index.html, and 404.html with status 404 for anything else.
func ServeDir(t testing.TB, dir, base string) string {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	read := func(rel string) ([]byte, bool) {
		data, err := root.ReadFile(rel)
		return data, err == nil
	}
	return serve(t, read, base)
}

// Axe returns the source of axe-core (axe.min.js), found in
// .ci/node_modules/axe-core above the test's folder or at $HEED_AXE.
func Axe(t testing.TB) string {
	t.Helper()
	candidates := []string{os.Getenv("HEED_AXE")}
	if dir, err := os.Getwd(); err == nil {
		for d := dir; ; d = filepath.Dir(d) {
			candidates = append(candidates, filepath.Join(d, ".ci", "node_modules", "axe-core", "axe.min.js"))
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if data, err := os.ReadFile(c); err == nil {
			return string(data)
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("axe-core is missing and CI=true: run .ci/browser-deps.sh (npm install axe-core into .ci/node_modules)")
	}
	t.Skip("axe-core not found; run .ci/browser-deps.sh (npm install axe-core into .ci/node_modules)")
	return ""
}

// Violation is one axe-core finding.
type Violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// String names the rule and the first offending element.
func (v Violation) String() string {
	s := fmt.Sprintf("%s (%s): %s", v.ID, v.Impact, v.Help)
	if len(v.Nodes) > 0 {
		s += fmt.Sprintf(" [%d elements, first: %s]", len(v.Nodes), v.Nodes[0].HTML)
	}
	return s
}

// RunAxe injects axe-core into the current page and returns the violations
// of the given impacts ("serious", "critical").
func (p *Page) RunAxe(axe string, impacts ...string) []Violation {
	p.t.Helper()
	Eval[bool](p, axe+";true")
	// From disk (file:) axe-core could not fetch the stylesheets it reads
	// for a few rules (a browser fetches nothing there): it goes without.
	vs := Eval[[]Violation](p, `axe.run(document, {resultTypes: ["violations"], preload: location.protocol !== "file:"}).then(r => r.violations)`)
	var out []Violation
	for _, v := range vs {
		for _, want := range impacts {
			if v.Impact == want {
				out = append(out, v)
			}
		}
	}
	return out
}

// ArtifactDir is where tests save screenshots: $HEED_ARTIFACTS, else
// testdata/artifacts beside this package (ignored by git). It is created.
func ArtifactDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("HEED_ARTIFACTS")
	if dir == "" {
		_, file, _, _ := callerFile()
		dir = filepath.Join(filepath.Dir(file), "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
