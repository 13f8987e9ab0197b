package content

import (
	"bytes"
	"html"
	"reflect"
	"strings"
	"sync"

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
// It is safe for concurrent use.
type markdown struct {
	md      goldmark.Markdown
	scratch sync.Pool // of *mdScratch
}

// mdScratch holds one parse's working buffers, reused from file to file:
// the plain text as it is collected and the HTML as it is rendered. Only
// the final strings are allocated anew, at their exact size.
type mdScratch struct {
	text []byte
	html htmlBuffer
}

// maxScratch bounds the buffers kept for reuse, so that one huge body does
// not pin its buffers for the rest of the run.
const maxScratch = 64 << 10

// htmlBuffer is a util.BufWriter that writes straight into its buffer:
// goldmark wraps any other writer in a new 4 KB bufio.Writer per Render.
type htmlBuffer struct{ bytes.Buffer }

func (b *htmlBuffer) Buffered() int { return b.Len() }
func (b *htmlBuffer) Flush() error  { return nil }

// newMarkdown returns the renderer; its block quotes and lists never nest
// deeper than blockLimit(maxNesting).
func newMarkdown(maxNesting int) *markdown {
	blocks := parser.DefaultBlockParsers()
	quote, list := reflect.TypeOf(parser.NewBlockquoteParser()), reflect.TypeOf(parser.NewListParser())
	for i, b := range blocks {
		if t := reflect.TypeOf(b.Value); t == quote || t == list {
			blocks[i].Value = nestLimited{BlockParser: b.Value.(parser.BlockParser), max: blockLimit(maxNesting)}
		}
	}
	m := &markdown{md: goldmark.New(
		goldmark.WithParser(parser.NewParser(parser.WithBlockParsers(blocks...),
			parser.WithInlineParsers(parser.DefaultInlineParsers()...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...))),
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify, extension.TaskList),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(safeRenderer{}, 100))),
	)}
	m.scratch.New = func() any { return &mdScratch{} }
	return m
}

// blockLimit is how deeply goldmark may nest block quotes and lists when
// bodies nest at most maxNesting deep as measureMarkdown counts: a margin
// over it, so that the two never disagree on a body measureMarkdown lets
// through, and a bound on goldmark's work for any body that would slip
// past the measure (each line is checked against every open container).
func blockLimit(maxNesting int) int { return 2*maxNesting + 2 }

// nestLimited is a block quote or list parser that opens no block inside
// max containers: the line is left to the parsers after it (a paragraph).
type nestLimited struct {
	parser.BlockParser
	max int
}

// Open opens the block unless its parent is max containers deep.
func (n nestLimited) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	depth := 0
	for p := parent; p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindBlockquote, ast.KindListItem:
			if depth++; depth >= n.max {
				return nil, parser.NoChildren
			}
		}
	}
	return n.BlockParser.Open(parent, reader, pc)
}

// parse returns the body's plain text and, when asked, its HTML. goldmark
// only reads source, and nothing returned refers to it.
func (m *markdown) parse(source []byte, withHTML bool) (plain, rendered string) {
	doc := m.md.Parser().Parse(text.NewReader(source))
	s := m.scratch.Get().(*mdScratch)
	s.text = appendPlain(s.text[:0], doc, source)
	plain = string(bytes.TrimSpace(s.text))
	if withHTML {
		s.html.Reset()
		if err := m.md.Renderer().Render(&s.html, source, doc); err == nil {
			rendered = s.html.String()
		} else {
			rendered = "<p>" + html.EscapeString(string(source)) + "</p>"
		}
	}
	if cap(s.text) <= maxScratch && s.html.Cap() <= maxScratch {
		m.scratch.Put(s)
	}
	return plain, rendered
}

// plainHTML shows text as it is written: escaped, its paragraphs (parts
// between blank lines) in <p class="plain-text"> and its line breaks kept.
func plainHTML(text string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	for para := range strings.SplitSeq(text, "\n\n") {
		para = strings.Trim(para, "\n")
		if strings.TrimSpace(para) == "" {
			continue
		}
		b.WriteString(`<p class="plain-text">`)
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			b.WriteString(html.EscapeString(strings.TrimRight(line, "\r")))
		}
		b.WriteString("</p>\n")
	}
	return b.String()
}

// plainText collects the text of a document, one line per block.
func plainText(n ast.Node, source []byte) string {
	return string(bytes.TrimSpace(appendPlain(nil, n, source)))
}

// appendPlain appends the text of a document to b, one line per block,
// untrimmed.
func appendPlain(b []byte, doc ast.Node, source []byte) []byte {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock && len(b) > 0 && b[len(b)-1] != '\n' {
				b = append(b, '\n')
			}
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b = appendText(b, t.Segment.Value(source))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			b = append(b, t.Value...)
		case *ast.AutoLink:
			b = append(b, t.URL(source)...)
		case *ast.CodeSpan:
			for c := t.FirstChild(); c != nil; c = c.NextSibling() {
				if tx, ok := c.(*ast.Text); ok {
					b = append(b, tx.Segment.Value(source)...)
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				b = append(b, seg.Value(source)...)
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			for i := range t.Segments.Len() {
				seg := t.Segments.At(i)
				b = append(b, seg.Value(source)...)
			}
		case *ast.HTMLBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				b = append(b, seg.Value(source)...)
			}
		}
		return ast.WalkContinue, nil
	})
	return b
}

// appendText appends the text of a segment of prose as goldmark's HTML
// writer shows it: backslash escapes and character references resolved
// ("\\[" is "[", "&amp;" is "&").
func appendText(b, seg []byte) []byte {
	if bytes.IndexByte(seg, '\\') < 0 && bytes.IndexByte(seg, '&') < 0 {
		return append(b, seg...)
	}
	return append(b, util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(seg)))...)
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
