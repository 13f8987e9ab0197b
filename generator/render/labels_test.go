package render

import (
	"bytes"
	"testing"

	"github.com/heedhq/heed/generator/score"
)

// TestTrendLabel: a trend is a word, and none without enough items.
func TestTrendLabel(t *testing.T) {
	for _, c := range []struct {
		ts   score.ThemeScore
		want string
	}{
		{score.ThemeScore{Trend: 0}, ""},
		{score.ThemeScore{Trend: 6.7, TrendKnown: true, Previous: 0}, "new"},
		{score.ThemeScore{Trend: 6.7, TrendKnown: true, Previous: 0.5}, "rising fast"},
		{score.ThemeScore{Trend: 0.3, TrendKnown: true, Previous: 3}, "rising"},
		{score.ThemeScore{Trend: 0.05, TrendKnown: true, Previous: 3}, "steady"},
		{score.ThemeScore{Trend: -0.3, TrendKnown: true, Previous: 3}, "falling"},
		{score.ThemeScore{Trend: -0.8, TrendKnown: true, Previous: 3}, "falling fast"},
	} {
		if got := trendLabel(&c.ts); got != c.want {
			t.Errorf("trendLabel(%+v) = %q, want %q", c.ts, got, c.want)
		}
	}
}

// TestLabels: pages show the vocabularies' words as a reader reads them,
// never a slug in a status pill, never a region code, and "1 piece".
func TestLabels(t *testing.T) {
	for in, want := range map[string]string{"in-progress": "In progress", "new": "New", "": ""} {
		if got := statusTitle(in); got != want {
			t.Errorf("statusTitle(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"na": "North America", "EMEA": "Europe, Middle East and Africa", "Nordics": "Nordics"} {
		if got := regionName(in); got != want {
			t.Errorf("regionName(%q) = %q, want %q", in, got, want)
		}
	}
	dir := writeRepo(t, map[string]string{
		"heed.yaml":      "title: T\n",
		"customers.yaml": "c:\n  name: C\n  region: na\n  segment: smb\n",
		"themes/x.md":    "---\ntitle: X\nstatus: in-progress\n---\nBody.\n",
		"feedback/a.md":  "---\ntitle: A\ndate: 2026-01-02\nsource: form\ntype: bug\nthemes: [x]\ncustomer: c\n---\nText.\n",
	})
	site := renderDir(t, dir, Options{})
	for path, wants := range map[string][]string{
		"themes/index.html":     {`<span class="status status-active">In progress</span>`},
		"feedback/a/index.html": {`<dd>North America</dd>`, `<span class="status status-active">In progress</span>`, "from 1 piece of feedback."},
	} {
		for _, want := range wants {
			if !bytes.Contains(site.Files[path], []byte(want)) {
				t.Errorf("%s lacks %q", path, want)
			}
		}
		for _, bad := range []string{">in-progress<", ">na<", "1 pieces"} {
			if bytes.Contains(site.Files[path], []byte(bad)) {
				t.Errorf("%s shows %q", path, bad)
			}
		}
	}
}
