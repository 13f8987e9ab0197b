package render

import (
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// Reference versions of the site's JSON files and sitemap: the values as
// Go structs written by an indenting json.Encoder (xml.Encoder), as heed
// made them before jsonWriter. TestJSONFiles checks that the writers give
// the same bytes; the struct tags are the API's contract (DESIGN.md,
// "Site").

type refTheme struct {
	ID        string        `json:"id"`
	Title     string        `json:"title"`
	Summary   string        `json:"summary,omitempty"`
	Status    string        `json:"status"`
	Horizon   string        `json:"horizon"`
	Target    string        `json:"target"`
	Shipped   *string       `json:"shipped"`
	URL       string        `json:"url"`
	Rank      int           `json:"rank"`
	Customers int           `json:"customers"`
	Volume    int           `json:"volume"`
	Counts    refCounts     `json:"counts"`
	Scores    *refScores    `json:"scores,omitempty"`    // with publish.scores
	Breakdown *refBreakdown `json:"breakdown,omitempty"` // with publish.scores
	Items     []string      `json:"items"`
	History   []refChange   `json:"history"`
}

type refCounts struct {
	Items     int `json:"items"`
	Mentions  int `json:"mentions"`
	Customers int `json:"customers"`
}

type refScores struct {
	Priority float64  `json:"priority"`
	Demand   float64  `json:"demand"`
	Revenue  *float64 `json:"revenue,omitempty"` // with publish.revenue
	Reach    float64  `json:"reach"`
	RICE     float64  `json:"rice"`
	Trend    float64  `json:"trend"`
}

type refBreakdown struct {
	Formula string     `json:"formula"`
	Inputs  []refInput `json:"inputs"`
}

type refInput struct {
	Name   string   `json:"name"`
	Value  *float64 `json:"value"` // null when hidden
	Weight float64  `json:"weight"`
	Hidden bool     `json:"hidden,omitempty"`
	Note   string   `json:"note,omitempty"`
}

type refChange struct {
	Status string `json:"status"`
	Date   string `json:"date"`
	Commit string `json:"commit"`
}

type refItem struct {
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

func (b *builder) refAPIThemes() ([]byte, error) {
	out := struct {
		Themes []refTheme `json:"themes"`
	}{Themes: []refTheme{}}
	for _, t := range b.themes {
		a := refTheme{
			ID: t.ID, Title: t.Title, Summary: t.Summary, Status: t.Status, Horizon: t.Horizon, Target: t.Target,
			URL: b.urls.absolute(t.path), Rank: t.Rank, Customers: t.Score.Customers, Volume: t.Volume,
			Counts: refCounts{Items: t.Counts.Items, Mentions: t.Counts.Mentions, Customers: t.Counts.Customers},
			Items:  []string{}, History: []refChange{},
		}
		if t.Score.Shown {
			a.Scores = &refScores{Priority: round4(t.Score.Priority), Demand: round4(t.Score.Demand),
				Reach: round4(t.Score.Reach), RICE: round4(t.Score.RICE), Trend: round4(t.Score.Trend)}
			if t.Score.RevenueShown {
				r := round4(t.Score.Revenue)
				a.Scores.Revenue = &r
			}
			a.Breakdown = &refBreakdown{Formula: t.Score.Formula, Inputs: []refInput{}}
			for _, in := range t.Score.Breakdown {
				v := round4(in.Value)
				ri := refInput{Name: in.Name, Value: &v, Weight: round4(in.Weight), Hidden: in.Hidden, Note: in.Note}
				if in.Hidden {
					ri.Value = nil
				}
				a.Breakdown.Inputs = append(a.Breakdown.Inputs, ri)
			}
		}
		if !t.Shipped.IsZero() {
			s := t.Shipped.UTC().Format("2006-01-02")
			a.Shipped = &s
		}
		for _, it := range t.Evidence {
			a.Items = append(a.Items, it.ID)
		}
		for _, c := range t.History {
			a.History = append(a.History, refChange{Status: c.Status, Date: c.Date.UTC().Format("2006-01-02"), Commit: c.Commit})
		}
		out.Themes = append(out.Themes, a)
	}
	return writeJSON(out)
}

func (b *builder) refAPIFeedback() ([]byte, error) {
	out := struct {
		Items []refItem `json:"items"`
	}{Items: []refItem{}}
	for _, it := range b.items {
		a := refItem{
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

type refURLSet struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []refLoc `xml:"url"`
}

type refSitemapIndex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []refLoc `xml:"sitemap"`
}

type refLoc struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

// refSitemapFiles are the sitemap's files, by path, as encoding/xml writes
// them: one urlset while the URLs fit in limit, else an index and the
// urlsets it names, limit URLs each.
func (b *builder) refSitemapFiles(limit int) (map[string][]byte, error) {
	var urls []refLoc
	if !b.opts.Internal {
		for _, rel := range []string{"", "roadmap/", "themes/", "feedback/", "insights/", "changelog/", "search/"} {
			urls = append(urls, refLoc{Loc: b.urls.absolute(rel)})
		}
		for _, t := range b.themes {
			u := refLoc{Loc: b.urls.absolute(t.path)}
			last := t.updated
			for _, it := range t.Evidence {
				if it.updated.After(last) {
					last = it.updated
				}
			}
			if !last.IsZero() {
				u.Lastmod = last.UTC().Format(time.RFC3339)
			}
			urls = append(urls, u)
		}
		if b.site.ItemPages {
			for _, it := range b.items {
				u := refLoc{Loc: b.urls.absolute(it.path)}
				if !it.updated.IsZero() {
					u.Lastmod = it.updated.UTC().Format(time.RFC3339)
				}
				urls = append(urls, u)
			}
		}
	}
	files := map[string][]byte{}
	if len(urls) <= limit {
		data, err := writeXML(refURLSet{URLs: urls})
		files["sitemap.xml"] = data
		return files, err
	}
	var index refSitemapIndex
	for k := 0; len(urls) > 0; k++ {
		path := fmt.Sprintf("sitemap-%d.xml", k+1)
		index.Sitemaps = append(index.Sitemaps, refLoc{Loc: b.urls.absolute(path)})
		part := urls[:min(limit, len(urls))]
		urls = urls[len(part):]
		data, err := writeXML(refURLSet{URLs: part})
		if err != nil {
			return nil, err
		}
		files[path] = data
	}
	data, err := writeXML(index)
	files["sitemap.xml"] = data
	return files, err
}
