package render

import (
	"html/template"
	"maps"
	"slices"
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
// through Go code, and item pages are written by it, only when the
// repository defines neither the template nor one it calls, in any file;
// otherwise the repository's template runs.
func TestFastPartialsOnlyDefaults(t *testing.T) {
	files := repoFiles(t, "testdata/repo")
	for _, c := range []struct {
		name  string
		extra map[string]string
		want  map[string]string // path: what it holds
		// Whether the feedback list's rows and a theme's quotes are
		// written by Go code.
		fastRow, fastQuote bool
	}{
		{"defaults", nil, nil, true, true},
		{"item-row overridden", map[string]string{"templates/partials/item-row.html": `{{define "item-row"}}<li class="mine">{{.Title}}</li>{{end}}`},
			map[string]string{"feedback/index.html": `<li class="mine">`}, false, true},
		// quote does not call status: its writer stays.
		{"status redefined in another file", map[string]string{"templates/partials/zz-mine.html": `{{define "status"}}<em>{{.StatusLabel}}</em>{{end}}`},
			map[string]string{"feedback/index.html": `<p class="item-meta"><em>`, "themes/export/index.html": `<span class="quote-meta">`,
				"feedback/2026-08-03-export-times-out/index.html": `<p class="item-meta"><em>`}, false, true},
		{"base.html overridden", map[string]string{"templates/base.html": strings.Replace(embedded(t, "base.html"), "<body>", `<body class="mine">`, 1)},
			map[string]string{"feedback/2026-08-03-export-times-out/index.html": `<body class="mine">`, "feedback/index.html": `<body class="mine">`}, true, true},
		{"item.html overridden", map[string]string{"templates/item.html": strings.Replace(embedded(t, "item.html"), `<article class="item">`, `<article class="mine">`, 1)},
			map[string]string{"feedback/2026-08-03-export-times-out/index.html": `<article class="mine">`}, true, true},
		{"quote overridden", map[string]string{"templates/partials/quote.html": `{{define "quote"}}<q>{{.Title}}</q>{{end}}`},
			map[string]string{"themes/export/index.html": `<q>`}, true, false},
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

// TestFastPages: a page written by Go code is the page its templates
// render, for every item page of the fixture, public and internal, at a
// relative and at an absolute base URL, and for pages that need escaping.
func TestFastPages(t *testing.T) {
	for _, c := range []struct {
		name string
		opts Options
		fast bool // whether Go code writes the pages: not when html/template would change their links
	}{{"public", Options{Now: fixtureNow}, true}, {"internal", Options{Now: fixtureNow, Internal: true}, true},
		{"absolute", Options{Now: fixtureNow, BaseURL: "https://example.org/acme/"}, true},
		{"root path", Options{Now: fixtureNow, BaseURL: "/a b/"}, false}} {
		t.Run(c.name, func(t *testing.T) {
			p := Prepare(staged(inputOf(t, repoFiles(t, "testdata/repo")), c.opts), c.opts)
			if p.ds.Fails(false) {
				t.Fatal(p.ds)
			}
			var pages []*page
			for _, j := range p.jobs {
				if j.tmpl == tmplItem {
					pages = append(pages, j.page())
				}
			}
			odd := *pages[0]
			odd.Title, odd.Description = `<"it's" & +>`, "a\x00b"
			odd.Site = &siteView{Title: "T & <U>", Language: `e"n`}
			p.lay.twins.fill(odd.Site)
			p.lay.twins.fill(&odd)
			pages = append(pages, &odd)
			written := 0
			for i, pg := range pages {
				want, err := runUntil(p.lay.pages[tmplItem], tmplItem, pg, nil)
				if err != nil {
					t.Fatal(err)
				}
				got, ok := writeItemPage(nil, pg, p.lay.urls)
				if ok {
					written++
					if string(got) != string(want) {
						t.Errorf("page %d differs from its templates:\n%s\nwant ends %q\ngot ends  %q", i, firstDiff(want, got), want[max(0, len(want)-40):], got[max(0, len(got)-40):])
					}
				}
			}
			if c.fast && written < 6 || !c.fast && written > 0 {
				t.Errorf("%d of %d pages written by Go code", written, len(pages))
			}
		})
	}
}

// BenchmarkFastPages compares an item page written by Go code with the
// same page rendered by its templates, on the fixture's item pages.
func BenchmarkFastPages(b *testing.B) {
	opts := Options{Now: fixtureNow}
	p := Prepare(staged(inputOf(b, repoFiles(b, "testdata/repo")), opts), opts)
	var pages []*page
	for _, j := range p.jobs {
		if j.tmpl == tmplItem {
			pages = append(pages, j.page())
		}
	}
	b.Run("template", func(b *testing.B) {
		for b.Loop() {
			for _, pg := range pages {
				if _, err := runUntil(p.lay.pages[tmplItem], tmplItem, pg, nil); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
	})
	b.Run("fast", func(b *testing.B) {
		var out []byte
		for b.Loop() {
			for _, pg := range pages {
				out, _ = writeItemPage(out[:0], pg, p.lay.urls)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
	})
}
