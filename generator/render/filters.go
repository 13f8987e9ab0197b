package render

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"sync"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
)

// The filters of the feedback list work across every page of it with a
// little JavaScript (filter.js) and two kinds of small files, fetched only
// when a reader picks a filter:
//
//   - feedback/filters/<facet>/<n>.json, for option n (from 0, in the
//     form's order) of a facet: {"count": N, "gaps": [...]}, the positions in
//     the list (newest first, from 0) of the items that have that value,
//     each given as its distance from the previous one (the first from 0),
//     which keeps the numbers of a common value short;
//   - feedback/rows/<k>.json: {"rows": [...]}, what the list shows of the
//     items at positions rowChunk*k to rowChunk*(k+1)-1, each with "u" its
//     link (from the site's root), "t" title, "d" date (ISO) and "dl" as
//     shown, "s" status label and "k" its kind, "y" type, "o" source, and
//     when set "c" customer, "g" segment, "n" mentions (over 1) and "h" its
//     themes as [link, title] pairs.
//
// Every value is text: filter.js puts it into the page as text nodes.

// rowChunk is how many items a file of rows holds: small, so that the
// first matches of a rare value spread over the list cost a few
// kilobytes each.
const rowChunk = 25

// facets are the filters of the feedback list: the options, the form's
// views and, by facet and option, the list positions that match.
type facets struct {
	views []filterView
	// match holds, for views[f].Options[o], the sorted positions of the
	// matching items, made once by positions.
	once  sync.Once
	match [][][]int
}

// facets offers, for each facet, the values that published items have:
// vocabulary order where there is one, else alphabetical (themes by
// title). Made once, from the content, before the views.
func (b *builder) facets() *facets {
	b.facetOnce.Do(func() {
		have := map[string]map[string]bool{"theme": {}, "type": {}, "source": {}, "status": {}, "segment": {}}
		for _, it := range b.pub {
			b.facetValues(it, func(name, v string) { have[name][v] = true })
		}
		ordered := func(vocab []string, present map[string]bool, label func(string) string) []optionView {
			var out []optionView
			for _, v := range vocab {
				if present[v] {
					out = append(out, optionView{v, label(v)})
					delete(present, v)
				}
			}
			var rest []string
			for v := range present {
				rest = append(rest, v)
			}
			slices.Sort(rest)
			for _, v := range rest {
				out = append(out, optionView{v, label(v)})
			}
			return out
		}
		var themes []optionView
		byTitle := slices.Clone(b.themes)
		slices.SortStableFunc(byTitle, func(a, c *themeView) int { return cmp.Or(cmp.Compare(a.Title, c.Title), cmp.Compare(a.ID, c.ID)) })
		for _, t := range byTitle {
			if have["theme"][t.ID] {
				themes = append(themes, optionView{t.ID, t.Title})
			}
		}
		same := func(s string) string { return s }
		b.facetList = &facets{views: []filterView{
			{"theme", "Theme", themes},
			{"type", "Type", ordered(b.cfg.Types, have["type"], same)},
			{"source", "Source", ordered(b.cfg.Sources, have["source"], same)},
			{"status", "Status", ordered(config.Names(b.cfg.ItemStatuses), have["status"], statusTitle)},
			{"segment", "Segment", ordered(nil, have["segment"], same)},
		}}
	})
	return b.facetList
}

// filterForm returns the feedback list's form, the partial filters
// rendered once: it is the same on every page of the list (its Total is
// every published item, as each page's Pager says).
func (b *builder) filterForm() (template.HTML, error) {
	b.formOnce.Do(func() {
		b.form, b.formErr = b.fragment(partFilters, &filtersView{Site: b.site, Filters: b.facets().views, Total: len(b.pub)})
	})
	return b.form, b.formErr
}

// facetValues calls add with each of an item's values of each facet
// (facet names as in facets' views), each value once. A callback, not a
// map: it runs twice per published item, and a map per item was 90 MB
// of garbage at 100,000 items.
func (b *builder) facetValues(it *content.Item, add func(facet, value string)) {
	add("type", it.Type)
	add("source", it.Source)
	add("status", b.set.ItemStatus(it))
	for k, id := range it.Themes {
		if b.themeByID[id] != nil && !slices.Contains(it.Themes[:k], id) {
			add("theme", id)
		}
	}
	if it.Customer != nil && it.Customer.Segment != "" {
		add("segment", it.Customer.Segment)
	}
}

// positions returns, by facet and option, the list positions of the
// matching items, made once.
func (f *facets) positions(b *builder) [][][]int {
	f.once.Do(func() {
		index := make([]map[string]int, len(f.views))
		byName := make(map[string]int, len(f.views))
		f.match = make([][][]int, len(f.views))
		for i, v := range f.views {
			byName[v.Name] = i
			index[i] = make(map[string]int, len(v.Options))
			for o, opt := range v.Options {
				index[i][opt.Value] = o
			}
			f.match[i] = make([][]int, len(v.Options))
		}
		// An item adds its position once to each option it has: the order
		// of its values does not matter.
		for pos, i := range b.order {
			b.facetValues(b.pub[i], func(name, val string) {
				fi, ok := byName[name]
				if !ok {
					return
				}
				if o, ok := index[fi][val]; ok {
					f.match[fi][o] = append(f.match[fi][o], pos)
				}
			})
		}
	})
	return f.match
}

// filterFiles adds the jobs of the filters' files. They are compact JSON,
// one line, since only scripts read them.
func (b *builder) filterFiles(file func(path string, f func() ([]byte, error))) {
	f := b.facets()
	for fi, v := range f.views {
		for o := range v.Options {
			file("feedback/filters/"+v.Name+"/"+strconv.Itoa(o)+".json", func() ([]byte, error) {
				list := f.positions(b)[fi][o]
				out := make([]byte, 0, 32+4*len(list))
				out = append(out, `{"count":`...)
				out = strconv.AppendInt(out, int64(len(list)), 10)
				out = append(out, `,"gaps":[`...)
				last := 0
				for i, pos := range list {
					if i > 0 {
						out = append(out, ',')
					}
					out = strconv.AppendInt(out, int64(pos-last), 10)
					last = pos
				}
				return append(out, "]}\n"...), nil
			})
		}
	}
	for k := 0; k*rowChunk < len(b.pub); k++ {
		file("feedback/rows/"+strconv.Itoa(k)+".json", func() ([]byte, error) {
			return b.rows(b.items[k*rowChunk : min(len(b.items), (k+1)*rowChunk)]), nil
		})
	}
}

// rows writes a file of rows (see above).
func (b *builder) rows(items []*itemView) []byte {
	out := make([]byte, 0, 320*len(items))
	field := func(name, value string) {
		out = append(out, ',', '"')
		out = append(out, name...)
		out = append(out, '"', ':')
		out = appendJSONString(out, value)
	}
	out = append(out, `{"rows":[`...)
	for i, it := range items {
		if i > 0 {
			out = append(out, ",\n"...)
		}
		out = append(out, `{"u":`...)
		out = appendJSONString(out, it.rel)
		field("t", it.Title)
		field("d", it.Date.UTC().Format("2006-01-02"))
		field("dl", formatDate(it.Date))
		field("s", statusTitle(it.Status))
		field("k", it.Kind)
		field("y", it.Type)
		field("o", it.Source)
		if it.Customer != nil && it.Customer.Name != "" {
			field("c", it.Customer.Name)
		}
		if it.Segment != "" {
			field("g", it.Segment)
		}
		if it.Mentions > 1 {
			out = append(out, `,"n":`...)
			out = strconv.AppendInt(out, int64(it.Mentions), 10)
		}
		if len(it.Themes) > 0 {
			out = append(out, `,"h":[`...)
			for j, t := range it.Themes {
				if j > 0 {
					out = append(out, ',')
				}
				out = append(out, '[')
				out = appendJSONString(out, t.path)
				out = append(out, ',')
				out = appendJSONString(out, t.Title)
				out = append(out, ']')
			}
			out = append(out, ']')
		}
		out = append(out, '}')
	}
	return append(out, "]}\n"...)
}
