package group

import (
	"math"
	"slices"
	"unicode/utf8"
)

// The classifier's features (see classifier) are hashed: a document
// becomes the TF-IDF weights of its words, its pairs of adjacent words and
// the 3- to 5-character pieces of its words, each feature numbered by a
// hash of its text into featureSpace slots. Hashing bounds the model's
// memory whatever the vocabulary; a collision merges two rare features,
// which costs little accuracy at this size.
const (
	featureBits  = 18
	featureSpace = 1 << featureBits
	// maxFeatureWords bounds the words of one document that make features:
	// what an item is about is said at its start, and a pasted log must
	// not cost more than a paragraph.
	maxFeatureWords = 150
	// minGram and maxGram are the lengths, in characters, of the pieces
	// of words (with a space before and after the word).
	minGram, maxGram = 3, 5
)

// sparse is a document's features: ids ascending, with their weights.
type sparse struct {
	ids []int32
	w   []float32
}

// hashed is the hash of one feature's text with a kind byte before it, so
// that the word "ab" and the piece " ab" never share a slot by design.
func hashed(kind byte, parts ...string) int32 {
	// FNV-1a, 32 bits.
	h := uint32(2166136261)
	h = (h ^ uint32(kind)) * 16777619
	for k, p := range parts {
		if k > 0 {
			h = (h ^ ' ') * 16777619
		}
		for i := 0; i < len(p); i++ {
			h = (h ^ uint32(p[i])) * 16777619
		}
	}
	return int32(h & (featureSpace - 1))
}

// hashedBytes is hashed for one part held in bytes.
func hashedBytes(kind byte, p []byte) int32 {
	h := uint32(2166136261)
	h = (h ^ uint32(kind)) * 16777619
	for _, c := range p {
		h = (h ^ uint32(c)) * 16777619
	}
	return int32(h & (featureSpace - 1))
}

// Feature kinds.
const (
	kindWord   = 'w'
	kindBigram = 'b'
	kindGram   = 'c'
)

// featurizer turns words into counted features; its fields are scratch
// kept between documents.
type featurizer struct {
	counts  []float32 // feature -> count, zero between documents
	touched []int32   // the features counted
	runes   []rune
	buf     []byte
}

func (fz *featurizer) add(id int32) {
	if fz.counts[id] == 0 {
		fz.touched = append(fz.touched, id)
	}
	fz.counts[id]++
}

// count appends to f's counts the features of words (lower-case, as
// tokenize gives them), of the first maxFeatureWords of them, and returns
// the word features and the piece features apart, unweighted, ids
// ascending.
func (fz *featurizer) count(words []string) (word, gram sparse) {
	if fz.counts == nil {
		fz.counts = make([]float32, featureSpace)
	}
	words = words[:min(len(words), maxFeatureWords)]
	for k, w := range words {
		fz.add(hashed(kindWord, w))
		if k > 0 {
			fz.add(hashed(kindBigram, words[k-1], w))
		}
	}
	word = fz.drain()
	for _, w := range words {
		fz.eachGram(w, fz.add)
	}
	gram = fz.drain()
	return word, gram
}

// eachGram calls fn with the feature of every piece of word w.
func (fz *featurizer) eachGram(w string, fn func(int32)) {
	fz.runes = append(fz.runes[:0], ' ')
	for _, r := range w {
		fz.runes = append(fz.runes, r)
	}
	fz.runes = append(fz.runes, ' ')
	for n := minGram; n <= maxGram; n++ {
		for i := 0; i+n <= len(fz.runes); i++ {
			fz.buf = fz.buf[:0]
			for _, r := range fz.runes[i : i+n] {
				fz.buf = utf8.AppendRune(fz.buf, r)
			}
			fn(hashedBytes(kindGram, fz.buf))
		}
	}
}

// grams returns the distinct piece features of word w.
func (fz *featurizer) grams(w string) []int32 {
	var ids []int32
	fz.eachGram(w, func(id int32) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	})
	return ids
}

// drain returns the counts as a sparse vector and empties them.
func (fz *featurizer) drain() sparse {
	slices.Sort(fz.touched)
	s := sparse{ids: slices.Clone(fz.touched), w: make([]float32, len(fz.touched))}
	for k, id := range s.ids {
		s.w[k] = fz.counts[id]
		fz.counts[id] = 0
	}
	fz.touched = fz.touched[:0]
	return s
}

// tfidf weighs counts in place by (1 + ln tf) × idf and scales them to
// length scale.
func tfidf(s sparse, idf []float32, scale float64) {
	var n2 float64
	for k, id := range s.ids {
		x := (1 + math.Log(float64(s.w[k]))) * float64(idf[id])
		s.w[k] = float32(x)
		n2 += x * x
	}
	if n2 == 0 {
		return
	}
	f := scale / math.Sqrt(n2)
	for k := range s.w {
		s.w[k] = float32(float64(s.w[k]) * f)
	}
}

// join merges two sparse vectors with disjoint or shared ids, adding the
// weights of shared ones.
func join(a, b sparse) sparse {
	out := sparse{ids: make([]int32, 0, len(a.ids)+len(b.ids)), w: make([]float32, 0, len(a.ids)+len(b.ids))}
	i, j := 0, 0
	for i < len(a.ids) || j < len(b.ids) {
		switch {
		case j == len(b.ids) || (i < len(a.ids) && a.ids[i] < b.ids[j]):
			out.ids, out.w = append(out.ids, a.ids[i]), append(out.w, a.w[i])
			i++
		case i == len(a.ids) || b.ids[j] < a.ids[i]:
			out.ids, out.w = append(out.ids, b.ids[j]), append(out.w, b.w[j])
			j++
		default:
			out.ids, out.w = append(out.ids, a.ids[i]), append(out.w, a.w[i]+b.w[j])
			i++
			j++
		}
	}
	return out
}
