package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
)

// keyLen is the length of the row key that ends every imported item's id:
// 10 base32 characters, 50 bits, so that a million rows are unlikely to
// share one (about one chance in 2,000).
const keyLen = 10

// keyAlphabet writes a key: base32 in lower case.
const keyAlphabet = "abcdefghijklmnopqrstuvwxyz234567"

// key is a row key: the first 50 bits of a SHA-256 sum.
type key uint64

func keyOfSum(sum []byte) key { return key(binary.BigEndian.Uint64(sum) >> (64 - 5*keyLen)) }

// String writes the key as it ends an id.
func (k key) String() string {
	var b [keyLen]byte
	for i := keyLen - 1; i >= 0; i-- {
		b[i] = keyAlphabet[k&31]
		k >>= 5
	}
	return string(b[:])
}

// rowKey returns the stable key of a row: from its id column when it has a
// value there, else from its content (date, title, body, customer and
// contact, with spacing normalised), in the namespace of the import's
// folder. Values that change as an export grows (votes, status, scores)
// are left out, so a grown export keys its old rows as before.
func rowKey(folder string, get func(string) string, hasID bool) key {
	h := sha256.New()
	h.Write([]byte(folder))
	if id := strings.TrimSpace(get("id")); hasID && id != "" {
		h.Write([]byte("\x00id\x00" + id))
	} else {
		for _, f := range []string{"date", "title", "body", "customer", "contact"} {
			h.Write([]byte("\x00" + f + "\x00" + strings.Join(strings.Fields(get(f)), " ")))
		}
	}
	return keyOfSum(h.Sum(nil))
}

// keyOf returns the row key an item id ends with, if it ends with one.
func keyOf(id string) (key, bool) {
	i := strings.LastIndexByte(id, '-')
	if i < 0 || len(id)-i-1 != keyLen {
		return 0, false
	}
	var k key
	for _, r := range id[i+1:] {
		j := strings.IndexRune(keyAlphabet, r)
		if j < 0 {
			return 0, false
		}
		k = k<<5 | key(j)
	}
	return k, true
}

// converter turns mapped rows into item files.
type converter struct {
	cfg       *config.Config
	parser    *content.Parser
	cols      map[string][]string
	dates     *dateParser
	vocabs    map[string]*vocab
	source    string
	typ       string
	tags      []string
	private   bool
	folder    string            // repository-relative, slash-separated
	customers map[string]bool   // ids in customers.yaml
	names     map[string]string // their names (normWord) -> id
	themes    map[string]bool
}

// get returns a field's value in a row: its columns' values joined.
func (c *converter) get(r *row, field string) string {
	cols := c.cols[field]
	if len(cols) == 1 {
		return r.value(cols[0])
	}
	var parts []string
	for _, col := range cols {
		if v := strings.TrimSpace(r.value(col)); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, multiColumn[field])
}

// draft is an item about to be written.
type draft struct {
	id, title, date, source, typ, status, sentiment string
	customer                                        *content.Customer // nil, or ID only for customers.yaml
	nps, csat, ces                                  *int
	mentions                                        int
	tags, links, themes                             []string
	private                                         bool
	body                                            string
}

// converted is what became of one row.
type converted struct {
	path     string
	id       string
	data     []byte
	text     string // title and body as plain text, for duplicate detection
	themes   []string
	err      error // the row fails
	exists   bool  // err says the file exists already
	warnings []string
	unmapped [][2]string // field, export word
	redacted int
}

// readsBack checks that the parsed file says what the draft says, so that
// no value is changed by how it was written.
func readsBack(it *content.Item, d *draft) error {
	if it == nil {
		return errors.New("would not be a valid item")
	}
	checks := []struct {
		field string
		same  bool
	}{
		{"id", it.ID == d.id}, {"title", it.Title == d.title}, {"date", it.Date.Format(time.DateOnly) == d.date},
		{"source", it.Source == d.source}, {"type", it.Type == d.typ}, {"status", it.Status == d.status},
		{"sentiment", it.Sentiment == d.sentiment}, {"tags", slices.Equal(it.Tags, d.tags)},
		{"links", slices.Equal(it.Links, d.links)}, {"themes", slices.Equal(it.Themes, d.themes)},
		{"private", it.Private == d.private}, {"body", strings.TrimSpace(it.Body) == d.body},
	}
	if w := d.customer; w != nil {
		c := it.Customer
		checks = append(checks, struct {
			field string
			same  bool
		}{"customer", c != nil && c.ID == w.ID && c.Name == w.Name && c.Contact == w.Contact && c.Segment == w.Segment &&
			c.Plan == w.Plan && c.Region == w.Region && c.Revenue == w.Revenue})
	}
	for _, c := range checks {
		if !c.same {
			return fmt.Errorf("its %s would not read back as written (please report this as a bug in heed)", c.field)
		}
	}
	return nil
}

// errNoText skips a survey answer that is only a score.
var errNoText = errors.New("no text, only a score")

// convert maps one row to an item file and validates it as heed check
// would.
func (c *converter) convert(r *row, k key) converted {
	var out converted
	fail := func(err error) converted { out.err = err; return out }
	get := func(field string) string { return c.get(r, field) }
	for _, f := range Fields() {
		if v := get(f); !utf8.ValidString(v) {
			return fail(fmt.Errorf("%s is not valid UTF-8 text (is the export in another encoding? say --encoding windows-1252 or latin1)", f))
		}
	}
	d := draft{mentions: 1, private: c.private}
	var err error

	d.body = cleanText(get("body"))
	title := strings.Join(strings.Fields(cleanText(get("title"))), " ")
	switch {
	case title == "" && d.body == "":
		for _, f := range []string{"nps", "csat", "ces"} {
			if strings.TrimSpace(get(f)) != "" {
				return fail(errNoText)
			}
		}
		return fail(errors.New("has no title and no text"))
	case title == "":
		title = titleFrom(d.body)
	case utf8.RuneCountInString(title) > content.MaxTitle:
		if d.body == "" {
			d.body = title
		}
		title = truncate(title, content.MaxTitle-1)
	}
	d.title = title

	day, err := c.dates.parse(get("date"))
	if err != nil {
		return fail(err)
	}
	d.date = day.Format(time.DateOnly)

	d.source, d.typ = c.source, c.typ
	word := func(field, fallback string) string {
		v := strings.TrimSpace(get(field))
		if v == "" {
			return fallback
		}
		if to, ok := c.vocabs[field].lookup(v); ok {
			return to
		}
		out.unmapped = append(out.unmapped, [2]string{field, v})
		return fallback
	}
	d.source = word("source", c.source)
	d.typ = word("type", c.typ)
	d.status = word("status", "")
	if d.status == c.cfg.ItemStatusOfKind(config.KindOpen) {
		d.status = "" // absent: it follows its themes
	}
	d.sentiment = word("sentiment", "")

	if d.nps, err = parseScore("nps", get("nps"), 0, 10); err != nil {
		return fail(err)
	}
	if d.csat, err = parseScore("csat", get("csat"), 1, 5); err != nil {
		return fail(err)
	}
	if d.ces, err = parseScore("ces", get("ces"), 1, 7); err != nil {
		return fail(err)
	}
	if n, err := parseCount("mentions", get("mentions")); err != nil {
		return fail(err)
	} else if n > 1 {
		d.mentions = n
	}
	if v := get("private"); v != "" {
		p, err := parseBool("private", v)
		if err != nil {
			return fail(err)
		}
		d.private = d.private || p
	}

	d.tags = slices.Clone(c.tags)
	for _, t := range splitList(get("tags")) {
		if !slices.Contains(d.tags, t) {
			d.tags = append(d.tags, t)
		}
	}
	for _, t := range splitList(get("themes")) {
		id := content.Slugify(t)
		if !c.themes[id] {
			return fail(fmt.Errorf("theme %q does not exist in themes/", t))
		}
		if !slices.Contains(d.themes, id) {
			d.themes = append(d.themes, id)
		}
	}
	for _, l := range strings.FieldsFunc(get("links"), func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' }) {
		if u, err := url.Parse(l); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fail(fmt.Errorf("link %q is not an http or https URL", l))
		}
		d.links = append(d.links, l)
	}

	var contacts []string
	if d.customer, contacts, err = c.customer(get); err != nil {
		return fail(err)
	}

	if !d.private {
		var n1, n2 int
		d.title, n1 = redact(d.title, contacts)
		d.body, n2 = redact(d.body, contacts)
		out.redacted = n1 + n2
	}

	slug := content.Slugify(d.title)
	if len(slug) > 40 {
		slug = strings.TrimRight(slug[:40], "-")
		if i := strings.LastIndexByte(slug, '-'); i > 20 {
			slug = slug[:i]
		}
	}
	d.id = d.date + "-" + slug + "-" + k.String()
	out.id = d.id
	out.path = "feedback/" + c.folder + "/" + d.id + ".md"
	if c.folder == "" {
		out.path = "feedback/" + d.id + ".md"
	}
	out.data = render(&d)
	if len(out.data) > 1<<20-4096 {
		return fail(errors.New("is too long for one item (over 1 MB)"))
	}
	it, ds := c.parser.ParseItem(out.path, out.data)
	for _, x := range ds {
		if x.Severity == diag.Error {
			return fail(fmt.Errorf("would not be a valid item: %s", x.Message))
		}
		out.warnings = append(out.warnings, x.Message)
	}
	if err := readsBack(it, &d); err != nil {
		return fail(err)
	}
	out.text, out.themes = it.Title+"\n"+it.Text, it.Themes
	return out
}

// customer works out who gave the feedback, and returns their contact
// details too: the customer column (an id
// from customers.yaml or a name) and the contact column (a requester's
// name, e-mail, phone). Contact details go to the private contact field of
// an inline customer; a customer from customers.yaml is referred to by id
// and keeps the contact written there.
func (c *converter) customer(get func(string) string) (*content.Customer, []string, error) {
	who, whoContacts := splitPerson(get("customer"))
	person, contacts := splitPerson(get("contact"))
	contacts = append(whoContacts, contacts...)
	if who != "" {
		// A customer of customers.yaml, by id or by name.
		for _, id := range []string{strings.TrimSpace(who), content.Slugify(who), c.names[normWord(who)]} {
			if c.customers[id] {
				return &content.Customer{ID: id}, contacts, nil
			}
		}
	}
	cu := &content.Customer{Inline: true, Segment: oneLine(get("segment")), Plan: oneLine(get("plan")), Region: oneLine(get("region"))}
	if r, err := parseAmount(get("revenue")); err != nil {
		return nil, nil, err
	} else if r != nil {
		cu.Revenue = *r
	}
	var contact []string
	switch {
	case who != "":
		cu.Name = who
		if person != "" {
			contact = append(contact, person)
		}
	case person != "":
		cu.Name = person
	}
	for _, x := range contacts {
		if !slices.Contains(contact, x) {
			contact = append(contact, x)
		}
	}
	cu.Contact = strings.Join(contact, ", ")
	switch {
	case cu.Name != "":
		cu.ID = content.Slugify(cu.Name)
		if cu.ID == "item" {
			cu.ID = "customer-" + shortHash(cu.Name)
		}
	case cu.Contact != "":
		// Someone known only by an address: an id that does not publish it.
		cu.ID = "contact-" + shortHash(strings.ToLower(cu.Contact))
	default:
		return nil, nil, nil
	}
	if utf8.RuneCountInString(cu.Name) > 200 {
		return nil, nil, fmt.Errorf("customer name is %d characters long; keep it to 200", utf8.RuneCountInString(cu.Name))
	}
	return cu, contacts, nil
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return keyOfSum(sum[:]).String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cleanText makes an export's text fit for a Markdown body: LF line ends,
// no control characters, no trailing spaces, no surrounding blank lines.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r) || r == '\uFEFF':
			return -1
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// splitList splits a list value on commas, semicolons and bars.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// titleFrom makes a title of a body: all of it when short, else its first
// sentence, else its first words.
func titleFrom(body string) string {
	text := strings.Join(strings.Fields(body), " ")
	if utf8.RuneCountInString(text) <= 80 {
		return strings.TrimSpace(strings.TrimSuffix(text, "."))
	}
	for i, r := range text {
		if (r == '.' || r == '!' || r == '?') && i+1 < len(text) && text[i+1] == ' ' {
			n := utf8.RuneCountInString(text[:i])
			if n >= 15 && n <= 100 {
				if r == '.' {
					return strings.TrimSpace(text[:i])
				}
				return strings.TrimSpace(text[:i+1])
			}
			if n > 100 {
				break
			}
		}
	}
	return truncate(text, 80)
}

// truncate shortens text to at most n characters, at a word boundary
// where one is near, ending in an ellipsis.
func truncate(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:-") + "…"
}

// render writes an item file: YAML front matter in a fixed key order, then
// the body. Values that are plainly safe (see plainSafe) are written as
// they are; every other string is quoted by yaml.v3.
func render(d *draft) []byte {
	var b bytes.Buffer
	b.Grow(512 + len(d.body))
	b.WriteString("---\n")
	line := func(indent, key, value string) {
		b.WriteString(indent + key + ": " + value + "\n")
	}
	line("", "id", scalar(d.id, false))
	line("", "title", scalar(d.title, false))
	line("", "date", d.date)
	line("", "source", scalar(d.source, false))
	line("", "type", scalar(d.typ, false))
	if cu := d.customer; cu != nil {
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
	if len(d.themes) > 0 {
		line("", "themes", flowList(d.themes))
	}
	if d.status != "" {
		line("", "status", scalar(d.status, false))
	}
	for _, kv := range []struct {
		key string
		v   *int
	}{{"nps", d.nps}, {"csat", d.csat}, {"ces", d.ces}} {
		if kv.v != nil {
			line("", kv.key, strconv.Itoa(*kv.v))
		}
	}
	if d.sentiment != "" {
		line("", "sentiment", scalar(d.sentiment, false))
	}
	if d.mentions > 1 {
		line("", "mentions", strconv.Itoa(d.mentions))
	}
	if len(d.tags) > 0 {
		line("", "tags", flowList(d.tags))
	}
	if len(d.links) > 0 {
		line("", "links", flowList(d.links))
	}
	if d.private {
		line("", "private", "true")
	}
	b.WriteString("---\n")
	if d.body != "" {
		b.WriteString("\n" + d.body + "\n")
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

// datedID matches the ids import writes: a day, then a slug with a letter.
var datedID = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-[a-z0-9-]*[a-z][a-z0-9-]*$`)
