package content

import (
	"bytes"
	"strings"

	"github.com/adrg/frontmatter"

	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/internal/node"
)

// document is a content file split into its front matter tree and body.
type document struct {
	meta     *node.Node
	openLine int // line of the opening delimiter
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
}

var fmFormats = []fmFormat{
	{"---", "---", node.ParseYAML, false},
	{"---yaml", "---", node.ParseYAML, false},
	{"+++", "+++", node.ParseTOML, false},
	{"---toml", "---", node.ParseTOML, false},
	{";;;", ";;;", node.ParseJSON, false},
	{"---json", "---", node.ParseJSON, false},
	{"{", "}", node.ParseJSON, true},
}

// split separates front matter from body. A nil document comes with the
// diagnostics that say why.
func split(path string, data []byte) (*document, diag.List) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, diag.List{diag.Errorf(path, 1, 1, "empty-file", "the file is empty; an item needs front matter (title, date, source, type) and the customer's words")}
	}
	// Find the opening delimiter line as adrg/frontmatter does (first
	// non-blank line) to know the line offset of the front matter.
	openLine, first := 0, ""
	for i, l := range strings.SplitN(string(data), "\n", 64) {
		if t := strings.TrimSpace(l); t != "" {
			openLine, first = i+1, t
			break
		}
	}
	var captured []byte
	var format *fmFormat
	formats := make([]*frontmatter.Format, len(fmFormats))
	for i := range fmFormats {
		f := &fmFormats[i]
		ff := frontmatter.NewFormat(f.start, f.end, func(b []byte, _ any) error {
			captured, format = bytes.Clone(b), f
			return nil
		})
		if f.delims {
			ff.UnmarshalDelims, ff.RequiresNewLine = true, true
		}
		formats[i] = ff
	}
	rest, err := frontmatter.Parse(bytes.NewReader(data), nil, formats...)
	if err != nil {
		return nil, diag.List{diag.Errorf(path, openLine, 1, "front-matter", "cannot read front matter: %v", err)}
	}
	if format == nil {
		for _, f := range fmFormats {
			if first == f.start && !f.delims {
				return nil, diag.List{diag.Errorf(path, openLine, 1, "front-matter", "front matter opened with %q is never closed (add a %q line after it)", f.start, f.end)}
			}
		}
		if first == "{" {
			return nil, diag.List{diag.Errorf(path, openLine, 1, "front-matter", "JSON front matter must end with a line holding only } followed by an empty line")}
		}
		return nil, diag.List{diag.Errorf(path, 1, 1, "no-front-matter", "no front matter: start the file with a --- line, the fields (title, date, ...), and another --- line")}
	}
	offset := openLine
	if format.delims {
		offset = openLine - 1
	}
	meta, problems := format.parse(captured, offset)
	var ds diag.List
	for _, p := range problems {
		ds = append(ds, diag.Errorf(path, p.Line, p.Col, p.Rule, "%s", p.Message))
	}
	if meta == nil {
		return nil, ds
	}
	bodyStart := len(data) - len(rest)
	return &document{
		meta:     meta,
		openLine: openLine,
		body:     string(rest),
		bodyLine: bytes.Count(data[:bodyStart], []byte{'\n'}) + 1,
	}, ds
}
