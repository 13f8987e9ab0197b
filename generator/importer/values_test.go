package importer

import (
	"bufio"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/heedhq/heed/generator/config"
)

func TestParseMap(t *testing.T) {
	for _, c := range []struct {
		in   string
		want map[string]string
		err  string
	}{
		{"title=Subject,date=Created At,body=Description", map[string]string{"title": "Subject", "date": "Created At", "body": "Description"}, ""},
		{" Title = Subject ", map[string]string{"title": "Subject"}, ""},
		{"body=Why, in a few words?,date=When", map[string]string{"body": "Why, in a few words?", "date": "When"}, ""},
		{"body=Details+Steps", map[string]string{"body": "Details+Steps"}, ""},
		{"contact=a=b", map[string]string{"contact": "a=b"}, ""},
		{"titel=Subject", nil, `unknown field "titel"`},
		{"title=A,title=B", nil, `field "title" is mapped twice`},
		{"title=", nil, `field "title" has no column`},
		{"Subject", nil, `want field=column`},
		{"duplicate_of=X", nil, `unknown field "duplicate_of"`},
	} {
		got, err := ParseMap(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseMap(%q) error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || !maps.Equal(got, c.want) {
			t.Errorf("ParseMap(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestReadMapping(t *testing.T) {
	o, err := ReadMapping([]byte(`
preset: support
columns: {title: Subject, Body: Description}
values:
  status: {"Under review": acknowledged}
source: support
date_format: DD/MM/YYYY
delimiter: tab
folder: zendesk
tags: [zendesk]
private: true
`))
	if err != nil {
		t.Fatal(err)
	}
	if o.Preset != "support" || o.Columns["body"] != "Description" || o.Values["status"]["Under review"] != "acknowledged" ||
		o.Delimiter != '\t' || o.DateFormat != "DD/MM/YYYY" || o.Folder != "zendesk" || !o.Private || !slices.Equal(o.Tags, []string{"zendesk"}) {
		t.Errorf("ReadMapping = %+v", o)
	}
	for _, c := range []struct{ in, err string }{
		{"colums: {}", "field colums not found"},
		{"columns: {titel: X}", `unknown field "titel"`},
		{"values: {title: {a: b}}", `values: "title" has no vocabulary`},
		{"delimiter: ab", `delimiter: "ab": want one character`},
	} {
		if _, err := ReadMapping([]byte(c.in)); err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("ReadMapping(%q) error %v, want %q", c.in, err, c.err)
		}
	}
}

func TestResolvePresets(t *testing.T) {
	for _, c := range []struct {
		preset string
		header []string
		want   map[string][]string
	}{
		// A preset's guesses stand alone: a ticket's Status is not the item's.
		{"support", []string{"Subject", "Created at", "Status", "NPS"},
			map[string][]string{"title": {"Subject"}, "date": {"Created at"}}},
		{"survey", []string{"#", "Submitted At", "How likely are you to recommend us?", "What could we improve?", "Email"},
			map[string][]string{"id": {"#"}, "date": {"Submitted At"}, "nps": {"How likely are you to recommend us?"},
				"body": {"What could we improve?"}, "contact": {"Email"}}},
		{"support", []string{"ticket_id", "subject", "description", "requester", "requester_email", "organization", "created_at"},
			map[string][]string{"id": {"ticket_id"}, "title": {"subject"}, "body": {"description"},
				"contact": {"requester", "requester_email"}, "customer": {"organization"}, "date": {"created_at"}}},
		{"board", []string{"postId", "Title", "Details", "Vote Count", "Status", "Author", "createdAt", "Category", "Tags"},
			map[string][]string{"id": {"postId"}, "title": {"Title"}, "body": {"Details"}, "mentions": {"Vote Count"}, "status": {"Status"},
				"contact": {"Author"}, "date": {"createdAt"}, "tags": {"Tags", "Category"}}},
	} {
		p, _ := presetNamed(c.preset)
		got, err := resolve(c.header, p, nil, true)
		if err != nil || !maps.EqualFunc(got, c.want, slices.Equal) {
			t.Errorf("%s: resolve = %v, %v\nwant %v", c.preset, got, err, c.want)
		}
	}
}

// TestNamedColumns: without a preset, a mapping that lacks a date, or a
// title and a body, is completed from the columns named as fields; one that
// works is left as it is.
func TestNamedColumns(t *testing.T) {
	for _, c := range []struct {
		name     string
		header   []string
		explicit map[string][]string
		want     map[string][]string
	}{
		{"no --map: columns named as fields", []string{"Title", "date", "Body", "NPS", "Tags", "private", "Votes"}, map[string][]string{},
			map[string][]string{"title": {"Title"}, "date": {"date"}, "body": {"Body"}, "nps": {"NPS"}, "tags": {"Tags"}, "private": {"private"}}},
		{"--map wins, and its columns are not taken again", []string{"title", "date", "Details", "nps"}, map[string][]string{"body": {"title"}},
			map[string][]string{"body": {"title"}, "date": {"date"}, "nps": {"nps"}}},
		{"a mapping that works is left alone", []string{"Subject", "When", "nps", "id", "title"},
			map[string][]string{"title": {"Subject"}, "date": {"When"}},
			map[string][]string{"title": {"Subject"}, "date": {"When"}}},
	} {
		got := maps.Clone(c.explicit)
		namedColumns(c.header, got)
		if !maps.EqualFunc(got, c.want, slices.Equal) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDefaultFolder(t *testing.T) {
	for _, c := range []struct{ name, preset, want string }{
		{"survey.csv", "", "survey"},
		{"/tmp/exports/NPS Survey 2026-11-23.csv", "", "nps-survey"},
		{"tickets (1).csv", "support", "tickets"},
		{"golden_set.csv", "", "golden-set"},
		{"2026-11-23.csv", "board", "board"},
		{"-", "", "import"},
		{"über.json", "", "uber"},
	} {
		if got := DefaultFolder(c.name, c.preset); got != c.want {
			t.Errorf("DefaultFolder(%q, %q) = %q, want %q", c.name, c.preset, got, c.want)
		}
	}
}

func TestDates(t *testing.T) {
	for _, c := range []struct{ format, in, want, err string }{
		{"", "2026-11-23", "2026-11-23", ""},
		{"", "2026-11-23T23:30:00-05:00", "2026-11-23", ""}, // the day where it was said
		{"", "2026-11-23 08:00:00 UTC", "2026-11-23", ""},
		{"", "2026-11-23 08:00:00.123456", "2026-11-23", ""},
		{"", "2026/11/23", "2026-11-23", ""},
		{"", "Nov 23, 2026", "2026-11-23", ""},
		{"", "23 November 2026", "2026-11-23", ""},
		{"", "Mon, 23 Nov 2026 10:00:00 +0000", "2026-11-23", ""},
		{"", "1795392000", "2026-11-23", ""},
		{"", "1795392000000", "2026-11-23", ""},
		{"", "11/23/2026", "", "can be read two ways"},
		{"", "23.11.2026", "", "can be read two ways"},
		{"", "yesterday", "", "not a date heed knows"},
		{"", "1969-12-31", "", "out of range"},
		{"", " ", "", "no date"},
		{"MM/DD/YYYY", "11/23/2026", "2026-11-23", ""},
		{"MM/DD/YYYY", "11/23/2026 4:05 PM", "2026-11-23", ""},
		{"MM/DD/YYYY", "2026-11-23", "2026-11-23", ""}, // ISO is never ambiguous
		{"MM/DD/YYYY", "23/11/2026", "", `is not MM/DD/YYYY`},
		{"DD/MM/YY", "15/01/16", "2016-01-15", ""},
		{"D.M.YYYY", "3.4.2026", "2026-04-03", ""},
		{"DD MMM YYYY", "03 Apr 2026", "2026-04-03", ""},
		{"02/01/2006", "03/04/2026", "2026-04-03", ""},
	} {
		p, err := newDateParser(c.format)
		if err != nil {
			t.Fatalf("%q: %v", c.format, err)
		}
		got, err := p.parse(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q with %q: %v, %v; want error %q", c.in, c.format, got, err, c.err)
			}
			continue
		}
		if err != nil || got.Format(time.DateOnly) != c.want {
			t.Errorf("%q with %q: %v, %v; want %s", c.in, c.format, got, err, c.want)
		}
	}
	for _, f := range []string{"MM/DD", "YYYY", "hh:mm", "nonsense"} {
		if _, err := newDateParser(f); err == nil {
			t.Errorf("--date-format %q accepted", f)
		}
	}
}

func TestScores(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int // -1: absent
		err  string
	}{
		{"9", 9, ""}, {" 10 ", 10, ""}, {"9.0", 9, ""}, {"9 - Extremely likely", 9, ""}, {"0", 0, ""},
		{"★★★★☆", 4, ""}, {"", -1, ""}, {"11", 0, "out of range"}, {"-1", 0, "out of range"},
		{"8.5", 0, "not a whole number"}, {"great", 0, "not a number"},
	} {
		got, err := parseScore("nps", c.in, 0, 10)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("parseScore(%q) error %v, want %q", c.in, err, c.err)
			}
		case err != nil || (got == nil) != (c.want < 0) || got != nil && *got != c.want:
			t.Errorf("parseScore(%q) = %v, %v; want %d", c.in, got, err, c.want)
		}
	}
	for in, want := range map[string]int{"": 0, "12": 12, "1,204": 1204, "1 204": 1204, "12 votes": 12, "3.0": 3} {
		if got, err := parseCount("votes", in); err != nil || got != want {
			t.Errorf("parseCount(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for in, want := range map[string]float64{"12000": 12000, "$12,000.50": 12000.5, "12k": 12000, "€1.5m": 1.5e6} {
		if got, err := parseAmount(in); err != nil || *got != want {
			t.Errorf("parseAmount(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestVocabulary(t *testing.T) {
	cfg := defaultConfig()
	for _, c := range []struct{ field, in, want string }{
		{"source", "Zendesk", "support"},
		{"source", "App Store", "review"},
		{"source", "SURVEY", "survey"},
		{"type", "Feature Request", "request"},
		{"type", "incident", "bug"},
		{"status", "Under Review", "acknowledged"},
		{"status", "In Progress", "in-progress"},
		{"status", "won't do", "declined"},
		{"status", "Complete", "shipped"},
		{"sentiment", "Detractor", "negative"},
		{"status", "Needs a designer", ""},
	} {
		v, err := newVocab(cfg, c.field, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := v.lookup(c.in); got != c.want {
			t.Errorf("%s %q = %q, want %q", c.field, c.in, got, c.want)
		}
	}
}

func TestSplitPerson(t *testing.T) {
	for _, c := range []struct {
		in, name string
		contacts []string
	}{
		{"Jane Doe <jane@acme.example>", "Jane Doe", []string{"jane@acme.example"}},
		{"mailto:jo@example.org", "", []string{"jo@example.org"}},
		{"Tel: +47 912 34 567", "", []string{"+47 912 34 567"}},
		{"Sam (555) 010-0199, sam@example.org", "Sam", []string{"sam@example.org", "(555) 010-0199"}},
		{"Acme Corp", "Acme Corp", nil},
		{"Room 101", "Room 101", nil},
		{"", "", nil},
	} {
		name, contacts := splitPerson(c.in)
		if name != c.name || !slices.Equal(contacts, c.contacts) {
			t.Errorf("splitPerson(%q) = %q, %q; want %q, %q", c.in, name, contacts, c.name, c.contacts)
		}
	}
}

func TestTitleFrom(t *testing.T) {
	long := strings.Repeat("word ", 40)
	for _, c := range []struct{ body, want string }{
		{"Lag city", "Lag city"},
		{"Love it.", "Love it"},
		{"Exports fail. " + long, "Exports fail. " + strings.TrimSpace(strings.Repeat("word ", 13)) + "…"}, // first sentence too short
		{"The whole-year export times out after a minute! " + long, "The whole-year export times out after a minute!"},
		{"best search engine . even tho " + long, "best search engine"},
		{"Line one\nline two", "Line one line two"},
		{long, strings.TrimSpace(long[:75]) + "…"},
	} {
		if got := titleFrom(c.body); got != c.want {
			t.Errorf("titleFrom(%.30q) = %q, want %q", c.body, got, c.want)
		}
	}
}

func TestDetectDelimiter(t *testing.T) {
	for in, want := range map[string]rune{
		"a,b,c\n1,2,3":         ',',
		"a;b;c\n1,5;2;3":       ';',
		"a\tb\n1\t2":           '\t',
		"a|b|c":                '|',
		`"x;y;z",b` + "\n1,2":  ',',
		"single column\nvalue": ',',
	} {
		if got := detectDelimiter(bufio.NewReader(strings.NewReader(in))); got != want {
			t.Errorf("detectDelimiter(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEncodings(t *testing.T) {
	utf16le := func(s string, bom bool) string {
		var b []byte
		if bom {
			b = append(b, 0xFF, 0xFE)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return string(b)
	}
	utf16be := func(s string) string {
		b := []byte{0xFE, 0xFF}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return string(b)
	}
	text := "Café, naïve 🎉\n"
	for _, c := range []struct{ name, in, encoding, want string }{
		{"UTF-8", text, "", text},
		{"UTF-8 with BOM", "\xEF\xBB\xBF" + text, "", text},
		{"UTF-16LE with BOM", utf16le(text, true), "", text},
		{"UTF-16BE with BOM", utf16be(text), "", text},
		{"UTF-16LE said", utf16le(text, false), "utf-16le", text},
		{"Latin-1", "Caf\xe9 na\xefve", "latin1", "Café naïve"},
		{"Windows-1252", "\x93quoted\x94 \x80 caf\xe9", "windows-1252", "“quoted” € café"},
	} {
		br, err := decodeInput(strings.NewReader(c.in), c.encoding)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := io.ReadAll(br)
		if err != nil || string(got) != c.want {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	if _, err := decodeInput(strings.NewReader(""), "ebcdic"); err == nil {
		t.Error("unknown encoding accepted")
	}
}

func TestKeys(t *testing.T) {
	get := func(m map[string]string) func(string) string { return func(f string) string { return m[f] } }
	a := rowKey("survey", get(map[string]string{"id": "r-1", "title": "A"}), true)
	if k, ok := keyOf("2026-01-01-title-" + a.String()); !ok || k != a || len(a.String()) != keyLen {
		t.Errorf("key %s does not end an id", a)
	}
	for _, c := range []struct {
		name  string
		b     key
		equal bool
	}{
		{"same id, other content", rowKey("survey", get(map[string]string{"id": "r-1", "title": "B"}), true), true},
		{"other id", rowKey("survey", get(map[string]string{"id": "r-2", "title": "A"}), true), false},
		{"other folder", rowKey("nps", get(map[string]string{"id": "r-1", "title": "A"}), true), false},
	} {
		if (c.b == a) != c.equal {
			t.Errorf("%s: equal = %v", c.name, c.b == a)
		}
	}
	content := func(m map[string]string) key { return rowKey("x", get(m), false) }
	base := content(map[string]string{"title": "A  b", "body": "text", "date": "2026-01-01", "mentions": "3"})
	if content(map[string]string{"title": "A b", "body": " text ", "date": "2026-01-01", "mentions": "9"}) != base {
		t.Error("spacing or votes change a content key")
	}
	if content(map[string]string{"title": "A b", "body": "other", "date": "2026-01-01"}) == base {
		t.Error("other text, same key")
	}
	// Keys are part of ids already written: they must never change.
	if got := rowKey("tickets", get(map[string]string{"id": "1001"}), true).String(); got != "6nbykc45s4" {
		t.Errorf("the key of ticket 1001 changed to %s", got)
	}
	for id, want := range map[string]bool{"2026-01-01-title-6nbykc45s4": true, "2026-01-01-title": false,
		"x-abcdefghi1": false, "short-abc": false, "2026-01-01-everything": true} {
		if _, ok := keyOf(id); ok != want {
			t.Errorf("keyOf(%q) = %v, want %v", id, ok, want)
		}
	}
}

func defaultConfig() *config.Config { return config.Default() }
