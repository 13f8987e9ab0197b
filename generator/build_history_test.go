package generator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/internal/testrepo"
)

// TestBuildHistory: in a git repository, theme pages show the status
// timeline, api/themes.json its history, feeds an entry per change and item
// pages when they were added; author names only with publish.authors; the
// sitemap when each item last changed.
func TestBuildHistory(t *testing.T) {
	repo := testrepo.Init(t, t.TempDir())
	dir := repo.Dir
	commitFiles := func(author string, when time.Time, files map[string]string) {
		repo.Now = when
		repo.Commit(author, "change", files)
	}
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 9, 0, 0, 0, time.UTC) }
	theme := "---\ntitle: Exports\nstatus: %s\n---\nBody.\n"
	commitFiles("Ana", day(3, 2), map[string]string{
		"heed.yaml":     "title: History\ncommit_url: https://github.com/acme/feedback/commit/{commit}\n",
		"themes/exp.md": strings.Replace(theme, "%s", "exploring", 1),
		"feedback/a.md": "---\ntitle: Export fails\ndate: 2026-03-01\nsource: community\ntype: bug\nthemes: [exp]\n---\nIt fails.\n",
		"feedback/b.md": "---\ntitle: Same day\ndate: 2026-03-02\nsource: community\ntype: bug\n---\nRecorded the day it came.\n",
		"themes/imp.md": "---\ntitle: Imports\nstatus: exploring\n---\nBody.\n",
		"feedback/c.md": "---\ntitle: Import fails\ndate: 2026-03-02\nsource: community\ntype: bug\nthemes: [imp]\n---\nIt fails.\n",
	})
	commitFiles("Ben", day(5, 10), map[string]string{"themes/exp.md": strings.Replace(theme, "%s", "planned", 1)})
	commitFiles("Dee", day(6, 1), map[string]string{
		"feedback/a.md": "---\ntitle: Export fails\ndate: 2026-03-01\nsource: community\ntype: bug\nthemes: [exp]\n---\nIt fails on Mondays.\n",
	})
	commitFiles("Dee", day(7, 1), map[string]string{
		"feedback/d.md": "---\ntitle: Import fails for us too\ndate: 2026-07-01\nsource: sales\ntype: bug\nprivate: true\nthemes: [imp]\n---\nA private word.\n",
	})
	commitFiles("Cleo", day(9, 20), map[string]string{"themes/exp.md": strings.Replace(theme, "%s", "shipped", 1)})

	out := filepath.Join(t.TempDir(), "site")
	res, err := Build(dir, BuildOptions{Out: out, Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	if !res.Now.Equal(day(9, 20)) {
		t.Errorf("Now = %v, want the head commit's time", res.Now)
	}
	read := func(p string) string {
		data, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	type apiTheme struct {
		ID      string
		Shipped *string `json:"shipped"`
		History []struct{ Status, Date, Commit string }
	}
	var api struct{ Themes []apiTheme }
	if err := json.Unmarshal([]byte(read("api/themes.json")), &api); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(api.Themes, func(a, b apiTheme) int { return strings.Compare(a.ID, b.ID) }) // exp first
	h := api.Themes[0].History
	if len(h) != 3 || h[0].Status != "exploring" || h[1].Status != "planned" || h[2].Status != "shipped" ||
		h[1].Date != "2026-05-10" || len(h[2].Commit) != 40 {
		t.Errorf("history = %+v", h)
	}
	if s := api.Themes[0].Shipped; s == nil || *s != "2026-09-20" {
		t.Errorf("shipped = %v, want the date of the change to shipped", s)
	}
	page := read("themes/exp/index.html")
	for _, want := range []string{`<time datetime="2026-05-10">10 May 2026</time>`, "https://github.com/acme/feedback/commit/" + h[1].Commit} {
		if !strings.Contains(page, want) {
			t.Errorf("theme page lacks %q", want)
		}
	}
	if strings.Contains(page, "Ben") || strings.Contains(read("feedback/a/index.html"), "Ana") {
		t.Error("author names are published without publish.authors")
	}
	// When it was recorded says something only on another day than the
	// one it was received.
	if !strings.Contains(read("feedback/a/index.html"), `Received <time datetime="2026-03-01">1 Mar 2026</time>; recorded here <time datetime="2026-03-02">2 Mar 2026</time>.`) {
		t.Error("the item page does not say when it was added")
	}
	if strings.Contains(read("feedback/b/index.html"), "recorded here") {
		t.Error("an item recorded the day it was received says so")
	}
	// The sitemap dates an item's page by its file's last change, as Hugo's
	// does with enableGitInfo, and a theme's by the newest of its file's and
	// its published feedback's.
	sitemap := read("sitemap.xml")
	for _, want := range []string{
		"feedback/a/</loc>\n    <lastmod>2026-06-01T09:00:00Z</lastmod>",
		"feedback/b/</loc>\n    <lastmod>2026-03-02T09:00:00Z</lastmod>",
		// A theme's page by the newest of its file and its published
		// feedback: exp's own change to shipped; imp's file and item c,
		// not the private item d of 1 July.
		"themes/exp/</loc>\n    <lastmod>2026-09-20T09:00:00Z</lastmod>",
		"themes/imp/</loc>\n    <lastmod>2026-03-02T09:00:00Z</lastmod>",
	} {
		if !strings.Contains(sitemap, want) {
			t.Errorf("sitemap.xml lacks %q:\n%s", want, sitemap)
		}
	}
	if n := strings.Count(read("themes/exp/index.xml"), "<entry>"); n != 4 {
		t.Errorf("theme feed has %d entries, want 3 status changes and the shipped note", n)
	}

	commitFiles("Ana", day(9, 21), map[string]string{"heed.yaml": "title: History\npublish:\n  authors: true\n"})
	if _, err := Build(dir, BuildOptions{Out: out, Getenv: func(string) string { return "" }}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(read("themes/exp/index.html"), "by Ben") || !strings.Contains(read("feedback/a/index.html"), "by Ana") {
		t.Error("publish.authors: true should name the authors")
	}
}
