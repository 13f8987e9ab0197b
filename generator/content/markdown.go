package content

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders feedback bodies (safeRenderer has priority 100, below
// the default renderer's 1000: goldmark lets the lowest number win). Feedback is untrusted input: raw HTML is
// shown as text, dangerous link targets are dropped (goldmark's safe mode)
// and images become links, so that no page loads anything from another host.
type markdown struct {
	md goldmark.Markdown
}

func newMarkdown() *markdown {
	return &markdown{md: goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify, extension.TaskList),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(safeRenderer{}, 100))),
	)}
}

// parse returns the body's AST (for its plain text) and, when asked, its HTML.
func (m *markdown) parse(src string, withHTML bool) (plain, rendered string) {
	source := []byte(src)
	doc := m.md.Parser().Parse(text.NewReader(source), parser.WithContext(parser.NewContext()))
	plain = plainText(doc, source)
	if withHTML {
		var buf bytes.Buffer
		if err := m.md.Renderer().Render(&buf, source, doc); err == nil {
			rendered = buf.String()
		} else {
			rendered = "<p>" + html.EscapeString(src) + "</p>"
		}
	}
	return plain, rendered
}

// plainText collects the text of a document, one line per block.
func plainText(doc ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock && b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
				b.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(source))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.AutoLink:
			b.Write(t.URL(source))
		case *ast.CodeSpan:
			for c := t.FirstChild(); c != nil; c = c.NextSibling() {
				if tx, ok := c.(*ast.Text); ok {
					b.Write(tx.Segment.Value(source))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				b.Write(seg.Value(source))
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			for i := range t.Segments.Len() {
				seg := t.Segments.At(i)
				b.Write(seg.Value(source))
			}
		case *ast.HTMLBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				b.Write(seg.Value(source))
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// safeRenderer overrides goldmark's renderers for raw HTML and images.
type safeRenderer struct{}

func (safeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			raw := n.(*ast.RawHTML)
			for i := range raw.Segments.Len() {
				seg := raw.Segments.At(i)
				_, _ = w.WriteString(html.EscapeString(string(seg.Value(source))))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			blk := n.(*ast.HTMLBlock)
			_, _ = w.WriteString("<pre class=\"raw-html\">")
			lines := blk.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				_, _ = w.WriteString(html.EscapeString(string(seg.Value(source))))
			}
			if blk.HasClosure() {
				_, _ = w.WriteString(html.EscapeString(string(blk.ClosureLine.Value(source))))
			}
			_, _ = w.WriteString("</pre>\n")
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindImage, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		img := n.(*ast.Image)
		dest := util.URLEscape(img.Destination, true)
		_, _ = w.WriteString(`<a class="image-link" rel="nofollow ugc noopener" href="`)
		if !gmhtml.IsDangerousURL(dest) {
			_, _ = w.Write(util.EscapeHTML(dest))
		}
		_, _ = w.WriteString(`">`)
		alt := strings.TrimSpace(plainText(img, source))
		if alt == "" {
			alt = "image"
		}
		_, _ = w.WriteString(html.EscapeString("[" + alt + "]"))
		_, _ = w.WriteString("</a>")
		return ast.WalkSkipChildren, nil
	})
}
