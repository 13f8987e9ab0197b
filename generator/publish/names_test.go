package publish

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/content"
)

// testCustomers are the customers of the matcher's cases.
var testCustomers = []*content.Customer{
	{ID: "orbitra", Name: "Orbitra Software", Aliases: []string{"Orbitra"}, Segment: "enterprise"},
	{ID: "two-rivers", Name: "Two Rivers Bakery", Segment: "smb"},
	{ID: "kettle", Name: "Kettle & Co", Segment: "mid-market"},
	{ID: "mueller", Name: "Müller GmbH", Aliases: []string{"Straße Werke"}},
	{ID: "obrien", Name: "O'Brien Plumbing", Segment: "smb"},
	{ID: "acme-east", Name: "Acme East", Aliases: []string{"Acme"}, Segment: "enterprise"},
	{ID: "acme-west", Name: "Acme West", Aliases: []string{"Acme"}, Segment: "smb"},
	{ID: "empty", Name: " & "},
	{ID: "bakery", Name: "The Bakery", Segment: "smb"},
	{ID: "brewery", Name: "The Brewery Company", Segment: "smb"},
}

// found lists the matches of s as "text=placeholder".
func found(n *Names, s string) string {
	var out []string
	for _, m := range n.Find(s, nil) {
		out = append(out, fmt.Sprintf("%s=%s", s[m.Start:m.End], n.Placeholder(m)))
	}
	return strings.Join(out, "; ")
}

func TestNamesFind(t *testing.T) {
	n := NewNames(testCustomers)
	cases := []struct{ name, text, want string }{
		{"alias", "blocks Orbitra's procurement review", "Orbitra=an enterprise customer"},
		{"the longest name at a word", "Orbitra Software signed", "Orbitra Software=an enterprise customer"},
		{"any case", "ORBITRA and orbitra", "ORBITRA=an enterprise customer; orbitra=an enterprise customer"},
		{"whole words only", "Orbitras, Orbitra2, Orbitrax and xOrbitra", ""},
		{"a word of a compound", "an orbitra-owned fork at https://orbitra.example/x", "orbitra=an enterprise customer; orbitra=an enterprise customer"},
		{"a name of several words", "we met Two Rivers Bakery today", "Two Rivers Bakery=an smb customer"},
		{"wrapped across a line", "we met Two Rivers\nBakery today", "Two Rivers\nBakery=an smb customer"},
		{"not across a paragraph", "we met Two Rivers\n\nBakery today", ""},
		{"part of a name is no name", "two rivers meet", ""},
		{"punctuation in a name", "Kettle & Co wrote; so did Kettle &amp; Co and Kettle &amp;&amp; &amp;&amp; Co", "Kettle & Co=a mid-market customer; Kettle &amp; Co=a mid-market customer"},
		{"character references are no words", "AT&T &amp; Orbitra&#39;s &#x2019;Orbitra", "Orbitra=an enterprise customer; Orbitra=an enterprise customer"},
		{"punctuation as written or not", "kettle co", "kettle co=a mid-market customer"},
		{"apostrophe in a name", "O'Brien Plumbing and O’Brien plumbing", "O'Brien Plumbing=an smb customer; O’Brien plumbing=an smb customer"},
		{"Unicode case", "MÜLLER GMBH asked", "MÜLLER GMBH=customer"},
		{"decomposed accents", "Mu\u0308ller GmbH asked", "Mu\u0308ller GmbH=customer"},
		{"full case folding", "STRASSE WERKE and Straße Werke", "STRASSE WERKE=customer; Straße Werke=customer"},
		{"shared alias of two segments", "Acme asked; Acme East too", "Acme=customer; Acme East=an enterprise customer"},
		{"names sharing a first word", "the bakery, the brewery, The Brewery Company", "the bakery=an smb customer; The Brewery Company=an smb customer"},
		{"nothing", "", ""},
		{"no word", " -- ", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := found(n, tc.text); got != tc.want {
				t.Errorf("Find(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestArticle(t *testing.T) {
	for seg, want := range map[string]string{"enterprise": "an", "mid-market": "a", "smb": "an", "SMB": "an", "b2b": "a", "unicorn": "an", "government": "a"} {
		if got := article(seg); got != want {
			t.Errorf("article(%q) = %q, want %q", seg, got, want)
		}
	}
}

// TestNamesFindMatchesReference: Find finds what a plain reference finds
// (every word sequence compared with strings.EqualFold word by word) on
// ASCII text, whatever the Bloom filter and hashing do.
func TestNamesFindMatchesReference(t *testing.T) {
	var customers []*content.Customer
	for i := range 2000 {
		customers = append(customers, &content.Customer{ID: fmt.Sprint(i), Name: corpusName(i)})
	}
	n := NewNames(customers)
	text := corpusText(300, 7)
	var want []string
	words := strings.Fields(text)
	for i := 0; i < len(words); i++ {
		for k := 2; k >= 1; k-- { // corpus names are one or two words; the longest first
			if i+k > len(words) {
				continue
			}
			cand := strings.Join(words[i:i+k], " ")
			if matchesAny(customers, cand) {
				want = append(want, cand)
				i += k - 1
				break
			}
		}
	}
	var got []string
	for _, m := range n.Find(text, nil) {
		got = append(got, text[m.Start:m.End])
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Find found %d names, the reference %d:\n got %q\nwant %q", len(got), len(want), got, want)
	}
	if len(want) == 0 {
		t.Fatal("the corpus names no customer: the test proves nothing")
	}
}

func matchesAny(customers []*content.Customer, s string) bool {
	for _, c := range customers {
		if strings.EqualFold(c.Name, s) {
			return true
		}
	}
	return false
}

// FuzzNamesFind: on any text Find never panics, and its matches are in
// order, apart, within the text, on word boundaries, and each names one of
// the customers (its words fold to the name's or an alias's).
func FuzzNamesFind(f *testing.F) {
	for _, s := range []string{"Orbitra's review", "Kettle &amp; Co", "&\xff;", "&#x2019;Orbitra", "MÜLLER GMBH", "Two Rivers\nBakery", "the bakery, The Brewery Company"} {
		f.Add(s)
	}
	n := NewNames(testCustomers)
	f.Fuzz(func(t *testing.T, s string) {
		end := 0
		var fo folder
		for _, m := range n.Find(s, nil) {
			if m.Start < end || m.End <= m.Start || m.End > len(s) {
				t.Fatalf("match [%d:%d] after %d in %q", m.Start, m.End, end, s)
			}
			end = m.End
			got := strings.Join(fo.words(s[m.Start:m.End]), " ")
			if !slices.ContainsFunc(n.patterns, func(p pattern) bool { return strings.Join(p.words, " ") == got }) {
				t.Fatalf("%q matched as a name: its words %q are no name's", s[m.Start:m.End], got)
			}
		}
	})
}
