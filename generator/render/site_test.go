package render

import (
	"bytes"
	"encoding/json"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
)

// htmlRefs returns every href and src of a page, and every element id.
func htmlRefs(t *testing.T, page []byte) (refs []string, ids map[string]bool) {
	t.Helper()
	ids = map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return refs, ids
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			for _, a := range tok.Attr {
				switch a.Key {
				case "href", "src":
					refs = append(refs, a.Val)
				case "id":
					ids[a.Val] = true
				}
			}
		}
	}
}

// TestLinks checks that every href and src of every page resolves to a
// file of the site (and every #fragment to an element of its page), at the
// root and under a sub-path, and that nothing is loaded from another host.
func TestLinks(t *testing.T) {
	for _, base := range []string{"", "./", "/", "/roadmap/", "https://example.org/acme/roadmap/"} {
		t.Run("base "+base, func(t *testing.T) {
			site := renderDir(t, "testdata/repo", Options{BaseURL: base})
			checkLinks(t, site, base)
		})
	}
}

func checkLinks(t *testing.T, site *Site, base string) {
	t.Helper()
	relative := isRelative(base)
	prefix := newURLs(base).path
	ids := map[string]map[string]bool{}
	refs := map[string][]string{}
	for _, p := range site.Paths() {
		if strings.HasSuffix(p, ".html") {
			refs[p], ids[p] = htmlRefs(t, site.Files[p])
		}
	}
	for _, p := range site.Paths() {
		for _, ref := range refs[p] {
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: bad URL %q", p, ref)
				continue
			}
			if u.Scheme == "javascript" {
				t.Errorf("%s: link %q", p, ref)
			}
			if (u.Scheme != "" || u.Host != "") && u.Host != "example.org" {
				continue // a link to another site (a feedback item's link, GitHub)
			}
			target := p
			if relative && u.Path != "" {
				// Relative to the page, a folder by its index.html (which
				// a browser opens from disk too).
				if strings.HasPrefix(u.Path, "/") || strings.HasSuffix(u.Path, "/") && u.Path != "./" {
					t.Errorf("%s: link %q is not relative to the page, or names a folder", p, ref)
				}
				target = path.Join(path.Dir(p), u.Path)
				if strings.HasSuffix(u.Path, "/") {
					target += "/index.html"
				}
			} else if u.Path != "" {
				if !strings.HasPrefix(u.Path, prefix) {
					t.Errorf("%s: link %q is outside the base path %s", p, ref, prefix)
					continue
				}
				target = strings.TrimPrefix(u.Path, prefix)
				if target == "" || strings.HasSuffix(target, "/") {
					target += "index.html"
				}
				target = path.Clean(target)
			}
			if site.Files[target] == nil {
				t.Errorf("%s: link %q: no file %s", p, ref, target)
				continue
			}
			if u.Fragment != "" && ids[target] != nil && !ids[target][u.Fragment] {
				t.Errorf("%s: link %q: no element with id %q in %s", p, ref, u.Fragment, target)
			}
		}
	}
	for _, p := range site.Paths() {
		if bytes.Contains(site.Files[p], []byte(rootMark)) {
			t.Errorf("%s still holds the root's placeholder %s", p, rootMark)
		}
	}
	srcs := regexp.MustCompile(`(?i)\bsrc\s*=\s*"([^"]*)"`)
	for _, p := range site.Paths() {
		for _, m := range srcs.FindAllSubmatch(site.Files[p], -1) {
			if s := string(m[1]); strings.Contains(s, "//") {
				t.Errorf("%s loads %q from another host", p, s)
			}
		}
	}
}

// canaries are strings that must not reach a public site.
var canaries = []string{
	"CANARY-PRIVATE-TITLE", "CANARY-PRIVATE-BODY", "canary-private-item",
	"CANARY-CUSTOMER-NAME", "canary-customer-id", "canary-contact@example.com",
	"CANARY-INLINE-NAME", "canary-inline-contact", "+1 555 0100 999",
}

var privacyRepo = map[string]string{
	"heed.yaml":      "title: Privacy\n",
	"customers.yaml": "canary-customer-id:\n  name: CANARY-CUSTOMER-NAME\n  segment: enterprise\n  revenue: 5000\n  contact: canary-contact@example.com\n",
	"themes/t.md":    "---\ntitle: A theme\nstatus: shipped\nshipped: 2026-10-01\n---\nShipped.\n",
	"feedback/canary-private-item.md": "---\ntitle: CANARY-PRIVATE-TITLE\ndate: 2026-09-01\nsource: sales\ntype: bug\nthemes: [t]\nprivate: true\n" +
		"customer: canary-customer-id\ntags: [CANARY-PRIVATE-TAG]\n---\nCANARY-PRIVATE-BODY, call +1 555 0100 999.\n",
	"feedback/public.md": "---\ntitle: Public item\ndate: 2026-09-02\nsource: community\ntype: bug\nthemes: [t]\ncustomer: canary-customer-id\n---\nA public body.\n",
	"feedback/inline.md": "---\ntitle: Inline customer\ndate: 2026-09-03\nsource: form\ntype: request\nthemes: [t]\n" +
		"customer:\n  id: inline-co\n  name: CANARY-INLINE-NAME\n  segment: smb\n  contact: canary-inline-contact\n---\nAnother public body.\n",
}

// TestPrivacy greps every file of a public build for canary strings put in
// a private item and in customer fields; an internal build shows names but
// never contacts.
func TestPrivacy(t *testing.T) {
	dir := writeRepo(t, privacyRepo)
	for _, base := range []string{"", "https://example.org/r/"} {
		site := renderDir(t, dir, Options{BaseURL: base})
		for _, p := range site.Paths() {
			for _, c := range append(canaries, "CANARY-PRIVATE-TAG") {
				if bytes.Contains(bytes.ToLower(site.Files[p]), bytes.ToLower([]byte(c))) {
					t.Errorf("public build: %s contains %q", p, c)
				}
			}
		}
		if !bytes.Contains(site.Files["feedback/public/index.html"], []byte("enterprise")) {
			t.Error("the segment of a customer should be published")
		}
	}

	internal := renderDir(t, dir, Options{Internal: true})
	all := bytes.Join(func() [][]byte {
		var out [][]byte
		for _, p := range internal.Paths() {
			out = append(out, internal.Files[p])
		}
		return out
	}(), nil)
	for _, c := range []string{"CANARY-PRIVATE-TITLE", "CANARY-CUSTOMER-NAME", "CANARY-INLINE-NAME"} {
		if !bytes.Contains(all, []byte(c)) {
			t.Errorf("internal build does not show %q", c)
		}
	}
	for _, c := range []string{"canary-contact@example.com", "canary-inline-contact"} {
		if bytes.Contains(all, []byte(c)) {
			t.Errorf("internal build shows the contact %q", c)
		}
	}
	if !bytes.Contains(internal.Files["robots.txt"], []byte("Disallow: /")) {
		t.Error("an internal build should ask robots to stay away")
	}

	named := writeRepo(t, map[string]string{
		"heed.yaml":          "title: Named\npublish:\n  customers: true\n",
		"customers.yaml":     privacyRepo["customers.yaml"],
		"themes/t.md":        privacyRepo["themes/t.md"],
		"feedback/public.md": privacyRepo["feedback/public.md"],
	})
	site := renderDir(t, named, Options{})
	if !bytes.Contains(site.Files["feedback/public/index.html"], []byte("CANARY-CUSTOMER-NAME")) {
		t.Error("publish.customers: true should show customer names")
	}
	for _, p := range site.Paths() {
		if bytes.Contains(site.Files[p], []byte("canary-contact@example.com")) {
			t.Errorf("%s shows a contact", p)
		}
	}
}

const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>"'&`

// TestHostileContent puts markup and script in every field a repository
// controls and checks that every page shows it as text: no script element
// but heed's own, no event handler attribute, no javascript: URL.
func TestHostileContent(t *testing.T) {
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	h := q(hostile)
	dir := writeRepo(t, map[string]string{
		"heed.yaml": "title: " + h + "\ndescription: " + h + "\ncontribute: https://github.com/acme/feedback\n" +
			"objectives:\n  - id: o\n    title: " + h + "\npublish:\n  customers: true\n",
		"customers.yaml": "c:\n  name: " + h + "\n  segment: " + h + "\n  plan: " + h + "\n  region: " + h + "\n",
		"themes/t.md": "---\ntitle: " + h + "\nsummary: " + h + "\nstatus: shipped\nshipped: 2026-10-01" +
			"\nowner: " + h + "\nobjective: o\nkeywords: [" + h + "]\neffort: 1\n---\n" + hostile +
			"\n\n[click](javascript:alert(1)) ![img](javascript:alert(2)) <a href=\"javascript:alert(3)\">a</a>\n",
		"themes/u.md": "---\ntitle: Other\nstatus: planned\neffort: 2\n---\nBody.\n",
		"feedback/f.md": "---\ntitle: " + h + "\ndate: 2026-09-01\nsource: sales\ntype: bug\nthemes: [t]\ncustomer: c\ntags: [" + h + "]\n" +
			"links: [\"https://example.com/?q=<script>\"]\n---\n" + hostile + "\n\n<iframe src=\"https://evil.example\"></iframe>\n\n" +
			"[x](javascript:alert(4)) [y](JaVaScRiPt:alert(5)) [z](data:text/html;base64,PHNjcmlwdD4=)\n",
		"feedback/g.md": "---\ntitle: Inline\ndate: 2026-09-02\nsource: form\ntype: request\nthemes: [u]\ncustomer:\n  name: " + h +
			"\n  segment: " + h + "\n---\n<style>body{display:none}</style> " + hostile + "\n",
	})
	site := renderDir(t, dir, Options{})
	for _, p := range site.Paths() {
		data := site.Files[p]
		switch {
		case strings.HasSuffix(p, ".html"):
			checkInert(t, p, data)
		case strings.HasSuffix(p, ".json"):
			if bytes.Contains(data, []byte("<script")) || bytes.Contains(data, []byte("<img")) {
				t.Errorf("%s carries unescaped markup", p)
			}
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				t.Errorf("%s is not JSON: %v", p, err)
			}
		case strings.HasSuffix(p, ".xml"), strings.HasSuffix(p, ".svg"):
			if bytes.Contains(data, []byte("<script")) || bytes.Contains(data, []byte("<img")) {
				t.Errorf("%s carries unescaped markup", p)
			}
		}
	}
	if !bytes.Contains(site.Files["themes/t/index.html"], []byte("&lt;script&gt;")) {
		t.Error("the hostile theme title should show as text")
	}
}

// checkInert parses a page and fails on any active content that heed did
// not write itself.
func checkInert(t *testing.T, name string, page []byte) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script":
			src := attr(tok, "src")
			if !strings.HasSuffix(src, "/assets/search.js") && !strings.HasSuffix(src, "/assets/filter.js") {
				t.Errorf("%s: a script element that heed did not write: %s", name, tok.String())
			}
		case "iframe", "object", "embed", "style", "img":
			if tok.Data == "img" && strings.HasSuffix(attr(tok, "src"), "/badge.svg") {
				continue
			}
			t.Errorf("%s: active element %s", name, tok.String())
		}
		for _, a := range tok.Attr {
			v := strings.ToLower(strings.TrimSpace(a.Val))
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("%s: event handler attribute in %s", name, tok.String())
			}
			if (a.Key == "href" || a.Key == "src") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:")) {
				t.Errorf("%s: dangerous URL in %s", name, tok.String())
			}
		}
	}
}

func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestDeterministic renders the same input twice, in parallel, and expects
// the same bytes.
func TestDeterministic(t *testing.T) {
	a := renderDir(t, "testdata/repo", Options{BaseURL: "/r/"})
	b := renderDir(t, "testdata/repo", Options{BaseURL: "/r/"})
	if !slices.Equal(a.Paths(), b.Paths()) {
		t.Fatal("two renders give different files")
	}
	for _, p := range a.Paths() {
		if !bytes.Equal(a.Files[p], b.Files[p]) {
			t.Errorf("%s differs between two renders", p)
		}
	}
}

// TestTellUs checks the "tell us" links: for a repository on GitHub the
// feedback issue form, with the theme filled in; for another host its web
// editor, proposing a new file that is valid feedback for that theme.
func TestTellUs(t *testing.T) {
	in := staged(load(t, "testdata/repo"), Options{Now: fixtureNow})
	set := in.Content.Set
	link := func(contribute string, th *content.Theme) string {
		set.Config.Contribute = contribute
		return (&builder{in: in, opts: Options{Now: fixtureNow}, cfg: set.Config, set: set}).tellUs(th)
	}
	export := set.Theme("export")
	for _, c := range []struct {
		contribute string
		theme      *content.Theme
		want       string
	}{
		{"https://github.com/acme/feedback", export, "https://github.com/acme/feedback/issues/new?template=feedback.yml&theme=export"},
		{"https://github.com/acme/feedback/", nil, "https://github.com/acme/feedback/issues/new?template=feedback.yml"},
		{"https://GitHub.com/acme/feedback.git", export, "https://github.com/acme/feedback/issues/new?template=feedback.yml&theme=export"},
		{"", export, ""},
	} {
		if got := link(c.contribute, c.theme); got != c.want {
			t.Errorf("contribute %q: link %q, want %q", c.contribute, got, c.want)
		}
	}

	for _, other := range []string{"https://git.example.org/acme/feedback", "https://github.com/acme"} {
		u, err := url.Parse(link(other, export))
		if err != nil {
			t.Fatal(err)
		}
		if got := u.Scheme + "://" + u.Host + u.Path; got != other+"/new/main" {
			t.Errorf("link goes to %s", got)
		}
		name := u.Query().Get("filename")
		if name != "feedback/2026-11-23-about-export.md" {
			t.Errorf("filename = %q", name)
		}
		p := content.NewParser(set.Config, false)
		it, ds := p.ParseItem(name, []byte(u.Query().Get("value")))
		if it == nil || ds.Fails(true) {
			t.Fatalf("the proposed file is not valid feedback: %v", ds)
		}
		if !slices.Equal(it.Themes, []string{"export"}) {
			t.Errorf("themes = %v", it.Themes)
		}
	}
	_ = config.Default
}
