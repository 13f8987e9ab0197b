// Package insight holds the aggregates of the insights page and of
// api/insights.json: volume, sentiment and survey scores overall, per month,
// per customer segment and per theme, rising themes, a value/effort matrix,
// the untriaged count and the time it takes to close the loop.
//
// # What counts
//
// Items counts pieces of feedback (files); Volume counts people: an item counts its mentions (1 unless it
// aggregates several answers), and sentiment shares, the by-type and
// by-source counts and rising themes weigh items the same way. Survey
// scores (nps, csat, ces) are one answer per item whatever its mentions: a
// score in front matter is one respondent's.
//
// Overall, months and segments hold every item, duplicates included (each
// is feedback received). A theme holds the items that count toward it in
// package score: its own non-duplicate items and the duplicates of them.
// Segments hold only items whose customer has a segment.
//
// When Compute is asked for public figures and heed.yaml's
// publish.private_counts is false, private items are left out of
// everything.
//
// # Measures
//
//   - NPS: the percentage of promoters (9 or 10) minus the percentage of
//     detractors (0 to 6), from -100 to 100;
//   - CSAT: the percentage of answers of 4 or 5;
//   - CES: the mean answer (1 to 7);
//
// each nil where there are no answers.
package insight

// Shares is how a volume splits by sentiment, each share in [0, 1] (all 0
// for an empty volume). Answers that are only a score have no sentiment:
// the shares are of the rest of the volume.
type Shares struct {
	Positive float64 `json:"positive"`
	Neutral  float64 `json:"neutral"`
	Negative float64 `json:"negative"`
}

// Bucket is the aggregate of a group of items.
type Bucket struct {
	// Items is the number of items (pieces of feedback).
	Items int `json:"items"`
	// Volume is the sum of the items' mentions: the people heard.
	Volume int `json:"volume"`
	// Sentiment splits Volume by sentiment, less the answers that are only
	// a score.
	Sentiment Shares `json:"sentiment"`
	// NPS, CSAT and CES are nil where no item has an answer.
	NPS  *float64 `json:"nps"`
	CSAT *float64 `json:"csat"`
	CES  *float64 `json:"ces"`
	// Responses is the number of items with at least one survey answer.
	Responses int `json:"responses"`
	// Answers counts the answers behind NPS, CSAT and CES: a value made of
	// few answers swings widely, and a chart says how many there were.
	Answers Answers `json:"answers"`
}

// Answers counts survey answers by metric.
type Answers struct {
	NPS  int `json:"nps"`
	CSAT int `json:"csat"`
	CES  int `json:"ces"`
}

// Month is the aggregate of the items of one calendar month (of each
// item's date as written, in its own time zone).
type Month struct {
	// Month is "YYYY-MM".
	Month string `json:"month"`
	Bucket
	// ByType and BySource split Volume by item type and by source.
	ByType   map[string]int `json:"by_type"`
	BySource map[string]int `json:"by_source"`
}

// Rising is a theme whose volume grew from the demand window before the
// last to the last one.
type Rising struct {
	Theme    string `json:"theme"`
	Recent   int    `json:"recent"`
	Previous int    `json:"previous"`
	// Growth is (Recent − Previous) / max(Previous, 1): 1 means doubled.
	Growth float64 `json:"growth"`
}

// The quadrants of the value/effort matrix.
const (
	QuickWin = "quick-win" // high value, low effort
	BigBet   = "big-bet"   // high value, high effort
	FillIn   = "fill-in"   // low value, low effort
	MoneyPit = "money-pit" // low value, high effort
)

// Quadrant places one theme in the value/effort matrix.
type Quadrant struct {
	Theme string `json:"theme"`
	// Value is the theme's priority.
	Value float64 `json:"value"`
	// Effort is the theme's declared effort.
	Effort   float64 `json:"effort"`
	Quadrant string  `json:"quadrant"`
}

// Closing is how long the loop took to close: the days from an item's date
// to the shipped date of a theme it counts toward.
type Closing struct {
	// MedianDays is nil when no shipped theme has items dated before it
	// shipped.
	MedianDays *float64 `json:"median_days"`
	// Items is the number of item and shipped theme pairs measured.
	Items int `json:"items"`
	// Themes holds each shipped theme's own figure, by theme id.
	Themes []ThemeClosing `json:"themes"`
}

// ThemeClosing is the time to close the loop of one shipped theme.
type ThemeClosing struct {
	Theme      string  `json:"theme"`
	MedianDays float64 `json:"median_days"`
	Items      int     `json:"items"`
}

// Insights is every aggregate of a content set.
type Insights struct {
	Overall Bucket `json:"overall"`
	// Months runs from the month of the earliest item to the later of the
	// latest item's month and now's, oldest first, empty months included.
	Months []Month `json:"months"`
	// Segments holds a bucket per customer segment.
	Segments map[string]Bucket `json:"segments"`
	// Themes holds a bucket per theme, every theme included.
	Themes map[string]Bucket `json:"themes"`
	// ThemeMonths holds, per theme, its volume per month aligned with Months.
	ThemeMonths map[string][]int `json:"-"`
	// Rising lists the growing themes with at least demand.trend_min_items
	// of recent volume, fastest growth first.
	Rising []Rising `json:"rising"`
	// Matrix places every open or active theme that declares an effort,
	// highest value first.
	Matrix []Quadrant `json:"matrix"`
	// Untriaged is the number of items that need a look (see
	// score.ItemScore.Untriaged).
	Untriaged   int     `json:"untriaged"`
	TimeToClose Closing `json:"time_to_close"`
}
