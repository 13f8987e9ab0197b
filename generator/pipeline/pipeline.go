// Package pipeline computes the value of every stage of heed from one state
// of a feedback repository, in one place: heed build, heed serve, heed
// triage and heed check all ask it, so that what one command shows no
// other can lack.
//
// The data flows one way:
//
//	source.Snapshot --content--> content.Set
//	Set             --publish--> publish.Content (what the audience sees)
//	git             --history--> history.History (and "now")
//	Set, now        --score----> score.Result
//	Set, Content    --group----> group.Result (clusters, suggestions, duplicates)
//	Set, scores     --insight--> insight.Insights (and stale themes, with history)
//	all of them     --render---> the site (Values.RenderInput)
//
// Scores, insights and groups are made from the whole set, so that every
// total counts every item; the renderer reads the words it shows only from
// publish.Content, and the grouping of a public build only the words that
// build shows (cluster names are made of them).
//
// A run overlaps what does not depend on each other: the history walk
// reads git objects while the files are parsed and scored (only "now", the
// head commit's time, is needed before scoring), and the grouping runs
// while the items are scored.
//
// A Pipeline used again on the next state of the same repository
// (Options.Incremental, heed serve) scores again only what changed, groups
// again only when the grouping's input changed, and leaves insights and
// grouping to be made when rendering first asks for them, after the pages
// open in a browser were shown.
//
// A new stage is added here: a field (or a method, for a value made on
// demand) of Values, computed in Run, handed on by RenderInput.
package pipeline

import (
	"os"
	"slices"
	"sync"
	"time"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/group"
	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/insight"
	"github.com/heedhq/heed/generator/publish"
	"github.com/heedhq/heed/generator/render"
	"github.com/heedhq/heed/generator/score"
	"github.com/heedhq/heed/generator/source"
)

// Need says which stage values a run computes beyond the content (and the
// history given). Each implies what it is made from.
type Need uint

const (
	// Scores: every item's and theme's scores.
	Scores Need = 1 << iota
	// Insights: the aggregates of the insights page and API (and Scores).
	Insights
	// Clusters: emerging clusters of unthemed items.
	Clusters
	// Suggestions: themes suggested for unthemed items.
	Suggestions
	// Duplicates: likely duplicate pairs that duplicate_of does not record.
	Duplicates
	// Stale: open and active themes whose status looks out of date (and
	// Insights).
	Stale
	// Public: what the audience sees of the content (publish.Content).
	Public
	// Names: customer-name warnings for names in words a public build
	// publishes.
	Names
)

// What each command needs.
const (
	// Site is what a site shows: no suggestions, no duplicate search.
	Site = Scores | Insights | Clusters | Public | Names
	// Triage is heed triage's report.
	Triage = Scores | Insights | Clusters | Suggestions | Duplicates | Stale
	// Check is heed check's: likely duplicates and names, no scores.
	Check = Duplicates | Names
)

// Options says what a Pipeline computes, and for whom.
type Options struct {
	// Need is the stage values to compute.
	Need Need
	// Internal computes the team's view: every item's words are shown and
	// take part in the grouping (whose cluster names are made of them),
	// private items count in every aggregate. Otherwise only published
	// words are (see package publish), with customers' names cut out, and
	// private items count as publish.private_counts says.
	Internal bool
	// Content tunes loading the snapshot's content.
	Content content.Options
	// Strict counts warnings in the content as errors (see KeepGoing).
	Strict bool
	// KeepGoing computes every value even when the content has errors; by
	// default a run stops after the content (Values.Stopped).
	KeepGoing bool
	// Getenv reads the environment (SOURCE_DATE_EPOCH); nil is os.Getenv.
	Getenv func(string) string
	// Incremental makes a Pipeline for runs on successive states of one
	// repository (heed serve): it keeps what it needs of each run to make
	// the next one cheaper, measures "now" once per history, and makes
	// Insights and Groups when they are first asked for.
	Incremental bool
}

// Input is one state of a repository.
type Input struct {
	// Snapshot is the repository's files. Its content is loaded unless Set
	// is given; its templates go to the renderer.
	Snapshot *source.Snapshot
	// Set, when not nil, is the content of Snapshot, loaded already (heed
	// serve parses again only the files an edit touched).
	Set *content.Set
	// History is the repository's git history, being read or read; nil
	// when there is none to read.
	History *History
}

// Values are the stages' values for one state of a repository. Insights
// and Groups are methods: they may be made on demand. It is safe for
// concurrent use once Run returned.
type Values struct {
	// Set is the content.
	Set *content.Set
	// Templates are the snapshot's template overrides.
	Templates []source.File
	// History is git history (nil without), and Notes say what of it is
	// missing.
	History *history.History
	Notes   []string
	// Now is the moment the values describe: SOURCE_DATE_EPOCH, else the
	// time of the commit read, else the clock.
	Now time.Time
	// Scores are the scores (nil unless needed).
	Scores *score.Result
	// Stale lists the stale themes (nil unless needed).
	Stale []insight.Stale
	// Public is what the audience sees of the content (nil unless needed).
	Public *publish.Content
	// Diagnostics are the content's problems, the priority formula's and
	// the history warnings (see History.Diagnostics), sorted.
	Diagnostics diag.List
	// Stopped says that the run stopped after the content, which has
	// errors (see Options.KeepGoing): only Set and Diagnostics are set.
	Stopped bool

	internal bool
	insights func() *insight.Insights
	groups   func() *group.Result
}

// Insights returns the aggregates (nil unless needed), made on first call
// in an incremental pipeline.
func (v *Values) Insights() *insight.Insights {
	if v.insights == nil {
		return nil
	}
	return v.insights()
}

// Groups returns what the grouping found of what was needed (nil unless
// something was): emerging clusters, suggestions, and likely duplicates
// less the pairs duplicate_of records. It may wait for the grouping, which
// runs while the items are scored, or (incremental) make it.
func (v *Values) Groups() *group.Result {
	if v.groups == nil {
		return nil
	}
	return v.groups()
}

// RenderInput is what the renderer makes the site from.
func (v *Values) RenderInput() render.Input {
	in := render.Input{Content: v.Public, Scores: v.Scores, History: v.History, Templates: v.Templates, Insights: v.insights}
	if v.groups != nil {
		in.Groups = v.groups
	}
	return in
}

// RenderOptions are the renderer's options for these values: for whom, and
// when; the caller adds where (BaseURL) and Progress.
func (v *Values) RenderOptions() render.Options {
	return render.Options{Internal: v.internal, Now: v.Now}
}

// Pipeline computes stage values. One made with Options.Incremental keeps
// what it needs between runs; it is meant for one goroutine at a time.
type Pipeline struct {
	opts   Options
	getenv func(string) string

	// Incremental only: the scores' cache, what the audience sees made
	// last, "now" and the history it was measured for, the last grouping
	// with its input, and the matcher of the customers' names with the
	// customers it matches.
	scores   *score.Cache
	publish  *publish.Cache
	names    *publish.Names
	namesFor []*content.Customer
	hist     *History
	now      time.Time
	groupMu  sync.Mutex
	grouped  *grouping
}

// grouping is one grouping's input and result.
type grouping struct {
	in  groupInput
	out *group.Result
}

// New returns a Pipeline with these options.
func New(opts Options) *Pipeline {
	p := &Pipeline{opts: opts, getenv: opts.Getenv}
	if p.getenv == nil {
		p.getenv = os.Getenv
	}
	if opts.Need&Stale != 0 {
		p.opts.Need |= Insights
	}
	if p.opts.Need&Insights != 0 {
		p.opts.Need |= Scores
	}
	if opts.Incremental {
		p.scores = score.NewCache()
		p.publish = publish.NewCache()
	}
	return p
}

// Run computes the values of one state of the repository.
func (p *Pipeline) Run(in Input) *Values {
	opts := p.opts
	v := &Values{Set: in.Set, internal: opts.Internal}
	if v.Set == nil {
		v.Set = content.Load(in.Snapshot, opts.Content)
	}
	set := v.Set
	if in.Snapshot != nil {
		for _, f := range in.Snapshot.Files {
			if f.Kind == source.Template {
				v.Templates = append(v.Templates, f)
			}
		}
	}
	v.Diagnostics = slices.Clone(set.Diagnostics)
	if !opts.KeepGoing && set.Diagnostics.Fails(opts.Strict) {
		v.Stopped = true
		return v
	}

	if opts.Need&(Public|Names) != 0 {
		names := p.namesOf(set)
		popts := publish.Options{Internal: opts.Internal, Names: names}
		if opts.Need&Public != 0 {
			if p.publish != nil {
				v.Public = p.publish.Make(set, popts)
			} else {
				v.Public = publish.Make(set, popts)
			}
		}
		if opts.Need&Names != 0 {
			if p.publish != nil {
				v.Diagnostics = append(v.Diagnostics, p.publish.Warnings(set, names)...)
			} else {
				v.Diagnostics = append(v.Diagnostics, publish.Warnings(set, names)...)
			}
			v.Diagnostics.Sort()
		}
	}

	// The grouping only reads the set: it runs while the items are scored,
	// or, incremental, when rendering asks for it (started with the run,
	// it took the core the open page needs on a busy machine: serve's
	// edit latency doubled).
	if opts.Need&(Clusters|Suggestions|Duplicates) != 0 {
		g := p.groupFunc(set, v.Public)
		if opts.Incremental {
			v.groups = sync.OnceValue(g)
		} else {
			v.groups = started(g)
		}
	}

	if opts.Incremental && in.History == p.hist && !p.now.IsZero() {
		v.Now = p.now // a new clock reading would make every page stale
	} else {
		v.Now = score.Now(p.getenv, in.History.HeadTime())
		p.hist, p.now = in.History, v.Now
	}
	if opts.Need&Scores != 0 {
		if p.scores != nil {
			v.Scores = p.scores.Compute(set, v.Now)
		} else {
			v.Scores = score.Compute(set, v.Now)
		}
		v.Diagnostics = append(v.Diagnostics, v.Scores.Diagnostics...)
		v.Diagnostics.Sort()
	}
	if opts.Need&Insights != 0 {
		scores, public := v.Scores, !opts.Internal
		compute := func() *insight.Insights { return insight.Compute(set, scores, public) }
		if opts.Incremental {
			v.insights = sync.OnceValue(compute)
		} else {
			// On a goroutine of its own: a build prepares its pages on
			// one core meanwhile (0.1 s at 100,000 items).
			v.insights = started(compute)
		}
	}

	var note string
	v.History, note = in.History.Wait()
	if note != "" {
		v.Notes = append(v.Notes, note)
	}
	if ds := in.History.Diagnostics(); len(ds) > 0 {
		v.Diagnostics = append(v.Diagnostics, ds...)
		v.Diagnostics.Sort()
	}
	if opts.Need&Stale != 0 {
		v.Stale = insight.StaleThemes(set, v.History, v.Insights(), v.Now)
	}
	return v
}

// namesOf returns the matcher of the names of set's customers: an
// incremental pipeline's last one while they are the same customers.
func (p *Pipeline) namesOf(set *content.Set) *publish.Names {
	if set.Config.Publish.Customers && p.opts.Need&Names == 0 {
		return nil // nothing to match
	}
	all := publish.AllCustomers(set)
	if p.opts.Incremental && p.names != nil && slices.Equal(all, p.namesFor) {
		return p.names
	}
	n := publish.NewNames(all)
	if p.opts.Incremental {
		p.names, p.namesFor = n, all
	}
	return n
}

// started runs f in a goroutine of its own and returns a function that
// waits for its result.
func started[T any](f func() T) func() T {
	ch := make(chan T, 1)
	go func() { ch <- f() }()
	return sync.OnceValue(func() T { return <-ch })
}
