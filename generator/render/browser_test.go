package render

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/internal/browsertest"
	"github.com/heedhq/heed/generator/source"
)

// browserPages are one page of each template of the fixture site.
var browserPages = []string{
	"", "roadmap/", "themes/", "themes/export/", "feedback/", "feedback/2026-08-03-export-times-out/",
	"insights/", "changelog/", "search/", "404.html", "embed/roadmap.html",
}

// TestBrowser loads the fixture site, served under a sub-path, in headless
// Chromium: every page loads with no console error and no failed request,
// fits a 375 px phone screen, and has no serious or critical axe-core
// violation in light or dark mode; the roadmap shows the themes, search
// finds an item by a word of its body and a filter narrows the feedback
// list.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	b := browsertest.New(t)
	axe := browsertest.Axe(t)
	const base = "/acme/roadmap/"
	site := renderDir(t, "testdata/repo", Options{BaseURL: "https://example.org" + base})
	root := browsertest.Serve(t, site.Files, base)
	p := b.NewPage(t)

	for _, path := range browserPages {
		t.Run("page /"+path, func(t *testing.T) {
			for _, dark := range []bool{false, true} {
				p.Open(root+path, 1280, dark)
				if probs := p.Problems(); len(probs) > 0 {
					t.Errorf("dark=%v: %s", dark, strings.Join(probs, "\n"))
				}
				for _, v := range p.RunAxe(axe, "serious", "critical") {
					t.Errorf("dark=%v: axe: %s", dark, v)
				}
			}
			p.Open(root+path, 375, false)
			if w := browsertest.Eval[int](p, "document.documentElement.scrollWidth"); w > 375 {
				t.Errorf("at 375 px the page is %d px wide", w)
			}
			p.Problems()
		})
	}

	t.Run("the roadmap shows the themes", func(t *testing.T) {
		p.Open(root+"roadmap/", 1280, false)
		cols := browsertest.Eval[[]string](p, `Array.from(document.querySelectorAll(".board .column")).map(c => c.innerText)`)
		if len(cols) != 3 || !strings.Contains(cols[0], "Exports that finish") || !strings.Contains(cols[1], "Single sign-on") || !strings.Contains(cols[2], "Dark mode") {
			t.Errorf("columns: %q", cols)
		}
	})

	t.Run("search finds an item by a word of its body", func(t *testing.T) {
		p.Open(root+"search/?q=marmalade", 1280, false)
		found := browsertest.Eval[[]string](p, `new Promise(resolve => {
			const poll = () => {
				const items = document.querySelectorAll("#search-results li");
				if (items.length) resolve(Array.from(items).map(li => li.innerText));
				else setTimeout(poll, 20);
			};
			poll();
		})`)
		if len(found) != 1 || !strings.Contains(found[0], "The mobile app is slow to open") {
			t.Errorf("results: %q", found)
		}
		if probs := p.Problems(); len(probs) > 0 {
			t.Error(strings.Join(probs, "\n"))
		}
	})

	t.Run("a filter narrows the feedback list across its pages", func(t *testing.T) {
		// Two items a page: the six published items take three pages,
		// and a filter finds matches on all of them.
		paged := browsertest.Serve(t, renderPaged(t, Options{BaseURL: base}).Files, base)
		p.Open(paged+"feedback/", 1280, false)
		rows := `document.querySelectorAll("#item-list li").length`
		if n := browsertest.Eval[int](p, rows); n != 2 {
			t.Fatalf("%d items on the first page, want 2", n)
		}
		if browsertest.Eval[bool](p, `document.getElementById("filters").hidden`) {
			t.Error("the filter form stays hidden with JavaScript on")
		}
		results := `new Promise(resolve => {
			const poll = () => {
				const c = document.getElementById("filter-count").textContent;
				if (c.startsWith("Showing") || c.startsWith("No ")) resolve(Array.from(document.querySelectorAll("#filter-results li")).map(li => li.innerText));
				else setTimeout(poll, 20);
			};
			poll();
		})`
		browsertest.Eval[bool](p, `(() => {
			const s = document.querySelector("select[name=type]");
			s.value = "bug";
			s.dispatchEvent(new Event("change"));
			return true;
		})()`)
		bugs := browsertest.Eval[[]string](p, results)
		// The third bug came from an interview, which this fixture does not publish.
		if len(bugs) != 2 {
			t.Errorf("%d bugs shown, want 2: %q", len(bugs), bugs)
		}
		for _, b := range bugs {
			if !strings.Contains(b, "bug via") {
				t.Errorf("a row that is not a bug: %q", b)
			}
		}
		if txt := browsertest.Eval[string](p, `document.getElementById("filter-count").textContent`); txt != "Showing 2 of 6 pieces of feedback." {
			t.Errorf("count says %q", txt)
		}
		if !browsertest.Eval[bool](p, `document.getElementById("item-pages").hidden`) {
			t.Error("the unfiltered page stays shown under the filtered list")
		}
		if got := browsertest.Eval[string](p, `location.search`); got != "?type=bug" {
			t.Errorf("the address says %q, want ?type=bug", got)
		}
		p.Open(paged+"feedback/?theme=export", 1280, false)
		if got := browsertest.Eval[[]string](p, results); len(got) != 2 {
			t.Errorf("?theme=export shows %q, want 2 items", got)
		}
		for _, dark := range []bool{false, true} {
			p.Open(paged+"feedback/page/2/?type=bug", 1280, dark)
			browsertest.Eval[[]string](p, results)
			for _, v := range p.RunAxe(axe, "serious", "critical") {
				t.Errorf("dark=%v: axe: %s", dark, v)
			}
		}
		p.Open(paged+"feedback/page/2/", 375, false)
		if w := browsertest.Eval[int](p, "document.documentElement.scrollWidth"); w > 375 {
			t.Errorf("at 375 px the second page is %d px wide", w)
		}
		if next := browsertest.Eval[string](p, `document.querySelector("a[rel=next]").getAttribute("href")`); next != base+"feedback/page/3/" {
			t.Errorf("rel=next goes to %q", next)
		}
		if probs := p.Problems(); len(probs) > 0 {
			t.Error(strings.Join(probs, "\n"))
		}
	})
}

// TestScreenshots renders the repository's own sample data (the demo) and
// saves screenshots of its main pages, light, dark and on a phone, under
// generator/internal/browsertest/artifacts (or $HEED_ARTIFACTS).
func TestScreenshots(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	b := browsertest.New(t)
	snap, err := source.ReadDir("../..")
	if err != nil {
		t.Fatal(err)
	}
	if set := content.Load(snap, content.Options{HTML: true}); set.Diagnostics.Fails(false) {
		t.Skipf("the sample repository has errors (heed check shows them); no screenshots:\n%v", set.Diagnostics)
	}
	in := staged(loaded(t, snap), Options{Now: fixtureNow})
	site := Render(in, Options{Now: fixtureNow})
	if site.Diagnostics.Fails(false) {
		t.Fatalf("render: %v", site.Diagnostics)
	}
	root := browsertest.Serve(t, site.Files, "/")
	pages := []string{"", "roadmap/", "themes/", "feedback/", "insights/", "changelog/", "search/?q=export"}
	if th := in.Content.Set.Themes; len(th) > 0 {
		pages = append(pages, "themes/"+th[0].ID+"/")
	}
	if shown := in.Content.Shown; len(shown) > 0 {
		pages = append(pages, "feedback/"+shown[0].ID+"/")
	}
	p := b.NewPage(t)
	name := func(path, variant string) string {
		n := strings.Trim(strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(path), "-")
		if n == "" {
			n = "overview"
		}
		return fmt.Sprintf("%s-%s.png", n, variant)
	}
	for _, path := range pages {
		for _, v := range []struct {
			variant string
			width   int64
			dark    bool
		}{{"light", 1280, false}, {"dark", 1280, true}, {"phone", 375, false}} {
			p.Open(root+path, v.width, v.dark)
			if strings.HasPrefix(path, "search/") {
				browsertest.Eval[bool](p, `new Promise(r => { const f = () => document.querySelector("#search-results li") ? r(true) : setTimeout(f, 20); f(); })`)
			}
			p.Screenshot(name(path, v.variant))
			if probs := p.Problems(); len(probs) > 0 {
				t.Errorf("%s (%s): %s", path, v.variant, strings.Join(probs, "\n"))
			}
		}
	}
	t.Logf("screenshots in %s", browsertest.ArtifactDir(t))
}

// sampleSite renders this repository's own sample data (the demo), or
// skips when it has errors.
func sampleSite(t *testing.T, opts Options) *Site {
	t.Helper()
	snap, err := source.ReadDir("../..")
	if err != nil {
		t.Fatal(err)
	}
	if set := content.Load(snap, content.Options{HTML: true}); set.Diagnostics.Fails(false) {
		t.Skipf("the sample repository has errors (heed check shows them):\n%v", set.Diagnostics)
	}
	opts.Now = fixtureNow
	site := Render(staged(loaded(t, snap), opts), opts)
	if site.Diagnostics.Fails(false) {
		t.Fatalf("render: %v", site.Diagnostics)
	}
	return site
}

// searchResults waits for search.js to answer and returns each result's
// text and the words it marked.
const searchResults = `new Promise(resolve => {
	const poll = () => {
		const s = document.getElementById("search-status").textContent;
		if (/ results? for|Nothing found/.test(s)) resolve(Array.from(document.querySelectorAll("#search-results li")).map(li => ({
			text: li.innerText,
			marks: Array.from(li.querySelectorAll("mark")).map(m => m.textContent),
			html: Array.from(li.querySelectorAll("mark")).every(m => m.children.length === 0),
		})));
		else setTimeout(poll, 20);
	};
	poll();
})`

type searchResult struct {
	Text  string
	Marks []string
	HTML  bool // every mark holds text only
}

// TestSearchBrowser searches the sample site in headless Chromium: "sso"
// ranks the SSO theme first, with the word marked; a typo in a long word
// ("provisoning") still finds it; the start of a word finds the words it
// begins; and a title made of markup comes back as text. The results page
// passes axe-core in light and dark and fits 375 px.
func TestSearchBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	b := browsertest.New(t)
	axe := browsertest.Axe(t)
	root := browsertest.Serve(t, sampleSite(t, Options{BaseURL: "/r/"}).Files, "/r/")
	p := b.NewPage(t)
	search := func(q string) []searchResult {
		t.Helper()
		p.Open(root+"search/?q="+q, 1280, false)
		return browsertest.Eval[[]searchResult](p, searchResults)
	}

	got := search("sso")
	if len(got) < 5 || !strings.HasPrefix(got[0].Text, "SAML single sign-on") {
		t.Fatalf("sso: the SSO theme is not first: %+v", got)
	}
	for _, r := range got[1:5] { // the theme says SSO only in its keywords
		if !slices.ContainsFunc(r.Marks, func(m string) bool { return strings.EqualFold(m, "sso") }) || !r.HTML {
			t.Errorf("sso: %q marks %q", r.Text, r.Marks)
		}
	}

	got = search("provisoning")
	if len(got) == 0 || !slices.ContainsFunc(got[0].Marks, func(m string) bool { return strings.EqualFold(m, "provisioning") }) {
		t.Errorf("provisoning (a typo): %+v", got)
	}
	got = search("deprovis")
	if len(got) == 0 || !slices.ContainsFunc(got, func(r searchResult) bool { return slices.Contains(r.Marks, "deprovisioning") }) {
		t.Errorf("deprovis (typing): %+v", got)
	}
	if got = search("sso%20zzzzqqq"); len(got) != 0 {
		t.Errorf("a word in no document still finds %+v", got)
	}
	for _, dark := range []bool{false, true} {
		p.Open(root+"search/?q=export", 1280, dark)
		browsertest.Eval[[]searchResult](p, searchResults)
		for _, v := range p.RunAxe(axe, "serious", "critical") {
			t.Errorf("dark=%v: axe: %s", dark, v)
		}
	}
	p.Open(root+"search/?q=export", 375, false)
	browsertest.Eval[[]searchResult](p, searchResults)
	if w := browsertest.Eval[int](p, "document.documentElement.scrollWidth"); w > 375 {
		t.Errorf("at 375 px the results are %d px wide", w)
	}
	if probs := p.Problems(); len(probs) > 0 {
		t.Error(strings.Join(probs, "\n"))
	}

	hostile := writeRepo(t, map[string]string{
		"heed.yaml":     "title: T\n",
		"feedback/a.md": "---\ntitle: \"<img src=x onerror=alert(1)> marmalade <b>bold</b>\"\ndate: 2026-01-02\nsource: form\ntype: bug\n---\nText <script>alert(2)</script> marmalade.\n",
	})
	root = browsertest.Serve(t, renderDir(t, hostile, Options{}).Files, "/")
	p.Open(root+"search/?q=marmalade", 1280, false)
	got = browsertest.Eval[[]searchResult](p, searchResults)
	if len(got) != 1 || !strings.Contains(got[0].Text, "<img src=x onerror=alert(1)>") || !got[0].HTML {
		t.Errorf("markup in a title: %+v", got)
	}
	if n := browsertest.Eval[int](p, `document.querySelectorAll("#search-results img, #search-results b, #search-results script").length`); n != 0 {
		t.Errorf("%d elements made from the index's text", n)
	}
	if probs := p.Problems(); len(probs) > 0 {
		t.Error(strings.Join(probs, "\n"))
	}
}

// TestOpenedAsFiles writes the sample site (built with the default
// relative base URL) to a folder and opens it from disk, as the README's
// first step says: every page of each kind has its styles, no console
// error and no failed load, passes axe-core in light and dark and fits
// 375 px; the navigation leads from page to page; search and the
// filters, which need the site served, say so instead of failing.
func TestOpenedAsFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	b := browsertest.New(t)
	axe := browsertest.Axe(t)
	site := sampleSite(t, Options{})
	dir := t.TempDir()
	for p, data := range site.Files {
		file := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root := "file://" + filepath.ToSlash(dir) + "/"
	pages := []string{"index.html", "roadmap/index.html", "themes/index.html", "feedback/index.html", "feedback/page/2/index.html",
		"insights/index.html", "changelog/index.html", "search/index.html", "404.html"}
	for _, th := range site.Paths() {
		if strings.HasPrefix(th, "themes/") && strings.Count(th, "/") == 2 && strings.HasSuffix(th, "/index.html") {
			pages = append(pages, th)
			break
		}
	}
	for _, it := range site.Paths() {
		if strings.HasPrefix(it, "feedback/") && strings.Count(it, "/") == 2 && !strings.HasPrefix(it, "feedback/page/") && strings.HasSuffix(it, "/index.html") {
			pages = append(pages, it)
			break
		}
	}
	p := b.NewPage(t)
	styled := `getComputedStyle(document.querySelector(".site-header")).borderBottomStyle !== "none" && getComputedStyle(document.body).fontFamily.includes("system-ui")`
	for _, path := range pages {
		t.Run(path, func(t *testing.T) {
			if site.Files[path] == nil {
				t.Fatalf("the sample site has no %s", path)
			}
			for _, dark := range []bool{false, true} {
				p.Open(root+path, 1280, dark)
				if !browsertest.Eval[bool](p, styled) {
					t.Errorf("dark=%v: the page has no styles", dark)
				}
				for _, v := range p.RunAxe(axe, "serious", "critical") {
					t.Errorf("dark=%v: axe: %s", dark, v)
				}
			}
			p.Open(root+path, 375, false)
			if w := browsertest.Eval[int](p, "document.documentElement.scrollWidth"); w > 375 {
				t.Errorf("at 375 px the page is %d px wide", w)
			}
			if probs := p.Problems(); len(probs) > 0 {
				t.Error(strings.Join(probs, "\n"))
			}
		})
	}

	t.Run("the navigation leads from page to page", func(t *testing.T) {
		p.Open(root+"feedback/page/2/index.html", 1280, false)
		for _, step := range []struct{ link, wantPath, wantH1 string }{
			{`.site-nav a[href$="themes/index.html"]`, "/themes/index.html", "Themes"},
			{`.ranking a, .theme-list a`, "/themes/", ""},
			{`.site-nav a[href$="roadmap/index.html"]`, "/roadmap/index.html", "Roadmap"},
			{`a.brand`, "/index.html", ""},
		} {
			href := browsertest.Eval[string](p, `document.querySelector(`+strconv.Quote(step.link)+`).href`)
			p.Open(href, 1280, false)
			got := browsertest.Eval[[]string](p, `[location.href, (document.querySelector("h1") || {}).textContent || ""]`)
			if !strings.HasPrefix(got[0], "file://") || !strings.Contains(got[0], step.wantPath) || step.wantH1 != "" && got[1] != step.wantH1 || got[1] == "" {
				t.Errorf("following %s: at %s, heading %q", step.link, got[0], got[1])
			}
		}
		p.Open(root+"search/index.html?q=export", 1280, false)
		if s := browsertest.Eval[string](p, `document.getElementById("search-status").textContent`); !strings.Contains(s, "served") {
			t.Errorf("search opened from disk says %q", s)
		}
		if probs := p.Problems(); len(probs) > 0 {
			t.Error(strings.Join(probs, "\n"))
		}
	})
}

// TestThemesOnAPhone opens the sample's themes page 375 px wide: every
// theme's title, status, priority, customers, feedback and trend are on
// screen (none pushed past the right edge), each title on three lines at
// most, each figure with its column's name; in light and dark it passes
// axe-core. The board links to what shipped.
func TestThemesOnAPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	b := browsertest.New(t)
	axe := browsertest.Axe(t)
	root := browsertest.Serve(t, sampleSite(t, Options{BaseURL: "/"}).Files, "/")
	p := b.NewPage(t)
	type cell struct {
		Label        string
		Left, Right  float64
		Width, Lines float64
	}
	for _, dark := range []bool{false, true} {
		p.Open(root+"themes/", 375, dark)
		rows := browsertest.Eval[[][]cell](p, `Array.from(document.querySelectorAll(".ranking tbody tr")).map(tr =>
			Array.from(tr.querySelectorAll("th, td")).filter(c => getComputedStyle(c).display !== "none").map(c => {
				const r = c.getBoundingClientRect();
				const lh = parseFloat(getComputedStyle(c).lineHeight) || 20;
				return {label: c.getAttribute("data-label") || "Theme", left: r.left, right: r.right, width: r.width, lines: Math.round(c.querySelector("a") ? c.querySelector("a").getBoundingClientRect().height / lh : 1)};
			}))`)
		if len(rows) < 5 {
			t.Fatalf("%d themes on the page", len(rows))
		}
		for i, row := range rows {
			seen := map[string]bool{}
			for _, c := range row {
				seen[c.Label] = true
				if c.Left < 0 || c.Right > 375 || c.Width <= 0 {
					t.Errorf("dark=%v: theme %d: %s at %.0f..%.0f px, off a 375 px screen", dark, i+1, c.Label, c.Left, c.Right)
				}
				if c.Label == "Theme" && c.Lines > 3 {
					t.Errorf("dark=%v: theme %d: the title takes %.0f lines", dark, i+1, c.Lines)
				}
			}
			for _, want := range []string{"Theme", "Status", "Priority", "Customers", "Feedback", "Trend"} {
				if !seen[want] {
					t.Errorf("dark=%v: theme %d shows no %s", dark, i+1, want)
				}
			}
		}
		if w := browsertest.Eval[int](p, "document.documentElement.scrollWidth"); w > 375 {
			t.Errorf("dark=%v: the page is %d px wide", dark, w)
		}
		for _, v := range p.RunAxe(axe, "serious", "critical") {
			t.Errorf("dark=%v: axe: %s", dark, v)
		}
		p.Screenshot(fmt.Sprintf("themes-phone-dark=%v.png", dark))
	}
	p.Open(root+"roadmap/", 375, false)
	if !browsertest.Eval[bool](p, `!!document.querySelector('#shipped-title') && !!document.querySelector('a[href$="changelog/"]')`) {
		t.Error("the roadmap neither shows nor links what shipped")
	}
	if probs := p.Problems(); len(probs) > 0 {
		t.Error(strings.Join(probs, "\n"))
	}
}

// TestChartsReadable: on the sample's insights page and a theme's page,
// 1280 and 375 px wide, every label of every chart is drawn at 11 px or
// more, and the survey charts say how many answers each month had.
func TestChartsReadable(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	b := browsertest.New(t)
	root := browsertest.Serve(t, sampleSite(t, Options{BaseURL: "/"}).Files, "/")
	p := b.NewPage(t)
	for _, path := range []string{"insights/", "themes/sso-saml/"} {
		for _, width := range []int64{1280, 375} {
			p.Open(root+path, width, false)
			sizes := browsertest.Eval[[]float64](p, `Array.from(document.querySelectorAll(".chart svg.chart-svg")).flatMap(svg => {
				const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
				return Array.from(svg.querySelectorAll("text")).map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
			})`)
			if len(sizes) == 0 {
				t.Fatalf("%s: no chart labels", path)
			}
			for _, s := range sizes {
				if s < 11 {
					t.Errorf("%s at %d px: a chart label is drawn at %.1f px", path, width, s)
					break
				}
			}
		}
	}
	p.Open(root+"insights/", 1280, false)
	if n := browsertest.Eval[int](p, `document.querySelectorAll("#nps text.n").length`); n == 0 {
		t.Error("the NPS chart shows no n per month")
	}
}
