package sentiment

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// phraseTable rewrites the phrases of a rule set into their synthetic words,
// so that VADER, which rates one word at a time, can rate them. It is
// immutable once built.
type phraseTable struct {
	byFirst map[string][]compiledRule // rules by the words their first slot accepts
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
// matched.
type token struct {
	raw         string
	lead, trail string // punctuation before and after the word
	word        string // the word without that punctuation
	key         string // word in lower case
}

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

// maxStackTokens is how many tokens rewrite keeps on the stack; longer texts
// allocate.
const maxStackTokens = 64

// match is a phrase found by rewrite: toks[at:end] become word.
type match struct {
	at, end int
	word    string
}

// rewrite returns text with its words separated by single spaces and each
// matched phrase replaced by its synthetic word, keeping the punctuation
// around the phrase and its capitals.
func (t *phraseTable) rewrite(text string) string {
	text = replaceApostrophes(text)
	var tokStack [maxStackTokens]token
	var rulesStack [maxStackTokens][]compiledRule
	toks, rules := tokStack[:0], rulesStack[:0] // rules[i]: those that may start at toks[i]
	starts := false                             // some word can start a phrase
	for raw := range strings.FieldsSeq(text) {
		tk := newToken(raw)
		rs := t.byFirst[tk.key]
		starts = starts || rs != nil
		toks, rules = append(toks, tk), append(rules, rs)
	}
	var matchStack [8]match
	matches := matchStack[:0]
	if starts {
		for i := 0; i < len(toks); {
			end, word := longest(rules[i], toks, i)
			if end < 0 {
				i++
				continue
			}
			matches = append(matches, match{at: i, end: end, word: word})
			i = end
		}
	}
	if len(matches) == 0 {
		return joinFields(text)
	}

	var b strings.Builder
	b.Grow(len(text))
	i := 0
	for _, m := range matches {
		for ; i < m.at; i++ {
			b.WriteString(toks[i].raw)
			b.WriteByte(' ')
		}
		word := m.word
		if allUpper(toks[m.at:m.end]) {
			word = strings.ToUpper(word)
		}
		b.WriteString(toks[m.at].lead)
		b.WriteString(word)
		b.WriteString(toks[m.end-1].trail)
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
	for _, tk := range toks {
		if tk.word == tk.key || tk.word != strings.ToUpper(tk.word) {
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

func newToken(raw string) token {
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
	word := raw[i:j]
	return token{raw: raw, lead: raw[:i], trail: raw[j:], word: word, key: strings.ToLower(word)}
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
	joinable := j < len(toks) && (j == start || (toks[j].lead == "" && toks[j-1].trail == ""))
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
		if strings.ContainsAny(toks[k-1].trail, ".!?;:") {
			return false
		}
		if r.unless[toks[k].key] {
			return true
		}
	}
	return false
}
