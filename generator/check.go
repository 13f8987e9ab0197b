// Package generator wires heed's pipeline stages: it reads a feedback
// repository (source), parses and validates it (content), and, for a build,
// scores, groups and renders it.
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

// Check reads and validates the repository at dir. The error is for a
// repository that cannot be read at all; problems in files are diagnostics.
func Check(dir string, opts CheckOptions) (*CheckResult, error) {
	var repo *git.Repository
	var prefix string
	if opts.Ref != "" || opts.ChangedSince != "" {
		var err error
		if repo, prefix, err = openRepository(dir); err != nil {
			return nil, err
		}
		defer history.Close(repo)
	}
	snap, err := read(dir, opts.Config, repo, opts.Ref, prefix)
	if err != nil {
		return nil, err
	}
	set := content.Load(snap, content.Options{RawText: true})
	ds := diagnose(set)
	if opts.ChangedSince != "" {
		base, err := read(dir, opts.Config, repo, opts.ChangedSince, prefix)
		if err != nil {
			return nil, fmt.Errorf("--changed-since: %w", err)
		}
		ds = onlyChanged(base, snap, ds)
	}
	return &CheckResult{Set: set, Diagnostics: ds}, nil
}

// diagnose returns a set's problems and the likely duplicates among its
// items, sorted.
func diagnose(set *content.Set) diag.List {
	ds := append(slices.Clone(set.Diagnostics), likelyDuplicates(set)...)
	ds.Sort()
	return ds
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
	for _, d := range diagnose(content.Load(base, content.Options{RawText: true})) {
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

// openRepository opens the git repository holding dir and returns dir's
// folder relative to the repository's root ("" at the root).
func openRepository(dir string) (*git.Repository, string, error) {
	repo, err := history.Open(dir)
	if err != nil {
		return nil, "", err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return repo, "", nil // a bare repository: the feedback is at its root
	}
	abs, err := filepath.Abs(dir)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		history.Close(repo)
		return nil, "", fmt.Errorf("%s: %w", dir, err)
	}
	root, err := filepath.EvalSymlinks(wt.Filesystem.Root())
	if err != nil {
		root = wt.Filesystem.Root()
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == "." {
		rel = ""
	}
	return repo, filepath.ToSlash(rel), nil
}

// read reads the repository's files, from the working tree or, when rev is
// set, from that commit, with the configuration file replaced by cfgPath when
// one is given on the command line.
func read(dir, cfgPath string, repo *git.Repository, rev, prefix string) (*source.Snapshot, error) {
	var snap *source.Snapshot
	var err error
	if rev != "" {
		snap, err = source.ReadCommit(repo, rev, prefix)
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
		return nil, fmt.Errorf("--config: %w", err)
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
