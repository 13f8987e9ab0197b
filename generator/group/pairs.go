package group

import (
	"cmp"
	"slices"
)

const (
	// keyTerms is how many of a document's most distinctive terms index
	// it for candidate pairs.
	keyTerms = 8
	// maxPostings: a term in more documents than this is too common to
	// propose pairs (it would propose a quadratic number of them); it still
	// counts in every similarity.
	maxPostings = 256
	// maxCompared bounds the candidates compared with each document, those
	// sharing the most keys (see mostShared): the work per document stays
	// bounded however large a topic grows.
	maxCompared = 256
)

// candidatePair is a document proposed for comparison and the number of
// keys it shares with the document at hand.
type candidatePair struct {
	j      int32
	shared uint8
}

// pair is two documents, by index with a < b, and their similarity.
type pair struct {
	a, b int32
	sim  float64
}

// pairSearch finds similar pairs among documents without comparing all
// pairs.
//
// A pair is compared only when the two documents share enough key terms:
// each document's keyTerms heaviest terms of its index vector, among those
// held by 2..maxPostings of the documents searched. The work is linear in
// the number of documents times keyTerms times maxPostings, and at most
// maxCompared similarities are computed per document: never quadratic. The
// price is that a pair sharing only very common words, or too few keys, is
// not found, and that in a very large topic a document is compared only
// with those sharing most keys with it.
type pairSearch struct {
	index   []vec // vectors that propose pairs
	measure []vec // vectors whose cosine decides
	// gate, when above zero, is the cosine of index vectors a pair must
	// reach before its measure is taken (index vectors are shorter).
	gate float64
	// min is the cosine of measure vectors a pair must reach.
	min float64
	// share is the fraction of the fewer keys of the two documents that
	// they must share (at least one key).
	share   float64
	workers int
}

// run returns the pairs of members (document indexes, ascending) that
// reach s.min, ordered by a then b.
func (s pairSearch) run(members []int32) []pair {
	n := len(members)
	if n < 2 {
		return nil
	}
	vocab := 0
	for _, d := range members {
		if v := s.index[d]; len(v.terms) > 0 {
			vocab = max(vocab, int(v.terms[len(v.terms)-1])+1)
		}
	}
	df := make([]int32, vocab)
	for _, d := range members {
		for _, t := range s.index[d].terms {
			df[t]++
		}
	}
	keys := make([][]int32, n)
	forChunks(n, s.workers, 256, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			keys[i] = topTerms(s.index[members[i]], keyTerms, func(t int32) bool {
				return df[t] >= 2 && df[t] <= maxPostings
			})
		}
	})

	// Postings: term -> members holding it as a key, ascending.
	start := make([]int32, vocab+1)
	for _, ks := range keys {
		for _, t := range ks {
			start[t+1]++
		}
	}
	for t := 1; t <= vocab; t++ {
		start[t] += start[t-1]
	}
	post := make([]int32, start[vocab])
	fill := slices.Clone(start[:vocab])
	for i, ks := range keys {
		for _, t := range ks {
			post[fill[t]] = int32(i)
			fill[t]++
		}
	}

	// need[k] is the number of keys to share when the fewer keys is k;
	// nKeys holds the members' numbers of keys together, where they are
	// read for every document proposed.
	var need [keyTerms + 1]uint8
	for k := range need {
		need[k] = uint8(max(1, int(s.share*float64(k)+0.999)))
	}
	nKeys := make([]uint8, n)
	for i, ks := range keys {
		nKeys[i] = uint8(len(ks))
	}

	found := make([][]pair, n)
	type scratch struct {
		shared  []uint8
		touched []int32
		cands   []candidatePair
		index   dense
		measure dense
	}
	scr := make([]scratch, s.workers)
	forChunks(n, s.workers, 64, func(w, lo, hi int) {
		sc := &scr[w]
		if sc.shared == nil {
			sc.shared = make([]uint8, n)
		}
		for i := lo; i < hi; i++ {
			a := members[i]
			if s.gate > 0 {
				sc.index.load(s.index[a])
			}
			sc.measure.load(s.measure[a])
			for _, t := range keys[i] {
				ps := post[start[t]:start[t+1]]
				k, _ := slices.BinarySearch(ps, int32(i+1))
				for _, j := range ps[k:] {
					if sc.shared[j] == 0 {
						sc.touched = append(sc.touched, j)
					}
					sc.shared[j]++
				}
			}
			cands := sc.cands[:0]
			for _, j := range sc.touched {
				if shared := sc.shared[j]; shared >= need[min(nKeys[i], nKeys[j])] {
					cands = append(cands, candidatePair{j, shared})
				}
				sc.shared[j] = 0
			}
			cands = mostShared(cands, maxCompared)
			for _, cp := range cands {
				b := members[cp.j]
				if s.gate > 0 && sc.index.dot(s.index[b]) < s.gate {
					continue
				}
				if sim := sc.measure.dot(s.measure[b]); sim >= s.min {
					found[i] = append(found[i], pair{a, b, min(sim, 1)})
				}
			}
			sc.cands = cands
			sc.touched = sc.touched[:0]
			sc.index.unload()
			sc.measure.unload()
			slices.SortFunc(found[i], func(x, y pair) int { return cmp.Compare(x.b, y.b) })
		}
	})
	return slices.Concat(found...)
}

// dense holds one sparse vector spread over a slice indexed by term, so
// that its inner product with many others costs one read per term of the
// other.
type dense struct {
	w []float32
	v vec
}

func (d *dense) load(v vec) {
	if len(v.terms) > 0 {
		if n := int(v.terms[len(v.terms)-1]) + 1; n > len(d.w) {
			d.w = slices.Grow(d.w, n-len(d.w))[:n]
		}
	}
	for k, t := range v.terms {
		d.w[t] = v.w[k]
	}
	d.v = v
}

func (d *dense) unload() {
	for _, t := range d.v.terms {
		d.w[t] = 0
	}
	d.v = vec{}
}

// dot returns the inner product of the loaded vector with v, summed in
// v's term order like the sparse dot.
func (d *dense) dot(v vec) float64 {
	var s float64
	for k, t := range v.terms {
		if int(t) < len(d.w) {
			s += float64(d.w[t]) * float64(v.w[k])
		}
	}
	return s
}

// mostShared keeps the n candidates sharing the most keys, in place and in
// their order; among those sharing as many as the last one kept, the first
// proposed are kept.
func mostShared(cands []candidatePair, n int) []candidatePair {
	if len(cands) <= n {
		return cands
	}
	var hist [keyTerms + 1]int
	for _, c := range cands {
		hist[c.shared]++
	}
	level, above := uint8(keyTerms), 0 // above: candidates sharing more than level
	for level > 1 && above+hist[level] < n {
		above += hist[level]
		level--
	}
	room := n - above
	kept := cands[:0]
	for _, c := range cands {
		switch {
		case c.shared > level:
			kept = append(kept, c)
		case c.shared == level && room > 0:
			kept = append(kept, c)
			room--
		}
	}
	return kept
}
