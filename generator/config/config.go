// Package config holds a feedback repository's settings, read from
// heed.yaml: the site, the vocabularies, the scoring weights and formula,
// the objectives and what may be published. Every key has a default.
package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/internal/node"
)

// The built-in status kinds every custom status maps to, so that roadmap
// columns, the changelog and metrics work with a team's own words.
const (
	KindOpen      = "open"
	KindActive    = "active"
	KindDone      = "done"
	KindDeclined  = "declined"
	KindDuplicate = "duplicate"
)

// Kinds lists the status kinds.
var Kinds = []string{KindOpen, KindActive, KindDone, KindDeclined, KindDuplicate}

// Horizons lists the roadmap columns.
var Horizons = []string{"now", "next", "later"}

// Status is one status word of a vocabulary and the kind it counts as.
type Status struct {
	Name string
	Kind string
	// Horizon is the roadmap column a theme in this status goes to when it
	// names none ("" for statuses off the roadmap).
	Horizon string
}

// Objective is a company objective themes can serve; its weight can enter
// the priority formula.
type Objective struct {
	ID     string
	Title  string
	Weight float64
}

// Publish says what a public build may contain.
type Publish struct {
	Items bool // a page per feedback item
	// Sources are the sources whose items' words (title, body, tags,
	// links) are published; an item of another source counts in every
	// aggregate but shows no words unless it says public: true.
	Sources       []string
	Customers     bool // customer names, in front matter and in words
	Revenue       bool // revenue figures and the value/effort matrix
	Scores        bool // priority numbers and their breakdown
	Authors       bool // commit author names
	PrivateCounts bool // private items count in aggregates
}

// DefaultPublicSources are the sources customers use in public (a
// community forum, a review site, social media, a public form): their
// items' words are published unless heed.yaml's publish.sources says
// otherwise. Support tickets, sales calls, interviews, surveys, advisory
// boards and usage data are told in confidence.
var DefaultPublicSources = []string{"review", "social", "form", "community"}

// SourcePublic reports whether the words of an item from source are
// published by default (publish.sources).
func (c *Config) SourcePublic(source string) bool { return slices.Contains(c.Publish.Sources, source) }

// Position is where a key stands in heed.yaml.
type Position struct{ Line, Col int }

// Config is the content of heed.yaml with every default filled in.
type Config struct {
	// Path is the file it was read from ("heed.yaml"), for diagnostics.
	Path        string
	Title       string
	Description string
	BaseURL     string
	Language    string
	// Contribute is the repository's web URL, for "tell us" links.
	Contribute string
	// Branch is the branch "tell us" links propose changes against.
	Branch string
	// CommitURL is a link pattern for a commit, with {commit} for its hash.
	CommitURL string

	Sources       []string
	Types         []string
	ItemStatuses  []Status
	ThemeStatuses []Status

	SourceWeights  map[string]float64
	SegmentWeights map[string]float64
	// DemandWindowDays is the window of recent demand (and of trend).
	DemandWindowDays int
	// HalfLifeDays is the recency half-life of an item's weight.
	HalfLifeDays float64
	// TrendMinItems is the smallest recent volume that can make a trend.
	TrendMinItems int

	Objectives []Objective
	// Priority is the priority formula (an expr-lang expression).
	Priority string

	Publish Publish

	// MaxNesting is how deeply block quotes and lists may nest in a body
	// before the body is shown as plain text (markdown.max_nesting).
	MaxNesting int
	// PageSize is how many entries a page of a long list shows: the
	// feedback list, the changelog and a theme's quotes go on over
	// numbered pages (/feedback/page/2/) past it.
	PageSize int
	// MinSample is the fewest survey answers a month needs for its NPS,
	// CSAT or CES to be drawn as a point of a chart (and for a trend to be
	// named); months under it are shown as too few answers.
	MinSample int

	// Pos records where each top-level key was written, by key name.
	Pos map[string]Position
}

// Default returns the configuration used when heed.yaml says nothing.
func Default() *Config {
	return &Config{
		Path:     "heed.yaml",
		Title:    "Product roadmap",
		BaseURL:  "./",
		Language: "en",
		Branch:   "main",
		Sources:  []string{"survey", "interview", "support", "review", "social", "sales", "usage", "form", "community", "advisory", "other"},
		Types:    []string{"bug", "request", "usability", "praise", "question", "complaint"},
		ItemStatuses: []Status{
			{Name: "new", Kind: KindOpen},
			{Name: "acknowledged", Kind: KindOpen},
			{Name: "planned", Kind: KindActive},
			{Name: "in-progress", Kind: KindActive},
			{Name: "shipped", Kind: KindDone},
			{Name: "declined", Kind: KindDeclined},
			{Name: "duplicate", Kind: KindDuplicate},
		},
		ThemeStatuses: []Status{
			{Name: "exploring", Kind: KindOpen, Horizon: "later"},
			{Name: "planned", Kind: KindActive, Horizon: "next"},
			{Name: "in-progress", Kind: KindActive, Horizon: "now"},
			{Name: "shipped", Kind: KindDone},
			{Name: "declined", Kind: KindDeclined},
		},
		SourceWeights: map[string]float64{
			"interview": 1.5, "advisory": 1.5, "sales": 1.2, "support": 1.0, "survey": 1.0,
			"usage": 1.0, "form": 1.0, "community": 0.8, "review": 0.8, "social": 0.6, "other": 0.8,
		},
		SegmentWeights:   map[string]float64{"enterprise": 3, "mid-market": 2, "smb": 1},
		DemandWindowDays: 90,
		HalfLifeDays:     180,
		TrendMinItems:    3,
		Priority:         DefaultPriority,
		Publish:          Publish{Items: true, Sources: slices.Clone(DefaultPublicSources), Scores: true, PrivateCounts: true},
		MaxNesting:       DefaultMaxNesting,
		PageSize:         50,
		MinSample:        5,
		Pos:              map[string]Position{},
	}
}

// DefaultPriority is the priority formula used when heed.yaml gives none
// (or gives an invalid one). Evidence first: a theme's demand (each
// customer's strongest item, weighted by source, segment, recency and
// mentions; see package score), scaled by the weight of the objective it
// serves (1 without one) and by its trend, which at most doubles a theme
// whose demand doubled or more over the last demand window and at most
// halves one whose demand halved; RICE adds a tenth of itself, so a team's
// own reach, impact, confidence and effort estimates break ties between
// themes of similar demand without outweighing the evidence.
const DefaultPriority = "demand * objective_weight * (1 + clamp(trend, -0.5, 1)) + rice / 10"

// DefaultMaxNesting is markdown.max_nesting when heed.yaml gives none: far
// deeper than any real message (a long e-mail thread quoted in full nests
// a dozen levels), and shallow enough that a hostile body cannot make
// Markdown's block parsing slow. MaxMaxNesting is the most it may be set to.
const (
	DefaultMaxNesting = 64
	MaxMaxNesting     = 256
)

// ItemStatus returns the item status named name.
func (c *Config) ItemStatus(name string) (Status, bool) { return find(c.ItemStatuses, name) }

// ThemeStatus returns the theme status named name.
func (c *Config) ThemeStatus(name string) (Status, bool) { return find(c.ThemeStatuses, name) }

// Objective returns the objective with the id, if any.
func (c *Config) Objective(id string) (Objective, bool) {
	for _, o := range c.Objectives {
		if o.ID == id {
			return o, true
		}
	}
	return Objective{}, false
}

func find(list []Status, name string) (Status, bool) {
	for _, s := range list {
		if s.Name == name {
			return s, true
		}
	}
	return Status{}, false
}

// Names returns the names of a status list.
func Names(list []Status) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.Name
	}
	return out
}

// ItemStatusOfKind returns the first item status of a kind ("" if none),
// which is what an item without a status shows when its theme is of that kind.
func (c *Config) ItemStatusOfKind(kind string) string {
	for _, s := range c.ItemStatuses {
		if s.Kind == kind {
			return s.Name
		}
	}
	return ""
}

// Parse reads heed.yaml. Problems come back as diagnostics located in the
// file; the returned configuration is always usable (defaults stand in for
// anything wrong).
func Parse(path string, data []byte) (*Config, diag.List) {
	c := Default()
	c.Path = path
	root, problems := node.ParseYAML(data, 0)
	var ds diag.List
	for _, p := range problems {
		ds = append(ds, diag.Errorf(path, p.Line, p.Col, p.Rule, "%s", p.Message))
	}
	if root == nil || root.Kind == node.Null {
		return c, ds
	}
	r := &reader{path: path}
	if root.Kind != node.Map {
		r.errorf(root.Line, root.Col, "config-type", "heed.yaml must be a map of settings, not %s", root.TypeName())
		return c, append(ds, r.ds...)
	}
	r.keys(root, topKeys, "")
	for _, p := range root.Pairs {
		c.Pos[p.Key] = Position{p.Line, p.Col}
		v := p.Value
		switch p.Key {
		case "title":
			r.str(v, &c.Title, true)
		case "description":
			r.str(v, &c.Description, false)
		case "baseURL":
			if r.str(v, &c.BaseURL, true) {
				if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
					r.errorf(v.Line, v.Col, "config-value", "baseURL %q is not an http(s) URL, a path such as /roadmap/ or ./", c.BaseURL)
					c.BaseURL = "./"
				}
			}
		case "language":
			r.str(v, &c.Language, true)
		case "contribute":
			if r.str(v, &c.Contribute, false) && c.Contribute != "" {
				if u, err := url.Parse(c.Contribute); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					r.errorf(v.Line, v.Col, "config-value", "contribute must be the repository's web URL, such as https://github.com/acme/feedback")
					c.Contribute = ""
				}
				c.Contribute = strings.TrimSuffix(c.Contribute, "/")
			}
		case "branch":
			r.str(v, &c.Branch, true)
		case "commit_url":
			if r.str(v, &c.CommitURL, false) && c.CommitURL != "" && !strings.Contains(c.CommitURL, "{commit}") {
				r.errorf(v.Line, v.Col, "config-value", "commit_url must contain {commit}, e.g. https://github.com/acme/feedback/commit/{commit}")
				c.CommitURL = ""
			}
		case "sources":
			r.words(v, &c.Sources)
		case "types":
			r.words(v, &c.Types)
		case "statuses":
			r.statuses(v, c)
		case "weights":
			if r.keys(v, []string{"sources", "segments"}, "weights.") {
				if w := v.Get("sources"); w != nil {
					c.SourceWeights = r.weights(w.Value)
				}
				if w := v.Get("segments"); w != nil {
					c.SegmentWeights = r.weights(w.Value)
				}
			}
		case "demand":
			if r.keys(v, []string{"window_days", "half_life_days", "trend_min_items"}, "demand.") {
				for _, q := range v.Pairs {
					f, ok := q.Value.Float()
					if !ok || f <= 0 {
						r.errorf(q.Value.Line, q.Value.Col, "config-type", "demand.%s must be a positive number", q.Key)
						continue
					}
					switch q.Key {
					case "window_days":
						c.DemandWindowDays = int(f)
					case "half_life_days":
						c.HalfLifeDays = f
					case "trend_min_items":
						c.TrendMinItems = int(f)
					}
				}
			}
		case "pagination":
			if r.keys(v, []string{"page_size"}, "pagination.") {
				if q := v.Get("page_size"); q != nil {
					r.count(q.Value, "pagination.page_size", 1, 10000, &c.PageSize)
				}
			}
		case "charts":
			if r.keys(v, []string{"min_sample"}, "charts.") {
				if q := v.Get("min_sample"); q != nil {
					r.count(q.Value, "charts.min_sample", 1, 1000000, &c.MinSample)
				}
			}
		case "objectives":
			r.objectives(v, c)
		case "priority":
			r.str(v, &c.Priority, true)
		case "markdown":
			if r.keys(v, []string{"max_nesting"}, "markdown.") {
				if q := v.Get("max_nesting"); q != nil {
					f, ok := q.Value.Float()
					if !ok || f != float64(int(f)) || f < 1 || f > MaxMaxNesting {
						r.errorf(q.Value.Line, q.Value.Col, "config-value", "markdown.max_nesting must be a whole number from 1 to %d", MaxMaxNesting)
					} else {
						c.MaxNesting = int(f)
					}
				}
			}
		case "publish":
			r.publish(v, c)
		}
	}
	// publish.sources names sources of the vocabulary, which may come
	// after it in the file.
	r.publicSources(root.Get("publish"), c)
	return c, append(ds, r.ds...)
}

// publishKeys are the keys of publish.
var publishKeys = []string{"items", "sources", "customers", "revenue", "scores", "authors", "private_counts"}

// publish reads the publish switches but sources (publicSources, once
// the vocabulary is known).
func (r *reader) publish(v *node.Node, c *Config) {
	if !r.keys(v, publishKeys, "publish.") {
		return
	}
	for _, q := range v.Pairs {
		if q.Key == "sources" {
			continue
		}
		b, ok := q.Value.Bool()
		if !ok {
			r.errorf(q.Value.Line, q.Value.Col, "config-type", "publish.%s must be true or false", q.Key)
			continue
		}
		switch q.Key {
		case "items":
			c.Publish.Items = b
		case "customers":
			c.Publish.Customers = b
		case "revenue":
			c.Publish.Revenue = b
		case "scores":
			c.Publish.Scores = b
		case "authors":
			c.Publish.Authors = b
		case "private_counts":
			c.Publish.PrivateCounts = b
		}
	}
}

// publicSources reads publish.sources (publish is nil without a publish
// key): sources of the vocabulary. Without it, the default public sources
// that the vocabulary has (a vocabulary of the team's own words may have
// none: then it lists its public ones there).
func (r *reader) publicSources(publish *node.Pair, c *Config) {
	var q *node.Pair
	if publish != nil && publish.Value.Kind == node.Map {
		q = publish.Value.Get("sources")
	}
	if q == nil {
		c.Publish.Sources = slices.DeleteFunc(c.Publish.Sources, func(s string) bool { return !slices.Contains(c.Sources, s) })
		return
	}
	if q.Value.Kind == node.Seq && len(q.Value.Items) == 0 {
		c.Publish.Sources = []string{}
		return
	}
	list, ok := q.Value.Strings()
	if !ok {
		r.errorf(q.Value.Line, q.Value.Col, "config-type", "publish.sources must be a list of sources, e.g. [community, review], not %s", q.Value.TypeName())
		c.Publish.Sources = []string{} // nothing is published by mistake
		return
	}
	for i, s := range list {
		if !slices.Contains(c.Sources, s) {
			n := q.Value.Items[i]
			r.errorf(n.Line, n.Col, "config-value", "publish.sources: %q is not one of the sources (%s)%s", s, strings.Join(c.Sources, ", "), diag.DidYouMean(s, c.Sources))
		}
	}
	// In vocabulary order, whatever the order written.
	c.Publish.Sources = slices.DeleteFunc(slices.Clone(c.Sources), func(s string) bool { return !slices.Contains(list, s) })
}

var topKeys = []string{"title", "description", "baseURL", "language", "contribute", "branch", "commit_url",
	"sources", "types", "statuses", "weights", "demand", "pagination", "charts", "objectives", "priority", "markdown", "publish"}

type reader struct {
	path string
	ds   diag.List
}

func (r *reader) errorf(line, col int, rule, format string, args ...any) {
	r.ds = append(r.ds, diag.Errorf(r.path, line, col, rule, format, args...))
}

// count reads a whole number from lo to hi into dst, or reports why not.
func (r *reader) count(v *node.Node, key string, lo, hi int, dst *int) {
	f, ok := v.Float()
	if !ok || f != float64(int(f)) || int(f) < lo || int(f) > hi {
		r.errorf(v.Line, v.Col, "config-type", "%s must be a whole number from %d to %d", key, lo, hi)
		return
	}
	*dst = int(f)
}

// keys reports unknown keys of a map (an error in heed.yaml, with a
// suggestion) and whether v is a map at all.
func (r *reader) keys(v *node.Node, known []string, prefix string) bool {
	if v.Kind != node.Map {
		r.errorf(v.Line, v.Col, "config-type", "%s must be a map, not %s", strings.TrimSuffix(prefix, "."), v.TypeName())
		return false
	}
	for _, p := range v.Pairs {
		if !slices.Contains(known, p.Key) {
			r.errorf(p.Line, p.Col, "config-unknown-key", "unknown setting %s%s%s", prefix, p.Key, diag.DidYouMean(p.Key, known))
		}
	}
	return true
}

func (r *reader) str(v *node.Node, dst *string, required bool) bool {
	s, ok := v.String()
	if !ok || (required && strings.TrimSpace(s) == "") {
		r.errorf(v.Line, v.Col, "config-type", "expected a non-empty string, not %s", v.TypeName())
		return false
	}
	*dst = s
	return true
}

func (r *reader) words(v *node.Node, dst *[]string) {
	list, ok := v.Strings()
	if !ok || len(list) == 0 {
		r.errorf(v.Line, v.Col, "config-type", "expected a list of words, not %s", v.TypeName())
		return
	}
	for i, w := range list {
		if !IsSlug(w) {
			r.errorf(v.Items[i].Line, v.Items[i].Col, "config-value", "%q is not a slug (lowercase letters, digits and dashes)", w)
			return
		}
	}
	*dst = list
}

func (r *reader) weights(v *node.Node) map[string]float64 {
	out := map[string]float64{}
	if v.Kind != node.Map {
		r.errorf(v.Line, v.Col, "config-type", "weights must be a map of name: number")
		return out
	}
	for _, p := range v.Pairs {
		f, ok := p.Value.Float()
		if !ok || f < 0 {
			r.errorf(p.Value.Line, p.Value.Col, "config-type", "weight of %s must be a number >= 0", p.Key)
			continue
		}
		out[p.Key] = f
	}
	return out
}

func (r *reader) statuses(v *node.Node, c *Config) {
	if !r.keys(v, []string{"items", "themes"}, "statuses.") {
		return
	}
	for _, p := range v.Pairs {
		if p.Value.Kind != node.Map || len(p.Value.Pairs) == 0 {
			r.errorf(p.Value.Line, p.Value.Col, "config-type", "statuses.%s must map each status to a kind (%s)", p.Key, strings.Join(Kinds, ", "))
			continue
		}
		var list []Status
		for _, q := range p.Value.Pairs {
			st := Status{Name: q.Key}
			if !IsSlug(q.Key) {
				r.errorf(q.Line, q.Col, "config-value", "status %q is not a slug", q.Key)
				continue
			}
			if s, ok := q.Value.String(); ok {
				st.Kind = s
			} else if q.Value.Kind == node.Map {
				r.keys(q.Value, []string{"kind", "horizon"}, "statuses."+p.Key+"."+q.Key+".")
				if k := q.Value.Get("kind"); k != nil {
					st.Kind, _ = k.Value.String()
				}
				if h := q.Value.Get("horizon"); h != nil {
					st.Horizon, _ = h.Value.String()
					if !slices.Contains(Horizons, st.Horizon) {
						r.errorf(h.Value.Line, h.Value.Col, "config-value", "horizon %q is not one of %s", st.Horizon, strings.Join(Horizons, ", "))
					}
				}
			}
			if !slices.Contains(Kinds, st.Kind) {
				r.errorf(q.Value.Line, q.Value.Col, "config-value", "status %s: kind %q is not one of %s%s", q.Key, st.Kind, strings.Join(Kinds, ", "), diag.DidYouMean(st.Kind, Kinds))
				continue
			}
			if p.Key == "themes" && st.Horizon == "" {
				st.Horizon = map[string]string{KindOpen: "later", KindActive: "next"}[st.Kind]
			}
			list = append(list, st)
		}
		if len(list) > 0 {
			if p.Key == "items" {
				c.ItemStatuses = list
			} else {
				c.ThemeStatuses = list
			}
		}
	}
}

func (r *reader) objectives(v *node.Node, c *Config) {
	if v.Kind != node.Seq {
		r.errorf(v.Line, v.Col, "config-type", "objectives must be a list of {id, title, weight}")
		return
	}
	seen := map[string]bool{}
	for _, it := range v.Items {
		if !r.keys(it, []string{"id", "title", "weight"}, "objectives[].") {
			continue
		}
		o := Objective{Weight: 1}
		if p := it.Get("id"); p == nil || !r.str(p.Value, &o.ID, true) {
			if p == nil {
				r.errorf(it.Line, it.Col, "config-required", "an objective needs an id")
			}
			continue
		}
		if !IsSlug(o.ID) {
			r.errorf(it.Line, it.Col, "config-value", "objective id %q is not a slug", o.ID)
		}
		if seen[o.ID] {
			r.errorf(it.Line, it.Col, "config-value", "objective %q is listed twice", o.ID)
		}
		seen[o.ID] = true
		o.Title = o.ID
		if p := it.Get("title"); p != nil {
			r.str(p.Value, &o.Title, true)
		}
		if p := it.Get("weight"); p != nil {
			if f, ok := p.Value.Float(); ok && f >= 0 {
				o.Weight = f
			} else {
				r.errorf(p.Value.Line, p.Value.Col, "config-type", "objective weight must be a number >= 0")
			}
		}
		c.Objectives = append(c.Objectives, o)
	}
}

// IsSlug reports whether s is [a-z0-9][a-z0-9-]*.
func IsSlug(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case r == '-' && i > 0:
		default:
			return false
		}
	}
	return true
}

// String summarises the configuration for debugging.
func (c *Config) String() string {
	return fmt.Sprintf("config %s (title %q, base %s)", c.Path, c.Title, c.BaseURL)
}
