package render

import (
	"strings"
)

// The search index (search/index.json) holds, for each theme and published
// item, what search.js matches on and shows: "k" its kind, "t" its title,
// "u" its link, and when not empty "m" a line about it, "s" its summary and
// "x" its text.

// searchTextMax bounds the text kept per entry, so the index of a large
// repository stays small enough to load in a browser.
const searchTextMax = 1200

// searchSummaryMax bounds an item's summary.
const searchSummaryMax = 160

func (b *builder) searchIndex() ([]byte, error) {
	// The size: excerpts of mostly ASCII text are at most their bound.
	size := 32
	for _, t := range b.themes {
		size += 120 + len(t.Title) + len(t.URL) + len(t.Status) + len(t.Summary) + min(len(t.themeText), searchTextMax+3)
	}
	for _, it := range b.items {
		tags := 0
		for _, tag := range it.Tags {
			tags += len(tag) + 1
		}
		size += 140 + len(it.Title) + len(it.URL) + len(it.Type) + len(it.Source) +
			min(len(it.text), searchSummaryMax+3) + min(len(it.text)+tags, searchTextMax+3)
	}
	w := newJSONWriter(size)
	w.open('{')
	w.key("entries")
	w.open('[')
	entry := func(kind, title, url string) {
		w.elem()
		w.open('{')
		w.field("k", kind)
		w.field("t", title)
		w.field("u", url)
	}
	for _, t := range b.themes {
		entry("theme", t.Title, t.URL)
		w.fieldOmit("m", t.Status)
		w.fieldOmit("s", t.Summary)
		w.fieldOmit("x", excerpt(plain(t), searchTextMax))
		w.close('}')
	}
	for _, it := range b.items {
		if it.scoreOnly {
			continue // no words to find, only a title made of a score
		}
		entry("item", it.Title, it.URL)
		w.key("m")
		w.strs(it.Type, " via ", it.Source, ", ", formatDate(it.Date))
		w.fieldOmit("s", excerpt(it.text, searchSummaryMax))
		text := it.text
		if len(it.Tags) > 0 { // else a trailing space, which excerpt drops
			text += " " + strings.Join(it.Tags, " ")
		}
		w.fieldOmit("x", excerpt(text, searchTextMax))
		w.close('}')
	}
	w.close(']')
	w.close('}')
	return w.bytes()
}

// plain is a theme's searchable text.
func plain(t *themeView) string {
	return t.themeText
}
