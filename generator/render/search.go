package render

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/heedhq/heed/generator/internal/parallel"
)

// The search index is split so that a query fetches only what its words
// need, whatever the size of the site (search.js reads it):
//
//   - search/meta.json: {"docs": N, "per": P, "terms": [...], "fuzzy":
//     [...], "stop": [...]}: the number of documents, how many a documents
//     file holds, the first term of each terms file and the first key of
//     each typo file (both in UTF-16 order, as JavaScript compares), and the
//     words left out of the index;
//   - search/t/<n>.json: {"term": [doc, score, doc, score, ...], ...}, the
//     documents that have each term, as the distance from the previous
//     document number (the first from 0), each with its score, BM25 over
//     the document's fields weighted (a title counts more than the text)
//     times ten, at least 1; a term found in more documents than
//     searchMaxPostings keeps its best-scored ones;
//   - search/f/<n>.json: {"key": ["term", ...], ...}, for typos: each term
//     of four letters or more under itself and under each way of deleting
//     one of its letters, so that a query word and a term one typo apart
//     (a letter wrong, missing, added or two swapped) share a key;
//   - search/d/<n>.json: {"docs": [...]}, documents P*n to P*(n+1)-1,
//     each with "k" its kind (theme or item), "t" title, "u" link (from the
//     site's root), and when not empty "m" a line about it and "s" a
//     summary: what a result shows.
//
// Documents are the themes, ranked, then the published items, newest
// first (less the answers that are only a score: a made-up title). Their text is what their pages show: a theme's title, summary,
// keywords and body; an item's title, body, tags and the titles of its
// themes.

// Index tuning.
const (
	// searchShard is the size a terms or typo file grows to before the
	// next one starts (a term is never split: a common one may make a
	// file larger).
	searchShard = 24 << 10
	// searchPerDocs is how many documents a documents file holds: results
	// spread over the site cost one small file each.
	searchPerDocs = 16
	// searchMaxPostings bounds the documents kept for one term, so that
	// the file of a word every document has stays small.
	searchMaxPostings = 8000
	// searchFuzzyMin is the length (in letters) of the shortest term
	// indexed for typos: a query word of five letters may have lost one.
	searchFuzzyMin = 4
	// searchSummaryMax bounds a result's summary.
	searchSummaryMax = 200
	// searchWordMax drops longer runs of letters and digits (hashes, keys).
	searchWordMax = 40
)

// Field weights of BM25F, and the weight of a theme against an item.
const (
	weightTitle      = 4
	weightThemeTitle = 2 // an item's themes' titles
	weightSummary    = 2 // a theme's summary
	weightText       = 1
	// A theme's keywords count as its title, and a theme twice an item: a
	// search for what a theme is about finds the theme first.
	weightThemeDoc = 2
	bm25K1, bm25B  = 1.2, 0.75
)

// searchStop are words left out of the index: in nearly every document,
// they would make the largest files and rank nothing.
var searchStop = []string{
	"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "i", "if", "in",
	"is", "it", "its", "me", "my", "of", "on", "or", "our", "so", "that", "the", "their", "them", "there",
	"they", "this", "to", "us", "was", "we", "were", "what", "when", "which", "with", "you", "your",
}

// searchWords appends the index words of s to dst: lower-case runs of
// letters and digits, accents removed, as search.js makes them of a query
// (toLowerCase, NFKD, combining marks U+0300-U+036F dropped).
func searchWords(s string, dst []string) []string {
	eachSearchWord(s, nil, func(w []byte) { dst = append(dst, string(w)) })
	return dst
}

// eachSearchWord calls fn with each index word of s (see searchWords),
// made in buf, which it returns for the next call; fn must not keep the
// bytes. The index looks its words up as bytes: a lower-cased copy of
// every capitalised word was most of what indexing allocated.
func eachSearchWord(s string, buf []byte, fn func(w []byte)) []byte {
	start := -1
	ascii := true
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		start = -1
		buf = buf[:0]
		if !ascii {
			buf = append(buf, foldWord(w)...)
		} else {
			for i := 0; i < len(w); i++ {
				c := w[i]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
			}
		}
		if len(buf) > 0 && utf8.RuneCount(buf) <= searchWordMax {
			fn(buf)
		}
	}
	for i := 0; i < len(s); {
		// ASCII, most of the text, by a table; the rest by its rune.
		if c := s[i]; c < utf8.RuneSelf {
			if asciiWord[c] {
				if start < 0 {
					start, ascii = i, true
				}
			} else {
				flush(i)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsNumber(r) || (start >= 0 && unicode.Is(unicode.Mn, r)) {
			if start < 0 {
				start = i
			}
			ascii = false
		} else {
			flush(i)
		}
		i += n
	}
	flush(len(s))
	return buf
}

// asciiWord says which ASCII bytes are letters or digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = unicode.IsLetter(rune(c)) || unicode.IsNumber(rune(c))
	}
	return t
}()

// foldWord lower-cases a word, decomposes it (NFKD) and drops the
// combining marks search.js drops; what is left of other letters is kept.
func foldWord(w string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(strings.ToLower(w)) {
		if r >= 0x300 && r <= 0x36f {
			continue
		}
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cmpUTF16 compares two strings as JavaScript does: by UTF-16 code units.
func cmpUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			ua, ub := ra, rb
			if ra >= 0x10000 {
				ua, _ = utf16.EncodeRune(ra)
			}
			if rb >= 0x10000 {
				ub, _ = utf16.EncodeRune(rb)
			}
			if ua != ub {
				return cmp.Compare(ua, ub)
			}
			return cmp.Compare(ra, rb)
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// searchDoc is one document of the index: a theme or an item, whose
// result (title, link, line, summary) is made when its documents file is
// written, and whose fields are dropped once indexed.
type searchDoc struct {
	theme *themeView
	item  *itemView
	// fields are the document's text with their weights.
	fields []searchField
}

// result returns what a result shows of the document.
func (d searchDoc) result() (kind, title, url, meta, summary string) {
	if t := d.theme; t != nil {
		return "theme", t.Title, t.path, statusTitle(t.Status), t.Summary
	}
	it := d.item
	return "item", it.Title, it.rel, it.Type + " via " + it.Source + ", " + formatDate(it.Date), excerpt(it.text, searchSummaryMax)
}

type searchField struct {
	text   string
	weight float64
}

// posting is one document of a term, with the term's weighted count.
type posting struct {
	doc int32
	tf  float32
}

// searchIndex is the built index, made once for all its files.
type searchIndex struct {
	docs []searchDoc
	// terms sorted in UTF-16 order, their postings (sorted by document)
	// and, per file, the first term's index.
	terms    []string
	postings [][]posting
	df       []int
	idf      []float64
	dl       []float32
	avgdl    float64
	// norm is BM25's length term of each document: k1 (1 - b + b dl/avgdl).
	norm     []float64
	termCuts []int
	cutOnce  sync.Once
	// typo keys, sorted, their terms, and the first key's index per file.
	keys     []string
	keyTerms [][]string
	keyCuts  []int
}

// searchDocs lists the documents.
func (b *builder) searchDocs() []searchDoc {
	docs := make([]searchDoc, 0, len(b.themes)+len(b.items))
	for _, t := range b.themes {
		docs = append(docs, searchDoc{
			theme:  t,
			fields: []searchField{{t.Title, weightTitle}, {t.keywords, weightTitle}, {t.Summary, weightSummary}, {t.text, weightText}},
		})
	}
	for _, it := range b.items {
		if it.scoreOnly {
			continue // no words to find, only a title made of a score
		}
		d := searchDoc{
			item:   it,
			fields: []searchField{{it.Title, weightTitle}, {it.text, weightText}, {strings.Join(it.Tags, " "), weightText}},
		}
		for _, t := range it.Themes {
			d.fields = append(d.fields, searchField{t.Title, weightThemeTitle})
		}
		docs = append(docs, d)
	}
	return docs
}

// search returns the index, made once.
func (b *builder) search() *searchIndex {
	b.searchOnce.Do(func() { b.searchIdx = buildSearch(b.searchDocs()) })
	return b.searchIdx
}

// termTF is a term of a document and its weighted count; t is its index
// in the index's terms when an earlier chunk had it (-1 when not), so that
// merging it needs no map look-up.
type termTF struct {
	term string
	t    int32
	tf   float32
}

// termCounter counts the terms of documents, one after the other, in
// memory reused across them: the maps and lists made afresh for each
// document were a quarter of the bytes a 100,000-item build allocated,
// and collecting them a good part of its GC time.
type termCounter struct {
	// A term's place in arena plus one, for the document counted: by
	// its index for a term an earlier chunk had (most of them), else by
	// the term. The slice in place of a map for known terms took counting
	// at 100,000 items from 0.54-0.56 s of CPU to 0.35-0.47 s.
	slot  []int32
	at    map[string]int
	arena []termTF // the lists of the documents counted since reset
	buf   []byte
}

// count returns the terms of a document's fields, a slice of the arena
// (which stays valid when the arena grows: it keeps the old array), and
// the document's weighted length. byTerm and terms are the index's terms
// so far, only read; byTerm maps the stop words to -1 (see
// newSearchTerms).
func (c *termCounter) count(fields []searchField, byTerm map[string]int, terms []string) ([]termTF, float32) {
	if c.at == nil {
		c.at = map[string]int{}
	}
	if len(c.slot) < len(terms) {
		c.slot = slices.Grow(c.slot[:0], len(terms))[:len(terms)]
	}
	start := len(c.arena)
	var length float32
	for _, f := range fields {
		weight := float32(f.weight)
		c.buf = eachSearchWord(f.text, c.buf, func(w []byte) {
			t, known := byTerm[string(w)]
			if known && t < 0 {
				return // a stop word
			}
			length += weight
			if known {
				if j := c.slot[t]; j > 0 {
					c.arena[j-1].tf += weight
					return
				}
				c.slot[t] = int32(len(c.arena) + 1)
				c.arena = append(c.arena, termTF{term: terms[t], t: int32(t), tf: weight})
				return
			}
			if j, ok := c.at[string(w)]; ok {
				c.arena[j].tf += weight
				return
			}
			// A new string only for a term no earlier chunk had.
			term := string(w)
			c.at[term] = len(c.arena)
			c.arena = append(c.arena, termTF{term: term, t: -1, tf: weight})
		})
	}
	for _, tt := range c.arena[start:] {
		if tt.t >= 0 {
			c.slot[tt.t] = 0
		}
	}
	clear(c.at)
	// The list's order does not matter: a document has a term once,
	// postings are appended in document order and the terms are sorted.
	return c.arena[start:len(c.arena):len(c.arena)], length
}

// newSearchTerms returns the map from a term to its index that
// buildSearch fills, holding the stop words already, at -1: one look-up
// then tells a stop word, a known term and a new one apart.
func newSearchTerms() map[string]int {
	byTerm := make(map[string]int, len(searchStop))
	for _, w := range searchStop {
		byTerm[w] = -1
	}
	return byTerm
}

// buildSearch indexes docs.
func buildSearch(docs []searchDoc) *searchIndex {
	x := &searchIndex{docs: docs, dl: make([]float32, len(docs))}
	// Each document's terms and weighted counts, on every core, a chunk
	// of documents at a time, merged in document order: only a chunk's
	// lists are held at once. A chunk is split in parts, a few per core,
	// each with a counter whose arena the next chunk reuses once this one
	// is merged.
	const chunk = 2048
	perDoc := make([][]termTF, min(chunk, len(docs)))
	byTerm := newSearchTerms()
	counters := make([]termCounter, 4*runtime.GOMAXPROCS(0))
	for lo := 0; lo < len(docs); lo += chunk {
		hi := min(len(docs), lo+chunk)
		per := (hi - lo + len(counters) - 1) / len(counters)
		// byTerm and x.terms are only read here, written between chunks.
		parallel.For(len(counters), func(part int) {
			c := &counters[part]
			c.arena = c.arena[:0]
			for i := lo + part*per; i < min(hi, lo+(part+1)*per); i++ {
				perDoc[i-lo], x.dl[i] = c.count(docs[i].fields, byTerm, x.terms)
				docs[i].fields = nil
			}
		})
		for k, list := range perDoc[:hi-lo] {
			for _, tt := range list {
				t := int(tt.t)
				if t < 0 {
					var ok bool
					if t, ok = byTerm[tt.term]; !ok {
						t = len(x.terms)
						byTerm[tt.term] = t
						x.terms = append(x.terms, tt.term)
						x.postings = append(x.postings, nil)
					}
				}
				x.postings[t] = append(x.postings[t], posting{int32(lo + k), tt.tf})
			}
			perDoc[k] = nil
		}
	}
	// Sort the terms, their postings along.
	order := make([]int, len(x.terms))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return cmpUTF16(x.terms[i], x.terms[j]) })
	terms, postings := make([]string, len(order)), make([][]posting, len(order))
	for k, i := range order {
		terms[k], postings[k] = x.terms[i], x.postings[i]
	}
	x.terms, x.postings = terms, postings

	var total float64
	for _, l := range x.dl {
		total += float64(l)
	}
	x.avgdl = max(1, total/float64(max(1, len(docs))))
	x.norm = make([]float64, len(docs))
	for i, l := range x.dl {
		x.norm[i] = bm25K1 * (1 - bm25B + bm25B*float64(l)/x.avgdl)
	}
	x.df = make([]int, len(x.terms))
	x.idf = make([]float64, len(x.terms))
	n := float64(len(docs))
	for k, p := range x.postings {
		x.df[k] = len(p)
		df := float64(len(p))
		x.idf[k] = math.Log(1 + (n-df+0.5)/(df+0.5))
	}

	// Typo keys: each term of searchFuzzyMin letters or more, and it less
	// each of its letters.
	keyTerms := map[string][]string{}
	for _, t := range x.terms {
		rs := []rune(t)
		if len(rs) < searchFuzzyMin {
			continue
		}
		keyTerms[t] = append(keyTerms[t], t)
		for i := range rs {
			k := string(rs[:i]) + string(rs[i+1:])
			if l := keyTerms[k]; len(l) == 0 || l[len(l)-1] != t {
				keyTerms[k] = append(l, t)
			}
		}
	}
	x.keys = make([]string, 0, len(keyTerms))
	for k := range keyTerms {
		x.keys = append(x.keys, k)
	}
	slices.SortFunc(x.keys, cmpUTF16)
	x.keyTerms = make([][]string, len(x.keys))
	for i, k := range x.keys {
		x.keyTerms[i] = keyTerms[k]
	}
	return x
}

// score is the BM25 score of term k in a posting, times ten, at least 1.
func (x *searchIndex) score(k int, p posting) int {
	tf := float64(p.tf)
	s := x.idf[k] * tf * (bm25K1 + 1) / (tf + x.norm[p.doc])
	if x.docs[p.doc].theme != nil {
		s *= weightThemeDoc
	}
	return max(1, int(math.Round(s*10)))
}

// termScratch is what termEntry works in, reused across the terms of a
// file.
type termScratch struct {
	scores, order []int32
	kept          []bool
}

// termEntry writes one term of a terms file: "term":[gap,score,...].
func (x *searchIndex) termEntry(out []byte, k int, sc *termScratch) []byte {
	ps := x.postings[k]
	scores := slices.Grow(sc.scores[:0], len(ps))[:len(ps)]
	sc.scores = scores
	for i, p := range ps {
		scores[i] = int32(x.score(k, p))
	}
	var kept []bool // nil: every posting
	if len(ps) > searchMaxPostings {
		// The best-scored (the earlier document on a tie), in document
		// order as they are.
		order := slices.Grow(sc.order[:0], len(ps))[:len(ps)]
		sc.order = order
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(a, c int32) int { return cmp.Or(cmp.Compare(scores[c], scores[a]), cmp.Compare(a, c)) })
		kept = slices.Grow(sc.kept[:0], len(ps))[:len(ps)]
		sc.kept = kept
		clear(kept)
		for _, i := range order[:searchMaxPostings] {
			kept[i] = true
		}
	}
	out = appendJSONString(out, x.terms[k])
	out = append(out, ':', '[')
	last := int32(0)
	first := true
	for i, p := range ps {
		if kept != nil && !kept[i] {
			continue
		}
		if !first {
			out = append(out, ',')
		}
		first = false
		out = strconv.AppendInt(out, int64(p.doc-last), 10)
		out = append(out, ',')
		out = strconv.AppendInt(out, int64(scores[i]), 10)
		last = p.doc
	}
	return append(out, ']')
}

// keyEntry writes one key of a typo file: "key":["term",...].
func (x *searchIndex) keyEntry(out []byte, i int) []byte {
	out = appendJSONString(out, x.keys[i])
	out = append(out, ':', '[')
	for j, t := range x.keyTerms[i] {
		if j > 0 {
			out = append(out, ',')
		}
		out = appendJSONString(out, t)
	}
	return append(out, ']')
}

// termSize estimates the bytes of a term's entry.
func (x *searchIndex) termSize(k int) int {
	return len(x.terms[k]) + 6 + 6*min(len(x.postings[k]), searchMaxPostings)
}

// keySize estimates the bytes of a typo key's entry.
func (x *searchIndex) keySize(i int) int {
	n := len(x.keys[i]) + 6
	for _, t := range x.keyTerms[i] {
		n += len(t) + 3
	}
	return n
}

// cuts splits n entries into parts files of about the same size: the
// index of each file's first entry (n for an empty file at the end). A
// file can hold nothing when one entry is larger than its share.
func cuts(n, parts int, size func(int) int) []int {
	total := 0
	for i := range n {
		total += size(i)
	}
	out := make([]int, 0, parts)
	acc := 0
	for i := range n {
		for len(out) < parts && acc >= total*len(out)/parts {
			out = append(out, i)
		}
		acc += size(i)
	}
	for len(out) < parts {
		out = append(out, n)
	}
	return out
}

// searchCounts says how many terms and typo files the index takes, from
// the size of its text, before it is made (the jobs are listed before any
// page is rendered, and heed serve makes the lists of the site only once
// the open pages were shown): about searchShard bytes each.
func (b *builder) searchCounts() (terms, typos int) {
	text := 0
	for _, t := range b.themes {
		text += len(t.Title) + len(t.Summary) + len(t.text) + len(t.keywords)
	}
	for _, it := range b.pub {
		text += len(it.Title) + len(it.Text) + 16*len(it.Themes)
		for _, tag := range it.Tags {
			text += len(tag) + 1
		}
	}
	// About one distinct word in ten bytes of text, each a posting of
	// six bytes; a vocabulary of about 10 x sqrt(words) terms (Heaps'
	// law), each under ten keys of about twenty bytes.
	postings := text * 6 / 10
	vocab := 10 * math.Sqrt(float64(text)/6)
	return max(1, postings/searchShard), max(1, int(vocab*200)/searchShard)
}

// searchFiles lists the index's files: meta.json, whose job makes the
// index, with file, and the shards, which wait for it, with late. A build
// lists the late files after every page, so that the index is made on one
// core while the others write pages, not while they wait for it.
func (b *builder) searchFiles(file, late func(path string, f func() ([]byte, error))) {
	nTerms, nTypos := b.searchCounts()
	index := func() *searchIndex {
		x := b.search()
		x.cutOnce.Do(func() {
			x.termCuts = cuts(len(x.terms), nTerms, x.termSize)
			x.keyCuts = cuts(len(x.keys), nTypos, x.keySize)
		})
		return x
	}
	file("search/meta.json", func() ([]byte, error) { return index().meta(), nil })
	// shard writes file n of a split: an object of the entries from
	// cuts[n] to the next cut, one a line.
	shard := func(n int, cuts []int, total int, entry func(out []byte, i int) []byte) []byte {
		lo, hi := bounds(cuts, n, total)
		out := make([]byte, 0, searchShard+1024)
		out = append(out, '{')
		for i := lo; i < hi; i++ {
			if i > lo {
				out = append(out, ",\n"...)
			}
			out = entry(out, i)
		}
		return append(out, "}\n"...)
	}
	for n := range nTerms {
		late("search/t/"+strconv.Itoa(n)+".json", func() ([]byte, error) {
			x := index()
			var sc termScratch
			return shard(n, x.termCuts, len(x.terms), func(out []byte, k int) []byte { return x.termEntry(out, k, &sc) }), nil
		})
	}
	for n := range nTypos {
		late("search/f/"+strconv.Itoa(n)+".json", func() ([]byte, error) {
			x := index()
			return shard(n, x.keyCuts, len(x.keys), x.keyEntry), nil
		})
	}
	docs := len(b.themes)
	for _, it := range b.pub {
		if !it.ScoreOnly {
			docs++
		}
	}
	for n := 0; n*searchPerDocs < docs; n++ {
		late("search/d/"+strconv.Itoa(n)+".json", func() ([]byte, error) {
			x := index()
			return x.docsFile(x.docs[n*searchPerDocs : min(len(x.docs), (n+1)*searchPerDocs)]), nil
		})
	}
}

// bounds returns the entries of file n.
func bounds(cuts []int, n, total int) (lo, hi int) {
	lo, hi = cuts[n], total
	if n+1 < len(cuts) {
		hi = cuts[n+1]
	}
	return lo, hi
}

func (x *searchIndex) meta() []byte {
	out := []byte(`{"docs":`)
	out = strconv.AppendInt(out, int64(len(x.docs)), 10)
	out = append(out, `,"per":`...)
	out = strconv.AppendInt(out, searchPerDocs, 10)
	list := func(name string, cuts []int, of []string) {
		out = append(out, `,"`...)
		out = append(out, name...)
		out = append(out, `":[`...)
		for i, c := range cuts {
			if i > 0 {
				out = append(out, ',')
			}
			if c < len(of) {
				out = appendJSONString(out, of[c])
			} else {
				out = append(out, `"\uffff"`...) // an empty file at the end: after every word
			}
		}
		out = append(out, ']')
	}
	list("terms", x.termCuts, x.terms)
	list("fuzzy", x.keyCuts, x.keys)
	stop := make([]int, len(searchStop))
	for i := range stop {
		stop[i] = i
	}
	list("stop", stop, searchStop)
	return append(out, "}\n"...)
}

func (x *searchIndex) docsFile(docs []searchDoc) []byte {
	out := make([]byte, 0, 400*len(docs))
	out = append(out, `{"docs":[`...)
	for i, d := range docs {
		if i > 0 {
			out = append(out, ",\n"...)
		}
		kind, title, url, meta, summary := d.result()
		out = append(out, `{"k":`...)
		out = appendJSONString(out, kind)
		for _, f := range []struct{ name, value string }{{"t", title}, {"u", url}, {"m", meta}, {"s", summary}} {
			if f.value == "" && f.name != "t" && f.name != "u" {
				continue
			}
			out = append(out, `,"`...)
			out = append(out, f.name...)
			out = append(out, `":`...)
			out = appendJSONString(out, f.value)
		}
		out = append(out, '}')
	}
	return append(out, "]}\n"...)
}
