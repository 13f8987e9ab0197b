// Package space finds white space (unicode.IsSpace) in text quickly: ASCII
// bytes are looked up in a table, and only the rare other rune is decoded.
// The tokenizers of group and sentiment and render's excerpts share it.
package space

import (
	"unicode"
	"unicode/utf8"
)

// ascii marks the ASCII bytes unicode.IsSpace accepts.
var ascii = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// IsASCII reports whether c, an ASCII byte (below utf8.RuneSelf), is white
// space.
func IsASCII(c byte) bool { return ascii[c] }

// Skip returns the index of the first rune of s from i on that is not white
// space, len(s) when there is none.
func Skip(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !ascii[c] {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			return i
		}
		i += size
	}
	return len(s)
}

// Next returns the index of the first white space in s from i on, len(s)
// when there is none.
func Next(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if ascii[c] {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return i
		}
		i += size
	}
	return len(s)
}
