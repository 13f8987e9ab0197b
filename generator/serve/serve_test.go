package serve

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/heedhq/heed/generator/internal/testrepo"
	"github.com/heedhq/heed/generator/render"
)

// fixture is a small feedback repository served under a sub-path.
var fixture = map[string]string{
	"heed.yaml": "title: Acme roadmap\nbaseURL: https://example.org/roadmap/\ncontribute: https://github.com/acme/feedback\n" +
		"publish:\n  sources: [support, survey, review, form, community]\n",
	"customers.yaml": "northwind:\n  name: Northwind\n  segment: enterprise\n  revenue: 120000\n  contact: buyer@example.com\n" +
		"globex:\n  name: Globex\n  segment: smb\n  revenue: 4000\n",
	"themes/export.md": "---\ntitle: Exports that finish\nstatus: in-progress\neffort: 3\n---\nBig exports time out.\n",
	"themes/sso.md":    "---\ntitle: Single sign-on\nstatus: planned\n---\nIT wants SSO.\n",
	"feedback/2026/08/export-times-out.md": "---\ntitle: Full-year export times out\ndate: 2026-08-03\nsource: support\ntype: bug\ncustomer: northwind\nthemes: [export]\n---\n" +
		"Every year-end the export fails with a gateway error.\n",
	"feedback/2026/09/export-cut-off.md":   "---\ntitle: Export cut off at 2,000 rows\ndate: 2026-09-10\nsource: support\ntype: bug\ncustomer: globex\nthemes: [export]\n---\nThe file stops at 2,000 rows.\n",
	"feedback/2026/10/sso-please.md":       "---\ntitle: Please add SSO with Okta\ndate: 2026-10-01\nsource: sales\ntype: request\ncustomer: northwind\nthemes: [sso]\n---\nOur IT team insists on Okta.\n",
	"feedback/2026/11/love-the-scanner.md": "---\ntitle: The new scanner gets every receipt right\ndate: 2026-11-02\nsource: review\ntype: praise\n---\nIt is great.\n",
}

// epoch is "now" for every test site (SOURCE_DATE_EPOCH), 2026-11-18.
const epoch = "1795000000"

func getenv(key string) string {
	if key == "SOURCE_DATE_EPOCH" {
		return epoch
	}
	return ""
}

// session is a heed serve running on a free loopback port over a copy of a
// repository in a temporary folder.
type session struct {
	t      testing.TB
	dir    string
	srv    *Server
	root   string // the site's URL, base path included
	client *http.Client
	log    *syncBuffer

	builds  *atomic.Int64
	changed chan struct{} // a value after each build
}

// in returns the session for a subtest.
func (ss *session) in(t testing.TB) *session {
	c := *ss
	c.t = t
	return &c
}

// syncBuffer is a log shared by the server's goroutines and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// start serves files until the test ends, and checks that the server then
// stops within a second.
func start(t testing.TB, files map[string]string, opts Options, hooks ...func(*Server)) *session {
	t.Helper()
	dir := t.TempDir()
	testrepo.WriteFiles(t, dir, files)
	return startIn(t, dir, opts, hooks...)
}

// startIn serves the repository in dir; hooks see the server before it
// starts serving.
func startIn(t testing.TB, dir string, opts Options, hooks ...func(*Server)) *session {
	t.Helper()
	ss := &session{t: t, dir: dir, log: &syncBuffer{}, builds: &atomic.Int64{}, changed: make(chan struct{}, 1)}
	if opts.Getenv == nil {
		opts.Getenv = getenv
	}
	opts.Log = ss.log
	srv, err := New(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv.built = func() {
		ss.builds.Add(1)
		select {
		case ss.changed <- struct{}{}:
		default:
		}
	}
	for _, h := range hooks {
		h(srv)
	}
	ss.srv, ss.root = srv, srv.URL()
	ss.client = &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		ss.client.CloseIdleConnections()
		cancel()
		stopped := time.Now()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
			if d := time.Since(stopped); d > time.Second {
				t.Errorf("Serve returned %s after it was told to stop, want within a second", d)
			}
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return after it was told to stop")
		}
	})
	return ss
}

// write writes a repository file (its folders made as needed).
func (ss *session) write(rel, text string) {
	ss.t.Helper()
	testrepo.WriteFiles(ss.t, ss.dir, map[string]string{rel: text})
}

// path is the absolute path of a repository file.
func (ss *session) path(rel string) string { return filepath.Join(ss.dir, filepath.FromSlash(rel)) }

// get fetches a site path (relative to the site's root) or an absolute
// URL path ("/__heed/...").
func (ss *session) get(p string, header ...string) *http.Response {
	ss.t.Helper()
	u := ss.root + p
	if strings.HasPrefix(p, "/") {
		u = strings.TrimSuffix(ss.root, ss.srv.current.Load().base) + p
	}
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		ss.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := ss.client.Do(req)
	if err != nil {
		ss.t.Fatal(err)
	}
	return res
}

// body fetches a site path and returns its status and body.
func (ss *session) body(p string) (int, string) {
	ss.t.Helper()
	res := ss.get(p)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		ss.t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// until waits, up to thirty seconds, for cond to hold, checking after each
// build (and every 50 ms). The bound is generous because the race detector
// on a busy 2-core machine (CI runs every package's tests at once) slows
// a rebuild with git history down more than tenfold.
func (ss *session) until(what string, cond func() bool) {
	ss.t.Helper()
	deadline := time.After(30 * time.Second)
	for !cond() {
		select {
		case <-ss.changed:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			ss.t.Fatalf("waited 30 s for %s; log:\n%s", what, ss.log.String())
		}
	}
}

// shows waits until a site path is served with that status and text in it.
func (ss *session) shows(p string, status int, text string) {
	ss.t.Helper()
	ss.until(fmt.Sprintf("%s to show %q with status %d", p, text, status), func() bool {
		code, body := ss.body(p)
		return code == status && strings.Contains(body, text)
	})
}

// lacks waits until a site path is served without a text.
func (ss *session) lacks(p, text string) {
	ss.t.Helper()
	ss.until(fmt.Sprintf("%s to lose %q", p, text), func() bool {
		_, body := ss.body(p)
		return !strings.Contains(body, text)
	})
}

// events is a page's event stream, as reload.js opens it.
type events struct {
	res    *http.Response
	events chan string
}

// open connects to the event stream as the page at site path p, showing
// what is served there now.
func (ss *session) open(p string) *events {
	ss.t.Helper()
	res := ss.get(p)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`data-heed-etag="([^"]*)"`).FindSubmatch(body)
	if m == nil {
		ss.t.Fatalf("%s has no reload script", p)
	}
	base := ss.srv.current.Load().base
	ev := ss.get(fmt.Sprintf("%s?path=%s&etag=%s", eventsPath, base+p, m[1]))
	if ev.StatusCode != http.StatusOK || ev.Header.Get("Content-Type") != "text/event-stream" {
		ss.t.Fatalf("events: %s %s", ev.Status, ev.Header.Get("Content-Type"))
	}
	e := &events{res: ev, events: make(chan string, 8)}
	go func() {
		defer close(e.events)
		sc := bufio.NewScanner(ev.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				e.events <- name
			}
		}
	}()
	ss.t.Cleanup(func() { ev.Body.Close() })
	return e
}

// reloaded waits for the reload event.
func (e *events) reloaded(t testing.TB) {
	t.Helper()
	select {
	case name, ok := <-e.events:
		if !ok || name != "reload" {
			t.Fatalf("event %q (stream open: %v), want reload", name, ok)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no reload event in 10 s")
	}
}

const (
	exportItem = "feedback/2026/08/export-times-out.md"
	exportPage = "feedback/export-times-out/"
)

// TestEdits: the way editors save and people move files, each observed on
// the served pages, and the reload event sent to the page that changed.
func TestEdits(t *testing.T) {
	ss := start(t, fixture, Options{})
	ss.shows(exportPage, 200, "<h1>Full-year export times out</h1>")
	page := ss.open(exportPage)

	t.Run("a file written in place", func(t *testing.T) {
		ss := ss.in(t)
		ss.write(exportItem, strings.Replace(fixture[exportItem], "Full-year export", "Year-end export", 1))
		page.reloaded(t)
		ss.shows(exportPage, 200, "<h1>Year-end export times out</h1>")
		ss.shows("themes/export/", 200, "Year-end export times out")
	})

	t.Run("an atomic save: a temporary file renamed over the file", func(t *testing.T) {
		ss := ss.in(t)
		page := ss.open(exportPage)
		tmp := ss.path("feedback/2026/08/.export-times-out.md.swp")
		text := strings.Replace(fixture[exportItem], "Full-year export", "Annual export", 1)
		if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, ss.path(exportItem)); err != nil {
			t.Fatal(err)
		}
		page.reloaded(t)
		ss.shows(exportPage, 200, "<h1>Annual export times out</h1>")
	})

	t.Run("a new folder with a new item", func(t *testing.T) {
		ss := ss.in(t)
		ss.write("feedback/2026/12/first-week/dark-mode.md", "---\ntitle: Dark mode for night shifts\ndate: 2026-11-17\nsource: survey\ntype: request\n---\nPlease.\n")
		ss.shows("feedback/dark-mode/", 200, "<h1>Dark mode for night shifts</h1>")
		ss.write("feedback/2026/12/first-week/later/dark-again.md", "---\ntitle: Dark mode again\ndate: 2026-11-17\nsource: survey\ntype: request\n---\nStill.\n")
		ss.shows("feedback/dark-again/", 200, "<h1>Dark mode again</h1>")
	})

	t.Run("a folder moved in with files in it", func(t *testing.T) {
		ss := ss.in(t)
		outside := filepath.Join(t.TempDir(), "batch")
		testrepo.WriteFiles(t, outside, map[string]string{
			"a.md": "---\ntitle: Moved in A\ndate: 2026-11-10\nsource: form\ntype: question\n---\nA.\n",
			"b.md": "---\ntitle: Moved in B\ndate: 2026-11-11\nsource: form\ntype: question\n---\nB.\n",
		})
		if err := os.Rename(outside, ss.path("feedback/batch")); err != nil {
			t.Skipf("cannot move a folder across file systems here: %v", err)
		}
		ss.shows("feedback/a/", 200, "Moved in A")
		ss.shows("feedback/b/", 200, "Moved in B")
	})

	t.Run("a file deleted", func(t *testing.T) {
		ss := ss.in(t)
		if err := os.Remove(ss.path("feedback/2026/11/love-the-scanner.md")); err != nil {
			t.Fatal(err)
		}
		ss.shows("feedback/love-the-scanner/", 404, "Page not found")
		ss.lacks("feedback/", "The new scanner")
	})

	t.Run("a folder deleted", func(t *testing.T) {
		ss := ss.in(t)
		if err := os.RemoveAll(ss.path("feedback/2026/12")); err != nil {
			t.Fatal(err)
		}
		ss.shows("feedback/dark-mode/", 404, "Page not found")
		ss.shows("feedback/dark-again/", 404, "Page not found")
		// A folder made again where one was removed is watched again.
		ss.write("feedback/2026/12/back.md", "---\ntitle: Back again\ndate: 2026-11-17\nsource: survey\ntype: praise\n---\nYes.\n")
		ss.shows("feedback/back/", 200, "Back again")
	})

	t.Run("a template", func(t *testing.T) {
		ss := ss.in(t)
		ss.write("templates/partials/status.html", `{{define "status"}}<span class="status status-{{.Kind}}">now {{.Status}}</span>{{end}}`)
		ss.shows(exportPage, 200, "now in-progress")
		if err := os.Remove(ss.path("templates/partials/status.html")); err != nil {
			t.Fatal(err)
		}
		ss.lacks(exportPage, "now in-progress")
	})

	t.Run("the configuration", func(t *testing.T) {
		ss := ss.in(t)
		ss.write("heed.yaml", strings.Replace(fixture["heed.yaml"], "Acme roadmap", "Acme plans", 1))
		ss.shows("", 200, "<title>Acme plans</title>")
	})
}

// TestIgnored: files that are not content make no change.
func TestIgnored(t *testing.T) {
	w := &watcher{root: "/repo", dirs: map[string]bool{"": true, "feedback": true}}
	for _, c := range []struct {
		name string
		op   string
		want bool
	}{
		{"/repo/feedback/a.md", "write", true},
		{"/repo/heed.yaml", "write", true},
		{"/repo/customers.yaml", "write", true},
		{"/repo/themes/x.md", "create", true},
		{"/repo/templates/item.html", "write", true},
		{"/repo/feedback/.a.md.swp", "write", false},
		{"/repo/feedback/a.md~", "create", false},
		{"/repo/feedback/#a.md#", "create", false},
		{"/repo/feedback/4913", "create", false},
		{"/repo/feedback/a.md.tmp", "write", false},
		{"/repo/.git/index", "write", false},
		{"/repo/.git", "create", false},
		{"/repo/feedback/.hidden/a.md", "write", false},
		{"/repo/site/index.html", "write", false},
		{"/repo/README.md", "write", false},
		{"/elsewhere/feedback/a.md", "write", false},
	} {
		op := map[string]fsnotify.Op{"write": fsnotify.Write, "create": fsnotify.Create}[c.op]
		if got := w.event(fsnotify.Event{Name: c.name, Op: op}, newChange()); got != c.want {
			t.Errorf("%s %s: change = %v, want %v", c.op, c.name, got, c.want)
		}
	}
}

// TestErrors: while the content has errors every page lists them, in the
// HTML itself, over the last good site; fixing the file clears them.
func TestErrors(t *testing.T) {
	ss := start(t, fixture, Options{})
	page := ss.open(exportPage)
	ss.write(exportItem, strings.Replace(fixture[exportItem], "source: support", "source: suport", 1))
	page.reloaded(t)
	for _, p := range []string{exportPage, "", "themes/sso/", "no/such/page/"} {
		_, body := ss.body(p)
		if !strings.Contains(body, `<aside id="heed-problems"`) ||
			!strings.Contains(body, "feedback/2026/08/export-times-out.md:4:9") ||
			!strings.Contains(body, "did you mean support?") {
			t.Errorf("%q does not list the error:\n%s", p, body)
		}
	}
	if _, body := ss.body(exportPage); !strings.Contains(body, "<h1>Full-year export times out</h1>") {
		t.Error("the last good page is not shown under the errors")
	}
	if _, body := ss.body("api/feedback.json"); strings.Contains(body, "heed-problems") {
		t.Error("a JSON file carries the overlay")
	}
	page = ss.open(exportPage)
	ss.write(exportItem, fixture[exportItem])
	page.reloaded(t)
	ss.lacks(exportPage, "heed-problems")
	ss.lacks("themes/sso/", "heed-problems")

	// A broken template is listed the same way, at its file and line.
	ss.write("templates/item.html", "{{template \"base\" .}}\n{{define \"main\"}}{{.Item.Title}{{end}}")
	ss.shows(exportPage, 200, "templates/item.html:2")
	ss.shows(exportPage, 200, "<h1>Full-year export times out</h1>")
	if err := os.Remove(ss.path("templates/item.html")); err != nil {
		t.Fatal(err)
	}
	ss.lacks(exportPage, "heed-problems")
}

// TestErrorsFromTheStart: a repository with errors when serve starts shows
// them on every address until it is fixed, and then the site.
func TestErrorsFromTheStart(t *testing.T) {
	files := map[string]string{}
	for k, v := range fixture {
		files[k] = v
	}
	files["themes/sso.md"] = "---\ntitle: Single sign-on\nstatus: maybe\n---\n"
	ss := start(t, files, Options{})
	ss.shows("", 404, "themes/sso.md:3:9")
	ss.shows("anything/", 404, "heed-problems")
	ss.write("themes/sso.md", fixture["themes/sso.md"])
	ss.shows("", 200, "<title>Acme roadmap</title>")
	ss.lacks("", "heed-problems")
}

// TestHTTP: the server serves the built files and nothing else, with
// their types, validators and compression.
func TestHTTP(t *testing.T) {
	ss := start(t, fixture, Options{})
	for _, c := range []struct {
		path, status, ctype, location string
	}{
		{"", "200", "text/html; charset=utf-8", ""},
		{"themes/export/", "200", "text/html; charset=utf-8", ""},
		{"themes/export", "302", "", "/roadmap/themes/export/"},
		{"themes/export/index.xml", "200", "application/atom+xml", ""},
		{"themes/export/badge.svg", "200", "image/svg+xml", ""},
		{"api/themes.json", "200", "application/json", ""},
		{"feed.json", "200", "application/feed+json", ""},
		{"sitemap.xml", "200", "application/xml", ""},
		{"robots.txt", "200", "text/plain; charset=utf-8", ""},
		{"assets/site.css", "200", "text/css; charset=utf-8", ""},
		{"/", "302", "", "/roadmap/"},
		{"/roadmap", "302", "", "/roadmap/"},
		{"/__heed/reload.js", "200", "text/javascript; charset=utf-8", ""},
		{"/__heed/overlay.css", "200", "text/css; charset=utf-8", ""},
		// Nothing of the repository, no folder listings, no way out.
		{"no/such/page/", "404", "text/html; charset=utf-8", ""},
		{"assets/", "404", "text/html; charset=utf-8", ""},
		{"/heed.yaml", "404", "text/html; charset=utf-8", ""},
		{"heed.yaml", "404", "text/html; charset=utf-8", ""},
		{"/feedback/2026/08/export-times-out.md", "404", "text/html; charset=utf-8", ""},
		{"/roadmap/../heed.yaml", "400", "text/plain; charset=utf-8", ""},
		{"/roadmap/%2e%2e/%2e%2e/etc/passwd", "400", "text/plain; charset=utf-8", ""},
		{"/roadmap/..%5c..%5cheed.yaml", "400", "text/plain; charset=utf-8", ""},
		{"/roadmap/%00", "400", "text/plain; charset=utf-8", ""},
	} {
		t.Run(c.path, func(t *testing.T) {
			res := rawGet(t, ss, c.path)
			res.Body.Close()
			if got := fmt.Sprint(res.StatusCode); got != c.status {
				t.Errorf("status %s, want %s", got, c.status)
			}
			if c.ctype != "" && res.Header.Get("Content-Type") != c.ctype {
				t.Errorf("Content-Type %q, want %q", res.Header.Get("Content-Type"), c.ctype)
			}
			if c.location != "" && res.Header.Get("Location") != c.location {
				t.Errorf("Location %q, want %q", res.Header.Get("Location"), c.location)
			}
		})
	}

	t.Run("ETag and If-None-Match", func(t *testing.T) {
		ss := ss.in(t)
		res := ss.get("themes/export/")
		res.Body.Close()
		etag := res.Header.Get("ETag")
		if etag == "" || res.Header.Get("Cache-Control") != "no-cache" {
			t.Fatalf("ETag %q, Cache-Control %q", etag, res.Header.Get("Cache-Control"))
		}
		again := ss.get("themes/export/", "If-None-Match", etag)
		again.Body.Close()
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("with If-None-Match: %s, want 304", again.Status)
		}
		other := ss.get("themes/sso/", "If-None-Match", etag)
		other.Body.Close()
		if other.StatusCode != http.StatusOK {
			t.Errorf("another page with that ETag: %s, want 200", other.Status)
		}
	})

	t.Run("gzip", func(t *testing.T) {
		ss := ss.in(t)
		_, plain := ss.body("feedback/")
		res := ss.get("feedback/", "Accept-Encoding", "br, gzip;q=0.8")
		defer res.Body.Close()
		if res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("Content-Encoding %q, Vary %q", res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
		}
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if string(unzipped) != plain {
			t.Error("the gzip body is not the page")
		}
		no := ss.get("feedback/", "Accept-Encoding", "gzip;q=0")
		no.Body.Close()
		if no.Header.Get("Content-Encoding") != "" {
			t.Error("gzip sent to a client that refuses it")
		}
	})

	t.Run("only to a loopback host", func(t *testing.T) {
		ss := ss.in(t)
		for host, want := range map[string]int{
			"evil.example.com": http.StatusMisdirectedRequest, "192.168.1.9:80": http.StatusMisdirectedRequest,
			"localhost": http.StatusOK, "127.0.0.1": http.StatusOK, "[::1]:8080": http.StatusOK, "app.localhost": http.StatusOK,
		} {
			req, _ := http.NewRequest(http.MethodGet, ss.root, nil)
			req.Host = host
			res, err := ss.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != want {
				t.Errorf("Host %s: %s, want %d", host, res.Status, want)
			}
		}
	})

	t.Run("HEAD and other methods", func(t *testing.T) {
		ss := ss.in(t)
		req, _ := http.NewRequest(http.MethodHead, ss.root, nil)
		res, err := ss.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || len(b) != 0 || res.Header.Get("Content-Length") == "" {
			t.Errorf("HEAD: %s, %d bytes, Content-Length %q", res.Status, len(b), res.Header.Get("Content-Length"))
		}
		req, _ = http.NewRequest(http.MethodPost, ss.root, strings.NewReader("x"))
		res, err = ss.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST: %s, want 405", res.Status)
		}
	})

	t.Run("the reload script is in pages only", func(t *testing.T) {
		ss := ss.in(t)
		_, page := ss.body("themes/export/")
		if !strings.Contains(page, `<script src="/__heed/reload.js" data-heed-etag="`) {
			t.Error("no reload script in a page")
		}
		for _, p := range []string{"api/themes.json", "themes/export/index.xml", "assets/site.css"} {
			if _, body := ss.body(p); strings.Contains(body, "__heed") {
				t.Errorf("%s has the reload script", p)
			}
		}
	})
}

// rawGet sends a request with the path as given, not cleaned by the client.
func rawGet(t *testing.T, ss *session, p string) *http.Response {
	t.Helper()
	u := ss.root + p
	if strings.HasPrefix(p, "/") {
		u = strings.TrimSuffix(ss.root, ss.srv.current.Load().base) + p
	}
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(p, "/") {
		req.URL.Opaque = p
	}
	res, err := ss.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestPort: a port that is taken gives the next free one, on the
// loopback address.
func TestPort(t *testing.T) {
	first := start(t, fixture, Options{})
	taken := first.srv.ln.Addr().(*net.TCPAddr).Port
	ss := start(t, fixture, Options{Port: taken})
	got := ss.srv.ln.Addr().(*net.TCPAddr)
	if got.Port <= taken || got.Port >= taken+100 || !got.IP.IsLoopback() {
		t.Errorf("listening on %s with port %d taken", got, taken)
	}
	if _, err := listen("127.0.0.1", 65535+1); err == nil {
		t.Error("no error for a port out of range")
	}
}

// TestVersionKeepsSameFiles: a file rendered again to the same bytes (the
// search index's shards and the API after every save) keeps its served
// form, gzip included; a file whose bytes changed gets a new one.
func TestVersionKeepsSameFiles(t *testing.T) {
	page := []byte("<html><head></head><body>Export times out</body></html>")
	shard := []byte(`{"export":[[1,2]]}` + "\n")
	prev := newVersion(nil, &render.Site{Files: map[string][]byte{
		"feedback/export/index.html": page, "search/t/0.json": shard,
	}}, "/", nil)
	prev.files["search/t/0.json"].gzip(prev) // served once
	next := newVersion(prev, &render.Site{Files: map[string][]byte{
		"feedback/export/index.html": bytes.Replace(page, []byte("Export"), []byte("Exports"), 1),
		"search/t/0.json":            bytes.Clone(shard), // rendered again, the same
	}}, "/", nil)
	if next.files["search/t/0.json"] != prev.files["search/t/0.json"] {
		t.Error("a file rendered again to the same bytes was served anew")
	}
	if next.files["feedback/export/index.html"] == prev.files["feedback/export/index.html"] {
		t.Error("a page whose bytes changed kept its old served form")
	}
}
