package sentiment

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/internal/space"
)

// phraseTable rewrites the phrases of a rule set into their synthetic words,
// so that VADER, which rates one word at a time, can rate them. It is
// immutable once built.
type phraseTable struct {
	byFirst map[string][]compiledRule // rules by the words their first slot accepts
	// firstLens has bit min(len(w), 63) of firstLens[w[0]] set for each word w
	// of byFirst: most words of a text are ruled out by it without a look-up.
	firstLens [256]uint64
}

type compiledRule struct {
	slots  []slot
	word   string
	unless map[string]bool
}

type slot struct {
	alts     map[string]bool
	optional bool
}

// token is one whitespace-separated word of the text, as written and as
// matched. It keeps offsets rather than strings for the parts of raw: texts
// of hundreds of words keep one token per word on the stack.
type token struct {
	raw            string
	key            string // the word without its punctuation, in lower case
	wordAt, wordTo int32  // raw[wordAt:wordTo] is the word
	starts         bool   // some rule starts with key
	// While rewrite gathers tokens, a key that differs from the word is
	// still to be cut from the call's buffer of lower-cased keys there:
	// one string per text rather than one per capitalised word.
	keyAt, keyTo int32
	keyLater     bool
}

func (tk *token) lead() string  { return tk.raw[:tk.wordAt] } // punctuation before the word
func (tk *token) word() string  { return tk.raw[tk.wordAt:tk.wordTo] }
func (tk *token) trail() string { return tk.raw[tk.wordTo:] } // punctuation after the word

// compilePhrases builds the table of rules. A malformed rule is a programming
// error in this package and panics.
func compilePhrases(rules []phraseRule) *phraseTable {
	t := &phraseTable{byFirst: make(map[string][]compiledRule)}
	for _, r := range rules {
		cr := compiledRule{word: r.word, unless: alternatives(r.unless)}
		for _, s := range strings.Fields(r.pattern) {
			optional := strings.HasSuffix(s, "?")
			cr.slots = append(cr.slots, slot{alts: alternatives(strings.TrimSuffix(s, "?")), optional: optional})
		}
		if len(cr.slots) < 2 || cr.slots[0].optional {
			panic(fmt.Sprintf("sentiment: phrase rule %q needs two or more slots and a required first slot", r.pattern))
		}
		for w := range cr.slots[0].alts {
			t.byFirst[w] = append(t.byFirst[w], cr)
			if w != "" {
				t.firstLens[w[0]] |= 1 << min(len(w), 63)
			}
		}
	}
	return t
}

// alternatives splits "a|b|c" into a set; the empty string gives nil.
func alternatives(s string) map[string]bool {
	if s == "" {
		return nil
	}
	set := make(map[string]bool)
	for _, w := range strings.Split(s, "|") {
		set[w] = true
	}
	return set
}

// apostrophes maps typographic apostrophes to the ASCII one that VADER's
// negation list and the rules are written with.
var apostrophes = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u02bc", "'")

// replaceApostrophes is apostrophes.Replace without its copy of text when
// there is nothing to replace, as in most text.
func replaceApostrophes(text string) string {
	if strings.Contains(text, "\u2019") || strings.Contains(text, "\u2018") || strings.Contains(text, "\u02bc") {
		return apostrophes.Replace(text)
	}
	return text
}

// maxStackTokens is how many tokens rewrite keeps on the stack, enough for
// most feedback; longer texts allocate.
const maxStackTokens = 256

// match is a phrase found by rewrite: toks[at:end] become word.
type match struct {
	at, end int
	word    string
}

// maxStackKeys is how many bytes of lower-cased keys scan's callers keep
// on the stack.
const maxStackKeys = 1024

// scan appends the tokens of the texts, in order, to toks and the phrases
// they hold to matches, as if the texts were one joined by spaces; keys is
// scratch for lower-cased keys. Apostrophes must be replaced already.
func (t *phraseTable) scan(texts [2]string, toks []token, keys []byte, matches []match) ([]token, []match) {
	for _, text := range texts {
		for i := 0; i < len(text); {
			// The fields of text, as strings.FieldsSeq gives them.
			start := space.Skip(text, i)
			if start == len(text) {
				break
			}
			end := space.Next(text, start)
			raw := text[start:end]
			i = end
			at, to := trimPunct(raw)
			tk := token{raw: raw, wordAt: int32(at), wordTo: int32(to)}
			if key, ok := lowerIfSame(raw[at:to]); ok {
				tk.key = key
			} else {
				tk.keyLater, tk.keyAt = true, int32(len(keys))
				keys = appendLower(keys, raw[at:to])
				tk.keyTo = int32(len(keys))
			}
			toks = append(toks, tk)
		}
	}
	if len(keys) > 0 {
		all := string(keys)
		for i := range toks {
			if tk := &toks[i]; tk.keyLater {
				tk.key = all[tk.keyAt:tk.keyTo]
			}
		}
	}
	starts := false // some word can start a phrase
	for i := range toks {
		tk := &toks[i]
		tk.starts = t.mayStart(tk.key) && t.byFirst[tk.key] != nil
		starts = starts || tk.starts
	}
	if !starts {
		return toks, matches
	}
	for i := 0; i < len(toks); {
		end, word := -1, ""
		if toks[i].starts {
			end, word = longest(t.byFirst[toks[i].key], toks, i)
		}
		if end < 0 {
			i++
			continue
		}
		matches = append(matches, match{at: i, end: end, word: word})
		i = end
	}
	return toks, matches
}

// phraseWord is what a match becomes: its synthetic word, in capitals when
// the phrase was, with the punctuation around the phrase.
func phraseWord(toks []token, m match) string {
	word := m.word
	if allUpper(toks[m.at:m.end]) {
		word = strings.ToUpper(word)
	}
	return toks[m.at].lead() + word + toks[m.end-1].trail()
}

// rewrite returns text with its words separated by single spaces and each
// matched phrase replaced by its synthetic word, keeping the punctuation
// around the phrase and its capitals.
func (t *phraseTable) rewrite(text string) string {
	text = replaceApostrophes(text)
	var stack [maxStackTokens]token
	var keyStack [maxStackKeys]byte
	var matchStack [8]match
	toks, matches := t.scan([2]string{text}, stack[:0], keyStack[:0], matchStack[:0])
	size := 0 // of the words
	for i := range toks {
		size += len(toks[i].raw)
	}
	if len(toks) == 0 {
		return ""
	}
	// With one byte between words, and that byte a space, text is already
	// what the loop below would build.
	if len(matches) == 0 && size+len(toks)-1 == len(text) && strings.Count(text, " ") == len(toks)-1 {
		return text
	}

	var b strings.Builder
	b.Grow(size + len(toks))
	i := 0
	for _, m := range matches {
		for ; i < m.at; i++ {
			b.WriteString(toks[i].raw)
			b.WriteByte(' ')
		}
		b.WriteString(phraseWord(toks, m))
		b.WriteByte(' ')
		i = m.end
	}
	for ; i < len(toks); i++ {
		b.WriteString(toks[i].raw)
		b.WriteByte(' ')
	}
	return strings.TrimSuffix(b.String(), " ")
}

// allUpper reports whether every token is written in capitals, which VADER
// reads as emphasis.
func allUpper(toks []token) bool {
	for i := range toks {
		if word := toks[i].word(); word == toks[i].key || word != strings.ToUpper(word) {
			return false
		}
	}
	return true
}

// joinFields returns strings.Join(strings.Fields(text), " "), without
// copying text when it is that already.
func joinFields(text string) string {
	prevSpace := true // at the start, a space would be one too many
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if unicode.IsSpace(r) {
			if r != ' ' || prevSpace {
				return strings.Join(strings.Fields(text), " ")
			}
			prevSpace = true
		} else {
			prevSpace = false
		}
		i += size
	}
	if prevSpace && text != "" { // a trailing space
		return strings.Join(strings.Fields(text), " ")
	}
	return text
}

// mayStart reports whether key may be in byFirst: false only when it is not.
func (t *phraseTable) mayStart(key string) bool {
	return key == "" || t.firstLens[key[0]]&(1<<min(len(key), 63)) != 0
}

// trimPunct returns the bounds of raw's word: raw less the punctuation and
// symbols at either end.
func trimPunct(raw string) (int, int) {
	i, j := 0, len(raw)
	for i < j {
		if b := raw[i]; b < utf8.RuneSelf {
			if !asciiPunct[b] {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(raw[i:j])
		if !isPunct(r) {
			break
		}
		i += size
	}
	for j > i {
		if b := raw[j-1]; b < utf8.RuneSelf {
			if !asciiPunct[b] {
				break
			}
			j--
			continue
		}
		r, size := utf8.DecodeLastRuneInString(raw[i:j])
		if !isPunct(r) {
			break
		}
		j -= size
	}
	return i, j
}

// isPunct reports whether a token trims r from its word.
func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// asciiPunct is isPunct for ASCII, looked up rather than computed: every
// word of most text passes through it.
var asciiPunct = func() (t [utf8.RuneSelf]bool) {
	for b := range t {
		t[b] = isPunct(rune(b))
	}
	return t
}()

// longest returns the end (exclusive) of the longest phrase of rules
// starting at toks[i] and its synthetic word, or -1 when none matches there.
func longest(rules []compiledRule, toks []token, i int) (int, string) {
	best, word := -1, ""
	for _, r := range rules {
		end := r.match(toks, i, i, 0)
		if end > best && !r.cancelled(toks, end) {
			best, word = end, r.word
		}
	}
	return best, word
}

// match returns the furthest end of a match of r.slots[s:] at toks[j:], for a
// phrase that starts at toks[start], or -1. A phrase does not run across
// punctuation: "can't, export" is two thoughts.
func (r *compiledRule) match(toks []token, start, j, s int) int {
	if s == len(r.slots) {
		return j
	}
	best := -1
	joinable := j < len(toks) && (j == start || (toks[j].wordAt == 0 && int(toks[j-1].wordTo) == len(toks[j-1].raw)))
	if joinable && r.slots[s].alts[toks[j].key] {
		best = r.match(toks, start, j+1, s+1)
	}
	if r.slots[s].optional {
		best = max(best, r.match(toks, start, j, s+1))
	}
	return best
}

// cancelled reports whether one of the rule's unless words follows a match
// ending at end, within guardWindow words and the same sentence.
func (r *compiledRule) cancelled(toks []token, end int) bool {
	if end < 0 || r.unless == nil {
		return false
	}
	for k := end; k < len(toks) && k < end+guardWindow; k++ {
		if strings.ContainsAny(toks[k-1].trail(), ".!?;:") {
			return false
		}
		if r.unless[toks[k].key] {
			return true
		}
	}
	return false
}
