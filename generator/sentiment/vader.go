package sentiment

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/jonreiter/govader"
)

// compounder computes the compound score of govader's PolarityScores,
// bit for bit, from the same lexicon and constants, without its regular
// expressions, per-rune map look-ups and string building. govader spends
// most of a call on those; heed scores every item of a site, so the cost
// adds up. TestCompoundMatchesGovader holds the two to exactly equal results
// on every text of the shared data and on edge cases.
//
// Where govader departs from the reference VADER (it looks some words up in
// the lexicon without lower-casing them, and checks "least" on the words as
// written), this copy departs the same way: the point is govader's numbers.
// It is immutable once built.
type compounder struct {
	// What govader's lexicon, booster words and idioms hold for a word,
	// gathered so that one look-up answers all three.
	words map[string]wordInfo
	emoji map[rune]string // the emoji govader can match: one rune each
	// emojiFrom is the smallest emoji rune: text below it needs no look-up.
	emojiFrom rune
	punct     [utf8.RuneSelf]bool // the ASCII punctuation govader trims from words
	// asciiPunct is whether punct is the ASCII part of what tokens trim
	// (see trimPunct), so that their words can be govader's.
	asciiPunct bool

	// Multi-word entries of govader's special idioms and booster words,
	// split into words, and the words that start one.
	idioms, boosterGrams []ngram
}

type wordInfo struct {
	lex       float64 // the word's valence in the lexicon
	boost     float64 // the word's booster value
	inLex     bool
	isBooster bool
	gramStart bool // some idiom or multi-word booster starts with it
	negate    bool // in govader's list of negations
}

type ngram struct {
	words []string
	value float64
}

// VADER's constants, as govader defines them.
const (
	cIncr          = 0.733
	nScalar        = -0.74
	alpha          = 15
	scalarScale1   = 0.95
	scalarScale2   = 0.9
	epAmplifyScale = 0.292
	qmAmplifyScale = 0.18
	maxEP          = 4
	maxQM          = 0.96
	negationScale  = 1.25
	butScale       = 0.5
	maxStackWords  = 256 // words kept on the stack, enough for most feedback
)

// newCompounder copies what it needs of v, which must not change after.
func newCompounder(v *govader.SentimentIntensityAnalyzer) *compounder {
	c := &compounder{
		words:     make(map[string]wordInfo, len(v.Lexicon)+len(v.Constants.BoosterDict)),
		emoji:     make(map[rune]string),
		emojiFrom: utf8.MaxRune + 1,
	}
	for w, valence := range v.Lexicon {
		info := c.words[w]
		info.lex, info.inLex = valence, true
		c.words[w] = info
	}
	for w, boost := range v.Constants.BoosterDict {
		info := c.words[w]
		info.boost, info.isBooster = boost, true
		c.words[w] = info
	}
	for _, w := range v.Constants.NegateList {
		info := c.words[w]
		info.negate = true
		c.words[w] = info
	}
	for k, desc := range v.EmojiDict {
		// govader looks up one rune at a time, so only single-rune keys
		// can ever match.
		r, size := utf8.DecodeRuneInString(k)
		if size != len(k) || string(r) != k {
			continue
		}
		c.emoji[r] = desc
		c.emojiFrom = min(c.emojiFrom, r)
	}
	cutset := v.Constants.Regex.PunctuationString
	for i := 0; i < len(cutset); i++ {
		if cutset[i] >= utf8.RuneSelf {
			panic("sentiment: govader's punctuation is no longer ASCII")
		}
		c.punct[cutset[i]] = true
	}
	c.asciiPunct = c.punct == asciiPunct
	c.idioms = c.grams(v.Constants.SpecialCaseIdioms)
	c.boosterGrams = c.grams(v.Constants.BoosterDict)
	return c
}

// grams returns the entries of m that hold a space, split on it; only those
// can equal words joined by spaces.
func (c *compounder) grams(m map[string]float64) []ngram {
	var gs []ngram
	for k, v := range m {
		if strings.Contains(k, " ") {
			words := strings.Split(k, " ")
			gs = append(gs, ngram{words: words, value: v})
			info := c.words[words[0]]
			info.gramStart = true
			c.words[words[0]] = info
		}
	}
	return gs
}

// vword is one of govader's words with what scoring asks of it.
type vword struct {
	word, lower      string // stripped of surrounding punctuation if 3+ letters remain
	wordInfo                // of lower
	lowerAt, lowerTo int32  // lower is still to be cut from the call's buffer there
	lowerLater       bool   // when this is set
	upper            bool   // govader's "ALL CAPS": an A-Z and no a-z
	// wordInLex is lexicon[word]: govader looks some words up as written.
	// It is looked up only for the few words valence asks about, once
	// wordInLexKnown is set (see inLexAsWritten).
	wordInLex, wordInLexKnown bool
}

// polarity returns govader's PolarityScores(text).
func (c *compounder) polarity(text string) polarity {
	text = strings.TrimSpace(c.expandEmoji(text))

	var stack [maxStackWords]vword
	ws := stack[:0]
	if n := strings.Count(text, " ") + 1; n > maxStackWords {
		ws = make([]vword, 0, n)
	}
	var lowerStack [1024]byte
	lowerBuf := lowerStack[:0] // the lower-cased words that differ, in one string
	for rest := text; ; {
		tok, after, more := strings.Cut(rest, " ")
		ws, lowerBuf = c.appendWord(ws, lowerBuf, tok)
		if !more {
			break
		}
		rest = after
	}
	return c.polarityOf(ws, lowerBuf, strings.Count(text, "!"), strings.Count(text, "?"))
}

// polarityPhrased returns polarity(text) for the text that rewrite makes
// of toks and matches, without making it: the words are the tokens, with
// each match's in one. The texts the tokens come from must be clean (see
// clean), and hold ep exclamation and qm question marks.
func (c *compounder) polarityPhrased(toks []token, matches []match, ep, qm int) polarity {
	var stack [maxStackWords]vword
	ws := stack[:0] // beyond the stack, append moves them to the heap
	var lowerStack [1024]byte
	lowerBuf := lowerStack[:0]
	i := 0
	for _, m := range matches {
		for ; i < m.at; i++ {
			ws, lowerBuf = c.appendToken(ws, lowerBuf, &toks[i])
		}
		// The marks of the words the match replaces are not in the text.
		for k := m.at; k < m.end; k++ {
			ep -= strings.Count(toks[k].raw, "!")
			qm -= strings.Count(toks[k].raw, "?")
		}
		word := phraseWord(toks, m)
		ep += strings.Count(word, "!")
		qm += strings.Count(word, "?")
		ws, lowerBuf = c.appendWord(ws, lowerBuf, word)
		i = m.end
	}
	for ; i < len(toks); i++ {
		ws, lowerBuf = c.appendToken(ws, lowerBuf, &toks[i])
	}
	return c.polarityOf(ws, lowerBuf, ep, qm)
}

// appendToken is appendWord(ws, lowerBuf, tk.raw), taking the word and its
// lower case from tk when they are govader's: when the token trims only
// ASCII punctuation, which govader trims too, and nothing or enough that
// govader keeps the trim.
func (c *compounder) appendToken(ws []vword, lowerBuf []byte, tk *token) ([]vword, []byte) {
	at, to := int(tk.wordAt), int(tk.wordTo)
	if !c.asciiPunct || (at > 0 || to < len(tk.raw)) && (to-at < 3 || !isASCII(tk.lead()) || !isASCII(tk.trail())) {
		return c.appendWord(ws, lowerBuf, tk.raw)
	}
	w := vword{word: tk.word(), lower: tk.key}
	w.upper = isUpper(w.word)
	return append(ws, w), lowerBuf
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// appendWord appends the word govader makes of tok, a space-free token,
// to ws; its lower-case form, when it differs, goes to lowerBuf.
func (c *compounder) appendWord(ws []vword, lowerBuf []byte, tok string) ([]vword, []byte) {
	w := vword{word: c.strip(tok)}
	w.upper = isUpper(w.word)
	if lower, ok := lowerIfSame(w.word); ok {
		w.lower = lower
	} else {
		w.lowerLater, w.lowerAt = true, int32(len(lowerBuf))
		lowerBuf = appendLower(lowerBuf, w.word)
		w.lowerTo = int32(len(lowerBuf))
	}
	return append(ws, w), lowerBuf
}

// polarityOf returns the polarity of the words ws, whose lower-case forms
// still to be cut are in lowerBuf, in a text of ep exclamation and qm
// question marks.
func (c *compounder) polarityOf(ws []vword, lowerBuf []byte, ep, qm int) polarity {
	if len(lowerBuf) > 0 {
		all := string(lowerBuf)
		for i := range ws {
			if ws[i].lowerLater {
				ws[i].lower = all[ws[i].lowerAt:ws[i].lowerTo]
			}
		}
	}

	allCaps := 0
	for i := range ws {
		w := &ws[i]
		w.wordInfo = c.words[w.lower]
		if w.upper {
			allCaps++
		}
	}
	capDiff := len(ws) - allCaps
	isCapDiff := 0 < capDiff && capDiff < len(ws)

	var sentStack [maxStackWords]float64
	sentiments := sentStack[:0]
	if len(ws) > maxStackWords {
		sentiments = make([]float64, 0, len(ws))
	}
	for i := range ws {
		valence := 0.0
		switch {
		case ws[i].isBooster:
		case i < len(ws)-1 && ws[i].lower == "kind" && ws[i+1].lower == "of":
		case ws[i].inLex:
			valence = c.valence(ws, i, isCapDiff)
		}
		sentiments = append(sentiments, valence)
	}

	// The contrastive "but": what follows it weighs more than what precedes.
	for bi := range ws {
		if ws[bi].lower == "but" {
			for i := range sentiments {
				if i < bi {
					sentiments[i] = (1 - butScale) * sentiments[i]
				}
				if i > bi {
					sentiments[i] = (1 + butScale) * sentiments[i]
				}
			}
			break
		}
	}

	return scoreValence(sentiments, ep, qm)
}

// polarity is govader's Sentiment: the compound score and the shares of
// positive, negative and neutral words, emphasis included.
type polarity struct {
	compound, pos, neu, neg float64
}

// scoreValence is govader's, for the words' sentiments of a text of ep
// exclamation and qm question marks.
func scoreValence(sentiments []float64, ep, qm int) polarity {
	if len(sentiments) == 0 {
		return polarity{}
	}
	// In order from zero, as gonum's mat.Sum adds them.
	var sum float64
	for _, s := range sentiments {
		sum += s
	}
	emphasis := punctuationEmphasis(ep, qm)
	if sum > 0 {
		sum += emphasis
	} else if sum < 0 {
		sum -= emphasis
	}
	p := polarity{compound: normalize(sum, alpha)}

	var posSum, negSum float64
	neuCount := 0
	for _, v := range sentiments {
		if v > 0 {
			posSum += v + 1
		}
		if v < 0 {
			negSum += v - 1
		}
		if v == 0 {
			neuCount++
		}
	}
	if posSum > math.Abs(negSum) {
		posSum += emphasis
	} else if posSum < math.Abs(negSum) {
		negSum -= emphasis
	}
	total := posSum + math.Abs(negSum) + float64(neuCount)
	p.pos = math.Abs(posSum / total)
	p.neg = math.Abs(negSum / total)
	p.neu = math.Abs(float64(neuCount) / total)
	return p
}

// valence is govader's sentimentValence for a word in the lexicon.
func (c *compounder) valence(ws []vword, i int, isCapDiff bool) float64 {
	w := &ws[i]
	v := w.lex
	if w.lower == "no" && i+1 < len(ws) && ws[i+1].inLex {
		v = 0
	}
	if (i > 0 && ws[i-1].lower == "no") ||
		(i > 1 && ws[i-2].lower == "no") ||
		(i > 2 && ws[i-3].lower == "no" && (ws[i-1].lower == "or" || ws[i-1].lower == "nor")) {
		v = w.lex * nScalar
	}
	if w.upper && isCapDiff {
		if v > 0 {
			v += cIncr
		} else {
			v -= cIncr
		}
	}
	for startI := range 3 {
		if i > startI && !c.inLexAsWritten(&ws[i-(startI+1)]) {
			s := scalarIncDec(&ws[i-(startI+1)], v, isCapDiff)
			if startI == 1 && s != 0 {
				s = s * scalarScale1
			}
			if startI == 2 && s != 0 {
				s = s * scalarScale2
			}
			v = v + s
			v = c.negationCheck(v, ws, startI, i)
			if startI == 2 {
				v = c.specialIdiomsCheck(v, ws, i)
			}
		}
	}
	// govader's leastCheck, given the words as written.
	if i > 1 && !c.inLexAsWritten(&ws[i-1]) && ws[i-1].word == "least" {
		if ws[i-2].word != "at" && ws[i-2].word != "very" {
			v = v * nScalar
		}
	} else if i > 0 && !c.inLexAsWritten(&ws[i-1]) && ws[i-1].word == "least" {
		v = v * nScalar
	}
	return v
}

func scalarIncDec(w *vword, valence float64, isCapDiff bool) float64 {
	scalar := 0.0
	if w.isBooster {
		scalar = w.boost
		if valence < 0 {
			scalar *= -1
		}
		if w.upper && isCapDiff {
			if valence > 0 {
				scalar += cIncr
			} else {
				scalar -= cIncr
			}
		}
	}
	return scalar
}

// inLexAsWritten reports whether w, as written, is in the lexicon.
func (c *compounder) inLexAsWritten(w *vword) bool {
	if !w.wordInLexKnown {
		w.wordInLex = w.inLex
		if w.word != w.lower {
			w.wordInLex = c.words[w.word].inLex
		}
		w.wordInLexKnown = true
	}
	return w.wordInLex
}

func negated(w *vword) bool {
	return w.negate || strings.Contains(w.lower, "n't")
}

func (c *compounder) negationCheck(valence float64, ws []vword, startI, i int) float64 {
	v := valence
	switch startI {
	case 0:
		if negated(&ws[i-1]) {
			v = v * nScalar
		}
	case 1:
		if ws[i-2].lower == "never" && (ws[i-1].lower == "so" || ws[i-1].lower == "this") {
			v = valence * negationScale
		} else if ws[i-2].lower == "without" && ws[i-1].lower == "doubt" {
			v = valence
		} else if negated(&ws[i-2]) {
			v = valence * nScalar
		}
	case 2:
		if ws[i-3].lower == "never" &&
			((ws[i-2].lower == "so" || ws[i-2].lower == "this") ||
				(ws[i-1].lower == "so" || ws[i-1].lower == "this")) {
			v = valence * negationScale
		} else if ws[i-3].lower == "without" && (ws[i-2].lower == "doubt" || ws[i-1].lower == "doubt") {
			v = valence
		} else if negated(&ws[i-3]) {
			v = valence * nScalar
		}
	}
	return v
}

// specialIdiomsCheck is govader's, with the n-grams compared word by word
// rather than joined into strings. It runs only for i > 2.
func (c *compounder) specialIdiomsCheck(valence float64, ws []vword, i int) float64 {
	v := valence
	for _, seq := range [...][2]int{{i - 1, i + 1}, {i - 2, i + 1}, {i - 2, i}, {i - 3, i}, {i - 3, i - 1}} {
		if iv, ok := c.lookup(c.idioms, ws[seq[0]:seq[1]]); ok {
			v = iv
			break
		}
	}
	if len(ws)-1 > i {
		if iv, ok := c.lookup(c.idioms, ws[i:i+2]); ok {
			v = iv
		}
	}
	if len(ws)-1 > i+1 {
		if iv, ok := c.lookup(c.idioms, ws[i:i+3]); ok {
			v = iv
		}
	}
	for _, seq := range [...][2]int{{i - 3, i}, {i - 3, i - 1}, {i - 2, i}} {
		if b, ok := c.lookup(c.boosterGrams, ws[seq[0]:seq[1]]); ok {
			v = v + b
		}
	}
	return v
}

// lookup returns the value of the entry in grams whose words are those of
// ws, lower-cased: the entry equal to them joined by spaces.
func (c *compounder) lookup(grams []ngram, ws []vword) (float64, bool) {
	if !ws[0].gramStart {
		return 0, false
	}
next:
	for _, g := range grams {
		if len(g.words) != len(ws) {
			continue
		}
		for k, w := range g.words {
			if ws[k].lower != w {
				continue next
			}
		}
		return g.value, true
	}
	return 0, false
}

// expandEmoji replaces each emoji rune by its description, as govader does
// before it splits words: a space before the description unless one is
// there, none after. Like govader it writes each invalid UTF-8 byte as
// U+FFFD. Text that needs neither is returned as it is.
func (c *compounder) expandEmoji(text string) string {
	if c.clean(text) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) * 2)
	prevSpace := true
	for _, r := range text {
		if desc, ok := c.emoji[r]; ok {
			if !prevSpace {
				b.WriteByte(' ')
			}
			b.WriteString(desc)
			prevSpace = false
		} else {
			b.WriteRune(r)
			prevSpace = r == ' '
		}
	}
	return b.String()
}

// clean reports whether expandEmoji leaves text as it is: it is valid
// UTF-8 without an emoji govader knows.
func (c *compounder) clean(text string) bool {
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if r == utf8.RuneError && size == 1 {
			return false // an invalid byte
		}
		if r >= c.emojiFrom {
			if _, ok := c.emoji[r]; ok {
				return false
			}
		}
		i += size
	}
	return true
}

// strip trims govader's punctuation from both ends of a token, unless fewer
// than three bytes would remain.
func (c *compounder) strip(tok string) string {
	i, j := 0, len(tok)
	for i < j && tok[i] < utf8.RuneSelf && c.punct[tok[i]] {
		i++
	}
	for j > i && tok[j-1] < utf8.RuneSelf && c.punct[tok[j-1]] {
		j--
	}
	if j-i < 3 {
		return tok
	}
	return tok[i:j]
}

// isUpper is govader's stringIsUpper: the word has an ASCII capital and no
// ASCII small letter.
func isUpper(s string) bool {
	hasUpper := false
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case 'a' <= b && b <= 'z':
			return false
		case 'A' <= b && b <= 'Z':
			hasUpper = true
		}
	}
	return hasUpper
}

// lowerIfSame returns s and true when strings.ToLower(s) is s, without a
// copy for ASCII.
func lowerIfSame(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b >= utf8.RuneSelf:
			return s, strings.ToLower(s) == s
		case 'A' <= b && b <= 'Z':
			return "", false
		}
	}
	return s, true
}

// appendLower appends strings.ToLower(s) to buf.
func appendLower(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(buf, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		buf = append(buf, b)
	}
	return buf
}

// punctuationEmphasis is govader's, for a text of ep exclamation and qm
// question marks.
func punctuationEmphasis(ep, qm int) float64 {
	ep = min(ep, maxEP)
	epAmplifier := float64(ep) * epAmplifyScale
	qmAmplifier := 0.0
	if qm > 1 {
		if qm <= 3 {
			qmAmplifier = float64(qm) * qmAmplifyScale
		} else {
			qmAmplifier = maxQM
		}
	}
	return epAmplifier + qmAmplifier
}

// normalize maps a sum of valences into [-1, 1] as govader does.
func normalize(score, alpha float64) float64 {
	norm := score / math.Sqrt((score*score)+alpha)
	if norm < -1.0 {
		return -1.0
	} else if norm > 1.0 {
		return 1.0
	}
	return norm
}
