// Package render turns the values of a build's stages (the content set,
// its scores and insights and, when known, its git history) into the files
// of the static site, held in memory: HTML pages, feeds, the search index,
// the JSON API, charts, badges and assets. It writes nothing to disk.
//
// Rendering is total: given the stage values it always produces a site,
// except when a template from the repository's templates/ folder is
// broken, which is a diagnostic at that file and line and no site.
package render

import (
	"slices"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/group"
	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/insight"
	"github.com/heedhq/heed/generator/score"
	"github.com/heedhq/heed/generator/source"
)

// Input is what a site is made from.
type Input struct {
	// Set is the repository's content; it should carry rendered bodies
	// (content.Options{HTML: true}).
	Set *content.Set
	// Scores and Insights are the score and insight stages' results; nil
	// computes them from Set (insights for the build's audience).
	Scores   *score.Result
	Insights *insight.Insights
	// History is the git history of the repository's files (keyed by the
	// same paths as Set's), or nil when there is none: theme pages then
	// show no status timeline and items no "added on".
	History *history.History
	// Templates are the repository's template overrides (the snapshot's
	// files of kind source.Template); nil uses the defaults only.
	Templates []source.File
	// Groups is the grouping stage's result over the items this build
	// publishes (never more: cluster names are made of their words); nil
	// shows no emerging topics.
	Groups *group.Result
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
	urls urls

	site      *siteView
	themes    []*themeView // ranked
	themeByID map[string]*themeView
	items     []*itemView // published, newest first
	itemByID  map[string]*itemView
	base      page
}

// job is one file to produce.
type job struct {
	path string
	// tmpl and page make an HTML page; make makes any other file.
	tmpl string
	page *page
	make func() ([]byte, error)
}

// Render makes the site.
func Render(in Input, opts Options) *Site {
	return Prepare(in, opts).Render(nil, nil)
}

// jobs lists every file of the site.
func (b *builder) jobs() []job {
	// pg makes a page's dot; rel is its path for the canonical link, "-"
	// for pages that have none.
	pg := func(title, section, description, rel string) *page {
		p := b.base
		p.Title, p.Section, p.Description = title, section, description
		if rel != "-" && b.urls.abs != "" {
			p.Canonical = b.urls.absolute(rel)
		}
		return &p
	}
	var js []job
	add := func(path, tmpl string, p *page) { js = append(js, job{path: path, tmpl: tmpl, page: p}) }
	file := func(path string, f func() ([]byte, error)) { js = append(js, job{path: path, make: f}) }

	add("index.html", tmplOverview, pg("", "overview", b.cfg.Description, ""))
	add("roadmap/index.html", tmplRoadmap, pg("Roadmap", "roadmap", "What we work on now, next and later.", "roadmap/"))
	add("themes/index.html", tmplThemes, pg("Themes", "themes", "Every theme, ranked by priority.", "themes/"))
	add("feedback/index.html", tmplFeedback, pg("Feedback", "feedback", "Everything customers told us.", "feedback/"))
	add("insights/index.html", tmplInsights, pg("Insights", "insights", "Volume, sentiment and scores over time.", "insights/"))
	add("changelog/index.html", tmplChangelog, pg("Changelog", "changelog", "What we shipped and the feedback it answers.", "changelog/"))
	add("search/index.html", tmplSearch, pg("Search", "search", "", "search/"))
	add("404.html", tmplNotFound, pg("Page not found", "", "", "-"))
	add("embed/roadmap.html", tmplEmbed, pg("Roadmap", "roadmap", "", "-"))
	for _, t := range b.themes {
		p := pg(t.Title, "themes", t.Summary, t.path)
		p.Theme = t
		add(t.path+"index.html", tmplTheme, p)
		file(t.path+"index.xml", func() ([]byte, error) { return b.themeFeed(t) })
		file(t.path+"badge.svg", func() ([]byte, error) { return badge(t), nil })
	}
	if b.site.ItemPages {
		for _, it := range b.items {
			p := pg(it.Title, "feedback", it.Excerpt, it.path)
			p.Item = it
			add(it.path+"index.html", tmplItem, p)
		}
	}
	file("changelog/index.xml", b.changelogFeed)
	file("feed.json", b.jsonFeed)
	file("search/index.json", b.searchIndex)
	file("api/themes.json", b.apiThemes)
	file("api/feedback.json", b.apiFeedback)
	file("api/insights.json", b.apiInsights)
	file("sitemap.xml", b.sitemap)
	file("robots.txt", b.robots)
	return js
}
