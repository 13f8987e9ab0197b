package render

import (
	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/insight"
	"github.com/heedhq/heed/generator/score"
)

// stages completes the input: scores are computed from the content when
// the caller did not pass them.
func (b *builder) stages() {
	if b.in.Scores == nil {
		b.in.Scores = score.Compute(b.in.Set, b.opts.Now)
	}
}

// insights completes the input with insights when the caller did not pass
// them; only the lists of the site (all) need them.
func (b *builder) insights() {
	if b.in.Insights == nil {
		b.in.Insights = insight.Compute(b.in.Set, b.in.Scores, !b.opts.Internal)
	}
}

// scoreOf is a theme's score as the site shows it.
func (b *builder) scoreOf(id string) scoreView {
	ts := b.in.Scores.Theme(id)
	if ts == nil {
		return scoreView{}
	}
	v := scoreView{
		Priority: ts.Priority, Demand: ts.Demand, Revenue: ts.Revenue, Reach: ts.Reach, RICE: ts.RICE, Trend: ts.Trend,
		Customers: ts.Customers, Formula: ts.Formula,
	}
	for _, in := range ts.Breakdown {
		v.Breakdown = append(v.Breakdown, inputView{Name: in.Name, Value: in.Value, Weight: in.Weight, Note: in.Note})
	}
	return v
}

// itemScore returns an item's weight and sentiment.
func (b *builder) itemScore(it *content.Item) (float64, string) {
	if is := b.in.Scores.Items[it.ID]; is != nil {
		return is.Weight, is.Sentiment
	}
	if it.Sentiment != "" {
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
