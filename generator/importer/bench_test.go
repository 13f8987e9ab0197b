package importer_test

import (
	"fmt"
	"io"
	"runtime/metrics"
	"testing"
	"time"

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
