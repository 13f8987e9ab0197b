package content

import (
	"bufio"
	"bytes"
	"errors"
	"sync"

	"github.com/adrg/frontmatter"

	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/internal/node"
)

// document is a content file split into its front matter tree and body.
type document struct {
	meta     *node.Node
	openLine int // line of the opening delimiter
	// body is the end of the file's data, which the parser reads the
	// Markdown from rather than from a copy.
	body     string
	bodyLine int
}

// fmFormat is one front matter syntax adrg/frontmatter detects; ours only
// capture the raw bytes so that we can parse them with positions and
// duplicate-key checks (the library's YAML decoder keeps the last of two
// duplicate keys silently, and its line numbers start after the delimiter).
type fmFormat struct {
	start, end string
	parse      func([]byte, int) (*node.Node, []node.Problem)
	// delims is true when the delimiters belong to the data (bare JSON).
	delims bool
	// yaml is true for the YAML formats, whose parse can reuse memory
	// (parseYAMLIn).
	yaml bool
}

var fmFormats = []fmFormat{
	{"---", "---", parseYAML, false, true},
	{"---yaml", "---", parseYAML, false, true},
	{"+++", "+++", node.ParseTOML, false, false},
	{"---toml", "---", node.ParseTOML, false, false},
	{";;;", ";;;", node.ParseJSON, false, false},
	{"---json", "---", node.ParseJSON, false, false},
	{"{", "}", node.ParseJSON, true, false},
}

// splitter separates front matter from body with adrg/frontmatter. It
// keeps what is the same for every file (the format list, the library's
// read buffer) between calls: set-up was most of the library's cost on
// files of a few hundred bytes. It is safe for concurrent use.
type splitter struct {
	formats []*frontmatter.Format
	readers sync.Pool // of *fmReader
	trees   sync.Pool // of *yamlScratch, for splitInto's callers
}

// fmReader is a file's reader as the library wants it: a bufio.Reader of
// the default size, which bufio.NewReader hands back as it is.
type fmReader struct {
	src bytes.Reader
	buf *bufio.Reader
}

// fmCapture receives the front matter found in one file.
type fmCapture struct {
	data   []byte
	format *fmFormat
}

// errCaptured stops the library once it has the front matter: the body is
// the rest of the file, which it would otherwise copy.
var errCaptured = errors.New("front matter captured")

func newSplitter() *splitter {
	s := &splitter{formats: make([]*frontmatter.Format, len(fmFormats))}
	for i := range fmFormats {
		f := &fmFormats[i]
		ff := frontmatter.NewFormat(f.start, f.end, func(b []byte, v any) error {
			c := v.(*fmCapture)
			c.data, c.format = b, f
			return errCaptured
		})
		if f.delims {
			ff.UnmarshalDelims, ff.RequiresNewLine = true, true
		}
		s.formats[i] = ff
	}
	s.readers.New = func() any {
		r := &fmReader{}
		r.buf = bufio.NewReader(&r.src)
		return r
	}
	s.trees.New = func() any { return &yamlScratch{} }
	return s
}

// maxScratchLines and maxScratchNodes bound the size, in lines and in
// nodes, of the trees whose memory is kept for reuse: an unusually long
// front matter's is left to the collector.
const maxScratchLines, maxScratchNodes = 256, 1024

// scratch returns memory for splitInto to build a front matter tree in.
func (s *splitter) scratch() *yamlScratch { return s.trees.Get().(*yamlScratch) }

// release takes back a scratch once nothing refers to its tree any more.
func (s *splitter) release(sc *yamlScratch) {
	if cap(sc.lines) <= maxScratchLines && cap(sc.nodes) <= maxScratchNodes && cap(sc.items) <= maxScratchNodes {
		s.trees.Put(sc)
	}
}

// closedYAML finds, without the library, the front matter of the usual
// file: YAML opened by a "---" line (data[openStart:openEnd], the first
// that is not blank) and closed by another. Like the library, it takes the
// first line after the opening one that is "---" once trimmed, ending in a
// newline or not; the opening line must end in one. ok is false for any
// other file, which the library then reads (FuzzSplit checks both agree).
// The library would copy the whole file line by line to find the same.
func closedYAML(data []byte, openStart, openEnd int) (fm []byte, ok bool) {
	if openEnd == 0 || data[openEnd-1] != '\n' || string(bytes.TrimSpace(data[openStart:openEnd])) != fmFormats[0].start {
		return nil, false
	}
	for start := openEnd; start < len(data); {
		end := len(data)
		if k := bytes.IndexByte(data[start:], '\n'); k >= 0 {
			end = start + k + 1
		}
		if string(bytes.TrimSpace(data[start:end])) == fmFormats[0].end {
			return data[openEnd:start], true
		}
		start = end
	}
	return nil, false
}

// split separates front matter from body. A nil document comes with the
// diagnostics that say why.
func (s *splitter) split(path string, data []byte) (*document, diag.List) {
	return s.splitInto(path, data, nil)
}

// splitInto is split building a YAML front matter's tree in sc (when not
// nil): the document is then good until sc is released.
func (s *splitter) splitInto(path string, data []byte, sc *yamlScratch) (*document, diag.List) {
	fmStart, fmEnd, bodyStart, format, openLine, ds := s.locate(path, data)
	if format == nil {
		return nil, ds
	}
	offset := openLine
	if format.delims {
		offset = openLine - 1
	}
	var meta *node.Node
	var problems []node.Problem
	if sc != nil && format.yaml {
		meta, problems = parseYAMLIn(data[fmStart:fmEnd], offset, sc)
	} else {
		meta, problems = format.parse(data[fmStart:fmEnd], offset)
	}
	for _, p := range problems {
		ds = append(ds, diag.Errorf(path, p.Line, p.Col, p.Rule, "%s", p.Message))
	}
	if meta == nil {
		return nil, ds
	}
	return &document{
		meta:     meta,
		openLine: openLine,
		body:     string(data[bodyStart:]),
		bodyLine: bytes.Count(data[:bodyStart], []byte{'\n'}) + 1,
	}, ds
}

// locate finds the front matter of a file: its bytes are data[fmStart:fmEnd],
// in format, and the body starts at bodyStart. A nil format comes with the
// diagnostics that say why there is none.
func (s *splitter) locate(path string, data []byte) (fmStart, fmEnd, bodyStart int, format *fmFormat, openLine int, ds diag.List) {
	fail := func(d diag.Diagnostic) (int, int, int, *fmFormat, int, diag.List) {
		return 0, 0, 0, nil, 0, diag.List{d}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(diag.Errorf(path, 1, 1, "empty-file", "the file is empty; an item needs front matter (title, date, source, type) and the customer's words"))
	}
	// Find the opening delimiter line as adrg/frontmatter does (the first
	// non-blank line): where it starts and ends, and the line number that
	// positions the front matter. The number is that of the first
	// non-blank line among the first 63, and 64 past them, as it has always
	// been reported.
	openStart, openEnd, index := 0, 0, 0
	for ; ; index++ {
		openEnd = len(data)
		if k := bytes.IndexByte(data[openStart:], '\n'); k >= 0 {
			openEnd = openStart + k + 1
		}
		if len(bytes.TrimSpace(data[openStart:openEnd])) > 0 {
			break
		}
		openStart = openEnd
	}
	openLine, first := index+1, bytes.TrimSpace(data[openStart:openEnd])
	if index >= 63 {
		openLine, first = 64, bytes.TrimSpace(data[openStart:])
	}

	var c fmCapture
	if fm, ok := closedYAML(data, openStart, openEnd); ok {
		c.data, c.format = fm, &fmFormats[0]
	} else {
		r := s.readers.Get().(*fmReader)
		r.src.Reset(data)
		r.buf.Reset(&r.src)
		_, err := frontmatter.Parse(r.buf, &c, s.formats...)
		r.src.Reset(nil)
		r.buf.Reset(&r.src)
		s.readers.Put(r)
		if err != nil && !errors.Is(err, errCaptured) {
			return fail(diag.Errorf(path, openLine, 1, "front-matter", "cannot read front matter: %v", err))
		}
	}
	format = c.format
	if format == nil {
		for _, f := range fmFormats {
			if string(first) == f.start && !f.delims {
				return fail(diag.Errorf(path, openLine, 1, "front-matter", "front matter opened with %q is never closed (add a %q line after it)", f.start, f.end))
			}
		}
		if string(first) == "{" {
			return fail(diag.Errorf(path, openLine, 1, "front-matter", "JSON front matter must end with a line holding only } followed by an empty line"))
		}
		return fail(diag.Errorf(path, 1, 1, "no-front-matter", "no front matter: start the file with a --- line, the fields (title, date, ...), and another --- line"))
	}
	// The captured bytes follow the opening line (or start with it, for
	// bare JSON); the body follows the closing line (or, for bare JSON, the
	// empty line the library read after it, which it captured).
	fmStart = openEnd
	if format.delims {
		fmStart = openStart
	}
	fmEnd = fmStart + len(c.data)
	if fmEnd > len(data) || !bytes.Equal(data[fmStart:fmEnd], c.data) {
		return fail(diag.Errorf(path, openLine, 1, "front-matter", "cannot read front matter"))
	}
	bodyStart = fmEnd
	if !format.delims {
		bodyStart = len(data)
		if k := bytes.IndexByte(data[fmEnd:], '\n'); k >= 0 {
			bodyStart = fmEnd + k + 1
		}
	}
	return fmStart, fmEnd, bodyStart, format, openLine, nil
}
