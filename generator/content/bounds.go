package content

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/config"
)

// Markdown's worst cases. goldmark's time grows with the square of some
// inputs that fit in a file under the 1 MiB limit: block quotes or lists
// nested on one line (`>` x 1,000,000 took 4 min 38 s and 400 MiB),
// link brackets and emphasis marks that never match within one paragraph
// (`[a](` x 16,000, 64 KB, takes 3 s; `*a_ ` x 16,000, 2.3 s), and tables
// whose rows are padded to a wide header (24 KB made 160 MB of HTML), or
// link reference definitions in one paragraph (1 MiB of them: 18 s). One
// pass over a body (measureMarkdown) estimates both before goldmark sees
// it: how deeply its containers nest, and how much matching its paragraphs
// and tables ask for. Beyond either limit the body is shown as plain text,
// with a warning that heed check reports too (it measures without
// rendering). blockLimit (markdown.go) keeps goldmark itself from nesting
// deeper whatever this estimate says.

// mdBudget is the most matching work a body may ask for, in the units of
// mdMeasure.cost: the sum over paragraphs of their length times their
// link brackets, emphasis marks, backticks and angle brackets, plus
// tableCellCost per table cell. Measured on the worst inputs (2 shared
// cores), goldmark spent at most 1 ns of CPU time a unit, so a body within
// the budget spends at most about 0.1 s matching, whatever else its length
// costs (about 0.3 s a MiB of the densest plain structure: a list of
// 260,000 one-word items). The estimate is pessimistic for long
// paragraphs: real ones of up to some 25 KB of text with links and
// emphasis on every line fit (TestRealMarkdownFits).
const mdBudget = 100_000_000

// tableCellCost is the cost of one table cell: goldmark spent about 0.7 us
// of CPU time a cell on a table of 7 million (a 2,700-column header over
// 2,700 rows), and 1 us a cell on a plain table of 3 columns, where rows
// cost more than cells. A table of 400,000 cells fits the budget.
const tableCellCost = 250

// mdMeasure is what measureMarkdown found in a body.
type mdMeasure struct {
	// deep is the 1-based line and column of the body where containers
	// first nest deeper than the limit (0 when they never do).
	deepLine, deepCol int
	// cost is the estimated matching work (see mdBudget), counted until it
	// is over the budget.
	cost int64
	// worst is the part of the body that cost the most: a paragraph or a
	// table, from its first line.
	worst mdRun
}

// tooDeep says whether containers nest deeper than the limit.
func (m *mdMeasure) tooDeep() bool { return m.deepLine > 0 }

// overBudget says whether the body asks for more work than mdBudget.
func (m *mdMeasure) overBudget() bool { return m.cost > mdBudget }

// plain says whether the body is to be shown as plain text.
func (m *mdMeasure) plain() bool { return m.tooDeep() || m.overBudget() }

// mdRun is a paragraph or a table as measureMarkdown sees it.
type mdRun struct {
	line         int   // first line, 1-based within the body
	bytes, marks int   // of a paragraph: its length and marks
	cols, rows   int   // of a table: its header's cells and its rows
	cost         int64 // what it adds to mdMeasure.cost
}

// describe says what a costly run is, for the warning.
func (r mdRun) describe() string {
	if r.cols > 0 {
		return fmt.Sprintf("a table of %d columns and %d rows (%d cells to lay out)", r.cols, r.rows, r.cols*r.rows)
	}
	return fmt.Sprintf("a paragraph of %s with %d link brackets, emphasis marks, backticks and angle brackets to match", humanSize(r.bytes), r.marks)
}

func humanSize(n int) string {
	if n >= 1<<10 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// mdContainer is an open block quote or list item.
type mdContainer struct {
	quote   bool
	content int // a list item's content column
}

// mdScan is the state of measureMarkdown.
type mdScan struct {
	limit int
	m     mdMeasure
	// stack holds the open containers, depth of them: an array rather
	// than a slice, so that measuring allocates nothing.
	stack [config.MaxMaxNesting + 1]mdContainer
	depth int
	// fence is the fenced code block the scan is in (fenceLen 0: none), and
	// the nesting it was opened at.
	fenceChar            byte
	fenceLen, fenceDepth int
	run                  mdRun // the paragraph or table being read (line 0: none)
	runLines             int
	headerCells          int   // cells of the run's first line, when it may head a table
	tableInline          int64 // the matching work of a table's cells
}

// measureMarkdown measures a body: how deeply its block quotes and list
// items nest (counting up to limit+1, the first line over the limit), and
// the matching work its paragraphs and tables ask for (counting until it
// is over mdBudget). It reads each byte a bounded number of times.
func measureMarkdown(src []byte, limit int) mdMeasure {
	s := &mdScan{limit: min(limit, len(mdScan{}.stack)-1)}
	for no, start := 1, 0; start < len(src); no++ {
		end := len(src)
		if k := bytes.IndexByte(src[start:], '\n'); k >= 0 {
			end = start + k
		}
		s.line(src[start:end], no)
		if s.m.tooDeep() || s.m.overBudget() {
			return s.m
		}
		start = end + 1
	}
	s.endRun()
	return s.m
}

// line measures one line of the body.
func (s *mdScan) line(line []byte, no int) {
	pos, col := 0, 0
	matched := 0
	for matched < s.depth {
		c := s.stack[matched]
		if c.quote {
			p, cl, ok := quoteMarker(line, pos, col)
			if !ok {
				break
			}
			pos, col = p, cl
		} else {
			if isBlank(line[pos:]) {
				matched++
				continue
			}
			p, cl := indent(line, pos, col, c.content)
			if cl < c.content {
				break
			}
			pos, col = p, cl
		}
		matched++
	}
	rest := line[pos:]
	if s.fenceLen > 0 {
		if matched >= s.fenceDepth {
			if closesFence(rest, s.fenceChar, s.fenceLen) {
				s.fenceLen = 0
			}
			return // code: no containers, nothing to match
		}
		s.fenceLen = 0 // its container ended
	}
	if matched < s.depth {
		if s.run.line > 0 && !isBlank(rest) && !startsBlock(rest) {
			// A lazy continuation line: the paragraph, and its
			// containers, go on.
			s.addText(rest)
			return
		}
		s.depth = matched
		s.endRun()
	}
	opened := false
	for {
		p, cl := indent(line, pos, col, col+3)
		if p < len(line) {
			if q, qc, ok := quoteMarker(line, pos, col); ok {
				s.stack[s.depth] = mdContainer{quote: true}
				s.depth++
				pos, col, opened = q, qc, true
			} else if q, qc, content, ok := listMarker(line, p, cl); ok {
				s.stack[s.depth] = mdContainer{content: content}
				s.depth++
				pos, col, opened = q, qc, true
			} else {
				break
			}
			if s.depth > s.limit {
				s.m.deepLine = no
				s.m.deepCol = utf8.RuneCount(line[:p]) + 1
				return
			}
			continue
		}
		break
	}
	rest = line[pos:]
	if opened {
		s.endRun()
	}
	switch {
	case isBlank(rest):
		s.endRun()
	case s.run.line == 0 && leadingColumns(rest) >= 4:
		// Indented code: nothing to match.
	case isFence(rest):
		s.endRun()
		s.fenceChar, s.fenceLen = fenceOf(rest)
		s.fenceDepth = s.depth
	case isHeading(rest):
		s.endRun()
		s.startRun(no)
		s.addText(rest)
		s.endRun()
	default:
		if s.run.line == 0 {
			s.startRun(no)
		}
		s.addText(rest)
	}
}

// startRun starts a paragraph at line no.
func (s *mdScan) startRun(no int) {
	s.run = mdRun{line: no}
	s.runLines, s.headerCells, s.tableInline = 0, 0, 0
}

// addText adds a line of text to the run: to a paragraph's length and
// marks, or as a table's row.
func (s *mdScan) addText(text []byte) {
	s.runLines++
	marks := countMarks(text)
	switch {
	case s.run.cols > 0:
		// A row: its cells are matched one by one.
		s.run.rows++
		s.tableInline += int64(len(text)) * int64(marks)
	case s.runLines == 1:
		s.headerCells = tableCells(text)
		s.run.bytes, s.run.marks = len(text), marks
	case s.runLines == 2 && s.headerCells > 0 && isDelimiterRow(text) && tableCells(text) == s.headerCells:
		// The paragraph was a table's header: from here on, rows.
		s.run.cols, s.run.rows = s.headerCells, 1
		s.tableInline = int64(s.run.bytes) * int64(s.run.marks)
		s.run.bytes, s.run.marks = 0, 0
	default:
		s.run.bytes += len(text) + 1
		s.run.marks += marks
	}
}

// endRun adds the run's cost and ends it.
func (s *mdScan) endRun() {
	if s.run.line == 0 {
		return
	}
	r := s.run
	if r.cols > 0 {
		r.cost = s.tableInline + int64(r.cols)*int64(r.rows)*tableCellCost
	} else {
		r.cost = int64(r.bytes) * int64(r.marks)
	}
	s.m.cost += r.cost
	if r.cost > s.m.worst.cost {
		s.m.worst = r
	}
	s.run = mdRun{}
}

// countMarks counts what goldmark matches against each other within a
// paragraph: link brackets, emphasis and strikethrough marks, backticks and
// angle brackets.
func countMarks(text []byte) int {
	n := 0
	for _, c := range text {
		switch c {
		case '[', ']', '*', '_', '~', '`', '<':
			n++
		}
	}
	return n
}

// indent advances over spaces and tabs (a tab to the next multiple of 4
// columns) from byte pos at column col, but not past column upto.
func indent(line []byte, pos, col, upto int) (int, int) {
	for pos < len(line) && col < upto {
		switch line[pos] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return pos, col
		}
		pos++
	}
	return pos, col
}

// leadingColumns is the width of the white space that starts text.
func leadingColumns(text []byte) int {
	_, col := indent(text, 0, 0, 1<<30)
	return col
}

// quoteMarker reads a block quote marker (up to 3 spaces, '>', one
// optional space) at byte pos, column col.
func quoteMarker(line []byte, pos, col int) (int, int, bool) {
	p, c := indent(line, pos, col, col+4)
	if c-col > 3 || p >= len(line) || line[p] != '>' {
		return pos, col, false
	}
	p, c = p+1, c+1
	if p < len(line) && (line[p] == ' ' || line[p] == '\t') {
		p, c = p+1, c+1
	}
	return p, c, true
}

// listMarker reads a list item's marker at byte pos, column col (the
// indentation already read): -, + or *, or 1 to 9 digits and . or ),
// followed by white space or the end of the line. It returns where the
// item's content starts (the byte and column after the marker and the
// space read with it) and the content column.
func listMarker(line []byte, pos, col int) (int, int, int, bool) {
	p := pos
	switch {
	case p < len(line) && (line[p] == '-' || line[p] == '+' || line[p] == '*'):
		p++
	default:
		for p < len(line) && p-pos < 9 && line[p] >= '0' && line[p] <= '9' {
			p++
		}
		if p == pos || p >= len(line) || (line[p] != '.' && line[p] != ')') {
			return pos, col, 0, false
		}
		p++
	}
	c := col + (p - pos)
	if p == len(line) || isBlank(line[p:]) {
		return p, c, c + 1, true
	}
	if line[p] != ' ' && line[p] != '\t' {
		return pos, col, 0, false
	}
	q, qc := indent(line, p, c, c+5)
	if qc-c >= 5 {
		// Indented code inside the item: the content starts one column
		// after the marker.
		return p + 1, c + 1, c + 1, true
	}
	return q, qc, qc, true
}

// isBlank says whether text is only white space.
func isBlank(text []byte) bool {
	for _, c := range text {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// startsBlock says whether text, which does not continue the containers
// before it, starts a block rather than lazily continuing a paragraph: a
// quote, a list item, a fence, a heading or a thematic break.
func startsBlock(text []byte) bool {
	p, c := indent(text, 0, 0, 4)
	if c > 3 {
		return false
	}
	if _, _, ok := quoteMarker(text, 0, 0); ok {
		return true
	}
	if _, _, _, ok := listMarker(text, p, c); ok {
		return true
	}
	return isFence(text) || isHeading(text)
}

// isHeading says whether text is an ATX heading (up to 3 spaces, 1 to 6 #,
// then white space or the end).
func isHeading(text []byte) bool {
	p, c := indent(text, 0, 0, 4)
	if c > 3 {
		return false
	}
	n := 0
	for p+n < len(text) && text[p+n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (p+n == len(text) || text[p+n] == ' ' || text[p+n] == '\t' || text[p+n] == '\r')
}

// isFence says whether text opens a fenced code block: up to 3 spaces and
// three or more backticks (with no backtick after them) or tildes.
func isFence(text []byte) bool {
	_, n := fenceOf(text)
	return n > 0
}

// fenceOf returns the fence text opens with: its character and length (0:
// none).
func fenceOf(text []byte) (byte, int) {
	p, c := indent(text, 0, 0, 4)
	if c > 3 || p >= len(text) || (text[p] != '`' && text[p] != '~') {
		return 0, 0
	}
	ch, n := text[p], 0
	for p+n < len(text) && text[p+n] == ch {
		n++
	}
	if n < 3 || (ch == '`' && bytes.IndexByte(text[p+n:], '`') >= 0) {
		return 0, 0
	}
	return ch, n
}

// closesFence says whether text closes a fence of n chars ch.
func closesFence(text []byte, ch byte, n int) bool {
	p, c := indent(text, 0, 0, 4)
	if c > 3 {
		return false
	}
	k := 0
	for p+k < len(text) && text[p+k] == ch {
		k++
	}
	return k >= n && isBlank(text[p+k:])
}

// tableCells counts the cells of a table row: the parts between unescaped
// pipes, without an empty first or last one (0 for a line without pipes).
func tableCells(text []byte) int {
	pipes, first, last := 0, -1, -1
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\\':
			i++
		case '|':
			pipes++
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if pipes == 0 {
		return 0
	}
	n := pipes + 1
	if isBlank(text[:first]) {
		n--
	}
	if isBlank(text[last+1:]) {
		n--
	}
	return max(n, 1)
}

// isDelimiterRow says whether text is a table's delimiter row: pipes,
// dashes, colons and white space, with a dash.
func isDelimiterRow(text []byte) bool {
	dash := false
	for _, c := range text {
		switch c {
		case '-':
			dash = true
		case '|', ':', ' ', '\t', '\r':
		default:
			return false
		}
	}
	return dash
}
