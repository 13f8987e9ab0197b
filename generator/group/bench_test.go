package group

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// synthetic generates n feedback documents and the themes they are drawn
// from, with a fixed seed: documents mix function words, words of their
// theme and Zipf-distributed general words; 60% are labelled, some with a
// second theme; a tenth of the rest come from topics no theme covers, and
// 3% are near-copies of an earlier document.
func synthetic(n int) ([]Doc, []Theme) {
	rng := rand.New(rand.NewPCG(20261123, uint64(n)))
	seen := map[string]bool{}
	word := func() string {
		const cons, vows = "bcdfghklmnprstvz", "aeiou"
		for {
			var b strings.Builder
			for range 2 + rng.IntN(3) {
				b.WriteByte(cons[rng.IntN(len(cons))])
				b.WriteByte(vows[rng.IntN(len(vows))])
			}
			if w := b.String(); !seen[w] {
				seen[w] = true
				return w
			}
		}
	}
	words := func(k int) []string {
		out := make([]string, k)
		for i := range out {
			out[i] = word()
		}
		return out
	}
	general := words(5000)
	zipf := rand.NewZipf(rng, 1.1, 2, uint64(len(general)-1))
	function := strings.Fields("the a to and it is in i of for this that my on with but not can when")
	const nThemes, nEmerging = 50, 10
	topics := make([][]string, nThemes+nEmerging)
	for t := range topics {
		topics[t] = words(25)
	}
	themes := make([]Theme, nThemes)
	for t := range themes {
		themes[t] = Theme{
			ID:       fmt.Sprintf("theme-%02d", t),
			Text:     strings.Join(topics[t][:12], " "),
			Keywords: topics[t][:3],
		}
	}
	docs := make([]Doc, n)
	for i := range docs {
		id := fmt.Sprintf("item-%06d", i)
		if i > 10 && rng.IntN(100) < 3 {
			src := docs[rng.IntN(i)]
			docs[i] = Doc{ID: id, Text: src.Text + " " + general[zipf.Uint64()], Themes: src.Themes}
			continue
		}
		t := int(min(rng.ExpFloat64()*12, nThemes-1))
		labelled := rng.IntN(100) < 60
		if !labelled && rng.IntN(10) == 0 {
			t = nThemes + rng.IntN(nEmerging)
		}
		length := 8 + rng.IntN(60)
		var b strings.Builder
		for range length {
			switch r := rng.IntN(100); {
			case r < 20:
				b.WriteString(function[rng.IntN(len(function))])
			case r < 55:
				b.WriteString(topics[t][min(int(rng.ExpFloat64()*6), 24)])
			default:
				b.WriteString(general[zipf.Uint64()])
			}
			b.WriteByte(' ')
		}
		d := Doc{ID: id, Text: b.String()}
		if labelled {
			d.Themes = []string{themes[t].ID}
			if rng.IntN(10) == 0 {
				d.Themes = append(d.Themes, themes[rng.IntN(nThemes)].ID)
			}
		}
		docs[i] = d
	}
	return docs, themes
}

// benchSizes runs a benchmark on 10,000 generated documents, and on
// 100,000 unless -short; documents are generated outside the timer.
func benchSizes(b *testing.B, run func(docs []Doc, themes []Theme)) {
	sizes := []int{10_000, 100_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			docs, themes := synthetic(n)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				run(docs, themes)
			}
		})
	}
}

// BenchmarkAnalyze runs Analyze, what heed triage does.
func BenchmarkAnalyze(b *testing.B) {
	var r Result
	benchSizes(b, func(docs []Doc, themes []Theme) { r = Analyze(docs, themes, Options{}) })
	if os.Getenv("HEED_BENCH_VERBOSE") == "1" {
		b.Logf("%d suggestions, %d clusters, %d duplicates", len(r.Suggestions), len(r.Clusters), len(r.Duplicates))
	}
}

// BenchmarkDuplicates runs Duplicates, what heed check does.
func BenchmarkDuplicates(b *testing.B) {
	benchSizes(b, func(docs []Doc, themes []Theme) { Duplicates(docs, themes, Options{}) })
}

// BenchmarkSuggest trains the theme classifier and suggests themes, what
// heed triage adds to the rest.
func BenchmarkSuggest(b *testing.B) {
	benchSizes(b, func(docs []Doc, themes []Theme) { Suggest(docs, themes, Options{}) })
}
