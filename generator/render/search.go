package render

import (
	"strings"
)

// The search index (search/index.json) holds, for each theme and published
// item, what search.js matches on and shows: kind, title, link, summary
// and text.

type searchEntry struct {
	Kind    string `json:"k"`
	Title   string `json:"t"`
	URL     string `json:"u"`
	Meta    string `json:"m,omitempty"`
	Summary string `json:"s,omitempty"`
	Text    string `json:"x,omitempty"`
}

// searchTextMax bounds the text kept per entry, so the index of a large
// repository stays small enough to load in a browser.
const searchTextMax = 1200

func (b *builder) searchIndex() ([]byte, error) {
	out := struct {
		Entries []searchEntry `json:"entries"`
	}{Entries: []searchEntry{}}
	for _, t := range b.themes {
		out.Entries = append(out.Entries, searchEntry{
			Kind: "theme", Title: t.Title, URL: t.URL, Meta: t.Status, Summary: t.Summary,
			Text: excerpt(plain(t), searchTextMax),
		})
	}
	for _, it := range b.items {
		meta := it.Type + " via " + it.Source + ", " + formatDate(it.Date)
		out.Entries = append(out.Entries, searchEntry{
			Kind: "item", Title: it.Title, URL: it.URL, Meta: meta, Summary: excerpt(it.text, 160),
			Text: excerpt(it.text+" "+strings.Join(it.Tags, " "), searchTextMax),
		})
	}
	return writeJSON(out)
}

// plain is a theme's searchable text.
func plain(t *themeView) string {
	return t.themeText
}
