package importer_test

import (
	"bytes"
	"fmt"
	"io"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/importer"
)

// exportReader streams a survey export of n rows, generated as it is read,
// so that the benchmark measures the import and not the test's own memory.
type exportReader struct {
	n, next int
	buf     []byte
}

var words = []string{"export", "times", "out", "every", "month", "end", "approver", "receipt", "scanning",
	"invoice", "template", "cards", "declined", "offline", "mobile", "sync", "audit", "log", "report", "slow"}

func (e *exportReader) Read(p []byte) (int, error) {
	for len(e.buf) < len(p) && e.next <= e.n {
		if e.next == 0 {
			e.buf = append(e.buf, "Response ID,Submitted At,NPS,Comment,Email,Company\r\n"...)
		} else {
			i := e.next
			comment := ""
			for k := range 25 {
				comment += words[(i*7+k*k)%len(words)] + " "
			}
			e.buf = fmt.Appendf(e.buf, "r-%d,2026-%02d-%02d,%d,\"%s, and row %d.\nThanks!\",user%d@example.com,Company %d\r\n",
				i, 1+i%12, 1+i%28, i%11, comment, i, i, i%500)
		}
		e.next++
	}
	if len(e.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, e.buf)
	e.buf = e.buf[:copy(e.buf, e.buf[n:])]
	return n, nil
}

// BenchmarkImport imports a survey export of 10,000 and 100,000 rows into
// an empty repository: reading, mapping, validating and writing every
// file (dry-run: all but the writing). Besides time it reports the peak of
// live heap during the import, which stays flat as the export grows.
func BenchmarkImport(b *testing.B) {
	for _, dry := range []bool{false, true} {
		for _, rows := range []int{10_000, 100_000} {
			name := fmt.Sprintf("rows=%d", rows)
			if dry {
				name += "/dry-run"
			}
			b.Run(name, func(b *testing.B) {
				set := &content.Set{Config: config.Default()}
				var peak uint64
				for b.Loop() {
					dir := b.TempDir()
					stop := watchHeap(&peak)
					sum, err := importer.Import(dir, set, "survey.csv", &exportReader{n: rows}, importer.Options{Preset: "survey", DryRun: dry})
					stop()
					if err != nil {
						b.Fatal(err)
					}
					if sum.Written != rows {
						b.Fatalf("wrote %d of %d rows", sum.Written, rows)
					}
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			})
		}
	}
}

// watchHeap samples the live heap until stopped and keeps its peak.
func watchHeap(peak *uint64) (stop func()) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			*peak = max(*peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

// BenchmarkImportGitHub imports 10,000 issues as gh issue list prints them
// (issue-form bodies, labels, reactions) into an empty repository, then
// again: the second import finds every issue's origin and writes nothing.
func BenchmarkImportGitHub(b *testing.B) {
	const n = 10_000
	var export []byte
	export = append(export, '[')
	for i := range n {
		if i > 0 {
			export = append(export, ',')
		}
		body := ""
		for k := range 25 {
			body += words[(i*7+k*k)%len(words)] + " "
		}
		export = fmt.Appendf(export, `{"number": %d, "title": "Issue %d: %s", "url": "https://github.com/o/r/issues/%d", "createdAt": "2026-%02d-%02dT10:00:00Z",`+
			`"author": {"login": "user%d"}, "labels": [{"name": "feedback"}, {"name": "bug"}], "reactionGroups": [{"content": "THUMBS_UP", "users": {"totalCount": %d}}],`+
			`"body": "### What happened?\n\n%s\n\n### Who are you?\n\nCompany %d\n\n### Which theme, if you know it?\n\n_No response_"}`,
			i, i, words[i%len(words)], i, 1+i%12, 1+i%28, i, i%40, body, i%500)
	}
	export = append(export, ']')
	for _, again := range []bool{false, true} {
		name := "new"
		if again {
			name = "again"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				dir := b.TempDir()
				set := &content.Set{Config: config.Default()}
				if again {
					if _, err := importer.Import(dir, set, "issues.json", bytes.NewReader(export), importer.Options{Format: importer.GitHub}); err != nil {
						b.Fatal(err)
					}
					set = loadRepo(b, dir)
				}
				b.StartTimer()
				sum, err := importer.Import(dir, set, "issues.json", bytes.NewReader(export), importer.Options{Format: importer.GitHub})
				if err != nil {
					b.Fatal(err)
				}
				if want := map[bool]int{false: n, true: 0}[again]; sum.Written != want {
					b.Fatalf("wrote %d of %d issues", sum.Written, n)
				}
			}
		})
	}
}

// loadRepo reads a repository's content, as heed import does.
func loadRepo(b *testing.B, dir string) *content.Set {
	b.Helper()
	set, err := generator.Load(dir, "")
	if err != nil {
		b.Fatal(err)
	}
	return set
}

// BenchmarkHugeField imports an export whose first row has a 200 MB field
// (8 MB with -short), as CSV and as JSON: the row fails unread, and the
// peak of live heap stays at a few MB.
func BenchmarkHugeField(b *testing.B) {
	size := int64(200 << 20)
	if testing.Short() {
		size = 8 << 20
	}
	for _, format := range []importer.Format{importer.CSV, importer.JSON} {
		b.Run(string(format), func(b *testing.B) {
			set := &content.Set{Config: config.Default()}
			var peak uint64
			b.SetBytes(size)
			for b.Loop() {
				stop := watchHeap(&peak)
				sum, err := importer.Import(b.TempDir(), set, "export", bigField(size, format == importer.JSON), importer.Options{Preset: "support", Format: format})
				stop()
				if err != nil {
					b.Fatal(err)
				}
				if sum.Written != 1 || sum.Failed != 1 {
					b.Fatalf("%d written, %d failed", sum.Written, sum.Failed)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}
