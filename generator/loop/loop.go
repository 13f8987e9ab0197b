// Package loop closes the feedback loop: which themes moved on the roadmap
// between two revisions of a feedback repository, and whom to tell.
//
// A team tags each release (v1, v2, ...). After v2 ships, the product
// manager asks what changed since v1: the theme "Bulk export" went from
// planned to shipped on 3 March, and behind it are five pieces of feedback
// from three customers: Acme (jane@acme.example, two support tickets), a
// GitHub user (@octocat, an issue) and a survey answer without a customer.
// Compute says exactly that: each theme whose status at the later revision
// differs from its status at the earlier one, the change (from, to, date),
// and every item behind the theme with its customer and the customer's
// contact, an item's customer's items next to each other. Write prints it
// as text for a person, JSON for tools (the contract of DESIGN.md), CSV with
// one row per customer and theme (a mail merge tells each customer once),
// or Markdown: a draft of release notes that links the public theme pages.
//
// The report holds contacts: it is for the team only. Nothing of it
// reaches the site; heed loop refuses to write it into a site folder.
package loop

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/history"
)

// Report is the themes whose status changed, and whom to tell. Its JSON is
// the loop contract of DESIGN.md:
//
//	{"themes": [{"id", "title", "from", "to", "date", "items": [{"id", "title", "date", "customer", "contact"}]}]}
type Report struct {
	Themes []Theme `json:"themes"`
}

// Theme is one theme whose status changed.
type Theme struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// From is the status at the earlier revision, "" when the theme did
	// not exist there (a new theme, or one renamed since).
	From string `json:"from"`
	// To is the status now.
	To string `json:"to"`
	// Date is the day of the change, YYYY-MM-DD: the theme's shipped date
	// when it is done and says one, else the day of the commit that set
	// the status (git history), else "".
	Date string `json:"date"`
	// Items are the feedback behind the theme: the items filed under it
	// and the duplicates of those items, each customer's items together
	// (customers by id, items by date), items without a customer last.
	Items []Item `json:"items"`

	// Summary and Body are the theme's own words, for release notes.
	Summary string `json:"-"`
	Body    string `json:"-"`
	// Customers is how many distinct customers the items come from;
	// items without a customer count one each.
	Customers int `json:"-"`
}

// Item is one piece of feedback behind a theme.
type Item struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Date  string `json:"date"`
	// Customer is the customer's id, "" when the item names none.
	Customer string `json:"customer"`
	// Contact is how to reach the customer: customers.yaml's contact for a
	// registered customer, the item's own for an inline one.
	Contact string `json:"contact"`

	// Name is the customer's name, when known.
	Name string `json:"-"`
	// Words is the item's body as written ("" for an answer that is only a
	// score).
	Words string `json:"-"`
}

// Compute compares the themes of before (the content at the earlier
// revision; only its themes are read) with those of now, and lists each
// theme whose status differs with the items of now behind it. hist is the
// git history up to now's revision (nil without): it dates the changes.
// Themes are ordered by date of change, then id.
func Compute(before, now *content.Set, hist *history.History) *Report {
	r := &Report{Themes: []Theme{}}
	behind := itemsBehind(now)
	for _, th := range now.Themes {
		from := ""
		if old := before.Theme(th.ID); old != nil {
			from = old.Status
		}
		if from == th.Status {
			continue
		}
		t := Theme{ID: th.ID, Title: th.Title, From: from, To: th.Status, Date: changeDate(now.Config, th, hist),
			Summary: th.Summary, Body: strings.TrimSpace(th.Body), Items: []Item{}}
		customers := map[string]bool{}
		for _, it := range behind[th.ID] {
			t.Items = append(t.Items, itemOf(it))
			if c := it.Customer; c != nil && c.ID != "" {
				customers[c.ID] = true
			} else {
				t.Customers++
			}
		}
		t.Customers += len(customers)
		slices.SortFunc(t.Items, compareItems)
		r.Themes = append(r.Themes, t)
	}
	slices.SortStableFunc(r.Themes, func(a, b Theme) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.ID, b.ID))
	})
	return r
}

// itemsBehind maps each theme id to the items behind it: filed under it,
// or duplicating (through duplicate_of) an item filed under it, as demand
// counts a duplicate as a vote for its original's themes.
func itemsBehind(s *content.Set) map[string][]*content.Item {
	out := map[string][]*content.Item{}
	for _, it := range s.Items {
		themes := it.Themes
		if it.DuplicateOf != "" {
			if orig := s.Original(it); orig != nil {
				themes = append(slices.Clone(themes), orig.Themes...)
			}
		}
		for i, id := range themes {
			if !slices.Contains(themes[:i], id) { // a few themes an item
				out[id] = append(out[id], it)
			}
		}
	}
	return out
}

func itemOf(it *content.Item) Item {
	out := Item{ID: it.ID, Title: it.Title, Date: it.Date.Format(time.DateOnly), Words: strings.TrimSpace(it.Body)}
	if c := it.Customer; c != nil {
		out.Customer, out.Name, out.Contact = c.ID, c.Name, c.Contact
	}
	return out
}

// compareItems puts a customer's items together (customers by id), by
// date within a customer, items without a customer last.
func compareItems(a, b Item) int {
	if (a.Customer == "") != (b.Customer == "") {
		if a.Customer == "" {
			return 1
		}
		return -1
	}
	return cmp.Or(cmp.Compare(a.Customer, b.Customer), cmp.Compare(a.Date, b.Date), cmp.Compare(a.ID, b.ID))
}

// changeDate is the day a theme's status became what it is: its shipped
// date when its status is done and it says one (as the changelog dates
// it), else the author date of the latest change to that status in git.
func changeDate(cfg *config.Config, th *content.Theme, hist *history.History) string {
	if st, ok := cfg.ThemeStatus(th.Status); ok && st.Kind == config.KindDone && !th.Shipped.IsZero() {
		return th.Shipped.Format(time.DateOnly)
	}
	if hist == nil {
		return ""
	}
	f := hist.Files[th.Path]
	if f == nil {
		return ""
	}
	for i := len(f.Statuses) - 1; i >= 0; i-- {
		if f.Statuses[i].Status == th.Status {
			return f.Statuses[i].Date.Format(time.DateOnly)
		}
	}
	return ""
}
