package sentiment

import (
	"math"
	"testing"
)

// checkTitled reports a title and body whose ScoreTitled or Polarity
// differs from that of the two joined by a space.
func checkTitled(t *testing.T, a *Analyzer, title, body string) {
	t.Helper()
	got, want := a.ScoreTitled(title, body), a.Score(title+" "+body)
	if math.Float64bits(got) != math.Float64bits(want) {
		t.Errorf("ScoreTitled(%q, %q) = %v, Score of both %v", title, body, got, want)
	}
	if got, want := a.Polarity(title, body), a.Polarity(title+" "+body, ""); got != want {
		t.Errorf("Polarity(%q, %q) = %+v, Polarity of both %+v", title, body, got, want)
	}
}

func TestScoreTitled(t *testing.T) {
	titles := []string{"", " ", "Can't", "can't log", "GREAT!", "😀", "\xe2\x80", "kind", "not"}
	for _, an := range analyzers() {
		t.Run(an.name, func(t *testing.T) {
			for _, title := range titles {
				for _, body := range edgeCases {
					checkTitled(t, an.a, title, body)
					checkTitled(t, an.a, body, title)
				}
			}
		})
	}
}

// FuzzScoreTitled compares ScoreTitled with Score of the joined text.
func FuzzScoreTitled(f *testing.F) {
	for _, text := range edgeCases {
		f.Add("Can't log in", text)
		f.Add(text, "in at all!")
	}
	plain, domain := NewPlain(), New()
	f.Fuzz(func(t *testing.T, title, body string) {
		checkTitled(t, plain, title, body)
		checkTitled(t, domain, title, body)
	})
}
