package generator

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/internal/browsertest"
)

// Page-weight budgets of a site of any size (DESIGN.md, "Site").
const (
	maxPageBytes   = 300_000 // any HTML page
	maxSearchBytes = 400_000 // what a search for one word fetches, page included
	maxFirstPageMS = 1000    // the feedback list's first page, loaded in headless Chromium
)

// The sitemaps.org protocol's limits on one sitemap file: search engines
// refuse a larger one.
const (
	maxSitemapURLs  = 50_000
	maxSitemapBytes = 50 << 20
)

// needle is a word that one item of the scale corpus says, and no other.
const needle = "quillwort"

// TestScale builds a synthetic repository of $HEED_SCALE items (written by
// cmd/heed-corpus, with a twentieth as many themes and a fiftieth as many
// customers, without git history) as heed build does, and holds the site
// to its budgets: no HTML page over maxPageBytes; the feedback list goes
// on with rel="next"; in headless Chromium a search for a word one item
// says finds that item after fetching at most maxSearchBytes, and so do
// the same word with a typo and the corpus's most common word; the feedback list's first
// page has loaded within maxFirstPageMS; no sitemap file lists more than
// maxSitemapURLs, and sitemap.xml is an index of the others when the site
// has more pages than that.
//
// It is skipped unless HEED_SCALE is set: .ci/run runs it at 100,000 items
// in a step of its own, without the race detector (about a minute on 2
// cores: the corpus ~25 s, the build ~10 s, the browser a few seconds).
func TestScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("HEED_SCALE"))
	if n <= 0 {
		t.Skip("set HEED_SCALE to a number of items (CI: 100000) to build a site that large and check its budgets")
	}
	dir := t.TempDir()
	repo, site := filepath.Join(dir, "repo"), filepath.Join(dir, "site")
	corpus := exec.Command("go", "run", "../cmd/heed-corpus", "-items", strconv.Itoa(n),
		"-themes", strconv.Itoa(max(5, n/500)), "-customers", strconv.Itoa(max(10, n/50)),
		"-commits", "0", "-seed", "1", "-out", repo, "-q")
	if out, err := corpus.CombinedOutput(); err != nil {
		t.Fatalf("heed-corpus: %v\n%s", err, out)
	}
	item := "---\ntitle: Receipts of a " + needle + " nursery\ndate: 2026-10-01\nsource: form\ntype: request\n---\n" +
		"We sell " + needle + " plants and need receipts per greenhouse.\n"
	if err := os.WriteFile(filepath.Join(repo, "feedback", "zz-"+needle+".md"), []byte(item), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1794700800")
	res, err := Build(repo, BuildOptions{Out: site})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diagnostics.Fails(false) {
		t.Fatalf("build: %v", res.Diagnostics)
	}
	t.Log(res.Summary())

	var largest int64
	var largestPath string
	err = filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > maxPageBytes {
			t.Errorf("%s is %d bytes, over %d", p[len(site)+1:], info.Size(), maxPageBytes)
		}
		if info.Size() > largest {
			largest, largestPath = info.Size(), p[len(site)+1:]
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("largest page: %s, %d bytes", largestPath, largest)
	checkSitemaps(t, site)
	first, err := os.ReadFile(filepath.Join(site, "feedback", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(first), `<link rel="next" href="/feedback/page/2/">`) {
		t.Error(`feedback/index.html has no rel="next" to page 2`)
	}

	b := browsertest.New(t)
	p := b.NewPage(t)
	root := browsertest.ServeDir(t, site, "/")
	search := func(q string) (results int, bytes int64) {
		t.Helper()
		p.Fetched()
		p.Open(root+"search/?q="+q, 1280, false)
		results = browsertest.Eval[int](p, `new Promise(resolve => {
			const poll = () => {
				const s = document.getElementById("search-status").textContent;
				if (/ results? for|Nothing found/.test(s)) resolve(document.querySelectorAll("#search-results li").length);
				else setTimeout(poll, 20);
			};
			poll();
		})`)
		bytes, urls := p.Fetched()
		t.Logf("search %q: %d results shown, %d bytes in %d requests", q, results, bytes, len(urls))
		if bytes > maxSearchBytes {
			t.Errorf("a search for %q fetched %d bytes, over %d: %s", q, bytes, maxSearchBytes, strings.Join(urls, " "))
		}
		return results, bytes
	}
	if got, _ := search(needle); got != 1 {
		t.Errorf("a search for %q shows %d results, want the one item that says it", needle, got)
	}
	// One letter missing: found through the typo files, within the budget.
	if got, _ := search(needle[:4] + needle[5:]); got != 1 {
		t.Errorf("a search for %q (a typo) shows %d results, want the one item", needle[:4]+needle[5:], got)
	}
	if got, _ := search(commonWord(t, site)); got == 0 {
		t.Error("a search for the most common word finds nothing")
	}

	p.Fetched()
	p.Open(root+"feedback/", 1280, false)
	ms := browsertest.Eval[float64](p, `new Promise(resolve => {
		const poll = () => {
			const nav = performance.getEntriesByType("navigation")[0];
			if (nav && nav.loadEventEnd > 0) resolve(nav.loadEventEnd);
			else setTimeout(poll, 20);
		};
		poll();
	})`)
	bytes, _ := p.Fetched()
	t.Logf("feedback/: loaded in %.0f ms, %d bytes", ms, bytes)
	if ms > maxFirstPageMS {
		t.Errorf("the feedback list's first page took %.0f ms to load, over %d", ms, maxFirstPageMS)
	}
	if probs := p.Problems(); len(probs) > 0 {
		t.Error(strings.Join(probs, "\n"))
	}
}

// commonWord returns the term of the first terms file with the most
// documents: a word nearly every item says.
func commonWord(t *testing.T, site string) string {
	t.Helper()
	best, most := "", 0
	files, _ := filepath.Glob(filepath.Join(site, "search", "t", "*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// Entries are one a line: "term":[gap,score,...]
		for _, line := range strings.Split(string(data), "\n") {
			term, list, ok := strings.Cut(strings.Trim(line, "{},"), ":[")
			if ok && strings.Count(list, ",") > most {
				best, most = strings.Trim(term, `"`), strings.Count(list, ",")
			}
		}
	}
	if best == "" {
		t.Fatal("no terms in the search index")
	}
	return fmt.Sprint(best)
}

// checkSitemaps holds a site to the sitemap protocol's limits: each file
// within maxSitemapURLs and maxSitemapBytes, sitemap.xml an index of the
// others when the pages are more than one file can list, and every item
// page listed.
func checkSitemaps(t *testing.T, site string) {
	t.Helper()
	index, err := os.ReadFile(filepath.Join(site, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	parts, err := filepath.Glob(filepath.Join(site, "sitemap-*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	files := parts
	if len(parts) == 0 {
		files = []string{filepath.Join(site, "sitemap.xml")}
	}
	listed := map[string]bool{} // the site paths listed, "feedback/x/"
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, loc := range strings.Split(string(data), "<loc>")[1:] {
			loc, _, _ = strings.Cut(loc, "</loc>")
			if _, rel, ok := strings.Cut(loc, "/feedback/"); ok {
				listed["feedback/"+rel] = true
			}
			n++
		}
		if n > maxSitemapURLs || len(data) > maxSitemapBytes {
			t.Errorf("%s lists %d URLs in %d bytes, over %d or %d", filepath.Base(f), n, len(data), maxSitemapURLs, maxSitemapBytes)
		}
	}
	items, err := filepath.Glob(filepath.Join(site, "feedback", "*", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	missing := 0
	for _, p := range items {
		if rel := filepath.Base(filepath.Dir(p)); !listed["feedback/"+rel+"/"] {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of the %d item pages are in no sitemap file", missing, len(items))
	}
	if len(items) > maxSitemapURLs && (!strings.Contains(string(index), "<sitemapindex") || strings.Count(string(index), "<loc>") != len(parts) || len(parts) < 2) {
		t.Errorf("sitemap.xml of a site of %d item pages is not an index of its %d parts:\n%.500s", len(items), len(parts), index)
	}
	t.Logf("sitemap: %d files; %d item pages", len(files), len(items))
}
