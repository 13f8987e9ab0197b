package content

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/source"
)

// MaxSlug is the most characters an item's id takes from its title.
const MaxSlug = 40

// ItemID is the id, and file name, of a new item (heed new, heed import):
// its day, then a slug of its title of at most MaxSlug characters (cut
// between words where one ends past the middle; see Slugify for accents
// and other scripts, whose hash is never cut off), then key when it is not
// "" (an import's row key, which keeps a row from being imported twice).
func ItemID(day time.Time, title, key string) string {
	slug, hash := slugParts(title)
	room := MaxSlug
	if hash != "" {
		room -= len(hash) + 1
	}
	if len(slug) > room {
		slug = strings.TrimRight(slug[:room], "-")
		if i := strings.LastIndexByte(slug, '-'); i > room/2 {
			slug = slug[:i]
		}
	}
	switch {
	case hash == "":
	case slug == "":
		slug = hash
	default:
		slug += "-" + hash
	}
	id := day.Format(time.DateOnly) + "-" + slug
	if key != "" {
		id += "-" + key
	}
	return id
}

// ItemPath is the repository path of the file of a new item with this id,
// in a sub-folder of feedback/ ("" for feedback/ itself).
func ItemPath(folder, id string) string {
	if folder == "" {
		return source.FeedbackDir + "/" + id + ".md"
	}
	return source.FeedbackDir + "/" + folder + "/" + id + ".md"
}

// ItemFile writes the file of a new item and reads it back with the
// parser, as heed check will: the file's bytes, the item read back (with
// its Text) and the warnings check will give it. The error says why the
// item would not be valid, or (a bug in heed) that a value would not read
// back as written.
//
// The file is YAML front matter in a fixed key order (id, title, date,
// source, type, customer, themes, status, duplicate_of, nps, csat, ces,
// sentiment, mentions, tags, links, private, origin, score_only), with each value plain where
// YAML reads it back as the same string and quoted otherwise, then the
// body. An item's Path is the file's path; Customer, when inline, is
// written as a map, else by id; Mentions is written above 1; Text, HTML and
// positions are ignored.
func (p *Parser) ItemFile(it *Item) (data []byte, read *Item, warnings diag.List, err error) {
	if field := invalidUTF8(it); field != "" {
		return nil, nil, nil, fmt.Errorf("its %s is not valid UTF-8 text", field)
	}
	data = formatItem(it)
	read, ds := p.ParseItem(it.Path, data)
	for _, d := range ds {
		if d.Severity == diag.Error {
			return nil, nil, nil, fmt.Errorf("would not be a valid item: %s", d.Message)
		}
		warnings = append(warnings, d)
	}
	if field := differs(read, it); field != "" {
		return nil, nil, nil, fmt.Errorf("its %s would not read back as written (please report this as a bug in heed)", field)
	}
	return data, read, warnings, nil
}

// invalidUTF8 names a field of the item that is not valid UTF-8 ("" when
// every one is): YAML would read such bytes back as other characters.
func invalidUTF8(it *Item) string {
	fields := [][2]string{{"id", it.ID}, {"title", it.Title}, {"source", it.Source}, {"type", it.Type}, {"status", it.Status},
		{"duplicate_of", it.DuplicateOf}, {"sentiment", it.Sentiment}, {"body", it.Body}, {"origin", it.Origin}}
	for _, l := range []struct {
		name string
		ss   []string
	}{{"themes", it.Themes}, {"tags", it.Tags}, {"links", it.Links}} {
		for _, s := range l.ss {
			fields = append(fields, [2]string{l.name, s})
		}
	}
	if c := it.Customer; c != nil {
		for _, s := range []string{c.ID, c.Name, c.Segment, c.Plan, c.Region, c.Contact} {
			fields = append(fields, [2]string{"customer", s})
		}
	}
	for _, f := range fields {
		if !utf8.ValidString(f[1]) {
			return f[0]
		}
	}
	return ""
}

// samePtr says whether two optional values are both unset or both set to
// the same value.
func samePtr[T comparable](a, b *T) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// differs names a field that the item read back from its file does not
// have as written ("" when every one does).
func differs(got, want *Item) string {
	if got == nil {
		return "file"
	}
	for _, c := range []struct {
		field string
		same  bool
	}{
		{"id", got.ID == want.ID}, {"title", got.Title == want.Title},
		{"date", got.Date.Format(time.DateOnly) == want.Date.Format(time.DateOnly)},
		{"source", got.Source == want.Source}, {"type", got.Type == want.Type}, {"status", got.Status == want.Status},
		{"duplicate_of", got.DuplicateOf == want.DuplicateOf},
		{"nps", samePtr(got.NPS, want.NPS)}, {"csat", samePtr(got.CSAT, want.CSAT)}, {"ces", samePtr(got.CES, want.CES)},
		{"sentiment", got.Sentiment == want.Sentiment}, {"mentions", got.Mentions == max(want.Mentions, 1)},
		{"tags", slices.Equal(got.Tags, want.Tags)}, {"links", slices.Equal(got.Links, want.Links)},
		{"themes", slices.Equal(got.Themes, want.Themes)}, {"private", got.Private == want.Private},
		{"public", samePtr(got.Public, want.Public)},
		{"body", strings.TrimSpace(got.Body) == strings.TrimSpace(want.Body)},
		{"customer", sameCustomer(got.Customer, want.Customer)},
		{"origin", got.Origin == want.Origin}, {"score_only", got.ScoreOnly == want.ScoreOnly},
	} {
		if !c.same {
			return c.field
		}
	}
	return ""
}

// sameCustomer compares a customer read back with the one written: one of
// customers.yaml by id (the registry fills in the rest), an inline one by
// every field.
func sameCustomer(got, want *Customer) bool {
	switch {
	case want == nil:
		return got == nil
	case got == nil || got.ID != want.ID:
		return false
	case !want.Inline:
		return true
	}
	return got.Name == want.Name && got.Contact == want.Contact && got.Segment == want.Segment &&
		got.Plan == want.Plan && got.Region == want.Region && got.Revenue == want.Revenue
}

// formatItem writes an item's file (see ItemFile).
func formatItem(it *Item) []byte {
	var b bytes.Buffer
	body := strings.TrimSpace(it.Body)
	b.Grow(512 + len(body))
	b.WriteString("---\n")
	line := func(indent, key, value string) {
		b.WriteString(indent + key + ": " + value + "\n")
	}
	if it.ID != "" {
		line("", "id", scalar(it.ID, false))
	}
	line("", "title", scalar(it.Title, false))
	line("", "date", it.Date.Format(time.DateOnly))
	line("", "source", scalar(it.Source, false))
	line("", "type", scalar(it.Type, false))
	if cu := it.Customer; cu != nil {
		if !cu.Inline {
			line("", "customer", scalar(cu.ID, false))
		} else {
			b.WriteString("customer:\n")
			line("  ", "id", scalar(cu.ID, false))
			for _, kv := range [][2]string{{"name", cu.Name}, {"segment", cu.Segment}, {"plan", cu.Plan}} {
				if kv[1] != "" {
					line("  ", kv[0], scalar(kv[1], false))
				}
			}
			if cu.Revenue > 0 {
				line("  ", "revenue", strconv.FormatFloat(cu.Revenue, 'f', -1, 64))
			}
			for _, kv := range [][2]string{{"region", cu.Region}, {"contact", cu.Contact}} {
				if kv[1] != "" {
					line("  ", kv[0], scalar(kv[1], false))
				}
			}
		}
	}
	if len(it.Themes) > 0 {
		line("", "themes", flowList(it.Themes))
	}
	if it.Status != "" {
		line("", "status", scalar(it.Status, false))
	}
	if it.DuplicateOf != "" {
		line("", "duplicate_of", scalar(it.DuplicateOf, false))
	}
	for _, kv := range []struct {
		key string
		v   *int
	}{{"nps", it.NPS}, {"csat", it.CSAT}, {"ces", it.CES}} {
		if kv.v != nil {
			line("", kv.key, strconv.Itoa(*kv.v))
		}
	}
	if it.Sentiment != "" {
		line("", "sentiment", scalar(it.Sentiment, false))
	}
	if it.Mentions > 1 {
		line("", "mentions", strconv.Itoa(it.Mentions))
	}
	if len(it.Tags) > 0 {
		line("", "tags", flowList(it.Tags))
	}
	if len(it.Links) > 0 {
		line("", "links", flowList(it.Links))
	}
	if it.Public != nil {
		line("", "public", strconv.FormatBool(*it.Public))
	}
	if it.Private {
		line("", "private", "true")
	}
	if it.Origin != "" {
		line("", "origin", scalar(it.Origin, false))
	}
	if it.ScoreOnly {
		line("", "score_only", "true")
	}
	b.WriteString("---\n")
	if body != "" {
		b.WriteString("\n" + body + "\n")
	}
	return b.Bytes()
}

func flowList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = scalar(s, true)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// scalar returns s as a YAML scalar that reads back as the string s: as
// it is when plainly safe, else double-quoted by yaml.v3.
func scalar(s string, flow bool) string {
	if plainSafe(s, flow) {
		return s
	}
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle})
	if err != nil {
		// yaml.v3 quotes any string; keep a JSON string (valid YAML) for
		// the impossible case.
		return strconv.QuoteToASCII(s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// plainSafe says whether s can stand unquoted as a YAML string: it starts
// with a letter (so it is no number, date, or indicator such as - [ { ' " #
// & * ! | > % @), or is a dated id; it holds only printable characters, no
// ": " or " #" (nor , [ ] { } inside a flow list), does not end in a
// space or colon, and is not a word YAML reads as a boolean or null.
func plainSafe(s string, flow bool) bool {
	if s == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(first) && !datedID.MatchString(s) {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, " ") || strings.HasSuffix(s, ":") {
		return false
	}
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) && r != ' ' || r == '\uFEFF' {
			return false
		}
		if flow && strings.ContainsRune(",[]{}", r) {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null":
		return false
	}
	return true
}

// datedID matches the ids ItemID makes: a day, then a slug with a letter.
var datedID = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-[a-z0-9-]*[a-z][a-z0-9-]*$`)
