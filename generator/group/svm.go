package group

import (
	"math"
	"math/rand/v2"
	"slices"
)

// svm is a set of one-vs-rest linear classifiers, one per class, each an
// L2-regularised L2-loss (squared hinge) support vector machine with a
// bias, trained by dual coordinate descent (Hsieh, Chang, Lin, Keerthi and
// Sundararajan, "A Dual Coordinate Descent Method for Large-scale Linear
// SVM", ICML 2008; LIBLINEAR's default solver). Its weights are kept
// feature by feature, the classes of one feature side by side, so that
// scoring a document reads one short row per feature.
type svm struct {
	classes int
	col     []int32   // hashed feature -> row in w, -1 when unseen in training
	w       []float32 // row f, class t at w[f*classes+t]
	bias    []float32 // per class
}

// example is one training document.
type example struct {
	x      sparse  // hashed feature ids and weights
	labels []int32 // the classes it belongs to, ascending
	cost   float64 // its C: how much a mistake on it costs
}

const (
	// svmBias is the value of the constant feature whose weight is each
	// class's bias (LIBLINEAR's -B 1).
	svmBias = 1
	// svmEpochs bounds the passes over the examples; svmTolerance stops
	// earlier, once no projected gradient is above that share of the
	// first pass's largest (LIBLINEAR's default stopping rule, 0.1).
	svmEpochs    = 12
	svmTolerance = 0.1
)

// trainSVM trains one classifier per class on the examples, in an order
// drawn from a fixed seed: the same examples give the same weights.
func trainSVM(examples []example, classes int) *svm {
	m := &svm{classes: classes, col: make([]int32, featureSpace), bias: make([]float32, classes)}
	for i := range m.col {
		m.col[i] = -1
	}
	for _, e := range examples {
		for _, id := range e.x.ids {
			m.col[id] = 0
		}
	}
	rows := int32(0)
	for i, c := range m.col {
		if c == 0 {
			m.col[i] = rows
			rows++
		}
	}
	m.w = make([]float32, int(rows)*classes)
	if len(examples) == 0 || classes == 0 {
		return m
	}
	// Rows are numbered in hash order, so each example's rows ascend too.
	xs := make([][]int32, len(examples))
	qs := make([]float64, len(examples))
	for i, e := range examples {
		xs[i] = make([]int32, len(e.x.ids))
		q := float64(svmBias * svmBias)
		for k, id := range e.x.ids {
			xs[i][k] = m.col[id]
			q += float64(e.x.w[k]) * float64(e.x.w[k])
		}
		qs[i] = q
	}
	alpha := make([]float64, len(examples)*classes)
	score := make([]float64, classes)
	delta := make([]float64, classes)
	y := make([]float64, classes)
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(1, 2))
	first := 0.0
	for epoch := range svmEpochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		worst := 0.0
		for _, i := range order {
			e := examples[i]
			d := 1 / (2 * e.cost) // the diagonal the squared hinge adds
			for t := range y {
				y[t] = -1
			}
			for _, t := range e.labels {
				y[t] = 1
			}
			for t := range score {
				score[t] = float64(m.bias[t]) * svmBias
			}
			for k, r := range xs[i] {
				x := float64(e.x.w[k])
				row := m.w[int(r)*classes : int(r+1)*classes]
				for t, w := range row {
					score[t] += x * float64(w)
				}
			}
			changed := false
			a := alpha[i*classes : (i+1)*classes]
			for t := range score {
				g := y[t]*score[t] - 1 + d*a[t]
				pg := g
				if a[t] == 0 {
					pg = min(g, 0)
				}
				worst = max(worst, math.Abs(pg))
				delta[t] = 0
				if math.Abs(pg) < 1e-12 {
					continue
				}
				next := max(a[t]-g/(qs[i]+d), 0)
				delta[t] = (next - a[t]) * y[t]
				a[t] = next
				changed = changed || delta[t] != 0
			}
			if !changed {
				continue
			}
			for t, dt := range delta {
				m.bias[t] += float32(dt * svmBias)
			}
			for k, r := range xs[i] {
				x := float64(e.x.w[k])
				row := m.w[int(r)*classes : int(r+1)*classes]
				for t, dt := range delta {
					row[t] += float32(dt * x)
				}
			}
		}
		if epoch == 0 {
			first = worst
		}
		if worst <= svmTolerance*first {
			break
		}
	}
	return m
}

// scores writes into s each class's decision value for x.
func (m *svm) scores(x sparse, s []float64) {
	for t := range s {
		s[t] = float64(m.bias[t]) * svmBias
	}
	for k, id := range x.ids {
		r := m.col[id]
		if r < 0 {
			continue
		}
		xv := float64(x.w[k])
		for t, w := range m.w[int(r)*m.classes : int(r+1)*m.classes] {
			s[t] += xv * float64(w)
		}
	}
}

// weight returns the weight of hashed feature id for class t.
func (m *svm) weight(id int32, t int) float64 {
	r := m.col[id]
	if r < 0 {
		return 0
	}
	return float64(m.w[int(r)*m.classes+t])
}

// topClasses returns up to n classes by decreasing score, ties by class.
func topClasses(s []float64, n int) []int32 {
	out := make([]int32, 0, n)
	for t := range s {
		out = append(out, int32(t))
	}
	slices.SortStableFunc(out, func(a, b int32) int {
		switch {
		case s[a] > s[b]:
			return -1
		case s[a] < s[b]:
			return 1
		}
		return 0
	})
	return out[:min(n, len(out))]
}
