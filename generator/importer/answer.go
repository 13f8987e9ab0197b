package importer

import (
	"strconv"
	"strings"
)

// scoreFields are the survey scores, with the name each is shown by.
var scoreFields = []struct{ field, label string }{{"nps", "NPS"}, {"csat", "CSAT"}, {"ces", "CES"}}

// scoreTitle is the title of an answer that is only a score: each score
// with its label, and the question when the export names its column with
// one ("NPS 9: How likely are you to recommend us?"). Nothing is made up:
// the words are the export's own.
func scoreTitle(cols map[string][]string, scores map[string]*int) string {
	var parts []string
	question := ""
	for _, s := range scoreFields {
		v := scores[s.field]
		if v == nil {
			continue
		}
		parts = append(parts, s.label+" "+strconv.Itoa(*v))
		if cs := cols[s.field]; question == "" && len(cs) == 1 && isQuestion(cs[0]) {
			question = oneLine(cs[0])
		}
	}
	title := strings.Join(parts, ", ")
	if question != "" {
		title += ": " + question
	}
	return title
}

// isQuestion says whether a score's column is named by more than the
// score's name: "How likely are you to recommend us?" is a question,
// "NPS score" and "Rating" are not.
func isQuestion(column string) bool {
	for _, w := range strings.Fields(normWord(column)) {
		switch w {
		case "nps", "csat", "ces", "score", "rating", "answer", "value", "effort", "satisfaction":
		default:
			return true
		}
	}
	return false
}

// typeOfScore is the type an answer's score says when nothing better
// does: an NPS promoter (9, 10) or the top CSAT (5) is praise, a detractor
// (0 to 6) or an unsatisfied CSAT (1, 2) a complaint; "" for a passive, a
// CSAT of 3 or 4 (a four-star review often reports a flaw), or no score
// (CES scales run either way).
func typeOfScore(nps, csat *int) string {
	switch {
	case nps != nil && *nps >= 9, nps == nil && csat != nil && *csat == 5:
		return "praise"
	case nps != nil && *nps <= 6, nps == nil && csat != nil && *csat <= 2:
		return "complaint"
	}
	return ""
}
