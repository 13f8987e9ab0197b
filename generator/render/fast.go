package render

import (
	"html/template"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"time"
)

// A large site's lists show the same few partials over and over: at
// 100,000 items the feedback list renders item-row 95,000 times and the
// themes' pages render quote 92,000 times, each some twenty template
// actions evaluated by reflection. A fast partial is Go code that writes
// what one of heed's own partials prints, several times faster (see
// BenchmarkFastPartials). layout.fold turns each {{template "item-row" X}}
// of the page templates into {{_heed_partial "item-row" X}}, when neither
// the partial nor a partial it calls is the repository's own; a writer
// that meets a value it does not write as the template would (a link
// html/template would change) reports it, and the partial runs as a
// template instead. TestFastPartials holds each writer equal to its
// template.

// fastFunc is the template function that runs a fast partial.
const fastFunc = "_heed_partial"

// fastPartial writes a partial: write appends what the partial prints for
// dot to out (u makes the site's links), or reports false; calls names the
// partials it prints too. One with a page writes that page template's
// main block instead, which the page's file defines.
type fastPartial struct {
	write func(out []byte, dot any, u urls) ([]byte, bool)
	calls []string
	page  string
}

// fastPartials are the partials written by Go code, by name.
var fastPartials = map[string]fastPartial{
	"item-row":   {write: writeItemRow, calls: []string{"status"}},
	partItemMeta: {write: writeItemMeta},
	"quote":      {write: writeQuote},
	fastItemMain: {write: writeItemMain, calls: []string{"status"}, page: tmplItem},
}

// fastItemMain is the name of item.html's main block as a fast partial
// (see fastCall).
const fastItemMain = tmplItem + " main"

// fastBuffers hold what a fast partial writes, before it becomes the
// template.HTML the page prints.
var fastBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// partial runs a partial for a page: by its fast writer when it has one
// that can write dot, else as a template (fragment).
func (l *layout) partial(name string, dot any) (template.HTML, error) {
	f, ok := fastPartials[name]
	if ok {
		buf := fastBuffers.Get().(*[]byte)
		defer fastBuffers.Put(buf)
		if out, ok := f.write((*buf)[:0], dot, l.urls); ok {
			*buf = out
			return template.HTML(out), nil
		}
	}
	if f.page != "" {
		out, err := run(l.mains[f.page], "main", dot)
		return template.HTML(out), err // escaped by html/template
	}
	return l.fragment(name, dot)
}

// fastCall returns the action that runs a template call through
// layout.partial, or nil when the call is not of a fast partial that
// this layout may write (the repository defines it, or one it calls).
func (l *layout) fastCall(n *parse.TemplateNode, page string) *parse.ActionNode {
	name := n.Name
	if n.Name == "main" {
		name = page + " main"
	}
	if !l.fast(name) || n.Pipe == nil {
		return nil
	}
	fn := parse.NewIdentifier(fastFunc).SetPos(n.Pos)
	arg := &parse.StringNode{NodeType: parse.NodeString, Pos: n.Pos, Quoted: strconv.Quote(name), Text: name}
	cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Pos, Args: []parse.Node{fn, arg, n.Pipe}}
	pipe := &parse.PipeNode{NodeType: parse.NodePipe, Pos: n.Pos, Line: n.Line, Cmds: []*parse.CommandNode{cmd}}
	return &parse.ActionNode{NodeType: parse.NodeAction, Pos: n.Pos, Line: n.Line, Pipe: pipe}
}

// fast reports whether the fast partial name may write what this layout's
// template of that name would: the repository defines neither it (nor,
// for a page's main block, the page) nor a partial it calls.
func (l *layout) fast(name string) bool {
	f, ok := fastPartials[name]
	if !ok || f.page != "" && (l.mains[f.page] == nil || l.userDefined[f.page]) || l.userDefined[name] {
		return false
	}
	for _, c := range f.calls {
		if l.userDefined[c] {
			return false
		}
	}
	return true
}

// fragmentFast is fragment, by the fast partial of that name when the
// layout may use it.
func (l *layout) fragmentFast(name string, dot any) (template.HTML, error) {
	if l.fast(name) {
		return l.partial(name, dot)
	}
	return l.fragment(name, dot)
}

// writeStatus writes the partial status of an item or a theme, by its
// Kind and StatusLabel.
func writeStatus(out []byte, kind, label string) []byte {
	out = append(out, `<span class="status status-`...)
	out = appendEscaped(out, kind)
	out = append(out, `">`...)
	out = appendEscaped(out, label)
	return append(out, `</span>`...)
}

// appendTitleLink appends the item's title, linked to its URL when it has
// one, else between open and end; it reports false when html/template
// would print the URL otherwise.
func appendTitleLink(out []byte, v *itemView, open, end string) ([]byte, bool) {
	if v.URL == "" {
		return append(appendEscaped(append(out, open...), v.Title), end...), true
	}
	if !plainLink(v.URL) {
		return out, false
	}
	out = append(out, `<a href="`...)
	out = append(out, v.URL...)
	out = append(out, `">`...)
	out = appendEscaped(out, v.Title)
	return append(out, `</a>`...), true
}

// writeItemMeta writes the partial item-meta.
func writeItemMeta(out []byte, dot any, _ urls) ([]byte, bool) {
	v, ok := dot.(*itemView)
	if !ok || v == nil {
		return out, false
	}
	out = append(out, `<span class="tag">`...)
	out = appendEscaped(out, v.Type)
	out = append(out, "</span> via "...)
	out = appendEscaped(out, v.Source)
	if c := v.Customer; c != nil {
		out = appendWith(out, " · ", c.Name, "")
		out = appendWith(out, " · ", c.Segment, "")
	}
	if v.Mentions > 1 {
		out = append(strconv.AppendInt(append(out, " · "...), int64(v.Mentions), 10), " people"...)
	}
	out = append(out, ` · <time datetime="`...)
	out = append(out, isoDate(v.Date)...)
	out = append(out, `">`...)
	out = append(out, formatDate(v.Date)...)
	return append(out, "</time>"...), true
}

// writeItemRow writes the partial item-row.
func writeItemRow(out []byte, dot any, _ urls) ([]byte, bool) {
	v, ok := dot.(*itemView)
	if !ok || v == nil {
		return out, false
	}
	out = append(out, `<li class="item-row" id="`...)
	out = appendEscaped(out, v.Anchor)
	out = append(out, "\">\n<p class=\"item-title\">"...)
	if out, ok = appendTitleLink(out, v, "", ""); !ok {
		return out, false
	}
	out = append(out, "</p>\n<p class=\"item-meta\">"...)
	out = writeStatus(out, v.Kind, v.StatusLabel)
	out = append(out, ' ')
	out = append(out, v.Meta...)
	out = append(out, "</p>"...)
	if len(v.Themes) > 0 {
		out = append(out, "\n<p class=\"item-themes\">Themes: "...)
		for i, t := range v.Themes {
			if i > 0 {
				out = append(out, ", "...)
			}
			out = append(out, t.Link...)
		}
		out = append(out, "</p>"...)
	}
	return append(out, "\n</li>"...), true
}

// writeQuote writes the partial quote.
func writeQuote(out []byte, dot any, _ urls) ([]byte, bool) {
	v, ok := dot.(*itemView)
	if !ok || v == nil {
		return out, false
	}
	out = append(out, `<figure class="quote sentiment-`...)
	out = appendEscaped(out, v.Sentiment)
	out = append(out, `">`...)
	out = appendWith(out, "\n<blockquote><p>", v.Excerpt, "</p></blockquote>")
	out = append(out, "\n<figcaption>"...)
	if out, ok = appendTitleLink(out, v, `<span class="quote-title">`, `</span>`); !ok {
		return out, false
	}
	out = append(out, "\n<span class=\"quote-meta\">"...)
	out = append(out, v.Meta...)
	return append(out, "</span>\n</figcaption>\n</figure>"...), true
}

// writeItemMain writes the main block of item.html: dot is the page.
func writeItemMain(out []byte, dot any, u urls) ([]byte, bool) {
	p, ok := dot.(*page)
	if !ok || p == nil {
		return out, false
	}
	v := p.Item
	if v == nil {
		return out, true
	}
	feedback := u.link("feedback/")
	if !plainLink(feedback) || v.DuplicateOf != nil && v.DuplicateOf.URL != "" && !plainLink(v.DuplicateOf.URL) {
		return out, false
	}
	for _, l := range v.Links {
		if !simpleURL(l) {
			return out, false
		}
	}
	out = appendBreadcrumb(out, feedback, "Feedback", v.Title)
	out = append(out, "\n<article class=\"item\">\n<h1>"...)
	out = appendEscaped(out, v.Title)
	out = append(out, "</h1>\n<p class=\"item-meta\">"...)
	out = writeStatus(out, v.Kind, v.StatusLabel)
	out = append(out, ' ')
	out = append(out, v.Meta...)
	out = append(out, "</p>"...)
	if isoDate(v.Added) != isoDate(v.Date) && !v.Added.IsZero() {
		out = append(out, "\n<p class=\"muted\">Received <time datetime=\""...)
		out = append(out, isoDate(v.Date)...)
		out = append(out, "\">"...)
		out = append(out, formatDate(v.Date)...)
		out = append(out, "</time>; recorded here <time datetime=\""...)
		out = append(out, isoDate(v.Added)...)
		out = append(out, "\">"...)
		out = append(out, formatDate(v.Added)...)
		out = append(out, "</time>"...)
		if len(v.AddedBy) > 0 {
			out = append(out, " by "...)
			out = appendEscaped(out, strings.Join(v.AddedBy, ", "))
		}
		out = append(out, ".</p>"...)
	}
	out = append(out, "\n<div class=\"prose\">"...)
	out = append(out, headings(v.HTML, 2)...)
	out = append(out, "</div>\n<dl class=\"facts\">"...)
	if len(v.Themes) > 0 {
		out = append(out, "\n<div><dt>Themes</dt><dd>"...)
		for i, t := range v.Themes {
			if i > 0 {
				out = append(out, ", "...)
			}
			out = append(out, t.Link...)
			out = append(out, " ("...)
			out = appendEscaped(out, t.StatusLabel)
			out = append(out, ')')
		}
		out = append(out, "</dd></div>"...)
	}
	out = appendWith(out, "\n<div><dt>Sentiment</dt><dd>", v.Sentiment, "</dd></div>")
	for _, a := range []struct {
		n    *int
		name string
		of   string
	}{{v.NPS, "NPS answer", " / 10"}, {v.CSAT, "CSAT answer", " / 5"}, {v.CES, "Effort answer", " / 7"}} {
		if a.n != nil {
			out = append(out, "<div><dt>"...)
			out = append(out, a.name...)
			out = append(out, "</dt><dd>"...)
			out = strconv.AppendInt(out, int64(*a.n), 10)
			out = append(out, a.of...)
			out = append(out, "</dd></div>"...)
		}
	}
	if c := v.Customer; c != nil {
		out = appendWith(out, "<div><dt>Plan</dt><dd>", c.Plan, "</dd></div>")
		out = appendWith(out, "<div><dt>Region</dt><dd>", c.Region, "</dd></div>")
	}
	if d := v.DuplicateOf; d != nil {
		out = append(out, "<div><dt>Duplicate of</dt><dd>"...)
		out, _ = appendTitleLink(out, d, "", "")
		out = append(out, "</dd></div>"...)
	}
	if len(v.Tags) > 0 {
		out = append(out, "<div><dt>Tags</dt><dd>"...)
		for _, t := range v.Tags {
			out = append(out, "<span class=\"tag\">"...)
			out = append(appendEscaped(out, t), "</span> "...)
		}
		out = append(out, "</dd></div>"...)
	}
	if len(v.Links) > 0 {
		out = append(out, "<div><dt>Links</dt><dd><ul class=\"plain-list\">"...)
		for _, l := range v.Links {
			out = append(out, "<li><a href=\""...)
			out = appendEscaped(out, l)
			out = append(out, "\" rel=\"nofollow ugc noopener\">"...)
			out = append(appendEscaped(out, l), "</a></li>"...)
		}
		out = append(out, "</ul></dd></div>"...)
	}
	return append(out, "\n</dl>\n</article>"...), true
}

// appendWith appends open, s escaped and end, when s is not empty: what
// {{with .S}}open{{.}}end{{end}} prints.
func appendWith(out []byte, open, s, end string) []byte {
	if s == "" {
		return out
	}
	return append(appendEscaped(append(out, open...), s), end...)
}

// appendBreadcrumb appends the breadcrumb of a page with the title
// below the site's section at link.
func appendBreadcrumb(out []byte, link, section, title string) []byte {
	out = append(out, "\n<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\"><a href=\""...)
	out = append(out, link...)
	out = append(out, "\">"...)
	out = append(out, section...)
	out = append(out, "</a> / <span aria-current=\"page\">"...)
	out = appendEscaped(out, title)
	return append(out, "</span></nav>"...)
}

// isoDate is the template function isodate.
func isoDate(t time.Time) string { return t.UTC().Format("2006-01-02") }

// simpleURL reports whether s is an http(s) link whose every byte
// html/template's URL filter and normalizer leave as it is, so that an
// href prints it as an attribute prints text: ASCII letters and digits and
// "-._~!#$&*+,/:;=?@[]".
func simpleURL(s string) bool {
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0) {
			return false
		}
	}
	return true
}
