package render

import (
	"math"
	"slices"
	"strings"

	"github.com/heedhq/heed/generator/insight"
)

// The machine-readable API (DESIGN.md, "Site"): api/themes.json,
// api/feedback.json and api/insights.json. Field names are a contract
// (json_ref_test.go holds them as struct tags); the large files are
// written field by field with a jsonWriter.

func (b *builder) apiThemes() ([]byte, error) {
	// URLs are written as base and path, not made: b.urls.absolute(rel)
	// is base + rel without its leading slash.
	base := b.urls.absolute("")
	size := 32
	for _, t := range b.themes {
		size += 1024 + len(t.Title) + len(t.Summary) + len(t.Score.Formula) + len(t.path)
		for _, in := range t.Score.Breakdown {
			size += 100 + len(in.Name) + len(in.Note)
		}
		for _, it := range t.Evidence {
			size += 16 + len(it.ID) // ",\n", indent, quotes
		}
		size += len(t.History) * 130
	}
	w := newJSONWriter(size)
	w.open('{')
	w.key("themes")
	w.open('[')
	for _, t := range b.themes {
		w.elem()
		w.open('{')
		w.field("id", t.ID)
		w.field("title", t.Title)
		w.fieldOmit("summary", t.Summary)
		w.field("status", t.Status)
		w.field("horizon", t.Horizon)
		w.field("target", t.Target)
		w.key("shipped")
		if t.Shipped.IsZero() {
			w.null()
		} else {
			w.time(t.Shipped, "2006-01-02")
		}
		w.key("url")
		w.strs(base, strings.TrimPrefix(t.path, "/"))
		w.fieldInt("rank", t.Rank)
		w.fieldInt("customers", t.Score.Customers)
		w.fieldInt("volume", t.Volume)
		w.key("counts")
		w.open('{')
		w.fieldInt("items", t.Counts.Items)
		w.fieldInt("mentions", t.Counts.Mentions)
		w.fieldInt("customers", t.Counts.Customers)
		w.close('}')
		// Without publish.scores there are no numbers to show, and without
		// publish.revenue no revenue: the keys are left out.
		if s := t.Score; s.Shown {
			w.key("scores")
			w.open('{')
			w.fieldFloat("priority", round4(s.Priority))
			w.fieldFloat("demand", round4(s.Demand))
			if s.RevenueShown {
				w.fieldFloat("revenue", round4(s.Revenue))
			}
			w.fieldFloat("reach", round4(s.Reach))
			w.fieldFloat("rice", round4(s.RICE))
			w.fieldFloat("trend", round4(s.Trend))
			w.close('}')
			w.key("breakdown")
			w.open('{')
			w.field("formula", s.Formula)
			w.key("inputs")
			w.open('[')
			for _, in := range s.Breakdown {
				w.elem()
				w.open('{')
				w.field("name", in.Name)
				w.key("value")
				if in.Hidden {
					w.null()
				} else {
					w.float(round4(in.Value))
				}
				w.fieldFloat("weight", round4(in.Weight))
				if in.Hidden {
					w.key("hidden")
					w.buf = append(w.buf, "true"...)
				}
				w.fieldOmit("note", in.Note)
				w.close('}')
			}
			w.close(']')
			w.close('}')
		}
		w.key("items")
		w.open('[')
		for _, it := range t.Evidence {
			w.elem()
			w.str(it.ID)
		}
		w.close(']')
		w.key("history")
		w.open('[')
		for _, c := range t.History {
			w.elem()
			w.open('{')
			w.field("status", c.Status)
			w.key("date")
			w.time(c.Date, "2006-01-02")
			w.field("commit", c.Commit)
			w.close('}')
		}
		w.close(']')
		w.close('}')
	}
	w.close(']')
	w.close('}')
	return w.bytes()
}

func (b *builder) apiFeedback() ([]byte, error) {
	base := b.urls.absolute("") // as in apiThemes
	size := 32
	for _, it := range b.items {
		size += 250 + len(it.ID) + len(it.Title) + len(it.Source) + len(it.Type) + len(it.Status) + len(it.Sentiment) +
			len(it.Segment) + len(base) + len(it.URL)
		for _, id := range it.ThemeIDs {
			size += 16 + len(id)
		}
		if it.Customer != nil {
			size += len(it.Customer.Name)
		}
	}
	w := newJSONWriter(size)
	w.open('{')
	w.key("items")
	w.open('[')
	for _, it := range b.items {
		w.elem()
		w.open('{')
		w.field("id", it.ID)
		w.field("title", it.Title)
		w.key("date")
		w.time(it.Date, "2006-01-02")
		w.field("source", it.Source)
		w.field("type", it.Type)
		w.key("themes")
		w.strList(it.ThemeIDs)
		w.field("status", it.Status)
		if it.Sentiment == "" { // an answer that is only a score
			w.key("sentiment")
			w.null()
		} else {
			w.field("sentiment", it.Sentiment)
		}
		w.fieldOmit("segment", it.Segment)
		if it.Customer != nil {
			w.fieldOmit("customer", it.Customer.Name)
		}
		w.fieldInt("mentions", it.Mentions)
		w.key("url")
		w.strs(base, strings.TrimPrefix(strings.TrimPrefix(it.URL, b.urls.path), "/"))
		w.close('}')
	}
	w.close(']')
	w.close('}')
	return w.bytes()
}

// apiInsights is small (a bucket per month, segment and theme): it is
// written from insight.Insights' own struct tags, with the themes' ids as
// the site shows them, the value/effort matrix only when revenue figures
// are published (and its priorities only with the scores).
func (b *builder) apiInsights() ([]byte, error) {
	ins := *b.ins
	c := b.in.Content
	ins.Themes = make(map[string]insight.Bucket, len(b.ins.Themes))
	for id, bk := range b.ins.Themes {
		ins.Themes[c.ThemeID(id)] = bk
	}
	ins.Rising = slices.Clone(b.ins.Rising)
	for i := range ins.Rising {
		ins.Rising[i].Theme = c.ThemeID(ins.Rising[i].Theme)
	}
	ins.Matrix = []insight.Quadrant{}
	if b.site.Revenue {
		for _, q := range b.ins.Matrix {
			q.Theme = c.ThemeID(q.Theme)
			if !b.site.Scores {
				q.Value = 0
			}
			ins.Matrix = append(ins.Matrix, q)
		}
	}
	ins.TimeToClose.Themes = slices.Clone(b.ins.TimeToClose.Themes)
	for i := range ins.TimeToClose.Themes {
		ins.TimeToClose.Themes[i].Theme = c.ThemeID(ins.TimeToClose.Themes[i].Theme)
	}
	return writeJSON(&ins)
}

// round4 keeps four decimals, so the API carries no floating-point noise.
func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }
