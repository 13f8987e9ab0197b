package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestScoreOnlyAnswers renders a survey whose answers are partly only a
// score: every answer counts in NPS and volume, and the answers without
// words have no sentiment, are not searched and quote nothing.
func TestScoreOnlyAnswers(t *testing.T) {
	answer := func(title, nps, body string, scoreOnly bool) string {
		s := "---\ntitle: " + title + "\ndate: 2026-10-01\nsource: survey\ntype: praise\nthemes: [t]\nnps: " + nps + "\n"
		if scoreOnly {
			s += "score_only: true\n"
		}
		return s + "---\n" + body
	}
	dir := writeRepo(t, map[string]string{
		"heed.yaml":   "title: Survey\npublish:\n  sources: [survey]\n",
		"themes/t.md": "---\ntitle: Invoicing\nstatus: planned\n---\nInvoices.\n",
		// NPS of the four: (2 promoters - 1 detractor) / 4 = 25.
		"feedback/words.md": answer("Best invoicing tool we have used", "10", "Best invoicing tool we have used, love it.\n", false),
		"feedback/ten.md":   answer("NPS 10", "10", "", true),
		"feedback/two.md":   answer("NPS 2", "2", "", true),
		"feedback/seven.md": answer("NPS 7", "7", "", true),
	})
	site := renderDir(t, dir, Options{})

	var ins struct {
		Overall struct {
			Volume    int                `json:"volume"`
			NPS       float64            `json:"nps"`
			Sentiment map[string]float64 `json:"sentiment"`
		} `json:"overall"`
	}
	if err := json.Unmarshal(site.Files["api/insights.json"], &ins); err != nil {
		t.Fatal(err)
	}
	if ins.Overall.Volume != 4 || ins.Overall.NPS != 25 {
		t.Errorf("volume %d, NPS %v; want every answer counted: 4, 25", ins.Overall.Volume, ins.Overall.NPS)
	}
	if ins.Overall.Sentiment["positive"] != 1 {
		t.Errorf("sentiment shares %v: want the one answer with words, positive, as the whole", ins.Overall.Sentiment)
	}

	var fb struct {
		Items []struct {
			ID        string  `json:"id"`
			Sentiment *string `json:"sentiment"`
		} `json:"items"`
	}
	if err := json.Unmarshal(site.Files["api/feedback.json"], &fb); err != nil {
		t.Fatal(err)
	}
	for _, it := range fb.Items {
		if (it.Sentiment == nil) != (it.ID != "words") {
			t.Errorf("%s: sentiment %v; want null exactly for the answers without words", it.ID, it.Sentiment)
		}
	}

	var search []byte
	for _, p := range site.Paths() {
		if strings.HasPrefix(p, "search/") && strings.HasSuffix(p, ".json") {
			search = append(search, site.Files[p]...)
		}
	}
	if bytes.Contains(search, []byte("NPS 10")) || !bytes.Contains(search, []byte("Best invoicing")) {
		t.Errorf("the search index should hold the answer with words and none of the scores:\n%s", search)
	}
	if page := site.Files["feedback/two/index.html"]; bytes.Contains(page, []byte("<dt>Sentiment</dt>")) {
		t.Error("an answer without words shows a sentiment")
	}
	if page := site.Files["themes/t/index.html"]; bytes.Contains(page, []byte("<blockquote><p></p></blockquote>")) {
		t.Error("the theme page quotes an answer without words")
	}
}
