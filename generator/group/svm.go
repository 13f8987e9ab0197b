package group

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// svm is a set of one-vs-rest linear classifiers, one per class, each an
// L2-regularised L2-loss (squared hinge) support vector machine with a
// bias, trained by dual coordinate descent with shrinking (Hsieh, Chang,
// Lin, Keerthi and Sundararajan, "A Dual Coordinate Descent Method for
// Large-scale Linear SVM", ICML 2008; LIBLINEAR's default solver). Its
// weights are kept as postings, feature by feature, of the classes whose
// weight for the feature is not zero, so that scoring a document reads only
// what its features hold.
type svm struct {
	classes int
	start   []int32      // hashed feature -> start of its postings in post (featureSpace+1 entries)
	post    []svmPosting // by feature, then class
	bias    []float32    // per class
}

type svmPosting struct {
	class int32
	w     float32
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
	// earlier, once the projected gradients span less than it (LIBLINEAR's
	// default stopping rule for this solver, 0.1).
	svmEpochs    = 10
	svmTolerance = 0.1
	// negativeBudget bounds the examples of other classes all classes
	// together learn from, and maxNegatives and minNegatives each class's
	// share of it (see solveClass): with few themes every class sees every
	// other example, with hundreds each sees a few hundred.
	negativeBudget = 100_000
	maxNegatives   = 2000
	minNegatives   = 400
	// pruneShare: weights under 1/pruneShare of their class's largest
	// are dropped.
	pruneShare = 100
)

// trainSVM trains one classifier per class on the examples. Classes train
// in parallel, each on its own and in an order drawn from a seed of its
// own: the same examples give the same weights, however many workers.
func trainSVM(examples []example, classes, workers int) *svm {
	m := &svm{classes: classes, start: make([]int32, featureSpace+1), bias: make([]float32, classes)}
	if len(examples) == 0 || classes == 0 {
		return m
	}
	// Features are numbered densely for training, in hash order.
	col := make([]int32, featureSpace)
	for i := range col {
		col[i] = -1
	}
	for _, e := range examples {
		for _, id := range e.x.ids {
			col[id] = 0
		}
	}
	var ids []int32 // dense number -> hashed feature
	for id, c := range col {
		if c == 0 {
			col[id] = int32(len(ids))
			ids = append(ids, int32(id))
		}
	}
	xs := make([][]int32, len(examples))
	qd := make([]float64, len(examples)) // x·x plus the bias's square and the diagonal the loss adds
	for i, e := range examples {
		xs[i] = make([]int32, len(e.x.ids))
		q := float64(svmBias*svmBias) + 1/(2*e.cost)
		for k, id := range e.x.ids {
			xs[i][k] = col[id]
			q += float64(e.x.w[k]) * float64(e.x.w[k])
		}
		qd[i] = q
	}
	// Each class's weights, as the features it uses and their weights.
	type trained struct {
		cols []int32
		w    []float32
	}
	out := make([]trained, classes)
	scratch := make([][]float32, workers)
	negatives := min(max(negativeBudget/classes, minNegatives), maxNegatives)
	forChunks(classes, workers, 1, func(wk, lo, hi int) {
		if scratch[wk] == nil {
			scratch[wk] = make([]float32, len(ids))
		}
		w := scratch[wk]
		for t := lo; t < hi; t++ {
			m.bias[t] = float32(solveClass(examples, xs, qd, int32(t), negatives, w))
			// Weights under a hundredth of the class's largest move no
			// score by much, and most features have one in most classes:
			// scoring reads far fewer without them.
			var top float32
			for _, v := range w {
				top = max(top, v, -v)
			}
			for c, v := range w {
				if v > top/pruneShare || v < -top/pruneShare {
					out[t].cols = append(out[t].cols, int32(c))
					out[t].w = append(out[t].w, v)
				}
				w[c] = 0
			}
		}
	})
	for _, o := range out {
		for _, c := range o.cols {
			m.start[ids[c]+1]++
		}
	}
	for f := 1; f < len(m.start); f++ {
		m.start[f] += m.start[f-1]
	}
	m.post = make([]svmPosting, m.start[featureSpace])
	fill := slices.Clone(m.start[:featureSpace])
	for t, o := range out {
		for k, c := range o.cols {
			id := ids[c]
			m.post[fill[id]] = svmPosting{int32(t), o.w[k]}
			fill[id]++
		}
	}
	return m
}

// solveClass trains class t against all others into w (zero on entry,
// one weight per dense feature) and returns its bias: LIBLINEAR's
// solve_l2r_l1l2_svc for the squared hinge loss, shrinking examples whose
// dual variable stays at zero.
//
// It learns from every example of class t and from the first negatives of
// the others, in their order: with many classes, each class's easy
// negatives would otherwise cost most of the time and teach nothing.
func solveClass(examples []example, xs [][]int32, qd []float64, t int32, negatives int, w []float32) float64 {
	alpha := make([]float64, len(examples))
	y := make([]float64, len(examples))
	var index []int
	taken := 0
	for i, e := range examples {
		y[i] = -1
		if slices.Contains(e.labels, t) {
			y[i] = 1
		} else if taken == negatives {
			continue
		} else {
			taken++
		}
		index = append(index, i)
	}
	n := len(index)
	rng := rand.New(rand.NewPCG(1, uint64(t)))
	var b float64
	active := n
	maxOld := math.Inf(1)
	for epoch := 0; epoch < svmEpochs; epoch++ {
		maxNew, minNew := math.Inf(-1), math.Inf(1)
		rng.Shuffle(active, func(i, j int) { index[i], index[j] = index[j], index[i] })
		for s := 0; s < active; s++ {
			i := index[s]
			e := examples[i]
			g := b * svmBias
			var dot float32
			for k, c := range xs[i] {
				dot += w[c] * e.x.w[k]
			}
			g += float64(dot)
			g = y[i]*g - 1 + alpha[i]/(2*e.cost)
			pg := 0.0
			if alpha[i] == 0 {
				if g > maxOld {
					active--
					index[s], index[active] = index[active], index[s]
					s--
					continue
				}
				pg = min(g, 0)
			} else {
				pg = g
			}
			maxNew, minNew = max(maxNew, pg), min(minNew, pg)
			if math.Abs(pg) > 1e-12 {
				old := alpha[i]
				alpha[i] = max(alpha[i]-g/qd[i], 0)
				d := (alpha[i] - old) * y[i]
				d32 := float32(d)
				for k, c := range xs[i] {
					w[c] += d32 * e.x.w[k]
				}
				b += d * svmBias
			}
		}
		if maxNew-minNew <= svmTolerance {
			if active == n {
				break
			}
			// Converged on the active examples: check them all again.
			active = n
			maxOld = math.Inf(1)
			continue
		}
		maxOld = maxNew
		if maxOld <= 0 {
			maxOld = math.Inf(1)
		}
	}
	return b
}

// scores writes into s each class's decision value for x.
func (m *svm) scores(x sparse, s []float64) {
	for t := range s {
		s[t] = float64(m.bias[t]) * svmBias
	}
	for k, id := range x.ids {
		xv := float64(x.w[k])
		for _, p := range m.post[m.start[id]:m.start[id+1]] {
			s[p.class] += xv * float64(p.w)
		}
	}
}

// weights returns the weights of hashed feature id for the classes.
func (m *svm) weights(id int32, classes []int) []float64 {
	out := make([]float64, len(classes))
	ps := m.post[m.start[id]:m.start[id+1]]
	for k, t := range classes {
		if j, ok := slices.BinarySearchFunc(ps, int32(t), func(p svmPosting, t int32) int { return cmp.Compare(p.class, t) }); ok {
			out[k] = float64(ps[j].w)
		}
	}
	return out
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
