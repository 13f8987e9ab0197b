package render

import (
	"bytes"
	"maps"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/source"
)

var tinyRepo = map[string]string{
	"heed.yaml":     "title: Tiny\n",
	"themes/t.md":   "---\ntitle: A theme\nstatus: planned\n---\nBody.\n",
	"feedback/a.md": "---\ntitle: An item\ndate: 2026-10-01\nsource: form\ntype: bug\nthemes: [t]\n---\nText.\n",
}

func withFiles(extra map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range tinyRepo {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

// TestTemplateOverrides: a file in the repository's templates/ replaces
// the embedded one of the same name; new partials and assets are added;
// other files there are ignored.
func TestTemplateOverrides(t *testing.T) {
	dir := writeRepo(t, withFiles(map[string]string{
		"templates/partials/status.html": `{{define "status"}}<b class="custom-status">{{.Status}}</b>{{end}}`,
		"templates/assets/site.css":      "body { color: rebeccapurple; }\n",
		"templates/assets/logo.svg":      "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
		"templates/templates.go":         "package templates\n",
	}))
	site := renderDir(t, dir, Options{})
	if !bytes.Contains(site.Files["roadmap/index.html"], []byte(`<b class="custom-status">planned</b>`)) {
		t.Error("the overriding partial is not used")
	}
	if string(site.Files["assets/site.css"]) != "body { color: rebeccapurple; }\n" {
		t.Error("the overriding stylesheet is not used")
	}
	if site.Files["assets/logo.svg"] == nil {
		t.Error("a new asset is not copied")
	}
	if site.Files["templates.go"] != nil || site.Files["assets/templates.go"] != nil {
		t.Error("a non-template file was published")
	}
}

// TestBrokenTemplate: a template that does not parse or fails to execute
// is a diagnostic naming its file and line, and the site is empty.
func TestBrokenTemplate(t *testing.T) {
	for _, tc := range []struct {
		name, file, text, want string
	}{
		{"parse error", "templates/theme.html", "{{template \"base\" .}}\n{{define \"main\"}}\n<h1>{{.Theme.Title}</h1>\n{{end}}\n",
			"templates/theme.html:3:"},
		{"unknown function", "templates/partials/status.html", "{{define \"status\"}}\n{{shout .Status}}\n{{end}}", "templates/partials/status.html:2:"},
		{"execution error", "templates/roadmap.html", "{{template \"base\" .}}\n{{define \"main\"}}\n\n{{.Nope}}\n{{end}}\n",
			"templates/roadmap.html:4:"},
		{"execution error in the chrome", "templates/partials/site-footer.html", "{{define \"site-footer\"}}\n{{.Nope}}\n{{end}}",
			"templates/partials/site-footer.html:2:"},
		{"execution error in a theme's link", "templates/partials/theme-link.html", "{{define \"theme-link\"}}\n{{.Nope}}\n{{end}}",
			"templates/partials/theme-link.html:2:"},
		{"execution error in an item's meta", "templates/partials/item-meta.html", "{{define \"item-meta\"}}\n\n{{.Nope}}\n{{end}}",
			"templates/partials/item-meta.html:3:"},
		{"execution error in the filter form", "templates/partials/filters.html", "{{define \"filters\"}}\n{{.Nope}}\n{{end}}",
			"templates/partials/filters.html:2:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeRepo(t, withFiles(map[string]string{tc.file: tc.text}))
			site := Render(staged(load(t, dir), Options{Now: fixtureNow}), Options{Now: fixtureNow})
			if !site.Diagnostics.Fails(false) {
				t.Fatal("no error diagnostic")
			}
			if got := site.Diagnostics[0].String(); !strings.HasPrefix(got, tc.want) {
				t.Errorf("diagnostic %q, want it to start with %q", got, tc.want)
			}
			if len(site.Files) != 0 {
				t.Errorf("a broken template still produced %d files", len(site.Files))
			}
		})
	}
}

// oldFilterForm is the feedback list's form as feedback.html printed it
// before the filters partial, which copies of that page still do.
const oldFilterForm = `<form class="filters" id="filters" hidden aria-label="Filter feedback" data-root="{{url ""}}" data-total="{{with .Pager}}{{.Total}}{{end}}">
{{- range .Filters}}
<label>{{.Label}}
<select name="{{.Name}}" data-filter="{{.Name}}">
<option value="">All</option>
{{- range .Options}}
<option value="{{.Value}}">{{.Label}}</option>
{{- end}}
</select>
</label>
{{- end}}
<button type="reset">Clear</button>
</form>`

// TestFragmentOverrides: the partials heed renders once for many pages
// (the chrome of every page, an item's meta, the filter form) are the
// user's when overridden, and a base.html or a page that calls them as
// templates or prints what they print itself, as older copies of the
// defaults do, renders the same bytes as the defaults.
func TestFragmentOverrides(t *testing.T) {
	files := repoFiles(t, "testdata/repo")
	in := inputOf(t, files)
	want := Render(staged(in, Options{Now: fixtureNow}), Options{Now: fixtureNow})

	old := map[string]string{}
	base := embedded(t, "base.html")
	for _, p := range []string{"SiteHead", "SiteHeader", "SiteFooter"} {
		name := map[string]string{"SiteHead": "site-head", "SiteHeader": "site-header", "SiteFooter": "site-footer"}[p]
		base = strings.Replace(base, "{{."+p+"}}", "{{template \""+name+"\" .}}", 1)
	}
	old["templates/base.html"] = base
	for _, name := range []string{"item.html", "changelog.html", "partials/item-row.html", "partials/quote.html"} {
		text := strings.ReplaceAll(embedded(t, name), "{{.Meta}}", `{{template "item-meta" .}}`)
		old["templates/"+name] = strings.ReplaceAll(text, "{{$t.Link}}", `<a href="{{$t.URL}}">{{$t.Title}}</a>`)
	}
	old["templates/feedback.html"] = strings.Replace(embedded(t, "feedback.html"), "{{.FilterForm}}", oldFilterForm, 1)
	withOld := maps.Clone(files)
	maps.Copy(withOld, old)
	sameSite(t, Render(staged(inputOf(t, withOld), Options{Now: fixtureNow}), Options{Now: fixtureNow}), want)
	// No page shows the filters partial then: it is not rendered, and a
	// broken one fails nothing.
	withOld["templates/partials/filters.html"] = `{{define "filters"}}{{.Nope}}{{end}}`
	sameSite(t, Render(staged(inputOf(t, withOld), Options{Now: fixtureNow}), Options{Now: fixtureNow}), want)

	custom := maps.Clone(files)
	custom["templates/partials/site-header.html"] = `{{define "site-header"}}<nav>{{range .Site.Nav}}{{if eq .Section $.Section}}<b>{{.Name}}</b>{{end}}{{end}}</nav>{{end}}`
	custom["templates/partials/item-meta.html"] = `{{define "item-meta"}}<i>from {{.Source}}</i>{{end}}`
	custom["templates/partials/theme-link.html"] = `{{define "theme-link"}}<a class="t" href="{{.URL}}">{{.Title}} ({{.Volume}})</a>{{end}}`
	custom["templates/partials/filters.html"] = `{{define "filters"}}<form class="mine" data-root="{{url ""}}" data-total="{{.Total}}">{{range .Filters}}<b>{{.Name}}</b>{{end}}</form>{{end}}`
	site := Render(staged(inputOf(t, custom), Options{Now: fixtureNow}), Options{Now: fixtureNow})
	if site.Diagnostics.Fails(false) {
		t.Fatal(site.Diagnostics)
	}
	for _, c := range []struct{ path, want string }{
		{"roadmap/index.html", "<nav><b>Roadmap</b></nav>"},
		{"themes/export/index.html", "<nav><b>Themes</b></nav>"},
		{"feedback/2026-08-03-export-times-out/index.html", "<i>from support</i>"},
		// The fragment, rendered once, links relative to each page that shows it.
		{"feedback/2026-08-03-export-times-out/index.html", `<a class="t" href="../../themes/export/index.html">`},
		{"feedback/index.html", "<i>from support</i>"},
		{"feedback/index.html", `<a class="t" href="../themes/export/index.html">`},
		{"themes/export/index.html", "<i>from "},
		{"feedback/index.html", `<form class="mine" data-root="../" data-total="6"><b>theme</b><b>type</b><b>source</b><b>status</b><b>segment</b></form>`},
	} {
		if !bytes.Contains(site.Files[c.path], []byte(c.want)) {
			t.Errorf("%s lacks %q", c.path, c.want)
		}
	}
}

// TestFold: folding constant links into the page templates changes no
// byte of any page, in every context a link can stand in, and folds the
// links of HTML text and attributes.
func TestFold(t *testing.T) {
	probe := `{{template "base" .}}
{{define "main"}}<a href="{{url "feedback/"}}" title="{{url "a/"}}">{{url "themes/"}}</a>
<a href="{{url "search/"}}?next={{url "roadmap/"}}" data-x={{asset "x.js"}}>q</a>
<script>var u = {{url "feedback/"}};</script>
<style>a { background: url({{asset "bg.png"}}) }</style>
<p style="color: {{url "red"}}">{{/* comment */}}<!-- {{url "x/"}} --></p>
<img srcset="{{asset "a.png"}} 2x"><button onclick="go({{url "x/"}})">go</button>{{end}}`
	for _, base := range []string{"", "/acme/roadmap/", "https://example.org/a+b/", "/a%20b/", "/a'b/"} {
		u := newURLs(base)
		lay, ds := loadLayout([]source.File{{Path: "templates/search.html", Kind: source.Template, Data: []byte(probe)}}, funcs(u))
		if ds.Fails(false) {
			t.Fatal(ds)
		}
		data := &page{Site: &siteView{Title: "T"}, Title: "Search"}
		want, err := lay.execute(tmplSearch, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		lay.fold(u, nil, nil)
		got, err := lay.execute(tmplSearch, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("base %q: folding changed the page:\n%s", base, firstDiff(want, got))
		}
		tree := lay.pages[tmplSearch].Lookup("main").Tree.Root.String()
		if folded := !strings.Contains(tree, `url "themes/"`); folded != plainLink(u.path) {
			t.Errorf("base %q: folded = %v, want %v:\n%s", base, folded, plainLink(u.path), tree)
		}
		if !strings.Contains(tree, `url "roadmap/"`) {
			t.Errorf("base %q: a link inside a query was folded", base)
		}
	}
}

// TestFoldHTML: the escaper of actions that print template.HTML in HTML
// text is dropped from the page templates, actions that print a string
// field in HTML text, an attribute or a title print its escaped twin
// instead (the site is the same: see the golden tests), and the escapers
// stay where the value is neither (a string that is not a field, a link).
func TestFoldHTML(t *testing.T) {
	p := Prepare(staged(inputOf(t, repoFiles(t, "testdata/repo")), Options{Now: fixtureNow}), Options{Now: fixtureNow})
	set := p.lay.pages[tmplItem]
	for _, c := range []struct{ tmpl, action string }{
		{"base", "{{.SiteHeader}}"},
		{"main", "{{.Meta}}"},
		{"main", "{{headings .HTML 2}}"},
		{"main", "{{$t.Link}}"},
		{"main", "<h1>{{.Escaped.Title}}</h1>"},
		{"main", "({{$t.Escaped.StatusLabel}})"},
		{"base", "<title>{{if .Title}}{{.Escaped.Title}} · {{end}}{{.Site.Escaped.Title}}</title>"},
		{"base", `<html lang="{{.Site.Escaped.Language}}">`},
		{"status", `status-{{.Escaped.Kind}}">{{.Escaped.StatusLabel}}</span>`},
		{"main", `recorded here <time datetime="{{isodate .Added}}">{{date .Added}}</time>`},
		{"main", `{{with .Escaped.Plan}}<div><dt>Plan</dt><dd>{{.}}</dd></div>{{end}}`},
		{"base", `{{with .Escaped.Description}}
<meta name="description" content="{{.}}">{{end}}`},
		{"main", `<span class="tag">{{. | _html_template_htmlescaper}}</span>`},
		{"main", `href="{{.URL | _html_template_urlfilter | _html_template_urlnormalizer | _html_template_attrescaper}}"`},
	} {
		if tree := set.Lookup(c.tmpl).Tree.Root.String(); !strings.Contains(tree, c.action) {
			t.Errorf("%s has no %s:\n%s", c.tmpl, c.action, tree)
		}
	}
	// The partials rendered once per item, theme or section too.
	for _, c := range []struct{ tmpl, action string }{
		{partItemMeta, `<span class="tag">{{.Escaped.Type}}</span> via {{.Escaped.Source}}`},
		{partItemMeta, `{{with .Escaped.Segment}} · {{.}}{{end}}`},
		{partThemeLink, `{{.Escaped.Title}}`},
		{partSiteHeader, `{{.Site.Escaped.Title}}`},
	} {
		if tree := p.lay.common.Lookup(c.tmpl).Tree.Root.String(); !strings.Contains(tree, c.action) {
			t.Errorf("%s has no %s:\n%s", c.tmpl, c.action, tree)
		}
	}
}
