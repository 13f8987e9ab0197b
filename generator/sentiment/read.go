package sentiment

import (
	"math"

	"github.com/heedhq/heed/generator/sentiment/internal/model"
)

// Reading is the analyzer's judgement of an item's sentiment.
type Reading struct {
	// Label is "positive", "neutral" or "negative": the likeliest class.
	Label string
	// Score is the probability of positive less that of negative, in
	// [-1, 1]: how far the item leans, and which way. It is never below 0
	// for a positive Label nor above 0 for a negative one.
	Score float64
}

// typeOdds are the log prior odds of negative, neutral and positive that
// an item's declared type adds to what its words say. A bug report or a
// complaint is negative unless its words are clearly positive: staying
// positive takes about twenty times the odds of negative from the words
// alone (e^3), and neutral about seven (e^2); praise the other way round.
// A usability note (friction, as a rule) leans negative by a little less.
// A request or a question is read from its words alone, as is any type a
// repository defines for itself: a survey imported as requests is judged
// by what people wrote.
var typeOdds = map[string][model.Classes]float64{
	"bug":       {0, -2, -3},
	"complaint": {0, -2, -3},
	"usability": {0, -1.5, -2},
	"praise":    {-3, -2, 0},
}

// Read returns the sentiment of an item of type typ (its declared type,
// such as "bug" or "praise"; "" for none) with title and body, plain text.
//
// The analyzer made by New weighs VADER's reading of the words (Polarity)
// with the words and word pairs themselves, by a model trained offline on
// texts that people rated (package model), then with the type's prior
// odds (see typeOdds). One made by NewPlain labels VADER's compound score
// alone, as Label does.
func (a *Analyzer) Read(title, body, typ string) Reading {
	p := a.polarity(title, body, true)
	if a.model == nil {
		return Reading{Label: Label(p.compound), Score: p.compound}
	}
	v := model.Vader{Compound: p.compound, Pos: p.pos, Neu: p.neu, Neg: p.neg}
	logits, st := a.model.Logits([2]string{title, body}, v)
	if st.Words == 0 && p.compound == 0 {
		return Reading{Label: "neutral"} // nothing said, or nothing but marks
	}
	if odds, ok := typeOdds[typ]; ok {
		for c := range logits {
			logits[c] += odds[c]
		}
	}
	probs := model.Softmax(logits)
	best := 0
	for c := range probs {
		if probs[c] > probs[best] {
			best = c
		}
	}
	score := probs[model.Positive] - probs[model.Negative]
	return Reading{Label: model.ClassNames[best], Score: math.Max(-1, math.Min(1, score))}
}
