package fingerprint

import (
	"bytes"
	"errors"
	"hash/maphash"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// The data of the test templates: a page about an item, with lists that
// refer back to each other as the site's views do.
type page struct {
	Title  string
	Item   *item
	Items  []*item
	Themes []*theme
	ByID   map[string]*theme
	Any    any
	Fn     func() string
	secret string
}

type item struct {
	Title string
	Body  template.HTML
	Date  time.Time
	Tags  []string
	Theme *theme
	Votes int
	Notes string
}

type theme struct {
	Name  string
	Score float64
	Items []*item
}

// Loud is a method: it can read anything of its receiver.
func (it *item) Loud() string { return strings.ToUpper(it.Title + it.Notes) }

var funcs = template.FuncMap{
	"upper":    strings.ToUpper,
	"describe": func(it *item) string { return it.Title + " " + it.Notes },
	"first":    func(n int, l []*item) []*item { return l[:min(n, len(l))] },
}

func parseText(t *testing.T, text string) *template.Template {
	t.Helper()
	return template.Must(template.New("page").Funcs(funcs).Parse(text))
}

func analyze(t *testing.T, text string) (*Reads, error) {
	t.Helper()
	return Analyze(parseText(t, text), "page", reflect.TypeFor[*page](), Options{Funcs: funcs, Selectors: []string{"first"}})
}

// TestFields: what each template can read of its data. "?" marks a field
// read only for its emptiness or length, "*" one read entirely.
func TestFields(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"a field", `{{.Item.Title}}`, []string{".", "item.Title", "page.Item"}},
		{"a condition reads only emptiness", `{{if .Items}}some{{end}}`, []string{".", "page.Items?"}},
		{"len reads only the length", `{{len .Themes}}`, []string{".", "page.Themes?"}},
		{"not and or", `{{if and .Item (not .Items)}}x{{end}}`, []string{".", "page.Item?", "page.Items?"}},
		{"range reads the elements", `{{range .Items}}{{.Title}}{{end}}`, []string{".", "item.Title", "page.Items"}},
		{"with then the value", `{{with .Item}}{{.Votes}}{{end}}`, []string{".", "item.Votes", "page.Item"}},
		{"a struct printed is read entirely", `{{with .Item}}{{.}}{{end}}`, []string{".", "page.Item*"}},
		{"a called template reads its dot", `{{template "t" .Item}}{{define "t"}}{{.Title}}{{end}}`, []string{".", "item.Title", "page.Item"}},
		{"a called template prints its dot", `{{template "t" .Item}}{{define "t"}}{{.}}{{end}}`, []string{".", "page.Item*"}},
		{"a called template tests its dot", `{{template "t" .Items}}{{define "t"}}{{if .}}x{{end}}{{end}}`, []string{".", "page.Items?"}},
		{"dollar is the data", `{{range .Items}}{{$.Title}}{{end}}`, []string{".", "page.Items", "page.Title"}},
		{"variables", `{{$t := .Item.Theme}}{{range $i, $x := .Themes}}{{$i}}{{$t.Name}}{{end}}`, []string{".", "item.Theme", "page.Item", "page.Themes", "theme.Name"}},
		{"index", `{{(index .Items 0).Title}} {{index .ByID "a" | printf "%v"}}`, []string{".", "item.Title", "page.ByID*", "page.Items"}},
		{"a map key", `{{.ByID.export.Name}}`, []string{".", "page.ByID", "theme.Name"}},
		{"a function of leaf values", `{{upper .Item.Title}} {{.Item.Date | printf "%v"}}`, []string{".", "item.Date", "item.Title", "page.Item"}},
		{"a function of a struct reads it entirely", `{{describe .Item}}`, []string{".", "page.Item*"}},
		{"a selector reads what the template reads of its result", `{{range first 2 .Items}}{{.Votes}}{{end}}`, []string{".", "item.Votes", "page.Items"}},
		{"a method reads its receiver entirely", `{{.Item.Loud}}`, []string{".", "page.Item*"}},
		{"a method of a leaf", `{{if .Item.Date.IsZero}}never{{end}}`, []string{".", "item.Date*", "page.Item"}},
		{"emptiness of an element is its value", `{{range .Items}}{{if .}}x{{end}}{{end}}`, []string{".", "page.Items"}},
		{"the data printed", `{{.}}`, []string{".*"}},
		{"nothing read", `hello`, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := analyze(t, c.text)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Fields(); !slices.Equal(got, c.want) {
				t.Errorf("%s\n got %q\nwant %q", c.text, got, c.want)
			}
		})
	}
}

// TestOpaque: reads the analysis cannot follow are errors.
func TestOpaque(t *testing.T) {
	for _, text := range []string{
		`{{.Any.Name}}`,
		`{{if eq .Item (index .Items 0)}}same{{end}}`,
		`{{call .Fn}}`,
		`{{.Item.Missing}}`,
	} {
		if _, err := analyze(t, text); !errors.Is(err, ErrOpaque) {
			t.Errorf("%s: err = %v, want ErrOpaque", text, err)
		}
	}
	if _, err := Analyze(parseText(t, `{{upper .Title}}`), "page", reflect.TypeFor[*page](), Options{}); !errors.Is(err, ErrOpaque) {
		t.Errorf("a function Analyze was not told of: err = %v, want ErrOpaque", err)
	}
	if _, err := analyze(t, `{{template "nowhere" .}}`); err == nil || errors.Is(err, ErrOpaque) {
		t.Errorf("a missing template: err = %v", err)
	}
}

// fixture makes a page and its lists, with a cycle: themes list their
// items, items name their theme.
func fixture() *page {
	th := &theme{Name: "Exports", Score: 2.5}
	other := &theme{Name: "Login", Score: 1}
	a := &item{Title: "Export times out", Body: "<p>It dies.</p>", Date: time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC), Tags: []string{"export"}, Theme: th, Votes: 3, Notes: "call back"}
	b := &item{Title: "Cannot log in", Date: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), Theme: other, Votes: 1}
	th.Items, other.Items = []*item{a}, []*item{b}
	return &page{Title: "Feedback", Item: a, Items: []*item{a, b}, Themes: []*theme{th, other}, ByID: map[string]*theme{"export": th, "login": other}, secret: "s"}
}

// TestSum: a fingerprint changes exactly when what the template reads
// changes, and equal fingerprints always render equal bytes.
func TestSum(t *testing.T) {
	const text = `<h1>{{.Title}}</h1>{{with .Item}}<h2>{{.Title}}</h2>{{.Body}}{{range .Tags}}<i>{{.}}</i>{{end}}` +
		`{{with .Theme}}<p>{{.Name}}: {{range .Items}}{{.Title}} ({{.Theme.Name}}) {{end}}</p>{{end}}{{end}}` +
		`<p>{{len .Themes}} themes</p>{{if .Items}}<ul>{{range .Items}}<li>{{.Title}} {{.Date.Format "2006"}}</li>{{end}}</ul>{{end}}`
	tmpl := parseText(t, text)
	r, err := Analyze(tmpl, "page", reflect.TypeFor[*page](), Options{Funcs: funcs})
	if err != nil {
		t.Fatal(err)
	}
	seed := maphash.MakeSeed()
	sum := func(p *page) uint64 {
		s, ok := r.NewHasher(seed).Sum(p)
		if !ok {
			t.Fatal("gave up")
		}
		return s
	}
	render := func(p *page) string {
		var b bytes.Buffer
		if err := tmpl.Execute(&b, p); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	base := fixture()
	if sum(base) != sum(fixture()) {
		t.Fatal("equal data, different fingerprints")
	}
	for _, c := range []struct {
		name string
		edit func(p *page)
		same bool
	}{
		{"the item's title", func(p *page) { p.Item.Title = "Export fails" }, false},
		{"the item's body", func(p *page) { p.Item.Body = "<p>It stops.</p>" }, false},
		{"a tag", func(p *page) { p.Item.Tags[0] = "exports" }, false},
		{"a theme's name, read through a cycle", func(p *page) { p.Themes[0].Name = "Bulk export" }, false},
		{"another item's title, in the list", func(p *page) { p.Items[1].Title = "SSO fails" }, false},
		{"a date", func(p *page) { p.Items[1].Date = p.Items[1].Date.AddDate(1, 0, 0) }, false},
		{"the number of themes", func(p *page) { p.Themes = append(p.Themes, &theme{Name: "New"}) }, false},
		{"the items listed", func(p *page) { p.Items = p.Items[:1] }, false},
		{"unread notes", func(p *page) { p.Item.Notes = "never mind" }, true},
		{"unread votes", func(p *page) { p.Items[1].Votes = 100 }, true},
		{"an unread score", func(p *page) { p.Themes[1].Score = 9 }, true},
		{"an unread map", func(p *page) { p.ByID = nil }, true},
		{"an unexported field", func(p *page) { p.secret = "t" }, true},
		{"a theme only counted", func(p *page) { p.Themes[1] = &theme{Name: "Other name"} }, true},
		{"a copy instead of the same list", func(p *page) { p.Item.Tags = slices.Clone(p.Item.Tags) }, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := fixture()
			c.edit(p)
			same := sum(p) == sum(base)
			if same != c.same {
				t.Errorf("same fingerprint = %v, want %v", same, c.same)
			}
			if same && render(p) != render(base) {
				t.Errorf("same fingerprint, different page:\n%s\n%s", render(p), render(base))
			}
		})
	}
}

// TestSumShared: a hasher reuses what it hashed for values shared between
// pages, and gives each page the fingerprint a fresh hasher gives it.
func TestSumShared(t *testing.T) {
	r, err := analyze(t, `{{.Item.Title}}{{range .Themes}}{{.Name}}{{range .Items}}{{.Title}}{{.Theme.Name}}{{end}}{{end}}`)
	if err != nil {
		t.Fatal(err)
	}
	seed := maphash.MakeSeed()
	base := fixture()
	pages := []*page{base}
	for _, it := range base.Items[1:] {
		p := *base
		p.Item = it
		pages = append(pages, &p)
	}
	shared := r.NewHasher(seed)
	sum := func(h *Hasher, p *page) uint64 {
		s, ok := h.Sum(p)
		if !ok {
			t.Fatal("gave up")
		}
		return s
	}
	for i, p := range pages {
		if got, want := sum(shared, p), sum(r.NewHasher(seed), p); got != want {
			t.Errorf("page %d: %x with a shared hasher, %x with a fresh one", i, got, want)
		}
	}
	if sum(shared, pages[0]) == sum(shared, pages[1]) {
		t.Error("pages about different items have the same fingerprint")
	}
}

// node makes tangled cycles: every node lists every other.
type node struct {
	Name string
	Next []*node
}

// TestSumGivesUp: data read through tangled cycles, whose paths grow
// factorially, makes Sum give up (the page then counts as changed) rather
// than run for ever.
func TestSumGivesUp(t *testing.T) {
	tmpl := parseText(t, `{{define "n"}}{{.Name}}{{range .Next}}{{template "n" .}}{{end}}{{end}}{{template "n" .}}`)
	r, err := Analyze(tmpl, "page", reflect.TypeFor[*node](), Options{})
	if err != nil {
		t.Fatal(err)
	}
	nodes := make([]*node, 14)
	for i := range nodes {
		nodes[i] = &node{Name: string(rune('a' + i))}
	}
	for _, n := range nodes {
		n.Next = slices.Clone(nodes)
	}
	h := r.NewHasher(maphash.MakeSeed())
	h.limit = 100_000 // MaxSteps takes seconds under the race detector
	if _, ok := h.Sum(nodes[0]); ok {
		t.Error("Sum did not give up")
	}
	small := []*node{{Name: "a"}, {Name: "b"}}
	small[0].Next, small[1].Next = small, small
	if _, ok := r.NewHasher(maphash.MakeSeed()).Sum(small[0]); !ok {
		t.Error("Sum gave up on a small cycle")
	}
}

// TestReadsAndEntirely: the questions a caller asks to know which data a
// page needs.
func TestReadsAndEntirely(t *testing.T) {
	pageType, themeType := reflect.TypeFor[page](), reflect.TypeFor[theme]()
	for _, c := range []struct {
		text           string
		items, scores  bool
		themesEntirely bool
	}{
		{`{{.Item.Title}}`, false, false, false},
		{`{{range .Items}}{{.Title}}{{end}}`, true, false, false},
		{`{{if .Items}}x{{end}}`, true, false, false},
		{`{{range .Themes}}{{.Score}}{{end}}`, false, true, false},
		{`{{.Item.Date}} {{.Item.Tags}}`, false, false, false},
		{`{{.Item}}`, false, false, true},
		{`{{describe .Item}}`, false, false, true},
		{`{{.}}`, false, false, true},
	} {
		r, err := analyze(t, c.text)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Reads(pageType, "Items"); got != c.items {
			t.Errorf("%s: Reads(page, Items) = %v", c.text, got)
		}
		if got := r.Reads(themeType, "Score"); got != c.scores {
			t.Errorf("%s: Reads(theme, Score) = %v", c.text, got)
		}
		if got := r.Entirely(themeType); got != c.themesEntirely {
			t.Errorf("%s: Entirely(theme) = %v", c.text, got)
		}
	}
}

// TestHTML: Reads.HTML holds the actions that print a template.HTML
// wherever they run, and no other.
func TestHTML(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // the actions, as parse prints them
	}{
		{`{{.Item.Body}} {{.Title}} {{with .Item}}{{.Body}}{{end}}`, []string{"{{.Item.Body}}", "{{.Body}}"}},
		{`{{range .Items}}{{.Body}}{{.Title}}{{end}}{{$b := .Item.Body}}{{$b}}`, []string{"{{.Body}}", "{{$b}}"}},
		{`{{define "x"}}{{.}}{{end}}{{template "x" .Item.Body}}{{template "x" .Title}}`, nil},
		{`{{.Any}}{{upper .Title}}`, nil},
	} {
		set := parseText(t, tc.text)
		r, err := Analyze(set, "page", reflect.TypeFor[*page](), Options{Funcs: funcs})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for n := range r.HTML {
			got = append(got, n.String())
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(tc.want))
		if !slices.Equal(got, want) {
			t.Errorf("%s: HTML = %q, want %q", tc.text, got, want)
		}
	}
}

// TestStrings: Reads.Strings holds the actions that print a string field
// read straight from a struct wherever they run, with those fields (and
// every other printing action with none).
func TestStrings(t *testing.T) {
	itemTitle := Field{reflect.TypeFor[item](), 0}
	pageTitle := Field{reflect.TypeFor[page](), 0}
	themeName := Field{reflect.TypeFor[theme](), 0}
	for _, tc := range []struct {
		text string
		want map[string][]Field // by action, as parse prints it
	}{
		{`{{.Title}} {{.Item.Title}} {{.Item.Body}} {{.Item.Votes}}`,
			map[string][]Field{"{{.Title}}": {pageTitle}, "{{.Item.Title}}": {itemTitle}}},
		{`{{with .Item}}{{.Title}}{{.Notes | upper}}{{end}}{{range $i, $t := .Themes}}{{$t.Name}}{{end}}`,
			map[string][]Field{"{{.Title}}": {itemTitle}, "{{$t.Name}}": {themeName}}},
		// The same action with dots of two types prints both fields.
		{`{{define "x"}}{{.Title}}{{end}}{{template "x" .}}{{template "x" .Item}}`,
			map[string][]Field{"{{.Title}}": {pageTitle, itemTitle}}},
		// A dot that is a string field counts; a function's result, a
		// derived value, or a string field printed once and something
		// else another time does not.
		{`{{with .Title}}{{.}}{{end}}{{upper .Title}}{{.Item.Loud}}{{range .Item.Tags}}{{.}}{{end}}` +
			`{{define "y"}}{{.}}{{end}}{{template "y" .Title}}{{template "y" .Item.Votes}}`,
			map[string][]Field{"{{.}}": {pageTitle}, "{{with .Title}}{{.}}{{end}}": {pageTitle}}},
	} {
		r, err := analyze(t, tc.text)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]Field{}
		for n, fs := range r.Strings {
			if fs != nil {
				got[n.String()] = append(got[n.String()], fs...)
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Strings = %v, want %v", tc.text, got, tc.want)
		}
	}
}
