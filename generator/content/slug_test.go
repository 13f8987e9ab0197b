package content

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/heedhq/heed/generator/config"
)

// FuzzSlugify: the ASCII fast path gives what the general one does, and
// every slug is an id.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"2026-03-02-Export times out", "--a--", "", "---", "Ab_9.md", "caf\u00e9", "\u212aelvin", "x\u0130y", "日本語", "ﬁle"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := slugifyASCII(s); ok {
			if want := slugifyRunes(s); got != want {
				t.Fatalf("slugifyASCII(%q) = %q, want %q", s, got, want)
			}
		}
		if slug := Slugify(s); !config.IsSlug(slug) {
			t.Fatalf("Slugify(%q) = %q, not a slug", s, slug)
		}
	})
}

var hashRE = regexp.MustCompile(`^[a-z2-7]{8}$`)

func TestSlugify(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"Export times out", "export-times-out"},
		{"Café crème", "cafe-creme"},
		{"Cafe\u0301 cre\u0300me", "cafe-creme"}, // decomposed as typed on a Mac
		{"Straße Ærø Łódź Þór", "strasse-aero-lodz-thor"},
		{"ﬁle №5 ²", "file-no5-2"}, // compatibility forms
		{"Kelvin \u212a", "kelvin-k"},
		{"", "item"},
	} {
		if got := Slugify(c.name); got != c.want {
			t.Errorf("Slugify(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	// Letters an id cannot spell leave a hash of the name: alone, or after
	// the words it can spell.
	for _, c := range []struct{ name, prefix string }{
		{"日本語のタイトル", ""}, {"Экспорт не работает", ""}, {"हिंदी", ""}, {"!!!", ""},
		{"Export 日本語", "export-"}, {"Café 東京", "cafe-"},
	} {
		got := Slugify(c.name)
		if !strings.HasPrefix(got, c.prefix) || !hashRE.MatchString(strings.TrimPrefix(got, c.prefix)) {
			t.Errorf("Slugify(%q) = %q, want %sHASH", c.name, got, c.prefix)
		}
	}
	seen := map[string]string{}
	for _, name := range []string{"日本語のタイトル", "日本語のタイトル２", "中文标题", "Экспорт", "Импорт", "Export 日本語", "Export 中文", "!!!", "???"} {
		s := Slugify(name)
		if other, ok := seen[s]; ok {
			t.Errorf("%q and %q both make %q", name, other, s)
		}
		seen[s] = name
	}
	if a, b := Slugify("ガイド"), Slugify("ガイド"); a != b { // composed and decomposed
		t.Errorf("one name typed two ways makes %q and %q", a, b)
	}
}

// TestItemIDOfAnyScript: titles with accents or in other scripts make
// distinct ids; a long title in part of another script keeps its hash,
// so that it is never cut to a prefix another title shares.
func TestItemIDOfAnyScript(t *testing.T) {
	day := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		title, key string
		want       *regexp.Regexp
	}{
		{"Café crème is cold", "", regexp.MustCompile(`^2026-12-07-cafe-creme-is-cold$`)},
		{"日本語のタイトル", "", regexp.MustCompile(`^2026-12-07-[a-z2-7]{8}$`)},
		{"Export times out on every workspace we have, 日本語で", "", regexp.MustCompile(`^2026-12-07-export-times-out-on-every-[a-z2-7]{8}$`)},
		{"Export times out on every workspace we have and more", "k2j3h4g5f6", regexp.MustCompile(`^2026-12-07-export-times-out-on-every-workspace-we-k2j3h4g5f6$`)},
	} {
		got := ItemID(day, c.title, c.key)
		if !c.want.MatchString(got) || !config.IsSlug(got) {
			t.Errorf("ItemID(%q, %q) = %q, want %s", c.title, c.key, got, c.want)
		}
	}
	if a, b := ItemID(day, "日本語のタイトル", ""), ItemID(day, "日本語のタイトルです", ""); a == b {
		t.Errorf("two titles make one id %s", a)
	}
}
