package render

import (
	"encoding/xml"
	"strings"
	"unicode/utf8"
)

// sitemapHead opens the sitemap as encoding/xml would write its urlset
// element.
const sitemapHead = xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`

// sitemap lists every published page (the embeddable roadmap and 404 left
// out). An internal build's sitemap is empty. It is written as an indenting
// xml.Encoder writes a urlset of url elements with a loc each, straight
// into one buffer: at 100,000 items it is ten megabytes.
func (b *builder) sitemap() ([]byte, error) {
	if b.opts.Internal {
		return []byte(sitemapHead + "</urlset>\n"), nil
	}
	sections := []string{"", "roadmap/", "themes/", "feedback/", "insights/", "changelog/", "search/"}
	var items []*itemView
	if b.site.ItemPages {
		items = b.items
	}
	// URLs are written as base and path, not made: b.urls.absolute(rel) is
	// base + rel without its leading slash. base ends with '/', so the two
	// escape as their concatenation would.
	base := b.urls.absolute("")
	const urlLen = len("\n  <url>\n    <loc></loc>\n  </url>")
	size := len(sitemapHead) + len("\n</urlset>\n") + (len(sections)+len(b.themes)+len(items))*(urlLen+len(base)+8)
	for _, t := range b.themes {
		size += len(t.path)
	}
	for _, it := range items {
		size += len(it.path)
	}
	out := make([]byte, 0, size)
	out = append(out, sitemapHead...)
	escBase := appendXMLText(nil, base) // once, not once per URL
	loc := func(rel string) {
		out = append(out, "\n  <url>\n    <loc>"...)
		out = append(out, escBase...)
		out = appendXMLText(out, strings.TrimPrefix(rel, "/"))
		out = append(out, "</loc>\n  </url>"...)
	}
	for _, rel := range sections {
		loc(rel)
	}
	for _, t := range b.themes {
		loc(t.path)
	}
	for _, it := range items {
		loc(it.path)
	}
	return append(out, "\n</urlset>\n"...), nil
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
