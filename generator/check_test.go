package generator_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/internal/testrepo"
)

func itemFile(title string, themes string) string {
	return fmt.Sprintf("---\ntitle: %s\ndate: 2026-01-02\nsource: community\ntype: bug\nthemes: [%s]\n---\nWords.\n", title, themes)
}

const themeFile = "---\ntitle: Export\nstatus: planned\n---\n"

func paths(res *generator.CheckResult) []string {
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, d.Path+" ["+d.Rule+"]")
	}
	return out
}

func TestCheckChangedSince(t *testing.T) {
	r := testrepo.Init(t, t.TempDir())
	r.Write(map[string]string{
		"themes/export.md":   themeFile,
		"themes/old.md":      "---\ntitle: Old\nstatus: exploring\n---\n",
		"feedback/a.md":      itemFile("A", "export"),
		"feedback/b.md":      itemFile("B", "old"),
		"feedback/broken.md": "---\ntitle: Broken long ago\n---\n", // an old problem, not this change's
	})
	base := r.Commit("Ann", "start", nil)

	// The change: a new bad item, a modified item, a renamed item, and a
	// deleted theme that an unchanged item still names.
	r.Write(map[string]string{
		"feedback/new.md": itemFile("New", "nope"),
		"feedback/a.md":   itemFile("A edited", "export") + "Call 555-0142 now.\n",
	})
	r.Write(map[string]string{"themes/old.md": testrepo.Gone})
	if err := os.Rename(filepath.Join(r.Dir, "feedback/b.md"), filepath.Join(r.Dir, "feedback/b2.md")); err != nil {
		t.Fatal(err)
	}
	r.Write(map[string]string{"feedback/c.md": itemFile("C", "old")})
	r.Commit("Ann", "unrelated, committed", nil)
	r.Write(map[string]string{"feedback/c.md": itemFile("C", "export")}) // fixed again in the working tree

	res, err := generator.Check(r.Dir, generator.CheckOptions{ChangedSince: base})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"feedback/a.md [personal-data]",
		"feedback/b2.md [unknown-theme]", // renamed, and naming the deleted theme
		"feedback/new.md [unknown-theme]",
	}
	if g := paths(res); !slices.Equal(g, want) {
		t.Errorf("--changed-since reported %q, want %q", g, want)
	}

	// Without it, the old problem is reported too.
	all, err := generator.Check(r.Dir, generator.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if g := paths(all); !slices.Contains(g, "feedback/broken.md [required]") {
		t.Errorf("a full check misses the old problem: %q", g)
	}
}

func TestCheckChangedSinceReportsAnUnchangedItemNamingADeletedTheme(t *testing.T) {
	r := testrepo.Init(t, t.TempDir())
	r.Write(map[string]string{"themes/old.md": themeFile, "feedback/a.md": itemFile("A", "old")})
	base := r.Commit("Ann", "start", nil)
	r.Write(map[string]string{"themes/old.md": testrepo.Gone})
	res, err := generator.Check(r.Dir, generator.CheckOptions{ChangedSince: base})
	if err != nil {
		t.Fatal(err)
	}
	if g := paths(res); !slices.Equal(g, []string{"feedback/a.md [unknown-theme]"}) {
		t.Errorf("got %q", g)
	}
}

func TestCheckRefReadsACommitWithoutCheckout(t *testing.T) {
	r := testrepo.Init(t, t.TempDir())
	r.Write(map[string]string{"themes/export.md": themeFile, "feedback/a.md": itemFile("Old title", "export")})
	old := r.Commit("Ann", "old", nil)
	r.Write(map[string]string{"feedback/a.md": itemFile("New title", "export"), "feedback/b.md": itemFile("B", "missing")})
	r.Commit("Ann", "new", nil)
	r.Write(map[string]string{"feedback/c.md": "not committed, and broken"})

	res, err := generator.Check(r.Dir, generator.CheckOptions{Ref: old})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Set.Items) != 1 || res.Set.Items[0].Title != "Old title" || len(res.Diagnostics) != 0 {
		t.Errorf("--ref %s: items %v, diagnostics %v", old, res.Set.Items, res.Diagnostics)
	}
	head, err := generator.Check(r.Dir, generator.CheckOptions{Ref: "HEAD"})
	if err != nil {
		t.Fatal(err)
	}
	if g := paths(head); !slices.Equal(g, []string{"feedback/b.md [unknown-theme]"}) {
		t.Errorf("--ref HEAD: %q", g)
	}
	// The working tree is untouched.
	if data, _ := os.ReadFile(filepath.Join(r.Dir, "feedback/a.md")); string(data) != itemFile("New title", "export") {
		t.Errorf("the working tree changed: %s", data)
	}
	if _, err := generator.Check(r.Dir, generator.CheckOptions{Ref: "no-such-branch"}); err == nil {
		t.Error("want an error for an unknown revision")
	}
	if _, err := generator.Check(t.TempDir(), generator.CheckOptions{Ref: "HEAD"}); err == nil {
		t.Error("want an error outside a git repository")
	}
}

func TestCheckInASubfolderOfARepository(t *testing.T) {
	r := testrepo.Init(t, t.TempDir())
	r.Write(map[string]string{"docs/feedback/themes/export.md": themeFile, "docs/feedback/feedback/a.md": itemFile("A", "export")})
	base := r.Commit("Ann", "start", nil)
	r.Write(map[string]string{"docs/feedback/feedback/b.md": itemFile("B", "nope")})
	res, err := generator.Check(filepath.Join(r.Dir, "docs", "feedback"), generator.CheckOptions{ChangedSince: base})
	if err != nil {
		t.Fatal(err)
	}
	if g := paths(res); !slices.Equal(g, []string{"feedback/b.md [unknown-theme]"}) {
		t.Errorf("got %q", g)
	}
}

// writeCheckCorpus writes a feedback repository of n items over 100 themes
// and 400 customers, with a fixed seed: bodies are sentences about the
// item's theme in varied wording, a tenth of the items have links, and 3%
// retell an earlier item (likely duplicates). It goes to /dev/shm when
// there is one: 10,000 small files are slow to create and delete on disk.
func writeCheckCorpus(b *testing.B, n int) string {
	b.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "heed-bench-check-")
	if err != nil {
		dir = b.TempDir()
	} else {
		b.Cleanup(func() { os.RemoveAll(dir) })
	}
	write := func(rel, text string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(2026, uint64(n)))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	areas := strings.Fields("export import invoice receipt approval card payment report budget policy mileage " +
		"currency search login role audit webhook dashboard reminder upload scan bank ledger vendor payroll")
	aspects := strings.Fields("speed totals filters permissions layout history sync limits alerts templates " +
		"rounding labels sorting defaults offline duplicates attachments comments")
	verbs := strings.Fields("fails freezes loses hides repeats ignores breaks slows misreads drops")
	customers := make([]string, 400)
	var cust strings.Builder
	for c := range customers {
		customers[c] = fmt.Sprintf("customer-%03d", c)
		fmt.Fprintf(&cust, "%s:\n  name: Customer %d\n  segment: %s\n  revenue: %d\n", customers[c], c, pick([]string{"smb", "mid-market", "enterprise"}), 1000*(c%40+1))
	}
	write("customers.yaml", cust.String())
	write("heed.yaml", "title: Benchmark\n")
	type theme struct{ id, area, aspect string }
	themes := make([]theme, 100)
	for t := range themes {
		themes[t] = theme{fmt.Sprintf("%s-%s-%d", areas[t%len(areas)], aspects[t%len(aspects)], t), areas[t%len(areas)], aspects[t%len(aspects)]}
		write("themes/"+themes[t].id+".md", fmt.Sprintf("---\ntitle: Better %s %s\nstatus: %s\nkeywords: [%s, %s]\n---\n\nCustomers ask about the %s of %s.\n",
			themes[t].area, themes[t].aspect, pick([]string{"exploring", "planned", "in-progress", "shipped"}), themes[t].area, themes[t].aspect, themes[t].aspect, themes[t].area))
	}
	bodies := make([]string, n)
	for i := range n {
		th := themes[int(min(rng.ExpFloat64()*20, 99))]
		title := fmt.Sprintf("The %s %s %s for team %d", th.area, th.aspect, pick(verbs), rng.IntN(500))
		var body strings.Builder
		if i > 10 && rng.IntN(100) < 3 {
			// A retelling: the same words with a greeting.
			body.WriteString("Hello again. ")
			body.WriteString(bodies[rng.IntN(i)])
		} else {
			for range 4 + rng.IntN(6) {
				fmt.Fprintf(&body, "%s %s %s when we %s the %s %s. ", pick([]string{"Our", "The", "Every", "Each"}),
					pick(areas), pick(verbs), pick([]string{"open", "check", "send", "save", "sort"}), pick(aspects), pick(areas))
				if rng.IntN(4) == 0 {
					body.WriteString("\n")
				}
			}
		}
		bodies[i] = body.String()
		var fm strings.Builder
		fmt.Fprintf(&fm, "---\ntitle: %s\ndate: %d-%02d-%02d\nsource: %s\ntype: %s\ncustomer: %s\nthemes: [%s]\ntags: [%s, %s]\n",
			title, 2024+i%3, i%12+1, i%28+1, pick([]string{"support", "survey", "interview", "sales"}), pick([]string{"bug", "request", "complaint", "praise"}),
			pick(customers), th.id, th.area, th.aspect)
		if rng.IntN(10) == 0 {
			fmt.Fprintf(&fm, "links:\n  - https://support.example.com/tickets/%d\n", rng.IntN(100000))
		}
		if rng.IntN(5) == 0 {
			fmt.Fprintf(&fm, "nps: %d\n", rng.IntN(11))
		}
		fm.WriteString("---\n\n")
		write(fmt.Sprintf("feedback/%d/%02d/item-%05d.md", 2024+i%3, i%12+1, i), fm.String()+bodies[i]+"\n")
	}
	return dir
}

// BenchmarkCheck runs heed check's pipeline (read, parse, validate, likely
// duplicates) on a generated repository of 10,000 items, 1,000 with -short.
func BenchmarkCheck(b *testing.B) {
	n := 10_000
	if testing.Short() {
		n = 1_000
	}
	dir := writeCheckCorpus(b, n)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := generator.Check(dir, generator.CheckOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if e, _ := res.Diagnostics.Count(); e > 0 || len(res.Set.Items) != n {
			b.Fatalf("%d items, %d errors: %v", len(res.Set.Items), e, res.Diagnostics[:min(3, len(res.Diagnostics))])
		}
	}
}

// TestCheckCRMExport: a customers.yaml of 50,000 customers (a CRM's
// export, 8 MiB) is read and used, from the working tree and from a
// commit.
func TestCheckCRMExport(t *testing.T) {
	r := testrepo.Init(t, t.TempDir())
	var b strings.Builder
	for i := range 50_000 {
		fmt.Fprintf(&b, "customer-%d:\n  name: Customer %d Ltd\n  segment: smb\n  plan: pro\n  revenue: %d\n  region: emea\n  contact: buyer%d@customer%d.example\n", i, i, 1000+i, i, i)
	}
	r.Write(map[string]string{"customers.yaml": b.String(), "themes/export.md": themeFile,
		"feedback/a.md": "---\ntitle: A\ndate: 2026-01-02\nsource: support\ntype: bug\ncustomer: customer-49999\n---\nWords.\n"})
	head := r.Commit("Ann", "a CRM export", nil)
	for _, ref := range []string{"", head} {
		res, err := generator.Check(r.Dir, generator.CheckOptions{Ref: ref})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Diagnostics) != 0 {
			t.Errorf("ref %q: %v", ref, res.Diagnostics[:min(3, len(res.Diagnostics))])
		}
	}
}
