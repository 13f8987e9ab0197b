package diag_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/diag"
)

func TestString(t *testing.T) {
	d := diag.Errorf("feedback/a.md", 4, 9, "enum", "source %q is wrong", "x")
	if got, want := d.String(), `feedback/a.md:4:9: error: source "x" is wrong [enum]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	// A whole-file problem still prints a valid position.
	w := diag.Warnf("feedback/b.md", 0, 0, "too-large", "big")
	if got, want := w.String(), "feedback/b.md:1:1: warning: big [too-large]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestSortIsIndependentOfInputOrder(t *testing.T) {
	a := diag.List{
		diag.Errorf("b.md", 1, 1, "r", "m"), diag.Errorf("a.md", 9, 1, "r", "m"),
		diag.Errorf("a.md", 2, 5, "z", "m"), diag.Errorf("a.md", 2, 5, "a", "m"),
	}
	b := diag.List{a[3], a[1], a[0], a[2]}
	a.Sort()
	b.Sort()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("order depends on input: %v vs %v", a, b)
		}
	}
	if a[0].Rule != "a" || a[3].Path != "b.md" {
		t.Errorf("unexpected order %v", a)
	}
}

func TestFails(t *testing.T) {
	warn := diag.List{diag.Warnf("a", 1, 1, "w", "w")}
	if warn.Fails(false) || !warn.Fails(true) {
		t.Error("a warning fails only with strict")
	}
	if !(diag.List{diag.Errorf("a", 1, 1, "e", "e")}).Fails(false) {
		t.Error("an error fails")
	}
}

func TestGitHubFormatEscapes(t *testing.T) {
	var b bytes.Buffer
	l := diag.List{diag.Errorf("feedback/a,b:c.md", 3, 2, "enum", "100%% wrong\nsecond line")}
	if err := diag.Write(&b, l, "github"); err != nil {
		t.Fatal(err)
	}
	want := "::error file=feedback/a%2Cb%3Ac.md,line=3,col=2,title=heed enum::100%25 wrong%0Asecond line\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
	if err := diag.Write(&b, l, "xml"); err == nil || !strings.Contains(err.Error(), "text, json, github") {
		t.Errorf("unknown format error: %v", err)
	}
}

func TestDidYouMean(t *testing.T) {
	opts := []string{"survey", "support", "sales"}
	for word, want := range map[string]string{"suport": "support", "survy": "survey", "slaes": "sales", "zzzzzz": "", "": ""} {
		if got := diag.Closest(word, opts); got != want {
			t.Errorf("Closest(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n    int
		word string
		want string
	}{
		{0, "warning", "0 warnings"},
		{1, "theme", "1 theme"},
		{2, "item", "2 items"},
		{1, "contact detail", "1 contact detail"},
		{12, "contact detail", "12 contact details"},
	} {
		if got := diag.Plural(c.n, c.word); got != c.want {
			t.Errorf("Plural(%d, %q) = %q, want %q", c.n, c.word, got, c.want)
		}
	}
}
