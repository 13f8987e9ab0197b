package render

import (
	"cmp"
	"html/template"
	"slices"
	"time"

	"github.com/heedhq/heed/generator/config"
)

// The values templates see. Everything here is already filtered for the
// audience of the build: a public build's views hold no private item, no
// unpublished customer name and never a contact, so no template (including
// a user's override) can print them.

// page is the dot of every page template.
type page struct {
	// Escaped holds, escaped, the string fields the templates print (see
	// escaped.go); the same for the other views with such a field. First,
	// because text/template finds a field by scanning the names.
	Escaped *page
	Site    *siteView
	// Title is the page's own title ("" on the overview); Description its
	// summary for search engines; Section the navigation entry it belongs to.
	Title       string
	Description string
	Section     string
	// Canonical is the page's absolute URL when the base URL names a host.
	Canonical string
	// SiteHead, SiteHeader and SiteFooter are the partials site-head,
	// site-header and site-footer rendered with a chromeView of the page's
	// section: the same on every page of a section, so made once.
	SiteHead, SiteHeader, SiteFooter template.HTML

	// What every page can show.
	Roadmap   *roadmapView
	Themes    []*themeView // ranked by priority
	Items     []*itemView  // published items, newest first
	Recent    []*themeView // shipped lately, newest first
	Changelog []*monthView
	Insights  *insightsView
	Filters   []filterView
	// FilterForm is the partial filters rendered with a filtersView: the
	// same on every page, so made once (and only for the page templates
	// that can read it).
	FilterForm template.HTML

	// The subject of a theme or an item page.
	Theme *themeView
	Item  *itemView
	// Quotes are the theme's Evidence shown on this page of a theme.
	Quotes []*itemView
	// Pager says where a page of a list split over several pages (the
	// feedback list, the changelog, a theme's quotes) stands; nil on the
	// other pages.
	Pager *pagerView

	// err is why the page cannot be rendered (a fragment it shows failed).
	err error
}

// chromeView is the dot of the chrome partials (site-head, site-header,
// site-footer): all they may depend on, so that each is rendered once per
// section.
type chromeView struct {
	Site    *siteView
	Section string
}

// filtersView is the dot of the filters partial (the feedback list's
// form): all it may depend on, so that it is rendered once per build.
type filtersView struct {
	Site    *siteView
	Filters []filterView
	// Total is how many items the feedback list holds, over all its pages.
	Total int
}

// chrome is a section's rendered chrome partials.
type chrome struct {
	head, header, footer template.HTML
	err                  error
}

type siteView struct {
	Escaped     *siteView
	Title       string
	Description string
	Language    string
	Now         time.Time
	Internal    bool
	// ItemPages is true when every published item has a page of its own.
	ItemPages bool
	// TellUs opens the feedback issue form of a repository on GitHub, or
	// another host's web editor with a new feedback file; "" when
	// contribute is not configured.
	TellUs string
	// Scores says whether priority numbers are shown (publish.scores);
	// Revenue whether revenue figures and the value/effort matrix are
	// (publish.revenue). The team's view shows both.
	Scores, Revenue bool
	Nav             []navLink
	Counts          counts
}

type navLink struct{ Name, URL, Section string }

// counts are the site's totals, in the words every page uses: feedback
// (pieces of feedback, items), customers and themes; people (mentions)
// are the insights' Volume.
type counts struct {
	// Items is every piece of feedback counted: published or not, and
	// private when publish.private_counts lets it count.
	Items int
	// Shown is the feedback whose words the site shows (its feedback
	// list), NotShown the rest of Items, Private the private feedback
	// among Items (shown only in the team's view), and Uncounted the
	// private feedback left out of every count (publish.private_counts
	// false).
	Shown, NotShown, Private, Uncounted int
	Customers, Themes, Shipped          int
	// Note says, next to Items, what it includes when that is not all
	// shown: "40 of them not published (5 private)".
	Note string
}

type roadmapView struct {
	Now, Next, Later []*themeView
	Columns          []columnView // now, next, later
	Statuses         []columnView // one per theme status with themes, in vocabulary order
}

type columnView struct {
	Name, Title string
	Themes      []*themeView
}

type themeView struct {
	Escaped            *themeView
	ID, Title, Summary string
	Status, Kind       string
	// StatusLabel is Status as a reader reads it ("In progress").
	StatusLabel      string
	Horizon, Target  string
	Shipped          time.Time
	Owner, Objective string
	HTML             template.HTML
	Rank             int
	Score            scoreView
	// Volume is the people behind the theme (the mentions of its counted
	// feedback, duplicates included), as insights count them.
	Volume int
	// Counts are the theme's totals: its counted feedback, published or
	// not (duplicates that vote for it included), the people and
	// customers behind it, and how much of it the site shows (Evidence).
	Counts themeCounts
	// Evidence is the theme's published feedback, strongest and newest first.
	Evidence []*itemView
	// Highlights are the first of Evidence (ten at most), for pages that
	// list many themes with their feedback (the changelog).
	Highlights []*itemView
	Mix        []chart
	Chart      *chart
	History    []changeView

	URL, FeedURL, BadgeURL, TellUs string
	// Link is the partial theme-link rendered with the theme: shown on
	// every page that lists the theme's feedback, so made once.
	Link template.HTML
	path string
	// text and keywords are the theme's body as text, and its keywords.
	text, keywords string
	// priority ranks the theme, shown or not.
	priority float64
	// updated is when the theme's file last changed in git (zero without
	// history).
	updated time.Time
}

type themeCounts struct {
	Items, Mentions, Customers, Shown int
}

// scoreView is a theme's scores as the site may show them: with Shown
// false (publish.scores off) its numbers are zero and the site shows
// none; with RevenueShown false (publish.revenue off) Revenue is zero and
// the breakdown's revenue input Hidden.
type scoreView struct {
	Shown, RevenueShown                           bool
	Priority, Demand, Revenue, Reach, RICE, Trend float64
	// TrendLabel says the trend in words: "new", "rising", "steady",
	// "falling" (and "rising fast", "falling fast"), or "" when the last
	// window had too few items for a trend. A percentage of a handful of
	// items (+670%) says less than a word.
	TrendLabel string
	Customers  int
	Breakdown  []inputView
	Formula    string
}

type inputView struct {
	Name          string
	Value, Weight float64
	// Hidden says the value is not published (Value is zero).
	Hidden bool
	Note   string
}

type changeView struct {
	Status, Kind string
	// StatusLabel is Status as a reader reads it ("In progress").
	StatusLabel string
	Date        time.Time
	Commit      string
	CommitURL   string
	Author      string
}

type itemView struct {
	Escaped      *itemView
	ID, Title    string
	Date         time.Time
	Source, Type string
	Status, Kind string
	// StatusLabel is Status as a reader reads it ("In progress").
	StatusLabel string
	Sentiment   string
	Themes      []*themeView
	ThemeIDs    []string
	// Customer is nil when the item names none. Its Name is empty unless
	// names are published.
	Customer  *customerView
	Segment   string
	HTML      template.HTML
	Excerpt   string
	Tags      []string
	Links     []string
	NPS       *int
	CSAT      *int
	CES       *int
	Mentions  int
	Weight    float64
	Duplicate bool
	// DuplicateOf is the published item this one duplicates, or nil.
	DuplicateOf *itemView
	Added       time.Time
	AddedBy     []string
	// URL is the item's page, or its entry in the feedback list when items
	// have no pages; Anchor is the id of that entry.
	URL, Anchor string
	// Meta is the partial item-meta rendered with the item: shown on the
	// item's page and in every list of it, so made once.
	Meta template.HTML
	text string
	path string
	// scoreOnly: an answer that is only a score, whose made-up title
	// search leaves out.
	scoreOnly bool
	// rel is URL without the base path: the item's page, or its entry on
	// the page of the feedback list that holds it.
	rel string
	// updated is when the item's file last changed in git (zero without
	// history): its page's lastmod in the sitemap.
	updated time.Time
	// err is why Meta could not be made.
	err error
}

type customerView struct {
	Escaped                     *customerView
	Name, Segment, Plan, Region string
}

type monthView struct {
	Key, Label string
	Themes     []*themeView
}

type filterView struct {
	Name, Label string
	Options     []optionView
}

type optionView struct{ Value, Label string }

// rankThemes orders themes by priority, then title and id.
func rankThemes(themes []*themeView) {
	slices.SortStableFunc(themes, func(a, b *themeView) int {
		return cmp.Or(cmp.Compare(b.priority, a.priority), cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
	})
	for i, t := range themes {
		t.Rank = i + 1
	}
}

// statusKind is the kind of a theme or item status name.
func themeKind(cfg *config.Config, status string) string {
	st, _ := cfg.ThemeStatus(status)
	return cmp.Or(st.Kind, config.KindOpen)
}

func itemKind(cfg *config.Config, status string) string {
	st, _ := cfg.ItemStatus(status)
	return cmp.Or(st.Kind, config.KindOpen)
}
