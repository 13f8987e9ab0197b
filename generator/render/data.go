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

// scoreOf is a theme's score as the site shows it.
func (b *builder) scoreOf(id string) scoreView {
	if b.in.Scores == nil {
		return scoreView{}
	}
	ts := b.in.Scores.Theme(id)
	if ts == nil {
		return scoreView{}
	}
	v := scoreView{
		Priority: ts.Priority, Demand: ts.Demand, Revenue: ts.Revenue, Reach: ts.Reach, RICE: ts.RICE, Trend: ts.Trend,
		Customers: ts.Customers, Formula: ts.Formula, TrendLabel: trendLabel(ts),
	}
	for _, in := range ts.Breakdown {
		v.Breakdown = append(v.Breakdown, inputView{Name: in.Name, Value: in.Value, Weight: in.Weight, Note: in.Note})
	}
	return v
}

// itemScore returns an item's weight and sentiment ("" for an answer that
// is only a score).
func (b *builder) itemScore(it *content.Item) (float64, string) {
	if b.in.Scores != nil {
		if is := b.in.Scores.Items[it.ID]; is != nil {
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
	return it.DuplicateOf != "" || itemKind(b.cfg, b.in.Set.ItemStatus(it)) == config.KindDuplicate
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
