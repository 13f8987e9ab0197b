package serve

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/internal/testrepo"
	"github.com/heedhq/heed/generator/source"
)

// built runs heed build on the session's repository and returns its files.
func (ss *session) built(opts generator.BuildOptions) map[string][]byte {
	ss.t.Helper()
	opts.Out = filepath.Join(ss.t.TempDir(), "site")
	opts.Getenv = getenv
	if res, err := generator.Build(ss.dir, opts); err != nil {
		ss.t.Fatalf("heed build: %v\n%v", err, res.Diagnostics)
	}
	files := map[string][]byte{}
	err := filepath.WalkDir(opts.Out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(opts.Out, p)
		if rel == ".heed-site" { // heed build's marker of its output folder
			return nil
		}
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		ss.t.Fatal(err)
	}
	return files
}

// differs returns the first difference between the served site and files,
// "" when there is none.
func (ss *session) differs(want map[string][]byte) string {
	v := ss.srv.current.Load()
	if v.overlay != nil {
		return "the served site shows errors"
	}
	for p, data := range want {
		f := v.files[p]
		if f == nil {
			return p + " is not served"
		}
		if !bytes.Equal(f.data, data) {
			return p + " differs"
		}
	}
	for p := range v.files {
		if want[p] == nil {
			return p + " is served but not built"
		}
	}
	return ""
}

// injected matches what serving adds to a page.
var injected = regexp.MustCompile(`<link rel="stylesheet" href="/__heed/overlay.css"><script src="/__heed/reload.js" data-heed-etag="[^"]*"></script>`)

// TestSameAsBuild: after a sequence of edits (items, a new folder, a
// deleted file, a theme, a template, customers, the configuration, an error
// and its fix), with a page open in a browser (rendered first), the served
// site equals what heed build writes for the same files, byte for byte, in
// the files kept and over HTTP (less the reload script). With git history
// (and a commit while serving), and the internal view.
func TestSameAsBuild(t *testing.T) {
	for _, c := range []struct {
		name     string
		git      bool
		internal bool
	}{
		{"without git", false, false},
		{"with git history", true, false},
		{"internal view", true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			testrepo.WriteFiles(t, dir, fixture)
			if c.git {
				commitAll(t, dir, "the first items", time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC))
				testrepo.WriteFiles(t, dir, map[string]string{"themes/sso.md": strings.Replace(fixture["themes/sso.md"], "planned", "in-progress", 1)})
				commitAll(t, dir, "SSO in progress", time.Date(2026, 10, 15, 10, 0, 0, 0, time.UTC))
			}
			ss := startIn(t, dir, Options{Internal: c.internal})
			same := func(step string) {
				t.Helper()
				want := ss.built(generator.BuildOptions{Internal: c.internal})
				ss.until("the served site to equal heed build's after "+step, func() bool { return ss.differs(want) == "" })
				for _, p := range []string{"", exportPage, "themes/export/", "feedback/"} {
					_, body := ss.body(p)
					if got := injected.ReplaceAllString(body, ""); got != string(want[p+"index.html"]) {
						t.Errorf("after %s, %s served differs from the built page", step, p)
					}
				}
			}
			same("the start")
			if c.git {
				if _, body := ss.body("themes/sso/"); !strings.Contains(body, "Status history") {
					t.Error("the theme page has no status history from git")
				}
			}
			// Options new to the feedback list's filter form, by step, that
			// the served list must offer after the step and not before.
			options := map[string]string{"the customers": `<option value="mid-market">mid-market</option>`}
			for _, step := range []struct {
				name string
				do   func()
			}{
				{"an item's title", func() {
					ss.write(exportItem, strings.Replace(fixture[exportItem], "Full-year", "Year-end", 1))
				}},
				{"an atomic save of an item's body", func() {
					tmp := ss.path("feedback/2026/09/export-cut-off.md.tmp")
					os.WriteFile(tmp, []byte(fixture["feedback/2026/09/export-cut-off.md"]+"\nIt is terrible, it crashes every time.\n"), 0o644)
					os.Rename(tmp, ss.path("feedback/2026/09/export-cut-off.md"))
				}},
				{"a new folder with an item", func() {
					ss.write("feedback/2026/12/new/okta.md", "---\ntitle: Okta, please\ndate: 2026-11-15\nsource: interview\ntype: request\ncustomer: globex\nthemes: [sso]\n---\nOkta.\n")
				}},
				{"a deleted item", func() { os.Remove(ss.path("feedback/2026/11/love-the-scanner.md")) }},
				{"a theme's status", func() {
					ss.write("themes/export.md", strings.Replace(fixture["themes/export.md"], "in-progress", "shipped\nshipped: 2026-11-10", 1))
				}},
				{"a template", func() {
					ss.write("templates/partials/status.html", `{{define "status"}}<span class="status status-{{.Kind}}">· {{.Status}}</span>{{end}}`)
				}},
				{"an error and its fix", func() {
					ss.write("themes/sso.md", "---\ntitle: Single sign-on\nstatus: sometime\n---\n")
					ss.shows("", 200, "heed-problems")
					ss.write("themes/sso.md", fixture["themes/sso.md"])
				}},
				{"the customers", func() {
					ss.write("customers.yaml", strings.Replace(fixture["customers.yaml"], "segment: smb", "segment: mid-market", 1))
				}},
				{"an item made private", func() {
					ss.write("feedback/2026/10/sso-please.md", strings.Replace(fixture["feedback/2026/10/sso-please.md"], "---\n", "---\nprivate: true\n", 1))
				}},
				{"the configuration", func() {
					ss.write("heed.yaml", fixture["heed.yaml"]+"  customers: true\n")
				}},
			} {
				option := options[step.name]
				if _, body := ss.body("feedback/"); option != "" && strings.Contains(body, option) {
					t.Fatalf("before %s, the feedback list offers %s", step.name, option)
				}
				// A page open in a browser, so that it is rendered first.
				ss.open(exportPage)
				step.do()
				same(step.name)
				if _, body := ss.body("feedback/"); !strings.Contains(body, option) {
					t.Errorf("after %s, the feedback list does not offer %s", step.name, option)
				}
			}
			if c.git {
				// A commit: history is read again (the theme's timeline).
				commitAll(t, dir, "Exports shipped", time.Date(2026, 11, 12, 10, 0, 0, 0, time.UTC))
				same("a commit")
				if _, body := ss.body("themes/export/"); !strings.Contains(body, "12 Nov 2026") {
					t.Error("the commit is not in the theme's status history")
				}
			}
		})
	}
}

// commitAll commits every file of dir (a new repository the first time)
// at when.
func commitAll(t *testing.T, dir, msg string, when time.Time) {
	t.Helper()
	repo := testrepo.Init(t, dir)
	repo.Now = when
	repo.Commit("Ada", msg, nil)
}

// TestQuickSavesSameAsBuild: saves that come while the rest of the site is
// still being rebuilt (each as soon as the open page showed the last one)
// stop that work part way, in its views, between batches or inside a
// page; once the saves stop, the served site equals what heed build
// writes, byte for byte.
func TestQuickSavesSameAsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 3,000 items several times")
	}
	files := benchRepo(3000)
	ss := start(t, files, Options{})
	var item string
	for p := range files {
		if strings.HasSuffix(p, "item-01500.md") {
			item = p
		}
	}
	const page = "feedback/item-01500/"
	for i := range 8 {
		ev := ss.open(page)
		title := fmt.Sprintf("Saved %d times", i+1)
		ss.write(item, strings.Replace(files[item], "title: Feedback", "title: "+title+", feedback", 1))
		ev.reloaded(t)
		if _, body := ss.body(page); !strings.Contains(body, "<h1>"+title+", feedback") {
			t.Fatalf("after the reload event, %s does not show %q", page, title)
		}
	}
	want := ss.built(generator.BuildOptions{})
	ss.until("the served site to equal heed build's after quick saves", func() bool { return ss.differs(want) == "" })
	if !strings.Contains(ss.log.String(), "the rest after the next change") {
		t.Log("no save came while the rest was rebuilt (the machine was quick): the stops were not exercised")
	}
}

// sampleFiles is this repository's own sample feedback repository, as heed
// reads it (feedback, themes, templates, heed.yaml, customers.yaml).
func sampleFiles(t testing.TB) map[string]string {
	t.Helper()
	snap, err := source.ReadDir(testrepo.Root(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Diagnostics) > 0 {
		t.Fatalf("the sample has problems: %v", snap.Diagnostics)
	}
	files := map[string]string{}
	for _, f := range snap.Files {
		files[f.Path] = string(f.Data)
	}
	return files
}

// clusterFixture has unthemed items that share topics no theme fits: the
// insights page and api/insights.json show them as emerging topics, from
// the published items only.
var clusterFixture = map[string]string{
	"heed.yaml":        "title: Acme roadmap\n",
	"themes/export.md": "---\ntitle: Bulk export\nstatus: planned\nkeywords: [export, csv]\n---\nExports time out.\n",
	"feedback/e1.md":   "---\ntitle: Export times out\ndate: 2026-09-02\nsource: support\ntype: bug\nthemes: [export]\n---\nThe CSV export times out.\n",
	"feedback/d1.md":   "---\ntitle: Dark mode please\ndate: 2026-10-02\nsource: support\ntype: request\n---\nPlease add a dark mode, the white screen hurts at night.\n",
	"feedback/d2.md":   "---\ntitle: A dark theme for late nights\ndate: 2026-10-05\nsource: community\ntype: request\n---\nA dark mode would help at night, the white screen is too bright.\n",
	"feedback/d3.md":   "---\ntitle: Night mode\ndate: 2026-10-09\nsource: review\ntype: request\n---\nDark mode for night work please, the screen is so bright.\n",
	"feedback/m1.md":   "---\ntitle: Mileage claims by distance\ndate: 2026-10-12\nsource: sales\ntype: request\n---\nWe need mileage claims computed from the distance driven.\n",
	"feedback/m2.md":   "---\ntitle: Mileage from distance\ndate: 2026-10-15\nsource: interview\ntype: request\n---\nMileage claims should take the distance and apply the rate.\n",
	"feedback/m3.md":   "---\ntitle: Distance based mileage\ndate: 2026-10-20\nsource: survey\ntype: request\nprivate: true\n---\nMileage claims by distance driven, with the rate per mile.\n",
}

// TestWholeSiteSameAsBuild: heed serve serves every file heed build writes,
// byte for byte (pages less the reload script), on this repository's
// sample (with its git history committed anew) and on a repository with
// emerging topics, in the public and the internal view; and still after an
// edit that changes the emerging topics.
func TestWholeSiteSameAsBuild(t *testing.T) {
	for _, c := range []struct {
		name  string
		files func(t testing.TB) map[string]string
	}{
		{"sample", sampleFiles},
		{"emerging topics", func(testing.TB) map[string]string { return clusterFixture }},
	} {
		for _, internal := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s internal=%v", c.name, internal), func(t *testing.T) {
				dir := t.TempDir()
				files := c.files(t)
				testrepo.WriteFiles(t, dir, files)
				commitAll(t, dir, "the sample", time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC))
				ss := startIn(t, dir, Options{Internal: internal})
				same := func(step string) map[string][]byte {
					t.Helper()
					want := ss.built(generator.BuildOptions{Internal: internal})
					diff := ""
					ss.until("the served site to equal heed build's after "+step, func() bool {
						d := ss.differs(want)
						if d != diff && d != "" {
							t.Logf("after %s: %s", step, d) // shown when it never equals
						}
						diff = d
						return d == ""
					})
					for p, data := range want {
						if !strings.HasSuffix(p, ".html") {
							continue
						}
						_, body := ss.body(strings.TrimSuffix(p, "index.html"))
						if got := injected.ReplaceAllString(body, ""); got != string(data) {
							t.Errorf("after %s, %s served differs from the built page", step, p)
						}
					}
					return want
				}
				want := same("the start")
				if c.name == "emerging topics" {
					if !bytes.Contains(want["insights/index.html"], []byte(`id="emerging"`)) {
						t.Fatal("the built insights page shows no emerging topics: the fixture tests nothing")
					}
					// A fourth dark-mode item: the cluster grows.
					ss.write("feedback/d4.md", "---\ntitle: Dark mode at night\ndate: 2026-10-22\nsource: support\ntype: request\n---\nThe bright white screen at night: dark mode please.\n")
					same("a new item in a cluster")
				}
			})
		}
	}
}
