package render

import (
	"bytes"
	"net/url"
	"strings"
)

// urls makes the links of a site served under a base URL: every link is a
// path from the host's root that includes the base path ("/acme/roadmap/
// themes/x/"), so pages work at any depth, including 404.html served for
// any missing address; feeds and the sitemap need absolute URLs, made from
// the base URL when it names a host.
//
// A relative base URL ("", "." or "./") makes every link of a page
// relative to that page instead ("../themes/x/index.html"), as Hugo's
// relativeURLs does, so that the site works wherever it is put, opened
// from disk included: the pages are made with links under rootMark, which
// relativize then rewrites for each page; the other files (feeds, the
// API, the sitemap) get root paths ("/themes/x/").
type urls struct {
	path string // "/" or "/acme/roadmap/"; rootMark for a relative base
	abs  string // "https://example.org/acme/roadmap/", or "" when the base names no host
	// relative says that pages link relative to themselves.
	relative bool
}

// rootMark stands for the site's root in the pages of a site with a
// relative base URL until relativize replaces it: a path no link of a
// page's content can mean.
const rootMark = "/__heed_root__/"

// isRelative reports whether a base URL asks for relative links.
func isRelative(base string) bool {
	switch strings.TrimSpace(base) {
	case "", ".", "./":
		return true
	}
	return false
}

// newURLs reads a base URL: "https://example.org/acme/roadmap/", "/roadmap/"
// or a relative one ("", "./"). A missing trailing slash is added.
func newURLs(base string) urls {
	if isRelative(base) {
		return urls{path: rootMark, relative: true}
	}
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil {
		return urls{path: "/"}
	}
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	out := urls{path: p}
	if (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		out.abs = u.Scheme + "://" + u.Host + p
	}
	return out
}

// link is the path of a site file or folder ("themes/x/") for an href.
func (u urls) link(rel string) string { return u.path + strings.TrimPrefix(rel, "/") }

// absolute is the full URL of a site path when the base URL names a host,
// else its link.
func (u urls) absolute(rel string) string {
	if u.abs == "" {
		return u.link(rel)
	}
	return u.abs + strings.TrimPrefix(rel, "/")
}

// id is a stable, absolute identifier for feed entries (Atom requires an
// absolute IRI even when the site's host is not known).
func (u urls) id(rel string) string {
	if u.abs != "" {
		return u.abs + strings.TrimPrefix(rel, "/")
	}
	path := strings.Trim(u.path, "/")
	if u.relative {
		path = ""
	}
	return "urn:heed:" + path + ":" + strings.TrimPrefix(rel, "/")
}

// safeLink keeps a link from untrusted content only when it is an http(s)
// URL; anything else (javascript:, data:, relative tricks) is dropped.
func safeLink(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// finish returns a file of the site as it is written: with a relative
// base URL, an HTML page's links relative to the page (relativize) and
// any other file's root paths plain; otherwise data itself.
func (u urls) finish(path string, data []byte) []byte {
	if !u.relative || !bytes.Contains(data, []byte(rootMark)) {
		return data
	}
	if !strings.HasSuffix(path, ".html") {
		return bytes.ReplaceAll(data, []byte(rootMark), []byte("/"))
	}
	return relativize(path, data)
}

// relativize rewrites the links of the page at path (a slash path in the
// site, "themes/x/index.html") made under rootMark into links relative to
// the page. A link to a folder in an href or a form's action gets the
// folder's index.html, which a browser opens from disk too
// ("../themes/x/index.html", "../feedback/index.html?theme=x"); other
// attributes (data-root, src) keep the folder ("../").
func relativize(path string, data []byte) []byte {
	up := strings.Repeat("../", strings.Count(path, "/"))
	out := make([]byte, 0, len(data)+len(data)/8)
	mark := []byte(rootMark)
	for {
		i := bytes.Index(data, mark)
		if i < 0 {
			return append(out, data...)
		}
		out = append(out, data[:i]...)
		data = data[i+len(mark):]
		out = append(out, up...)
		// The link goes on to the attribute's closing quote.
		end := bytes.IndexAny(data, "\"' >")
		if end < 0 {
			end = len(data)
		}
		link := data[:end]
		folder := link
		if k := bytes.IndexAny(link, "?#"); k >= 0 {
			folder = link[:k]
		}
		attr := out[:len(out)-len(up)]
		if (bytes.HasSuffix(attr, []byte(` href="`)) || bytes.HasSuffix(attr, []byte(` action="`))) &&
			(len(folder) == 0 || folder[len(folder)-1] == '/') {
			out = append(out, folder...)
			out = append(out, "index.html"...)
			out = append(out, link[len(folder):]...)
		} else {
			if len(up) == 0 && len(link) == 0 {
				out = append(out, "./"...) // the root from the root: not an empty link
			}
			out = append(out, link...)
		}
		data = data[end:]
	}
}
