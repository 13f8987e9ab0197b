package importer

import "testing"

func TestScoreTitle(t *testing.T) {
	n := func(i int) *int { return &i }
	for _, c := range []struct {
		cols   map[string][]string
		scores map[string]*int
		want   string
	}{
		{map[string][]string{"nps": {"How likely are you to recommend Tallybook to a friend?"}}, map[string]*int{"nps": n(9)},
			"NPS 9: How likely are you to recommend Tallybook to a friend?"},
		{map[string][]string{"nps": {"NPS score"}}, map[string]*int{"nps": n(0)}, "NPS 0"},
		{map[string][]string{"nps": {"nps"}, "csat": {"Satisfaction rating"}}, map[string]*int{"nps": n(7), "csat": n(4)}, "NPS 7, CSAT 4"},
		{map[string][]string{"csat": {"How satisfied were you with support?"}, "ces": {"Effort"}}, map[string]*int{"csat": n(2), "ces": n(6)},
			"CSAT 2, CES 6: How satisfied were you with support?"},
	} {
		if got := scoreTitle(c.cols, c.scores); got != c.want {
			t.Errorf("scoreTitle(%v) = %q, want %q", c.cols, got, c.want)
		}
	}
}

func TestTypeOfScore(t *testing.T) {
	n := func(i int) *int { return &i }
	for _, c := range []struct {
		nps, csat *int
		want      string
	}{
		{n(10), nil, "praise"}, {n(9), nil, "praise"}, {n(8), nil, ""}, {n(7), nil, ""}, {n(6), nil, "complaint"}, {n(0), nil, "complaint"},
		{nil, n(5), "praise"}, {nil, n(4), ""}, {nil, n(3), ""}, {nil, n(2), "complaint"}, {nil, n(1), "complaint"},
		{n(10), n(1), "praise"}, // the NPS answer decides
		{nil, nil, ""},
	} {
		if got := typeOfScore(c.nps, c.csat); got != c.want {
			t.Errorf("typeOfScore(%v, %v) = %q, want %q", c.nps, c.csat, got, c.want)
		}
	}
}

func TestRowOrigin(t *testing.T) {
	row := map[string]string{"date": "2026-10-05", "title": "", "body": "", "nps": "9", "contact": ""}
	get := func(f string) string { return row[f] }
	for _, c := range []struct {
		name, id  string
		scoreOnly bool
		nth       int
		want      string
	}{
		{"support", "4412", false, 0, "support:4412"},
		{"support", " 4412\n", false, 0, "support:4412"},
		{"github", "https://github.com/o/r/issues/12", false, 0, "https://github.com/o/r/issues/12"},
		{"survey", "", true, 0, "survey#" + contentKey(get, true, 0)},
		{"survey", "", true, 1, "survey#" + contentKey(get, true, 0) + "-2"},
	} {
		if got := rowOrigin(c.name, c.id, get, c.scoreOnly, c.nth); got != c.want {
			t.Errorf("rowOrigin(%q, %q, %v, %d) = %q, want %q", c.name, c.id, c.scoreOnly, c.nth, got, c.want)
		}
	}
	// A score-only answer's key holds its score: a 9 and a 3 on the same
	// day are two answers.
	nine := contentKey(get, true, 0)
	row["nps"] = "3"
	if contentKey(get, true, 0) == nine {
		t.Error("two scores give one key")
	}
	if contentKey(get, false, 0) != contentKey(func(f string) string { return map[string]string{"date": "2026-10-05", "nps": "9"}[f] }, false, 0) {
		t.Error("a row with words is keyed by its score, which a grown export may change")
	}
	for _, c := range []struct {
		named, preset string
		ids           []string
		want          string
	}{
		{"zendesk", "support", []string{"Ticket ID"}, "zendesk"},
		{"", "support", []string{"Ticket ID"}, "support"},
		{"", "", []string{"Ticket ID"}, "ticket-id"},
		{"", "", []string{"_id"}, "id"},
		{"", "", nil, "import"},
	} {
		if got := originName(c.named, c.preset, c.ids); got != c.want {
			t.Errorf("originName(%q, %q, %v) = %q, want %q", c.named, c.preset, c.ids, got, c.want)
		}
	}
}
