package render

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// excerptRef is excerpt as it was before its ASCII fast paths, kept as the
// oracle of FuzzExcerpt.
func excerptRef(text string, n int) string {
	var b strings.Builder
	b.Grow(min(len(text), 4*n+4))
	runes := 0 // in b; n+1 once text is known to be longer than n
	for i := 0; i < len(text) && runes <= n; {
		start := skipSpaceRef(text, i)
		end := skipWordRef(text, start)
		i = end
		if start == end {
			break
		}
		if b.Len() > 0 {
			if runes == n {
				runes++
				break
			}
			b.WriteByte(' ')
			runes++
		}
		word := text[start:end]
		if w := utf8.RuneCountInString(word); runes+w <= n {
			b.WriteString(word)
			runes += w
			continue
		}
		for j := 0; runes < n; runes++ {
			_, size := utf8.DecodeRuneInString(word[j:])
			b.WriteString(word[j : j+size])
			j += size
		}
		runes++
	}
	out := b.String()
	if runes <= n {
		return out
	}
	if sp := strings.LastIndexByte(out, ' '); sp > len(out)/2 {
		out = out[:sp]
	}
	return strings.TrimRight(out, " ,;:.-") + "…"
}

func skipSpaceRef(s string, i int) int {
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if !unicode.IsSpace(r) {
			return i
		}
		i += size
	}
	return i
}

func skipWordRef(s string, i int) int {
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			return i
		}
		i += size
	}
	return i
}

// TestExcerpt: an excerpt is the text's words joined by single spaces, cut
// at n runes on a word boundary when it can (past half), with an ellipsis.
func TestExcerpt(t *testing.T) {
	for _, c := range []struct {
		text string
		n    int
		want string
	}{
		{"", 10, ""},
		{"  one\ttwo\n\nthree  ", 20, "one two three"},
		{"one two three", 13, "one two three"},
		{"one two three four", 13, "one two…"},
		{"one two, three four", 9, "one two…"},
		{"abcdefghijklmnop", 5, "abcde…"},
		{"naïve café crème brûlée", 12, "naïve café…"},
		{"a\u00a0b\u2003c\u0085d", 20, "a b c d"},
		{"x \xff\xfe y", 10, "x \xff\xfe y"},
	} {
		if got := excerpt(c.text, c.n); got != c.want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", c.text, c.n, got, c.want)
		}
		if got := excerptRef(c.text, c.n); got != c.want {
			t.Errorf("excerptRef(%q, %d) = %q, want %q", c.text, c.n, got, c.want)
		}
	}
}

func FuzzExcerpt(f *testing.F) {
	for _, s := range []string{"", "one two  three", "naïve\u00a0café\n\tend", "\xff\xc3 \u0085x", strings.Repeat("word ", 100)} {
		f.Add(s, 12)
	}
	f.Fuzz(func(t *testing.T, text string, n int) {
		n = max(0, n%2000)
		if got, want := excerpt(text, n), excerptRef(text, n); got != want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", text, n, got, want)
		}
	})
}

// BenchmarkExcerpt makes the two excerpts of an item (page and search
// index), with excerpt and with the reference.
func BenchmarkExcerpt(b *testing.B) {
	text := strings.Repeat("The export of month 3 failed again and we lost an afternoon.\nIt is slow, and the file is cut off after a few thousand rows. ", 12)
	for _, c := range []struct {
		name string
		f    func(string, int) string
	}{{"excerpt", excerpt}, {"ref", excerptRef}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.f(text, 320)
				c.f(text, 1200)
			}
		})
	}
}
