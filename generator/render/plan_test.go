package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/group"
	"github.com/heedhq/heed/generator/insight"
	"github.com/heedhq/heed/generator/publish"
	"github.com/heedhq/heed/generator/score"
	"github.com/heedhq/heed/generator/source"
	"github.com/heedhq/heed/templates"
)

// repoFiles reads a repository folder into a map of path to text.
func repoFiles(t testing.TB, dir string) map[string]string {
	t.Helper()
	snap, err := source.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range snap.Files {
		files[f.Path] = string(f.Data)
	}
	return files
}

// inputOf reads a repository of files, as a build reads them.
func inputOf(t testing.TB, files map[string]string) fixture {
	t.Helper()
	snap := &source.Snapshot{}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		kind, ok := source.Classify(p)
		if !ok {
			t.Fatalf("%s is not a repository file", p)
		}
		snap.Files = append(snap.Files, source.File{Path: p, Kind: kind, Data: []byte(files[p])})
	}
	return loaded(t, snap)
}

func embedded(t testing.TB, name string) string {
	t.Helper()
	data, err := fs.ReadFile(templates.FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// sameSite fails unless two sites have the same files, byte for byte.
func sameSite(t testing.TB, got, want *Site) {
	t.Helper()
	if g, w := got.Paths(), want.Paths(); !slices.Equal(g, w) {
		t.Fatalf("files differ:\n got %q\nwant %q", g, w)
	}
	for _, p := range want.Paths() {
		if !bytes.Equal(got.Files[p], want.Files[p]) {
			t.Errorf("%s differs from a full render: %s", p, firstDiff(want.Files[p], got.Files[p]))
		}
	}
	if got.Pages != want.Pages {
		t.Errorf("Pages = %d, want %d", got.Pages, want.Pages)
	}
}

const (
	exportItem  = "feedback/2026-08-03-export-times-out.md"
	scannerItem = "feedback/2026-10-20-love-the-scanner.md"
)

// TestPlanIncremental: after each edit of a sequence (items, themes,
// configuration, templates), rendering only the stale files over the
// previous site (with the plan made by the previous plan's Next) gives the
// site a full render gives, byte for byte; and the stale files are the
// ones that show the edit, not every page.
func TestPlanIncremental(t *testing.T) {
	files := repoFiles(t, "testdata/repo")
	opts := Options{BaseURL: "https://example.org/acme/roadmap/", Now: fixtureNow}
	for _, internal := range []bool{false, true} {
		opts.Internal = internal
		files := maps.Clone(files)
		last := Prepare(staged(inputOf(t, files), opts), opts)
		if stale := last.Stale(nil, nil); len(stale) != len(last.jobs) {
			t.Fatalf("with no previous site %d of %d files are stale", len(stale), len(last.jobs))
		}
		prev := last.Render(nil, nil)
		for _, step := range []struct {
			name string
			edit func(files map[string]string)
			// stale and fresh are files that must, and must not, be stale.
			stale, fresh []string
			// shows maps files to text they must show after the step.
			shows map[string]string
		}{
			{name: "nothing changed", fresh: []string{"index.html", "feedback/index.html", "themes/export/index.html", "feedback/2026-08-03-export-times-out/index.html"}},
			{
				name: "an item's title",
				edit: func(f map[string]string) {
					f[exportItem] = strings.Replace(f[exportItem], "title: ", "title: Still ", 1)
				},
				stale: []string{"feedback/2026-08-03-export-times-out/index.html", "themes/export/index.html", "feedback/index.html", "search/meta.json", "api/feedback.json"},
				fresh: []string{"feedback/2026-09-10-export-cut-off/index.html", "themes/sso/index.html", "roadmap/index.html"},
			},
			{
				// The oldest item becomes the newest: the list's order is
				// made again, not the previous plan's.
				name: "an item's date",
				edit: func(f map[string]string) {
					f[exportItem] = strings.Replace(f[exportItem], "date: 2026-08-03", "date: 2026-11-30", 1)
				},
				stale: []string{"feedback/index.html"},
			},
			{
				name:  "an item's body",
				edit:  func(f map[string]string) { f[scannerItem] += "\nIt is terrible now, it crashes every time.\n" },
				stale: []string{"feedback/2026-10-20-love-the-scanner/index.html"},
				fresh: []string{"feedback/2026-08-03-export-times-out/index.html"},
			},
			{
				name: "a new item",
				edit: func(f map[string]string) {
					f["feedback/sub/2026-11-20-new.md"] = "---\ntitle: Exports are fine now\ndate: 2026-11-20\nsource: support\ntype: praise\nthemes: [export]\n---\nThank you!\n"
				},
				stale: []string{"feedback/2026-11-20-new/index.html", "themes/export/index.html", "sitemap.xml"},
			},
			{name: "a deleted item", edit: func(f map[string]string) { delete(f, "feedback/2026-07-01-receipt-total-wrong.md") }},
			{
				name: "a theme's status",
				edit: func(f map[string]string) {
					f["themes/sso.md"] = strings.Replace(f["themes/sso.md"], "status: planned", "status: in-progress", 1)
				},
				stale: []string{"themes/sso/index.html", "roadmap/index.html"},
			},
			{
				name: "an item made private",
				edit: func(f map[string]string) {
					f[scannerItem] = strings.Replace(f[scannerItem], "---\n", "---\nprivate: true\n", 1)
				},
			},
			{
				name: "a template override of item pages",
				edit: func(f map[string]string) {
					f["templates/item.html"] = embedded(t, "item.html") + "{{define \"head\"}}<meta name=\"x\" content=\"{{len $.Themes}}\">{{end}}"
				},
				stale: []string{"feedback/2026-08-03-export-times-out/index.html"},
				fresh: []string{"themes/export/index.html", "index.html"},
			},
			{
				name: "a partial of theme cards",
				edit: func(f map[string]string) {
					f["templates/partials/theme-card.html"] = strings.Replace(embedded(t, "partials/theme-card.html"), "Priority", "Score", 1)
				},
				stale: []string{"roadmap/index.html"},
				fresh: []string{"feedback/2026-08-03-export-times-out/index.html"},
			},
			{
				name: "the partial of every page's footer",
				edit: func(f map[string]string) {
					f["templates/partials/site-footer.html"] = strings.Replace(embedded(t, "partials/site-footer.html"), "Made with", "Built with", 1)
				},
				stale: []string{"index.html", "roadmap/index.html", "feedback/2026-08-03-export-times-out/index.html", "404.html"},
				fresh: []string{"embed/roadmap.html"},
			},
			{
				name: "the partial of items' meta",
				edit: func(f map[string]string) {
					f["templates/partials/item-meta.html"] = strings.Replace(embedded(t, "partials/item-meta.html"), " via ", " from ", 1)
				},
				stale: []string{"feedback/2026-08-03-export-times-out/index.html", "feedback/index.html", "themes/export/index.html"},
				fresh: []string{"roadmap/index.html", "index.html"},
			},
			{
				name: "the partial of theme links",
				edit: func(f map[string]string) {
					f["templates/partials/theme-link.html"] = `{{define "theme-link"}}<a href="{{.URL}}">{{.Title}}</a> ({{.Volume}}){{end}}`
				},
				stale: []string{"feedback/2026-08-03-export-times-out/index.html", "feedback/index.html"},
				fresh: []string{"roadmap/index.html", "index.html"},
			},
			{
				name: "a template whose reads cannot be followed",
				edit: func(f map[string]string) {
					f["templates/item.html"] = embedded(t, "item.html") + "{{define \"head\"}}{{if eq $.Item $.Item}}<meta name=\"same\">{{end}}{{end}}"
				},
				stale: []string{"feedback/2026-08-03-export-times-out/index.html"},
			},
			{name: "the template removed", edit: func(f map[string]string) { delete(f, "templates/item.html") }},
			{
				name: "the site title",
				edit: func(f map[string]string) {
					f["heed.yaml"] = strings.Replace(f["heed.yaml"], "title: ", "title: New ", 1)
				},
				stale: []string{"index.html", "feedback/2026-08-03-export-times-out/index.html"},
			},
			{
				name: "a customer's segment",
				edit: func(f map[string]string) {
					f["customers.yaml"] = strings.Replace(f["customers.yaml"], "segment: enterprise", "segment: mid-market", 1)
				},
				shows: map[string]string{"feedback/index.html": `<option value="mid-market">mid-market</option>`},
			},
			{
				name:  "a page size of two",
				edit:  func(f map[string]string) { f["heed.yaml"] += "pagination:\n  page_size: 2\n" },
				stale: []string{"feedback/index.html", "feedback/page/2/index.html"},
			},
			{
				// The oldest item, on the list's last page: the first page
				// shows the edit in its filter form only.
				name: "a new source on the list's last page",
				edit: func(f map[string]string) {
					f[exportItem] = strings.Replace(f[exportItem], "source: support", "source: social", 1)
				},
				stale: []string{"feedback/index.html", "feedback/page/2/index.html"},
				shows: map[string]string{"feedback/index.html": `<option value="social">social</option>`},
			},
			{
				name: "the partial of the filter form",
				edit: func(f map[string]string) {
					f["templates/partials/filters.html"] = strings.Replace(embedded(t, "partials/filters.html"), ">Clear<", ">Show all<", 1)
				},
				stale: []string{"feedback/index.html", "feedback/page/2/index.html"},
				fresh: []string{"index.html", "roadmap/index.html", "feedback/2026-08-03-export-times-out/index.html"},
				shows: map[string]string{"feedback/page/2/index.html": `<button type="reset">Show all</button>`},
			},
		} {
			t.Run(step.name, func(t *testing.T) {
				if step.edit != nil {
					step.edit(files)
				}
				in := inputOf(t, files)
				plan := last.Next(staged(in, opts), opts) // the templates parsed once while they are the same
				stale := plan.Stale(prev, nil)
				for _, p := range step.stale {
					if !slices.Contains(stale, p) {
						t.Errorf("%s is not stale", p)
					}
				}
				for _, p := range step.fresh {
					if slices.Contains(stale, p) {
						t.Errorf("%s is stale", p)
					}
				}
				site := plan.Render(prev, nil)
				sameSite(t, site, Render(staged(in, opts), opts))
				// What heed serve serves again: every file that differs
				// from prev's is listed as changed.
				changed, ok := site.Changed(prev)
				if !ok {
					t.Fatal("a site rendered over prev does not say what changed")
				}
				for p, data := range site.Files {
					if old, had := prev.Files[p]; !slices.Contains(changed, p) && (!had || !bytes.Equal(old, data)) {
						t.Errorf("%s differs from prev's but is not listed as changed", p)
					}
				}
				for p := range prev.Files {
					if _, has := site.Files[p]; !has && !slices.Contains(changed, p) {
						t.Errorf("%s was dropped but is not listed as changed", p)
					}
				}
				samePaths := sameMadePaths(plan, last)
				if shared := plan.made == last.made; shared != samePaths {
					t.Errorf("plans with the same files (%v) share their set of paths: %v", samePaths, shared)
				}
				for p, text := range step.shows {
					if !strings.Contains(string(site.Files[p]), text) {
						t.Errorf("%s does not show %s", p, text)
					}
				}
				if again := plan.Stale(site, nil); len(again) > 0 {
					t.Errorf("stale right after rendering: %q", again)
				}
				prev, last = site, plan
			})
		}
	}
}

// TestPlanInTwoSteps: rendering some stale files first (the pages open in
// a browser) and the rest over that site ends with the full render; in
// between, the files not rendered yet keep their previous bytes.
func TestPlanInTwoSteps(t *testing.T) {
	files := repoFiles(t, "testdata/repo")
	opts := Options{Now: fixtureNow}
	first := Prepare(staged(inputOf(t, files), opts), opts)
	first.Stale(nil, nil)
	prev := first.Render(nil, nil)

	files[exportItem] = strings.Replace(files[exportItem], "title: ", "title: Still ", 1)
	files["feedback/2026-11-21-new.md"] = "---\ntitle: New\ndate: 2026-11-21\nsource: support\ntype: bug\n---\nNew.\n"
	in := inputOf(t, files)
	plan := Prepare(staged(in, opts), opts)
	const page = "feedback/2026-08-03-export-times-out/index.html"
	// Asked twice, beside a path the plan does not make.
	only := []string{page, "feedback/no-such-item/index.html", page}
	if stale := plan.Stale(prev, only); !slices.Equal(stale, []string{page}) {
		t.Errorf("stale among the pages asked for first: %q", stale)
	}
	if stale := plan.Stale(prev, []string{}); len(stale) != 0 {
		t.Errorf("stale among no pages: %q", stale)
	}
	mid := plan.Render(prev, only)
	if bytes.Equal(mid.Files[page], prev.Files[page]) {
		t.Error("the page asked for first was not rendered")
	}
	if !bytes.Equal(mid.Files["feedback/index.html"], prev.Files["feedback/index.html"]) {
		t.Error("a page not asked for was rendered in the first step")
	}
	if _, ok := mid.Files["feedback/2026-11-21-new/index.html"]; ok {
		t.Error("a new page not asked for is there after the first step")
	}
	if stale := plan.Stale(mid, nil); slices.Contains(stale, page) || !slices.Contains(stale, "feedback/index.html") {
		t.Errorf("after the first step, stale: %q", stale)
	}
	sameSite(t, plan.Render(mid, nil), Render(staged(in, opts), opts))
}

// stopAfter returns a stop function that reports true from its n+1-th
// call on, and the count of its calls (called on every core).
func stopAfter(n int64) (func() bool, *atomic.Int64) {
	calls := new(atomic.Int64)
	return func() bool { return calls.Add(1) > n }, calls
}

// TestPlanStopped: a plan told to stop (by heed serve, when a newer edit
// comes in) while it makes its views (Warm) or renders (RenderUntil)
// reports that it stopped and leaves the previous site as it was; what it
// made before stopping is kept, and rendering the rest afterwards gives
// the site a full render gives.
func TestPlanStopped(t *testing.T) {
	files := benchRepo(600)
	opts := Options{Now: fixtureNow}
	prev := Render(staged(inputOf(t, files), opts), opts)
	prevFiles := maps.Clone(prev.Files)
	const item = "feedback/0/item-7.md"
	files[item] = strings.Replace(files[item], "title: ", "title: Edited ", 1)
	in := inputOf(t, files)
	want := Render(staged(in, opts), opts)

	for _, n := range []int64{0, 1, 2, 3, 5, 8, 40, 200} {
		plan := Prepare(staged(in, opts), opts)
		stop, calls := stopAfter(n)
		warmed := plan.Warm(stop)
		if warmed != (calls.Load() <= n) {
			t.Errorf("stop after %d: Warm returned %v after %d calls", n, warmed, calls.Load())
		}
		if warmed {
			stop, calls = stopAfter(n)
			site, done := plan.RenderUntil(prev, nil, stop)
			if done != (calls.Load() <= n) || done != (site != nil) {
				t.Errorf("stop after %d: RenderUntil returned %v (site %v) after %d calls", n, done, site != nil, calls.Load())
			}
			if done {
				sameSite(t, site, want)
			}
		}
		if !maps.EqualFunc(prev.Files, prevFiles, bytes.Equal) {
			t.Fatalf("stop after %d: the previous site changed", n)
		}
		// What is left, without stopping.
		if !plan.Warm(func() bool { return false }) {
			t.Fatal("Warm stopped without being told to")
		}
		site, done := plan.RenderUntil(prev, nil, func() bool { return false })
		if !done {
			t.Fatal("RenderUntil stopped without being told to")
		}
		sameSite(t, site, want)
	}

	// A page that lists every item (a page size over the items) stops part
	// way through, not at its end.
	files["heed.yaml"] += "pagination:\n  page_size: 1000\n"
	plan := Prepare(staged(inputOf(t, files), opts), opts)
	plan.Warm(func() bool { return false })
	plan.Stale(prev, nil)
	stop, calls := stopAfter(1 << 30)
	plan.RenderUntil(prev, []string{"feedback/index.html"}, stop)
	asked := calls.Load()
	stop, _ = stopAfter(asked - 1)
	if site, done := plan.RenderUntil(prev, []string{"feedback/index.html"}, stop); done || site != nil || asked < 3 {
		t.Errorf("the feedback list asked %d times whether to stop; stopped at the last: %v", asked, !done)
	}
}

// TestWarmStopsWhileGrouping: a newer edit stops Warm while it waits for
// a slow grouping, without waiting for it; a later Warm takes the groups
// once they are made, and the site shows them.
func TestWarmStopsWhileGrouping(t *testing.T) {
	opts := Options{Now: fixtureNow}
	in := staged(inputOf(t, repoFiles(t, "testdata/repo")), opts)
	release := make(chan struct{})
	clusters := &group.Result{Clusters: []group.Cluster{{Name: "dark mode", Terms: []string{"dark"},
		Items: []string{"2026-11-02-dark-screen", "2026-10-20-love-the-scanner"}}}}
	in.Groups = sync.OnceValue(func() *group.Result {
		<-release
		return clusters
	})
	plan := Prepare(in, opts)
	var asked atomic.Int64
	// A Warm that waited for the grouping would wait until then.
	var once sync.Once
	done := func() { once.Do(func() { close(release) }) }
	time.AfterFunc(5*time.Second, done)
	if plan.Warm(func() bool { return asked.Add(1) > 20 }) {
		t.Fatal("Warm waited for the grouping")
	}
	done()
	if !plan.Warm(func() bool { return false }) {
		t.Fatal("Warm stopped without being told to")
	}
	site := plan.Render(nil, nil)
	if !bytes.Contains(site.Files["insights/index.html"], []byte(`id="emerging"`)) {
		t.Error("the insights page shows no emerging topic")
	}
}

// TestWarmGroupsAlongsideViews: Warm starts the grouping while it makes
// the item views, so that the grouping's core is not the only one busy
// while Warm waits for it (heed serve, 100,000 items: 0.65 s a save); a
// Warm stopped before the grouping started leaves it unstarted.
func TestWarmGroupsAlongsideViews(t *testing.T) {
	opts := Options{Now: fixtureNow}
	in := staged(inputOf(t, benchRepo(600)), opts)
	grouping := func(in *Input) chan struct{} {
		started := make(chan struct{})
		in.Groups = sync.OnceValue(func() *group.Result {
			close(started)
			return &group.Result{}
		})
		return started
	}

	started := grouping(&in)
	var asked atomic.Int64
	var waited time.Duration
	// The first call is before anything is made, the second between two
	// steps of views (600 items make three).
	warmed := Prepare(in, opts).Warm(func() bool {
		if asked.Add(1) == 2 {
			t0 := time.Now()
			select {
			case <-started:
			case <-time.After(5 * time.Second):
			}
			waited = time.Since(t0)
		}
		return false
	})
	if !warmed {
		t.Fatal("Warm stopped without being told to")
	}
	if waited >= 5*time.Second {
		t.Errorf("the grouping had not started while the views were made")
	}

	started = grouping(&in)
	stop, _ := stopAfter(1) // before the first step of views
	if Prepare(in, opts).Warm(stop) {
		t.Fatal("Warm did not stop")
	}
	select {
	case <-started:
		t.Error("a Warm stopped at once started the grouping")
	case <-time.After(3 * groupAfter):
	}
}

// benchRepo makes the files of a repository of n items over 100 themes and
// 500 customers.
func benchRepo(n int) map[string]string {
	// Every source's words are published (as before heed published only the
	// public channels' by default): the figures stay comparable.
	files := map[string]string{"heed.yaml": "title: Benchmark\ncontribute: https://github.com/acme/feedback\n" +
		"publish:\n  sources: [survey, interview, support, review, sales]\n"}
	var customers strings.Builder
	segments := []string{"enterprise", "mid-market", "smb"}
	for c := range 500 {
		fmt.Fprintf(&customers, "c%d:\n  name: Customer %d\n  segment: %s\n  revenue: %d\n", c, c, segments[c%3], 1000*(c%50+1))
	}
	files["customers.yaml"] = customers.String()
	statuses := []string{"exploring", "planned", "in-progress", "shipped", "declined"}
	for th := range 100 {
		files[fmt.Sprintf("themes/t%d.md", th)] = fmt.Sprintf("---\ntitle: Theme number %d\nsummary: A problem customers have.\nstatus: %s\neffort: %d\n---\n\nThe problem, in the customer's words.\n",
			th, statuses[th%5], th%8+1)
	}
	sources := []string{"survey", "interview", "support", "review", "sales"}
	types := []string{"bug", "request", "usability", "praise", "complaint"}
	for i := range n {
		files[fmt.Sprintf("feedback/%d/item-%d.md", i/1000, i)] = fmt.Sprintf(
			"---\ntitle: Feedback number %d about exports\ndate: %d-%02d-%02d\nsource: %s\ntype: %s\ncustomer: c%d\nthemes: [t%d]\n---\n\n"+
				"The export of month %d failed again and we lost an afternoon. It is slow and the file is cut off after a few thousand rows.\n",
			i, 2024+i%3, i%12+1, i%28+1, sources[i%5], types[(i/5)%5], i%500, i%100, i%12+1)
	}
	return files
}

// BenchmarkPlanEdit measures re-rendering after one item's title changed in
// a repository of 10,000 items, from the content stages' values (computed
// outside the timer): Prepare (views), Stale of that item's page and
// rendering it; then, reported as rest-ms, the other stale files found and
// rendered.
func BenchmarkPlanEdit(b *testing.B) {
	files := benchRepo(10_000)
	opts := Options{Now: fixtureNow}
	f := inputOf(b, files)
	cache := score.NewCache()
	in := Input{Templates: f.templates}
	stages := func() {
		in.Content = publish.Make(f.set, publish.Options{})
		in.Scores = cache.Compute(f.set, opts.Now)
		in.Insights = given(insight.Compute(f.set, in.Scores, true))
	}
	stages()
	first := Prepare(in, opts)
	first.Stale(nil, nil)
	prev := first.Render(nil, nil)
	it := f.set.Items[1234]
	page := "feedback/" + it.ID + "/index.html"
	var prepare, stale, rest time.Duration
	b.ResetTimer()
	last := first
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		it.Title = fmt.Sprintf("Feedback edited %d times", i)
		stages()
		b.StartTimer()
		start := time.Now()
		plan := last.Next(in, opts)
		last = plan
		prepare += time.Since(start)
		start = time.Now()
		only := []string{page}
		if got := plan.Stale(prev, only); len(got) != 1 {
			b.Fatalf("stale: %q", got)
		}
		stale += time.Since(start)
		mid := plan.Render(prev, only)
		b.StopTimer()
		start = time.Now()
		n := len(plan.Stale(mid, nil))
		prev = plan.Render(mid, nil)
		rest += time.Since(start)
		b.ReportMetric(float64(n), "stale")
		b.StartTimer()
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(b.N) / 1e6 }
	b.ReportMetric(ms(prepare), "prepare-ms")
	b.ReportMetric(ms(stale), "stale-ms")
	b.ReportMetric(ms(rest), "rest-ms")
}

// benchInput is the render input of benchRepo(10_000), with its scores
// and insights, and the options the benchmarks render it with.
func benchInput(b *testing.B) (Input, Options) {
	opts := Options{Now: fixtureNow}
	return staged(inputOf(b, benchRepo(10_000)), opts), opts
}

// BenchmarkPrepare makes the views of a repository of 10,000 items.
func BenchmarkPrepare(b *testing.B) {
	in, opts := benchInput(b)
	b.ReportAllocs()
	for b.Loop() {
		Prepare(in, opts)
	}
}

// BenchmarkRender renders the whole site of a repository of 10,000 items
// from the stages' values (computed outside the timer): the views and
// every file.
func BenchmarkRender(b *testing.B) {
	in, opts := benchInput(b)
	b.ReportAllocs()
	for b.Loop() {
		Render(in, opts)
	}
}
