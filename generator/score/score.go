// Package score holds the scores heed gives feedback items and themes: each
// theme's demand, revenue, reach, RICE, trend and priority, with the inputs
// and formula that made its priority, and each item's weight, sentiment and
// triage urgency.
//
// Every score is reproducible: it depends only on the content and on "now"
// (see Now), never on the clock, map order or scheduling.
//
// # Demand
//
// An item's weight is
//
//	source weight × segment weight × recency × mentions
//
// where recency is 0.5^(age in days / half-life), an item dated after now
// counting as new; a source or segment missing from heed.yaml's weights, and
// an item without a customer or a segment, weigh 1. A theme's demand is the
// sum, over the customers behind it, of each customer's strongest item: one
// loud customer is not the market. Items without a customer count each as a
// customer of their own.
//
// A duplicate (an item with duplicate_of) is never an item of a theme, but
// it is a vote for its original: it counts toward the themes of the item at
// the end of its duplicate_of chain, with its own weight and customer. A
// second report by the same customer therefore adds nothing, while the same
// problem reported by another customer raises demand, whichever of the two
// files was marked the duplicate.
//
// Private items count only when heed.yaml's publish.private_counts is true
// (the default); they are never listed in ThemeScore.Items.
//
// # Other theme scores
//
//   - revenue: the sum of the revenue of the distinct customers behind the
//     theme;
//   - reach: the theme's own reach when it gives one, else the distinct
//     customers behind it in the demand window (an item without a customer
//     reaching its mentions);
//   - RICE: reach × impact × confidence / effort, where a theme that does not
//     say takes impact 1, confidence 0.5 and effort 1 (the breakdown notes
//     each default used);
//   - trend: with recent and previous the demand of the last demand window
//     and of the window before it, without recency decay (which would favour
//     the recent window by construction), (recent − previous) /
//     max(previous, 1): 1 means doubled. It is 0 when fewer than
//     demand.trend_min_items items fall in the last window;
//   - priority: heed.yaml's priority expression over the inputs listed by
//     FormulaNames, evaluated with github.com/expr-lang/expr.
//
// # Items
//
// An item's sentiment is its declared one, else the label of the VADER
// compound score of its title and text (package sentiment). Its triage score
// says how urgently an untriaged item (no theme, an open status) needs a
// look: its weight × (1 + negativity), where negativity is the size of a
// negative compound score (0 for neutral or positive items), so an angry
// recent enterprise report comes first.
package score

import (
	"os"
	"strconv"
	"time"

	"github.com/heedhq/heed/generator/diag"
)

// Input is one named input of a score, for the breakdown shown on the site.
type Input struct {
	// Name is the input's name in the priority formula.
	Name string `json:"input"`
	// Value is the input's value for this theme.
	Value float64 `json:"value"`
	// Weight is how much the priority rises per unit of this input at these
	// values: the partial derivative of the formula, which for a formula
	// linear in the input is its coefficient (0.1 for rice in rice / 10).
	Weight float64 `json:"weight"`
	// Note says where the value came from, e.g. that a default was used.
	Note string `json:"note,omitempty"`
}

// ThemeScore is everything heed computes about one theme.
type ThemeScore struct {
	Theme    string
	Priority float64
	Demand   float64
	Revenue  float64
	Reach    float64
	RICE     float64
	Trend    float64
	// TrendKnown says whether the last demand window had enough items
	// (demand.trend_min_items) for Trend to mean anything: without them
	// Trend is 0. Previous is the demand of the window before the last:
	// 0 for a theme nobody asked about before, whose trend is its recent
	// demand, however new.
	TrendKnown bool
	Previous   float64
	// Sentiment is the mean compound sentiment of the theme's counted items
	// (duplicates included), in [-1, 1]; 0 when it has none.
	Sentiment float64
	// Customers is the number of distinct customers behind the theme (all
	// time, duplicates' customers included).
	Customers int
	// Items lists the ids of the theme's counted (non-duplicate, non-private)
	// items, sorted.
	Items []string
	// Breakdown is every input the priority formula uses, in the order of
	// FormulaNames, with its value and weight.
	Breakdown []Input
	// Formula is the priority expression as configured (the default when the
	// configured one is invalid).
	Formula string
}

// ItemScore is what heed computes about one item.
type ItemScore struct {
	Item string
	// Weight is the item's demand contribution: source weight × segment
	// weight × recency × mentions. A theme counts only the strongest item of
	// each customer.
	Weight float64
	// Compound is the item's sentiment score in [-1, 1]: the Score of
	// sentiment's Read of its title, text and type (the probability of
	// positive less that of negative), or, when the item declares a
	// sentiment other than the one read, 0.5, 0 or -0.5 for a declared
	// positive, neutral or negative.
	Compound float64
	// Sentiment is "positive", "neutral" or "negative": declared, else
	// computed; "" for an answer that is only a score (content.Item's
	// ScoreOnly) and declares none.
	Sentiment string
	// Themes lists the existing themes the item counts toward: its own, or
	// for a duplicate those of its original. Sorted.
	Themes []string
	// Untriaged is true for an item that needs a look: not a duplicate, no
	// existing theme, and a status of the open kind.
	Untriaged bool
	// Triage is how urgently an untriaged item needs a look, Weight × (1 +
	// negativity); 0 for items that are not untriaged.
	Triage float64
}

// Result is the scores of a whole content set.
type Result struct {
	// Now is the moment recency and windows are measured from.
	Now time.Time
	// Themes holds every theme's score, by priority (highest first), then id.
	Themes []*ThemeScore
	// Items holds every item's score by item id, private items included:
	// a caller publishing them must leave private items out.
	Items map[string]*ItemScore
	// Diagnostics are problems with the priority formula, located at the
	// priority key of heed.yaml.
	Diagnostics diag.List
}

// Theme returns the score of the theme with the id, or nil.
func (r *Result) Theme(id string) *ThemeScore {
	for _, t := range r.Themes {
		if t.Theme == id {
			return t
		}
	}
	return nil
}

// Now returns the moment a build measures time from: SourceDateEpoch when
// env gives a valid one, else commitTime when it is not zero, else the
// current time. The result is in UTC.
func Now(env func(string) string, commitTime time.Time) time.Time {
	if t, ok := SourceDateEpoch(env); ok {
		return t
	}
	if !commitTime.IsZero() {
		return commitTime.UTC()
	}
	return time.Now().UTC()
}

// SourceDateEpoch reads the SOURCE_DATE_EPOCH environment variable
// (seconds since 1970, as reproducible builds define it) with env (nil is
// os.Getenv): the moment it names, in UTC, and whether it names one.
func SourceDateEpoch(env func(string) string) (time.Time, bool) {
	if env == nil {
		env = os.Getenv
	}
	if s := env("SOURCE_DATE_EPOCH"); s != "" {
		if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(sec, 0).UTC(), true
		}
	}
	return time.Time{}, false
}
