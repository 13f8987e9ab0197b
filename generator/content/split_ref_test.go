package content

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/adrg/frontmatter"

	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/internal/node"
)

// splitReference is split as it was before it kept its set-up between calls
// and stopped at the closing delimiter: FuzzSplit checks that both agree.
func splitReference(path string, data []byte) (*document, diag.List) {
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
	meta, problems := referenceParse(format)(captured, offset)
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

// referenceParse is the parser a format used before: yaml.v3 for all YAML.
func referenceParse(f *fmFormat) func([]byte, int) (*node.Node, []node.Problem) {
	if f.start == "---" || f.start == "---yaml" {
		return node.ParseYAML
	}
	return f.parse
}

// FuzzSplit: split gives the same document and diagnostics as
// splitReference, the library's plain use with yaml.v3, for any file.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\ndate: 2026-03-02\n---\nbody\n",
		"\n\n  \n---\na: 1\n---",
		"---\na: 1\n---\r\nbody",
		"+++\ntitle = \"T\"\n+++\n",
		"{\n\"title\": \"T\"\n}\n\nbody",
		"{\n\"title\": \"T\"\n}\nx\n}\n\n",
		";;;\n{\"a\": 1}\n;;;",
		"---json\n{\"a\": 1}\n---\n",
		"---yaml\na: [x]\n---\n",
		"---toml\na = 1\n---\n",
		"---\na: 1\n",
		"{\n\"a\": 1\n}\n",
		"no front matter\n",
		"---",
		strings.Repeat("\n", 70) + "---\na: 1\n---\nb\n",
		strings.Repeat(" \n", 63) + "---\na: 1\n---\n",
		"---\na: b: c\n---\n",
		"---\na: 1\na: 2\n---\n",
	} {
		f.Add([]byte(s))
	}
	addSeeds(f, "testdata/fuzz/FuzzParseItem")
	sp := newSplitter()
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, ds := sp.split("f.md", data)
		want, wantDs := splitReference("f.md", data)
		if !reflect.DeepEqual(ds, wantDs) {
			t.Fatalf("%q: diagnostics\n%v\nwant\n%v", data, ds, wantDs)
		}
		if (doc == nil) != (want == nil) {
			t.Fatalf("%q: document %v, want %v", data, doc, want)
		}
		if doc != nil && !reflect.DeepEqual(*doc, *want) {
			t.Fatalf("%q: document\n%+v\nwant\n%+v", data, *doc, *want)
		}
	})
}

// addSeeds adds the inputs of another fuzz test's corpus (one []byte each).
func addSeeds(f *testing.F, dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		_, arg, _ := strings.Cut(string(b), "\n")
		arg = strings.TrimSpace(arg)
		if !strings.HasPrefix(arg, "[]byte(") || !strings.HasSuffix(arg, ")") {
			f.Fatalf("%s: not a []byte input", e.Name())
		}
		s, err := strconv.Unquote(arg[len("[]byte(") : len(arg)-1])
		if err != nil {
			f.Fatalf("%s: %v", e.Name(), err)
		}
		f.Add([]byte(s))
	}
}
