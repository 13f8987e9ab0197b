// Package generator wires heed's pipeline stages: it reads a feedback
// repository (source), parses and validates it (content), and, for a build,
// scores, groups and renders it.
package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/source"
)

// CheckOptions tunes Check.
type CheckOptions struct {
	// Config is the configuration file to use instead of DIR/heed.yaml.
	Config string
	// Paths, when set, keeps only the diagnostics of these repository-relative
	// files (the whole repository is still read, so references resolve).
	Paths []string
}

// CheckResult is what a check found.
type CheckResult struct {
	Set         *content.Set
	Diagnostics diag.List
}

// Check reads and validates the repository at dir. The error is for a
// repository that cannot be read at all; problems in files are diagnostics.
func Check(dir string, opts CheckOptions) (*CheckResult, error) {
	snap, err := read(dir, opts.Config)
	if err != nil {
		return nil, err
	}
	set := content.Load(snap, content.Options{})
	ds := set.Diagnostics
	if opts.Paths != nil {
		keep := make(map[string]bool, len(opts.Paths))
		for _, p := range opts.Paths {
			keep[p] = true
		}
		var out diag.List
		for _, d := range ds {
			if keep[d.Path] {
				out = append(out, d)
			}
		}
		ds = out
	}
	return &CheckResult{Set: set, Diagnostics: ds}, nil
}

// read reads the repository's files, with the configuration file replaced
// by cfgPath when one is given on the command line.
func read(dir, cfgPath string) (*source.Snapshot, error) {
	snap, err := source.ReadDir(dir)
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
