package group

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// vec is a sparse vector: term ids in ascending order with their weights.
// Document and theme vectors have unit length.
type vec struct {
	terms []int32
	w     []float32
}

// dot returns the inner product of two sparse vectors.
func dot(a, b vec) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a.terms) && j < len(b.terms) {
		switch {
		case a.terms[i] < b.terms[j]:
			i++
		case a.terms[i] > b.terms[j]:
			j++
		default:
			s += float64(a.w[i]) * float64(b.w[j])
			i++
			j++
		}
	}
	return s
}

// corpus holds the vocabulary and the vectors of documents and themes.
type corpus struct {
	docs    []vec    // topic vectors of the documents, in document order
	words   []vec    // word vectors of the documents, to find duplicates
	texts   []vec    // text vectors of the documents, to measure duplication
	themes  []vec    // topic vectors of each theme's text and keywords
	display []string // term id (topic and word vectors share ids) -> the word shown
}

// newCorpus tokenises and weighs the documents and the themes' own text.
// Each document gets three vectors:
//
//   - a topic vector of stemmed words without any stop words, for themes
//     and clusters (only when topics is true: duplicates do not need them);
//   - a word vector of stemmed words without function and filler words,
//     to propose pairs of duplicates: it keeps the words that tell two
//     similar reviews apart;
//   - a text vector of the character pieces (see grams) of those same
//     words, to measure duplication: it tolerates typos.
//
// Inverse document frequency comes from the documents alone, and every id
// is given in document order, themes last: leaving the themes and topics
// out changes no word or text vector.
func newCorpus(docs []Doc, themes []Theme, workers int, topics bool) *corpus {
	return newCorpusOf(docs, themes, workers, topics, true)
}

// newCorpusOf is newCorpus with the word and text vectors, which only
// duplicates need, left out unless words is true: clusters alone do not
// pay for the character pieces of every word. Term ids are the same
// either way.
func newCorpusOf(docs []Doc, themes []Theme, workers int, topics, words bool) *corpus {
	n := len(docs)
	tzs := make([]tokenizer, workers)
	ids, surfaces, uses := intern(n+len(themes), func(worker, i int, w []string) []string {
		if i < n {
			// Words never span a line break: the title's words, then the
			// text's, are the words of the two joined by one.
			tz := &tzs[worker]
			return tz.finish(tz.tokenize(docs[i].Text, tz.tokenize(docs[i].Title, w)))
		}
		w = tokenize(themes[i-n].Text, w)
		for _, k := range themes[i-n].Keywords {
			// Keywords are chosen to help suggestions: they count twice.
			kw := tokenize(k, nil)
			w = append(append(w, kw...), kw...)
		}
		return w
	}, workers)

	// Analyse each distinct word once: its stem, whether it names a topic,
	// and its pieces. Negations all read "not".
	stems := make([]string, len(surfaces))
	topical := make([]bool, len(surfaces))
	pieces := make([][]string, len(surfaces))
	forChunks(len(surfaces), workers, 256, func(_, lo, hi int) {
		for k := lo; k < hi; k++ {
			switch w := surfaces[k]; {
			case negationWords[w]:
				stems[k] = "not"
				if words {
					pieces[k] = grams("not")
				}
			case !isTextStop(w):
				stems[k] = term(w)
				if words {
					pieces[k] = grams(w)
				}
				topical[k] = topics && !isTopicStop(w)
			}
		}
	})
	c := &corpus{}
	termIndex := map[string]int32{}
	toTopic := make([][]int32, len(surfaces))
	toWord := make([][]int32, len(surfaces))
	termOf := make([]int32, len(surfaces)) // backs toWord: one block, not a slice per word
	var bestUses []int32
	for k, s := range stems {
		if s == "" {
			continue
		}
		id, ok := termIndex[s]
		if !ok {
			id = int32(len(c.display))
			termIndex[s] = id
			c.display = append(c.display, strings.Clone(surfaces[k]))
			bestUses = append(bestUses, uses[k])
		} else if better(uses[k], surfaces[k], bestUses[id], c.display[id]) {
			c.display[id] = strings.Clone(surfaces[k])
			bestUses[id] = uses[k]
		}
		termOf[k] = id
		toWord[k] = termOf[k : k+1 : k+1]
		if topical[k] {
			toTopic[k] = toWord[k]
		}
	}
	gramIndex := map[string]int32{}
	toGrams := make([][]int32, len(surfaces))
	for k, ps := range pieces {
		for _, p := range ps {
			id, ok := gramIndex[p]
			if !ok {
				id = int32(len(gramIndex))
				gramIndex[p] = id
			}
			toGrams[k] = append(toGrams[k], id)
		}
	}

	var topic []vec
	if topics {
		topic = make([]vec, len(ids))
	}
	if words {
		c.words = make([]vec, n)
		c.texts = make([]vec, n)
	}
	termCounts, pieceCounts := make([]counter, workers), make([]counter, workers)
	forChunks(len(ids), workers, 64, func(w, lo, hi int) {
		tc, pc := &termCounts[w], &pieceCounts[w]
		for i := lo; i < hi; i++ {
			if topics {
				topic[i] = tc.count(ids[i], toTopic, len(c.display))
			}
			if words && i < n {
				c.words[i] = tc.count(ids[i], toWord, len(c.display))
				c.texts[i] = pc.count(ids[i], toGrams, len(gramIndex))
			}
			ids[i] = nil
		}
	})
	if topics {
		weighAll(topic, n, len(c.display), workers)
		c.docs, c.themes = topic[:n], topic[n:]
	}
	if words {
		weighAll(c.words, n, len(c.display), workers)
		weighAll(c.texts, n, len(gramIndex), workers)
	}
	return c
}

// internChunk is how many texts share one dictionary while interning.
const internChunk = 256

// intern numbers the distinct words of n texts, which words(worker, i,
// dst) appends to dst (worker, in [0, workers), is for scratch), in order
// of first use: ids[i] are text i's words, surfaces the words by id, uses
// how often each occurs. Chunks of texts are tokenised and numbered on
// their own in parallel, then their dictionaries are merged in text order,
// which gives every word the id a single pass would.
func intern(n int, words func(worker, i int, dst []string) []string, workers int) (ids [][]int32, surfaces []string, uses []int32) {
	type dict struct {
		words []string // in order of first use within the chunk
		uses  []int32
	}
	ids = make([][]int32, n)
	dicts := make([]dict, (n+internChunk-1)/internChunk)
	type scratch struct {
		words []string
		local map[string]int32 // cleared for each chunk, kept for its room
		block []int32          // rows are carved out of it, as in counter.alloc
	}
	scr := make([]scratch, workers)
	forChunks(n, workers, internChunk, func(w, lo, hi int) {
		d := &dicts[lo/internChunk]
		sc := &scr[w]
		if sc.local == nil {
			sc.local = make(map[string]int32, 1024)
		}
		local := sc.local
		clear(local)
		for i := lo; i < hi; i++ {
			ws := words(w, i, sc.words[:0])
			sc.words = ws
			if len(ws) > len(sc.block) {
				sc.block = make([]int32, max(len(ws), counterBlock))
			}
			row := sc.block[:len(ws):len(ws)]
			sc.block = sc.block[len(ws):]
			for k, word := range ws {
				id, ok := local[word]
				if !ok {
					id = int32(len(d.words))
					local[word] = id
					d.words = append(d.words, word)
					d.uses = append(d.uses, 0)
				}
				d.uses[id]++
				row[k] = id
			}
			ids[i] = row
		}
	})
	index := map[string]int32{}
	global := make([][]int32, len(dicts))
	for c, d := range dicts {
		global[c] = make([]int32, len(d.words))
		for k, word := range d.words {
			id, ok := index[word]
			if !ok {
				id = int32(len(surfaces))
				index[word] = id
				surfaces = append(surfaces, word)
				uses = append(uses, 0)
			}
			uses[id] += d.uses[k]
			global[c][k] = id
		}
	}
	forChunks(n, workers, internChunk, func(_, lo, hi int) {
		g := global[lo/internChunk]
		for i := lo; i < hi; i++ {
			for k, id := range ids[i] {
				ids[i][k] = g[id]
			}
		}
	})
	return ids, surfaces, uses
}

// weighAll turns the counts of vs into unit-length TF-IDF weights, with
// document frequencies from the first n vectors.
func weighAll(vs []vec, n, vocab, workers int) {
	df := make([]int32, vocab)
	for _, v := range vs[:n] {
		for _, t := range v.terms {
			df[t]++
		}
	}
	idf := make([]float64, vocab)
	for t, f := range df {
		idf[t] = 1 + math.Log(float64(n+1)/float64(f+1))
	}
	forChunks(len(vs), workers, 64, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			weigh(vs[i], idf)
		}
	})
}

// better reports whether a word used u times should be shown for its term
// instead of the current word used bu times: the most used word wins, then
// the shorter, then the first in byte order.
func better(u int32, w string, bu int32, bw string) bool {
	if u != bu {
		return u > bu
	}
	if len(w) != len(bw) {
		return len(w) < len(bw)
	}
	return w < bw
}

// counter counts features; its slices are scratch kept between calls.
type counter struct {
	n       []int32  // feature -> count so far, zero between calls
	seen    []uint64 // a bit per feature counted, zero between calls
	touched []int32
	// terms and weights are carved out of larger blocks: many small
	// vectors cost the allocator and the collector more than a few blocks.
	termBlock []int32
	wBlock    []float32
}

// counterBlock is the size of the blocks vectors are carved from.
const counterBlock = 16 << 10

// alloc returns the term and weight slices of a vector of n features.
func (c *counter) alloc(n int) ([]int32, []float32) {
	if n > len(c.termBlock) {
		size := max(n, counterBlock)
		c.termBlock, c.wBlock = make([]int32, size), make([]float32, size)
	}
	terms, w := c.termBlock[:n:n], c.wBlock[:n:n]
	c.termBlock, c.wBlock = c.termBlock[n:], c.wBlock[n:]
	return terms, w
}

// count maps words to features with to and returns the features, in
// ascending order, with their counts. vocab is the number of features.
func (c *counter) count(words []int32, to [][]int32, vocab int) vec {
	if len(c.n) < vocab {
		c.n = make([]int32, vocab)
		c.seen = make([]uint64, (vocab+63)/64)
	}
	lo, hi := int32(math.MaxInt32), int32(-1)
	for _, w := range words {
		for _, t := range to[w] {
			if c.n[t] == 0 {
				c.touched = append(c.touched, t)
				c.seen[t>>6] |= 1 << (t & 63)
				lo, hi = min(lo, t), max(hi, t)
			}
			c.n[t]++
		}
	}
	if span := int(hi>>6-lo>>6) + 1; span <= 4*len(c.touched) {
		// Dense enough: read the features in order off the bits.
		k := 0
		for i := lo >> 6; i <= hi>>6; i++ {
			for b := c.seen[i]; b != 0; b &= b - 1 {
				c.touched[k] = i<<6 | int32(bits.TrailingZeros64(b))
				k++
			}
			c.seen[i] = 0
		}
	} else {
		slices.Sort(c.touched)
		for _, t := range c.touched {
			c.seen[t>>6] = 0
		}
	}
	var v vec
	v.terms, v.w = c.alloc(len(c.touched))
	copy(v.terms, c.touched)
	for k, t := range c.touched {
		v.w[k] = float32(c.n[t])
		c.n[t] = 0
	}
	c.touched = c.touched[:0]
	return v
}

// sublinear[c] is 1 + ln c, the weight of a term counted c times, for the
// common small counts.
var sublinear = func() (s [64]float64) {
	for c := 1; c < len(s); c++ {
		s[c] = 1 + math.Log(float64(c))
	}
	return s
}()

// weigh turns counts into unit-length TF-IDF weights in place.
func weigh(v vec, idf []float64) {
	var norm float64
	for k, t := range v.terms {
		x := idf[t]
		if c := v.w[k]; c > 1 {
			if c < float32(len(sublinear)) {
				x *= sublinear[int(c)]
			} else {
				x *= 1 + math.Log(float64(c))
			}
		}
		v.w[k] = float32(x)
		norm += x * x
	}
	if norm == 0 {
		return
	}
	norm = math.Sqrt(norm)
	for k := range v.w {
		v.w[k] = float32(float64(v.w[k]) / norm)
	}
}

// forChunks calls fn on consecutive ranges [lo, hi) of [0, n) of at most
// chunk indexes, on up to workers goroutines; worker is in [0, workers).
// Callers write results by index, so the outcome never depends on which
// goroutine ran which range.
func forChunks(n, workers, chunk int, fn func(worker, lo, hi int)) {
	if n == 0 {
		return
	}
	workers = min(workers, (n+chunk-1)/chunk)
	if workers <= 1 {
		fn(0, 0, n)
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				fn(w, lo, min(lo+chunk, n))
			}
		})
	}
	wg.Wait()
}

// topTerms returns up to k term ids of v with the highest weights, among
// those keep accepts, heaviest first and ties by term id.
func topTerms(v vec, k int, keep func(t int32) bool) []int32 {
	type tw struct {
		t int32
		w float32
	}
	var c []tw
	for i, t := range v.terms {
		if keep == nil || keep(t) {
			c = append(c, tw{t, v.w[i]})
		}
	}
	slices.SortFunc(c, func(a, b tw) int {
		if a.w != b.w {
			return cmp.Compare(b.w, a.w)
		}
		return cmp.Compare(a.t, b.t)
	})
	out := make([]int32, 0, min(k, len(c)))
	for _, x := range c[:min(k, len(c))] {
		out = append(out, x.t)
	}
	return out
}
