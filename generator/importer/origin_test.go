package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/source"
)

// loadDir reads the content of a repository folder.
func loadDir(t *testing.T, dir string) *content.Set {
	t.Helper()
	snap, err := source.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return content.Load(snap, content.Options{RawText: true})
}

func writeFile(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// run imports an export into dir and returns the rows' outcomes.
func run(t *testing.T, dir, name, export string, opts Options) []Row {
	t.Helper()
	var rows []Row
	opts.Report = func(r Row) { rows = append(rows, r) }
	if _, err := Import(dir, loadDir(t, dir), name, strings.NewReader(export), opts); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestItemsImportedBeforeOrigins: a repository imported into before items
// recorded their origin (their ids end with a key of the folder and the
// row) is not imported into twice after the upgrade.
func TestItemsImportedBeforeOrigins(t *testing.T) {
	dir := t.TempDir()
	export := "Ticket ID,Subject,Created at\n4412,Export times out,2026-10-01\n"
	row := map[string]string{"id": "4412", "title": "Export times out", "date": "2026-10-01"}
	old := rowKey("tickets", func(f string) string { return row[f] }, true)
	writeFile(t, dir, "feedback/tickets/2026-10-01-export-times-out-"+old.String()+".md",
		"---\ntitle: Export times out\ndate: 2026-10-01\nsource: support\ntype: question\n---\n")
	rows := run(t, dir, "tickets.csv", export, Options{Preset: "support"})
	if len(rows) != 1 || rows[0].Outcome != Skipped {
		t.Errorf("rows %+v, want the one row skipped as imported before", rows)
	}
}

// TestOriginsOfTwoTools: two exports that name themselves alike and share
// an id are told apart by their dates, and --origin keeps them apart.
func TestOriginsOfTwoTools(t *testing.T) {
	dir := t.TempDir()
	first := run(t, dir, "zendesk.csv", "Ticket ID,Subject,Created at\n1,Export times out,2026-10-01\n", Options{Preset: "support"})
	if first[0].Outcome != Written {
		t.Fatalf("first import: %+v", first)
	}
	other := "Ticket ID,Subject,Created at\n1,Dark mode,2026-11-05\n"
	rows := run(t, dir, "freshdesk.csv", other, Options{Preset: "support"})
	if rows[0].Outcome != Failed || !strings.Contains(rows[0].Reason, "its origin support:1 is that of feedback/zendesk/") ||
		!strings.Contains(rows[0].Reason, "say --origin NAME") {
		t.Errorf("a row of another tool with the same id: %+v, want it failed, asking for --origin", rows[0])
	}
	rows = run(t, dir, "freshdesk.csv", other, Options{Preset: "support", Origin: "freshdesk"})
	if rows[0].Outcome != Written {
		t.Errorf("with --origin: %+v, want written", rows[0])
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rows[0].Path)))
	if err != nil || !strings.Contains(string(data), "\norigin: freshdesk:1\n") {
		t.Errorf("%s: %s, want origin freshdesk:1", rows[0].Path, data)
	}
}
