package config_test

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/config"
)

// FuzzParse feeds arbitrary bytes to the heed.yaml parser: it must never
// panic or hang, must always return a usable configuration (the defaults
// where the file says nothing usable), and every diagnostic must point inside
// the file. Seeds are in testdata/fuzz.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		config.Commented,
		"title: T\nbaseURL: /roadmap/\n",
		"priority: demand * (1 + trend\n",
		"statuses:\n  items:\n    - {name: triaged, kind: open}\n    - name: triaged\n",
		"objectives:\n  - {id: grow, title: Grow, weight: -1}\n",
		"weights:\n  segments: {enterprise: 3, smb: x}\n",
		"publish: {items: maybe}\n",
		"demand_window: 0\nhalf_life: -3\n",
		"- a list\n",
		"a: &a [x]\nb: [*a, *a]\n",
		"title: [unclosed\n",
		"\t\ttabs: 1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) {
			return // source refuses the file before the parser sees it
		}
		c, ds := config.Parse("heed.yaml", data)
		if c == nil {
			t.Fatalf("no configuration for %q", data)
		}
		if c.BaseURL == "" || c.Title == "" {
			t.Fatalf("configuration without base URL or title for %q: %+v", data, c)
		}
		// YAML, like editors, ends a line at "\n", "\r\n" or a lone "\r".
		lf := bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
		lines := bytes.Count(lf, []byte("\n")) + 1
		for _, d := range ds {
			if d.Line < 0 || d.Line > lines || d.Col < 0 {
				t.Fatalf("diagnostic outside the file (%d lines): %s", lines, d)
			}
			if !utf8.ValidString(d.Message) {
				t.Fatalf("invalid UTF-8 in message: %q", d.Message)
			}
		}
	})
}
