package content

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/heedhq/heed/generator/config"
)

// TestItemID: a new item's id is its day and a slug of its title, cut
// between words at MaxSlug characters, and a key when there is one.
func TestItemID(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ title, key, want string }{
		{`Export times out: "again"`, "", "2026-03-02-export-times-out-again"},
		{"Export times out", "abcdefghij", "2026-03-02-export-times-out-abcdefghij"},
		{"The year-end export of every workspace times out after a minute", "",
			"2026-03-02-the-year-end-export-of-every-workspace"},
		{"Supercalifragilisticexpialidocious reports are way too slow", "", "2026-03-02-supercalifragilisticexpialidocious"},
		{"Reports supercalifragilisticexpialidocious and slow", "", "2026-03-02-reports-supercalifragilisticexpialidocio"},
		{strings.Repeat("x", 60), "", "2026-03-02-" + strings.Repeat("x", MaxSlug)},
	} {
		if got := ItemID(day, c.title, c.key); got != c.want {
			t.Errorf("ItemID(%q, %q) = %q, want %q", c.title, c.key, got, c.want)
		}
	}
}

// FuzzItemFile: whatever the values (one-line values on one line, as heed
// new and heed import make them), the file ItemFile writes reads back as
// the item, or ItemFile says why it cannot: never that it does not read
// back.
func FuzzItemFile(f *testing.F) {
	f.Add("Export times out", "It fails.", "acme", "Acme: the company", "x@y.z", "tag, with comma", 2)
	f.Add(`yes`, "---\nnot front matter\n---", "", "", "", "null", 0)
	f.Add("2026-01-01", "# heading\n\n- list", "a b", "#1 customer", "", "[x]", 5)
	p := NewParser(config.Default(), false)
	f.Fuzz(func(t *testing.T, title, body, custID, custName, contact, tag string, mentions int) {
		line := func(s string) string { return strings.Join(strings.Fields(s), " ") }
		title, custID, custName, contact, tag = line(title), line(custID), line(custName), line(contact), line(tag)
		it := &Item{
			ID: "2026-03-02-item", Path: "feedback/2026-03-02-item.md", Title: title, Body: body,
			Date: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Source: "support", Type: "bug",
			Tags: []string{tag}, Mentions: mentions,
		}
		if custID != "" {
			it.Customer = &Customer{ID: custID, Name: custName, Contact: contact, Inline: true}
		}
		data, read, _, err := p.ItemFile(it)
		if err != nil {
			if strings.Contains(err.Error(), "bug in heed") {
				t.Fatalf("%v:\n%s", err, formatItem(it))
			}
			return
		}
		if field := differs(read, it); field != "" {
			t.Fatalf("%s does not read back:\n%s", field, data)
		}
	})
}

// TestScalar: every value reads back from the YAML written for it, plain
// where that is safe and quoted otherwise.
func TestScalar(t *testing.T) {
	for _, c := range []struct {
		in    string
		plain bool
	}{
		{"Export times out", true}, {"Export, again", true}, {"Ünïcödé works", true}, {"émoji 🎉", true},
		{"2026-10-01-export-abc", true}, {"yes", false}, {"No", false}, {"null", false}, {"y", false},
		{"123", false}, {"1.5", false}, {"2026-10-01", false}, {"-dash", false}, {"#hash", false},
		{"a: b", false}, {"a #b", false}, {"ends:", false}, {"'quoted'", false}, {`"dq"`, false},
		{"[list]", false}, {"{map}", false}, {"&anchor", false}, {"*alias", false}, {"!tag", false},
		{"|block", false}, {">fold", false}, {"%dir", false}, {"@at", false}, {"`tick", false},
		{"tab\there", false}, {"nel\u0085x", false}, {"ls\u2028x", false}, {"bom\ufeffx", false},
		{"trailing ", false}, {" leading", false}, {"back\\slash", true}, {"~", false}, {"<<", false},
		{"ctrl\x01x", false}, {strings.Repeat("long words ", 30), false},
	} {
		for _, flow := range []bool{false, true} {
			s := scalar(c.in, flow)
			if !flow && (s == c.in) != c.plain {
				t.Errorf("scalar(%q) = %s; plain = %v, want %v", c.in, s, s == c.in, c.plain)
			}
			doc := "v: " + s
			if flow {
				doc = "v: [" + s + ", x]"
			}
			var got map[string]any
			if err := yaml.Unmarshal([]byte(doc), &got); err != nil {
				t.Errorf("%s: %v", doc, err)
				continue
			}
			v := got["v"]
			if flow {
				l, _ := v.([]any)
				if len(l) != 2 {
					t.Errorf("%s reads as %#v", doc, v)
					continue
				}
				v = l[0]
			}
			if v != c.in {
				t.Errorf("%s reads as %#v, want %q", doc, v, c.in)
			}
		}
	}
}
