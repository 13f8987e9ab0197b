package output

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/internal/flock"
)

// A test re-runs its own binary as a build that publishes a site and, told
// to, stops at a step of Commit and waits there to be killed.
const (
	helperDir   = "HEED_OUTPUT_HELPER_DIR"   // the site folder
	helperStop  = "HEED_OUTPUT_HELPER_STOP"  // the step to stop at, if any
	helperMode  = "HEED_OUTPUT_HELPER_MODE"  // "renamed twice" for two renames
	helperSite  = "HEED_OUTPUT_HELPER_SITE"  // the version to write
	helperPages = "HEED_OUTPUT_HELPER_PAGES" // how many pages
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(helperDir); dir != "" {
		os.Exit(helper(dir))
	}
	os.Exit(m.Run())
}

// helper publishes site(version, pages) into dir, stopping for good at the
// step named in the environment after saying so on standard output.
func helper(dir string) int {
	pages, _ := strconv.Atoi(os.Getenv(helperPages))
	opts := Options{noExchange: os.Getenv(helperMode) == "renamed twice"}
	stop := Step(os.Getenv(helperStop))
	opts.Hook = func(s Step) {
		if s == stop {
			fmt.Printf("stopped at %s\n", s)
			select {} // until killed
		}
	}
	if err := writeWith(dir, opts, site(os.Getenv(helperSite), pages)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// site is a whole site of one version: every page says the version.
func site(version string, pages int) map[string][]byte {
	files := map[string][]byte{"index.html": []byte(version)}
	for i := range pages {
		files[fmt.Sprintf("feedback/%d/index.html", i)] = []byte(version)
	}
	return files
}

// helperCmd is a helper process publishing version into dir.
func helperCmd(t *testing.T, dir, version, stop, mode string, pages int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperDir+"="+dir, helperStop+"="+stop, helperMode+"="+mode,
		helperSite+"="+version, helperPages+"="+strconv.Itoa(pages))
	cmd.Stderr = os.Stderr
	return cmd
}

// whole says which version the site folder holds, failing the test when it
// is torn (files of two versions, or missing some) or foreign; "" is a
// folder of dotfiles alone, "missing" no folder.
func whole(t *testing.T, dir string, pages int, dotfiles []string) string {
	t.Helper()
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return "missing"
	}
	got := tree(t, dir)
	for _, d := range dotfiles {
		if _, ok := got[d]; !ok {
			t.Errorf("the dotfile %s is gone", d)
		}
		delete(got, d)
	}
	if len(got) == 0 || (len(got) == 1 && got[Marker] != "") {
		return ""
	}
	version := got["index.html"]
	want := site(version, pages)
	want[Marker] = []byte(markerText)
	if version == "" || len(got) != len(want) {
		t.Fatalf("torn site: %d files, want %d (version %q)", len(got), len(want), version)
	}
	for p, data := range want {
		if got[p] != string(data) {
			t.Fatalf("torn site: %s is %q, want %q", p, got[p], data)
		}
	}
	return version
}

func TestKilledPublish(t *testing.T) {
	if testing.Short() {
		t.Skip("starts many processes")
	}
	const pages = 50
	starts := []struct {
		name     string
		make     func(t *testing.T, dir string)
		before   string // the version whole reports before the build
		dotfiles []string
	}{
		{"no folder", func(*testing.T, string) {}, "missing", nil},
		{"a previous site", func(t *testing.T, dir string) {
			if err := Write(dir, site("v0", pages)); err != nil {
				t.Fatal(err)
			}
		}, "v0", nil},
		{"a folder holding .gitkeep", func(t *testing.T, dir string) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, ".gitkeep"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "", []string{".gitkeep"}},
	}
	for _, mode := range publishModes {
		steps := []Step{Began, Written, Swapped}
		if mode.opts.noExchange {
			steps = append(steps, Aside)
		}
		for _, start := range starts {
			for _, step := range steps {
				if step == Aside && start.before == "missing" {
					continue // nothing to move aside
				}
				t.Run(fmt.Sprintf("%s, %s, killed at %s", start.name, mode.name, step), func(t *testing.T) {
					dir := filepath.Join(t.TempDir(), "site")
					start.make(t, dir)
					cmd := helperCmd(t, dir, "v1", string(step), mode.name, pages)
					out, err := cmd.StdoutPipe()
					if err != nil {
						t.Fatal(err)
					}
					if err := cmd.Start(); err != nil {
						t.Fatal(err)
					}
					line, _ := bufio.NewReader(out).ReadString('\n')
					if line != "stopped at "+string(step)+"\n" {
						cmd.Process.Kill()
						cmd.Wait()
						t.Fatalf("the helper said %q", line)
					}
					if err := cmd.Process.Kill(); err != nil { // kill -9
						t.Fatal(err)
					}
					cmd.Wait()

					got := whole(t, dir, pages, start.dotfiles)
					switch {
					case (step == Began || step == Written) && got != start.before:
						t.Errorf("killed before publishing: the folder holds %q, want it as it was (%q)", got, start.before)
					case step == Swapped && got != "v1":
						t.Errorf("killed after publishing: the folder holds %q, want v1", got)
					case step == Aside && got != "missing":
						t.Errorf("killed between two renames: the folder holds %q", got)
					}

					// The next build puts things right and leaves nothing
					// beside the folder; one that fails leaves the
					// previous site in place.
					if err := writeWith(dir, mode.opts, map[string][]byte{"a": nil, "a/b": nil}); err == nil {
						t.Fatal("the impossible site was written")
					}
					after := whole(t, dir, pages, start.dotfiles)
					if want := map[bool]string{true: start.before, false: got}[step == Aside]; after != want {
						t.Errorf("after a failed build the folder holds %q, want %q", after, want)
					}
					if err := writeWith(dir, mode.opts, site("v2", pages)); err != nil {
						t.Fatal(err)
					}
					if got := whole(t, dir, pages, start.dotfiles); got != "v2" {
						t.Errorf("the next build published %q", got)
					}
					if s := siblings(t, dir); !slices.Equal(s, []string{"site"}) {
						t.Errorf("left beside the folder after the next build: %v", s)
					}
				})
			}
		}
	}
}

func TestConcurrentPublish(t *testing.T) {
	if testing.Short() {
		t.Skip("starts many processes")
	}
	if !flock.Supported {
		t.Skip("no file locks on this platform")
	}
	const pages, builds = 200, 6
	dir := filepath.Join(t.TempDir(), "site")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".gitkeep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// A reader looks at the folder all along: it is never missing, and
	// once a site is there, it stays there.
	var stop atomic.Bool
	var looks, missing, lost atomic.Int64
	var reader sync.WaitGroup
	reader.Go(func() {
		seen := false
		for !stop.Load() {
			looks.Add(1)
			if _, err := os.Lstat(dir); err != nil {
				missing.Add(1)
			}
			_, err := os.Stat(filepath.Join(dir, "index.html"))
			if err == nil {
				seen = true
			} else if seen {
				lost.Add(1)
			}
		}
	})
	var cmds []*exec.Cmd
	for i := range builds {
		cmd := helperCmd(t, dir, fmt.Sprintf("v%d", i+1), "", "", pages)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("a build failed: %v", err)
		}
	}
	stop.Store(true)
	reader.Wait()
	if got := whole(t, dir, pages, []string{".gitkeep"}); !strings.HasPrefix(got, "v") {
		t.Errorf("after %d builds the folder holds %q", builds, got)
	}
	if s := siblings(t, dir); !slices.Equal(s, []string{"site"}) {
		t.Errorf("left beside the folder: %v", s)
	}
	if missing.Load() > 0 || lost.Load() > 0 {
		t.Errorf("in %d looks, the folder was missing %d times and the site gone %d times", looks.Load(), missing.Load(), lost.Load())
	}
}

func TestLock(t *testing.T) {
	if !flock.Supported {
		t.Skip("no file locks on this platform")
	}
	dir := filepath.Join(t.TempDir(), "site")
	first, err := Begin(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Write("index.html", []byte("first")); err != nil {
		t.Fatal(err)
	}
	waiting := make(chan struct{})
	second := make(chan error, 1)
	go func() {
		w, err := Begin(dir, Options{Waiting: func() { close(waiting) }})
		if err == nil {
			if err = w.Write("index.html", []byte("second")); err == nil {
				err = w.Commit()
			}
		}
		second <- err
	}()
	<-waiting
	time.Sleep(20 * time.Millisecond)
	select {
	case err := <-second:
		t.Fatalf("the second build went ahead while the first held the lock: %v", err)
	default:
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dir)["index.html"]; got != "second" {
		t.Errorf("index.html = %q, want the second build's", got)
	}
	if s := siblings(t, dir); !slices.Equal(s, []string{"site"}) {
		t.Errorf("left beside the folder: %v", s)
	}
}

func TestSweep(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	mk := func(name string, files map[string]string) {
		t.Helper()
		for f, text := range files {
			p := filepath.Join(parent, name, f)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	marker := map[string]string{Marker: markerText, "index.html": "left"}
	mk(".site.new-123", marker)                                // an interrupted build's
	mk(".site.old-456", marker)                                // a previous site moved aside
	mk(".site.new-789", map[string]string{"notes.md": "mine"}) // no marker: not heed's
	mk(".blog.new-123", marker)                                // another folder's
	mk("site.new-123", marker)                                 // not named as heed names them
	if err := os.WriteFile(filepath.Join(parent, ".site.new-file"), []byte(markerText), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, map[string][]byte{"index.html": []byte("new")}); err != nil {
		t.Fatal(err)
	}
	want := []string{".blog.new-123", ".site.new-789", ".site.new-file", "site", "site.new-123"}
	if s := siblings(t, dir); !slices.Equal(s, want) {
		t.Errorf("beside the folder: %v, want %v", s, want)
	}

	t.Run("a previous site left aside while the folder is missing goes back", func(t *testing.T) {
		parent = t.TempDir()
		dir := filepath.Join(parent, "site")
		mk(".site.old-456", marker)
		w, err := Begin(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		w.Abort()
		if got := tree(t, dir)["index.html"]; got != "left" {
			t.Errorf("index.html = %q, want the previous site's", got)
		}
		if s := siblings(t, dir); !slices.Equal(s, []string{"site"}) {
			t.Errorf("beside the folder: %v", s)
		}
	})
}

func TestAbortWhileWriting(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if err := Write(dir, map[string][]byte{"index.html": []byte("old")}); err != nil {
		t.Fatal(err)
	}
	w, err := Begin(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var written atomic.Int64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				err := w.Write(fmt.Sprintf("p/%d/%d/index.html", g, i), []byte("new"))
				if errors.Is(err, ErrAborted) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				written.Add(1)
			}
		})
	}
	for written.Load() < 100 {
		time.Sleep(time.Millisecond)
	}
	w.Abort() // as a signal handler does, while pages are being written
	wg.Wait()
	if err := w.Commit(); !errors.Is(err, ErrAborted) {
		t.Errorf("Commit after Abort: %v", err)
	}
	if got := tree(t, dir); got["index.html"] != "old" || len(got) != 2 {
		t.Errorf("the previous site changed: %d files", len(got))
	}
	if s := siblings(t, dir); !slices.Equal(s, []string{"site"}) {
		t.Errorf("left beside the folder: %v", s)
	}
}
