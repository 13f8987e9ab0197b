package content

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/internal/node"
	"github.com/heedhq/heed/generator/source"
)

// ItemFields lists the front matter fields of a feedback item.
var ItemFields = []string{"id", "title", "date", "source", "type", "customer", "themes", "status", "duplicate_of",
	"nps", "csat", "ces", "sentiment", "mentions", "tags", "links", "public", "private", "origin", "score_only"}

// ThemeFields lists the front matter fields of a theme.
var ThemeFields = []string{"id", "title", "summary", "status", "horizon", "target", "shipped", "owner", "objective",
	"reach", "impact", "confidence", "effort", "keywords"}

// CustomerFields lists the fields of a customer (in customers.yaml or inline).
var CustomerFields = []string{"id", "name", "aliases", "segment", "plan", "revenue", "region", "contact"}

// Sentiments lists the sentiment labels.
var Sentiments = []string{"positive", "neutral", "negative"}

// MaxTitle is the longest title, in characters.
const MaxTitle = 140

// MaxOrigin is the longest origin, in characters.
const MaxOrigin = 500

// Parser parses content files. It is safe for concurrent use.
type Parser struct {
	cfg *config.Config
	md  *markdown
	fm  *splitter
	// layouts holds the Pos maps of the front matter layouts seen.
	layouts *layouts
	// itemStatuses and themeStatuses are the names of cfg's statuses.
	itemStatuses, themeStatuses []string
	html                        bool
	raw                         bool // Text is the body as written (see Options.RawText)
}

// NewParser returns a parser for a repository with the configuration cfg;
// withHTML renders bodies to HTML too (a check does not need it).
func NewParser(cfg *config.Config, withHTML bool) *Parser {
	return &Parser{cfg: cfg, md: newMarkdown(cfg.MaxNesting), fm: newSplitter(), layouts: &layouts{seen: map[layout]map[string]Position{}}, html: withHTML,
		itemStatuses: config.Names(cfg.ItemStatuses), themeStatuses: config.Names(cfg.ThemeStatuses)}
}

// ParseItem parses one feedback file. It never fails: an unusable file gives
// a nil item and the diagnostics that say why; a usable one may still carry
// diagnostics. References to other files (themes, customers, items) are
// checked later by Resolve.
func (p *Parser) ParseItem(path string, data []byte) (*Item, diag.List) {
	// Nothing the parser returns refers to the front matter's tree, so its
	// memory is reused for the next file.
	sc := p.fm.scratch()
	defer p.fm.release(sc)
	doc, ds := p.fm.splitInto(path, data, sc)
	if doc == nil {
		return nil, ds
	}
	if doc.meta.Kind != node.Map {
		return nil, append(ds, diag.Errorf(path, doc.meta.Line, doc.meta.Col, "front-matter", "front matter must be a map of fields, not %s", doc.meta.TypeName()))
	}
	f := newFields(path, doc)
	f.unknown(ItemFields, "item")
	it := &Item{Path: path, Body: doc.body, BodyLine: doc.bodyLine, Mentions: 1}
	it.ID = f.slug("id")
	if it.ID == "" {
		it.ID = Slugify(source.Slug(path))
	}
	it.Title = f.str("title", true, MaxTitle)
	it.Date = f.date("date", true)
	it.Source = f.enum("source", true, p.cfg.Sources)
	it.Type = f.enum("type", true, p.cfg.Types)
	it.Customer = f.customer()
	it.Themes = f.list("themes", false, func(s string, n *node.Node) bool {
		if !config.IsSlug(s) {
			f.errorf(n, "slug", "theme id %q is not a slug", s)
			return false
		}
		return true
	})
	it.Status = f.enum("status", false, p.itemStatuses)
	it.DuplicateOf = f.slug("duplicate_of")
	it.NPS = f.intRange("nps", 0, 10)
	it.CSAT = f.intRange("csat", 1, 5)
	it.CES = f.intRange("ces", 1, 7)
	it.Sentiment = f.enum("sentiment", false, Sentiments)
	if m := f.intRange("mentions", 1, 1_000_000_000); m != nil {
		it.Mentions = *m
	}
	it.Tags = f.list("tags", true, nil)
	it.Links = f.list("links", false, func(s string, n *node.Node) bool {
		if !isWebURL(s) {
			f.errorf(n, "url", "link %q is not an http or https URL", s)
			return false
		}
		return true
	})
	if f.get("public", false) != nil {
		pub := f.boolean("public")
		it.Public = &pub
	}
	it.Private = f.boolean("private")
	it.Origin = f.str("origin", false, MaxOrigin)
	if strings.ContainsAny(it.Origin, "\n\r") {
		f.errorf(f.get("origin", false), "type", "origin must be one line")
		it.Origin = ""
	}
	it.ScoreOnly = f.boolean("score_only")
	if it.ScoreOnly {
		v := f.get("score_only", false)
		switch {
		case it.NPS == nil && it.CSAT == nil && it.CES == nil:
			f.errorf(v, "score-only", "score_only marks an answer that is only a score, but the item has no nps, csat or ces")
		case strings.TrimSpace(doc.body) != "":
			f.ds = append(f.ds, diag.Warnf(path, v.Line, v.Col, "score-only",
				"the item has words but score_only leaves them out of sentiment, grouping and search; remove score_only"))
		}
	}
	if it.DuplicateOf != "" && it.Status != "" {
		if st, _ := p.cfg.ItemStatus(it.Status); st.Kind != config.KindDuplicate {
			f.errorf(f.get("status", false), "duplicate-status", "an item with duplicate_of has status duplicate; remove status %q or duplicate_of", it.Status)
		}
	}
	if it.DuplicateOf != "" && it.DuplicateOf == it.ID {
		f.errorf(f.get("duplicate_of", false), "duplicate-cycle", "an item cannot be a duplicate of itself")
		it.DuplicateOf = ""
	}
	var bds diag.List
	it.Text, it.HTML, bds = p.body(path, doc, data)
	it.Pos = p.layouts.positions(f.meta, data)
	ds = append(ds, f.ds...)
	ds = append(ds, bds...)
	if it.Published(p.cfg) {
		ds = append(ds, personalData(path, it.Body, it.BodyLine)...)
	}
	return it, ds
}

// body returns a body's plain text and, when asked for, its HTML. The body
// ends the file's data: goldmark reads it there rather than from a copy. A
// body that Markdown would take too long to render (see measureMarkdown)
// is plain text, with a warning, whether it is rendered or not.
func (p *Parser) body(path string, doc *document, data []byte) (string, string, diag.List) {
	src := data[len(data)-len(doc.body):]
	m := measureMarkdown(src, p.cfg.MaxNesting)
	var ds diag.List
	switch {
	case m.tooDeep():
		ds = diag.List{diag.Warnf(path, doc.bodyLine+m.deepLine-1, m.deepCol, "nesting",
			"block quotes and lists nest more than %d levels deep here (markdown.max_nesting in heed.yaml); the body is shown as plain text", p.cfg.MaxNesting)}
	case m.overBudget():
		ds = diag.List{diag.Warnf(path, doc.bodyLine+m.worst.line-1, 1, "markdown-budget",
			"%s: more than Markdown is given time for in one file; the body is shown as plain text (split it into shorter paragraphs, or put it in a code block)", m.worst.describe())}
	}
	switch {
	case p.raw:
		return strings.TrimSpace(doc.body), "", ds
	case m.plain():
		text := strings.TrimSpace(doc.body)
		if !p.html {
			return text, "", ds
		}
		return text, plainHTML(text), ds
	}
	text, html := p.md.parse(src, p.html)
	return text, html, ds
}

// customer reads the customer field: an id, or an inline map.
func (f *fields) customer() *Customer {
	v := f.get("customer", false)
	if v == nil {
		return nil
	}
	if s, ok := textOf(v); ok {
		if !config.IsSlug(s) {
			f.errorf(v, "slug", "customer %q is not a customer id (a slug from customers.yaml)", s)
			return nil
		}
		return &Customer{ID: s}
	}
	if v.Kind != node.Map {
		f.errorf(v, "type", "customer must be an id from customers.yaml or a map {id, name, segment, ...}, not %s", v.TypeName())
		return nil
	}
	c, ds := customerFrom(f.path, v)
	f.ds = append(f.ds, ds...)
	if c != nil {
		c.Inline = true
	}
	return c
}

// customerFrom reads a customer map (inline or from customers.yaml).
func customerFrom(path string, v *node.Node) (*Customer, diag.List) {
	sub := &fields{path: path, meta: v, open: v.Line}
	sub.unknown(CustomerFields, "customer")
	c := &Customer{}
	c.ID = sub.slug("id")
	c.Name = sub.str("name", false, 200)
	c.Aliases = sub.list("aliases", false, func(s string, n *node.Node) bool {
		if strings.TrimSpace(s) == "" {
			sub.errorf(n, "type", "an alias must not be empty")
			return false
		}
		return true
	})
	c.Segment = sub.str("segment", false, 100)
	c.Plan = sub.str("plan", false, 100)
	if r := sub.number("revenue", 0, 0); r != nil {
		c.Revenue = *r
	}
	c.Region = sub.str("region", false, 100)
	c.Contact = sub.str("contact", false, 500)
	return c, sub.ds
}

// ParseTheme parses one theme file; like ParseItem it never fails.
func (p *Parser) ParseTheme(path string, data []byte) (*Theme, diag.List) {
	// Nothing the parser returns refers to the front matter's tree, so its
	// memory is reused for the next file.
	sc := p.fm.scratch()
	defer p.fm.release(sc)
	doc, ds := p.fm.splitInto(path, data, sc)
	if doc == nil {
		return nil, ds
	}
	if doc.meta.Kind != node.Map {
		return nil, append(ds, diag.Errorf(path, doc.meta.Line, doc.meta.Col, "front-matter", "front matter must be a map of fields, not %s", doc.meta.TypeName()))
	}
	f := newFields(path, doc)
	f.unknown(ThemeFields, "theme")
	th := &Theme{Path: path, Body: doc.body, BodyLine: doc.bodyLine}
	th.ID = f.slug("id")
	if th.ID == "" {
		th.ID = Slugify(source.Slug(path))
	}
	th.Title = f.str("title", true, MaxTitle)
	th.Summary = f.str("summary", false, 500)
	th.Status = f.enum("status", true, p.themeStatuses)
	th.Horizon = f.enum("horizon", false, config.Horizons)
	if v := f.get("target", false); v != nil {
		s, ok := textOf(v)
		if !ok {
			s = v.Value
		}
		if !targetRE.MatchString(s) {
			if _, err := node.Date(s); err != nil {
				f.errorf(v, "target", "target %q is not a quarter (2027-Q1), a month (2027-03) or a date (2027-03-31)", s)
			}
		}
		th.Target = s
	}
	th.Shipped = f.date("shipped", false)
	th.Owner = f.str("owner", false, 100)
	if v := f.get("objective", false); v != nil {
		th.Objective, _ = textOf(v)
		if _, ok := p.cfg.Objective(th.Objective); !ok {
			ids := make([]string, len(p.cfg.Objectives))
			for i, o := range p.cfg.Objectives {
				ids[i] = o.ID
			}
			if len(ids) == 0 {
				f.errorf(v, "unknown-objective", "objective %q is not listed in heed.yaml (it lists none: add it under objectives)", th.Objective)
			} else {
				f.errorf(v, "unknown-objective", "objective %q is not listed in heed.yaml (objectives: %s)%s", th.Objective, strings.Join(ids, ", "), diag.DidYouMean(th.Objective, ids))
			}
		}
	}
	th.Reach = f.number("reach", 0, 0)
	th.Impact = f.number("impact", 0, 0)
	th.Confidence = f.number("confidence", 0, 1)
	th.Effort = f.number("effort", 0, 0)
	if th.Effort != nil && *th.Effort == 0 {
		f.errorf(f.get("effort", false), "range", "effort must be more than 0 (it divides RICE)")
		th.Effort = nil
	}
	th.Keywords = f.list("keywords", true, nil)
	var bds diag.List
	th.Text, th.HTML, bds = p.body(path, doc, data)
	th.Pos = p.layouts.positions(f.meta, data)
	return th, append(append(ds, f.ds...), bds...)
}

var targetRE = regexp.MustCompile(`^\d{4}-(Q[1-4]|H[12]|(0[1-9]|1[0-2]))$`)

// ParseCustomers parses customers.yaml: a map of customer id to its fields.
func ParseCustomers(path string, data []byte) ([]*Customer, diag.List) {
	root, problems := parseYAMLWithin(data, 0, &yamlScratch{}, registryYAML)
	var ds diag.List
	for _, p := range problems {
		ds = append(ds, diag.Errorf(path, p.Line, p.Col, p.Rule, "%s", p.Message))
	}
	if root == nil || root.Kind == node.Null {
		return nil, ds
	}
	if root.Kind != node.Map {
		return nil, append(ds, diag.Errorf(path, root.Line, root.Col, "type", "customers.yaml must map customer ids to {name, segment, plan, revenue, region, contact}"))
	}
	var out []*Customer
	for _, p := range root.Pairs {
		if !config.IsSlug(p.Key) {
			ds = append(ds, diag.Errorf(path, p.Line, p.Col, "slug", "customer id %q is not a slug", p.Key))
			continue
		}
		if p.Value.Kind != node.Map {
			ds = append(ds, diag.Errorf(path, p.Value.Line, p.Value.Col, "type", "customer %s must be a map of {name, segment, plan, revenue, region, contact}", p.Key))
			continue
		}
		c, cds := customerFrom(path, p.Value)
		ds = append(ds, cds...)
		c.ID = p.Key
		out = append(out, c)
	}
	return out, ds
}

var (
	emailRE = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	phoneRE = regexp.MustCompile(`(\+\d{1,3}[ .-]?)?(\(\d{2,4}\)[ .-]?)?\d{2,4}([ .-]\d{2,4}){1,4}`)
	dateRE  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$`)
)

// personalData warns about e-mail addresses and phone numbers in a public
// body: they would be published.
func personalData(path, body string, bodyLine int) diag.List {
	var ds diag.List
	var found []personalMatch
	for i, rest := 0, body; rest != ""; i++ {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		// Cheap tests first: most lines have neither an @ nor seven digits.
		hasAt, digits := strings.IndexByte(line, '@') >= 0, 0
		for j := 0; j < len(line) && digits < 7; j++ {
			if line[j] >= '0' && line[j] <= '9' {
				digits++
			}
		}
		if !hasAt && digits < 7 {
			continue
		}
		found = personalMatches(found[:0], line, hasAt, digits >= 7, maxPersonal+1-len(ds))
		// Columns count characters; matches come in order, so the count
		// goes on from the last one rather than from the line's start.
		at, col := 0, 1
		for _, m := range found {
			col += utf8.RuneCountInString(line[at:m.start])
			at = m.start
			if len(ds) == maxPersonal {
				return append(ds, diag.Warnf(path, bodyLine+i, col, "personal-data",
					"more possible e-mail addresses or phone numbers from here on (only the first %d of a file are reported); is this item private?", maxPersonal))
			}
			what := "e-mail address"
			if m.phone {
				what = "phone number"
			}
			ds = append(ds, diag.Warnf(path, bodyLine+i, col, "personal-data",
				"possible %s in a public item; move it to the customer's contact field or mark the item private", what))
		}
	}
	return ds
}

// maxPersonal is the most personal-data warnings a file gets: a body full
// of addresses is one problem, and a hostile one could ask for millions.
const maxPersonal = 10

// personalMatch is a possible e-mail address or phone number at byte start
// of a line.
type personalMatch struct {
	start int
	phone bool
}

// personalMatches appends to found, in order, the first need e-mail
// addresses (when the line has an @) and phone numbers (when it has 7
// digits) of a line. Each expression reads only the runs of the characters
// its matches are made of (a match never crosses another character, and
// the expressions are slow over long lines), and stops at need matches.
func personalMatches(found []personalMatch, line string, emails, phones bool, need int) []personalMatch {
	runs := func(in func(byte) bool, want func(string) bool, re *regexp.Regexp, phone bool) {
		n := 0
		for i := 0; i < len(line) && n < need; {
			if !in(line[i]) {
				i++
				continue
			}
			j := i
			for j < len(line) && in(line[j]) {
				j++
			}
			if run := line[i:j]; want(run) {
				for _, m := range re.FindAllStringIndex(run, need-n) {
					s := line[i+m[0] : i+m[1]]
					if phone {
						digits := 0
						for k := 0; k < len(s); k++ {
							if s[k] >= '0' && s[k] <= '9' {
								digits++
							}
						}
						if digits < 7 || digits > 15 || dateRE.MatchString(s) || (i+m[0] > 0 && strings.IndexByte("@/#:v.", line[i+m[0]-1]) >= 0) {
							continue
						}
					}
					found = append(found, personalMatch{start: i + m[0], phone: phone})
					n++
				}
			}
			i = j
		}
	}
	if emails {
		runs(func(c byte) bool {
			return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._%+-@", c) >= 0
		}, func(run string) bool { return strings.IndexByte(run, '@') >= 0 }, emailRE, false)
	}
	if phones {
		runs(func(c byte) bool { return c >= '0' && c <= '9' || strings.IndexByte(" .()+-", c) >= 0 }, func(run string) bool {
			digits := 0
			for k := 0; k < len(run) && digits < 7; k++ {
				if run[k] >= '0' && run[k] <= '9' {
					digits++
				}
			}
			return digits >= 7
		}, phoneRE, true)
	}
	slices.SortFunc(found, func(a, b personalMatch) int { return a.start - b.start })
	return found[:min(len(found), need)]
}
