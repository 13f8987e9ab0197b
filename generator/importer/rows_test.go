package importer_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/importer"
)

// TestRows is the specification of how rows of an export become items: for
// each export, the rows that were not simply written (with their numbers
// and reasons) and what the written files say.
func TestRows(t *testing.T) {
	support := importer.Options{Preset: "support"}
	for _, c := range []struct {
		name   string
		export string
		opts   importer.Options
		notes  []string          // rows not simply written
		files  int               // files written
		want   map[string]string // a written file (by the start of its id) -> text it contains
	}{
		{
			name: "BOM, CRLF and quoted fields with commas, quotes and line breaks",
			export: "\uFEFFTicket ID,Subject,Description,Created at\r\n" +
				"1,\"Export, again\",\"Line one, with a comma\r\nand \"\"quotes\"\" on line two\",2026-10-01\r\n" +
				"2,Dark mode,Please,2026-10-02\r\n",
			opts:  support,
			files: 2,
			want: map[string]string{
				"2026-10-01-export-again-": "title: Export, again\n",
				"2026-10-01-export-again":  "\nLine one, with a comma\nand \"quotes\" on line two\n",
			},
		},
		{
			name:   "semicolons are detected",
			export: "Subject;Description;Created at\nA;Numbers like 1,5 stay whole;2026-10-01\n",
			opts:   support,
			files:  1,
			want:   map[string]string{"2026-10-01-a-": "Numbers like 1,5 stay whole"},
		},
		{
			name:   "tabs are detected",
			export: "Subject\tDescription\tCreated at\nA\tB, c\t2026-10-01\n",
			opts:   support,
			files:  1,
			want:   map[string]string{"2026-10-01-a-": "\nB, c\n"},
		},
		{
			name:   "a given delimiter wins",
			export: "Subject|Description, long|Created at\nA|B|2026-10-01\n",
			opts:   importer.Options{Preset: "support", Delimiter: '|', Columns: map[string]string{"body": "Description, long"}},
			files:  1,
		},
		{
			name: "bad rows are reported with their row number and never stop the import",
			export: "Ticket ID,Subject,Description,Created at\n" +
				"1,Good,Fine,2026-10-01\n" +
				"2,No date,Text,\n" +
				"3,Bad date,Text,2026-13-45\n" +
				"4,Too,many,fields,2026-10-01\n" +
				",,,\n" +
				"5,,,2026-10-01\n" +
				"1,Same id,Again,2026-10-02\n" +
				"6,\"Multi\nline\",\"still\nrow 8\",2026-10-03\n" +
				"7,After,It goes on,2026-10-04\n",
			opts: support,
			notes: []string{
				"row 3: failed: no date",
				`row 4: failed: date "2026-13-45" is not a date heed knows (say --date-format, e.g. DD.MM.YYYY)`,
				"row 5: failed: has 5 fields where the header has 4 (an unquoted separator or line break?)",
				"row 6: skipped: empty row",
				"row 7: failed: has no title and no text",
				"row 8: skipped: same id as row 2",
			},
			files: 3,
			want:  map[string]string{"2026-10-03-multi-line-": "title: Multi line\n"},
		},
		{
			name:   "day and month need a format when they can be read two ways",
			export: "Subject,Created at\nA,03/04/2026\nB,2026-04-03\n",
			opts:   support,
			notes:  []string{`row 2: failed: date "03/04/2026" can be read two ways: say --date-format MM/DD/YYYY or DD/MM/YYYY`},
			files:  1,
		},
		{
			name:   "a date format reads days, months, years and ignores a time",
			export: "Subject,Created at\nA,03/04/26\nB,12/31/2026 23:59\nC,2026-05-06\n",
			opts:   importer.Options{Preset: "support", DateFormat: "MM/DD/YY"},
			notes:  []string{`row 3: failed: date "12/31/2026 23:59" is not MM/DD/YY`},
			files:  2,
			want:   map[string]string{"2026-03-04-a-": "date: 2026-03-04\n", "2026-05-06-c-": "date: 2026-05-06\n"},
		},
		{
			name: "scores, votes and vocabulary",
			export: "id,title,details,votes,status,created,nps\n" +
				"1,A,x,\"1,204\",Under review,2026-10-01,9 - Extremely likely\n" +
				"2,B,x,0,Complete,2026-10-01,11\n" +
				"3,C,x,2,Needs a designer,2026-10-01,\n" +
				"4,D,x,two,open,2026-10-01,\n",
			opts: importer.Options{Preset: "board", Columns: map[string]string{"nps": "nps"}},
			notes: []string{
				"row 3: failed: nps 11 is out of range: it must be from 0 to 10",
				`row 5: failed: mentions "two" is not a count`,
			},
			files: 2,
			want: map[string]string{
				"2026-10-01-a-": "status: acknowledged\nnps: 9\nmentions: 1204\n",
				"2026-10-01-c-": "type: request\nmentions: 2\norigin: board:3\n---\n",
			},
		},
		{
			name:   "a board's own words are translated with Values",
			export: "title,status,created\nA,Needs a designer,2026-10-01\n",
			opts: importer.Options{Preset: "board", Values: map[string]map[string]string{
				"status": {"needs a designer": "planned"},
			}},
			files: 1,
			want:  map[string]string{"2026-10-01-a-": "status: planned\n"},
		},
		{
			name: "contact details go to the customer's private contact, never to the body",
			export: "Subject,Description,Requester,Organization,Created at\n" +
				"A,\"Write to me at jane@acme.example, thanks\",Jane Doe <jane@acme.example>,Acme Corp,2026-10-01\n" +
				"B,Call me,+47 912 34 567,,2026-10-02\n" +
				"C,From a known customer,ingrid@example.com,Halvorsen Maritime Group,2026-10-03\n",
			opts:  support,
			files: 3,
			want: map[string]string{
				"2026-10-01-a-": "customer:\n  id: acme-corp\n  name: Acme Corp\n  contact: Jane Doe, jane@acme.example\norigin: support#",
				"2026-10-01-a":  "---\n\nWrite to me at [e-mail removed], thanks\n",
				"2026-10-02-b-": "customer:\n  id: contact-",
				"2026-10-03-c-": "customer: halvorsen-maritime\n",
			},
		},
		{
			name:   "a private import keeps the customer's words as they are",
			export: "Subject,Description,Requester,Created at\nA,Write to jane@acme.example,Jane,2026-10-01\n",
			opts:   importer.Options{Preset: "support", Private: true, Tags: []string{"import"}},
			files:  1,
			want:   map[string]string{"2026-10-01-a-": "tags: [import]\nprivate: true\norigin: support#", "2026-10-01-a": "---\n\nWrite to jane@acme.example\n"},
		},
		{
			name:   "a consent column says whose words a public build shows, whatever the source",
			export: "Subject,Created at,May we quote you?\nA,2026-10-01,Yes\nB,2026-10-02,no\nC,2026-10-03,\nD,2026-10-04,maybe\n",
			opts:   importer.Options{Preset: "support", Columns: map[string]string{"public": "May we quote you?"}},
			notes:  []string{`row 5: failed: public "maybe" is not yes or no`},
			files:  3,
			want:   map[string]string{"2026-10-01-a-": "public: true\n", "2026-10-02-b-": "public: false\n", "2026-10-03-c-": "source: support\n"},
		},
		{
			name:   "themes must exist",
			export: "Subject,Created at,Themes\nA,2026-10-01,Bulk export\nB,2026-10-01,nope\n",
			opts:   importer.Options{Preset: "support", Columns: map[string]string{"themes": "Themes"}},
			notes:  []string{`row 3: failed: theme "nope" does not exist in themes/`},
			files:  1,
			want:   map[string]string{"2026-10-01-a-": "themes: [bulk-export]\n"},
		},
		{
			name:   "values YAML would misread are quoted",
			export: "Subject,Created at,Tags\n\"yes: #1, [really]\",2026-10-01,\"no, 2026, @x\"\n",
			opts:   importer.Options{Preset: "support", Columns: map[string]string{"tags": "Tags"}},
			files:  1,
			want:   map[string]string{"2026-10-01-yes-1-really-": "title: \"yes: #1, [really]\"\n", "2026-10-01-yes": "tags: [\"no\", \"2026\", \"@x\"]\n"},
		},
		{
			name:   "a long body makes a title of its first sentence",
			export: "Comment,Submitted At\n\"The export of a whole year times out after a minute, every time. We then export month by month and stitch the files.\",2026-10-01\n",
			opts:   importer.Options{Preset: "survey"},
			files:  1,
			want:   map[string]string{"2026-10-01-the-export-of-a-whole-year-times-": "title: The export of a whole year times out after a minute, every time\n"},
		},
		{
			name: "JSON Lines with nested keys; a bad line fails alone",
			export: `{"subject": "A", "description": "x", "created_at": "2026-10-01", "requester": {"name": "Jo", "email": "jo@example.com"}}
not json
[1, 2]

{"subject": "B", "description": "y", "created_at": 1790000000}
`,
			opts: importer.Options{Preset: "support", Format: importer.JSON},
			notes: []string{
				`row 2: failed: invalid JSON on line 2, column 1: "not" is not a value (want a string, a number, true, false or null)`,
				"row 3: failed: is an array, not an object",
			},
			files: 2,
			want: map[string]string{
				"2026-10-01-a-": "  name: Jo\n  contact: jo@example.com\n",
				"2026-09-21-b-": "date: 2026-09-21\n",
			},
		},
		{
			name:   "text that is not UTF-8 fails its row",
			export: "Subject,Created at\nCaf\xe9,2026-10-01\nTea,2026-10-02\n",
			opts:   support,
			notes:  []string{"row 2: failed: title is not valid UTF-8 text (is the export in another encoding? say --encoding windows-1252 or latin1)"},
			files:  1,
		},
		{
			name: "a survey answer that is only a score is an item, typed by its score as the other answers are",
			export: "Response ID,Submitted At,How likely are you to recommend us?,Why?\n" +
				"r1,2026-10-01,10,\n" +
				"r2,2026-10-01,3,\n" +
				"r3,2026-10-02,8,Add dark mode\n" +
				"r4,2026-10-02,9,Best invoicing tool we've used\n",
			opts:  importer.Options{Preset: "survey"},
			files: 4,
			want: map[string]string{
				"2026-10-01-nps-10-how-likely-are-you-to-": "title: \"NPS 10: How likely are you to recommend us?\"\ndate: 2026-10-01\nsource: survey\ntype: praise\nnps: 10\norigin: survey:r1\nscore_only: true\n---\n",
				"2026-10-01-nps-3-":                        "type: complaint\n",
				"2026-10-02-add-dark-mode-":                "type: request\n", // a passive says nothing better
				"2026-10-02-best-invoicing-":               "type: praise\n",
			},
		},
		{
			name:   "equal answers without an id are as many people",
			export: "Submitted At,NPS\n2026-10-01,9\n2026-10-01,9\n2026-10-01,3\n",
			opts:   importer.Options{Preset: "survey"},
			files:  3,
			want:   map[string]string{"2026-10-01-nps-9-": "title: NPS 9\n"},
		},
		{
			name:   "a type given wins over the score",
			export: "Submitted At,NPS,Comment\n2026-10-01,10,Great\n",
			opts:   importer.Options{Preset: "survey", Type: "request"},
			files:  1,
			want:   map[string]string{"2026-10-01-great-": "type: request\n"},
		},
		{
			name: "GitHub issues: type from the first label that names one, votes, the form's answers by heading",
			export: `[{"number": 1, "title": "Exports stop", "url": "https://github.com/o/r/issues/1", "createdAt": "2026-11-01T10:00:00Z", "author": {"login": "user1"}, "labels": [{"name": "feedback"},{"name": "enhancement"}], "reactionGroups": [{"content": "THUMBS_UP", "users": {"totalCount": 3}}], "body": "### What happened?\n\nExports stop.\n\n### Who are you?\n\n_No response_\n\n### Which theme, if you know it?\n\nBulk export of expenses and invoices that finishes"},
{"number": 2, "title": "How to export", "url": "https://github.com/o/r/issues/2", "createdAt": "2026-11-02T10:00:00Z", "author": {"login": "user2"}, "labels": [{"name": "question"}], "reactionGroups": [{"content": "THUMBS_UP", "users": {"totalCount": 0}}], "body": "How do I export?"},
{"number": 3, "title": "Hidden menu", "url": "https://github.com/o/r/issues/3", "createdAt": "2026-11-03T10:00:00Z", "author": {"login": "user3"}, "labels": [{"name": "needs-design"},{"name": "feedback"}], "reactionGroups": [{"content": "THUMBS_UP", "users": {"totalCount": 0}}], "body": "### What happened?\n\nThe menu is hidden.\n\n### Which theme, if you know it?\n\nmenus"},
{"number": 4, "title": "Slow", "url": "https://github.com/o/r/issues/4", "createdAt": "2026-11-04T10:00:00Z", "author": {"login": "user4"}, "labels": [], "reactionGroups": [{"content": "THUMBS_UP", "users": {"totalCount": 0}}], "body": "### Who are you?\n\nJo Park <jo@park.example>\n\n### What happened?\n\nSlow.\n\n### Steps\n\n1. open"}]`,
			opts:  importer.Options{Format: importer.GitHub, Values: map[string]map[string]string{"type": {"needs-design": "usability"}}},
			notes: []string{`row 3: warning: theme "menus" does not exist: the item is left for triage`},
			files: 4,
			want: map[string]string{
				"2026-11-01-exports-stop-":  "type: request\ncustomer:\n  id: contact-",
				"2026-11-01-exports-stop":   "  contact: \"@user1\"\nthemes: [bulk-export]\nmentions: 4\nlinks: [https://github.com/o/r/issues/1]\norigin: https://github.com/o/r/issues/1\n---\n\nExports stop.\n",
				"2026-11-02-how-to-export-": "type: question\n",
				"2026-11-03-hidden-menu-":   "type: usability\n",
				"2026-11-03-hidden-menu":    "---\n\nThe menu is hidden.\n",
				"2026-11-04-slow-":          "customer:\n  id: jo-park\n  name: Jo Park\n  contact: jo@park.example, @user4\n",
				"2026-11-04-slow":           "---\n\n### What happened?\n\nSlow.\n\n### Steps\n\n1. open\n",
			},
		},
		{
			name:   "a JSON array",
			export: `[{"title": "A", "created": "2026-10-01", "votes": 3}, {"title": "B", "created": "2026-10-02", "tags": ["x", "y"]}]`,
			opts:   importer.Options{Preset: "board", Format: importer.JSON},
			files:  2,
			want:   map[string]string{"2026-10-02-b-": "tags: [x, \"y\"]\n"}, // y is a YAML 1.1 boolean
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := newRepo(t, tallybook(t))
			c.opts.Folder = "test"
			sum, notes := importReader(t, dir, "export", strings.NewReader(c.export), c.opts)
			if !slices.Equal(notes, c.notes) {
				t.Errorf("rows not written:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(c.notes, "\n"))
			}
			if sum.Written != c.files {
				t.Errorf("%d files written, want %d", sum.Written, c.files)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "feedback", "test", "*.md"))
			for prefix, text := range c.want {
				found := false
				for _, f := range files {
					if strings.HasPrefix(filepath.Base(f), prefix) {
						found = true
						data, _ := os.ReadFile(f)
						if !strings.Contains(string(data), text) {
							t.Errorf("%s does not contain %q:\n%s", filepath.Base(f), text, data)
						}
					}
				}
				if !found {
					t.Errorf("no file %s*; files: %v", prefix, files)
				}
			}
			checkClean(t, dir)
		})
	}
}

// TestMappingErrors: an export that cannot be mapped stops before anything
// is written, saying what to do.
func TestMappingErrors(t *testing.T) {
	for _, c := range []struct {
		name, export string
		opts         importer.Options
		err          string
	}{
		{"no date column", "Subject,When\nA,2026-01-01\n", importer.Options{Preset: "support"},
			`export: no column for date (preset support found none; say --map date=COLUMN); the columns are "Subject", "When"`},
		{"no text column", "Created at,Votes\n2026-01-01,1\n", importer.Options{Preset: "support"},
			`no column for title or body`},
		{"a mapped column is missing", "Subject,Created\nA,2026-01-01\n", importer.Options{Columns: map[string]string{"title": "Subjet", "date": "Created"}},
			`title=Subjet: no column "Subjet" in the header (columns: "Subject", "Created") (did you mean Subject?)`},
		{"unknown preset", "a\n1\n", importer.Options{Preset: "zendesk"}, `unknown preset "zendesk" (presets: board, support, survey)`},
		{"bad date format", "Subject,Created at\nA,1\n", importer.Options{Preset: "support", DateFormat: "MM/DD"},
			`date format: "MM/DD" does not say a year, a month and a day`},
		{"unknown source", "Subject,Created at\nA,1\n", importer.Options{Preset: "support", Source: "email"},
			`source: "email" is not one of survey, interview`},
		{"a translation into no heed word", "Subject,Created at\nA,1\n", importer.Options{Preset: "support",
			Values: map[string]map[string]string{"type": {"Incident": "incident"}}}, `values.type: "Incident" -> "incident"`},
		{"empty file", "", importer.Options{Preset: "support"}, "the file is empty"},
		{"no preset and no column named date", "Title,When\nA,2026-01-01\n", importer.Options{},
			`export: no column for date (name a column date, or say --map date=COLUMN); the columns are "Title", "When"`},
		{"a JSON document, not rows", "{\n  \"tickets\": [{\"subject\": \"A\"}]\n}\n", importer.Options{Preset: "support", Format: importer.JSON},
			"the file is one JSON object over several lines"},
		{"header names a column twice", "Subject,Subject,Created at\nA,B,2026-01-01\n", importer.Options{Preset: "support"},
			`title=Subject: the header names "Subject" twice`},
		{"bad folder", "Subject,Created at\nA,2026-01-01\n", importer.Options{Preset: "support", Folder: "../x"}, `folder: "../x": each part must be a slug`},
		{"JSON nested 10,000 deep", strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "\n", importer.Options{Format: importer.JSON},
			"export: no row of the export could be read, so there is no column for date (row 1: is an array, not an object)"},
		{"an object nested 10,000 deep", `{"a": ` + strings.Repeat(`{"a": `, 10_000) + "1" + strings.Repeat("}", 10_001) + "\n", importer.Options{Format: importer.JSON},
			"export: no row of the export could be read, so there is no column for date (row 1: nests objects and lists more than 64 levels deep: flatten the export first (with jq))"},
		{"JSON with no keys", "{}\n{}\n", importer.Options{Format: importer.JSON},
			"export: the rows have no columns, so none for date: want objects with keys such as title, date and body"},
		{"broken JSON", `[{"title": "A", "date": 2026-01-01}]`, importer.Options{Format: importer.JSON},
			"export: no row of the export could be read, so there is no column for date (element 1: invalid JSON on line 1, column 25"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := newRepo(t, nil)
			opts := c.opts
			if opts.Folder == "" {
				opts.Folder = "test"
			}
			_, err := importer.Import(dir, emptySet(), "export", strings.NewReader(c.export), opts)
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("error %v, want %q", err, c.err)
			}
			if _, err := os.Stat(filepath.Join(dir, "feedback", "test")); err == nil {
				t.Error("feedback/test was created")
			}
		})
	}
}

func emptySet() *content.Set { return &content.Set{Config: config.Default()} }
