package publish

import (
	"strings"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/internal/parallel"
)

// Warnings reports every customer name and alias in words a public build
// publishes, as a customer-name warning at its line and column: in the
// title, body, tags and links of published items (content.Item.Published)
// and in themes. A public build shows neutral words there instead; the
// warning lets the team write them itself. None when publish.customers
// is true; never an error. names matches the set's customers (nil makes
// it).
func Warnings(set *content.Set, names *Names) diag.List {
	ds, _ := warnings(set, names, nil)
	return ds
}

// warnMemo is what warnings found, by item and theme, for reuse (see
// Cache).
type warnMemo struct {
	names  *Names
	cfg    *config.Config
	items  map[*content.Item]diag.List
	themes map[*content.Theme]diag.List
}

// warnings is Warnings, reusing what prev found for the items and themes
// it was given too (the same pointers) while names and configuration are
// the same.
func warnings(set *content.Set, names *Names, prev *warnMemo) (diag.List, *warnMemo) {
	if set.Config.Publish.Customers {
		return nil, nil
	}
	if names == nil {
		names = NewNames(AllCustomers(set))
	}
	if names.Len() == 0 {
		return nil, nil
	}
	if prev != nil && (prev.names != names || prev.cfg != set.Config) {
		prev = nil
	}
	// As makeContent's memo: added to, made again when half of it is
	// items of earlier states.
	m := &warnMemo{names: names, cfg: set.Config}
	if prev != nil && len(prev.items) <= 2*len(set.Items)+64 {
		m.items, m.themes = prev.items, prev.themes
	} else {
		prev = nil
		m.items, m.themes = make(map[*content.Item]diag.List, len(set.Items)), make(map[*content.Theme]diag.List, len(set.Themes))
	}
	found := make([]diag.List, len(set.Items)+len(set.Themes))
	parallel.For(len(found), func(i int) {
		w := &warner{names: names}
		if i < len(set.Items) {
			it := set.Items[i]
			if prev != nil {
				if ds, ok := prev.items[it]; ok {
					found[i] = ds
					return
				}
			}
			if !it.Published(set.Config) {
				return
			}
			w.path, w.pos = it.Path, it.Pos
			w.line("title", it.Title)
			w.body(it.Body, it.BodyLine)
			w.list("tags", it.Tags)
			w.list("links", it.Links)
		} else {
			th := set.Themes[i-len(set.Items)]
			if prev != nil {
				if ds, ok := prev.themes[th]; ok {
					found[i] = ds
					return
				}
			}
			w.path, w.pos = th.Path, th.Pos
			w.line("title", th.Title)
			w.line("summary", th.Summary)
			w.body(th.Body, th.BodyLine)
			w.list("keywords", th.Keywords)
		}
		found[i] = w.ds
	})
	var ds diag.List
	for i, l := range found {
		if i < len(set.Items) {
			m.items[set.Items[i]] = l
		} else {
			m.themes[set.Themes[i-len(set.Items)]] = l
		}
		ds = append(ds, l...)
	}
	return ds, m
}

// warner finds names in one file's words.
type warner struct {
	names *Names
	path  string
	pos   map[string]content.Position
	ms    []Match
	ds    diag.List
}

func (w *warner) warn(line, col int, s string, m Match) {
	name := strings.Join(strings.Fields(s[m.Start:m.End]), " ")
	w.ds = append(w.ds, diag.Warnf(w.path, line, col, "customer-name",
		"customer name %q in published words; a public build shows \"[%s]\" there", name, w.names.Placeholder(m)))
}

// line looks for names in a one-line front matter value, located from
// the first character of its text.
func (w *warner) line(key, s string) {
	if w.ms = w.names.Find(s, w.ms[:0]); len(w.ms) == 0 {
		return
	}
	p, ok := w.pos[key+".text"]
	if !ok {
		p = w.pos[key]
	}
	for _, m := range w.ms {
		if strings.Contains(s[:m.Start], "\n") { // a folded value: its key
			w.warn(w.pos[key].Line, w.pos[key].Col, s, m)
			continue
		}
		w.warn(p.Line, p.Col+utf8.RuneCountInString(s[:m.Start]), s, m)
	}
}

// list looks for names in a list's values, located at its key.
func (w *warner) list(key string, list []string) {
	p := w.pos[key]
	for _, s := range list {
		w.ms = w.names.Find(s, w.ms[:0])
		for _, m := range w.ms {
			w.warn(p.Line, p.Col, s, m)
		}
	}
}

// body looks for names in a body as written, whose first line is line
// first of the file.
func (w *warner) body(body string, first int) {
	if w.ms = w.names.Find(body, w.ms[:0]); len(w.ms) == 0 {
		return
	}
	line, lineStart, at := first, 0, 0
	for _, m := range w.ms {
		for at < m.Start {
			i := strings.IndexByte(body[at:m.Start], '\n')
			if i < 0 {
				break
			}
			at += i + 1
			line++
			lineStart = at
		}
		w.warn(line, utf8.RuneCountInString(body[lineStart:m.Start])+1, body, m)
	}
}
