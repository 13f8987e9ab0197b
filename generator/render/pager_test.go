package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/content"
)

// renderPaged renders the fixture with a page size of two.
func renderPaged(t *testing.T, opts Options) *Site {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = fixtureNow
	}
	f := load(t, "testdata/repo")
	f.set.Config.PageSize = 2
	site := Render(staged(f, opts), opts)
	if site.Diagnostics.Fails(false) {
		t.Fatalf("render: %v", site.Diagnostics)
	}
	return site
}

var itemAnchor = regexp.MustCompile(`<li class="item-row" id="item-([a-z0-9-]+)"`)

// TestPagination: with pagination.page_size 2, the fixture's six
// published items fill feedback/, feedback/page/2/ and feedback/page/3/,
// each item on exactly one page, newest first across them, the pages
// linked with rel="prev" and rel="next"; a theme's quotes and the
// changelog go on over pages the same way; every link still resolves.
func TestPagination(t *testing.T) {
	const base = "/acme/roadmap/"
	site := renderPaged(t, Options{BaseURL: base})

	var listed []string
	for n, path := range []string{"feedback/index.html", "feedback/page/2/index.html", "feedback/page/3/index.html"} {
		page := site.Files[path]
		if page == nil {
			t.Fatalf("missing %s", path)
		}
		var ids []string
		for _, m := range itemAnchor.FindAllSubmatch(page, -1) {
			ids = append(ids, string(m[1]))
		}
		if want := min(2, 6-2*n); len(ids) != want {
			t.Errorf("%s lists %d items, want %d", path, len(ids), want)
		}
		listed = append(listed, ids...)
		prev, next := n > 0, n < 2
		hasPrev := bytes.Contains(page, []byte(`<link rel="prev" href="`+base+pagePath("feedback/", n)+`">`))
		hasNext := bytes.Contains(page, []byte(`<link rel="next" href="`+base+pagePath("feedback/", n+2)+`">`))
		if hasPrev != prev || hasNext != next {
			t.Errorf("%s: rel=prev %v (want %v), rel=next %v (want %v)", path, hasPrev, prev, hasNext, next)
		}
		if !bytes.Contains(page, []byte(fmt.Sprintf("Page %d of 3", n+1))) {
			t.Errorf("%s does not say which page it is", path)
		}
	}
	if site.Files["feedback/page/4/index.html"] != nil || site.Files["feedback/page/1/index.html"] != nil {
		t.Error("a page outside 2..3 is written")
	}
	in := staged(load(t, "testdata/repo"), Options{Now: fixtureNow})
	var want []string
	items := slices.Clone(in.Content.Shown)
	slices.SortFunc(items, func(a, b *content.Item) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, it := range items {
		want = append(want, it.ID)
	}
	if !slices.Equal(listed, want) {
		t.Errorf("the pages list\n%q\nwant, newest first, each once:\n%q", listed, want)
	}

	// The export theme has two published items that are not duplicates:
	// both quoted on its page, none left for a second page.
	quotes := func(path string) int { return bytes.Count(site.Files[path], []byte(`<figure class="quote`)) }
	if n := quotes("themes/export/index.html"); n != 2 {
		t.Errorf("themes/export/ shows %d quotes, want 2", n)
	}
	if site.Files["themes/export/page/2/index.html"] != nil {
		t.Error("themes/export/ has a second page of quotes with nothing on it")
	}
	checkLinks(t, site, base)

	// With a page size of one, the export theme's quotes take two pages;
	// the later pages show the quotes without the rest of the theme.
	in = staged(load(t, "testdata/repo"), Options{Now: fixtureNow})
	in.Content.Set.Config.PageSize = 1
	site = Render(in, Options{BaseURL: base, Now: fixtureNow})
	for n, path := range []string{"themes/export/index.html", "themes/export/page/2/index.html"} {
		if got := quotes(path); got != 1 {
			t.Errorf("%s shows %d quotes, want 1", path, got)
		}
		if has := bytes.Contains(site.Files[path], []byte(`id="score"`)); has != (n == 0) {
			t.Errorf("%s: score section shown %v, want only on the first page", path, has)
		}
	}
	if site.Files["themes/export/page/3/index.html"] != nil {
		t.Error("themes/export/page/3/ is written")
	}
	shipped := 0
	for _, th := range in.Content.Set.Themes {
		if th.Status == "shipped" {
			shipped++
		}
	}
	for n := 1; n <= shipped; n++ {
		if site.Files[pagePath("changelog/", n)+"index.html"] == nil {
			t.Errorf("changelog page %d of %d is missing", n, shipped)
		}
	}
	checkLinks(t, site, base)
}

// TestFilterFiles: the files filter.js reads give, for each option of
// each filter, the list positions of exactly the items that have it, and
// the rows files hold the list's items in its order.
func TestFilterFiles(t *testing.T) {
	site := renderPaged(t, Options{})
	var rows []map[string]any
	for k := 0; ; k++ {
		data := site.Files[fmt.Sprintf("feedback/rows/%d.json", k)]
		if data == nil {
			break
		}
		var f struct{ Rows []map[string]any }
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatal(err)
		}
		if len(f.Rows) > rowChunk {
			t.Errorf("rows file %d has %d rows", k, len(f.Rows))
		}
		rows = append(rows, f.Rows...)
	}
	if len(rows) != 6 {
		t.Fatalf("%d rows, want the 6 published items", len(rows))
	}
	for _, r := range rows {
		if strings.Contains(fmt.Sprint(r), "escalation") {
			t.Errorf("a private item's row: %v", r)
		}
	}

	page := string(site.Files["feedback/index.html"])
	for _, facet := range []struct{ name, key string }{{"type", "y"}, {"source", "o"}, {"theme", "h"}} {
		sel := regexp.MustCompile(`(?s)<select name="` + facet.name + `".*?</select>`).FindString(page)
		opts := regexp.MustCompile(`<option value="([^"]+)">`).FindAllStringSubmatch(sel, -1)
		if len(opts) == 0 {
			t.Fatalf("no options for %s", facet.name)
		}
		for o, opt := range opts {
			var f struct {
				Count int
				Gaps  []int
			}
			if err := json.Unmarshal(site.Files[fmt.Sprintf("feedback/filters/%s/%d.json", facet.name, o)], &f); err != nil {
				t.Fatalf("%s %d: %v", facet.name, o, err)
			}
			var got, want []int
			at := 0
			for _, g := range f.Gaps {
				at += g
				got = append(got, at)
			}
			for i, r := range rows {
				if facet.name == "theme" {
					hs, _ := r["h"].([]any)
					for _, h := range hs {
						if h.([]any)[0] == "themes/"+opt[1]+"/" {
							want = append(want, i)
						}
					}
				} else if r[facet.key] == opt[1] {
					want = append(want, i)
				}
			}
			if !slices.Equal(got, want) || f.Count != len(want) {
				t.Errorf("%s=%s: positions %v (count %d), want %v", facet.name, opt[1], got, f.Count, want)
			}
		}
	}
}
