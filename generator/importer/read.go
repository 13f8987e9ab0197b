package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// row is one record of an export as read, before mapping.
type row struct {
	// num is the row number a reader of the export sees: a spreadsheet's row
	// (the header is row 1) for CSV, the element or non-blank line (from 1)
	// for JSON.
	num int
	// line is the line of the file where the row starts, 0 when unknown.
	line int
	// cells and index hold a CSV row; obj a JSON row.
	cells []string
	index map[string]int
	obj   map[string]string
	// err says why the row cannot be used; it fails the row.
	err error
}

// value returns the row's value in col, "" when it has none.
func (r *row) value(col string) string {
	if r.obj != nil {
		return r.obj[col]
	}
	if i, ok := r.index[col]; ok && i < len(r.cells) {
		return r.cells[i]
	}
	return ""
}

// blank says whether every value of the row is empty.
func (r *row) blank() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	for _, v := range r.obj {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// rowReader reads an export one row at a time.
type rowReader interface {
	// columns returns the names rows can be looked up by: the CSV header,
	// or the keys of the first JSON object.
	columns() []string
	// next returns the next row, or io.EOF. Any other error means the rest
	// of the export cannot be read.
	next() (row, error)
}

// csvReader reads CSV (or another separator) with a header row.
type csvReader struct {
	r      *csv.Reader
	header []string
	index  map[string]int
	dups   []string
	num    int
	end    int // the line the last record ended on
}

func newCSVReader(br *bufio.Reader, delim rune) (*csvReader, error) {
	if delim == 0 {
		delim = detectDelimiter(br)
	}
	r := csv.NewReader(br)
	r.Comma = delim
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return nil, errors.New("the file is empty: want a header row naming the columns")
	}
	if err != nil {
		return nil, fmt.Errorf("header row: %w", err)
	}
	c := &csvReader{r: r, header: slices.Clone(header), index: map[string]int{}, num: 1}
	last, _ := r.FieldPos(len(header) - 1)
	c.end = last + strings.Count(header[len(header)-1], "\n")
	for i, h := range c.header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		c.header[i] = h
		if _, dup := c.index[h]; dup {
			c.dups = append(c.dups, h)
			continue
		}
		c.index[h] = i
	}
	return c, nil
}

func (c *csvReader) columns() []string { return c.header }

func (c *csvReader) next() (row, error) {
	rec, err := c.r.Read()
	if err == io.EOF {
		return row{}, io.EOF
	}
	c.num++
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return row{num: c.num, line: pe.StartLine, err: fmt.Errorf("unreadable CSV: %w", pe.Err)}, nil
	} else if err != nil {
		return row{}, err
	}
	line, _ := c.r.FieldPos(0)
	if c.end > 0 && line > c.end+1 {
		// The reader skips blank lines; a spreadsheet shows them as rows.
		c.num += line - c.end - 1
	}
	last, _ := c.r.FieldPos(len(rec) - 1)
	c.end = last + strings.Count(rec[len(rec)-1], "\n")
	rw := row{num: c.num, line: line, cells: rec, index: c.index}
	if len(rec) != len(c.header) && !rw.blank() {
		rw.err = fmt.Errorf("has %d fields where the header has %d (an unquoted separator or line break?)", len(rec), len(c.header))
	}
	return rw, nil
}

// detectDelimiter picks the separator of a CSV file from its first line:
// the most frequent of , ; tab and | outside quotes (comma when none).
func detectDelimiter(br *bufio.Reader) rune {
	head, _ := br.Peek(64 << 10)
	counts := map[byte]int{}
	quoted := false
	for _, b := range head {
		if b == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if b == '\n' {
			break
		}
		counts[b]++
	}
	best, bestN := byte(','), 0
	for _, d := range []byte{',', ';', '\t', '|'} {
		if counts[d] > bestN {
			best, bestN = d, counts[d]
		}
	}
	return rune(best)
}

// jsonReader reads a JSON array of objects, or JSON Lines (one object per
// line).
type jsonReader struct {
	br     *bufio.Reader
	dec    *json.Decoder // set for an array
	ahead  []row         // the first rows, read early for their keys
	err    error         // what stopped the early reading, once they are done
	keys   []string
	num    int
	line   int
	closed bool
}

// lookAhead is how many JSON rows are read before the others to learn the
// keys rows have (a key may be missing from the first objects).
const lookAhead = 100

func newJSONReader(br *bufio.Reader) (*jsonReader, error) {
	j := &jsonReader{br: br}
	for {
		b, err := br.Peek(1)
		if err == io.EOF {
			return nil, errors.New("the file is empty: want a JSON array of objects or one object per line")
		} else if err != nil {
			return nil, err
		}
		if !strings.ContainsRune(" \t\r\n", rune(b[0])) {
			if b[0] == '[' {
				j.dec = json.NewDecoder(br)
				j.dec.UseNumber()
				if _, err := j.dec.Token(); err != nil {
					return nil, fmt.Errorf("invalid JSON: %w", err)
				}
			} else if wrapped(br) {
				return nil, errors.New(`the file is one JSON object over several lines: want a JSON array of objects, or one object per line (JSON Lines); for an API dump such as {"tickets": [...]}, take the list out first (jq '.tickets')`)
			}
			break
		}
		br.ReadByte()
		if b[0] == '\n' {
			j.line++
		}
	}
	seen := map[string]bool{}
	for len(j.ahead) < lookAhead {
		r, err := j.read()
		if err != nil {
			j.err = err
			break
		}
		j.ahead = append(j.ahead, r)
		for k := range r.obj {
			if !seen[k] {
				seen[k] = true
				j.keys = append(j.keys, k)
			}
		}
	}
	slices.Sort(j.keys)
	return j, nil
}

// wrapped says whether the JSON about to be read is an object whose first
// line is not a whole object: one document, not JSON Lines.
func wrapped(br *bufio.Reader) bool {
	head, _ := br.Peek(64 << 10)
	line, _, complete := bytes.Cut(head, []byte("\n"))
	if !complete && len(head) == 64<<10 {
		return false // a long first line: let it be read as a row
	}
	return len(line) > 0 && line[0] == '{' && !json.Valid(line)
}

func (j *jsonReader) columns() []string { return j.keys }

func (j *jsonReader) next() (row, error) {
	if len(j.ahead) > 0 {
		r := j.ahead[0]
		j.ahead = j.ahead[1:]
		return r, nil
	}
	if j.err != nil {
		return row{}, j.err
	}
	return j.read()
}

func (j *jsonReader) read() (row, error) {
	if j.dec != nil {
		if j.closed || !j.dec.More() {
			if !j.closed {
				j.closed = true
				if _, err := j.dec.Token(); err != nil {
					return row{}, fmt.Errorf("invalid JSON after element %d: %w", j.num, err)
				}
			}
			return row{}, io.EOF
		}
		j.num++
		var v any
		if err := j.dec.Decode(&v); err != nil {
			return row{}, fmt.Errorf("element %d: invalid JSON: %w", j.num, err)
		}
		return objectRow(j.num, 0, v), nil
	}
	for {
		text, err := j.br.ReadBytes('\n')
		if len(text) == 0 && err != nil {
			return row{}, err
		}
		j.line++
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		j.num++
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return row{num: j.num, line: j.line, err: fmt.Errorf("invalid JSON: %w", err)}, nil
		}
		if dec.More() {
			return row{num: j.num, line: j.line, err: errors.New("invalid JSON: more than one value on the line")}, nil
		}
		return objectRow(j.num, j.line, v), nil
	}
}

// objectRow makes a row of a decoded JSON value, which must be an object.
func objectRow(num, line int, v any) row {
	m, ok := v.(map[string]any)
	if !ok {
		return row{num: num, line: line, err: fmt.Errorf("is %s, not an object", jsonKind(v))}
	}
	obj := map[string]string{}
	flatten("", m, obj)
	return row{num: num, line: line, obj: obj}
}

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a value"
}

// flatten turns nested objects into dotted keys ("requester.email") and
// arrays into comma-separated values ("tags": ["a", "b"] is "a, b").
func flatten(prefix string, v any, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			flatten(prefix+k+".", x, out)
		}
	case []any:
		for _, x := range v {
			sub := map[string]string{}
			flatten(prefix, x, sub)
			for k, s := range sub {
				if s == "" {
					continue
				}
				if out[k] != "" {
					out[k] += ", "
				}
				out[k] += s
			}
		}
		if k := strings.TrimSuffix(prefix, "."); len(v) == 0 && k != "" {
			out[k] = "" // an empty list still names its key
		}
	default:
		out[strings.TrimSuffix(prefix, ".")] = scalarText(v)
	}
}

func scalarText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return ""
}
