package render

import (
	"bytes"
	"html/template"
	"math"
	"strings"
	"testing"
	"time"
)

// escapeOracle executes html/template on s in HTML text, a quoted
// attribute and a title, where escapeHTML stands in for its escapers.
var escapeOracle = template.Must(template.New("").Parse(`<p>{{.}}</p><a title="{{.}}">x</a><title>{{.}}</title>`))

func checkEscape(t *testing.T, s string) {
	var want bytes.Buffer
	if err := escapeOracle.Execute(&want, s); err != nil {
		t.Fatal(err)
	}
	e := escapeHTML(s)
	got := "<p>" + e + `</p><a title="` + e + `">x</a><title>` + e + "</title>"
	if got != want.String() {
		t.Errorf("escapeHTML(%q):\n got %q\nwant %q", s, got, want.String())
	}
	if a := string(appendEscaped([]byte("x"), s)); a != "x"+e {
		t.Errorf("appendEscaped(%q) = %q, want %q", s, a[1:], e)
	}
	// A view whose strings need no escaping is its own twin.
	if needsEscape(s) != (e != s) {
		t.Errorf("needsEscape(%q) = %v, but escapeHTML gives %q", s, needsEscape(s), e)
	}
}

// TestEscapeHTML: escapeHTML makes of a string what html/template's
// escapers make of it in HTML text, attributes and titles.
func TestEscapeHTML(t *testing.T) {
	for _, s := range []string{
		"", "plain", `<b>"Tom & Jerry"</b>`, "it's 1+1", "nul\x00byte", "bad \xff\xfe utf-8", "naïve café ☕",
		"\ufdd0 \ufffe \uffff", "&amp; already", "\u2028\u2029", "<<>>''\"\"++&&",
	} {
		checkEscape(t, s)
	}
}

func FuzzEscapeHTML(f *testing.F) {
	for _, s := range []string{"", `<b>"x" & 'y'</b>`, "a+b\x00c", "\xff<\xc3"} {
		f.Add(s)
	}
	f.Fuzz(checkEscape)
}

// TestEscapedTwins: a page template of the user's that prints a view's
// string fields in every context renders what html/template renders of
// the same fields without heed's rewriting: the twins stand in only
// where html/template escapes a string as escapeHTML does, and the
// actions elsewhere (script, style, URL, unquoted attribute, a function
// of the field) keep their escapers.
func TestEscapedTwins(t *testing.T) {
	const title = `Tom & "Jerry" <b>it's</b> 1+1 é`
	const main = `{{define "main"}}{{with .Item}}<p>{{.Title}}</p><a title="{{.Title}}" href="/s?q={{.Title}}">{{.Source}}</a>` +
		`<script>var t = {{.Title}};</script><style>p::after{content:"{{.Title}}"}</style>` +
		`<p data-x={{.Title}}>{{.Title | printf "%s!"}} {{with .Customer}}{{.Plan}} {{.Region}}` +
		`{{with .Plan}}<b>{{.}}</b><script>{{.}}</script>{{end}}{{with .Region}}<i title="{{.}}">{{.}}</i>{{else}}none{{end}}` +
		`{{with .Segment}}{{if eq . "smb"}}small{{end}}{{.}}{{end}}{{end}}</p>` +
		`{{range .Themes}}<i class="{{.Kind}}">{{.Title}}</i>{{end}}{{end}}<h1>{{.Title}}</h1><em>{{.Site.Title}}</em>{{end}}`
	files := repoFiles(t, "testdata/repo")
	files["templates/base.html"] = `{{define "base"}}{{template "main" .}}{{end}}`
	files["templates/item.html"] = `{{template "base" .}}` + main
	const meta = `{{define "item-meta"}}<s title="{{.Title}}">{{.Source}}</s><script>var s = {{.Source}};</script>` +
		`{{with .Customer}}<a href="/c?{{.Segment}}">{{.Segment}}</a>{{end}}{{end}}`
	files["templates/partials/item-meta.html"] = meta
	// A published item (the fixture's private one would show on no page,
	// nor would the words of its sales call).
	const path = "feedback/2026-09-10-export-cut-off.md"
	if _, ok := files[path]; !ok {
		t.Fatalf("fixture has no %s", path)
	}
	files[path] = strings.Replace(files[path], "title: ", "title: '"+strings.ReplaceAll(title, "'", "''")+"' # ", 1)
	site := Render(staged(inputOf(t, files), Options{Now: fixtureNow}), Options{Now: fixtureNow})
	if site.Diagnostics.Fails(false) {
		t.Fatal(site.Diagnostics)
	}
	plan := Prepare(staged(inputOf(t, files), Options{Now: fixtureNow}), Options{Now: fixtureNow})
	tree := plan.lay.pages[tmplItem].Lookup("main").Tree.Root.String()
	for _, want := range []string{"<p>{{.Escaped.Title}}</p>", `{{with .Escaped.Region}}<i title="{{.}}">{{.}}</i>{{else}}none{{end}}`,
		"{{with .Plan}}<b>{{. | _html_template_htmlescaper}}</b>", `{{with .Segment}}{{if eq . "smb"}}`} {
		if !strings.Contains(tree, want) {
			t.Errorf("main has no %s:\n%s", want, tree)
		}
	}
	var checked int
	for _, v := range plan.b.pub {
		i := plan.b.pubIndex[v.ID]
		pg := &page{Site: plan.b.site, Title: v.Title, Item: plan.b.view(i)}
		want := new(bytes.Buffer)
		ref := template.Must(template.New("item.html").Parse(files["templates/base.html"]))
		template.Must(ref.Parse(files["templates/item.html"]))
		if err := ref.Execute(want, pg); err != nil {
			t.Fatal(err)
		}
		got := site.Files[itemPath(v)+"index.html"]
		if string(got) != want.String() {
			t.Errorf("%s:\n got %s\nwant %s", v.ID, got, want)
		}
		// The partial rendered once per item (fragment) likewise.
		want.Reset()
		if err := template.Must(template.New("").Parse(meta)).ExecuteTemplate(want, "item-meta", pg.Item); err != nil {
			t.Fatal(err)
		}
		if string(pg.Item.Meta) != want.String() {
			t.Errorf("%s: Meta\n got %s\nwant %s", v.ID, pg.Item.Meta, want)
		}
		if strings.Contains(string(got), "&#34;Jerry&#34;") {
			checked++
		}
	}
	if checked != 1 {
		t.Errorf("%d pages show the hostile title, want 1", checked)
	}
}

// plainText reports whether escapeHTML leaves s as it is.
func plainText(s string) bool { return escapeHTML(s) == s }

// plainFuncResults is what every one of plainFuncs makes of tm or x.
func plainFuncResults(t *testing.T, tm time.Time, x float64) map[string]string {
	fm := funcs(newURLs(""))
	out := map[string]string{}
	for name := range plainFuncs {
		switch f := fm[name].(type) {
		case func(time.Time) string:
			out[name] = f(tm)
		case func(float64) string:
			out[name] = f(x)
		default:
			t.Fatalf("%s is %T, not a formatting function", name, fm[name])
		}
	}
	return out
}

// TestPlainFuncs: what plainFuncs return needs no escaping, whatever the
// time or number (fold drops their escapers).
func TestPlainFuncs(t *testing.T) {
	times := []time.Time{{}, time.Unix(0, 0), time.Date(-40000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(123456, 12, 31, 23, 59, 59, 0, time.UTC), fixtureNow}
	nums := []float64{0, math.Copysign(0, -1), 1, -1, 0.005, -0.994, 1234567.89, -1e300, 1e300, math.NaN(), math.Inf(1), math.Inf(-1), math.MaxInt64, 1e15, -1e15 + 0.5}
	for i := range max(len(times), len(nums)) {
		tm, x := times[i%len(times)], nums[i%len(nums)]
		for name, s := range plainFuncResults(t, tm, x) {
			if !plainText(s) {
				t.Errorf("%s(%v or %v) = %q", name, tm, x, s)
			}
		}
	}
}

func FuzzPlainFuncs(f *testing.F) {
	f.Add(int64(0), 0.5)
	f.Add(int64(-1e12), -1e20)
	f.Fuzz(func(t *testing.T, sec int64, x float64) {
		for name, s := range plainFuncResults(t, time.Unix(sec, 0), x) {
			if !plainText(s) {
				t.Errorf("%s(%d or %v) = %q", name, sec, x, s)
			}
		}
	})
}
