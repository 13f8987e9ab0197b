package publish

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/content"
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
func corpusText(words int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	for i := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if r.IntN(50) == 0 {
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
			start := cpuTime(b)
			for b.Loop() {
				ms = n.Find(tc.text, ms[:0])
			}
			cpu := cpuTime(b) - start
			b.ReportMetric(float64(len(tc.text))*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
			if (len(ms) == 0) != (tc.name == "plain") {
				b.Fatalf("%d names found", len(ms))
			}
		})
	}
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkNewNames: the matcher of a 50,000-customer registry.
func BenchmarkNewNames(b *testing.B) {
	cs := benchCustomers(50000)
	start := cpuTime(b)
	for b.Loop() {
		NewNames(cs)
	}
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}
