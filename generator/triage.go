package generator

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/group"
	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/insight"
	"github.com/heedhq/heed/generator/score"
)

// StaleAfter is how long a theme's status may stay unchanged while its demand
// rises before triage calls it stale.
const StaleAfter = 180 * 24 * time.Hour

// Stale is a theme whose status looks out of date.
type Stale struct {
	Theme  string `json:"theme"`
	Reason string `json:"reason"`
}

// Triage is what a product manager looks at: suggested themes for untriaged
// items, emerging clusters, likely duplicates and stale themes. Its JSON is
// the "Triage output" contract of DESIGN.md.
type Triage struct {
	Suggestions []group.Suggestion `json:"suggestions"`
	Clusters    []group.Cluster    `json:"clusters"`
	Duplicates  []group.Duplicate  `json:"duplicates"`
	Stale       []Stale            `json:"stale"`

	// Set is the repository's content, for printing titles.
	Set *content.Set `json:"-"`
	// Diagnostics are the repository's problems.
	Diagnostics diag.List `json:"-"`
	// Notes say what triage could not use (git history).
	Notes []string `json:"-"`
}

// TriageOptions tunes TriageRepo.
type TriageOptions struct {
	Config string
	// Getenv reads SOURCE_DATE_EPOCH; nil is os.Getenv.
	Getenv func(string) string
}

// TriageRepo reads the repository at dir and prepares its triage report.
// Private items take part (triage is the team's view).
func TriageRepo(dir string, opts TriageOptions) (*Triage, error) {
	snap, err := read(dir, opts.Config, nil, "", "")
	if err != nil {
		return nil, err
	}
	set := content.Load(snap, content.Options{})
	hist, note := readHistory(dir, "")
	var commitTime time.Time
	if hist != nil {
		commitTime = hist.HeadTime
	}
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	now := score.Now(getenv, commitTime)
	scores := score.Compute(set, now)
	ins := insight.Compute(set, scores, false)
	docs, themes := groupInput(set)
	res := group.Analyze(docs, themes, group.Options{})
	t := &Triage{
		Suggestions: res.Suggestions,
		Clusters:    res.Clusters,
		Duplicates:  unlinked(set, res.Duplicates),
		Stale:       stale(set, hist, ins, now),
		Set:         set,
		Diagnostics: append(set.Diagnostics, scores.Diagnostics...),
	}
	if note != "" {
		t.Notes = append(t.Notes, note)
	}
	if t.Suggestions == nil {
		t.Suggestions = []group.Suggestion{}
	}
	if t.Clusters == nil {
		t.Clusters = []group.Cluster{}
	}
	return t, nil
}

// groupInput adapts the content to the grouping stage: an item's text is its
// title and body; a duplicate carries its original's themes, so that it is
// not suggested themes of its own.
func groupInput(set *content.Set) ([]group.Doc, []group.Theme) {
	return groupInputOf(set, func(*content.Item) bool { return true })
}

// groupInputOf is groupInput for the items keep accepts.
func groupInputOf(set *content.Set, keep func(*content.Item) bool) ([]group.Doc, []group.Theme) {
	docs := make([]group.Doc, 0, len(set.Items))
	for _, it := range set.Items {
		if !keep(it) {
			continue
		}
		themes := it.Themes
		if len(themes) == 0 {
			if orig := root(set, it); orig != it {
				themes = orig.Themes
			}
		}
		if len(themes) == 0 && it.DuplicateOf != "" {
			// A duplicate of an unthemed item waits for its original.
			themes = []string{"(duplicate)"}
		}
		docs = append(docs, group.Doc{ID: it.ID, Title: it.Title, Text: it.Text, Themes: themes})
	}
	themes := make([]group.Theme, 0, len(set.Themes))
	for _, th := range set.Themes {
		themes = append(themes, group.Theme{ID: th.ID, Text: th.Title + "\n" + th.Summary + "\n" + th.Text, Keywords: th.Keywords})
	}
	return docs, themes
}

// root follows duplicate_of to the original item (cycles are diagnostics
// already; it stops at the first repeat).
func root(set *content.Set, it *content.Item) *content.Item {
	seen := map[string]bool{}
	for it.DuplicateOf != "" && !seen[it.ID] {
		seen[it.ID] = true
		next := set.Item(it.DuplicateOf)
		if next == nil {
			break
		}
		it = next
	}
	return it
}

// unlinked drops the pairs the repository already records as duplicates
// (one is a duplicate of the other, or both of the same original).
func unlinked(set *content.Set, pairs []group.Duplicate) []group.Duplicate {
	out := []group.Duplicate{}
	for _, p := range pairs {
		a, b := set.Item(p.A), set.Item(p.B)
		if a != nil && b != nil && root(set, a) == root(set, b) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// stale lists open and active themes whose status has not changed for
// StaleAfter while their demand is rising. It needs git history to know when
// a status last changed; without it nothing is stale.
func stale(set *content.Set, hist *history.History, ins *insight.Insights, now time.Time) []Stale {
	out := []Stale{}
	if hist == nil {
		return out
	}
	rising := map[string]insight.Rising{}
	for _, r := range ins.Rising {
		if r.Growth > 0 {
			rising[r.Theme] = r
		}
	}
	for _, th := range set.Themes {
		r, ok := rising[th.ID]
		kind := set.StatusKind(th)
		if !ok || (kind != config.KindOpen && kind != config.KindActive) {
			continue
		}
		f := hist.Files[th.Path]
		if f == nil {
			continue
		}
		since := f.Created
		if n := len(f.Statuses); n > 0 {
			since = f.Statuses[n-1].Date
		}
		if now.Sub(since) < StaleAfter {
			continue
		}
		days := int(now.Sub(since).Hours() / 24)
		out = append(out, Stale{Theme: th.ID, Reason: fmt.Sprintf(
			"status %s unchanged since %s (%d days) while feedback rose from %d to %d in the last %d days",
			th.Status, since.Format("2006-01-02"), days, r.Previous, r.Recent, set.Config.DemandWindowDays)})
	}
	return out
}

// likelyDuplicates warns, on the newer item of each pair, about items that
// read like one another but are not linked with duplicate_of.
func likelyDuplicates(set *content.Set) diag.List {
	docs, themes := groupInput(set)
	var ds diag.List
	for _, p := range unlinked(set, group.Duplicates(docs, themes, group.Options{})) {
		a, b := set.Item(p.A), set.Item(p.B)
		if a == nil || b == nil {
			continue
		}
		newer, older := b, a
		if a.Date.After(b.Date) || (a.Date.Equal(b.Date) && a.ID > b.ID) {
			newer, older = a, b
		}
		pos := newer.Pos["title"]
		ds = append(ds, diag.Warnf(newer.Path, pos.Line, pos.Col, "likely-duplicate",
			"reads like %s (%s, similarity %.2f); if it is the same ask, add duplicate_of: %s",
			older.ID, strings.TrimSpace(older.Title), p.Similarity, older.ID))
	}
	return ds
}
