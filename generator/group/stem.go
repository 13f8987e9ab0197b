package group

// This file implements the Porter2 ("English") stemming algorithm as
// described by Martin Porter on snowballstem.org, written from that
// description. It works on lower-case ASCII words only; callers pass other
// words through unchanged.

// stemExceptions are whole words the algorithm maps specially (or leaves
// alone) before any rule runs.
var stemExceptions = map[string]string{
	"skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie",
	"idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli",
	"only": "onli", "singly": "singl",
	"sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas",
	"cosmos": "cosmos", "bias": "bias", "andes": "andes",
}

// stemInvariants are left alone once step 1a has run.
var stemInvariants = map[string]bool{
	"inning": true, "outing": true, "canning": true, "herring": true,
	"earring": true, "proceed": true, "exceed": true, "succeed": true,
}

// stem returns the Porter2 stem of a lower-case ASCII word. Words of two
// letters or fewer are returned unchanged.
func stem(word string) string {
	if len(word) <= 2 {
		return word
	}
	if s, ok := stemExceptions[word]; ok {
		return s
	}
	s := stemmer{b: []byte(word)}
	if s.b[0] == '\'' {
		s.b = s.b[1:]
	}
	s.markY()
	s.regions()
	s.step0()
	s.step1a()
	if stemInvariants[string(s.b)] {
		return s.result()
	}
	s.step1b()
	s.step1c()
	s.step2()
	s.step3()
	s.step4()
	s.step5()
	return s.result()
}

// stemmer holds a word being stemmed. A 'Y' in b is a consonant y.
type stemmer struct {
	b      []byte
	r1, r2 int
}

func (s *stemmer) result() string {
	for i, c := range s.b {
		if c == 'Y' {
			s.b[i] = 'y'
		}
	}
	return string(s.b)
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func isDouble(b []byte) bool {
	n := len(b)
	if n < 2 || b[n-1] != b[n-2] {
		return false
	}
	switch b[n-1] {
	case 'b', 'd', 'f', 'g', 'm', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

func isLiEnding(c byte) bool {
	switch c {
	case 'c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't':
		return true
	}
	return false
}

// markY marks an initial y, and a y after a vowel, as a consonant.
func (s *stemmer) markY() {
	for i, c := range s.b {
		if c == 'y' && (i == 0 || isVowel(s.b[i-1])) {
			s.b[i] = 'Y'
		}
	}
}

// regionAfter returns the index after the first non-vowel that follows a
// vowel at or after start, or len(b).
func regionAfter(b []byte, start int) int {
	for i := start + 1; i < len(b); i++ {
		if !isVowel(b[i]) && isVowel(b[i-1]) {
			return i + 1
		}
	}
	return len(b)
}

func (s *stemmer) regions() {
	s.r1 = len(s.b)
	for _, p := range [...]string{"gener", "commun", "arsen"} {
		if hasPrefix(s.b, p) {
			s.r1 = len(p)
			break
		}
	}
	if s.r1 == len(s.b) {
		s.r1 = regionAfter(s.b, 0)
	}
	s.r2 = len(s.b)
	if s.r1 < len(s.b) {
		s.r2 = regionAfter(s.b, s.r1)
	}
}

func hasPrefix(b []byte, p string) bool {
	return len(b) >= len(p) && string(b[:len(p)]) == p
}

func hasSuffix(b []byte, p string) bool {
	return len(b) >= len(p) && string(b[len(b)-len(p):]) == p
}

// longest returns the longest of suffixes that ends the word, or "".
func (s *stemmer) longest(suffixes ...string) string {
	best := ""
	for _, x := range suffixes {
		if len(x) > len(best) && hasSuffix(s.b, x) {
			best = x
		}
	}
	return best
}

// inR1 and inR2 report whether a suffix of length n lies in the region.
func (s *stemmer) inR1(n int) bool { return len(s.b)-n >= s.r1 }
func (s *stemmer) inR2(n int) bool { return len(s.b)-n >= s.r2 }

func (s *stemmer) replace(suffix, with string) {
	s.b = append(s.b[:len(s.b)-len(suffix)], with...)
}

func hasVowel(b []byte) bool {
	for _, c := range b {
		if isVowel(c) {
			return true
		}
	}
	return false
}

// endsShortSyllable reports whether b ends in a short syllable: a vowel
// followed by a non-vowel other than w, x or Y and preceded by a non-vowel,
// or a vowel at the start of the word followed by a non-vowel.
func endsShortSyllable(b []byte) bool {
	n := len(b)
	if n == 2 {
		return isVowel(b[0]) && !isVowel(b[1])
	}
	if n < 3 {
		return false
	}
	c := b[n-1]
	return !isVowel(b[n-3]) && isVowel(b[n-2]) && !isVowel(c) &&
		c != 'w' && c != 'x' && c != 'Y'
}

func (s *stemmer) isShort() bool {
	return s.r1 >= len(s.b) && endsShortSyllable(s.b)
}

func (s *stemmer) step0() {
	if x := s.longest("'", "'s", "'s'"); x != "" {
		s.replace(x, "")
	}
}

func (s *stemmer) step1a() {
	switch x := s.longest("sses", "ied", "ies", "s", "us", "ss"); x {
	case "sses":
		s.replace(x, "ss")
	case "ied", "ies":
		if len(s.b) > 4 {
			s.replace(x, "i")
		} else {
			s.replace(x, "ie")
		}
	case "s":
		if hasVowel(s.b[:len(s.b)-2]) {
			s.replace(x, "")
		}
	}
}

func (s *stemmer) step1b() {
	switch x := s.longest("eed", "eedly", "ed", "edly", "ing", "ingly"); x {
	case "eed", "eedly":
		if s.inR1(len(x)) {
			s.replace(x, "ee")
		}
	case "ed", "edly", "ing", "ingly":
		if !hasVowel(s.b[:len(s.b)-len(x)]) {
			return
		}
		s.replace(x, "")
		switch {
		case hasSuffix(s.b, "at"), hasSuffix(s.b, "bl"), hasSuffix(s.b, "iz"):
			s.b = append(s.b, 'e')
		case isDouble(s.b):
			s.b = s.b[:len(s.b)-1]
		case s.isShort():
			s.b = append(s.b, 'e')
		}
	}
}

func (s *stemmer) step1c() {
	n := len(s.b)
	if n > 2 && (s.b[n-1] == 'y' || s.b[n-1] == 'Y') && !isVowel(s.b[n-2]) {
		s.b[n-1] = 'i'
	}
}

// step2Rules maps step 2 suffixes to their replacements; "ogi" and "li"
// carry extra conditions handled in step2.
var step2Rules = map[string]string{
	"tional": "tion", "enci": "ence", "anci": "ance", "abli": "able",
	"entli": "ent", "izer": "ize", "ization": "ize", "ational": "ate",
	"ation": "ate", "ator": "ate", "alism": "al", "aliti": "al", "alli": "al",
	"fulness": "ful", "ousli": "ous", "ousness": "ous", "iveness": "ive",
	"iviti": "ive", "biliti": "ble", "bli": "ble", "ogi": "og",
	"fulli": "ful", "lessli": "less", "li": "",
}

var step2Suffixes = keys(step2Rules)

func (s *stemmer) step2() {
	x := s.longest(step2Suffixes...)
	if x == "" || !s.inR1(len(x)) {
		return
	}
	before := s.b[:len(s.b)-len(x)]
	switch x {
	case "ogi":
		if len(before) == 0 || before[len(before)-1] != 'l' {
			return
		}
	case "li":
		if len(before) == 0 || !isLiEnding(before[len(before)-1]) {
			return
		}
	}
	s.replace(x, step2Rules[x])
}

var step3Rules = map[string]string{
	"tional": "tion", "ational": "ate", "alize": "al", "icate": "ic",
	"iciti": "ic", "ical": "ic", "ful": "", "ness": "", "ative": "",
}

var step3Suffixes = keys(step3Rules)

func (s *stemmer) step3() {
	x := s.longest(step3Suffixes...)
	if x == "" || !s.inR1(len(x)) {
		return
	}
	if x == "ative" && !s.inR2(len(x)) {
		return
	}
	s.replace(x, step3Rules[x])
}

var step4Suffixes = []string{
	"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
	"ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion",
}

func (s *stemmer) step4() {
	x := s.longest(step4Suffixes...)
	if x == "" || !s.inR2(len(x)) {
		return
	}
	if x == "ion" {
		n := len(s.b) - len(x)
		if n == 0 || (s.b[n-1] != 's' && s.b[n-1] != 't') {
			return
		}
	}
	s.replace(x, "")
}

func (s *stemmer) step5() {
	n := len(s.b)
	switch s.b[n-1] {
	case 'e':
		if s.inR2(1) || (s.inR1(1) && !endsShortSyllable(s.b[:n-1])) {
			s.b = s.b[:n-1]
		}
	case 'l':
		if s.inR2(1) && n >= 2 && s.b[n-2] == 'l' {
			s.b = s.b[:n-1]
		}
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
