package sentiment

import (
	"fmt"
	"strings"
	"unicode"
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
	key         string // the word without that punctuation, in lower case
	upper       bool   // written in capitals, which VADER reads as emphasis
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

// rewrite returns text with its words separated by single spaces and each
// matched phrase replaced by its synthetic word, keeping the punctuation
// around the phrase and its capitals.
func (t *phraseTable) rewrite(text string) string {
	fields := strings.Fields(apostrophes.Replace(text))
	toks := make([]token, len(fields))
	for i, f := range fields {
		toks[i] = newToken(f)
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(toks); {
		if i > 0 {
			b.WriteByte(' ')
		}
		end, word := t.longest(toks, i)
		if end < 0 {
			b.WriteString(toks[i].raw)
			i++
			continue
		}
		upper := true
		for _, tk := range toks[i:end] {
			upper = upper && tk.upper
		}
		if upper {
			word = strings.ToUpper(word)
		}
		b.WriteString(toks[i].lead)
		b.WriteString(word)
		b.WriteString(toks[end-1].trail)
		i = end
	}
	return b.String()
}

func newToken(raw string) token {
	isPunct := func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }
	core := strings.TrimLeftFunc(raw, isPunct)
	lead := raw[:len(raw)-len(core)]
	word := strings.TrimRightFunc(core, isPunct)
	tk := token{raw: raw, lead: lead, trail: core[len(word):], key: strings.ToLower(word)}
	tk.upper = word != tk.key && word == strings.ToUpper(word)
	return tk
}

// longest returns the end (exclusive) of the longest phrase starting at
// toks[i] and its synthetic word, or -1 when no rule matches there.
func (t *phraseTable) longest(toks []token, i int) (int, string) {
	best, word := -1, ""
	for _, r := range t.byFirst[toks[i].key] {
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
