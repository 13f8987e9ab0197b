package score

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
)

// now is the moment every test measures from.
var now = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// daysAgo is the date n days before now.
func daysAgo(n int) time.Time { return now.AddDate(0, 0, -n) }

// customers of the fixtures, with the default segment weights: enterprise
// 3, mid-market 2, smb 1.
var (
	acme  = &content.Customer{ID: "acme", Segment: "enterprise", Revenue: 100000}
	bolt  = &content.Customer{ID: "bolt", Segment: "smb", Revenue: 5000}
	cargo = &content.Customer{ID: "cargo", Segment: "mid-market", Revenue: 30000}
)

// item makes an item; the fixtures fill in what each case needs.
func item(id string, age int, source string, c *content.Customer, themes ...string) *content.Item {
	return &content.Item{ID: id, Title: "About " + id, Date: daysAgo(age), Source: source, Type: "request",
		Customer: c, Themes: themes, Mentions: 1, Sentiment: "neutral"}
}

// newSet resolves a set with the default configuration changed by edit.
func newSet(t testing.TB, edit func(*config.Config), themes []*content.Theme, items ...*content.Item) *content.Set {
	t.Helper()
	cfg := config.Default()
	if edit != nil {
		edit(cfg)
	}
	s := &content.Set{Config: cfg, Themes: themes, Items: items, Customers: []*content.Customer{acme, bolt, cargo}}
	if ds := s.Resolve(); len(ds) > 0 {
		t.Fatalf("fixture does not resolve: %v", ds)
	}
	return s
}

func theme(id string) *content.Theme { return &content.Theme{ID: id, Title: id, Status: "exploring"} }

func num(f float64) *float64 { return &f }

// near compares floats computed in different orders.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestRecency(t *testing.T) {
	p := params{cfg: config.Default(), now: now} // half-life 180 days
	for _, c := range []struct {
		age  float64
		want float64
	}{
		{0, 1},
		{180, 0.5},
		{360, 0.25},
		{90, math.Sqrt(0.5)},
		{-10, 1}, // dated after now: as new
	} {
		if got := p.recency(c.age); !near(got, c.want) {
			t.Errorf("recency(%g days) = %g, want %g", c.age, got, c.want)
		}
	}
}

// TestDemand checks demand, revenue, customers and items on one theme,
// "export", with every rule at work. Source weights: interview 1.5,
// survey 1, social 0.6; half-life 180 days.
func TestDemand(t *testing.T) {
	loud := item("a-loud-1", 0, "survey", acme, "export") // 1 × 3 × 1 = 3
	items := []*content.Item{
		loud,
		item("a-loud-2", 0, "interview", acme, "export"), // 1.5 × 3 = 4.5: acme's strongest
		item("a-loud-3", 180, "survey", acme, "export"),  // 1 × 3 × 0.5 = 1.5
		func() *content.Item { // 1 × 1 × 0.25 × 2 = 0.5
			it := item("b-old", 360, "survey", bolt, "export")
			it.Mentions = 2
			return it
		}(),
		func() *content.Item { // no customer: 0.6 × 5 = 3, on its own
			it := item("c-anon-social", 0, "social", nil, "export")
			it.Mentions = 5
			return it
		}(),
		item("d-anon-survey", 0, "survey", nil, "export"), // no customer: 1
		func() *content.Item { // a duplicate by cargo counts for the original's theme: 1 × 2 = 2
			it := item("e-dup-cargo", 0, "survey", cargo, "billing")
			it.DuplicateOf = "a-loud-1"
			return it
		}(),
		func() *content.Item { // a duplicate by acme itself adds nothing
			it := item("f-dup-acme", 0, "interview", acme)
			it.DuplicateOf = "a-loud-1"
			return it
		}(),
		func() *content.Item { // private, and private_counts is false below
			it := item("g-private", 0, "interview", cargo, "export")
			it.Private = true
			return it
		}(),
	}
	set := newSet(t, func(c *config.Config) { c.Publish.PrivateCounts = false },
		[]*content.Theme{theme("export"), theme("billing")}, items...)
	r := Compute(set, now)
	ts := r.Theme("export")
	if ts == nil {
		t.Fatal("no score for theme export")
	}
	if want := 4.5 + 0.5 + 3 + 1 + 2; !near(ts.Demand, want) {
		t.Errorf("demand = %g, want %g", ts.Demand, want)
	}
	if want := 100000.0 + 5000 + 30000; ts.Revenue != want {
		t.Errorf("revenue = %g, want %g", ts.Revenue, want)
	}
	if ts.Customers != 3 {
		t.Errorf("customers = %d, want 3 (acme, bolt, cargo by its duplicate)", ts.Customers)
	}
	if want := []string{"a-loud-1", "a-loud-2", "a-loud-3", "b-old", "c-anon-social", "d-anon-survey"}; !slices.Equal(ts.Items, want) {
		t.Errorf("items = %v, want %v", ts.Items, want)
	}
	// billing gets nothing from the duplicate that named it.
	if b := r.Theme("billing"); b.Demand != 0 || len(b.Items) != 0 {
		t.Errorf("billing: demand %g, items %v; want 0 and none", b.Demand, b.Items)
	}
	if got := r.Items["e-dup-cargo"].Themes; !slices.Equal(got, []string{"export"}) {
		t.Errorf("duplicate counts toward %v, want [export]", got)
	}
	if w := r.Items["a-loud-3"].Weight; !near(w, 1.5) {
		t.Errorf("weight of a-loud-3 = %g, want 1.5", w)
	}

	// With private_counts, the private item counts (cargo's 1.5 × 2 = 3
	// beats its duplicate's 2) but is still not listed.
	set = newSet(t, nil, []*content.Theme{theme("export"), theme("billing")}, items...)
	ts = Compute(set, now).Theme("export")
	if want := 4.5 + 0.5 + 3 + 1 + 3; !near(ts.Demand, want) {
		t.Errorf("with private_counts: demand = %g, want %g", ts.Demand, want)
	}
	if slices.Contains(ts.Items, "g-private") {
		t.Errorf("private item listed in %v", ts.Items)
	}
}

func TestReachAndRICE(t *testing.T) {
	declared := theme("declared")
	declared.Reach, declared.Impact, declared.Confidence, declared.Effort = num(35), num(2), num(0.9), num(3)
	set := newSet(t, nil, []*content.Theme{declared, theme("defaults")},
		item("a", 10, "survey", acme, "defaults"),
		item("b", 20, "survey", acme, "defaults"),  // acme again: one customer
		item("c", 89, "survey", bolt, "defaults"),  // inside the 90-day window
		item("d", 91, "survey", cargo, "defaults"), // outside it
		func() *content.Item { // no customer: reaches its 4 mentions
			it := item("e", 0, "survey", nil, "defaults")
			it.Mentions = 4
			return it
		}(),
	)
	r := Compute(set, now)
	for _, c := range []struct {
		theme       string
		reach, rice float64
		notes       map[string]string
	}{
		{"declared", 35, 35 * 2 * 0.9 / 3, map[string]string{"impact": "set on the theme"}},
		{"defaults", 2 + 4, 6 * 1 * 0.5 / 1, map[string]string{
			"impact":     "default 1 (not set on the theme)",
			"confidence": "default 0.5 (not set on the theme)",
			"effort":     "default 1 (not set on the theme)",
		}},
	} {
		ts := r.Theme(c.theme)
		if !near(ts.Reach, c.reach) || !near(ts.RICE, c.rice) {
			t.Errorf("%s: reach %g, rice %g; want %g and %g", c.theme, ts.Reach, ts.RICE, c.reach, c.rice)
		}
		// The default formula does not use impact: ask one that does.
		set.Config.Priority = "rice + impact + confidence + effort"
		for _, in := range Compute(set, now).Theme(c.theme).Breakdown {
			if want, ok := c.notes[in.Name]; ok && in.Note != want {
				t.Errorf("%s: note of %s = %q, want %q", c.theme, in.Name, in.Note, want)
			}
		}
		set.Config.Priority = config.DefaultPriority
	}
}

// TestTrend: smb and survey weigh 1, enterprise 3; the windows are 90 days
// and a trend needs 3 recent items.
func TestTrend(t *testing.T) {
	set := newSet(t, nil, []*content.Theme{theme("up"), theme("down"), theme("quiet")},
		// up: recent bolt 1 + acme 3 + cargo 2 = 6 (acme's second item
		// adds nothing), previous bolt 1 (recency plays no part).
		item("u1", 10, "survey", bolt, "up"),
		item("u2", 20, "survey", acme, "up"),
		item("u3", 30, "survey", acme, "up"),
		item("u4", 40, "survey", cargo, "up"),
		item("u5", 150, "survey", bolt, "up"),
		item("u6", 200, "survey", acme, "up"), // before both windows
		// down: recent 3 items without a customer = 3, previous acme 3 +
		// cargo 2 + bolt 1 = 6.
		item("d1", 1, "survey", nil, "down"),
		item("d2", 2, "survey", nil, "down"),
		item("d3", 3, "survey", nil, "down"),
		item("d4", 100, "survey", acme, "down"),
		item("d5", 100, "survey", cargo, "down"),
		item("d6", 100, "survey", bolt, "down"),
		// quiet: 2 recent items, fewer than 3.
		item("q1", 1, "survey", acme, "quiet"),
		item("q2", 2, "survey", bolt, "quiet"),
	)
	r := Compute(set, now)
	for _, c := range []struct {
		theme string
		want  float64
	}{
		{"up", (6.0 - 1) / 1},
		{"down", (3.0 - 6) / 6},
		{"quiet", 0},
	} {
		if got := r.Theme(c.theme).Trend; !near(got, c.want) {
			t.Errorf("trend of %s = %g, want %g", c.theme, got, c.want)
		}
	}
}

func TestPriorityFormula(t *testing.T) {
	th := theme("export")
	th.Objective = "grow"
	th.Reach, th.Impact, th.Confidence, th.Effort = num(10), num(3), num(1), num(2) // rice 15
	items := []*content.Item{
		item("a", 0, "survey", acme, "export"), // 3
		item("b", 0, "survey", bolt, "export"), // 1
	}
	for _, c := range []struct {
		name     string
		formula  string
		want     float64
		weights  map[string]float64
		problem  string // in the diagnostic; "" for none
		usesForm string
	}{
		{
			name: "default", formula: config.DefaultPriority,
			// demand 4 × objective 2 × (1 + trend clamped to 1) + rice 15 / 10;
			// trend is 0: 2 recent items, fewer than 3.
			want:    4*2*(1+0) + 15.0/10,
			weights: map[string]float64{"demand": 2, "rice": 0.1, "trend": 8, "objective_weight": 4},
		},
		{
			// Sentiment is within [-1, 1], so its clamp to [1, 2] is 1.
			name: "custom", formula: "log10(revenue) + customers * 2 + clamp(sentiment, 1, 2)",
			want:    math.Log10(105000) + 4 + 1,
			weights: map[string]float64{"customers": 2},
		},
		{
			name: "unknown name", formula: "demand * popularity",
			want:    4*2 + 1.5,
			problem: `unknown name popularity`, usesForm: config.DefaultPriority,
		},
		{
			name: "misspelt name", formula: "demnd * 2",
			want:    4*2 + 1.5,
			problem: `unknown name demnd (did you mean demand?)`, usesForm: config.DefaultPriority,
		},
		{
			name: "syntax error", formula: "demand *",
			want:    4*2 + 1.5,
			problem: "unexpected token EOF", usesForm: config.DefaultPriority,
		},
		{
			name: "not a number", formula: "demand > 1",
			want:    4*2 + 1.5,
			problem: "expected float64", usesForm: config.DefaultPriority,
		},
		{
			name: "no number", formula: "log(items - 2) + demand",
			want:    0,
			problem: "no numeric value for 1 theme(s), which score 0: export (gives -Inf)",
		},
		{
			name: "the clock is not an input", formula: "demand + now().Year()",
			want:    4*2 + 1.5,
			problem: "unknown name now", usesForm: config.DefaultPriority,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			set := newSet(t, func(cfg *config.Config) {
				cfg.Priority = c.formula
				cfg.Objectives = []config.Objective{{ID: "grow", Weight: 2}}
				cfg.Pos["priority"] = config.Position{Line: 7, Col: 1}
			}, []*content.Theme{th}, items...)
			r := Compute(set, now)
			ts := r.Theme("export")
			if !near(ts.Priority, c.want) {
				t.Errorf("priority = %g, want %g", ts.Priority, c.want)
			}
			for _, in := range ts.Breakdown {
				if w, ok := c.weights[in.Name]; ok && !near(in.Weight, w) {
					t.Errorf("weight of %s = %g, want %g", in.Name, in.Weight, w)
				}
			}
			want := c.usesForm
			if want == "" {
				want = c.formula
			}
			if ts.Formula != want {
				t.Errorf("formula = %q, want %q", ts.Formula, want)
			}
			if c.problem == "" {
				if len(r.Diagnostics) > 0 {
					t.Errorf("unexpected diagnostics %v", r.Diagnostics)
				}
				return
			}
			if len(r.Diagnostics) != 1 {
				t.Fatalf("diagnostics = %v, want one", r.Diagnostics)
			}
			d := r.Diagnostics[0]
			if d.Path != "heed.yaml" || d.Line != 7 || d.Col != 1 || d.Rule != "priority-formula" || !strings.Contains(d.Message, c.problem) {
				t.Errorf("diagnostic = %v, want heed.yaml:7:1 priority-formula about %q", d, c.problem)
			}
		})
	}
}

// TestBreakdown: the breakdown lists the inputs the formula uses, in the
// order of FormulaNames, with a note on each.
func TestBreakdown(t *testing.T) {
	set := newSet(t, nil, []*content.Theme{theme("export")}, item("a", 0, "survey", acme, "export"))
	ts := Compute(set, now).Theme("export")
	var names []string
	for _, in := range ts.Breakdown {
		names = append(names, in.Name)
		if in.Note == "" {
			t.Errorf("input %s has no note", in.Name)
		}
	}
	if want := []string{"demand", "rice", "trend", "objective_weight"}; !slices.Equal(names, want) {
		t.Errorf("breakdown inputs = %v, want %v", names, want)
	}
}

// TestRanking: one loud customer is not the market.
func TestRanking(t *testing.T) {
	var items []*content.Item
	var customers []*content.Customer
	for i := range 30 {
		items = append(items, item(fmt.Sprintf("loud-%02d", i), i, "support", bolt, "loud"))
	}
	for i := range 10 {
		c := &content.Customer{ID: fmt.Sprintf("smb-%d", i), Segment: "smb"}
		customers = append(customers, c)
		items = append(items, item(fmt.Sprintf("broad-%02d", i), i, "support", c, "broad"))
	}
	cfg := config.Default()
	set := &content.Set{Config: cfg, Themes: []*content.Theme{theme("loud"), theme("broad")}, Items: items,
		Customers: append(customers, bolt)}
	if ds := set.Resolve(); len(ds) > 0 {
		t.Fatal(ds)
	}
	r := Compute(set, now)
	if r.Themes[0].Theme != "broad" || r.Themes[1].Theme != "loud" {
		t.Fatalf("ranking = %s (%g), %s (%g); want broad above loud",
			r.Themes[0].Theme, r.Themes[0].Priority, r.Themes[1].Theme, r.Themes[1].Priority)
	}
	if loud := r.Theme("loud"); !near(loud.Demand, 1) || len(loud.Items) != 30 {
		t.Errorf("loud: demand %g from %d items, want 1 from 30", loud.Demand, len(loud.Items))
	}
}

func TestItems(t *testing.T) {
	praise := item("praise", 0, "survey", acme) // untriaged, declared negative against its words
	praise.Title, praise.Sentiment = "I love this, great work, thank you", "negative"
	happy := item("happy", 0, "survey", bolt) // untriaged, declared positive
	happy.Sentiment = "positive"
	happy.Title = "I love this, great work, thank you"
	themed := item("themed", 0, "survey", bolt, "export")
	declined := item("declined", 0, "survey", bolt)
	declined.Status = "declined"
	dup := item("dup", 0, "survey", bolt)
	dup.DuplicateOf = "themed"
	set := newSet(t, nil, []*content.Theme{theme("export")}, praise, happy, themed, declined, dup)
	r := Compute(set, now)
	for _, c := range []struct {
		id        string
		sentiment string
		untriaged bool
		triage    float64
	}{
		{"praise", "negative", true, 3 * (1 + 0.5)}, // enterprise survey today, compound -0.5
		{"happy", "positive", true, 1},
		{"themed", "neutral", false, 0},
		{"declined", "neutral", false, 0},
		{"dup", "neutral", false, 0},
	} {
		is := r.Items[c.id]
		if is.Sentiment != c.sentiment || is.Untriaged != c.untriaged || !near(is.Triage, c.triage) {
			t.Errorf("%s: sentiment %s, untriaged %v, triage %g; want %s, %v, %g",
				c.id, is.Sentiment, is.Untriaged, is.Triage, c.sentiment, c.untriaged, c.triage)
		}
	}
	if c := r.Items["praise"].Compound; c != -0.5 {
		t.Errorf("compound of praise declared negative = %g, want -0.5", c)
	}
}

// TestScoreOnly: an answer that is only a score has no sentiment (unless it
// declares one), is not left to triage, and leaves its theme's mean
// sentiment to the items with words.
func TestScoreOnly(t *testing.T) {
	nps := 2
	bare := func(id string, themes ...string) *content.Item {
		it := item(id, 0, "survey", nil, themes...)
		it.Title, it.Sentiment, it.NPS, it.ScoreOnly = "NPS 2: I love it, great", "", &nps, true
		return it
	}
	words := item("words", 0, "survey", bolt, "export")
	words.Title, words.Sentiment = "I love this, great work, thank you", ""
	declared := bare("declared", "export")
	declared.Sentiment = "negative"
	set := newSet(t, nil, []*content.Theme{theme("export")}, bare("unthemed"), bare("themed", "export"), declared, words)
	r := Compute(set, now)
	for _, c := range []struct {
		id, sentiment string
		untriaged     bool
	}{
		{"unthemed", "", false}, {"themed", "", false}, {"declared", "negative", false}, {"words", "positive", false},
	} {
		if is := r.Items[c.id]; is.Sentiment != c.sentiment || is.Untriaged != c.untriaged {
			t.Errorf("%s: sentiment %q, untriaged %v; want %q, %v", c.id, is.Sentiment, is.Untriaged, c.sentiment, c.untriaged)
		}
	}
	want := (r.Items["words"].Compound + r.Items["declared"].Compound) / 2
	if got := r.Theme("export").Sentiment; !near(got, want) {
		t.Errorf("theme sentiment %g, want %g: the mean of the items with a sentiment", got, want)
	}
}

func TestNow(t *testing.T) {
	commit := time.Date(2026, 3, 1, 12, 0, 0, 0, time.FixedZone("CET", 3600))
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "SOURCE_DATE_EPOCH" {
				return v
			}
			return ""
		}
	}
	for _, c := range []struct {
		name   string
		epoch  string
		commit time.Time
		want   time.Time
	}{
		{"epoch wins", "1795392000", commit, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)},
		{"epoch zero", "0", commit, time.Unix(0, 0).UTC()},
		{"invalid epoch: commit time", "yesterday", commit, commit.UTC()},
		{"no epoch: commit time", "", commit, commit.UTC()},
	} {
		if got := Now(env(c.epoch), c.commit); !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("%s: Now = %v, want %v in UTC", c.name, got, c.want)
		}
	}
	before := time.Now()
	if got := Now(env(""), time.Time{}); got.Before(before.Add(-time.Second)) {
		t.Errorf("no epoch, no commit: Now = %v, want the current time", got)
	}
}

// TestDeterministic: the same content scores the same, whatever the order
// of work on the cores.
func TestDeterministic(t *testing.T) {
	set := generate(t, 2000, 20)
	a, b := Compute(set, now), Compute(set, now)
	for i := range a.Themes {
		x, y := a.Themes[i], b.Themes[i]
		if x.Theme != y.Theme || x.Priority != y.Priority || x.Demand != y.Demand || x.Sentiment != y.Sentiment {
			t.Fatalf("theme %d differs between runs: %+v and %+v", i, x, y)
		}
	}
}

// generate makes a set of n items over m themes and n/20 customers.
func generate(tb testing.TB, n, m int) *content.Set {
	tb.Helper()
	words := []string{"export times out and fails", "love the new invoices, great", "please add dark mode",
		"the app crashes when I scan receipts", "sync is slow", "cannot log in with SSO, terrible", "works fine"}
	segments := []string{"enterprise", "mid-market", "smb"}
	sources := config.Default().Sources
	var customers []*content.Customer
	for i := range max(n/20, 1) {
		customers = append(customers, &content.Customer{ID: fmt.Sprintf("c%04d", i), Segment: segments[i%3], Revenue: float64(1000 * (i%50 + 1))})
	}
	var themes []*content.Theme
	for i := range m {
		th := theme(fmt.Sprintf("t%03d", i))
		if i%2 == 0 {
			th.Effort = num(float64(i%5 + 1))
		}
		themes = append(themes, th)
	}
	var items []*content.Item
	for i := range n {
		it := item(fmt.Sprintf("i%06d", i), (i*7)%730, sources[i%len(sources)], customers[(i*13)%len(customers)])
		if i%10 != 0 {
			it.Themes = []string{themes[(i*31)%m].ID}
		}
		if i%4 == 0 {
			it.Sentiment = ""
		}
		it.Text = words[i%len(words)] + " " + words[(i/7)%len(words)]
		if i%50 == 49 {
			it.DuplicateOf = fmt.Sprintf("i%06d", i-1)
		}
		items = append(items, it)
	}
	set := &content.Set{Config: config.Default(), Themes: themes, Items: items, Customers: customers}
	if ds := set.Resolve(); len(ds) > 0 {
		tb.Fatal(ds)
	}
	return set
}

func BenchmarkCompute(b *testing.B) {
	set := generate(b, 10000, 100)
	b.ResetTimer()
	for b.Loop() {
		Compute(set, now)
	}
}

// TestCache: a cache scores exactly as Compute does, first from nothing,
// then after items are edited (in place or replaced), added and removed:
// a remembered sentiment is used only while the item's text is the same.
func TestCache(t *testing.T) {
	set := generate(t, 400, 8)
	c := NewCache()
	same := func(step string) {
		t.Helper()
		got, want := c.Compute(set, now), Compute(set, now)
		if len(got.Themes) != len(want.Themes) || len(got.Items) != len(want.Items) {
			t.Fatalf("%s: %d themes and %d items, want %d and %d", step, len(got.Themes), len(got.Items), len(want.Themes), len(want.Items))
		}
		for i := range want.Themes {
			if g, w := fmt.Sprintf("%+v", *got.Themes[i]), fmt.Sprintf("%+v", *want.Themes[i]); g != w {
				t.Fatalf("%s: theme %d\n got %s\nwant %s", step, i, g, w)
			}
		}
		for id, w := range want.Items {
			if g := got.Items[id]; fmt.Sprintf("%+v", *g) != fmt.Sprintf("%+v", *w) {
				t.Fatalf("%s: item %s\n got %+v\nwant %+v", step, id, *g, *w)
			}
		}
	}
	same("first")
	same("again")

	set.Items[3].Text = "this is wonderful, I love it"
	set.Items[3].Sentiment = ""
	same("text edited in place")

	set.Items[4].Title, set.Items[4].Text, set.Items[4].Sentiment = "Export stops at 2,000 rows", "", ""
	same("text edited in place again")
	set.Items[4].Type = "bug" // the type is evidence of sentiment
	same("type edited in place")

	edited := *set.Items[5]
	edited.Title, edited.Sentiment = "Terrible crash, lost all my work", ""
	set.Items[5] = &edited
	same("item replaced by an edited copy")

	set.Items = append(set.Items[:7], set.Items[8:]...)
	set.Items = append(set.Items, &content.Item{ID: "new", Title: "Great export", Text: "fast and reliable", Date: now, Source: "survey", Type: "praise", Mentions: 1})
	if ds := set.Resolve(); len(ds) > 0 {
		t.Fatal(ds)
	}
	same("item removed and item added")
}

// TestCacheUpdates: after each of a long random sequence of edits (items
// edited in place or replaced, their text, date, themes, status, customer,
// mentions, privacy and duplicate_of changed, items added and removed,
// a theme's status and effort changed), a cache scores exactly as Compute does, and
// most steps (those that change only items) take the update path.
func TestCacheUpdates(t *testing.T) {
	set := generate(t, 300, 6)
	c := NewCache()
	check := func(step int, what string) {
		t.Helper()
		if ds := set.Resolve(); ds.Fails(false) {
			t.Fatalf("step %d (%s): %v", step, what, ds)
		}
		got, want := c.Compute(set, now), Compute(set, now)
		if g, w := fmt.Sprintf("%+v", derefThemes(got.Themes)), fmt.Sprintf("%+v", derefThemes(want.Themes)); g != w {
			t.Fatalf("step %d (%s): themes\n got %s\nwant %s", step, what, g, w)
		}
		if len(got.Items) != len(want.Items) {
			t.Fatalf("step %d (%s): %d items, want %d", step, what, len(got.Items), len(want.Items))
		}
		for id, w := range want.Items {
			if g := got.Items[id]; g == nil || fmt.Sprintf("%+v", *g) != fmt.Sprintf("%+v", *w) {
				t.Fatalf("step %d (%s): item %s\n got %+v\nwant %+v", step, what, id, g, *w)
			}
		}
		if fmt.Sprint(got.Diagnostics) != fmt.Sprint(want.Diagnostics) {
			t.Fatalf("step %d (%s): diagnostics %v, want %v", step, what, got.Diagnostics, want.Diagnostics)
		}
	}
	check(0, "first")
	rng := rand.New(rand.NewPCG(1, 2))
	statuses := []string{"", "open", "planned", "shipped"}
	texts := []string{"I love it", "it crashes every day, awful", "fine", "slow export, please fix"}
	ids := 0
	for step := 1; step <= 400; step++ {
		it := set.Items[rng.IntN(len(set.Items))]
		if rng.IntN(2) == 0 { // a new copy, as heed serve parses an edited file
			cp := *it
			i := slices.Index(set.Items, it)
			set.Items[i], it = &cp, &cp
		}
		var what string
		switch rng.IntN(15) {
		case 0:
			what, it.Text = "text", texts[rng.IntN(len(texts))]
		case 1:
			what, it.Title = "title", texts[rng.IntN(len(texts))]
		case 2:
			what, it.Date = "date", daysAgo(rng.IntN(400))
		case 3:
			what, it.Themes = "themes", []string{set.Themes[rng.IntN(len(set.Themes))].ID}
		case 4:
			what, it.Themes = "themes removed", nil
		case 5:
			what, it.Status = "status", statuses[rng.IntN(len(statuses))]
		case 6:
			what, it.Customer = "customer", set.Customers[rng.IntN(len(set.Customers))]
		case 7:
			what, it.Mentions = "mentions", rng.IntN(4)
		case 8:
			what, it.Private = "private", !it.Private
		case 9:
			what = "duplicate_of"
			if it.DuplicateOf != "" {
				it.DuplicateOf = ""
			} else if o := set.Items[rng.IntN(len(set.Items))]; o != it && o.DuplicateOf == "" {
				it.DuplicateOf = o.ID
			}
		case 10:
			what = "removed"
			if !slices.ContainsFunc(set.Items, func(x *content.Item) bool { return x.DuplicateOf == it.ID }) {
				set.Items = slices.DeleteFunc(set.Items, func(x *content.Item) bool { return x == it })
			}
		case 11:
			ids++
			what = "added"
			n := item(fmt.Sprintf("new%03d", ids), rng.IntN(300), "survey", set.Customers[rng.IntN(len(set.Customers))], set.Themes[rng.IntN(len(set.Themes))].ID)
			n.Text = texts[rng.IntN(len(texts))]
			set.Items = append(set.Items, n)
		case 12:
			what = "theme status"
			th := set.Themes[rng.IntN(len(set.Themes))]
			th.Status = []string{"exploring", "planned", "shipped"}[rng.IntN(3)]
		case 13:
			what = "theme effort"
			th := set.Themes[rng.IntN(len(set.Themes))]
			th.Effort = num(float64(rng.IntN(5) + 1))
		case 14:
			what, it.Type = "type", []string{"bug", "request", "praise", "complaint"}[rng.IntN(4)]
		}
		check(step, what)
	}
	if c.updates < 250 {
		t.Errorf("%d of 400 steps scored by update, want most", c.updates)
	}
}

func derefThemes(ts []*ThemeScore) []ThemeScore {
	out := make([]ThemeScore, len(ts))
	for i, t := range ts {
		out[i] = *t
	}
	return out
}

// BenchmarkCacheCompute scores 10,000 items and 100 themes again after one
// item's text changed, as heed serve does after an edit.
func BenchmarkCacheCompute(b *testing.B) {
	set := generate(b, 10000, 100)
	c := NewCache()
	c.Compute(set, now)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		it := *set.Items[42]
		it.Text = fmt.Sprintf("edit %d: the export times out", i)
		set.Items[42] = &it
		c.Compute(set, now)
	}
}
