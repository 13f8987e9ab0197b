// Package model is heed's trained sentiment model: a multinomial logistic
// regression that reads a text's words and VADER's scores of it and gives
// the probability of each of three classes.
//
// VADER rates words one by one from a lexicon of everyday English; it
// cannot know that "still stuck on preparing" is a complaint, nor that a
// long, even-toned comment with one "great" in it is not praise. The model
// weighs VADER's four scores (compound, and the shares of positive,
// negative and neutral words) together with the words and word pairs
// people used when they rated texts, so that both kinds of evidence count.
//
// The weights are trained offline, by the generator in ../train, on public
// labelled data and shipped as a generated table (table.go); nothing is
// trained or downloaded when heed runs. Features, the table's format and
// training live here, in one place, so that the generator and the analyzer
// cannot read a text differently.
package model

import (
	"math"
)

// The classes, in the order of every [Classes] array.
const (
	Negative = iota
	Neutral
	Positive
	Classes
)

// ClassNames names the classes, in order.
var ClassNames = [Classes]string{"negative", "neutral", "positive"}

// Vader is VADER's reading of a text: the compound score in [-1, 1] and
// the shares of positive, neutral and negative words.
type Vader struct {
	Compound, Pos, Neu, Neg float64
}

// NumDense is the number of dense features (see Dense).
const NumDense = 9

// DenseNames names the dense features, in order, for the table's comments.
var DenseNames = [NumDense]string{
	"compound", "|compound|", "pos", "neg", "neu",
	"log words", "exclamations", "question", "negations",
}

// Dense returns the dense features of a text: VADER's scores and a few
// counts of its shape, each scaled to about [0, 1] (or [-1, 1]).
func Dense(v Vader, st Stats) [NumDense]float64 {
	n := float64(max(st.Words, 1))
	return [NumDense]float64{
		v.Compound, math.Abs(v.Compound), v.Pos, v.Neg, v.Neu,
		math.Log1p(n) / 5,
		float64(min(st.Exclamations, 4)) / 4,
		float64(min(st.Questions, 1)),
		math.Min(float64(st.Negations)/math.Sqrt(n), 1),
	}
}

// Term is one word or word pair of the table with its weight for each
// class. A word in the scope of a negation is written with NegPrefix; a
// pair is two words joined by one space.
type Term struct {
	Text   string
	Weight [Classes]float32
}

// Table is a trained model as the generator writes it.
type Table struct {
	Bias  [Classes]float64
	Dense [NumDense][Classes]float64
	Terms []Term
}

// Model is a Table ready to score texts. It is immutable once built and
// safe for concurrent use.
type Model struct {
	bias    [Classes]float64
	dense   [NumDense][Classes]float64
	rows    map[uint64]int32 // a term's hash (see hashString) -> weights row
	weights [][Classes]float32
}

// New returns the model of t.
func New(t *Table) *Model {
	m := &Model{bias: t.Bias, dense: t.Dense, rows: make(map[uint64]int32, len(t.Terms))}
	m.weights = make([][Classes]float32, len(t.Terms))
	for i, term := range t.Terms {
		m.rows[hashString(term.Text)] = int32(i)
		m.weights[i] = term.Weight
	}
	return m
}

// Logits returns the model's log-odds of each class for the texts (an
// item's title and body, read as one text) and VADER's reading v of them,
// and the counts Dense reads of the texts.
func (m *Model) Logits(texts [2]string, v Vader) ([Classes]float64, Stats) {
	var terms [Classes]float64
	st := Scan(texts, func(h uint64) {
		if r, ok := m.rows[h]; ok {
			w := &m.weights[r]
			for c := range Classes {
				terms[c] += float64(w[c])
			}
		}
	})
	logits := m.bias
	// Terms count once per occurrence, divided by the root of the text's
	// length: a long text is not more certain for having more words.
	scale := 1 / math.Sqrt(float64(max(st.Words, 1)))
	d := Dense(v, st)
	for c := range Classes {
		logits[c] += terms[c] * scale
		for k, x := range d {
			logits[c] += m.dense[k][c] * x
		}
	}
	return logits, st
}

// Softmax returns the probabilities of logits.
func Softmax(logits [Classes]float64) [Classes]float64 {
	top := max(logits[0], logits[1], logits[2])
	var p [Classes]float64
	var sum float64
	for c, l := range logits {
		p[c] = math.Exp(l - top)
		sum += p[c]
	}
	for c := range p {
		p[c] /= sum
	}
	return p
}
