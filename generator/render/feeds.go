package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"strings"
	"time"
)

// Atom (RFC 4287) feeds: the changelog, and per theme its status changes.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Gen     string      `xml:"generator"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID      string       `xml:"id"`
	Title   string       `xml:"title"`
	Updated string       `xml:"updated"`
	Link    atomLink     `xml:"link"`
	Summary string       `xml:"summary,omitempty"`
	Content atomText     `xml:"content"`
	Cats    []atomCat    `xml:"category,omitempty"`
	Authors []atomAuthor `xml:"author,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func writeXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// shippedDate is when a done theme shipped for feeds: its date, else the
// build's moment.
func (b *builder) shippedDate(t *themeView) time.Time {
	if !t.Shipped.IsZero() {
		return t.Shipped
	}
	return b.opts.Now
}

// shippedHTML is a changelog entry's body: what changed and the feedback it
// answers.
func (b *builder) shippedHTML(t *themeView) string {
	var s strings.Builder
	s.WriteString(string(t.HTML))
	if len(t.Evidence) > 0 {
		fmt.Fprintf(&s, "<p>This answers %d pieces of feedback:</p><ul>", len(t.Evidence))
		for _, it := range t.Evidence[:min(len(t.Evidence), 20)] {
			fmt.Fprintf(&s, `<li><a href="%s">%s</a></li>`, html.EscapeString(b.urls.absolute(strings.TrimPrefix(it.URL, b.urls.path))), html.EscapeString(it.Title))
		}
		s.WriteString("</ul>")
	}
	return s.String()
}

func (b *builder) feedAuthor() atomAuthor { return atomAuthor{Name: b.cfg.Title} }

func (b *builder) changelogFeed() ([]byte, error) {
	f := atomFeed{
		Lang: b.site.Language, ID: b.urls.id("changelog/"), Title: b.cfg.Title + ": changelog",
		Updated: atomTime(b.opts.Now), Author: b.feedAuthor(), Gen: "heed",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: b.urls.absolute("changelog/index.xml")},
			{Rel: "alternate", Type: "text/html", Href: b.urls.absolute("changelog/")},
		},
	}
	var latest time.Time
	for _, t := range b.shipped() {
		d := b.shippedDate(t)
		if d.After(latest) {
			latest = d
		}
		f.Entries = append(f.Entries, atomEntry{
			ID: b.urls.id(t.path + "shipped"), Title: "Shipped: " + t.Title, Updated: atomTime(d),
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: b.urls.absolute(t.path)},
			Summary: t.Summary,
			Content: atomText{Type: "html", Body: b.shippedHTML(t)},
		})
	}
	if !latest.IsZero() {
		f.Updated = atomTime(latest)
	}
	return writeXML(f)
}

// themeFeed lists a theme's status changes (from git history when known,
// else its current status) and, once shipped, the shipped note.
func (b *builder) themeFeed(t *themeView) ([]byte, error) {
	f := atomFeed{
		Lang: b.site.Language, ID: b.urls.id(t.path), Title: b.cfg.Title + ": " + t.Title,
		Author: b.feedAuthor(), Gen: "heed",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: b.urls.absolute(t.path + "index.xml")},
			{Rel: "alternate", Type: "text/html", Href: b.urls.absolute(t.path)},
		},
	}
	var entries []atomEntry
	var latest time.Time
	add := func(e atomEntry, d time.Time) {
		entries = append(entries, e)
		if d.After(latest) {
			latest = d
		}
	}
	for i, c := range t.History {
		add(atomEntry{
			ID: b.urls.id(fmt.Sprintf("%sstatus/%d", t.path, i)), Title: fmt.Sprintf("%s is now %s", t.Title, c.Status),
			Updated: atomTime(c.Date),
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: b.urls.absolute(t.path)},
			Content: atomText{Type: "text", Body: fmt.Sprintf("%s changed status to %s on %s.", t.Title, c.Status, formatDate(c.Date))},
			Cats:    []atomCat{{Term: c.Status}},
		}, c.Date)
	}
	if len(t.History) == 0 && t.Kind != "done" {
		add(atomEntry{
			ID: b.urls.id(t.path + "status/" + t.Status), Title: fmt.Sprintf("%s is %s", t.Title, t.Status),
			Updated: atomTime(b.opts.Now),
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: b.urls.absolute(t.path)},
			Content: atomText{Type: "text", Body: fmt.Sprintf("%s has the status %s.", t.Title, t.Status)},
			Cats:    []atomCat{{Term: t.Status}},
		}, b.opts.Now)
	}
	if t.Kind == "done" {
		d := b.shippedDate(t)
		add(atomEntry{
			ID: b.urls.id(t.path + "shipped"), Title: "Shipped: " + t.Title, Updated: atomTime(d),
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: b.urls.absolute(t.path)},
			Content: atomText{Type: "html", Body: b.shippedHTML(t)},
		}, d)
	}
	// Newest first.
	for i, j := 0, len(entries)-1; i < j; i, j = i+1, j-1 {
		entries[i], entries[j] = entries[j], entries[i]
	}
	f.Entries = entries
	f.Updated = atomTime(latest)
	return writeXML(f)
}

// jsonFeed is the changelog as a JSON Feed 1.1.
func (b *builder) jsonFeed() ([]byte, error) {
	shipped := b.shipped()
	size := 1024 + 2*len(b.cfg.Title) + len(b.cfg.Description)
	for _, t := range shipped {
		// shippedHTML: the theme's body and up to 20 of its items.
		size += 400 + 3*len(t.path) + len(t.Title) + len(t.Summary) + len(t.HTML) + 200*min(len(t.Evidence), 20)
	}
	w := newJSONWriter(size)
	w.open('{')
	w.field("version", "https://jsonfeed.org/version/1.1")
	w.key("title")
	w.strs(b.cfg.Title, ": changelog")
	w.field("home_page_url", b.urls.absolute("changelog/"))
	w.field("feed_url", b.urls.absolute("feed.json"))
	w.fieldOmit("description", b.cfg.Description)
	w.fieldOmit("language", b.site.Language)
	w.key("authors")
	w.open('[')
	w.elem()
	w.open('{')
	w.field("name", b.cfg.Title)
	w.close('}')
	w.close(']')
	w.key("items")
	w.open('[')
	for _, t := range shipped {
		w.elem()
		w.open('{')
		w.field("id", b.urls.id(t.path+"shipped"))
		w.field("url", b.urls.absolute(t.path))
		w.key("title")
		w.strs("Shipped: ", t.Title)
		w.fieldOmit("summary", t.Summary)
		w.field("content_html", b.shippedHTML(t))
		w.key("date_published")
		w.time(b.shippedDate(t), time.RFC3339)
		w.key("tags")
		w.strList([]string{t.Status})
		w.close('}')
	}
	w.close(']')
	w.close('}')
	return w.bytes()
}

// writeJSON writes v as a json.Encoder indenting by two spaces does.
func writeJSON(v any) ([]byte, error) {
	compact, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	out := indentJSON(make([]byte, 0, 2*len(compact)), compact, "  ")
	return append(out, '\n'), nil
}

// indentJSON appends compact JSON (json.Marshal's, with no space outside
// strings) to dst indented as json.Indent(dst, src, "", indent) does, in
// one pass: json's own, a state machine called per byte, took most of the
// time of the site's large JSON files.
func indentJSON(dst, src []byte, indent string) []byte {
	depth, open := 0, false // open: after { or [, the newline is not written yet
	newline := func(dst []byte, depth int) []byte {
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, indent...)
		}
		return dst
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			dst = newline(dst, depth)
		}
		switch c {
		case '"':
			// The string, escapes included, up to its closing quote.
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(src))
			dst = append(dst, src[i:j]...)
			i = j - 1
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = newline(append(dst, c), depth)
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if open {
				open = false // empty: {} or []
			} else {
				depth--
				dst = newline(dst, depth)
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
