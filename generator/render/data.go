package render

import (
	"math"
	"slices"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/sentiment"
)

// siteData is what the scoring and insight stages say about the content:
// per-theme scores with their breakdown, per-item weight and sentiment, and
// the aggregates behind the charts.
type siteData struct {
	themes    map[string]scoreView
	weight    map[string]float64
	sentiment map[string]string
	insights  *insightData
}

// insightData is the aggregate view of the feedback, the content of
// api/insights.json.
type insightData struct {
	Overall     bucket            `json:"overall"`
	Months      []monthData       `json:"months"`
	Segments    map[string]bucket `json:"segments"`
	Themes      map[string]bucket `json:"themes"`
	ThemeMonths map[string][]int  `json:"theme_months"`
	Untriaged   int               `json:"untriaged"`
}

type bucket struct {
	Volume    int      `json:"volume"`
	Sentiment shares   `json:"sentiment"`
	NPS       *float64 `json:"nps"`
	CSAT      *float64 `json:"csat"`
	CES       *float64 `json:"ces"`
	Responses int      `json:"responses"`
}

type shares struct {
	Positive float64 `json:"positive"`
	Neutral  float64 `json:"neutral"`
	Negative float64 `json:"negative"`
}

type monthData struct {
	Month string `json:"month"`
	bucket
	ByType   map[string]int `json:"by_type"`
	BySource map[string]int `json:"by_source"`
}

// tally accumulates a bucket.
type tally struct {
	volume, pos, neu, neg     int
	npsN, npsPro, npsDet      int
	csatN, csatSum, cesN, ces int
}

func (t *tally) add(it *content.Item, sent string) {
	t.volume += it.Mentions
	switch sent {
	case "positive":
		t.pos++
	case "negative":
		t.neg++
	default:
		t.neu++
	}
	if it.NPS != nil {
		t.npsN++
		if *it.NPS >= 9 {
			t.npsPro++
		} else if *it.NPS <= 6 {
			t.npsDet++
		}
	}
	if it.CSAT != nil {
		t.csatN++
		t.csatSum += *it.CSAT
	}
	if it.CES != nil {
		t.cesN++
		t.ces += *it.CES
	}
}

func (t *tally) bucket() bucket {
	b := bucket{Volume: t.volume, Responses: t.npsN + t.csatN + t.cesN}
	if n := t.pos + t.neu + t.neg; n > 0 {
		b.Sentiment = shares{round4(float64(t.pos) / float64(n)), round4(float64(t.neu) / float64(n)), round4(float64(t.neg) / float64(n))}
	}
	if t.npsN > 0 {
		v := round4(100 * float64(t.npsPro-t.npsDet) / float64(t.npsN))
		b.NPS = &v
	}
	if t.csatN > 0 {
		v := round4(float64(t.csatSum) / float64(t.csatN))
		b.CSAT = &v
	}
	if t.cesN > 0 {
		v := round4(float64(t.ces) / float64(t.cesN))
		b.CES = &v
	}
	return b
}

func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }

// computeData scores and aggregates the content with simple counts: demand
// is the number of distinct voices behind a theme (each customer once).
func (b *builder) computeData() *siteData {
	set, cfg, now := b.in.Set, b.cfg, b.opts.Now
	d := &siteData{themes: map[string]scoreView{}, weight: map[string]float64{}, sentiment: map[string]string{}}
	an := sentiment.New()
	for _, it := range set.Items {
		s := it.Sentiment
		if s == "" {
			s = sentiment.Label(an.Score(it.Title + ". " + it.Text))
		}
		d.sentiment[it.ID] = s
		age := now.Sub(it.Date).Hours() / 24
		d.weight[it.ID] = round4(math.Pow(0.5, max(age, 0)/cfg.HalfLifeDays) * float64(it.Mentions))
	}
	window := time.Duration(cfg.DemandWindowDays) * 24 * time.Hour
	for _, th := range set.Themes {
		customers := map[string]bool{}
		var demand, revenue float64
		var recent, before int
		for _, it := range set.Items {
			if !slices.Contains(it.Themes, th.ID) || !b.counted(it) || b.isDuplicate(it) {
				continue
			}
			switch {
			case it.Customer != nil && it.Customer.ID != "":
				if !customers[it.Customer.ID] {
					customers[it.Customer.ID] = true
					demand++
					revenue += it.Customer.Revenue
				}
			default:
				demand += float64(it.Mentions)
			}
			if it.Date.After(now.Add(-window)) {
				recent++
			} else if it.Date.After(now.Add(-2 * window)) {
				before++
			}
		}
		reach := float64(len(customers))
		if th.Reach != nil {
			reach = *th.Reach
		}
		var rice float64
		if th.Impact != nil && th.Confidence != nil && th.Effort != nil && *th.Effort > 0 {
			rice = reach * *th.Impact * *th.Confidence / *th.Effort
		}
		trend := 0.0
		if recent+before >= cfg.TrendMinItems {
			trend = round4(float64(recent-before) / float64(max(before, 1)))
		}
		d.themes[th.ID] = scoreView{
			Priority: demand, Demand: demand, Revenue: revenue, Reach: reach, RICE: round4(rice), Trend: trend,
			Customers: len(customers),
			Formula:   "demand",
			Breakdown: []inputView{
				{Name: "demand", Value: demand, Weight: 1, Note: "distinct customers, each counted once, and people without a customer"},
				{Name: "revenue", Value: revenue, Weight: 0, Note: "revenue of those customers"},
				{Name: "rice", Value: round4(rice), Weight: 0, Note: "reach × impact × confidence ÷ effort"},
				{Name: "trend", Value: trend, Weight: 0, Note: "last window against the one before"},
			},
		}
	}
	d.insights = b.computeInsights(d)
	return d
}

// isDuplicate reports whether an item duplicates another.
func (b *builder) isDuplicate(it *content.Item) bool {
	return it.DuplicateOf != "" || itemKind(b.cfg, b.in.Set.ItemStatus(it)) == config.KindDuplicate
}

func (b *builder) computeInsights(d *siteData) *insightData {
	set := b.in.Set
	out := &insightData{Segments: map[string]bucket{}, Themes: map[string]bucket{}, ThemeMonths: map[string][]int{}}
	var all tally
	segs := map[string]*tally{}
	themes := map[string]*tally{}
	months := map[string]*tally{}
	byType := map[string]map[string]int{}
	bySource := map[string]map[string]int{}
	var first, last string
	for _, it := range set.Items {
		if !b.counted(it) {
			continue
		}
		s := d.sentiment[it.ID]
		all.add(it, s)
		seg := "unknown"
		if it.Customer != nil && it.Customer.Segment != "" {
			seg = it.Customer.Segment
		}
		tallyOf(segs, seg).add(it, s)
		for _, th := range it.Themes {
			tallyOf(themes, th).add(it, s)
		}
		m := it.Date.UTC().Format("2006-01")
		tallyOf(months, m).add(it, s)
		countInto(byType, m, it.Type, it.Mentions)
		countInto(bySource, m, it.Source, it.Mentions)
		if first == "" || m < first {
			first = m
		}
		if m > last {
			last = m
		}
		if len(it.Themes) == 0 && !b.isDuplicate(it) && itemKind(b.cfg, set.ItemStatus(it)) == config.KindOpen {
			out.Untriaged++
		}
	}
	out.Overall = all.bucket()
	for k, t := range segs {
		out.Segments[k] = t.bucket()
	}
	for k, t := range themes {
		out.Themes[k] = t.bucket()
	}
	for _, m := range monthRange(first, last) {
		md := monthData{Month: m, ByType: map[string]int{}, BySource: map[string]int{}}
		if t := months[m]; t != nil {
			md.bucket = t.bucket()
		}
		for k, v := range byType[m] {
			md.ByType[k] = v
		}
		for k, v := range bySource[m] {
			md.BySource[k] = v
		}
		out.Months = append(out.Months, md)
	}
	for _, th := range set.Themes {
		counts := make([]int, len(out.Months))
		for _, it := range set.Items {
			if !b.counted(it) || !slices.Contains(it.Themes, th.ID) {
				continue
			}
			m := it.Date.UTC().Format("2006-01")
			if i, ok := slices.BinarySearchFunc(out.Months, m, func(md monthData, m string) int {
				return compareStrings(md.Month, m)
			}); ok {
				counts[i] += it.Mentions
			}
		}
		out.ThemeMonths[th.ID] = counts
	}
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func tallyOf(m map[string]*tally, k string) *tally {
	t := m[k]
	if t == nil {
		t = &tally{}
		m[k] = t
	}
	return t
}

func countInto(m map[string]map[string]int, month, key string, n int) {
	if m[month] == nil {
		m[month] = map[string]int{}
	}
	m[month][key] += n
}

// monthRange lists the months from first to last ("2026-03"), inclusive.
func monthRange(first, last string) []string {
	if first == "" {
		return nil
	}
	t, err := time.Parse("2006-01", first)
	end, err2 := time.Parse("2006-01", last)
	if err != nil || err2 != nil {
		return nil
	}
	var out []string
	for ; !t.After(end); t = t.AddDate(0, 1, 0) {
		out = append(out, t.Format("2006-01"))
	}
	return out
}
