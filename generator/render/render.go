// Package render turns the values of a build's stages (the content set,
// its scores, insights and groups and, when known, its git history), as
// package pipeline computes them, into the files of the static site, held
// in memory: HTML pages, feeds, the search index, the JSON API, charts,
// badges and assets. It computes no stage's value and writes nothing to
// disk.
//
// Rendering is total: given the stage values it always produces a site,
// except when a template from the repository's templates/ folder is
// broken, which is a diagnostic at that file and line and no site.
package render

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/group"
	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/insight"
	"github.com/heedhq/heed/generator/publish"
	"github.com/heedhq/heed/generator/score"
	"github.com/heedhq/heed/generator/source"
)

// Input is what a site is made from.
type Input struct {
	// Content is what the build's audience may see of the repository's
	// content (package publish), made from a set that carries rendered
	// bodies (content.Options{HTML: true}). Every word the site shows is
	// read from it, never from the set itself.
	Content *publish.Content
	// Scores are the score stage's result for the repository's set (keyed
	// by its ids: Content maps them).
	Scores *score.Result
	// Insights returns the insight stage's result for the set and the build's
	// audience. It is called once, and only when a file to render shows
	// insights (heed serve makes them only then); nil shows none.
	Insights func() *insight.Insights
	// History is the git history of the repository's files (keyed by the
	// same paths as the set's), or nil when there is none: theme pages then
	// show no status timeline and items no "added on".
	History *history.History
	// Templates are the repository's template overrides (the snapshot's
	// files of kind source.Template); nil uses the defaults only.
	Templates []source.File
	// Groups returns the grouping stage's result over the items this build
	// publishes (never more: cluster names are made of their words), as
	// Insights is called, except that Plan.Warm may call it on a goroutine
	// of its own and leave it running: it must be safe for concurrent use
	// and return the same value every time. Nil shows no emerging topics.
	Groups func() *group.Result
}

// Options says for whom and where the site is built.
type Options struct {
	// BaseURL is where the site is served, such as
	// "https://example.org/acme/roadmap/" or "/roadmap/"; "" uses heed.yaml's.
	BaseURL string
	// Internal builds the team's view: private items and customer names
	// included (contacts never). Such a site must not be published.
	Internal bool
	// Now is the moment the build describes ("today" for recency, the
	// dates of tell-us files and feeds); the same Now gives the same bytes.
	Now time.Time
	// Progress, when set, is called after each page with the pages done
	// and the total. It is called from several goroutines.
	Progress func(done, total int)
}

// Site is a rendered site: every file by its slash path in the output
// folder ("index.html", "themes/x/index.xml").
type Site struct {
	Files map[string][]byte
	// Pages is the number of HTML pages.
	Pages int
	// Diagnostics are template problems; with an error among them Files is
	// empty and nothing may be written.
	Diagnostics diag.List

	// stamps says what each file was made from, when the plan that made it
	// had worked that out (see Plan.Stale).
	stamps map[string]stamp

	// For heed serve, which serves each site as it is rendered: the site's
	// id, the id of the site it was rendered over (0: none), the paths
	// whose files it rendered or dropped there, and the files of the plan
	// that rendered it.
	id, over uint64
	changed  []string
	made     *pathSet
}

// Changed returns the paths whose files s rendered or dropped, and true,
// when s was rendered over prev: its other files are prev's. It returns
// false for a site rendered anew or over another.
func (s *Site) Changed(prev *Site) ([]string, bool) {
	if prev == nil || s.over == 0 || s.over != prev.id {
		return nil, false
	}
	return s.changed, true
}

// Paths returns the site's file paths, sorted.
func (s *Site) Paths() []string {
	out := make([]string, 0, len(s.Files))
	for p := range s.Files {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// Size returns the total size of the site's files in bytes.
func (s *Site) Size() int64 {
	var n int64
	for _, data := range s.Files {
		n += int64(len(data))
	}
	return n
}

// builder holds one render's inputs and the views made from them.
type builder struct {
	in   Input
	opts Options
	cfg  *config.Config
	// set is the content as shown (in.Content.Set).
	set  *content.Set
	urls urls

	site      *siteView
	themes    []*themeView // ranked
	themeByID map[string]*themeView
	// core is what every page can show at once: the site and the ranked
	// themes (without the lists all makes).
	core page

	// The published items, in the set's order, and their views, each made
	// on demand by view (with made and linkDuplicates).
	pub      []*content.Item
	pubIndex map[string]int
	// order lists the published items (by index in pub) newest first, the
	// feedback list's order; position is each one's place in it.
	order, position []int
	views           []*itemView
	viewOnce        []sync.Once
	metaOnce        []sync.Once
	// What the templates read of item fragments (see Plan.analyse): whether
	// Meta is read at all, and whether the item-meta partial can read what
	// all makes (or Meta itself), so that Meta is made after all.
	wantMeta, metaNeedsAll bool
	// The same for theme Links, made by build unless the theme-link partial
	// needs what all makes; linkErr is the first that failed, in rank order.
	wantLink, linkNeedsAll bool
	linkErr                error
	linkOnce               sync.Once
	needsAll               map[string]bool // by page template: its pages read what all makes
	allOnce                sync.Once
	facetOnce              sync.Once
	searchOnce             sync.Once
	searchIdx              *searchIndex
	facetList              *facets
	allErr                 error             // the first item fragment that failed, by item order (made by all)
	ins                    *insight.Insights // fetched by insights
	group                  *group.Result     // fetched by groups
	grouped                bool
	items                  []*itemView          // published, newest first (made by all)
	itemByID               map[string]*itemView // (made by all)
	base                   page                 // core and every list (made by all)

	// fragment renders a partial once for many pages (layout.fragment);
	// chromes holds the chrome of each section, made on first use.
	fragment func(name string, dot any) (template.HTML, error)
	// fragmentFast is fragment by a fast partial where the layout has one.
	fragmentFast func(name string, dot any) (template.HTML, error)
	// twins are the escaped fields the views carry (layout.twins).
	twins    twins
	chromeMu sync.Mutex
	chromes  map[string]*chrome

	// wantForm says by page template whether its pages can read
	// FilterForm (see Plan.analyse), made once by filterForm.
	wantForm map[string]bool
	formOnce sync.Once
	form     template.HTML
	formErr  error
}

// job is one file to produce.
type job struct {
	path string
	// tmpl and page make an HTML page (its data made on first use); make
	// makes any other file.
	tmpl string
	page func() *page
	make func() ([]byte, error)
}

// Render makes the site.
func Render(in Input, opts Options) *Site {
	return Prepare(in, opts).Render(nil, nil)
}

// chrome returns the chrome partials rendered for a section, made once.
func (b *builder) chrome(section string) *chrome {
	b.chromeMu.Lock()
	defer b.chromeMu.Unlock()
	if c := b.chromes[section]; c != nil {
		return c
	}
	c := &chrome{}
	dot := &chromeView{Site: b.site, Section: section}
	for _, f := range []struct {
		name string
		out  *template.HTML
	}{{partSiteHead, &c.head}, {partSiteHeader, &c.header}, {partSiteFooter, &c.footer}} {
		if c.err == nil {
			*f.out, c.err = b.fragment(f.name, dot)
		}
	}
	if b.chromes == nil {
		b.chromes = map[string]*chrome{}
	}
	b.chromes[section] = c
	return c
}

// jobs lists every file of the site. A page's data is made when it is
// first needed, with the lists of the site only when its template can read
// them (see builder.all).
func (b *builder) jobs() []job {
	// pg makes a page's dot; rel is its path for the canonical link, "-"
	// for pages that have none; subject fills in what the page is about.
	pg := func(tmpl, title, section, description, rel string, subject func(p *page)) func() *page {
		return sync.OnceValue(func() *page {
			p := b.core
			if b.needsAll[tmpl] {
				b.all()
				p = b.base
				p.err = b.allErr
			}
			p.Title, p.Section, p.Description = title, section, description
			if rel != "-" && b.urls.abs != "" {
				p.Canonical = b.urls.absolute(rel)
			}
			if subject != nil {
				subject(&p)
			}
			b.twins.fill(&p)
			if !b.linkNeedsAll {
				p.err = cmp.Or(p.err, b.linkErr)
			}
			c := b.chrome(section)
			p.SiteHead, p.SiteHeader, p.SiteFooter = c.head, c.header, c.footer
			p.err = cmp.Or(p.err, c.err)
			if b.wantForm[tmpl] {
				var err error
				p.FilterForm, err = b.filterForm()
				p.err = cmp.Or(p.err, err)
			}
			return &p
		})
	}
	var js []job
	add := func(path, tmpl, title, section, description, rel string, subject func(p *page)) {
		js = append(js, job{path: path, tmpl: tmpl, page: pg(tmpl, title, section, description, rel, subject)})
	}
	// Files made by Go code may use any view.
	made := func(path string, f func() ([]byte, error)) job {
		return job{path: path, make: func() ([]byte, error) { b.all(); return f() }}
	}
	file := func(path string, f func() ([]byte, error)) { js = append(js, made(path, f)) }
	var lateJobs []job
	late := func(path string, f func() ([]byte, error)) { lateJobs = append(lateJobs, made(path, f)) }

	// The files of the whole site come first, the biggest first: the
	// jobs run in this order on every core, so a long one started last
	// would leave the other cores idle at the end. The search index's
	// shards, which wait for the index, go last (see searchFiles).
	b.searchFiles(file, late)
	file("api/feedback.json", b.apiFeedback)
	file("feed.json", b.jsonFeed)
	file("changelog/index.xml", b.changelogFeed)
	file("api/themes.json", b.apiThemes)
	file("api/insights.json", b.apiInsights)
	b.sitemapFiles(file, sitemapLimit)
	b.filterFiles(file)
	file("robots.txt", b.robots)
	// The feedback list, a page per page size of items (all to slice the
	// items: a template that reads no list does not make them).
	for n := 1; n <= pageCount(len(b.pub), b.pageSize()); n++ {
		title, description := "Feedback", "Everything customers told us."
		if n > 1 {
			title, description = "Feedback, page "+strconv.Itoa(n), ""
		}
		add(pagePath("feedback/", n)+"index.html", tmplFeedback, title, "feedback", description, pagePath("feedback/", n), func(p *page) {
			b.all()
			p.Pager = b.pager("feedback/", n, len(b.items))
			lo, hi := b.span(n, len(b.items))
			p.Items = b.items[lo:hi]
		})
	}
	add("index.html", tmplOverview, "", "overview", b.cfg.Description, "", nil)
	add("roadmap/index.html", tmplRoadmap, "Roadmap", "roadmap", "What we work on now, next and later.", "roadmap/", nil)
	add("themes/index.html", tmplThemes, "Themes", "themes", "Every theme, ranked by priority.", "themes/", nil)
	add("insights/index.html", tmplInsights, "Insights", "insights", "Volume, sentiment and scores over time.", "insights/", nil)
	shipped := b.shipped()
	for n := 1; n <= pageCount(len(shipped), b.pageSize()); n++ {
		title, description := "Changelog", "What we shipped and the feedback it answers."
		if n > 1 {
			title, description = "Changelog, page "+strconv.Itoa(n), ""
		}
		add(pagePath("changelog/", n)+"index.html", tmplChangelog, title, "changelog", description, pagePath("changelog/", n), func(p *page) {
			p.Pager = b.pager("changelog/", n, len(shipped))
			lo, hi := b.span(n, len(shipped))
			p.Changelog = months(shipped[lo:hi])
		})
	}
	add("search/index.html", tmplSearch, "Search", "search", "", "search/", nil)
	add("404.html", tmplNotFound, "Page not found", "", "", "-", nil)
	add("embed/roadmap.html", tmplEmbed, "Roadmap", "roadmap", "", "-", nil)
	evidence := b.evidenceCounts()
	for _, t := range b.themes {
		// A theme's quotes go on over pages of their own (themes/x/page/2/).
		for n := 1; n <= pageCount(evidence[t.ID], b.pageSize()); n++ {
			title, description := t.Title, t.Summary
			if n > 1 {
				title, description = t.Title+", page "+strconv.Itoa(n), ""
			}
			add(pagePath(t.path, n)+"index.html", tmplTheme, title, "themes", description, pagePath(t.path, n), func(p *page) {
				b.all()
				p.Theme = t
				p.Pager = b.pager(t.path, n, len(t.Evidence))
				lo, hi := b.span(n, len(t.Evidence))
				p.Quotes = t.Evidence[lo:hi]
			})
		}
		file(t.path+"index.xml", func() ([]byte, error) { return b.themeFeed(t) })
		file(t.path+"badge.svg", func() ([]byte, error) { return badge(t), nil })
	}
	if b.site.ItemPages {
		for i, it := range b.pub {
			path := itemPath(it)
			js = append(js, job{path: path + "index.html", tmpl: tmplItem, page: sync.OnceValue(func() *page {
				v := b.view(i)
				p := pg(tmplItem, v.Title, "feedback", v.Excerpt, path, func(p *page) { p.Item = v })()
				p.err = cmp.Or(p.err, v.err)
				return p
			})})
		}
	}
	return append(js, lateJobs...)
}
