package render

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"sync"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/internal/parallel"
	"github.com/heedhq/heed/generator/publish"
)

// sameOrder reports whether two lists of published items have the same
// ids and dates, one by one: what the list's order is made of.
func sameOrder(a, b []*content.Item) bool {
	return slices.EqualFunc(a, b, func(x, y *content.Item) bool { return x.ID == y.ID && x.Date.Equal(y.Date) })
}

// build makes the views every page can show: the site, with its counts,
// and the themes, ranked. Item views are made on demand (view), and the
// lists of the site (items by date, evidence, roadmap, changelog, insights,
// filters, and the themes' volumes) by all, for the pages whose templates
// can read them.
// prev, when not nil, is the builder of the previous plan of the same
// site, whose order of the items it keeps when they are the same.
func (b *builder) build(prev *builder) {
	set, cfg := b.set, b.cfg
	b.site = &siteView{
		Title:       cfg.Title,
		Description: cfg.Description,
		Language:    cmp.Or(cfg.Language, "en"),
		Now:         b.opts.Now,
		Internal:    b.opts.Internal,
		ItemPages:   cfg.Publish.Items || b.opts.Internal,
		TellUs:      b.tellUs(nil),
		Scores:      cfg.Publish.Scores || b.opts.Internal,
		Revenue:     cfg.Publish.Revenue || b.opts.Internal,
	}
	for _, n := range []navLink{
		{"Overview", "", "overview"}, {"Roadmap", "roadmap/", "roadmap"}, {"Themes", "themes/", "themes"},
		{"Feedback", "feedback/", "feedback"}, {"Insights", "insights/", "insights"},
		{"Changelog", "changelog/", "changelog"}, {"Search", "search/", "search"},
	} {
		n.URL = b.urls.link(n.URL)
		b.site.Nav = append(b.site.Nav, n)
	}
	b.twins.fill(b.site)

	b.themeByID = map[string]*themeView{}
	for _, th := range set.Themes {
		t := &themeView{
			ID: th.ID, Title: th.Title, Summary: th.Summary, Status: th.Status, Kind: themeKind(cfg, th.Status), StatusLabel: statusTitle(th.Status),
			Horizon: set.Horizon(th), Target: th.Target, Shipped: th.Shipped, Owner: th.Owner,
			HTML:     template.HTML(th.HTML), // rendered safely by content (raw HTML escaped, dangerous links dropped)
			path:     "themes/" + th.ID + "/",
			text:     th.Text,
			keywords: strings.Join(th.Keywords, " "),
		}
		t.Score, t.priority = b.scoreOf(th.ID)
		if o, ok := cfg.Objective(th.Objective); ok {
			t.Objective = o.Title
		} else {
			t.Objective = th.Objective
		}
		t.URL = b.urls.link(t.path)
		t.FeedURL = b.urls.link(t.path + "index.xml")
		t.BadgeURL = b.urls.link(t.path + "badge.svg")
		t.TellUs = b.tellUs(th)
		b.themeHistory(t, th)
		b.twins.fill(t)
		b.themes = append(b.themes, t)
		b.themeByID[t.ID] = t
	}
	rankThemes(b.themes)
	if b.wantLink && !b.linkNeedsAll {
		b.links()
	}

	b.pub = b.in.Content.Shown
	if prev != nil && sameOrder(prev.pub, b.pub) {
		// The same items in the same order (an edit of an item's words):
		// what follows is the previous plan's, never changed once made
		// (sorting 100,000 items took 70 ms of every save in heed serve).
		b.pubIndex, b.order, b.position = prev.pubIndex, prev.order, prev.position
	} else {
		b.pubIndex = make(map[string]int, len(b.pub))
		for i, it := range b.pub {
			b.pubIndex[it.ID] = i
		}
		// The feedback list's order, newest first, known before the views
		// are made: an item without a page of its own links to its entry
		// on the list's page that holds it. Ids are unique: the order is
		// total.
		b.order = make([]int, len(b.pub))
		for i := range b.order {
			b.order[i] = i
		}
		slices.SortFunc(b.order, func(i, j int) int {
			x, y := b.pub[i], b.pub[j]
			return cmp.Or(y.Date.Compare(x.Date), cmp.Compare(x.ID, y.ID))
		})
		b.position = make([]int, len(b.pub))
		for k, i := range b.order {
			b.position[i] = k
		}
	}
	b.views = make([]*itemView, len(b.pub))
	b.viewOnce = make([]sync.Once, len(b.pub))
	b.metaOnce = make([]sync.Once, len(b.pub))
	b.site.Counts = b.counts()
	b.core = page{Site: b.site, Themes: b.themes}
}

// made returns the view of the i-th published item, made once, without
// its DuplicateOf.
func (b *builder) made(i int) *itemView {
	b.viewOnce[i].Do(func() { b.views[i] = b.itemView(b.pub[i]) })
	return b.views[i]
}

// view returns the view of the i-th published item, complete.
func (b *builder) view(i int) *itemView {
	v := b.made(i)
	if b.pub[i].DuplicateOf != "" || b.wantMeta {
		b.linkOnce.Do(b.linkDuplicates)
	}
	if b.wantMeta {
		if b.metaNeedsAll {
			b.all()
		}
		b.meta(i)
	}
	return v
}

// meta renders the Meta of the i-th published item, once; its view must be
// linked, and made by all when the item-meta partial needs that.
func (b *builder) meta(i int) {
	b.metaOnce[i].Do(func() {
		v := b.views[i]
		v.Meta, v.err = b.fragmentFast(partItemMeta, v)
	})
}

// linkDuplicates points the view of every published duplicate at the view
// of the published item it duplicates.
func (b *builder) linkDuplicates() {
	for i, it := range b.pub {
		if it.DuplicateOf == "" {
			continue
		}
		if j, ok := b.pubIndex[it.DuplicateOf]; ok {
			b.made(i).DuplicateOf = b.made(j)
		}
	}
}

// all makes, once, every item view and the lists of the site: items newest
// first, each theme's volume, evidence, mix and chart, and the page data
// built on them (roadmap, changelog, insights, filters, recent).
func (b *builder) all() {
	b.allOnce.Do(func() {
		b.insights()
		b.groups()
		for _, t := range b.themes {
			bk := b.ins.Themes[b.in.Content.ThemeKey(t.ID)]
			t.Volume = bk.Volume
			t.Counts = themeCounts{Items: bk.Items, Mentions: bk.Volume, Customers: t.Score.Customers}
		}
		parallel.For(len(b.pub), func(i int) { b.made(i) })
		b.linkOnce.Do(b.linkDuplicates)
		b.items = make([]*itemView, len(b.views))
		b.itemByID = make(map[string]*itemView, len(b.items))
		for k, i := range b.order {
			b.items[k] = b.views[i]
			b.itemByID[b.views[i].ID] = b.views[i]
		}

		// Evidence: a theme's own published items, duplicates left out.
		for _, it := range b.set.Items {
			v := b.itemByID[it.ID]
			if v == nil || v.Duplicate {
				continue
			}
			for _, id := range it.Themes {
				if t := b.themeByID[id]; t != nil {
					t.Evidence = append(t.Evidence, v)
				}
			}
		}
		mixes := b.themeMixes()
		for _, t := range b.themes {
			slices.SortStableFunc(t.Evidence, func(a, c *itemView) int {
				return cmp.Or(cmp.Compare(c.Weight, a.Weight), c.Date.Compare(a.Date), cmp.Compare(a.ID, c.ID))
			})
			t.Highlights = t.Evidence[:min(len(t.Evidence), highlights)]
			t.Counts.Shown = len(t.Evidence)
			t.Mix = mixes[t.ID]
			t.Chart = b.themeChart(t)
		}

		b.base = b.core
		b.base.Roadmap = b.roadmap()
		b.base.Items = b.items
		b.base.Changelog = b.changelog()
		b.base.Insights = b.insightsView()
		b.base.Filters = b.facets().views
		b.base.Recent = b.recent()

		if b.wantLink && b.linkNeedsAll {
			b.links()
			b.allErr = b.linkErr
		}
		if b.wantMeta {
			if b.metaNeedsAll {
				// The partial may read other items' Meta: one order.
				for i := range b.pub {
					b.meta(i)
				}
			} else {
				parallel.For(len(b.pub), b.meta)
			}
			for _, v := range b.views {
				if v.err != nil {
					b.allErr = cmp.Or(b.allErr, v.err)
					break
				}
			}
		}
	})
}

// evidenceCounts counts, by theme id, the evidence all lists: a theme's
// published items, duplicates left out (known before all makes the lists,
// to list the pages of a theme's quotes).
func (b *builder) evidenceCounts() map[string]int {
	n := make(map[string]int, len(b.themes))
	for _, it := range b.pub {
		if b.isDuplicate(it) {
			continue
		}
		for _, id := range it.Themes {
			if b.themeByID[id] != nil {
				n[id]++
			}
		}
	}
	return n
}

// highlights is how many of a theme's items the changelog lists.
const highlights = 10

// links renders the Link of every theme, in rank order (the partial may
// read other themes' links).
func (b *builder) links() {
	for _, t := range b.themes {
		var err error
		t.Link, err = b.fragment(partThemeLink, t)
		b.linkErr = cmp.Or(b.linkErr, err)
	}
}

// themeHistory fills a theme's status timeline from git history, and its
// shipped date when the theme gives none: the last change to a done status.
func (b *builder) themeHistory(t *themeView, th *content.Theme) {
	f := b.fileHistory(th.Path)
	if f == nil {
		return
	}
	t.updated = f.Updated
	for _, c := range f.Statuses {
		cv := changeView{Status: c.Status, Kind: themeKind(b.cfg, c.Status), StatusLabel: statusTitle(c.Status), Date: c.Date, Commit: c.Commit}
		if b.cfg.CommitURL != "" && c.Commit != "" {
			cv.CommitURL = safeLink(strings.ReplaceAll(b.cfg.CommitURL, "{commit}", c.Commit))
		}
		if b.showAuthors() {
			cv.Author = c.Author
		}
		t.History = append(t.History, cv)
	}
	if t.Shipped.IsZero() && t.Kind == config.KindDone {
		for _, c := range t.History {
			if c.Kind == config.KindDone && c.Status != "" {
				t.Shipped = c.Date
			}
		}
	}
}

func (b *builder) itemView(it *content.Item) *itemView {
	cfg := b.cfg
	status := b.set.ItemStatus(it)
	v := &itemView{
		ID: it.ID, Title: it.Title, Date: it.Date, Source: it.Source, Type: it.Type,
		Status: status, Kind: itemKind(cfg, status), StatusLabel: statusTitle(status),
		HTML:    template.HTML(it.HTML), // rendered safely by content
		Excerpt: excerpt(it.Text, 320),
		Tags:    it.Tags, NPS: it.NPS, CSAT: it.CSAT, CES: it.CES, Mentions: it.Mentions,
		Duplicate: b.isDuplicate(it),
		Anchor:    "item-" + it.ID,
		text:      it.Text,
		path:      itemPath(it),
		scoreOnly: it.ScoreOnly,
	}
	v.Weight, v.Sentiment = b.itemScore(it)
	if f := b.fileHistory(it.Path); f != nil {
		v.Added, v.updated = f.Created, f.Updated
		if b.showAuthors() {
			v.AddedBy = f.Authors
		}
	}
	if b.site.ItemPages {
		v.rel = v.path
	} else {
		v.rel = pagePath("feedback/", b.position[b.pubIndex[it.ID]]/b.pageSize()+1) + "#" + v.Anchor
	}
	v.URL = b.urls.link(v.rel)
	for _, id := range it.Themes {
		if t := b.themeByID[id]; t != nil {
			v.Themes = append(v.Themes, t)
			v.ThemeIDs = append(v.ThemeIDs, id)
		}
	}
	if c := it.Customer; c != nil {
		cv := &customerView{Segment: c.Segment, Plan: c.Plan, Region: regionName(c.Region)}
		if b.opts.Internal || cfg.Publish.Customers {
			cv.Name = cmp.Or(c.Name, c.ID)
		}
		b.twins.fill(cv)
		v.Customer = cv
		v.Segment = c.Segment
	}
	for _, l := range it.Links {
		if s := safeLink(l); s != "" {
			v.Links = append(v.Links, s)
		}
	}
	b.twins.fill(v)
	return v
}

func (b *builder) roadmap() *roadmapView {
	r := &roadmapView{}
	for _, t := range b.themes {
		switch t.Horizon {
		case "now":
			r.Now = append(r.Now, t)
		case "next":
			r.Next = append(r.Next, t)
		case "later":
			r.Later = append(r.Later, t)
		}
	}
	r.Columns = []columnView{{"now", "Now", r.Now}, {"next", "Next", r.Next}, {"later", "Later", r.Later}}
	for _, st := range b.cfg.ThemeStatuses {
		col := columnView{Name: st.Name, Title: statusTitle(st.Name)}
		for _, t := range b.themes {
			if t.Status == st.Name {
				col.Themes = append(col.Themes, t)
			}
		}
		if len(col.Themes) > 0 {
			r.Statuses = append(r.Statuses, col)
		}
	}
	return r
}

// regionName spells out the usual region codes of a CRM export ("na",
// "emea"); any other region is shown as written.
func regionName(r string) string {
	switch strings.ToLower(strings.TrimSpace(r)) {
	case "na", "amer", "noram":
		return "North America"
	case "latam":
		return "Latin America"
	case "emea":
		return "Europe, Middle East and Africa"
	case "eu":
		return "Europe"
	case "apac", "apj":
		return "Asia-Pacific"
	case "anz":
		return "Australia and New Zealand"
	case "mea":
		return "Middle East and Africa"
	}
	return r
}

// statusTitle turns a status word into a heading: "in-progress" -> "In progress".
func statusTitle(s string) string {
	s = strings.ReplaceAll(s, "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// shipped lists done themes, most recently shipped first (undated ones
// last, by rank).
func (b *builder) shipped() []*themeView {
	var out []*themeView
	for _, t := range b.themes {
		if t.Kind == config.KindDone {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, c *themeView) int {
		return cmp.Or(c.Shipped.Compare(a.Shipped), cmp.Compare(a.Rank, c.Rank))
	})
	return out
}

func (b *builder) recent() []*themeView {
	s := b.shipped()
	return s[:min(len(s), 5)]
}

func (b *builder) changelog() []*monthView { return months(b.shipped()) }

// months groups shipped themes, in order, by the month they shipped.
func months(shipped []*themeView) []*monthView {
	var out []*monthView
	for _, t := range shipped {
		key, label := "undated", "Earlier"
		if !t.Shipped.IsZero() {
			key, label = t.Shipped.UTC().Format("2006-01"), t.Shipped.UTC().Format("January 2006")
		}
		if len(out) == 0 || out[len(out)-1].Key != key {
			out = append(out, &monthView{Key: key, Label: label})
		}
		m := out[len(out)-1]
		m.Themes = append(m.Themes, t)
	}
	return out
}

func (b *builder) counts() counts {
	c := counts{Themes: len(b.themes), Items: len(b.set.Items), Shown: len(b.pub)}
	c.NotShown = c.Items - c.Shown
	customers := map[string]bool{}
	for _, it := range b.set.Items {
		if it.Private {
			c.Private++
		}
		if it.Customer != nil && it.Customer.ID != "" {
			customers[it.Customer.ID] = true
		}
	}
	if !b.opts.Internal && !b.cfg.Publish.PrivateCounts {
		c.Uncounted = b.in.Content.Tally.Private
	}
	c.Customers = len(customers)
	for _, t := range b.themes {
		if t.Kind == config.KindDone {
			c.Shipped++
		}
	}
	c.Note = c.note(b.opts.Internal)
	return c
}

// note says what a count of all feedback includes, when the site does
// not show it all: "40 of them not published (5 private)", "5 of them
// private" (the team's view), "5 private ones not counted".
func (c counts) note(internal bool) string {
	var parts []string
	switch {
	case internal && c.Private > 0:
		parts = append(parts, fmt.Sprintf("%d of them private", c.Private))
	case c.NotShown > 0:
		parts = append(parts, publish.NotPublished(c.NotShown, c.Items, c.Private))
	}
	if c.Uncounted > 0 {
		parts = append(parts, fmt.Sprintf("%d private not counted", c.Uncounted))
	}
	return strings.Join(parts, "; ")
}

// itemPath is the folder of an item's page.
func itemPath(it *content.Item) string { return "feedback/" + it.ID + "/" }
