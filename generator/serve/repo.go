package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/internal/parallel"
	"github.com/heedhq/heed/generator/pipeline"
	"github.com/heedhq/heed/generator/source"
)

// repo is a feedback repository's content as heed serve keeps it between
// builds: every file read and every item and theme parsed, so that an edit
// re-reads and re-parses only the files it touched. Its sets are what
// content.Load makes of the same files. It is not safe for concurrent use.
type repo struct {
	// root is the repository folder, absolute with no symbolic links.
	root string
	// config is the configuration file given on the command line
	// (absolute), or "" for root/heed.yaml.
	config string

	files   map[string]source.File // the files read, by path
	readErr map[string]diag.List   // problems reading files left out of files
	// paths are the paths of files, sorted; nil once one is added or
	// removed (sorting 100,000 paths took 60 ms of every save).
	paths []string

	cfg       *config.Config
	cfgDs     diag.List
	customers []*content.Customer
	custDs    diag.List
	parser    *content.Parser
	items     map[string]*content.Item
	themes    map[string]*content.Theme
	parsed    map[string]diag.List // the parse diagnostics of items and themes
	// byID holds the items in the order content.Set.Resolve sorts them (id,
	// then path), kept as items change, so that sorting a set is a check.
	byID []*content.Item
}

// openRepo reads and parses the repository at dir; cfgPath, when not "",
// replaces its heed.yaml. The error is for a folder that cannot be read.
func openRepo(dir, cfgPath string) (*repo, error) {
	abs, err := filepath.Abs(dir)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	r := &repo{root: abs, files: map[string]source.File{}, readErr: map[string]diag.List{}}
	if cfgPath != "" {
		if r.config, err = filepath.Abs(cfgPath); err != nil {
			return nil, diag.Option("Config", err)
		}
	}
	snap, err := source.ReadDir(abs)
	if err != nil {
		return nil, err
	}
	for _, f := range snap.Files {
		r.files[f.Path] = f
	}
	for _, d := range snap.Diagnostics {
		r.readErr[d.Path] = append(r.readErr[d.Path], d)
	}
	if r.config != "" {
		delete(r.files, source.ConfigFile)
		delete(r.readErr, source.ConfigFile)
		if err := r.readConfig(); err != nil {
			return nil, err
		}
	}
	r.parseAll()
	return r, nil
}

// readConfig reads the configuration file given on the command line, as
// heed build does: its path is the one given, as written.
func (r *repo) readConfig() error {
	key := filepath.ToSlash(r.config)
	r.paths = nil
	delete(r.files, key)
	delete(r.readErr, key)
	data, err := os.ReadFile(r.config)
	if err != nil {
		return diag.Option("Config", err)
	}
	f, ds := source.Check(source.File{Path: key, Kind: source.Config, Data: data})
	if ds != nil {
		r.readErr[key] = ds
		return nil
	}
	r.files[key] = f
	return nil
}

// parseAll parses the configuration, the customers and then every item and
// theme with a parser for that configuration.
func (r *repo) parseAll() {
	r.cfg, r.cfgDs = config.Default(), nil
	r.customers, r.custDs = nil, nil
	var items, themes []source.File
	for _, f := range r.sorted() {
		switch f.Kind {
		case source.Config:
			r.cfg, r.cfgDs = config.Parse(f.Path, f.Data)
		case source.Customers:
			r.customers, r.custDs = content.ParseCustomers(f.Path, f.Data)
		case source.Item:
			items = append(items, f)
		case source.Theme:
			themes = append(themes, f)
		}
	}
	r.parser = content.NewParser(r.cfg, true)
	r.items = make(map[string]*content.Item, len(items))
	r.themes = make(map[string]*content.Theme, len(themes))
	r.parsed = make(map[string]diag.List, len(items)+len(themes))
	files := append(items, themes...)
	parsedItems := make([]*content.Item, len(files))
	parsedThemes := make([]*content.Theme, len(files))
	ds := make([]diag.List, len(files))
	parallel.For(len(files), func(i int) {
		if files[i].Kind == source.Item {
			parsedItems[i], ds[i] = r.parser.ParseItem(files[i].Path, files[i].Data)
		} else {
			parsedThemes[i], ds[i] = r.parser.ParseTheme(files[i].Path, files[i].Data)
		}
	})
	r.byID = nil
	for i, f := range files {
		r.keep(f.Path, nil, parsedThemes[i], ds[i])
		if it := parsedItems[i]; it != nil {
			r.items[f.Path] = it
			r.byID = append(r.byID, it)
		}
	}
	slices.SortFunc(r.byID, content.CompareItems)
}

// keep records what parsing one file gave.
func (r *repo) keep(path string, it *content.Item, th *content.Theme, ds diag.List) {
	if old := r.items[path]; old != nil {
		if i, ok := slices.BinarySearchFunc(r.byID, old, content.CompareItems); ok {
			r.byID = slices.Delete(r.byID, i, i+1)
		}
	}
	delete(r.items, path)
	delete(r.themes, path)
	delete(r.parsed, path)
	if it != nil {
		r.items[path] = it
		i, _ := slices.BinarySearchFunc(r.byID, it, content.CompareItems)
		r.byID = slices.Insert(r.byID, i, it)
	}
	if th != nil {
		r.themes[path] = th
	}
	if len(ds) > 0 {
		r.parsed[path] = ds
	}
}

// sorted returns the files read, by path.
func (r *repo) sorted() []source.File {
	if r.paths == nil {
		r.paths = slices.Sorted(maps.Keys(r.files))
	}
	out := make([]source.File, 0, len(r.paths))
	for _, p := range r.paths {
		out = append(out, r.files[p])
	}
	return out
}

// change is what happened to the repository: files that may have changed
// (written, created, removed) and folders that were removed or that
// appeared with files already in them, as repository paths. A full change
// means "read everything again" (after the watcher lost events).
type change struct {
	files   map[string]bool
	removed map[string]bool
	added   map[string]bool
	full    bool
	// history is git history read again after a commit (nil: unchanged).
	history *pipeline.History
}

func newChange() *change {
	return &change{files: map[string]bool{}, removed: map[string]bool{}, added: map[string]bool{}}
}

func (c *change) empty() bool {
	return !c.full && len(c.files) == 0 && len(c.removed) == 0 && len(c.added) == 0 && c.history == nil
}

// merge adds another change to c.
func (c *change) merge(o *change) {
	c.full = c.full || o.full
	if o.history != nil {
		c.history = o.history
	}
	for p := range o.files {
		c.files[p] = true
	}
	for p := range o.removed {
		c.removed[p] = true
	}
	for p := range o.added {
		c.added[p] = true
	}
}

// update applies a change: it re-reads the files it names and re-parses
// what changed, everything when the configuration or the customers did.
// It returns the paths whose content changed (added, edited or removed),
// sorted; none means the files are as they were (a save without changes).
func (r *repo) update(c *change) ([]string, error) {
	paths := map[string]bool{}
	for p := range c.files {
		paths[p] = true
	}
	if c.full {
		for p := range r.files {
			paths[p] = true
		}
		for p := range r.readErr {
			paths[p] = true
		}
	}
	for dir := range c.removed {
		for p := range r.files {
			if strings.HasPrefix(p, dir+"/") {
				paths[p] = true
			}
		}
		for p := range r.readErr {
			if strings.HasPrefix(p, dir+"/") {
				paths[p] = true
			}
		}
	}
	scan := slices.Sorted(maps.Keys(c.added))
	if c.full {
		scan = []string{source.FeedbackDir, source.ThemesDir, source.TemplatesDir}
	}
	for _, dir := range scan {
		found, err := r.walk(dir)
		if err != nil {
			return nil, err
		}
		for _, p := range found {
			paths[p] = true
		}
	}

	var changed []string
	reparse := false
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		kind, ok := source.Classify(p)
		if !ok || (kind == source.Config && r.config != "") {
			continue
		}
		old, had := r.files[p]
		oldErr := r.readErr[p]
		delete(r.files, p)
		delete(r.readErr, p)
		if _, err := os.Lstat(filepath.Join(r.root, filepath.FromSlash(p))); err == nil {
			f, ds := source.ReadFile(r.root, p)
			if ds != nil {
				r.readErr[p] = ds
			} else {
				r.files[p] = f
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			r.readErr[p] = diag.List{diag.Errorf(p, 0, 0, "io", "cannot read: %v", unwrapPath(err))}
		}
		now, has := r.files[p]
		if had != has {
			r.paths = nil
		}
		if had == has && bytes.Equal(old.Data, now.Data) && slices.Equal(oldErr, r.readErr[p]) {
			continue
		}
		changed = append(changed, p)
		switch kind {
		case source.Config, source.Customers:
			reparse = true
		case source.Item, source.Theme:
			if !reparse {
				r.reparse(p)
			}
		}
	}
	if r.config != "" && c.files[filepath.ToSlash(r.config)] {
		old := r.files[filepath.ToSlash(r.config)]
		if err := r.readConfig(); err != nil {
			return nil, err
		}
		if now := r.files[filepath.ToSlash(r.config)]; !bytes.Equal(old.Data, now.Data) {
			changed = append(changed, filepath.ToSlash(r.config))
			reparse = true
		}
	}
	if reparse {
		r.parseAll()
	}
	slices.Sort(changed)
	return changed, nil
}

// reparse parses one item or theme again (or forgets it, gone or
// unreadable).
func (r *repo) reparse(p string) {
	f, ok := r.files[p]
	if !ok {
		r.keep(p, nil, nil, nil)
		return
	}
	if f.Kind == source.Item {
		it, ds := r.parser.ParseItem(f.Path, f.Data)
		r.keep(p, it, nil, ds)
	} else {
		th, ds := r.parser.ParseTheme(f.Path, f.Data)
		r.keep(p, nil, th, ds)
	}
}

// walk lists the files heed reads under a repository folder, as
// source.ReadDir finds them (hidden folders skipped, symbolic links to
// folders not followed).
func (r *repo) walk(dir string) ([]string, error) {
	top := filepath.Join(r.root, filepath.FromSlash(dir))
	var out []string
	err := filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // gone, or unreadable: what can be read is read
		}
		if d.IsDir() {
			if p != top && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(r.root, p)
		if err != nil {
			return err
		}
		if _, ok := source.Classify(filepath.ToSlash(rel)); ok {
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return out, nil
}

// set returns the content as content.Load makes it of the same files: a
// new Set of the parsed items and themes, resolved, with every diagnostic
// (reading, configuration, customers, parsing and references), sorted.
func (r *repo) set() *content.Set {
	var ds diag.List
	for _, l := range r.readErr {
		ds = append(ds, l...)
	}
	ds = append(ds, r.cfgDs...)
	ds = append(ds, r.custDs...)
	for _, l := range r.parsed {
		ds = append(ds, l...)
	}
	s := &content.Set{Config: r.cfg, Customers: r.customers, Items: slices.Clone(r.byID)}
	s.Themes = make([]*content.Theme, 0, len(r.themes))
	for _, th := range r.themes {
		s.Themes = append(s.Themes, th)
	}
	s.Diagnostics = append(ds, s.Resolve()...)
	s.Diagnostics.Sort()
	return s
}

// snapshot returns the files as source.ReadDir would read them now.
func (r *repo) snapshot() *source.Snapshot {
	snap := &source.Snapshot{Files: r.sorted()}
	for _, l := range r.readErr {
		snap.Diagnostics = append(snap.Diagnostics, l...)
	}
	snap.Diagnostics.Sort()
	return snap
}

// unwrapPath drops the absolute path from an os error, as source does, so
// that diagnostics never print where the repository lives.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
