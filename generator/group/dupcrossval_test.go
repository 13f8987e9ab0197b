package group

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// Duplicates on data people grouped by the request each item makes: two
// items of one group ask for the same thing. Pair precision is the share of
// the pairs proposed that lie within a group; item recall the share of the
// items of groups of two or more that are in at least one such right pair.

// groupedSet is items with the group each belongs to.
type groupedSet struct {
	name  string
	docs  []Doc
	group map[string]string // item -> group
}

// requestSamples draws rounds samples of a labelled set with one label per
// item (the request): from each label a number of items between 1 and 12,
// set by a hash of the label and the round, so that most requests are made
// a few times and some once, as in a feedback repository.
func requestSamples(s labelledSet, rounds int) []groupedSet {
	var out []groupedSet
	for r := range rounds {
		g := groupedSet{name: fmt.Sprintf("%s round %d", s.name, r), group: map[string]string{}}
		byLabel := map[string][]Doc{}
		var labels []string
		for _, d := range s.docs {
			if len(d.Themes) != 1 {
				continue
			}
			l := d.Themes[0]
			if _, ok := byLabel[l]; !ok {
				labels = append(labels, l)
			}
			byLabel[l] = append(byLabel[l], d)
		}
		slices.Sort(labels)
		for _, l := range labels {
			ds := slices.Clone(byLabel[l])
			slices.SortFunc(ds, func(a, b Doc) int {
				return strings.Compare(fmt.Sprint(idHash(fmt.Sprint(r, a.ID))), fmt.Sprint(idHash(fmt.Sprint(r, b.ID))))
			})
			k := 1 + int(idHash(fmt.Sprint(r, l))%12)
			for _, d := range ds[:min(k, len(ds))] {
				g.docs = append(g.docs, Doc{ID: d.ID, Text: d.Text})
				g.group[d.ID] = l
			}
		}
		out = append(out, g)
	}
	return out
}

// dupScore measures pairs against the groups.
func dupScore(g groupedSet, pairs []Duplicate) (precision, recall float64, n int) {
	size := map[string]int{}
	for _, l := range g.group {
		size[l]++
	}
	grouped := 0
	for _, l := range g.group {
		if size[l] > 1 {
			grouped++
		}
	}
	found := map[string]bool{}
	right := 0
	for _, p := range pairs {
		if g.group[p.A] == g.group[p.B] {
			right++
			found[p.A], found[p.B] = true, true
		}
	}
	return float64(right) / max(float64(len(pairs)), 1), float64(len(found)) / float64(grouped), len(pairs)
}

// cosineBaseline proposes every pair whose word TF-IDF cosine (as in
// centroidBaseline) reaches min.
func cosineBaseline(docs []Doc, minSim float64) []Duplicate {
	docs, _ = byID(docs, nil)
	words := make([][]string, len(docs))
	for i, d := range docs {
		words[i] = tokenize(d.Title+"\n"+d.Text, nil)
	}
	vecs := wordTFIDF(words)
	var out []Duplicate
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			var s float64
			for w, x := range vecs[i] {
				s += x * vecs[j][w]
			}
			if s >= minSim {
				out = append(out, Duplicate{A: docs[i].ID, B: docs[j].ID, Similarity: s})
			}
		}
	}
	return out
}

// TestDuplicateCrossValidation reports pair precision and item recall of
// heed's duplicates and of a TF-IDF cosine on request-grouped samples of
// the labelled sets at hand (HEED_DEVDATA; banking77's intents are the
// requests customers make of their bank). A report: go test -run
// DuplicateCrossValidation -v.
func TestDuplicateCrossValidation(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var groups []groupedSet
	for _, s := range devSets(t) {
		if s.name == "banking77" {
			groups = append(groups, requestSamples(s, 3)...)
		}
	}
	if len(groups) == 0 {
		t.Skip("no grouped data (set HEED_DEVDATA)")
	}
	type method struct {
		name string
		fn   func([]Doc) []Duplicate
	}
	methods := []method{
		{"tf-idf cosine 0.35", func(d []Doc) []Duplicate { return cosineBaseline(d, 0.35) }},
		{"heed", func(d []Doc) []Duplicate { return Duplicates(d, nil, Options{}) }},
	}
	for _, th := range []float64{0.4, 0.45, 0.5, 0.55, 0.6, 0.7} {
		methods = append(methods, method{fmt.Sprintf("heed at %.2f", th), func(d []Doc) []Duplicate {
			return Duplicates(d, nil, Options{DuplicateSimilarity: th})
		}})
	}
	for _, m := range methods {
		var ps, rs []float64
		line := ""
		for _, g := range groups {
			p, r, n := dupScore(g, m.fn(g.docs))
			ps, rs = append(ps, p), append(rs, r)
			line += fmt.Sprintf(" %d items %d pairs;", len(g.docs), n)
		}
		pm, plo, phi := spread(ps)
		rm, rlo, rhi := spread(rs)
		t.Logf("%-22s precision %.3f [%.3f-%.3f] item recall %.3f [%.3f-%.3f] (%s)", m.name, pm, plo, phi, rm, rlo, rhi, strings.TrimSpace(line))
	}
}
