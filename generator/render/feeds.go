package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/heedhq/heed/generator/publish"
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
		fmt.Fprintf(&s, "<p>This answers %s", publish.Feedback(t.Counts.Items))
		if len(t.Evidence) < t.Counts.Items {
			fmt.Fprintf(&s, ", %d of them published", len(t.Evidence))
		}
		s.WriteString(":</p><ul>")
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

// jsonFeed is the changelog as a JSON Feed 1.1 document (https://jsonfeed.org/version/1.1).
type jsonFeed struct {
	Version     string         `json:"version"`
	Title       string         `json:"title"`
	HomePageURL string         `json:"home_page_url"`
	FeedURL     string         `json:"feed_url"`
	Description string         `json:"description,omitempty"`
	Language    string         `json:"language,omitempty"`
	Authors     []jsonAuthor   `json:"authors"`
	Items       []jsonFeedItem `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonFeedItem struct {
	ID            string   `json:"id"`
	URL           string   `json:"url"`
	Title         string   `json:"title"`
	Summary       string   `json:"summary,omitempty"`
	ContentHTML   string   `json:"content_html"`
	DatePublished string   `json:"date_published"`
	Tags          []string `json:"tags,omitempty"`
}

func (b *builder) jsonFeed() ([]byte, error) {
	f := jsonFeed{
		Version: "https://jsonfeed.org/version/1.1", Title: b.cfg.Title + ": changelog",
		HomePageURL: b.urls.absolute("changelog/"), FeedURL: b.urls.absolute("feed.json"),
		Description: b.cfg.Description, Language: b.site.Language,
		Authors: []jsonAuthor{{Name: b.cfg.Title}}, Items: []jsonFeedItem{},
	}
	for _, t := range b.shipped() {
		f.Items = append(f.Items, jsonFeedItem{
			ID: b.urls.id(t.path + "shipped"), URL: b.urls.absolute(t.path), Title: "Shipped: " + t.Title,
			Summary: t.Summary, ContentHTML: b.shippedHTML(t), DatePublished: atomTime(b.shippedDate(t)),
			Tags: []string{t.Status},
		})
	}
	// A small file (shipped themes only): encoding/json is fast enough.
	return writeJSON(f)
}

// writeJSON writes v as a json.Encoder indenting by two spaces does.
func writeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
