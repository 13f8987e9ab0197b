package importer

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readGitHub reads every row of a GitHub export.
func readGitHub(t *testing.T, data string) ([]string, []row) {
	t.Helper()
	g, err := newGitHubReader(bufio.NewReader(strings.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	var rows []row
	for {
		r, err := g.next()
		if err == io.EOF {
			return g.columns(), rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "import", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestGitHubReader(t *testing.T) {
	cols, rows := readGitHub(t, fixture(t, "github-issues.json"))
	if want := "url link number title createdAt author labels mentions body Anything else? What happened? Which theme, if you know it? Who are you?"; strings.Join(cols, " ") != want {
		t.Errorf("columns %q, want %q", cols, want)
	}
	for _, c := range []struct {
		row          int
		column, want string
	}{
		{0, "url", "https://github.com/tallybook/feedback/issues/41"},
		{0, "author", "@ana-ruiz"},
		{0, "labels", "feedback, bug"},
		{0, "mentions", "7"}, // six thumbs up and the author; the heart is no vote
		{0, "Who are you?", "Brightwater Logistics"},
		{0, "Which theme, if you know it?", "bulk-export"},
		{1, "mentions", "1"},
		{1, "What happened?", ""}, // no form: the body is all there is
		{2, "Who are you?", ""},   // _No response_
		{2, "Anything else?", "We use the iPhone app."},
	} {
		if got := rows[c.row].value(c.column); got != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row+1, c.column, got, c.want)
		}
	}

	_, event := readGitHub(t, fixture(t, "github-event.json"))
	if len(event) != 1 {
		t.Fatalf("an event is %d rows, want 1", len(event))
	}
	for column, want := range map[string]string{
		"url":       "https://github.com/tallybook/feedback/issues/52", // the page, not the API's address
		"createdAt": "2026-11-20T16:45:09Z", "author": "@joana-m", "mentions": "1", "labels": "feedback",
		"Who are you?": "Cobalt Health Partners, joana@cobalt.example",
	} {
		if got := event[0].value(column); got != want {
			t.Errorf("event %s = %q, want %q", column, got, want)
		}
	}
}

func TestGitHubReaderProblems(t *testing.T) {
	for _, c := range []struct{ name, data, err string }{
		{"a pull request", `{"action": "opened", "issue": {"html_url": "https://github.com/o/r/pull/3", "title": "T", "created_at": "2026-01-01T00:00:00Z", "pull_request": {"url": "x"}}}`, "is a pull request"},
		{"a deleted issue", `{"action": "deleted", "issue": {"html_url": "https://github.com/o/r/issues/3", "title": "T", "created_at": "2026-01-01T00:00:00Z"}}`, "deleted"},
		{"fields left out of gh issue list", `[{"number": 3, "title": "T"}]`, "gh issue list --json " + GitHubFields},
		{"not an issue", `["a string"]`, "is not a GitHub issue"},
	} {
		_, rows := readGitHub(t, c.data)
		if len(rows) != 1 || rows[0].err == nil || !strings.Contains(rows[0].err.Error(), c.err) {
			t.Errorf("%s: rows %+v, want one failing with %q", c.name, rows, c.err)
		}
	}
	for _, bad := range []string{"", "  \n", "number,title\n1,T\n"} {
		if _, err := newGitHubReader(bufio.NewReader(strings.NewReader(bad))); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestFormSections(t *testing.T) {
	body := "Intro line.\n\n### What happened?\n\nIt broke.\n\n```\n### not a heading\n```\n\n### Who are you?\n\n_No response_\n\n### Steps\n\n1. open\n2. click\n"
	f := formSections(body)
	if f.preamble != "Intro line." || len(f.sections) != 3 {
		t.Fatalf("preamble %q, sections %+v", f.preamble, f.sections)
	}
	if got := f.sections[0].text; got != "It broke.\n\n```\n### not a heading\n```" {
		t.Errorf("a fenced heading cut the section: %q", got)
	}
	for _, c := range []struct {
		taken []string
		want  string
	}{
		{nil, "Intro line.\n\n### What happened?\n\nIt broke.\n\n```\n### not a heading\n```\n\n### Steps\n\n1. open\n2. click"},
		{[]string{"Steps"}, "Intro line.\n\n### What happened?\n\nIt broke.\n\n```\n### not a heading\n```"},
	} {
		taken := map[string]bool{}
		for _, h := range c.taken {
			taken[h] = true
		}
		if got := f.rest(taken); got != c.want {
			t.Errorf("rest without %v = %q, want %q", c.taken, got, c.want)
		}
	}
	// One answer left, no preamble: its text alone.
	if got := formSections("### What happened?\n\nIt broke.\n\n### Who are you?\n\nAcme").rest(map[string]bool{"Who are you?": true}); got != "It broke." {
		t.Errorf("rest = %q", got)
	}
}
