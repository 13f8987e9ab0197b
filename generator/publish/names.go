package publish

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/heedhq/heed/generator/content"
)

// Names finds customers' names and aliases in text: whole words, compared
// after Unicode normalisation (NFC) and full case folding, so that
// "ORBITRA", "Orbitra's" and "orbitra-owned" all name Orbitra, and
// "MÜLLER" names Müller, while "Orbitras" does not. A name of several
// words matches them separated by spaces and a little punctuation on one
// line or across one line break ("Kettle & Co", "Two Rivers\nBakery").
//
// It is made for a customer registry of tens of thousands of customers and
// text of hundreds of megabytes: each word of the text is hashed once as it
// is scanned (ASCII words without a copy), and only a word whose hash a
// Bloom filter of the names' first words accepts is looked up further;
// names of several words are looked up by their first two words, so that
// a thousand names starting with "The" cost no more than one. A Names is
// safe for concurrent use.
type Names struct {
	patterns []pattern
	// byFirst holds, by the hash of a first word, the one-word patterns
	// of that word and whether longer ones start with it; byPair lists
	// the longer patterns by the hash of their first two words.
	byFirst map[uint64]*first
	byPair  map[uint64][]int32
	// bloom holds two bits per first word's hash; mask selects a bit.
	bloom []uint64
	mask  uint64
}

// first is what starts with one first word.
type first struct {
	single []int32 // one-word patterns (one, unless hashes collide)
	longer bool
}

// pattern is one name or alias, folded into words.
type pattern struct {
	words []string
	// customer is the customer it names (the first in id order when
	// several share it); generic is set when such customers differ in
	// segment, so the placeholder says no segment.
	customer *content.Customer
	generic  bool
}

// Match is an occurrence of a customer's name: Text[Start:End].
type Match struct {
	Start, End int
	pattern    int32
}

// NewNames returns a matcher of the names and aliases of customers.
func NewNames(customers []*content.Customer) *Names {
	n := &Names{byFirst: make(map[uint64]*first, len(customers)), byPair: map[uint64][]int32{},
		patterns: make([]pattern, 0, len(customers))}
	var f folder
	for _, c := range customers {
		for i := -1; i < len(c.Aliases); i++ {
			name := c.Name
			if i >= 0 {
				name = c.Aliases[i]
			}
			words := f.words(name)
			if len(words) == 0 {
				continue
			}
			if j := n.index(words); j >= 0 {
				if p := &n.patterns[j]; p.customer != c && p.customer.Segment != c.Segment {
					p.generic = true
				}
				continue
			}
			h, j := hashString(words[0]), int32(len(n.patterns))
			fw := n.byFirst[h]
			if fw == nil {
				fw = &first{}
				n.byFirst[h] = fw
			}
			if len(words) == 1 {
				fw.single = append(fw.single, j)
			} else {
				fw.longer = true
				ph := pairHash(h, hashString(words[1]))
				n.byPair[ph] = append(n.byPair[ph], j)
			}
			n.patterns = append(n.patterns, pattern{words: words, customer: c})
		}
	}
	bits := uint64(1 << 12)
	for bits < 16*uint64(len(n.byFirst)) && bits < 1<<24 {
		bits <<= 1
	}
	n.bloom, n.mask = make([]uint64, bits/64), bits-1
	for h := range n.byFirst {
		for _, b := range [2]uint64{h & n.mask, (h >> 32) & n.mask} {
			n.bloom[b/64] |= 1 << (b % 64)
		}
	}
	return n
}

// pairHash combines the hashes of two words.
func pairHash(a, b uint64) uint64 { return (a*31 ^ b) * fnvPrime }

// index returns the pattern of these words, or -1.
func (n *Names) index(words []string) int32 {
	h := hashString(words[0])
	var list []int32
	if len(words) == 1 {
		if fw := n.byFirst[h]; fw != nil {
			list = fw.single
		}
	} else {
		list = n.byPair[pairHash(h, hashString(words[1]))]
	}
	for _, j := range list {
		if slices.Equal(n.patterns[j].words, words) {
			return j
		}
	}
	return -1
}

// Len is the number of distinct names and aliases.
func (n *Names) Len() int { return len(n.patterns) }

// maybe reports whether a word of hash h may begin a name.
func (n *Names) maybe(h uint64) bool {
	a, b := h&n.mask, (h>>32)&n.mask
	return n.bloom[a/64]&(1<<(a%64)) != 0 && n.bloom[b/64]&(1<<(b%64)) != 0
}

// Find appends to dst the names in s, left to right, the longest where
// two start at the same word, and returns it.
func (n *Names) Find(s string, dst []Match) []Match {
	if n == nil || len(n.patterns) == 0 {
		return dst
	}
	var f folder
	for i := 0; ; {
		w := f.next(s, i)
		if w.start < 0 {
			return dst
		}
		i = w.end
		if !n.maybe(w.hash) {
			continue
		}
		fw := n.byFirst[w.hash]
		if fw == nil {
			continue
		}
		best, bestEnd := int32(-1), 0
		if fw.longer {
			if w2 := f.next(s, w.end); w2.start >= 0 && gapJoins(s[w.end:w2.start]) {
				for _, pi := range n.byPair[pairHash(w.hash, w2.hash)] {
					p := &n.patterns[pi]
					if !f.equal(s, w, p.words[0]) || !f.equal(s, w2, p.words[1]) {
						continue
					}
					if end, ok := f.rest(s, w2.end, p.words[2:]); ok && end > bestEnd {
						best, bestEnd = pi, end
					}
				}
			}
		}
		if best < 0 {
			for _, pi := range fw.single {
				if f.equal(s, w, n.patterns[pi].words[0]) {
					best, bestEnd = pi, w.end
					break
				}
			}
		}
		if best >= 0 {
			dst = append(dst, Match{Start: w.start, End: bestEnd, pattern: best})
			i = bestEnd
		}
	}
}

// Customer is the customer a match names.
func (n *Names) Customer(m Match) *content.Customer { return n.patterns[m.pattern].customer }

// Placeholder is the neutral words that stand for a match in a public
// build: the customer's segment ("an enterprise customer"), or
// "customer" when its segment is unknown or the name is shared by
// customers of different segments.
func (n *Names) Placeholder(m Match) string {
	p := &n.patterns[m.pattern]
	seg := strings.TrimSpace(p.customer.Segment)
	if seg == "" || p.generic {
		return "customer"
	}
	return article(seg) + " " + seg + " customer"
}

// article is "a" or "an" before a word, by its sound: "an enterprise",
// "a mid-market", and for a word without vowels, read letter by letter,
// "an smb".
func article(w string) string {
	lower := strings.ToLower(w)
	first, _ := utf8.DecodeRuneInString(lower)
	if !strings.ContainsAny(lower, "aeiouy") {
		if strings.ContainsRune("aefhilmnorsx", first) {
			return "an"
		}
		return "a"
	}
	if strings.ContainsRune("aeiou", first) {
		return "an"
	}
	return "a"
}

// word is one word of a text: s[start:end], and the hash of its folded
// form; ascii is true when s[start:end] is ASCII (folded, it is its lower
// case).
type word struct {
	start, end int
	hash       uint64
	ascii      bool
}

// folder scans and folds words; its buffers are reused from word to word.
// The zero value is ready to use; it is not safe for concurrent use.
type folder struct {
	caser     *cases.Caser
	norm, out []byte
}

// FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

func hashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// wordByte says which ASCII bytes are word characters.
var wordByte = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return t
}()

// wordRune says whether a rune beyond ASCII is part of a word: letters,
// digits and combining marks.
func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// next returns the first word of s at or after i (start -1 for none).
func (f *folder) next(s string, i int) word {
	// Skip to the word, over character references ("&amp;": HTML).
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if wordByte[c] {
				break
			}
			i++
			if c == '&' {
				i += entity(s[i:])
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if wordRune(r) {
			break
		}
		i += size
	}
	if i >= len(s) {
		return word{start: -1}
	}
	w := word{start: i, ascii: true}
	h := uint64(fnvOffset)
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if !wordByte[c] {
				break
			}
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			h = (h ^ uint64(c)) * fnvPrime
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !wordRune(r) {
			break
		}
		w.ascii = false
		i += size
	}
	w.end = i
	if w.ascii {
		w.hash = h
	} else {
		w.hash = hashBytes(f.fold(s[w.start:w.end]))
	}
	return w
}

// entity returns the length of the character reference s starts with
// after its '&' ("amp;", "#39;", "#x2019;"), or 0.
func entity(s string) int {
	n := 0
	if n < len(s) && s[n] == '#' {
		n++
		if n < len(s) && (s[n] == 'x' || s[n] == 'X') {
			n++
		}
	}
	start := n
	for n < len(s) && n-start < 8 && s[n] < utf8.RuneSelf && wordByte[s[n]] {
		n++
	}
	if n == start || n >= len(s) || s[n] != ';' {
		return 0
	}
	return n + 1
}

// fold returns a word beyond ASCII normalised and case-folded, in f's
// buffer: valid until the next call.
func (f *folder) fold(w string) []byte {
	if f.caser == nil {
		c := cases.Fold()
		f.caser = &c
	}
	f.norm = norm.NFC.AppendString(f.norm[:0], w)
	if len(f.out) < 2*len(f.norm)+8 {
		f.out = make([]byte, 2*len(f.norm)+8)
	}
	for {
		f.caser.Reset()
		n, _, err := f.caser.Transform(f.out, f.norm, true)
		switch {
		case err == nil:
			return f.out[:n]
		case errors.Is(err, transform.ErrShortDst): // folding lengthened it
			f.out = make([]byte, 2*len(f.out))
		default:
			return bytes.ToLower(f.norm)
		}
	}
}

// equal reports whether the word w of s folds to folded.
func (f *folder) equal(s string, w word, folded string) bool {
	text := s[w.start:w.end]
	if !w.ascii {
		return string(f.fold(text)) == folded
	}
	if len(text) != len(folded) {
		return false
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != folded[i] {
			return false
		}
	}
	return true
}

// rest reports whether the words of s after i are words, each after a
// gap that may join the words of one name (see gapJoins), and where the
// last ends.
func (f *folder) rest(s string, i int, words []string) (int, bool) {
	for _, want := range words {
		w := f.next(s, i)
		if w.start < 0 || !gapJoins(s[i:w.start]) || !f.equal(s, w, want) {
			return 0, false
		}
		i = w.end
	}
	return i, true
}

// gapJoins reports whether the characters between two words may join the
// words of one name: white space with at most one line break (a name
// wrapped in Markdown), and at most three other characters ("Kettle &
// Co", "Smith-Jones", "Acme, Inc.").
//
// A character reference counts as one character: in HTML "Kettle &amp;
// Co" is the name "Kettle & Co".
func gapJoins(g string) bool {
	breaks, other := 0, 0
	for i := 0; i < len(g); {
		r, size := utf8.DecodeRuneInString(g[i:])
		switch {
		case r == '\n':
			breaks++
		case unicode.IsSpace(r):
		case r == '&':
			if semi := strings.IndexByte(g[i:min(len(g), i+10)], ';'); semi > 1 {
				size = semi + 1
			}
			other++
		default:
			other++
		}
		i += size
	}
	return breaks <= 1 && other <= 3
}

// words splits a name into its folded words.
func (f *folder) words(name string) []string {
	var out []string
	lower := "" // name in lower case, made once for its ASCII words
	for i := 0; ; {
		w := f.next(name, i)
		if w.start < 0 {
			return out
		}
		i = w.end
		if !w.ascii {
			out = append(out, string(f.fold(name[w.start:w.end])))
			continue
		}
		if lower == "" {
			lower = asciiLower(name)
		}
		out = append(out, lower[w.start:w.end])
	}
}

// asciiLower lower-cases the ASCII letters of s, leaving every other byte
// where it is.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
