package content

import (
	"reflect"

	"github.com/heedhq/heed/generator/config"
	"strings"
	"testing"
)

// TestSharedPositions: the Pos map shared between files laid out alike
// holds what a map of each file's own would.
func TestSharedPositions(t *testing.T) {
	docs := []string{
		"title: A\ncustomer: acme\nthemes: [export, speed]\n",
		"title: B\ncustomer: acme\nthemes: [export, speed]\n",       // the same layout
		"title: A\ncustomer:   acme\nthemes: [export, speed]\n",     // the customer's value moved
		"id: x\ntitle: A\nduplicate_of: y\nthemes:\n  - a\n  - b\n", // block list
		"title: A\nthemes: [" + strings.Repeat("t, ", 12) + "t]\n",  // more themes than a layout records
		"title: A\nthemes: []\n",
		"tags: [a]\n",
		"title: A\ncustomer: {id: acme}\n",
		"title: \"A\"\nsummary: 'S'\ntags: [a]\nlinks: []\n", // quoted text starts after its quote
	}
	ls := &layouts{seen: map[layout]map[string]Position{}}
	for round := range 2 {
		for _, d := range docs {
			meta, problems := parseYAML([]byte(d), 1)
			if meta == nil || problems != nil {
				t.Fatalf("%q: %v", d, problems)
			}
			data := []byte("---\n" + d)
			if got, want := ls.positions(meta, data), positionMap(meta, data); !reflect.DeepEqual(got, want) {
				t.Errorf("round %d, %q: positions %v, want %v", round, d, got, want)
			}
		}
	}
	if len(ls.seen) != len(docs)-2 {
		t.Errorf("%d layouts kept, want %d", len(ls.seen), len(docs)-2)
	}
}

// TestTextStart: the position of a title's text is its first character,
// after the quote of a quoted value, in each front matter format.
func TestTextStart(t *testing.T) {
	for _, tc := range []struct {
		file string
		want Position
	}{
		{"---\ntitle: Export\n---\n", Position{2, 8}},
		{"---\ntitle: \"Export\"\n---\n", Position{2, 9}},
		{"---\ntitle:   'Export'\n---\n", Position{2, 11}},
		{"+++\ntitle = \"Export\"\n+++\n", Position{2, 10}},
		{"{\n  \"title\": \"Export\"\n}\n", Position{2, 13}},
	} {
		p := NewParser(config.Default(), false)
		th, ds := p.ParseTheme("themes/x.md", []byte(tc.file))
		if th == nil {
			t.Fatalf("%q: %v", tc.file, ds)
		}
		if got := th.Pos["title.text"]; got != tc.want {
			t.Errorf("%q: title text at %v, want %v", tc.file, got, tc.want)
		}
	}
}
