package importer

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/diag"
)

// dateParser reads the dates of an export.
type dateParser struct {
	format string // as given, for messages; "" for the defaults
	layout string // Go layout of format
}

// defaultLayouts are the date layouts tried on every value: none of them
// can be read two ways.
var defaultLayouts = []string{
	"2006-01-02", time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04",
	"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 -0700 MST", "2006-01-02 15:04:05 MST",
	"2006/01/02", "2006/01/02 15:04:05", "2006/01/02 15:04", "2006.01.02", "20060102",
	"Jan 2, 2006", "January 2, 2006", "Jan 2 2006", "2 Jan 2006", "2 January 2006", "02-Jan-2006", "2-Jan-2006",
	"Mon, Jan 2, 2006", "Monday, January 2, 2006", "Jan 2, 2006 3:04 PM", "Jan 2, 2006, 3:04 PM",
	"January 2, 2006 3:04 PM", "January 2, 2006 at 3:04 PM", "2 Jan 2006 15:04", "2 January 2006 15:04",
	time.RFC1123, time.RFC1123Z, time.RFC850, time.RFC822, time.RFC822Z, time.UnixDate, time.ANSIC,
}

var (
	isoPrefix  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)
	dayMonthRE = regexp.MustCompile(`^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b`)
	epochRE    = regexp.MustCompile(`^\d{9,13}$`)
)

// dateTokens turn a --date-format such as DD/MM/YYYY into a Go layout,
// longest token first.
var dateTokens = []struct{ token, layout string }{
	{"YYYY", "2006"}, {"YY", "06"}, {"MMMM", "January"}, {"MMM", "Jan"}, {"MM", "01"}, {"M", "1"},
	{"DD", "02"}, {"D", "2"}, {"HH", "15"}, {"hh", "03"}, {"mm", "04"}, {"ss", "05"}, {"A", "PM"},
}

// newDateParser returns a parser for dates written as format: tokens
// (YYYY, YY, MM, M, MMM, MMMM, DD, D, HH, hh, mm, ss, A) or a Go layout
// (one that contains 2006). An empty format reads only the unambiguous
// formats (ISO 8601, RFC 3339, "Jan 2, 2006", ...).
func newDateParser(format string) (*dateParser, error) {
	if format == "" {
		return &dateParser{}, nil
	}
	layout := format
	if !strings.Contains(format, "2006") {
		var b strings.Builder
		for rest := format; rest != ""; {
			matched := false
			for _, t := range dateTokens {
				if strings.HasPrefix(rest, t.token) {
					b.WriteString(t.layout)
					rest = rest[len(t.token):]
					matched = true
					break
				}
			}
			if !matched {
				r, size := utf8.DecodeRuneInString(rest)
				b.WriteRune(r)
				rest = rest[size:]
			}
		}
		layout = b.String()
	}
	// A layout must name a year, a month and a day and read back what it
	// writes.
	probe := time.Date(2031, 12, 28, 0, 0, 0, 0, time.UTC)
	if t, err := time.Parse(layout, probe.Format(layout)); err != nil || !t.Equal(probe) {
		return nil, diag.Option("DateFormat", fmt.Errorf("%q does not say a year, a month and a day (try DD/MM/YYYY, MM/DD/YYYY or YYYY-MM-DD)", format))
	}
	return &dateParser{format: format, layout: layout}, nil
}

// parse reads a date; only its day matters.
func (d *dateParser) parse(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("no date")
	}
	var t time.Time
	var err error = errors.New("unreadable")
	if d.layout != "" {
		t, err = time.Parse(d.layout, s)
		if err != nil && !strings.Contains(d.layout, " ") {
			// The day part of "11/23/2026 14:05".
			if day, _, ok := strings.Cut(s, " "); ok {
				t, err = time.Parse(d.layout, day)
			}
		}
	}
	if err != nil {
		t, err = parseDefault(s)
	}
	if err != nil {
		if d.layout == "" && dayMonthRE.MatchString(s) {
			return time.Time{}, fmt.Errorf("date %q can be read two ways: say --date-format MM/DD/YYYY or DD/MM/YYYY", s)
		}
		if d.layout != "" {
			return time.Time{}, fmt.Errorf("date %q is not %s", s, d.format)
		}
		return time.Time{}, fmt.Errorf("date %q is not a date heed knows (say --date-format, e.g. DD.MM.YYYY)", s)
	}
	if t.Year() < 1970 || t.Year() > 9999 {
		return time.Time{}, fmt.Errorf("date %q is out of range (before 1970?)", s)
	}
	return t, nil
}

func parseDefault(s string) (time.Time, error) {
	for _, l := range defaultLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	if isoPrefix.MatchString(s) {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t, nil
		}
	}
	if epochRE.MatchString(s) {
		n, _ := strconv.ParseInt(s, 10, 64)
		if len(s) > 11 {
			return time.UnixMilli(n).UTC(), nil
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Time{}, errors.New("unreadable")
}

var leadingNumber = regexp.MustCompile(`^[+-]?\d+(\.\d+)?`)

// parseScore reads a whole number in [lo, hi] from text such as "9",
// "9.0", "9 - Extremely likely" or "★★★★☆"; nil for an empty value.
func parseScore(field, s string, lo, hi int) (*int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if strings.Trim(s, "★☆") == "" {
		n := strings.Count(s, "★")
		s = strconv.Itoa(n)
	}
	m := leadingNumber.FindString(s)
	if m == "" {
		return nil, fmt.Errorf("%s %q is not a number", field, s)
	}
	x, _ := strconv.ParseFloat(m, 64)
	if x != math.Trunc(x) {
		return nil, fmt.Errorf("%s %q is not a whole number", field, s)
	}
	if x < float64(lo) || x > float64(hi) {
		return nil, fmt.Errorf("%s %s is out of range: it must be from %d to %d", field, m, lo, hi)
	}
	n := int(x)
	return &n, nil
}

// parseCount reads a count such as "1,234" or "12 votes"; 0 for an empty
// value.
func parseCount(field, s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	digits := strings.Map(func(r rune) rune {
		if r == ',' || r == '_' || r == '\'' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	m := leadingNumber.FindString(digits)
	if m == "" || strings.HasPrefix(m, "-") {
		return 0, fmt.Errorf("%s %q is not a count", field, s)
	}
	x, _ := strconv.ParseFloat(m, 64)
	if x > 1e9 {
		return 0, fmt.Errorf("%s %q is too large", field, s)
	}
	return int(x), nil
}

// parseAmount reads a revenue such as "$12,000", "12000.50" or "12k".
func parseAmount(s string) (*float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	clean := strings.Map(func(r rune) rune {
		if r == ',' || r == '_' || unicode.IsSpace(r) || unicode.Is(unicode.Sc, r) {
			return -1
		}
		return r
	}, s)
	mult := 1.0
	switch {
	case strings.HasSuffix(strings.ToLower(clean), "k"):
		mult, clean = 1e3, clean[:len(clean)-1]
	case strings.HasSuffix(strings.ToLower(clean), "m"):
		mult, clean = 1e6, clean[:len(clean)-1]
	}
	x, err := strconv.ParseFloat(clean, 64)
	if err != nil || x < 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return nil, fmt.Errorf("revenue %q is not an amount", s)
	}
	x *= mult
	return &x, nil
}

// parseBool reads a yes/no value; empty is false.
func parseBool(field, s string) (bool, error) {
	switch normWord(s) {
	case "", "false", "no", "n", "0", "public", "off":
		return false, nil
	case "true", "yes", "y", "1", "x", "private", "on":
		return true, nil
	}
	return false, fmt.Errorf("%s %q is not yes or no", field, s)
}

// parsePublic reads a yes/no value of a public column, such as a survey's
// "May we quote you?": "public" is yes there, and "private" no.
func parsePublic(s string) (bool, error) {
	switch normWord(s) {
	case "public":
		return true, nil
	case "private":
		return false, nil
	}
	return parseBool("public", s)
}

// normWord folds an export's word for lookup: lower case, with every run
// of anything but letters and digits one space.
func normWord(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// vocabFields are the fields whose values are translated into heed's
// vocabulary.
var vocabFields = []string{"source", "type", "status", "sentiment"}

// synonyms maps the words other tools use to heed's default vocabulary,
// per field; the words are in normWord form.
func synonyms(field string) map[string]string {
	table := map[string]map[string][]string{
		"source": {
			"survey":    {"nps", "nps survey", "csat", "questionnaire", "typeform", "surveymonkey", "delighted", "qualtrics", "poll"},
			"interview": {"call", "user interview", "customer call", "meeting", "research", "user research"},
			"support":   {"ticket", "email", "e mail", "mail", "chat", "live chat", "helpdesk", "help desk", "zendesk", "intercom", "freshdesk", "help scout", "phone"},
			"review":    {"app store", "appstore", "google play", "play store", "g2", "capterra", "trustpilot", "product hunt", "reviews"},
			"social":    {"twitter", "x", "linkedin", "facebook", "reddit", "instagram", "mastodon", "bluesky", "threads", "tiktok", "youtube"},
			"sales":     {"sales call", "demo", "crm", "salesforce", "hubspot", "deal", "lost deal", "account manager"},
			"usage":     {"analytics", "product analytics", "telemetry"},
			"form":      {"web form", "contact form", "website", "web", "in app", "widget", "feedback form", "feedback widget"},
			"community": {"forum", "board", "feedback board", "canny", "uservoice", "discord", "discourse", "ideas", "ideas portal", "idea portal"},
			"advisory":  {"advisory board", "cab", "customer advisory board"},
		},
		"type": {
			"bug":       {"problem", "incident", "defect", "error", "issue", "broken", "crash", "bug report"},
			"request":   {"feature", "feature request", "idea", "suggestion", "enhancement", "improvement", "wish", "task", "requests"},
			"usability": {"ux", "ui", "confusing", "design", "ease of use"},
			"praise":    {"compliment", "kudos", "love", "positive", "thanks", "thank you"},
			"question":  {"how to", "howto", "help", "inquiry", "enquiry", "info", "information", "questions"},
			"complaint": {"negative", "frustration", "complaints"},
		},
		"status": {
			"new":          {"open", "submitted", "pending", "awaiting", "triage", "needs triage", "needs review"},
			"acknowledged": {"under review", "reviewing", "in review", "considering", "under consideration", "gathering feedback", "needs more info", "researching", "exploring"},
			"planned":      {"scheduled", "up next", "next", "roadmap", "accepted", "on the roadmap", "later", "now"},
			"in-progress":  {"in progress", "started", "building", "in development", "doing", "wip", "beta", "testing", "working on it"},
			"shipped":      {"complete", "completed", "done", "released", "live", "launched", "fixed", "resolved", "solved", "available"},
			"declined":     {"closed", "rejected", "won t do", "wont do", "wontfix", "won t fix", "not planned", "archived", "not now"},
			"duplicate":    {"merged", "dupe", "duplicated"},
		},
		"sentiment": {
			"positive": {"pos", "promoter", "happy", "good"},
			"neutral":  {"neu", "passive", "mixed", "ok"},
			"negative": {"neg", "detractor", "unhappy", "bad"},
		},
	}
	out := map[string]string{}
	for word, syns := range table[field] {
		out[word] = word
		for _, s := range syns {
			out[s] = word
		}
	}
	return out
}

// vocab translates one field's words into the repository's vocabulary.
type vocab struct {
	field   string
	allowed []string          // the repository's words
	custom  map[string]string // from Options.Values, normWord keys
	builtin map[string]string // synonyms of heed's default words
	cfg     *config.Config
}

func newVocab(cfg *config.Config, field string, custom map[string]string) (*vocab, error) {
	v := &vocab{field: field, builtin: synonyms(field), cfg: cfg, custom: map[string]string{}}
	switch field {
	case "source":
		v.allowed = cfg.Sources
	case "type":
		v.allowed = cfg.Types
	case "status":
		v.allowed = config.Names(cfg.ItemStatuses)
	case "sentiment":
		v.allowed = []string{"positive", "neutral", "negative"}
	}
	for word, to := range custom {
		if !slices.Contains(v.allowed, to) {
			return nil, fmt.Errorf("values.%s: %q -> %q: %q is not one of %s", field, word, to, to, strings.Join(v.allowed, ", "))
		}
		v.custom[normWord(word)] = to
	}
	return v, nil
}

// lookup returns the heed word for an export's word, or false.
func (v *vocab) lookup(s string) (string, bool) {
	w := normWord(s)
	if to, ok := v.custom[w]; ok {
		return to, true
	}
	for _, a := range v.allowed {
		if normWord(a) == w {
			return a, true
		}
	}
	to, ok := v.builtin[w]
	if !ok {
		return "", false
	}
	if slices.Contains(v.allowed, to) {
		return to, true
	}
	if v.field == "status" {
		// A repository with its own statuses: take its first of the kind.
		if st, ok := config.Default().ItemStatus(to); ok {
			if name := v.cfg.ItemStatusOfKind(st.Kind); name != "" {
				return name, true
			}
		}
	}
	return "", false
}
