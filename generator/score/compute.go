package score

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/internal/parallel"
	"github.com/heedhq/heed/generator/sentiment"
)

// RICE defaults for a theme that does not say.
const (
	DefaultImpact     = 1.0
	DefaultConfidence = 0.5
	DefaultEffort     = 1.0
)

// declaredCompound is the compound score that stands for a declared
// sentiment its computed score contradicts; ok is false for no declared
// sentiment.
func declaredCompound(s string) (c float64, ok bool) {
	switch s {
	case "positive":
		return 0.5, true
	case "neutral":
		return 0, true
	case "negative":
		return -0.5, true
	}
	return 0, false
}

// Compute scores every item and theme of set as of now. It never fails:
// an invalid priority formula is reported in Result.Diagnostics and the
// default formula is used. Items' sentiment is computed on all cores.
// set must be resolved (as content.Load leaves it) and have a Config.
func Compute(set *content.Set, now time.Time) *Result {
	return compute(set, now, nil)
}

// Cache scores content as Compute does, remembering what it computed, so
// that scoring the same content again after a few files changed (heed
// serve) analyses only the text of new and edited items and, while the
// configuration, customers and themes are as before, scores again only the
// items that changed and the themes they count toward. Items and themes
// are compared by value; the configuration and customers by identity (a
// caller that edits them in place needs a new Cache). It is safe for
// concurrent use; calls are serialised.
type Cache struct {
	mu       sync.Mutex
	readings map[*content.Item]cachedReading
	last     *lastRun
	// updates counts the results made by update rather than in full (for
	// tests).
	updates int
}

// cachedReading is an item's sentiment as the analyzer read it and what it
// was read from.
type cachedReading struct {
	title, text, typ string
	reading          sentiment.Reading
}

// lastRun is what a Cache's last Compute saw and made.
type lastRun struct {
	cfg       *config.Config
	customers []*content.Customer
	now       time.Time
	themes    []themeKey
	items     []itemKey           // set.Items' inputs, in the set's order
	scores    []*ItemScore        // by item, in the same order
	raw       []sentiment.Reading // the analyzer's, likewise
	f         *formula
	result    *Result
	// clean is whether every theme's priority was a number (the result's
	// diagnostics are then the formula's own).
	clean bool
}

// itemKey is what an item's score and its part in its themes' scores are
// made from.
type itemKey struct {
	itemFields
	themes []string
}

// itemFields are the comparable part of an itemKey.
type itemFields struct {
	item                                                       *content.Item
	id, path, title, text, source, typ, status, dup, sentiment string
	date                                                       time.Time
	mentions                                                   int
	private, scoreOnly                                         bool
	customer                                                   *content.Customer
	custID, segment                                            string
	revenue                                                    float64
}

// keyOf returns it's key, its themes not copied: owned returns it with
// them copied into block (which it returns too), for keeping.
func keyOf(it *content.Item) itemKey {
	k := itemKey{itemFields{item: it, id: it.ID, path: it.Path, title: it.Title, text: it.Text, source: it.Source, typ: it.Type, status: it.Status,
		dup: it.DuplicateOf, sentiment: it.Sentiment, date: it.Date, mentions: it.Mentions, private: it.Private,
		scoreOnly: it.ScoreOnly, customer: it.Customer}, it.Themes}
	if c := it.Customer; c != nil {
		k.custID, k.segment, k.revenue = c.ID, c.Segment, c.Revenue
	}
	return k
}

func (k itemKey) owned(block []string) (itemKey, []string) {
	start := len(block)
	block = append(block, k.themes...)
	k.themes = block[start:len(block):len(block)]
	return k, block
}

func (k itemKey) equal(o itemKey) bool {
	return k.itemFields == o.itemFields && slices.Equal(k.themes, o.themes)
}

// themeKey is what a theme's score and its items' statuses read of it.
type themeKey struct {
	theme                 *content.Theme
	id, status, objective string
	// reach, impact, confidence and effort, and which of them are set.
	rice [4]float64
	set  [4]bool
}

func themeKeyOf(th *content.Theme) themeKey {
	k := themeKey{theme: th, id: th.ID, status: th.Status, objective: th.Objective}
	for i, v := range [4]*float64{th.Reach, th.Impact, th.Confidence, th.Effort} {
		if v != nil {
			k.rice[i], k.set[i] = *v, true
		}
	}
	return k
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// Compute returns what Compute(set, now) returns. An item keeps its cached
// sentiment while its title, text and type are the same; the cache keeps what
// it needs of the last set it scored and of the last it scored in full.
func (c *Cache) Compute(set *content.Set, now time.Time) *Result {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r := c.update(set, now); r != nil {
		c.updates++
		return r
	}
	return compute(set, now, c)
}

// update scores set from the last run when only items changed: the items
// that differ (and every duplicate, whose themes are its original's) are
// scored again, and the themes they count toward, before or after. It
// returns nil when it cannot (the caller then scores in full).
func (c *Cache) update(set *content.Set, now time.Time) *Result {
	l := c.last
	if l == nil || !l.clean || set.Config != l.cfg || !now.Equal(l.now) || !slices.Equal(set.Customers, l.customers) ||
		len(set.Themes) != len(l.themes) {
		return nil
	}
	for i, th := range set.Themes {
		if themeKeyOf(th) != l.themes[i] {
			return nil
		}
	}
	p := params{cfg: set.Config, now: now}
	n := len(set.Items)
	keys := make([]itemKey, n)
	scores := make([]*ItemScore, n)
	raw := make([]sentiment.Reading, n)
	touched := map[string]bool{}
	touch := func(ids []string) {
		for _, id := range ids {
			touched[id] = true
		}
	}
	// Old and new items side by side, both in the order Resolve sorts them
	// (id, then path); a set in another order, or with an id twice, is
	// scored in full.
	var redo []int
	var was []int   // for each of redo, the old item at its place, or -1
	var same []bool // for each of redo, a duplicate as it was
	removed := []string{}
	i := 0
	for j, it := range set.Items {
		if j > 0 && set.Items[j-1].ID >= it.ID {
			return nil
		}
		for i < len(l.items) && compareKeys(l.items[i], it) < 0 {
			touch(l.scores[i].Themes)
			removed = append(removed, l.items[i].id)
			i++
		}
		if i < len(l.items) && compareKeys(l.items[i], it) == 0 {
			switch k := keyOf(it); {
			case !k.equal(l.items[i]):
				keys[j], _ = k.owned(nil)
				redo, was, same = append(redo, j), append(was, i), append(same, false)
			case it.DuplicateOf != "":
				// As it was, but its original may have changed.
				keys[j] = l.items[i]
				redo, was, same = append(redo, j), append(was, i), append(same, true)
			default:
				keys[j], scores[j], raw[j] = l.items[i], l.scores[i], l.raw[i]
			}
			i++
			continue
		}
		keys[j], _ = keyOf(it).owned(nil)
		redo, was, same = append(redo, j), append(was, -1), append(same, false)
	}
	for ; i < len(l.items); i++ {
		touch(l.scores[i].Themes)
		removed = append(removed, l.items[i].id)
	}

	an := analyzer()
	block := make([]ItemScore, len(redo))
	for k, j := range redo {
		it := set.Items[j]
		if o := was[k]; o >= 0 && l.items[o].title == it.Title && l.items[o].text == it.Text && l.items[o].typ == it.Type {
			raw[j] = l.raw[o]
		} else if cr, ok := c.readings[it]; ok && cr.title == it.Title && cr.text == it.Text && cr.typ == it.Type {
			raw[j] = cr.reading
		} else {
			raw[j] = an.Read(it.Title, it.Text, it.Type)
		}
		is := &block[k]
		scoreItem(is, it, raw[j], p)
		placeItem(is, set, it, p, nil)
		scores[j] = is
		if o := was[k]; !same[k] || !sameScore(is, l.scores[o]) {
			touch(is.Themes)
			if o >= 0 {
				touch(l.scores[o].Themes)
			}
		}
	}

	r := &Result{Now: now, Items: maps.Clone(l.result.Items), Diagnostics: slices.Clone(l.result.Diagnostics)}
	for _, id := range removed {
		delete(r.Items, id)
	}
	for _, j := range redo {
		r.Items[set.Items[j].ID] = scores[j]
	}
	accs := map[string]*themeAcc{}
	for _, th := range set.Themes {
		if touched[th.ID] {
			accs[th.ID] = &themeAcc{theme: th, index: map[voiceKey]int{}}
		}
	}
	if len(accs) > 0 {
		counted := func(it *content.Item) bool { return !it.Private || p.cfg.Publish.PrivateCounts }
		for j, it := range set.Items {
			if !counted(it) {
				continue
			}
			for _, id := range scores[j].Themes {
				if a := accs[id]; a != nil {
					a.add(it, scores[j], p)
				}
			}
		}
	}
	old := make(map[string]*ThemeScore, len(l.result.Themes))
	for _, ts := range l.result.Themes {
		old[ts.Theme] = ts
	}
	r.Themes = make([]*ThemeScore, 0, len(set.Themes))
	for _, th := range set.Themes {
		ts := old[th.ID]
		if a := accs[th.ID]; a != nil {
			var err error
			if ts, err = a.score(l.f, p); err != nil {
				return nil // the full score reports it
			}
		}
		r.Themes = append(r.Themes, ts)
	}
	sortThemes(r.Themes)
	// c.readings stays as the last full score left it: the items changed
	// since are analysed again if one is needed.
	c.last = &lastRun{cfg: set.Config, customers: slices.Clone(set.Customers), now: now, themes: l.themes,
		items: keys, scores: scores, raw: raw, f: l.f, result: r, clean: true}
	return r
}

func compareKeys(k itemKey, it *content.Item) int {
	return cmp.Or(cmp.Compare(k.id, it.ID), cmp.Compare(k.path, it.Path))
}

// sameScore reports whether two item scores say the same.
func sameScore(a, b *ItemScore) bool {
	return a.Item == b.Item && a.Weight == b.Weight && a.Compound == b.Compound && a.Sentiment == b.Sentiment &&
		slices.Equal(a.Themes, b.Themes) && a.Untriaged == b.Untriaged && a.Triage == b.Triage
}

func compute(set *content.Set, now time.Time, cache *Cache) *Result {
	cfg := set.Config
	r := &Result{Now: now, Items: make(map[string]*ItemScore, len(set.Items))}
	p := params{cfg: cfg, now: now}

	items, raw := scoreItems(set, p, cache)
	for _, is := range items {
		r.Items[is.Item] = is
	}

	f, ds := compileFormula(cfg)
	r.Diagnostics = ds

	// Each theme's items are counted first, so that its accumulator is
	// made to size rather than grown item by item.
	counted := func(it *content.Item) bool { return !it.Private || cfg.Publish.PrivateCounts }
	sizes := make(map[string]int, len(set.Themes))
	for i, it := range set.Items {
		if counted(it) {
			for _, id := range items[i].Themes {
				sizes[id]++
			}
		}
	}
	accs := make([]*themeAcc, len(set.Themes))
	byID := make(map[string]*themeAcc, len(set.Themes))
	for i, th := range set.Themes {
		n := sizes[th.ID]
		accs[i] = &themeAcc{theme: th, index: make(map[voiceKey]int, n), voices: make([]voice, 0, n), items: make([]string, 0, n)}
		byID[th.ID] = accs[i]
	}
	for i, it := range set.Items {
		if !counted(it) {
			continue
		}
		is := items[i]
		for _, id := range is.Themes {
			byID[id].add(it, is, p)
		}
	}

	var failed []string
	for _, a := range accs {
		ts, err := a.score(f, p)
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s (%v)", a.theme.ID, err))
		}
		r.Themes = append(r.Themes, ts)
	}
	if len(failed) > 0 {
		n := len(failed)
		if n > 5 {
			failed = append(failed[:5], fmt.Sprintf("and %d more", n-5))
		}
		pos := cfg.Pos["priority"]
		r.Diagnostics = append(r.Diagnostics, diag.Warnf(cfg.Path, pos.Line, pos.Col, "priority-formula",
			"priority formula %q has no numeric value for %d theme(s), which score 0: %s", f.source, n, strings.Join(failed, ", ")))
	}
	sortThemes(r.Themes)
	if cache != nil {
		l := &lastRun{cfg: cfg, customers: slices.Clone(set.Customers), now: now, scores: items, raw: raw, f: f, result: r,
			clean: len(failed) == 0, items: make([]itemKey, len(set.Items)), themes: make([]themeKey, len(set.Themes))}
		var block []string
		for i, it := range set.Items {
			l.items[i], block = keyOf(it).owned(block)
		}
		for i, th := range set.Themes {
			l.themes[i] = themeKeyOf(th)
		}
		cache.last = l
	}
	return r
}

// sortThemes orders theme scores by priority, highest first, then id.
func sortThemes(ts []*ThemeScore) {
	slices.SortStableFunc(ts, func(a, b *ThemeScore) int {
		return cmp.Or(cmp.Compare(b.Priority, a.Priority), cmp.Compare(a.Theme, b.Theme))
	})
}

// params are the settings every score is measured with.
type params struct {
	cfg *config.Config
	now time.Time
}

// window is the demand window in days.
func (p params) window() float64 {
	if p.cfg.DemandWindowDays <= 0 {
		return 90
	}
	return float64(p.cfg.DemandWindowDays)
}

// age is how many days before now t is; negative for a future date.
func (p params) age(t time.Time) float64 { return p.now.Sub(t).Hours() / 24 }

// recency is the decay of an item of the given age: 0.5^(age/half-life),
// 1 for an item from the future or without a half-life.
func (p params) recency(age float64) float64 {
	if age <= 0 || p.cfg.HalfLifeDays <= 0 {
		return 1
	}
	return math.Pow(0.5, age/p.cfg.HalfLifeDays)
}

// baseWeight is an item's weight without recency: source weight × segment
// weight × mentions.
func (p params) baseWeight(it *content.Item) float64 {
	w := weightOf(p.cfg.SourceWeights, it.Source)
	if it.Customer != nil {
		w *= weightOf(p.cfg.SegmentWeights, it.Customer.Segment)
	}
	return w * float64(max(it.Mentions, 1))
}

// weightOf is a configured weight, 1 for a name without one.
func weightOf(weights map[string]float64, name string) float64 {
	if w, ok := weights[name]; ok && name != "" {
		return w
	}
	return 1
}

// analyzer is the sentiment analyzer every Compute shares. Building one
// parses VADER's lexicon and the model's table (about 10 ms), and it is
// never written after that and safe for concurrent use, so it is built
// once, on first use.
var analyzer = sync.OnceValue(sentiment.New)

// scoreItems scores every item, in the order of set.Items, taking the
// computed sentiment of unchanged items from cache when there is one (and
// leaving the cache with the items of set); it returns the scores and the
// analyzer's readings, by item.
func scoreItems(set *content.Set, p params, cache *Cache) ([]*ItemScore, []sentiment.Reading) {
	an := analyzer()
	out := make([]*ItemScore, len(set.Items))
	block := make([]ItemScore, len(set.Items))       // one allocation for all the scores
	raw := make([]sentiment.Reading, len(set.Items)) // the analyzer's, before a declared sentiment
	var known map[*content.Item]cachedReading
	if cache != nil {
		known = cache.readings
	}
	parallel.For(len(set.Items), func(i int) {
		it := set.Items[i]
		if c, ok := known[it]; ok && c.title == it.Title && c.text == it.Text && c.typ == it.Type {
			raw[i] = c.reading
		} else {
			raw[i] = an.Read(it.Title, it.Text, it.Type)
		}
		scoreItem(&block[i], it, raw[i], p)
		out[i] = &block[i]
	})
	if cache != nil {
		cache.readings = make(map[*content.Item]cachedReading, len(set.Items))
		for i, it := range set.Items {
			cache.readings[it] = cachedReading{title: it.Title, text: it.Text, typ: it.Type, reading: raw[i]}
		}
	}
	themes := make([]string, 0, len(set.Items)) // the items' theme ids, one after another
	for i, it := range set.Items {
		themes = placeItem(out[i], set, it, p, themes)
	}
	return out, raw
}

// scoreItem fills in what an item's score says of the item alone: its
// weight and sentiment (r is the analyzer's reading of it).
func scoreItem(is *ItemScore, it *content.Item, r sentiment.Reading, p params) {
	*is = ItemScore{Item: it.ID, Weight: p.baseWeight(it) * p.recency(p.age(it.Date)), Compound: r.Score, Sentiment: r.Label}
	if c, ok := declaredCompound(it.Sentiment); ok && it.Sentiment != is.Sentiment {
		is.Compound, is.Sentiment = c, it.Sentiment
	}
	if it.ScoreOnly && it.Sentiment == "" {
		// No words, no sentiment: the title is made of the question and
		// the score, and a score is not a feeling to guess at.
		is.Compound, is.Sentiment = 0, ""
	}
}

// placeItem fills in the themes a scored item counts toward (their ids
// appended to block, see existingThemes) and whether it needs a look; it
// returns block.
func placeItem(is *ItemScore, set *content.Set, it *content.Item, p params, block []string) []string {
	if it.DuplicateOf == "" {
		block, is.Themes = existingThemes(set, it, block)
		st, _ := p.cfg.ItemStatus(set.ItemStatus(it))
		// An answer that is only a score has nothing to file under a theme.
		is.Untriaged = len(is.Themes) == 0 && st.Kind == config.KindOpen && !it.ScoreOnly
	} else if orig := set.Original(it); orig != nil {
		block, is.Themes = existingThemes(set, orig, block)
	}
	if is.Untriaged {
		is.Triage = is.Weight * (1 + max(0, -is.Compound))
	}
	return block
}

// existingThemes returns the ids of it's themes that exist, sorted, once
// each, appended to block (a capacity-limited slice of it, nil for none),
// and block: the ids of many items share a few allocations.
func existingThemes(set *content.Set, it *content.Item, block []string) ([]string, []string) {
	start := len(block)
	for _, id := range it.Themes {
		if set.Theme(id) != nil {
			block = append(block, id)
		}
	}
	ids := block[start:]
	slices.Sort(ids)
	ids = slices.Compact(ids)
	block = block[:start+len(ids)]
	if len(ids) == 0 {
		return block, nil
	}
	return block, ids[:len(ids):len(ids)]
}

// voice is one customer behind a theme (or one item without a customer).
type voice struct {
	customer *content.Customer // nil for an item without a customer
	// demand is the weight of the customer's strongest item; recent and
	// previous the base weight of its strongest item in the last demand
	// window and the one before.
	demand, recent, previous float64
	// inWindow is whether it spoke in the last demand window; reach is how
	// many people that is (an item without a customer reaches its mentions).
	inWindow bool
	reach    float64
}

// voiceKey names a voice: a customer, or an item without one.
type voiceKey struct {
	customer bool
	id       string
}

// themeAcc gathers one theme's counted items.
type themeAcc struct {
	theme    *content.Theme
	voices   []voice
	index    map[voiceKey]int // voice by customer, or by item without one
	items    []string         // non-duplicate, non-private item ids
	counted  int              // non-duplicate items
	mentions int
	compound float64 // sum over items and duplicates
	n        int     // items and duplicates with a sentiment
	recentN  int     // items and duplicates in the last window
}

func (a *themeAcc) add(it *content.Item, is *ItemScore, p params) {
	if it.DuplicateOf == "" {
		a.counted++
		if !it.Private {
			a.items = append(a.items, it.ID)
		}
	}
	a.mentions += max(it.Mentions, 1)
	if is.Sentiment != "" { // not an answer without words
		a.n++
		a.compound += is.Compound
	}

	key := voiceKey{id: it.ID}
	var cust *content.Customer
	if it.Customer != nil && it.Customer.ID != "" {
		cust, key = it.Customer, voiceKey{customer: true, id: it.Customer.ID}
	}
	i, ok := a.index[key]
	if !ok {
		i = len(a.voices)
		a.index[key] = i
		a.voices = append(a.voices, voice{customer: cust})
	}
	v := &a.voices[i]
	v.demand = max(v.demand, is.Weight)
	age, w, base := p.age(it.Date), p.window(), p.baseWeight(it)
	switch {
	case age < w:
		a.recentN++
		v.recent = max(v.recent, base)
		v.inWindow = true
		if cust == nil {
			v.reach = float64(max(it.Mentions, 1))
		} else {
			v.reach = 1
		}
	case age < 2*w:
		v.previous = max(v.previous, base)
	}
}

// score computes the theme's scores; the error says why the formula gave
// no number (the priority is then 0).
func (a *themeAcc) score(f *formula, p params) (*ThemeScore, error) {
	th, cfg := a.theme, p.cfg
	ts := &ThemeScore{Theme: th.ID, Items: a.items, Formula: f.source}
	if ts.Items == nil {
		ts.Items = []string{}
	}
	var recent, previous, reach float64
	anonymous := 0
	for _, v := range a.voices {
		ts.Demand += v.demand
		recent += v.recent
		previous += v.previous
		if v.inWindow {
			reach += v.reach
		}
		if v.customer != nil {
			ts.Customers++
			ts.Revenue += v.customer.Revenue
		} else {
			anonymous++
		}
	}
	if a.n > 0 {
		ts.Sentiment = a.compound / float64(a.n)
	}
	notes := map[string]string{}
	notes["demand"] = fmt.Sprintf("strongest item of each of %d customer(s) and %d item(s) without a customer; source × segment × recency (half-life %g days) × mentions",
		ts.Customers, anonymous, cfg.HalfLifeDays)
	notes["revenue"] = fmt.Sprintf("%d distinct customer(s)", ts.Customers)

	window := p.window()
	if th.Reach != nil {
		ts.Reach = *th.Reach
		notes["reach"] = "set on the theme"
	} else {
		ts.Reach = reach
		notes["reach"] = fmt.Sprintf("people behind the theme in the last %g days (not set on the theme)", window)
	}
	impact := orDefault(th.Impact, DefaultImpact, "impact", notes)
	confidence := orDefault(th.Confidence, DefaultConfidence, "confidence", notes)
	effort := orDefault(th.Effort, DefaultEffort, "effort", notes)
	if effort <= 0 {
		effort = DefaultEffort
		notes["effort"] = fmt.Sprintf("default %g (the theme's effort is not above 0)", DefaultEffort)
	}
	ts.RICE = ts.Reach * impact * confidence / effort
	notes["rice"] = fmt.Sprintf("%g × %g × %g / %g", ts.Reach, impact, confidence, effort)

	minItems := cfg.TrendMinItems
	if a.recentN >= minItems {
		ts.Trend = (recent - previous) / math.Max(previous, 1)
		ts.TrendKnown, ts.Previous = true, previous
		notes["trend"] = fmt.Sprintf("demand %.4g in the last %g days against %.4g in the %g days before", recent, window, previous, window)
	} else {
		notes["trend"] = fmt.Sprintf("0: %d item(s) in the last %g days, fewer than the %d a trend needs", a.recentN, window, minItems)
	}

	objective := 1.0
	if o, ok := cfg.Objective(th.Objective); ok && th.Objective != "" {
		objective = o.Weight
		notes["objective_weight"] = "objective " + o.ID
	} else {
		notes["objective_weight"] = "no objective in heed.yaml"
	}
	notes["items"] = "duplicates excluded"

	values := map[string]float64{
		"demand":           ts.Demand,
		"revenue":          ts.Revenue,
		"reach":            ts.Reach,
		"impact":           impact,
		"confidence":       confidence,
		"effort":           effort,
		"rice":             ts.RICE,
		"trend":            ts.Trend,
		"sentiment":        ts.Sentiment,
		"customers":        float64(ts.Customers),
		"items":            float64(a.counted),
		"mentions":         float64(a.mentions),
		"objective_weight": objective,
	}
	prio, err := f.eval(values)
	ts.Priority = prio
	weights := f.weights(values)
	ts.Breakdown = make([]Input, len(f.uses))
	for i, name := range f.uses {
		ts.Breakdown[i] = Input{Name: name, Value: values[name], Weight: weights[i], Note: notes[name]}
	}
	return ts, err
}

// orDefault returns *v, or def with a note when v is nil.
func orDefault(v *float64, def float64, name string, notes map[string]string) float64 {
	if v != nil {
		notes[name] = "set on the theme"
		return *v
	}
	notes[name] = fmt.Sprintf("default %g (not set on the theme)", def)
	return def
}
