// Package sentiment scores the sentiment of a feedback item's text with VADER
// (Hutto and Gilbert, ICWSM 2014, through github.com/jonreiter/govader),
// extended for product feedback.
//
// Plain VADER reads "it crashes every time I export" as neutral: its lexicon
// knows everyday words, not the words of software failure and friction. The
// analyzer made by New adds, without changing how VADER combines words:
//   - a lexicon of failure and friction words ("crashes", "laggy", "unusable",
//     "workaround") and of product praise ("seamless", "intuitive", "snappy"),
//     on VADER's -4..+4 scale;
//   - negated abilities, rated as failures: "can't log in", "unable to sync",
//     "doesn't load", "won't open", "not working", "no way to";
//   - phrases that mean more than their words: "times out", "keeps
//     crashing", "force closes", "lost all my notes", "drains my battery",
//     and requests ("please add", "would be nice if") rated neutral rather
//     than as the praise their polite words suggest.
//
// The additions come from what the words mean in software feedback, not from
// fitting to labelled data; the tests measure them against such data.
//
// Read, which heed labels items with, weighs VADER's scores with the words
// themselves by a model trained offline on texts people rated (see
// internal/model and internal/train), and then with the item's declared
// type: a bug report ("Full-year export still stuck on preparing") is
// negative unless its words are clearly positive, however politely its
// reporter thanks the team.
package sentiment

//go:generate go run ./internal/train

import (
	"strings"

	"github.com/heedhq/heed/generator/sentiment/internal/model"
	"github.com/jonreiter/govader"
)

// Label thresholds on the compound score, as the VADER authors use them.
const (
	positiveFrom = 0.05
	negativeFrom = -0.05
)

// Analyzer scores the sentiment of feedback text. Safe for concurrent use.
//
// An Analyzer takes VADER's lexicon and rules from a govader analyzer of its
// own, not from package state, adds the product words in its constructor and
// never writes to them again: scoring only reads them, so one Analyzer may be
// shared by any number of goroutines (the tests check this under the race
// detector). It scores with compounder, which gives govader's compound score
// in a fraction of its time.
type Analyzer struct {
	vader    *govader.SentimentIntensityAnalyzer
	compound *compounder  // govader's compound score, computed faster
	phrases  *phraseTable // nil for plain VADER
	model    *model.Model // nil but for New's analyzer (see Read)
}

// New returns an analyzer with the product-feedback additions. Building one
// parses VADER's lexicon (about 10 ms); build one and share it.
func New() *Analyzer {
	a := newAnalyzer(true, true)
	a.model = model.New(model.Shipped)
	return a
}

// newAnalyzer returns VADER with the domain words, the phrase rules, both or
// neither; the tests measure each part on its own.
func newAnalyzer(words, phrases bool) *Analyzer {
	a := &Analyzer{vader: govader.NewSentimentIntensityAnalyzer()}
	if words {
		for w, valence := range domainWords() {
			a.vader.Lexicon[w] = valence
		}
		for _, w := range neutralWords {
			delete(a.vader.Lexicon, w)
		}
	}
	if phrases {
		for w, valence := range phraseWords() {
			a.vader.Lexicon[w] = valence
		}
		a.phrases = compilePhrases(phraseRules())
	}
	a.compound = newCompounder(a.vader)
	return a
}

// Rates reports whether the analyzer's lexicon rates word (lower case):
// VADER's own words and, for New's, the product words.
func (a *Analyzer) Rates(word string) bool {
	_, ok := a.vader.Lexicon[word]
	return ok
}

// NewPlain returns an analyzer that is VADER alone, for comparison. Its only
// departure from govader is that any run of white space separates words, as
// in the reference implementation (govader splits on single spaces only).
func NewPlain() *Analyzer {
	return newAnalyzer(false, false)
}

// Score returns the compound sentiment of text in [-1, 1]: below zero
// negative, above zero positive. Text is plain text (Markdown already
// stripped); empty text scores 0.
func (a *Analyzer) Score(text string) float64 {
	return a.polarity(text, "", false).compound
}

// ScoreTitled returns Score(title + " " + body) without building that
// string: the score of an item's title and text together.
func (a *Analyzer) ScoreTitled(title, body string) float64 {
	return a.polarity(title, body, true).compound
}

// Polarity is VADER's whole reading of a text.
type Polarity struct {
	// Compound is the compound score in [-1, 1], as Score returns it.
	Compound float64
	// Positive, Neutral and Negative are the shares of the text's words
	// (weighted by strength) of each kind; they add up to 1 for a text
	// with words.
	Positive, Neutral, Negative float64
}

// Polarity returns VADER's reading of title and body together, as
// govader's PolarityScores gives it for Score(title + " " + body)'s text.
func (a *Analyzer) Polarity(title, body string) Polarity {
	p := a.polarity(title, body, true)
	return Polarity{Compound: p.compound, Positive: p.pos, Neutral: p.neu, Negative: p.neg}
}

// polarity reads text, or title and body joined by a space when titled.
func (a *Analyzer) polarity(title, body string, titled bool) polarity {
	if a.phrases != nil {
		title, body = replaceApostrophes(title), replaceApostrophes(body)
		if a.compound.clean(title) && a.compound.clean(body) {
			// The phrases' words go straight to the compound score, without
			// the text rewrite would make of them in between.
			var stack [maxStackTokens]token
			var keyStack [maxStackKeys]byte
			var matchStack [8]match
			toks, matches := a.phrases.scan([2]string{title, body}, stack[:0], keyStack[:0], matchStack[:0])
			if len(toks) == 0 {
				return polarity{}
			}
			ep := strings.Count(title, "!") + strings.Count(body, "!")
			qm := strings.Count(title, "?") + strings.Count(body, "?")
			return a.compound.polarityPhrased(toks, matches, ep, qm)
		}
	}
	text := title
	if titled {
		text = title + " " + body
	}
	text = a.prepare(text)
	if text == "" {
		return polarity{}
	}
	return a.compound.polarity(text)
}

// prepare returns text as VADER is given it: words separated by single
// spaces, phrases rewritten.
func (a *Analyzer) prepare(text string) string {
	if a.phrases != nil {
		return a.phrases.rewrite(text)
	}
	return joinFields(text)
}

// Label names the class of a compound score: "positive" when it is 0.05 or
// more, "negative" when it is -0.05 or less, else "neutral". These are the
// thresholds the VADER authors use.
func Label(compound float64) string {
	switch {
	case compound >= positiveFrom:
		return "positive"
	case compound <= negativeFrom:
		return "negative"
	default:
		return "neutral"
	}
}
