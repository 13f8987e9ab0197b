package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Params are the shape of a corpus. Equal Params give an equal corpus.
type Params struct {
	Items, Themes, Customers, Commits int
	Seed                              uint64
	// PullRequests, when above 0, makes every commit of changes a pull
	// request: a branch commit made from main's commit 1 to PullRequests
	// merges back, and its merge (see writeRepository).
	PullRequests int
}

// The corpus spans two years of feedback; commits follow the same dates.
var (
	corpusStart = time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC)
	corpusEnd   = time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
)

// Customer is one entry of customers.yaml.
type Customer struct {
	ID, Name, Segment, Plan, Region, Contact string
	Revenue                                  int
	weight                                   float64 // how often they give feedback
}

// Theme is one themes/*.md file, with the statuses it goes through.
type Theme struct {
	ID, Title, Summary string
	area               *area
	facet              *facet
	// Path is the status sequence, first to last; Steps holds the time of
	// each move after the first (len(Path)-1 entries).
	Path      []string
	Steps     []time.Time
	Horizon   string // explicit horizon, "" when it follows the status
	Target    string
	Shipped   time.Time // explicit shipped date, zero when history tells
	Owner     string
	Objective string
	RICE      *[4]float64 // reach, impact, confidence, effort
	Keywords  []string
	Body      string // the problem statement
}

// Status is the theme's final status.
func (t *Theme) Status() string { return t.Path[len(t.Path)-1] }

// Item is one feedback/**/*.md file.
type Item struct {
	ID, Path, Title string
	Date            time.Time
	RFC3339         bool // date written with a time of day
	Source, Type    string
	Customer        *Customer
	Inline          *Customer // a customer described in the item, not in customers.yaml
	Themes          []string
	Status          string
	DuplicateOf     string
	NPS, CSAT, CES  int // 0 = absent (nps is stored +1)
	Sentiment       string
	Mentions        int // 0 = absent
	Tags, Links     []string
	Private         bool
	Body            string

	// History: the item is added at Added, without Themes when TriagedAt is
	// set (the themes come in then), without Status when StatusAt is set and
	// without Tags when TaggedAt is set.
	Added, TriagedAt, StatusAt, TaggedAt time.Time
	area                                 *area
	facet                                *facet
	sentences                            []string // body sentences, reused by duplicates
}

// Corpus is the whole synthetic repository's content.
type Corpus struct {
	Params    Params
	Customers []*Customer
	Themes    []*Theme
	Items     []*Item // sorted by date, then id
}

var (
	sources       = []string{"survey", "interview", "support", "review", "social", "sales", "usage", "form", "community", "advisory", "other"}
	sourceWeights = []float64{18, 8, 30, 6, 4, 8, 5, 8, 7, 3, 3}
	types         = []string{"bug", "request", "usability", "praise", "question", "complaint"}
	typeWeights   = []float64{25, 38, 12, 8, 9, 8}
	itemStatuses  = []string{"new", "acknowledged", "planned", "in-progress", "shipped", "declined"}
	statusWeights = []float64{10, 40, 10, 8, 18, 14}
	// finalPaths are the status sequences a theme can go through.
	finalPaths = []struct {
		path   []string
		weight float64
	}{
		{[]string{"exploring"}, 30},
		{[]string{"exploring", "planned"}, 18},
		{[]string{"exploring", "planned", "in-progress"}, 14},
		{[]string{"exploring", "planned", "in-progress", "shipped"}, 20},
		{[]string{"exploring", "in-progress", "shipped"}, 5},
		{[]string{"exploring", "declined"}, 8},
		{[]string{"exploring", "planned", "declined"}, 3},
		{[]string{"planned", "in-progress", "shipped"}, 2},
	}
)

// pick returns an index drawn with the given weights.
func pick(r *rand.Rand, weights []float64) int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x := r.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func one[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// NewCorpus makes the content of a corpus. Each part draws from its own
// random stream, so the items do not change with the number of commits.
func NewCorpus(p Params) *Corpus {
	c := &Corpus{Params: p}
	c.Customers = makeCustomers(rand.New(rand.NewPCG(p.Seed, 1)), p.Customers)
	c.Themes = makeThemes(rand.New(rand.NewPCG(p.Seed, 2)), p.Themes)
	c.Items = makeItems(rand.New(rand.NewPCG(p.Seed, 3)), p.Items, c.Themes, c.Customers)
	return c
}

func makeCustomers(r *rand.Rand, n int) []*Customer {
	out := make([]*Customer, 0, n)
	seen := map[string]bool{}
	for i := 0; len(out) < n; i++ {
		name := one(r, companyFirst) + " " + one(r, companySecond)
		if s := one(r, companySuffix); s != "" {
			name += " " + s
		}
		id := slugify(name, 60)
		if seen[id] {
			id = fmt.Sprintf("%s-%d", id, i)
			name = fmt.Sprintf("%s (%d)", name, i)
		}
		seen[id] = true
		c := &Customer{ID: id, Name: name, Region: one(r, regions)}
		switch x := r.Float64(); {
		case x < 0.10:
			c.Segment, c.Plan = "enterprise", "enterprise"
			c.Revenue = 60000 + r.IntN(340)*1000
			c.weight = 4
		case x < 0.40:
			c.Segment, c.Plan = "mid-market", one(r, []string{"business", "business", "enterprise"})
			c.Revenue = 12000 + r.IntN(90)*500
			c.weight = 2
		default:
			c.Segment, c.Plan = "smb", one(r, []string{"starter", "team", "team"})
			c.Revenue = 600 + r.IntN(60)*200
			c.weight = 1
		}
		// A few loud customers: weight follows a long tail.
		c.weight *= 1 / math.Pow(1-r.Float64()*0.95, 0.8)
		c.Contact = strings.ToLower(one(r, firstNames)) + "@" + c.ID + ".example.com"
		out = append(out, c)
	}
	return out
}

func makeThemes(r *rand.Rand, n int) []*Theme {
	type pair struct{ a, f int }
	var pairs []pair
	for a := range areas {
		for f := range facets {
			pairs = append(pairs, pair{a, f})
		}
	}
	r.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
	out := make([]*Theme, 0, n)
	for i := range n {
		pr := pairs[i%len(pairs)]
		a, f := &areas[pr.a], &facets[pr.f]
		t := &Theme{area: a, facet: f, ID: a.id + "-" + f.id}
		t.Title = capFirst(fill(f.title, a))
		t.Summary = capFirst(fill(f.summary, a))
		if round := i / len(pairs); round > 0 {
			t.ID = fmt.Sprintf("%s-%d", t.ID, round+1)
			t.Title = fmt.Sprintf("%s (part %d)", t.Title, round+1)
		}
		fp := finalPaths[pick(r, weightsOf(finalPaths))]
		t.Path = fp.path
		// Moves happen at sorted random times over the two years.
		span := corpusEnd.Sub(corpusStart)
		for range len(t.Path) - 1 {
			t.Steps = append(t.Steps, corpusStart.Add(time.Duration(r.Int64N(int64(span)))).Truncate(time.Minute))
		}
		slices.SortFunc(t.Steps, func(x, y time.Time) int { return x.Compare(y) })
		st := t.Status()
		if r.IntN(5) == 0 && (st == "planned" || st == "exploring") {
			t.Horizon = one(r, []string{"now", "next", "later"})
		}
		if st == "planned" || st == "in-progress" {
			t.Target = fmt.Sprintf("2027-%s", one(r, []string{"Q1", "Q2", "Q3", "H1", "H2", "03", "06"}))
		}
		if st == "shipped" && r.IntN(5) < 3 {
			t.Shipped = t.Steps[len(t.Steps)-1].Truncate(24 * time.Hour)
		}
		t.Owner = one(r, owners)
		if r.IntN(4) > 0 {
			t.Objective = objectives[r.IntN(len(objectives))].id
		}
		if r.IntN(10) < 7 {
			t.RICE = &[4]float64{float64(5 + r.IntN(60)), float64(1 + r.IntN(3)), float64(5+r.IntN(5)) / 10, float64(1 + r.IntN(8))}
		}
		t.Keywords = append(slices.Clone(a.keywords[:3]), f.keywords[:3]...)
		t.Body = themeBody(r, t)
		out = append(out, t)
	}
	slices.SortFunc(out, func(x, y *Theme) int { return strings.Compare(x.ID, y.ID) })
	return out
}

func weightsOf(xs []struct {
	path   []string
	weight float64
}) []float64 {
	w := make([]float64, len(xs))
	for i, x := range xs {
		w[i] = x.weight
	}
	return w
}

func makeItems(r *rand.Rand, n int, themes []*Theme, customers []*Customer) []*Item {
	if n == 0 {
		return nil
	}
	// Customers are drawn by weight through a cumulative table.
	cum := make([]float64, len(customers))
	var total float64
	for i, c := range customers {
		total += c.weight
		cum[i] = total
	}
	drawCustomer := func() *Customer {
		if len(customers) == 0 {
			return nil
		}
		i, _ := slices.BinarySearch(cum, r.Float64()*total)
		return customers[min(i, len(customers)-1)]
	}
	// Theme popularity follows a long tail too.
	tw := make([]float64, len(themes))
	for i := range themes {
		tw[i] = 1 / math.Pow(float64(1+r.IntN(len(themes))), 0.7)
	}
	tcum := make([]float64, len(themes))
	var ttotal float64
	for i, w := range tw {
		ttotal += w
		tcum[i] = ttotal
	}
	drawTheme := func() *Theme {
		i, _ := slices.BinarySearch(tcum, r.Float64()*ttotal)
		return themes[min(i, len(themes)-1)]
	}

	span := corpusEnd.Sub(corpusStart)
	items := make([]*Item, 0, n)
	byTheme := map[string][]*Item{} // earlier public originals, for duplicates
	ids := map[string]bool{}
	// Dates first, sorted, so that duplicates can point back in time.
	dates := make([]time.Time, n)
	for i := range dates {
		// Volume grows over time: density rises linearly.
		u := math.Sqrt(r.Float64())
		dates[i] = corpusStart.Add(time.Duration(u * float64(span))).Truncate(time.Minute)
	}
	slices.SortFunc(dates, func(x, y time.Time) int { return x.Compare(y) })

	for i := range n {
		it := &Item{Date: dates[i]}
		it.Source = sources[pick(r, sourceWeights)]
		it.Type = types[pick(r, typeWeights)]
		var th *Theme
		if len(themes) > 0 && r.IntN(100) >= 15 {
			th = drawTheme()
			it.Themes = []string{th.ID}
			if r.IntN(8) == 0 {
				if other := drawTheme(); other != th {
					it.Themes = append(it.Themes, other.ID)
				}
			}
		}
		a, f := &areas[r.IntN(len(areas))], &facets[r.IntN(len(facets))]
		if th != nil {
			a, f = th.area, th.facet
		}
		it.area, it.facet = a, f
		switch x := r.IntN(100); {
		case x < 80:
			it.Customer = drawCustomer()
		case x < 84:
			name := one(r, companyFirst) + " " + one(r, companySecond) + " Prospect"
			it.Inline = &Customer{ID: slugify(name, 60), Name: name, Segment: one(r, []string{"smb", "mid-market", "enterprise"}), Region: one(r, regions)}
		}
		it.Private = r.IntN(100) < 5

		// A duplicate retells an earlier public item of the same theme.
		var orig *Item
		if th != nil && r.IntN(100) < 5 {
			if prev := byTheme[th.ID]; len(prev) > 0 {
				orig = prev[r.IntN(len(prev))]
			}
		}
		if orig != nil {
			it.Type, it.Themes = orig.Type, slices.Clone(orig.Themes)
			it.Title, it.sentences = retell(r, orig)
			// Most duplicates are marked; the rest are for heed to find.
			if r.IntN(10) < 7 {
				it.DuplicateOf = orig.ID
				if r.IntN(3) == 0 {
					it.Status = "duplicate"
				}
			}
		} else {
			it.Title = itemTitle(r, it.Type, a, f)
			it.sentences = itemSentences(r, it, a, f)
		}
		it.Body = itemBody(r, it, a)

		base := it.Date.Format("2006-01-02") + "-" + slugify(it.Title, 48)
		it.ID = base
		for k := 2; ids[it.ID]; k++ {
			it.ID = fmt.Sprintf("%s-%d", base, k)
		}
		ids[it.ID] = true
		it.Path = "feedback/" + it.Date.Format("2006/01/02") + "/" + it.ID + ".md"
		it.RFC3339 = r.IntN(10) == 0

		if it.DuplicateOf == "" && r.IntN(100) < 20 {
			it.Status = itemStatuses[pick(r, statusWeights)]
		}
		if it.Source == "survey" {
			it.NPS = 1 + surveyScore(r, it.Type, 11) // 0..10, stored +1
			if r.IntN(2) == 0 {
				it.CSAT = 1 + surveyScore(r, it.Type, 5)
			}
			if r.IntN(3) == 0 {
				it.CES = 1 + surveyScore(r, it.Type, 7)
			}
			if r.IntN(5) == 0 {
				it.Mentions = 2 + r.IntN(40)
			}
		} else if it.Source == "support" && r.IntN(5) == 0 {
			it.CSAT = 1 + surveyScore(r, it.Type, 5)
		}
		if r.IntN(30) == 0 {
			it.Sentiment = one(r, []string{"positive", "neutral", "negative"})
		}
		for range r.IntN(4) {
			tag := one(r, generalTags)
			if r.IntN(2) == 0 {
				tag = strings.ReplaceAll(one(r, a.keywords), " ", "-")
			}
			if !slices.Contains(it.Tags, tag) {
				it.Tags = append(it.Tags, tag)
			}
		}
		if pattern, ok := sourceLinks[it.Source]; ok && r.IntN(10) < 3 {
			it.Links = append(it.Links, fmt.Sprintf(pattern, 1000+r.IntN(90000)))
		}

		// History: added a day or so after it was received; some come in
		// untriaged and get their themes later, some get a status later.
		it.Added = it.Date.Add(time.Duration(2+r.IntN(46)) * time.Hour)
		if len(it.Themes) > 0 && it.DuplicateOf == "" && r.IntN(5) == 0 {
			it.TriagedAt = it.Added.Add(time.Duration(1+r.IntN(20*24)) * time.Hour)
		}
		if it.Status != "" && it.Status != "duplicate" && r.IntN(2) == 0 {
			it.StatusAt = it.Added.Add(time.Duration(24+r.IntN(60*24)) * time.Hour)
		}
		if len(it.Tags) > 0 && r.IntN(6) == 0 {
			it.TaggedAt = it.Added.Add(time.Duration(1+r.IntN(30*24)) * time.Hour)
		}
		// A change planned after the end of history is in the item from
		// the start.
		for _, at := range []*time.Time{&it.TriagedAt, &it.StatusAt, &it.TaggedAt} {
			if at.After(historyEnd) {
				*at = time.Time{}
			}
		}
		items = append(items, it)
		if th != nil && !it.Private && it.DuplicateOf == "" {
			byTheme[th.ID] = append(byTheme[th.ID], it)
		}
	}
	return items
}

// surveyScore draws a score in 0..n-1, high for praise and low for
// complaints and bugs.
func surveyScore(r *rand.Rand, typ string, n int) int {
	x := r.Float64()
	switch typ {
	case "praise":
		x = 1 - x*x*0.6
	case "complaint", "bug":
		x = x * x * 0.8
	}
	return min(n-1, int(x*float64(n)))
}

// slugify makes a slug of at most max characters, cut at a dash.
func slugify(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > max {
		out = out[:max]
		if i := strings.LastIndexByte(out, '-'); i > 0 {
			out = out[:i]
		}
	}
	if out == "" {
		return "item"
	}
	return out
}

func capFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
