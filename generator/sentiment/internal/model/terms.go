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

// negators are the words that open a negation's scope, besides any word
// ending in "n't" (and its forms without an apostrophe, as people type).
var negators = map[string]bool{
	"not": true, "no": true, "never": true, "cannot": true, "nothing": true, "nobody": true,
	"none": true, "nowhere": true, "neither": true, "nor": true, "without": true,
	"dont": true, "cant": true, "wont": true, "didnt": true, "doesnt": true, "isnt": true,
	"wasnt": true, "arent": true, "werent": true, "couldnt": true, "wouldnt": true,
	"shouldnt": true, "havent": true, "hasnt": true, "hadnt": true, "aint": true,
}

func isNegator(w []byte) bool {
	n := len(w)
	if n >= 3 && w[n-3] == 'n' && w[n-2] == '\'' && w[n-1] == 't' {
		return true
	}
	return negators[string(w)] // no allocation: the compiler looks up []byte keys in place
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

// walker cuts texts into terms.
type walker struct {
	word, prev []byte // the current and previous word of the clause, lower case
	pair       []byte // prev, a space, word
	hasPrev    bool
	scope      int // words of the clause still negated
	st         Stats
}

// Walk calls emit with each term of texts, read as one text: each word in
// lower case (letters and digits; a run of digits is "0"; prefixed with
// NegPrefix in a negation's scope), and each pair of neighbouring words of
// a clause. emit must not keep term, which is reused.
func Walk(texts [2]string, emit func(term []byte)) Stats {
	var wordBuf, prevBuf [maxTermBytes + len(NegPrefix)]byte
	var pairBuf [2*(maxTermBytes+len(NegPrefix)) + 1]byte
	w := walker{word: wordBuf[:0], prev: prevBuf[:0], pair: pairBuf[:0]}
	for _, text := range texts {
		w.text(text, emit)
		w.endClause()
	}
	return w.st
}

// Scan calls visit with the hash of each term Walk finds.
func Scan(texts [2]string, visit func(h uint64)) Stats {
	return Walk(texts, func(term []byte) { visit(hashBytes(term)) })
}

// Terms returns the terms of texts as strings, for training.
func Terms(texts [2]string) ([]string, Stats) {
	var terms []string
	st := Walk(texts, func(term []byte) { terms = append(terms, string(term)) })
	return terms, st
}

func (w *walker) text(s string, emit func([]byte)) {
	inWord, digits := false, true
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z' ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if !inWord {
				inWord, digits = true, true
				w.word = w.word[:0]
			}
			digits = digits && '0' <= r && r <= '9'
			if len(w.word)+utf8.RuneLen(unicode.ToLower(r)) <= maxTermBytes {
				w.word = utf8.AppendRune(w.word, unicode.ToLower(r))
			}
		case isApostrophe(r) && inWord && i < len(s) && isLetterAt(s, i):
			// Inside a word ("don't", "it’s"): part of it.
			if len(w.word)+1 <= maxTermBytes {
				w.word = append(w.word, '\'')
			}
		default:
			if inWord {
				w.endWord(digits, emit)
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
		w.endWord(digits, emit)
	}
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// endWord emits the word just read and the pair it ends.
func (w *walker) endWord(digits bool, emit func([]byte)) {
	if digits {
		w.word = append(w.word[:0], '0')
	}
	w.st.Words++
	negator := isNegator(w.word)
	if negator {
		w.st.Negations++
	}
	if string(w.word) == "but" {
		w.scope = 0 // "not fast, but reliable"
	}
	if w.scope > 0 && !negator {
		w.word = append(w.word, NegPrefix...)
		copy(w.word[len(NegPrefix):], w.word[:len(w.word)-len(NegPrefix)])
		copy(w.word, NegPrefix)
		w.scope--
	}
	if negator {
		w.scope = negScope
	}
	emit(w.word)
	if w.hasPrev {
		w.pair = append(append(append(w.pair[:0], w.prev...), ' '), w.word...)
		emit(w.pair)
	}
	w.prev = append(w.prev[:0], w.word...)
	w.hasPrev = true
}

func (w *walker) endClause() {
	w.hasPrev = false
	w.scope = 0
}

// FNV-1a, 64 bits: terms are looked up by hash, without a string each.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
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
