package serve

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"maps"
	"path"
	"strings"
	"sync"

	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/render"
)

// version is one state of the served site: immutable once published, so a
// request reads one version from start to end and gets a complete old or a
// complete new page, never a mix.
type version struct {
	// n counts the versions published.
	n uint64
	// files are the built files by site path ("index.html").
	files map[string]*file
	// base is the URL path the site is served under ("/" or "/roadmap/").
	base string
	// overlay is the HTML put at the top of every page while the content has
	// errors (nil when it has none), and overlayID names it in ETags.
	overlay   []byte
	overlayID string
	// site is the site whose files these are.
	site *render.Site
}

// file is one file of a version as served: its bytes as built, its
// content type and ETag, and for an HTML page where the reload script and
// the overlay go in. Its gzip form is made on the first request for it.
type file struct {
	data  []byte
	ctype string
	etag  string // quoted
	html  bool
	// head is where the reload script goes (before </head>), body where the
	// overlay goes (after the <body> tag).
	head, body int

	gzipOnce sync.Once
	gzipped  []byte
}

// newFile makes a served file of a built one.
func newFile(sitePath string, data []byte, overlayID string) *file {
	sum := sha256.Sum256(data)
	f := &file{data: data, ctype: contentType(sitePath)}
	tag := base64.RawURLEncoding.EncodeToString(sum[:12])
	if strings.HasPrefix(f.ctype, "text/html") {
		f.html = true
		f.head, f.body = injectionPoints(data)
		if overlayID != "" {
			tag += "-" + overlayID
		}
	}
	f.etag = `"` + tag + `"`
	return f
}

// injectionPoints finds where a page gets the reload script (before
// </head>, else after the <body> tag, else at the start) and the overlay
// (after the <body> tag, else where the script goes).
func injectionPoints(data []byte) (head, body int) {
	body = -1
	if i := bytes.Index(data, []byte("<body")); i >= 0 {
		if j := bytes.IndexByte(data[i:], '>'); j >= 0 {
			body = i + j + 1
		}
	}
	head = bytes.Index(data, []byte("</head>"))
	if head < 0 {
		head = max(body, 0)
	}
	if body < head {
		body = head
	}
	return head, body
}

// served returns the bytes a response carries: an HTML page of v with the
// reload script and, while there are errors, the overlay; any other file
// as built. Parts are returned separately so that a page is not copied.
func (f *file) served(v *version) [][]byte {
	if !f.html || v == nil {
		return [][]byte{f.data}
	}
	script := fmt.Appendf(nil, `<link rel="stylesheet" href="%s"><script src="%s" data-heed-etag="%s"></script>`,
		assetOverlayCSS, assetReloadJS, html.EscapeString(strings.Trim(f.etag, `"`)))
	return [][]byte{f.data[:f.head], script, f.data[f.head:f.body], v.overlay, f.data[f.body:]}
}

// gzip returns the gzip form of what served returns, made once.
func (f *file) gzip(v *version) []byte {
	f.gzipOnce.Do(func() {
		var b bytes.Buffer
		w, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
		for _, part := range f.served(v) {
			w.Write(part)
		}
		w.Close()
		f.gzipped = b.Bytes()
	})
	return f.gzipped
}

// compressible says whether a content type gains from gzip.
func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "json") ||
		strings.Contains(ctype, "xml") || strings.Contains(ctype, "javascript")
}

// contentType is the media type of a site file, from a fixed table (the
// system's MIME database differs between machines).
func contentType(p string) string {
	if path.Base(p) == "feed.json" {
		return "application/feed+json"
	}
	switch path.Ext(p) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".xml":
		if strings.HasSuffix(p, "/index.xml") {
			return "application/atom+xml"
		}
		return "application/xml"
	case ".svg":
		return "image/svg+xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".ico":
		return "image/vnd.microsoft.icon"
	case ".woff2":
		return "font/woff2"
	case ".woff":
		return "font/woff"
	}
	return "application/octet-stream"
}

// newVersion makes the version of a built site: files unchanged since
// prev (the same bytes, the same overlay) keep their served form, and with
// it their ETag and gzip.
func newVersion(prev *version, site *render.Site, base string, problems diag.List) *version {
	v := &version{base: base}
	if prev != nil {
		v.n = prev.n + 1
	}
	if len(problems) > 0 {
		v.overlay = overlayHTML(problems)
		sum := sha256.Sum256(v.overlay)
		v.overlayID = base64.RawURLEncoding.EncodeToString(sum[:6])
	}
	v.site = site
	if prev != nil && prev.overlayID == v.overlayID {
		// Most files are as before: start from prev's.
		v.files = maps.Clone(prev.files)
		if changed, ok := site.Changed(prev.site); ok {
			// Rendered over prev's site: only the files it rendered or
			// dropped can differ (on a site of 110,000 files, looking
			// at every one took 0.1 s of each save).
			for _, p := range changed {
				data, ok := site.Files[p]
				switch {
				case !ok:
					delete(v.files, p)
				case v.files[p] == nil || !bytes.Equal(v.files[p].data, data):
					v.files[p] = newFile(p, data, v.overlayID)
				}
			}
			return v
		}
		for p := range v.files {
			if _, ok := site.Files[p]; !ok {
				delete(v.files, p)
			}
		}
	} else {
		v.files = make(map[string]*file, len(site.Files))
	}
	// A file with the same bytes keeps its served form (ETag, gzip): the
	// same memory for a file copied from the previous site, equal bytes for
	// one rendered again the same, as the files made by Go code are after
	// every save (11,000 on a site of 100,000 items, whose ETags took 0.2
	// s of a save to hash again).
	for p, data := range site.Files {
		if old := v.files[p]; old != nil && bytes.Equal(old.data, data) {
			continue
		}
		if prev != nil {
			if old := prev.files[p]; old != nil && bytes.Equal(old.data, data) && !old.html {
				v.files[p] = old // not a page: the overlay is not in it
				continue
			}
		}
		v.files[p] = newFile(p, data, v.overlayID)
	}
	return v
}

// overlayHTML lists the problems of the content for the top of every page:
// plain HTML, so it shows without JavaScript, styled by overlay.css.
func overlayHTML(problems diag.List) []byte {
	var b bytes.Buffer
	errs, warns := problems.Count()
	fmt.Fprintf(&b, `<aside id="heed-problems" role="alert" aria-labelledby="heed-problems-title"><h2 id="heed-problems-title">%s, %s: the site shows the last build without errors</h2><ul>`,
		diag.Plural(errs, "error"), diag.Plural(warns, "warning"))
	for _, d := range problems {
		pos := d.Path
		if d.Line > 0 {
			pos += fmt.Sprintf(":%d", d.Line)
			if d.Col > 0 {
				pos += fmt.Sprintf(":%d", d.Col)
			}
		}
		fmt.Fprintf(&b, `<li class="heed-%s"><code>%s</code> <strong>%s</strong> %s <span>[%s]</span></li>`,
			d.Severity, html.EscapeString(pos), d.Severity, html.EscapeString(d.Message), html.EscapeString(d.Rule))
	}
	b.WriteString(`</ul><p>Fix the files and save: the pages reload by themselves.</p></aside>`)
	return b.Bytes()
}
