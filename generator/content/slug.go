package content

import (
	"crypto/sha256"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Ids are slugs of ASCII letters, digits and dashes (config.IsSlug): they
// name files on every file system (macOS writes names decomposed, Windows
// folds case), git paths, and path segments of the site's addresses without
// escaping. Names in other scripts still make distinct ids: what an id
// cannot spell is kept as a short hash of the name.

// Slugify turns a name (a file name, a title, a customer's name) into an
// id: lower case, with runs of anything but letters and digits made one
// dash. Latin letters lose their accents ("Café crème" is cafe-creme,
// "Straße" strasse, "Ærø" aero). A name with letters or digits the id
// cannot spell, those of another script, ends with a short hash of the
// name instead: "日本語のタイトル" is a hash alone and "Export 日本語"
// export-HASH, so that two such names make two ids; so is a name of
// punctuation only. The empty name is "item".
func Slugify(s string) string {
	if slug, ok := slugifyASCII(s); ok {
		return slug
	}
	return slugifyRunes(s)
}

// slugParts returns the ASCII slug of a name and, when the name holds
// letters or digits that the slug could not spell or nothing a slug can
// (only punctuation), a hash to tell it apart ("" otherwise).
func slugParts(s string) (slug, hash string) {
	if slug, ok := slugifyASCII(s); ok {
		return slug, ""
	}
	var b strings.Builder
	dash, lost := false, false
	latin := false // the last letter was Latin: its marks are accents
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
			lost = lost || !latin
			continue
		}
		latin = unicode.Is(unicode.Latin, r)
		t, ok := latinLetters[r]
		if !ok {
			t = string(unicode.ToLower(r))
		}
		for _, c := range t {
			switch {
			case (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'):
				b.WriteRune(c)
				dash = false
			default:
				if unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.Mc, c) {
					lost = true
				}
				if !dash && b.Len() > 0 {
					b.WriteByte('-')
					dash = true
				}
			}
		}
	}
	slug = strings.TrimSuffix(b.String(), "-")
	if lost || slug == "" {
		hash = nameHash(s)
	}
	return slug, hash
}

// slugifyRunes is Slugify for any name.
func slugifyRunes(s string) string {
	slug, hash := slugParts(s)
	switch {
	case hash == "" && slug == "":
		return "item"
	case hash == "":
		return slug
	case slug == "":
		return hash
	}
	return slug + "-" + hash
}

// latinLetters spells the Latin letters that do not decompose into a
// letter and accents.
var latinLetters = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'ł': "l", 'Ł': "l", 'þ': "th", 'Þ': "th",
	'ħ': "h", 'Ħ': "h", 'ı': "i", 'ŧ': "t", 'Ŧ': "t", 'ŋ': "n", 'Ŋ': "n", 'ĸ': "k", 'ſ': "s",
}

// hashLen is how many characters of the hash an id keeps: 8 of base32, 40
// bits, so that two names of one day share one about once in a trillion.
const hashLen = 8

// nameHash is the hash of a name, written in lower-case base32; of the
// name composed (NFC), so that a name typed decomposed hashes alike.
func nameHash(s string) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz234567"
	sum := sha256.Sum256([]byte(norm.NFC.String(s)))
	var b [hashLen]byte
	for i := range b {
		// 5 bits a character, from the start of the sum.
		bit := i * 5
		v := (uint(sum[bit/8])<<8 | uint(sum[bit/8+1])) >> (11 - bit%8) & 31
		b[i] = alphabet[v]
	}
	return string(b[:])
}

// slugifyASCII is Slugify for the usual ASCII file name, in one
// allocation; false for any other name (lower-casing may turn a letter
// beyond ASCII into one within it).
func slugifyASCII(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	dash := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return "", false
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b = append(b, c)
			dash = false
		} else if !dash && len(b) > 0 {
			b = append(b, '-')
			dash = true
		}
	}
	if len(b) > 0 && b[len(b)-1] == '-' {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		if s != "" {
			return "", false // punctuation only: a hash, made by slugifyRunes
		}
		return "item", true
	}
	return string(b), true
}
