package content_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/source"
)

// theme and customers are the files most cases need besides the item under test.
const (
	okTheme = "---\ntitle: Bulk export\nstatus: planned\nobjective: retention\n---\nExports time out.\n"
	okCfg   = "objectives:\n  - id: retention\n    title: Keep customers\n"
	okCusts = "acme:\n  name: Acme\n  segment: enterprise\n  revenue: 1000\n"
)

// load builds a set from in-memory files, adding the default theme,
// configuration and customers unless the case gives its own.
func load(files map[string]string) *content.Set {
	all := map[string]string{"themes/bulk-export.md": okTheme, "heed.yaml": okCfg, "customers.yaml": okCusts}
	for p, d := range files {
		all[p] = d
	}
	snap := &source.Snapshot{}
	paths := make([]string, 0, len(all))
	for p := range all {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		kind, _ := source.Classify(p)
		f, ds := source.Check(source.File{Path: p, Kind: kind, Data: []byte(all[p])})
		snap.Diagnostics = append(snap.Diagnostics, ds...)
		if ds == nil {
			snap.Files = append(snap.Files, f)
		}
	}
	return content.Load(snap, content.Options{})
}

// got renders diagnostics as "path:line:col severity [rule]" for comparison.
func got(s *content.Set) []string {
	var out []string
	for _, d := range s.Diagnostics {
		out = append(out, fmt.Sprintf("%s:%d:%d %s [%s]", d.Path, d.Line, d.Col, d.Severity, d.Rule))
	}
	return out
}

func item(fm string) string { return "---\n" + fm + "---\nThe customer's words.\n" }

const base = "title: Export times out\ndate: 2026-03-02\nsource: support\ntype: bug\n"

// community is base from a source whose words are published by default.
const community = "title: Export times out\ndate: 2026-03-02\nsource: community\ntype: bug\n"

func TestRules(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"valid item", map[string]string{"feedback/a.md": item(base + "themes: [bulk-export]\ncustomer: acme\nnps: 9\n")}, nil},
		{"missing required fields", map[string]string{"feedback/a.md": item("title: Only a title\n")}, []string{
			"feedback/a.md:1:1 error [required]", "feedback/a.md:1:1 error [required]", "feedback/a.md:1:1 error [required]"}},
		{"title of the wrong type", map[string]string{"feedback/a.md": item("title: 404\ndate: 2026-03-02\nsource: support\ntype: bug\n")}, []string{
			"feedback/a.md:2:8 error [type]"}},
		{"title too long", map[string]string{"feedback/a.md": item("title: " + strings.Repeat("x", 141) + "\ndate: 2026-03-02\nsource: support\ntype: bug\n")}, []string{
			"feedback/a.md:2:8 error [length]"}},
		{"source outside its enum", map[string]string{"feedback/a.md": item("title: T\ndate: 2026-03-02\nsource: suport\ntype: bug\n")}, []string{
			"feedback/a.md:4:9 error [enum]"}},
		{"unparseable date", map[string]string{"feedback/a.md": item("title: T\ndate: 2026-13-40\nsource: support\ntype: bug\n")}, []string{
			"feedback/a.md:3:7 error [date]"}},
		{"nps out of range", map[string]string{"feedback/a.md": item(base + "nps: 11\n")}, []string{"feedback/a.md:6:6 error [range]"}},
		{"csat out of range", map[string]string{"feedback/a.md": item(base + "csat: 0\n")}, []string{"feedback/a.md:6:7 error [range]"}},
		{"ces not a number", map[string]string{"feedback/a.md": item(base + "ces: hard\n")}, []string{"feedback/a.md:6:6 error [type]"}},
		{"mentions below one", map[string]string{"feedback/a.md": item(base + "mentions: 0\n")}, []string{"feedback/a.md:6:11 error [range]"}},
		{"private not a boolean", map[string]string{"feedback/a.md": item(base + "private: maybe\n")}, []string{"feedback/a.md:6:10 error [type]"}},
		{"origin", map[string]string{"feedback/a.md": item(base + "origin: support:4412\n")}, nil},
		{"origin not text", map[string]string{"feedback/a.md": item(base + "origin: 4412\n")}, []string{"feedback/a.md:6:9 error [type]"}},
		{"origin of two lines", map[string]string{"feedback/a.md": item(base + "origin: \"a\\nb\"\n")}, []string{"feedback/a.md:6:9 error [type]"}},
		{"score only", map[string]string{"feedback/a.md": "---\n" + base + "nps: 3\nscore_only: true\n---\n"}, nil},
		{"score only without a score", map[string]string{"feedback/a.md": "---\n" + base + "score_only: true\n---\n"}, []string{
			"feedback/a.md:6:13 error [score-only]"}},
		{"score only with words", map[string]string{"feedback/a.md": item(base + "csat: 2\nscore_only: true\n")}, []string{
			"feedback/a.md:7:13 warning [score-only]"}},
		{"link not http", map[string]string{"feedback/a.md": item(base + "links:\n  - https://ok.example\n  - javascript:alert(1)\n")}, []string{"feedback/a.md:8:5 error [url]"}},
		{"unknown field with suggestion", map[string]string{"feedback/a.md": item(base + "themse: [bulk-export]\n")}, []string{"feedback/a.md:6:1 warning [unknown-field]"}},
		{"duplicate key", map[string]string{"feedback/a.md": item(base + "title: Again\n")}, []string{"feedback/a.md:6:1 error [duplicate-key]"}},
		{"unknown theme", map[string]string{"feedback/a.md": item(base + "themes:\n  - bulk-export\n  - bulk-exprot\n")}, []string{"feedback/a.md:8:5 error [unknown-theme]"}},
		{"unknown customer", map[string]string{"feedback/a.md": item(base + "customer: acne\n")}, []string{"feedback/a.md:6:11 error [unknown-customer]"}},
		{"inline customer is fine", map[string]string{"feedback/a.md": item(base + "customer: {id: zed, name: Zed, segment: smb, revenue: 10, contact: z@example.com}\n")}, nil},
		{"duplicate id across folders", map[string]string{
			"feedback/a.md":      item(base),
			"feedback/2026/a.md": item(base),
		}, []string{"feedback/2026/a.md:1:1 error [duplicate-id]", "feedback/a.md:1:1 error [duplicate-id]"}},
		{"duplicate_of a missing item", map[string]string{"feedback/a.md": item(base + "duplicate_of: nowhere\n")}, []string{"feedback/a.md:6:15 error [unknown-item]"}},
		{"duplicate_of cycle", map[string]string{
			"feedback/a.md": item(base + "duplicate_of: b\n"),
			"feedback/b.md": item(base + "duplicate_of: a\n"),
		}, []string{"feedback/a.md:6:15 error [duplicate-cycle]", "feedback/b.md:6:15 error [duplicate-cycle]"}},
		{"duplicate_of itself", map[string]string{"feedback/a.md": item(base + "duplicate_of: a\n")}, []string{"feedback/a.md:6:15 error [duplicate-cycle]"}},
		{"duplicate_of with another status", map[string]string{
			"feedback/a.md": item(base + "duplicate_of: b\nstatus: planned\n"), "feedback/b.md": item(base),
		}, []string{"feedback/a.md:7:9 error [duplicate-status]"}},
		{"objective not in heed.yaml", map[string]string{"themes/t.md": "---\ntitle: T\nstatus: planned\nobjective: growth\n---\n"}, []string{"themes/t.md:4:12 error [unknown-objective]"}},
		{"theme status outside its enum", map[string]string{"themes/t.md": "---\ntitle: T\nstatus: doing\n---\n"}, []string{"themes/t.md:3:9 error [enum]"}},
		{"theme confidence out of range", map[string]string{"themes/t.md": "---\ntitle: T\nstatus: planned\nconfidence: 80\n---\n"}, []string{"themes/t.md:4:13 error [range]"}},
		{"theme target malformed", map[string]string{"themes/t.md": "---\ntitle: T\nstatus: planned\ntarget: soon\n---\n"}, []string{"themes/t.md:4:9 error [target]"}},
		{"unclosed front matter", map[string]string{"feedback/a.md": "---\ntitle: T\n"}, []string{"feedback/a.md:1:1 error [front-matter]"}},
		{"bad YAML reports the parser's line", map[string]string{"feedback/a.md": "---\ntitle: T\ndate: 2026-03-02\n  source: x\n---\nbody\n"}, []string{"feedback/a.md:4:1 error [front-matter]"}},
		{"no front matter", map[string]string{"feedback/a.md": "Just words.\n"}, []string{"feedback/a.md:1:1 error [no-front-matter]"}},
		{"empty file", map[string]string{"feedback/a.md": ""}, []string{"feedback/a.md:1:1 error [empty-file]"}},
		{"invalid UTF-8", map[string]string{"feedback/a.md": "---\ntitle: caf\xe9\n---\n"}, []string{"feedback/a.md:2:11 error [utf8]"}},
		{"binary content", map[string]string{"feedback/a.md": "---\x00\x01"}, []string{"feedback/a.md:1:4 error [binary]"}},
		{"phone number in a public body", map[string]string{"feedback/a.md": "---\n" + base + "public: true\n---\nCall me on 555-0142 please.\n"}, []string{"feedback/a.md:8:12 warning [personal-data]"}},
		{"e-mail in a public body", map[string]string{"feedback/a.md": "---\n" + community + "---\n\nMail jo@example.com.\n"}, []string{"feedback/a.md:8:6 warning [personal-data]"}},
		{"personal data in a private body is fine", map[string]string{"feedback/a.md": "---\n" + community + "private: true\n---\nMail jo@example.com.\n"}, nil},
		{"personal data in an unpublished body is fine", map[string]string{"feedback/a.md": "---\n" + base + "---\nMail jo@example.com.\n"}, nil},
		{"personal data in a public body made unpublished is fine", map[string]string{"feedback/a.md": "---\n" + community + "public: false\n---\nMail jo@example.com.\n"}, nil},
		{"public not a boolean", map[string]string{"feedback/a.md": item(base + "public: sure\n")}, []string{"feedback/a.md:6:9 error [type]"}},
		{"customers.yaml empty alias", map[string]string{"customers.yaml": "acme:\n  name: Acme\n  aliases: [Acme Co, '']\n"}, []string{"customers.yaml:3:22 error [type]"}},
		{"dates and versions are not phone numbers", map[string]string{"feedback/a.md": "---\n" + base + "---\nSince 2026-03-02 on v2.14.1, order 12345.\n"}, nil},
		{"TOML front matter", map[string]string{"feedback/a.md": "+++\ntitle = \"T\"\ndate = 2026-03-02\nsource = \"suport\"\ntype = \"bug\"\n+++\nbody\n"}, []string{"feedback/a.md:4:1 error [enum]"}},
		{"JSON front matter", map[string]string{"feedback/a.md": "{\n  \"title\": \"T\",\n  \"date\": \"2026-03-02\",\n  \"source\": \"support\",\n  \"type\": \"bugg\"\n}\n\nbody\n"}, []string{"feedback/a.md:5:11 error [enum]"}},
		{"JSON duplicate key", map[string]string{"feedback/a.md": ";;;\n{\"title\": \"T\", \"date\": \"2026-03-02\", \"source\": \"support\", \"type\": \"bug\", \"type\": \"bug\"}\n;;;\n"}, []string{"feedback/a.md:2:74 error [duplicate-key]"}},
		{"unknown heed.yaml key", map[string]string{"heed.yaml": "titel: X\n"}, []string{"heed.yaml:1:1 error [config-unknown-key]", "themes/bulk-export.md:4:12 error [unknown-objective]"}},
		{"customers.yaml bad revenue", map[string]string{"customers.yaml": "acme:\n  name: Acme\n  revenue: lots\n"}, []string{"customers.yaml:3:12 error [type]"}},
		{"customers.yaml key with no value, last", map[string]string{"customers.yaml": "acme:\n  name: Acme\n? beta"}, []string{"customers.yaml:3:1 error [type]"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := load(tc.files)
			if g := got(s); !slices.Equal(g, tc.want) {
				t.Errorf("diagnostics:\n got %q\nwant %q\n%s", g, tc.want, s.Diagnostics)
			}
		})
	}
}

func TestMessagesHelp(t *testing.T) {
	s := load(map[string]string{"feedback/a.md": item("title: T\ndate: 2026-03-02\nsource: suport\ntype: bug\nthemse: []\n")})
	msgs := fmt.Sprint(s.Diagnostics)
	for _, want := range []string{"did you mean support?", "survey, interview, support", `unknown field "themse"`, "did you mean themes?"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("messages %s lack %q", msgs, want)
		}
	}
}

// customersFile is a customers.yaml of n customers with every field, as a
// CRM export makes it.
func customersFile(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "customer-%d:\n  name: Customer %d Ltd\n  segment: %s\n  plan: pro\n  revenue: %d\n  region: emea\n  contact: buyer%d@customer%d.example\n",
			i, i, []string{"smb", "mid-market", "enterprise"}[i%3], 1000+i, i, i)
	}
	return b.String()
}

// TestHostileFrontMatter: each limit of a document has its own message,
// and a large but honest file is not refused.
func TestHostileFrontMatter(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n" +
		"g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	themes := func(n int) string {
		var b strings.Builder
		b.WriteString("themes: [bulk-export")
		for range n - 1 {
			b.WriteString(", bulk-export")
		}
		return b.String() + "]\n"
	}
	cases := []struct {
		name  string
		files map[string]string
		want  string // a message part of the one error; "" for none
		not   string // a message part it must not have
	}{
		{"an alias bomb in an item", map[string]string{"feedback/a.md": item(bomb)}, "aliases expand to more than 10000 values", ""},
		{"an alias bomb in customers.yaml", map[string]string{"customers.yaml": bomb}, "aliases expand to more than 10000 values", ""},
		{"an alias bomb in JSON front matter is impossible, deep nesting is not", map[string]string{
			"feedback/a.md": "{\n\"x\": " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n}\n\n"}, "nest more than 64 levels deep", "aliases"},
		{"deep nesting", map[string]string{"feedback/a.md": item("x: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n")}, "nest more than 64 levels deep", "aliases"},
		{"50,000 themes on one item", map[string]string{"feedback/a.md": item(base + themes(50_000))}, "holds more than 20000 values", "aliases"},
		{"5,000 themes on one item", map[string]string{"feedback/a.md": item(base + themes(5_000))}, "", ""},
		{"5,000 customers", map[string]string{"customers.yaml": customersFile(5_000)}, "", ""},
		{"50,000 customers", map[string]string{"customers.yaml": customersFile(50_000)}, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := load(tc.files)
			var errs []string
			for _, d := range s.Diagnostics {
				if d.Severity == diag.Error {
					errs = append(errs, d.String())
				}
			}
			switch {
			case tc.want == "" && len(errs) > 0:
				t.Errorf("errors %q", errs)
			case tc.want != "" && (len(errs) != 1 || !strings.Contains(errs[0], tc.want) || !strings.Contains(errs[0], "[front-matter]")):
				t.Errorf("errors %q, want one front-matter error saying %q", errs, tc.want)
			case tc.not != "" && len(errs) > 0 && strings.Contains(errs[0], tc.not):
				t.Errorf("error %q says %q", errs[0], tc.not)
			}
			if strings.Contains(tc.name, "customers") && tc.want == "" {
				n := 5_000
				if strings.HasPrefix(tc.name, "50") {
					n = 50_000
				}
				if len(s.Customers) != n {
					t.Errorf("%d customers loaded, want %d", len(s.Customers), n)
				}
			}
		})
	}
}

func TestItemStatusFollowsThemes(t *testing.T) {
	s := load(map[string]string{
		"themes/shipped.md": "---\ntitle: S\nstatus: shipped\n---\n",
		"themes/idea.md":    "---\ntitle: I\nstatus: exploring\n---\n",
		"feedback/a.md":     item(base + "themes: [bulk-export]\n"),
		"feedback/b.md":     item(base + "themes: [bulk-export, shipped]\n"),
		"feedback/c.md":     item(base + "themes: [idea]\n"),
		"feedback/d.md":     item(base),
		"feedback/e.md":     item(base + "duplicate_of: a\n"),
		"feedback/f.md":     item(base + "status: declined\nthemes: [shipped]\n"),
	})
	want := map[string]string{"a": "planned", "b": "shipped", "c": "new", "d": "new", "e": "duplicate", "f": "declined"}
	for id, st := range want {
		if g := s.ItemStatus(s.Item(id)); g != st {
			t.Errorf("item %s: status %q, want %q", id, g, st)
		}
	}
	if h := s.Horizon(s.Theme("bulk-export")); h != "next" {
		t.Errorf("planned theme horizon %q, want next", h)
	}
}
