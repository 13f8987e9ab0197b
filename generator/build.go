package generator

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/output"
	"github.com/heedhq/heed/generator/pipeline"
	"github.com/heedhq/heed/generator/publish"
	"github.com/heedhq/heed/generator/render"
)

// BuildOptions tunes Build.
type BuildOptions struct {
	// Out is the site folder; "" means DIR/site.
	Out string
	// Config is the configuration file to use instead of DIR/heed.yaml.
	Config string
	// BaseURL overrides heed.yaml's baseURL.
	BaseURL string
	// Internal builds the team's view with private feedback and customer
	// names. Never publish it.
	Internal bool
	// Strict fails the build on warnings too.
	Strict bool
	// Ref builds the site from this git revision (branch, tag or hash)
	// instead of the working tree: the roadmap as it was then.
	Ref string
	// Getenv reads the environment (SOURCE_DATE_EPOCH); nil is os.Getenv.
	Getenv func(string) string
	// Progress, when set, is told how far rendering is (pages done of
	// total). It may be called from several goroutines.
	Progress func(done, total int)
	// Context, when set, stops the build once it is done (Ctrl-C): the
	// build returns its error, having removed what it wrote, and the
	// previous site stays as it was.
	Context context.Context
	// Output tunes how the site is published: Waiting is told when another
	// build is writing the same folder (this one waits for it), Hook is for
	// tests that interrupt a publish.
	Output output.Options
}

// BuildResult says what a build did.
type BuildResult struct {
	// Diagnostics are the repository's problems (and template problems).
	Diagnostics diag.List
	// Out is the folder written (absolute).
	Out string
	// Pages is the number of HTML pages, Files of all files written.
	Pages, Files int
	// Bytes is the total size of the files.
	Bytes int64
	// Feedback counts the repository's feedback by what a public build
	// shows of it; Themes counts the themes.
	Feedback publish.Tally
	Themes   int
	// Internal says the site is the team's view, which shows everything.
	Internal bool
	// Now is the moment the site describes.
	Now time.Time
	// Elapsed is how long the build took.
	Elapsed time.Duration
	// Notes are things the user should know that are not problems in the
	// repository, such as git history being unavailable or shallow.
	Notes []string
}

// Summary is the one-line account of a build, its feedback counted in the
// words heed check uses.
func (r *BuildResult) Summary() string {
	feedback := r.Feedback.Built(r.Internal)
	if strings.Contains(feedback, ",") {
		feedback += "," // "..., 17 of them not published (5 private), in 360ms"
	}
	return fmt.Sprintf("built %s (%s, %s) from %s and %s in %s", diag.Plural(r.Pages, "page"), diag.Plural(r.Files, "file"),
		humanBytes(r.Bytes), diag.Plural(r.Themes, "theme"), feedback, r.Elapsed.Round(time.Millisecond))
}

// ErrInvalid is returned when the repository (or a template) has errors:
// nothing is written and the previous site stays as it was.
var ErrInvalid = errors.New("the repository has errors; the site was not written")

// Build reads the repository at dir, validates it, renders the site and
// writes it to the output folder atomically. With errors in the content or
// templates it writes nothing and returns ErrInvalid with the diagnostics
// in the result; other errors (unreadable repository, output folder not
// made by heed, disk full) leave the previous site untouched as well.
func Build(dir string, opts BuildOptions) (*BuildResult, error) {
	start := time.Now()
	res := &BuildResult{}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join(dir, "site")
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return res, err
	}
	res.Out = abs
	var repo *git.Repository
	var prefix string
	if opts.Ref != "" {
		if repo, prefix, err = pipeline.OpenRepository(dir); err != nil {
			return res, diag.Option("Ref", err)
		}
		defer history.Close(repo)
	}
	// The history walk reads git objects while the files are read, parsed
	// and scored.
	hist := pipeline.StartHistory(dir, opts.Ref)
	defer hist.Wait()
	snap, err := read(dir, opts.Config, repo, opts.Ref, "Ref", prefix)
	if err != nil {
		return res, err
	}
	v := pipeline.New(pipeline.Options{
		Need: pipeline.Site, Internal: opts.Internal, Content: content.Options{HTML: true},
		Strict: opts.Strict, Getenv: opts.Getenv,
	}).Run(pipeline.Input{Snapshot: snap, History: hist})
	res.Diagnostics = v.Diagnostics
	if v.Stopped {
		return res, ErrInvalid
	}
	res.Now = v.Now
	res.Notes = append(res.Notes, v.Notes...)
	ropts := v.RenderOptions()
	ropts.BaseURL, ropts.Progress = opts.BaseURL, opts.Progress
	if err := ctx.Err(); err != nil {
		return res, err
	}
	plan := render.Prepare(v.RenderInput(), ropts)
	// v is not used past this point, so that while the site is written
	// the collector can free the parsed set (its items, their Markdown):
	// render holds only what the audience sees. That is about a fifth of
	// the live heap at 100,000 items.
	nThemes, tally := len(v.Set.Themes), v.Public.Tally
	// Pages go to disk as they are rendered, into a temporary folder that
	// replaces the site only when every file is written and no problem
	// was found.
	w, err := output.Begin(abs, opts.Output)
	if err != nil {
		return res, err
	}
	// Stopped while writing, the build removes what it wrote: writes then
	// fail, and the error said is the context's.
	defer context.AfterFunc(ctx, w.Abort)()
	site, err := plan.Emit(w.Write)
	if cerr := ctx.Err(); cerr != nil {
		w.Abort()
		return res, cerr
	}
	if err != nil {
		w.Abort()
		return res, err
	}
	res.Diagnostics = append(res.Diagnostics, site.Diagnostics...)
	res.Diagnostics.Sort()
	if res.Diagnostics.Fails(opts.Strict) {
		w.Abort()
		return res, ErrInvalid
	}
	if err := w.Commit(); err != nil {
		if cerr := ctx.Err(); errors.Is(err, output.ErrAborted) && cerr != nil {
			return res, cerr
		}
		return res, err
	}
	res.Pages, res.Files, res.Bytes = site.Pages, site.Files+1, site.Bytes
	res.Themes = nThemes
	res.Feedback, res.Internal = tally, opts.Internal
	res.Elapsed = time.Since(start)
	return res, nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
