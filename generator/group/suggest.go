package group

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
)

const (
	// themeTextWeight is how many labelled documents a theme's own text and
	// keywords count as in its prototype: a curated definition is worth a
	// little more than one customer's words, and it fades as evidence
	// accumulates.
	themeTextWeight = 2
	// maxSuggestions is the number of themes suggested per item.
	maxSuggestions = 3
	// maxTerms is the number of matched words shown per suggestion.
	maxTerms = 5
	// calibrationDocs caps the labelled documents scored to fit the
	// calibration; beyond a few thousand the fit no longer changes.
	calibrationDocs = 2000
)

// model holds the theme prototypes and their calibration.
type model struct {
	c       *corpus
	themes  []Theme
	labels  [][]int32 // document -> indexes of its known themes, ascending
	protos  []vec     // theme -> prototype, not normalised
	norm2   []float64 // theme -> squared length of its prototype
	prior   []float64 // theme -> log share of labelled documents carrying it
	start   []int32   // term -> start of its postings in post
	post    []posting // postings of all terms, by term then theme
	cal     calibration
	workers int
}

type posting struct {
	theme int32
	w     float32
}

// newModel builds the theme prototypes and fits the calibration.
func newModel(c *corpus, docs []Doc, themes []Theme, workers int) *model {
	m := &model{c: c, themes: themes, workers: workers}
	byID := make(map[string]int32, len(themes))
	for i, t := range themes {
		byID[t.ID] = int32(i)
	}
	members := make([][]int32, len(themes)) // theme -> documents, in order
	m.labels = make([][]int32, len(docs))
	labelled := 0
	for i, d := range docs {
		for _, id := range d.Themes {
			if t, ok := byID[id]; ok && !slices.Contains(m.labels[i], t) {
				m.labels[i] = append(m.labels[i], t)
				members[t] = append(members[t], int32(i))
			}
		}
		slices.Sort(m.labels[i])
		if len(m.labels[i]) > 0 {
			labelled++
		}
	}

	m.protos = make([]vec, len(themes))
	m.norm2 = make([]float64, len(themes))
	m.prior = make([]float64, len(themes))
	acc := make([][]float64, workers)
	forChunks(len(themes), workers, 1, func(w, lo, hi int) {
		if acc[w] == nil {
			acc[w] = make([]float64, len(c.display))
		}
		for t := lo; t < hi; t++ {
			m.protos[t], m.norm2[t] = prototype(c, c.themes[t], members[t], acc[w])
			m.prior[t] = math.Log(float64(len(members[t])+1) / float64(labelled+len(themes)))
		}
	})

	// Inverted index from terms to the prototypes that contain them.
	m.start = make([]int32, len(c.display)+1)
	for _, p := range m.protos {
		for _, t := range p.terms {
			m.start[t+1]++
		}
	}
	for t := 1; t < len(m.start); t++ {
		m.start[t] += m.start[t-1]
	}
	m.post = make([]posting, m.start[len(c.display)])
	fill := slices.Clone(m.start[:len(c.display)])
	for th, p := range m.protos {
		for k, t := range p.terms {
			m.post[fill[t]] = posting{int32(th), p.w[k]}
			fill[t]++
		}
	}

	m.cal = m.calibrate(docs)
	return m
}

// prototype sums the theme's text vector, weighted by themeTextWeight, and
// the vectors of its member documents, using acc (zero, one slot per term)
// as scratch. It returns the sum and its squared length.
func prototype(c *corpus, text vec, members []int32, acc []float64) (vec, float64) {
	var touched []int32
	add := func(v vec, f float64) {
		for k, t := range v.terms {
			if acc[t] == 0 {
				touched = append(touched, t)
			}
			acc[t] += f * float64(v.w[k])
		}
	}
	add(text, themeTextWeight)
	for _, d := range members {
		add(c.docs[d], 1)
	}
	slices.Sort(touched)
	p := vec{terms: make([]int32, 0, len(touched)), w: make([]float32, 0, len(touched))}
	var n2 float64
	for _, t := range touched {
		if acc[t] != 0 {
			p.terms = append(p.terms, t)
			p.w = append(p.w, float32(acc[t]))
			n2 += float64(float32(acc[t])) * float64(float32(acc[t]))
		}
		acc[t] = 0
	}
	return p, n2
}

// scores writes into s the cosine of document d with every prototype. When
// leaveOut is set, the prototypes of d's own themes are taken without d, as
// if d had not been labelled.
func (m *model) scores(d int, leaveOut bool, s []float64) {
	clear(s)
	v := m.c.docs[d]
	for k, t := range v.terms {
		w := float64(v.w[k])
		for _, p := range m.post[m.start[t]:m.start[t+1]] {
			s[p.theme] += w * float64(p.w)
		}
	}
	self := dot(v, v) // 1 but for rounding
	for t := range s {
		dp, n2 := s[t], m.norm2[t]
		if leaveOut && slices.Contains(m.labels[d], int32(t)) {
			// The prototype less v: (p-v)·v = p·v - v·v and
			// |p-v|² = |p|² - 2 p·v + v·v.
			dp, n2 = dp-self, n2-2*dp+self
		}
		if n2 <= 1e-12 || dp <= 0 {
			s[t] = 0
			continue
		}
		s[t] = min(dp/math.Sqrt(n2), 1)
	}
}

// candidate is a theme with its score for one document.
type candidate struct {
	theme int32
	score float64
	x     [3]float64 // calibration features
}

// candidates returns the best maxSuggestions themes by score (ties by theme
// order) with their calibration features: the score, its margin over the
// best other theme, and the theme's log prior. It keeps the best as it goes
// rather than sorting every theme: it runs once per document.
func (m *model) candidates(s []float64) ([maxSuggestions]candidate, int) {
	var order [maxSuggestions]int32
	n := 0
	for t, v := range s {
		if v <= 0 || (n == maxSuggestions && v <= s[order[n-1]]) {
			continue
		}
		// Themes come in order, so a theme goes after those of equal score.
		k := min(n, maxSuggestions-1)
		for k > 0 && v > s[order[k-1]] {
			order[k] = order[k-1]
			k--
		}
		order[k] = int32(t)
		n = min(n+1, maxSuggestions)
	}
	var out [maxSuggestions]candidate
	for k, t := range order[:n] {
		other := 0.0 // the best score among the other themes
		if k == 0 {
			if n > 1 {
				other = s[order[1]]
			}
		} else {
			other = s[order[0]]
		}
		out[k] = candidate{t, s[t], [3]float64{s[t], s[t] - other, m.prior[t]}}
	}
	return out, n
}

// calibrate scores a sample of the labelled documents against prototypes
// that leave each of them out, and fits the map from features to the
// chance that a candidate theme is one of the document's own.
func (m *model) calibrate(docs []Doc) calibration {
	var sampleDocs []int
	for i := range docs {
		if len(m.labels[i]) > 0 {
			sampleDocs = append(sampleDocs, i)
		}
	}
	if len(sampleDocs) > calibrationDocs {
		// The labelled documents with the smallest hashes of their ids:
		// deterministic, and spread evenly over the repository.
		type hashed struct {
			doc  int
			hash uint64
		}
		hs := make([]hashed, len(sampleDocs))
		for k, i := range sampleDocs {
			f := fnv.New64a()
			f.Write([]byte(docs[i].ID))
			hs[k] = hashed{i, f.Sum64()}
		}
		slices.SortFunc(hs, func(a, b hashed) int {
			return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.doc, b.doc))
		})
		sampleDocs = sampleDocs[:calibrationDocs]
		for k := range sampleDocs {
			sampleDocs[k] = hs[k].doc
		}
		slices.Sort(sampleDocs)
	}
	per := make([][]sample, len(sampleDocs))
	scratch := make([][]float64, m.workers)
	forChunks(len(sampleDocs), m.workers, 32, func(w, lo, hi int) {
		if scratch[w] == nil {
			scratch[w] = make([]float64, len(m.themes))
		}
		for k := lo; k < hi; k++ {
			d := sampleDocs[k]
			m.scores(d, true, scratch[w])
			cs, n := m.candidates(scratch[w])
			for _, c := range cs[:n] {
				per[k] = append(per[k], sample{slices.Clone(c.x[:]), slices.Contains(m.labels[d], c.theme)})
			}
		}
	})
	return fitCalibration(slices.Concat(per...))
}

// suggest returns the suggestions for every unthemed document, in document
// order, and every document's best confidence (zero for themed ones).
// Without want it returns only the confidences, which clustering needs.
func (m *model) suggest(docs []Doc, opts Options, want bool) ([]Suggestion, []float64) {
	var todo []int
	for i, d := range docs {
		if len(d.Themes) == 0 {
			todo = append(todo, i)
		}
	}
	var out []Suggestion
	if want {
		out = make([]Suggestion, len(todo))
	}
	best := make([]float64, len(docs))
	scratch := make([][]float64, m.workers)
	forChunks(len(todo), m.workers, 32, func(w, lo, hi int) {
		if scratch[w] == nil {
			scratch[w] = make([]float64, len(m.themes))
		}
		for k := lo; k < hi; k++ {
			d := todo[k]
			m.scores(d, false, scratch[w])
			cs, n := m.candidates(scratch[w])
			var matches []Match
			if want {
				matches = []Match{}
			}
			for _, c := range cs[:n] {
				p := round4(m.cal.probability(c.x[:], c.score))
				best[d] = max(best[d], p)
				if !want || p < opts.MinConfidence {
					continue
				}
				matches = append(matches, Match{
					ID:         m.themes[c.theme].ID,
					Confidence: p,
					Terms:      m.matched(d, c.theme),
				})
			}
			if !want {
				continue
			}
			// Candidates come by score; order by confidence, keeping the
			// score order among equals.
			slices.SortStableFunc(matches, func(a, b Match) int {
				return cmp.Compare(b.Confidence, a.Confidence)
			})
			out[k] = Suggestion{Item: docs[d].ID, Themes: matches}
		}
	})
	return out, best
}

// matched returns the words of document d that contribute most to its
// score for theme t, strongest first.
func (m *model) matched(d int, t int32) []string {
	v, p := m.c.docs[d], m.protos[t]
	type contribution struct {
		term int32
		x    float64
	}
	var cs []contribution
	for k, term := range v.terms {
		if j, ok := slices.BinarySearch(p.terms, term); ok {
			cs = append(cs, contribution{term, float64(v.w[k]) * float64(p.w[j])})
		}
	}
	slices.SortFunc(cs, func(a, b contribution) int {
		return cmp.Or(cmp.Compare(b.x, a.x), cmp.Compare(a.term, b.term))
	})
	terms := make([]string, 0, min(len(cs), maxTerms))
	for _, c := range cs[:min(len(cs), maxTerms)] {
		terms = append(terms, m.c.display[c.term])
	}
	return terms
}
