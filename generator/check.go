// Package generator is heed's library as its commands use it: Build,
// Check, TriageRepo, New, Load and Init read a feedback repository (from
// the working tree or a revision) and hand it to package pipeline, which
// computes every stage's value; Build then renders and writes the site.
package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/go-git/go-git/v5"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/pipeline"
	"github.com/heedhq/heed/generator/publish"
	"github.com/heedhq/heed/generator/source"
)

// CheckOptions tunes Check.
type CheckOptions struct {
	// Config is the configuration file to use instead of DIR/heed.yaml.
	Config string
	// Ref reads every file from this revision (branch, tag or hash) of the
	// git repository instead of the working tree.
	Ref string
	// ChangedSince reports only the problems of files changed (added,
	// modified, renamed) between this revision and the files checked, and the
	// problems those changes cause in other files (an item still naming a
	// deleted theme). The whole repository is read, so references resolve.
	ChangedSince string
}

// CheckResult is what a check found.
type CheckResult struct {
	Set         *content.Set
	Diagnostics diag.List
}

// Summary is the one-line account of a check, its feedback counted in the
// words the site and heed build use: "101 pieces of feedback (84
// published, 12 not published, 5 private), 12 themes: 0 errors, 1 warning".
func (r *CheckResult) Summary() string {
	errs, warns := r.Diagnostics.Count()
	return fmt.Sprintf("%s, %s: %s, %s", publish.Count(r.Set), diag.Plural(len(r.Set.Themes), "theme"),
		diag.Plural(errs, "error"), diag.Plural(warns, "warning"))
}

// Check reads and validates the repository at dir. The error is for a
// repository that cannot be read at all; problems in files are diagnostics.
func Check(dir string, opts CheckOptions) (*CheckResult, error) {
	var repo *git.Repository
	var prefix string
	if opts.Ref != "" || opts.ChangedSince != "" {
		var err error
		if repo, prefix, err = pipeline.OpenRepository(dir); err != nil {
			option := "ChangedSince"
			if opts.Ref != "" {
				option = "Ref"
			}
			return nil, diag.Option(option, err)
		}
		defer history.Close(repo)
	}
	snap, err := read(dir, opts.Config, repo, opts.Ref, "Ref", prefix)
	if err != nil {
		return nil, err
	}
	set, ds := diagnose(snap)
	if opts.ChangedSince != "" {
		base, err := read(dir, opts.Config, repo, opts.ChangedSince, "ChangedSince", prefix)
		if err != nil {
			return nil, err
		}
		ds = onlyChanged(base, snap, ds)
	}
	return &CheckResult{Set: set, Diagnostics: ds}, nil
}

// diagnose returns the problems of a snapshot's content and the likely
// duplicates among its items, sorted, and the content.
func diagnose(snap *source.Snapshot) (*content.Set, diag.List) {
	v := pipeline.New(pipeline.Options{Need: pipeline.Check, Internal: true, Content: content.Options{RawText: true}, KeepGoing: true}).
		Run(pipeline.Input{Snapshot: snap})
	ds := append(v.Diagnostics, pipeline.DuplicateWarnings(v.Set, v.Groups().Duplicates)...)
	ds.Sort()
	return v.Set, ds
}

// onlyChanged keeps the diagnostics of the files changed between base and
// now, and those of other files that base did not have (problems the change
// caused elsewhere).
func onlyChanged(base, now *source.Snapshot, ds diag.List) diag.List {
	changed, _ := source.Changed(base, now)
	inChanged := make(map[string]bool, len(changed))
	for _, p := range changed {
		inChanged[p] = true
	}
	before := map[diag.Diagnostic]bool{}
	_, old := diagnose(base)
	for _, d := range old {
		before[d] = true
	}
	var out diag.List
	for _, d := range ds {
		if inChanged[d.Path] || !before[d] {
			out = append(out, d)
		}
	}
	return out
}

// read reads the repository's files, from the working tree or, when rev is
// set, from that commit, with the configuration file replaced by cfgPath when
// one is given (the option Config). revOption names the option rev was
// given as, for its errors.
func read(dir, cfgPath string, repo *git.Repository, rev, revOption, prefix string) (*source.Snapshot, error) {
	var snap *source.Snapshot
	var err error
	if rev != "" {
		if snap, err = source.ReadCommit(repo, rev, prefix); err != nil {
			return nil, diag.Option(revOption, err)
		}
	} else {
		snap, err = source.ReadDir(dir)
	}
	if err != nil {
		return nil, err
	}
	if cfgPath == "" {
		return snap, nil
	}
	data, err := os.ReadFile(cfgPath)
	if err != nil {
		return nil, diag.Option("Config", err)
	}
	f, ds := source.Check(source.File{Path: filepath.ToSlash(cfgPath), Kind: source.Config, Data: data})
	snap.Files = slices.DeleteFunc(snap.Files, func(f source.File) bool { return f.Kind == source.Config })
	if ds != nil {
		snap.Diagnostics = append(snap.Diagnostics, ds...)
		return snap, nil
	}
	snap.Files = append(snap.Files, f)
	return snap, nil
}
