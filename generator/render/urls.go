package render

import (
	"net/url"
	"strings"
)

// urls makes the links of a site served under a base URL: every link is a
// path from the host's root that includes the base path ("/acme/roadmap/
// themes/x/"), so pages work at any depth, including 404.html served for
// any missing address; feeds and the sitemap need absolute URLs, made from
// the base URL when it names a host.
type urls struct {
	path string // "/" or "/acme/roadmap/"
	abs  string // "https://example.org/acme/roadmap/", or "" when the base names no host
}

// newURLs reads a base URL: "https://example.org/acme/roadmap/", "/roadmap/"
// or "". A missing trailing slash is added.
func newURLs(base string) urls {
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
	return "urn:heed:" + strings.Trim(u.path, "/") + ":" + strings.TrimPrefix(rel, "/")
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
