package loop

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/publish"
)

// Format is how a report is written.
type Format string

// The formats of a report.
const (
	// Text is for a person: each theme, then each customer once with
	// their contact and their items' dates and words.
	Text Format = "text"
	// JSON is the loop contract of DESIGN.md, every item with its
	// customer and contact.
	JSON Format = "json"
	// CSV has one row per customer and theme: whom to tell, for a mail
	// merge.
	CSV Format = "csv"
	// Markdown is a draft of release notes, one section per theme linking
	// its public page; it holds no contact and no customer's words.
	Markdown Format = "md"
)

// Formats lists the formats by name.
func Formats() []string { return []string{string(Text), string(JSON), string(CSV), string(Markdown)} }

// WriteOptions says how to write a report.
type WriteOptions struct {
	// Since names the earlier revision, for headings.
	Since string
	// BaseURL is where the site is published (heed.yaml's baseURL): the
	// release notes link each theme's page under it.
	BaseURL string
	// Published is what the site shows of the content at the later
	// revision (package publish). The release notes are meant to be
	// published, so they take each theme's id, title, summary and body
	// from it: names redacted and ids renamed as on the site. Nil takes
	// them as written.
	Published *publish.Content
}

// Write writes the report in a format.
func Write(w io.Writer, r *Report, f Format, opts WriteOptions) error {
	switch f {
	case Text:
		return writeText(w, r, opts)
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case CSV:
		return writeCSV(w, r)
	case Markdown:
		return writeMarkdown(w, r, opts)
	}
	return fmt.Errorf("unknown format %q (want %s)", f, strings.Join(Formats(), ", "))
}

// customer is one customer's items behind a theme (or one item without a
// customer).
type customer struct {
	id, name, contact string
	items             []Item
}

// byCustomer groups a theme's items by customer, in the items' order.
func byCustomer(t Theme) []customer {
	var out []customer
	for _, it := range t.Items {
		if n := len(out); n > 0 && it.Customer != "" && out[n-1].id == it.Customer {
			out[n-1].items = append(out[n-1].items, it)
			continue
		}
		out = append(out, customer{id: it.Customer, name: it.Name, contact: it.Contact, items: []Item{it}})
	}
	return out
}

func change(t Theme) string {
	from := t.From
	if from == "" {
		from = "(new)"
	}
	s := from + " -> " + t.To
	if t.Date != "" {
		s += " on " + t.Date
	}
	return s
}

func writeText(w io.Writer, r *Report, opts WriteOptions) error {
	ew := &errWriter{w: w}
	ew.printf("%s changed status since %s\n", diag.Plural(len(r.Themes), "theme"), opts.Since)
	for _, t := range r.Themes {
		ew.printf("\n%s %q: %s\n", t.ID, t.Title, change(t))
		ew.printf("  %s, %s\n", diag.Plural(t.Customers, "customer"), diag.Plural(len(t.Items), "item"))
		for _, c := range byCustomer(t) {
			who := "(no customer)"
			switch {
			case c.id != "" && c.name != "":
				who = c.name + " (" + c.id + ")"
			case c.id != "":
				who = c.id
			}
			switch {
			case c.contact != "":
				ew.printf("  %s: %s\n", who, c.contact)
			case c.id != "":
				ew.printf("  %s: no contact\n", who)
			default:
				ew.printf("  %s\n", who)
			}
			for _, it := range c.items {
				ew.printf("    %s %s %q\n", it.Date, it.ID, it.Title)
				if words := excerpt(it.Words, 300); words != "" {
					ew.printf("      %s\n", words)
				}
			}
		}
	}
	return ew.err
}

// excerpt is text on one line, cut at about n characters.
func excerpt(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

func writeCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"theme", "theme_title", "from", "to", "date", "customer", "customer_name", "contact", "items", "item_ids", "item_titles", "latest"})
	for _, t := range r.Themes {
		for _, c := range byCustomer(t) {
			var ids, titles []string
			latest := ""
			for _, it := range c.items {
				ids = append(ids, it.ID)
				titles = append(titles, it.Title)
				latest = max(latest, it.Date)
			}
			cw.Write([]string{t.ID, t.Title, t.From, t.To, t.Date, c.id, c.name, c.contact, strconv.Itoa(len(c.items)),
				strings.Join(ids, " "), strings.Join(titles, "\n"), latest})
		}
	}
	cw.Flush()
	return cw.Error()
}

// ThemeURL is the address of a theme's page on a site published at
// baseURL.
func ThemeURL(baseURL, id string) string {
	if baseURL == "" {
		baseURL = "/"
	}
	if !strings.HasSuffix(baseURL, "/") {
		baseURL += "/"
	}
	return baseURL + "themes/" + url.PathEscape(id) + "/"
}

func writeMarkdown(w io.Writer, r *Report, opts WriteOptions) error {
	ew := &errWriter{w: w}
	ew.printf("# Release notes: draft of the changes since %s\n", opts.Since)
	if len(r.Themes) == 0 {
		ew.printf("\nNo theme changed status.\n")
	}
	for _, t := range r.Themes {
		if p := opts.Published; p != nil {
			if th := p.Set.Theme(p.ThemeID(t.ID)); th != nil {
				t.ID, t.Title, t.Summary, t.Body = th.ID, th.Title, th.Summary, strings.TrimSpace(th.Text)
			}
		}
		ew.printf("\n## %s\n\n", t.Title)
		from := ""
		if t.From != "" {
			from = " (was " + t.From + ")"
		}
		date := ""
		if t.Date != "" {
			date = " on " + t.Date
		}
		ew.printf("**%s**%s%s.\n", t.To, date, from)
		if t.Summary != "" {
			ew.printf("\n%s\n", t.Summary)
		}
		if t.Body != "" {
			ew.printf("\n%s\n", t.Body)
		}
		asked := ""
		if len(t.Items) > 0 {
			asked = fmt.Sprintf("%s asked for this in %s of feedback. ", diag.Plural(t.Customers, "customer"), diag.Plural(len(t.Items), "piece"))
		}
		ew.printf("\n%s[Read more](%s)\n", asked, ThemeURL(opts.BaseURL, t.ID))
	}
	return ew.err
}

// errWriter keeps the first error writing.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
