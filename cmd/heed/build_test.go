package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runBuild runs `heed build` with args and returns its exit status and
// its standard error.
func runBuild(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	root := newRootCmd(&stdout, &stderr)
	registered := false
	for _, c := range root.Commands() {
		registered = registered || c.Name() == "build"
	}
	if !registered {
		root.AddCommand(newBuildCmd())
	}
	root.SetArgs(append([]string{"build"}, args...))
	code := exitOK
	if err := root.Execute(); err != nil {
		code = exitFailure
		ee, ok := err.(*exitError)
		if ok {
			code = ee.code
		}
		if !ok || ee.err != nil {
			fmt.Fprintln(&stderr, "heed:", err)
		}
	}
	return code, stderr.String()
}

func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var cliRepo = map[string]string{
	"heed.yaml":     "title: Acme roadmap\n",
	"themes/sso.md": "---\ntitle: Single sign-on\nstatus: planned\n---\nLog in with the company identity provider.\n",
	"feedback/a.md": "---\ntitle: We need SSO\ndate: 2026-10-01\nsource: sales\ntype: request\nthemes: [sso]\n---\nOur IT team insists on it.\n",
	"feedback/b.md": "---\ntitle: Export is slow\ndate: 2026-10-02\nsource: support\ntype: bug\n---\nIt takes minutes.\n",
}

func TestBuildCommand(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1795392000")
	t.Run("writes the site and a summary", func(t *testing.T) {
		dir := writeRepo(t, cliRepo)
		code, stderr := runBuild(t, dir)
		if code != exitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		if !strings.Contains(stderr, "heed: built ") || !strings.Contains(stderr, "from 1 theme and 2 pieces of feedback, none of them published, in ") {
			t.Errorf("no one-line summary in:\n%s", stderr)
		}
		for _, f := range []string{"index.html", "themes/sso/index.html", ".heed-site"} {
			if _, err := os.Stat(filepath.Join(dir, "site", f)); err != nil {
				t.Errorf("site/%s: %v", f, err)
			}
		}
	})
	t.Run("errors in the repository exit 1 and write nothing", func(t *testing.T) {
		files := map[string]string{"feedback/bad.md": "---\ntitle: No date\nsource: sales\ntype: bug\n---\n"}
		for k, v := range cliRepo {
			files[k] = v
		}
		dir := writeRepo(t, files)
		code, stderr := runBuild(t, dir)
		if code != exitProblems {
			t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
		}
		if !strings.Contains(stderr, "feedback/bad.md") || !strings.Contains(stderr, "the site was not written") {
			t.Errorf("stderr does not name the problem:\n%s", stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "site")); !os.IsNotExist(err) {
			t.Errorf("site folder exists after a failed build: %v", err)
		}
	})
	t.Run("a folder not made by heed is refused with exit 2", func(t *testing.T) {
		dir := writeRepo(t, cliRepo)
		out := filepath.Join(dir, "docs")
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stderr := runBuild(t, dir, "--out", out)
		if code != exitFailure || !strings.Contains(stderr, "not made by heed") {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		if data, _ := os.ReadFile(filepath.Join(out, "notes.txt")); string(data) != "mine" {
			t.Error("the folder's file was touched")
		}
	})
	t.Run("base URL and internal flags", func(t *testing.T) {
		dir := writeRepo(t, cliRepo)
		code, stderr := runBuild(t, dir, "--base-url", "https://example.org/acme/roadmap/", "--internal", "--out", filepath.Join(dir, "team"))
		if code != exitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		if !strings.Contains(stderr, "do not publish") {
			t.Errorf("no warning about an internal build:\n%s", stderr)
		}
		page, _ := os.ReadFile(filepath.Join(dir, "team", "index.html"))
		if !strings.Contains(string(page), `href="/acme/roadmap/roadmap/"`) {
			t.Error("links do not carry the base path")
		}
	})
}

func TestBuildProgress(t *testing.T) {
	var buf bytes.Buffer
	quiet := newBuildProgress(&buf, time.Now().Add(-time.Hour))
	quiet.update(5, 10)
	quiet.finish()
	if buf.Len() != 0 {
		t.Errorf("progress written to a non-terminal: %q", buf.String())
	}

	fresh := newBuildProgress(&buf, time.Now().Add(time.Hour)) // a build that has not run for a second
	fresh.tty = true
	fresh.update(5, 10)
	if buf.Len() != 0 {
		t.Errorf("progress shown before a second passed: %q", buf.String())
	}

	slow := newBuildProgress(&buf, time.Now().Add(-2*time.Second))
	slow.tty = true
	slow.update(10, 10)
	slow.finish()
	if got := buf.String(); got != "\rrendering pages: 10/10 (100%)\r\033[K" {
		t.Errorf("progress = %q", got)
	}
}
