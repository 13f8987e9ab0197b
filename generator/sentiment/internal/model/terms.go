package model

import (
	"unicode"
	"unicode/utf8"
)

// NegPrefix marks a word in the scope of a negation: in "not fast at all"
// the terms are "not", "¬fast", "¬at", "¬all".
const NegPrefix = "¬"

// A negation's scope is the rest of its clause, at most this many words:
// "doesn't load, but the rest is fine" negates "load" only.
const negScope = 4

// maxTermBytes bounds a word's bytes; longer words (addresses, hashes) are
// cut there, alike in training and scoring.
const maxTermBytes = 32

// Stats counts what the dense features need of a text's shape.
type Stats struct {
	Words        int // words, as the terms count them
	Exclamations int // '!'
	Questions    int // '?'
	Negations    int // negating words
}

// isNegator reports whether w opens a negation's scope: a word ending in
// "n't", and the words below (with the forms people type without an
// apostrophe).
func isNegator(w []byte) bool {
	n := len(w)
	if n >= 3 && w[n-3] == 'n' && w[n-2] == '\'' && w[n-1] == 't' {
		return true
	}
	switch string(w) {
	case "not", "no", "never", "cannot", "nothing", "nobody", "none", "nowhere", "neither", "nor", "without",
		"dont", "cant", "wont", "didnt", "doesnt", "isnt", "wasnt", "arent", "werent", "couldnt", "wouldnt",
		"shouldnt", "havent", "hasnt", "hadnt", "aint":
		return true
	}
	return false
}

// clauseEnd reports whether r ends a clause: a negation's scope and a word
// pair do not reach past it.
func clauseEnd(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', '(', ')', '\n', '…':
		return true
	}
	return false
}

// isApostrophe reports the marks people type as an apostrophe.
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`'
}

// walker cuts texts into terms. It hands each term to terms (training)
// or, as a hash, to sum (scoring): one path, so that both read the same.
//
// Its buffers are arrays, not slices, so that a scoring walker and its
// words stay on the stack.
type walker struct {
	word     [maxWordBytes]byte // the current word, lower case, NegPrefix when negated
	n        int                // the length of word
	prevHash uint64             // the hash of the previous word of the clause
	hasPrev  bool
	scope    int // words of the clause still negated
	st       Stats

	training bool
	terms    []string           // when training: the terms as strings
	prev     [maxWordBytes]byte // when training: the previous word
	prevN    int

	m   *Model           // when scoring
	sum [Classes]float64 // when scoring: the weights of the terms m knows
}

const maxWordBytes = maxTermBytes + len(NegPrefix)

// Terms returns the terms of texts, read as one text: each word in lower
// case (letters and digits; a run of digits is "0"; prefixed with
// NegPrefix in a negation's scope), and each pair of neighbouring words of
// a clause, joined by a space; and the counts of the text's shape.
func Terms(texts [2]string) ([]string, Stats) {
	w := walker{training: true}
	w.walk(texts)
	return w.terms, w.st
}

// sumTerms adds the weights m has for the terms of texts, each once per
// occurrence, and returns the counts of the text's shape.
func (m *Model) sumTerms(texts [2]string) ([Classes]float64, Stats) {
	w := walker{m: m}
	w.walk(texts)
	return w.sum, w.st
}

func (w *walker) walk(texts [2]string) {
	for _, text := range texts {
		w.text(text)
		w.endClause()
	}
}

func (w *walker) text(s string) {
	inWord, digits := false, true
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z':
			if !inWord {
				inWord, digits = true, true
				w.n = 0
			}
			if r > '9' {
				digits = false
			}
			if w.n < maxTermBytes {
				w.word[w.n] = byte(r) | 0x20*byte(b2i('A' <= r && r <= 'Z'))
				w.n++
			}
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if !inWord {
				inWord, digits = true, true
				w.n = 0
			}
			digits = false
			if l := unicode.ToLower(r); w.n+utf8.RuneLen(l) <= maxTermBytes {
				w.n += utf8.EncodeRune(w.word[w.n:], l)
			}
		case isApostrophe(r) && inWord && i < len(s) && isLetterAt(s, i):
			// Inside a word ("don't", "it’s"): part of it.
			if w.n < maxTermBytes {
				w.word[w.n] = '\''
				w.n++
			}
		default:
			if inWord {
				w.endWord(digits)
				inWord = false
			}
			switch r {
			case '!':
				w.st.Exclamations++
			case '?':
				w.st.Questions++
			}
			if clauseEnd(r) {
				w.endClause()
			}
		}
	}
	if inWord {
		w.endWord(digits)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isLetterAt(s string, i int) bool {
	if c := s[i]; c < utf8.RuneSelf {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// endWord hands on the word just read and the pair it ends.
func (w *walker) endWord(digits bool) {
	if digits {
		w.word[0], w.n = '0', 1
	}
	w.st.Words++
	negator := isNegator(w.word[:w.n])
	if negator {
		w.st.Negations++
	}
	if string(w.word[:w.n]) == "but" {
		w.scope = 0 // "not fast, but reliable"
	}
	if w.scope > 0 && !negator {
		copy(w.word[len(NegPrefix):], w.word[:w.n])
		copy(w.word[:], NegPrefix)
		w.n += len(NegPrefix)
		w.scope--
	}
	if negator {
		w.scope = negScope
	}
	word := w.word[:w.n]
	h := hashOn(fnvOffset, word)
	if w.training {
		w.terms = append(w.terms, string(word))
		if w.hasPrev {
			w.terms = append(w.terms, string(w.prev[:w.prevN])+" "+string(word))
		}
		w.prevN = copy(w.prev[:], word)
	} else {
		w.add(h)
		if w.hasPrev {
			// The pair "prev word" hashes on from prev's hash: FNV-1a has
			// no last step.
			w.add(hashOn((w.prevHash^' ')*fnvPrime, word))
		}
	}
	w.prevHash, w.hasPrev = h, true
}

func (w *walker) endClause() {
	w.hasPrev = false
	w.scope = 0
}

// add adds the weights of the term of hash h, if the model knows it.
func (w *walker) add(h uint64) {
	if r := w.m.row(h); r >= 0 {
		wt := &w.m.weights[r]
		for c := range Classes {
			w.sum[c] += float64(wt[c])
		}
	}
}

// FNV-1a, 64 bits: terms are looked up by hash, without a string each.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashOn continues the FNV-1a hash h over b.
func hashOn(h uint64, b []byte) uint64 {
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}
