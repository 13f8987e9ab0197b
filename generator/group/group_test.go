package group

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// notesThemes and notesDocs are a small feedback repository of a notes app.
var notesThemes = []Theme{
	{ID: "dark-mode", Text: "Dark mode. The white screen is hard on the eyes at night.", Keywords: []string{"dark", "night"}},
	{ID: "export", Text: "Export notes. Customers need their notes as CSV or PDF files.", Keywords: []string{"export", "csv", "pdf"}},
	{ID: "sync", Text: "Sync between devices. Notes written offline must reach the phone and the laptop.", Keywords: []string{"sync", "offline"}},
}

var notesDocs = []Doc{
	{ID: "d01", Text: "Please add a dark theme, my eyes hurt in bed at night", Themes: []string{"dark-mode"}},
	{ID: "d02", Text: "Night mode would be lovely, the screen is blinding", Themes: []string{"dark-mode"}},
	{ID: "d03", Text: "Dark colours option for the editor", Themes: []string{"dark-mode"}},
	{ID: "e01", Text: "Export to CSV times out on large notebooks", Themes: []string{"export"}},
	{ID: "e02", Text: "I need to export my notes to PDF for my boss", Themes: []string{"export"}},
	{ID: "e03", Text: "CSV export drops the tags column", Themes: []string{"export"}},
	{ID: "s01", Text: "Notes written offline on the train never sync to my laptop", Themes: []string{"sync"}},
	{ID: "s02", Text: "Sync between phone and tablet loses edits", Themes: []string{"sync"}},
	{ID: "s03", Text: "Changes on my laptop take an hour to show on the phone", Themes: []string{"sync"}},
	// unthemed
	{ID: "u01", Text: "The bright white editor hurts my eyes at night; a dark theme please"},
	{ID: "u02", Text: "Exporting a notebook as PDF loses the images"},
	{ID: "u03", Text: "Edits made offline disappear instead of syncing to my other devices"},
	{ID: "u04", Text: "Please connect notes to Google Calendar so meetings get a note"},
	{ID: "u05", Text: "Calendar integration: open the note of a meeting from the calendar event"},
	{ID: "u06", Text: "I plan my week in a calendar; meeting notes should live next to calendar events"},
	{ID: "u07", Text: "Hi team, export to CSV times out on large notebooks. Thanks!"},
}

func TestAnalyzeSuggestsThemes(t *testing.T) {
	res := Analyze(notesDocs, notesThemes, Options{})
	got := map[string]Suggestion{}
	for _, s := range res.Suggestions {
		got[s.Item] = s
	}
	for _, c := range []struct {
		item, theme, term string // the best theme, and one of the words it matched
	}{
		{"u01", "dark-mode", "dark"},
		{"u02", "export", "pdf"},
		{"u03", "sync", "offline"},
		{"u07", "export", "csv"},
	} {
		s, ok := got[c.item]
		if !ok || len(s.Themes) == 0 {
			t.Errorf("%s: no suggestion", c.item)
			continue
		}
		if best := s.Themes[0]; best.ID != c.theme || !slices.Contains(best.Terms, c.term) {
			t.Errorf("%s: best suggestion %+v, want %s matching %q", c.item, best, c.theme, c.term)
		}
	}
}

func TestAnalyzeResultShape(t *testing.T) {
	opts := Options{MinConfidence: 0.05}
	res := Analyze(notesDocs, notesThemes, opts)
	var unthemed []string
	for _, d := range notesDocs {
		if len(d.Themes) == 0 {
			unthemed = append(unthemed, d.ID)
		}
	}
	var items []string
	for _, s := range res.Suggestions {
		items = append(items, s.Item)
		if len(s.Themes) > maxSuggestions {
			t.Errorf("%s: %d themes suggested, want at most %d", s.Item, len(s.Themes), maxSuggestions)
		}
		for k, m := range s.Themes {
			if m.Confidence < opts.MinConfidence || m.Confidence > 1 {
				t.Errorf("%s: confidence %v outside [%v, 1]", s.Item, m.Confidence, opts.MinConfidence)
			}
			if k > 0 && m.Confidence > s.Themes[k-1].Confidence {
				t.Errorf("%s: themes not ranked by confidence: %+v", s.Item, s.Themes)
			}
			// The best theme says why; the others may have no word
			// speaking for them.
			if (k == 0 && len(m.Terms) == 0) || len(m.Terms) > maxTerms || m.Terms == nil {
				t.Errorf("%s: %d terms for %s", s.Item, len(m.Terms), m.ID)
			}
		}
	}
	if !slices.Equal(items, unthemed) {
		t.Errorf("suggestions for %v, want one per unthemed item in id order %v", items, unthemed)
	}
	for _, c := range res.Clusters {
		if len(c.Items) < minClusterSize || c.Name == "" || len(c.Terms) == 0 {
			t.Errorf("malformed cluster %+v", c)
		}
	}
	for k, d := range res.Duplicates {
		if d.A >= d.B || d.Similarity < (Options{}).withDefaults().DuplicateSimilarity || d.Similarity > 1 {
			t.Errorf("malformed duplicate %+v", d)
		}
		if k > 0 && d.Similarity > res.Duplicates[k-1].Similarity {
			t.Errorf("duplicates not ranked by similarity: %+v", res.Duplicates)
		}
	}
}

func TestAnalyzeFindsEmergingCluster(t *testing.T) {
	res := Analyze(notesDocs, notesThemes, Options{})
	if len(res.Clusters) == 0 {
		t.Fatal("no cluster")
	}
	c := res.Clusters[0]
	if want := []string{"u04", "u05", "u06"}; !sameSet(c.Items, want) {
		t.Errorf("cluster items %v, want %v", c.Items, want)
	}
	if !strings.Contains(c.Name, "calendar") {
		t.Errorf("cluster name %q does not say calendar", c.Name)
	}
	for _, c := range res.Clusters {
		for _, id := range c.Items {
			if id == "u01" || id == "u02" || id == "u03" {
				t.Errorf("item %s, which a theme fits, is in cluster %q", id, c.Name)
			}
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestAnalyzeDuplicates(t *testing.T) {
	// Each case is judged in the notes repository plus the two texts.
	for _, c := range []struct {
		name string
		a, b string
		dup  bool
	}{
		{"greeting and sign-off added",
			"Export to CSV times out on large notebooks",
			"Hi team, export to CSV times out on large notebooks. Thanks!", true},
		{"typos",
			"The search box forgets my last query after restarting",
			"The serach box forgets my lsat query after restarting", true},
		{"sentences reordered",
			"Attachments fail to upload. The spinner never stops. Files over ten megabytes.",
			"Files over ten megabytes. Attachments fail to upload. The spinner never stops.", true},
		{"a word dropped",
			"Reminders arrive an hour late since the daylight saving change",
			"Reminders arrive an hour late since the daylight change", true},
		{"same subject, different report",
			"Reminders arrive an hour late since the daylight saving change",
			"Reminders should repeat every weekday, not only daily", false},
		{"too short to tell",
			"Love it",
			"Love it!", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			docs := append(slices.Clone(notesDocs), Doc{ID: "x1", Text: c.a}, Doc{ID: "x2", Text: c.b})
			found := false
			for _, d := range Analyze(docs, notesThemes, Options{}).Duplicates {
				found = found || d.A == "x1" && d.B == "x2"
			}
			if found != c.dup {
				t.Errorf("duplicate = %v, want %v", found, c.dup)
			}
		})
	}
}

func TestAnalyzeIsDeterministic(t *testing.T) {
	// Over 2,400 labelled documents, so that calibration samples them;
	// fewer under the race detector, which checks the parallel parts.
	n := 4500
	if raceEnabled {
		n = 1500
	}
	docs, themes := synthetic(n)
	want := Analyze(docs, themes, Options{Workers: 1})
	if len(want.Suggestions) == 0 || len(want.Clusters) == 0 || len(want.Duplicates) == 0 {
		t.Fatalf("test corpus too plain: %d suggestions, %d clusters, %d duplicates",
			len(want.Suggestions), len(want.Clusters), len(want.Duplicates))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		name    string
		workers int
		shuffle bool
	}{
		{"more workers", 4, false},
		{"documents and themes in another order", 2, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, th := slices.Clone(docs), slices.Clone(themes)
			if c.shuffle {
				rng.Shuffle(len(d), func(i, j int) { d[i], d[j] = d[j], d[i] })
				rng.Shuffle(len(th), func(i, j int) { th[i], th[j] = th[j], th[i] })
			}
			if got := Analyze(d, th, Options{Workers: c.workers}); !reflect.DeepEqual(got, want) {
				t.Error("result differs")
			}
		})
	}
}

func TestAnalyzeWithoutInput(t *testing.T) {
	for _, c := range []struct {
		name   string
		docs   []Doc
		themes []Theme
	}{
		{"nothing", nil, nil},
		{"no themes", notesDocs, nil},
		{"no documents", nil, notesThemes},
		{"empty texts", []Doc{{ID: "a"}, {ID: "b", Text: "!!! 42"}}, []Theme{{ID: "t"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := Analyze(c.docs, c.themes, Options{})
			if res.Suggestions == nil || res.Clusters == nil || res.Duplicates == nil {
				t.Errorf("nil slice in %+v; want empty lists", res)
			}
			for _, s := range res.Suggestions {
				if s.Themes == nil {
					t.Errorf("%s: nil themes; want an empty list", s.Item)
				}
			}
		})
	}
}

// The JSON names are a contract (DESIGN.md, "Triage output").
func TestResultJSON(t *testing.T) {
	res := Result{
		Suggestions: []Suggestion{{Item: "i", Themes: []Match{{ID: "t", Confidence: 0.5, Terms: []string{"w"}}}}},
		Clusters:    []Cluster{{Name: "n", Terms: []string{"w"}, Items: []string{"a", "b"}}},
		Duplicates:  []Duplicate{{A: "a", B: "b", Similarity: 0.9}},
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"suggestions":[{"item":"i","themes":[{"id":"t","confidence":0.5,"terms":["w"]}]}],` +
		`"clusters":[{"name":"n","terms":["w"],"items":["a","b"]}],` +
		`"duplicates":[{"a":"a","b":"b","similarity":0.9}]}`
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}
}

func TestCalibration(t *testing.T) {
	// Outcomes drawn with a known probability that rises with the score.
	rng := rand.New(rand.NewPCG(3, 4))
	truth := func(s float64) float64 { return 1 / (1 + math.Exp(-(8*s - 4))) }
	var samples []sample
	for range 4000 {
		s := rng.Float64()
		samples = append(samples, sample{x: []float64{s}, y: rng.Float64() < truth(s)})
	}
	cal := fitCalibration(samples)
	if !cal.ok {
		t.Fatal("no fit on 4000 samples")
	}
	for _, s := range []float64{0.1, 0.3, 0.5, 0.7, 0.9} {
		if got, want := cal.probability([]float64{s}, 0), truth(s); math.Abs(got-want) > 0.05 {
			t.Errorf("p(%v) = %.3f, want %.3f", s, got, want)
		}
	}

	few := fitCalibration(samples[:15])
	if few.ok {
		t.Error("fitted on 15 samples; want the fallback")
	}
	if got := few.probability([]float64{0.3}, 0.42); got != 0.42 {
		t.Errorf("fallback gives %v, want the score 0.42", got)
	}
}

// The candidate index is an approximation of comparing all pairs: it should
// miss few of the pairs all-pairs comparison finds. Clusters are checked on
// generated documents; duplicates on real reviews with edited copies (the
// generated vocabulary, built from few syllables, makes unrelated texts
// look alike piece by piece).
func TestPairSearchAgainstAllPairs(t *testing.T) {
	for _, c := range []struct {
		name       string
		docs       func(t *testing.T) []Doc
		search     func(c *corpus) pairSearch
		minWords   int // members need this many distinct words
		wantRecall float64
	}{
		{"clusters",
			func(*testing.T) []Doc { d, _ := synthetic(1200); return d },
			func(c *corpus) pairSearch {
				return pairSearch{index: c.docs, measure: c.docs, min: 0.3, share: clusterShare, workers: 2}
			}, 0, 0.97},
		{"duplicates",
			func(t *testing.T) []Doc {
				_, in := split()
				return copiedReviews(loadReviews(t), in)
			},
			func(c *corpus) pairSearch {
				return pairSearch{index: c.words, measure: c.texts, gate: 0.35, min: 0.7, share: duplicateShare, workers: 2}
			}, minDuplicateWords, 0.97},
	} {
		t.Run(c.name, func(t *testing.T) {
			docs := c.docs(t)
			slices.SortFunc(docs, func(a, b Doc) int { return strings.Compare(a.ID, b.ID) })
			corpus := newCorpus(docs, nil, 2, true)
			s := c.search(corpus)
			var all []int32
			for i := range docs {
				if len(corpus.words[i].terms) >= c.minWords {
					all = append(all, int32(i))
				}
			}
			found := map[[2]int32]bool{}
			for _, p := range s.run(all) {
				found[[2]int32{p.a, p.b}] = true
			}
			want, hit := 0, 0
			var d dense
			for i, a := range all {
				d.load(s.measure[a])
				for _, b := range all[i+1:] {
					if d.dot(s.measure[b]) >= s.min {
						want++
						if found[[2]int32{a, b}] {
							hit++
						}
					}
				}
				d.unload()
			}
			recall := float64(hit) / float64(max(want, 1))
			t.Logf("found %d of the %d pairs all-pairs comparison finds (%.3f)", hit, want, recall)
			if want == 0 || recall < c.wantRecall {
				t.Errorf("recall %.3f, want >= %.2f", recall, c.wantRecall)
			}
		})
	}
}

func TestMostShared(t *testing.T) {
	cands := func(shared ...uint8) []candidatePair {
		out := make([]candidatePair, len(shared))
		for j, s := range shared {
			out[j] = candidatePair{int32(j), s}
		}
		return out
	}
	for _, c := range []struct {
		name  string
		in    []candidatePair
		n     int
		wantJ []int32
	}{
		{"few enough: all, in order", cands(1, 3, 2), 3, []int32{0, 1, 2}},
		{"the most shared, then the first proposed among equals", cands(1, 3, 2, 3, 1, 2), 3, []int32{1, 2, 3}},
		{"all at one level", cands(2, 2, 2, 2), 2, []int32{0, 1}},
		{"a full top level", cands(8, 1, 8), 2, []int32{0, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []int32
			for _, p := range mostShared(c.in, c.n) {
				got = append(got, p.j)
			}
			if !slices.Equal(got, c.wantJ) {
				t.Errorf("kept %v, want %v", got, c.wantJ)
			}
		})
	}
}

func TestDuplicatesMatchesAnalyze(t *testing.T) {
	docs := append(slices.Clone(notesDocs),
		Doc{ID: "x1", Text: "Export to CSV times out on large notebooks"},
		Doc{ID: "x2", Text: "Hi team, export to CSV times out on large notebooks. Thanks!"})
	want := Analyze(docs, notesThemes, Options{}).Duplicates
	got := Duplicates(docs, notesThemes, Options{})
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("Duplicates = %v, Analyze found %v", got, want)
	}
}

// A document's Title is read as a line of its own before its Text.
func TestDocTitleIsALineBeforeText(t *testing.T) {
	docs, themes := synthetic(600)
	joined := slices.Clone(docs)
	for i := range docs {
		title, text, _ := strings.Cut(docs[i].Text, " ")
		docs[i].Title, docs[i].Text = title, text
		joined[i].Text = title + "\n" + text
	}
	if got, want := Analyze(docs, themes, Options{}), Analyze(joined, themes, Options{}); !reflect.DeepEqual(got, want) {
		t.Errorf("with titles: %d suggestions, %d clusters, %d duplicates; joined: %d, %d, %d",
			len(got.Suggestions), len(got.Clusters), len(got.Duplicates), len(want.Suggestions), len(want.Clusters), len(want.Duplicates))
	}
}

func TestClustersMatchesAnalyze(t *testing.T) {
	for _, n := range []int{0, 600} {
		docs, themes := notesDocs, notesThemes
		if n > 0 {
			docs, themes = synthetic(n)
		}
		want := Analyze(docs, themes, Options{}).Clusters
		got := Clusters(docs, themes, Options{})
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%d docs: Clusters = %v, Analyze found %v", len(docs), got, want)
		}
	}
}

func TestUnmatchedDropsClustersAThemeNames(t *testing.T) {
	themes := []Theme{
		{ID: "dark-mode", Text: "Dark mode\nA dark theme for late work."},
		{ID: "sso", Text: "Single sign-on", Keywords: []string{"sso", "saml"}},
		{ID: "per-diem", Text: "Per diem rates"},
	}
	cs := []Cluster{
		{Name: "mode, dark", Terms: []string{"mode", "dark", "night"}},
		{Name: "saml, sso, login", Terms: []string{"saml", "sso", "login"}},
		{Name: "currency, exchange, rate", Terms: []string{"currency", "exchange", "rate"}},
		{Name: "calendar", Terms: []string{"calendar"}},
	}
	var got []string
	for _, c := range unmatched(cs, themes) {
		got = append(got, c.Name)
	}
	if want := []string{"currency, exchange, rate", "calendar"}; !slices.Equal(got, want) {
		t.Errorf("kept %q, want %q", got, want)
	}
}
