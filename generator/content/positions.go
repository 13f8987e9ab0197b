package content

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/internal/node"
)

// layout is where a front matter's kept positions (see Item.Pos) stand, as
// a value to compare: files written from one template, by hand or by an
// importer, share it, and then their Pos map. A map per item was the
// largest thing content kept after loading.
type layout struct {
	has                                      uint16 // which of the positions below are set (layoutID...)
	id, title, customer, duplicateOf, themes Position
	// The first character of the title's and summary's text (after an
	// opening quote), and the keys tags, links and keywords.
	titleText, summaryText, tags, links, keywords Position
	nThemes                                       int
	theme                                         [maxLayoutThemes]Position
}

const (
	layoutID = 1 << iota
	layoutTitle
	layoutCustomer
	layoutDuplicateOf
	layoutThemes
	layoutTitleText
	layoutSummaryText
	layoutTags
	layoutLinks
	layoutKeywords
)

const (
	// maxLayoutThemes is the longest list of themes a layout records;
	// a file with more has a Pos map of its own.
	maxLayoutThemes = 8
	// maxLayouts bounds the maps kept for sharing, for a server that
	// parses edited files for as long as it runs.
	maxLayouts = 4096
)

// layouts shares the Pos maps of equal layouts. It is safe for concurrent use.
type layouts struct {
	mu   sync.RWMutex
	seen map[layout]map[string]Position
}

// positions returns the Pos map of a front matter read from data: the one
// already made for the same layout when there is one. Whoever gets it only
// reads it.
func (ls *layouts) positions(meta *node.Node, data []byte) map[string]Position {
	l, ok := layoutOf(meta, data)
	if !ok {
		return positionMap(meta, data)
	}
	ls.mu.RLock()
	m, found := ls.seen[l]
	ls.mu.RUnlock()
	if found {
		return m
	}
	m = positionMap(meta, data)
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if first, found := ls.seen[l]; found {
		return first
	}
	if len(ls.seen) < maxLayouts {
		ls.seen[l] = m
	}
	return m
}

// layoutOf returns the layout of a front matter map read from data; false
// when it lists more themes than a layout records.
func layoutOf(meta *node.Node, data []byte) (layout, bool) {
	var l layout
	for _, p := range meta.Pairs {
		switch p.Key {
		case "id":
			l.has |= layoutID
			l.id = Position{p.Line, p.Col}
		case "title":
			l.has |= layoutTitle | layoutTitleText
			l.title = Position{p.Line, p.Col}
			l.titleText = textStart(p.Value, data)
		case "summary":
			l.has |= layoutSummaryText
			l.summaryText = textStart(p.Value, data)
		case "tags":
			l.has |= layoutTags
			l.tags = Position{p.Line, p.Col}
		case "links":
			l.has |= layoutLinks
			l.links = Position{p.Line, p.Col}
		case "keywords":
			l.has |= layoutKeywords
			l.keywords = Position{p.Line, p.Col}
		case "customer":
			l.has |= layoutCustomer
			l.customer = Position{p.Value.Line, p.Value.Col}
		case "duplicate_of":
			l.has |= layoutDuplicateOf
			l.duplicateOf = Position{p.Value.Line, p.Value.Col}
		case "themes":
			if len(p.Value.Items) > maxLayoutThemes {
				return layout{}, false
			}
			l.has |= layoutThemes
			l.themes = Position{p.Line, p.Col}
			l.nThemes = len(p.Value.Items)
			for i, it := range p.Value.Items {
				l.theme[i] = Position{it.Line, it.Col}
			}
		}
	}
	return l, true
}

// positionMap makes the Pos map of a front matter map read from data: the
// positions that checks made after parsing point at, and only those (a
// position for every key and value was a kilobyte of map per item).
func positionMap(meta *node.Node, data []byte) map[string]Position {
	n := 0
	for _, p := range meta.Pairs {
		switch p.Key {
		case "id", "customer", "duplicate_of", "summary", "tags", "links", "keywords":
			n++
		case "title":
			n += 2
		case "themes":
			n += 1 + len(p.Value.Items)
		}
	}
	pos := make(map[string]Position, n)
	for _, p := range meta.Pairs {
		switch p.Key {
		case "id", "tags", "links", "keywords":
			pos[p.Key] = Position{p.Line, p.Col}
		case "title":
			pos[p.Key] = Position{p.Line, p.Col}
			pos["title.text"] = textStart(p.Value, data)
		case "summary":
			pos["summary.text"] = textStart(p.Value, data)
		case "customer":
			pos["customer.value"] = Position{p.Value.Line, p.Value.Col}
		case "duplicate_of":
			pos["duplicate_of.value"] = Position{p.Value.Line, p.Value.Col}
		case "themes":
			pos[p.Key] = Position{p.Line, p.Col}
			for i, it := range p.Value.Items {
				pos[themeKey(i)] = Position{it.Line, it.Col}
			}
		}
	}
	return pos
}

// textStart is where a text value's first character stands in data: after
// the opening quote of a quoted value, and on its line where the format
// locates only the key (TOML).
func textStart(v *node.Node, data []byte) Position {
	p := Position{v.Line, v.Col}
	if v.Kind != node.Scalar {
		return p
	}
	// The value's line, found by counting lines: front matter is at the
	// top of the file.
	off := 0
	for line := 1; line < v.Line && off < len(data); line++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return p
		}
		off += i + 1
	}
	line := data[off:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if v.Col-1 > len(line) {
		return p
	}
	// The value's first characters, up to one that a quoted value may
	// escape, found from the node's column on.
	prefix := v.Value[:min(len(v.Value), 16)]
	if i := strings.IndexAny(prefix, "\\\"'\n"); i >= 0 {
		prefix = prefix[:i]
	}
	if prefix != "" {
		if i := bytes.Index(line[v.Col-1:], []byte(prefix)); i >= 0 {
			p.Col += utf8.RuneCount(line[v.Col-1 : v.Col-1+i])
			return p
		}
	}
	if at := v.Col - 1; at < len(line) && (line[at] == '"' || line[at] == '\'') {
		p.Col++
	}
	return p
}

// themeKeys are the position keys of the first themes of a list, written
// once rather than for every file.
var themeKeys = func() []string {
	out := make([]string, 16)
	for i := range out {
		out[i] = "themes[" + strconv.Itoa(i) + "]"
	}
	return out
}()

// themeKey is the position key of the i-th theme: "themes[2]".
func themeKey(i int) string {
	if i < len(themeKeys) {
		return themeKeys[i]
	}
	return "themes[" + strconv.Itoa(i) + "]"
}
