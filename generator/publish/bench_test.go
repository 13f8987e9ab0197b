package publish

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/internal/testrepo"
)

var syllables = []string{"or", "bi", "tra", "ka", "lo", "mer", "vin", "sta", "qu", "el", "dor", "ne", "pha", "ri", "zon", "tal", "gre", "mu", "sen", "vo"}

var suffixes = []string{"Software", "Logistics", "Health", "Retail", "Group", "Partners", "Labs", "Foods"}

// corpusName is the i-th made-up company name: a word of three syllables
// unique to i (below 8,000), alone or with a common second word.
func corpusName(i int) string {
	w := syllables[i%20] + syllables[i/20%20] + syllables[i/400%20]
	w = strings.ToUpper(w[:1]) + w[1:]
	if i%3 == 0 {
		return w
	}
	return w + " " + suffixes[i%len(suffixes)]
}

// corpusWords is ordinary feedback vocabulary.
var corpusWords = strings.Fields(`the export times out every month end and our finance team cannot close
the books we need single sign on with our identity provider please add receipts scanning on mobile is slow
invoice approval takes too long dark mode would help at night the report is wrong since the last update
we love the new dashboard but it crashes when we filter by department customer support was quick to answer`)

// corpusText is words of feedback, one in fifty of them a customer's name
// (of the first 2,000), in title or lower case.
func corpusText(words int, seed uint64) string { return wordsText(words, seed, 50) }

// wordsText is words of feedback, one in every of them a customer's name
// (none for 0).
func wordsText(words int, seed uint64, every int) string {
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	for i := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if every > 0 && r.IntN(every) == 0 {
			name := corpusName(r.IntN(2000))
			if r.IntN(2) == 0 {
				name = strings.ToLower(name)
			}
			b.WriteString(name)
			continue
		}
		b.WriteString(corpusWords[r.IntN(len(corpusWords))])
	}
	return b.String()
}

// benchCustomers is a CRM export: n customers with a name and, for one in
// two, an alias.
func benchCustomers(n int) []*content.Customer {
	out := make([]*content.Customer, n)
	for i := range out {
		c := &content.Customer{ID: fmt.Sprint("c", i), Name: fmt.Sprintf("%s %d", corpusName(i%8000), i), Segment: "smb"}
		if i < 8000 {
			c.Name = corpusName(i)
		}
		if i%2 == 0 {
			c.Aliases = []string{fmt.Sprintf("Cust%d", i)}
		}
		out[i] = c
	}
	return out
}

// BenchmarkNamesFind: scanning feedback text for the names and aliases of
// 50,000 customers, text where one word in fifty is a name and text that
// names nobody. b.SetBytes makes the figure a throughput; cpu-MB/s is the
// same from the process's CPU time, steadier on a shared machine.
func BenchmarkNamesFind(b *testing.B) {
	n := NewNames(benchCustomers(50000))
	for _, tc := range []struct {
		name string
		text string
	}{
		{"names", corpusText(100000, 1)},
		{"plain", strings.Repeat(strings.Join(corpusWords, " ")+" ", 2000)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.text)))
			var ms []Match
			start := testrepo.CPUTime(b)
			for b.Loop() {
				ms = n.Find(tc.text, ms[:0])
			}
			if cpu := testrepo.CPUTime(b) - start; cpu > 0 {
				b.ReportMetric(float64(len(tc.text))*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
			}
			if (len(ms) == 0) != (tc.name == "plain") {
				b.Fatalf("%d names found", len(ms))
			}
		})
	}
}

// BenchmarkNewNames: the matcher of a 50,000-customer registry.
func BenchmarkNewNames(b *testing.B) {
	cs := benchCustomers(50000)
	start := testrepo.CPUTime(b)
	for b.Loop() {
		NewNames(cs)
	}
	b.ReportMetric(float64(testrepo.CPUTime(b)-start)/float64(b.N), "cpu-ns/op")
}

// benchSet is a repository of n items whose customers are a registry of
// 50,000, with bodies of about 600 bytes, one in four signed with its
// customer's name, from every source (so about a third of the items are
// published).
func benchSet(n int) *content.Set {
	cfg := config.Default()
	customers := benchCustomers(50000)
	sources := cfg.Sources
	items := make([]*content.Item, n)
	for i := range items {
		c := customers[(i*7919)%len(customers)]
		text := wordsText(100, uint64(i), 0)
		if i%4 == 0 {
			text += " Regards, the team at " + c.Name + "."
		}
		items[i] = &content.Item{
			ID: fmt.Sprintf("item-%06d", i), Path: fmt.Sprintf("feedback/item-%06d.md", i),
			Title: fmt.Sprintf("Feedback %d about exports", i), Source: sources[i%len(sources)], Type: "bug",
			Customer: c, Body: text, Text: text, HTML: "<p>" + text + "</p>\n", Tags: []string{"exports"},
		}
	}
	return content.NewSet(cfg, items, nil, customers)
}

// BenchmarkMake: what a public build shows of 10,000 and 100,000 items
// (names replaced, unpublished words left out), the matcher of the 50,000
// customers made beforehand as heed serve keeps it; cpu-ms is the
// process's CPU time (Make runs on every core).
func BenchmarkMake(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			set := benchSet(n)
			names := NewNames(AllCustomers(set))
			b.ReportAllocs()
			start := testrepo.CPUTime(b)
			for b.Loop() {
				Make(set, Options{Names: names})
			}
			b.ReportMetric(float64(testrepo.CPUTime(b)-start)/float64(b.N)/1e6, "cpu-ms")
		})
	}
}

// BenchmarkWarnings: heed check's customer-name warnings over 100,000
// items.
func BenchmarkWarnings(b *testing.B) {
	set := benchSet(100_000)
	names := NewNames(AllCustomers(set))
	start := testrepo.CPUTime(b)
	for b.Loop() {
		Warnings(set, names)
	}
	b.ReportMetric(float64(testrepo.CPUTime(b)-start)/float64(b.N)/1e6, "cpu-ms")
}

// BenchmarkCacheEdit: what heed serve's pipeline makes of 10,000 items
// after one of them is edited (Cache.Make and Cache.Warnings reuse the
// rest).
func BenchmarkCacheEdit(b *testing.B) {
	set := benchSet(10_000)
	names := NewNames(AllCustomers(set))
	cache := NewCache()
	cache.Make(set, Options{Names: names})
	cache.Warnings(set, names)
	items := slices.Clone(set.Items)
	var cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		edited := *items[1234]
		edited.Title = fmt.Sprintf("Edited %d times", i)
		items[1234] = &edited
		next := set.With(slices.Clone(items), nil)
		b.StartTimer()
		start := testrepo.CPUTime(b)
		cache.Make(next, Options{Names: names})
		cache.Warnings(next, names)
		cpu += testrepo.CPUTime(b) - start
	}
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms")
}
