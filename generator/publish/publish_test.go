package publish

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/source"
)

const testCustomersYAML = `orbitra:
  name: Orbitra Software
  aliases: [Orbitra]
  segment: enterprise
  contact: buyer@orbitra.example
globex:
  name: Globex
  segment: smb
rivers:
  name: Two Rivers Bakery
kettle:
  name: Kettle & Co
  segment: smb
`

// load reads in-memory files as a build does (HTML rendered), failing on
// errors.
func load(t *testing.T, files map[string]string) *content.Set {
	t.Helper()
	all := map[string]string{"customers.yaml": testCustomersYAML, "themes/export.md": "---\ntitle: Exports\nstatus: planned\n---\nExports time out.\n"}
	maps.Copy(all, files)
	snap := &source.Snapshot{}
	for _, p := range slices.Sorted(maps.Keys(all)) {
		kind, _ := source.Classify(p)
		snap.Files = append(snap.Files, source.File{Path: p, Kind: kind, Data: []byte(all[p])})
	}
	set := content.Load(snap, content.Options{HTML: true})
	if set.Diagnostics.Fails(false) {
		t.Fatalf("the files have errors:\n%v", set.Diagnostics)
	}
	return set
}

// item is a feedback file: front matter lines, then the body.
func item(fm, body string) string {
	return "---\ndate: 2026-03-02\ntype: bug\n" + fm + "---\n" + body + "\n"
}

// shown lists the ids of the items whose words Content shows.
func shown(c *Content) []string {
	var out []string
	for _, it := range c.Shown {
		out = append(out, it.ID)
	}
	return out
}

func TestWhatIsShown(t *testing.T) {
	files := map[string]string{
		"feedback/forum.md":    item("title: Forum post\nsource: community\n", "From the forum."),
		"feedback/ticket.md":   item("title: Ticket\nsource: support\ntags: [t]\nlinks: [https://support.example/1]\n", "A ticket."),
		"feedback/opted-in.md": item("title: Opted in\nsource: sales\npublic: true\n", "Said on a call, shared with consent."),
		"feedback/held.md":     item("title: Held back\nsource: review\npublic: false\n", "A review kept inside."),
		"feedback/secret.md":   item("title: Secret\nsource: community\nprivate: true\npublic: true\n", "Private wins."),
	}
	cases := []struct {
		name      string
		heed      string
		internal  bool
		shown     []string
		inSet     int
		tally     Tally
		tallyText string
	}{
		{"defaults: the public channels and what says public", "", false, []string{"forum", "opted-in"}, 5,
			Tally{Items: 5, Published: 2, Unpublished: 2, Private: 1}, "5 pieces of feedback, 3 of them not published (1 private)"},
		{"publish.sources", "publish:\n  sources: [support]\n", false, []string{"opted-in", "ticket"}, 5,
			Tally{Items: 5, Published: 2, Unpublished: 2, Private: 1}, "5 pieces of feedback, 3 of them not published (1 private)"},
		{"nothing public", "publish:\n  sources: []\n", false, []string{"opted-in"}, 5,
			Tally{Items: 5, Published: 1, Unpublished: 3, Private: 1}, "5 pieces of feedback, 4 of them not published (1 private)"},
		{"private items not counted", "publish:\n  private_counts: false\n", false, []string{"forum", "opted-in"}, 4,
			Tally{Items: 5, Published: 2, Unpublished: 2, Private: 1}, "5 pieces of feedback, 3 of them not published (1 private)"},
		{"the team's view shows all", "publish:\n  private_counts: false\n", true, []string{"forum", "held", "opted-in", "secret", "ticket"}, 5,
			Tally{Items: 5, Published: 2, Unpublished: 2, Private: 1}, "5 pieces of feedback, 3 of them not published (1 private)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := maps.Clone(files)
			f["heed.yaml"] = "title: T\n" + tc.heed
			set := load(t, f)
			c := Make(set, Options{Internal: tc.internal})
			if got := shown(c); !slices.Equal(got, tc.shown) {
				t.Errorf("shown %q, want %q", got, tc.shown)
			}
			if len(c.Set.Items) != tc.inSet {
				t.Errorf("%d items counted, want %d", len(c.Set.Items), tc.inSet)
			}
			if c.Tally != tc.tally || c.Tally.String() != tc.tallyText {
				t.Errorf("tally %+v %q, want %+v %q", c.Tally, c.Tally, tc.tally, tc.tallyText)
			}
			for _, it := range c.Set.Items {
				words := it.Title + it.Body + it.Text + it.HTML + strings.Join(it.Tags, "") + strings.Join(it.Links, "")
				if isShown := slices.Contains(c.Shown, it); !isShown && words != "" {
					t.Errorf("%s is not shown but keeps words: %q", it.ID, words)
				} else if isShown && it.Title == "" {
					t.Errorf("%s is shown without its title", it.ID)
				}
				if it.Customer != nil && it.Customer.Contact != "" {
					t.Errorf("%s keeps its customer's contact", it.ID)
				}
			}
			if set.Item("ticket").Title != "Ticket" {
				t.Error("Make changed the set it was given")
			}
		})
	}
}

func TestNamesReplaced(t *testing.T) {
	files := map[string]string{
		"heed.yaml": "title: T\n",
		"feedback/2026-03-02-orbitra-wants-sso.md": item("title: \"Orbitra's procurement is blocked\"\nsource: community\ncustomer: orbitra\n"+
			"tags: [orbitra, sso]\nlinks: [https://forum.example/orbitra-software/1, https://forum.example/2]\nthemes: [export]\n",
			"Orbitra want SSO.\n\nWrite to [their admin](https://orbitra.example/admin) or `orbitra`. Signed, **Orbitra\nSoftware**."),
		"feedback/2026-03-02-customer-wants-sso.md": item("title: Taken\nsource: community\n", "An id the rename must avoid."),
		"feedback/tricky.md":                        item("title: Encoded\nsource: form\n", "Orbi&#116;ra and Glo&#98;ex? GLOBEX."),
		"feedback/split.md":                         item("title: Split\nsource: form\n", "We met Two *Rivers* Bakery & \\*Kettle & Co\\* today."),
		"feedback/kettle.md":                        item("title: Kettle\nsource: form\n", "Ask *Kettle & Co* first."),
		"feedback/dup.md":                           item("title: Again\nsource: community\nduplicate_of: 2026-03-02-orbitra-wants-sso\n", "Same."),
		"feedback/inline.md":                        item("title: Inline\nsource: review\ncustomer: {name: Initech Ltd, segment: mid-market, contact: x@initech.example}\n", "Initech Ltd loves it."),
		"themes/orbitra-asks.md": "---\ntitle: What Orbitra asks\nsummary: Orbitra's list\nstatus: exploring\nkeywords: [orbitra, sso]\n---\n" +
			"Orbitra asked first.\n",
	}
	set := load(t, files)
	c := Make(set, Options{})
	renamed := c.Set.Item("2026-03-02-customer-wants-sso-2")
	if renamed == nil {
		t.Fatalf("the item whose id names Orbitra is not renamed around the id taken: %q", shown(c))
	}
	if c.ItemKey(renamed.ID) != "2026-03-02-orbitra-wants-sso" || c.ItemID("2026-03-02-orbitra-wants-sso") != renamed.ID {
		t.Error("the renamed item's keys do not map both ways")
	}
	if got := c.Set.Item("dup").DuplicateOf; got != renamed.ID {
		t.Errorf("duplicate_of = %q, want the renamed id", got)
	}
	for _, tc := range []struct{ what, got, want string }{
		{"title", renamed.Title, "[an enterprise customer]'s procurement is blocked"},
		{"tags", strings.Join(renamed.Tags, ","), "[an enterprise customer],sso"},
		{"links", strings.Join(renamed.Links, ","), "https://forum.example/2"},
		{"text", renamed.Text, "[an enterprise customer] want SSO.\nWrite to their admin or [an enterprise customer]. Signed, [an enterprise customer]."},
		{"html", renamed.HTML, "<p>[an enterprise customer] want SSO.</p>\n<p>Write to <a href=\"https://customer.example/admin\">their admin</a> or <code>[an enterprise customer]</code>. Signed, <strong>[an enterprise customer]</strong>.</p>\n"},
		{"a name split by markup: the HTML becomes the text", c.Set.Item("split").HTML, "<p>We met [customer] &amp; *[an smb customer]* today.</p>\n"},
		{"a name with a character reference in HTML", c.Set.Item("kettle").HTML, "<p>Ask <em>[an smb customer]</em> first.</p>\n"},
		{"encoded text", c.Set.Item("tricky").Text, "[an enterprise customer] and [an smb customer]? [an smb customer]."},
		{"encoded html", c.Set.Item("tricky").HTML, "<p>[an enterprise customer] and [an smb customer]? [an smb customer].</p>\n"},
		{"inline customer", c.Set.Item("inline").Text, "[a mid-market customer] loves it."},
		{"inline name", c.Set.Item("inline").Customer.Name, ""},
		{"registered name", renamed.Customer.Name + renamed.Customer.Contact, ""},
		{"theme id", c.ThemeID("orbitra-asks"), "customer-asks"},
		{"theme title", c.Set.Theme("customer-asks").Title, "What [an enterprise customer] asks"},
		{"theme summary", c.Set.Theme("customer-asks").Summary, "[an enterprise customer]'s list"},
		{"theme keywords", strings.Join(c.Set.Theme("customer-asks").Keywords, ","), "[an enterprise customer],sso"},
		{"theme html", c.Set.Theme("customer-asks").HTML, "<p>[an enterprise customer] asked first.</p>\n"},
		{"themes of an item", strings.Join(renamed.Themes, ","), "export"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.what, tc.got, tc.want)
		}
	}
	i := slices.IndexFunc(set.Items, func(it *content.Item) bool { return it.ID == "2026-03-02-orbitra-wants-sso" })
	title, text, tags, ok := c.Words(i, set.Items[i])
	if !ok || strings.Contains(strings.ToLower(title+text+strings.Join(tags, " ")), "orbitra") || !strings.Contains(text, "want SSO") || !slices.Equal(tags, []string{"sso"}) {
		t.Errorf("grouping reads %q %q %q %v: names must be cut out, the rest kept", title, text, tags, ok)
	}

	internal := Make(set, Options{Internal: true})
	if it := internal.Set.Item("2026-03-02-orbitra-wants-sso"); it == nil || !strings.Contains(it.Title, "Orbitra") || it.Customer.Name != "Orbitra Software" || it.Customer.Contact != "" {
		t.Errorf("the team's view changes words or shows contacts: %+v", it)
	}

	files["heed.yaml"] = "title: T\npublish:\n  customers: true\n"
	named := Make(load(t, files), Options{})
	if it := named.Set.Item("2026-03-02-orbitra-wants-sso"); it == nil || !strings.Contains(it.Title, "Orbitra") || it.Customer.Name != "Orbitra Software" || it.Customer.Contact != "" {
		t.Errorf("with publish.customers the names stay, the contact never: %+v", it)
	}
}

func TestWarnings(t *testing.T) {
	files := map[string]string{
		"heed.yaml": "title: T\n",
		"feedback/a.md": "---\ntitle: \"Blocked: Orbitra's review\"\ndate: 2026-03-02\nsource: community\ntype: bug\ntags: [orbitra]\n" +
			"links: [https://forum.example/globex]\n---\nFirst line.\n  Then ORBITRA and Orbitra\nSoftware, on two lines.\n",
		"feedback/ticket.md": item("title: Orbitra ticket\nsource: support\n", "Orbitra again: not published, no warning."),
		"feedback/quiet.md":  item("title: Orbitra, quietly\nsource: review\npublic: false\n", "Orbitra."),
		"themes/t.md":        "---\ntitle: SSO\nsummary: What Globex wants\nstatus: planned\nkeywords: [sso, globex]\n---\nGlobex.\n",
	}
	var got []string
	for _, d := range Warnings(load(t, files), nil) {
		if d.Rule != "customer-name" || d.Severity.String() != "warning" {
			t.Errorf("not a customer-name warning: %s", d)
		}
		got = append(got, fmt.Sprintf("%s:%d:%d %s", d.Path, d.Line, d.Col, d.Message[:strings.Index(d.Message, " in ")]))
	}
	slices.Sort(got)
	want := []string{
		`feedback/a.md:10:8 customer name "ORBITRA"`,
		`feedback/a.md:10:20 customer name "Orbitra Software"`,
		`feedback/a.md:2:18 customer name "Orbitra"`,
		`feedback/a.md:6:1 customer name "orbitra"`,
		`feedback/a.md:7:1 customer name "globex"`,
		`themes/t.md:3:15 customer name "Globex"`,
		`themes/t.md:5:1 customer name "globex"`,
		`themes/t.md:7:1 customer name "Globex"`,
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n got %q\nwant %q", got, want)
	}

	files["heed.yaml"] = "title: T\npublish:\n  customers: true\n"
	if ds := Warnings(load(t, files), nil); len(ds) > 0 {
		t.Errorf("with publish.customers names are published: no warning, got %v", ds)
	}
}

// TestCacheSameAsMake: a Cache used on successive states of a repository
// (heed serve) makes what Make and Warnings make of each, reusing what it
// made of the items that did not change.
func TestCacheSameAsMake(t *testing.T) {
	files := map[string]string{
		"heed.yaml":     "title: T\n",
		"feedback/a.md": item("title: Orbitra asks\nsource: community\ncustomer: orbitra\n", "Orbitra wants SSO."),
		"feedback/b.md": item("title: A ticket\nsource: support\ncustomer: globex\n", "Globex, in a ticket."),
		"feedback/c.md": item("title: Globex too\nsource: form\n", "Globex wants it."),
	}
	set := load(t, files)
	names := NewNames(AllCustomers(set))
	cache := NewCache()
	same := func(step string, set *content.Set) *Content {
		t.Helper()
		got, want := cache.Make(set, Options{Names: names}), Make(set, Options{Names: names})
		if !reflect.DeepEqual(got.Set.Items, want.Set.Items) || !reflect.DeepEqual(got.Set.Themes, want.Set.Themes) ||
			!slices.Equal(shown(got), shown(want)) || !reflect.DeepEqual(got.words, want.words) || got.Tally != want.Tally {
			t.Errorf("%s: the cache made another content than Make", step)
		}
		if g, w := cache.Warnings(set, names), Warnings(set, names); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: warnings %v, want %v", step, g, w)
		}
		return got
	}
	first := same("first", set)

	// An edit: a new value for c, the others as they were.
	edited := load(t, map[string]string{"heed.yaml": files["heed.yaml"], "feedback/c.md": item("title: Orbitra too\nsource: form\n", "Orbitra wants it.")}).Item("c")
	edited.Customer = nil
	next := content.NewSet(set.Config, []*content.Item{set.Item("a"), set.Item("b"), edited}, set.Themes, set.Customers)
	second := same("an edited item", next)
	if second.Set.Item("a") != first.Set.Item("a") {
		t.Error("an item that did not change was made again")
	}
	if second.Set.Item("c") == first.Set.Item("c") {
		t.Error("the edited item was not made again")
	}

	// A new item whose id takes the id a renamed one had: every copy is
	// made again (copies hold the ids of others).
	renamed := load(t, map[string]string{"heed.yaml": files["heed.yaml"], "feedback/orbitra.md": item("title: Named\nsource: form\n", "x")}).Item("orbitra")
	third := same("a renamed id", content.NewSet(set.Config, []*content.Item{set.Item("a"), set.Item("b"), edited, renamed}, set.Themes, set.Customers))
	if third.Set.Item("a") == second.Set.Item("a") {
		t.Error("copies were reused although the renamed ids changed")
	}
}

// TestShownInTheSetsOrder: an id renamed for the customer it names sorts
// elsewhere, and Shown, like the set, follows the new ids' order.
func TestShownInTheSetsOrder(t *testing.T) {
	files := map[string]string{
		"heed.yaml":                "title: T\n",
		"feedback/bravo.md":        item("title: B\nsource: community\n", "B."),
		"feedback/orbitra-asks.md": item("title: O\nsource: community\n", "O."), // customer-asks: before delta
		"feedback/delta.md":        item("title: D\nsource: form\n", "D."),
		"feedback/hidden.md":       item("title: H\nsource: support\n", "Not shown."),
	}
	for _, cache := range []bool{false, true} {
		set := load(t, files)
		var c *Content
		if cache {
			c = NewCache().Make(set, Options{})
		} else {
			c = Make(set, Options{})
		}
		if got, want := shown(c), []string{"bravo", "customer-asks", "delta"}; !slices.Equal(got, want) {
			t.Errorf("cache %v: shown %q, want %q", cache, got, want)
		}
	}
}
