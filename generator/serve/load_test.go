package serve

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var (
	loadFor     = flag.Duration("serve.load", 3*time.Second, "how long TestLoad edits files")
	loadClients = flag.Int("serve.clients", 50, "how many clients TestLoad runs at once")
	loadItems   = flag.Int("serve.items", 300, "how many items TestLoad's repository has")
)

// servedBodies remembers, for some site paths, the body each version
// served and its ETag: what a response is checked against.
type servedBodies struct {
	mu     sync.Mutex
	paths  []string
	bodies map[string]map[string][32]byte // path -> ETag -> body hash
}

// record notes what v serves at each path (a 404 path gets 404.html).
func (sb *servedBodies) record(v *version) {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	for _, p := range sb.paths {
		f, _, _ := v.resolve(v.base + p)
		if f == nil {
			continue
		}
		var b bytes.Buffer
		for _, part := range f.served(v) {
			b.Write(part)
		}
		if sb.bodies[p] == nil {
			sb.bodies[p] = map[string][32]byte{}
		}
		sb.bodies[p][f.etag] = sha256.Sum256(b.Bytes())
	}
}

// whole reports whether body, with its ETag, is exactly what some version
// served at path.
func (sb *servedBodies) whole(path, etag string, body []byte) bool {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	sum := sha256.Sum256(body)
	if etag != "" {
		return sb.bodies[path][etag] == sum
	}
	for _, s := range sb.bodies[path] { // a 404 carries no ETag
		if s == sum {
			return true
		}
	}
	return false
}

// TestLoad: many clients fetch pages on loopback (plain and gzip,
// revalidating with If-None-Match) while an editor saves files (edits in
// place, atomic renames, a new item, a deletion, an error and its fix): no
// request fails, and every body received is whole, exactly what one
// version of the site served with that ETag. Bounded in time (-serve.load,
// 3 s of edits by default, then until a rebuild was seen; the report's
// figures come from -serve.load=30s -serve.items=1000) and in clients
// (-serve.clients, 50).
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("the load test is skipped with -short")
	}
	files := benchRepo(*loadItems)
	items := []string{}
	for p := range files {
		if strings.HasPrefix(p, "feedback/") {
			items = append(items, p)
		}
	}
	slices.Sort(items)
	edited := items[:5]
	pageOf := func(item string) string {
		name := item[strings.LastIndexByte(item, '/')+1:]
		return "feedback/" + strings.TrimSuffix(name, ".md") + "/"
	}
	sb := &servedBodies{bodies: map[string]map[string][32]byte{}, paths: []string{
		"", "feedback/", "themes/", "themes/t00/", "insights/", "api/feedback.json", "search/meta.json",
		"assets/site.css", "no/such/page/", "feedback/added-under-load/",
	}}
	for _, it := range edited {
		sb.paths = append(sb.paths, pageOf(it))
	}
	ss := start(t, files, Options{}, func(s *Server) {
		sb.record(s.current.Load())
		s.published = sb.record
	})

	start := time.Now()
	deadline := start.Add(*loadFor)
	var stop atomic.Bool
	var requests, failures, torn, notModified atomic.Int64
	var mu sync.Mutex
	var latencies []time.Duration
	var problems []string
	report := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(problems) < 10 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}

	var wg sync.WaitGroup
	for c := range *loadClients {
		wg.Go(func() {
			client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 4}, Timeout: 30 * time.Second}
			defer client.CloseIdleConnections()
			etags := map[string]string{}
			var mine []time.Duration
			for i := c; !stop.Load(); i++ {
				p := sb.paths[i%len(sb.paths)]
				req, _ := http.NewRequest(http.MethodGet, ss.root+p, nil)
				gz := i%3 == 0
				if gz {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				if e := etags[p]; e != "" && i%5 == 0 {
					req.Header.Set("If-None-Match", e)
				}
				sent := time.Now()
				res, err := client.Do(req)
				if err != nil {
					failures.Add(1)
					report("GET %s: %v", p, err)
					continue
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				mine = append(mine, time.Since(sent))
				requests.Add(1)
				if err != nil {
					failures.Add(1)
					report("GET %s: reading: %v", p, err)
					continue
				}
				switch res.StatusCode {
				case http.StatusNotModified:
					notModified.Add(1)
					continue
				case http.StatusOK, http.StatusNotFound:
				default:
					failures.Add(1)
					report("GET %s: %s", p, res.Status)
					continue
				}
				if res.Header.Get("Content-Encoding") == "gzip" {
					zr, err := gzip.NewReader(bytes.NewReader(body))
					if err == nil {
						body, err = io.ReadAll(zr)
					}
					if err != nil {
						torn.Add(1)
						report("GET %s: gzip: %v", p, err)
						continue
					}
				}
				etag := res.Header.Get("ETag")
				if !sb.whole(p, etag, body) {
					torn.Add(1)
					report("GET %s (ETag %s, gzip %v): %d bytes that no version served", p, etag, gz, len(body))
					continue
				}
				etags[p] = etag
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		})
	}

	// The editor, saving about every 100 ms.
	builds := ss.builds.Load()
	edits := 0
	for i := 0; time.Now().Before(deadline); i++ {
		it := edited[i%len(edited)]
		text := strings.Replace(files[it], "title: Feedback", fmt.Sprintf("title: Edit %d of feedback", i), 1)
		switch i % 6 {
		case 0, 1, 2:
			ss.write(it, text)
		case 3:
			tmp := ss.path(it) + ".tmp"
			if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, ss.path(it)); err != nil {
				t.Fatal(err)
			}
		case 4:
			if i%12 == 4 {
				ss.write("feedback/added-under-load.md", "---\ntitle: Added under load\ndate: 2026-11-01\nsource: form\ntype: question\n---\nHello.\n")
			} else {
				os.Remove(ss.path("feedback/added-under-load.md"))
			}
		case 5:
			if i%12 == 5 {
				ss.write(it, strings.Replace(text, "source: ", "source: x", 1)) // an error
			} else {
				ss.write(it, files[it]) // fixed
			}
		}
		edits++
		time.Sleep(100 * time.Millisecond)
	}
	ss.until("a rebuild under load", func() bool { return ss.builds.Load() > builds })
	stop.Store(true)
	wg.Wait()
	took := time.Since(start)

	slices.Sort(latencies)
	pct := func(p int) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, p*len(latencies)/100)]
	}
	n := requests.Load()
	t.Logf("%d items, %d clients for %s: %d requests (%.0f/s), %d not modified, %d failed, %d torn; latency p50 %s, p99 %s, max %s; %d saves, %d rebuilds",
		*loadItems, *loadClients, took.Round(time.Millisecond), n, float64(n)/took.Seconds(), notModified.Load(), failures.Load(), torn.Load(),
		pct(50).Round(time.Microsecond), pct(99).Round(time.Microsecond), pct(100).Round(time.Microsecond), edits, ss.builds.Load()-builds)
	if failures.Load() > 0 || torn.Load() > 0 {
		t.Errorf("%d failed and %d torn responses:\n%s", failures.Load(), torn.Load(), strings.Join(problems, "\n"))
	}
	if n == 0 || ss.builds.Load() == builds {
		t.Error("no requests or no rebuilds during the test")
	}
}
