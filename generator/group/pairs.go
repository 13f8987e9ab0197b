package group

import "slices"

const (
	// keyTerms is how many of a document's most distinctive terms index
	// it for candidate pairs.
	keyTerms = 8
	// maxPostings: a term in more documents than this is too common to
	// propose pairs (it would propose a quadratic number of them); it still
	// counts in every similarity.
	maxPostings = 256
)

// pair is two documents, by index with a < b, and their cosine.
type pair struct {
	a, b int32
	sim  float64
}

// similarPairs returns the pairs of members (document indexes, ascending)
// whose cosine reaches minSim, ordered by a then b.
//
// It compares a pair only when the two share key terms: each document's
// keyTerms heaviest terms among those in 2..maxPostings members. Two
// documents with three or more keys each must share two of them, others
// one. The work is linear in the number of members times keyTerms times
// maxPostings, never quadratic; the price is that a pair sharing only very
// common words, or sharing too few keys, is not found.
func similarPairs(vecs []vec, members []int32, minSim float64, workers int) []pair {
	n := len(members)
	if n < 2 {
		return nil
	}
	vocab := 0
	for _, d := range members {
		if v := vecs[d]; len(v.terms) > 0 {
			vocab = max(vocab, int(v.terms[len(v.terms)-1])+1)
		}
	}
	df := make([]int32, vocab)
	for _, d := range members {
		for _, t := range vecs[d].terms {
			df[t]++
		}
	}
	keys := make([][]int32, n)
	forChunks(n, workers, 256, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			keys[i] = topTerms(vecs[members[i]], keyTerms, func(t int32) bool {
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

	found := make([][]pair, n)
	type scratch struct {
		shared  []uint8
		touched []int32
	}
	scr := make([]scratch, workers)
	forChunks(n, workers, 64, func(w, lo, hi int) {
		s := &scr[w]
		if s.shared == nil {
			s.shared = make([]uint8, n)
		}
		for i := lo; i < hi; i++ {
			for _, t := range keys[i] {
				ps := post[start[t]:start[t+1]]
				k, _ := slices.BinarySearch(ps, int32(i+1))
				for _, j := range ps[k:] {
					if s.shared[j] == 0 {
						s.touched = append(s.touched, j)
					}
					s.shared[j]++
				}
			}
			slices.Sort(s.touched)
			for _, j := range s.touched {
				need := uint8(1)
				if len(keys[i]) >= 3 && len(keys[j]) >= 3 {
					need = 2
				}
				if s.shared[j] >= need {
					a, b := members[i], members[j]
					if sim := dot(vecs[a], vecs[b]); sim >= minSim {
						found[i] = append(found[i], pair{a, b, min(sim, 1)})
					}
				}
				s.shared[j] = 0
			}
			s.touched = s.touched[:0]
		}
	})
	return slices.Concat(found...)
}
