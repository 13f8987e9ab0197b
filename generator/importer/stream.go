package importer

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
)

// What one row of an export may hold. A row over a limit fails, with the
// reason, and is read to its end without being held: an export with a 200
// MB field imports its other rows in a few MB of memory.
const (
	// maxField is the most one value may hold: what an item file may.
	maxField = 1 << 20
	// maxRow is the most a row's values may hold together.
	maxRow = 4 << 20
	// maxColumns is the most values a row may have (a header, columns).
	maxColumns = 10_000
)

// fieldSize says how large a value that went over maxField was.
func fieldSize(n int64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// input is an export as the row readers read it: byte by byte, counting
// lines, and able to record what it reads so that it can be read again
// (CSV rows after an unclosed quote). What it records beyond replayMemory
// goes to a temporary file.
type input struct {
	r    *bufio.Reader
	line int  // the line the next byte is on, from 1
	col  int  // and its column, in bytes, from 1
	last byte // the last byte read
	// lastLine and lastCol are where the last byte read was.
	lastLine, lastCol int

	recording bool
	rec       bytes.Buffer
	spill     *os.File // the recording beyond replayMemory
	// replaying is the file the input reads a recording from, removed at
	// the end.
	replaying *os.File
}

// replayMemory is how much of a recording is kept in memory.
const replayMemory = 1 << 20

func newInput(r *bufio.Reader) *input { return &input{r: r, line: 1, col: 1} }

// readByte reads one byte, counting lines and recording it if asked.
func (in *input) readByte() (byte, error) {
	b, err := in.r.ReadByte()
	if err != nil {
		return 0, err
	}
	in.last, in.lastLine, in.lastCol = b, in.line, in.col
	in.col++
	if b == '\n' {
		in.line++
		in.col = 1
	}
	if in.recording {
		in.record(b)
	}
	return b, nil
}

// skipLine reads up to the end of the line, and the line break.
func (in *input) skipLine() {
	for {
		b, err := in.readByte()
		if err != nil || b == '\n' {
			return
		}
	}
}

// peek returns the next byte without reading it.
func (in *input) peek() (byte, error) {
	p, err := in.r.Peek(1)
	if err != nil {
		return 0, err
	}
	return p[0], nil
}

// peekAt returns the n-th next byte (0: the next one) without reading it.
func (in *input) peekAt(n int) (byte, bool) {
	p, err := in.r.Peek(n + 1)
	if err != nil || len(p) <= n {
		return 0, false
	}
	return p[n], true
}

func (in *input) record(b byte) {
	if in.spill == nil && in.rec.Len() < replayMemory {
		in.rec.WriteByte(b)
		return
	}
	if in.spill == nil {
		f, err := os.CreateTemp("", "heed-import-replay-*")
		if err != nil {
			in.recording = false // nothing to read again: the rows are reported lost
			in.rec.Reset()
			return
		}
		in.spill = f
	}
	if _, err := in.spill.Write([]byte{b}); err != nil {
		in.recording = false
		in.dropRecording()
	}
}

// startRecording records from the next byte on.
func (in *input) startRecording() {
	in.dropRecording()
	in.recording = true
}

// dropRecording stops recording and forgets the recording.
func (in *input) dropRecording() {
	in.recording = false
	in.rec.Reset()
	if in.spill != nil {
		in.spill.Close()
		os.Remove(in.spill.Name())
		in.spill = nil
	}
}

// replay makes the input read its recording, from line on, then end: the
// rest of the export read once more. It says false when there is nothing
// recorded to read.
func (in *input) replay(line int) bool {
	if !in.recording {
		return false
	}
	in.recording = false
	mem := bytes.Clone(in.rec.Bytes())
	in.rec.Reset()
	var r io.Reader = bytes.NewReader(mem)
	old := in.replaying
	in.replaying = nil
	if in.spill != nil {
		if _, err := in.spill.Seek(0, io.SeekStart); err != nil {
			in.dropRecording()
			return false
		}
		r = io.MultiReader(r, bufio.NewReaderSize(in.spill, 64<<10))
		in.replaying, in.spill = in.spill, nil
	}
	if old != nil {
		// The previous recording is read no more (what is left of it is
		// in the new one).
		old.Close()
		os.Remove(old.Name())
	}
	in.r = bufio.NewReaderSize(r, 64<<10)
	in.line, in.col = line, 1
	return true
}

// close removes the recording's temporary files.
func (in *input) close() {
	in.dropRecording()
	if in.replaying != nil {
		in.replaying.Close()
		os.Remove(in.replaying.Name())
		in.replaying = nil
	}
}

// errUnclosed is the problem of a row whose quote never closes.
type errUnclosed struct {
	line int // where the quote opened
	// again: the lines after it are read again as rows; lost: they could
	// not be.
	again, lost bool
}

func (e *errUnclosed) Error() string {
	switch {
	case e.again:
		return fmt.Sprintf("a quote opened on line %d is never closed (the rows after it are read again from line %d; fix the quote and import again)", e.line, e.line+1)
	case e.lost:
		return fmt.Sprintf("a quote opened on line %d is never closed: the rest of the file could not be read (fix the quote and import again)", e.line)
	}
	return fmt.Sprintf("a quote opened on line %d is never closed (fix the quote and import again)", e.line)
}

// csvTokenizer reads CSV records as encoding/csv does with LazyQuotes (a
// quote inside an unquoted field, or a lone one inside a quoted field, is
// text; CRLF is LF; empty lines are skipped), but with bounded memory, and
// a quote that never closes reported where it opened.
type csvTokenizer struct {
	in    *input
	delim []byte
	// replays counts the times the input was read again after an
	// unclosed quote; past maxReplays the rest of the file is reported.
	replays int
	row     rowBuf
}

// maxReplays bounds how often an export is read again after an unclosed
// quote: each time may read the rest of the file.
const maxReplays = 16

// csvRecord is one record as read.
type csvRecord struct {
	fields []string
	line   int   // where it starts
	blanks int   // the empty lines skipped before it
	err    error // why the row cannot be used
}

// rowBuf holds a record's values as they are read, within the limits.
type rowBuf struct {
	buf      []byte
	ends     []int // where each value ends in buf
	fields   int   // values read, kept or not
	size     int64 // bytes of the value being read
	long     int   // the first value over maxField (from 1), and its size
	longSize int64
	nul      int  // the first value with a NUL byte (from 1)
	full     bool // the row went over maxRow
}

func (r *rowBuf) reset() {
	buf, ends := r.buf[:0], r.ends[:0]
	if cap(buf) > 2*maxField {
		buf = nil // one huge row does not pin its memory
	}
	*r = rowBuf{buf: buf, ends: ends}
}

// add adds a byte to the value being read, keeping it while within the
// limits.
func (r *rowBuf) add(b byte) {
	r.size++
	if b == 0 && r.nul == 0 {
		r.nul = r.fields + 1
	}
	switch {
	case r.size > maxField:
	case len(r.buf) >= maxRow:
		r.full = true
	default:
		r.buf = append(r.buf, b)
	}
}

// end ends the value being read.
func (r *rowBuf) end() {
	if r.size > maxField && r.long == 0 {
		r.long, r.longSize = r.fields+1, r.size
	}
	if len(r.ends) < maxColumns {
		r.ends = append(r.ends, len(r.buf))
	}
	r.fields++
	r.size = 0
}

// next reads the next record, or io.EOF.
func (t *csvTokenizer) next() (csvRecord, error) {
	var rec csvRecord
	for {
		b, err := t.in.peek()
		if err != nil {
			return rec, err
		}
		switch {
		case b == '\n':
			t.in.readByte()
		case b == '\r' && t.peekIs(1, '\n'):
			t.in.readByte()
			t.in.readByte()
		case b == '\r' && t.atEnd(1):
			t.in.readByte() // a CR before the end of the file is dropped
			continue
		default:
			goto record
		}
		rec.blanks++
	}
record:
	rec.line = t.in.line
	r := &t.row
	r.reset()
	for {
		more, err := t.field(&rec)
		if err != nil {
			return rec, err
		}
		if !more {
			break
		}
	}
	rec.fields = make([]string, len(r.ends))
	all := string(r.buf) // one allocation for the row's values
	start := 0
	for i, end := range r.ends {
		rec.fields[i] = all[start:end]
		start = end
	}
	switch {
	case rec.err != nil:
	case r.long > 0:
		rec.err = fmt.Errorf("field %d holds %s, more than an item can hold (1 MB): shorten it in the export", r.long, fieldSize(r.longSize))
	case r.full:
		rec.err = fmt.Errorf("holds more than %d MB in all", maxRow>>20)
	case r.fields > maxColumns:
		rec.err = fmt.Errorf("has %d fields, more than heed reads (%d)", r.fields, maxColumns)
	case r.nul > 0:
		rec.err = fmt.Errorf("field %d holds a NUL byte: binary data, or an export in UTF-16 (say --encoding utf-16le)", r.nul)
	}
	return rec, nil
}

// field reads one value of a record; more says a delimiter followed it.
func (t *csvTokenizer) field(rec *csvRecord) (more bool, err error) {
	r := &t.row
	if b, err := t.in.peek(); err == nil && b == '"' {
		t.in.readByte()
		return t.quoted(rec)
	}
	for {
		b, err := t.in.peek()
		if err == io.EOF {
			r.end()
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if t.atDelim(b) {
			r.end()
			return true, nil
		}
		t.in.readByte()
		switch {
		case b == '\n':
			r.end()
			return false, nil
		case b == '\r' && (t.peekIs(0, '\n') || t.atEnd(0)): // CRLF is LF; a CR ending the file is dropped
		default:
			r.add(b)
		}
	}
}

// quoted reads a quoted value, its opening quote read.
func (t *csvTokenizer) quoted(rec *csvRecord) (more bool, err error) {
	r := &t.row
	opened := t.in.line
	crossed := false
	defer t.in.dropRecording()
	for {
		b, err := t.in.readByte()
		if err == io.EOF {
			r.end()
			rec.err = t.unclosed(opened, crossed)
			return false, nil
		}
		if err != nil {
			return false, err
		}
		switch b {
		case '"':
			n, err := t.in.peek()
			switch {
			case err == io.EOF:
				r.end()
				return false, nil
			case n == '"':
				t.in.readByte()
				r.add('"')
			case t.atDelim(n):
				r.end()
				return true, nil
			case n == '\n' || (n == '\r' && (t.peekIs(1, '\n') || t.atEnd(1))):
				if n == '\r' {
					t.in.readByte()
				}
				t.in.readByte()
				r.end()
				return false, nil
			default:
				r.add('"') // a lone quote is text
			}
		case '\r':
			if !t.peekIs(0, '\n') { // CRLF is LF
				r.add(b)
			}
		case '\n':
			if !crossed && t.replays < maxReplays {
				// What follows is read again as rows should the quote
				// never close.
				t.in.startRecording()
			}
			crossed = true
			r.add(b)
		default:
			r.add(b)
		}
	}
}

// atDelim reads the delimiter if it comes next (b being the next byte).
func (t *csvTokenizer) atDelim(b byte) bool {
	if b != t.delim[0] {
		return false
	}
	for i := 1; i < len(t.delim); i++ {
		if !t.peekIs(i, t.delim[i]) {
			return false
		}
	}
	for range t.delim {
		t.in.readByte()
	}
	return true
}

// atEnd says whether the input ends before the n-th next byte.
func (t *csvTokenizer) atEnd(n int) bool {
	_, ok := t.in.peekAt(n)
	return !ok
}

// peekIs says whether the n-th next byte is b.
func (t *csvTokenizer) peekIs(n int, b byte) bool {
	c, ok := t.in.peekAt(n)
	return ok && c == b
}

// unclosed is the problem of a quote opened on line that reached the end
// of the file; when it spans lines, the input reads them again as rows.
func (t *csvTokenizer) unclosed(line int, crossed bool) error {
	if !crossed {
		return &errUnclosed{line: line}
	}
	if t.in.replay(line + 1) {
		t.replays++
		return &errUnclosed{line: line, again: true}
	}
	return &errUnclosed{line: line, lost: true}
}
