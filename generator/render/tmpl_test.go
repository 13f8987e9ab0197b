package render

import (
	"bytes"
	"strings"
	"testing"
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
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeRepo(t, withFiles(map[string]string{tc.file: tc.text}))
			site := Render(load(t, dir), Options{Now: fixtureNow})
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
