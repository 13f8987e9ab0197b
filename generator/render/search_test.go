package render

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSearchWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Export times-out", []string{"export", "times", "out"}},
		{"Naïve CAFÉ, Ærø", []string{"naive", "cafe", "ærø"}},
		{"SSO/SAML 2.0 v2", []string{"sso", "saml", "2", "0", "v2"}},
		{"<b>bold</b> & x", []string{"b", "bold", "b", "x"}},
		{"日本語 テキスト", []string{"日本語", "テキスト"}},
		{"", nil},
	} {
		if got := searchWords(c.in, nil); !slices.Equal(got, c.want) {
			t.Errorf("searchWords(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCmpUTF16(t *testing.T) {
	// U+FF5E sorts after U+1F600 in UTF-8 but before it in UTF-16
	// (a surrogate pair starts at U+D83D), as JavaScript compares.
	words := []string{"b", "😀", "～", "a", "ab", "é"}
	slices.SortFunc(words, cmpUTF16)
	if want := []string{"a", "ab", "b", "é", "😀", "～"}; !slices.Equal(words, want) {
		t.Errorf("sorted %q, want %q", words, want)
	}
}

// searchFixture reads every file of a site's search index.
type searchFixture struct {
	meta struct {
		Docs  int
		Per   int
		Terms []string
		Fuzzy []string
		Stop  []string
	}
	terms map[string][]int    // term -> [gap, score, ...]
	fuzzy map[string][]string // key -> terms
	docs  []map[string]string
}

func readSearch(t *testing.T, site *Site) *searchFixture {
	t.Helper()
	f := &searchFixture{terms: map[string][]int{}, fuzzy: map[string][]string{}}
	if err := json.Unmarshal(site.Files["search/meta.json"], &f.meta); err != nil {
		t.Fatal(err)
	}
	for n, first := range f.meta.Terms {
		var m map[string][]int
		if err := json.Unmarshal(site.Files[fmt.Sprintf("search/t/%d.json", n)], &m); err != nil {
			t.Fatal(n, err)
		}
		for term, list := range m {
			// Each term is in the file search.js looks in: the last whose
			// first term is at most it.
			if at := sort.Search(len(f.meta.Terms), func(i int) bool { return cmpUTF16(f.meta.Terms[i], term) > 0 }) - 1; at != n {
				t.Errorf("term %q is in file %d (first %q), search.js looks in %d", term, n, first, at)
			}
			f.terms[term] = list
		}
	}
	for n := range f.meta.Fuzzy {
		var m map[string][]string
		if err := json.Unmarshal(site.Files[fmt.Sprintf("search/f/%d.json", n)], &m); err != nil {
			t.Fatal(n, err)
		}
		for k, v := range m {
			if at := sort.Search(len(f.meta.Fuzzy), func(i int) bool { return cmpUTF16(f.meta.Fuzzy[i], k) > 0 }) - 1; at != n {
				t.Errorf("key %q is in typo file %d, search.js looks in %d", k, n, at)
			}
			f.fuzzy[k] = v
		}
	}
	for n := 0; n*f.meta.Per < f.meta.Docs; n++ {
		var d struct{ Docs []map[string]string }
		if err := json.Unmarshal(site.Files[fmt.Sprintf("search/d/%d.json", n)], &d); err != nil {
			t.Fatal(n, err)
		}
		f.docs = append(f.docs, d.Docs...)
	}
	if len(f.docs) != f.meta.Docs {
		t.Errorf("%d documents in the files, meta says %d", len(f.docs), f.meta.Docs)
	}
	return f
}

// find returns the documents of a term, by number.
func (f *searchFixture) find(term string) []int {
	var out []int
	at := 0
	list := f.terms[term]
	for i := 0; i+1 < len(list); i += 2 {
		at += list[i]
		out = append(out, at)
	}
	return out
}

// TestSearchIndex: the files of the index hold every published theme and
// item, each term under the documents that have it, typo keys that lead
// from a word one letter off to the term, and nothing of a private item.
func TestSearchIndex(t *testing.T) {
	site := renderDir(t, "testdata/repo", Options{})
	f := readSearch(t, site)
	if f.meta.Docs != 4+6 {
		t.Errorf("%d documents, want 4 themes and 6 published items", f.meta.Docs)
	}
	for i, d := range f.docs {
		if d["u"] == "" || d["t"] == "" || (d["k"] != "theme" && d["k"] != "item") {
			t.Errorf("document %d: %v", i, d)
		}
		if i < 4 && d["k"] != "theme" {
			t.Errorf("document %d is not a theme: themes come first", i)
		}
	}
	docs := func(term string) []string {
		var out []string
		for _, n := range f.find(term) {
			out = append(out, f.docs[n]["t"])
		}
		return out
	}
	if got := docs("marmalade"); len(got) != 1 || got[0] != "The mobile app is slow to open" {
		t.Errorf("marmalade: %q", got)
	}
	if got := docs("export"); len(got) < 3 || got[0] != "Exports that finish" {
		t.Errorf("export: %q (the theme first)", got)
	}
	if _, ok := f.terms["the"]; ok {
		t.Error("a stop word is indexed")
	}
	if !slices.Contains(f.fuzzy["expot"], "export") || !slices.Contains(f.fuzzy["export"], "export") {
		t.Errorf("typo keys of export: %q, %q", f.fuzzy["expot"], f.fuzzy["export"])
	}
	for _, file := range site.Paths() {
		if strings.HasPrefix(file, "search/") && strings.Contains(strings.ToLower(string(site.Files[file])), "escalation") {
			t.Errorf("%s holds a private item's words", file)
		}
	}
}

// TestSearchFilesSplit: a larger site's index is split into many files,
// each term in exactly one, none much over searchShard bytes unless a
// single term fills it.
func TestSearchFilesSplit(t *testing.T) {
	site := renderDir(t, writeRepo(t, benchRepo(2000)), Options{})
	f := readSearch(t, site)
	if len(f.meta.Terms) < 4 || len(f.meta.Fuzzy) < 4 {
		t.Errorf("%d terms files, %d typo files for 2,000 items", len(f.meta.Terms), len(f.meta.Fuzzy))
	}
	for _, p := range site.Paths() {
		if (strings.HasPrefix(p, "search/t/") || strings.HasPrefix(p, "search/f/")) && len(site.Files[p]) > 4*searchShard {
			t.Errorf("%s is %d bytes", p, len(site.Files[p]))
		}
	}
}

// BenchmarkBuildSearch indexes the documents of a repository of 10,000
// items: the words of every document counted, merged into postings and
// sorted, and the typo keys made.
func BenchmarkBuildSearch(b *testing.B) {
	in, opts := benchInput(b)
	bl := Prepare(in, opts).b
	bl.all()
	b.ReportAllocs()
	for b.Loop() {
		buildSearch(bl.searchDocs())
	}
}

// searchWordsRef is searchWords rune by rune, as it was written first.
func searchWordsRef(s string) []string {
	var out []string
	start, ascii := -1, true
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		start = -1
		if ascii {
			w = strings.ToLower(w)
		} else {
			w = foldWord(w)
		}
		if w != "" && utf8.RuneCountInString(w) <= searchWordMax {
			out = append(out, w)
		}
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || (start >= 0 && unicode.Is(unicode.Mn, r)) {
			if start < 0 {
				start, ascii = i, true
			}
			if r >= utf8.RuneSelf {
				ascii = false
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	return out
}

// FuzzSearchWords: the index's words are the reference's, ASCII table and
// all.
func FuzzSearchWords(f *testing.F) {
	for _, s := range []string{"", "Export CSV fails, 2x!", "naïve Café ÉTÉ", "a\u0301b c\u0301", "x\xffy Ǆ ǅ", "İstanbul ΣΑΣ", "a_b-c'd 12½ ③"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := searchWords(s, nil), searchWordsRef(s); !slices.Equal(got, want) {
			t.Errorf("searchWords(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestBuildSearchChunks: over documents enough for several counting
// chunks (where a term known from an earlier chunk is counted by its
// index, a new one by its string), every term's postings and every
// document's length are what counting each document's words one by one
// gives, and no stop word is a term.
func TestBuildSearchChunks(t *testing.T) {
	vocab := []string{"Export", "export", "the", "SSO", "café", "Cafe", "naïve", "ledger", "and", "sync", "Ærø", "timeout", "x1"}
	var docs []searchDoc
	for i := range 5000 {
		var title, body strings.Builder
		for j := range 1 + i%7 {
			title.WriteString(vocab[(i*3+j*5)%len(vocab)] + " ")
		}
		for j := range 3 + i%11 {
			body.WriteString(vocab[(i*7+j*j)%len(vocab)] + ", ")
		}
		if i%500 == 0 { // a word no earlier document had
			fmt.Fprintf(&body, "rare%d", i)
		}
		docs = append(docs, searchDoc{fields: []searchField{{title.String(), 3}, {body.String(), 1}}})
	}
	type tf struct {
		doc int32
		tf  float32
	}
	want := map[string][]tf{}
	wantDL := make([]float32, len(docs))
	for i, d := range docs {
		counts := map[string]float32{}
		var order []string
		for _, f := range d.fields {
			for _, w := range searchWords(f.text, nil) {
				if slices.Contains(searchStop, w) {
					continue
				}
				if _, ok := counts[w]; !ok {
					order = append(order, w)
				}
				counts[w] += float32(f.weight)
				wantDL[i] += float32(f.weight)
			}
		}
		for _, w := range order {
			want[w] = append(want[w], tf{int32(i), counts[w]})
		}
	}
	x := buildSearch(docs)
	if len(x.terms) != len(want) {
		t.Errorf("%d terms, want %d", len(x.terms), len(want))
	}
	for k, term := range x.terms {
		var got []tf
		for _, p := range x.postings[k] {
			got = append(got, tf{p.doc, p.tf})
		}
		if !slices.Equal(got, want[term]) {
			t.Errorf("postings of %q: %v, want %v", term, got, want[term])
		}
	}
	if !slices.Equal(x.dl, wantDL) {
		t.Error("document lengths differ from the words counted")
	}
}
