package group

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// tokenizeRef is tokenize as it was before its fast paths for ASCII text;
// FuzzTokenize checks that both give the same words.
func tokenizeRef(text string, dst []string) []string {
	for len(text) > 0 {
		// Split on white space first: URLs and e-mail addresses are
		// recognised per field.
		i := strings.IndexFunc(text, notSpaceRef)
		if i < 0 {
			break
		}
		text = text[i:]
		j := strings.IndexFunc(text, unicode.IsSpace)
		if j < 0 {
			j = len(text)
		}
		dst = tokenizeFieldRef(text[:j], dst)
		text = text[j:]
	}
	return dst
}

func notSpaceRef(r rune) bool { return !unicode.IsSpace(r) }

func tokenizeFieldRef(f string, dst []string) []string {
	if k := strings.Index(f, "://"); k >= 0 {
		start := k
		for start > 0 && isASCIILetterRef(f[start-1]) {
			start--
		}
		dst = tokenizeWordsRef(f[:start], dst)
		return appendHostRef(f[k+3:], dst)
	}
	if k := indexFoldRef(f, "www."); k >= 0 && (k == 0 || !isWordRuneRef(lastRuneRef(f[:k]))) {
		dst = tokenizeWordsRef(f[:k], dst)
		return appendHostRef(f[k:], dst)
	}
	if k := strings.IndexByte(f, '@'); k > 0 && strings.IndexByte(f[k:], '.') > 0 &&
		isWordRuneRef(lastRuneRef(f[:k])) {
		// An e-mail address: drop the address, keep words around it only
		// when they are separated from it by punctuation we can see.
		start := strings.LastIndexFunc(f[:k], func(r rune) bool {
			return !isWordRuneRef(r) && r != '.' && r != '-' && r != '_' && r != '+'
		})
		return tokenizeWordsRef(f[:start+1], dst)
	}
	return tokenizeWordsRef(f, dst)
}

// appendHostRef appends the host of a URL whose scheme has been cut off.
func appendHostRef(rest string, dst []string) []string {
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

func indexFoldRef(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func isASCIILetterRef(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func lastRuneRef(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func isWordRuneRef(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isApostropheRef(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u02bc' }

// isIdeographicRef reports whether r belongs to a script written without
// spaces between words.
func isIdeographicRef(r rune) bool {
	if r < 0x2e80 { // below the CJK blocks
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r)
}

// tokenizeWordsRef splits a field without URLs into words.
func tokenizeWordsRef(f string, dst []string) []string {
	start := -1 // start of the current word, or -1
	for i, r := range f {
		switch {
		case isIdeographicRef(r):
			if start >= 0 {
				dst = appendWordRef(f[start:i], dst)
				start = -1
			}
		case isWordRuneRef(r):
			if start < 0 {
				start = i
			}
			continue
		case isApostropheRef(r) && start >= 0:
			// Keep an apostrophe followed by a letter inside the word.
			next, _ := utf8.DecodeRuneInString(f[i+utf8.RuneLen(r):])
			if unicode.IsLetter(next) && !isIdeographicRef(next) {
				continue
			}
			fallthrough
		default:
			if start >= 0 {
				dst = appendWordRef(f[start:i], dst)
				start = -1
			}
			continue
		}
		// An ideographic rune: emit it with its successor as one word.
		next, size := utf8.DecodeRuneInString(f[i+utf8.RuneLen(r):])
		switch {
		case size > 0 && isIdeographicRef(next):
			dst = append(dst, f[i:i+utf8.RuneLen(r)+size])
		case i == 0 || !isIdeographicRef(lastRuneRef(f[:i])):
			dst = append(dst, f[i:i+utf8.RuneLen(r)]) // a lone character
		}
	}
	if start >= 0 {
		dst = appendWordRef(f[start:], dst)
	}
	return dst
}

// appendWordRef normalises one word and appends it unless it is dropped.
func appendWordRef(w string, dst []string) []string {
	n := utf8.RuneCountInString(w)
	if n < 2 || n > maxWordLen {
		return dst
	}
	w = strings.ToLower(w)
	if strings.ContainsRune(w, '\u2019') || strings.ContainsRune(w, '\u02bc') {
		w = strings.NewReplacer("\u2019", "'", "\u02bc", "'").Replace(w)
	}
	if isNumberRef(w) || isMojibakeRef(w) {
		return dst
	}
	return append(dst, w)
}

// isMojibakeRef reports whether w is made only of characters of the Latin-1
// range above ASCII ("ùô", "ªá"): no language writes words that way; it is
// UTF-8 text (often emoji) decoded as Latin-1.
func isMojibakeRef(w string) bool {
	for _, r := range w {
		if r < 0x80 || r > 0xff {
			return false
		}
	}
	return true
}

// isNumberRef reports whether w is digits alone or an ordinal ("3rd").
func isNumberRef(w string) bool {
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

// FuzzTokenize: tokenize gives the words tokenizeRef gives.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"Export to CSV times-out!! Fix :(",
		"See https://www.Example.com/path?q=1, or (http://foo.org).",
		"www.github.com/heed rocks WWW.X.org wWw.",
		"mail me: john.doe@example.com thanks a@b.c @x.y",
		"Version 2.06 on my Galaxy S7, 3rd time, 4G, mp3 in the 1990s 12th 3s",
		"I don’t like it's UI; user's 'quoted' itʼs",
		"Café crème, Привет мир İstanbul Kelvin",
		"机器学习 and カタカナ 好 x好y",
		"a b c x aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ok",
		"Superb Nice! _ÙÔ but où",
		"tab\there\nnew\u00a0nbsp\u0085nel\u2028ls \v\f\r",
		"\xff\xfe invalid \xc3 bytes",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tokenize(s, nil), tokenizeRef(s, nil); !slices.Equal(got, want) {
			t.Fatalf("tokenize(%q)\n got %q\nwant %q", s, got, want)
		}
	})
}
