package content

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/internal/node"
)

// simpleYAMLCases are front matter bodies, most in the subset simpleYAML
// reads (want true), some just outside it.
var simpleYAMLCases = []struct {
	src    string
	simple bool
}{
	{"title: Export times out\ndate: 2026-03-02\nsource: support\ntype: bug\n", true},
	{"title: x\nthemes: [a, b ,  c ]\ntags: []\nnps: 9\n", true},
	{"customer:\n  id: acme\n  name: Acme Ltd\n  revenue: 1000\nt: y\n", true},
	{"links:\n  - https://x.com/a?b=c#d\n  -   b\nc: d\n", true},
	{"a:\nb: 1\n", true},
	{"a:   \nb: 1", true},
	{"t: \"quoted: x # y\"\nu: 'single'\nv: \"\"\n", true},
	{"t: a, b [c] {d}\nu: C# and F#\n", true},
	{"t: é ü 日本 😀\nu: [é, 日本, x😀]\n", true},
	{"a: 0.7\nb: 2026-02-28\nc: 0\nd: true\ne: False\nf: null\ng: ~\nh: yes\ni: no\nj: on\n", true},
	{"a: 2024-02-29\nb: 2026-1-2\nc: 0000-01-01\nd: 2000-02-29\ne: 2026-03-02T10:24:00Z\n", true},
	{"a: [2026, q1, true, null, 0.5, 2026-01-01]\n", true},
	{"  a: 1\n  b: 2\n", true},
	{"a:\n  b:\n    c: d\n  e: f\n", true},
	{"\n\na: 1\n\n\nb: 2\n\n", true},
	{"a: x\u00a0\n", true},
	{"a: x \nb: y  \n", true},
	// Outside the subset: the full parser decides.
	{"a: b: c\n", false},
	{"a: x\n  y\n", false},
	{"a: x\n\n  y\nb: 2\n", false},
	{"a: 1\na: 2\n", false},
	{"a: 2026-02-30\n", false},
	{"a: 007\nb: 09\n", false},
	{"a: 2023-02-29\n", false},
	{"a: 1900-02-29\n", false},
	{"a: 2026-13-01\n", false},
	{"a: 2026-00-01\n", false},
	{"a: 3 clicks\nb: 2024-12-21-export-fails\nc: 1st\n", true},
	{"a: 0x1f\n", false},
	{"a: 1e5\n", false},
	{"a: 1_000\n", false},
	{"a: -1\n", false},
	{"a: .5\n", false},
	{"a: x # comment\n", false},
	{"# comment\na: 1\n  # indented comment\nb:\n  # before\n  c: d\n# end", true},
	{"a: x\n# c\n  y\n", false},
	{"a: |\n  text\n", false},
	{"a: &x 1\nb: *x\n", false},
	{"a: !!str 1\n", false},
	{"a:\n- x\n- y\n", false},
	{"a:\n  - b: 1\n", false},
	{"a: [x, [y]]\n", false},
	{"a: [x,]\n", false},
	{"a: [x\n", false},
	{"a: {b: 1}\n", false},
	{"a: \"x\\ty\"\n", false},
	{"a: 'it''s'\n", false},
	{"a:\tb\n", false},
	{"a: b\r\n", false},
	{"a: x\u2028y\n", false},
	{"a: x\u0085y\n", false},
	{"- a\n- b\n", false},
	{"a\n", false},
	{"a:b\n", false},
	{"<<: {a: 1}\n", false},
	{"---\na: 1\n", false},
	{"", false},
	{"a: 1\n b: 2\n", false},
	{"a:\n    b: 1\n  c: 2\n", false},
}

// TestSimpleYAML checks that the subset reader accepts what it should and
// builds exactly the tree yaml.v3 does.
func TestSimpleYAML(t *testing.T) {
	for _, c := range simpleYAMLCases {
		_, ok := simpleYAML([]byte(c.src), 3)
		if ok != c.simple {
			t.Errorf("%q: simple = %v, want %v", c.src, ok, c.simple)
		}
		sameAsYAMLv3(t, []byte(c.src))
	}
}

// FuzzSimpleYAML: whenever the subset reader accepts a document, yaml.v3
// reads it without problems and to the same tree.
func FuzzSimpleYAML(f *testing.F) {
	for _, c := range simpleYAMLCases {
		f.Add([]byte(c.src))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsYAMLv3(t, data)
	})
}

func sameAsYAMLv3(t *testing.T, data []byte) {
	t.Helper()
	fast, ok := simpleYAML(data, 3)
	if !ok {
		return
	}
	full, problems := node.ParseYAML(data, 3)
	if len(problems) > 0 {
		t.Fatalf("%q: the subset reader accepts what yaml.v3 rejects: %v", data, problems)
	}
	if !reflect.DeepEqual(fast, full) {
		t.Fatalf("%q: trees differ:\nsubset  %s\nyaml.v3 %s", data, dumpNode(fast), dumpNode(full))
	}
}

func dumpNode(n *node.Node) string {
	if n == nil {
		return "nil"
	}
	s := "{" + n.Tag + " " + n.Value + " @" + strconv.Itoa(n.Line) + ":" + strconv.Itoa(n.Col)
	for _, it := range n.Items {
		s += " " + dumpNode(it)
	}
	for _, p := range n.Pairs {
		s += " " + p.Key + "@" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col) + "=" + dumpNode(p.Value)
	}
	return s + "}"
}

// FuzzSimpleYAMLShapes builds front matter line by line from the fuzzer's
// bytes, out of keys, indentation and scalars near the edges of the subset,
// so that the documents the subset reader accepts are many and varied; each
// must read as yaml.v3 reads it.
func FuzzSimpleYAMLShapes(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte("title customer links themes"))
	f.Fuzz(func(t *testing.T, choices []byte) {
		sameAsYAMLv3(t, shapeDoc(choices))
	})
}

// shapeDoc builds a document line by line from choices (see
// FuzzSimpleYAMLShapes).
func shapeDoc(choices []byte) []byte {
	keys := []string{"a", "title", "b_c", "x-y", "on", "y", "True", "null", "1a", "<<", "a b", "-a"}
	values := []string{
		"x", "Hello world", "a, b", "C# and F#", "x #y", "x# y", "true", "True", "yes", "no", "null", "~",
		"0", "007", "12", "1.5", "0.7", "01.5", "2026-03-02", "2026-02-30", "2024-02-29", "2026-03-02T10:00:00Z",
		"2026-03-02 10:00:00", "2024-12-21-export", "3 clicks", "1st", "0x1f", "0o7", "0b1", "1e5", "1_000",
		"é", "日本", "😀", "http://a.b/c", "a: b", "a:b", "a:", "-x", "- x", `"q: x"`, `"a\"b"`, `"a\\b"`, "'s'",
		"'it''s'", `""`, "''", "[a, b]", "[]", "[ ]", "[ a ,b ]", "[a,]", "[,a]", "[2026, q1, true, ~]", "[x?]",
		"[a b, c]", "[a: b]", "[[a]]", "[a", "*a", "&a x", "!t x", "|", ">", "%x", "@x", "`x", "x\u00a0",
		"...", "---", "?x", ":x", "{a: 1}", "NULL", ".5", "+1", "-1", "FALSE", "On", "Y", "(x)", "/x", "$x", "_x",
		"~x", "x\u2028y", "x\u0085y", "\ufeffx", "x\u00ad",
	}
	var b []byte
	next := func(n int) int {
		if len(choices) == 0 {
			return 0
		}
		c := int(choices[0])
		choices = choices[1:]
		return c % n
	}
	for lines := 0; len(choices) > 0 && lines < 40; lines++ {
		indent := []string{"", "", "  ", "    ", " "}[next(5)]
		switch next(8) {
		case 0, 1, 2:
			b = append(b, indent+keys[next(len(keys))]+": "+values[next(len(values))]+"\n"...)
		case 3:
			b = append(b, indent+keys[next(len(keys))]+":"+[]string{"", " ", "  "}[next(3)]+"\n"...)
		case 4:
			b = append(b, indent+"- "+values[next(len(values))]+"\n"...)
		case 5:
			b = append(b, indent+"# "+values[next(len(values))]+"\n"...)
		case 6:
			b = append(b, "\n"...)
		case 7:
			b = append(b, indent+keys[next(len(keys))]+":  "+values[next(len(values))]+"  \n"...)
		}
	}
	return b
}

// TestSimpleYAMLLongMapping: a long mapping (customers.yaml's) finds its
// keys in a set, and still leaves a duplicate key to yaml.v3.
func TestSimpleYAMLLongMapping(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "k%d: v\n", i)
	}
	sameAsYAMLv3(t, []byte(b.String()))
	if _, ok := simpleYAML([]byte(b.String()), 0); !ok {
		t.Error("the subset refused a plain mapping of 40 keys")
	}
	b.WriteString("k35: again\n")
	if _, ok := simpleYAML([]byte(b.String()), 0); ok {
		t.Error("the subset accepted a duplicate key after 40 keys")
	}
}
