package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/diag"
)

// hostile lists bodies that goldmark takes quadratic time or space over,
// each made to size bytes: the worst cases found (and those of CommonMark's
// pathological tests that goldmark does not survive), with the rule that
// stops each. Times are goldmark alone on 64 KB, before the bounds (2
// shared cores).
var hostile = []struct {
	name string
	rule string
	make func(size int) string
}{
	{"quotes on one line (126 ms at 16 KB)", "nesting", func(n int) string { return strings.Repeat(">", n) }},
	{"quotes and spaces", "nesting", func(n int) string { return strings.Repeat("> ", n/2) + "a" }},
	{"list markers on one line (1.0 s at 32 KB)", "nesting", func(n int) string { return strings.Repeat("- ", n/2) + "a" }},
	{"ordered list markers", "nesting", func(n int) string { return strings.Repeat("1. ", n/3) + "a" }},
	{"quotes in list items", "nesting", func(n int) string { return strings.Repeat("> - ", n/4) + "a" }},
	{"quotes and tabs", "nesting", func(n int) string { return strings.Repeat(">\t", n/2) + "a" }},
	{"lists nested by indentation", "nesting", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("  ", i) + "- a\n")
		}
		return b.String()
	}},
	{"unclosed link destinations (3.0 s)", "markdown-budget", func(n int) string { return strings.Repeat("[a](", n/4) }},
	{"unclosed link destinations with text (5.0 s at 80 KB)", "markdown-budget", func(n int) string { return strings.Repeat("[a](b", n/5) }},
	{"unclosed angle destinations", "markdown-budget", func(n int) string { return strings.Repeat("[a](<b", n/6) }},
	{"unclosed image destinations", "markdown-budget", func(n int) string { return strings.Repeat("![a](", n/5) }},
	{"mismatched emphasis (2.3 s)", "markdown-budget", func(n int) string { return strings.Repeat("*a_ ", n/4) }},
	{"emphasis closers in multiples of 3 (1.0 s at 48 KB)", "markdown-budget", func(n int) string { return "a**b" + strings.Repeat("c* ", n/3) }},
	{"nested brackets", "markdown-budget", func(n int) string { return strings.Repeat("[", n/2) + "a" + strings.Repeat("]", n/2) }},
	{"link openers", "markdown-budget", func(n int) string { return strings.Repeat("[a", n/2) }},
	{"emphasis in brackets", "markdown-budget", func(n int) string { return strings.Repeat("*a[", n/4) + strings.Repeat("]", n/4) }},
	{"brackets over lines (2.1 s at 80 KB)", "markdown-budget", func(n int) string { return strings.Repeat("[a\n", n/5) + strings.Repeat("]\n", n/5) }},
	{"link reference definitions in one paragraph (18 s)", "markdown-budget", func(n int) string { return strings.Repeat("[a]: /b\n", n/8) }},
	{"backtick runs of growing length", "markdown-budget", func(n int) string {
		var b strings.Builder
		for i := 1; b.Len() < n; i++ {
			b.WriteString("e" + strings.Repeat("`", i))
		}
		return b.String()
	}},
	{"a wide header over many rows (24 KB: 160 MB of HTML)", "markdown-budget", func(n int) string {
		cols := n / 6
		return strings.Repeat("|a", cols) + "|\n" + strings.Repeat("|-", cols) + "|\n" + strings.Repeat("a\n", cols)
	}},
}

// fitted cuts a body to at most size bytes (whole lines where it has them).
func fitted(body string, size int) string {
	if len(body) <= size {
		return body
	}
	body = body[:size]
	if i := strings.LastIndexByte(body, '\n'); i > size/2 {
		body = body[:i+1]
	}
	return body
}

// itemWith is an item file whose body is body; its front matter is 7
// lines, so the body starts on line 8.
func itemWith(body string) []byte {
	return []byte("---\ntitle: Hostile\ndate: 2026-01-01\nsource: other\ntype: bug\n---\n\n" + body)
}

func TestHostileMarkdown(t *testing.T) {
	size := 1 << 20
	if testing.Short() {
		size = 64 << 10
	}
	p := NewParser(config.Default(), true)
	for _, h := range hostile {
		t.Run(h.name, func(t *testing.T) {
			body := fitted(h.make(size), size-200)
			it, ds := p.ParseItem("feedback/x.md", itemWith(body))
			if it == nil {
				t.Fatalf("no item: %v", ds)
			}
			if len(ds) != 1 || ds[0].Rule != h.rule || ds[0].Severity != diag.Warning || ds[0].Line < 8 {
				t.Fatalf("diagnostics %v, want one %s warning in the body", ds, h.rule)
			}
			if !strings.HasPrefix(it.HTML, `<p class="plain-text">`) || strings.Contains(it.HTML, "<blockquote") || strings.Contains(it.HTML, "<a ") {
				t.Errorf("the body is not plain text: %.80q", it.HTML)
			}
			if it.Text != strings.TrimSpace(body) {
				t.Errorf("the text is not the body as written")
			}
		})
	}
}

func TestNestingLimit(t *testing.T) {
	quotes := func(depth int) string {
		return "Said before:\n\n" + strings.Repeat("> ", depth) + "the first message\n"
	}
	lists := func(depth int) string {
		var b strings.Builder
		for i := range depth {
			b.WriteString(strings.Repeat("  ", i) + "- level\n")
		}
		return b.String()
	}
	cases := []struct {
		name      string
		limit     int
		body      string
		line, col int // of the nesting warning; 0: none
	}{
		{"a thread quoted 12 deep", 64, quotes(12), 0, 0},
		{"quotes at the limit", 64, quotes(64), 0, 0},
		{"quotes over the limit", 64, quotes(65), 10, 129},
		{"lists at the limit", 64, lists(64), 0, 0},
		{"lists over the limit", 64, lists(65), 8 + 64, 129},
		{"a lower limit from heed.yaml", 3, quotes(4), 10, 7},
		{"quote markers in a code block are text", 3, "```\n> > > > > > old mail\n```\n", 0, 0},
		{"quote markers in indented code are text", 3, "Before\n\n    > > > > > > old mail\n", 0, 0},
		{"a lazy line does not nest", 3, "> > > deep\nlazy\n> > > again\n", 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.MaxNesting = tc.limit
			for _, html := range []bool{true, false} {
				it, ds := NewParser(cfg, html).ParseItem("feedback/x.md", itemWith(tc.body))
				if tc.line == 0 {
					if len(ds) != 0 || strings.Contains(it.HTML, "plain-text") {
						t.Errorf("html %v: diagnostics %v, HTML %.60q", html, ds, it.HTML)
					}
					continue
				}
				if len(ds) != 1 || ds[0].Rule != "nesting" || ds[0].Line != tc.line || ds[0].Col != tc.col {
					t.Errorf("html %v: diagnostics %v, want nesting at %d:%d", html, ds, tc.line, tc.col)
				}
				if !strings.Contains(ds[0].Message, fmt.Sprintf("more than %d levels", tc.limit)) {
					t.Errorf("message %q does not give the limit", ds[0].Message)
				}
			}
		})
	}
}

// nesting is how deeply a document's block quotes and list items nest.
func nesting(doc ast.Node) int {
	depth, deepest := 0, 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Kind() == ast.KindBlockquote || n.Kind() == ast.KindListItem {
			if entering {
				depth++
				deepest = max(deepest, depth)
			} else {
				depth--
			}
		}
		return ast.WalkContinue, nil
	})
	return deepest
}

// TestGoldmarkNestingBound: whatever measureMarkdown says, goldmark itself
// never nests block quotes or lists deeper than blockLimit.
func TestGoldmarkNestingBound(t *testing.T) {
	m := newMarkdown(8)
	for _, src := range []string{strings.Repeat(">", 5000), strings.Repeat("- ", 5000) + "a", strings.Repeat("> 1. ", 5000) + "a"} {
		deepest := nesting(m.md.Parser().Parse(text.NewReader([]byte(src))))
		if deepest != blockLimit(8) {
			t.Errorf("%.10q...: nested %d deep, want at most %d", src, deepest, blockLimit(8))
		}
	}
}

// TestRealMarkdownFits: real Markdown, long and intricate, is rendered as
// Markdown: this repository's documents far within the budget, and a
// thread quoted 12 deep, a table of 4,000 rows, a checklist of 8,000 items
// and a 24 KB paragraph with links and emphasis on every line within it.
func TestRealMarkdownFits(t *testing.T) {
	var docs []string
	for _, glob := range []string{"../../README.md", "../../templates/README.md", "../../feedback/*.md", "../../themes/*.md"} {
		paths, _ := filepath.Glob(glob)
		docs = append(docs, paths...)
	}
	if len(docs) < 10 {
		t.Fatalf("found %d documents", len(docs))
	}
	var thread strings.Builder
	for i := range 12 {
		thread.WriteString(strings.Repeat("> ", i) + "On Monday someone wrote: *please* see [the ticket](https://example.com/t/1) and `the log`.\n" + strings.Repeat("> ", i) + "\n")
	}
	table := "| date | what | who |\n|---|---|---|\n" + strings.Repeat("| 2026-01-01 | **export** failed, see [log](https://example.com) | `ops` |\n", 4000)
	paragraph := strings.Repeat("We tried to export **all** expenses and it *times out* after a minute, see [the log](https://example.com/x) and `err 42`.\n", 200)
	checklist := strings.Repeat("- [ ] **step**: do _this_ then `that` ([docs](https://example.com))\n", 8000)
	var longest int64
	for _, doc := range append(docs, "thread", "table", "checklist", "paragraph") {
		var src []byte
		switch doc {
		case "thread":
			src = []byte(thread.String())
		case "table":
			src = []byte(table)
		case "checklist":
			src = []byte(checklist)
		case "paragraph":
			src = []byte(paragraph)
		default:
			var err error
			if src, err = os.ReadFile(doc); err != nil {
				t.Fatal(err)
			}
		}
		m := measureMarkdown(src, config.DefaultMaxNesting)
		if m.plain() {
			t.Errorf("%s (%d bytes): plain text (deep at %d, cost %d: %s)", doc, len(src), m.deepLine, m.cost, m.worst.describe())
		}
		if strings.HasSuffix(doc, ".md") && m.cost > longest {
			longest = m.cost
		}
	}
	if longest > mdBudget/10 {
		t.Errorf("this repository's documents cost up to %d, over a tenth of the budget (%d)", longest, mdBudget)
	}
}

// BenchmarkHostileMarkdown parses and renders each hostile body of 1 MiB
// (64 KB with -short) as a build does. With the bounds every one takes
// well under a second; without them the slowest took minutes.
func BenchmarkHostileMarkdown(b *testing.B) {
	size := 1 << 20
	if testing.Short() {
		size = 64 << 10
	}
	p := NewParser(config.Default(), true)
	for _, h := range hostile {
		data := itemWith(fitted(h.make(size), size-200))
		b.Run(strings.Fields(h.name)[0]+"-"+strings.Fields(h.name)[1], func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			var worst time.Duration
			for b.Loop() {
				t := time.Now()
				p.ParseItem("feedback/x.md", data)
				worst = max(worst, time.Since(t))
			}
			b.ReportMetric(worst.Seconds(), "worst-s")
		})
	}
}

// FuzzMeasureMarkdown: measureMarkdown reads any body without panicking,
// and a body it lets through nests, in goldmark, no deeper than the limit:
// the measure never counts too few, and goldmark's own bound (blockLimit)
// never changes such a body's rendering.
func FuzzMeasureMarkdown(f *testing.F) {
	for _, s := range []string{
		"> > > a\nlazy\n> > > > b\n",
		"- a\n  - b\n    - c\n      > d\n",
		"1. a\n   1) b\n\t- c\n",
		"```\n> > > > > >\n```\n> a\n",
		"> ```\n> > > >\n> ```\n",
		"|a|b|\n|-|-|\n|c|d|\n",
		"* * *\n- - - a\n+\t+\t+ b\n",
		">\t>\t>\t>\t>\ta",
	} {
		f.Add([]byte(s))
	}
	const limit = 4
	unbounded := newMarkdown(config.MaxMaxNesting)
	f.Fuzz(func(t *testing.T, src []byte) {
		m := measureMarkdown(src, limit)
		if m.tooDeep() || m.deepLine != 0 && m.deepCol < 1 {
			return
		}
		if deepest := nesting(unbounded.md.Parser().Parse(text.NewReader(src))); deepest > limit {
			t.Fatalf("measured within %d, goldmark nests %d deep: %q", limit, deepest, src)
		}
	})
}

// TestPersonalDataBounded: a body full of addresses gets the first
// maxPersonal warnings, at their columns, and one saying more follow,
// however long its lines (each column used to be counted from the line's
// start: 10,000 addresses on one line took 0.8 s, 1 MiB of "12 34 " over a
// minute).
func TestPersonalDataBounded(t *testing.T) {
	cfg := config.Default()
	cfg.Publish.Sources = []string{"other"} // itemWith's: personal data is looked for in published words
	p := NewParser(cfg, false)
	for _, body := range []string{strings.Repeat("mail a@b.co ", 100_000), strings.Repeat("12 34 ", 170_000)} {
		_, ds := p.ParseItem("feedback/x.md", itemWith(body))
		if len(ds) != maxPersonal+1 {
			t.Fatalf("%d diagnostics, want %d", len(ds), maxPersonal+1)
		}
		for i, d := range ds[:maxPersonal] {
			if d.Rule != "personal-data" || d.Line != 8 {
				t.Errorf("diagnostic %d: %s", i, d)
			}
		}
		if !strings.Contains(ds[maxPersonal].Message, "only the first 10") {
			t.Errorf("last diagnostic: %s", ds[maxPersonal])
		}
		if strings.HasPrefix(body, "mail") && (ds[0].Col != 6 || ds[1].Col != 18) {
			t.Errorf("columns %d and %d, want 6 and 18", ds[0].Col, ds[1].Col)
		}
	}
}
