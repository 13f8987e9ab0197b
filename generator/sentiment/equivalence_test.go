package sentiment

import (
	"math"
	"strings"
	"testing"
	"unicode"

	"github.com/heedhq/heed/generator/sentiment/internal/corpus"
	"github.com/jonreiter/govader"
)

// Score computes govader's compound score itself (compounder) and rewrites
// phrases without copying text that needs no change. These tests hold both to
// the plain path they replace, govader's PolarityScores after the phrase
// rewrite as first written, requiring equal float64 results.

// referencePolarity is Polarity (and its Compound Score) as first written:
// the phrase rewrite below, then govader.
func referencePolarity(a *Analyzer, text string) govader.Sentiment {
	if a.phrases != nil {
		text = referenceRewrite(a.phrases, text)
	} else {
		text = strings.Join(strings.Fields(text), " ")
	}
	if text == "" {
		return govader.Sentiment{}
	}
	return a.vader.PolarityScores(text)
}

// samePolarity reports whether p and govader's s are equal to the bit.
func samePolarity(p Polarity, s govader.Sentiment) bool {
	return math.Float64bits(p.Compound) == math.Float64bits(s.Compound) &&
		math.Float64bits(p.Positive) == math.Float64bits(s.Positive) &&
		math.Float64bits(p.Neutral) == math.Float64bits(s.Neutral) &&
		math.Float64bits(p.Negative) == math.Float64bits(s.Negative)
}

// referenceRewrite is phraseTable.rewrite as first written.
func referenceRewrite(t *phraseTable, text string) string {
	fields := strings.Fields(apostrophes.Replace(text))
	toks := make([]token, len(fields))
	for i, f := range fields {
		toks[i] = referenceToken(f)
	}
	var b strings.Builder
	for i := 0; i < len(toks); {
		if i > 0 {
			b.WriteByte(' ')
		}
		end, word := referenceLongest(t.byFirst[toks[i].key], toks, i)
		if end < 0 {
			b.WriteString(toks[i].raw)
			i++
			continue
		}
		upper := true
		for _, tk := range toks[i:end] {
			upper = upper && tk.word() != tk.key && tk.word() == strings.ToUpper(tk.word())
		}
		if upper {
			word = strings.ToUpper(word)
		}
		b.WriteString(toks[i].lead())
		b.WriteString(word)
		b.WriteString(toks[end-1].trail())
		i = end
	}
	return b.String()
}

// referenceLongest is longest as first written, matching on the
// punctuation around words as strings rather than on offsets, so that the
// reference shares no matching code with scan.
func referenceLongest(rules []compiledRule, toks []token, i int) (int, string) {
	var match func(r *compiledRule, j, s int) int
	match = func(r *compiledRule, j, s int) int {
		if s == len(r.slots) {
			return j
		}
		best := -1
		joinable := j < len(toks) && (j == i || (toks[j].lead() == "" && toks[j-1].trail() == ""))
		if joinable && r.slots[s].alts[toks[j].key] {
			best = match(r, j+1, s+1)
		}
		if r.slots[s].optional {
			best = max(best, match(r, j, s+1))
		}
		return best
	}
	cancelled := func(r *compiledRule, end int) bool {
		for k := end; r.unless != nil && end >= 0 && k < len(toks) && k < end+guardWindow; k++ {
			if strings.ContainsAny(toks[k-1].trail(), ".!?;:") {
				return false
			}
			if r.unless[toks[k].key] {
				return true
			}
		}
		return false
	}
	best, word := -1, ""
	for k := range rules {
		if end := match(&rules[k], i, 0); end > best && !cancelled(&rules[k], end) {
			best, word = end, rules[k].word
		}
	}
	return best, word
}

// referenceToken is a token as first made: the word less the punctuation
// and symbols at either end.
func referenceToken(raw string) token {
	isPunct := func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }
	core := strings.TrimLeftFunc(raw, isPunct)
	lead := raw[:len(raw)-len(core)]
	word := strings.TrimRightFunc(core, isPunct)
	return token{raw: raw, key: strings.ToLower(word), wordAt: int32(len(lead)), wordTo: int32(len(lead) + len(word))}
}

// edgeCases exercise each rule of VADER and each shortcut of the fast path.
var edgeCases = []string{
	"", " ", "\t\n", "  \u00a0 ", "a  b", " leading space", "trailing space ", "tab\tin\tthe middle",
	"a\tb", "x\ny z", "can't\tlog in", "  can't log in  ", "can't log\u00a0in", "nbsp\u00a0good", "next\u0085line good", "x", "ok", "!!!", "???", "?? !!", "?!?!?!?!", "good!!!!!!!!",
	"bad????", "good?", "good??", "...good...", "--", "'''", "\"great\"", "(awesome)", ":)", ":-(", "<3",
	"GREAT", "great", "Great", "WOW!!! LOVE IT", "WOW LOVE IT but I hate THE UI",
	"VERY good", "very GOOD", "EXTREMELY BAD but OK", "SO BAD", "so bad", "it is REALLY REALLY bad",
	"not bad", "not good at all", "isn't great", "isnt great", "never so good", "never this good",
	"never good", "never ever so good", "without doubt good", "without a doubt good", "without good",
	"at least good", "AT least good", "Very least good", "very least good", "least good", "the least good", "LEAST good", "least",
	"kind of good", "kind of", "it is kind of bad", "sort of bad", "just enough good", "the shit",
	"this is the shit", "the shit bad ass", "the bomb", "it was the bomb", "yeah right good", "yeah right", "kiss of death", "I want a kiss of death", "no fun nor good", "no fun or good",
	"a kiss of death", "to die for", "food to die for", "bad ass", "a bad ass app", "badass",
	"it mayn't be good", "shouldn't've been good", "no good", "no no good", "no or good", "not nor good", "no problem", "no", "No way", "no love or hate",
	"good but bad", "bad but good", "BUT", "but", "but but good", "good, but", "good but", "good butter",
	"I ❤️ it 😀😀", "😀abc", "abc😀", "🔛", "🆙!!", "😀 😀", " 😀 ", "👍🏽 thanks", "🇺🇸 flag", "🙂🙁",
	"\xff\xfegood", "caf\xc3", "\uFFFD good", "good \xe2\x80", "\u212Aeeps crashing", "İstanbul GOOD",
	"ÇA VA GOOD", "naïve approach is bad", "ÜBER good", "Ünusable",
	"can’t log in", "can‘t log in", "canʼt log in", "DOESN'T WORK", "can't log in", "Can't LOG IN",
	"CAN'T LOG IN!!!", "It keeps CRASHING", "keeps crashing, times out", "times, out",
	"please add dark mode", "PLEASE FIX", "no bugs, no crashes", "couldn't work without it",
	"Since the last update the app keeps crashing when I export a report, and I can't log in " +
		"on my tablet at all. Support suggested a workaround but it is tedious. Otherwise the editor is snappy!",
	strings.Repeat("good bad not ", 40) + "but GREAT",
	strings.Repeat("crash ", 70),
	strings.Repeat("can't log in ", 30),
}

// analyzers returns every configuration newAnalyzer builds.
func analyzers() []struct {
	name string
	a    *Analyzer
} {
	return []struct {
		name string
		a    *Analyzer
	}{
		{"plain", NewPlain()},
		{"domain", New()},
		{"domain words only", newAnalyzer(true, false)},
		{"phrase rules only", newAnalyzer(false, true)},
	}
}

// checkSame reports any text whose Score or Polarity differs from the
// reference's, and any whose polarity differs from govader's on the text as
// given.
func checkSame(t *testing.T, a *Analyzer, texts []string) {
	t.Helper()
	bad := 0
	for _, text := range texts {
		want := referencePolarity(a, text)
		if got := a.Score(text); math.Float64bits(got) != math.Float64bits(want.Compound) {
			t.Errorf("Score(%q) = %v, govader %v", text, got, want.Compound)
			bad++
		}
		if got := a.Polarity(text, ""); !samePolarity(got, want) {
			t.Errorf("Polarity(%q) = %+v, govader %+v", text, got, want)
			bad++
		}
		if text != "" {
			p := a.compound.polarity(text)
			got := Polarity{Compound: p.compound, Positive: p.pos, Neutral: p.neu, Negative: p.neg}
			if want := a.vader.PolarityScores(text); !samePolarity(got, want) {
				t.Errorf("polarity(%q) = %+v, govader %+v", text, got, want)
				bad++
			}
		}
		if bad > 20 {
			t.Fatal("too many differences")
		}
	}
}

func TestScoreMatchesGovaderEdgeCases(t *testing.T) {
	for _, an := range analyzers() {
		t.Run(an.name, func(t *testing.T) {
			checkSame(t, an.a, edgeCases)
		})
	}
}

// TestScoreMatchesGovaderData compares on every text of the shared data, as
// written, in capitals and in small letters.
func TestScoreMatchesGovaderData(t *testing.T) {
	var texts []string
	for _, g := range corpus.Groups {
		for _, d := range loadGroup(t, g) {
			texts = append(texts, d.Text)
		}
	}
	variants := make([]string, 0, 2*len(texts))
	for _, text := range texts {
		variants = append(variants, strings.ToUpper(text), strings.ToLower(text))
	}
	for _, an := range analyzers() {
		t.Run(an.name, func(t *testing.T) {
			checkSame(t, an.a, texts)
			if an.name == "plain" || an.name == "domain" {
				checkSame(t, an.a, variants)
			}
		})
	}
}

// TestTrimPunct: scan finds each word's bounds with trimPunct, which must
// agree with the word as first cut.
func TestTrimPunct(t *testing.T) {
	for _, text := range append(edgeCases, "\xff", "a\xff", "\xffa", "(\u00bfqu\u00e9?)", "\u00a9x\u00ae", "\u2014dash\u2014", "\xe2\x80") {
		for raw := range strings.FieldsSeq(text) {
			want := referenceToken(raw)
			if i, j := trimPunct(raw); i != int(want.wordAt) || j != int(want.wordTo) {
				t.Errorf("trimPunct(%q) = %d, %d, want %d, %d", raw, i, j, want.wordAt, want.wordTo)
			}
		}
	}
}

func TestJoinFields(t *testing.T) {
	for _, text := range append(edgeCases, "a b", "a\tb", "a \tb", "\u3000a", "a\u2028b") {
		if got, want := joinFields(text), strings.Join(strings.Fields(text), " "); got != want {
			t.Errorf("joinFields(%q) = %q, want %q", text, got, want)
		}
	}
}

// FuzzScore compares Score with the plain path on any text; go test runs
// the edge cases, go test -fuzz FuzzScore searches for more.
func FuzzScore(f *testing.F) {
	for _, text := range edgeCases {
		f.Add(text)
	}
	plain, domain := NewPlain(), New()
	f.Fuzz(func(t *testing.T, text string) {
		checkSame(t, plain, []string{text})
		checkSame(t, domain, []string{text})
	})
}
