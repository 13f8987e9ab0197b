package importer_test

import (
	"fmt"
	"io"
	"testing"

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

// BenchmarkImport100k imports a survey export of 100,000 rows into an
// empty repository: reading, mapping, validating and writing every file.
func BenchmarkImport100k(b *testing.B) {
	const rows = 100_000
	set := &content.Set{Config: config.Default()}
	for b.Loop() {
		dir := b.TempDir()
		sum, err := importer.Import(dir, set, "survey.csv", &exportReader{n: rows}, importer.Options{Preset: "survey"})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Written != rows {
			b.Fatalf("wrote %d of %d rows", sum.Written, rows)
		}
	}
	b.ReportMetric(float64(rows), "rows/op")
}

// BenchmarkImportDryRun100k is BenchmarkImport100k without the writing:
// reading, mapping and validating only.
func BenchmarkImportDryRun100k(b *testing.B) {
	const rows = 100_000
	set := &content.Set{Config: config.Default()}
	for b.Loop() {
		sum, err := importer.Import(b.TempDir(), set, "survey.csv", &exportReader{n: rows}, importer.Options{Preset: "survey", DryRun: true})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Written != rows {
			b.Fatalf("wrote %d of %d rows", sum.Written, rows)
		}
	}
	b.ReportMetric(float64(rows), "rows/op")
}
