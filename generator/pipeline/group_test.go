package pipeline

import (
	"testing"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
)

// TestGroupingLeavesOutScoreOnlyAnswers: the title of an answer that is
// only a score is made of the question and the score, not the customer's
// words, so it is neither clustered, nor given suggestions, nor compared
// for duplicates.
func TestGroupingLeavesOutScoreOnlyAnswers(t *testing.T) {
	set := &content.Set{Config: config.Default(), Items: []*content.Item{
		{ID: "a", Title: "How likely are you to recommend us? 3", ScoreOnly: true},
		{ID: "b", Title: "How likely are you to recommend us? 3", ScoreOnly: true},
		{ID: "c", Title: "Exports time out"},
	}}
	set.Resolve()
	in := groupInputOf(set, func(_ int, it *content.Item) (string, string, []string, bool) {
		return it.Title, it.Text, it.Tags, true
	})
	if len(in.docs) != 1 || in.docs[0].ID != "c" {
		t.Errorf("grouped %v, want only c", in.docs)
	}
}
