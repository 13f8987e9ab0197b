package render

import (
	"html/template"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fastCases are the item views of the fixture repository, internal (names,
// every source) and public, and views with every value a writer must
// escape, leave out or hand back to the template.
func fastCases(t testing.TB) (*layout, []*itemView) {
	t.Helper()
	var views []*itemView
	var lay *layout
	for _, internal := range []bool{false, true} {
		opts := Options{Now: fixtureNow, Internal: internal}
		p := Prepare(staged(inputOf(t, repoFiles(t, "testdata/repo")), opts), opts)
		if p.ds.Fails(false) {
			t.Fatal(p.ds)
		}
		p.b.all()
		views = append(views, p.b.items...)
		lay = p.lay
	}
	if len(views) < 10 {
		t.Fatalf("the fixture has %d item views", len(views))
	}
	link := &themeView{Link: template.HTML(`<a href="/t/">T &amp; U</a>`), StatusLabel: "In <progress>"}
	odd := []string{"", "plain", `<b>"quoted" & 'single' + plus</b>`, "\x00nul", "tab\there", "ünïcödé ✓", "\xff\xfe invalid"}
	day := time.Date(2026, 3, 4, 23, 30, 0, 0, time.FixedZone("x", -3*3600))
	for i, s := range odd {
		n := i - 3
		v := &itemView{
			Title: s, Anchor: s, Kind: s, StatusLabel: s, Sentiment: s, Excerpt: s,
			Meta: template.HTML("<span>" + s + "</span>"),
			HTML: template.HTML("<h1>Head " + escapeHTML(s) + "</h1><p>x</p>"),
			Date: day, Added: day.AddDate(0, 0, i%3), AddedBy: []string{s, "Ann"}[:i%3],
			Tags: []string{s, "t"}[:i%3], NPS: &n,
			Type: s, Source: s + "x", Mentions: i,
		}
		switch i % 4 {
		case 0:
			v.URL = "/feedback/x-" + strings.Repeat("y", i) + "/"
			v.Customer = &customerView{Plan: s, Region: "EU", Name: s + "Co", Segment: s}
			v.Links = []string{"https://example.org/a?b=c&d=e+f#g", "http://x.test/!$*,;:@[]~"}
		case 1:
			v.URL = "/feedback/?theme=a&b=" + s // not a plain link: the template prints it
			v.CSAT, v.CES = &n, &n
			v.Links = []string{"https://example.org/it's (here)"}
		case 2:
			v.URL = "javascript:alert(1)"
			v.Customer = &customerView{}
			v.DuplicateOf = &itemView{Title: s, URL: "/feedback/first/"}
		case 3:
			v.DuplicateOf = &itemView{Title: s, URL: "/feedback/q?x=" + s}
			v.Links = []string{"https://example.org/%41"}
		}
		if i%2 == 0 {
			v.Themes = []*themeView{link, link}
		}
		views = append(views, v)
	}
	// Every ASCII byte in a link, one at a time.
	for c := byte(0); c < 128; c++ {
		views = append(views, &itemView{Title: "link", Links: []string{"https://example.org/a" + string([]byte{c}) + "b"}})
	}
	// The escaped twins that the templates print, as the build fills them.
	for _, v := range views {
		if v.Escaped == nil {
			lay.twins.fill(v)
			if v.Customer != nil {
				lay.twins.fill(v.Customer)
			}
		}
	}
	return lay, views
}

// fastDot is the dot a fast partial gets for an item view: the item
// itself, or its page.
func fastDot(name string, v *itemView) any {
	if fastPartials[name].page != "" {
		return &page{Item: v}
	}
	return v
}

// slowly runs what a fast partial writes as its template.
func slowly(lay *layout, name string, dot any) (template.HTML, error) {
	if page := fastPartials[name].page; page != "" {
		out, err := run(lay.mains[page], "main", dot)
		return template.HTML(out), err
	}
	return lay.fragment(name, dot)
}

// TestFastPartials: each fast partial writes what its template prints, for
// every item view of the fixtures and for values that need escaping, and
// hands back to the template the links html/template would change.
func TestFastPartials(t *testing.T) {
	lay, views := fastCases(t)
	for _, name := range slices.Sorted(maps.Keys(fastPartials)) {
		written, handed := 0, 0
		for i, v := range views {
			dot := fastDot(name, v)
			want, err := slowly(lay, name, dot)
			if err != nil {
				t.Fatalf("%s of view %d: %v", name, i, err)
			}
			got, ok := fastPartials[name].write(nil, dot, lay.urls)
			if !ok {
				handed++
				if fastPartials[name].page == "" && (plainLink(v.URL) || v.URL == "") {
					t.Errorf("%s of view %d (URL %q): handed back a plain link", name, i, v.URL)
				}
			} else {
				written++
				if string(got) != string(want) {
					t.Errorf("%s of view %d differs from its template:\n%s", name, i, firstDiff([]byte(want), got))
				}
			}
			// What pages print, through whichever way.
			if all, err := lay.partial(name, dot); err != nil || all != want {
				t.Errorf("%s of view %d through layout.partial: %v\n%s", name, i, err, firstDiff([]byte(want), []byte(all)))
			}
		}
		// item-meta prints no link: it writes every view.
		if written == 0 || handed == 0 && name != partItemMeta {
			t.Errorf("%s: %d views written, %d handed back: the cases miss one way", name, written, handed)
		}
		for _, dot := range []any{nil, (*itemView)(nil), (*page)(nil), "an item?", &themeView{}} {
			if _, ok := fastPartials[name].write(nil, dot, lay.urls); ok {
				t.Errorf("%s wrote a %T", name, dot)
			}
		}
	}
}

// TestFastPartialsOnlyDefaults: the page templates call a fast partial
// through Go code, and item pages, pages of the feedback list and theme
// pages are written by it, only when the repository defines neither the
// template nor one it calls, in any file; otherwise the repository's
// template runs.
func TestFastPartialsOnlyDefaults(t *testing.T) {
	files := repoFiles(t, "testdata/repo")
	item := "feedback/2026-08-03-export-times-out/index.html"
	for _, c := range []struct {
		name  string
		extra map[string]string
		want  map[string]string // path: what it holds
		// Whether the feedback list's rows and a theme's quotes are
		// written by Go code.
		fastRow, fastQuote bool
		// The page templates whose pages the templates render.
		slow []string
	}{
		{"defaults", nil, nil, true, true, nil},
		{"item-row overridden", map[string]string{"templates/partials/item-row.html": `{{define "item-row"}}<li class="mine">{{.Title}}</li>{{end}}`},
			map[string]string{"feedback/index.html": `<li class="mine">`}, false, true, []string{tmplFeedback}},
		// quote does not call status: its writer stays.
		{"status redefined in another file", map[string]string{"templates/partials/zz-mine.html": `{{define "status"}}<em>{{.StatusLabel}}</em>{{end}}`},
			map[string]string{"feedback/index.html": `<p class="item-meta"><em>`, "themes/export/index.html": `<p class="theme-meta"><em>`, item: `<p class="item-meta"><em>`},
			false, true, []string{tmplItem, tmplFeedback, tmplTheme}},
		{"base.html overridden", map[string]string{"templates/base.html": strings.Replace(embedded(t, "base.html"), "<body>", `<body class="mine">`, 1)},
			map[string]string{item: `<body class="mine">`, "feedback/index.html": `<body class="mine">`, "themes/export/index.html": `<body class="mine">`},
			true, true, []string{tmplItem, tmplFeedback, tmplTheme}},
		{"item.html overridden", map[string]string{"templates/item.html": strings.Replace(embedded(t, "item.html"), `<article class="item">`, `<article class="mine">`, 1)},
			map[string]string{item: `<article class="mine">`}, true, true, []string{tmplItem}},
		{"quote overridden", map[string]string{"templates/partials/quote.html": `{{define "quote"}}<q>{{.Title}}</q>{{end}}`},
			map[string]string{"themes/export/index.html": `<q>`}, true, false, []string{tmplTheme}},
		{"feedback.html overridden", map[string]string{"templates/feedback.html": strings.Replace(embedded(t, "feedback.html"), "<h1>Feedback</h1>", `<h1 class="mine">Feedback</h1>`, 1)},
			map[string]string{"feedback/index.html": `<h1 class="mine">`}, true, true, []string{tmplFeedback}},
		{"theme.html overridden", map[string]string{"templates/theme.html": strings.Replace(embedded(t, "theme.html"), `<div class="quotes">`, `<div class="mine">`, 1)},
			map[string]string{"themes/export/index.html": `<div class="mine">`}, true, true, []string{tmplTheme}},
		{"pager overridden", map[string]string{"heed.yaml": files["heed.yaml"] + "pagination:\n  page_size: 1\n",
			"templates/partials/pager.html": `{{define "pager"}}{{with .}}<p class="mine">{{.Number}}</p>{{end}}{{end}}`},
			map[string]string{"feedback/page/2/index.html": `<p class="mine">2</p>`, "themes/export/page/2/index.html": `<p class="mine">2</p>`},
			true, true, []string{tmplFeedback, tmplTheme}},
		{"chart overridden", map[string]string{"templates/partials/chart.html": `{{define "chart"}}<p class="mine">{{.Title}}</p>{{end}}`},
			map[string]string{"themes/export/index.html": `<p class="mine">`}, true, true, []string{tmplTheme}},
		{"tell-us overridden", map[string]string{"templates/partials/tell-us.html": `{{define "tell-us"}}<p class="mine">{{.}}</p>{{end}}`},
			map[string]string{"themes/export/index.html": `<p class="mine">`}, true, true, []string{tmplTheme}},
		// The filter form is made once, by the repository's partial, and
		// printed by Go code.
		{"filters overridden", map[string]string{"templates/partials/filters.html": `{{define "filters"}}<form class="mine"></form>{{end}}`},
			map[string]string{"feedback/index.html": `<form class="mine"></form>`}, true, true, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			withExtra := maps.Clone(files)
			maps.Copy(withExtra, c.extra)
			opts := Options{Now: fixtureNow}
			p := Prepare(staged(inputOf(t, withExtra), opts), opts)
			site := p.Render(nil, nil)
			if site.Diagnostics.Fails(false) {
				t.Fatal(site.Diagnostics)
			}
			for path, want := range c.want {
				if !strings.Contains(string(site.Files[path]), want) {
					t.Errorf("%s lacks %q", path, want)
				}
			}
			for _, w := range []struct {
				page, partial string
				fast          bool
			}{{tmplFeedback, "item-row", c.fastRow}, {tmplTheme, "quote", c.fastQuote}} {
				main := p.lay.pages[w.page].Lookup("main").Tree.Root.String()
				if fast := strings.Contains(main, fastFunc+` "`+w.partial+`"`); fast != w.fast {
					t.Errorf("%s calls %s through Go code: %v, want %v", w.page, w.partial, fast, w.fast)
				}
			}
			for _, tmpl := range slices.Sorted(maps.Keys(fastPages)) {
				if fast, want := p.lay.fastPageFor(tmpl) != nil, !slices.Contains(c.slow, tmpl); fast != want {
					t.Errorf("%s pages written by Go code: %v, want %v", tmpl, fast, want)
				}
			}
		})
	}
}

// BenchmarkFastPartials compares each fast partial with its template on
// the fixture's item views.
func BenchmarkFastPartials(b *testing.B) {
	lay, views := fastCases(b)
	for _, name := range slices.Sorted(maps.Keys(fastPartials)) {
		var dots []any
		for _, v := range views {
			if _, ok := fastPartials[name].write(nil, fastDot(name, v), lay.urls); ok {
				dots = append(dots, fastDot(name, v))
			}
		}
		b.Run(strings.ReplaceAll(name, " ", "-")+"/template", func(b *testing.B) {
			for b.Loop() {
				for _, v := range dots {
					if _, err := slowly(lay, name, v); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(dots)), "ns/row")
		})
		b.Run(strings.ReplaceAll(name, " ", "-")+"/fast", func(b *testing.B) {
			for b.Loop() {
				for _, v := range dots {
					if _, err := lay.partial(name, v); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(dots)), "ns/row")
		})
	}
}

// FuzzFastPartials: whatever an item holds, each fast partial writes what
// its template prints, or hands the item to the template.
func FuzzFastPartials(f *testing.F) {
	f.Add("Export <fails>", "/feedback/x/", "https://example.org/a?b=c&d", "open", 2, int64(1790000000))
	f.Add("it's \x00 + \"q\"", "javascript:x", "https://e.org/%41'", "", 0, int64(0))
	lay, _ := fastCases(f)
	f.Fuzz(func(t *testing.T, text, url, link, kind string, n int, unix int64) {
		at := time.Unix(unix%(1<<40), 0)
		v := &itemView{
			Title: text, Anchor: text, Kind: kind, StatusLabel: text, Sentiment: kind, Excerpt: text,
			Type: kind, Source: text, Mentions: n, Date: at, Added: at.Add(time.Duration(n) * time.Hour),
			AddedBy: []string{text}, Tags: []string{kind, text}, Links: []string{link}, NPS: &n,
			URL: url, Meta: template.HTML(escapeHTML(text)), HTML: template.HTML("<h2>" + escapeHTML(text) + "</h2>"),
			Customer:    &customerView{Name: text, Segment: kind, Plan: text, Region: kind},
			DuplicateOf: &itemView{Title: text, URL: url},
		}
		lay.twins.fill(v)
		lay.twins.fill(v.Customer)
		lay.twins.fill(v.DuplicateOf)
		for name := range fastPartials {
			dot := fastDot(name, v)
			want, err := slowly(lay, name, dot)
			if err != nil {
				t.Fatal(err)
			}
			if got, ok := fastPartials[name].write(nil, dot, lay.urls); ok && string(got) != string(want) {
				t.Errorf("%s differs from its template:\n%s", name, firstDiff([]byte(want), got))
			}
		}
	})
}

// fastPagesOf prepares a repository and returns its pages that Go code
// can write, by page template, made as a build makes them.
func fastPagesOf(t testing.TB, files map[string]string, opts Options) (*Plan, map[string][]*page) {
	t.Helper()
	p := Prepare(staged(inputOf(t, files), opts), opts)
	if p.ds.Fails(false) {
		t.Fatal(p.ds)
	}
	pages := map[string][]*page{}
	for _, j := range p.jobs {
		if fastPages[j.tmpl] != nil {
			pages[j.tmpl] = append(pages[j.tmpl], j.page())
		}
	}
	return p, pages
}

// oddPages are pages of each kind with values a writer must escape, leave
// out or hand back to the templates, made from a page of that kind (whose
// views they copy): whether Go code writes them (fast), and how.
var oddPages = []struct {
	name, tmpl string
	fast       bool
	edit       func(p *page)
}{
	{"item, odd site and page", tmplItem, true, oddSite},
	{"feedback, odd site and page", tmplFeedback, true, oddSite},
	{"theme, odd site and page", tmplTheme, true, oddSite},
	{"feedback, no rows, no pager, all shown", tmplFeedback, true, func(p *page) {
		s := *p.Site
		s.Counts.NotShown, s.Counts.Items = 0, 1
		p.Site, p.Items, p.Pager, p.FilterForm = &s, nil, nil, ""
	}},
	{"feedback, a row with a link html/template changes", tmplFeedback, false, func(p *page) {
		v := *p.Items[0]
		v.URL = "/feedback/?a=b c"
		p.Items = append([]*itemView{&v}, p.Items[1:]...)
	}},
	{"theme, odd values", tmplTheme, true, func(p *page) { oddTheme(p, oddValue) }},
	{"theme, done, plain values", tmplTheme, true, func(p *page) {
		oddTheme(p, "plain")
		p.Theme.Kind, p.Theme.Shipped, p.Theme.TellUs = "done", time.Time{}, ""
		p.Theme.Score.RevenueShown, p.Theme.Score.TrendLabel = false, "rising"
	}},
	{"theme, no score, no history, no charts", tmplTheme, true, func(p *page) {
		th := *p.Theme
		th.Score, th.History, th.Mix, th.Chart, th.Summary, th.Horizon = scoreView{}, nil, nil, nil, "", ""
		p.Theme = &th
	}},
	{"theme, all its feedback shown, no item pages", tmplTheme, true, func(p *page) {
		th, s := *p.Theme, *p.Site
		th.Counts.Items, s.ItemPages = len(th.Evidence), false
		p.Theme, p.Site = &th, &s
	}},
	{"theme, one piece of feedback, not published", tmplTheme, true, func(p *page) {
		th := *p.Theme
		th.Evidence, th.Counts.Items = nil, 1
		p.Theme, p.Quotes = &th, nil
	}},
	{"theme, no feedback", tmplTheme, true, func(p *page) {
		th := *p.Theme
		th.Evidence, th.Counts.Items = nil, 0
		p.Theme, p.Quotes = &th, nil
	}},
	{"theme, an id html/template escapes in the filter link", tmplTheme, false, func(p *page) {
		th := *p.Theme
		th.ID = "a/b"
		p.Theme = &th
	}},
	{"theme, a commit link html/template changes", tmplTheme, false, func(p *page) {
		oddTheme(p, "plain")
		p.Theme.History[0].CommitURL = "https://example.org/it's"
	}},
	{"theme, a tell-us link html/template changes", tmplTheme, false, func(p *page) {
		th := *p.Theme
		th.TellUs = "javascript:alert(1)"
		p.Theme = &th
	}},
	{"theme, a quote with a link html/template changes", tmplTheme, false, func(p *page) {
		v := *p.Quotes[0]
		v.URL = "/feedback/?a=b c"
		p.Quotes = append([]*itemView{&v}, p.Quotes[1:]...)
	}},
}

const oddValue = `<b>"it's" & +</b>` + "\x00"

// oddSite gives a page odd titles and a site odd values.
func oddSite(p *page) {
	p.Title, p.Description = oddValue, "a\x00b"
	s := *p.Site
	s.Title, s.Language = "T & <U>", `e"n`
	p.Site = &s
}

// oddTheme gives a page's theme s in every text, a status history, a
// score and charts.
func oddTheme(p *page, s string) {
	th := *p.Theme
	day := time.Date(2026, 3, 4, 23, 30, 0, 0, time.FixedZone("x", -3*3600))
	th.Title, th.Summary, th.Kind, th.StatusLabel, th.Horizon, th.Target, th.Owner, th.Objective = s, s, s, s, s, s, s, s
	th.Shipped, th.TellUs, th.HTML = day, "https://example.org/new?a=1&b=2+3", template.HTML("<h1>"+escapeHTML(s)+"</h1><h2>x</h2>")
	th.History = []changeView{
		{Status: "a", Kind: s, StatusLabel: s, Date: day, Author: s, CommitURL: "https://example.org/c?a=1&b=2"},
		{Date: day.AddDate(0, 1, 0)},
	}
	th.Score = scoreView{Shown: true, RevenueShown: true, Priority: 1.25, Demand: math.NaN(), Revenue: 1234567.5, Reach: 0.25,
		RICE: -3, Customers: 7, Formula: s, Breakdown: []inputView{{Name: s, Value: 2, Weight: 0.1, Note: s}, {Name: "revenue", Hidden: true}}}
	th.Mix = []chart{{ID: s, Title: s, Note: s, SVG: "<svg></svg>", Table: table{Head: []string{s, "n"}, Rows: [][]string{{s, "1"}, {"b", s, s}, {}}}}, {ID: "empty"}}
	th.Chart = &chart{ID: "volume", Title: "Volume", Table: table{Head: []string{"Month"}}}
	p.Theme = &th
}

// TestFastPages: a page written by Go code is the page its templates
// render, for every item page, page of the feedback list and theme page
// (with its quotes' pages) of the fixture, public and internal, at a
// relative and at an absolute base URL, one entry to a page (first,
// middle and last pages, with gaps in the pager) and fifty; and for pages
// with values that need escaping or that html/template would print
// otherwise, which go to the templates, as every page does at a base path
// that needs escaping.
func TestFastPages(t *testing.T) {
	for _, c := range []struct {
		name string
		opts Options
		fast bool // whether Go code writes the pages: not when html/template would change their links
	}{{"public", Options{Now: fixtureNow}, true}, {"internal", Options{Now: fixtureNow, Internal: true}, true},
		{"absolute", Options{Now: fixtureNow, BaseURL: "https://example.org/acme/"}, true},
		{"root path", Options{Now: fixtureNow, BaseURL: "/a b/"}, false}} {
		for _, size := range []int{1, 50} {
			t.Run(c.name+"/"+strconv.Itoa(size), func(t *testing.T) {
				files := repoFiles(t, "testdata/repo")
				files["heed.yaml"] += "pagination:\n  page_size: " + strconv.Itoa(size) + "\n"
				p, pages := fastPagesOf(t, files, c.opts)
				check := func(name, tmpl string, pg *page, fast bool) {
					t.Helper()
					want, err := runUntil(p.lay.pages[tmpl], tmpl, pg, nil)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					got, ok := fastPages[tmpl].write(nil, pg, p.lay.urls)
					if ok != fast {
						t.Errorf("%s: written by Go code: %v, want %v", name, ok, fast)
					}
					if ok && string(got) != string(want) {
						t.Errorf("%s differs from its templates:\n%s\nwant ends %q\ngot ends  %q", name, firstDiff(want, got), want[max(0, len(want)-40):], got[max(0, len(got)-40):])
					}
				}
				for _, tmpl := range slices.Sorted(maps.Keys(fastPages)) {
					if len(pages[tmpl]) == 0 {
						t.Fatalf("no page of %s", tmpl)
					}
					for i, pg := range pages[tmpl] {
						check(tmpl+" page "+strconv.Itoa(i), tmpl, pg, c.fast)
					}
				}
				if size == 1 && (!slices.ContainsFunc(pages[tmplFeedback], middle) || !slices.ContainsFunc(pages[tmplTheme], func(pg *page) bool { return pg.Pager.Number > 1 })) {
					t.Fatal("the fixture lacks a middle page of the feedback list with gaps in its pager, or a later page of a theme's quotes")
				}
				for _, o := range oddPages {
					pg := *pages[o.tmpl][0]
					o.edit(&pg)
					for _, v := range []any{&pg, pg.Site, pg.Theme, pg.Item} {
						if !reflect.ValueOf(v).IsNil() {
							p.lay.twins.fill(v)
						}
					}
					for _, v := range append(slices.Clone(pg.Items), pg.Quotes...) {
						p.lay.twins.fill(v)
					}
					check(o.name, o.tmpl, &pg, c.fast && o.fast)
				}
			})
		}
	}
}

// FuzzFastPages: whatever a theme and its page hold, Go code writes what
// the templates render, or hands the page to them.
func FuzzFastPages(f *testing.F) {
	f.Add("Exports <fail>", "https://example.org/new?a=1&b=2", "export", 2)
	f.Add("it's \x00 + \"q\"", "/feedback/page/2/", "a b", 0)
	files := repoFiles(f, "testdata/repo")
	files["heed.yaml"] += "pagination:\n  page_size: 1\n"
	p, pages := fastPagesOf(f, files, Options{Now: fixtureNow, Internal: true})
	f.Fuzz(func(t *testing.T, text, link, id string, n int) {
		for _, base := range pages[tmplTheme] {
			pg := *base
			oddTheme(&pg, text)
			pg.Title, pg.Description, pg.Canonical = text, text, link
			pager := *pg.Pager
			pager.Prev, pager.Total = link, n
			pg.Pager = &pager
			pg.Theme.ID, pg.Theme.TellUs, pg.Theme.History[0].CommitURL, pg.Theme.Counts.Items = id, link, link, n
			p.lay.twins.fill(&pg)
			p.lay.twins.fill(pg.Theme)
			want, err := runUntil(p.lay.pages[tmplTheme], tmplTheme, &pg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got, ok := fastPages[tmplTheme].write(nil, &pg, p.lay.urls); ok && string(got) != string(want) {
				t.Errorf("differs from the templates:\n%s", firstDiff(want, got))
			}
		}
	})
}

// middle reports whether a page of a list has pages before and after it,
// and pages left out of its pager.
func middle(p *page) bool {
	return p.Pager.Prev != "" && p.Pager.Next != "" && slices.ContainsFunc(p.Pager.Pages, func(l pageLink) bool { return l.Number == 0 })
}

// BenchmarkFastPages compares pages written by Go code with the same pages
// rendered by their templates, by kind: item pages, pages of the feedback
// list (fifty rows each), theme pages (fifty quotes) and the later pages
// of a theme's quotes (ten), of a repository of 6,000 items and 100 themes
// (600 with -short: no later pages).
func BenchmarkFastPages(b *testing.B) {
	n := 6000
	if testing.Short() {
		n = 600
	}
	p, pages := fastPagesOf(b, benchRepo(n), Options{Now: fixtureNow})
	kinds := map[string][]*page{}
	for tmpl, ps := range pages {
		for _, pg := range ps {
			kind := strings.TrimSuffix(tmpl, ".html")
			if tmpl == tmplTheme && pg.Pager.Number > 1 {
				kind += "-later"
			}
			kinds[kind] = append(kinds[kind], pg)
		}
	}
	for _, kind := range slices.Sorted(maps.Keys(kinds)) {
		ps := kinds[kind]
		ps = ps[:min(len(ps), 200)]
		tmpl := strings.TrimSuffix(kind, "-later") + ".html"
		b.Run(kind+"/template", func(b *testing.B) {
			for b.Loop() {
				for _, pg := range ps {
					if _, err := runUntil(p.lay.pages[tmpl], tmpl, pg, nil); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ps)), "ns/page")
		})
		b.Run(kind+"/fast", func(b *testing.B) {
			var out []byte
			for b.Loop() {
				for _, pg := range ps {
					var ok bool
					if out, ok = fastPages[tmpl].write(out[:0], pg, p.lay.urls); !ok {
						b.Fatal("handed back")
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ps)), "ns/page")
		})
	}
}
