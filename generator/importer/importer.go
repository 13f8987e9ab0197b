// Package importer turns exports of other tools (survey results, help desk
// tickets, feedback boards, review sites) into feedback items: one file per
// row of a CSV file, a JSON array or JSON Lines, under feedback/<folder>/.
//
// An import is safe to repeat. Every row has an origin, from the export's
// id column or else from its content (see origin.go), written in the
// item's front matter; a row whose origin an item of the repository has
// already is skipped, whatever the export file is called and whichever
// folder the item is in. Re-importing the same export writes nothing, and
// a grown export writes only its new rows.
//
// An import never writes an invalid item and never stops at a bad row:
// each file is validated with the parser heed check uses before it is
// written (atomically, never over an existing file), and a row that cannot
// make a valid item is reported with its row number and the reason.
//
// The export is read as a stream, a batch of rows at a time; the rows of a
// batch are converted and written at once (creating files waits on the
// disk more than on a core), and their outcomes reported in row order.
// Memory stays flat however long the export is, but for a key per row
// remembered to find rows repeated within the export.
package importer

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/group"
	"github.com/heedhq/heed/generator/internal/parallel"
	"github.com/heedhq/heed/generator/source"
)

// Format is the shape of an export.
type Format string

// The formats an export can be in.
const (
	// CSV is a header row and one row per item, separated by commas,
	// semicolons, tabs or bars.
	CSV Format = "csv"
	// JSON is an array of objects, or JSON Lines (one object per line).
	JSON Format = "json"
	// GitHub is GitHub issues: the JSON of gh issue list --json
	// GitHubFields, or one issues webhook event. Each issue is a row of the
	// columns githubReader names, mapped by the github preset: the source
	// community, the type from the labels, thumbs-up reactions + 1 as
	// mentions, the address as origin and link, the author's login
	// as the customer's private contact, and the answers of an issue form
	// by their headings.
	GitHub Format = "github"
)

// Options says how to read an export and how its columns become items. The
// zero value of each field has a sensible default.
type Options struct {
	// Format is the export's format (default CSV).
	Format Format
	// Preset is a built-in mapping of common column names: "survey",
	// "support" or "board" (see Presets).
	Preset string
	// Columns maps fields (see Fields) to the export's columns: a CSV
	// header or a JSON key, dotted for nested objects. It takes precedence
	// over the preset.
	Columns map[string]string
	// Values translates the export's words into the repository's
	// vocabulary, per field (source, type, status, sentiment): export word
	// to heed word. Common words (a board's "Under review", a help desk's
	// "Incident") are translated without being listed.
	Values map[string]map[string]string
	// Delimiter separates CSV fields; 0 detects it from the header row.
	Delimiter rune
	// DateFormat says how dates are written when they are not ISO 8601 or
	// another unambiguous format: DD/MM/YYYY, MM/DD/YY, ... or a Go
	// layout.
	DateFormat string
	// Encoding of the export when it is not UTF-8 (see Encodings).
	Encoding string
	// Source and Type are given to rows that do not say or say a word
	// that cannot be translated (default: the preset's, else "other" and
	// "request").
	Source, Type string
	// Folder is the sub-folder of feedback/ the items go to (default: from
	// the export's file name, with dates and numbers left out; github for
	// GitHub issues). "." writes into feedback/ itself. Rows are known by
	// their origins, in whatever folder their items are.
	Folder string
	// Origin names the tool the export comes from in its items' origins
	// ("zendesk": "zendesk:4412"), so that rows of two tools with the same
	// ids are told apart (default: the preset, else the id column's name).
	Origin string
	// Tags are added to every item.
	Tags []string
	// Private marks every item private.
	Private bool
	// DryRun reports what would be written and writes nothing.
	DryRun bool
	// Report, when set, receives each row's outcome, in row order.
	Report func(Row)
	// Progress, when set, is called with the number of rows read so far
	// after every batch of rows.
	Progress func(rows int)
	// Context, when set, stops the import once it is done, after the batch
	// of rows under way: the files written are whole items.
	Context context.Context
}

// Outcome is what became of a row.
type Outcome int

// The outcomes of a row.
const (
	// Written: the row became an item file (or would, in a dry run).
	Written Outcome = iota
	// Skipped: the row is empty, or already in the repository.
	Skipped
	// Failed: the row cannot make a valid item; Reason says why.
	Failed
)

// String returns "written", "skipped" or "failed".
func (o Outcome) String() string {
	return [...]string{"written", "skipped", "failed"}[o]
}

// Row is the outcome of one row of an export.
type Row struct {
	// Num is the row number a reader of the export sees: the spreadsheet
	// row for CSV (the header is row 1), the element or non-blank line for
	// JSON (from 1).
	Num int
	// Line is the line of the file where the row starts (0 when unknown).
	Line    int
	Outcome Outcome
	// ID and Path are the item's id and repository-relative path (for a
	// skipped row, those of the item already there, when there is one).
	ID, Path string
	// Reason says why a row was skipped or failed.
	Reason string
	// Warnings are what heed check will warn about in the written item
	// (such as a phone number in a public body).
	Warnings []string
}

// Unmapped is an export's word that could not be translated into heed's
// vocabulary; the rows that used it got the default.
type Unmapped struct {
	Field, Value string
	Rows         int
}

// Summary is what an import did.
type Summary struct {
	// Folder is the repository-relative folder items were written to.
	Folder string
	// Columns is the mapping used: field to the export's columns.
	Columns map[string][]string
	// Rows counts the rows read; Written, Skipped and Failed add up to it.
	Rows, Written, Skipped, Failed int
	// Unmapped lists the words that were not translated, most used first.
	Unmapped []Unmapped
	// Redacted counts the contact details removed from public titles and
	// bodies: e-mail addresses, and the row's own contact details.
	Redacted int
	// Warned counts the rows written with warnings.
	Warned int
	// Duplicates lists the written rows that closely duplicate an item
	// already in the repository, by row. They are written all the same: a
	// person decides (and may set duplicate_of).
	Duplicates []Duplicate
	// DuplicatesSkipped is true when more than MaxDuplicateCheck rows (or
	// 64 MB of text) were written, too many to look for duplicates within
	// an import.
	DuplicatesSkipped bool
}

// Duplicate is a written row that closely duplicates an existing item.
type Duplicate struct {
	Row, Line  int
	ID, Path   string // the new item
	Of, OfPath string // the existing item
	Similarity float64
}

// MaxDuplicateCheck is the most new items an import compares with the
// repository's, and maxDuplicateBytes the most text of them kept; beyond
// either their text is not kept, so memory stays flat (heed triage finds
// duplicates in any repository).
const (
	MaxDuplicateCheck = 20_000
	maxDuplicateBytes = 64 << 20
)

// batchSize is how many rows are converted at once, and batchBytes how
// much of them at most (a row may hold 4 MB): they bound memory.
const (
	batchSize  = 512
	batchBytes = 16 << 20
)

// maxUnmapped bounds the distinct untranslated words remembered per field.
const maxUnmapped = 20

// Import reads an export from r (name, its file name, is used in messages
// and for the default folder) and writes one item per row into the
// repository at dir, whose current content is set. The error is for an
// export that cannot be read or mapped at all, or a file that cannot be
// written; problems with single rows are reported through Options.Report
// and counted in the summary. After an error the summary says what was
// done before it.
func Import(dir string, set *content.Set, name string, r io.Reader, opts Options) (*Summary, error) {
	conv, rr, err := prepare(set, name, r, opts)
	if err != nil {
		return nil, err
	}
	defer rr.close()
	sum := &Summary{Folder: path.Join("feedback", conv.folder), Columns: conv.cols}
	im := newImport(dir, set, conv, opts, sum)
	if !opts.DryRun {
		folder := filepath.Join(dir, filepath.FromSlash(sum.Folder))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return nil, err
		}
		// Files are written in a hidden folder of their own, then moved
		// into place: a folder of many files grows slower to change.
		work, err := newWorkDir(folder)
		if err != nil {
			return nil, err
		}
		defer work.remove()
		im.tmp = work.path
	}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	batch := make([]job, 0, batchSize)
	for {
		batch = batch[:0]
		var readErr error
		for size := 0; len(batch) < batchSize && size < batchBytes; {
			rw, err := rr.next()
			if err != nil {
				readErr = err
				break
			}
			size += rw.size()
			batch = append(batch, im.admit(rw))
		}
		parallel.ForWorkers(len(batch), workers, func(i int) { im.convert(&batch[i]) })
		writeErr := im.record(batch)
		if opts.Progress != nil {
			opts.Progress(sum.Rows)
		}
		switch {
		case writeErr != nil:
			return sum, writeErr
		case ctx.Err() != nil:
			// Stopped (Ctrl-C): the rows written so far are whole items;
			// importing again writes the rest.
			return sum, ctx.Err()
		case readErr == io.EOF:
			im.finish()
			return sum, nil
		case readErr != nil:
			return sum, fmt.Errorf("%s: %w", name, readErr)
		}
	}
}

// job is one row on its way through an import.
type job struct {
	row    row
	origin string
	todo   bool // to convert and write
	out    converted
	werr   error // the file could not be written
	res    Row
}

// importRun is the state of one import.
type importRun struct {
	dir  string
	tmp  string // where files are written before they are moved into place
	set  *content.Set
	conv *converter
	opts Options
	sum  *Summary

	// origins maps the keys of the origins of the repository's items to
	// the items; inRepo the row keys of items imported before items had
	// origins (their ids end with them) to the items; inFile the keys of
	// the origins of this export's rows to the first row that had them (a
	// number per row: memory grows by some 16 bytes a row); answers counts
	// the answers that are only a score, by content key, to tell equal
	// ones apart.
	origins map[key]originOf
	inRepo  map[key]string
	inFile  map[key]int
	answers map[key]int
	ids     map[string]bool // the repository's item ids
	hasID   bool            // rows are keyed by an id column

	fresh      []group.Doc    // written rows, for duplicate detection
	freshBytes int            // the length of their text
	where      map[string]Row // their rows, by item id
	unmapped   map[[2]string]int
	distinct   map[string]int // distinct unmapped words per field
}

func newImport(dir string, set *content.Set, conv *converter, opts Options, sum *Summary) *importRun {
	im := &importRun{dir: dir, set: set, conv: conv, opts: opts, sum: sum,
		origins: map[key]originOf{}, inRepo: map[key]string{}, inFile: map[key]int{}, answers: map[key]int{},
		ids: make(map[string]bool, len(set.Items)), hasID: len(conv.cols["id"]) > 0,
		where: map[string]Row{}, unmapped: map[[2]string]int{}, distinct: map[string]int{}}
	for _, it := range set.Items {
		im.ids[it.ID] = true
		if it.Origin != "" {
			im.origins[originKey(it.Origin)] = originOf{path: it.Path, date: it.Date}
		} else if k, ok := keyOf(it.ID); ok {
			im.inRepo[k] = it.Path
		}
	}
	return im
}

// admit decides, in row order, what to do with a row read: fail it, skip
// it, or convert it.
func (im *importRun) admit(rw row) job {
	j := job{row: rw, res: Row{Num: rw.num, Line: rw.line}}
	switch {
	case rw.err != nil:
		j.res.Outcome, j.res.Reason = Failed, rw.err.Error()
	case rw.blank():
		j.res.Outcome, j.res.Reason = Skipped, "empty row"
	default:
		get := func(f string) string { return im.conv.get(&j.row, f) }
		id := ""
		if im.hasID {
			id = get("id")
		}
		scoreOnly := im.conv.scoreOnly(&j.row)
		nth := 0
		if strings.TrimSpace(id) == "" && scoreOnly {
			// Equal answers of one export are as many people.
			k := originKey(contentKey(get, true, 0))
			nth = im.answers[k]
			im.answers[k]++
		}
		j.origin = rowOrigin(im.conv.originName, id, get, scoreOnly, nth)
		k := originKey(j.origin)
		if o, ok := im.origins[k]; ok {
			j.res.Outcome, j.res.Path, j.res.Reason = Skipped, o.path, "already imported as "+o.path
			if day, err := im.conv.dates.parse(get("date")); err == nil && day.Format(time.DateOnly) != o.date.Format(time.DateOnly) {
				j.res.Outcome, j.res.Path = Failed, ""
				j.res.Reason = fmt.Sprintf("its origin %s is that of %s, dated %s, not %s: does another export share the name %q? say --origin NAME",
					j.origin, o.path, o.date.Format(time.DateOnly), day.Format(time.DateOnly), im.conv.originName)
			}
		} else if path, ok := im.inRepo[rowKey(im.conv.folder, get, im.hasID)]; ok {
			j.res.Outcome, j.res.Path, j.res.Reason = Skipped, path, "already imported as "+path
		} else if first, ok := im.inFile[k]; ok {
			j.res.Outcome, j.res.Reason = Skipped, fmt.Sprintf("same as row %d", first)
			if strings.TrimSpace(id) != "" {
				j.res.Reason = fmt.Sprintf("same id as row %d", first)
			}
		} else {
			im.inFile[k] = rw.num
			j.todo = true
		}
	}
	return j
}

// convert makes a row's item file and writes it; it runs on many rows at
// once and touches only its own job.
func (im *importRun) convert(j *job) {
	if !j.todo {
		return
	}
	j.out = im.conv.convert(&j.row, j.origin)
	if j.out.err != nil || im.opts.DryRun || im.ids[j.out.id] {
		return
	}
	exists, err := source.WriteNew(im.dir, j.out.path, j.out.data, im.tmp)
	if err != nil {
		j.werr = err
	} else if exists {
		j.out.err = fmt.Errorf("%s exists already", j.out.path)
		j.out.exists = true
	}
}

// record counts and reports a batch's rows in row order, and returns the
// first error writing a file.
func (im *importRun) record(batch []job) error {
	var writeErr error
	for i := range batch {
		j := &batch[i]
		if j.todo {
			im.outcome(j)
			if j.werr != nil && writeErr == nil {
				writeErr = j.werr
			}
		}
		im.sum.Rows++
		switch j.res.Outcome {
		case Written:
			im.sum.Written++
		case Skipped:
			im.sum.Skipped++
		case Failed:
			im.sum.Failed++
		}
		if im.opts.Report != nil {
			im.opts.Report(j.res)
		}
	}
	return writeErr
}

// outcome sets the outcome of a converted row.
func (im *importRun) outcome(j *job) {
	o := j.out
	switch {
	case j.werr != nil:
		j.res.Outcome, j.res.Reason = Failed, j.werr.Error()
	case o.exists:
		j.res.Outcome, j.res.ID, j.res.Path, j.res.Reason = Skipped, o.id, o.path, o.err.Error()
	case o.err == nil && im.ids[o.id]:
		j.res.Outcome, j.res.ID, j.res.Reason = Skipped, o.id, "an item with id "+o.id+" exists already"
	case o.err != nil:
		j.res.Outcome, j.res.Reason = Failed, o.err.Error()
	default:
		j.res.Outcome, j.res.ID, j.res.Path, j.res.Warnings = Written, o.id, o.path, o.warnings
		im.sum.Redacted += o.redacted
		if len(o.warnings) > 0 {
			im.sum.Warned++
		}
		im.keepForDuplicates(o, j.res)
	}
	for _, u := range o.unmapped {
		if _, seen := im.unmapped[u]; seen || im.distinct[u[0]] < maxUnmapped {
			if !seen {
				im.distinct[u[0]]++
			}
			im.unmapped[u]++
		}
	}
}

// keepForDuplicates keeps a written row's text to compare with the
// repository's items, up to MaxDuplicateCheck rows.
func (im *importRun) keepForDuplicates(o converted, res Row) {
	switch {
	case len(im.set.Items) == 0 || im.sum.DuplicatesSkipped:
	case len(im.fresh) == MaxDuplicateCheck || im.freshBytes > maxDuplicateBytes:
		im.sum.DuplicatesSkipped, im.fresh, im.where = true, nil, nil
	default:
		im.fresh = append(im.fresh, group.Doc{ID: o.id, Text: o.text, Themes: o.themes})
		im.freshBytes += len(o.text)
		im.where[o.id] = res
	}
}

// finish completes the summary: untranslated words and duplicates.
func (im *importRun) finish() {
	for u, n := range im.unmapped {
		im.sum.Unmapped = append(im.sum.Unmapped, Unmapped{Field: u[0], Value: u[1], Rows: n})
	}
	slices.SortFunc(im.sum.Unmapped, func(a, b Unmapped) int {
		return cmp.Or(cmp.Compare(a.Field, b.Field), cmp.Compare(b.Rows, a.Rows), cmp.Compare(a.Value, b.Value))
	})
	im.sum.Duplicates = duplicates(im.set, im.fresh, im.where)
}

// duplicates finds the written rows that closely duplicate items already
// in the repository (pairs within the import are left to heed triage).
func duplicates(set *content.Set, fresh []group.Doc, where map[string]Row) []Duplicate {
	if len(fresh) == 0 || len(set.Items) == 0 {
		return nil
	}
	docs := make([]group.Doc, 0, len(set.Items)+len(fresh))
	paths := make(map[string]string, len(set.Items))
	for _, it := range set.Items {
		if it.ScoreOnly {
			continue // no words to compare
		}
		docs = append(docs, group.Doc{ID: it.ID, Text: it.Title + "\n" + it.Text, Themes: it.Themes})
		paths[it.ID] = it.Path
	}
	docs = append(docs, fresh...)
	var out []Duplicate
	for _, d := range group.Duplicates(docs, nil, group.Options{}) {
		a, aNew := where[d.A]
		b, bNew := where[d.B]
		switch {
		case aNew && !bNew && paths[d.B] != "":
			out = append(out, Duplicate{Row: a.Num, Line: a.Line, ID: d.A, Path: a.Path, Of: d.B, OfPath: paths[d.B], Similarity: d.Similarity})
		case bNew && !aNew && paths[d.A] != "":
			out = append(out, Duplicate{Row: b.Num, Line: b.Line, ID: d.B, Path: b.Path, Of: d.A, OfPath: paths[d.A], Similarity: d.Similarity})
		}
	}
	slices.SortFunc(out, func(x, y Duplicate) int {
		return cmp.Or(cmp.Compare(x.Row, y.Row), cmp.Compare(y.Similarity, x.Similarity), cmp.Compare(x.Of, y.Of))
	})
	return out
}

// workers is how many rows are converted and written at once. Creating a
// file waits on the disk far more than it uses a core, so there are more
// workers than cores.
const workers = 16

// prepare reads the export's header and works out the mapping.
func prepare(set *content.Set, name string, r io.Reader, opts Options) (_ *converter, _ rowReader, err error) {
	var rr rowReader
	defer func() {
		if err != nil && rr != nil {
			rr.close() // its temporary files, if any
		}
	}()
	cfg := set.Config
	if cfg == nil {
		cfg = config.Default()
	}
	format := cmp.Or(opts.Format, CSV)
	if format == GitHub {
		if opts.Preset != "" && opts.Preset != string(GitHub) {
			return nil, nil, diag.Option("Preset", fmt.Errorf("%q is for CSV and JSON exports; GitHub issues are read as they are", opts.Preset))
		}
		opts.Preset = string(GitHub)
	}
	var p preset
	if opts.Preset != "" {
		var ok bool
		if p, ok = presetNamed(opts.Preset); !ok {
			return nil, nil, fmt.Errorf("unknown preset %q (presets: %s)", opts.Preset, strings.Join(Presets(), ", "))
		}
	}
	for k := range opts.Columns {
		if !isField(k) {
			return nil, nil, fmt.Errorf("unknown field %q (fields: %s)", k, strings.Join(Fields(), ", "))
		}
	}
	br, err := decodeInput(r, opts.Encoding)
	if err != nil {
		return nil, nil, err
	}
	strict := true
	switch format {
	case CSV:
		cr, err := newCSVReader(br, opts.Delimiter)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		rr = cr
	case JSON:
		jr, err := newJSONReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		rr, strict = jr, false
	case GitHub:
		gr, err := newGitHubReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		rr, strict = gr, false
	default:
		return nil, nil, fmt.Errorf("unknown format %q (want csv, json or github)", opts.Format)
	}
	cols, err := resolve(rr.columns(), p, opts.Columns, strict)
	if err != nil {
		return nil, nil, err
	}
	if cr, ok := rr.(*csvReader); ok {
		for field, cs := range cols {
			for _, c := range cs {
				if slices.Contains(cr.dups, c) {
					return nil, nil, fmt.Errorf("%s=%s: the header names %q twice", field, c, c)
				}
			}
		}
	}
	if opts.Preset == "" {
		namedColumns(rr.columns(), cols)
	}
	if len(cols["date"]) == 0 {
		return nil, nil, missing(name, "date", rr, opts.Preset)
	}
	if len(cols["title"]) == 0 && len(cols["body"]) == 0 && len(cols["nps"])+len(cols["csat"])+len(cols["ces"]) == 0 {
		// (Answers that are only scores are items too.)
		return nil, nil, missing(name, "title or body", rr, opts.Preset)
	}

	c := &converter{cfg: cfg, parser: content.NewParser(cfg, false), cols: cols, tags: opts.Tags, private: opts.Private,
		customers: map[string]bool{}, names: map[string]string{}, themes: map[string]bool{}, vocabs: map[string]*vocab{}}
	if c.dates, err = newDateParser(opts.DateFormat); err != nil {
		return nil, nil, err
	}
	for _, f := range vocabFields {
		if c.vocabs[f], err = newVocab(cfg, f, opts.Values[f]); err != nil {
			return nil, nil, err
		}
	}
	c.source = cmp.Or(opts.Source, p.source, "other")
	c.typ = cmp.Or(opts.Type, p.typ, "request")
	c.typeGiven = opts.Type != ""
	c.originName = originName(opts.Origin, opts.Preset, cols["id"])
	if format == GitHub {
		c.form = map[string]bool{}
		for _, cs := range cols {
			for _, col := range cs {
				c.form[col] = true
			}
		}
	}
	if !slices.Contains(cfg.Sources, c.source) {
		return nil, nil, diag.Option("Source", fmt.Errorf("%q is not one of %s", c.source, strings.Join(cfg.Sources, ", ")))
	}
	if !slices.Contains(cfg.Types, c.typ) {
		return nil, nil, diag.Option("Type", fmt.Errorf("%q is not one of %s", c.typ, strings.Join(cfg.Types, ", ")))
	}
	for _, cu := range set.Customers {
		c.customers[cu.ID] = true
		if cu.Name != "" {
			c.names[normWord(cu.Name)] = cu.ID
		}
	}
	c.titles = map[string]string{}
	for _, th := range set.Themes {
		c.themes[th.ID] = true
		c.titles[normWord(th.Title)] = th.ID
	}
	if format == GitHub && opts.Folder == "" {
		// An event's file is named by GitHub (event.json): every issue
		// goes to one folder.
		opts.Folder = string(GitHub)
	}
	c.folder, err = folderFor(opts.Folder, name, opts.Preset)
	if err != nil {
		return nil, nil, err
	}
	return c, rr, nil
}

func missing(name, field string, rr rowReader, preset string) error {
	header := rr.columns()
	if len(header) == 0 {
		// No column at all: say why rather than list none.
		if j, ok := rr.(*jsonReader); ok {
			if why := j.unreadable(); why != "" {
				return fmt.Errorf("%s: no row of the export could be read, so there is no column for %s (%s)", name, field, why)
			}
		}
		return fmt.Errorf("%s: the rows have no columns, so none for %s: want objects with keys such as title, date and body", name, field)
	}
	key := strings.SplitN(field, " ", 2)[0]
	how := "say --map " + key + "=COLUMN"
	if preset != "" {
		how = "preset " + preset + " found none; " + how
	} else {
		how = "name a column " + key + ", or " + how
	}
	return fmt.Errorf("%s: no column for %s (%s); the columns are %s", name, field, how, quoteList(header))
}

// folderFor returns the sub-folder of feedback/ an import goes to.
func folderFor(folder, name, preset string) (string, error) {
	if folder == "." {
		return "", nil
	}
	if folder != "" {
		folder = strings.Trim(filepath.ToSlash(folder), "/")
		for _, part := range strings.Split(folder, "/") {
			if !config.IsSlug(part) {
				return "", diag.Option("Folder", fmt.Errorf("%q: each part must be a slug (lowercase letters, digits and dashes)", folder))
			}
		}
		return folder, nil
	}
	return DefaultFolder(name, preset), nil
}

// DefaultFolder is the folder an export named name goes to when none is
// given: its file name as a slug, without the dates and numbers exports
// add to it (survey-2026-11-23.csv and survey (1).csv both go to survey),
// else the preset's name, else "import".
func DefaultFolder(name, preset string) string {
	base := filepath.Base(name)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if name == "" || name == "-" {
		base = ""
	}
	parts := strings.Split(content.Slugify(base), "-")
	for len(parts) > 0 && strings.Trim(parts[len(parts)-1], "0123456789") == "" {
		parts = parts[:len(parts)-1]
	}
	if s := strings.Join(parts, "-"); s != "" && s != "item" {
		return s
	}
	return cmp.Or(preset, "import")
}
