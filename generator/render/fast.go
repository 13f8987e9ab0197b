package render

import (
	"html/template"
	"sync"
	"text/template/parse"
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
// dot to out, or reports false; calls names the partials it prints too.
type fastPartial struct {
	write func(out []byte, dot any) ([]byte, bool)
	calls []string
}

// fastPartials are the partials written by Go code, by name.
var fastPartials = map[string]fastPartial{
	"item-row": {write: writeItemRow, calls: []string{"status"}},
	"quote":    {write: writeQuote},
}

// fastBuffers hold what a fast partial writes, before it becomes the
// template.HTML the page prints.
var fastBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// partial runs a partial for a page: by its fast writer when it has one
// that can write dot, else as a template (fragment).
func (l *layout) partial(name string, dot any) (template.HTML, error) {
	if f, ok := fastPartials[name]; ok {
		buf := fastBuffers.Get().(*[]byte)
		defer fastBuffers.Put(buf)
		if out, ok := f.write((*buf)[:0], dot); ok {
			*buf = out
			return template.HTML(out), nil
		}
	}
	return l.fragment(name, dot)
}

// fastCall returns the action that runs a template call through
// layout.partial, or nil when the call is not of a fast partial that
// this layout may write (the repository defines it, or one it calls).
func (l *layout) fastCall(n *parse.TemplateNode) *parse.ActionNode {
	f, ok := fastPartials[n.Name]
	if !ok || n.Pipe == nil || l.userDefined[n.Name] {
		return nil
	}
	for _, c := range f.calls {
		if l.userDefined[c] {
			return nil
		}
	}
	fn := parse.NewIdentifier(fastFunc).SetPos(n.Pos)
	name := &parse.StringNode{NodeType: parse.NodeString, Pos: n.Pos, Quoted: `"` + n.Name + `"`, Text: n.Name}
	cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Pos, Args: []parse.Node{fn, name, n.Pipe}}
	pipe := &parse.PipeNode{NodeType: parse.NodePipe, Pos: n.Pos, Line: n.Line, Cmds: []*parse.CommandNode{cmd}}
	return &parse.ActionNode{NodeType: parse.NodeAction, Pos: n.Pos, Line: n.Line, Pipe: pipe}
}

// appendText appends s as html/template prints a string in HTML text or
// a quoted attribute.
func appendText(out []byte, s string) []byte {
	if needsEscape(s) {
		return append(out, escapeHTML(s)...)
	}
	return append(out, s...)
}

// writeStatus writes the partial status of an item.
func writeStatus(out []byte, v *itemView) []byte {
	out = append(out, `<span class="status status-`...)
	out = appendText(out, v.Kind)
	out = append(out, `">`...)
	out = appendText(out, v.StatusLabel)
	return append(out, `</span>`...)
}

// appendTitleLink appends the item's title, linked to its URL when it has
// one, else between open and end; it reports false when html/template
// would print the URL otherwise.
func appendTitleLink(out []byte, v *itemView, open, end string) ([]byte, bool) {
	if v.URL == "" {
		return append(appendText(append(out, open...), v.Title), end...), true
	}
	if !plainLink(v.URL) {
		return out, false
	}
	out = append(out, `<a href="`...)
	out = append(out, v.URL...)
	out = append(out, `">`...)
	out = appendText(out, v.Title)
	return append(out, `</a>`...), true
}

// writeItemRow writes the partial item-row.
func writeItemRow(out []byte, dot any) ([]byte, bool) {
	v, ok := dot.(*itemView)
	if !ok || v == nil {
		return out, false
	}
	out = append(out, `<li class="item-row" id="`...)
	out = appendText(out, v.Anchor)
	out = append(out, "\">\n<p class=\"item-title\">"...)
	if out, ok = appendTitleLink(out, v, "", ""); !ok {
		return out, false
	}
	out = append(out, "</p>\n<p class=\"item-meta\">"...)
	out = writeStatus(out, v)
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
func writeQuote(out []byte, dot any) ([]byte, bool) {
	v, ok := dot.(*itemView)
	if !ok || v == nil {
		return out, false
	}
	out = append(out, `<figure class="quote sentiment-`...)
	out = appendText(out, v.Sentiment)
	out = append(out, `">`...)
	if v.Excerpt != "" {
		out = append(out, "\n<blockquote><p>"...)
		out = appendText(out, v.Excerpt)
		out = append(out, "</p></blockquote>"...)
	}
	out = append(out, "\n<figcaption>"...)
	if out, ok = appendTitleLink(out, v, `<span class="quote-title">`, `</span>`); !ok {
		return out, false
	}
	out = append(out, "\n<span class=\"quote-meta\">"...)
	out = append(out, v.Meta...)
	return append(out, "</span>\n</figcaption>\n</figure>"...), true
}
