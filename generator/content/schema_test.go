package content

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/internal/node"
)

// crossFile are the rules that need other files; a schema cannot know them.
// (An objective is checked by both: the schema lists heed.yaml's objectives.)
var crossFile = map[string]bool{"unknown-theme": true, "unknown-customer": true, "unknown-item": true, "duplicate-cycle": true, "duplicate-id": true}

func compile(t *testing.T, name string, doc []byte) *jsonschema.Schema {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, v); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// toJSON turns front matter into the JSON value the schema validates.
func toJSON(n *node.Node) any {
	switch n.Kind {
	case node.Map:
		m := map[string]any{}
		for _, p := range n.Pairs {
			m[p.Key] = toJSON(p.Value)
		}
		return m
	case node.Seq:
		l := []any{}
		for _, it := range n.Items {
			l = append(l, toJSON(it))
		}
		return l
	case node.Null:
		return nil
	}
	switch n.Tag {
	case "int", "float":
		return json.Number(n.Value)
	case "bool":
		b, _ := n.Bool()
		return b
	}
	return n.Value
}

// agree checks that the validator and the schema give the same verdict on
// one file's own content.
func agree(t *testing.T, sch *jsonschema.Schema, path string, data []byte, parse func(string, []byte) any, wantValid bool) {
	t.Helper()
	doc, ds := newSplitter().split(path, data)
	if doc == nil {
		t.Fatalf("%s: cannot split: %v", path, ds)
	}
	parsed := parse(path, data).(interface{ errs() []string })
	var own []string
	for _, e := range parsed.errs() {
		if !crossFile[e] {
			own = append(own, e)
		}
	}
	schemaErr := sch.Validate(toJSON(doc.meta))
	if (len(own) == 0) != wantValid || (schemaErr == nil) != wantValid {
		t.Errorf("%s: want valid=%v; validator errors %v; schema error %v", path, wantValid, own, schemaErr)
	}
}

type verdict []string

func (v verdict) errs() []string { return v }

func TestSchemaAgreesWithValidator(t *testing.T) {
	// The repository's own heed.yaml, whose objectives its themes use.
	root := filepath.Join("..", "..")
	data, err := os.ReadFile(filepath.Join(root, "heed.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, cds := config.Parse("heed.yaml", data)
	if len(cds) > 0 {
		t.Fatal(cds)
	}
	p := NewParser(cfg, false)
	items := compile(t, "item.json", ItemSchema(cfg))
	themes := compile(t, "theme.json", ThemeSchema(cfg))
	parseItem := func(path string, data []byte) any {
		_, ds := p.ParseItem(path, data)
		var v verdict
		for _, d := range ds {
			if d.Severity == 0 {
				v = append(v, d.Rule)
			}
		}
		return v
	}
	parseTheme := func(path string, data []byte) any {
		_, ds := p.ParseTheme(path, data)
		var v verdict
		for _, d := range ds {
			if d.Severity == 0 {
				v = append(v, d.Rule)
			}
		}
		return v
	}

	// Every sample of this repository passes both.
	n := 0
	for dir, sch := range map[string]*jsonschema.Schema{"feedback": items, "themes": themes} {
		parse := parseItem
		if dir == "themes" {
			parse = parseTheme
		}
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			n++
			agree(t, sch, path, data, parse, true)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 20 {
		t.Fatalf("only %d sample files found", n)
	}

	// Every bad fixture fails both.
	const ok = "title: T\ndate: 2026-03-02\nsource: support\ntype: bug\n"
	badItems := map[string]string{
		"no title":          "date: 2026-03-02\nsource: support\ntype: bug\n",
		"blank title":       "title: '  '\ndate: 2026-03-02\nsource: support\ntype: bug\n",
		"numeric title":     "title: 404\ndate: 2026-03-02\nsource: support\ntype: bug\n",
		"long title":        "title: " + strings.Repeat("y", 141) + "\ndate: 2026-03-02\nsource: support\ntype: bug\n",
		"no date":           "title: T\nsource: support\ntype: bug\n",
		"US date":           "title: T\ndate: 03/02/2026\nsource: support\ntype: bug\n",
		"bad source":        "title: T\ndate: 2026-03-02\nsource: email\ntype: bug\n",
		"bad type":          "title: T\ndate: 2026-03-02\nsource: support\ntype: wish\n",
		"bad id":            ok + "id: Bad ID\n",
		"themes not a list": ok + "themes: bulk-export\n",
		"bad theme id":      ok + "themes: [Bulk Export]\n",
		"customer number":   ok + "customer: 42\n",
		"bad status":        ok + "status: doing\n",
		"bad duplicate_of":  ok + "duplicate_of: Not A Slug\n",
		"nps 11":            ok + "nps: 11\n",
		"nps 7.5":           ok + "nps: 7.5\n",
		"csat 0":            ok + "csat: 0\n",
		"ces text":          ok + "ces: hard\n",
		"bad sentiment":     ok + "sentiment: happy\n",
		"mentions 0":        ok + "mentions: 0\n",
		"bad link":          ok + "links: ['javascript:alert(1)']\n",
		"private text":      ok + "private: maybe\n",
		"inline revenue":    ok + "customer: {name: X, revenue: -5}\n",
	}
	for name, fm := range badItems {
		agree(t, items, "feedback/"+name+".md", []byte("---\n"+fm+"---\n"), parseItem, false)
	}
	agree(t, items, "feedback/ok.md", []byte("---\n"+ok+"nps: 9\ncustomer: {id: z, revenue: 5}\ntags: [q1, 2026]\n---\n"), parseItem, true)
	badThemes := map[string]string{
		"no status":     "title: T\n",
		"bad status":    "title: T\nstatus: doing\n",
		"bad horizon":   "title: T\nstatus: planned\nhorizon: someday\n",
		"bad target":    "title: T\nstatus: planned\ntarget: soon\n",
		"confidence 2":  "title: T\nstatus: planned\nconfidence: 2\n",
		"effort 0":      "title: T\nstatus: planned\neffort: 0\n",
		"bad objective": "title: T\nstatus: planned\nobjective: growth\n",
		"bad shipped":   "title: T\nstatus: shipped\nshipped: last week\n",
	}
	for name, fm := range badThemes {
		agree(t, themes, "themes/"+name+".md", []byte("---\n"+fm+"---\n"), parseTheme, false)
	}
}
