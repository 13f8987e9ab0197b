package main

import (
	"fmt"
	"strings"
	"time"
)

// The same corpus as a Hugo site, for comparing build times on equal
// content: a page per published item (private items are never published by
// heed, so they are left out here too), themes as a taxonomy with a page per
// theme that lists its items, a feedback list of every item, and a home
// page. The layout is minimal but renders what heed's pages render for an
// item: title, date, source, type, status, customer's segment, themes,
// scores, tags, links and the Markdown body.

func hugoConfig() []byte {
	return []byte(`baseURL = "/"
title = "Ledgerline roadmap"
languageCode = "en"
enableRobotsTXT = true
disableHugoGeneratorInject = true
# heed's feeds are short; Hugo's default feeds list every page.
rssLimit = 20

[taxonomies]
  theme = "themes"

[markup.goldmark.renderer]
  unsafe = false
`)
}

// hugoLayouts are the templates of the Hugo site, by path under layouts/.
var hugoLayouts = map[string]string{
	"_default/baseof.html": `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "site.css" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "themes/" | relURL }}">Themes</a> <a href="{{ "feedback/" | relURL }}">Feedback</a></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>Built from the feedback repository.</footer>
</body>
</html>
`,
	"_default/single.html": `{{ define "main" }}
<article class="item">
<h1>{{ .Title }}</h1>
<p class="item-meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
· {{ .Params.source }} · {{ .Params.feedback_type }}{{ with .Params.status }} · {{ . }}{{ end }}{{ with .Params.segment }} · {{ . }}{{ end }}</p>
<div class="prose">{{ .Content }}</div>
<dl class="facts">
{{- with .GetTerms "themes" }}
<div><dt>Themes</dt><dd>{{ range $i, $t := . }}{{ if $i }}, {{ end }}<a href="{{ $t.RelPermalink }}">{{ $t.Title }}</a>{{ end }}</dd></div>
{{- end }}
{{- with .Params.nps }}<div><dt>NPS answer</dt><dd>{{ . }} / 10</dd></div>{{ end }}
{{- with .Params.csat }}<div><dt>CSAT answer</dt><dd>{{ . }} / 5</dd></div>{{ end }}
{{- with .Params.ces }}<div><dt>Effort answer</dt><dd>{{ . }} / 7</dd></div>{{ end }}
{{- with .Params.duplicate_of }}<div><dt>Duplicate of</dt><dd><a href="{{ printf "feedback/%s/" . | relURL }}">{{ . }}</a></dd></div>{{ end }}
{{- with .Params.labels }}<div><dt>Tags</dt><dd>{{ range . }}<span class="tag">{{ . }}</span> {{ end }}</dd></div>{{ end }}
{{- with .Params.links }}<div><dt>Links</dt><dd><ul>{{ range . }}<li><a href="{{ . }}" rel="nofollow ugc noopener">{{ . }}</a></li>{{ end }}</ul></dd></div>{{ end }}
</dl>
</article>
{{ end }}
`,
	"_default/list.html": `{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ len .Pages }} pieces of feedback.</p>
<ul class="item-list">
{{- range .Pages }}
{{ partial "row.html" . }}
{{- end }}
</ul>
{{ end }}
`,
	"_default/taxonomy.html": `{{ define "main" }}
<h1>Themes</h1>
<ul class="theme-list">
{{- range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="status">{{ .Params.status }}</span> ({{ len .Pages }})<br>{{ .Params.lead }}</li>
{{- end }}
</ul>
{{ end }}
`,
	"_default/term.html": `{{ define "main" }}
<article class="theme">
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Params.lead }}</p>
<p><span class="status">{{ .Params.status }}</span>{{ with .Params.target }} · target {{ . }}{{ end }}{{ with .Params.owner }} · {{ . }}{{ end }}</p>
<div class="prose">{{ .Content }}</div>
<h2>Evidence ({{ len .Pages }})</h2>
<ul class="item-list">
{{- range .Pages }}
{{ partial "row.html" . }}
{{- end }}
</ul>
</article>
{{ end }}
`,
	"index.html": `{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{- $items := where site.RegularPages "Section" "feedback" }}
<p>{{ len $items }} pieces of feedback about {{ len site.Taxonomies.themes }} themes.</p>
<h2>Latest feedback</h2>
<ul class="item-list">
{{- range first 10 $items }}
{{ partial "row.html" . }}
{{- end }}
</ul>
{{ end }}
`,
	"partials/row.html": `<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="muted"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 Jan 2006" }}</time> · {{ .Params.source }} · {{ .Params.feedback_type }}</span></li>`,
}

const hugoCSS = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem}
.muted{color:#666}.tag{background:#eee;border-radius:3px;padding:0 .3em}
`

// hugoFiles returns the Hugo site's files by path.
func hugoFiles(c *Corpus) map[string][]byte {
	files := map[string][]byte{
		"hugo.toml":                  hugoConfig(),
		"static/site.css":            []byte(hugoCSS),
		"content/_index.md":          []byte("---\ntitle: Ledgerline roadmap\n---\n"),
		"content/feedback/_index.md": []byte("---\ntitle: Feedback\n---\n"),
		"content/themes/_index.md":   []byte("---\ntitle: Themes\n---\n"),
	}
	for name, text := range hugoLayouts {
		files["layouts/"+name] = []byte(text)
	}
	for _, t := range c.Themes {
		files["content/themes/"+t.ID+"/_index.md"] = hugoTheme(t)
	}
	for _, it := range c.Items {
		if !it.Private {
			files["content/feedback/"+it.ID+".md"] = hugoItem(it)
		}
	}
	return files
}

func hugoTheme(t *Theme) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\nlead: %s\nstatus: %s\n", yamlString(t.Title), yamlString(t.Summary), t.Status())
	if t.Target != "" && (t.Status() == "planned" || t.Status() == "in-progress") {
		fmt.Fprintf(&b, "target: %s\n", t.Target)
	}
	fmt.Fprintf(&b, "owner: %s\n---\n\n%s", t.Owner, t.Body)
	if t.Status() == "shipped" {
		b.WriteString(shippedNote(t))
	}
	return []byte(b.String())
}

// hugoItem is an item as a Hugo page. Tags are a parameter named labels:
// heed renders no page per tag, so Hugo's tags taxonomy stays off.
func hugoItem(it *Item) []byte {
	var b strings.Builder
	b.Grow(len(it.Body) + 300)
	fmt.Fprintf(&b, "---\ntitle: %s\ndate: %s\nsource: %s\nfeedback_type: %s\n", yamlString(it.Title), it.Date.Format(time.DateOnly), it.Source, it.Type)
	if len(it.Themes) > 0 {
		fmt.Fprintf(&b, "themes: [%s]\n", strings.Join(it.Themes, ", "))
	}
	if it.Status != "" {
		fmt.Fprintf(&b, "status: %s\n", it.Status)
	}
	if it.Customer != nil {
		fmt.Fprintf(&b, "segment: %s\n", it.Customer.Segment)
	} else if it.Inline != nil {
		fmt.Fprintf(&b, "segment: %s\n", it.Inline.Segment)
	}
	if it.DuplicateOf != "" {
		fmt.Fprintf(&b, "duplicate_of: %s\n", it.DuplicateOf)
	}
	if it.NPS > 0 {
		fmt.Fprintf(&b, "nps: %d\n", it.NPS-1)
	}
	if it.CSAT > 0 {
		fmt.Fprintf(&b, "csat: %d\n", it.CSAT)
	}
	if it.CES > 0 {
		fmt.Fprintf(&b, "ces: %d\n", it.CES)
	}
	if len(it.Tags) > 0 {
		fmt.Fprintf(&b, "labels: [%s]\n", strings.Join(it.Tags, ", "))
	}
	if len(it.Links) > 0 {
		fmt.Fprintf(&b, "links: [%s]\n", strings.Join(it.Links, ", "))
	}
	b.WriteString("---\n\n")
	b.WriteString(it.Body)
	return []byte(b.String())
}
