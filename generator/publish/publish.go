package publish

import (
	"html"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
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
	// items, themes and of the customers its items name, with the words of
	// items it does not show left empty, names replaced in words it shows,
	// and no contact.
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
// resolved (content.Load). Names are replaced in the items' plain text and
// HTML as the set has them.
func Make(set *content.Set, opts Options) *Content {
	c, _ := makeContent(set, opts, nil, false)
	return c
}

// memo is what makeContent made, for reuse by the next call on the next
// state of the same repository (see Cache).
type memo struct {
	names     *Names
	cfg       *config.Config
	internal  bool
	customers []*content.Customer // the set's, whose copies follow
	copies    []*content.Customer
	copyOf    map[*content.Customer]*content.Customer
	// set is the content made, whose index of customers a next one shares.
	set *content.Set
	// The renamed ids: a copy holds ids of others (its themes, its
	// original), so none is reused when they changed.
	itemID, themeID map[string]string
	// named says of each id met so far whether it names one of names.
	named  map[string]bool
	items  map[*content.Item]madeItem
	themes map[*content.Theme]*content.Theme
}

// madeItem is what makeContent made of one item: nil for an item the
// content leaves out.
type madeItem struct {
	v     *content.Item
	w     words
	shown bool
}

// makeContent is Make, reusing what prev made of the items and themes it
// was given too (the same pointers) when nothing they depend on changed.
func makeContent(set *content.Set, opts Options, prev *memo, remember bool) (*Content, *memo) {
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
	r := &redactor{names: names, cfg: cfg}
	// Whether an id names a customer depends on the id and the names
	// alone: an edit looks up what the last state found instead of
	// searching every id again (60 ms of each save on 100,000 items).
	var named map[string]bool
	switch {
	case !remember || names == nil:
	case prev != nil && prev.names == names && len(prev.named) <= 2*(len(set.Items)+len(set.Themes))+64:
		named = prev.named
	default:
		named = make(map[string]bool, len(set.Items)+len(set.Themes))
	}
	c.themeKey, c.themeID = r.rename(len(set.Themes), func(i int) string { return set.Themes[i].ID }, named)
	c.itemKey, c.itemID = r.rename(len(set.Items), func(i int) string { return set.Items[i].ID }, named)
	if prev != nil && (prev.names != names || prev.cfg != cfg || prev.internal != opts.Internal ||
		!slices.Equal(prev.customers, set.Customers) || !maps.Equal(prev.itemID, c.itemID) || !maps.Equal(prev.themeID, c.themeID)) {
		prev = nil
	}
	m := &memo{names: names, cfg: cfg, internal: opts.Internal, customers: set.Customers, itemID: c.itemID, themeID: c.themeID, named: named}
	// What was made of the items is added to, not made again: an edit
	// changes few. The items of earlier states stay (they are kept from
	// being freed, so their addresses stand for no other item) until they
	// are half of it.
	if prev != nil && len(prev.items) <= 2*len(set.Items)+64 {
		m.items, m.themes = prev.items, prev.themes
	} else {
		m.items, m.themes = make(map[*content.Item]madeItem, len(set.Items)), make(map[*content.Theme]*content.Theme, len(set.Themes))
	}

	// Items point at the registry's customers: the copies of those they
	// name (a registry of 50,000 names many more) are found by pointer,
	// cheaper to hash than an id. A customer an edited item names first
	// has a copy of its own (heed serve).
	if prev != nil {
		m.copies, m.copyOf = prev.copies, prev.copyOf
	} else {
		m.copyOf = map[*content.Customer]*content.Customer{}
		for _, it := range set.Items {
			if cu := it.Customer; cu != nil && !cu.Inline && m.copyOf[cu] == nil {
				m.copyOf[cu] = r.customer(cu, public)
				m.copies = append(m.copies, m.copyOf[cu])
			}
		}
	}
	copyOf := m.copyOf

	themes := make([]*content.Theme, len(set.Themes))
	parallel.For(len(set.Themes), func(i int) {
		th := set.Themes[i]
		if prev != nil && prev.themes[th] != nil {
			themes[i] = prev.themes[th]
			return
		}
		v := *th
		v.Body = ""
		v.ID = c.ThemeID(v.ID)
		r.theme(&v)
		themes[i] = &v
	})
	for i, th := range set.Themes {
		if prev == nil || prev.themes[th] == nil {
			m.themes[th] = themes[i]
		}
	}

	made := make([]madeItem, len(set.Items))
	reused := make([]bool, len(set.Items))
	parallel.For(len(set.Items), func(i int) {
		it := set.Items[i]
		if prev != nil {
			if p, ok := prev.items[it]; ok {
				made[i], reused[i] = p, true
				return
			}
		}
		if public && it.Private && !cfg.Publish.PrivateCounts {
			return
		}
		v := *it
		v.Body = "" // no output shows the Markdown: its text and HTML are what is shown
		v.ID = c.ItemID(it.ID)
		v.DuplicateOf = c.ItemID(it.DuplicateOf)
		if len(c.themeID) > 0 {
			v.Themes = make([]string, len(it.Themes))
			for j, id := range it.Themes {
				v.Themes[j] = c.ThemeID(id)
			}
		}
		if cu := it.Customer; cu != nil {
			if reg := copyOf[cu]; reg != nil {
				v.Customer = reg
			} else { // inline, or unknown to the registry
				v.Customer = r.customer(cu, public)
			}
		}
		mi := madeItem{v: &v, shown: opts.Internal || it.Published(cfg)}
		switch {
		case !mi.shown:
			blank(&v)
		case redact:
			mi.w = r.item(&v, it)
		}
		made[i] = mi
	})
	kept := make([]*content.Item, 0, len(made))
	if redact {
		c.words = make([]words, len(made))
	}
	for i, mi := range made {
		if it := set.Items[i]; prev == nil || !reused[i] {
			m.items[it] = mi
		}
		if mi.v == nil {
			continue
		}
		kept = append(kept, mi.v)
		if mi.shown {
			c.Shown = append(c.Shown, mi.v)
		}
		if redact {
			c.words[i] = mi.w
		}
	}
	if prev != nil {
		c.Set = prev.set.With(kept, themes) // the customers are the same
	} else {
		c.Set = content.NewSet(cfg, kept, themes, m.copies)
	}
	m.set = c.Set
	if len(c.itemID) > 0 {
		// Renamed ids sort elsewhere: Shown follows the set's order.
		c.Shown = slices.SortedFunc(slices.Values(c.Shown), content.CompareItems)
	}
	return c, m
}

// Cache makes what Make and Warnings make for successive states of one
// repository (heed serve), again only for the items and themes that are
// new or edited: an item or theme that is the same value as before (the
// same pointer, as heed serve keeps the files it did not parse again)
// keeps what was made of it, while the names, the configuration, the
// customers and the renamed ids are as before. It is safe for concurrent
// use; calls are serialised.
type Cache struct {
	mu    sync.Mutex
	made  *memo
	warns *warnMemo
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{} }

// Make is Make, reusing what the last call made.
func (c *Cache) Make(set *content.Set, opts Options) *Content {
	c.mu.Lock()
	defer c.mu.Unlock()
	out, m := makeContent(set, opts, c.made, true)
	c.made = m
	return out
}

// Warnings is Warnings, reusing what the last call found.
func (c *Cache) Warnings(set *content.Set, names *Names) diag.List {
	c.mu.Lock()
	defer c.mu.Unlock()
	out, m := warnings(set, names, c.warns)
	c.warns = m
	return out
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

// renamed is what stands for a customer's name in an id.
const renamed = "customer"

// rename gives the n ids id(i) that name a customer another id, with
// "customer" in place of the name, unique among all of them; it returns
// the new ids by old and the old by new (nil when none changed). named,
// when not nil, says of ids met before whether they name a customer, and
// learns the others.
func (r *redactor) rename(n int, id func(i int) string, named map[string]bool) (keys, ids map[string]string) {
	if r.names == nil {
		return nil, nil
	}
	var ms []Match
	var used map[string]bool
	for i := range n {
		old := id(i)
		if is, ok := named[old]; ok && !is {
			continue
		}
		ms = r.names.Find(old, ms[:0])
		if named != nil {
			named[old] = len(ms) > 0
		}
		if len(ms) == 0 {
			continue
		}
		if ids == nil {
			// A new id has "customer" in it, so only the ids that have
			// it can be taken.
			keys, ids, used = map[string]string{}, map[string]string{}, map[string]bool{}
			for j := range n {
				if other := id(j); strings.Contains(other, renamed) {
					used[other] = true
				}
			}
		}
		base := replace(old, ms, func(Match) string { return renamed })
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
	v.Title, v.Text, v.HTML = "", "", ""
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
	var cutText string
	v.Text, v.HTML, cutText = r.body(it.Text, it.HTML)
	if cutText != "" {
		w.text = cutText
	}
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
	v.Text, v.HTML, _ = r.body(v.Text, v.HTML)
	v.Keywords = r.words(v.Keywords)
}

// body replaces names in a body's plain text and HTML, as package content
// rendered them, and returns the text with the names cut out too ("" when
// it names nobody). The HTML keeps its markup: names are replaced in its
// text and in its attributes' values (a link's address). When its text
// shows fewer names than the plain text (a name split by markup, "Orbitra
// <em>Software</em>"), the HTML becomes the plain text, escaped: never a
// name on a page.
func (r *redactor) body(text, htm string) (string, string, string) {
	ms := r.names.Find(text, nil)
	var cutText string
	if len(ms) > 0 {
		cutText = replace(text, ms, cut)
		text = replace(text, ms, r.plain(text))
	}
	if htm == "" {
		return text, htm, cutText
	}
	// The HTML's text is the plain text (character references resolved
	// alike): when that names nobody, only attributes can.
	htm, found := r.html(htm, len(ms) > 0)
	if found < len(ms) {
		htm = paragraphs(text)
	}
	return text, htm, cutText
}

// html replaces names in the attribute values of HTML as goldmark writes it
// (attribute values in double quotes, no comments, raw HTML escaped) and,
// withText, in its text; it returns how many names its text (not counting
// attributes) showed.
func (r *redactor) html(h string, withText bool) (string, int) {
	if !withText && !strings.Contains(h, `="`) {
		return h, 0
	}
	var b strings.Builder
	last, found := 0, 0
	var ms []Match
	// segment replaces the names in h[start:end], text or an attribute's
	// value.
	segment := func(start, end int, attr bool) {
		seg := h[start:end]
		if ms = r.names.Find(seg, ms[:0]); len(ms) == 0 {
			return
		}
		if !attr {
			found += len(ms)
		}
		if b.Len() == 0 {
			b.Grow(len(h) + 32*len(ms))
		}
		b.WriteString(h[last:start])
		b.WriteString(replace(seg, ms, r.plain(seg)))
		last = end
	}
	for i := 0; i < len(h); {
		lt := strings.IndexByte(h[i:], '<')
		if lt < 0 {
			if withText {
				segment(i, len(h), false)
			}
			break
		}
		if withText {
			segment(i, i+lt, false)
		}
		tag := i + lt
		gt := strings.IndexByte(h[tag:], '>')
		if gt < 0 {
			gt = len(h) - tag - 1
		}
		end := tag + gt
		for p := tag; ; {
			q := strings.Index(h[p:end], `="`)
			if q < 0 {
				break
			}
			vs := p + q + 2
			ve := strings.IndexByte(h[vs:end], '"')
			if ve < 0 {
				break
			}
			segment(vs, vs+ve, true)
			p = vs + ve + 1
		}
		i = end + 1
	}
	if last == 0 {
		return h, found
	}
	b.WriteString(h[last:])
	return b.String(), found
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
