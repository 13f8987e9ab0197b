package content_test

import (
	"slices"
	"testing"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
)

// TestPublished: an item's words are published when it is not private and
// says public: true, or does not say public: false and comes from a source
// publish.sources lists.
func TestPublished(t *testing.T) {
	yes, no := true, false
	cfg := config.Default()
	for _, tc := range []struct {
		source  string
		public  *bool
		private bool
		want    bool
	}{
		{"community", nil, false, true},
		{"review", nil, false, true},
		{"support", nil, false, false},
		{"sales", nil, false, false},
		{"sales", &yes, false, true},
		{"community", &no, false, false},
		{"community", nil, true, false},
		{"community", &yes, true, false},
	} {
		it := &content.Item{Source: tc.source, Public: tc.public, Private: tc.private}
		if got := it.Published(cfg); got != tc.want {
			t.Errorf("source %s, public %v, private %v: published %v, want %v", tc.source, tc.public, tc.private, got, tc.want)
		}
	}
}

// TestAliases: a customer lists the other names people write for it, in
// customers.yaml or in an item's front matter.
func TestAliases(t *testing.T) {
	s := load(map[string]string{
		"customers.yaml": "acme:\n  name: Acme Corporation\n  aliases: [Acme, ACME Corp]\n",
		"feedback/a.md":  item(base + "customer: {id: zed, name: Zed Ltd, aliases: [Zed]}\n"),
	})
	if len(s.Diagnostics) > 0 {
		t.Fatal(s.Diagnostics)
	}
	if got := s.Customer("acme").Aliases; !slices.Equal(got, []string{"Acme", "ACME Corp"}) {
		t.Errorf("acme's aliases = %q", got)
	}
	if got := s.Item("a").Customer.Aliases; !slices.Equal(got, []string{"Zed"}) {
		t.Errorf("the inline customer's aliases = %q", got)
	}
}

// TestPlainText: an item's plain text shows what its HTML shows, backslash
// escapes and character references resolved, code as written.
func TestPlainText(t *testing.T) {
	p := content.NewParser(config.Default(), true)
	for body, want := range map[string]string{
		"a \\[b\\] c":                "a [b] c",
		"AT&amp;T and Orbi&#116;ra":  "AT&T and Orbitra",
		"`\\[code\\]` & *emphasis*":  "\\[code\\] & emphasis",
		"line one\nline two\n\nnext": "line one line two\nnext",
	} {
		it, ds := p.ParseItem("feedback/a.md", []byte("---\n"+base+"---\n"+body+"\n"))
		if it == nil {
			t.Fatal(ds)
		}
		if it.Text != want {
			t.Errorf("text of %q = %q, want %q", body, it.Text, want)
		}
	}
}
