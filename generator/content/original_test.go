package content_test

import (
	"fmt"
	"testing"
)

// TestOriginal: Set.Original follows duplicate_of to the end of the chain,
// and gives nil for a chain that names a missing item or loops, whatever
// item of the loop it starts from.
func TestOriginal(t *testing.T) {
	cases := []struct {
		name string
		// dups maps an item to the item it duplicates ("" for none).
		dups map[string]string
		// want maps an item to its original ("" for nil).
		want map[string]string
	}{
		{"no duplicate", map[string]string{"a": ""}, map[string]string{"a": "a"}},
		{"one link", map[string]string{"a": "", "b": "a"}, map[string]string{"a": "a", "b": "a"}},
		{"a chain", map[string]string{"a": "", "b": "a", "c": "b", "d": "c"}, map[string]string{"b": "a", "c": "a", "d": "a"}},
		{"a broken chain", map[string]string{"b": "gone", "c": "b"}, map[string]string{"b": "", "c": ""}},
		{"a loop of two", map[string]string{"a": "b", "b": "a"}, map[string]string{"a": "", "b": ""}},
		{"a loop of three and its tail", map[string]string{"a": "b", "b": "c", "c": "a", "d": "a", "e": "d"},
			map[string]string{"a": "", "b": "", "c": "", "d": "", "e": ""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{}
			for id, of := range c.dups {
				fm := base
				if of != "" {
					fm += "duplicate_of: " + of + "\n"
				}
				files[fmt.Sprintf("feedback/%s.md", id)] = item(fm)
			}
			set := load(files)
			for id, want := range c.want {
				got := set.Original(set.Item(id))
				switch {
				case want == "" && got != nil:
					t.Errorf("Original(%s) = %s, want nil", id, got.ID)
				case want != "" && (got == nil || got.ID != want):
					t.Errorf("Original(%s) = %v, want %s", id, got, want)
				}
			}
		})
	}
}
