package serve

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/internal/testrepo"
)

// benchRepo makes a repository of n items over 100 themes and 500
// customers, with bodies of a few paragraphs, lists and links, dated over
// two years.
func benchRepo(n int) map[string]string {
	// Every source's words are published, as before heed published only
	// the public channels' by default: the figures stay comparable.
	files := map[string]string{"heed.yaml": "title: Ledgerline roadmap\ncontribute: https://github.com/ledgerline/feedback\n" +
		"publish:\n  sources: [survey, interview, support, review, sales, community]\n"}
	var customers strings.Builder
	segments := []string{"enterprise", "mid-market", "smb"}
	for c := range 500 {
		fmt.Fprintf(&customers, "c%d:\n  name: Customer %d\n  segment: %s\n  revenue: %d\n", c, c, segments[c%3], 1000*(c%50+1))
	}
	files["customers.yaml"] = customers.String()
	statuses := []string{"exploring", "planned", "in-progress", "shipped", "declined"}
	areas := []string{"exports", "receipts", "cards", "approvals", "reports", "mobile", "sso", "bank feeds", "budgets", "invoices"}
	for th := range 100 {
		files[fmt.Sprintf("themes/t%02d.md", th)] = fmt.Sprintf("---\ntitle: %s, problem %d\nsummary: Customers struggle with %s.\nstatus: %s\neffort: %d\nkeywords: [%s]\n---\n\nWhat customers tell us about %s, in their words.\n",
			strings.ToUpper(areas[th%10][:1])+areas[th%10][1:], th, areas[th%10], statuses[th%5], th%8+1, strings.ReplaceAll(areas[th%10], " ", "-"), areas[th%10])
	}
	sources := []string{"survey", "interview", "support", "review", "sales", "community"}
	types := []string{"bug", "request", "usability", "praise", "complaint", "question"}
	moods := []string{"It is slow and it fails every time we try.", "We love how quick it has become.", "Please add a way to do this in bulk.",
		"The page crashes when the list is long.", "Works fine, but the wording confuses new staff.", "Our auditors keep asking for this."}
	for i := range n {
		area := areas[i%10]
		var body strings.Builder
		for p := range 1 + i%4 {
			fmt.Fprintf(&body, "%s The %s screen of month %d: %s\n\n", moods[(i+p)%6], area, i%12+1, moods[(i*7+p)%6])
		}
		if i%3 == 0 {
			fmt.Fprintf(&body, "- step one of %d\n- step two\n- [ticket](https://support.example.com/t/%d)\n", i, i)
		}
		files[fmt.Sprintf("feedback/%d/%02d/item-%05d.md", 2025+i%2, i%12+1, i)] = fmt.Sprintf(
			"---\ntitle: Feedback %d about %s\ndate: %d-%02d-%02d\nsource: %s\ntype: %s\ncustomer: c%d\nthemes: [t%02d]\n---\n\n%s",
			i, area, 2025+i%2, i%12+1, i%28+1, sources[i%6], types[(i/6)%6], (i*7)%500, (i*13)%100, body.String())
	}
	return files
}

// BenchmarkEditToVisible measures, in repositories of 1,000 and 10,000
// items, the time from saving an edited item (its title) to its page, open
// in a browser (an event stream, as reload.js opens it), being told to
// reload and fetched with the new title: p50-ms and p95-ms. Each save waits
// for the whole site to be rebuilt; settle-ms is the median time that
// takes. read-ms to publish-ms are the median time of each step to the
// page shown (files read and parsed, content resolved, scores, views, the
// page rendered, published).
//
//	go test -run '^$' -bench EditToVisible -benchtime 40x ./generator/serve
func BenchmarkEditToVisible(b *testing.B) {
	for _, n := range []int{1000, 10_000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) { editToVisibleIn(b, n, true) })
	}
}

// BenchmarkEditToVisibleQuickSaves is BenchmarkEditToVisible with a save
// every 300 ms or so, each 300 ms after the previous one showed, whether
// or not the rest of the site was rebuilt (a writer saving while looking).
func BenchmarkEditToVisibleQuickSaves(b *testing.B) {
	b.Run("items=10000", func(b *testing.B) { editToVisibleIn(b, 10_000, false) })
}

// BenchmarkEditToVisibleCorpus is BenchmarkEditToVisible on a copy of the
// repository named by HEED_BENCH_REPO (a heed-corpus repository with its
// git history, as bench/run.sh times through the CLI); it is skipped
// without one.
//
//	HEED_BENCH_REPO=/tmp/corpus-10000 go test -run '^$' -bench EditToVisibleCorpus ./generator/serve
func BenchmarkEditToVisibleCorpus(b *testing.B) {
	src := os.Getenv("HEED_BENCH_REPO")
	if src == "" {
		b.Skip("HEED_BENCH_REPO is not set")
	}
	dir := b.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	var items []string
	err := filepath.WalkDir(filepath.Join(dir, "feedback"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			items = append(items, p)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	slices.Sort(items)
	// A public item in the middle, as bench/editlatency picks it.
	for _, p := range items[len(items)/2:] {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		if text := string(data); !strings.Contains(text, "\nprivate: true") && plainTitle(text) {
			rel, _ := filepath.Rel(dir, p)
			page := "feedback/" + strings.TrimSuffix(filepath.Base(p), ".md") + "/"
			editToVisible(b, startIn(b, dir, Options{}), filepath.ToSlash(rel), text, page, true)
			return
		}
	}
	b.Skip("no public item with a plain title in HEED_BENCH_REPO")
}

// plainTitle reports whether an item's front matter starts with its title,
// unquoted.
func plainTitle(text string) bool {
	rest, ok := strings.CutPrefix(text, "---\ntitle: ")
	return ok && rest != "" && !strings.ContainsAny(rest[:1], `"'`)
}

// editToVisibleIn measures BenchmarkEditToVisible in benchRepo(n).
func editToVisibleIn(b *testing.B, n int, settle bool) {
	files := benchRepo(n)
	ss := start(b, files, Options{})
	// The item edited, and its page.
	var item string
	for p := range files {
		if strings.HasSuffix(p, fmt.Sprintf("item-%05d.md", n/2)) {
			item = p
		}
	}
	editToVisible(b, ss, item, files[item], fmt.Sprintf("feedback/item-%05d/", n/2), settle)
}

// editToVisible saves new titles in the item at path item (text: its
// content, starting with a plain title) and times its page.
func editToVisible(b *testing.B, ss *session, item, text, page string, settle bool) {
	var visible, settled []time.Duration
	var steps [6][]time.Duration // see timings
	b.ResetTimer()
	cpu := testrepo.CPUTime(b)
	for i := range b.N {
		b.StopTimer()
		ev := ss.open(page)
		builds := ss.builds.Load()
		title := fmt.Sprintf("Edited %d times", i+1)
		edited := strings.Replace(text, "---\ntitle: ", "---\ntitle: "+title+", ", 1)
		b.StartTimer()

		start := time.Now()
		ss.write(item, edited)
		ev.reloaded(b)
		res := ss.get(page)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		visible = append(visible, time.Since(start))

		b.StopTimer()
		if !strings.Contains(string(body), "<h1>"+title+", ") {
			b.Fatalf("after the reload event, %s does not show the new title", page)
		}
		if !settle {
			time.Sleep(300 * time.Millisecond)
			b.StartTimer()
			continue
		}
		ss.until("the rebuild to end", func() bool {
			return ss.builds.Load() > builds && !ss.srv.inbox.waiting()
		})
		settled = append(settled, time.Since(start))
		if t := ss.srv.last.Load(); t != nil {
			ends := []time.Duration{t.read, t.content, t.score, t.prepare, t.render, t.shown}
			for k := range ends {
				prev := time.Duration(0)
				if k > 0 {
					prev = ends[k-1]
				}
				steps[k] = append(steps[k], ends[k]-prev)
			}
		}
		b.StartTimer()
	}
	b.StopTimer()
	if settle {
		// Every save is followed to its end, so the process's CPU time
		// is what the saves cost (the serving of pages too, which is
		// small): the work a writer's machine does for each.
		if cpu := testrepo.CPUTime(b) - cpu; cpu > 0 {
			b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/save")
		}
	}
	b.ReportMetric(percentile(visible, 50), "p50-ms")
	b.ReportMetric(percentile(visible, 95), "p95-ms")
	if settle {
		b.ReportMetric(percentile(settled, 50), "settle-ms")
		for k, name := range []string{"read", "content", "score", "views", "render", "publish"} {
			b.ReportMetric(percentile(steps[k], 50), name+"-ms")
		}
	}
}

// percentile returns the p-th percentile of durations, in milliseconds
// (nearest rank).
func percentile(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (p*len(s)+99)/100 - 1
	return float64(s[max(i, 0)]) / float64(time.Millisecond)
}

// BenchmarkContent re-reads one edited item of 10,000 and makes the content
// set again (Resolve and every diagnostic), as each rebuild does.
func BenchmarkContent(b *testing.B) {
	dir := b.TempDir()
	files := benchRepo(10_000)
	testrepo.WriteFiles(b, dir, files)
	r, err := openRepo(dir, "")
	if err != nil {
		b.Fatal(err)
	}
	item := "feedback/2025/01/item-00012.md"
	for i := 0; b.Loop(); i++ {
		testrepo.WriteFiles(b, dir, map[string]string{item: strings.Replace(files[item], "title: ", fmt.Sprintf("title: %d ", i), 1)})
		c := newChange()
		c.files[item] = true
		if _, err := r.update(c); err != nil {
			b.Fatal(err)
		}
		r.set()
	}
}
