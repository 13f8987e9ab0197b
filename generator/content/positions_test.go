package content

import (
	"reflect"
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
	}
	ls := &layouts{seen: map[layout]map[string]Position{}}
	for round := range 2 {
		for _, d := range docs {
			meta, problems := parseYAML([]byte(d), 1)
			if meta == nil || problems != nil {
				t.Fatalf("%q: %v", d, problems)
			}
			if got, want := ls.positions(meta), positionMap(meta); !reflect.DeepEqual(got, want) {
				t.Errorf("round %d, %q: positions %v, want %v", round, d, got, want)
			}
		}
	}
	if len(ls.seen) != len(docs)-2 {
		t.Errorf("%d layouts kept, want %d", len(ls.seen), len(docs)-2)
	}
}
