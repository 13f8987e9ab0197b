package group

import "math"

// calibration maps a theme's features for a document to the probability
// that the theme applies, by logistic regression:
// p = 1 / (1 + exp(-(b·x))), with x = (1, features...).
type calibration struct {
	b  []float64
	ok bool // false: too little labelled data; the score itself is used
}

// minCalibration is the number of right and of wrong suggestions that the
// labelled sample must each contain before a regression is fitted.
const minCalibration = 10

// sample is one (features, outcome) observation for the regression.
type sample struct {
	x []float64 // without the constant term
	y bool
}

// fitCalibration fits the regression by Newton's method with a small ridge
// penalty (which keeps the fit finite when the classes separate). The
// samples are visited in order, so the fit is deterministic.
func fitCalibration(samples []sample) calibration {
	pos := 0
	for _, s := range samples {
		if s.y {
			pos++
		}
	}
	if pos < minCalibration || len(samples)-pos < minCalibration {
		return calibration{}
	}
	// ridge is a weak Gaussian prior on the slopes: a fraction of one
	// observation's worth of evidence.
	const ridge = 0.1
	k := len(samples[0].x) + 1
	b := make([]float64, k)
	x := make([]float64, k)
	for iter := 0; iter < 50; iter++ {
		g := make([]float64, k)
		h := make([][]float64, k)
		for i := range h {
			h[i] = make([]float64, k)
		}
		for _, s := range samples {
			x[0] = 1
			copy(x[1:], s.x)
			p := logistic(b, x)
			y := 0.0
			if s.y {
				y = 1
			}
			w := max(p*(1-p), 1e-9)
			for i := range k {
				g[i] += (y - p) * x[i]
				for j := range k {
					h[i][j] += w * x[i] * x[j]
				}
			}
		}
		for i := 1; i < k; i++ {
			g[i] -= ridge * b[i]
			h[i][i] += ridge
		}
		step, ok := solve(h, g)
		if !ok {
			break
		}
		var size float64
		for i := range b {
			b[i] += step[i]
			size = max(size, math.Abs(step[i]))
		}
		if size < 1e-9 {
			break
		}
	}
	return calibration{b: b, ok: true}
}

// probability returns the calibrated confidence for features x, or the
// fallback (the raw score, clamped to 0..1) when no regression was fitted.
func (c calibration) probability(x []float64, fallback float64) float64 {
	if !c.ok {
		return min(max(fallback, 0), 1)
	}
	z := c.b[0]
	for i, v := range x {
		z += c.b[i+1] * v
	}
	return 1 / (1 + math.Exp(-z))
}

func logistic(b, x []float64) float64 {
	var z float64
	for i := range b {
		z += b[i] * x[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// solve solves h·x = g by Gaussian elimination with partial pivoting.
func solve(h [][]float64, g []float64) ([]float64, bool) {
	n := len(g)
	a := make([][]float64, n)
	for i := range a {
		a[i] = append(append([]float64(nil), h[i]...), g[i])
	}
	for col := range n {
		p := col
		for r := col + 1; r < n; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[p][col]) {
				p = r
			}
		}
		if math.Abs(a[p][col]) < 1e-12 {
			return nil, false
		}
		a[col], a[p] = a[p], a[col]
		for r := col + 1; r < n; r++ {
			f := a[r][col] / a[col][col]
			for k := col; k <= n; k++ {
				a[r][k] -= f * a[col][k]
			}
		}
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := a[i][n]
		for k := i + 1; k < n; k++ {
			s -= a[i][k] * x[k]
		}
		x[i] = s / a[i][i]
	}
	return x, true
}
