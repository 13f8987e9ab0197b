package generator

import (
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/group"
	"github.com/heedhq/heed/generator/insight"
	"github.com/heedhq/heed/generator/pipeline"
)

// Triage is what a product manager looks at: suggested themes for untriaged
// items, emerging clusters, likely duplicates and stale themes. Its JSON is
// the "Triage output" contract of DESIGN.md.
type Triage struct {
	Suggestions []group.Suggestion `json:"suggestions"`
	Clusters    []group.Cluster    `json:"clusters"`
	Duplicates  []group.Duplicate  `json:"duplicates"`
	Stale       []insight.Stale    `json:"stale"`

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
// Private items take part (triage is the team's view), and so do files
// with errors: the report covers what could be read.
func TriageRepo(dir string, opts TriageOptions) (*Triage, error) {
	hist := pipeline.StartHistory(dir, "")
	defer hist.Wait()
	snap, err := read(dir, opts.Config, nil, "", "", "")
	if err != nil {
		return nil, err
	}
	v := pipeline.New(pipeline.Options{Need: pipeline.Triage, Internal: true, KeepGoing: true, Getenv: opts.Getenv}).
		Run(pipeline.Input{Snapshot: snap, History: hist})
	g := v.Groups()
	t := &Triage{
		Suggestions: g.Suggestions,
		Clusters:    g.Clusters,
		Duplicates:  g.Duplicates,
		Stale:       v.Stale,
		Set:         v.Set,
		Diagnostics: v.Diagnostics,
		Notes:       v.Notes,
	}
	if t.Suggestions == nil {
		t.Suggestions = []group.Suggestion{}
	}
	if t.Clusters == nil {
		t.Clusters = []group.Cluster{}
	}
	return t, nil
}
