package generator

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/loop"
	"github.com/heedhq/heed/generator/output"
	"github.com/heedhq/heed/generator/pipeline"
	"github.com/heedhq/heed/generator/publish"
	"github.com/heedhq/heed/generator/source"
)

// LoopOptions tunes Loop.
type LoopOptions struct {
	// Since is the earlier revision (a release tag, a branch, a hash):
	// themes whose status differs between it and To are reported.
	Since string
	// To is the later revision; "" is HEAD. Changes not committed are
	// not in the report: it says what git says.
	To string
	// Config is the configuration file to use instead of heed.yaml.
	Config string
}

// LoopResult is heed loop's report and what it was made from.
type LoopResult struct {
	Report *loop.Report
	// BaseURL is the site's address (heed.yaml at To), for links.
	BaseURL string
	// Diagnostics are the problems of the content at To: the report
	// covers the files that could be read.
	Diagnostics diag.List
	// Notes say what of git history is missing (dates may be).
	Notes []string
	// Published is what a public build shows of the content at To: the
	// release notes draft takes its themes' words from it.
	Published *publish.Content
}

// ErrNoHistory is returned by Loop outside a git repository.
var ErrNoHistory = errors.New("heed loop compares two revisions: it needs the git repository of the feedback")

// Loop reports the themes whose status changed between two revisions of
// the repository at dir and the feedback behind each, with the customers'
// contacts (see package loop). Both revisions are read from git, without
// a checkout.
func Loop(dir string, opts LoopOptions) (*LoopResult, error) {
	if opts.Since == "" {
		return nil, diag.Option("Since", errors.New("say which revision to compare with: a release tag, a branch or a commit"))
	}
	to := cmp.Or(opts.To, "HEAD")
	repo, prefix, err := pipeline.OpenRepository(dir)
	if errors.Is(err, history.ErrNotRepository) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNoHistory)
	}
	if err != nil {
		return nil, err
	}
	defer history.Close(repo)
	hist := pipeline.StartHistory(dir, to)
	defer hist.Wait()
	snap, err := read(dir, opts.Config, repo, to, "To", prefix)
	if err != nil {
		return nil, err
	}
	base, err := read(dir, opts.Config, repo, opts.Since, "Since", prefix)
	if err != nil {
		return nil, err
	}
	// Only the earlier revision's themes (and statuses) matter.
	base.Files = slices.DeleteFunc(base.Files, func(f source.File) bool { return f.Kind != source.Theme && f.Kind != source.Config })
	now := content.Load(snap, content.Options{RawText: true})
	before := content.Load(base, content.Options{RawText: true})
	h, note := hist.Wait()
	res := &LoopResult{Report: loop.Compute(before, now, h), BaseURL: now.Config.BaseURL, Diagnostics: now.Diagnostics,
		Published: publish.Make(now, publish.Options{})}
	if note != "" {
		res.Notes = append(res.Notes, note)
	}
	for _, d := range hist.Diagnostics() {
		res.Notes = append(res.Notes, d.Message)
	}
	return res, nil
}

// ErrInSite is returned by CheckInternalOut for a file inside a site.
var ErrInSite = errors.New("refusing to write the team's internal report (customers' contacts) into a site folder, where it would be published")

// CheckInternalOut refuses a file of internal information (contacts) that
// would be written inside the site folder of the repository at dir
// (DIR/site) or inside any folder heed build wrote.
func CheckInternalOut(dir, file string) error {
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	site, err := filepath.Abs(filepath.Join(dir, "site"))
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(site, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("%s: %w (%s)", file, ErrInSite, site)
	}
	if s := output.SiteAround(abs); s != "" {
		return fmt.Errorf("%s: %w (%s)", file, ErrInSite, s)
	}
	return nil
}
