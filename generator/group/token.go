package group

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/internal/space"
)

// maxWordLen drops longer runs of letters and digits (hashes, base64, keys),
// which name nothing a reader would group by.
const maxWordLen = 30

// tokenize appends the index words of text to dst and returns it. The
// promises:
//
//   - words are lower-case runs of letters, digits and combining marks in any
//     script; an apostrophe between letters stays in the word ("don't");
//     hyphens, dots, underscores and all other punctuation separate words;
//   - a URL becomes its host name without "www." ("github.com"); an e-mail
//     address is dropped (it names a person, not a subject);
//   - numbers alone are dropped ("2", "2.06", "3rd"), while words that mix
//     letters and digits are kept ("s7", "mp3", "4g");
//   - Chinese and Japanese text, written without spaces, becomes overlapping
//     two-character words;
//   - words of one letter, words over maxWordLen and words of mis-decoded
//     text (see isMojibake) are dropped.
//
// Stop words are kept (see isTopicStop and isTextStop); stemming is not
// applied here (see term).
func tokenize(text string, dst []string) []string {
	var tz tokenizer
	return tz.finish(tz.tokenize(text, dst))
}

// tokenizer is tokenize with scratch kept between calls: the words it
// lower-cases go into one buffer, made into one string by finish, rather
// than into a string each.
type tokenizer struct {
	lower []byte    // lower-cased words
	later []lowered // the words of dst still to be cut from lower
}

// lowered is a word of dst, dst[k], that is lower[at:to].
type lowered struct{ k, at, to int32 }

// finish returns dst, the words of one or more calls of tokenize, with
// every word in place.
func (tz *tokenizer) finish(dst []string) []string {
	if len(tz.lower) > 0 {
		all := string(tz.lower)
		for _, l := range tz.later {
			dst[l.k] = all[l.at:l.to]
		}
	}
	tz.lower, tz.later = tz.lower[:0], tz.later[:0]
	return dst
}

// tokenize is the package's tokenize; the words it appends to dst are
// final only once finish has been called.
func (tz *tokenizer) tokenize(text string, dst []string) []string {
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			if space.IsASCII(c) {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); unicode.IsSpace(r) {
			i += size
			continue
		}
		// Split on white space first: URLs and e-mail addresses are
		// recognised per field. One pass finds the end of the field and
		// tells which of the checks of tokenizeField can match at all.
		start := i
		var f fieldShape
		for i < len(text) {
			c := text[i]
			if c < utf8.RuneSelf {
				if space.IsASCII(c) {
					break
				}
				switch {
				case c == ':':
					f.colon = true
				case c == '@':
					f.at = true
				case c|0x20 == 'w' && !f.www:
					// "www." in any case, as indexFold finds it; none of
					// its bytes is a space, so it is all in the field.
					f.www = i+3 < len(text) && text[i+1]|0x20 == 'w' && text[i+2]|0x20 == 'w' && text[i+3] == '.'
				}
				i++
				continue
			}
			f.nonASCII = true
			r, size := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				break
			}
			i += size
		}
		dst = tz.field(text[start:i], f, dst)
	}
	return dst
}

// fieldShape tells what a field holds.
type fieldShape struct {
	colon, at bool // a ':', an '@'
	www       bool // "www.", in any case
	nonASCII  bool
}

func (tz *tokenizer) field(f string, shape fieldShape, dst []string) []string {
	if !shape.colon && !shape.www && !shape.at {
		if !shape.nonASCII {
			return tz.asciiWords(f, dst)
		}
		return tz.words(f, dst)
	}
	if k := strings.Index(f, "://"); shape.colon && k >= 0 {
		start := k
		for start > 0 && isASCIILetter(f[start-1]) {
			start--
		}
		dst = tz.words(f[:start], dst)
		return appendHost(f[k+3:], dst)
	}
	if shape.www {
		if k := indexFold(f, "www."); k >= 0 && (k == 0 || !isWordRune(lastRune(f[:k]))) {
			dst = tz.words(f[:k], dst)
			return appendHost(f[k:], dst)
		}
	}
	if k := strings.IndexByte(f, '@'); k > 0 && strings.IndexByte(f[k:], '.') > 0 &&
		isWordRune(lastRune(f[:k])) {
		// An e-mail address: drop the address, keep words around it only
		// when they are separated from it by punctuation we can see.
		start := strings.LastIndexFunc(f[:k], func(r rune) bool {
			return !isWordRune(r) && r != '.' && r != '-' && r != '_' && r != '+'
		})
		return tz.words(f[:start+1], dst)
	}
	return tz.words(f, dst)
}

// appendHost appends the host of a URL whose scheme has been cut off.
func appendHost(rest string, dst []string) []string {
	end := strings.IndexAny(rest, "/?#:")
	if end < 0 {
		end = len(rest)
	}
	host := strings.ToLower(strings.TrimRight(rest[:end], ".,;!)]>'\""))
	if k := strings.LastIndexByte(host, '@'); k >= 0 {
		host = host[k+1:]
	}
	host = strings.TrimPrefix(host, "www.")
	if strings.Contains(host, ".") && utf8.RuneCountInString(host) <= 2*maxWordLen {
		dst = append(dst, host)
	}
	return dst
}

// indexFold returns the index of the first instance of sub, lower-case
// ASCII, in s with ASCII letters matched in either case (no other
// character folds to an ASCII letter but K and S, which sub must not hold).
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 != sub[0] && s[i] != sub[0] {
			continue
		}
		k := 1
		for k < len(sub) && (s[i+k] == sub[k] || (isASCIILetter(s[i+k]) && s[i+k]|0x20 == sub[k])) {
			k++
		}
		if k == len(sub) {
			return i
		}
	}
	return -1
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u02bc' }

// isIdeographic reports whether r belongs to a script written without
// spaces between words.
func isIdeographic(r rune) bool {
	if r < 0x2e80 { // below the CJK blocks
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r)
}

// words splits a field without URLs into words.
func (tz *tokenizer) words(f string, dst []string) []string {
	if isASCII(f) {
		return tz.asciiWords(f, dst)
	}
	start := -1 // start of the current word, or -1
	for i, r := range f {
		switch {
		case isIdeographic(r):
			if start >= 0 {
				dst = tz.appendWord(f[start:i], dst)
				start = -1
			}
		case isWordRune(r):
			if start < 0 {
				start = i
			}
			continue
		case isApostrophe(r) && start >= 0:
			// Keep an apostrophe followed by a letter inside the word.
			next, _ := utf8.DecodeRuneInString(f[i+utf8.RuneLen(r):])
			if unicode.IsLetter(next) && !isIdeographic(next) {
				continue
			}
			fallthrough
		default:
			if start >= 0 {
				dst = tz.appendWord(f[start:i], dst)
				start = -1
			}
			continue
		}
		// An ideographic rune: emit it with its successor as one word.
		next, size := utf8.DecodeRuneInString(f[i+utf8.RuneLen(r):])
		switch {
		case size > 0 && isIdeographic(next):
			dst = append(dst, f[i:i+utf8.RuneLen(r)+size])
		case i == 0 || !isIdeographic(lastRune(f[:i])):
			dst = append(dst, f[i:i+utf8.RuneLen(r)]) // a lone character
		}
	}
	if start >= 0 {
		dst = tz.appendWord(f[start:], dst)
	}
	return dst
}

// asciiWords is words for ASCII text.
func (tz *tokenizer) asciiWords(f string, dst []string) []string {
	start := -1    // start of the current word, or -1
	upper := false // the current word has a capital
	for i := 0; i < len(f); i++ {
		c := f[i]
		if isASCIILetter(c) {
			if start < 0 {
				start, upper = i, false
			}
			upper = upper || c < 'a'
			continue
		}
		if c >= '0' && c <= '9' {
			if start < 0 {
				start, upper = i, false
			}
			continue
		}
		if c == '\'' && start >= 0 && i+1 < len(f) && isASCIILetter(f[i+1]) {
			continue // an apostrophe followed by a letter stays in the word
		}
		if start >= 0 {
			dst = tz.appendASCIIWord(f[start:i], upper, dst)
			start = -1
		}
	}
	if start >= 0 {
		dst = tz.appendASCIIWord(f[start:], upper, dst)
	}
	return dst
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// appendWord normalises one word and appends it unless it is dropped.
func (tz *tokenizer) appendWord(w string, dst []string) []string {
	ascii, upper := true, false
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= utf8.RuneSelf:
			ascii = false
		case c >= 'A' && c <= 'Z':
			upper = true
		}
	}
	if ascii {
		return tz.appendASCIIWord(w, upper, dst)
	}
	n := utf8.RuneCountInString(w)
	if n < 2 || n > maxWordLen {
		return dst
	}
	w = strings.ToLower(w)
	if strings.ContainsRune(w, '\u2019') || strings.ContainsRune(w, '\u02bc') {
		w = strings.NewReplacer("\u2019", "'", "\u02bc", "'").Replace(w)
	}
	if isNumber(w) || isMojibake(w) {
		return dst
	}
	return append(dst, w)
}

// appendASCIIWord is appendWord for an ASCII word, which has a capital
// when upper is set. Most words are such: no rune to count, no apostrophe
// to normalise, and a number only when it starts with a digit.
func (tz *tokenizer) appendASCIIWord(w string, upper bool, dst []string) []string {
	if len(w) < 2 || len(w) > maxWordLen {
		return dst
	}
	if upper && w[0] > '9' {
		// Not a number: lower-case it into the buffer, to be put in
		// place by finish.
		at := len(tz.lower)
		for i := 0; i < len(w); i++ {
			c := w[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			tz.lower = append(tz.lower, c)
		}
		tz.later = append(tz.later, lowered{int32(len(dst)), int32(at), int32(len(tz.lower))})
		return append(dst, "")
	}
	if upper {
		w = strings.ToLower(w)
	}
	if w[0] <= '9' && isNumber(w) {
		return dst
	}
	return append(dst, w)
}

// isMojibake reports whether w is made only of characters of the Latin-1
// range above ASCII ("ùô", "ªá"): no language writes words that way; it is
// UTF-8 text (often emoji) decoded as Latin-1.
func isMojibake(w string) bool {
	for _, r := range w {
		if r < 0x80 || r > 0xff {
			return false
		}
	}
	return true
}

// isNumber reports whether w is digits alone or an ordinal ("3rd").
func isNumber(w string) bool {
	i := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) })
	if i < 0 {
		return true
	}
	if i == 0 {
		return false
	}
	switch w[i:] {
	case "st", "nd", "rd", "th", "s":
		return true
	}
	return false
}

// term maps a word to its index term: the Porter2 stem for lower-case
// English words, and the word itself (less a trailing "'s") for words in
// other scripts or with digits.
func term(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; (c < 'a' || c > 'z') && c != '\'' {
			return strings.TrimSuffix(w, "'s")
		}
	}
	return strings.ReplaceAll(stem(w), "'", "")
}

// gramSize is the length in characters of the pieces of words compared to
// find duplicates.
const gramSize = 3

// grams returns the overlapping gramSize-character pieces of a word padded
// with a space at each end: "crash" gives " cr", "cra", "ras", "ash",
// "sh ". A typo changes only the few pieces around it, so two copies of a
// text with different typos still share most of their pieces.
func grams(w string) []string {
	r := []rune(" " + w + " ")
	if len(r) <= gramSize {
		return []string{string(r)}
	}
	out := make([]string, 0, len(r)-gramSize+1)
	for i := 0; i+gramSize <= len(r); i++ {
		out = append(out, string(r[i:i+gramSize]))
	}
	return out
}
