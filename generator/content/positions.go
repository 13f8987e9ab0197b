package content

import (
	"strconv"
	"sync"

	"github.com/heedhq/heed/generator/internal/node"
)

// layout is where a front matter's kept positions (see Item.Pos) stand, as
// a value to compare: files written from one template, by hand or by an
// importer, share it, and then their Pos map. A map per item was the
// largest thing content kept after loading.
type layout struct {
	has                                      uint8 // which of the positions below are set (layoutID...)
	id, title, customer, duplicateOf, themes Position
	nThemes                                  int
	theme                                    [maxLayoutThemes]Position
}

const (
	layoutID = 1 << iota
	layoutTitle
	layoutCustomer
	layoutDuplicateOf
	layoutThemes
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

// positions returns the Pos map of a front matter: the one already made
// for the same layout when there is one. Whoever gets it only reads it.
func (ls *layouts) positions(meta *node.Node) map[string]Position {
	l, ok := layoutOf(meta)
	if !ok {
		return positionMap(meta)
	}
	ls.mu.RLock()
	m, found := ls.seen[l]
	ls.mu.RUnlock()
	if found {
		return m
	}
	m = positionMap(meta)
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

// layoutOf returns the layout of a front matter map; false when it lists
// more themes than a layout records.
func layoutOf(meta *node.Node) (layout, bool) {
	var l layout
	for _, p := range meta.Pairs {
		switch p.Key {
		case "id":
			l.has |= layoutID
			l.id = Position{p.Line, p.Col}
		case "title":
			l.has |= layoutTitle
			l.title = Position{p.Line, p.Col}
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

// positionMap makes the Pos map of a front matter map: the positions that
// checks made after parsing point at, and only those (a position for every
// key and value was a kilobyte of map per item).
func positionMap(meta *node.Node) map[string]Position {
	n := 0
	for _, p := range meta.Pairs {
		switch p.Key {
		case "id", "title", "customer", "duplicate_of":
			n++
		case "themes":
			n += 1 + len(p.Value.Items)
		}
	}
	pos := make(map[string]Position, n)
	for _, p := range meta.Pairs {
		switch p.Key {
		case "id", "title":
			pos[p.Key] = Position{p.Line, p.Col}
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
