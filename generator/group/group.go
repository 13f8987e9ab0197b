// Package group finds structure in feedback text: it suggests themes for
// unthemed items, gathers unthemed items that no theme fits into emerging
// clusters, and pairs likely duplicates.
//
// Everything is offline and deterministic: the same documents and themes give
// the same Result, whatever their order and however many workers run.
//
// # Text
//
// Text is split into Unicode words (see tokenize) and lower-cased. Each
// document becomes three vectors (see newCorpus), each weighted by TF-IDF
// with sublinear term frequency (1 + ln tf) and smoothed inverse document
// frequency (1 + ln((N+1)/(df+1))) and normalised to unit length, so that
// the similarity of two documents is the cosine of their vectors, in 0..1:
//
//   - topic vectors of Porter2 stems, without function, filler, vague or
//     evaluative words (see stopwords.go), for themes and clusters;
//   - word vectors of the stems of every word but function and filler
//     words, to propose duplicates;
//   - text vectors of the three-character pieces of those words, to measure
//     duplication despite typos.
//
// # Suggestions
//
// Each theme is a Rocchio prototype: the sum of the unit topic vectors of
// the documents labelled with it, plus the unit vector of its own text and
// keywords counted as themeTextWeight documents. A document's score for a
// theme is the cosine with that prototype; the three best themes are
// candidates.
//
// The confidence of a candidate is a probability estimated from the
// repository's own labelled documents: a sample of them is scored against
// prototypes that leave each of them out, and a logistic regression maps a
// candidate's score, its margin over the best other theme and the theme's
// share of labelled documents to how often the candidate was one of the
// document's own themes (see calibration). With too few labelled documents
// to fit, the confidence is the score itself.
//
// # Clusters and duplicates
//
// Candidate pairs come from an inverted index over each document's most
// distinctive terms (see pairSearch), never from all pairs. Clusters are
// stars around the best connected documents (see clusters); duplicates are
// proposed pairs whose text vectors' cosine reaches
// Options.DuplicateSimilarity, one document being the other's closest
// match (see duplicates).
package group

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strings"
)

// Doc is a feedback item as the grouping sees it.
type Doc struct {
	ID string
	// Title, when set, is read as a line of its own before Text: the same
	// as Text = Title + "\n" + Text, without building that string.
	Title  string
	Text   string   // title and body as plain text (or the body, given Title)
	Themes []string // the item's theme ids; empty when unthemed
	Tags   []string // the item's tags: two tagged items must share one to be duplicates
}

// Theme is a theme as the grouping sees it.
type Theme struct {
	ID       string
	Text     string // title, summary and body
	Keywords []string
}

// Match is one theme suggested for an item.
type Match struct {
	ID         string   `json:"id"`
	Confidence float64  `json:"confidence"` // estimated probability that the theme applies, 0..1
	Terms      []string `json:"terms"`      // the item's words that matched the theme, strongest first
}

// Suggestion holds the themes suggested for one unthemed item.
type Suggestion struct {
	Item   string  `json:"item"`
	Themes []Match `json:"themes"` // at most three, best first; empty when none is confident enough
}

// Cluster is a group of unthemed items that no theme fits well.
type Cluster struct {
	Name  string   `json:"name"`  // the top terms, joined
	Terms []string `json:"terms"` // the words the items share, strongest first
	Items []string `json:"items"` // most central first
}

// Duplicate is a pair of items that are likely the same feedback.
type Duplicate struct {
	A          string  `json:"a"` // A < B
	B          string  `json:"b"`
	Similarity float64 `json:"similarity"` // cosine of the two texts, 0..1
}

// Result is what Analyze finds.
type Result struct {
	Suggestions []Suggestion `json:"suggestions"` // one per unthemed item, by item id
	Clusters    []Cluster    `json:"clusters"`    // largest first
	Duplicates  []Duplicate  `json:"duplicates"`  // most similar first, then by ids
}

// ApplyConfidence is the confidence from which a suggestion is safe to
// apply without review (heed triage --apply). Measured by cross-validation
// on five labelled data sets in four domains (README, "Quality"): the top
// suggestions at or above it were right 85-98% of the time and covered
// 40-90% of the hidden items; a lower one let the hardest set fall under
// 85%.
const ApplyConfidence = 0.75

// Options tunes Analyze. The zero value selects every default.
type Options struct {
	// MinConfidence drops suggestions below it. Default 0: every item gets
	// its three best themes, however unsure, each with its confidence.
	MinConfidence float64
	// FitConfidence: an unthemed item whose best suggestion is below it
	// is a candidate for an emerging cluster. Default 0.5: no theme is more
	// likely than not.
	FitConfidence float64
	// ClusterSimilarity is the cosine that links two items of a cluster.
	// Default 0.3.
	ClusterSimilarity float64
	// DuplicateSimilarity is the cosine from which two items, one the
	// other's closest match, are likely duplicates. Default 0.55: on
	// requests grouped by people, 0.77 of the pairs proposed were right
	// and 0.37 of the items repeated were found (0.84 and 0.18 at 0.7).
	DuplicateSimilarity float64
	// Workers is the number of goroutines. Default runtime.GOMAXPROCS(0).
	// It never changes the result.
	Workers int
}

func (o Options) withDefaults() Options {
	def := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	o.MinConfidence = max(o.MinConfidence, 0)
	def(&o.FitConfidence, 0.5)
	def(&o.ClusterSimilarity, 0.3)
	def(&o.DuplicateSimilarity, 0.55)
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// Analyze suggests themes for every unthemed document, finds emerging
// clusters among the unthemed documents no theme fits, and pairs likely
// duplicates among all documents. Theme ids in Doc.Themes that name no
// given theme are ignored for suggestions. Documents and themes are taken in
// id order whatever their order in the arguments; ids should be unique.
func Analyze(docs []Doc, themes []Theme, opts Options) Result {
	opts = opts.withDefaults()
	docs, themes = byID(docs, themes)
	c := newCorpus(docs, themes, opts.Workers, true)
	_, clust := suggestAndCluster(c, docs, themes, opts, false)
	return Result{
		Suggestions: Suggest(docs, themes, opts),
		Clusters:    clust,
		Duplicates:  duplicates(c, docs, opts),
	}
}

// Suggest suggests themes for every unthemed document exactly as Analyze
// does, without clusters and duplicates: what an apply needs. It trains
// the classifier (see classify.go) on the themed documents and the themes.
func Suggest(docs []Doc, themes []Theme, opts Options) []Suggestion {
	opts = opts.withDefaults()
	docs, themes = byID(docs, themes)
	cl := newClassifier(docs, themes, opts.Workers)
	var todo []int
	for i, d := range docs {
		if len(d.Themes) == 0 {
			todo = append(todo, i)
		}
	}
	out := make([]Suggestion, len(todo))
	forChunks(len(todo), opts.Workers, 32, func(_, lo, hi int) {
		s := make([]float64, len(themes))
		for k := lo; k < hi; k++ {
			d := todo[k]
			ms := cl.suggest(d, s)
			ms = slices.DeleteFunc(ms, func(m Match) bool { return m.Confidence < opts.MinConfidence })
			out[k] = Suggestion{Item: docs[d].ID, Themes: ms}
		}
	})
	return out
}

// Clusters finds the emerging clusters exactly as Analyze does, without
// pairing duplicates: what a site shows.
func Clusters(docs []Doc, themes []Theme, opts Options) []Cluster {
	opts = opts.withDefaults()
	docs, themes = byID(docs, themes)
	// Clusters need the topic vectors alone (see newCorpusOf), and of the
	// suggestions only each document's best confidence.
	c := newCorpusOf(docs, themes, opts.Workers, true, false)
	_, clust := suggestAndCluster(c, docs, themes, opts, false)
	return clust
}

// byID returns sorted copies of docs and themes, by id.
func byID(docs []Doc, themes []Theme) ([]Doc, []Theme) {
	docs = slices.Clone(docs)
	slices.SortStableFunc(docs, func(a, b Doc) int { return cmp.Compare(a.ID, b.ID) })
	themes = slices.Clone(themes)
	slices.SortStableFunc(themes, func(a, b Theme) int { return cmp.Compare(a.ID, b.ID) })
	return docs, themes
}

// suggestAndCluster suggests themes for the unthemed documents of c, then
// clusters those no theme fits; docs and themes are sorted by id. Without
// wantSuggestions it returns no suggestions, only the clusters.
func suggestAndCluster(c *corpus, docs []Doc, themes []Theme, opts Options, wantSuggestions bool) ([]Suggestion, []Cluster) {
	m := newModel(c, docs, themes, opts.Workers)
	sugg, best := m.suggest(docs, opts, wantSuggestions)
	var pool []int32
	for i, d := range docs {
		if len(d.Themes) == 0 && best[i] < opts.FitConfidence {
			pool = append(pool, int32(i))
		}
	}
	return sugg, unmatched(clusters(c, docs, pool, opts), themes)
}

// unmatched drops the clusters an existing theme already names: those
// whose name's words are, but for at most one of three, words of a
// theme's title, id or keywords ("mode, dark" when a theme is called
// "Dark mode"). Such a cluster is not a new theme but items to file.
func unmatched(cs []Cluster, themes []Theme) []Cluster {
	names := make([]map[string]bool, len(themes))
	for i, t := range themes {
		title, _, _ := strings.Cut(t.Text, "\n")
		words := tokenize(title+" "+strings.ReplaceAll(t.ID, "-", " ")+" "+strings.Join(t.Keywords, " "), nil)
		names[i] = map[string]bool{}
		for _, w := range words {
			names[i][term(w)] = true
		}
	}
	return slices.DeleteFunc(cs, func(c Cluster) bool {
		words := c.Terms[:min(nameTerms, len(c.Terms))]
		for _, n := range names {
			hits := 0
			for _, w := range words {
				if n[term(w)] {
					hits++
				}
			}
			if hits > 0 && hits >= len(words)-1 && hits >= min(2, len(words)) {
				return true
			}
		}
		return false
	})
}

// Duplicates pairs likely duplicates among docs exactly as Analyze does,
// without the work of suggestions and clusters: what a check needs.
func Duplicates(docs []Doc, themes []Theme, opts Options) []Duplicate {
	opts = opts.withDefaults()
	docs, _ = byID(docs, nil)
	// Themes and topic vectors change no word or text vector (see
	// newCorpus): leave them out.
	return duplicates(newCorpus(docs, nil, opts.Workers, false), docs, opts)
}

// round4 rounds a figure for output, so that results print and compare
// stably.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
