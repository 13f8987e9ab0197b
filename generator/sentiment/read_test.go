package sentiment

import (
	"math"
	"testing"
)

// TestRead is the specification of an item's sentiment: what a product
// team would call each item, from its words and its declared type.
func TestRead(t *testing.T) {
	tests := []struct {
		title, typ string
		want       string
	}{
		// Words alone.
		{"it crashes every time I export", "", "negative"},
		{"The app keeps crashing on my tablet", "", "negative"},
		{"Lost all my notes after syncing", "", "negative"},
		{"can't log in since the update", "", "negative"},
		{"There is no way to bulk edit tags", "", "negative"},
		{"the editor is slow and clunky", "", "negative"},
		{"Full-year export still stuck on \"preparing\"", "", "negative"},
		{"export is now instant, thank you!", "", "positive"},
		{"Onboarding was seamless and the UI is intuitive", "", "positive"},
		{"Never crashes, even with huge files", "", "positive"},
		{"it has never let me down", "", "positive"},
		{"how do I add a second approver?", "", "neutral"},
		{"Please add a dark mode", "", "neutral"},
		{"", "", "neutral"},

		// A bug report or a complaint is negative unless its words are
		// clearly positive.
		{"CSV export silently stops at 2,000 rows", "bug", "negative"},
		{"Notifications not working on Android 14", "bug", "negative"},
		{"Please add a dark mode", "complaint", "negative"},
		{"Love the new export, it works perfectly", "bug", "positive"},
		{"export is now instant, thank you!", "complaint", "positive"},

		// Praise is positive unless its words are clearly negative.
		{"how do I add a second approver?", "praise", "positive"},
		{"Since the last release it drains my battery overnight", "praise", "positive"},
		{"The app keeps crashing on my tablet", "praise", "negative"},

		// Usability notes lean negative; requests and questions, and types a
		// repository defines, are read from their words.
		{"Notifications not working on Android 14", "usability", "negative"},
		{"Notifications not working on Android 14", "request", "neutral"},
		{"export is now instant, thank you!", "question", "positive"},
		{"Notifications not working on Android 14", "incident", "neutral"},
	}
	a := New()
	for _, tt := range tests {
		if got := a.Read(tt.title, "", tt.typ); got.Label != tt.want {
			t.Errorf("Read(%q, type %q) = %s (%+.2f), want %s", tt.title, tt.typ, got.Label, got.Score, tt.want)
		}
	}
}

// TestReadScore: a reading's score is within [-1, 1] and never leans
// against its label; a plain analyzer reads VADER's compound and label.
func TestReadScore(t *testing.T) {
	domain, plain := New(), NewPlain()
	for _, text := range edgeCases {
		for _, typ := range []string{"", "bug", "praise", "request", "usability"} {
			r := domain.Read(text, text, typ)
			if math.IsNaN(r.Score) || r.Score < -1 || r.Score > 1 ||
				r.Label == "positive" && r.Score < 0 || r.Label == "negative" && r.Score > 0 {
				t.Errorf("Read(%q, type %q) = %+v", text, typ, r)
			}
			c := plain.ScoreTitled(text, text)
			if got, want := plain.Read(text, text, typ), (Reading{Label: Label(c), Score: c}); got != want {
				t.Errorf("plain Read(%q, type %q) = %+v, want %+v", text, typ, got, want)
			}
		}
	}
}
