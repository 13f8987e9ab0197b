package pipeline

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/source"
)

// epoch is "now" in these tests (SOURCE_DATE_EPOCH), 2026-11-18.
const epoch = "1795000000"

func getenv(key string) string {
	if key == "SOURCE_DATE_EPOCH" {
		return epoch
	}
	return ""
}

func item(title, date, extra, body string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\nsource: support\ntype: request\n" + extra + "---\n" + body + "\n"
}

// repo has a theme with its items, two of them near-copies, and unthemed
// items on two topics no theme fits (dark mode, mileage; one of them
// private).
var repo = map[string]string{
	"heed.yaml":        "title: Acme\npublish:\n  sources: [support]\n",
	"themes/export.md": "---\ntitle: Bulk export\nstatus: planned\nkeywords: [export, csv]\n---\nExports time out.\n",
	"feedback/e1.md":   item("Export times out", "2026-09-02", "themes: [export]\n", "The CSV export times out after a minute."),
	"feedback/e2.md":   item("Export cut off", "2026-09-05", "themes: [export]\n", "The CSV export stops at 2,000 rows."),
	"feedback/d1.md":   item("Dark mode please", "2026-10-02", "", "Please add a dark mode, the white screen hurts at night."),
	"feedback/d2.md":   item("A dark theme for late nights", "2026-10-05", "", "A dark mode would help at night, the white screen is too bright."),
	"feedback/d3.md":   item("Night mode", "2026-10-09", "", "Dark mode for night work please, the screen is so bright."),
	"feedback/m1.md":   item("Mileage claims by distance", "2026-10-12", "", "We need mileage claims computed from the distance driven."),
	"feedback/m2.md":   item("Mileage from distance", "2026-10-15", "", "Mileage claims should take the distance and apply the rate."),
	"feedback/m3.md":   item("Distance based mileage", "2026-10-20", "private: true\n", "Mileage claims by distance driven, with the rate per mile."),
	"feedback/c1.md": item("Receipts vanish after upload", "2026-10-21", "themes: [export]\n",
		"When I upload a receipt from the phone it shows for a second and then vanishes from the expense report entirely."),
	"feedback/c2.md": item("Receipt vanishes after upload", "2026-10-22", "themes: [export]\n",
		"When I upload a receipt from my phone it shows for a second and then vanishes from the expense report entirely."),
}

// snapshot makes a snapshot of files.
func snapshot(t testing.TB, files map[string]string) *source.Snapshot {
	t.Helper()
	snap := &source.Snapshot{}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		kind, ok := source.Classify(p)
		if !ok {
			t.Fatalf("%s is not a repository file", p)
		}
		snap.Files = append(snap.Files, source.File{Path: p, Kind: kind, Data: []byte(files[p])})
	}
	return snap
}

// TestNeed: each command's values hold what it needs and no more, and a
// public run's grouping never sees a private item.
func TestNeed(t *testing.T) {
	for _, c := range []struct {
		name     string
		opts     Options
		scores   bool // Scores and Insights made
		clusters bool
		sugg     bool
		dups     bool
		stale    bool
	}{
		{"site", Options{Need: Site}, true, true, false, false, false},
		{"triage", Options{Need: Triage, Internal: true}, true, true, true, true, true},
		{"check", Options{Need: Check, Internal: true}, false, false, false, true, false},
		{"content only", Options{}, false, false, false, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.opts.Getenv = getenv
			v := New(c.opts).Run(Input{Snapshot: snapshot(t, repo)})
			if v.Stopped || len(v.Set.Items) != 10 {
				t.Fatalf("stopped %v with %d items: %v", v.Stopped, len(v.Set.Items), v.Diagnostics)
			}
			if got := v.Scores != nil && v.Insights() != nil; got != c.scores {
				t.Errorf("scores and insights made: %v, want %v", got, c.scores)
			}
			if got := v.Stale != nil; got != c.stale {
				t.Errorf("stale themes made: %v, want %v", got, c.stale)
			}
			g := v.Groups()
			if g == nil {
				if c.clusters || c.sugg || c.dups {
					t.Fatal("no grouping")
				}
				return
			}
			if got := len(g.Clusters) > 0; got != c.clusters {
				t.Errorf("clusters: %v, want %v", g.Clusters, c.clusters)
			}
			if got := len(g.Suggestions) > 0; got != c.sugg {
				t.Errorf("suggestions: %v, want %v", g.Suggestions, c.sugg)
			}
			if got := len(g.Duplicates) > 0; got != c.dups {
				t.Errorf("duplicates: %v, want %v", g.Duplicates, c.dups)
			}
			var private bool
			for _, cl := range g.Clusters {
				private = private || slices.Contains(cl.Items, "m3")
			}
			if private != c.opts.Internal && c.clusters {
				t.Errorf("the private item in a cluster: %v, want %v: %v", private, c.opts.Internal, g.Clusters)
			}
		})
	}
}

// TestStopped: content with errors stops a run after the content, unless
// it keeps going (triage, check).
func TestStopped(t *testing.T) {
	files := maps.Clone(repo)
	files["feedback/bad.md"] = item("Bad", "2026-13-45", "", "A date that is none.")
	stopped := New(Options{Need: Site, Getenv: getenv}).Run(Input{Snapshot: snapshot(t, files)})
	if !stopped.Stopped || stopped.Scores != nil || !stopped.Diagnostics.Fails(false) {
		t.Errorf("a site run on errors: stopped %v, scores %v", stopped.Stopped, stopped.Scores != nil)
	}
	kept := New(Options{Need: Triage, KeepGoing: true, Getenv: getenv}).Run(Input{Snapshot: snapshot(t, files)})
	if kept.Stopped || kept.Scores == nil || kept.Groups() == nil {
		t.Errorf("a triage run on errors: stopped %v", kept.Stopped)
	}
}

// values prints what a run computed, for comparing two runs.
func values(t *testing.T, v *Values) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "now %s\n", v.Now)
	for _, ts := range v.Scores.Themes {
		fmt.Fprintf(&b, "%+v\n", *ts)
	}
	for _, id := range slices.Sorted(maps.Keys(v.Scores.Items)) {
		fmt.Fprintf(&b, "%+v\n", *v.Scores.Items[id])
	}
	for _, x := range []any{v.Insights(), v.Groups()} {
		data, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteByte('\n')
	}
	return b.String()
}

// TestIncrementalSameAsFresh: a pipeline run again on each state of a
// repository after an edit (serve) computes what a new one computes (build),
// among them after edits that link and unlink a duplicate pair without
// changing what the grouping reads.
func TestIncrementalSameAsFresh(t *testing.T) {
	for _, need := range []Need{Site, Triage} {
		opts := Options{Need: need, Getenv: getenv, Internal: need == Triage}
		inc := opts
		inc.Incremental = true
		p := New(inc)
		files := maps.Clone(repo)
		for _, step := range []struct {
			name string
			edit func()
		}{
			{"the start", func() {}},
			{"nothing changed", func() {}},
			{"an item's words", func() {
				files["feedback/d3.md"] = item("Night mode", "2026-10-09", "", "Dark mode for the night shift, the screen is blinding.")
			}},
			{"a new unthemed item", func() {
				files["feedback/d4.md"] = item("Dark mode at night", "2026-10-23", "", "The bright white screen at night: dark mode please.")
			}},
			{"a duplicate linked", func() {
				// Themed: what the grouping reads of it stays the same.
				files["feedback/c2.md"] = strings.Replace(files["feedback/c2.md"], "type: request\n", "type: request\nduplicate_of: c1\n", 1)
			}},
			{"the duplicate unlinked again", func() { files["feedback/c2.md"] = repo["feedback/c2.md"] }},
			{"an item themed", func() {
				files["feedback/m1.md"] = strings.Replace(files["feedback/m1.md"], "type: request\n", "type: request\nthemes: [export]\n", 1)
			}},
			{"an item removed", func() { delete(files, "feedback/d1.md") }},
		} {
			step.edit()
			snap := snapshot(t, files)
			got := p.Run(Input{Snapshot: snap})
			want := New(opts).Run(Input{Snapshot: snap})
			if g, w := values(t, got), values(t, want); g != w {
				t.Errorf("need %b, after %s: the incremental run computes\n%s\nwant\n%s", need, step.name, g, w)
			}
			if step.name == "a duplicate linked" && need == Triage {
				for _, d := range got.Groups().Duplicates {
					if d.A == "c1" && d.B == "c2" {
						t.Errorf("after %s, the pair is still a likely duplicate", step.name)
					}
				}
			}
		}
	}
}

// TestNowPerHistory: without SOURCE_DATE_EPOCH or a commit, "now" is the
// clock's, read once per history by an incremental pipeline: a second run
// measures from the same moment, so nothing is stale for the clock alone.
func TestNowPerHistory(t *testing.T) {
	p := New(Options{Need: Scores, Incremental: true, Getenv: func(string) string { return "" }})
	snap := snapshot(t, repo)
	first := p.Run(Input{Snapshot: snap})
	time.Sleep(2 * time.Millisecond)
	second := p.Run(Input{Snapshot: snap})
	if !second.Now.Equal(first.Now) {
		t.Errorf("now moved from %s to %s between runs", first.Now, second.Now)
	}
	if since := time.Since(first.Now); since < 0 || since > time.Minute {
		t.Errorf("now is %s, not the clock's", first.Now)
	}
}

// TestSetGiven: a run on content loaded already (serve) computes what a
// run that loads it computes, and takes the templates from the snapshot.
func TestSetGiven(t *testing.T) {
	files := maps.Clone(repo)
	files["templates/partials/status.html"] = `{{define "status"}}{{.Status}}{{end}}`
	snap := snapshot(t, files)
	set := content.Load(snap, content.Options{})
	opts := Options{Need: Site, Getenv: getenv}
	got := New(opts).Run(Input{Snapshot: snap, Set: set})
	want := New(opts).Run(Input{Snapshot: snap})
	if got.Set != set {
		t.Error("the set given was not used")
	}
	if g, w := values(t, got), values(t, want); g != w {
		t.Errorf("with the set given:\n%s\nwant\n%s", g, w)
	}
	if len(got.Templates) != 1 || got.RenderInput().Templates[0].Path != "templates/partials/status.html" {
		t.Errorf("templates %v", got.Templates)
	}
}

// benchFiles is a repository of n items over 100 themes, one in ten
// unthemed (on ten topics, so that they make clusters).
func benchFiles(n int) map[string]string {
	files := map[string]string{"heed.yaml": "title: Bench\n"}
	areas := []string{"exports", "receipts", "cards", "approvals", "reports", "mobile", "sso", "bank feeds", "budgets", "invoices"}
	moods := []string{"It is slow and it fails every time we try.", "We love how quick it has become.", "Please add a way to do this in bulk.",
		"The page crashes when the list is long.", "Works fine, but the wording confuses new staff.", "Our auditors keep asking for this."}
	for th := range 100 {
		files[fmt.Sprintf("themes/t%02d.md", th)] = fmt.Sprintf("---\ntitle: %s, problem %d\nstatus: planned\nkeywords: [%s]\n---\nWhat customers say about %s.\n",
			areas[th%10], th, strings.ReplaceAll(areas[th%10], " ", "-"), areas[th%10])
	}
	for i := range n {
		themes := fmt.Sprintf("themes: [t%02d]\n", (i*13)%100)
		if i%10 == 0 {
			themes = ""
		}
		files[fmt.Sprintf("feedback/%02d/item-%05d.md", i%12+1, i)] = item(fmt.Sprintf("Feedback %d about %s", i, areas[i%10]),
			fmt.Sprintf("2026-%02d-%02d", i%12+1, i%28+1), themes, moods[i%6]+" The "+areas[(i/10)%10]+" screen: "+moods[(i*7)%6])
	}
	return files
}

// BenchmarkIncremental measures what heed serve asks of the pipeline after
// an edit of one item's words in a repository of 10,000 items: a run (the
// scores again), then the insights, and the grouping the site's lists
// show (need=site) or not (need=scores).
func BenchmarkIncremental(b *testing.B) {
	files := benchFiles(10_000)
	snap := snapshot(b, files)
	for _, c := range []struct {
		name string
		need Need
	}{{"need=scores", Scores | Insights}, {"need=site", Site}} {
		b.Run(c.name, func(b *testing.B) {
			set := content.Load(snap, content.Options{})
			p := New(Options{Need: c.need, Getenv: getenv, Incremental: true})
			v := p.Run(Input{Snapshot: snap, Set: set})
			v.Insights()
			v.Groups()
			it := set.Items[1234]
			for i := 0; b.Loop(); i++ {
				it.Text = fmt.Sprintf("Edited %d times. %s", i, it.Text)
				v := p.Run(Input{Snapshot: snap, Set: set})
				v.Insights()
				v.Groups()
			}
		})
	}
}
