package render

import (
	"cmp"
	"html/template"
	"slices"
	"strings"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/internal/parallel"
)

// build makes the views every page shares.
func (b *builder) build() {
	set, cfg := b.in.Set, b.cfg
	b.site = &siteView{
		Title:       cfg.Title,
		Description: cfg.Description,
		Language:    cmp.Or(cfg.Language, "en"),
		Now:         b.opts.Now,
		Internal:    b.opts.Internal,
		ItemPages:   cfg.Publish.Items || b.opts.Internal,
		TellUs:      b.tellUs(nil),
	}
	for _, n := range []navLink{
		{"Overview", "", "overview"}, {"Roadmap", "roadmap/", "roadmap"}, {"Themes", "themes/", "themes"},
		{"Feedback", "feedback/", "feedback"}, {"Insights", "insights/", "insights"},
		{"Changelog", "changelog/", "changelog"}, {"Search", "search/", "search"},
	} {
		n.URL = b.urls.link(n.URL)
		b.site.Nav = append(b.site.Nav, n)
	}

	b.themeByID = map[string]*themeView{}
	for _, th := range set.Themes {
		t := &themeView{
			ID: th.ID, Title: th.Title, Summary: th.Summary, Status: th.Status, Kind: themeKind(cfg, th.Status),
			Horizon: set.Horizon(th), Target: th.Target, Shipped: th.Shipped, Owner: th.Owner,
			HTML:      template.HTML(th.HTML), // rendered safely by content (raw HTML escaped, dangerous links dropped)
			Score:     b.scoreOf(th.ID),
			Volume:    b.in.Insights.Themes[th.ID].Volume,
			path:      "themes/" + th.ID + "/",
			themeText: th.Text + " " + strings.Join(th.Keywords, " "),
		}
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
		b.themes = append(b.themes, t)
		b.themeByID[t.ID] = t
	}
	rankThemes(b.themes)

	var published []*content.Item
	for _, it := range set.Items {
		if b.published(it) {
			published = append(published, it)
		}
	}
	b.items = make([]*itemView, len(published))
	parallel.For(len(published), func(i int) { b.items[i] = b.itemView(published[i]) })
	b.itemByID = make(map[string]*itemView, len(b.items))
	for _, v := range b.items {
		b.itemByID[v.ID] = v
	}
	// Ids are unique: the order is total, no need for a stable sort.
	slices.SortFunc(b.items, func(a, c *itemView) int {
		return cmp.Or(c.Date.Compare(a.Date), cmp.Compare(a.ID, c.ID))
	})
	for _, it := range set.Items {
		if v := b.itemByID[it.ID]; v != nil && it.DuplicateOf != "" {
			v.DuplicateOf = b.itemByID[it.DuplicateOf]
		}
	}

	// Evidence: a theme's own published items, duplicates left out.
	for _, it := range set.Items {
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
		t.Mix = mixes[t.ID]
		t.Chart = b.themeChart(t)
	}

	b.base = page{
		Site:      b.site,
		Roadmap:   b.roadmap(),
		Themes:    b.themes,
		Items:     b.items,
		Changelog: b.changelog(),
		Insights:  b.insightsView(),
		Filters:   b.filters(),
	}
	b.base.Recent = b.recent()
	b.site.Counts = b.counts()
}

// themeHistory fills a theme's status timeline from git history, and its
// shipped date when the theme gives none: the last change to a done status.
func (b *builder) themeHistory(t *themeView, th *content.Theme) {
	f := b.fileHistory(th.Path)
	if f == nil {
		return
	}
	for _, c := range f.Statuses {
		cv := changeView{Status: c.Status, Kind: themeKind(b.cfg, c.Status), Date: c.Date, Commit: c.Commit}
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
	status := b.in.Set.ItemStatus(it)
	v := &itemView{
		ID: it.ID, Title: it.Title, Date: it.Date, Source: it.Source, Type: it.Type,
		Status: status, Kind: itemKind(cfg, status),
		HTML:    template.HTML(it.HTML), // rendered safely by content
		Excerpt: excerpt(it.Text, 320),
		Tags:    it.Tags, NPS: it.NPS, CSAT: it.CSAT, CES: it.CES, Mentions: it.Mentions,
		Duplicate: b.isDuplicate(it),
		Anchor:    "item-" + it.ID,
		text:      it.Text,
		path:      "feedback/" + it.ID + "/",
	}
	v.Weight, v.Sentiment = b.itemScore(it)
	if f := b.fileHistory(it.Path); f != nil {
		v.Added = f.Created
		if b.showAuthors() {
			v.AddedBy = f.Authors
		}
	}
	if b.site.ItemPages {
		v.URL = b.urls.link(v.path)
	} else {
		v.URL = b.urls.link("feedback/") + "#" + v.Anchor
	}
	for _, id := range it.Themes {
		if t := b.themeByID[id]; t != nil {
			v.Themes = append(v.Themes, t)
			v.ThemeIDs = append(v.ThemeIDs, id)
		}
	}
	if c := it.Customer; c != nil {
		cv := &customerView{Segment: c.Segment, Plan: c.Plan, Region: c.Region}
		if b.opts.Internal || cfg.Publish.Customers {
			cv.Name = cmp.Or(c.Name, c.ID)
		}
		v.Customer = cv
		v.Segment = c.Segment
	}
	for _, l := range it.Links {
		if s := safeLink(l); s != "" {
			v.Links = append(v.Links, s)
		}
	}
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

func (b *builder) changelog() []*monthView {
	var out []*monthView
	for _, t := range b.shipped() {
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
	c := counts{Themes: len(b.themes)}
	customers := map[string]bool{}
	for _, it := range b.in.Set.Items {
		if !b.counted(it) {
			continue
		}
		c.Items++
		if it.Customer != nil && it.Customer.ID != "" {
			customers[it.Customer.ID] = true
		}
	}
	c.Customers = len(customers)
	for _, t := range b.themes {
		if t.Kind == config.KindDone {
			c.Shipped++
		}
	}
	return c
}

// filters offers, for each facet, the values that published items have:
// vocabulary order where there is one, else alphabetical.
func (b *builder) filters() []filterView {
	have := map[string]map[string]bool{"theme": {}, "type": {}, "source": {}, "status": {}, "segment": {}}
	for _, it := range b.items {
		for _, id := range it.ThemeIDs {
			have["theme"][id] = true
		}
		have["type"][it.Type] = true
		have["source"][it.Source] = true
		have["status"][it.Status] = true
		if it.Segment != "" {
			have["segment"][it.Segment] = true
		}
	}
	ordered := func(vocab []string, present map[string]bool) []optionView {
		var out []optionView
		for _, v := range vocab {
			if present[v] {
				out = append(out, optionView{v, v})
				delete(present, v)
			}
		}
		var rest []string
		for v := range present {
			rest = append(rest, v)
		}
		slices.Sort(rest)
		for _, v := range rest {
			out = append(out, optionView{v, v})
		}
		return out
	}
	var themes []optionView
	byTitle := slices.Clone(b.themes)
	slices.SortStableFunc(byTitle, func(a, c *themeView) int { return cmp.Or(cmp.Compare(a.Title, c.Title), cmp.Compare(a.ID, c.ID)) })
	for _, t := range byTitle {
		if have["theme"][t.ID] {
			themes = append(themes, optionView{t.ID, t.Title})
		}
	}
	return []filterView{
		{"theme", "Theme", themes},
		{"type", "Type", ordered(b.cfg.Types, have["type"])},
		{"source", "Source", ordered(b.cfg.Sources, have["source"])},
		{"status", "Status", ordered(config.Names(b.cfg.ItemStatuses), have["status"])},
		{"segment", "Segment", ordered(nil, have["segment"])},
	}
}
