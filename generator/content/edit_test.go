package content

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/config"
)

func TestSetThemes(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
		themes         []string
	}{
		{
			name:   "YAML without the key: added last, comments and quoting kept",
			in:     "---\n# from the Q3 survey\ntitle: 'Export: \"slow\"'   # as said\ndate: 2026-01-08\nsource: survey\ntype: bug\n---\nBody.\n",
			want:   "---\n# from the Q3 survey\ntitle: 'Export: \"slow\"'   # as said\ndate: 2026-01-08\nsource: survey\ntype: bug\nthemes: [bulk-export]\n---\nBody.\n",
			themes: []string{"bulk-export"},
		},
		{
			name:   "YAML empty flow list in the middle, comment after it kept",
			in:     "---\ntitle: T\nthemes: []  # triage me\ndate: 2026-01-08\n---\n",
			want:   "---\ntitle: T\nthemes: [sso, audit-log]  # triage me\ndate: 2026-01-08\n---\n",
			themes: []string{"sso", "audit-log"},
		},
		{
			name:   "YAML key with no value",
			in:     "---\ntitle: T\nthemes:\ndate: 2026-01-08\n---\n",
			want:   "---\ntitle: T\nthemes: [sso]\ndate: 2026-01-08\n---\n",
			themes: []string{"sso"},
		},
		{
			name:   "YAML block list keeps its indentation; the comment below stays",
			in:     "---\ntitle: T\nthemes:\n  - old\n# reviewed\ndate: 2026-01-08\n---\n",
			want:   "---\ntitle: T\nthemes:\n  - sso\n  - new\n# reviewed\ndate: 2026-01-08\n---\n",
			themes: []string{"sso", "new"},
		},
		{
			name:   "YAML block list at the key's indentation, last key",
			in:     "---\ntitle: T\nthemes:\n- old\n---\nBody\n",
			want:   "---\ntitle: T\nthemes:\n- sso\n---\nBody\n",
			themes: []string{"sso"},
		},
		{
			name:   "YAML with CRLF line endings",
			in:     "---\r\ntitle: T\r\ndate: 2026-01-08\r\n---\r\nBody\r\n",
			want:   "---\r\ntitle: T\r\ndate: 2026-01-08\r\nthemes: [sso]\r\n---\r\nBody\r\n",
			themes: []string{"sso"},
		},
		{
			name:   "TOML without the key: added before the first table",
			in:     "+++\ntitle = \"T\" # a title\ndate = 2026-01-08\n\n[customer]\nid = \"acme\"\n+++\nBody\n",
			want:   "+++\ntitle = \"T\" # a title\ndate = 2026-01-08\n\nthemes = [\"sso\"]\n[customer]\nid = \"acme\"\n+++\nBody\n",
			themes: []string{"sso"},
		},
		{
			name:   "TOML without tables",
			in:     "+++\ntitle = 'T'\n+++\n",
			want:   "+++\ntitle = 'T'\nthemes = [\"sso\"]\n+++\n",
			themes: []string{"sso"},
		},
		{
			name:   "TOML multi-line array replaced, comment after kept",
			in:     "+++\nthemes = [\n  \"a\", # first\n]  # list\ntitle = \"T\"\n+++\n",
			want:   "+++\nthemes = [\"sso\"]  # list\ntitle = \"T\"\n+++\n",
			themes: []string{"sso"},
		},
		{
			name:   "JSON without the key: added after the last, indented alike",
			in:     "{\n  \"title\": \"T\",\n  \"date\": \"2026-01-08\"\n}\n\nBody\n",
			want:   "{\n  \"title\": \"T\",\n  \"date\": \"2026-01-08\",\n  \"themes\": [\"sso\"]\n}\n\nBody\n",
			themes: []string{"sso"},
		},
		{
			name:   "JSON empty list replaced",
			in:     "{\n  \"themes\": [],\n  \"title\": \"T \\\"q\\\" }\"\n}\n\nBody\n",
			want:   "{\n  \"themes\": [\"sso\"],\n  \"title\": \"T \\\"q\\\" }\"\n}\n\nBody\n",
			themes: []string{"sso"},
		},
		{
			name:   "JSON between ;;; delimiters on one line",
			in:     ";;;\n{\"title\": \"T\"}\n;;;\nBody\n",
			want:   ";;;\n{\"title\": \"T\", \"themes\": [\"sso\"]}\n;;;\nBody\n",
			themes: []string{"sso"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := SetThemes([]byte(c.in), c.themes)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestSetThemesRefuses(t *testing.T) {
	for _, c := range []struct{ name, in string }{
		{"no front matter", "just text\n"},
		{"unclosed", "---\ntitle: T\n"},
		{"themes a nested map", "---\nthemes:\n  a: b\n---\n"},
		{"themes with an anchor", "---\nthemes: &x [a]\nother: *x\n---\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := SetThemes([]byte(c.in), []string{"sso"}); !errors.Is(err, ErrNotEditable) {
				t.Errorf("err = %v, want ErrNotEditable", err)
			}
		})
	}
	if _, err := SetThemes([]byte("---\ntitle: T\n---\n"), []string{"Not A Slug"}); err == nil {
		t.Error("a theme id that is not a slug was written")
	}
}

// FuzzSetThemes: whatever the file, SetThemes either refuses it or returns
// a file that parses, whose themes are the ones set, whose other keys and
// body are unchanged (checkEdit verifies that before returning, and this
// test checks it again independently of it through the item parser), and
// that differs from the input only inside the front matter.
func FuzzSetThemes(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\ndate: 2026-01-08\nsource: survey\ntype: bug\n---\nBody\n",
		"---\ntitle: T # c\nthemes: []\n---\n",
		"---\nthemes:\n  - a\n  - b\ntitle: T\n---\n",
		"+++\ntitle = \"T\"\n[customer]\nid = \"x\"\n+++\n",
		"{\n  \"title\": \"T\"\n}\n\nBody\n",
		";;;\n{\"themes\": [\"a\"]}\n;;;\n",
	} {
		f.Add(s, "sso")
	}
	p := NewParser(config.Default(), false)
	f.Fuzz(func(t *testing.T, in, theme string) {
		themes := []string{"sso"}
		if config.IsSlug(theme) {
			themes = append(themes, theme)
		}
		out, err := SetThemes([]byte(in), themes)
		if err != nil {
			return
		}
		before, _ := p.ParseItem("feedback/x.md", []byte(in))
		after, _ := p.ParseItem("feedback/x.md", out)
		if after == nil {
			t.Fatalf("edited file does not parse:\n%s", out)
		}
		if !slices.Equal(after.Themes, themes) {
			t.Fatalf("themes %v, want %v:\n%s", after.Themes, themes, out)
		}
		if before != nil && (before.Title != after.Title || before.Body != after.Body || !before.Date.Equal(after.Date)) {
			t.Fatalf("other fields changed:\n%s\n->\n%s", in, out)
		}
		// Only the front matter changed: the input's tail (body) is the
		// output's tail.
		if b := before; b != nil && !strings.HasSuffix(string(out), b.Body) {
			t.Fatalf("body changed")
		}
	})
}
