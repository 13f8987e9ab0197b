package insight

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/score"
)

var (
	acme = &content.Customer{ID: "acme", Segment: "enterprise"}
	bolt = &content.Customer{ID: "bolt", Segment: "smb"}
)

// fixture is the content of one test.
type fixture struct {
	now    time.Time
	edit   func(*config.Config)
	themes []*content.Theme
	items  []*content.Item
}

// run scores and aggregates a fixture.
func (f fixture) run(t *testing.T, public bool) *Insights {
	t.Helper()
	cfg := config.Default()
	if f.edit != nil {
		f.edit(cfg)
	}
	set := &content.Set{Config: cfg, Themes: f.themes, Items: f.items, Customers: []*content.Customer{acme, bolt}}
	if ds := set.Resolve(); len(ds) > 0 {
		t.Fatalf("fixture does not resolve: %v", ds)
	}
	return Compute(set, score.Compute(set, f.now), public)
}

// n counts items made by item, for unique ids.
type maker struct{ n int }

// item makes an item on a date "YYYY-MM-DD" (or RFC 3339) with a declared
// sentiment, so that no test depends on the sentiment analyzer.
func (m *maker) item(date, sentiment string, c *content.Customer, themes ...string) *content.Item {
	m.n++
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		d, err = time.Parse(time.RFC3339, date)
		if err != nil {
			panic(err)
		}
	}
	return &content.Item{ID: fmt.Sprintf("item-%03d", m.n), Title: "Feedback", Date: d, Source: "survey",
		Type: "request", Customer: c, Themes: themes, Mentions: 1, Sentiment: sentiment}
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func ints(xs ...int) []*int {
	out := make([]*int, len(xs))
	for i := range xs {
		out[i] = &xs[i]
	}
	return out
}

// show prints a nullable measure.
func show(f *float64) string {
	if f == nil {
		return "null"
	}
	return fmt.Sprintf("%.6g", *f)
}

// TestSurveyMeasures: each answer is one item; the expected values are
// worked out in the comments.
func TestSurveyMeasures(t *testing.T) {
	for _, c := range []struct {
		name                       string
		nps, csat, ces             []int
		wantNPS, wantCSAT, wantCES string
		responses                  int
	}{
		// 10, 9: promoters; 8, 7: passives; 6, 0: detractors: 2/6 - 2/6.
		{name: "nps balanced", nps: []int{10, 9, 8, 7, 6, 0}, wantNPS: "0", wantCSAT: "null", wantCES: "null", responses: 6},
		// 3 promoters, 1 detractor of 5: 60% - 20%.
		{name: "nps positive", nps: []int{10, 10, 9, 7, 0}, wantNPS: "40", wantCSAT: "null", wantCES: "null", responses: 5},
		{name: "nps all detractors", nps: []int{6, 5}, wantNPS: "-100", wantCSAT: "null", wantCES: "null", responses: 2},
		// 5 and 4 satisfied, 3 and 1 not: 2 of 4.
		{name: "csat", csat: []int{5, 4, 3, 1}, wantNPS: "null", wantCSAT: "50", wantCES: "null", responses: 4},
		// (1 + 2 + 6) / 3.
		{name: "ces", ces: []int{1, 2, 6}, wantNPS: "null", wantCSAT: "null", wantCES: "3", responses: 3},
		// One item answering all three is one response.
		{name: "one respondent", nps: []int{9}, csat: []int{4}, ces: []int{2}, wantNPS: "100", wantCSAT: "100", wantCES: "2", responses: 1},
		{name: "no answers", wantNPS: "null", wantCSAT: "null", wantCES: "null"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var m maker
			n := max(len(c.nps), len(c.csat), len(c.ces), 1)
			var items []*content.Item
			for i := range n {
				it := m.item("2026-11-01", "neutral", nil)
				if i < len(c.nps) {
					it.NPS = ints(c.nps[i])[0]
				}
				if i < len(c.csat) {
					it.CSAT = ints(c.csat[i])[0]
				}
				if i < len(c.ces) {
					it.CES = ints(c.ces[i])[0]
				}
				items = append(items, it)
			}
			o := fixture{now: day("2026-11-23"), items: items}.run(t, true).Overall
			if got := [3]string{show(o.NPS), show(o.CSAT), show(o.CES)}; got != [3]string{c.wantNPS, c.wantCSAT, c.wantCES} {
				t.Errorf("nps, csat, ces = %v, want %v", got, [3]string{c.wantNPS, c.wantCSAT, c.wantCES})
			}
			if o.Responses != c.responses {
				t.Errorf("responses = %d, want %d", o.Responses, c.responses)
			}
		})
	}
}

// TestVolumeAndSentiment: volume counts mentions, items count files; an
// answer counts once.
func TestVolumeAndSentiment(t *testing.T) {
	var m maker
	crowd := m.item("2026-11-01", "negative", nil)
	crowd.Mentions, crowd.NPS = 5, ints(0)[0]
	items := []*content.Item{
		crowd,
		m.item("2026-11-02", "positive", acme),
		m.item("2026-11-03", "positive", bolt),
		m.item("2026-11-04", "neutral", bolt),
	}
	o := fixture{now: day("2026-11-23"), items: items}.run(t, true).Overall
	if o.Volume != 8 || o.Items != 4 {
		t.Errorf("volume = %d, items = %d; want 8 (5 + 1 + 1 + 1) people in 4 items", o.Volume, o.Items)
	}
	if want := (Shares{Positive: 2.0 / 8, Neutral: 1.0 / 8, Negative: 5.0 / 8}); o.Sentiment != want {
		t.Errorf("sentiment = %+v, want %+v", o.Sentiment, want)
	}
	if o.Responses != 1 || show(o.NPS) != "-100" {
		t.Errorf("responses %d, nps %s; want 1 answer, -100", o.Responses, show(o.NPS))
	}
}

// TestMonths: months are contiguous up to now's, empty ones included; an
// item's month is that of its date as written.
func TestMonths(t *testing.T) {
	var m maker
	bug := m.item("2026-03-30", "negative", acme, "export")
	bug.Type, bug.Source = "bug", "support"
	items := []*content.Item{
		m.item("2026-03-02", "positive", bolt, "export"),
		bug,
		m.item("2026-05-31", "neutral", nil),
		m.item("2026-06-01T00:30:00+02:00", "neutral", nil, "export"), // May 31 in UTC
	}
	ins := fixture{now: day("2026-07-15"), themes: []*content.Theme{{ID: "export", Status: "planned"}}, items: items}.run(t, true)
	var names []string
	var volumes []int
	for _, mo := range ins.Months {
		names = append(names, mo.Month)
		volumes = append(volumes, mo.Volume)
	}
	if want := []string{"2026-03", "2026-04", "2026-05", "2026-06", "2026-07"}; !slices.Equal(names, want) {
		t.Errorf("months = %v, want %v", names, want)
	}
	if want := []int{2, 0, 1, 1, 0}; !slices.Equal(volumes, want) {
		t.Errorf("volumes = %v, want %v", volumes, want)
	}
	march := ins.Months[0]
	if march.ByType["bug"] != 1 || march.ByType["request"] != 1 || march.BySource["support"] != 1 || march.BySource["survey"] != 1 {
		t.Errorf("March by type %v, by source %v; want a bug and a request, support and survey", march.ByType, march.BySource)
	}
	if march.Sentiment != (Shares{Positive: 0.5, Negative: 0.5}) {
		t.Errorf("March sentiment = %+v, want half positive, half negative", march.Sentiment)
	}
	if april := ins.Months[1]; april.ByType == nil || april.NPS != nil || april.Sentiment != (Shares{}) {
		t.Errorf("empty April = %+v, want an empty bucket with empty maps", april)
	}
	if got, want := ins.ThemeMonths["export"], []int{2, 0, 0, 1, 0}; !slices.Equal(got, want) {
		t.Errorf("export per month = %v, want %v", got, want)
	}
	if ins.Themes["export"].Volume != 3 {
		t.Errorf("export volume = %d, want 3", ins.Themes["export"].Volume)
	}
	if len(ins.Segments) != 2 || ins.Segments["enterprise"].Volume != 1 || ins.Segments["smb"].Volume != 1 {
		t.Errorf("segments = %+v, want enterprise 1 and smb 1 (items without a customer in none)", ins.Segments)
	}
}

// TestRising: windows of 90 days before 2026-11-23 (recent from
// 2026-08-25, previous from 2026-05-27); a rising theme needs 3 recent.
func TestRising(t *testing.T) {
	var m maker
	var items []*content.Item
	add := func(theme string, recent, previous int) {
		for range recent {
			items = append(items, m.item("2026-10-01", "neutral", nil, theme))
		}
		for range previous {
			items = append(items, m.item("2026-07-01", "neutral", nil, theme))
		}
	}
	add("four-from-one", 4, 1)                             // (4 - 1) / 1 = 3
	add("two-new", 2, 0)                                   // below the minimum of 3
	add("doubled", 6, 3)                                   // (6 - 3) / 3 = 1
	add("flat", 3, 3)                                      // no growth
	add("falling", 3, 5)                                   // shrinking
	crowd := m.item("2026-11-01", "neutral", nil, "crowd") // 3 people: (3 - 0) / max(0, 1) = 3
	crowd.Mentions = 3
	items = append(items, crowd, m.item("2026-01-01", "neutral", nil, "crowd")) // too old to count
	var themes []*content.Theme
	for _, id := range []string{"crowd", "doubled", "falling", "flat", "four-from-one", "two-new"} {
		themes = append(themes, &content.Theme{ID: id, Status: "exploring"})
	}
	ins := fixture{now: day("2026-11-23"), themes: themes, items: items}.run(t, true)
	want := []Rising{
		{Theme: "four-from-one", Recent: 4, Previous: 1, Growth: 3},
		{Theme: "crowd", Recent: 3, Previous: 0, Growth: 3},
		{Theme: "doubled", Recent: 6, Previous: 3, Growth: 1},
	}
	if !slices.Equal(ins.Rising, want) {
		t.Errorf("rising = %+v\nwant     %+v", ins.Rising, want)
	}
}

// TestMatrix: with priority = impact, values 10, 8, 2, 1 (median 5) and
// efforts 1, 4, 2, 3 (median 2.5).
func TestMatrix(t *testing.T) {
	th := func(id, status string, impact float64, effort *float64) *content.Theme {
		return &content.Theme{ID: id, Status: status, Impact: &impact, Effort: effort}
	}
	f := func(x float64) *float64 { return &x }
	themes := []*content.Theme{
		th("quick", "exploring", 10, f(1)),
		th("bet", "planned", 8, f(4)),
		th("filler", "exploring", 2, f(2)),
		th("pit", "in-progress", 1, f(3)),
		th("shipped", "shipped", 20, f(1)),  // done: off the matrix
		th("unsized", "exploring", 20, nil), // no effort: off the matrix
	}
	ins := fixture{now: day("2026-11-23"), themes: themes, edit: func(c *config.Config) { c.Priority = "impact" }}.run(t, true)
	want := []Quadrant{
		{Theme: "quick", Value: 10, Effort: 1, Quadrant: QuickWin},
		{Theme: "bet", Value: 8, Effort: 4, Quadrant: BigBet},
		{Theme: "filler", Value: 2, Effort: 2, Quadrant: FillIn},
		{Theme: "pit", Value: 1, Effort: 3, Quadrant: MoneyPit},
	}
	if !slices.Equal(ins.Matrix, want) {
		t.Errorf("matrix = %+v\nwant     %+v", ins.Matrix, want)
	}
}

// TestTimeToClose: days from each item to its theme's shipped date.
func TestTimeToClose(t *testing.T) {
	var m maker
	themes := []*content.Theme{
		{ID: "approvals", Status: "shipped", Shipped: day("2026-05-01")},
		{ID: "export", Status: "shipped", Shipped: day("2026-06-01")},
		{ID: "sso", Status: "planned", Shipped: day("2026-06-01")}, // not shipped
	}
	original := m.item("2026-04-21", "neutral", nil, "approvals") // 10 days
	dup := m.item("2026-03-22", "neutral", nil)                   // 40 days, through its original
	dup.DuplicateOf = original.ID
	items := []*content.Item{
		original, dup,
		m.item("2026-05-10", "neutral", nil, "approvals"), // after it shipped
		m.item("2026-05-02", "neutral", nil, "export"),    // 30 days
		m.item("2026-01-01", "neutral", nil, "sso"),
	}
	got := fixture{now: day("2026-11-23"), themes: themes, items: items}.run(t, true).TimeToClose
	want := Closing{MedianDays: ptr(30), Items: 3, Themes: []ThemeClosing{
		{Theme: "approvals", MedianDays: 25, Items: 2},
		{Theme: "export", MedianDays: 30, Items: 1},
	}}
	if show(got.MedianDays) != show(want.MedianDays) || got.Items != want.Items || !slices.Equal(got.Themes, want.Themes) {
		t.Errorf("time to close = %s over %d, %+v\nwant %s over %d, %+v",
			show(got.MedianDays), got.Items, got.Themes, show(want.MedianDays), want.Items, want.Themes)
	}
}

// TestPrivate: a public build without private_counts leaves private items
// out of everything; otherwise they count.
func TestPrivate(t *testing.T) {
	var m maker
	secret := m.item("2026-11-01", "negative", acme) // untriaged
	secret.Private, secret.NPS = true, ints(0)[0]
	items := []*content.Item{secret, m.item("2026-11-02", "positive", bolt, "export")}
	themes := []*content.Theme{{ID: "export", Status: "planned"}}
	for _, c := range []struct {
		name          string
		public, count bool
		volume        int
		untriaged     int
		segments      int
	}{
		{"public, private items not counted", true, false, 1, 0, 1},
		{"public, private items counted", true, true, 2, 1, 2},
		{"not public", false, false, 2, 1, 2},
	} {
		ins := fixture{now: day("2026-11-23"), themes: themes, items: items,
			edit: func(cfg *config.Config) { cfg.Publish.PrivateCounts = c.count }}.run(t, c.public)
		if ins.Overall.Volume != c.volume || ins.Untriaged != c.untriaged || len(ins.Segments) != c.segments {
			t.Errorf("%s: volume %d, untriaged %d, segments %d; want %d, %d, %d", c.name,
				ins.Overall.Volume, ins.Untriaged, len(ins.Segments), c.volume, c.untriaged, c.segments)
		}
		if !c.count && c.public && ins.Overall.NPS != nil {
			t.Errorf("%s: nps %s from a private item", c.name, show(ins.Overall.NPS))
		}
	}
}

// TestJSON: the field names api/insights.json promises, nulls where there
// are no answers, [] and {} rather than null for empty lists and maps.
func TestJSON(t *testing.T) {
	ins := fixture{now: day("2026-11-23")}.run(t, true)
	b, err := json.Marshal(ins)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"overall":{"items":0,"volume":0,"sentiment":{"positive":0,"neutral":0,"negative":0},"nps":null,"csat":null,"ces":null,"responses":0,"answers":{"nps":0,"csat":0,"ces":0}}`,
		`"months":[]`, `"segments":{}`, `"themes":{}`, `"rising":[]`, `"matrix":[]`, `"untriaged":0`,
		`"time_to_close":{"median_days":null,"items":0,"themes":[]}`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
}

// TestMonthJSON: a month's bucket is flattened into it.
func TestMonthJSON(t *testing.T) {
	var m maker
	ins := fixture{now: day("2026-03-15"), items: []*content.Item{m.item("2026-03-02", "positive", nil)}}.run(t, true)
	b, err := json.Marshal(ins.Months)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"month":"2026-03","items":1,"volume":1,"sentiment":{"positive":1,"neutral":0,"negative":0},"nps":null,"csat":null,"ces":null,"responses":0,"answers":{"nps":0,"csat":0,"ces":0},"by_type":{"request":1},"by_source":{"survey":1}}]`
	if string(b) != want {
		t.Errorf("months JSON =\n%s\nwant\n%s", b, want)
	}
}

func BenchmarkCompute(b *testing.B) {
	segments := []string{"enterprise", "mid-market", "smb"}
	var customers []*content.Customer
	for i := range 500 {
		customers = append(customers, &content.Customer{ID: fmt.Sprintf("c%03d", i), Segment: segments[i%3]})
	}
	var themes []*content.Theme
	for i := range 100 {
		effort := float64(i%5 + 1)
		themes = append(themes, &content.Theme{ID: fmt.Sprintf("t%03d", i), Status: "exploring", Effort: &effort,
			Shipped: day("2026-06-01")})
	}
	var m maker
	start := day("2024-11-23")
	var items []*content.Item
	for i := range 10000 {
		it := m.item("2024-11-23", []string{"positive", "neutral", "negative"}[i%3], customers[(i*7)%500], themes[(i*31)%100].ID)
		it.Date = start.AddDate(0, 0, (i*13)%730)
		if i%5 == 0 {
			it.NPS = ints(i % 11)[0]
		}
		items = append(items, it)
	}
	cfg := config.Default()
	set := &content.Set{Config: cfg, Themes: themes, Items: items, Customers: customers}
	if ds := set.Resolve(); len(ds) > 0 {
		b.Fatal(ds)
	}
	now := day("2026-11-23")
	scores := score.Compute(set, now)
	for b.Loop() {
		Compute(set, scores, true)
	}
}
