package generator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestSampleBugsAndComplaintsReadNegative builds this repository's sample
// as heed build --internal does (every item listed, whatever
// publish.sources says) and reads the sentiment of each item: a bug
// report or a complaint is negative unless its words are clearly positive,
// so at most one of the sample's may show as positive (before the item's
// type counted, 7 of 30 did, "Full-year export still stuck on preparing"
// among them).
func TestSampleBugsAndComplaintsReadNegative(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, err := Build("..", BuildOptions{Out: out, Getenv: fixedEnv, Internal: true}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "api", "feedback.json"))
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Items []struct{ ID, Title, Type, Sentiment string }
	}
	if err := json.Unmarshal(data, &feed); err != nil {
		t.Fatal(err)
	}
	byType := map[string]map[string]int{}
	var failures, positive []string
	for _, it := range feed.Items {
		if byType[it.Type] == nil {
			byType[it.Type] = map[string]int{}
		}
		byType[it.Type][it.Sentiment]++
		if it.Type == "bug" || it.Type == "complaint" {
			failures = append(failures, it.ID)
			if it.Sentiment == "positive" {
				positive = append(positive, it.Title)
			}
		}
	}
	t.Logf("published sentiment by type: %v", byType)
	if len(failures) < 25 {
		t.Fatalf("the sample has %d bug reports and complaints, want 25 or more", len(failures))
	}
	if len(positive) > 1 {
		t.Errorf("%d of %d bug reports and complaints show as positive, want at most 1: %q", len(positive), len(failures), positive)
	}
}
