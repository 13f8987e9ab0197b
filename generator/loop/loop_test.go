package loop_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/loop"
	"github.com/heedhq/heed/generator/source"
)

// set loads the files of a txtar archive as a repository's content.
func set(t *testing.T, files string) *content.Set {
	t.Helper()
	snap := &source.Snapshot{}
	for _, f := range txtar.Parse([]byte(files)).Files {
		kind, ok := source.Classify(f.Name)
		if !ok {
			t.Fatalf("%s is no content file", f.Name)
		}
		snap.Files = append(snap.Files, source.File{Path: f.Name, Kind: kind, Data: f.Data})
	}
	s := content.Load(snap, content.Options{RawText: true})
	if len(s.Diagnostics) > 0 {
		t.Fatalf("content has problems: %v", s.Diagnostics)
	}
	return s
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// config is the heed.yaml of both revisions: statuses of the team's own.
const config = `
-- heed.yaml --
title: Test
statuses:
  themes:
    idea: open
    building: active
    live: done
    "no": declined
`

const themesV1 = config + `
-- themes/export.md --
---
title: Export
status: building
---
-- themes/sso.md --
---
title: Single sign-on
status: idea
---
-- themes/mobile.md --
---
title: Mobile app
status: building
---
`

// now is the repository at the later revision: export went live (with a
// shipped date), sso was declined, mobile did not move, reports is new.
const now = config + `
-- customers.yaml --
acme: {name: Acme, contact: jane@acme.example}
zeta: {name: Zeta}
-- themes/export.md --
---
title: Export
status: live
shipped: 2026-03-01
---
Exports run in the background.
-- themes/sso.md --
---
title: Single sign-on
status: no
---
-- themes/mobile.md --
---
title: Mobile app
status: building
---
-- themes/reports.md --
---
title: Reports
status: idea
---
-- feedback/a.md --
---
title: Export is slow
date: 2026-01-02
source: support
type: bug
customer: zeta
themes: [export]
---
-- feedback/b.md --
---
title: Export times out
date: 2026-01-01
source: support
type: bug
customer: acme
themes: [export, sso]
---
It times out.
-- feedback/c.md --
---
title: Export again
date: 2026-01-03
source: support
type: bug
customer: {id: kit, contact: "@kit"}
duplicate_of: b
---
-- feedback/d.md --
---
title: Also export
date: 2026-01-04
source: survey
type: request
nps: 3
duplicate_of: b
themes: [export]
---
-- feedback/e.md --
---
title: Mobile please
date: 2026-01-04
source: survey
type: request
themes: [mobile]
---
`

func TestCompute(t *testing.T) {
	before, after := set(t, themesV1), set(t, now)
	hist := &history.History{Files: map[string]*history.File{
		"themes/sso.md": {Statuses: []history.Change{
			{Status: "idea", Date: day("2026-01-01")}, {Status: "no", Date: day("2026-02-10")},
			{Status: "idea", Date: day("2026-02-11")}, {Status: "no", Date: day("2026-02-12")},
		}},
		"themes/export.md": {Statuses: []history.Change{{Status: "building", Date: day("2026-01-01")}, {Status: "live", Date: day("2026-03-05")}}},
	}}
	r := loop.Compute(before, after, hist)
	type change struct{ id, from, to, date, items string }
	var got []change
	for _, th := range r.Themes {
		var ids []string
		for _, it := range th.Items {
			ids = append(ids, it.ID+"@"+it.Customer)
		}
		got = append(got, change{th.ID, th.From, th.To, th.Date, strings.Join(ids, " ")})
	}
	want := []change{
		// A new theme: no earlier status, no date in history.
		{"reports", "", "idea", "", ""},
		// Declined: the latest change to "no" dates it; b's duplicates
		// are behind it too.
		{"sso", "idea", "no", "2026-02-12", "b@acme c@kit d@"},
		// Done with a shipped date: that date, as the changelog has it.
		// Duplicates of b count (c through duplicate_of only, d once
		// although it names the theme too); customers by id, then the
		// items without one.
		{"export", "building", "live", "2026-03-01", "b@acme c@kit a@zeta d@"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d themes %v, want %v", len(got), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("theme %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	export := r.Themes[2]
	if export.Customers != 4 {
		t.Errorf("export has %d customers, want 4 (acme, kit, zeta, and d without one)", export.Customers)
	}
	if c := export.Items[0].Contact; c != "jane@acme.example" {
		t.Errorf("acme's contact = %q, want customers.yaml's", c)
	}
	if c := export.Items[1].Contact; c != "@kit" {
		t.Errorf("kit's contact = %q, want the item's own", c)
	}
}

// TestJSONContract holds the report's JSON to DESIGN.md's names, with
// empty lists rather than null.
func TestJSONContract(t *testing.T) {
	r := loop.Compute(set(t, themesV1), set(t, now), nil)
	var buf bytes.Buffer
	if err := loop.Write(&buf, r, loop.JSON, loop.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Themes []map[string]json.RawMessage `json:"themes"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, th := range doc.Themes {
		assertKeys(t, th, "id", "title", "from", "to", "date", "items")
		var items []map[string]json.RawMessage
		if err := json.Unmarshal(th["items"], &items); err != nil || items == nil {
			t.Fatalf("items = %s, want a list", th["items"])
		}
		for _, it := range items {
			assertKeys(t, it, "id", "title", "date", "customer", "contact")
		}
	}
}

func assertKeys(t *testing.T, m map[string]json.RawMessage, keys ...string) {
	t.Helper()
	if len(m) != len(keys) {
		t.Errorf("keys %v, want exactly %v", m, keys)
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("no key %q in %v", k, m)
		}
	}
}

func TestMarkdownHasNoContacts(t *testing.T) {
	r := loop.Compute(set(t, themesV1), set(t, now), nil)
	var buf bytes.Buffer
	if err := loop.Write(&buf, r, loop.Markdown, loop.WriteOptions{Since: "v1", BaseURL: "/roadmap/"}); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, private := range []string{"jane@acme.example", "@kit", "It times out"} {
		if strings.Contains(md, private) {
			t.Errorf("release notes hold %q:\n%s", private, md)
		}
	}
	if !strings.Contains(md, "(/roadmap/themes/export/)") {
		t.Errorf("release notes do not link the theme page:\n%s", md)
	}
}

func TestThemeURL(t *testing.T) {
	for _, c := range []struct{ base, id, want string }{
		{"", "export", "/themes/export/"},
		{"/", "export", "/themes/export/"},
		{"https://example.org/roadmap", "export", "https://example.org/roadmap/themes/export/"},
		{"https://example.org/roadmap/", "café", "https://example.org/roadmap/themes/caf%C3%A9/"},
	} {
		if got := loop.ThemeURL(c.base, c.id); got != c.want {
			t.Errorf("ThemeURL(%q, %q) = %q, want %q", c.base, c.id, got, c.want)
		}
	}
}
