package render

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// jsonWriter writes JSON into one buffer exactly as a json.Encoder with
// SetIndent("", "  ") writes the same values: the site's large JSON files
// (search/index.json, api/feedback.json, tens of megabytes at 100,000
// items) have known shapes, so their fields are appended one by one
// instead of going through reflection, a compact copy and an indented one.
//
// A value is written by open/close (objects and arrays) or by a scalar
// method (str, int, float, ...), each after key in an object or after elem
// in an array.
type jsonWriter struct {
	buf   []byte
	depth int
	// empty: in an object or array that has no member yet.
	empty bool
	// err is the first value JSON cannot hold (NaN or an infinity).
	err error
	// join holds a string made of parts that cannot be escaped one by one.
	join []byte
}

// newJSONWriter starts a file of about size bytes: a close estimate saves
// the buffer's growth, which allocates several times the file's size in
// steps of a quarter once it is large.
func newJSONWriter(size int) *jsonWriter {
	return &jsonWriter{buf: make([]byte, 0, size)}
}

// bytes ends the file with the newline json.Encoder adds.
func (w *jsonWriter) bytes() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	return append(w.buf, '\n'), nil
}

// open starts an object ('{') or an array ('[').
func (w *jsonWriter) open(c byte) {
	w.buf = append(w.buf, c)
	w.depth++
	w.empty = true
}

// close ends an object ('}') or an array (']'): an empty one stays on
// its line, as {} or [].
func (w *jsonWriter) close(c byte) {
	w.depth--
	if !w.empty {
		w.newline()
	}
	w.empty = false
	w.buf = append(w.buf, c)
}

// elem starts an array element.
func (w *jsonWriter) elem() {
	if !w.empty {
		w.buf = append(w.buf, ',')
	}
	w.empty = false
	w.newline()
}

// key starts an object member; name is a constant that needs no escaping.
func (w *jsonWriter) key(name string) {
	w.elem()
	w.buf = append(w.buf, '"')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, `": `...)
}

const jsonIndent = "                                                                "

func (w *jsonWriter) newline() {
	w.buf = append(w.buf, '\n')
	for n := 2 * w.depth; n > 0; n -= len(jsonIndent) {
		w.buf = append(w.buf, jsonIndent[:min(n, len(jsonIndent))]...)
	}
}

// Scalars.

func (w *jsonWriter) str(s string) { w.buf = appendJSONString(w.buf, s) }

func (w *jsonWriter) int(n int) { w.buf = strconv.AppendInt(w.buf, int64(n), 10) }

func (w *jsonWriter) null() { w.buf = append(w.buf, "null"...) }

func (w *jsonWriter) float(f float64) {
	var err error
	w.buf, err = appendJSONFloat(w.buf, f)
	if w.err == nil {
		w.err = err
	}
}

// time writes t in UTC in layout (one whose output needs no escaping)
// without making the string.
func (w *jsonWriter) time(t time.Time, layout string) {
	w.buf = append(w.buf, '"')
	w.buf = t.UTC().AppendFormat(w.buf, layout)
	w.buf = append(w.buf, '"')
}

// strs writes the string of parts joined, without joining them when
// their escapes are the parts' escapes put together.
func (w *jsonWriter) strs(parts ...string) {
	last := byte(0) // the last byte of the parts so far
	for _, p := range parts {
		if p == "" {
			continue
		}
		// Only a rune split between two parts escapes differently.
		if last >= utf8.RuneSelf && !utf8.RuneStart(p[0]) {
			w.join = w.join[:0]
			for _, p := range parts {
				w.join = append(w.join, p...)
			}
			w.buf = appendJSONString(w.buf, w.join)
			return
		}
		last = p[len(p)-1]
	}
	w.buf = append(w.buf, '"')
	for _, p := range parts {
		w.buf = appendJSONChars(w.buf, p)
	}
	w.buf = append(w.buf, '"')
}

// strList writes an array of strings.
func (w *jsonWriter) strList(list []string) {
	w.open('[')
	for _, s := range list {
		w.elem()
		w.str(s)
	}
	w.close(']')
}

// field, fieldInt, fieldFloat and fieldOmit write an object member, the
// last leaving out an empty string (omitempty).
func (w *jsonWriter) field(name, value string) {
	w.key(name)
	w.str(value)
}

func (w *jsonWriter) fieldInt(name string, n int) {
	w.key(name)
	w.int(n)
}

func (w *jsonWriter) fieldFloat(name string, f float64) {
	w.key(name)
	w.float(f)
}

func (w *jsonWriter) fieldOmit(name, value string) {
	if value != "" {
		w.field(name, value)
	}
}

// htmlSafe marks the ASCII bytes encoding/json writes as they are in a
// string (its HTML escaping on): not control characters, '"', '\\', '<',
// '>' or '&'.
var htmlSafe = func() (safe [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		safe[c] = !strings.ContainsRune("\"\\<>&", c)
	}
	return safe
}()

// appendJSONString appends s quoted as json.Marshal does.
func appendJSONString[S []byte | string](dst []byte, s S) []byte {
	dst = append(dst, '"')
	dst = appendJSONChars(dst, s)
	return append(dst, '"')
}

// appendJSONChars appends s escaped as json.Marshal does inside quotes
// (encoding/json's appendString with escapeHTML): control characters,
// '"' and '\\'; '<', '>' and '&' as \u003c, \u003e and \u0026; U+2028
// and U+2029 as \u2028 and \u2029; each byte of invalid UTF-8 as \ufffd.
func appendJSONChars[S []byte | string](dst []byte, s S) []byte {
	const hex = "0123456789abcdef"
	start := 0 // s[start:i] is to be copied as it is
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if htmlSafe[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(dst, s[start:]...)
}

// appendJSONFloat appends f as json.Marshal writes a float64: like
// strconv's shortest 'f' form, 'e' form for very small or large values
// ("1e-7", not "1e-07"). NaN and infinities are an error, as there.
func appendJSONFloat(dst []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, &jsonValueError{f}
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if n := len(dst); format == 'e' && n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
		dst[n-2] = dst[n-1]
		dst = dst[:n-1]
	}
	return dst, nil
}

// jsonValueError is a number JSON cannot hold.
type jsonValueError struct{ f float64 }

func (e *jsonValueError) Error() string {
	return "json: unsupported value: " + strconv.FormatFloat(e.f, 'g', -1, 64)
}
