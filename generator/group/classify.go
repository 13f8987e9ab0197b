package group

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
	"strings"
)

// Theme suggestions come from a classifier trained on the repository
// itself: the items already filed under a theme, and each theme's own
// title, summary, body and keywords, are its examples (a theme without
// items is learnt from its text alone). The classifier is a set of linear
// support vector machines, one per theme (see svm), over hashed TF-IDF
// features of words, pairs of words and pieces of words (see features.go).
// Its decision values are turned into probabilities by a regression fitted
// on decision values the repository's labelled items get from classifiers
// trained without them (cross-validation; see calibration).
//
// Every word counts, praise and thanks included: "thanks for the quick
// answer" is about support.

const (
	// maxTrainPerTheme and maxTrain bound the items the classifier learns
	// from: each theme's first items in an order given by a hash of their
	// ids, and no more than maxTrain in all. Training time grows with them;
	// at 600 and 6,000 the airline complaints' three biggest themes (up to
	// 2,330 of 6,390 training items) and BANKING77's 8,000 requests were
	// cut short, and cross-validated top-1 was 0.033 and 0.004 lower
	// (README, "Quality of judgement").
	maxTrainPerTheme = 1500
	maxTrain         = 15000
	// themeTextCost is the cost of a mistake on a theme's own text, in
	// items: a curated definition is worth a few customers' words.
	themeTextCost = 3
	// svmCost is the C of every item, rising to maxSmallCost times it for
	// small training sets: svmCost*min(maxSmallCost, max(1, smallTrain/n))
	// for n training items. With a few hundred items the regulariser
	// outweighs what they say; this lifted cross-validated top-1 on every
	// labelled set with under 2,000 training items (app reviews 0.741 to
	// 0.758 with 30% themed, SemEval-2016 0.713 to 0.719, the sample 0.936
	// to 0.949) and left the larger ones as they were.
	svmCost      = 1.0
	maxSmallCost = 2.0
	smallTrain   = 2000
	// calibrationFolds is the number of classifiers trained each without a
	// share of the labelled items, to score those items as unseen.
	calibrationFolds = 2
	// maxCalibration bounds the labelled items scored that way.
	maxCalibration = 2400
)

// featureDoc is a document's words and its features.
type featureDoc struct {
	words []string
	x     sparse
}

// classifier suggests themes for documents.
type classifier struct {
	themes []Theme
	svm    *svm
	cal    calibration
	docs   []featureDoc // the documents' features, in document order
	labels [][]int32    // document -> its known themes, ascending
}

// themeText is the text a theme is learnt from: its text, then its
// keywords, which count twice (they are chosen to help suggestions).
func themeText(t Theme) string {
	var b strings.Builder
	b.WriteString(t.Text)
	for range 2 {
		for _, k := range t.Keywords {
			b.WriteString("\n")
			b.WriteString(k)
		}
	}
	return b.String()
}

// featurize computes the features of the documents docs[need[k]] and of
// every theme's text, with document frequencies from them: the documents
// a classifier learns from or suggests for, never the rest, whose
// features would cost memory and time to tell nothing new. The result has
// one entry per document, empty for those not needed.
func featurize(docs []Doc, need []int, themes []Theme, workers int) (docFeats, themeFeats []featureDoc) {
	n := len(need)
	all := make([]featureDoc, n+len(themes))
	words := make([]sparse, len(all))
	grams := make([]sparse, len(all))
	fzs := make([]featurizer, workers)
	tzs := make([]tokenizer, workers)
	forChunks(len(all), workers, 64, func(w, lo, hi int) {
		for i := lo; i < hi; i++ {
			var ws []string
			if i < n {
				tz := &tzs[w]
				d := docs[need[i]]
				ws = tz.finish(tz.tokenize(d.Text, tz.tokenize(d.Title, nil)))
			} else {
				ws = tokenize(themeText(themes[i-n]), nil)
			}
			all[i].words = ws
			words[i], grams[i] = fzs[w].count(ws)
		}
	})
	df := make([]int32, featureSpace)
	for i := range all {
		for _, id := range words[i].ids {
			df[id]++
		}
		for _, id := range grams[i].ids {
			df[id]++
		}
	}
	idf := make([]float32, featureSpace)
	for id, f := range df {
		idf[id] = float32(1 + math.Log(float64(len(all)+1)/float64(f+1)))
	}
	// The two kinds of feature weigh alike: each is scaled to length
	// 1/√2, so that a document's vector has length one.
	forChunks(len(all), workers, 64, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			tfidf(words[i], idf, 1/math.Sqrt2)
			tfidf(grams[i], idf, 1/math.Sqrt2)
			all[i].x = join(words[i], grams[i])
			words[i], grams[i] = sparse{}, sparse{}
		}
	})
	docFeats = make([]featureDoc, len(docs))
	for k, i := range need {
		docFeats[i] = all[k]
	}
	return docFeats, all[n:]
}

// idHash orders documents in a way that does not follow their ids'
// alphabetical order (dates, folders) yet is the same on every run.
func idHash(id string) uint64 {
	f := fnv.New64a()
	f.Write([]byte(id))
	return f.Sum64()
}

// newClassifier trains the classifier and fits its calibration.
func newClassifier(docs []Doc, themes []Theme, workers int) *classifier {
	c := &classifier{themes: themes}
	byID := make(map[string]int32, len(themes))
	for i, t := range themes {
		byID[t.ID] = int32(i)
	}
	c.labels = make([][]int32, len(docs))
	for i, d := range docs {
		for _, id := range d.Themes {
			if t, ok := byID[id]; ok && !slices.Contains(c.labels[i], t) {
				c.labels[i] = append(c.labels[i], t)
			}
		}
		slices.Sort(c.labels[i])
	}
	if len(themes) == 0 {
		return c
	}

	// The labelled documents, in hash order; each theme takes its first
	// maxTrainPerTheme, and the whole no more than maxTrain.
	var labelled []int
	for i := range docs {
		if len(c.labels[i]) > 0 {
			labelled = append(labelled, i)
		}
	}
	hashes := make([]uint64, len(docs))
	for _, i := range labelled {
		hashes[i] = idHash(docs[i].ID)
	}
	slices.SortFunc(labelled, func(a, b int) int { return cmp.Or(cmp.Compare(hashes[a], hashes[b]), cmp.Compare(a, b)) })
	perTheme := min(maxTrainPerTheme, max(1, maxTrain/len(themes)))
	taken := make([]int, len(themes))
	var train []int
	for _, i := range labelled {
		if len(train) == maxTrain {
			break
		}
		use := false
		for _, t := range c.labels[i] {
			use = use || taken[t] < perTheme
		}
		if !use {
			continue
		}
		for _, t := range c.labels[i] {
			taken[t]++
		}
		train = append(train, i)
	}
	need := slices.Clone(train)
	for i, d := range docs {
		if len(d.Themes) == 0 {
			need = append(need, i)
		}
	}
	var themeFeats []featureDoc
	c.docs, themeFeats = featurize(docs, need, themes, workers)
	// Training documents need no words: only suggestions are explained.
	for _, i := range train {
		c.docs[i].words = nil
	}

	cost := svmCost * min(maxSmallCost, max(1, smallTrain/float64(max(1, len(train)))))
	themeExamples := make([]example, len(themes))
	for t := range themes {
		themeExamples[t] = example{x: themeFeats[t].x, labels: []int32{int32(t)}, cost: cost * themeTextCost}
	}
	examplesOf := func(keep func(k int) bool) []example {
		ex := slices.Clone(themeExamples)
		for k, i := range train {
			if keep(k) {
				ex = append(ex, example{x: c.docs[i].x, labels: c.labels[i], cost: cost})
			}
		}
		return ex
	}

	// Calibration: the first maxCalibration training documents (in hash
	// order, so a spread sample) fall in calibrationFolds folds; each fold
	// is scored by a classifier trained on every other example.
	scored := min(len(train), maxCalibration)
	folds := make([]*svm, calibrationFolds)
	for f := range folds {
		folds[f] = trainSVM(examplesOf(func(k int) bool { return k >= scored || k%calibrationFolds != f }), len(themes), workers)
	}
	per := make([][]sample, scored)
	forChunks(scored, workers, 64, func(_, lo, hi int) {
		s := make([]float64, len(themes))
		for k := lo; k < hi; k++ {
			i := train[k]
			folds[k%calibrationFolds].scores(c.docs[i].x, s)
			for _, cd := range candidatesOf(s) {
				per[k] = append(per[k], sample{x: cd.x[:], y: slices.Contains(c.labels[i], cd.theme)})
			}
		}
	})
	c.cal = fitCalibration(slices.Concat(per...))
	c.svm = trainSVM(examplesOf(func(int) bool { return true }), len(themes), workers)
	return c
}

// svmCandidate is a theme with its decision value for one document and
// the calibration's features for it.
type svmCandidate struct {
	theme int32
	score float64
	x     [2]float64 // the decision value, and its margin over the best other theme's
}

// candidatesOf returns the best maxSuggestions themes by decision value.
func candidatesOf(s []float64) []svmCandidate {
	top := topClasses(s, maxSuggestions+1)
	out := make([]svmCandidate, 0, maxSuggestions)
	for k, t := range top[:min(len(top), maxSuggestions)] {
		other := math.Inf(-1)
		switch {
		case k == 0 && len(top) > 1:
			other = s[top[1]]
		case k > 0:
			other = s[top[0]]
		}
		margin := s[t] - other
		if math.IsInf(other, -1) {
			margin = 1 // the only theme: as sure as a clear winner
		}
		out = append(out, svmCandidate{t, s[t], [2]float64{s[t], margin}})
	}
	return out
}

// probability maps a candidate's features to its confidence. Without a
// fitted regression (too few labelled items to fit one) the confidence is
// a guarded reading of the decision value: even odds halfway between the
// boundary (0, undecided) and the margin (1, a clear member), 0.18 on the
// boundary, 0.82 on the margin.
func (c *classifier) probability(x [2]float64) float64 {
	if !c.cal.ok {
		return 1 / (1 + math.Exp(-3*(x[0]-0.5)))
	}
	return c.cal.probability(x[:], 0)
}

// suggest returns the themes suggested for document d, best first, with
// confidences that do not rise down the list.
func (c *classifier) suggest(d int, s []float64) []Match {
	if c.svm == nil {
		return []Match{}
	}
	c.svm.scores(c.docs[d].x, s)
	cands := candidatesOf(s)
	themes := make([]int, len(cands))
	for k, cd := range cands {
		themes[k] = int(cd.theme)
	}
	terms := c.terms(d, themes)
	out := make([]Match, 0, len(cands))
	prev := 1.0
	for k, cd := range cands {
		p := min(round4(c.probability(cd.x)), prev)
		prev = p
		out = append(out, Match{ID: c.themes[cd.theme].ID, Confidence: p, Terms: terms[k]})
	}
	return out
}

// terms returns, for each theme of themes, the words and pairs of words
// of document d that weigh most for it, strongest first. A word weighs its
// own feature's weight in the theme's classifier times its weight in the
// document, plus its share of the same for the pieces of it (a piece held
// by several of the document's words is shared among them): "exporting"
// speaks for an export theme through its pieces. Function words alone are
// not shown: they explain nothing to a reader.
func (c *classifier) terms(d int, themes []int) [][]string {
	fd := c.docs[d]
	value := func(id int32) float64 {
		if k, ok := slices.BinarySearch(fd.x.ids, id); ok {
			return float64(fd.x.w[k])
		}
		return 0
	}
	ws := fd.words[:min(len(fd.words), maxTermWords)]
	// The features of each distinct word, and of each pair, with their
	// weights in the document and how many words hold each piece.
	type feature struct {
		id    int32
		share float64 // the feature's value in the document, shared among its holders
	}
	type candidate struct {
		text  string
		feats []feature
	}
	var cands []candidate
	var fz featurizer
	holders := map[int32]int{}
	var distinct []string
	for _, w := range ws {
		if slices.Contains(distinct, w) {
			continue
		}
		distinct = append(distinct, w)
		for _, id := range fz.grams(w) {
			holders[id]++
		}
	}
	for _, w := range distinct {
		if isTextStop(w) {
			continue
		}
		id := hashed(kindWord, w)
		cd := candidate{text: w, feats: []feature{{id, value(id)}}}
		for _, g := range fz.grams(w) {
			cd.feats = append(cd.feats, feature{g, value(g) / float64(holders[g])})
		}
		cands = append(cands, cd)
	}
	for k := 1; k < len(ws); k++ {
		if isTextStop(ws[k-1]) || isTextStop(ws[k]) {
			continue
		}
		text := ws[k-1] + " " + ws[k]
		if !slices.ContainsFunc(cands, func(c candidate) bool { return c.text == text }) {
			id := hashed(kindBigram, ws[k-1], ws[k])
			cands = append(cands, candidate{text: text, feats: []feature{{id, value(id)}}})
		}
	}
	// Each feature's weight for each theme, read once.
	weights := map[int32][]float64{}
	for _, cd := range cands {
		for _, f := range cd.feats {
			if _, ok := weights[f.id]; !ok && f.share != 0 {
				weights[f.id] = c.svm.weights(f.id, themes)
			}
		}
	}
	out := make([][]string, len(themes))
	type contribution struct {
		text string
		x    float64
	}
	for j := range themes {
		var cs []contribution
		for _, cd := range cands {
			x := 0.0
			for _, f := range cd.feats {
				if f.share != 0 {
					x += weights[f.id][j] * f.share
				}
			}
			if x > 0 {
				cs = append(cs, contribution{cd.text, x})
			}
		}
		slices.SortStableFunc(cs, func(a, b contribution) int { return cmp.Compare(b.x, a.x) })
		out[j] = make([]string, 0, maxTerms)
		for _, c := range cs[:min(len(cs), maxTerms)] {
			out[j] = append(out[j], c.text)
		}
	}
	return out
}

// maxTermWords bounds the words of a document whose weight is explained.
const maxTermWords = 60
