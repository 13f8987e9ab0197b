package insight

import (
	"cmp"
	"slices"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/score"
)

// Compute aggregates set, with the sentiment, theme membership, triage and
// priority of scores and as of scores.Now. With public, private items are
// left out unless heed.yaml's publish.private_counts lets them count in
// aggregates. Every map and slice of the result is non-nil, so JSON shows
// {} and [] rather than null.
func Compute(set *content.Set, scores *score.Result, public bool) *Insights {
	cfg := set.Config
	var items []*content.Item
	for _, it := range set.Items {
		if public && it.Private && !cfg.Publish.PrivateCounts {
			continue
		}
		items = append(items, it)
	}
	ins := &Insights{
		Months:      []Month{},
		Segments:    map[string]Bucket{},
		Themes:      map[string]Bucket{},
		ThemeMonths: map[string][]int{},
		Rising:      []Rising{},
		Matrix:      []Quadrant{},
		TimeToClose: Closing{Themes: []ThemeClosing{}},
	}
	months, first := monthRange(items, scores.Now)
	monthAccs := make([]tally, len(months))
	for _, m := range months {
		ins.Months = append(ins.Months, Month{Month: m, ByType: map[string]int{}, BySource: map[string]int{}})
	}
	themeAccs := make(map[string]*tally, len(set.Themes))
	for _, th := range set.Themes {
		themeAccs[th.ID] = &tally{}
		ins.ThemeMonths[th.ID] = make([]int, len(months))
	}
	segmentAccs := map[string]*tally{}

	// An item's month is found by arithmetic on its year and month, which
	// is what formatting its date and looking the month up would find,
	// without a string per item.
	firstMonth := monthNumber(first)
	// Each item's score is looked up once, for the aggregates below too.
	itemScores := make([]*score.ItemScore, len(items))
	var overall tally
	for k, it := range items {
		is := scores.Items[it.ID]
		itemScores[k] = is
		sent := sentimentOf(it, is)
		people := max(it.Mentions, 1)
		overall.add(it, sent)
		mi := monthNumber(it.Date) - firstMonth
		monthAccs[mi].add(it, sent)
		ins.Months[mi].ByType[it.Type] += people
		ins.Months[mi].BySource[it.Source] += people
		if it.Customer != nil && it.Customer.Segment != "" {
			seg := segmentAccs[it.Customer.Segment]
			if seg == nil {
				seg = &tally{}
				segmentAccs[it.Customer.Segment] = seg
			}
			seg.add(it, sent)
		}
		if is == nil {
			continue
		}
		if is.Untriaged {
			ins.Untriaged++
		}
		for _, id := range is.Themes {
			if acc := themeAccs[id]; acc != nil {
				acc.add(it, sent)
				ins.ThemeMonths[id][mi] += people
			}
		}
	}
	ins.Overall = overall.bucket()
	for i := range ins.Months {
		ins.Months[i].Bucket = monthAccs[i].bucket()
	}
	for seg, acc := range segmentAccs {
		ins.Segments[seg] = acc.bucket()
	}
	for id, acc := range themeAccs {
		ins.Themes[id] = acc.bucket()
	}
	ins.Rising = rising(set, scores, items, itemScores)
	ins.Matrix = matrix(set, scores)
	ins.TimeToClose = closing(set, items, itemScores)
	return ins
}

// sentimentOf is an item's sentiment as scored, else as declared, else
// neutral; "" for an answer that is only a score and declares none.
func sentimentOf(it *content.Item, is *score.ItemScore) string {
	switch {
	case is != nil && is.Sentiment != "":
		return is.Sentiment
	case it.Sentiment != "":
		return it.Sentiment
	case it.ScoreOnly:
		return ""
	}
	return "neutral"
}

// monthRange lists the months "YYYY-MM" from the earliest item's to the
// later of the latest item's and now's (now ignored when zero), and the first
// of them.
func monthRange(items []*content.Item, now time.Time) ([]string, time.Time) {
	if len(items) == 0 {
		return nil, time.Time{}
	}
	first, last := monthOf(items[0].Date), monthOf(items[0].Date)
	for _, it := range items[1:] {
		m := monthOf(it.Date)
		if m.Before(first) {
			first = m
		}
		if m.After(last) {
			last = m
		}
	}
	if !now.IsZero() {
		if m := monthOf(now.UTC()); m.After(last) {
			last = m
		}
	}
	var out []string
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out, first
}

// monthNumber numbers t's month, as written (in t's own zone): one more
// for each month later.
func monthNumber(t time.Time) int {
	y, m, _ := t.Date()
	return y*12 + int(m) - 1
}

// monthOf is the first day of t's month, as written (in t's own zone).
func monthOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// tally counts a group of items; its bucket is computed from integers, so
// it never depends on the order items were added in.
type tally struct {
	items                               int
	volume, positive, neutral, negative int
	felt                                int // volume with a sentiment
	promoters, detractors, npsN         int
	satisfied, csatN                    int
	cesSum, cesN                        int
	responses                           int
}

func (t *tally) add(it *content.Item, sentiment string) {
	people := max(it.Mentions, 1)
	t.items++
	t.volume += people
	if sentiment != "" {
		t.felt += people
	}
	switch sentiment {
	case "positive":
		t.positive += people
	case "negative":
		t.negative += people
	case "":
	default:
		t.neutral += people
	}
	if it.NPS != nil {
		t.npsN++
		switch n := *it.NPS; {
		case n >= 9:
			t.promoters++
		case n <= 6:
			t.detractors++
		}
	}
	if it.CSAT != nil {
		t.csatN++
		if *it.CSAT >= 4 {
			t.satisfied++
		}
	}
	if it.CES != nil {
		t.cesN++
		t.cesSum += *it.CES
	}
	if it.NPS != nil || it.CSAT != nil || it.CES != nil {
		t.responses++
	}
}

func (t *tally) bucket() Bucket {
	b := Bucket{Items: t.items, Volume: t.volume, Responses: t.responses, Answers: Answers{NPS: t.npsN, CSAT: t.csatN, CES: t.cesN}}
	if t.felt > 0 {
		v := float64(t.felt)
		b.Sentiment = Shares{Positive: float64(t.positive) / v, Neutral: float64(t.neutral) / v, Negative: float64(t.negative) / v}
	}
	if t.npsN > 0 {
		b.NPS = ptr(100 * float64(t.promoters-t.detractors) / float64(t.npsN))
	}
	if t.csatN > 0 {
		b.CSAT = ptr(100 * float64(t.satisfied) / float64(t.csatN))
	}
	if t.cesN > 0 {
		b.CES = ptr(float64(t.cesSum) / float64(t.cesN))
	}
	return b
}

func ptr(f float64) *float64 { return &f }

// rising lists the themes whose volume grew from the demand window before
// the last to the last one, with at least demand.trend_min_items of recent
// volume: fastest growth first, then most recent volume, then id.
// itemScores are the scores of items, in order.
func rising(set *content.Set, scores *score.Result, items []*content.Item, itemScores []*score.ItemScore) []Rising {
	cfg := set.Config
	window := float64(cfg.DemandWindowDays)
	if window <= 0 {
		window = 90
	}
	recent, previous := map[string]int{}, map[string]int{}
	for k, it := range items {
		is := itemScores[k]
		if is == nil {
			continue
		}
		age := scores.Now.Sub(it.Date).Hours() / 24
		for _, id := range is.Themes {
			switch {
			case age < window:
				recent[id] += max(it.Mentions, 1)
			case age < 2*window:
				previous[id] += max(it.Mentions, 1)
			}
		}
	}
	out := []Rising{}
	for _, th := range set.Themes {
		r, p := recent[th.ID], previous[th.ID]
		if r < max(cfg.TrendMinItems, 1) || r <= p {
			continue
		}
		out = append(out, Rising{Theme: th.ID, Recent: r, Previous: p, Growth: float64(r-p) / float64(max(p, 1))})
	}
	slices.SortFunc(out, func(a, b Rising) int {
		return cmp.Or(cmp.Compare(b.Growth, a.Growth), cmp.Compare(b.Recent, a.Recent), cmp.Compare(a.Theme, b.Theme))
	})
	return out
}

// matrix places the open and active themes that declare an effort: value
// is the theme's priority, and a theme is of high value when its priority
// is at least the median of theme priorities, of high effort when its effort
// is above the median effort. The quadrants are thus relative to the
// roadmap's own themes.
func matrix(set *content.Set, scores *score.Result) []Quadrant {
	out := []Quadrant{}
	for _, th := range set.Themes {
		kind := set.StatusKind(th)
		if th.Effort == nil || *th.Effort <= 0 || (kind != config.KindOpen && kind != config.KindActive) {
			continue
		}
		q := Quadrant{Theme: th.ID, Effort: *th.Effort}
		if ts := scores.Theme(th.ID); ts != nil {
			q.Value = ts.Priority
		}
		out = append(out, q)
	}
	values, efforts := make([]float64, len(out)), make([]float64, len(out))
	for i, q := range out {
		values[i], efforts[i] = q.Value, q.Effort
	}
	midValue, midEffort := median(values), median(efforts)
	for i := range out {
		high, hard := out[i].Value >= midValue, out[i].Effort > midEffort
		switch {
		case high && !hard:
			out[i].Quadrant = QuickWin
		case high && hard:
			out[i].Quadrant = BigBet
		case !high && !hard:
			out[i].Quadrant = FillIn
		default:
			out[i].Quadrant = MoneyPit
		}
	}
	slices.SortFunc(out, func(a, b Quadrant) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Theme, b.Theme))
	})
	return out
}

// closing measures, for every shipped theme with a shipped date, the days
// from each item counting toward it to that date; items dated after it
// shipped did not wait for it and are left out. itemScores are the scores
// of items, in order.
func closing(set *content.Set, items []*content.Item, itemScores []*score.ItemScore) Closing {
	perTheme := map[string][]float64{}
	var all []float64
	for k, it := range items {
		is := itemScores[k]
		if is == nil {
			continue
		}
		for _, id := range is.Themes {
			th := set.Theme(id)
			if th == nil || th.Shipped.IsZero() || set.StatusKind(th) != config.KindDone || it.Date.After(th.Shipped) {
				continue
			}
			days := th.Shipped.Sub(it.Date).Hours() / 24
			perTheme[id] = append(perTheme[id], days)
			all = append(all, days)
		}
	}
	c := Closing{Items: len(all), Themes: []ThemeClosing{}}
	if len(all) > 0 {
		c.MedianDays = ptr(median(all))
	}
	for _, th := range set.Themes { // sorted by id
		if d := perTheme[th.ID]; len(d) > 0 {
			c.Themes = append(c.Themes, ThemeClosing{Theme: th.ID, MedianDays: median(d), Items: len(d)})
		}
	}
	return c
}

// median is the middle value of xs (the mean of the two middle ones for an
// even count), 0 for none. It does not change xs.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
