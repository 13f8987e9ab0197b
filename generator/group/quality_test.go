package group

import (
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/heedhq/heed/generator/internal/testrepo"
)

// The quality figures below are measured on real, human-labelled reviews
// (../shared/data/app-reviews/golden_set.csv). Every row goes to one of ten
// buckets by a hash of its id. Buckets 0-4 are the reported split; buckets
// 5-9 are the development split, on which the defaults were chosen and which
// is never reported (run with HEED_GROUP_DEV=1 to see it). The tests fail
// when a figure falls below what the method reached when it was written.

// review is one row of the golden set.
type review struct {
	id, text string
	labels   []string // human labels other than OTHER, deduplicated, sorted
}

func loadReviews(t testing.TB) []review {
	t.Helper()
	f, err := os.Open(testrepo.SharedData(t, "app-reviews/golden_set.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[strings.TrimSpace(name)] = i
	}
	var out []review
	for _, row := range rows[1:] {
		r := review{id: row[col["_id"]], text: row[col["reviewText"]]}
		for _, c := range []string{"class1", "class2", "class3", "class4", "class5"} {
			l := strings.ToUpper(strings.TrimSpace(row[col[c]]))
			if l != "" && l != "OTHER" && !slices.Contains(r.labels, l) {
				r.labels = append(r.labels, l)
			}
		}
		slices.Sort(r.labels)
		out = append(out, r)
	}
	return out
}

// bucket puts an id in one of ten buckets.
func bucket(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % 10)
}

// split returns the buckets evaluated: the reported ones, or the
// development ones with HEED_GROUP_DEV=1.
func split() (name string, in func(id string) bool) {
	if os.Getenv("HEED_GROUP_DEV") == "1" {
		return "development", func(id string) bool { return bucket(id) >= 5 }
	}
	return "reported", func(id string) bool { return bucket(id) < 5 }
}

// themeFigures are the measured qualities of theme suggestion.
type themeFigures struct {
	hidden                       int
	top1, top3, coverage         float64
	baseline1, baseline3         float64
	ece, brier, meanConf, hitFrq float64
}

// evalThemes hides the labels of the labelled rows in the split whose
// bucket is below three in each half (about 30% of them), suggests, and
// compares.
func evalThemes(rows []review, hide func(review) bool, opts Options) themeFigures {
	var docs []Doc
	labelCount := map[string]int{}
	truth := map[string][]string{}
	for _, r := range rows {
		d := Doc{ID: r.id, Text: r.text}
		if len(r.labels) > 0 && hide(r) {
			truth[r.id] = r.labels
		} else {
			d.Themes = r.labels
			for _, l := range r.labels {
				labelCount[l]++
			}
		}
		docs = append(docs, d)
	}
	var themes []Theme
	var byFreq []string
	for l := range labelCount {
		themes = append(themes, Theme{ID: l, Text: strings.ToLower(l)})
		byFreq = append(byFreq, l)
	}
	slices.SortFunc(byFreq, func(a, b string) int {
		if labelCount[a] != labelCount[b] {
			return labelCount[b] - labelCount[a]
		}
		return strings.Compare(a, b)
	})

	res := Result{Suggestions: Suggest(docs, themes, opts)}
	f := themeFigures{hidden: len(truth)}
	var bins [10]struct{ n, hit, conf float64 }
	var matches float64
	for _, s := range res.Suggestions {
		labels, ok := truth[s.Item]
		if !ok {
			continue
		}
		if len(s.Themes) > 0 {
			f.coverage++
			if slices.Contains(labels, s.Themes[0].ID) {
				f.top1++
			}
		}
		if countHits(s.Themes, labels) > 0 {
			f.top3++
		}
		for k, m := range s.Themes {
			hit := slices.Contains(labels, m.ID)
			if k == 0 {
				f.meanConf += m.Confidence
				if hit {
					f.hitFrq++
				}
			}
			b := min(int(m.Confidence*10), 9)
			bins[b].n++
			bins[b].conf += m.Confidence
			y := 0.0
			if hit {
				y = 1
				bins[b].hit++
			}
			f.brier += (m.Confidence - y) * (m.Confidence - y)
			matches++
		}
	}
	for _, b := range bins {
		if b.n > 0 {
			f.ece += math.Abs(b.conf-b.hit) / matches
		}
	}
	f.brier /= max(matches, 1)
	f.meanConf /= max(f.coverage, 1)
	f.hitFrq /= max(f.coverage, 1)
	for _, labels := range truth {
		if slices.Contains(labels, byFreq[0]) {
			f.baseline1++
		}
		for _, l := range byFreq[:3] {
			if slices.Contains(labels, l) {
				f.baseline3++
				break
			}
		}
	}
	n := float64(f.hidden)
	f.top1 /= n
	f.top3 /= n
	f.coverage /= n
	f.baseline1 /= n
	f.baseline3 /= n
	return f
}

func countHits(ms []Match, labels []string) int {
	k := 0
	for _, m := range ms {
		if slices.Contains(labels, m.ID) {
			k++
		}
	}
	return k
}

func TestThemeSuggestionQuality(t *testing.T) {
	rows := loadReviews(t)
	name, in := split()
	hide := func(r review) bool { return in(r.id) && hiddenShare(r.id) }
	f := evalThemes(rows, hide, Options{})
	t.Logf("%s split: %d hidden rows of %d labelled", name, f.hidden, countLabelled(rows))
	t.Logf("top-1 %.3f (baseline: most frequent label %.3f)", f.top1, f.baseline1)
	t.Logf("top-3 %.3f (baseline: three most frequent labels %.3f)", f.top3, f.baseline3)
	t.Logf("coverage %.3f; top-1 mean confidence %.3f vs hit rate %.3f; ECE %.3f, Brier %.3f over all shown suggestions",
		f.coverage, f.meanConf, f.hitFrq, f.ece, f.brier)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"top-1 accuracy over the baseline", f.top1 - f.baseline1, 0.2},
		{"top-3 accuracy over the baseline", f.top3 - f.baseline3, 0.15},
		{"top-1 accuracy", f.top1, floor(name, 0.82)}, // 0.849 when the classifier was written (0.809 before it)
		{"top-3 accuracy", f.top3, floor(name, 0.94)}, // 0.963 (0.919)
		{"1 - expected calibration error", 1 - f.ece, floor(name, 0.95)},
	} {
		if c.got < c.want {
			t.Errorf("%s %.3f, want >= %.3f", c.name, c.got, c.want)
		}
	}
}

// floor returns the figure a test must reach on the reported split: what
// the method reached when it was written, rounded down. The development
// split is only logged.
func floor(split string, reached float64) float64 {
	if split != "reported" {
		return 0
	}
	return reached
}

// hiddenShare picks about 60% of a split half, about 30% of all rows, by a
// second hash independent of the bucket.
func hiddenShare(id string) bool {
	h := fnv.New64a()
	h.Write([]byte("hide:" + id))
	return h.Sum64()%10 < 6
}

func countLabelled(rows []review) int {
	n := 0
	for _, r := range rows {
		if len(r.labels) > 0 {
			n++
		}
	}
	return n
}

// editReview makes a realistic near-copy of a review: some of a word drop,
// typos, sentences in another order, and a greeting or a sign-off.
func editReview(text string, rng *rand.Rand) string {
	sentences := splitSentences(text)
	if len(sentences) > 1 && rng.IntN(2) == 0 {
		rng.Shuffle(len(sentences), func(i, j int) { sentences[i], sentences[j] = sentences[j], sentences[i] })
	}
	words := strings.Fields(strings.Join(sentences, " "))
	if len(words) > 4 && rng.IntN(2) == 0 {
		for range 1 + rng.IntN(max(1, len(words)/10)) {
			k := rng.IntN(len(words))
			words = slices.Delete(words, k, k+1)
		}
	}
	if rng.IntN(2) == 0 {
		for range 1 + rng.IntN(2) {
			k := rng.IntN(len(words))
			words[k] = typo(words[k], rng)
		}
	}
	out := strings.Join(words, " ")
	switch rng.IntN(4) {
	case 0:
		out = []string{"Hi, ", "Hello team. ", "Hey guys, "}[rng.IntN(3)] + out
	case 1:
		out += []string{" Thanks!", " Please fix.", " Thank you"}[rng.IntN(3)]
	}
	return out
}

func splitSentences(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if r == '.' || r == '!' || r == '?' {
			if s := strings.TrimSpace(text[start : i+1]); s != "" {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// typo swaps, drops, doubles or replaces one letter of a word.
func typo(w string, rng *rand.Rand) string {
	r := []rune(w)
	if len(r) < 3 {
		return w
	}
	k := 1 + rng.IntN(len(r)-2)
	switch rng.IntN(4) {
	case 0:
		r[k], r[k+1] = r[k+1], r[k]
	case 1:
		r = slices.Delete(r, k, k+1)
	case 2:
		r = slices.Insert(r, k, r[k])
	default:
		r[k] = rune('a' + rng.IntN(26))
	}
	return string(r)
}

// dupFigures are the measured qualities of duplicate detection.
type dupFigures struct {
	docs, truePairs    int
	predicted, correct int
	precision, recall  float64
	curve              []string
}

// evalDuplicates adds an edited copy of every review in the split with at
// least five words to all reviews, and checks the pairs found against the
// truth: two documents are duplicates when they come from the same text
// (an original, its copy, and originals with identical normalised text).
func evalDuplicates(rows []review, in func(string) bool, opts Options) dupFigures {
	docs := copiedReviews(rows, in)
	source := map[string]string{} // doc id -> normalised source text
	text := map[string]string{}
	for _, r := range rows {
		text[r.id] = r.text
	}
	for _, d := range docs {
		source[d.ID] = normalise(text[strings.TrimSuffix(d.ID, "-copy")])
	}
	// Identical short texts ("Nice app") are left out of the count: they are
	// neither a duplicate to find nor a false alarm.
	long := func(key string) bool { return len(strings.Fields(key)) >= 5 }
	bySource := map[string]int{}
	for _, k := range source {
		bySource[k]++
	}
	f := dupFigures{docs: len(docs)}
	for k, n := range bySource {
		if long(k) {
			f.truePairs += n * (n - 1) / 2
		}
	}
	ignored := func(d Duplicate) bool { return source[d.A] == source[d.B] && !long(source[d.A]) }
	opts.DuplicateSimilarity = 0.3
	all := Duplicates(docs, nil, opts)
	want := Options{}.withDefaults().DuplicateSimilarity
	if opts.DuplicateSimilarity != 0.3 {
		want = opts.DuplicateSimilarity
	}
	for _, th := range []float64{0.4, 0.5, 0.6, 0.7, 0.8, 0.9} {
		p, c := 0, 0
		for _, d := range all {
			if d.Similarity >= th && !ignored(d) {
				p++
				if source[d.A] == source[d.B] {
					c++
				}
			}
		}
		f.curve = append(f.curve, fmt.Sprintf("%.1f: P %.3f R %.3f", th, float64(c)/max(float64(p), 1), float64(c)/float64(f.truePairs)))
	}
	for _, d := range all {
		if d.Similarity >= want && !ignored(d) {
			f.predicted++
			if source[d.A] == source[d.B] {
				f.correct++
			}
		}
	}
	f.precision = float64(f.correct) / max(float64(f.predicted), 1)
	f.recall = float64(f.correct) / float64(f.truePairs)
	return f
}

// copiedReviews returns all reviews, and an edited copy (id + "-copy") of
// every review in the split with at least five words.
func copiedReviews(rows []review, in func(string) bool) []Doc {
	rng := rand.New(rand.NewPCG(2026, 11))
	var docs []Doc
	for _, r := range rows {
		docs = append(docs, Doc{ID: r.id, Text: r.text})
		if in(r.id) && len(strings.Fields(r.text)) >= 5 {
			docs = append(docs, Doc{ID: r.id + "-copy", Text: editReview(r.text, rng)})
		}
	}
	return docs
}

func normalise(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

func TestDuplicateQuality(t *testing.T) {
	rows := loadReviews(t)
	name, in := split()
	f := evalDuplicates(rows, in, Options{})
	t.Logf("%s split: %d documents, %d true duplicate pairs", name, f.docs, f.truePairs)
	t.Logf("at the default threshold: %d pairs found, %d right: precision %.3f, recall %.3f",
		f.predicted, f.correct, f.precision, f.recall)
	t.Logf("by threshold: %s", strings.Join(f.curve, "; "))
	// Floors: what the method reached at its default threshold (0.55,
	// chosen on requests grouped by people, see TestDuplicateCrossValidation),
	// less a margin. Edited copies are easier than paraphrases: the threshold
	// that finds paraphrases costs some precision here (0.908 and 0.902 at
	// the former 0.7).
	if f.precision < floor(name, 0.86) || f.recall < floor(name, 0.92) {
		t.Errorf("precision %.3f, recall %.3f; want >= %.2f and %.2f",
			f.precision, f.recall, floor(name, 0.86), floor(name, 0.92))
	}
}

// TestEmergingThemeQuality takes one label at a time away, as if its theme
// had not been written yet, and looks for it among the clusters: the
// reviews that carried only that label become unthemed, and a good
// clustering gathers them. For each label it reports the cluster holding
// most of them (precision and recall zero when none does), over the rows
// of the split only. The labels of this data set are abstract (ERROR, UI)
// rather than lexical, so lexical clusters recover little of them.
func TestEmergingThemeQuality(t *testing.T) {
	rows := loadReviews(t)
	name, in := split()
	var part []review
	for _, r := range rows {
		if in(r.id) {
			part = append(part, r)
		}
	}
	labels := map[string]bool{}
	for _, r := range part {
		for _, l := range r.labels {
			labels[l] = true
		}
	}
	var all []string
	for l := range labels {
		all = append(all, l)
	}
	slices.Sort(all)
	var sumP, sumR float64
	for _, gone := range all {
		var docs []Doc
		orphans := map[string]bool{}
		for _, r := range part {
			rest := slices.DeleteFunc(slices.Clone(r.labels), func(l string) bool { return l == gone })
			if len(rest) == 0 && len(r.labels) > 0 {
				orphans[r.id] = true
			}
			docs = append(docs, Doc{ID: r.id, Text: r.text, Themes: rest})
		}
		var themes []Theme
		for _, l := range all {
			if l != gone {
				themes = append(themes, Theme{ID: l, Text: strings.ToLower(l)})
			}
		}
		res := Result{Clusters: Clusters(docs, themes, Options{})}
		best, bestHits := 0, 0
		for k, c := range res.Clusters {
			hits := 0
			for _, id := range c.Items {
				if orphans[id] {
					hits++
				}
			}
			if hits > bestHits || hits == bestHits && hits > 0 && len(c.Items) < len(res.Clusters[best].Items) {
				best, bestHits = k, hits
			}
		}
		p, r, cname := 0.0, 0.0, ""
		if bestHits > 0 {
			p = float64(bestHits) / float64(len(res.Clusters[best].Items))
			r = float64(bestHits) / float64(len(orphans))
			cname = res.Clusters[best].Name
		}
		sumP += p
		sumR += r
		t.Logf("%s: %-15s %3d orphaned reviews; best cluster %q holds %d of them: precision %.2f, recall %.2f",
			name, gone, len(orphans), cname, bestHits, p, r)
	}
	p, r := sumP/float64(len(all)), sumR/float64(len(all))
	t.Logf("%s: mean over %d labels: precision %.3f, recall %.3f", name, len(all), p, r)
	if p < floor(name, 0.36) || r < floor(name, 0.04) {
		t.Errorf("mean precision %.3f, recall %.3f; want >= %.2f and %.2f", p, r, floor(name, 0.36), floor(name, 0.04))
	}
}
