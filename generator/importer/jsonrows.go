package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A JSON export is read by a parser of its own rather than encoding/json,
// which holds a whole value, and each of its strings, before returning it
// (a 200 MB field took 1.1 GB): this one builds a row's flattened values as
// it reads them, within the limits of a row (maxField, maxRow,
// maxColumns, maxDepth), and reads the rest of a row over a limit without
// keeping it.

// maxDepth is how deeply a row's objects and lists may nest.
const maxDepth = 64

// maxKey is the longest key kept.
const maxKey = 1 << 10

// jsonRow is the state of reading one row.
type jsonRow struct {
	in *input
	// oneLine: the row is one line of JSON Lines, which a line break ends.
	oneLine bool
	buf     []byte // a string as it is read
	out     map[string]string
	size    int   // bytes kept in out
	limit   error // the first limit the row went over; the rest is read, not kept
}

// syntaxError is JSON that cannot be read, at a line and column.
type syntaxError struct {
	line, col int
	msg       string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("invalid JSON on line %d, column %d: %s", e.line, e.col, e.msg)
}

// fail makes a syntax error at the last byte read (col counts bytes).
func (r *jsonRow) fail(format string, args ...any) error {
	return &syntaxError{line: r.in.lastLine, col: r.in.lastCol, msg: fmt.Sprintf(format, args...)}
}

// over records the first limit the row goes over.
func (r *jsonRow) over(err error) {
	if r.limit == nil {
		r.limit = err
	}
}

func (r *jsonRow) space() {
	for {
		b, err := r.in.peek()
		if err != nil || (b != ' ' && b != '\t' && b != '\r' && (b != '\n' || r.oneLine)) {
			return
		}
		r.in.readByte()
	}
}

// expect reads the byte c, after white space.
func (r *jsonRow) expect(c byte) error {
	r.space()
	b, err := r.in.readByte()
	if err == io.EOF {
		return r.fail("the file ends where %q was expected", c)
	}
	if err != nil {
		return err
	}
	if b != c {
		return r.fail("%s where %q was expected", quoteByte(b), c)
	}
	return nil
}

func quoteByte(b byte) string {
	if b == '\n' {
		return "the end of the line"
	}
	if b < 0x20 || b >= 0x7f {
		return fmt.Sprintf("byte 0x%02x", b)
	}
	return fmt.Sprintf("%q", b)
}

// set stores a flattened value, within the row's limits.
func (r *jsonRow) set(key, value string, join bool) {
	old, had := r.out[key]
	if join && value == "" {
		return // an empty element adds nothing to a list's values
	}
	if join && had && old != "" {
		value = old + ", " + value
	}
	switch {
	case len(value) > maxField:
		r.over(fmt.Errorf("%s holds %s, more than an item can hold (1 MB): shorten it in the export", keyName(key), fieldSize(int64(len(value)))))
	case !had && len(r.out) >= maxColumns:
		r.over(fmt.Errorf("has more than %d keys", maxColumns))
	case r.size+len(value)+len(key) > maxRow:
		r.over(fmt.Errorf("holds more than %d MB in all", maxRow>>20))
	case r.limit == nil:
		r.size += len(value) - len(old)
		if !had {
			r.size += len(key)
		}
		r.out[key] = value
	}
}

func keyName(key string) string {
	if key == "" {
		return "the value"
	}
	return fmt.Sprintf("%q", key)
}

// value reads a value whose flattened key starts with prefix (dotted keys
// of nested objects, ending in a dot), into out; join says the value is
// an element of a list, joined to those before it.
func (r *jsonRow) value(prefix string, depth int, join bool) error {
	r.space()
	b, err := r.in.peek()
	if err == io.EOF {
		return r.fail("the file ends where a value was expected")
	}
	if err != nil {
		return err
	}
	if (b == '{' || b == '[') && depth >= maxDepth {
		r.over(fmt.Errorf("nests objects and lists more than %d levels deep: flatten the export first (with jq)", maxDepth))
		return r.skip()
	}
	key := strings.TrimSuffix(prefix, ".")
	switch {
	case b == '{':
		r.in.readByte()
		r.space()
		if b, _ := r.in.peek(); b == '}' {
			r.in.readByte()
			return nil
		}
		for {
			r.space()
			if b, err := r.in.peek(); err != nil || b != '"' {
				if err == nil {
					r.in.readByte()
					return r.fail("%s where a key was expected", quoteByte(b))
				}
				return r.fail("the file ends where a key was expected")
			}
			r.in.readByte()
			k, _, err := r.str(maxKey)
			if err != nil {
				return err
			}
			if err := r.expect(':'); err != nil {
				return err
			}
			if err := r.value(prefix+k+".", depth+1, join); err != nil {
				return err
			}
			r.space()
			b, err := r.in.readByte()
			if err == io.EOF {
				return r.fail("the file ends inside an object")
			}
			if err != nil {
				return err
			}
			if b == '}' {
				return nil
			}
			if b != ',' {
				return r.fail("%s where , or } was expected", quoteByte(b))
			}
		}
	case b == '[':
		r.in.readByte()
		r.space()
		if b, _ := r.in.peek(); b == ']' {
			r.in.readByte()
			// An empty list still names its key, but not as an element of
			// a list, where it adds nothing ([[]] as [] does not): empty
			// elements are dropped from a list's values.
			if _, ok := r.out[key]; key != "" && !ok && !join {
				r.set(key, "", false)
			}
			return nil
		}
		for {
			// Elements join: ["a", "b"] is "a, b"; a list of objects
			// joins each key's values.
			if err := r.value(prefix, depth+1, true); err != nil {
				return err
			}
			r.space()
			b, err := r.in.readByte()
			if err == io.EOF {
				return r.fail("the file ends inside a list")
			}
			if err != nil {
				return err
			}
			if b == ']' {
				return nil
			}
			if b != ',' {
				return r.fail("%s where , or ] was expected", quoteByte(b))
			}
		}
	case b == '"':
		r.in.readByte()
		s, size, err := r.str(maxField)
		if err != nil {
			return err
		}
		if size > maxField {
			r.over(fmt.Errorf("%s holds %s, more than an item can hold (1 MB): shorten it in the export", keyName(key), fieldSize(size)))
			return nil
		}
		if strings.IndexByte(s, 0) >= 0 {
			r.over(fmt.Errorf("%s holds a NUL character (\\u0000): binary data?", keyName(key)))
		}
		r.set(key, s, join)
	default:
		lit, err := r.literal()
		if err != nil {
			return err
		}
		if lit == "null" {
			lit = ""
		}
		r.set(key, lit, join)
	}
	return nil
}

// literal reads true, false, null or a number.
func (r *jsonRow) literal() (string, error) {
	line, col := r.in.line, r.in.col
	var b strings.Builder
	for b.Len() < 64 {
		c, err := r.in.peek()
		if err != nil || !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'E') {
			break
		}
		r.in.readByte()
		b.WriteByte(c)
	}
	s := b.String()
	switch {
	case s == "true" || s == "false" || s == "null":
		return s, nil
	case s != "" && json.Valid([]byte(s)) && (s[0] == '-' || s[0] >= '0' && s[0] <= '9'):
		return s, nil
	case s == "":
		c, err := r.in.readByte()
		if err != nil {
			return "", r.fail("the file ends where a value was expected")
		}
		return "", r.fail("%s where a value was expected", quoteByte(c))
	}
	return "", &syntaxError{line: line, col: col, msg: fmt.Sprintf("%q is not a value (want a string, a number, true, false or null)", s)}
}

// str reads the rest of a string whose opening quote was read, keeping at
// most limit bytes of it; size is its whole length.
func (r *jsonRow) str(limit int) (string, int64, error) {
	buf := r.buf[:0]
	defer func() {
		if cap(buf) <= maxField {
			r.buf = buf // kept for the next string
		}
	}()
	var size int64
	add := func(s string) {
		size += int64(len(s))
		if size <= int64(limit) {
			buf = append(buf, s...)
		}
	}
	for {
		c, err := r.in.readByte()
		if err == io.EOF {
			return "", 0, r.fail("the file ends inside a string")
		}
		if err != nil {
			return "", 0, err
		}
		switch {
		case c == '"':
			return string(buf), size, nil
		case c < 0x20:
			return "", 0, r.fail("a control character (%s) inside a string", quoteByte(c))
		case c != '\\':
			size++
			if size <= int64(limit) {
				buf = append(buf, c)
			}
			continue
		}
		e, err := r.in.readByte()
		if err != nil {
			return "", 0, r.fail("the file ends inside a string")
		}
		switch e {
		case '"', '\\', '/':
			add(string(rune(e)))
		case 'b':
			add("\b")
		case 'f':
			add("\f")
		case 'n':
			add("\n")
		case 'r':
			add("\r")
		case 't':
			add("\t")
		case 'u':
			c1, err := r.hex4()
			if err != nil {
				return "", 0, err
			}
			ru := rune(c1)
			if utf16.IsSurrogate(ru) {
				if n, _ := r.in.peek(); n == '\\' {
					if n2, ok := r.in.peekAt(1); ok && n2 == 'u' {
						r.in.readByte()
						r.in.readByte()
						c2, err := r.hex4()
						if err != nil {
							return "", 0, err
						}
						ru = utf16.DecodeRune(ru, rune(c2))
					}
				}
				if utf16.IsSurrogate(ru) {
					ru = utf8.RuneError
				}
			}
			add(string(ru))
		default:
			return "", 0, r.fail("%s cannot follow a backslash", quoteByte(e))
		}
	}
}

func (r *jsonRow) hex4() (uint16, error) {
	var v uint16
	for range 4 {
		c, err := r.in.readByte()
		if err != nil {
			return 0, r.fail("the file ends inside a string")
		}
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | uint16(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uint16(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | uint16(c-'A'+10)
		default:
			return 0, r.fail("%s in a \\u escape", quoteByte(c))
		}
	}
	return v, nil
}

// skip reads the object or list that comes next, however deep, keeping
// nothing.
func (r *jsonRow) skip() error {
	depth := 0
	for {
		c, err := r.in.readByte()
		if err != nil {
			return r.fail("the file ends inside a value")
		}
		switch c {
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return nil
			}
		case '"':
			if _, _, err := r.str(0); err != nil {
				return err
			}
		}
	}
}

// jsonKindOf names what a row's value is when it is not an object.
func jsonKindOf(b byte) string {
	switch {
	case b == '[':
		return "an array"
	case b == '"':
		return "a string"
	case b == 't' || b == 'f':
		return "a boolean"
	case b == 'n':
		return "null"
	}
	return "a number"
}

// readRow reads one row, an object (anything else fails the row, read
// through). A syntax error comes back as the error; a row over a limit,
// or not an object, in row.err.
func readRow(in *input, num int, oneLine bool) (row, error) {
	r := &jsonRow{in: in, out: map[string]string{}, oneLine: oneLine}
	r.space()
	rw := row{num: num, line: in.line}
	b, err := in.peek()
	if err != nil {
		return rw, err
	}
	if b != '{' {
		// Read it through, as the row of another kind of value.
		if err := r.value("", 1, false); err != nil {
			return rw, err
		}
		rw.err = fmt.Errorf("is %s, not an object", jsonKindOf(b))
		return rw, nil
	}
	if err := r.value("", 0, false); err != nil {
		return rw, err
	}
	rw.obj, rw.err = r.out, r.limit
	if rw.err != nil {
		rw.obj = nil
	}
	return rw, nil
}

// isSyntax says whether err is JSON that cannot be read.
func isSyntax(err error) bool {
	var se *syntaxError
	return errors.As(err, &se)
}
