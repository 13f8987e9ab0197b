package model

import (
	"bytes"
	"fmt"
	"go/format"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Example is one labelled text to train on.
type Example struct {
	Terms []string // as Terms returns them
	Stats Stats
	Vader Vader
	Label int    // Negative, Neutral or Positive
	Group string // the data set it comes from
}

// Options are the choices of training.
type Options struct {
	// Lambda is the L2 penalty on every weight but the biases.
	Lambda float64
	// A term is a feature when it occurs in at least MinDocs texts of at
	// least MinGroups data sets: words of one data set's subject ("flight",
	// an app's name) would not carry over to another's.
	MinDocs, MinGroups int
	// Iterations of full-batch Adam.
	Iterations int
	// Rated reports the words that VADER's lexicon rates: they are no
	// features alone, nor negated (pairs with them are), so that what the
	// lexicon says of a word stands and the model learns what it misses.
	// nil rates none.
	Rated func(word string) bool
	// Balance evens out the classes within each data set: an example
	// weighs 1/n^Balance for the n examples of its class there (0: as they
	// come; 1: every class weighs the same).
	Balance float64
	// Weights are the data sets' weights in training, by Group: a data
	// set of weight 2 counts twice as much in total as one of weight 1,
	// however many texts each has. A data set not listed weighs 1.
	Weights map[string]float64
}

// DefaultOptions are the options the shipped table was trained with, but
// for Rated and Weights, which name things the model does not know (the
// lexicon, the data sets): package training sets them.
var DefaultOptions = Options{Lambda: 1e-4, MinDocs: 10, MinGroups: 2, Iterations: 400, Balance: 0.5}

// sparse is one example's term features: indexes into the vocabulary and
// values.
type sparse struct {
	idx []int32
	val []float64
}

// Train fits a model to examples, each data set (Group) weighing in total
// what opt.Weights says, and returns its table, weights rounded to four
// decimals. It is deterministic: the same examples and options give the
// same table.
func Train(examples []Example, opt Options) *Table {
	vocab := vocabulary(examples, opt)
	index := make(map[string]int32, len(vocab))
	for i, t := range vocab {
		index[t] = int32(i)
	}

	weights := exampleWeights(examples, opt.Balance, opt.Weights)

	xs := make([]sparse, len(examples))
	dense := make([][NumDense]float64, len(examples))
	for i, ex := range examples {
		counts := map[int32]float64{}
		for _, t := range ex.Terms {
			if k, ok := index[t]; ok {
				counts[k]++
			}
		}
		scale := 1 / math.Sqrt(float64(max(ex.Stats.Words, 1)))
		for k := range counts {
			xs[i].idx = append(xs[i].idx, k)
		}
		slices.Sort(xs[i].idx)
		for _, k := range xs[i].idx {
			xs[i].val = append(xs[i].val, float64(counts[k]*scale))
		}
		dense[i] = Dense(ex.Vader, ex.Stats)
	}

	// Parameters, one block: biases, dense weights, term weights.
	nd := Classes * NumDense
	n := Classes + nd + Classes*len(vocab)
	theta := make([]float64, n)
	grad := make([]float64, n)
	m1 := make([]float64, n)
	m2 := make([]float64, n)
	const (
		rate         = 0.05
		beta1, beta2 = 0.9, 0.999
		eps          = 1e-8
	)
	// The examples' gradients are summed in a fixed number of chunks, one
	// goroutine each, and the chunks' sums added in order: the same sums
	// however the chunks are scheduled, and on any number of cores.
	const chunks = 8
	partial := make([][]float64, chunks)
	for k := range partial {
		partial[k] = make([]float64, n)
	}
	for it := 1; it <= opt.Iterations; it++ {
		var wg sync.WaitGroup
		for k := range chunks {
			wg.Go(func() {
				g := partial[k]
				clear(g)
				for i := k * len(examples) / chunks; i < (k+1)*len(examples)/chunks; i++ {
					addGradient(g, theta, dense[i], xs[i], examples[i].Label, weights[i])
				}
			})
		}
		wg.Wait()
		clear(grad)
		for _, g := range partial {
			for j, x := range g {
				grad[j] += x
			}
		}
		c1 := 1 - math.Pow(beta1, float64(it))
		c2 := 1 - math.Pow(beta2, float64(it))
		for j := range theta {
			g := grad[j]
			if j >= Classes {
				g += float64(opt.Lambda * theta[j])
			}
			m1[j] = float64(beta1*m1[j]) + float64((1-beta1)*g)
			m2[j] = float64(beta2*m2[j]) + float64((1-beta2)*float64(g*g))
			theta[j] -= float64(rate*(m1[j]/c1)) / (math.Sqrt(m2[j]/c2) + eps)
		}
	}

	t := &Table{}
	for c := range Classes {
		t.Bias[c] = round4(theta[c])
		for k := range NumDense {
			t.Dense[k][c] = round4(theta[Classes+k*Classes+c])
		}
	}
	for i, term := range vocab {
		var w [Classes]float32
		keep := false
		for c := range Classes {
			w[c] = float32(round4(theta[Classes+nd+i*Classes+c]))
			keep = keep || w[c] != 0
		}
		if keep {
			t.Terms = append(t.Terms, Term{Text: term, Weight: w})
		}
	}
	return t
}

// exampleWeights returns the weight of each example: every data set
// weighs in total its weight in groups (1 when absent), its classes evened
// out by balance (see Options); the weights add up to 1.
func exampleWeights(examples []Example, balance float64, groups map[string]float64) []float64 {
	type key struct {
		group string
		class int
	}
	perClass := map[key]int{}
	for _, ex := range examples {
		perClass[key{ex.Group, ex.Label}]++
	}
	w := make([]float64, len(examples))
	groupSum := map[string]float64{}
	for i, ex := range examples {
		w[i] = math.Pow(float64(perClass[key{ex.Group, ex.Label}]), -balance)
		groupSum[ex.Group] += w[i]
	}
	var total float64
	for i, ex := range examples {
		w[i] /= groupSum[ex.Group]
		if g, ok := groups[ex.Group]; ok {
			w[i] *= g
		}
		total += w[i]
	}
	for i := range w {
		w[i] /= total
	}
	return w
}

// addGradient adds to grad the gradient of the weighted log loss of one
// example (dense features d, terms x, class label, weight w) at theta,
// laid out as Train lays it out.
func addGradient(grad, theta []float64, d [NumDense]float64, x sparse, label int, w float64) {
	const nd = Classes * NumDense
	var logits [Classes]float64
	for c := range Classes {
		l := theta[c]
		for k, v := range d {
			l += float64(theta[Classes+k*Classes+c] * v)
		}
		for j, k := range x.idx {
			l += float64(theta[Classes+nd+int(k)*Classes+c] * x.val[j])
		}
		logits[c] = l
	}
	p := Softmax(logits)
	for c := range Classes {
		g := p[c]
		if c == label {
			g -= 1
		}
		g *= w
		grad[c] += g
		for k, v := range d {
			grad[Classes+k*Classes+c] += float64(g * v)
		}
		for j, k := range x.idx {
			grad[Classes+nd+int(k)*Classes+c] += float64(g * x.val[j])
		}
	}
}

// vocabulary returns the terms that opt makes features, sorted.
func vocabulary(examples []Example, opt Options) []string {
	docs := map[string]int{}
	groups := map[string]map[string]bool{}
	for _, ex := range examples {
		seen := map[string]bool{}
		for _, t := range ex.Terms {
			if seen[t] {
				continue
			}
			seen[t] = true
			docs[t]++
			if groups[t] == nil {
				groups[t] = map[string]bool{}
			}
			groups[t][ex.Group] = true
		}
	}
	var vocab []string
	for t, n := range docs {
		if opt.Rated != nil && !strings.Contains(t, " ") && opt.Rated(strings.TrimPrefix(t, NegPrefix)) {
			continue
		}
		if n >= opt.MinDocs && len(groups[t]) >= opt.MinGroups {
			vocab = append(vocab, t)
		}
	}
	slices.Sort(vocab)
	return vocab
}

// round4 rounds x to four decimals, so that the table is short and does
// not carry the last bits of floating-point sums.
func round4(x float64) float64 {
	r := math.Round(x*1e4) / 1e4
	if r == 0 {
		return 0 // not -0
	}
	return r
}

// Source returns t as the Go source of a file of package pkg that declares
// it as variable name, gofmt-formatted; header is the file's opening
// comment, one line a string.
func Source(t *Table, pkg, name string, header []string) []byte {
	var b bytes.Buffer
	for _, h := range header {
		fmt.Fprintf(&b, "// %s\n", h)
	}
	fmt.Fprintf(&b, "\npackage %s\n\n", pkg)
	fmt.Fprintf(&b, "var %s = &Table{\n", name)
	fmt.Fprintf(&b, "Bias: [Classes]float64{%s},\n", floats(t.Bias[:]))
	b.WriteString("Dense: [NumDense][Classes]float64{\n")
	for k, w := range t.Dense {
		fmt.Fprintf(&b, "{%s}, // %s\n", floats(w[:]), DenseNames[k])
	}
	b.WriteString("},\n")
	b.WriteString("Terms: []Term{\n")
	for _, term := range t.Terms {
		w := [Classes]float64{float64(term.Weight[0]), float64(term.Weight[1]), float64(term.Weight[2])}
		fmt.Fprintf(&b, "{%s, [Classes]float32{%s}},\n", strconv.Quote(term.Text), floats(w[:]))
	}
	b.WriteString("},\n}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		panic(fmt.Sprintf("model: generated source does not parse: %v", err))
	}
	return src
}

func floats(xs []float64) string {
	var b []byte
	for i, x := range xs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendFloat(b, float64(float32(x)), 'g', -1, 32)
	}
	return string(b)
}

// NewExample returns the example of an item's title and body, read by
// VADER as v, labelled with class label of data set group.
func NewExample(title, body string, v Vader, label int, group string) Example {
	terms, st := Terms([2]string{title, body})
	return Example{Terms: terms, Stats: st, Vader: v, Label: label, Group: group}
}

// Class returns the index of a class name, -1 for another string.
func Class(name string) int {
	return slices.Index(ClassNames[:], name)
}
