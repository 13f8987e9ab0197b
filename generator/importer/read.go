package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
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

// size is about how much memory the row's values take.
func (r *row) size() int {
	n := 0
	for _, c := range r.cells {
		n += len(c)
	}
	for k, v := range r.obj {
		n += len(k) + len(v)
	}
	return n
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
	// close removes the temporary files reading made.
	close()
}

// csvReader reads CSV (or another separator) with a header row.
type csvReader struct {
	t      *csvTokenizer
	header []string
	index  map[string]int
	dups   []string
	num    int
}

func newCSVReader(br *bufio.Reader, delim rune) (*csvReader, error) {
	if delim == 0 {
		delim = detectDelimiter(br)
	}
	t := &csvTokenizer{in: newInput(br), delim: utf8.AppendRune(nil, delim)}
	rec, err := t.next()
	if err == io.EOF {
		t.in.close()
		return nil, errors.New("the file is empty: want a header row naming the columns")
	}
	if err == nil && rec.err != nil {
		err = rec.err
	}
	if err != nil {
		t.in.close()
		return nil, fmt.Errorf("header row: %w", err)
	}
	c := &csvReader{t: t, header: rec.fields, index: map[string]int{}, num: 1 + rec.blanks}
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
	rec, err := c.t.next()
	if err != nil {
		return row{}, err
	}
	// A spreadsheet shows the empty lines the reader skips as rows.
	c.num += 1 + rec.blanks
	rw := row{num: c.num, line: rec.line, cells: rec.fields, index: c.index, err: rec.err}
	if rw.err == nil && len(rec.fields) != len(c.header) && !rw.blank() {
		rw.err = fmt.Errorf("has %d fields where the header has %d (an unquoted separator or line break?)", len(rec.fields), len(c.header))
	}
	return rw, nil
}

func (c *csvReader) close() { c.t.in.close() }

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
// line), a row at a time (see jsonrows.go).
type jsonReader struct {
	in     *input
	array  bool
	closed bool  // the array's ] was read
	ahead  []row // the first rows, read early for their keys
	err    error // what stopped the early reading, once they are done
	keys   []string
	num    int
}

// lookAhead is how many JSON rows are read before the others to learn the
// keys rows have (a key may be missing from the first objects), and
// lookAheadBytes how much of them at most.
const (
	lookAhead      = 100
	lookAheadBytes = 16 << 20
)

func newJSONReader(br *bufio.Reader) (*jsonReader, error) {
	j := &jsonReader{in: newInput(br)}
	for {
		b, err := j.in.peek()
		if err == io.EOF {
			return nil, errors.New("the file is empty: want a JSON array of objects or one object per line")
		} else if err != nil {
			return nil, err
		}
		if !strings.ContainsRune(" \t\r\n", rune(b)) {
			if b == '[' {
				j.in.readByte()
				j.array = true
			} else if wrapped(br) {
				return nil, errors.New(`the file is one JSON object over several lines: want a JSON array of objects, or one object per line (JSON Lines); for an API dump such as {"tickets": [...]}, take the list out first (jq '.tickets')`)
			}
			break
		}
		j.in.readByte()
	}
	seen := map[string]bool{}
	size := 0
	for len(j.ahead) < lookAhead && size < lookAheadBytes {
		r, err := j.read()
		if err != nil {
			j.err = err
			break
		}
		j.ahead = append(j.ahead, r)
		size += r.size()
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

func (j *jsonReader) close() { j.in.close() }

// unreadable says why no row read early has keys, when none has: the
// first one's reason.
func (j *jsonReader) unreadable() string {
	if len(j.keys) > 0 {
		return ""
	}
	for _, r := range j.ahead {
		if r.err != nil {
			return fmt.Sprintf("row %d: %v", r.num, r.err)
		}
	}
	if j.err != nil && j.err != io.EOF {
		return j.err.Error()
	}
	return ""
}

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
	in := j.in
	if j.array {
		if j.closed {
			return row{}, io.EOF
		}
		r := &jsonRow{in: in}
		r.space()
		b, err := in.peek()
		if err == io.EOF {
			return row{}, fmt.Errorf("the file ends before the array's ] (after element %d)", j.num)
		}
		if err != nil {
			return row{}, err
		}
		if b == ']' {
			in.readByte()
			j.closed = true
			r.space()
			if b, err := in.peek(); err == nil {
				return row{}, fmt.Errorf("%s after the array's ] on line %d", quoteByte(b), in.line)
			}
			return row{}, io.EOF
		}
		if j.num > 0 {
			if err := r.expect(','); err != nil {
				return row{}, fmt.Errorf("after element %d: %w", j.num, err)
			}
		}
		j.num++
		rw, err := readRow(in, j.num, false)
		if err != nil {
			return row{}, fmt.Errorf("element %d: %w; the elements after it could not be read", j.num, err)
		}
		return rw, nil
	}
	for {
		b, err := in.peek()
		if err != nil {
			return row{}, err
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			in.readByte()
			continue
		}
		break
	}
	j.num++
	line := in.line
	rw, err := readRow(in, j.num, true)
	if isSyntax(err) {
		// The row fails; the next one starts on the next line.
		if in.last != '\n' {
			in.skipLine()
		}
		return row{num: j.num, line: line, err: err}, nil
	}
	if err != nil {
		return row{}, err
	}
	for {
		b, err := in.peek()
		if err != nil {
			break
		}
		if b == '\n' {
			in.readByte()
			break
		}
		if b != ' ' && b != '\t' && b != '\r' {
			in.skipLine()
			return row{num: j.num, line: line, err: errors.New("invalid JSON: more than one value on the line")}, nil
		}
		in.readByte()
	}
	return rw, nil
}
