// Command heed keeps customer feedback as Markdown files in a git repository
// and turns it into a roadmap and insights site. This package parses flags
// and calls the generator; it holds no logic of its own.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/heedhq/heed/generator/diag"
)

// Exit statuses: 0 clean, 1 problems found, 2 usage or I/O failure.
const (
	exitOK       = 0
	exitProblems = 1
	exitFailure  = 2
)

// exitError carries an exit status out of a command; its message, if any,
// has already been printed or is printed by run.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

// tuneGC trades memory for time in the batch commands (build, check,
// import, triage) when the user has not tuned the garbage collector: such
// a run's heap is mostly the repository's content, alive until the end, so
// collecting every time the heap doubles (Go's default) spends a fifth of
// a build marking the same objects again. The memory limit makes the
// collector work harder before a large repository's heap reaches it,
// instead of growing five-fold. heed serve, which keeps running and keeps
// sites, stays with Go's defaults.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// The collector's settings when the environment sets none (see tuneGC).
const (
	gcPercent = 400
	// memoryLimit keeps a 100,000-item build under 1 GiB of resident
	// memory: its live heap peaks near 510 MiB, and the pack files the
	// history walk maps are let go of as it reads (pack.Set), so resident
	// memory stays within about 10 MiB of the limit (808-813 MiB measured
	// with GNU time). 900 MiB made no difference to the build's time (3
	// alternating pairs) and took 100 MiB more. Smaller repositories never
	// reach it.
	memoryLimit = 800 << 20
)

// problems is returned by a command that ran but found errors (exit 1).
var errProblems = &exitError{code: exitProblems}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the CLI with args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdout, stderr)
}

// runContext is run with a context for the commands (tests put hooks in it).
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "heed:", ee.err)
		}
		return ee.code
	}
	// Anything else is a usage error (unknown flag, wrong arguments) or an
	// I/O failure: both exit 2.
	fmt.Fprintln(stderr, "heed:", err)
	return exitFailure
}

// failure wraps an I/O or usage error for exit status 2. An error about
// one of the library's options names the flag that sets it.
func failure(err error) error { return &exitError{code: exitFailure, err: withFlag(err)} }

// flagOf names, by the field of the library's options it sets, each flag
// whose value the library may reject.
var flagOf = map[string]string{
	"Ref": "--ref", "ChangedSince": "--changed-since", "Config": "--config",
	"Source": "--source", "Type": "--type", "Themes": "--theme", "Customer": "--customer",
	"Columns": "--map", "DateFormat": "--date-format", "Encoding": "--encoding",
	"Delimiter": "--delimiter", "Folder": "--folder", "Origin": "--origin", "Preset": "--preset",
	"Since": "--since", "To": "--to", "Public": "--public",
}

// withFlag says an error about one option of the library (and nothing
// more) as the flag that set it: "--ref: v9: unknown revision".
func withFlag(err error) error {
	if oe, ok := err.(*diag.OptionError); ok {
		if flag := flagOf[oe.Option]; flag != "" {
			return fmt.Errorf("%s: %w", flag, oe.Err)
		}
	}
	return err
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "heed",
		Short: "Customer feedback in git, turned into a roadmap",
		Long: `heed keeps customer feedback as Markdown files with front matter in a git
repository, validates them, scores them, groups them into themes and renders a
static roadmap and insights site.

A feedback repository has feedback/ (one Markdown file per piece of feedback),
themes/ (one file per theme on the roadmap), customers.yaml and heed.yaml.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return failure(fmt.Errorf("%w (see heed %s --help)", err, c.Name()))
	})
	root.PersistentFlags().String("config", "", "configuration file (default DIR/heed.yaml)")
	for _, c := range commands() {
		root.AddCommand(c)
	}
	return root
}
