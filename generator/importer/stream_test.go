package importer_test

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/importer"
)

// rowsCSV is a CSV export of rows from..to, one line each.
func rowsCSV(from, to int) string {
	var b strings.Builder
	for i := from; i <= to; i++ {
		fmt.Fprintf(&b, "%d,Subject %d,Text of ticket %d,2026-10-%02d\n", i, i, i, i%28+1)
	}
	return b.String()
}

const ticketsHeader = "Ticket ID,Subject,Description,Created at\n"

// onlyReader hides every method but Read, as standard input does: the
// export cannot be read twice from it.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// TestStreamingRows: what can go wrong in one row stays in that row.
func TestStreamingRows(t *testing.T) {
	support := importer.Options{Preset: "support"}
	for _, c := range []struct {
		name   string
		export string
		opts   importer.Options
		notes  []string
		files  int
	}{
		{
			name:   "an unclosed quote at row 1,001 fails that row and the rows after it are read again",
			export: ticketsHeader + rowsCSV(1, 999) + "1000,\"Quote never closed,Text,2026-10-01\n" + rowsCSV(1001, 1999),
			opts:   support,
			notes:  []string{"row 1001: failed: a quote opened on line 1001 is never closed (the rows after it are read again from line 1002; fix the quote and import again)"},
			files:  1998,
		},
		{
			name:   "an unclosed quote on the last line",
			export: ticketsHeader + rowsCSV(1, 3) + "4,\"Never closed,Text,2026-10-01",
			opts:   support,
			notes:  []string{"row 5: failed: a quote opened on line 5 is never closed (fix the quote and import again)"},
			files:  3,
		},
		{
			name: "two unclosed quotes",
			export: ticketsHeader + rowsCSV(1, 2) + "3,\"Never closed,Text,2026-10-01\n" + rowsCSV(4, 5) +
				"6,Subject,\"Nor this,2026-10-01\n" + rowsCSV(7, 8),
			opts: support,
			notes: []string{
				"row 4: failed: a quote opened on line 4 is never closed (the rows after it are read again from line 5; fix the quote and import again)",
				"row 7: failed: a quote opened on line 7 is never closed (the rows after it are read again from line 8; fix the quote and import again)",
			},
			files: 6,
		},
		{
			name:   "a quoted field over several lines that closes is one row",
			export: ticketsHeader + "1,\"Two\nlines\",\"and \"\"quotes\"\", a, comma\r\nand CRLF\",2026-10-01\n" + rowsCSV(2, 3),
			opts:   support,
			files:  3,
		},
		{
			name:   "a NUL byte fails its row",
			export: ticketsHeader + "1,Bin\x00ary,Text,2026-10-01\n" + rowsCSV(2, 3),
			opts:   support,
			notes:  []string{"row 2: failed: field 2 holds a NUL byte: binary data, or an export in UTF-16 (say --encoding utf-16le)"},
			files:  2,
		},
		{
			name:   "a field over the item limit fails its row",
			export: ticketsHeader + "1,Long,\"" + strings.Repeat("x", 3<<20) + "\",2026-10-01\n" + rowsCSV(2, 3),
			opts:   support,
			notes:  []string{"row 2: failed: field 3 holds 3.0 MB, more than an item can hold (1 MB): shorten it in the export"},
			files:  2,
		},
		{
			name:   "a delimiter of several bytes",
			export: "Subject§Description§Created at\nA, b§Text§2026-10-01\n",
			opts:   importer.Options{Preset: "support", Delimiter: '§'},
			files:  1,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, stdin := range []bool{false, true} {
				dir := newRepo(t, tallybook(t))
				c.opts.Folder = "test"
				var r io.Reader = strings.NewReader(c.export)
				if stdin {
					r = onlyReader{r}
				}
				sum, notes := importReader(t, dir, "export", r, c.opts)
				if !slices.Equal(notes, c.notes) {
					t.Errorf("rows not written:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(c.notes, "\n"))
				}
				if sum.Written != c.files || sum.Rows != sum.Written+sum.Skipped+sum.Failed {
					t.Errorf("%d rows, %d written, want %d", sum.Rows, sum.Written, c.files)
				}
			}
		})
	}
}

// bigField is an export whose second row has a field of size bytes, made
// as it is read.
func bigField(size int64, json bool) io.Reader {
	if json {
		return io.MultiReader(strings.NewReader(`[{"subject": "A", "created_at": "2026-10-01", "description": "`),
			io.LimitReader(repeat('x'), size),
			strings.NewReader(`"}, {"subject": "B", "description": "ok", "created_at": "2026-10-02"}]`))
	}
	return io.MultiReader(strings.NewReader(ticketsHeader+"1,Long,\""), io.LimitReader(repeat('x'), size),
		strings.NewReader("\",2026-10-01\n2,Short,Text,2026-10-02\n"))
}

type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// TestHugeField: a 100 MB field fails its row, and is never held: the
// import allocates a fraction of it in all.
func TestHugeField(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100 MB")
	}
	for _, format := range []importer.Format{importer.CSV, importer.JSON} {
		t.Run(string(format), func(t *testing.T) {
			dir := newRepo(t, tallybook(t))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			sum, notes := importReader(t, dir, "export", bigField(100<<20, format == importer.JSON), importer.Options{Preset: "support", Format: format, Folder: "test"})
			runtime.ReadMemStats(&after)
			if sum.Written != 1 || sum.Failed != 1 || len(notes) != 1 || !strings.Contains(notes[0], "holds 100 MB, more than an item can") {
				t.Errorf("%d written, %d failed: %q", sum.Written, sum.Failed, notes)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 40<<20 {
				t.Errorf("the import allocated %d MB for a 100 MB field", alloc>>20)
			}
		})
	}
}

// TestReplayFilesRemoved: reading an export again after an unclosed quote
// keeps what it must read again in a temporary file beyond 1 MB; the file
// is gone after the import.
func TestReplayFilesRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := newRepo(t, tallybook(t))
	export := ticketsHeader + "1,\"Never closed,Text,2026-10-01\n" + rowsCSV(2, 40_000)
	sum, _ := importReader(t, dir, "export", strings.NewReader(export), importer.Options{Preset: "support", Folder: "test", DryRun: true})
	if sum.Rows != 40_000 || sum.Failed != 1 {
		t.Errorf("%d rows, %d failed", sum.Rows, sum.Failed)
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "*"))
	if len(left) != 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
}
