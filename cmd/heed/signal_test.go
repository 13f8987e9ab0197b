package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/output"
)

// TestBuildSignalled interrupts heed build (SIGINT as Ctrl-C sends it,
// SIGTERM as CI runners and container runtimes do) at each step of
// publishing. Stopped while writing pages, it removes what it wrote and
// leaves the previous site; stopped while publishing, it finishes
// publishing. Either way nothing is left beside the site folder.
func TestBuildSignalled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts heed processes")
	}
	if _, err := exec.LookPath("heed-stopping"); err != nil {
		t.Skip("heed-stopping is not on PATH: ", err)
	}
	cases := []struct {
		at        output.Step
		published bool
		status    int
		stderr    string
	}{
		{output.Began, false, exitFailure, "heed: stopped: the site was not written and site is as it was"},
		{output.Written, true, exitOK, "heed: built "},
		{output.Swapped, true, exitOK, "heed: built "},
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		for _, c := range cases {
			t.Run(sig.String()+" at "+string(c.at), func(t *testing.T) {
				dir := writeRepo(t, cliRepo)
				if err := os.MkdirAll(filepath.Join(dir, "site"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "site", ".gitkeep"), nil, 0o644); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command("heed-stopping", "build")
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "HEED_TEST_STOP_AT="+string(c.at), "SOURCE_DATE_EPOCH=1795392000")
				errPipe, err := cmd.StderrPipe()
				if err != nil {
					t.Fatal(err)
				}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				lines := bufio.NewScanner(errPipe)
				var said []string
				for lines.Scan() {
					said = append(said, lines.Text())
					if lines.Text() == "heed-stopping: at "+string(c.at) {
						break
					}
				}
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				for lines.Scan() {
					said = append(said, lines.Text())
				}
				done := make(chan error, 1)
				go func() { done <- cmd.Wait() }()
				select {
				case <-done:
				case <-time.After(30 * time.Second):
					cmd.Process.Kill()
					t.Fatalf("heed build did not stop; it said:\n%s", strings.Join(said, "\n"))
				}
				if got := cmd.ProcessState.ExitCode(); got != c.status {
					t.Errorf("exit status %d, want %d; it said:\n%s", got, c.status, strings.Join(said, "\n"))
				}
				if !slices.ContainsFunc(said, func(l string) bool { return strings.HasPrefix(l, c.stderr) }) {
					t.Errorf("it did not say %q; it said:\n%s", c.stderr, strings.Join(said, "\n"))
				}
				entries, err := os.ReadDir(filepath.Join(dir, "site"))
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				published := slices.Contains(names, "index.html")
				if published != c.published || !slices.Contains(names, ".gitkeep") {
					t.Errorf("site/ holds %v; published %v, want %v", names, published, c.published)
				}
				top, err := os.ReadDir(dir)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range top {
					if strings.HasPrefix(e.Name(), ".site") {
						t.Errorf("left beside site/: %s", e.Name())
					}
				}
			})
		}
	}
}
