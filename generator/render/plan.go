package render

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"hash/maphash"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/internal/parallel"
	"github.com/heedhq/heed/generator/render/internal/fingerprint"
	"github.com/heedhq/heed/generator/source"
)

// Plan is a site ready to render: its templates parsed, the views of its
// pages made and its files listed, nothing rendered yet. It renders the
// whole site, or (for heed serve) only the files whose inputs changed
// since a site rendered earlier, copying the others from it.
//
// What a page is made from is its template files and what those templates
// can read of the page's data (package fingerprint works it out from the
// templates themselves, user overrides included); two plans whose page has
// the same fingerprint render it to the same bytes. Feeds, the search index,
// the API and other files made by Go code are rendered every time.
type Plan struct {
	b    *builder
	lay  *layout
	jobs []job
	ds   diag.List
	// id stamps the files of this plan that have no fingerprint: they are
	// up to date only in a site this plan rendered.
	id uint64

	// What each page template reads (nil when the analysis cannot tell),
	// and a hash of its files and the options.
	reads map[string]*fingerprint.Reads
	// commonStrs are the Reads.Strings of the partials rendered as
	// fragments, by name (nil for one the analysis cannot tell), for
	// foldCommon.
	commonStrs map[string]map[parse.Node][]fingerprint.Field
	heads      map[string]uint64
	// The fingerprints, worked out on demand.
	stamps  []stamp // by job
	stamped []bool
	made    *pathSet       // the paths of the files (see madePaths)
	index   map[string]int // the job of each path, made when first asked
}

// pathSet is a set of paths that plans with the same files share: the same
// pointer means the same files.
type pathSet struct{ m map[string]bool }

// stamp says what a file was made from: the fingerprint of a page's
// inputs, or the plan that made a file that has none.
type stamp struct {
	sum  uint64
	plan uint64
}

// fingerprintSeed seeds every fingerprint of the process, so that plans can
// compare theirs.
var fingerprintSeed = maphash.MakeSeed()

// Prepare parses the templates and makes the views of every page. With a
// broken template the plan renders no file and its diagnostics say why.
func Prepare(in Input, opts Options) *Plan {
	return prepare(in, opts, nil)
}

// Next is Prepare for the same site after an edit: the templates are parsed
// and analysed again only when the template files or the base URL changed.
func (p *Plan) Next(in Input, opts Options) *Plan {
	return prepare(in, opts, p)
}

func prepare(in Input, opts Options, prev *Plan) *Plan {
	set := in.Content.Set
	cfg := set.Config
	if cfg == nil {
		cfg = config.Default()
	}
	if opts.Now.IsZero() {
		opts.Now = time.Unix(0, 0)
	}
	opts.Now = opts.Now.UTC()
	b := &builder{in: in, opts: opts, cfg: cfg, set: set, urls: newURLs(cmp.Or(opts.BaseURL, cfg.BaseURL))}
	p := &Plan{b: b, id: rand.Uint64() | 1}
	if prev != nil && prev.lay != nil && prev.b.urls == b.urls && sameFiles(prev.b.in.Templates, in.Templates) {
		p.lay, p.ds = prev.lay, prev.ds
		p.reads, b.needsAll, b.wantForm = prev.reads, prev.b.needsAll, prev.b.wantForm
		b.wantMeta, b.metaNeedsAll = prev.b.wantMeta, prev.b.metaNeedsAll
		b.wantLink, b.linkNeedsAll = prev.b.wantLink, prev.b.linkNeedsAll
	} else {
		p.lay, p.ds = loadLayout(in.Templates, funcs(b.urls))
		if !p.ds.Fails(false) {
			p.analyse()
			html := map[string]map[*parse.ActionNode]bool{}
			strs := map[string]map[parse.Node][]fingerprint.Field{}
			for name, r := range p.reads {
				html[name], strs[name] = r.HTML, r.Strings
			}
			p.lay.fold(b.urls, html, strs)
			p.lay.foldCommon(b.urls, p.commonStrs)
		}
	}
	if p.ds.Fails(false) {
		return p
	}
	p.heads = map[string]uint64{}
	for name, r := range p.reads {
		p.heads[name] = p.head(name, r)
	}
	b.fragment, b.fragmentFast = p.lay.fragment, p.lay.fragmentFast
	b.twins = p.lay.twins
	var prevB *builder
	if prev != nil {
		prevB = prev.b
	}
	b.build(prevB)
	p.jobs = b.jobs()
	if prev != nil && prev.lay != nil && sameMadePaths(p, prev) {
		// The same files as before (an edit that adds or removes no
		// page): the sets of paths carry over, and a site the previous
		// plan rendered needs no sweep for files this one does not make.
		p.made, p.index = prev.made, prev.index
	}
	return p
}

// sameMadePaths reports whether plans a and b make the same files, in the
// same order.
func sameMadePaths(a, b *Plan) bool {
	return slices.EqualFunc(a.jobs, b.jobs, func(x, y job) bool { return x.path == y.path }) &&
		slices.EqualFunc(a.lay.assets, b.lay.assets, func(x, y templateFile) bool { return x.name == y.name })
}

// sameFiles reports whether two lists of template files are the same files
// with the same bytes.
func sameFiles(a, b []source.File) bool {
	return slices.EqualFunc(a, b, func(x, y source.File) bool { return x.Path == y.Path && bytes.Equal(x.Data, y.Data) })
}

// analyse works out what each page template can read of its page, for
// fingerprints, and whether its pages need the site's lists
// (builder.all): when they can read one, or read a theme entirely, or
// when the analysis cannot tell.
//
// Item Meta and theme Links are made only when a template can read them,
// and by all when their partial can read what all makes (or such a
// fragment): a template that reads Links made by all needs all too. The
// filter form is made only for the pages whose template can read it, and
// needs no list: its partial's dot is the filters and their total.
func (p *Plan) analyse() {
	b := p.b
	p.reads = map[string]*fingerprint.Reads{}
	b.needsAll, b.wantForm = map[string]bool{}, map[string]bool{}
	opts := fingerprint.Options{Funcs: funcs(b.urls), Selectors: []string{"first"}}
	pageType, themeType, itemType := reflect.TypeFor[page](), reflect.TypeFor[themeView](), reflect.TypeFor[itemView]()
	needsAll := func(r *fingerprint.Reads) bool {
		needs := r.Entirely(themeType) || r.Entirely(pageType) || b.linkNeedsAll && r.Reads(themeType, "Link")
		for _, f := range []string{"Roadmap", "Items", "Recent", "Changelog", "Insights", "Filters", "Quotes"} {
			needs = needs || r.Reads(pageType, f)
		}
		for _, f := range []string{"Volume", "Counts", "Evidence", "Highlights", "Mix", "Chart"} {
			needs = needs || r.Reads(themeType, f)
		}
		return needs
	}
	b.linkNeedsAll = false
	// The partials that fragment renders, for foldCommon.
	p.commonStrs = map[string]map[parse.Node][]fingerprint.Field{}
	common := func(name string, dot reflect.Type) (*fingerprint.Reads, error) {
		r, err := fingerprint.Analyze(p.lay.common, name, dot, opts)
		p.commonStrs[name] = nil
		if err == nil {
			p.commonStrs[name] = r.Strings
		}
		return r, err
	}
	link, err := common(partThemeLink, reflect.TypeFor[*themeView]())
	b.linkNeedsAll = err != nil || needsAll(link) || link.Reads(themeType, "Link") || link.Entirely(itemType)
	b.wantLink = err != nil || link.Reads(themeType, "Link")
	meta, err := common(partItemMeta, reflect.TypeFor[*itemView]())
	b.metaNeedsAll = err != nil || needsAll(meta) || meta.Entirely(itemType) || meta.Reads(itemType, "Meta")
	b.wantLink = b.wantLink || err != nil || meta.Reads(themeType, "Link") || meta.Entirely(themeType)
	for _, name := range []string{partSiteHead, partSiteHeader, partSiteFooter} {
		_, _ = common(name, reflect.TypeFor[*chromeView]()) // for foldCommon only
	}
	_, _ = common(partFilters, reflect.TypeFor[*filtersView]()) // likewise
	b.wantMeta = false
	for _, name := range pageTemplates {
		r, err := fingerprint.Analyze(p.lay.pages[name], name, reflect.TypeFor[*page](), opts)
		if err != nil {
			b.needsAll[name], b.wantForm[name] = true, true
			b.wantMeta, b.wantLink = true, true
			continue
		}
		p.reads[name] = r
		b.needsAll[name] = needsAll(r)
		b.wantForm[name] = r.Reads(pageType, "FilterForm") || r.Entirely(pageType)
		b.wantMeta = b.wantMeta || r.Reads(itemType, "Meta") || r.Entirely(itemType)
		b.wantLink = b.wantLink || r.Reads(themeType, "Link") || r.Entirely(themeType)
	}
}

// warmStep is how many item views or fragments Warm makes between two
// calls of its stop function: a few milliseconds of work at most.
const warmStep = 256

// groupAfter is how long after Warm starts the grouping starts, if the
// views are not made by then.
const groupAfter = 100 * time.Millisecond

// Warm makes the item views and fragments the site-wide pages need, a
// step at a time, and the site's groups alongside, then fetches its
// insights and makes its lists (builder.all), and stops as soon as stop,
// called between steps and while it waits for the groups, reports true
// (heed serve: a newer edit came in); it reports whether it finished. What
// it made is kept for Stale and Render, which make what is left otherwise,
// in one go. It must not run while they do.
func (p *Plan) Warm(stop func() bool) bool {
	b := p.b
	if p.ds.Fails(false) || b.views == nil {
		return true
	}
	// The grouping takes a while on the one core it is given (on 100,000
	// items, 0.65 s of the 1.2 s Warm took when it was waited for after
	// the views), so it runs alongside them. It starts groupAfter in, not
	// at once: Warm runs as the open pages have just been published, and
	// a goroutine that holds a core from that moment delayed the browsers
	// fetching them (p50 425-437 to 483-554 ms on 100,000 items). Input.
	// Groups runs on a goroutine of its own; a newer edit stops the wait,
	// not the grouping, which serves the next plan when its input is the
	// same.
	var grouped chan struct{}
	group := func() {}
	if b.in.Groups != nil && !b.grouped {
		if stop() {
			return false
		}
		grouped = make(chan struct{})
		group = sync.OnceFunc(func() {
			go func() {
				b.in.Groups()
				close(grouped)
			}()
		})
		// A Warm that stops before then leaves the grouping unstarted:
		// the newer edit's input is not this one.
		defer time.AfterFunc(groupAfter, group).Stop()
	}
	steps := func(n int, fn func(i int)) bool {
		for i := 0; i < n; i += warmStep {
			if stop() {
				return false
			}
			parallel.For(min(warmStep, n-i), func(k int) { fn(i + k) })
		}
		return true
	}
	if !steps(len(b.pub), func(i int) { b.made(i) }) {
		return false
	}
	group()
	if b.wantMeta && !b.metaNeedsAll {
		// Meta of a linked view, as view makes it (metaNeedsAll: all makes
		// it, in one order).
		b.linkOnce.Do(b.linkDuplicates)
		if !steps(len(b.pub), b.meta) {
			return false
		}
	}
	if stop() {
		return false
	}
	b.insights()
	if grouped != nil {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for waiting := true; waiting; {
			select {
			case <-grouped:
				waiting = false
			case <-tick.C:
				if stop() {
					return false
				}
			}
		}
		b.groups()
	}
	if stop() {
		return false
	}
	b.all() // the lists, on the views made
	return true
}

// Diagnostics are the problems of the templates found so far: with an
// error among them, rendering makes no file.
func (p *Plan) Diagnostics() diag.List { return p.ds }

// Stale lists, sorted, the files of the plan among the paths only (nil
// lists all; assets aside, which are copied, never rendered; a path the
// plan does not make is left out) that prev lacks or whose inputs changed
// since prev was rendered; with prev nil, every one. It works out the
// fingerprints of those files, and the sites this plan renders from then on
// remember them. Its cost is that of the paths asked about, not of the
// site: heed serve asks about a site of 100,000 files a thousand at a
// time. A Plan is not safe for concurrent use.
func (p *Plan) Stale(prev *Site, only []string) []string {
	sel := p.selected(only)
	p.fingerprints(sel)
	var out []string
	for _, i := range sel {
		if p.stale(i, prev) {
			out = append(out, p.jobs[i].path)
		}
	}
	slices.Sort(out)
	return out
}

// selected returns the indexes, in order and once each, of the jobs whose
// paths are among only; nil selects every job.
func (p *Plan) selected(only []string) []int {
	if only == nil {
		all := make([]int, len(p.jobs))
		for i := range all {
			all[i] = i
		}
		return all
	}
	if p.index == nil {
		p.index = make(map[string]int, len(p.jobs))
		for i, j := range p.jobs {
			p.index[j.path] = i
		}
	}
	sel := make([]int, 0, len(only))
	for _, path := range only {
		if i, ok := p.index[path]; ok {
			sel = append(sel, i)
		}
	}
	slices.Sort(sel)
	return slices.Compact(sel)
}

func (p *Plan) stale(i int, prev *Site) bool {
	if prev == nil || p.stamped == nil || !p.stamped[i] {
		return true
	}
	j := p.jobs[i]
	if _, ok := prev.Files[j.path]; !ok {
		return true
	}
	old, ok := prev.stamps[j.path]
	return !ok || old != p.stamps[i]
}

// Render renders the plan's files that are stale with respect to prev (see
// Stale) and among the paths only (nil: all of them), and copies every other
// file from prev where prev has it: a file left stale keeps prev's bytes
// until a later Render, and a new file left out is missing. With prev nil
// it renders the whole site, which is what Render does (without working out
// fingerprints, unless Stale did, so that a later plan renders every file
// again). A template that
// fails leaves the site without files, as Render does.
func (p *Plan) Render(prev *Site, only []string) *Site {
	site, _ := p.RenderUntil(prev, only, nil)
	return site
}

// RenderUntil is Render, told to stop as soon as it can once stop (called
// between files and while pages are written) reports true: it then
// returns nil and false, and prev is as it was. A nil stop never stops;
// stop is called from every core at once.
func (p *Plan) RenderUntil(prev *Site, only []string, stop func() bool) (*Site, bool) {
	ds := slices.Clone(p.ds)
	if ds.Fails(false) {
		return &Site{Files: map[string][]byte{}, Diagnostics: ds}, true
	}
	sel := p.selected(only)
	if prev != nil {
		p.fingerprints(sel)
	}
	var todo []int
	for _, i := range sel {
		if p.stale(i, prev) {
			todo = append(todo, i)
		}
	}
	out, errs := p.renderJobs(todo, stop)
	if slices.Contains(errs, errStopped) {
		return nil, false
	}

	site := &Site{id: rand.Uint64() | 1}
	made := p.madePaths()
	// What a site rendered over prev costs is what it renders, not the
	// site's size (heed serve renders a site of 110,000 files a batch at a
	// time): prev's files are copied, but swept for those this plan does
	// not make, and its pages counted, only when the plan makes other
	// files than prev's.
	sameMade := prev != nil && prev.made == made
	if prev == nil {
		site.Files = make(map[string][]byte, len(p.jobs)+len(p.lay.assets))
	} else {
		// prev's files, less those this plan does not make; rendered files
		// replace theirs below.
		site.over = prev.id
		site.Files = maps.Clone(prev.Files)
		site.stamps = maps.Clone(prev.stamps)
		if !sameMade {
			for path := range site.Files {
				if !made.m[path] {
					delete(site.Files, path)
					delete(site.stamps, path)
					site.changed = append(site.changed, path)
				}
			}
		}
	}
	if p.stamped != nil && site.stamps == nil {
		site.stamps = make(map[string]stamp, len(p.jobs))
	}
	ds = p.jobDiags(ds, errs)
	if sameMade {
		site.Pages = prev.Pages
	}
	for _, i := range todo {
		j := p.jobs[i]
		if errs[i] != nil {
			continue
		}
		if _, had := site.Files[j.path]; sameMade && !had && j.tmpl != "" {
			site.Pages++ // a page prev lacked
		}
		site.Files[j.path] = out[i]
		if prev != nil {
			site.changed = append(site.changed, j.path)
		}
		if p.stamped != nil && p.stamped[i] {
			site.stamps[j.path] = p.stamps[i]
		} else {
			delete(site.stamps, j.path)
		}
	}
	if !sameMade {
		for _, j := range p.jobs {
			if _, ok := site.Files[j.path]; ok && j.tmpl != "" {
				site.Pages++
			}
		}
	}
	for _, a := range p.lay.assets {
		site.Files["assets/"+a.name] = a.data
		if prev != nil {
			site.changed = append(site.changed, "assets/"+a.name)
		}
	}
	ds.Sort()
	site.Diagnostics = ds
	if ds.Fails(false) {
		site.Files, site.Pages, site.stamps = map[string][]byte{}, 0, nil
		site.over, site.changed = 0, nil
		return site, true
	}
	site.made = made
	return site, true
}

// madePaths is the set of the plan's files, assets included, made once.
func (p *Plan) madePaths() *pathSet {
	if p.made == nil {
		m := make(map[string]bool, len(p.jobs)+len(p.lay.assets))
		for _, j := range p.jobs {
			m[j.path] = true
		}
		for _, a := range p.lay.assets {
			m["assets/"+a.name] = true
		}
		p.made = &pathSet{m}
	}
	return p.made
}

// fingerprints works out the stamps of the jobs sel (indexes, in order)
// that have none yet: pages get the fingerprint of their template files and
// of what those templates read of the page; other files, and pages whose
// templates read in ways the analysis cannot follow, get the plan's id.
func (p *Plan) fingerprints(sel []int) {
	if p.stamped == nil {
		p.stamps, p.stamped = make([]stamp, len(p.jobs)), make([]bool, len(p.jobs))
	}
	var todo []int
	for _, i := range sel {
		if !p.stamped[i] {
			todo = append(todo, i)
		}
	}
	// Chunks of consecutive jobs, each with its own hashers, so that what
	// pages share is hashed once per chunk.
	const chunk = 512
	parallel.For((len(todo)+chunk-1)/chunk, func(c int) {
		hashers := map[string]*fingerprint.Hasher{}
		for _, i := range todo[c*chunk : min((c+1)*chunk, len(todo))] {
			j := p.jobs[i]
			p.stamps[i], p.stamped[i] = stamp{plan: p.id}, true
			r := p.reads[j.tmpl]
			if j.tmpl == "" || r == nil {
				continue
			}
			h := hashers[j.tmpl]
			if h == nil {
				h = r.NewHasher(fingerprintSeed)
				hashers[j.tmpl] = h
			}
			if sum, ok := h.Sum(j.page()); ok {
				var mh maphash.Hash
				mh.SetSeed(fingerprintSeed)
				writeUint64(&mh, p.heads[j.tmpl])
				writeUint64(&mh, sum)
				p.stamps[i] = stamp{sum: mh.Sum64()}
			}
		}
	})
}

// head hashes what every page of a template shares besides its data: the
// template files it can execute and the options the template functions
// use.
func (p *Plan) head(name string, r *fingerprint.Reads) uint64 {
	files := map[string]bool{}
	set := p.lay.pages[name]
	for _, n := range r.Templates {
		if t := set.Lookup(n); t != nil && t.Tree != nil {
			files[t.Tree.ParseName] = true
		}
	}
	var mh maphash.Hash
	mh.SetSeed(fingerprintSeed)
	for _, f := range slices.Sorted(maps.Keys(files)) {
		writeString64(&mh, f)
		writeString64(&mh, string(p.lay.sources[f]))
	}
	o := p.b.opts
	writeString64(&mh, p.b.urls.path)
	writeString64(&mh, p.b.urls.abs)
	writeString64(&mh, o.Now.Format(time.RFC3339Nano))
	if o.Internal {
		mh.WriteByte(1)
	}
	return mh.Sum64()
}

func writeUint64(mh *maphash.Hash, u uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], u)
	mh.Write(b[:])
}

func writeString64(mh *maphash.Hash, s string) {
	writeUint64(mh, uint64(len(s)))
	mh.WriteString(s)
}

// renderJobs runs jobs on every core; out and errs are by job.
func (p *Plan) renderJobs(todo []int, stop func() bool) (out [][]byte, errs []error) {
	out, errs = make([][]byte, len(p.jobs)), make([]error, len(p.jobs))
	var done atomic.Int64
	var stopped atomic.Bool
	parallel.For(len(todo), func(k int) {
		i := todo[k]
		if stop != nil && (stopped.Load() || stop()) {
			stopped.Store(true)
			errs[i] = errStopped
			return
		}
		out[i], errs[i] = p.renderJob(i, stop)
		if errors.Is(errs[i], errStopped) {
			stopped.Store(true)
			errs[i] = errStopped
		}
		if p.b.opts.Progress != nil {
			p.b.opts.Progress(int(done.Add(1)), len(todo))
		}
	})
	return out, errs
}

// renderJob makes the file of job i.
func (p *Plan) renderJob(i int, stop func() bool) ([]byte, error) {
	j := p.jobs[i]
	var data []byte
	var err error
	if j.make != nil {
		data, err = j.make()
	} else {
		data, err = p.lay.execute(j.tmpl, j.page(), stop)
	}
	return p.b.urls.finish(j.path, data), err
}

// jobDiags adds to ds the diagnostics of the jobs that failed (errs is by
// job), in job order, each distinct message once.
func (p *Plan) jobDiags(ds diag.List, errs []error) diag.List {
	seen := map[string]bool{}
	for i, err := range errs {
		if err == nil {
			continue
		}
		j := p.jobs[i]
		d := templateDiag(j.tmpl, err)
		if j.make != nil {
			d = diag.Errorf(j.path, 0, 0, "render", "%v", err)
		}
		if key := d.String(); !seen[key] {
			seen[key] = true
			ds = append(ds, d)
		}
	}
	return ds
}

// Emitted sums up a site that Plan.Emit handed over file by file.
type Emitted struct {
	Pages, Files int   // HTML pages; files, assets included
	Bytes        int64 // the files' total size
	Diagnostics  diag.List
}

// Emit renders the whole site like Render(nil, nil), but hands each file
// to emit as soon as it is made instead of keeping it, so that heed build
// writes pages while others render and never holds the whole site in
// memory. emit is called from several goroutines at once, and must not
// keep data once it returns. With an error among the diagnostics, some files may have been
// emitted and the caller must discard them. An error from emit stops the
// rendering and is returned. A plan is emitted once: Emit lets go of
// each page's data once the page is written.
func (p *Plan) Emit(emit func(path string, data []byte) error) (Emitted, error) {
	ds := slices.Clone(p.ds)
	if ds.Fails(false) {
		return Emitted{Diagnostics: ds}, nil
	}
	var (
		done, pages, files, size atomic.Int64
		failed                   atomic.Bool
	)
	errs := make([]error, len(p.jobs))
	emitErrs := make([]error, len(p.jobs)+len(p.lay.assets))
	parallel.For(len(p.jobs)+len(p.lay.assets), func(i int) {
		if failed.Load() {
			return
		}
		var path string
		var data []byte
		if i < len(p.jobs) {
			j := p.jobs[i]
			var err error
			if j.make != nil {
				data, err = j.make()
			} else {
				// Pages go out of a pooled buffer, not a copy: emit
				// does not keep it.
				buf := buffers.Get().(*bytes.Buffer)
				defer buffers.Put(buf)
				err = p.lay.executeInto(buf, j.tmpl, j.page())
				data = buf.Bytes()
				// The page's data, made for it alone (an item page's
				// dot, a list page's slice of rows), is not kept till
				// the end of the build: at 100,000 items that was 30 MB
				// more for the collector to mark on every cycle.
				p.jobs[i].page = nil
			}
			if err != nil {
				errs[i] = err
				return
			}
			path = j.path
			data = p.b.urls.finish(path, data)
			if p.jobs[i].tmpl != "" {
				pages.Add(1)
			}
			if p.b.opts.Progress != nil {
				p.b.opts.Progress(int(done.Add(1)), len(p.jobs))
			}
		} else {
			a := p.lay.assets[i-len(p.jobs)]
			path, data = "assets/"+a.name, a.data
		}
		if err := emit(path, data); err != nil {
			emitErrs[i] = err
			failed.Store(true)
			return
		}
		files.Add(1)
		size.Add(int64(len(data)))
	})
	if err := errors.Join(emitErrs...); err != nil {
		return Emitted{}, err
	}
	ds = p.jobDiags(ds, errs)
	ds.Sort()
	return Emitted{Pages: int(pages.Load()), Files: int(files.Load()), Bytes: size.Load(), Diagnostics: ds}, nil
}
