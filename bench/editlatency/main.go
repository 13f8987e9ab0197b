// Command editlatency measures heed serve the way a writer uses it: it
// starts `heed serve` on a repository, opens one item's page the way the
// page's reload script does (an event stream naming the page and its ETag),
// saves an edit of the item's title, and times how long until the page is
// told to reload and serves the new title. It repeats the edit, restores
// the file, stops the server and prints the start-up time, the median and
// 95th percentile of the edit latency, the server's CPU time a save (on
// Linux: from the server at rest before the first save to the server at
// rest after the last), and its peak memory.
//
//	go run ./bench/editlatency [-n edits] HEED DIR
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func main() {
	os.Exit(run())
}

func run() int {
	edits := flag.Int("n", 20, "edits to time")
	pause := flag.Duration("pause", 300*time.Millisecond, "time between a page showing an edit and the next save")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: editlatency [-n edits] HEED DIR")
		return 2
	}
	heed, dir := flag.Arg(0), flag.Arg(1)
	item, err := pickItem(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "editlatency:", err)
		return 1
	}
	original, err := os.ReadFile(item)
	if err != nil {
		fmt.Fprintln(os.Stderr, "editlatency:", err)
		return 1
	}
	defer os.WriteFile(item, original, 0o644)

	start := time.Now()
	cmd := exec.Command(heed, "serve", dir, "--port", "0")
	stderr, _ := cmd.StderrPipe()
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "editlatency:", err)
		return 1
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	base, err := serverURL(stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "editlatency:", err)
		return 1
	}
	startup := time.Since(start)

	id := strings.TrimSuffix(filepath.Base(item), ".md")
	page := strings.TrimSuffix(base, "/") + "/feedback/" + id + "/"
	// The server may still render the rest of the site after it serves:
	// the CPU time counted is the saves' alone.
	cpu0 := cpuAtRest(cmd.Process.Pid)
	var times []time.Duration
	for i := range *edits {
		d, err := edit(page, item, original, i)
		if err != nil {
			fmt.Fprintln(os.Stderr, "editlatency:", err)
			return 1
		}
		times = append(times, d)
		time.Sleep(*pause)
	}
	cpu := "unknown"
	if cpu1 := cpuAtRest(cmd.Process.Pid); cpu0 >= 0 && cpu1 >= 0 {
		cpu = fmt.Sprintf("%.2f s", (cpu1-cpu0).Seconds()/float64(len(times)))
	}
	slices.Sort(times)
	fmt.Printf("startup %.3f s; edit to page p50 %.0f ms, p95 %.0f ms, max %.0f ms over %d edits; server CPU %s a save; peak RSS %s\n",
		startup.Seconds(), ms(times[len(times)/2]), ms(times[(len(times)*95+99)/100-1]), ms(times[len(times)-1]), len(times), cpu, peakRSS(cmd.Process.Pid))
	return 0
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// pickItem returns a public item in the middle of the repository's items.
func pickItem(dir string) (string, error) {
	var items []string
	filepath.WalkDir(filepath.Join(dir, "feedback"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			items = append(items, p)
		}
		return nil
	})
	slices.Sort(items)
	for i := len(items) / 2; i < len(items); i++ {
		b, err := os.ReadFile(items[i])
		if err == nil && !bytes.Contains(b, []byte("\nprivate: true")) && bytes.HasPrefix(b, []byte("---\ntitle: ")) {
			return items[i], nil
		}
	}
	return "", fmt.Errorf("no public item under %s/feedback", dir)
}

// serverURL reads heed serve's stderr until it says where it serves.
func serverURL(stderr io.Reader) (string, error) {
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "heed: serving "); ok {
			go io.Copy(io.Discard, stderr)
			return strings.Fields(rest)[0], nil
		}
	}
	return "", fmt.Errorf("heed serve stopped before serving")
}

// edit opens the page's event stream, saves a new title, and returns the
// time from the save to the page serving it.
func edit(page, item string, original []byte, i int) (time.Duration, error) {
	resp, err := http.Get(page)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	etag := strings.Trim(resp.Header.Get("ETag"), `"`)
	u, _ := url.Parse(page)
	events, err := http.Get(fmt.Sprintf("%s://%s/__heed/events?path=%s&etag=%s", u.Scheme, u.Host, url.QueryEscape(u.Path), url.QueryEscape(etag)))
	if err != nil {
		return 0, err
	}
	defer events.Body.Close()
	lines := bufio.NewReader(events.Body)
	if _, err := lines.ReadString('\n'); err != nil { // "retry: ..." : the stream is open
		return 0, err
	}
	title := fmt.Sprintf("Edited %d times", i+1)
	changed := bytes.Replace(original, []byte("---\ntitle: "), []byte("---\ntitle: "+title+", "), 1)
	if bytes.HasPrefix(original, []byte("---\ntitle: \"")) {
		changed = bytes.Replace(original, []byte("---\ntitle: \""), []byte("---\ntitle: \""+title+", "), 1)
	}
	saved := time.Now()
	if err := os.WriteFile(item, changed, 0o644); err != nil {
		return 0, err
	}
	for {
		line, err := lines.ReadString('\n')
		if err != nil {
			return 0, fmt.Errorf("event stream: %w", err)
		}
		if strings.TrimSpace(line) == "event: reload" {
			break
		}
	}
	resp, err = http.Get(page)
	if err != nil {
		return 0, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(saved)
	if !bytes.Contains(body, []byte(title)) {
		return 0, fmt.Errorf("%s: reloaded page does not show %q", page, title)
	}
	return d, nil
}

// cpuAtRest waits until the process has used no CPU time for half a second
// (a minute at most) and returns the CPU time it used, user and system; -1
// where /proc does not tell.
func cpuAtRest(pid int) time.Duration {
	last, still := cpuTime(pid), 0
	for deadline := time.Now().Add(time.Minute); last >= 0 && still < 5 && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
		now := cpuTime(pid)
		if now == last {
			still++
		} else {
			still = 0
		}
		last = now
	}
	return last
}

// cpuTime reads the process's user and system CPU time from /proc, or -1.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	// The fields after the command's name, which is in parentheses and
	// may hold spaces: state is the first, utime and stime the 12th and
	// 13th, in clock ticks (100 a second on Linux).
	i := bytes.LastIndex(b, []byte(") "))
	if i < 0 {
		return -1
	}
	f := strings.Fields(string(b[i+2:]))
	if len(f) < 13 {
		return -1
	}
	var user, sys int64
	if _, err := fmt.Sscan(f[11], &user); err != nil {
		return -1
	}
	if _, err := fmt.Sscan(f[12], &sys); err != nil {
		return -1
	}
	return time.Duration(user+sys) * 10 * time.Millisecond
}

// peakRSS reads the process's peak resident memory from /proc.
func peakRSS(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return fmt.Sprintf("%d MiB", kb/1024)
		}
	}
	return "unknown"
}
