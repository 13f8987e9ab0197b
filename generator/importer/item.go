package importer

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
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

// rowKey returns the key that heed versions before origins ended the ids
// of imported items with, so that their items are found: from a row's id
// column when it has a value there, else from its content (date, title,
// body, customer and contact, with spacing normalised), in the namespace of
// the import's folder.
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
	titles    map[string]string // themes' titles (normWord) -> id
	// typeGiven says that Options.Type was given: it, rather than a
	// survey answer's score, types the rows that do not say.
	typeGiven bool
	// originName names the export in its rows' origins.
	originName string
	// form, for GitHub issues, holds the columns mapped to fields: the
	// body is what the issue says besides them.
	form map[string]bool
}

// get returns a field's value in a row: its columns' values joined. A
// GitHub issue's body, unless a column is mapped to it, is the issue's
// words less the answers of its form that other fields took.
func (c *converter) get(r *row, field string) string {
	cols := c.cols[field]
	if c.form != nil && field == "body" && len(cols) == 0 {
		return formSections(r.value("body")).rest(c.form)
	}
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

// themeNamed returns the id of the theme that name names, by id or by
// title, "" for none.
func (c *converter) themeNamed(name string) string {
	if id := content.Slugify(name); c.themes[id] {
		return id
	}
	return c.titles[normWord(name)]
}

// scoreOnly says whether a row is a survey answer that is a score and no
// words.
func (c *converter) scoreOnly(r *row) bool {
	if strings.TrimSpace(c.get(r, "title")) != "" || strings.TrimSpace(c.get(r, "body")) != "" {
		return false
	}
	for _, s := range scoreFields {
		if strings.TrimSpace(c.get(r, s.field)) != "" {
			return true
		}
	}
	return false
}

// convert maps one row, whose origin is given, to an item file and
// validates it as heed check would.
func (c *converter) convert(r *row, origin string) converted {
	var out converted
	fail := func(err error) converted { out.err = err; return out }
	get := func(field string) string { return c.get(r, field) }
	for _, f := range Fields() {
		if v := get(f); !utf8.ValidString(v) {
			return fail(fmt.Errorf("%s is not valid UTF-8 text (is the export in another encoding? say --encoding windows-1252 or latin1)", f))
		}
	}
	it := &content.Item{Mentions: 1, Private: c.private, Origin: origin}
	var err error

	if it.NPS, err = parseScore("nps", get("nps"), 0, 10); err != nil {
		return fail(err)
	}
	if it.CSAT, err = parseScore("csat", get("csat"), 1, 5); err != nil {
		return fail(err)
	}
	if it.CES, err = parseScore("ces", get("ces"), 1, 7); err != nil {
		return fail(err)
	}

	it.Body = cleanText(get("body"))
	title := strings.Join(strings.Fields(cleanText(get("title"))), " ")
	switch {
	case title == "" && it.Body == "" && (it.NPS != nil || it.CSAT != nil || it.CES != nil):
		// An answer that is only a score counts all the same; its title
		// says the score and the question, and no words are made up.
		it.ScoreOnly = true
		title = scoreTitle(c.cols, map[string]*int{"nps": it.NPS, "csat": it.CSAT, "ces": it.CES})
	case title == "" && it.Body == "":
		return fail(errors.New("has no title and no text"))
	case title == "":
		title = titleFrom(it.Body)
	case utf8.RuneCountInString(title) > content.MaxTitle:
		if it.Body == "" {
			it.Body = title
		}
		title = truncate(title, content.MaxTitle-1)
	}
	it.Title = title

	if it.Date, err = c.dates.parse(get("date")); err != nil {
		return fail(err)
	}

	word := func(field, fallback string) string {
		v := strings.TrimSpace(get(field))
		if v == "" {
			return fallback
		}
		if to, ok := c.vocabs[field].lookup(v); ok {
			return to
		}
		if c.form != nil && field == "type" {
			// An issue's labels: the first that names a type types it;
			// the others (feedback, good first issue) are no types.
			for _, l := range splitList(v) {
				if to, ok := c.vocabs[field].lookup(l); ok {
					return to
				}
			}
			return fallback
		}
		out.unmapped = append(out.unmapped, [2]string{field, v})
		return fallback
	}
	it.Source = word("source", c.source)
	it.Type = word("type", "")
	if it.Type == "" && !c.typeGiven {
		// A survey's score says more than the preset's default.
		if t := typeOfScore(it.NPS, it.CSAT); slices.Contains(c.cfg.Types, t) {
			it.Type = t
		}
	}
	if it.Type == "" {
		it.Type = c.typ
	}
	it.Status = word("status", "")
	if it.Status == c.cfg.ItemStatusOfKind(config.KindOpen) {
		it.Status = "" // absent: it follows its themes
	}
	it.Sentiment = word("sentiment", "")

	if n, err := parseCount("mentions", get("mentions")); err != nil {
		return fail(err)
	} else if n > 1 {
		it.Mentions = n
	}
	if v := get("private"); v != "" {
		p, err := parseBool("private", v)
		if err != nil {
			return fail(err)
		}
		it.Private = it.Private || p
	}
	if v := get("public"); v != "" {
		p, err := parsePublic(v)
		if err != nil {
			return fail(err)
		}
		it.Public = &p
	}

	it.Tags = slices.Clone(c.tags)
	for _, t := range splitList(get("tags")) {
		if !slices.Contains(it.Tags, t) {
			it.Tags = append(it.Tags, t)
		}
	}
	themes := splitList(get("themes"))
	if c.form != nil {
		// An answer to an issue form: a guess in the words of whoever
		// filled it in. What names no theme is left for triage.
		if answer := strings.TrimSpace(get("themes")); answer != "" {
			if id := c.themeNamed(answer); id != "" {
				themes = []string{id}
			}
			if !slices.ContainsFunc(themes, func(t string) bool { return c.themeNamed(t) != "" }) {
				out.warnings = append(out.warnings, fmt.Sprintf("theme %q does not exist: the item is left for triage", oneLine(answer)))
				themes = nil
			}
		}
	}
	for _, t := range themes {
		id := c.themeNamed(t)
		if id == "" && c.form != nil {
			continue
		}
		if id == "" {
			return fail(fmt.Errorf("theme %q does not exist in themes/", t))
		}
		if !slices.Contains(it.Themes, id) {
			it.Themes = append(it.Themes, id)
		}
	}
	for _, l := range strings.FieldsFunc(get("links"), func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' }) {
		if u, err := url.Parse(l); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fail(fmt.Errorf("link %q is not an http or https URL", l))
		}
		it.Links = append(it.Links, l)
	}

	var contacts []string
	if it.Customer, contacts, err = c.customer(get); err != nil {
		return fail(err)
	}

	if !it.Private {
		var n1, n2 int
		it.Title, n1 = redact(it.Title, contacts)
		it.Body, n2 = redact(it.Body, contacts)
		out.redacted = n1 + n2
	}

	it.ID = content.ItemID(it.Date, it.Title, originKey(origin).String())
	it.Path = content.ItemPath(c.folder, it.ID)
	out.id, out.path = it.ID, it.Path
	data, read, warnings, err := c.parser.ItemFile(it)
	if err != nil {
		return fail(err)
	}
	if len(data) > 1<<20-4096 {
		return fail(errors.New("is too long for one item (over 1 MB)"))
	}
	out.data = data
	for _, w := range warnings {
		out.warnings = append(out.warnings, w.Message)
	}
	out.text, out.themes = read.Title+"\n"+read.Text, read.Themes
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
		cu.ID = content.Slugify(cu.Name) // a name in another script: a hash of it
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
