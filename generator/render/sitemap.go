package render

import (
	"encoding/xml"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// sitemapHead opens a sitemap file as encoding/xml would write its urlset
// element, and sitemapIndexHead a sitemap index's sitemapindex element.
const (
	sitemapHead      = xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`
	sitemapIndexHead = xml.Header + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`
)

// sitemapLimit is the most URLs one sitemap file may list: the sitemaps.org
// protocol's limit, past which search engines refuse the file. (Its other
// limit, 50 MB, is far off: a URL takes about 150 bytes.)
const sitemapLimit = 50000

// sitemapSections are the section pages the sitemap lists first.
var sitemapSections = [...]string{"", "roadmap/", "themes/", "feedback/", "insights/", "changelog/", "search/"}

// sitemapFiles adds to file the files of the sitemap, which lists every
// published page (the embeddable roadmap and 404 left out; an internal
// build's sitemap is empty), an item's page and a theme's with a lastmod
// from git (see itemView.updated and themeView.lastmod), as Hugo's sitemap
// dates pages with enableGitInfo. Up to limit URLs it is sitemap.xml
// alone; past that, sitemap.xml is a sitemap index of sitemap-1.xml,
// sitemap-2.xml and on, limit URLs each, as the protocol asks: a
// 100,000-item site has two. The URLs are counted before the item views
// are made: they are the published items, in the order of the feedback
// list.
func (b *builder) sitemapFiles(file func(path string, f func() ([]byte, error)), limit int) {
	n := b.sitemapURLs()
	if n <= limit {
		file("sitemap.xml", func() ([]byte, error) { return b.sitemapPart(0, n), nil })
		return
	}
	parts := (n + limit - 1) / limit
	file("sitemap.xml", func() ([]byte, error) { return b.sitemapIndex(parts), nil })
	for k := range parts {
		lo, hi := k*limit, min(n, (k+1)*limit)
		file(sitemapPartPath(k), func() ([]byte, error) { return b.sitemapPart(lo, hi), nil })
	}
}

// lastmod is when the theme's page last changed as git tells it: the
// newest change of the theme's file and of the published feedback it
// shows, as Hugo dates a list page by the newest of its pages; zero
// without history. Feedback that is not published is left out, so that
// its dates are not.
func (t *themeView) lastmod() time.Time {
	last := t.updated
	for _, it := range t.Evidence {
		if it.updated.After(last) {
			last = it.updated
		}
	}
	return last
}

// sitemapPartPath is the path of the k-th (from 0) file of a sitemap index.
func sitemapPartPath(k int) string { return "sitemap-" + strconv.Itoa(k+1) + ".xml" }

// sitemapURLs counts the URLs of the sitemap: the sections, the themes
// and, when items have pages, the published items.
func (b *builder) sitemapURLs() int {
	if b.opts.Internal {
		return 0
	}
	n := len(sitemapSections) + len(b.themes)
	if b.site.ItemPages {
		n += len(b.pub)
	}
	return n
}

// sitemapRel is the site path of the sitemap's i-th URL, and when the
// page last changed (zero when not known); the item views must have been
// made (builder.all) for an item's.
func (b *builder) sitemapRel(i int) (string, time.Time) {
	if i < len(sitemapSections) {
		return sitemapSections[i], time.Time{}
	}
	i -= len(sitemapSections)
	if i < len(b.themes) {
		return b.themes[i].path, b.themes[i].lastmod()
	}
	it := b.items[i-len(b.themes)]
	return it.path, it.updated
}

// sitemapPart writes the sitemap's URLs lo to hi (hi excluded) as an
// indenting xml.Encoder writes a urlset of url elements with a loc each
// (and a lastmod when known), straight into one buffer.
func (b *builder) sitemapPart(lo, hi int) []byte {
	const urlLen = len("\n  <url>\n    <loc></loc>\n  </url>")
	return b.locs(sitemapHead, "url", urlLen, hi-lo, func(i int) (string, time.Time) { return b.sitemapRel(lo + i) }, "\n</urlset>\n")
}

// sitemapIndex writes a sitemap index of parts files, as an indenting
// xml.Encoder writes a sitemapindex of sitemap elements with a loc each.
func (b *builder) sitemapIndex(parts int) []byte {
	const sitemapLen = len("\n  <sitemap>\n    <loc></loc>\n  </sitemap>")
	return b.locs(sitemapIndexHead, "sitemap", sitemapLen, parts, func(k int) (string, time.Time) { return sitemapPartPath(k), time.Time{} }, "\n</sitemapindex>\n")
}

// locs writes head, then n elements of the given name each holding the
// absolute URL of rel(i) in a loc element (and its time, unless zero, in a
// lastmod element: RFC 3339 in UTC, a W3C Datetime), then tail. URLs are
// written as base and path, not made: b.urls.absolute(rel) is base + rel
// without its leading slash, and base ends with '/', so the two escape as
// their concatenation would.
func (b *builder) locs(head, elem string, elemLen, n int, rel func(int) (string, time.Time), tail string) []byte {
	const lastmodLen = len("\n    <lastmod>2006-01-02T15:04:05Z</lastmod>")
	base := b.urls.absolute("")
	escBase := appendXMLText(nil, base) // once, not once per URL
	out := make([]byte, 0, len(head)+len(tail)+n*(elemLen+lastmodLen+len(escBase)+64))
	out = append(out, head...)
	for i := range n {
		path, mod := rel(i)
		out = append(out, "\n  <"...)
		out = append(out, elem...)
		out = append(out, ">\n    <loc>"...)
		out = append(out, escBase...)
		out = appendXMLText(out, strings.TrimPrefix(path, "/"))
		out = append(out, "</loc>"...)
		if !mod.IsZero() {
			out = append(out, "\n    <lastmod>"...)
			out = mod.UTC().AppendFormat(out, time.RFC3339)
			out = append(out, "</lastmod>"...)
		}
		out = append(out, "\n  </"...)
		out = append(out, elem...)
		out = append(out, '>')
	}
	if n == 0 {
		tail = strings.TrimPrefix(tail, "\n") // an empty element closes on its line
	}
	return append(out, tail...)
}

// appendXMLText appends s escaped as character data, as xml.EscapeText
// and xml.Encoder do: the five markup characters, tab, newline and
// carriage return as character references, and each rune XML cannot hold
// (invalid UTF-8 included) as U+FFFD.
func appendXMLText(dst []byte, s string) []byte {
	last := 0 // s[last:i] is to be copied as it is
	for i := 0; i < len(s); {
		r, width := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, width = utf8.DecodeRuneInString(s[i:])
		}
		i += width
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if xmlChar(r) && (r != utf8.RuneError || width != 1) {
				continue
			}
			esc = "\uFFFD"
		}
		dst = append(dst, s[last:i-width]...)
		dst = append(dst, esc...)
		last = i
	}
	return append(dst, s[last:]...)
}

// xmlChar says whether XML 1.0 allows r (its Char production).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// robots allows everything on a public build and points at the sitemap
// when the host is known; an internal build asks not to be indexed.
func (b *builder) robots() ([]byte, error) {
	var s strings.Builder
	s.WriteString("User-agent: *\n")
	if b.opts.Internal {
		s.WriteString("Disallow: /\n")
		return []byte(s.String()), nil
	}
	s.WriteString("Allow: /\n")
	if b.urls.abs != "" {
		s.WriteString("\nSitemap: " + b.urls.absolute("sitemap.xml") + "\n")
	}
	return []byte(s.String()), nil
}
