package render

import (
	"math"
	"strings"
)

// The machine-readable API (DESIGN.md, "Site"): api/themes.json,
// api/feedback.json and api/insights.json. Field names are a contract.

type apiTheme struct {
	ID        string       `json:"id"`
	Title     string       `json:"title"`
	Summary   string       `json:"summary,omitempty"`
	Status    string       `json:"status"`
	Horizon   string       `json:"horizon"`
	Target    string       `json:"target"`
	Shipped   *string      `json:"shipped"`
	URL       string       `json:"url"`
	Rank      int          `json:"rank"`
	Customers int          `json:"customers"`
	Volume    int          `json:"volume"`
	Scores    apiScores    `json:"scores"`
	Breakdown apiBreakdown `json:"breakdown"`
	Items     []string     `json:"items"`
	History   []apiChange  `json:"history"`
}

type apiScores struct {
	Priority float64 `json:"priority"`
	Demand   float64 `json:"demand"`
	Revenue  float64 `json:"revenue"`
	Reach    float64 `json:"reach"`
	RICE     float64 `json:"rice"`
	Trend    float64 `json:"trend"`
}

type apiBreakdown struct {
	Formula string     `json:"formula"`
	Inputs  []apiInput `json:"inputs"`
}

type apiInput struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Weight float64 `json:"weight"`
	Note   string  `json:"note,omitempty"`
}

type apiChange struct {
	Status string `json:"status"`
	Date   string `json:"date"`
	Commit string `json:"commit"`
}

type apiItem struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Date      string   `json:"date"`
	Source    string   `json:"source"`
	Type      string   `json:"type"`
	Themes    []string `json:"themes"`
	Status    string   `json:"status"`
	Sentiment string   `json:"sentiment"`
	Segment   string   `json:"segment,omitempty"`
	Customer  string   `json:"customer,omitempty"`
	Mentions  int      `json:"mentions"`
	URL       string   `json:"url"`
}

func (b *builder) apiThemes() ([]byte, error) {
	out := struct {
		Themes []apiTheme `json:"themes"`
	}{Themes: []apiTheme{}}
	for _, t := range b.themes {
		a := apiTheme{
			ID: t.ID, Title: t.Title, Summary: t.Summary, Status: t.Status, Horizon: t.Horizon, Target: t.Target,
			URL: b.urls.absolute(t.path), Rank: t.Rank, Customers: t.Score.Customers, Volume: t.Volume,
			Scores: apiScores{Priority: round4(t.Score.Priority), Demand: round4(t.Score.Demand), Revenue: round4(t.Score.Revenue),
				Reach: round4(t.Score.Reach), RICE: round4(t.Score.RICE), Trend: round4(t.Score.Trend)},
			Breakdown: apiBreakdown{Formula: t.Score.Formula, Inputs: []apiInput{}},
			Items:     []string{}, History: []apiChange{},
		}
		if !t.Shipped.IsZero() {
			s := t.Shipped.UTC().Format("2006-01-02")
			a.Shipped = &s
		}
		for _, in := range t.Score.Breakdown {
			a.Breakdown.Inputs = append(a.Breakdown.Inputs, apiInput{Name: in.Name, Value: round4(in.Value), Weight: round4(in.Weight), Note: in.Note})
		}
		for _, it := range t.Evidence {
			a.Items = append(a.Items, it.ID)
		}
		for _, c := range t.History {
			a.History = append(a.History, apiChange{Status: c.Status, Date: c.Date.UTC().Format("2006-01-02"), Commit: c.Commit})
		}
		out.Themes = append(out.Themes, a)
	}
	return writeJSON(out)
}

func (b *builder) apiFeedback() ([]byte, error) {
	out := struct {
		Items []apiItem `json:"items"`
	}{Items: []apiItem{}}
	for _, it := range b.items {
		a := apiItem{
			ID: it.ID, Title: it.Title, Date: it.Date.UTC().Format("2006-01-02"), Source: it.Source, Type: it.Type,
			Themes: append([]string{}, it.ThemeIDs...), Status: it.Status, Sentiment: it.Sentiment,
			Segment: it.Segment, Mentions: it.Mentions,
			URL: b.urls.absolute(strings.TrimPrefix(it.URL, b.urls.path)),
		}
		if it.Customer != nil {
			a.Customer = it.Customer.Name
		}
		out.Items = append(out.Items, a)
	}
	return writeJSON(out)
}

func (b *builder) apiInsights() ([]byte, error) {
	return writeJSON(b.in.Insights)
}

// round4 keeps four decimals, so the API carries no floating-point noise.
func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }
