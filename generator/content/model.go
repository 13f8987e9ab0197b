// Package content holds the feedback repository as heed understands it:
// feedback items, themes and customers parsed from their files, and every
// problem found in them, located at the offending key or value.
package content

import (
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/diag"
)

// Position is a 1-based line and column in a file.
type Position struct{ Line, Col int }

// Customer is who gave a piece of feedback. Contact is private: it is never
// published. Name and Aliases are published only with publish.customers,
// and a public build replaces them where they occur in words (package
// publish).
type Customer struct {
	ID   string
	Name string
	// Aliases are other names and short forms people write for the
	// customer ("Orbitra" for "Orbitra Software").
	Aliases []string
	Segment string
	Plan    string
	Revenue float64
	Region  string
	Contact string
	// Inline is true for a customer described in an item's front matter
	// rather than in customers.yaml.
	Inline bool
}

// Item is one piece of feedback: feedback/**/*.md.
type Item struct {
	ID    string
	Path  string
	Title string
	// Date is when the feedback was received.
	Date   time.Time
	Source string
	Type   string
	// Customer is the resolved customer (from customers.yaml or inline), or nil.
	Customer    *Customer
	Themes      []string
	Status      string // as written; "" when absent (see Set.ItemStatus)
	DuplicateOf string
	NPS         *int
	CSAT        *int
	CES         *int
	Sentiment   string // as written; "" means computed later
	Mentions    int
	Tags        []string
	Links       []string
	// Public, when set, says whether a public build shows the item's words
	// whatever its source (see Item.Published).
	Public  *bool
	Private bool
	// Origin says where an imported item came from: a tool or preset and
	// the row's id ("support:4412"), an issue's URL, or a key made from
	// the row's content. An import skips a row whose origin an item has
	// already, whatever its file is called. "" for items written by hand.
	Origin string
	// ScoreOnly marks a survey answer that is a score and no words: it
	// counts in NPS, CSAT, CES and volume, and its title (made of the
	// question and the score) is left out of sentiment, grouping,
	// duplicates and search.
	ScoreOnly bool

	// Body is the Markdown below the front matter; BodyLine is the line of
	// the file where it starts.
	Body     string
	BodyLine int
	// Text is the body as plain text (for sentiment, grouping and search).
	Text string
	// HTML is the body rendered safely (raw HTML escaped, dangerous links
	// dropped); empty unless Options.HTML was set.
	HTML string
	// Pos records where the front matter points that diagnostics made
	// after parsing (Resolve's, a build's) refer to stand: the keys id,
	// title, themes, tags, links and keywords, each theme ("themes[0]"),
	// the values of customer and duplicate_of ("customer.value") and the
	// first character of the title's and summary's text ("title.text").
	// Other keys are absent.
	// Files laid out alike share one map: read it, never write to it.
	Pos map[string]Position
}

// Published reports whether a public build shows the item's words (its
// title, body, tags and links): never for a private item; else as its
// public field says; else when publish.sources lists its source. An item
// whose words are not published still counts in every aggregate.
func (it *Item) Published(cfg *config.Config) bool {
	switch {
	case it.Private:
		return false
	case it.Public != nil:
		return *it.Public
	}
	return cfg.SourcePublic(it.Source)
}

// Theme is a problem worth solving, with its roadmap status: themes/*.md.
type Theme struct {
	ID         string
	Path       string
	Title      string
	Summary    string
	Status     string
	Horizon    string // as written; "" means from status (see Set.Horizon)
	Target     string
	Shipped    time.Time // zero when not given
	Owner      string
	Objective  string
	Reach      *float64
	Impact     *float64
	Confidence *float64
	Effort     *float64
	Keywords   []string

	Body     string
	BodyLine int
	Text     string
	HTML     string
	Pos      map[string]Position // as Item.Pos
}

// Set is a whole repository's content: the configuration, every item, theme
// and customer (each sorted by id) and every diagnostic (sorted).
type Set struct {
	Config      *config.Config
	Items       []*Item
	Themes      []*Theme
	Customers   []*Customer
	Diagnostics diag.List

	itemByID     map[string]*Item
	themeByID    map[string]*Theme
	customerByID map[string]*Customer
}

// Item returns the item with the id, or nil.
func (s *Set) Item(id string) *Item { return s.itemByID[id] }

// Theme returns the theme with the id, or nil.
func (s *Set) Theme(id string) *Theme { return s.themeByID[id] }

// Customer returns the registered customer with the id, or nil.
func (s *Set) Customer(id string) *Customer { return s.customerByID[id] }

// Original follows an item's duplicate_of chain to the item at its end,
// the one the others duplicate: it itself when it duplicates nothing, nil
// when the chain names an item that does not exist or loops (both errors
// Resolve reports). Scores, insights, triage and the likely-duplicate check
// all follow duplicate_of through here.
func (s *Set) Original(it *Item) *Item {
	// Two walkers, one twice as fast: they meet only on a loop, found
	// within its length without remembering the items seen.
	slow, fast := it, it
	for {
		for range 2 {
			if fast == nil || fast.DuplicateOf == "" {
				return fast
			}
			fast = s.itemByID[fast.DuplicateOf]
		}
		slow = s.itemByID[slow.DuplicateOf]
		if slow == fast {
			return nil
		}
	}
}

// ItemStatus is an item's effective status: as written; else duplicate when
// it duplicates another; else following its themes (the most advanced of
// them); else the first open status ("new").
func (s *Set) ItemStatus(it *Item) string {
	if it.Status != "" {
		return it.Status
	}
	c := s.Config
	if it.DuplicateOf != "" {
		if st := c.ItemStatusOfKind(config.KindDuplicate); st != "" {
			return st
		}
	}
	best, bestRank := "", -1
	for _, id := range it.Themes {
		th := s.themeByID[id]
		if th == nil {
			continue
		}
		ts, ok := c.ThemeStatus(th.Status)
		if !ok {
			continue
		}
		// Follow the theme's own word when items share it (planned,
		// in-progress, shipped, declined); else its kind.
		name := th.Status
		if _, ok := c.ItemStatus(name); !ok {
			name = c.ItemStatusOfKind(ts.Kind)
			if ts.Kind == config.KindOpen {
				name = ""
			}
		}
		if r := kindRank(ts.Kind); name != "" && r > bestRank {
			best, bestRank = name, r
		}
	}
	if best != "" {
		return best
	}
	return c.ItemStatusOfKind(config.KindOpen)
}

// kindRank orders kinds by how far along they are.
func kindRank(kind string) int {
	switch kind {
	case config.KindActive:
		return 2
	case config.KindDone:
		return 3
	case config.KindDeclined:
		return 1
	}
	return 0
}

// Horizon is a theme's roadmap column: as written, else from its status
// ("" for themes off the roadmap, such as shipped or declined ones).
func (s *Set) Horizon(th *Theme) string {
	if th.Horizon != "" {
		return th.Horizon
	}
	st, _ := s.Config.ThemeStatus(th.Status)
	return st.Horizon
}

// StatusKind returns the kind of a theme's status.
func (s *Set) StatusKind(th *Theme) string {
	st, _ := s.Config.ThemeStatus(th.Status)
	return st.Kind
}
