package content

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/internal/node"
)

// parseYAML parses YAML front matter whose first line is line offset+1 of
// its file. yaml.v3 is most of the cost of reading an item, so the plain
// subset nearly all front matter is written in (see simpleYAML) is read
// here; anything else goes to node.ParseYAML. Both give the same tree
// (FuzzSimpleYAML checks it).
func parseYAML(data []byte, offset int) (*node.Node, []node.Problem) {
	return parseYAMLIn(data, offset, &yamlScratch{})
}

// parseYAMLIn is parseYAML building the subset's tree in sc's memory.
func parseYAMLIn(data []byte, offset int, sc *yamlScratch) (*node.Node, []node.Problem) {
	return parseYAMLWithin(data, offset, sc, frontMatterYAML)
}

// parseYAMLWithin is parseYAMLIn within the bounds b.
func parseYAMLWithin(data []byte, offset int, sc *yamlScratch, b yamlBounds) (*node.Node, []node.Problem) {
	if n, ok := simpleYAMLWithin(data, offset, sc, b); ok {
		return n, nil
	}
	return node.ParseYAMLWithin(data, offset, b.full)
}

// yamlBounds are the limits of one kind of document: the full parser's,
// and the subset's, which stay below them so that the subset never accepts
// a document the full parser refuses. Beyond the subset's the full parser
// decides (yaml.v3 also limits the length of a key).
type yamlBounds struct {
	full         node.Limits
	lines, nodes int // the subset's
}

var (
	// frontMatterYAML bounds front matter.
	frontMatterYAML = yamlBounds{full: node.FrontMatter, lines: 10_000, nodes: 15_000}
	// registryYAML bounds customers.yaml.
	registryYAML = yamlBounds{full: node.Registry, lines: 2_000_000, nodes: 1_500_000}
)

// Other bounds of the subset.
const (
	simpleMaxDepth = 8
	simpleMaxKey   = 64
)

// yline is one non-blank line: its number in the file, indentation and text
// after the indentation.
type yline struct {
	no, indent int
	text       string
}

// yamlScratch is the memory a tree of the subset is built in: its lines,
// nodes, pairs and list items, each one allocation. A parser that drops
// each tree before reading the next file reuses it (see splitter): the
// trees were most of what reading front matter allocated.
type yamlScratch struct {
	lines []yline
	nodes []node.Node
	pairs []node.Pair
	items []*node.Node
}

// yamlReader reads the subset. Its methods return false for anything
// outside it.
type yamlReader struct {
	maxNodes int
	lines    []yline
	i        int
	offset   int
	// nodes, pairs and items are carved out of the scratch's slices.
	nodes []node.Node
	pairs []node.Pair
	items []*node.Node
	used  int
}

// simpleYAML reads a block mapping of plain keys whose values are plain,
// simply quoted or flow-list scalars, block lists of those, or nested block
// mappings of the same; no comments, anchors, tags, multi-line scalars,
// tabs or carriage returns. It reports false, having built nothing that
// counts, for any other document: the caller then asks yaml.v3.
func simpleYAML(data []byte, offset int) (*node.Node, bool) {
	return simpleYAMLWithin(data, offset, &yamlScratch{}, frontMatterYAML)
}

// simpleYAMLWithin is simpleYAML within the bounds b, building the tree in
// sc's memory, which the tree uses until sc is used again.
func simpleYAMLWithin(data []byte, offset int, sc *yamlScratch, b yamlBounds) (*node.Node, bool) {
	src := string(data)
	r := &yamlReader{offset: offset, maxNodes: b.nodes, lines: reuse(sc.lines, bytes.Count(data, []byte{'\n'})+1),
		nodes: sc.nodes, pairs: sc.pairs, items: sc.items}
	defer func() {
		sc.lines, sc.nodes, sc.pairs, sc.items = r.lines[:0], r.nodes[:0], r.pairs[:0], r.items[:0]
	}()
	items := 0
	for no, start := 1, 0; start < len(src); no++ {
		end := start
		for end < len(src) && src[end] != '\n' {
			switch c := src[end]; {
			case c == '\t' || c == '\r':
				return nil, false
			case c < 0x20 || c == 0x7f:
				return nil, false
			}
			end++
		}
		line := src[start:end]
		start = end + 1
		ind := 0
		for ind < len(line) && line[ind] == ' ' {
			ind++
		}
		if ind == len(line) {
			continue // blank
		}
		if line[ind] == '#' {
			if !yamlPrintable(line) {
				return nil, false
			}
			continue // a comment line: outside scalars, which are on one line here
		}
		r.lines = append(r.lines, yline{no: no, indent: ind, text: line[ind:]})
		if strings.IndexByte(line, '[') >= 0 {
			items += strings.Count(line, ",") + 1
		}
	}
	if len(r.lines) == 0 || len(r.lines) > b.lines {
		return nil, false
	}
	// A node for the root, at most one per line and one per item of a
	// flow list; a pair at most per line; a list item at most per line
	// and per item of a flow list.
	r.nodes = reuse(r.nodes, 1+len(r.lines)+items)
	r.pairs = reuse(r.pairs, len(r.lines))
	r.items = reuse(r.items, len(r.lines)+items)
	root, ok := r.mapping(r.lines[0].indent, 0)
	if !ok || r.i != len(r.lines) || r.used > r.maxNodes {
		return nil, false
	}
	return root, true
}

// reuse returns s emptied when it holds n elements, else a new slice that does.
func reuse[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n)
	}
	return s[:0]
}

// carve returns an empty slice of capacity n from the end of *slab, or a
// new one when the slab is full: appending to it never reaches the slab's
// other slices.
func carve[T any](slab *[]T, n int) []T {
	s := *slab
	if len(s)+n > cap(s) || n == 0 {
		return make([]T, 0, n)
	}
	*slab = s[:len(s)+n]
	return s[len(s) : len(s) : len(s)+n]
}

// node returns a new node from the shared allocation.
func (r *yamlReader) node(n node.Node) *node.Node {
	if len(r.nodes) == cap(r.nodes) {
		r.nodes = make([]node.Node, 0, 16)
	}
	r.nodes = append(r.nodes, n)
	r.used++
	return &r.nodes[len(r.nodes)-1]
}

// mapping reads the block mapping whose keys are indented by indent,
// starting at the current line.
func (r *yamlReader) mapping(indent, depth int) (*node.Node, bool) {
	if depth > simpleMaxDepth || r.used > r.maxNodes {
		return nil, false
	}
	first := r.lines[r.i]
	m := r.node(node.Node{Kind: node.Map, Line: first.no + r.offset, Col: indent + 1})
	m.Pairs = carve(&r.pairs, r.siblings(indent))
	var keys map[string]bool
	for r.i < len(r.lines) && r.lines[r.i].indent == indent {
		l := r.lines[r.i]
		k := 0
		for k < len(l.text) && isKeyByte(l.text[k], k == 0) {
			k++
		}
		if k == 0 || k > simpleMaxKey || k == len(l.text) || l.text[k] != ':' || (k+1 < len(l.text) && l.text[k+1] != ' ') {
			return nil, false
		}
		key := l.text[:k]
		if len(m.Pairs) < 32 {
			if m.Get(key) != nil {
				return nil, false // the full parser words the duplicate-key problem
			}
		} else {
			// A long mapping (customers.yaml's) looks its keys up in a set:
			// a scan per key would be quadratic.
			if keys == nil {
				keys = make(map[string]bool, cap(m.Pairs))
				for _, p := range m.Pairs {
					keys[p.Key] = true
				}
			}
			if keys[key] {
				return nil, false
			}
			keys[key] = true
		}
		line := l.no + r.offset
		rest := l.text[k+1:]
		sp := 0
		for sp < len(rest) && rest[sp] == ' ' {
			sp++
		}
		rest = strings.TrimRight(rest[sp:], " ")
		r.i++
		var v *node.Node
		if rest != "" {
			var ok bool
			if v, ok = r.inline(rest, line, indent+k+2+sp); !ok {
				return nil, false
			}
			if r.i < len(r.lines) && r.lines[r.i].indent > indent {
				return nil, false // a continuation line
			}
		} else if r.i < len(r.lines) && r.lines[r.i].indent > indent {
			next := r.lines[r.i]
			var ok bool
			if isDash(next.text) {
				v, ok = r.sequence(next.indent, depth+1)
			} else {
				v, ok = r.mapping(next.indent, depth+1)
			}
			if !ok || (r.i < len(r.lines) && r.lines[r.i].indent > indent) {
				return nil, false
			}
		} else if r.i < len(r.lines) && r.lines[r.i].indent == indent && isDash(r.lines[r.i].text) {
			return nil, false // a list at the key's own indentation
		} else {
			v = r.node(node.Node{Kind: node.Null, Tag: "null", Line: line, Col: indent + k + 2})
		}
		m.Pairs = append(m.Pairs, node.Pair{Key: key, Line: line, Col: indent + 1, Value: v})
	}
	return m, true
}

// siblings counts the lines from the current one indented by indent
// before one indented less: the size of the mapping or list there.
func (r *yamlReader) siblings(indent int) int {
	n := 0
	for _, l := range r.lines[r.i:] {
		if l.indent < indent {
			break
		}
		if l.indent == indent {
			n++
		}
	}
	return n
}

// sequence reads a block list of scalars whose dashes are indented by
// indent, starting at the current line.
func (r *yamlReader) sequence(indent, depth int) (*node.Node, bool) {
	if depth > simpleMaxDepth {
		return nil, false
	}
	first := r.lines[r.i]
	s := r.node(node.Node{Kind: node.Seq, Line: first.no + r.offset, Col: indent + 1})
	s.Items = carve(&r.items, r.siblings(indent))
	for r.i < len(r.lines) && r.lines[r.i].indent == indent {
		l := r.lines[r.i]
		if len(l.text) < 3 || l.text[0] != '-' || l.text[1] != ' ' {
			return nil, false
		}
		sp := 1
		for sp < len(l.text) && l.text[sp] == ' ' {
			sp++
		}
		rest := strings.TrimRight(l.text[sp:], " ")
		if rest == "" || rest[0] == '[' {
			return nil, false
		}
		r.i++
		v, ok := r.inline(rest, l.no+r.offset, indent+sp+1)
		if !ok || (r.i < len(r.lines) && r.lines[r.i].indent > indent) {
			return nil, false
		}
		s.Items = append(s.Items, v)
	}
	return s, true
}

// inline reads a value written on its key's line, starting at column col:
// a flow list, a quoted string without escapes, or a plain scalar.
func (r *yamlReader) inline(s string, line, col int) (*node.Node, bool) {
	switch s[0] {
	case '"', '\'':
		q := s[0]
		if len(s) < 2 || s[len(s)-1] != q {
			return nil, false
		}
		inner := s[1 : len(s)-1]
		for i := 0; i < len(inner); i++ {
			if c := inner[i]; c == q || c == '\\' {
				return nil, false
			}
		}
		if !yamlPrintable(inner) {
			return nil, false
		}
		return r.node(node.Node{Kind: node.Scalar, Tag: "str", Value: inner, Line: line, Col: col}), true
	case '[':
		return r.flowList(s, line, col)
	}
	if !plainStart(s[0]) || !yamlPrintable(s) || s[len(s)-1] == ':' {
		return nil, false
	}
	for i := 1; i < len(s); i++ {
		if s[i] == ' ' && (s[i-1] == ':' || (i+1 < len(s) && s[i+1] == '#')) {
			return nil, false // a mapping value or a comment
		}
	}
	return r.scalar(s, line, col)
}

// flowList reads "[a, b, c]" of plain scalars.
func (r *yamlReader) flowList(s string, line, col int) (*node.Node, bool) {
	if s[len(s)-1] != ']' {
		return nil, false
	}
	seq := r.node(node.Node{Kind: node.Seq, Line: line, Col: col})
	inner := s[1 : len(s)-1]
	if strings.TrimRight(inner, " ") == "" {
		return seq, true
	}
	seq.Items = carve(&r.items, strings.Count(inner, ",")+1)
	c := col + 1 // column of inner[0]
	for len(inner) > 0 {
		end := 0
		for end < len(inner) && inner[end] != ',' {
			end++
		}
		item := inner[:end]
		lead := 0
		for lead < len(item) && item[lead] == ' ' {
			lead++
		}
		word := strings.TrimRight(item[lead:], " ")
		if word == "" || !plainStart(word[0]) || !yamlPrintable(word) {
			return nil, false
		}
		for i := 0; i < len(word); i++ {
			switch word[i] {
			case '[', ']', '{', '}', ':', '#', '"', '\'', '?', ',':
				return nil, false
			}
		}
		v, ok := r.scalar(word, line, c+utf8.RuneCountInString(item[:lead]))
		if !ok {
			return nil, false
		}
		seq.Items = append(seq.Items, v)
		if end == len(inner) {
			break
		}
		c += utf8.RuneCountInString(inner[:end+1])
		inner = inner[end+1:]
		if inner == "" {
			return nil, false // a trailing comma
		}
	}
	return seq, true
}

// scalar resolves a plain scalar's type as yaml.v3 does, for the forms the
// subset accepts: words, true/false, null, whole numbers, decimals and
// dates. Other forms that may not be text go to the full parser.
func (r *yamlReader) scalar(s string, line, col int) (*node.Node, bool) {
	n := node.Node{Kind: node.Scalar, Tag: "str", Value: s, Line: line, Col: col}
	switch c := s[0]; {
	case c >= '0' && c <= '9':
		switch {
		case isDigits(s) && (s == "0" || (c != '0' && len(s) <= 18)):
			n.Tag = "int"
		case isDecimal(s):
			n.Tag = "float"
		case isTimestamp(s):
			n.Tag = "timestamp"
		case !mayBeNumber(s):
			// Text such as 2024-12-21-export-fails or 3 clicks.
		default:
			return nil, false
		}
	default:
		switch s {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			n.Tag = "bool"
		case "null", "Null", "NULL", "~":
			n.Kind, n.Tag = node.Null, "null"
		}
	}
	return r.node(n), true
}

func isKeyByte(c byte, first bool) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || (!first && (c >= '0' && c <= '9' || c == '-'))
}

func isDash(s string) bool { return s == "-" || (len(s) > 1 && s[0] == '-' && s[1] == ' ') }

// plainStart reports whether a plain scalar may start with c without the
// subset having to know more YAML: letters, digits and text beyond ASCII.
func plainStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80 ||
		c == '(' || c == '/' || c == '$' || c == '_' || c == '~'
}

// yamlPrintable reports whether s holds only characters YAML accepts in a
// scalar and that break no line (U+0085, U+2028 and U+2029 do).
func yamlPrintable(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return false
		case r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff:
			return false
		case r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
			return false
		}
		i += size
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// isDecimal matches 0.7 or 12.5: digits without a leading zero, a dot,
// digits (what yaml.v3 reads as a float).
func isDecimal(s string) bool {
	dot := -1
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			if dot >= 0 {
				return false
			}
			dot = i
		}
	}
	if dot <= 0 || dot == len(s)-1 || len(s) > 15 {
		return false
	}
	whole, frac := s[:dot], s[dot+1:]
	return isDigits(whole) && isDigits(frac) && (whole == "0" || whole[0] != '0')
}

// mayBeNumber reports whether yaml.v3 might read s, which is not a
// timestamp, as a number: it has no byte that no integer or float syntax
// accepts (anything past f but o and x, a space, any non-ASCII).
func mayBeNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		case c == '.', c == '_', c == '+', c == '-', c == 'x', c == 'X', c == 'o', c == 'O':
		default:
			return false
		}
	}
	return true
}

// timestampLayouts are the layouts yaml.v3 tries, in its order, on a plain
// scalar that starts with four digits and a dash.
var timestampLayouts = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// isTimestamp reports whether yaml.v3 reads s as a timestamp (2026-03-02,
// 2026-03-02T10:24:00Z); its other readings of such a scalar are left to it.
func isTimestamp(s string) bool {
	if len(s) < 5 || s[4] != '-' || !isDigits(s[:4]) {
		return false
	}
	if len(s) == 10 && s[7] == '-' && isDigits(s[5:7]) && isDigits(s[8:]) {
		// The common YYYY-MM-DD, which only the last layout reads: a
		// day that exists.
		year := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
		month := time.Month(int(s[5]-'0')*10 + int(s[6]-'0'))
		day := int(s[8]-'0')*10 + int(s[9]-'0')
		return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, year)
	}
	for _, layout := range timestampLayouts {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// daysIn returns the number of days of a month of the Gregorian calendar.
func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
