package generator

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/heedhq/heed/generator/publish"
)

// copyDir copies a fixture folder into a temporary one (outside any git
// repository, so builds are not affected by this repository's history).
func copyDir(t testing.TB, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var fixedEnv = func(k string) string {
	if k == "SOURCE_DATE_EPOCH" {
		return "1795392000" // 2026-11-23
	}
	return ""
}

// TestBuildDeterministic builds the same repository twice into two
// folders: the folders are byte for byte the same.
func TestBuildDeterministic(t *testing.T) {
	repo := copyDir(t, "render/testdata/repo")
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, out := range []string{a, b} {
		if _, err := Build(repo, BuildOptions{Out: out, Getenv: fixedEnv, BaseURL: "https://example.org/acme/roadmap/"}); err != nil {
			t.Fatal(err)
		}
	}
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) != len(tb) || len(ta) < 30 {
		t.Fatalf("%d and %d files", len(ta), len(tb))
	}
	for p, data := range ta {
		if !bytes.Equal(data, tb[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// TestBuildKeepsPreviousSite: a build of a repository with errors writes
// nothing and leaves the last good site in place.
func TestBuildKeepsPreviousSite(t *testing.T) {
	repo := copyDir(t, "render/testdata/repo")
	res, err := Build(repo, BuildOptions{Getenv: fixedEnv})
	if err != nil {
		t.Fatal(err)
	}
	if want := (publish.Tally{Items: 9, Published: 6, Unpublished: 2, Private: 1}); res.Pages != 19 || res.Feedback != want || res.Themes != 4 {
		t.Errorf("result = %+v", res)
	}
	before := readTree(t, filepath.Join(repo, "site"))

	bad := filepath.Join(repo, "feedback", "broken.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: No date\nsource: form\ntype: bug\nthemes: [nope]\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = Build(repo, BuildOptions{Getenv: fixedEnv})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	if e, _ := res.Diagnostics.Count(); e < 2 {
		t.Errorf("diagnostics = %v", res.Diagnostics)
	}
	if err := os.Remove(bad); err != nil {
		t.Fatal(err)
	}
	tmpl := filepath.Join(repo, "templates", "theme.html")
	if err := os.MkdirAll(filepath.Dir(tmpl), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tmpl, []byte("{{template \"base\" .}}{{define \"main\"}}{{.Theme.Title}{{end}}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err = Build(repo, BuildOptions{Getenv: fixedEnv}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a broken template: err = %v, want ErrInvalid", err)
	}
	after := readTree(t, filepath.Join(repo, "site"))
	if len(after) != len(before) {
		t.Fatalf("the previous site changed: %d files, was %d", len(after), len(before))
	}
	for p, data := range before {
		if !bytes.Equal(data, after[p]) {
			t.Errorf("%s changed", p)
		}
	}
}

// BenchmarkBuild builds a generated repository of 10,000 items and 100
// themes, from reading the files to writing the site.
func BenchmarkBuild(b *testing.B) {
	repo := b.TempDir()
	write := func(name, text string) {
		p := filepath.Join(repo, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	// Every source's words are published (as before heed published only the
	// public channels' by default): the figures stay comparable.
	write("heed.yaml", "title: Benchmark\ncontribute: https://github.com/acme/feedback\npublish:\n  sources: [survey, interview, support, review, sales]\n")
	var customers bytes.Buffer
	segments := []string{"enterprise", "mid-market", "smb"}
	for c := range 500 {
		fmt.Fprintf(&customers, "c%d:\n  name: Customer %d\n  segment: %s\n  revenue: %d\n", c, c, segments[c%3], 1000*(c%50+1))
	}
	write("customers.yaml", customers.String())
	statuses := []string{"exploring", "planned", "in-progress", "shipped", "declined"}
	for th := range 100 {
		shipped := ""
		if statuses[th%5] == "shipped" {
			shipped = fmt.Sprintf("shipped: 2026-%02d-15\n", th%11+1)
		}
		write(fmt.Sprintf("themes/t%d.md", th), fmt.Sprintf("---\ntitle: Theme number %d\nsummary: A problem customers have.\nstatus: %s\n%seffort: %d\n---\n\nThe problem, in the customer's words.\n",
			th, statuses[th%5], shipped, th%8+1))
	}
	sources := []string{"survey", "interview", "support", "review", "sales"}
	types := []string{"bug", "request", "usability", "praise", "complaint"}
	for i := range 10000 {
		write(fmt.Sprintf("feedback/%d/item-%d.md", i/1000, i), fmt.Sprintf(
			"---\ntitle: Feedback number %d about exports\ndate: %d-%02d-%02d\nsource: %s\ntype: %s\ncustomer: c%d\nthemes: [t%d]\n---\n\n"+
				"The export of month %d failed again and we lost an afternoon. It is slow and the file is cut off after a few thousand rows.\n",
			i, 2024+i%3, i%12+1, i%28+1, sources[i%5], types[(i/5)%5], i%500, i%100, i%12+1))
	}
	out := filepath.Join(b.TempDir(), "site")
	b.ResetTimer()
	for b.Loop() {
		res, err := Build(repo, BuildOptions{Out: out, Getenv: fixedEnv})
		if err != nil {
			b.Fatal(err, res.Diagnostics)
		}
		b.ReportMetric(float64(res.Pages), "pages")
		b.ReportMetric(float64(res.Bytes)/(1<<20), "MiB")
	}
}
