package render

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/heedhq/heed/generator/insight"
)

// insightsView is what the insights page (and the overview) shows.
type insightsView struct {
	// Volume is the people heard (mentions), in Items pieces of feedback.
	Volume, Items      int
	Positive, Negative float64
	NPS, CSAT, CES     *float64
	Untriaged          int

	ByType, BySource, Sentiment *chart
	Scores                      []*chart
	Segments, Sources           *chart
	// Priority charts the top themes' priority; nil when priority numbers
	// are not published.
	Priority *chart
	Rising   []risingView
	// Matrix is the value/effort matrix, nil unless revenue figures are
	// published (it is the team's economics).
	Matrix      []quadrantView
	TimeToClose string
	// Emerging are clusters of unthemed feedback no theme fits: candidates
	// for a new theme.
	Emerging []emergingView
}

type emergingView struct {
	Name  string
	Terms []string
	Items []*itemView
	// Highlights are the first of Items (emergingItems at most): the
	// insights page lists a few of each topic, so that it stays light at
	// any size.
	Highlights []*itemView
}

// How many emerging topics the insights page shows (the largest first, as
// the grouping orders them), and how many items of each; heed triage
// lists them all.
const emergingTopics, emergingItems = 40, 5

type risingView struct {
	Theme                *themeView
	Recent, Before, Days int
}

type quadrantView struct {
	Title, Note string
	Themes      []*themeView
}

func (b *builder) insightsView() *insightsView {
	d := b.ins
	v := &insightsView{
		Volume: d.Overall.Volume, Items: d.Overall.Items, Positive: d.Overall.Sentiment.Positive, Negative: d.Overall.Sentiment.Negative,
		NPS: d.Overall.NPS, CSAT: d.Overall.CSAT, CES: d.Overall.CES, Untriaged: d.Untriaged,
	}
	if g := b.group; g != nil {
		for _, c := range g.Clusters {
			e := emergingView{Name: c.Name, Terms: c.Terms}
			for _, id := range c.Items {
				if it := b.itemByID[b.in.Content.ItemID(id)]; it != nil {
					e.Items = append(e.Items, it)
				}
			}
			if len(e.Items) >= 2 && len(v.Emerging) < emergingTopics {
				e.Highlights = e.Items[:min(len(e.Items), emergingItems)]
				v.Emerging = append(v.Emerging, e)
			}
		}
	}
	months := make([]string, len(d.Months))
	for i, m := range d.Months {
		months[i] = m.Month
	}
	countSeries := func(vocab []string, get func(insight.Month) map[string]int) []series {
		totals := map[string]int{}
		for _, m := range d.Months {
			for k, n := range get(m) {
				totals[k] += n
			}
		}
		keys := orderKeys(vocab, totals)
		var other []string
		if len(keys) > maxSeries {
			keys, other = keys[:maxSeries-1], keys[maxSeries-1:]
		}
		var ss []series
		for i, k := range keys {
			s := series{name: k, class: fmt.Sprintf("s%d", i), values: make([]float64, len(months))}
			for j, m := range d.Months {
				s.values[j] = float64(get(m)[k])
			}
			ss = append(ss, s)
		}
		if len(other) > 0 {
			s := series{name: otherLabel, class: fmt.Sprintf("s%d", maxSeries-1), values: make([]float64, len(months))}
			for j, m := range d.Months {
				for _, k := range other {
					s.values[j] += float64(get(m)[k])
				}
			}
			ss = append(ss, s)
		}
		return ss
	}
	v.ByType = barChart("by-type", "Feedback per month, by type", months, countSeries(b.cfg.Types, func(m insight.Month) map[string]int { return m.ByType }), false)
	v.BySource = barChart("by-source", "Feedback per month, by source", months, countSeries(b.cfg.Sources, func(m insight.Month) map[string]int { return m.BySource }), false)

	sent := []series{{name: "positive", class: "sent-positive"}, {name: "neutral", class: "sent-neutral"}, {name: "negative", class: "sent-negative"}}
	for i := range sent {
		sent[i].values = make([]float64, len(months))
	}
	for j, m := range d.Months {
		sent[0].values[j] = m.Sentiment.Positive
		sent[1].values[j] = m.Sentiment.Neutral
		sent[2].values[j] = m.Sentiment.Negative
	}
	v.Sentiment = barChart("sentiment", "Sentiment per month (share of feedback)", months, sent, true)
	v.Sentiment.Table.Rows = nil
	for j, m := range d.Months {
		v.Sentiment.Table.Rows = append(v.Sentiment.Table.Rows, []string{monthLong(m.Month),
			pctText(sent[0].values[j]), pctText(sent[1].values[j]), pctText(sent[2].values[j])})
	}

	for _, sc := range []struct {
		id, title, name string
		lo, hi          float64
		get             func(insight.Bucket) (*float64, int)
	}{
		{"nps", "Net Promoter Score per month", "NPS", -100, 100, func(b insight.Bucket) (*float64, int) { return b.NPS, b.Answers.NPS }},
		{"csat", "Satisfaction (CSAT: share of 4 and 5 answers, %) per month", "CSAT", 0, 100, func(b insight.Bucket) (*float64, int) { return b.CSAT, b.Answers.CSAT }},
		{"ces", "Customer effort (CES, 1 to 7) per month", "CES", 1, 7, func(b insight.Bucket) (*float64, int) { return b.CES, b.Answers.CES }},
	} {
		values, answers := make([]float64, len(months)), make([]int, len(months))
		any := false
		for j, m := range d.Months {
			values[j] = math.NaN()
			if p, n := sc.get(m.Bucket); p != nil {
				values[j], answers[j], any = *p, n, true
			}
		}
		if any {
			v.Scores = append(v.Scores, scoreChart(sc.id, sc.title, sc.name, months, values, answers, sc.lo, sc.hi, max(1, b.cfg.MinSample)))
		}
	}

	segTotals := map[string]int{}
	for k, bk := range d.Segments {
		segTotals[k] = bk.Volume
	}
	var segRows []barRow
	for _, k := range sortByCount(segTotals) {
		segRows = append(segRows, barRow{label: k, value: float64(segTotals[k]), display: shareText(segTotals[k], d.Overall.Volume)})
	}
	v.Segments = barList("segments", "Feedback by customer segment", "Segment", segRows)
	srcTotals := map[string]int{}
	for _, m := range d.Months {
		for k, n := range m.BySource {
			srcTotals[k] += n
		}
	}
	var srcRows []barRow
	for _, k := range sortByCount(srcTotals) {
		srcRows = append(srcRows, barRow{label: k, value: float64(srcTotals[k]), display: shareText(srcTotals[k], d.Overall.Volume)})
	}
	v.Sources = barList("sources", "Feedback by source", "Source", srcRows)

	if b.site.Scores {
		var prio []barRow
		for _, t := range b.themes[:min(len(b.themes), 15)] {
			prio = append(prio, barRow{label: t.Title, value: t.Score.Priority, display: formatNum(t.Score.Priority)})
		}
		v.Priority = barList("priority", "Themes by priority", "Theme", prio)
		if len(b.themes) > 15 {
			v.Priority.Note = fmt.Sprintf("The top 15 of %d themes.", len(b.themes))
		}
	}

	for _, r := range d.Rising {
		if t := b.themeByID[b.in.Content.ThemeID(r.Theme)]; t != nil && len(v.Rising) < 5 {
			v.Rising = append(v.Rising, risingView{Theme: t, Recent: r.Recent, Before: r.Previous, Days: b.cfg.DemandWindowDays})
		}
	}
	if b.site.Revenue {
		// Which themes are worth their effort is the team's economics.
		v.Matrix = b.matrix()
	}
	if c := d.TimeToClose; c.MedianDays != nil {
		v.TimeToClose = fmt.Sprintf("Feedback waited a median of %d days between being received and its theme shipping (%d pieces of feedback answered).",
			int(math.Round(*c.MedianDays)), c.Items)
	}
	return v
}

func pctText(f float64) string { return fmt.Sprintf("%d%%", int(math.Round(f*100))) }

func shareText(n, total int) string {
	if total == 0 {
		return "0"
	}
	return fmt.Sprintf("%d (%d%%)", n, int(math.Round(100*float64(n)/float64(total))))
}

// orderKeys lists the keys of counts: vocabulary order first, then the
// rest by count (largest first) and name.
func orderKeys(vocab []string, counts map[string]int) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range vocab {
		if counts[k] > 0 {
			out = append(out, k)
			seen[k] = true
		}
	}
	rest := map[string]int{}
	for k, n := range counts {
		if !seen[k] && n > 0 {
			rest[k] = n
		}
	}
	return append(out, sortByCount(rest)...)
}

func sortByCount(counts map[string]int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, c string) int { return cmp.Or(cmp.Compare(counts[c], counts[a]), cmp.Compare(a, c)) })
	return keys
}

// themeMixes charts, for every theme, where its feedback comes from: its
// counted, non-duplicate items by segment, source and type, in one pass over
// the items.
func (b *builder) themeMixes() map[string][]chart {
	type mix struct {
		src, typ, seg map[string]int
		total         int
	}
	acc := make(map[string]*mix, len(b.themes))
	for _, t := range b.themes {
		acc[t.ID] = &mix{src: map[string]int{}, typ: map[string]int{}, seg: map[string]int{}}
	}
	var seen []string
	for _, it := range b.set.Items {
		if len(it.Themes) == 0 || b.isDuplicate(it) {
			continue
		}
		n := max(it.Mentions, 1)
		s := "unknown"
		if it.Customer != nil && it.Customer.Segment != "" {
			s = it.Customer.Segment
		}
		seen = seen[:0]
		for _, id := range it.Themes {
			m := acc[id]
			if m == nil || slices.Contains(seen, id) {
				continue
			}
			seen = append(seen, id)
			m.total += n
			m.src[it.Source] += n
			m.typ[it.Type] += n
			m.seg[s] += n
		}
	}
	out := make(map[string][]chart, len(acc))
	for id, m := range acc {
		rows := func(counts map[string]int) []barRow {
			var out []barRow
			for _, k := range sortByCount(counts) {
				out = append(out, barRow{label: k, value: float64(counts[k]), display: shareText(counts[k], m.total)})
			}
			return out
		}
		out[id] = []chart{
			*barList("mix-segments", "Segments", "Segment", rows(m.seg)),
			*barList("mix-sources", "Sources", "Source", rows(m.src)),
			*barList("mix-types", "Types", "Type", rows(m.typ)),
		}
	}
	return out
}

// themeChart is a theme's monthly volume over the site's months.
func (b *builder) themeChart(t *themeView) *chart {
	d := b.ins
	counts := d.ThemeMonths[b.in.Content.ThemeKey(t.ID)]
	months := make([]string, 0, len(d.Months))
	vals := make([]float64, 0, len(d.Months))
	for i, m := range d.Months {
		if i < len(counts) {
			months = append(months, m.Month)
			vals = append(vals, float64(counts[i]))
		}
	}
	return barChart("theme-volume", "Feedback per month", months, []series{{name: "feedback", class: "s0", values: vals}}, false)
}

// matrix groups the themes of the value/effort matrix by quadrant.
func (b *builder) matrix() []quadrantView {
	q := []quadrantView{
		{Title: "Quick wins", Note: "High value, low effort"},
		{Title: "Big bets", Note: "High value, high effort"},
		{Title: "Fill-ins", Note: "Lower value, low effort"},
		{Title: "Money pits", Note: "Lower value, high effort"},
	}
	index := map[string]int{insight.QuickWin: 0, insight.BigBet: 1, insight.FillIn: 2, insight.MoneyPit: 3}
	n := 0
	for _, p := range b.ins.Matrix {
		i, ok := index[p.Quadrant]
		if t := b.themeByID[b.in.Content.ThemeID(p.Theme)]; ok && t != nil {
			q[i].Themes = append(q[i].Themes, t)
			n++
		}
	}
	if n < 2 {
		return nil
	}
	return q
}
