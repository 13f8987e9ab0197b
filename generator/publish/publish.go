package publish

import (
	"html"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/internal/parallel"
)

// Options says for whom Make makes the content.
type Options struct {
	// Internal makes the team's view: every item with every word as
	// written, customer names included; contacts are left out all the same.
	Internal bool
	// Names matches the names of the set's customers (see AllCustomers);
	// nil makes it. heed serve keeps one while the customers stay the same.
	Names *Names
}

// Content is what a build shows of a content set.
type Content struct {
	// Set is the content as its audience sees it: copies of the set's
	// items, themes and customers, with the words of items it does not
	// show left empty, names replaced in words it shows, and no contact.
	// Private items of a public build are left out entirely unless
	// publish.private_counts lets them count. It is never the set Make was
	// given.
	Set *content.Set
	// Shown lists the items of Set whose words are shown (all of them in
	// the team's view), in Set's order.
	Shown []*content.Item
	// Internal says the content is the team's view.
	Internal bool
	// Tally counts the items of the set Make was given by what a public
	// build shows of them.
	Tally Tally

	// The ids of Set's items and themes that differ from the set's (keys
	// by the view's id, ids by the set's).
	itemKey, themeKey map[string]string
	itemID, themeID   map[string]string
	// words are, by index of the set's items, what grouping may read of
	// each (nil: all of it).
	words []words
}

// words is what the grouping of a public build may read of an item.
type words struct {
	title, text string
	tags        []string
	shown       bool
}

// Make makes what a build for opts's audience shows of set, which must be
// resolved (content.Load). Its items' bodies are rendered again where a
// name is replaced in them, to HTML when the set's were.
func Make(set *content.Set, opts Options) *Content {
	cfg := set.Config
	public := !opts.Internal
	redact := public && !cfg.Publish.Customers
	c := &Content{Internal: opts.Internal, Tally: Count(set)}
	var names *Names
	if redact {
		names = opts.Names
		if names == nil {
			names = NewNames(AllCustomers(set))
		}
	}
	r := newRedactor(names, cfg)

	customers := make([]*content.Customer, len(set.Customers))
	byID := make(map[string]*content.Customer, len(set.Customers))
	for i, cu := range set.Customers {
		customers[i] = r.customer(cu, public)
		byID[cu.ID] = customers[i]
	}

	c.themeKey, c.themeID = r.rename(len(set.Themes), func(i int) string { return set.Themes[i].ID })
	c.itemKey, c.itemID = r.rename(len(set.Items), func(i int) string { return set.Items[i].ID })

	themes := make([]*content.Theme, len(set.Themes))
	parallel.For(len(set.Themes), func(i int) {
		v := *set.Themes[i]
		v.ID = c.ThemeID(v.ID)
		r.theme(&v)
		themes[i] = &v
	})

	items := make([]*content.Item, len(set.Items))
	shown := make([]bool, len(set.Items))
	if redact {
		c.words = make([]words, len(set.Items))
	}
	parallel.For(len(set.Items), func(i int) {
		it := set.Items[i]
		if public && it.Private && !cfg.Publish.PrivateCounts {
			return
		}
		v := *it
		v.ID = c.ItemID(it.ID)
		v.DuplicateOf = c.ItemID(it.DuplicateOf)
		if len(c.themeID) > 0 {
			v.Themes = make([]string, len(it.Themes))
			for j, id := range it.Themes {
				v.Themes[j] = c.ThemeID(id)
			}
		}
		if cu := it.Customer; cu != nil {
			if reg := byID[cu.ID]; reg != nil && !cu.Inline {
				v.Customer = reg
			} else {
				v.Customer = r.customer(cu, public)
			}
		}
		shown[i] = opts.Internal || it.Published(cfg)
		switch {
		case !shown[i]:
			blank(&v)
		case redact:
			c.words[i] = r.item(&v, it)
		}
		items[i] = &v
	})
	kept := make([]*content.Item, 0, len(items))
	for i, v := range items {
		if v != nil {
			kept = append(kept, v)
			if shown[i] {
				c.Shown = append(c.Shown, v)
			}
		}
	}
	c.Set = content.NewSet(cfg, kept, themes, customers)
	if len(c.itemID) > 0 {
		// Renamed ids sort elsewhere: Shown follows the set's order.
		c.Shown = slices.SortedFunc(slices.Values(c.Shown), content.CompareItems)
	}
	return c
}

// ItemID is the id in Set of the set's item id ("" for "").
func (c *Content) ItemID(id string) string { return lookup(c.itemID, id) }

// ItemKey is the set's id of an item id of Set: the key of its scores and
// groups.
func (c *Content) ItemKey(id string) string { return lookup(c.itemKey, id) }

// ThemeID is the id in Set of the set's theme id.
func (c *Content) ThemeID(id string) string { return lookup(c.themeID, id) }

// ThemeKey is the set's id of a theme id of Set: the key of its scores
// and insights.
func (c *Content) ThemeKey(id string) string { return lookup(c.themeKey, id) }

func lookup(m map[string]string, id string) string {
	if v, ok := m[id]; ok {
		return v
	}
	return id
}

// Words is what the grouping of this build may read of the i-th item of
// the set Make was given: its title and plain text, with customers' names
// cut out in a public build, and false for an item whose words the build
// does not show (emerging clusters are named after their words).
func (c *Content) Words(i int, it *content.Item) (title, text string, tags []string, ok bool) {
	switch {
	case c.Internal:
		return it.Title, it.Text, it.Tags, true
	case c.words == nil:
		return it.Title, it.Text, it.Tags, it.Published(c.Set.Config)
	}
	w := c.words[i]
	return w.title, w.text, w.tags, w.shown
}

// AllCustomers lists the customers whose names a public build replaces:
// those of customers.yaml, then those described in items' front matter.
func AllCustomers(set *content.Set) []*content.Customer {
	out := slices.Clone(set.Customers)
	for _, it := range set.Items {
		if it.Customer != nil && it.Customer.Inline {
			out = append(out, it.Customer)
		}
	}
	return out
}

// Tally counts feedback by what a public build shows of it.
type Tally struct {
	// Items is every piece of feedback.
	Items int
	// Published is the feedback whose words a public build shows.
	Published int
	// Unpublished counts in every aggregate but shows no words: its
	// source is not one publish.sources lists, or it says public: false.
	Unpublished int
	// Private is never shown; it counts in aggregates when
	// publish.private_counts is true.
	Private int
}

// Count tallies a set's items.
func Count(set *content.Set) Tally {
	t := Tally{Items: len(set.Items)}
	for _, it := range set.Items {
		switch {
		case it.Private:
			t.Private++
		case it.Published(set.Config):
			t.Published++
		default:
			t.Unpublished++
		}
	}
	return t
}

// String says the tally in heed's words for counts, as the site says
// them: "101 pieces of feedback, 17 of them not published (5 private)".
func (t Tally) String() string {
	s := Feedback(t.Items)
	if t.Published < t.Items {
		s += ", " + NotPublished(t.Items-t.Published, t.Items, t.Private)
	}
	return s
}

// NotPublished says how much of total pieces of feedback is not
// published, and how much of that is private: "17 of them not published
// (5 private)", "none of them published".
func NotPublished(n, total, private int) string {
	s := strconv.Itoa(n) + " of them not published"
	if n == total {
		s = "none of them published"
	}
	if private > 0 {
		s += " (" + strconv.Itoa(private) + " private)"
	}
	return s
}

// Built says the tally of a build's repository: as String for a public
// build; the team's view shows all of it.
func (t Tally) Built(internal bool) string {
	if internal {
		return Feedback(t.Items) + ", all shown (the team's view)"
	}
	return t.String()
}

// Feedback counts pieces of feedback: "1 piece of feedback", "3 pieces
// of feedback".
func Feedback(n int) string {
	if n == 1 {
		return "1 piece of feedback"
	}
	return strconv.Itoa(n) + " pieces of feedback"
}

// redactor replaces names in the words a public build shows. It is safe
// for concurrent use.
type redactor struct {
	names *Names // nil: names are published (or the build is the team's)
	cfg   *config.Config
	// parsers render bodies again, without and with HTML.
	parsers [2]func() *content.Parser
}

func newRedactor(names *Names, cfg *config.Config) *redactor {
	r := &redactor{names: names, cfg: cfg}
	for i := range r.parsers {
		r.parsers[i] = sync.OnceValue(func() *content.Parser { return content.NewParser(cfg, i == 1) })
	}
	return r
}

// customer is what a build shows of a customer: never its contact, and
// its names only in the team's view or with publish.customers.
func (r *redactor) customer(cu *content.Customer, public bool) *content.Customer {
	v := *cu
	v.Contact = ""
	if public && !r.cfg.Publish.Customers {
		v.Name, v.Aliases = "", nil
	}
	return &v
}

// rename gives the n ids id(i) that name a customer another id, with
// "customer" in place of the name, unique among all of them; it returns
// the new ids by old and the old by new (nil when none changed).
func (r *redactor) rename(n int, id func(i int) string) (keys, ids map[string]string) {
	if r.names == nil {
		return nil, nil
	}
	var ms []Match
	var used map[string]bool
	for i := range n {
		old := id(i)
		if ms = r.names.Find(old, ms[:0]); len(ms) == 0 {
			continue
		}
		if ids == nil {
			keys, ids, used = map[string]string{}, map[string]string{}, make(map[string]bool, n)
			for j := range n {
				used[id(j)] = true
			}
		}
		base := replace(old, ms, func(Match) string { return "customer" })
		v := base
		for k := 2; used[v]; k++ {
			v = base + "-" + strconv.Itoa(k)
		}
		used[v] = true
		ids[old], keys[v] = v, old
	}
	return keys, ids
}

// blank empties an item's words, for an item whose words are not shown.
func blank(v *content.Item) {
	v.Title, v.Body, v.Text, v.HTML = "", "", "", ""
	v.Tags, v.Links = nil, nil
}

// item replaces names in v, a copy of it, and returns what the grouping
// may read of it.
func (r *redactor) item(v, it *content.Item) words {
	var ms []Match
	w := words{title: it.Title, text: it.Text, tags: it.Tags, shown: true}
	if ms = r.names.Find(it.Title, ms); len(ms) > 0 {
		v.Title = replace(it.Title, ms, r.plain(it.Title))
		w.title = replace(it.Title, ms, cut)
	}
	if ms = r.names.Find(it.Text, ms[:0]); len(ms) > 0 {
		w.text = replace(it.Text, ms, cut)
	}
	v.Body, v.Text, v.HTML = r.body(it.Body, it.Text, it.HTML)
	v.Tags = r.words(it.Tags)
	if !slices.Equal(v.Tags, it.Tags) { // grouping reads the tags that name nobody
		w.tags = slices.DeleteFunc(slices.Clone(it.Tags), func(t string) bool { return len(r.names.Find(t, nil)) > 0 })
	}
	v.Links = slices.DeleteFunc(slices.Clone(it.Links), func(l string) bool { return len(r.names.Find(l, nil)) > 0 })
	return w
}

// theme replaces names in v, a copy of a theme.
func (r *redactor) theme(v *content.Theme) {
	if r.names == nil {
		return
	}
	v.Title, v.Summary = r.text(v.Title), r.text(v.Summary)
	v.Body, v.Text, v.HTML = r.body(v.Body, v.Text, v.HTML)
	v.Keywords = r.words(v.Keywords)
}

// body replaces names in a Markdown body and in its plain text and HTML
// rendered by package content, rendering them again from the body when a
// name is replaced there. A name that rendering makes although the body
// did not show it (an entity, emphasis inside a word) is replaced in the
// text, and the HTML becomes that text, escaped.
func (r *redactor) body(body, text, htm string) (string, string, string) {
	ms := r.names.Find(body, nil)
	if len(ms) > 0 {
		body = replace(body, ms, r.markdown(body))
		p := r.parsers[0]
		if htm != "" {
			p = r.parsers[1]
		}
		text, htm = p().Body(body)
	}
	if ms = r.names.Find(text, ms[:0]); len(ms) > 0 {
		text = replace(text, ms, r.plain(text))
		if htm != "" {
			htm = paragraphs(text)
		}
	}
	return body, text, htm
}

// text replaces names in plain text.
func (r *redactor) text(s string) string {
	if ms := r.names.Find(s, nil); len(ms) > 0 {
		return replace(s, ms, r.plain(s))
	}
	return s
}

// words replaces names in a list of words (tags, keywords), sharing the
// list when none names a customer.
func (r *redactor) words(list []string) []string {
	for i, s := range list {
		if t := r.text(s); t != s {
			out := slices.Clone(list)
			out[i] = t
			for j := i + 1; j < len(out); j++ {
				out[j] = r.text(out[j])
			}
			return out
		}
	}
	return list
}

// plain returns the placeholders of matches in plain text s: "[an
// enterprise customer]", or "customer" in an address ("https://customer.example").
func (r *redactor) plain(s string) func(Match) string {
	return func(m Match) string {
		if inAddress(s, m) {
			return "customer"
		}
		return "[" + r.names.Placeholder(m) + "]"
	}
}

// markdown returns the placeholders of matches in Markdown s: as plain's,
// their brackets escaped so that they never make a link.
func (r *redactor) markdown(s string) func(Match) string {
	return func(m Match) string {
		if inAddress(s, m) {
			return "customer"
		}
		return `\[` + r.names.Placeholder(m) + `\]`
	}
}

// inAddress reports whether a match is part of a web or e-mail address
// (in the run of non-space characters around it), where a placeholder
// with spaces would break the address and the link around it.
func inAddress(s string, m Match) bool {
	start := strings.LastIndexFunc(s[:m.Start], unicode.IsSpace) + 1
	end := strings.IndexFunc(s[m.End:], unicode.IsSpace)
	if end < 0 {
		end = len(s)
	} else {
		end += m.End
	}
	token := s[start:end]
	return strings.Contains(token, "://") || strings.Contains(token, "@") || strings.HasPrefix(strings.TrimLeft(token, "(<["), "www.")
}

// cut is what stands for a name in the words grouping reads: nothing.
func cut(Match) string { return " " }

// replace returns s with each match replaced by with(match).
func replace(s string, ms []Match, with func(Match) string) string {
	var b strings.Builder
	b.Grow(len(s) + 16*len(ms))
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m.Start])
		b.WriteString(with(m))
		last = m.End
	}
	b.WriteString(s[last:])
	return b.String()
}

// paragraphs is plain text as HTML: a paragraph per block of lines.
func paragraphs(text string) string {
	var b strings.Builder
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("<p>")
			b.WriteString(html.EscapeString(p))
			b.WriteString("</p>\n")
		}
	}
	return b.String()
}
