package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/history"
)

// oddText is in every field of TestJSONFiles' odd repository: what
// encoding/json escapes (HTML, quotes, U+2028 and U+2029), non-ASCII text
// and a long run of words for the excerpts.
const oddText = `<b>"Tom & Jerry"</b> \ naïve café ☕ 👍 line` + "\u2028sep\u2029par" + ` 'quoted'`

// TestJSONFiles: each JSON file of a site, and its sitemap, is byte for
// byte what the reference implementations (json_ref_test.go: structs
// written by encoding/json and encoding/xml) make of the same views.
func TestJSONFiles(t *testing.T) {
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	odd := writeRepo(t, map[string]string{
		"heed.yaml": "title: " + q(oddText) + "\ndescription: " + q(oddText) + "\nlanguage: fr\n" +
			"publish:\n  customers: true\n",
		"customers.yaml": "c:\n  name: " + q(oddText) + "\n  segment: " + q("seg <ment>") + "\n",
		"themes/t.md": "---\ntitle: " + q(oddText) + "\nsummary: " + q(oddText) + "\nstatus: shipped\nshipped: 2026-10-01" +
			"\nkeywords: [" + q(oddText) + "]\neffort: 1\n---\n" + strings.Repeat(oddText+" ", 60) + "\n",
		"themes/u.md": "---\ntitle: Other\nstatus: planned\neffort: 2\n---\nBody.\n",
		"feedback/f.md": "---\ntitle: " + q(oddText) + "\ndate: 2026-09-01\nsource: form\ntype: bug" +
			"\nthemes: [t, u]\ncustomer: c\ntags: [" + q(oddText) + ", b]\n---\n" + strings.Repeat(oddText+"\n\n", 40),
		"feedback/g.md": "---\ntitle: Inline\ndate: 2026-09-02\nsource: form\ntype: request\nthemes: [u]\n---\nShort.\n",
		"feedback/h.md": "---\ntitle: No theme\ndate: 2026-09-03\nsource: form\ntype: request\ncustomer:\n  name: Ann\n---\n",
	})
	bench := writeRepo(t, benchRepo(300))
	for _, c := range []struct {
		name, dir string
		opts      Options
	}{
		{"fixture", "testdata/repo", Options{}},
		{"fixture under a path", "testdata/repo", Options{BaseURL: "/roadmap/"}},
		{"fixture with a host", "testdata/repo", Options{BaseURL: "https://example.org/acme/roadmap/"}},
		{"fixture internal", "testdata/repo", Options{Internal: true, BaseURL: "https://example.org/"}},
		{"odd text", odd, Options{BaseURL: "https://exämple.org/ä/"}},
		{"odd text internal", odd, Options{Internal: true}},
		{"bench", bench, Options{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.opts.Now = fixtureNow
			in := staged(load(t, c.dir), c.opts)
			// Git history for all items but the first, which has none, and
			// for the last theme: the sitemap dates pages from it.
			in.History = &history.History{Files: map[string]*history.File{}}
			when := time.Date(2026, 3, 1, 9, 30, 0, 0, time.FixedZone("", 3600))
			for _, it := range in.Content.Shown[min(1, len(in.Content.Shown)):] {
				when = when.Add(25 * time.Hour)
				in.History.Files[it.Path] = &history.File{Path: it.Path, Created: when.Add(-time.Hour), Updated: when}
			}
			if ths := in.Content.Set.Themes; len(ths) > 0 {
				p := ths[len(ths)-1].Path
				in.History.Files[p] = &history.File{Path: p, Created: when, Updated: when.Add(time.Hour)}
			}
			b := Prepare(in, c.opts).b
			b.all()
			for _, f := range []struct {
				name      string
				got, want func() ([]byte, error)
			}{
				{"feedback", b.apiFeedback, b.refAPIFeedback},
				{"themes", b.apiThemes, b.refAPIThemes},
			} {
				got, err := f.got()
				want, werr := f.want()
				if err != nil || werr != nil {
					t.Fatalf("%s: %v; reference: %v", f.name, err, werr)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from encoding/json's: %s", f.name, firstDiff(want, got))
				}
				if c.dir == odd && f.name != "insights" && !bytes.Contains(got, []byte(`\u003cb\u003e\"Tom \u0026 Jerry\"\u003c/b\u003e \\ naïve café ☕ 👍 line\u2028sep\u2029par`)) {
					t.Errorf("%s does not show the odd text:\n%s", f.name, got)
				}
			}
			// The sitemap, whole and split into files of 4 URLs (an index
			// and its parts) as a site of over 50,000 pages is.
			for _, limit := range []int{sitemapLimit, 4} {
				want, err := b.refSitemapFiles(limit)
				if err != nil {
					t.Fatal(err)
				}
				got := map[string][]byte{}
				b.sitemapFiles(func(path string, f func() ([]byte, error)) {
					if got[path], err = f(); err != nil {
						t.Fatal(err)
					}
				}, limit)
				if len(got) != len(want) {
					t.Errorf("sitemap, %d URLs a file: files %v, want %v", limit, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
				}
				for path, w := range want {
					if !bytes.Equal(got[path], w) {
						t.Errorf("sitemap, %d URLs a file: %s differs from encoding/xml's: %s", limit, path, firstDiff(w, got[path]))
					}
				}
			}
		})
	}
}

// TestJSONWriter: the writer's values and layout are encoding/json's.
func TestJSONWriter(t *testing.T) {
	for _, c := range []struct {
		name  string
		write func(w *jsonWriter)
		want  any
	}{
		{"empty object", func(w *jsonWriter) { w.open('{'); w.close('}') }, struct{}{}},
		{"empty list", func(w *jsonWriter) { w.strList(nil) }, []string{}},
		{"nested", func(w *jsonWriter) {
			w.open('{')
			w.key("a")
			w.open('[')
			w.elem()
			w.open('{')
			w.fieldFloat("f", 1e-7)
			w.fieldInt("n", -3)
			w.key("z")
			w.null()
			w.close('}')
			w.elem()
			w.open('[')
			w.close(']')
			w.close(']')
			w.fieldOmit("gone", "")
			w.key("s")
			w.strs("a<", "", "\xe2\x80", "\xa8b")
			w.close('}')
		}, map[string]any{"a": []any{map[string]any{"n": -3, "f": 1e-7, "z": nil}, []int{}}, "s": "a<\u2028b"}},
		{"deep", func(w *jsonWriter) {
			for range 40 {
				w.open('[')
				w.elem()
			}
			w.int(1)
			for range 40 {
				w.close(']')
			}
		}, json.RawMessage(strings.Repeat("[", 40) + "1" + strings.Repeat("]", 40))},
	} {
		w := newJSONWriter(0)
		c.write(w)
		got, err := w.bytes()
		want, werr := writeJSON(c.want)
		if err != nil || werr != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: got %s (%v), want %s (%v)", c.name, got, err, want, werr)
		}
	}
	w := newJSONWriter(0)
	w.float(math.NaN())
	if _, err := w.bytes(); err == nil {
		t.Error("NaN: no error")
	}
}

// jsonStringSeeds are FuzzJSONString's seeds beyond testdata/fuzz.
var jsonStringSeeds = []string{
	"", "plain", `"quoted" \ back`, "<a href='x'>&amp;</a>", "\x00\x01\b\f\n\r\t\x1f\x7f",
	"\u2028\u2029\u2027\u202a", "naïve ☕ 👍", "\xff\xfe bad \xe2\x80", "\xe2\x80\xa8", "\xed\xa0\x80 surrogate",
	"\ufffd\ufffe\uffff\U0010ffff \x7f\x0b",
}

// FuzzJSONString: appendJSONString quotes any string as json.Marshal does,
// and strs writes parts as json.Marshal writes them joined.
func FuzzJSONString(f *testing.F) {
	for _, s := range jsonStringSeeds {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, s := range []string{a, b, a + b} {
			want, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
				t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
			}
		}
		want, _ := json.Marshal(a + b)
		for i := range len(b) + 1 {
			w := newJSONWriter(0)
			w.strs(a, b[:i], "", b[i:])
			if !bytes.Equal(w.buf, want) {
				t.Fatalf("strs(%q, %q, %q) = %s, want %s", a, b[:i], b[i:], w.buf, want)
			}
		}
	})
}

// FuzzXMLText: appendXMLText escapes any string as xml.EscapeText does.
func FuzzXMLText(f *testing.F) {
	for _, s := range jsonStringSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if got := appendXMLText(nil, s); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("appendXMLText(%q) = %q, want %q", s, got, want.Bytes())
		}
	})
}

// FuzzJSONFloat: appendJSONFloat writes any finite float64 as json.Marshal
// does.
func FuzzJSONFloat(f *testing.F) {
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1.5, 1e-7, 1e-6, 9.99e-7, 1e20, 1e21, 123456789.125, math.MaxFloat64, math.SmallestNonzeroFloat64, 0.1 + 0.2} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		want, err := json.Marshal(x)
		got, gerr := appendJSONFloat(nil, x)
		if (err != nil) != (gerr != nil) || err == nil && !bytes.Equal(got, want) {
			t.Errorf("appendJSONFloat(%v) = %s, %v; want %s, %v", x, got, gerr, want, err)
		}
	})
}
