package group

import (
	"cmp"
	"slices"
	"strings"
)

const (
	// minClusterSize is the smallest emerging cluster reported.
	minClusterSize = 2
	// clusterTerms and nameTerms: how many shared words describe a
	// cluster, and how many of them make its name.
	clusterTerms = 5
	nameTerms    = 3
	// clusterShare is the share of key terms two documents must have in
	// common before their similarity is measured for clustering: any one
	// distinctive word in common may make a cluster.
	clusterShare = 0
	// duplicateShare is the same for duplicates: copies share most of
	// their distinctive words, five of eight keys. (Chosen on the
	// development split: against a half, precision rose from 0.912 to
	// 0.920 at a recall of 0.927 against 0.929, and half the pairs were
	// compared.)
	duplicateShare = 0.625
)

// clusters groups the pool (document indexes, ascending) in two steps.
//
// Stars: the document with the most links at ClusterSimilarity or more
// (then the highest total similarity, then the first id) becomes a centre
// and takes every linked document not yet taken; repeat. Every member is
// thus directly similar to its centre, so clusters do not drift along
// chains.
//
// Merges: a large topic can make several stars, since a centre links only
// to the documents that share one of its key terms; see merge.
func clusters(c *corpus, docs []Doc, pool []int32, opts Options) []Cluster {
	pairs := pairSearch{
		index: c.docs, measure: c.docs, min: opts.ClusterSimilarity,
		share: clusterShare, workers: opts.Workers,
	}.run(pool)
	links := map[int32][]pair{}
	total := map[int32]float64{}
	for _, p := range pairs {
		links[p.a] = append(links[p.a], p)
		links[p.b] = append(links[p.b], pair{p.b, p.a, p.sim})
		total[p.a] += p.sim
		total[p.b] += p.sim
	}
	centres := make([]int32, 0, len(links))
	for d := range links {
		centres = append(centres, d)
	}
	slices.SortFunc(centres, func(a, b int32) int {
		return cmp.Or(
			cmp.Compare(len(links[b]), len(links[a])),
			cmp.Compare(total[b], total[a]),
			cmp.Compare(a, b))
	})

	taken := map[int32]bool{}
	var stars [][]int32
	for _, centre := range centres {
		if taken[centre] {
			continue
		}
		members := []int32{centre}
		for _, l := range links[centre] {
			if !taken[l.b] {
				members = append(members, l.b)
			}
		}
		if len(members) < minClusterSize {
			continue
		}
		for _, d := range members {
			taken[d] = true
		}
		stars = append(stars, members)
	}

	out := []Cluster{}
	for _, members := range merge(c, stars, opts.Workers) {
		out = append(out, describe(c, docs, members))
	}
	slices.SortFunc(out, func(a, b Cluster) int {
		return cmp.Or(
			cmp.Compare(len(b.Items), len(a.Items)),
			cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.Items[0], b.Items[0]))
	})
	return out
}

// maxMergeRounds bounds the rounds of merge; each round at most halves the
// number of clusters.
const maxMergeRounds = 8

// merge joins two clusters when their members are, on average, as similar
// across the two clusters as within the looser of them: then they are one
// topic that the stars cut in two. In each round every cluster joins at
// most one other, the most similar pairs first; rounds repeat until no
// cluster joins another.
//
// With unit document vectors and s the sum of a cluster's n vectors, the
// mean similarity of two members is (|s|² - n) / (n(n-1)), and the mean
// similarity across clusters A and B is s_A·s_B / (n_A n_B).
func merge(c *corpus, groups [][]int32, workers int) [][]int32 {
	acc := make([]float64, len(c.display))
	for range maxMergeRounds {
		means := make([]vec, len(groups))
		within := make([]float64, len(groups))
		ids := make([]int32, len(groups))
		for k, g := range groups {
			sum, n2 := sumOf(c.docs, g, acc)
			n := float64(len(g))
			within[k] = (n2 - n) / (n * (n - 1))
			for i := range sum.w {
				sum.w[i] = float32(float64(sum.w[i]) / n)
			}
			means[k] = sum
			ids[k] = int32(k)
		}
		pairs := pairSearch{
			index: means, measure: means, min: 1e-9,
			share: clusterShare, workers: workers,
		}.run(ids)
		pairs = slices.DeleteFunc(pairs, func(p pair) bool {
			return p.sim < min(within[p.a], within[p.b])
		})
		if len(pairs) == 0 {
			break
		}
		slices.SortFunc(pairs, func(x, y pair) int {
			return cmp.Or(cmp.Compare(y.sim, x.sim), cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
		})
		used := make([]bool, len(groups))
		for _, p := range pairs {
			if used[p.a] || used[p.b] {
				continue
			}
			used[p.a], used[p.b] = true, true
			groups[p.a] = append(groups[p.a], groups[p.b]...)
			groups[p.b] = nil
		}
		groups = slices.DeleteFunc(groups, func(g []int32) bool { return g == nil })
	}
	return groups
}

// sumOf returns the sum of the vectors of docs and its squared length,
// using acc (zero, one slot per term) as scratch.
func sumOf(vs []vec, docs []int32, acc []float64) (vec, float64) {
	var touched []int32
	for _, d := range docs {
		v := vs[d]
		for k, t := range v.terms {
			if acc[t] == 0 {
				touched = append(touched, t)
			}
			acc[t] += float64(v.w[k])
		}
	}
	slices.Sort(touched)
	sum := vec{terms: touched, w: make([]float32, len(touched))}
	var n2 float64
	for k, t := range touched {
		sum.w[k] = float32(acc[t])
		n2 += acc[t] * acc[t]
		acc[t] = 0
	}
	return sum, n2
}

// describe names a cluster after the words its members share and orders
// the members by their similarity to the cluster's centroid.
func describe(c *corpus, docs []Doc, members []int32) Cluster {
	weight := map[int32]float64{}
	holders := map[int32]int{}
	for _, d := range members {
		v := c.docs[d]
		for k, t := range v.terms {
			weight[t] += float64(v.w[k])
			holders[t]++
		}
	}
	// A word describes the cluster when at least two members, and at least
	// a quarter of them, use it.
	need := max(2, (len(members)+3)/4)
	var shared []int32
	for t, h := range holders {
		if h >= need {
			shared = append(shared, t)
		}
	}
	if len(shared) == 0 {
		for t := range weight {
			shared = append(shared, t)
		}
	}
	slices.SortFunc(shared, func(a, b int32) int {
		return cmp.Or(cmp.Compare(weight[b], weight[a]), cmp.Compare(a, b))
	})
	shared = shared[:min(len(shared), clusterTerms)]
	terms := make([]string, len(shared))
	for k, t := range shared {
		terms[k] = c.display[t]
	}

	centroid := vec{}
	for t := range weight {
		centroid.terms = append(centroid.terms, t)
	}
	slices.Sort(centroid.terms)
	for _, t := range centroid.terms {
		centroid.w = append(centroid.w, float32(weight[t]))
	}
	closeness := make(map[int32]float64, len(members))
	for _, d := range members {
		closeness[d] = dot(c.docs[d], centroid)
	}
	slices.SortFunc(members, func(a, b int32) int {
		return cmp.Or(cmp.Compare(closeness[b], closeness[a]), cmp.Compare(a, b))
	})
	items := make([]string, len(members))
	for k, d := range members {
		items[k] = docs[d].ID
	}
	return Cluster{
		Name:  strings.Join(terms[:min(len(terms), nameTerms)], ", "),
		Terms: terms,
		Items: items,
	}
}

// minDuplicateWords is the number of distinct stems (of words other than
// function and filler words) a document needs before it can be called a duplicate:
// two items that say only "Love it" or "Crashes" agree, but too little is
// said to know that they report the same thing.
const minDuplicateWords = 3

// duplicates returns the pairs of documents whose text vectors' cosine
// reaches DuplicateSimilarity and in which one document is the other's
// closest match, most similar first, then by ids. Only pairs whose word
// vectors reach half that cosine are measured: typos lower the word cosine
// of true copies, but not by half (on the development split of the app
// reviews, no copy found at 0.7 had a word cosine below 0.41). Two
// documents that both have themes, or both have tags, must share one.
//
// The closest-match rule is what lets the threshold sit low enough to find
// paraphrases: a request made by several people in their own words has
// each of them closest to another of them, while two reports that merely
// share a subject are rarely each other's best match. On requests grouped
// by people (see TestDuplicateCrossValidation) it raised precision at the
// same item recall by 0.04 to 0.07.
func duplicates(c *corpus, docs []Doc, opts Options) []Duplicate {
	var all []int32
	for i := range docs {
		if len(c.words[i].terms) >= minDuplicateWords {
			all = append(all, int32(i))
		}
	}
	pairs := pairSearch{
		index: c.words, measure: c.texts,
		gate: opts.DuplicateSimilarity / 2, min: opts.DuplicateSimilarity,
		share: duplicateShare, workers: opts.Workers,
	}.run(all)
	pairs = slices.DeleteFunc(pairs, func(p pair) bool {
		a, b := docs[p.a], docs[p.b]
		return disjoint(a.Themes, b.Themes) || disjoint(a.Tags, b.Tags)
	})
	best := make([]float64, len(docs))
	for _, p := range pairs {
		best[p.a], best[p.b] = max(best[p.a], p.sim), max(best[p.b], p.sim)
	}
	out := []Duplicate{}
	for _, p := range pairs {
		if p.sim < best[p.a] && p.sim < best[p.b] {
			continue
		}
		out = append(out, Duplicate{A: docs[p.a].ID, B: docs[p.b].ID, Similarity: round4(p.sim)})
	}
	slices.SortFunc(out, func(a, b Duplicate) int {
		return cmp.Or(
			cmp.Compare(b.Similarity, a.Similarity),
			cmp.Compare(a.A, b.A),
			cmp.Compare(a.B, b.B))
	})
	return out
}

// disjoint reports whether two lists both have entries and share none.
func disjoint(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for _, x := range a {
		if slices.Contains(b, x) {
			return false
		}
	}
	return true
}
