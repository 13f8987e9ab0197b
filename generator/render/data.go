package render

import (
	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/insight"
	"github.com/heedhq/heed/generator/score"
)

// insights fetches the insights and the groups the site's lists show,
// once (the caller may make them only now).
func (b *builder) insights() {
	if b.ins != nil {
		return
	}
	if b.in.Insights != nil {
		b.ins = b.in.Insights()
	}
	if b.ins == nil {
		b.ins = &insight.Insights{}
	}
}

// groups fetches the grouping's result, once; nil without one.
func (b *builder) groups() {
	if b.grouped || b.in.Groups == nil {
		return
	}
	b.group, b.grouped = b.in.Groups(), true
}

// scoreOf is a theme's score as the site shows it, and its priority.
func (b *builder) scoreOf(id string) (scoreView, float64) {
	if b.in.Scores == nil {
		return scoreView{}, 0
	}
	ts := b.in.Scores.Theme(b.in.Content.ThemeKey(id))
	if ts == nil {
		return scoreView{}, 0
	}
	v := scoreView{Customers: ts.Customers, Formula: ts.Formula, TrendLabel: trendLabel(ts)}
	if !b.site.Scores {
		return v, ts.Priority
	}
	v.Shown, v.RevenueShown = true, b.site.Revenue
	v.Priority, v.Demand, v.Reach, v.RICE, v.Trend = ts.Priority, ts.Demand, ts.Reach, ts.RICE, ts.Trend
	if v.RevenueShown {
		v.Revenue = ts.Revenue
	}
	for _, in := range ts.Breakdown {
		iv := inputView{Name: in.Name, Value: in.Value, Weight: in.Weight, Note: in.Note}
		if in.Name == "revenue" && !v.RevenueShown {
			iv.Value, iv.Hidden, iv.Note = 0, true, "not published (publish.revenue)"
		}
		v.Breakdown = append(v.Breakdown, iv)
	}
	return v, ts.Priority
}

// itemScore returns an item's weight and sentiment ("" for an answer that
// is only a score).
func (b *builder) itemScore(it *content.Item) (float64, string) {
	if b.in.Scores != nil {
		if is := b.in.Scores.Items[b.in.Content.ItemKey(it.ID)]; is != nil {
			return is.Weight, is.Sentiment
		}
	}
	if it.Sentiment != "" || it.ScoreOnly {
		return 0, it.Sentiment
	}
	return 0, "neutral"
}

// isDuplicate reports whether an item duplicates another.
func (b *builder) isDuplicate(it *content.Item) bool {
	return it.DuplicateOf != "" || itemKind(b.cfg, b.set.ItemStatus(it)) == config.KindDuplicate
}

// fileHistory is the git timeline of a repository file, or nil.
func (b *builder) fileHistory(path string) *history.File {
	if b.in.History == nil {
		return nil
	}
	return b.in.History.Files[path]
}

// showAuthors says whether commit authors may be named.
func (b *builder) showAuthors() bool { return b.opts.Internal || b.cfg.Publish.Authors }

// trendLabel words a theme's trend (see scoreView.TrendLabel).
func trendLabel(ts *score.ThemeScore) string {
	switch {
	case !ts.TrendKnown:
		return ""
	case ts.Previous <= 0:
		return "new"
	case ts.Trend >= 1:
		return "rising fast"
	case ts.Trend >= 0.2:
		return "rising"
	case ts.Trend <= -0.5:
		return "falling fast"
	case ts.Trend <= -0.2:
		return "falling"
	}
	return "steady"
}
