package space

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzSpace: Skip and Next find what a rune-by-rune scan with
// unicode.IsSpace finds, and strings.Fields' fields come out of them.
func FuzzSpace(f *testing.F) {
	for _, s := range []string{"", " a  b ", "\u00a0x\u2028y\u3000", "\xff \xc3", "tab\there\nnew\vline\f\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i <= len(s); i++ {
			wantSkip, wantNext := len(s), len(s)
			for j, r := range s[i:] {
				if !unicode.IsSpace(r) && wantSkip == len(s) {
					wantSkip = i + j
				}
				if unicode.IsSpace(r) && wantNext == len(s) {
					wantNext = i + j
				}
			}
			if i < len(s) && !isRuneStart(s, i) {
				continue // the loops above start mid-rune
			}
			if got := Skip(s, i); got != wantSkip {
				t.Errorf("Skip(%q, %d) = %d, want %d", s, i, got, wantSkip)
			}
			if got := Next(s, i); got != wantNext {
				t.Errorf("Next(%q, %d) = %d, want %d", s, i, got, wantNext)
			}
		}
		var fields []string
		for i := Skip(s, 0); i < len(s); i = Skip(s, i) {
			end := Next(s, i)
			fields = append(fields, s[i:end])
			i = end
		}
		if want := strings.Fields(s); strings.Join(fields, "|") != strings.Join(want, "|") || len(fields) != len(want) {
			t.Errorf("fields of %q: %q, want %q", s, fields, want)
		}
	})
}

// isRuneStart reports whether i starts a rune of s as range decodes it.
func isRuneStart(s string, i int) bool {
	for j := range s {
		if j == i {
			return true
		}
	}
	return false
}

func TestIsASCII(t *testing.T) {
	for c := range byte(128) {
		if got := IsASCII(c); got != unicode.IsSpace(rune(c)) {
			t.Errorf("IsASCII(%q) = %v", c, got)
		}
	}
}
