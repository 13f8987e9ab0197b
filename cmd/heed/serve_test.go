package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
	"time"
)

// TestServeCtrlC: heed serve prints the address it serves the site on, and
// Ctrl-C (SIGINT) stops it cleanly, exit status 0, within a second, even
// with a page listening for reloads.
func TestServeCtrlC(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on Windows")
	}
	heed, err := exec.LookPath("heed") // the test binary, put in PATH by TestMain
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, text := range map[string]string{
		"heed.yaml":          "title: Acme roadmap\n",
		"themes/export.md":   "---\ntitle: Exports that finish\nstatus: planned\n---\nBig exports time out.\n",
		"feedback/export.md": "---\ntitle: Export times out\ndate: 2026-05-01\nsource: support\ntype: bug\nthemes: [export]\n---\nIt fails.\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(heed, "serve", "--port", "0", dir)
	// Under -race the race detector waits a second before a process exits.
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1779840000", "GORACE=atexit_sleep_ms=0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		serving := regexp.MustCompile(`^heed: serving (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)$`)
		for sc.Scan() {
			if m := serving.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	var url string
	select {
	case url = <-addr:
	case <-time.After(30 * time.Second):
		t.Fatal("heed serve printed no address in 30 s")
	}
	res, err := http.Get(url + "themes/export/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET themes/export/: %s", res.Status)
	}
	events, err := http.Get(url + "__heed/events?path=/themes/export/&etag=x")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()

	start := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("heed serve after Ctrl-C: %v, want exit status 0", err)
		}
		d := time.Since(start)
		t.Logf("stopped %s after Ctrl-C", d.Round(time.Millisecond))
		if d > time.Second {
			t.Errorf("heed serve took %s to stop, want within a second", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("heed serve did not stop within 10 s of Ctrl-C")
	}
}
