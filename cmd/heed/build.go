package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/output"
)

func newBuildCmd() *cobra.Command {
	var out, baseURL, ref string
	var internal, strict bool
	c := &cobra.Command{
		Use:   "build [DIR]",
		Short: "Render the roadmap and insights site",
		Long: `build reads the feedback repository in DIR (default: the current folder),
validates it, scores and aggregates it, and writes the static site to DIR/site
(or --out): overview, roadmap, themes, feedback, insights, changelog, search,
feeds and a JSON API.

The site is written to a temporary folder next to the output folder and
swapped in only when every page rendered: a build with errors in the content
or in a template writes nothing and leaves the previous site as it was. An
output folder that is not empty and was not written by heed is refused.

The build is public by default: private feedback, customer names (unless
publish.customers is set in heed.yaml) and contacts appear in no file.
--internal builds the team's view with private feedback and customer names;
never publish it.

Dates are measured from SOURCE_DATE_EPOCH when it is set, else from the time of
the checked-out commit: the same repository builds the same bytes. --ref builds
the site from any revision's files without checking it out: the roadmap as it
was on that day.

Exit status: 0 built, 1 errors in the repository or its templates (or warnings
with --strict), 2 usage or I/O failure.`,
		Example: `  heed build
  heed build ../feedback --out public
  heed build --base-url https://example.org/acme/roadmap/
  heed build --internal --out /tmp/team-roadmap
  heed build --ref v2026.03 --out /tmp/roadmap-in-march`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			tuneGC(os.Getenv)
			cfgPath, _ := cmd.Flags().GetString("config")
			stderr := cmd.ErrOrStderr()
			prog := newBuildProgress(stderr, time.Now())
			ctx, stop := interruptible(cmd.Context())
			defer stop()
			res, err := generator.Build(dirArg(args), generator.BuildOptions{
				Out: out, Config: cfgPath, BaseURL: baseURL, Internal: internal, Strict: strict, Ref: ref,
				Progress: prog.update, Context: ctx,
				Output: output.Options{
					Waiting: func() {
						prog.finish()
						fmt.Fprintf(stderr, "heed: another heed build is writing %s; waiting for it to finish\n", outLabel(dirArg(args), out))
					},
					Hook: stepHook(cmd.Context(), ctx),
				},
			})
			prog.finish()
			if res != nil {
				if werr := diag.Write(stderr, res.Diagnostics, "text"); werr != nil {
					return failure(werr)
				}
				for _, n := range res.Notes {
					fmt.Fprintln(stderr, "heed:", n)
				}
			}
			switch {
			case err != nil && ctx.Err() != nil:
				return failure(fmt.Errorf("stopped: the site was not written and %s is as it was", outLabel(dirArg(args), out)))
			case errors.Is(err, generator.ErrInvalid):
				errs, warns := res.Diagnostics.Count()
				fmt.Fprintf(stderr, "heed: %s, %s: the site was not written\n", diag.Plural(errs, "error"), diag.Plural(warns, "warning"))
				return errProblems
			case err != nil:
				return failure(err)
			}
			fmt.Fprintf(stderr, "heed: %s into %s\n", res.Summary(), res.Out)
			if internal {
				fmt.Fprintln(stderr, "heed: this is an internal build with private feedback and customer names: do not publish it")
			}
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "output folder (default DIR/site)")
	c.Flags().StringVar(&baseURL, "base-url", "", "URL the site is served from, e.g. https://example.org/roadmap/ (default: baseURL in heed.yaml)")
	c.Flags().BoolVar(&internal, "internal", false, "build the team's view with private feedback and customer names")
	c.Flags().BoolVar(&strict, "strict", false, "fail on warnings too")
	c.Flags().StringVar(&ref, "ref", "", "build from this git revision (branch, tag or hash) instead of the working tree")
	return c
}

// outLabel names the output folder in messages: --out as given, else
// DIR/site.
func outLabel(dir, out string) string {
	if out != "" {
		return out
	}
	return filepath.Join(dir, "site")
}

// buildProgress shows how far rendering is on a terminal, once a build has run
// for a second; elsewhere (CI logs, pipes) it stays silent.
type buildProgress struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	start time.Time
	last  time.Time
	shown bool
}

func newBuildProgress(w io.Writer, start time.Time) *buildProgress {
	f, ok := w.(*os.File)
	tty := false
	if ok {
		if st, err := f.Stat(); err == nil {
			tty = st.Mode()&os.ModeCharDevice != 0
		}
	}
	return &buildProgress{w: w, tty: tty, start: start}
}

// update is called by the renderer from several goroutines.
func (p *buildProgress) update(done, total int) {
	if !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.start) < time.Second || (now.Sub(p.last) < 100*time.Millisecond && done < total) {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprintf(p.w, "\rrendering pages: %d/%d (%d%%)", done, total, 100*done/max(total, 1))
}

// finish clears the progress line.
func (p *buildProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
