package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/importer"
)

// importFlags are the flags of heed import csv and heed import json.
type importFlags struct {
	dir, mapping, preset, delimiter, dateFormat, encoding, source, typ, folder, origin string
	maps, tags                                                                         []string
	private, dryRun, verbose                                                           bool
}

func newImportCmd() *cobra.Command {
	var f importFlags
	c := &cobra.Command{
		Use:   "import",
		Short: "Create feedback items from a CSV or JSON export, or from GitHub issues",
		Long: `import creates one feedback item per row of another tool's export (a survey,
a help desk, a feedback board, a review site) or per GitHub issue under
feedback/FOLDER/, where FOLDER defaults to the export's file name without
dates and numbers (github for GitHub issues).

Columns are mapped to fields with --map, a mapping file or a --preset.
Without a preset, when --map gives no date, or no title and body, a column
named as a field (title, date, body, NPS, ...) feeds every field --map leaves
out: an export in heed's own words needs no --map. The fields are the item's
front matter fields (title, date, source, type, customer, themes, status,
nps, csat, ces, sentiment, mentions, tags, links, private, public) and:
  body      the customer's own words (several columns: body=Details+Steps)
  id        the column holding each row's stable id in the export
  customer  an id from customers.yaml, or a name (an inline customer)
  contact   the customer's private contact: e-mail addresses and phone
            numbers found here (or in customer) go to the customer's contact
            field, which is never published
  segment, plan, region, revenue   the inline customer's fields

Presets map the usual column names of an export shape:
  survey   response id, date, NPS score, free-text answer (source survey)
  support  ticket id, subject, description, requester, organization (source
           support, type question)
  board    id, title, details, votes (mentions), status, author (source
           community, type request)

A survey answer that is only a score becomes an item too (score_only: true),
titled with its score and question: it counts in NPS, CSAT and CES, and stays
out of sentiment, grouping and search. Rows that do not say their type are
typed by their score: NPS promoters and CSAT 5 praise, detractors and CSAT 1
and 2 complaints.

Importing is safe to repeat: each item records where its row came from in
origin (the preset, or --origin, and the row's id column, or else a key of
its content), and rows whose origin is in the repository are skipped,
whatever the export file is called. A bad row is reported with its row
number and reason and never stops the import; every file written passes
heed check.

Exit status: 0 every row written or skipped, 1 some rows failed, 2 usage or
I/O failure.`,
	}
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return failure(fmt.Errorf("unknown format %q: say heed import csv FILE, heed import json FILE or heed import github FILE", args[0]))
		}
		return cmd.Help()
	}
	c.AddCommand(newImportFormatCmd(&f, importer.CSV), newImportFormatCmd(&f, importer.JSON), newImportFormatCmd(&f, importer.GitHub))
	fl := c.PersistentFlags()
	fl.StringVar(&f.dir, "dir", ".", "the feedback repository")
	fl.StringArrayVar(&f.maps, "map", nil, "field=column pairs, comma-separated (repeatable), e.g. title=Subject,date=Created At")
	fl.StringVar(&f.mapping, "mapping", "", "a mapping file (YAML: preset, columns, values, source, type, ...)")
	fl.StringVar(&f.preset, "preset", "", "column names of a common export: survey, support or board")
	fl.StringVar(&f.delimiter, "delimiter", "", "CSV separator: , ; | or tab (default: detected)")
	fl.StringVar(&f.dateFormat, "date-format", "", "how dates are written when not ISO 8601: DD/MM/YYYY, MM/DD/YY, ...")
	fl.StringVar(&f.encoding, "encoding", "", "the export's encoding when not UTF-8: utf-16le, utf-16be, latin1, windows-1252")
	fl.StringVar(&f.source, "source", "", "source of rows that do not say (default: the preset's, else other)")
	fl.StringVar(&f.typ, "type", "", "type of rows that do not say (default: the preset's, else request)")
	fl.StringVar(&f.folder, "folder", "", `sub-folder of feedback/ (default: from the file name; "." for feedback/ itself)`)
	fl.StringVar(&f.origin, "origin", "", "the tool the export comes from, in each item's origin (default: the preset, else the id column's name)")
	fl.StringSliceVar(&f.tags, "tag", nil, "tag every item (repeat or comma-separate)")
	fl.BoolVar(&f.private, "private", false, "mark every item private: never published")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print what would be written; write nothing")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "list every file written and every row skipped")
	return c
}

func newImportFormatCmd(f *importFlags, format importer.Format) *cobra.Command {
	what := map[importer.Format]string{
		importer.CSV:    "a CSV file (UTF-8 with or without BOM, or --encoding; separator detected)",
		importer.JSON:   "a JSON array of objects or JSON Lines (nested keys are dotted: requester.email)",
		importer.GitHub: "GitHub issues: gh issue list --json " + importer.GitHubFields + ", or an issues webhook event",
	}
	example := map[importer.Format]string{
		importer.CSV: `  heed import csv --preset survey nps-2026-q3.csv
  heed import csv --preset support tickets.csv --dry-run
  heed import csv reviews.csv --map body=reviewText,csat=ratingStars,id=_id --date-format DD/MM/YY --source review
  heed import csv export.csv --mapping imports/zendesk.yaml`,
		importer.JSON: `  heed import json --preset board posts.json
  heed import json tickets.jsonl --map title=subject,body=description,contact=requester.email,date=created_at`,
		importer.GitHub: `  gh issue list --label feedback --state all --limit 1000 --json ` + importer.GitHubFields + ` > issues.json
  heed import github issues.json
  heed import github "$GITHUB_EVENT_PATH"    # in a workflow run on: issues`,
	}
	long := map[importer.Format]string{
		importer.GitHub: `github imports GitHub issues into feedback/github/: the JSON that
  gh issue list --json ` + importer.GitHubFields + `
prints, or one issues webhook event (the file $GITHUB_EVENT_PATH names in a
workflow). Each issue becomes an item of source community, typed by its first
label that names a type (bug, enhancement as request, question; translate
others under values: type: in a mapping file), with its thumbs-up reactions
+ 1 as mentions, its address as link and origin, and its author's login as
the customer's private contact. The answers of the feedback issue form
(heed init writes it) go to fields by their headings: "Who are you?" to the
customer, "Which theme, if you know it?" to themes (a theme that does not
exist is left for triage), the rest to the body; --map FIELD=HEADING maps
the headings of another form. An issue already imported is skipped.`,
	}
	return &cobra.Command{
		Use:     string(format) + " FILE",
		Short:   "Import " + what[format],
		Long:    long[format],
		Example: example[format],
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			tuneGC(os.Getenv)
			return runImport(cmd, f, format, args[0])
		},
	}
}

// importOptions merges the mapping file and the flags; a flag given on the
// command line wins.
func importOptions(cmd *cobra.Command, f *importFlags, format importer.Format) (importer.Options, error) {
	var o importer.Options
	if f.mapping != "" {
		data, err := os.ReadFile(f.mapping)
		if err != nil {
			return o, err
		}
		if o, err = importer.ReadMapping(data); err != nil {
			return o, fmt.Errorf("%s: %w", f.mapping, err)
		}
	}
	o.Format = format
	changed := cmd.Flags().Changed
	set := func(name string, dst *string, v string) {
		if changed(name) {
			*dst = v
		}
	}
	set("preset", &o.Preset, f.preset)
	set("date-format", &o.DateFormat, f.dateFormat)
	set("encoding", &o.Encoding, f.encoding)
	set("source", &o.Source, f.source)
	set("type", &o.Type, f.typ)
	set("folder", &o.Folder, f.folder)
	set("origin", &o.Origin, f.origin)
	if changed("delimiter") {
		d, err := importer.ParseDelimiter(f.delimiter)
		if err != nil {
			return o, err
		}
		o.Delimiter = d
	}
	for _, m := range f.maps {
		pairs, err := importer.ParseMap(m)
		if err != nil {
			return o, err
		}
		if o.Columns == nil {
			o.Columns = map[string]string{}
		}
		maps.Copy(o.Columns, pairs)
	}
	for _, t := range f.tags {
		if !slices.Contains(o.Tags, t) {
			o.Tags = append(o.Tags, t)
		}
	}
	o.Private = o.Private || f.private
	o.DryRun = f.dryRun
	return o, nil
}

func runImport(cmd *cobra.Command, f *importFlags, format importer.Format, file string) error {
	opts, err := importOptions(cmd, f, format)
	if err != nil {
		return failure(err)
	}
	var in io.Reader = cmd.InOrStdin()
	var size int64
	name := fileLabel(file)
	if file != "-" {
		fh, err := os.Open(file)
		if err != nil {
			return failure(err)
		}
		defer fh.Close()
		if st, err := fh.Stat(); err == nil {
			size = st.Size()
		}
		in = fh
	} else if opts.Folder == "" {
		// The default folder comes from the file name; stdin has none.
		opts.Folder = importer.DefaultFolder("", opts.Preset)
	}
	cfgPath, _ := cmd.Flags().GetString("config")
	set, err := generator.Load(f.dir, cfgPath)
	if err != nil {
		return failure(err)
	}

	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	counter := &countingReader{r: in}
	prog := newProgress(stderr, size, func() int64 { return counter.n })
	label := fileLabel(file)
	opts.Progress = prog.update
	opts.Report = func(r importer.Row) {
		where := label
		if r.Line > 0 {
			where = fmt.Sprintf("%s:%d", label, r.Line)
		}
		switch r.Outcome {
		case importer.Failed:
			prog.println(fmt.Sprintf("%s: row %d: failed: %s", where, r.Num, r.Reason))
		case importer.Written:
			if opts.DryRun {
				fmt.Fprintln(stdout, "would write", r.Path)
			} else if f.verbose {
				fmt.Fprintln(stdout, r.Path)
			}
			for _, w := range r.Warnings {
				prog.println(fmt.Sprintf("%s: row %d: warning: %s (%s)", where, r.Num, w, r.Path))
			}
		case importer.Skipped:
			if f.verbose {
				prog.println(fmt.Sprintf("%s: row %d: skipped: %s", where, r.Num, r.Reason))
			}
		}
	}
	ctx, stop := interruptible(cmd.Context())
	defer stop()
	opts.Context = ctx
	sum, err := importer.Import(f.dir, set, name, counter, opts)
	prog.done()
	if sum != nil {
		printSummary(stderr, label, sum, opts.DryRun, f.verbose)
	}
	if err != nil && ctx.Err() != nil {
		return failure(errors.New("stopped: the rows above were imported, each a whole item; import again for the rest"))
	}
	if err != nil {
		return failure(err)
	}
	if sum.Failed > 0 {
		return errProblems
	}
	return nil
}

// fileLabel names the export in messages: its path as given.
func fileLabel(file string) string {
	if file == "-" {
		return "stdin"
	}
	return file
}

func printSummary(w io.Writer, label string, s *importer.Summary, dryRun, verbose bool) {
	if verbose {
		var pairs []string
		for _, field := range importer.Fields() {
			if cols := s.Columns[field]; len(cols) > 0 {
				pairs = append(pairs, field+"="+strings.Join(cols, "+"))
			}
		}
		fmt.Fprintf(w, "mapping: %s\n", strings.Join(pairs, ", "))
	}
	for _, d := range s.Duplicates {
		where := label
		if d.Line > 0 {
			where = fmt.Sprintf("%s:%d", label, d.Line)
		}
		fmt.Fprintf(w, "%s: row %d: likely duplicate of %s (similarity %.2f)\n", where, d.Row, d.OfPath, d.Similarity)
	}
	if s.DuplicatesSkipped {
		fmt.Fprintf(w, "note: over %d new items: not compared with the repository's for duplicates (heed triage finds them)\n", importer.MaxDuplicateCheck)
	}
	for _, u := range s.Unmapped {
		fmt.Fprintf(w, "note: %s %q (%s) has no heed word: %s (translate it under values: in a mapping file)\n",
			u.Field, u.Value, diag.Plural(u.Rows, "row"), map[string]string{
				"source": "the default source was used", "type": "the default type was used",
				"status": "no status was set", "sentiment": "no sentiment was set",
			}[u.Field])
	}
	if s.Redacted > 0 {
		fmt.Fprintf(w, "note: %s (e-mail addresses, the requester's phone) removed from public titles and bodies\n", diag.Plural(s.Redacted, "contact detail"))
	}
	written := fmt.Sprintf("%d written to %s/", s.Written, s.Folder)
	if dryRun {
		written = fmt.Sprintf("%d would be written to %s/ (dry run)", s.Written, s.Folder)
	}
	fmt.Fprintf(w, "%s: %s: %s, %d skipped, %d failed\n", label, diag.Plural(s.Rows, "row"), written, s.Skipped, s.Failed)
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// progress shows how far a long import is: a bar redrawn in place on a
// terminal, or a plain line every 10,000 rows elsewhere (CI logs).
type progress struct {
	w        io.Writer
	size     int64
	read     func() int64
	terminal bool
	shown    bool // a bar is on screen
	last     time.Time
	lastRows int
	start    time.Time
}

func newProgress(w io.Writer, size int64, read func() int64) *progress {
	return &progress{w: w, size: size, read: read, terminal: isTerminal(w), start: time.Now()}
}

// isTerminal says whether w is a terminal that can redraw a line, outside CI.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("CI") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) update(rows int) {
	if !p.terminal {
		if rows/10000 > p.lastRows/10000 {
			fmt.Fprintf(p.w, "import: %d rows%s\n", rows, p.percent(" (%d%%)"))
		}
		p.lastRows = rows
		return
	}
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond && now.Sub(p.start) >= 500*time.Millisecond {
		p.last = now
		p.lastRows = rows
		p.draw()
	}
	p.lastRows = rows
}

func (p *progress) percent(format string) string {
	if p.size <= 0 {
		return ""
	}
	return fmt.Sprintf(format, min(100, p.read()*100/p.size))
}

func (p *progress) draw() {
	const width = 30
	bar := ""
	if p.size > 0 {
		filled := int(min(p.size, p.read()) * width / p.size)
		bar = "[" + strings.Repeat("=", filled) + strings.Repeat(" ", width-filled) + "] "
	}
	fmt.Fprintf(p.w, "\r\033[K%simporting: %d rows%s", bar, p.lastRows, p.percent(", %d%%"))
	p.shown = true
}

// println prints a message line, keeping the bar below it.
func (p *progress) println(msg string) {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintln(p.w, msg)
	if p.shown {
		p.draw()
	}
}

// done clears the bar.
func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
