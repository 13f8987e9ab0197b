package model

import (
	"strings"
	"testing"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		title, body string
		want        string // the terms, separated by " | "
	}{
		{"Export is slow", "", "export | is | export is | slow | is slow"},
		{"not fast at all", "", "not | ¬fast | not ¬fast | ¬at | ¬fast ¬at | ¬all | ¬at ¬all"},
		// A clause ends a negation's scope and a pair; "but" ends the scope.
		{"doesn't load, works", "", "doesn't | ¬load | doesn't ¬load | works"},
		{"not fast but reliable", "", "not | ¬fast | not ¬fast | but | ¬fast but | reliable | but reliable"},
		// The scope is four words.
		{"never a b c d e", "", "never | ¬a | never ¬a | ¬b | ¬a ¬b | ¬c | ¬b ¬c | ¬d | ¬c ¬d | e | ¬d e"},
		// Apostrophes of any kind inside a word; digits as one word "0".
		{"It’s 2,000 rows", "", "it's | 0 | it's 0 | 0 | rows | 0 rows"},
		{"CAFÉ Straße", "", "café | straße | café straße"},
		// Title and body are one text, but no pair crosses between them.
		{"Slow", "export", "slow | export"},
		{"", "", ""},
		{strings.Repeat("x", 40), "", strings.Repeat("x", 32)},
	}
	for _, tt := range tests {
		terms, _ := Terms([2]string{tt.title, tt.body})
		if got := strings.Join(terms, " | "); got != tt.want {
			t.Errorf("Terms(%q, %q)\n got %s\nwant %s", tt.title, tt.body, got, tt.want)
		}
	}
}

func TestStats(t *testing.T) {
	_, st := Terms([2]string{"Can't export!! Why?", "It never works. No."})
	if want := (Stats{Words: 7, Exclamations: 2, Questions: 1, Negations: 3}); st != want {
		t.Errorf("Stats = %+v, want %+v", st, want)
	}
}

// TestSumTermsReadsTerms: a model adds up the weights of exactly the terms
// training sees, each once per occurrence, though it looks them up by hash
// without making their strings.
func TestSumTermsReadsTerms(t *testing.T) {
	for _, text := range []string{"It’s not fast, but reliable! Not fast.", "CAFÉ never ever works 123", "a\xffb ¬c", ""} {
		texts := [2]string{text, "and " + text}
		terms, _ := Terms(texts)
		table := &Table{}
		weight := map[string]float32{}
		for i, term := range terms {
			if _, ok := weight[term]; !ok {
				weight[term] = float32(i + 1)
				table.Terms = append(table.Terms, Term{Text: term, Weight: [Classes]float32{float32(i + 1), 1, 0}})
			}
		}
		table.Terms = append(table.Terms, Term{Text: "unseen", Weight: [Classes]float32{1000, 1000, 1000}})
		var want [Classes]float64
		for _, term := range terms {
			want[0] += float64(weight[term])
			want[1]++
		}
		if got, _ := New(table).sumTerms(texts); got != want {
			t.Errorf("sumTerms(%q) = %v, want %v", text, got, want)
		}
	}
}
