package render

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"

	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/render/internal/fingerprint"
	"github.com/heedhq/heed/generator/source"
	"github.com/heedhq/heed/templates"
)

// Page templates, one per kind of page. Each is parsed with base.html and
// every partial, so a page can fill base.html's blocks.
const (
	tmplOverview  = "overview.html"
	tmplRoadmap   = "roadmap.html"
	tmplThemes    = "themes.html"
	tmplTheme     = "theme.html"
	tmplFeedback  = "feedback.html"
	tmplItem      = "item.html"
	tmplInsights  = "insights.html"
	tmplChangelog = "changelog.html"
	tmplSearch    = "search.html"
	tmplNotFound  = "404.html"
	tmplEmbed     = "embed-roadmap.html"
	tmplBase      = "base.html"
)

// Partials rendered once and shown on many pages: the chrome of every
// page, once per section of the site (see page.SiteHead), the origin of
// each item (itemView.Meta), the link to each theme (themeView.Link) and
// the feedback list's filter form (page.FilterForm).
const (
	partSiteHead   = "site-head"
	partSiteHeader = "site-header"
	partSiteFooter = "site-footer"
	partItemMeta   = "item-meta"
	partThemeLink  = "theme-link"
	partFilters    = "filters"
)

var pageTemplates = []string{tmplOverview, tmplRoadmap, tmplThemes, tmplTheme, tmplFeedback, tmplItem,
	tmplInsights, tmplChangelog, tmplSearch, tmplNotFound, tmplEmbed}

// templateFile is one template or asset and the repository path that
// diagnostics name: templates/<name>, whether the user's or the default.
type templateFile struct {
	name string
	data []byte
}

// theme is the parsed templates and the assets of a site.
type layout struct {
	pages map[string]*template.Template
	// common holds base.html and the partials only, for the fragments
	// rendered once and shown on many pages (see fragment).
	common *template.Template
	assets []templateFile // sorted by name
	// user names the templates that came from the repository.
	user map[string]bool
	// sources holds every template file's text by name ("base.html",
	// "partials/status.html"), for fingerprints.
	sources map[string][]byte
	// twins are the escaped string fields the folded page templates print
	// (see fold), which every view of those types must carry.
	twins twins
	// userDefined names the templates the repository's files define
	// ("item-row", "status", "partials/item-row.html"): heed does not
	// write those by fast partials.
	userDefined map[string]bool
	// userCommon names the templates that the repository's base.html and
	// partials define, which every page can call.
	userCommon map[string]bool
	// mains holds, for the pages whose main block a fast partial writes,
	// a copy of the page's templates that runs it as a template instead
	// (for the values the writer leaves to it); urls makes the links
	// the writers print (set by fold, before any page renders).
	mains map[string]*template.Template
	urls  urls
}

// loadLayout merges the embedded templates and assets with the
// repository's overrides (a file of the same name replaces the embedded
// one; new partials and assets are added) and parses them. A template that
// does not parse is a diagnostic at its file and line.
func loadLayout(overrides []source.File, funcs template.FuncMap) (*layout, diag.List) {
	tmpls := map[string][]byte{}
	assets := map[string][]byte{}
	user := map[string]bool{}
	_ = fs.WalkDir(templates.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := fs.ReadFile(templates.FS(), p)
		if strings.HasPrefix(p, "assets/") {
			assets[strings.TrimPrefix(p, "assets/")] = data
		} else if strings.HasSuffix(p, ".html") {
			tmpls[p] = data
		}
		return nil
	})
	for _, f := range overrides {
		name := strings.TrimPrefix(f.Path, source.TemplatesDir+"/")
		switch {
		case strings.HasPrefix(name, "assets/") && validAssetName(strings.TrimPrefix(name, "assets/")):
			assets[strings.TrimPrefix(name, "assets/")] = f.Data
		case strings.HasSuffix(name, ".html") && (!strings.Contains(name, "/") || path.Dir(name) == "partials"):
			tmpls[name] = f.Data
			user[name] = true
		}
	}

	l := &layout{pages: map[string]*template.Template{}, user: user, sources: tmpls, userDefined: map[string]bool{}, userCommon: map[string]bool{}}
	for name := range user {
		l.userDefined[name] = true
		// What a file defines, read apart (a file that does not parse is
		// reported below, and then no page renders).
		if t, err := template.New(name).Funcs(funcs).Funcs(template.FuncMap{fastFunc: l.partial}).Parse(string(tmpls[name])); err == nil {
			for _, d := range t.Templates() {
				l.userDefined[d.Name()] = true
				if name == tmplBase || strings.HasPrefix(name, "partials/") {
					l.userCommon[d.Name()] = true
				}
			}
		}
	}
	var ds diag.List
	common := template.New("").Funcs(funcs).Funcs(template.FuncMap{fastFunc: l.partial})
	var shared []string
	for name := range tmpls {
		if name == tmplBase || strings.HasPrefix(name, "partials/") {
			shared = append(shared, name)
		}
	}
	slices.Sort(shared)
	for _, name := range shared {
		if _, err := common.New(name).Parse(string(tmpls[name])); err != nil {
			ds = append(ds, templateDiag(name, err))
		}
	}
	for _, name := range pageTemplates {
		data, ok := tmpls[name]
		if !ok {
			ds = append(ds, diag.Errorf(source.TemplatesDir+"/"+name, 0, 0, "template", "template is missing"))
			continue
		}
		t, err := common.Clone()
		if err == nil {
			_, err = t.New(name).Parse(string(data))
		}
		if err != nil {
			ds = append(ds, templateDiag(name, err))
			continue
		}
		l.pages[name] = t
		for _, f := range fastPartials {
			if f.page != name {
				continue
			}
			if m, err := common.Clone(); err == nil {
				if _, err := m.New(name).Parse(string(data)); err == nil {
					if l.mains == nil {
						l.mains = map[string]*template.Template{}
					}
					l.mains[name] = m
				}
			}
		}
	}
	l.common = common
	names := make([]string, 0, len(assets))
	for n := range assets {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		l.assets = append(l.assets, templateFile{name: n, data: assets[n]})
	}
	ds.Sort()
	return l, ds
}

// validAssetName accepts plain relative file names (no "..", no hidden
// parts), so an override can never place a file outside assets/.
func validAssetName(name string) bool {
	if name == "" || path.Clean(name) != name || strings.HasPrefix(name, "/") {
		return false
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." || strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

// buffers holds the buffers pages are rendered into, so that each render
// does not grow a new one from nothing.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// execute runs a page template into bytes.
func (l *layout) execute(name string, data *page, stop func() bool) ([]byte, error) {
	if data.err != nil {
		return nil, data.err
	}
	// Go code does not ask stop: a page that lists more than stopEvery
	// entries (a page size set that high) goes to the templates, which do.
	if f := l.fastPageFor(name); f != nil && (stop == nil || data.Pager == nil || data.Pager.Last-data.Pager.First < stopEvery) {
		if out, ok := f.write(nil, data, l.urls); ok {
			return out, nil
		}
	}
	return runUntil(l.pages[name], name, data, stop)
}

// errStopped is what rendering a file returns when it was told to stop.
var errStopped = errors.New("rendering stopped")

// stopWriter is a page's buffer that fails a write, and so the template's
// execution, once stop reports true; it asks every stopEvery writes, so
// that a page listing the whole site stops within a millisecond or so.
type stopWriter struct {
	buf  *bytes.Buffer
	stop func() bool
	n    int
}

const stopEvery = 256

func (w *stopWriter) Write(p []byte) (int, error) {
	if w.n++; w.n%stopEvery == 0 && w.stop() {
		return 0, errStopped
	}
	return w.buf.Write(p)
}

// executeInto runs a page template into buf, which it resets first.
func (l *layout) executeInto(buf *bytes.Buffer, name string, data *page) error {
	if data.err != nil {
		return data.err
	}
	buf.Reset()
	if f := l.fastPageFor(name); f != nil {
		// Written into the buffer's own bytes: Write copies them onto
		// themselves, unless the page outgrew the buffer.
		if out, ok := f.write(buf.AvailableBuffer(), data, l.urls); ok {
			buf.Write(out)
			return nil
		}
	}
	return l.pages[name].ExecuteTemplate(buf, name, data)
}

// fragment runs a partial of the shared templates (base.html and the
// partials, the user's overrides included) with dot, for HTML that many
// pages show: the partial starts and ends in HTML text, as where the
// default templates call it.
func (l *layout) fragment(name string, dot any) (template.HTML, error) {
	out, err := run(l.common, name, dot)
	return template.HTML(out), err // escaped by html/template
}

func run(t *template.Template, name string, data any) ([]byte, error) {
	return runUntil(t, name, data, nil)
}

// runUntil is run told to stop (see stopWriter); nil never stops.
func runUntil(t *template.Template, name string, data any, stop func() bool) ([]byte, error) {
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	var w io.Writer = buf
	if stop != nil {
		w = &stopWriter{buf: buf, stop: stop}
	}
	if err := t.ExecuteTemplate(w, name, data); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

// templateError matches text/template and html/template error messages:
// "template: theme.html:12:5: executing ..." or "html/template:theme.html:3: ...".
var templateError = regexp.MustCompile(`^(?:html/)?template: ?([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// templateDiag turns a template error into a diagnostic at the template's
// file and line (the file named is the template the error is in, which may
// differ from the page being rendered).
func templateDiag(name string, err error) diag.Diagnostic {
	msg := err.Error()
	line, col := 0, 0
	if m := templateError.FindStringSubmatch(msg); m != nil {
		name = m[1]
		line, _ = strconv.Atoi(m[2])
		col, _ = strconv.Atoi(m[3])
		msg = m[4]
	}
	return diag.Errorf(source.TemplatesDir+"/"+name, line, col, "template", "%s", msg)
}

// fold replaces, in the page templates, each action that prints a link
// made of constants only ({{url "feedback/"}}, {{asset "site.css"}}) with
// the text it prints, so that pages do not call the function and its
// escapers every time; and it drops the escaper of actions in HTML text
// that print a template.HTML value (html reports them by page template:
// see fingerprint.Reads.HTML), which that escaper returns as it is. It
// works on the trees html/template has escaped (which it escapes first)
// and folds only where the escapers leave the output as it is, so pages
// render the same bytes. Call it after the templates are analysed (the
// analysis reads unescaped trees) and before they render.
func (l *layout) fold(u urls, html map[string]map[*parse.ActionNode]bool, strs map[string]map[parse.Node][]fingerprint.Field) {
	l.twins = twins{}
	l.urls = u
	for _, name := range pageTemplates {
		set := l.pages[name]
		if set == nil {
			continue
		}
		// Executing escapes every template the page can call; with no data
		// it then stops at the first field.
		var escErr *template.Error
		if err := set.ExecuteTemplate(io.Discard, name, nil); errors.As(err, &escErr) {
			continue // the render reports it
		}
		for _, t := range set.Templates() {
			if t.Tree != nil && t.Tree.Root != nil {
				l.foldList(t.Tree.Root, u, html[name], strs[name])
				l.fastList(t.Tree.Root, name)
			}
		}
	}
}

// fastList turns the calls of fast partials in l, a template of the
// page's, into actions that run them through layout.partial (see
// fastCall).
func (lay *layout) fastList(l *parse.ListNode, page string) {
	if l == nil {
		return
	}
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.TemplateNode:
			if a := lay.fastCall(n, page); a != nil {
				l.Nodes[i] = a
			}
		case *parse.IfNode:
			lay.fastList(n.List, page)
			lay.fastList(n.ElseList, page)
		case *parse.RangeNode:
			lay.fastList(n.List, page)
			lay.fastList(n.ElseList, page)
		case *parse.WithNode:
			lay.fastList(n.List, page)
			lay.fastList(n.ElseList, page)
		case *parse.ListNode:
			lay.fastList(n, page)
		}
	}
}

// foldCommon does for the shared templates what fold does for the pages
// (twins only: no escaper of template.HTML is dropped), from the analyses
// of every partial that fragment renders: strs holds, by partial, its
// fingerprint.Reads.Strings, nil where the analysis could not tell, and
// then nothing is folded. An action several partials reach is rewritten
// only when every one of them finds it printing a string field.
func (l *layout) foldCommon(u urls, strs map[string]map[parse.Node][]fingerprint.Field) {
	for _, m := range strs {
		if m == nil {
			return
		}
	}
	combined := map[parse.Node][]fingerprint.Field{}
	vetoed := map[parse.Node]bool{}
	for _, m := range strs {
		for n, fs := range m {
			if fs == nil {
				vetoed[n] = true
			}
			for _, f := range fs {
				if !slices.Contains(combined[n], f) {
					combined[n] = append(combined[n], f)
				}
			}
		}
	}
	for n := range vetoed {
		delete(combined, n)
	}
	for _, name := range slices.Sorted(maps.Keys(strs)) {
		var escErr *template.Error
		if err := l.common.ExecuteTemplate(io.Discard, name, nil); errors.As(err, &escErr) {
			return // the render reports it
		}
	}
	for _, t := range l.common.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			l.foldList(t.Tree.Root, u, nil, combined)
		}
	}
}

// identityEscapers are html/template's escapers that leave a plain link
// (see plainLink) unchanged.
var identityEscapers = map[string]bool{
	"_html_template_htmlescaper": true, "_html_template_attrescaper": true, "_html_template_rcdataescaper": true,
	"_html_template_nospaceescaper": true, "_html_template_urlfilter": true, "_html_template_urlnormalizer": true,
}

func (lay *layout) foldList(l *parse.ListNode, u urls, html map[*parse.ActionNode]bool, strs map[parse.Node][]fingerprint.Field) {
	if l == nil {
		return
	}
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if s, ok := constantLink(n.Pipe, u); ok {
				l.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(s)}
			} else if cmds := n.Pipe.Cmds; html[n] && len(cmds) > 1 && isIdent(cmds[len(cmds)-1], "_html_template_htmlescaper") && !isEscaper(cmds[len(cmds)-2]) {
				n.Pipe.Cmds = cmds[:len(cmds)-1]
			} else if !lay.twins.rewrite(n, strs[n]) && plainResult(n.Pipe) {
				n.Pipe.Cmds = n.Pipe.Cmds[:1]
			}
		case *parse.IfNode:
			lay.foldList(n.List, u, html, strs)
			lay.foldList(n.ElseList, u, html, strs)
		case *parse.RangeNode:
			lay.foldList(n.List, u, html, strs)
			lay.foldList(n.ElseList, u, html, strs)
		case *parse.WithNode:
			if !lay.twins.rewriteWith(n, strs[&n.BranchNode]) {
				lay.foldList(n.List, u, html, strs)
			}
			lay.foldList(n.ElseList, u, html, strs)
		case *parse.ListNode:
			lay.foldList(n, u, html, strs)
		}
	}
}

// plainFuncs are the template functions whose result has none of the
// characters escapeHTML changes (digits, letters, spaces and ",.-–%":
// TestPlainFuncs), so html/template's HTML, attribute and RCDATA escapers
// return it as it is.
var plainFuncs = map[string]bool{"date": true, "isodate": true, "month": true, "num": true, "whole": true, "pct": true, "money": true}

// plainResult reports whether a pipeline calls one of plainFuncs and then
// only escapers that leave its result as it is.
func plainResult(p *parse.PipeNode) bool {
	if len(p.Decl) > 0 || len(p.Cmds) < 2 {
		return false
	}
	fn, ok := p.Cmds[0].Args[0].(*parse.IdentifierNode)
	if !ok || !plainFuncs[fn.Ident] {
		return false
	}
	for _, c := range p.Cmds[1:] {
		if id, ok := c.Args[0].(*parse.IdentifierNode); !ok || len(c.Args) != 1 || !plainEscapers[id.Ident] {
			return false
		}
	}
	return true
}

// isIdent reports whether a command is only the function name.
func isIdent(c *parse.CommandNode, name string) bool {
	id, ok := c.Args[0].(*parse.IdentifierNode)
	return ok && len(c.Args) == 1 && id.Ident == name
}

// isEscaper reports whether a command calls one of html/template's escapers.
func isEscaper(c *parse.CommandNode) bool {
	id, ok := c.Args[0].(*parse.IdentifierNode)
	return ok && strings.HasPrefix(id.Ident, "_html_template_")
}

// constantLink returns what a pipeline such as
// url "x/" | _html_template_attrescaper prints, when it can tell.
func constantLink(p *parse.PipeNode, u urls) (string, bool) {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) < 2 {
		return "", false
	}
	first := p.Cmds[0].Args
	if len(first) != 2 {
		return "", false
	}
	fn, ok1 := first[0].(*parse.IdentifierNode)
	arg, ok2 := first[1].(*parse.StringNode)
	if !ok1 || !ok2 {
		return "", false
	}
	var s string
	switch fn.Ident {
	case "url":
		s = u.link(arg.Text)
	case "asset":
		s = u.link("assets/" + arg.Text)
	default:
		return "", false
	}
	for _, c := range p.Cmds[1:] {
		if len(c.Args) != 1 {
			return "", false
		}
		if id, ok := c.Args[0].(*parse.IdentifierNode); !ok || !identityEscapers[id.Ident] {
			return "", false
		}
	}
	return s, plainLink(s)
}

// plainLink reports whether s has only letters, digits and "/._~-": no
// escaper of HTML text, attributes or URLs changes such a string.
func plainLink(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("/._~-", c) >= 0) {
			return false
		}
	}
	return true
}
