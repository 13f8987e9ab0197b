package importer_test

import (
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/importer"
	"github.com/heedhq/heed/generator/insight"
	"github.com/heedhq/heed/generator/score"

	"github.com/heedhq/heed/generator/internal/testrepo"
)

// newRepo makes a feedback repository in a temporary folder from files
// (path -> text).
func newRepo(t *testing.T, files map[string]string) string {
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// tallybook copies the sample repository's customers and themes, so that
// imports can refer to them.
func tallybook(t *testing.T) map[string]string {
	root := testrepo.Root(t)
	files := map[string]string{}
	add := func(rel string) {
		data, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		files[rel] = string(data)
	}
	add("heed.yaml")
	add("customers.yaml")
	themes, _ := filepath.Glob(filepath.Join(root, "themes", "*.md"))
	for _, p := range themes {
		add("themes/" + filepath.Base(p))
	}
	return files
}

// importFile runs an import of path into the repository at dir, and
// returns the summary and one line per row that was not simply written.
func importFile(t *testing.T, dir, path string, opts importer.Options) (*importer.Summary, []string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return importReader(t, dir, filepath.Base(path), f, opts)
}

func importReader(t *testing.T, dir, name string, r interface{ Read([]byte) (int, error) }, opts importer.Options) (*importer.Summary, []string) {
	t.Helper()
	res, err := generator.Check(dir, generator.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	opts.Report = func(r importer.Row) {
		switch {
		case r.Outcome != importer.Written:
			lines = append(lines, fmt.Sprintf("row %d: %s: %s", r.Num, r.Outcome, r.Reason))
		case len(r.Warnings) > 0:
			lines = append(lines, fmt.Sprintf("row %d: warning: %s", r.Num, r.Warnings[0]))
		}
	}
	sum, err := importer.Import(dir, res.Set, name, r, opts)
	if err != nil {
		t.Fatal(err)
	}
	return sum, lines
}

// checkClean fails unless heed check finds no error in the repository, and
// returns its item count.
func checkClean(t *testing.T, dir string) int {
	t.Helper()
	res, err := generator.Check(dir, generator.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		if d.Severity.String() == "error" {
			t.Errorf("heed check: %s", d)
		}
	}
	return len(res.Set.Items)
}

// TestSamples imports each sample export of testdata/import with its
// preset: every row is written or skipped for a stated reason, every file
// passes heed check, and a second import writes nothing, under the same
// file name or another.
func TestSamples(t *testing.T) {
	for _, c := range []struct {
		file, preset, mapping string
		format                importer.Format
		written               int
		notes                 []string
	}{
		{"survey.csv", "survey", "", importer.CSV, 6, []string{
			"row 6: warning: possible phone number in a public item; move it to the customer's contact field or mark the item private",
			"row 7: skipped: empty row",
		}},
		{"support.csv", "support", "", importer.CSV, 5, nil},
		{"board.json", "board", "", importer.JSON, 5, nil},
		{"support.csv", "", "mapping.yaml", importer.CSV, 5, nil},
		{"github-issues.json", "", "", importer.GitHub, 3, []string{
			`row 3: warning: theme "Approvals, I think" does not exist: the item is left for triage`,
		}},
		{"github-event.json", "", "", importer.GitHub, 1, nil},
	} {
		t.Run(c.file+c.mapping, func(t *testing.T) {
			dir := newRepo(t, tallybook(t))
			samples := filepath.Join(testrepo.Root(t), "testdata", "import")
			path := filepath.Join(samples, c.file)
			opts := importer.Options{Preset: c.preset}
			if c.mapping != "" {
				data, err := os.ReadFile(filepath.Join(samples, c.mapping))
				if err != nil {
					t.Fatal(err)
				}
				if opts, err = importer.ReadMapping(data); err != nil {
					t.Fatal(err)
				}
			}
			opts.Format = c.format
			sum, notes := importFile(t, dir, path, opts)
			if sum.Written != c.written || sum.Failed != 0 || !slices.Equal(notes, c.notes) {
				t.Errorf("written %d, failed %d, notes:\n%s\nwant written %d, notes:\n%s",
					sum.Written, sum.Failed, strings.Join(notes, "\n"), c.written, strings.Join(c.notes, "\n"))
			}
			if n := checkClean(t, dir); n != c.written {
				t.Errorf("heed check reads %d items, want %d", n, c.written)
			}
			entries, _ := os.ReadDir(filepath.Join(dir, filepath.FromSlash(sum.Folder)))
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".") {
					t.Errorf("%s left in %s", e.Name(), sum.Folder)
				}
			}
			again, _ := importFile(t, dir, path, opts)
			if again.Written != 0 || again.Skipped != sum.Rows {
				t.Errorf("second import: %d written, %d skipped; want 0 and %d", again.Written, again.Skipped, sum.Rows)
			}
			// The same export downloaded again is "export (1).csv": the
			// rows' origins, not the file's name, say they are in.
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			renamed := filepath.Join(t.TempDir(), "export (1)"+filepath.Ext(path))
			if err := os.WriteFile(renamed, data, 0o644); err != nil {
				t.Fatal(err)
			}
			third, _ := importFile(t, dir, renamed, opts)
			if third.Written != 0 || third.Skipped != sum.Rows {
				t.Errorf("import under another name: %d written to %s, %d skipped; want 0 and %d", third.Written, third.Folder, third.Skipped, sum.Rows)
			}
		})
	}
}

// TestGoldenSet imports the real app reviews of ../shared/data: all 1,584
// rows have a valid date and become valid items, and re-importing writes
// nothing.
func TestGoldenSet(t *testing.T) {
	path := testrepo.SharedData(t, "app-reviews/golden_set.csv")
	dir := newRepo(t, nil)
	opts := importer.Options{
		Columns: map[string]string{
			"id": "_id", "body": "reviewText", "date": "date", "csat": "ratingStars", "customer": "author", "tags": "app",
		},
		DateFormat: "DD/MM/YY",
		Source:     "review",
	}
	sum, notes := importFile(t, dir, path, opts)
	if sum.Rows != 1584 || sum.Written != 1584 {
		t.Errorf("%d rows, %d written; want 1584 of 1584:\n%s", sum.Rows, sum.Written, strings.Join(notes, "\n"))
	}
	if n := checkClean(t, dir); n != 1584 {
		t.Errorf("heed check reads %d items, want 1584", n)
	}
	again, _ := importFile(t, dir, path, opts)
	if again.Written != 0 || again.Skipped != 1584 {
		t.Errorf("second import: %d written, %d skipped", again.Written, again.Skipped)
	}
}

// TestGrownExport: importing a grown export writes only its new rows,
// whether rows are keyed by an id column or by their content, and changes
// no file written before.
func TestGrownExport(t *testing.T) {
	header := "Ticket ID,Subject,Description,Created at,Votes\n"
	rows := []string{
		"1,Export times out,The year export fails.,2026-10-01,3\n",
		"2,Second approver,We need two approvers.,2026-10-02,1\n",
		"3,Dark mode,Please.,2026-10-03,8\n",
	}
	grown := []string{
		"1,Export times out,The year export fails.,2026-10-01,5\n", // more votes since
		"2,Second approver,We need two approvers.,2026-10-02,1\n",
		"3,Dark mode,Please.,2026-10-03,9\n",
		"4,Offline mode,Sites without signal.,2026-10-04,1\n",
		"5,Per diem,Rates by country.,2026-10-05,2\n",
	}
	for _, c := range []struct {
		name    string
		columns map[string]string
	}{
		{"id column", map[string]string{"id": "Ticket ID"}},
		{"content", map[string]string{"id": "", "mentions": "Votes"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cols := map[string]string{"title": "Subject", "body": "Description", "date": "Created at"}
			for k, v := range c.columns {
				if v != "" {
					cols[k] = v
				}
			}
			opts := importer.Options{Columns: cols, Folder: "tickets"}
			dir := newRepo(t, nil)
			first, _ := importReader(t, dir, "tickets.csv", strings.NewReader(header+strings.Join(rows, "")), opts)
			before := snapshot(t, dir)
			second, notes := importReader(t, dir, "tickets-2026-11.csv", strings.NewReader(header+strings.Join(grown, "")), opts)
			if first.Written != 3 || second.Written != 2 || second.Skipped != 3 {
				t.Errorf("first wrote %d, then %d written and %d skipped; want 3, 2 and 3:\n%s",
					first.Written, second.Written, second.Skipped, strings.Join(notes, "\n"))
			}
			after := snapshot(t, dir)
			for p, text := range before {
				if after[p] != text {
					t.Errorf("%s changed", p)
				}
			}
			if len(after) != 5 {
				t.Errorf("%d files, want 5", len(after))
			}
			checkClean(t, dir)
		})
	}
}

// snapshot reads every file under feedback/.
func snapshot(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	filepath.WalkDir(filepath.Join(dir, "feedback"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = string(data)
		return nil
	})
	return out
}

// TestDryRun writes nothing and reports what it would write.
func TestDryRun(t *testing.T) {
	dir := newRepo(t, tallybook(t))
	var paths []string
	opts := importer.Options{Preset: "support", DryRun: true}
	opts.Report = func(r importer.Row) { paths = append(paths, r.Path) }
	res, err := generator.Check(dir, generator.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(testrepo.Root(t), "testdata", "import", "support.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := importer.Import(dir, res.Set, "support.csv", f, opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Written != 5 || len(paths) != 5 || !strings.HasPrefix(paths[0], "feedback/support/2026-10-02-") {
		t.Errorf("%d would be written: %v", sum.Written, paths)
	}
	if _, err := os.Stat(filepath.Join(dir, "feedback")); err == nil {
		t.Error("a dry run created feedback/")
	}
}

// TestDuplicatesOfExistingItems: a row that closely repeats an item of the
// repository is written and reported with the item it repeats.
func TestDuplicatesOfExistingItems(t *testing.T) {
	dir := newRepo(t, map[string]string{"feedback/2025-09-29-export-stops.md": `---
title: CSV export silently stops at 2,000 rows
date: 2025-09-29
source: community
type: bug
---
For one client the CSV had exactly 2,000 rows, every single time, while the
screen said 2,317 expenses for the quarter. No warning, no error, nothing.
`})
	export := `Subject,Description,Created
Export stops at 2000 rows,"Hi team, for one client the CSV had exactly 2,000 rows, every single time, while the screen said 2,317 expenses for the quarter. No warning, no error, nothing. Thanks!",2026-11-01
Dark mode,Please add a dark mode for the evenings,2026-11-02
`
	sum, _ := importReader(t, dir, "tickets.csv", strings.NewReader(export), importer.Options{Preset: "support"})
	if sum.Written != 2 || len(sum.Duplicates) != 1 {
		t.Fatalf("%d written, duplicates %+v", sum.Written, sum.Duplicates)
	}
	d := sum.Duplicates[0]
	if d.Row != 2 || d.OfPath != "feedback/2025-09-29-export-stops.md" || d.Similarity < 0.7 {
		t.Errorf("duplicate %+v", d)
	}
}

// TestNPSOfEveryAnswer: a survey whose answers are partly only a score
// gives the NPS of every answer, and importing it again under another
// name writes nothing.
func TestNPSOfEveryAnswer(t *testing.T) {
	export := "Submitted At,How likely are you to recommend us?,Why?\n" +
		"2026-10-01,10,Best invoicing tool we have used\n" +
		"2026-10-01,9,\n" +
		"2026-10-01,9,\n" + // the same answer by another person
		"2026-10-02,8,\n" +
		"2026-10-02,6,Exports time out\n" +
		"2026-10-02,3,\n" +
		"2026-10-03,0,\n" +
		"2026-10-03,7,Add dark mode\n" +
		"2026-10-03,10,\n"
	// 4 promoters, 3 detractors of 9 answers: NPS 100 * (4 - 3) / 9.
	want := 100.0 * (4 - 3) / 9
	dir := newRepo(t, map[string]string{"heed.yaml": "title: Survey\n"})
	sum, notes := importReader(t, dir, "nps-2026-10.csv", strings.NewReader(export), importer.Options{Preset: "survey"})
	if sum.Written != 9 || len(notes) > 0 {
		t.Fatalf("%d of 9 answers written: %v", sum.Written, notes)
	}
	res, err := generator.Check(dir, generator.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	ins := insight.Compute(res.Set, score.Compute(res.Set, now), true)
	if got := ins.Overall.NPS; got == nil || math.Abs(*got-want) > 1e-9 || ins.Overall.Volume != 9 {
		t.Errorf("NPS %v of a volume of %d, want %.2f of 9", got, ins.Overall.Volume, want)
	}
	again, _ := importReader(t, dir, "export (1).csv", strings.NewReader(export), importer.Options{Preset: "survey"})
	if again.Written != 0 || again.Skipped != 9 {
		t.Errorf("the same export under another name: %d written, %d skipped; want 0 and 9", again.Written, again.Skipped)
	}
}
