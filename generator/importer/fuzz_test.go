package importer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/importer"

	"github.com/heedhq/heed/generator/internal/testrepo"
)

// FuzzImport feeds arbitrary exports to a dry-run import with each preset,
// as CSV and as JSON: it must never panic or hang, must either refuse the
// export with an error or account for every row it read (written, skipped
// or failed, each reported once with its row number), and writes nothing.
// Seeds are the samples in testdata/import and the inputs in testdata/fuzz.
func FuzzImport(f *testing.F) {
	presets := append([]string{""}, importer.Presets()...)
	root := testrepo.Root(f)
	for _, name := range []string{"survey.csv", "support.csv", "board.json"} {
		data, err := os.ReadFile(filepath.Join(root, "testdata", "import", name))
		if err != nil {
			f.Fatal(err)
		}
		// The first rows: enough to cover every column, small enough to fuzz.
		if lines := bytes.SplitAfter(data, []byte("\n")); len(lines) > 6 {
			data = bytes.Join(lines[:6], nil)
		}
		preset := strings.TrimSuffix(name, filepath.Ext(name))
		f.Add(data, filepath.Ext(name) == ".json", uint8(slices.Index(presets, preset)))
	}
	support := uint8(slices.Index(presets, "support"))
	for _, s := range []struct {
		export string
		preset uint8
	}{
		{"Subject,Created at\nA,2026-01-01\n\"unclosed,2026-01-01\n", support},
		{"\ufeffSubject;Created at;Requester\nA;01/02/2026;a@b.test\n;;\n", support},
		{"\xff\xfeS\x00u\x00b\x00j\x00e\x00c\x00t\x00\n\x00", support},
		{"title|date\nA|2026-13-01\nB|yesterday\n", 0},
		{"{\"title\": \"A\", \"date\": \"2026-01-01\"}\n{\"title\": 3}\n[1]\n", 0},
		{"[{\"title\": \"A\", \"date\": \"2026-01-01\", \"votes\": 1e400}, null, {\"tags\": [[]]}]", 0},
	} {
		f.Add([]byte(s.export), s.export[0] == '{' || s.export[0] == '[', s.preset)
	}
	f.Fuzz(func(t *testing.T, data []byte, json bool, preset uint8) {
		dir := t.TempDir()
		opts := importer.Options{Preset: presets[int(preset)%len(presets)], Folder: "fuzz", DryRun: true}
		if json {
			opts.Format = importer.JSON
		}
		reported := map[int]bool{}
		opts.Report = func(r importer.Row) {
			if r.Num < 1 || reported[r.Num] {
				t.Fatalf("row %d reported again or numbered below 1", r.Num)
			}
			reported[r.Num] = true
		}
		sum, err := importer.Import(dir, emptySet(), "export", bytes.NewReader(data), opts)
		if err == nil {
			if sum == nil {
				t.Fatal("no summary and no error")
			}
			if sum.Written+sum.Skipped+sum.Failed != sum.Rows || len(reported) != sum.Rows {
				t.Fatalf("%d rows read, %d written + %d skipped + %d failed, %d reported",
					sum.Rows, sum.Written, sum.Skipped, sum.Failed, len(reported))
			}
		}
		if entries, _ := os.ReadDir(dir); len(entries) > 0 {
			t.Fatalf("a dry run wrote %s", entries[0].Name())
		}
	})
}
