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
	bias  [Classes]float64
	dense [NumDense][Classes]float64
	// An open-addressing table of the terms' hashes (see hashString),
	// probed linearly from a slot the hash's top bits pick: a text's
	// hundreds of look-ups cost a fraction of what a map's would.
	slots   []slot
	shift   uint // 64 - log2(len(slots))
	weights [][Classes]float32
}

type slot struct {
	hash uint64
	row  int32 // into weights; -1 for an empty slot
}

// New returns the model of t.
func New(t *Table) *Model {
	m := &Model{bias: t.Bias, dense: t.Dense, weights: make([][Classes]float32, len(t.Terms))}
	size, bits := 1, 0
	for size < 4*len(t.Terms) { // at most a quarter full: probes are short
		size, bits = size*2, bits+1
	}
	m.slots, m.shift = make([]slot, size), uint(64-bits)
	for i := range m.slots {
		m.slots[i].row = -1
	}
	for i, term := range t.Terms {
		m.weights[i] = term.Weight
		h := hashString(term.Text)
		j := m.slot(h)
		for m.slots[j].row >= 0 && m.slots[j].hash != h {
			j = (j + 1) & (len(m.slots) - 1)
		}
		m.slots[j] = slot{hash: h, row: int32(i)}
	}
	return m
}

// slot returns where the probe for hash h starts.
func (m *Model) slot(h uint64) int {
	if m.shift == 64 {
		return 0
	}
	return int((h * 0x9e3779b97f4a7c15) >> m.shift)
}

// row returns the weights row of the term of hash h, -1 for a term the
// model does not know.
func (m *Model) row(h uint64) int32 {
	j := m.slot(h)
	for {
		s := &m.slots[j]
		if s.row < 0 || s.hash == h {
			return s.row
		}
		j = (j + 1) & (len(m.slots) - 1)
	}
}

// Logits returns the model's log-odds of each class for the texts (an
// item's title and body, read as one text) and VADER's reading v of them,
// and the counts Dense reads of the texts.
func (m *Model) Logits(texts [2]string, v Vader) ([Classes]float64, Stats) {
	terms, st := m.sumTerms(texts)
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
