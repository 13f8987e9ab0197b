package render

import (
	"bytes"
	"flag"
	"html/template"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/insight"
	"github.com/heedhq/heed/generator/publish"
	"github.com/heedhq/heed/generator/score"
	"github.com/heedhq/heed/generator/source"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// fixtureNow is the moment the fixture site describes.
var fixtureNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// fixture is a repository as the stages before render start from it: its
// content, loaded as a build loads it, and its template overrides.
type fixture struct {
	set       *content.Set
	templates []source.File
}

// load reads a repository folder.
func load(t testing.TB, dir string) fixture {
	t.Helper()
	snap, err := source.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return loaded(t, snap)
}

// loaded loads a snapshot's content as a build does.
func loaded(t testing.TB, snap *source.Snapshot) fixture {
	t.Helper()
	f := fixture{set: content.Load(snap, content.Options{HTML: true})}
	if f.set.Diagnostics.Fails(false) {
		t.Fatalf("the fixture has errors:\n%v", f.set.Diagnostics)
	}
	for _, file := range snap.Files {
		if file.Kind == source.Template {
			f.templates = append(f.templates, file)
		}
	}
	return f
}

// staged is the render input of a fixture for a build with these options:
// the values of the stages before render, as package pipeline makes them
// (render computes none itself).
func staged(f fixture, opts Options) Input {
	now := opts.Now
	if now.IsZero() {
		now = time.Unix(0, 0) // as Prepare takes it
	}
	scores := score.Compute(f.set, now.UTC())
	return Input{
		Content:   publish.Make(f.set, publish.Options{Internal: opts.Internal}),
		Scores:    scores,
		Insights:  given(insight.Compute(f.set, scores, !opts.Internal)),
		Templates: f.templates,
	}
}

// given returns a function that returns v.
func given[T any](v T) func() T { return func() T { return v } }

// renderDir renders a repository folder.
func renderDir(t testing.TB, dir string, opts Options) *Site {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = fixtureNow
	}
	site := Render(staged(load(t, dir), opts), opts)
	if site.Diagnostics.Fails(false) {
		t.Fatalf("render: %v", site.Diagnostics)
	}
	return site
}

// writeRepo makes a repository from file contents in a temporary folder.
func writeRepo(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestGolden renders the fixture repository and compares every file but
// the assets with testdata/golden (go test -update rewrites them; review
// the diff).
func TestGolden(t *testing.T) {
	site := renderDir(t, "testdata/repo", Options{BaseURL: "https://example.org/acme/roadmap/"})
	golden := filepath.Join("testdata", "golden")
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]bool{}
	for _, p := range site.Paths() {
		if strings.HasPrefix(p, "assets/") {
			continue
		}
		want[p] = true
		file := filepath.Join(golden, filepath.FromSlash(p))
		if *update {
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, site.Files[p], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%s: not in the golden files (run go test -update and review): %v", p, err)
			continue
		}
		if !bytes.Equal(data, site.Files[p]) {
			t.Errorf("%s differs from %s (run go test -update and review the diff)\n%s", p, file, firstDiff(data, site.Files[p]))
		}
	}
	_ = filepath.WalkDir(golden, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel := filepath.ToSlash(strings.TrimPrefix(p, golden+string(filepath.Separator)))
			if !want[rel] {
				t.Errorf("golden file %s is no longer rendered", rel)
			}
		}
		return nil
	})
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}

// TestPages says which files a site has.
func TestPages(t *testing.T) {
	site := renderDir(t, "testdata/repo", Options{})
	for _, p := range []string{
		"index.html", "roadmap/index.html", "themes/index.html", "themes/export/index.html",
		"themes/export/index.xml", "themes/export/badge.svg", "feedback/index.html",
		"feedback/2026-08-03-export-times-out/index.html", "insights/index.html", "changelog/index.html",
		"changelog/index.xml", "feed.json", "search/index.html", "search/meta.json", "search/t/0.json", "search/f/0.json", "search/d/0.json", "404.html",
		"sitemap.xml", "robots.txt", "api/themes.json", "api/feedback.json", "api/insights.json",
		"embed/roadmap.html", "assets/site.css", "assets/search.js", "assets/filter.js",
	} {
		if site.Files[p] == nil {
			t.Errorf("missing %s", p)
		}
	}
	if site.Files["feedback/2026-11-12-private-escalation/index.html"] != nil {
		t.Error("a private item has a page")
	}
	// The site's pages, the themes', and the six items whose words are
	// published (the interview, the sales call and the private item have
	// no page).
	if got, want := site.Pages, 9+4+6; got != want {
		t.Errorf("Pages = %d, want %d", got, want)
	}

	noItems := writeRepo(t, map[string]string{
		"heed.yaml":     "title: T\npublish:\n  items: false\n",
		"feedback/a.md": "---\ntitle: A\ndate: 2026-01-02\nsource: form\ntype: bug\n---\nText.\n",
	})
	site = renderDir(t, noItems, Options{})
	if site.Files["feedback/a/index.html"] != nil {
		t.Error("publish.items: false still writes item pages")
	}
	if !bytes.Contains(site.Files["feedback/index.html"], []byte(`id="item-a"`)) {
		t.Error("the feedback list lacks the item's anchor")
	}
}

func TestHeadings(t *testing.T) {
	for _, tc := range []struct {
		in   string
		top  int
		want string
	}{
		{"<h2>What changed</h2><p>x</p><h3>Details</h3>", 4, "<h4>What changed</h4><p>x</p><h5>Details</h5>"},
		{"<h1 id=\"a\">A</h1><h6>deep</h6>", 3, "<h3 id=\"a\">A</h3><h6>deep</h6>"},
		{"<p>&lt;h1&gt;not a heading&lt;/h1&gt;</p><header>x</header>", 2, "<p>&lt;h1&gt;not a heading&lt;/h1&gt;</p><header>x</header>"},
		{"<h3>Already</h3>", 3, "<h3>Already</h3>"},
		{"<p>No heading at all.</p>", 2, "<p>No heading at all.</p>"},
		{"", 2, ""},
	} {
		if got := string(headings(template.HTML(tc.in), tc.top)); got != tc.want {
			t.Errorf("headings(%q, %d) = %q, want %q", tc.in, tc.top, got, tc.want)
		}
	}
}
