package serve

import (
	"embed"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The addresses heed serve answers besides the site's, outside any base
// path a site can have.
const (
	assetReloadJS   = "/__heed/reload.js"
	assetOverlayCSS = "/__heed/overlay.css"
	eventsPath      = "/__heed/events"
)

//go:embed assets/reload.js assets/overlay.css
var assets embed.FS

// handler serves the current version of the site, the reload script and
// its event stream.
type handler struct {
	current *atomic.Pointer[version]
	hub     *hub
	// loopback is true when the server listens on a loopback address only:
	// it then answers only requests for a loopback host (see
	// loopbackHost).
	loopback bool
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.loopback && !loopbackHost(r.Host) {
		http.Error(w, "heed serve answers only to localhost and loopback addresses", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if !cleanPath(p) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	switch p {
	case eventsPath:
		h.hub.serve(w, r, h.current)
		return
	case assetReloadJS, assetOverlayCSS:
		name := "assets/" + strings.TrimPrefix(p, "/__heed/")
		data, _ := assets.ReadFile(name)
		f := newFile(name, data, "")
		writeFile(w, r, nil, f, http.StatusOK)
		return
	}
	v := h.current.Load()
	f, redirect, status := v.resolve(p)
	switch {
	case redirect != "":
		if r.URL.RawQuery != "" {
			redirect += "?" + r.URL.RawQuery
		}
		// Temporary: the site's layout can change while it is served, and
		// browsers keep permanent redirects.
		http.Redirect(w, r, redirect, http.StatusFound)
	case f == nil:
		http.Error(w, "404 page not found", http.StatusNotFound)
	default:
		writeFile(w, r, v, f, status)
	}
}

// loopbackHost reports whether a request's Host names this machine:
// localhost or a loopback IP address. A web page elsewhere cannot then read
// the site (perhaps the internal view, with private feedback) by pointing
// its own domain at 127.0.0.1 (DNS rebinding).
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// cleanPath accepts URL paths that name a file inside the site: absolute,
// no "." or ".." segments, no backslashes or NUL bytes. The site is a map
// of built files, so nothing else on the machine can be named anyway.
func cleanPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// sitePath is the site file a URL path names under base ("" when outside
// it): a folder is its index.html.
func sitePath(base, urlPath string) string {
	if !strings.HasPrefix(urlPath, base) {
		return ""
	}
	rel := urlPath[len(base):]
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	return rel
}

// resolve finds what a URL path gets: a file of the site (status 200), a
// redirect (the base path, or a folder asked without its slash), or the
// site's 404.html with status 404 (nil when it has none).
func (v *version) resolve(urlPath string) (f *file, redirect string, status int) {
	rel := sitePath(v.base, urlPath)
	if rel == "" && (urlPath == "/" || urlPath+"/" == v.base) {
		return nil, v.base, 0
	}
	if f := v.files[rel]; f != nil {
		return f, "", http.StatusOK
	}
	if rel != "" && !strings.HasSuffix(rel, "index.html") && v.files[rel+"/index.html"] != nil {
		return nil, urlPath + "/", 0
	}
	return v.files["404.html"], "", http.StatusNotFound
}

// writeFile writes a file with its headers: content type, ETag (with
// If-None-Match answered by 304), gzip when the client takes it.
func writeFile(w http.ResponseWriter, r *http.Request, v *version, f *file, status int) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	if status == http.StatusOK {
		h.Set("ETag", f.etag)
		if match := r.Header.Get("If-None-Match"); match != "" && etagMatch(match, f.etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	parts := f.served(v)
	if compressible(f.ctype) {
		h.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.Set("Content-Encoding", "gzip")
			parts = [][]byte{f.gzip(v)}
		}
	}
	n := 0
	for _, b := range parts {
		n += len(b)
	}
	h.Set("Content-Length", strconv.Itoa(n))
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	for _, b := range parts {
		if _, err := w.Write(b); err != nil {
			return
		}
	}
}

// etagMatch reports whether an If-None-Match header names etag.
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header takes gzip.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) != "gzip" {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// hub keeps the browsers' event streams: which page each shows, so that
// after a rebuild exactly the browsers whose page changed reload, and the
// pages they show are rendered first.
type hub struct {
	mu      sync.Mutex
	clients map[*client]bool
	done    chan struct{}
	closed  bool
}

// client is one open page: its URL path and the ETag of what it shows.
type client struct {
	path   string
	etag   string
	reload chan struct{}
}

func newHub() *hub {
	return &hub{clients: map[*client]bool{}, done: make(chan struct{})}
}

// close ends every stream (the server is shutting down).
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// pingEvery keeps idle streams alive through proxies and finds dead ones.
const pingEvery = 20 * time.Second

// serve streams reload events to one page (Server-Sent Events): "reload"
// once the page it shows (named by its path and ETag) differs from the
// current version's, at once if it already does.
func (h *hub) serve(w http.ResponseWriter, r *http.Request, current *atomic.Pointer[version]) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := &client{path: r.URL.Query().Get("path"), etag: r.URL.Query().Get("etag"), reload: make(chan struct{}, 1)}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	h.clients[c] = true
	h.check(c, current.Load())
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
	}()

	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-cache")
	hd.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// A short retry: after a restart of heed serve, pages reconnect soon
	// and reload if they changed meanwhile.
	if _, err := w.Write([]byte("retry: 500\n\n")); err != nil {
		return
	}
	flusher.Flush()
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	for {
		select {
		case <-c.reload:
			w.Write([]byte("event: reload\ndata: {}\n\n"))
			flusher.Flush()
			return
		case <-ping.C:
			if _, err := w.Write([]byte(": ping\n\n")); err != nil {
				return
			}
			flusher.Flush()
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		}
	}
}

// check tells a client to reload when its page differs in v. h.mu is held.
func (h *hub) check(c *client, v *version) {
	etag := ""
	if f, _, _ := v.resolve(c.path); f != nil {
		etag = strings.Trim(f.etag, `"`)
	}
	if etag != c.etag {
		c.etag = etag
		select {
		case c.reload <- struct{}{}:
		default:
		}
	}
}

// published tells every client whose page changed in v to reload.
func (h *hub) published(v *version) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		h.check(c, v)
	}
}

// viewed returns the site paths of the pages open in a browser (and
// 404.html when one shows a missing page), for rendering them first:
// sorted, once each, and empty, not nil, when none is open (render.Plan
// takes nil for every path).
func (h *hub) viewed(v *version) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := []string{}
	for c := range h.clients {
		if p := sitePath(v.base, c.path); p != "" {
			out = append(out, p)
			if v.files[p] == nil {
				out = append(out, "404.html")
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
