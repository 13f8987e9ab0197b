package generator

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// canaryRepo is a repository with everything a public build must keep
// inside: customers' names and aliases in the words of published items (in
// titles, bodies, tags, links, file names and a theme), the words of
// support tickets, sales calls, interviews and surveys, a private item,
// revenue and contacts. Its published items carry words that must stay.
var canaryRepo = map[string]string{
	"heed.yaml": "title: Canary roadmap\ncontribute: https://github.com/acme/feedback\n" +
		"objectives:\n  - id: grow\n    title: Grow\n    weight: 1\n",
	"customers.yaml": "zyxwa:\n  name: Zyxwa Corporation\n  aliases: [Zyxwa, ZWC Labs]\n  segment: enterprise\n  revenue: 987654\n" +
		"  contact: canary-contact@mail.example\n" +
		"qlumbert:\n  name: Qlumbert Holdings\n  aliases: [Qlumbert]\n  segment: smb\n  revenue: 13579\n  contact: +1 555 0100 999\n",
	"themes/sso.md": "---\ntitle: Single sign-on\nstatus: planned\nobjective: grow\neffort: 5\n---\nLogging in with an identity provider.\n",
	"themes/zyxwa-asks.md": "---\ntitle: What Zyxwa asks\nsummary: The ZWC Labs list\nstatus: exploring\neffort: 1\nkeywords: [zyxwa]\n---\n" +
		"Zyxwa Corporation asked first.\n",
	"themes/exports.md": "---\ntitle: Exports that finish\nstatus: in-progress\neffort: 2\n---\nExports time out.\n",
	"feedback/2026-10-01-zyxwa-needs-sso.md": "---\ntitle: \"Zyxwa's rollout waits for SSO\"\ndate: 2026-10-01\nsource: community\ntype: request\n" +
		"customer: zyxwa\nthemes: [sso, zyxwa-asks]\ntags: [zyxwa, sso]\nlinks: [https://forum.example/zyxwa/1, https://forum.example/t/2]\n---\n" +
		"KEPT-COMMUNITY-WORDS. ZYXWA CORPORATION cannot roll out without SSO; ZWC Labs\nagrees. Mail [us](https://zyxwa.example/it).\n",
	"feedback/2026-10-02-export.md": "---\ntitle: Exports fail for Qlumbert's team\ndate: 2026-10-02\nsource: review\ntype: bug\ncustomer: qlumbert\nthemes: [exports]\n---\n" +
		"KEPT-REVIEW-WORDS: Qlumbert&#39;s exports time out, said qlumbert holdings.\n",
	"feedback/2026-10-03-inline.md": "---\ntitle: Vexqorp Ltd likes the scanner\ndate: 2026-10-03\nsource: form\ntype: praise\n" +
		"customer: {id: vexqorp, name: Vexqorp Ltd, segment: mid-market, contact: inline-canary@mail.example}\nthemes: [exports]\n---\n" +
		"KEPT-FORM-WORDS from all of us at Vexqorp Ltd.\n",
	"feedback/2026-10-04-ticket.md": "---\ntitle: CANARY-SUPPORT-TITLE\ndate: 2026-10-04\nsource: support\ntype: bug\ncustomer: zyxwa\nthemes: [sso]\n" +
		"tags: [canary-support-tag]\n---\nCANARY-SUPPORT-WORDS\n",
	"feedback/2026-10-05-call.md":      "---\ntitle: CANARY-SALES-TITLE\ndate: 2026-10-05\nsource: sales\ntype: request\ncustomer: qlumbert\nthemes: [sso]\nmentions: 4\n---\nCANARY-SALES-WORDS\n",
	"feedback/2026-10-06-interview.md": "---\ntitle: CANARY-INTERVIEW-TITLE\ndate: 2026-10-06\nsource: interview\ntype: request\nthemes: [exports]\n---\nCANARY-INTERVIEW-WORDS\n",
	"feedback/2026-10-07-survey.md":    "---\ntitle: CANARY-SURVEY-TITLE\ndate: 2026-10-07\nsource: survey\ntype: request\nnps: 3\nthemes: [exports]\n---\nCANARY-SURVEY-WORDS\n",
	"feedback/2026-10-08-private.md":   "---\ntitle: CANARY-PRIVATE-TITLE\ndate: 2026-10-08\nsource: community\ntype: complaint\nprivate: true\ncustomer: zyxwa\nthemes: [sso]\n---\nCANARY-PRIVATE-WORDS\n",
	"feedback/2026-10-09-opted-in.md":  "---\ntitle: A sales call shared with consent\ndate: 2026-10-09\nsource: sales\ntype: request\npublic: true\nthemes: [sso]\n---\nKEPT-OPTED-IN-WORDS\n",
}

// publicCanaries must be in no file of a public build with default
// settings (nor in a file's path); they are compared case-insensitively.
var publicCanaries = []string{
	"zyxwa", "ZWC Labs", "qlumbert", "vexqorp",
	"CANARY-SUPPORT", "canary-support-tag", "CANARY-SALES", "CANARY-INTERVIEW", "CANARY-SURVEY", "CANARY-PRIVATE",
	"canary-contact@mail.example", "inline-canary@mail.example", "555 0100 999",
	"987654", "987,654", "13579", "13,579", "1001233", "1,001,233", "Revenue behind it", "Money pits", `"revenue": 1`, `"revenue": 9`,
}

// contacts must be in no file of any build.
var contacts = []string{"canary-contact@mail.example", "inline-canary@mail.example", "555 0100 999"}

// buildCanaries builds canaryRepo with opts and returns every file of the
// site by its path.
func buildCanaries(t *testing.T, opts BuildOptions) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	for p, data := range canaryRepo {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts.Out, opts.Getenv = filepath.Join(t.TempDir(), "site"), fixedEnv
	res, err := Build(dir, opts)
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diagnostics)
	}
	files := readTree(t, opts.Out)
	kinds := map[string]bool{}
	for p := range files {
		kinds[filepath.Ext(p)] = true
	}
	for _, ext := range []string{".html", ".json", ".xml", ".svg", ".txt"} {
		if !kinds[ext] {
			t.Fatalf("the site has no %s file to look into", ext)
		}
	}
	return files
}

// TestCanaries greps every file of a public build (HTML, JSON, XML, SVG,
// the search index) for each canary: no customer name or alias, no word of
// an unpublished item, no revenue, no contact; the community, review, form
// and opted-in items keep their words, and every count still counts every
// item. The team's view (--internal) shows the names and every item, and
// never a contact.
func TestCanaries(t *testing.T) {
	files := buildCanaries(t, BuildOptions{})
	for p, data := range files {
		low := bytes.ToLower(append([]byte(p+"\n"), data...))
		for _, c := range publicCanaries {
			if bytes.Contains(low, bytes.ToLower([]byte(c))) {
				t.Errorf("public build: %s contains %q", p, c)
			}
		}
	}
	var all []byte
	for _, p := range slices.Sorted(maps.Keys(files)) {
		all = append(all, files[p]...)
	}
	for _, kept := range []string{"KEPT-COMMUNITY-WORDS", "KEPT-REVIEW-WORDS", "KEPT-FORM-WORDS", "KEPT-OPTED-IN-WORDS",
		"[an enterprise customer]&#39;s rollout waits for SSO", "[an smb customer]&#39;s exports time out", "[a mid-market customer] likes the scanner"} {
		if !bytes.Contains(all, []byte(kept)) {
			t.Errorf("public build: no file shows %q", kept)
		}
	}
	if files["feedback/2026-10-01-customer-needs-sso/index.html"] == nil || files["themes/customer-asks/index.html"] == nil {
		t.Error("the item and theme whose ids name a customer have no page under another id")
	}

	// Counts count every item, published or not (the private one too:
	// publish.private_counts is on); ids are those of published items.
	var api struct {
		Themes []struct {
			ID     string
			Counts struct{ Items, Mentions, Customers int }
			Items  []string
			Scores map[string]float64
		}
	}
	if err := json.Unmarshal(files["api/themes.json"], &api); err != nil {
		t.Fatal(err)
	}
	for _, th := range api.Themes {
		if _, ok := th.Scores["revenue"]; ok || th.Scores["priority"] == 0 {
			t.Errorf("theme %s: scores %v, want a priority and no revenue", th.ID, th.Scores)
		}
		if th.ID != "sso" {
			continue
		}
		if th.Counts.Items != 5 || th.Counts.Mentions != 8 || th.Counts.Customers != 2 {
			t.Errorf("sso counts %+v, want 5 items, 8 mentions, 2 customers", th.Counts)
		}
		if !slices.Equal(th.Items, []string{"2026-10-09-opted-in", "2026-10-01-customer-needs-sso"}) && !slices.Equal(th.Items, []string{"2026-10-01-customer-needs-sso", "2026-10-09-opted-in"}) {
			t.Errorf("sso lists %q, want the two published items", th.Items)
		}
	}
	if !bytes.Contains(files["index.html"], []byte("<dd>9</dd><dd class=\"count-note\">5 of them not published (1 private)</dd>")) {
		t.Error("the overview does not count every piece of feedback and say what is not published")
	}

	internal := buildCanaries(t, BuildOptions{Internal: true})
	var team []byte
	for _, data := range internal {
		team = append(team, data...)
	}
	for _, c := range []string{"Zyxwa Corporation", "ZYXWA CORPORATION", "Qlumbert&#39;s", "Vexqorp Ltd", "CANARY-SUPPORT-WORDS", "CANARY-SALES-WORDS",
		"CANARY-INTERVIEW-WORDS", "CANARY-SURVEY-WORDS", "CANARY-PRIVATE-WORDS", "987,654", "Money pits"} {
		if !bytes.Contains(team, []byte(c)) {
			t.Errorf("internal build: no file shows %q", c)
		}
	}
	for p, data := range internal {
		for _, c := range contacts {
			if strings.Contains(string(data), c) {
				t.Errorf("internal build: %s shows the contact %q", p, c)
			}
		}
	}
}
