package sentiment

import (
	"fmt"
	"math"
	"sync"
	"testing"
)

func TestLabel(t *testing.T) {
	tests := []struct {
		compound float64
		want     string
	}{
		{-1, "negative"},
		{-0.05, "negative"},
		{-0.0499, "neutral"},
		{0, "neutral"},
		{0.0499, "neutral"},
		{0.05, "positive"},
		{1, "positive"},
	}
	for _, tt := range tests {
		if got := Label(tt.compound); got != tt.want {
			t.Errorf("Label(%v) = %q, want %q", tt.compound, got, tt.want)
		}
	}
}

// TestProductFeedback is the specification of the product-feedback analyzer:
// what a product team would call each sentence.
func TestProductFeedback(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		// Failures.
		{"it crashes every time I export", "negative"},
		{"trying to download Q3 as excel; it spins, then the page says 504 Gateway Time-out", "negative"},
		{"export to excel works great now", "positive"},
		{"The app keeps crashing on my tablet", "negative"},
		{"Export times out for workspaces with more than 10k rows", "negative"},
		{"The dashboard freezes when I switch tabs", "negative"},
		{"Lost all my notes after syncing", "negative"},
		{"We had data loss twice this month", "negative"},
		{"Since the last release it drains my battery overnight", "negative"},
		{"Just a black screen after the splash logo", "negative"},
		{"Force closes as soon as I open settings", "negative"},
		{"Report builder is buggy and the charts glitch out", "negative"},
		{"corrupted PDF every time", "negative"},
		{"the API was down again, third outage this week", "negative"},

		// Negated abilities.
		{"can't log in since the update", "negative"},
		{"Can’t log in since the update", "negative"},
		{"I cannot export to CSV anymore", "negative"},
		{"unable to sync my calendar", "negative"},
		{"The page doesn't load on Safari", "negative"},
		{"It won't open after the update", "negative"},
		{"Notifications not working on Android 14", "negative"},
		{"There is no way to bulk edit tags", "negative"},
		{"Search stopped working yesterday", "negative"},
		{"it won't let me change my email", "negative"},
		{"sharing doesn't even work", "negative"},

		// Friction.
		{"Setting up SSO is tedious and confusing", "negative"},
		{"the editor is slow and clunky", "negative"},
		{"Loading a board takes forever", "negative"},
		{"we use a workaround with spreadsheets, but it is a hassle", "negative"},
		{"please fix the date picker", "negative"},

		// Praise.
		{"export is now instant, thank you!", "positive"},
		{"Onboarding was seamless and the UI is intuitive", "positive"},
		{"The new editor feels snappy", "positive"},
		{"Scheduling is smooth and reliable now", "positive"},
		{"This app is a lifesaver", "positive"},
		{"Never crashes, even with huge files", "positive"},
		{"no bugs so far", "positive"},
		{"couldn't ask for a better app", "positive"},
		{"I couldn't run my shop without it", "neutral"}, // at least not a failure
		{"can't find a better tool for this", "positive"},
		{"it has never let me down", "positive"},

		// Questions and requests are not complaints, nor praise.
		{"how do I add a second approver?", "neutral"},
		{"Please add a dark mode", "neutral"},
		{"It would be nice if we could export to PDF", "neutral"},
		{"I wish there was a keyboard shortcut for archive", "neutral"},
		{"We moved the invoices to the new workspace", "neutral"},
		{"", "neutral"},
	}
	a := New()
	for _, tt := range tests {
		if got := Label(a.Score(tt.text)); got != tt.want {
			t.Errorf("Label(Score(%q)) = %s (%.3f), want %s", tt.text, got, a.Score(tt.text), tt.want)
		}
	}
}

// TestPlainMisreads records why the additions exist: plain VADER calls these
// product failures neutral.
func TestPlainMisreads(t *testing.T) {
	plain, domain := NewPlain(), New()
	for _, text := range []string{
		"it crashes every time I export",
		"can't log in since the update",
		"Export times out for workspaces with more than 10k rows",
	} {
		if got := Label(plain.Score(text)); got != "neutral" {
			t.Errorf("plain Label(Score(%q)) = %s, want neutral", text, got)
		}
		if got := Label(domain.Score(text)); got != "negative" {
			t.Errorf("domain Label(Score(%q)) = %s, want negative", text, got)
		}
	}
}

func TestRewrite(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"it times out", "it times_out"},
		{"It TIMES OUT!", "It TIMES_OUT!"},
		{"(keeps crashing)", "(keeps_failing)"},
		{"can't log in", "cannot_do in"},
		{"can’t even log in", "cannot_do in"},
		{"I was unable to sync.", "I was cannot_do."},
		{"doesn't seem to load", "cannot_do"},
		{"lost all of my data", "data_loss"},
		{"can't, export", "can't, export"},                       // punctuation ends a phrase
		{"times\n\tout", "times_out"},                            // any white space separates words
		{"couldn't work without it", "couldn't work without it"}, // praise guard
		{"can't log in. Without it I'm stuck", "cannot_do in. Without it I'm stuck"},
		{"never lets me down", "never_let_down"},
		{"never lets me export", "cannot_do me export"},
		{"a   b", "a b"},
	}
	table := compilePhrases(phraseRules())
	for _, tt := range tests {
		if got := table.rewrite(tt.text); got != tt.want {
			t.Errorf("rewrite(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestPhraseRulesWellFormed(t *testing.T) {
	valences := phraseWords()
	for _, r := range phraseRules() {
		if _, ok := valences[r.word]; !ok {
			t.Errorf("rule %q makes %q, which has no valence", r.pattern, r.word)
		}
	}
	lex := domainWords()
	for w, v := range lex {
		if v < -4 || v > 4 || v == 0 {
			t.Errorf("domain word %q has valence %v, want within [-4,4] and not 0", w, v)
		}
	}
	compilePhrases(phraseRules()) // panics on a malformed rule
}

func TestScoreRange(t *testing.T) {
	for _, a := range []*Analyzer{New(), NewPlain()} {
		for _, text := range []string{"", " ", "!!!", "CRASH CRASH CRASH!!!! unusable garbage", "love love love seamless intuitive!!!"} {
			if s := a.Score(text); math.IsNaN(s) || s < -1 || s > 1 {
				t.Errorf("Score(%q) = %v, want within [-1, 1]", text, s)
			}
		}
	}
}

// TestConcurrentScore shares one Analyzer between goroutines; run with -race.
// Every goroutine must see the same scores and readings as a single one
// does.
func TestConcurrentScore(t *testing.T) {
	a := New()
	texts := []string{
		"it crashes every time I export",
		"export is now instant, thank you!",
		"can't log in since the update",
		"how do I add a second approver?",
	}
	want := make([]float64, len(texts))
	wantRead := make([]Reading, len(texts))
	for i, text := range texts {
		want[i] = a.Score(text)
		wantRead[i] = a.Read(text, text, "bug")
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(texts))
	for g := range 8 {
		wg.Go(func() {
			for k := range 50 {
				i := (g + k) % len(texts)
				if got := a.Score(texts[i]); got != want[i] {
					errs <- fmt.Errorf("Score(%q) = %v concurrently, %v alone", texts[i], got, want[i])
					return
				}
				if got := a.Read(texts[i], texts[i], "bug"); got != wantRead[i] {
					errs <- fmt.Errorf("Read(%q) = %v concurrently, %v alone", texts[i], got, wantRead[i])
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func BenchmarkScore(b *testing.B) {
	text := "Since the last update the app keeps crashing when I export a report, and I can't log in " +
		"on my tablet at all. Support suggested a workaround but it is tedious. Otherwise the editor is snappy!"
	for _, bc := range []struct {
		name string
		a    *Analyzer
	}{{"domain", New()}, {"plain", NewPlain()}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bc.a.Score(text)
			}
		})
	}
}

// itemText is a typical feedback item as generator/score gives it: the
// title, then the Markdown-stripped body, several paragraphs long.
const itemText = "Too many clicks to set up a policy for expenses during our busy season " +
	"Our new hires keep getting stuck here. It is hard to understand why a rule\n" +
	"fired on expenses. Today our controller checks every line against the policy\n" +
	"by hand. Ines from our Porto team asked me to pass this on. It happened\n" +
	"again with a batch from Juniper Fuel. Most of our staff submit expenses from\n" +
	"their phones on the train home.\n\nWhat would help:\n\n" +
	"- Set rules that check expenses automatically\n- Visible only to our team lead\n\n" +
	"It costs our bookkeeper about 6 hours every month, and the export keeps timing out. " +
	"We can't save a draft policy either. There is more context in\nour earlier ticket."

// BenchmarkScoreItem gives VADER's compound score of a typical item.
func BenchmarkScoreItem(b *testing.B) {
	a := New()
	b.ReportAllocs()
	for b.Loop() {
		a.Score(itemText)
	}
}

// BenchmarkReadItem reads a typical item as generator/score does: VADER's
// scores, then the model (BenchmarkScoreItem is its VADER part).
func BenchmarkReadItem(b *testing.B) {
	a := New()
	b.ReportAllocs()
	for b.Loop() {
		a.Read(itemText, "", "bug")
	}
}

// BenchmarkNew measures building an analyzer (parsing VADER's lexicon), the
// cost a caller saves by sharing one.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		New()
	}
}
