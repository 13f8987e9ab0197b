package insight

import (
	"slices"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/history"
)

// TestStaleThemes: an open or active theme is stale when its status has
// not changed for StaleAfter (from its last status change in history, else
// from its creation) while its feedback rises; never without history.
func TestStaleThemes(t *testing.T) {
	now := time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	themes := []*content.Theme{
		{ID: "old-planned", Path: "themes/old-planned.md", Status: "planned"},
		{ID: "old-created", Path: "themes/old-created.md", Status: "exploring"},
		{ID: "recent", Path: "themes/recent.md", Status: "in-progress"},
		{ID: "not-rising", Path: "themes/not-rising.md", Status: "planned"},
		{ID: "shipped", Path: "themes/shipped.md", Status: "shipped"},
		{ID: "no-file", Path: "themes/no-file.md", Status: "planned"},
	}
	set := &content.Set{Config: config.Default(), Themes: themes}
	if ds := set.Resolve(); len(ds) > 0 {
		t.Fatal(ds)
	}
	hist := &history.History{Files: map[string]*history.File{
		"themes/old-planned.md": {Created: ago(400), Statuses: []history.Change{{Status: "exploring", Date: ago(400)}, {Status: "planned", Date: ago(200)}}},
		"themes/old-created.md": {Created: ago(300)},
		"themes/recent.md":      {Created: ago(400), Statuses: []history.Change{{Status: "in-progress", Date: ago(30)}}},
		"themes/not-rising.md":  {Created: ago(400)},
		"themes/shipped.md":     {Created: ago(400)},
	}}
	ins := &Insights{Rising: []Rising{
		{Theme: "old-planned", Recent: 6, Previous: 2, Growth: 2}, {Theme: "old-created", Recent: 3, Previous: 1, Growth: 2},
		{Theme: "recent", Recent: 5, Previous: 1, Growth: 4}, {Theme: "not-rising", Recent: 2, Previous: 2, Growth: 0},
		{Theme: "shipped", Recent: 9, Previous: 1, Growth: 8}, {Theme: "no-file", Recent: 9, Previous: 1, Growth: 8},
	}}
	var got []string
	for _, s := range StaleThemes(set, hist, ins, now) {
		got = append(got, s.Theme+": "+s.Reason)
	}
	want := []string{
		"old-created: status exploring unchanged since 2026-01-22 (300 days) while feedback rose from 1 to 3 in the last 90 days",
		"old-planned: status planned unchanged since 2026-05-02 (200 days) while feedback rose from 2 to 6 in the last 90 days",
	}
	if !slices.Equal(got, want) {
		t.Errorf("stale:\n%q\nwant\n%q", got, want)
	}
	if s := StaleThemes(set, nil, ins, now); s == nil || len(s) > 0 {
		t.Errorf("without history: %v, want an empty list", s)
	}
}
