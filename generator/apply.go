package generator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/group"
	"github.com/heedhq/heed/generator/source"
)

// DefaultMinConfidence is the confidence from which `heed triage --apply`
// files an item under its top suggestion (see group.ApplyConfidence).
const DefaultMinConfidence = group.ApplyConfidence

// Applied is a theme written, or to be written, into an item.
type Applied struct {
	Item       string  `json:"item"`
	Path       string  `json:"path"`
	Theme      string  `json:"theme"`
	Confidence float64 `json:"confidence"`
}

// ApplyOptions tunes ApplySuggestions.
type ApplyOptions struct {
	// MinConfidence is the least confidence applied; zero selects
	// DefaultMinConfidence.
	MinConfidence float64
	// DryRun writes nothing: the result says what would be written.
	DryRun bool
}

// ApplySuggestions files each unthemed item of the triage report whose top
// suggestion reaches the confidence under that theme, by rewriting the
// item's `themes` key in its file under dir and nothing else (see
// content.SetThemes). Each file is replaced atomically. Items it cannot
// edit (a symbolic link, front matter the editor will not rewrite) are
// left as they are, each with a warning. It returns what it applied, in
// item order.
func ApplySuggestions(dir string, t *Triage, opts ApplyOptions) ([]Applied, diag.List, error) {
	minConf := opts.MinConfidence
	if minConf <= 0 {
		minConf = DefaultMinConfidence
	}
	var done []Applied
	var ds diag.List
	swept := map[string]bool{}
	now := time.Now()
	for _, s := range t.Suggestions {
		if len(s.Themes) == 0 || s.Themes[0].Confidence < minConf {
			continue
		}
		it := t.Set.Item(s.Item)
		if it == nil || len(it.Themes) > 0 || it.DuplicateOf != "" {
			continue
		}
		a := Applied{Item: it.ID, Path: it.Path, Theme: s.Themes[0].ID, Confidence: s.Themes[0].Confidence}
		full := filepath.Join(dir, filepath.FromSlash(it.Path))
		if folder := filepath.Dir(full); !opts.DryRun && !swept[folder] {
			source.SweepTemp(folder, now)
			swept[folder] = true
		}
		if err := setThemesIn(full, []string{a.Theme}, opts.DryRun); err != nil {
			pos := it.Pos["title"]
			ds = append(ds, diag.Warnf(it.Path, max(pos.Line, 1), max(pos.Col, 1), "apply", "themes not set to [%s]: %v", a.Theme, err))
			continue
		}
		done = append(done, a)
	}
	return done, ds, nil
}

// setThemesIn sets the themes of the item file at path, unless dryRun,
// after checking that it can.
func setThemesIn(path string, themes []string, dryRun bool) error {
	st, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return errors.New("not a regular file (a symbolic link is never rewritten)")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := content.SetThemes(data, themes)
	if err != nil {
		return err
	}
	if dryRun {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), source.TempPattern)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
