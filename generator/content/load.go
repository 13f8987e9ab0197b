package content

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/internal/parallel"
	"github.com/heedhq/heed/generator/source"
)

// Options tunes Load.
type Options struct {
	// HTML renders item and theme bodies (a build needs it; a check does not).
	HTML bool
	// RawText skips Markdown altogether: Text is the body as written. A
	// check needs neither HTML nor exact plain text, and goldmark is a fifth
	// of its time.
	RawText bool
}

// Load parses every file of a snapshot (items and themes in parallel) and
// checks the references between them. It never fails: problems are in
// Set.Diagnostics, together with the snapshot's own.
func Load(snap *source.Snapshot, opts Options) *Set {
	var ds diag.List
	ds = append(ds, snap.Diagnostics...)
	cfg := config.Default()
	var customers []*Customer
	var itemFiles, themeFiles []source.File
	for _, f := range snap.Files {
		switch f.Kind {
		case source.Config:
			var cds diag.List
			cfg, cds = config.Parse(f.Path, f.Data)
			ds = append(ds, cds...)
		case source.Customers:
			var cds diag.List
			customers, cds = ParseCustomers(f.Path, f.Data)
			ds = append(ds, cds...)
		case source.Item:
			itemFiles = append(itemFiles, f)
		case source.Theme:
			themeFiles = append(themeFiles, f)
		}
	}
	p := NewParser(cfg, opts.HTML)
	p.raw = opts.RawText && !opts.HTML
	items := make([]*Item, len(itemFiles))
	themes := make([]*Theme, len(themeFiles))
	fileDs := make([]diag.List, len(itemFiles)+len(themeFiles))
	parallel.For(len(itemFiles)+len(themeFiles), func(i int) {
		if i < len(itemFiles) {
			items[i], fileDs[i] = p.ParseItem(itemFiles[i].Path, itemFiles[i].Data)
		} else {
			j := i - len(itemFiles)
			themes[j], fileDs[i] = p.ParseTheme(themeFiles[j].Path, themeFiles[j].Data)
		}
	})
	for _, d := range fileDs {
		ds = append(ds, d...)
	}
	s := &Set{Config: cfg, Customers: customers}
	s.Items = slices.DeleteFunc(items, func(it *Item) bool { return it == nil })
	s.Themes = slices.DeleteFunc(themes, func(th *Theme) bool { return th == nil })
	s.Diagnostics = append(ds, s.Resolve()...)
	s.Diagnostics.Sort()
	return s
}

// CompareItems orders items as Resolve sorts them: by id, then path.
func CompareItems(a, b *Item) int {
	return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Path, b.Path))
}

// NewSet makes a set of content taken from a resolved set (such as what
// a public build shows of it, package publish): sorted and indexed as
// Resolve leaves a set, its references taken as they are, unchecked. Ids
// must be unique.
func NewSet(cfg *config.Config, items []*Item, themes []*Theme, customers []*Customer) *Set {
	s := &Set{Config: cfg, Items: items, Themes: themes, Customers: customers}
	slices.SortFunc(s.Items, CompareItems)
	slices.SortFunc(s.Themes, func(a, b *Theme) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(s.Customers, func(a, b *Customer) int { return cmp.Compare(a.ID, b.ID) })
	s.itemByID = make(map[string]*Item, len(items))
	for _, it := range items {
		s.itemByID[it.ID] = it
	}
	s.themeByID = make(map[string]*Theme, len(themes))
	for _, th := range themes {
		s.themeByID[th.ID] = th
	}
	s.customerByID = make(map[string]*Customer, len(customers))
	for _, c := range customers {
		s.customerByID[c.ID] = c
	}
	return s
}

// With returns a set of s's configuration and customers with these items
// and themes, made as NewSet makes one but sharing s's index of customers.
func (s *Set) With(items []*Item, themes []*Theme) *Set {
	n := NewSet(s.Config, items, themes, nil)
	n.Customers, n.customerByID = s.Customers, s.customerByID
	return n
}

// Resolve indexes the set and checks every reference between files: unique
// ids, themes, customers and duplicate_of (which must exist and form no
// cycle). It sorts items, themes and customers by id and returns the
// problems it found. Items keep pointers to resolved customers.
func (s *Set) Resolve() diag.List {
	var ds diag.List
	slices.SortFunc(s.Items, CompareItems)
	slices.SortFunc(s.Themes, func(a, b *Theme) int { return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Path, b.Path)) })
	slices.SortFunc(s.Customers, func(a, b *Customer) int { return cmp.Compare(a.ID, b.ID) })

	s.customerByID = make(map[string]*Customer, len(s.Customers))
	for _, c := range s.Customers {
		s.customerByID[c.ID] = c
	}
	s.themeByID = make(map[string]*Theme, len(s.Themes))
	s.Themes = slices.DeleteFunc(s.Themes, func(th *Theme) bool {
		if first, dup := s.themeByID[th.ID]; dup {
			ds = append(ds, idClash(th.Path, th.Pos, "theme", th.ID, first.Path), idClash(first.Path, first.Pos, "theme", th.ID, th.Path))
			return true
		}
		s.themeByID[th.ID] = th
		return false
	})
	s.itemByID = make(map[string]*Item, len(s.Items))
	s.Items = slices.DeleteFunc(s.Items, func(it *Item) bool {
		if first, dup := s.itemByID[it.ID]; dup {
			ds = append(ds, idClash(it.Path, it.Pos, "item", it.ID, first.Path), idClash(first.Path, first.Pos, "item", it.ID, it.Path))
			return true
		}
		s.itemByID[it.ID] = it
		return false
	})
	themeIDs := make([]string, len(s.Themes))
	for i, th := range s.Themes {
		themeIDs[i] = th.ID
	}
	customerIDs := make([]string, len(s.Customers))
	for i, c := range s.Customers {
		customerIDs[i] = c.ID
	}
	for _, it := range s.Items {
		if it.Customer != nil && !it.Customer.Inline {
			if c := s.customerByID[it.Customer.ID]; c != nil {
				it.Customer = c
			} else {
				p := it.Pos["customer.value"]
				ds = append(ds, diag.Errorf(it.Path, p.Line, p.Col, "unknown-customer",
					"customer %q is not in customers.yaml%s", it.Customer.ID, diag.DidYouMean(it.Customer.ID, customerIDs)))
				it.Customer = &Customer{ID: it.Customer.ID}
			}
		}
		for i, id := range it.Themes {
			if s.themeByID[id] == nil {
				line, col := listElemPos(it, "themes", i)
				ds = append(ds, diag.Errorf(it.Path, line, col, "unknown-theme",
					"theme %q does not exist (no themes/%s.md)%s", id, id, diag.DidYouMean(id, themeIDs)))
			}
		}
		if it.DuplicateOf != "" && s.itemByID[it.DuplicateOf] == nil {
			p := it.Pos["duplicate_of.value"]
			ds = append(ds, diag.Errorf(it.Path, p.Line, p.Col, "unknown-item", "duplicate_of %q: no item has this id", it.DuplicateOf))
		}
	}
	ds = append(ds, s.cycles()...)
	return ds
}

// cycles reports every duplicate_of chain that loops, once per item on it.
func (s *Set) cycles() diag.List {
	var ds diag.List
	state := map[string]int{} // 0 unseen, 1 on the current path, 2 done
	for _, start := range s.Items {
		if start.DuplicateOf == "" {
			continue // a chain starting here ends here; one reaching it ends here too
		}
		var path []*Item
		for it := start; it != nil && state[it.ID] != 2; it = s.itemByID[it.DuplicateOf] {
			if state[it.ID] == 1 {
				i := slices.Index(path, it)
				loop := path[i:]
				ids := make([]string, 0, len(loop)+1)
				for _, l := range loop {
					ids = append(ids, l.ID)
				}
				ids = append(ids, it.ID)
				for _, l := range loop {
					p := l.Pos["duplicate_of.value"]
					ds = append(ds, diag.Errorf(l.Path, p.Line, p.Col, "duplicate-cycle", "duplicate_of forms a cycle: %s", strings.Join(ids, " -> ")))
				}
				break
			}
			state[it.ID] = 1
			path = append(path, it)
			if it.DuplicateOf == "" {
				break
			}
		}
		for _, it := range path {
			state[it.ID] = 2
		}
	}
	return ds
}

func idClash(path string, pos map[string]Position, kind, id, other string) diag.Diagnostic {
	p, ok := pos["id"]
	if !ok {
		p = Position{1, 1}
	}
	return diag.Errorf(path, p.Line, p.Col, "duplicate-id", "%s id %q is used twice: here and in %s", kind, id, other)
}

// listElemPos locates the i-th element of a list field (the key for formats
// that do not record element positions).
func listElemPos(it *Item, key string, i int) (int, int) {
	if p, ok := it.Pos[fmt.Sprintf("%s[%d]", key, i)]; ok {
		return p.Line, p.Col
	}
	p := it.Pos[key]
	return p.Line, p.Col
}
