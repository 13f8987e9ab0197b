//go:build unix

package render

import (
	"os"
	"sync"
	"testing"

	"github.com/heedhq/heed/generator/internal/testrepo"
)

// BenchmarkJSONFiles makes each JSON file of the site, and the sitemap,
// from prepared views (made outside the timer): of benchRepo(10_000), or
// of the repository folder named by HEED_BENCH_REPO. Besides wall time it reports cpu-ns/op,
// the process's CPU time (the collector's included), which other work on
// a shared machine disturbs less.
func BenchmarkJSONFiles(b *testing.B) {
	var bld *builder
	if dir := os.Getenv("HEED_BENCH_REPO"); dir != "" {
		opts := Options{Now: fixtureNow}
		bld = Prepare(staged(inputOf(b, repoFiles(b, dir)), opts), opts).b
	} else {
		in, opts := benchInput(b)
		bld = Prepare(in, opts).b
	}
	bld.all()
	for _, f := range []struct {
		name string
		make func() ([]byte, error)
	}{
		{"search", func() ([]byte, error) {
			// The whole index, made anew: every file of it.
			bld.searchOnce, bld.searchIdx = sync.Once{}, nil
			var size int
			var jobs []func() ([]byte, error)
			add := func(_ string, f func() ([]byte, error)) { jobs = append(jobs, f) }
			bld.searchFiles(add, add)
			for _, f := range jobs {
				data, err := f()
				if err != nil {
					return nil, err
				}
				size += len(data)
			}
			return make([]byte, size), nil
		}},
		{"feedback", bld.apiFeedback},
		{"themes", bld.apiThemes},
		{"insights", bld.apiInsights},
		{"feed", bld.jsonFeed},
		{"sitemap", func() ([]byte, error) { return bld.sitemapPart(0, bld.sitemapURLs()), nil }},
	} {
		b.Run(f.name, func(b *testing.B) {
			b.ReportAllocs()
			start := testrepo.CPUTime(b)
			for b.Loop() {
				if _, err := f.make(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(testrepo.CPUTime(b)-start)/float64(b.N), "cpu-ns/op")
		})
	}
}
