package render

import (
	"encoding/xml"
	"strings"
)

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc string `xml:"loc"`
}

// sitemap lists every published page (the embeddable roadmap and 404 left
// out). An internal build's sitemap is empty.
func (b *builder) sitemap() ([]byte, error) {
	s := urlset{}
	if !b.opts.Internal {
		for _, rel := range []string{"", "roadmap/", "themes/", "feedback/", "insights/", "changelog/", "search/"} {
			s.URLs = append(s.URLs, sitemapURL{b.urls.absolute(rel)})
		}
		for _, t := range b.themes {
			s.URLs = append(s.URLs, sitemapURL{b.urls.absolute(t.path)})
		}
		if b.site.ItemPages {
			for _, it := range b.items {
				s.URLs = append(s.URLs, sitemapURL{b.urls.absolute(it.path)})
			}
		}
	}
	return writeXML(s)
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
