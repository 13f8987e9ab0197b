package render

import (
	"strconv"
	"strings"
	"time"

	"github.com/heedhq/heed/generator/publish"
)

// The pages a large site has thousands of (an item's page, a page of the
// feedback list, a page of a theme's quotes) are written whole by Go code,
// base.html and the page's blocks, when the repository overrides none of
// the templates they execute: what is left of html/template's cost once
// their rows are fast partials is walking the pages' own templates by
// reflection. A value a writer does not print as html/template does (a
// link its URL escapers would change) hands the page to the templates.
// TestFastPages holds each writer equal to its templates.

// block writes one of the blocks a page template fills in base.html for
// its page, or reports false.
type block func(out []byte, p *page, u urls) ([]byte, bool)

// fastPage writes the pages of a page template: base.html with the
// page's blocks head, main and scripts (nil prints nothing), then end,
// what the page's file prints after base.html; needs names the templates
// of base.html and the partials the page prints, which must be heed's.
type fastPage struct {
	head, main, scripts block
	end                 string
	needs               []string
}

// fastPages are the page templates written by Go code.
var fastPages = map[string]*fastPage{
	tmplItem: {main: writeItemPageMain, end: "\n\n",
		needs: []string{tmplBase, "base", "head", "main", "scripts", "status"}},
	tmplFeedback: {main: writeFeedbackMain, scripts: writeFeedbackScripts, end: "\n\n\n",
		needs: []string{tmplBase, "base", "head", "main", "scripts", "item-row", "status", "pager"}},
	tmplTheme: {head: writeThemeHead, main: writeThemeMain, end: "\n\n\n",
		needs: []string{tmplBase, "base", "head", "main", "scripts", "status", "tell-us", "quote", "pager", "chart"}},
}

// fastPageFor returns the writer of the page template name, when it has
// one and the repository overrides neither the page nor a template it
// needs (defined in base.html or a partial).
func (l *layout) fastPageFor(name string) *fastPage {
	f, ok := fastPages[name]
	if !ok || l.user[name] {
		return nil
	}
	for _, n := range f.needs {
		if l.userCommon[n] {
			return nil
		}
	}
	return f
}

// hrefText reports whether html/template prints s in an href or a src as
// it prints text in an attribute (appendEscaped): a plain link or a
// simple http(s) URL.
func hrefText(s string) bool { return plainLink(s) || simpleURL(s) }

// write writes base.html for p, filled by the page's blocks.
func (f *fastPage) write(out []byte, p *page, u urls) ([]byte, bool) {
	if p == nil || p.Site == nil || !hrefText(p.Canonical) {
		return out, false
	}
	if pg := p.Pager; pg != nil && !(hrefText(pg.Prev) && hrefText(pg.Next)) {
		return out, false
	}
	out = append(out, "<!DOCTYPE html>\n<html lang=\""...)
	out = appendEscaped(out, p.Site.Language)
	out = append(out, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"+
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'\">\n"+
		"<meta name=\"color-scheme\" content=\"light dark\">\n<title>"...)
	if p.Title != "" {
		out = append(appendEscaped(out, p.Title), " · "...)
	}
	out = appendEscaped(out, p.Site.Title)
	out = append(out, "</title>"...)
	out = appendWith(out, "\n<meta name=\"description\" content=\"", p.Description, "\">")
	if p.Site.Internal {
		out = append(out, "\n<meta name=\"robots\" content=\"noindex, nofollow\">"...)
	}
	out = appendWith(out, "\n<link rel=\"canonical\" href=\"", p.Canonical, "\">")
	if pg := p.Pager; pg != nil {
		out = appendWith(out, "\n<link rel=\"prev\" href=\"", pg.Prev, "\">")
		out = appendWith(out, "\n<link rel=\"next\" href=\"", pg.Next, "\">")
	}
	out = append(out, '\n')
	out = append(out, p.SiteHead...)
	out, ok := f.head.write(out, p, u)
	if !ok {
		return out, false
	}
	out = append(out, "\n</head>\n<body>\n"...)
	out = append(out, p.SiteHeader...)
	out = append(out, "\n<main id=\"main\" class=\"wrap\" tabindex=\"-1\""...)
	if p.Theme != nil || p.Item != nil {
		out = append(out, " data-pagefind-body"...)
	}
	if out, ok = f.main.write(append(out, ">\n"...), p, u); !ok {
		return out, false
	}
	out = append(out, "\n</main>\n"...)
	out = append(out, p.SiteFooter...)
	if out, ok = f.scripts.write(out, p, u); !ok {
		return out, false
	}
	return append(append(out, "\n</body>\n</html>"...), f.end...), true
}

// write writes the block, nothing when the page has none (nil).
func (b block) write(out []byte, p *page, u urls) ([]byte, bool) {
	if b == nil {
		return out, true
	}
	return b(out, p, u)
}

// writeItemPageMain writes item.html's main block (see writeItemMain).
func writeItemPageMain(out []byte, p *page, u urls) ([]byte, bool) { return writeItemMain(out, p, u) }

// writeFeedbackMain writes the main block of feedback.html: a page of the
// feedback list.
func writeFeedbackMain(out []byte, p *page, u urls) ([]byte, bool) {
	c := p.Site.Counts
	out = append(out, "<h1>Feedback</h1>\n<p class=\"lead\">"...)
	if c.NotShown != 0 {
		out = append(out, "The feedback we publish, newest first: "...)
		out = strconv.AppendInt(out, int64(c.Shown), 10)
		out = append(out, " of the "...)
		out = append(out, publish.Feedback(c.Items)...)
		out = append(out, " we count. The other "...)
		out = strconv.AppendInt(out, int64(c.NotShown), 10)
		out = append(out, " (private, or from channels such as support tickets and sales calls) count in every total, but their words are not published."...)
	} else {
		out = append(out, "Everything customers told us, newest first."...)
	}
	out = append(out, "</p>\n"...)
	out = append(out, p.FilterForm...)
	out = append(out, "\n<p class=\"muted\" id=\"filter-count\" aria-live=\"polite\">"...)
	if pg := p.Pager; pg != nil {
		out = strconv.AppendInt(appendSpan(out, pg), int64(pg.Total), 10)
	} else {
		out = strconv.AppendInt(out, int64(len(p.Items)), 10)
	}
	out = append(out, " pieces of feedback.</p>\n<div id=\"item-pages\">\n<ul class=\"item-list\" id=\"item-list\">"...)
	out, ok := writeRows(out, p.Items, writeItemRow, u, "\n</ul>", p.Pager)
	return append(out, "\n</div>"...), ok
}

// writeRows writes a page's share of a list, a row a line by a fast
// partial, then end and the pager of the page.
func writeRows(out []byte, rows []*itemView, write func([]byte, any, urls) ([]byte, bool), u urls, end string, pg *pagerView) ([]byte, bool) {
	for _, v := range rows {
		var ok bool
		if out, ok = write(append(out, '\n'), v, u); !ok {
			return out, false
		}
	}
	return writePager(append(out, end...), pg)
}

// writeFeedbackScripts writes the scripts block of feedback.html.
func writeFeedbackScripts(out []byte, _ *page, u urls) ([]byte, bool) {
	src := u.link("assets/filter.js")
	out = append(out, "<script src=\""...)
	out = append(out, src...)
	return append(out, "\" defer></script>"...), plainLink(src)
}

// appendSpan appends "First–Last of " when the page's list has more than
// one page.
func appendSpan(out []byte, pg *pagerView) []byte {
	if pg == nil || pg.Count <= 1 {
		return out
	}
	out = strconv.AppendInt(out, int64(pg.First), 10)
	out = append(out, "–"...)
	out = strconv.AppendInt(out, int64(pg.Last), 10)
	return append(out, " of "...)
}

// writePager writes the partial pager.
func writePager(out []byte, pg *pagerView) ([]byte, bool) {
	if pg == nil || pg.Count <= 1 {
		return out, true
	}
	if !hrefText(pg.Prev) || !hrefText(pg.Next) {
		return out, false
	}
	out = append(out, "\n<nav class=\"pager\" aria-label=\"Pages\">\n<p class=\"pager-status\">Page "...)
	out = strconv.AppendInt(out, int64(pg.Number), 10)
	out = append(out, " of "...)
	out = strconv.AppendInt(out, int64(pg.Count), 10)
	out = append(out, "</p>\n<ul>"...)
	out = appendWith(out, "\n<li><a href=\"", pg.Prev, "\" rel=\"prev\">Previous</a></li>")
	for _, l := range pg.Pages {
		if l.Number == 0 {
			out = append(out, "\n<li class=\"pager-gap\" aria-hidden=\"true\">…</li>"...)
			continue
		}
		if !hrefText(l.URL) {
			return out, false
		}
		out = append(out, "\n<li><a href=\""...)
		out = appendEscaped(out, l.URL)
		if l.Current {
			out = append(out, "\" aria-current=\"page"...)
		}
		out = append(out, "\">"...)
		out = strconv.AppendInt(out, int64(l.Number), 10)
		out = append(out, "</a></li>"...)
	}
	out = appendWith(out, "\n<li><a href=\"", pg.Next, "\" rel=\"next\">Next</a></li>")
	return append(out, "\n</ul>\n</nav>"...), true
}

// writeThemeHead writes the head block of theme.html: the link to the
// theme's feed.
func writeThemeHead(out []byte, p *page, _ urls) ([]byte, bool) {
	t := p.Theme
	if t == nil || !hrefText(t.FeedURL) {
		return out, false
	}
	out = append(out, "<link rel=\"alternate\" type=\"application/atom+xml\" title=\""...)
	out = appendEscaped(out, t.Title)
	out = append(out, ": updates (Atom)\" href=\""...)
	out = appendEscaped(out, t.FeedURL)
	return append(out, "\">"...), true
}

// writeThemeMain writes the main block of theme.html: a theme's page, or
// a later page of its quotes.
func writeThemeMain(out []byte, p *page, u urls) ([]byte, bool) {
	t := p.Theme
	themes := u.link("themes/")
	if t == nil || !plainLink(themes) || !hrefText(t.FeedURL) || !hrefText(t.BadgeURL) {
		return out, false
	}
	out = appendBreadcrumb(out, themes, "Themes", t.Title)
	out = append(out, "\n<h1>"...)
	out = appendEscaped(out, t.Title)
	out = append(out, "</h1>"...)
	first := p.Pager == nil || p.Pager.Number == 1
	ok := true
	if first {
		if out, ok = writeThemeAbout(out, p); !ok {
			return out, false
		}
	}
	if out, ok = writeEvidence(out, p, u); !ok || !first {
		return out, ok
	}
	out = append(out, "\n<section aria-labelledby=\"mix\">\n<h2 id=\"mix\">Who is asking</h2>\n<div class=\"chart-grid\">"...)
	for i := range t.Mix {
		out = writeChart(append(out, '\n'), &t.Mix[i])
	}
	out = append(out, "\n</div>\n</section>\n<section aria-labelledby=\"volume\">\n<h2 id=\"volume\">Feedback over time</h2>"...)
	if t.Chart != nil {
		out = writeChart(append(out, '\n'), t.Chart)
	}
	out = append(out, "\n</section>\n<section aria-labelledby=\"follow\">\n<h2 id=\"follow\">Follow this theme</h2>\n<p><a href=\""...)
	out = appendEscaped(out, t.FeedURL)
	out = append(out, "\">Atom feed of its status changes</a>. Status badge: <img src=\""...)
	out = appendEscaped(out, t.BadgeURL)
	out = append(out, "\" alt=\"Status: "...)
	out = appendEscaped(out, t.StatusLabel)
	return append(out, "\" class=\"badge\"></p>\n</section>"...), true
}

// writeThemeAbout writes what the first page of a theme shows before its
// quotes: its status and plans, summary, tell-us link, problem, score and
// status history.
func writeThemeAbout(out []byte, p *page) ([]byte, bool) {
	t := p.Theme
	if !hrefText(t.TellUs) {
		return out, false
	}
	out = writeStatus(append(out, "\n<p class=\"theme-meta\">"...), t.Kind, t.StatusLabel)
	out = appendWith(out, " <span class=\"horizon\">", t.Horizon, "</span>")
	out = appendWith(out, " <span>Target ", t.Target, "</span>")
	if !t.Shipped.IsZero() {
		out = append(out, " <span>Shipped "...)
		out = append(appendTime(out, t.Shipped), "</span>"...)
	}
	out = appendWith(out, " <span>Owner ", t.Owner, "</span>")
	out = appendWith(out, " <span>Objective: ", t.Objective, "</span>")
	out = append(out, "\n <span>Ranked #"...)
	out = strconv.AppendInt(out, int64(t.Rank), 10)
	out = append(out, " of "...)
	out = strconv.AppendInt(out, int64(len(p.Themes)), 10)
	out = append(out, "</span></p>"...)
	out = appendWith(out, "\n<p class=\"lead\">", t.Summary, "</p>")
	out = append(out, '\n')
	out = appendWith(out, "\n<p class=\"tell-us\"><a class=\"button\" href=\"", t.TellUs, "\">Tell us about your case</a>\n<span class=\"hint\">Opens a pre-filled feedback file on GitHub; your pull request is your vote.</span></p>")
	out = append(out, "\n<section aria-labelledby=\"problem\">\n<h2 id=\"problem\">"...)
	if t.Kind == "done" {
		out = append(out, "The problem and what changed"...)
	} else {
		out = append(out, "The problem"...)
	}
	out = append(out, "</h2>\n<div class=\"prose\">"...)
	out = append(out, headings(t.HTML, 3)...)
	out = append(out, "</div>\n</section>"...)
	if s := t.Score; s.Shown {
		out = writeScore(out, s)
	}
	if len(t.History) == 0 {
		return out, true
	}
	out = append(out, "\n<section aria-labelledby=\"history\">\n<h2 id=\"history\">Status history</h2>\n<ol class=\"timeline\">"...)
	for _, c := range t.History {
		if !hrefText(c.CommitURL) {
			return out, false
		}
		out = appendTime(append(out, "\n<li>"...), c.Date)
		out = append(out, ' ')
		if c.Status != "" {
			out = writeStatus(out, c.Kind, c.StatusLabel)
		} else {
			out = append(out, "status removed"...)
		}
		out = appendWith(out, " <span class=\"muted\">by ", c.Author, "</span>")
		out = appendWith(out, " <a href=\"", c.CommitURL, "\" class=\"muted\">commit</a>")
		out = append(out, "</li>"...)
	}
	return append(out, "\n</ol>\n</section>"...), true
}

// appendTime appends a date as the templates show one: in a time element.
func appendTime(out []byte, t time.Time) []byte {
	out = append(out, "<time datetime=\""...)
	out = append(out, isoDate(t)...)
	out = append(out, "\">"...)
	out = append(out, formatDate(t)...)
	return append(out, "</time>"...)
}

// writeScore writes the score section of a theme's page.
func writeScore(out []byte, s scoreView) []byte {
	out = append(out, "\n<section aria-labelledby=\"score\">\n<h2 id=\"score\">Priority "...)
	out = append(out, formatNum(s.Priority)...)
	out = append(out, "</h2>\n<dl class=\"headline small\">\n<div><dt>Demand</dt><dd>"...)
	out = append(out, formatNum(s.Demand)...)
	out = append(out, "</dd></div>\n<div><dt>Customers</dt><dd>"...)
	out = strconv.AppendInt(out, int64(s.Customers), 10)
	out = append(out, "</dd></div>"...)
	if s.RevenueShown {
		out = append(out, "\n<div><dt>Revenue behind it</dt><dd>"...)
		out = append(out, formatMoney(s.Revenue)...)
		out = append(out, "</dd></div>"...)
	}
	out = append(out, "\n<div><dt>Reach</dt><dd>"...)
	out = append(out, formatNum(s.Reach)...)
	out = append(out, "</dd></div>\n<div><dt>RICE</dt><dd>"...)
	out = append(out, formatNum(s.RICE)...)
	out = append(out, "</dd></div>\n<div><dt>Trend</dt><dd>"...)
	if s.TrendLabel != "" {
		out = appendEscaped(out, s.TrendLabel)
	} else {
		out = append(out, "<span title=\"Too few recent items for a trend\">–</span>"...)
	}
	out = append(out, "</dd></div>\n</dl>\n<details class=\"breakdown\">\n<summary>How this score is made</summary>\n<p>Formula: <code>"...)
	out = appendEscaped(out, s.Formula)
	out = append(out, "</code></p>\n<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Score inputs\">\n<table>\n"+
		"<thead><tr><th scope=\"col\">Input</th><th scope=\"col\" class=\"num\">Value</th><th scope=\"col\" class=\"num\">Weight</th><th scope=\"col\">Note</th></tr></thead>\n<tbody>"...)
	for _, in := range s.Breakdown {
		out = append(out, "\n<tr><th scope=\"row\">"...)
		out = appendEscaped(out, in.Name)
		out = append(out, "</th><td class=\"num\">"...)
		if in.Hidden {
			out = append(out, "hidden"...)
		} else {
			out = append(out, formatNum(in.Value)...)
		}
		out = append(out, "</td><td class=\"num\">"...)
		out = append(out, formatNum(in.Weight)...)
		out = append(out, "</td><td>"...)
		out = append(appendEscaped(out, in.Note), "</td></tr>"...)
	}
	return append(out, "\n</tbody>\n</table>\n</div>\n</details>\n</section>"...)
}

// writeEvidence writes the section of a theme's page that lists its
// quotes, this page's share of them.
func writeEvidence(out []byte, p *page, u urls) ([]byte, bool) {
	t := p.Theme
	out = append(out, "\n<section aria-labelledby=\"evidence\">\n<h2 id=\"evidence\">What customers say</h2>"...)
	if len(t.Evidence) == 0 {
		out = append(out, "\n<p>"...)
		if t.Counts.Items != 0 {
			out = append(out, "None of the "...)
			out = append(out, publish.Feedback(t.Counts.Items)...)
			out = append(out, " behind this theme is published."...)
		} else {
			out = append(out, "No feedback yet."...)
		}
		return append(out, "</p>\n</section>"...), true
	}
	out = appendSpan(append(out, "\n<p class=\"muted\">"...), p.Pager)
	if len(t.Evidence) < t.Counts.Items {
		out = strconv.AppendInt(out, int64(len(t.Evidence)), 10)
		out = append(out, " of the "...)
		out = append(out, publish.Feedback(t.Counts.Items)...)
		out = append(out, " behind this theme, strongest and newest first; the others are duplicates of these or not published."...)
	} else {
		out = append(out, publish.Feedback(t.Counts.Items)...)
		out = append(out, " behind this theme, strongest and newest first."...)
	}
	if p.Site.ItemPages {
		// The id is in the link's query, where html/template escapes all
		// but letters, digits and "-._~".
		feedback := u.link("feedback/")
		if !plainLink(feedback) || !plainLink(t.ID) || strings.Contains(t.ID, "/") {
			return out, false
		}
		out = append(out, " <a href=\""...)
		out = append(out, feedback...)
		out = append(out, "?theme="...)
		out = append(out, t.ID...)
		out = append(out, "\">Filter the feedback list</a>."...)
	}
	out = append(out, "</p>\n<div class=\"quotes\">"...)
	out, ok := writeRows(out, p.Quotes, writeQuote, u, "\n</div>", p.Pager)
	return append(out, "\n</section>"...), ok
}

// writeChart writes the partial chart.
func writeChart(out []byte, c *chart) []byte {
	out = append(out, "<figure class=\"chart\" id=\""...)
	out = appendEscaped(out, c.ID)
	out = append(out, "\">\n<figcaption>"...)
	out = appendEscaped(out, c.Title)
	out = append(out, "</figcaption>\n"...)
	out = append(out, c.SVG...)
	out = appendWith(out, "\n<p class=\"chart-note\">", c.Note, "</p>")
	out = append(out, "\n<details class=\"chart-data\">\n<summary>Show the numbers</summary>\n<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\""...)
	out = appendEscaped(out, c.Title)
	out = append(out, ": numbers\">\n<table>\n<thead><tr>"...)
	for _, h := range c.Table.Head {
		out = append(out, "<th scope=\"col\">"...)
		out = append(appendEscaped(out, h), "</th>"...)
	}
	out = append(out, "</tr></thead>\n<tbody>"...)
	for _, row := range c.Table.Rows {
		out = append(out, "\n<tr>"...)
		for i, cell := range row {
			if i == 0 {
				out = append(out, "<th scope=\"row\">"...)
				out = append(appendEscaped(out, cell), "</th>"...)
			} else {
				out = append(out, "<td>"...)
				out = append(appendEscaped(out, cell), "</td>"...)
			}
		}
		out = append(out, "</tr>"...)
	}
	return append(out, "\n</tbody>\n</table>\n</div>\n</details>\n</figure>"...)
}
