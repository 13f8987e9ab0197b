package render

import (
	"bytes"
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"
)

// collect emits a plan's files into a map.
func collect(t *testing.T, p *Plan) (map[string][]byte, Emitted) {
	t.Helper()
	var mu sync.Mutex
	files := map[string][]byte{}
	sum, err := p.Emit(func(path string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := files[path]; dup {
			t.Errorf("%s emitted twice", path)
		}
		files[path] = bytes.Clone(data) // emit must not keep data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, sum
}

// TestEmit: Emit hands over exactly the files Render makes, byte for byte,
// with the same counts and diagnostics.
func TestEmit(t *testing.T) {
	opts := Options{Now: fixtureNow, BaseURL: "https://example.org/acme/roadmap/"}
	in := load(t, "testdata/repo")
	want := Prepare(staged(in, opts), opts).Render(nil, nil)
	got, sum := collect(t, Prepare(staged(in, opts), opts))
	if !maps.EqualFunc(got, want.Files, bytes.Equal) {
		for p := range want.Files {
			if !bytes.Equal(got[p], want.Files[p]) {
				t.Errorf("%s differs from Render's", p)
			}
		}
		for p := range got {
			if _, ok := want.Files[p]; !ok {
				t.Errorf("%s is not in Render's site", p)
			}
		}
	}
	if sum.Pages != want.Pages || sum.Files != len(want.Files) || sum.Bytes != want.Size() {
		t.Errorf("Emitted %d pages, %d files, %d bytes; Render: %d, %d, %d",
			sum.Pages, sum.Files, sum.Bytes, want.Pages, len(want.Files), want.Size())
	}
	if len(sum.Diagnostics) != len(want.Diagnostics) {
		t.Errorf("diagnostics %v, Render's %v", sum.Diagnostics, want.Diagnostics)
	}
}

// TestEmitBrokenTemplate: a template that fails to parse emits nothing; one
// that fails on some pages gives Render's diagnostics.
func TestEmitBrokenTemplate(t *testing.T) {
	for name, file := range map[string]map[string]string{
		"parse error":     {"templates/theme.html": "{{template \"base\" .}}\n{{define \"main\"}}\n<h1>{{.Theme.Title}</h1>\n{{end}}\n"},
		"execution error": {"templates/roadmap.html": "{{template \"base\" .}}\n{{define \"main\"}}\n\n{{.Nope}}\n{{end}}\n"},
	} {
		t.Run(name, func(t *testing.T) {
			in := load(t, writeRepo(t, withFiles(file)))
			want := Render(staged(in, Options{Now: fixtureNow}), Options{Now: fixtureNow})
			files, sum := collect(t, Prepare(staged(in, Options{Now: fixtureNow}), Options{Now: fixtureNow}))
			if !sum.Diagnostics.Fails(false) {
				t.Fatal("no error diagnostic")
			}
			if !slices.Equal(sum.Diagnostics, want.Diagnostics) {
				t.Errorf("diagnostics %v, Render's %v", sum.Diagnostics, want.Diagnostics)
			}
			if name == "parse error" && len(files) != 0 {
				t.Errorf("emitted %d files with a template that does not parse", len(files))
			}
		})
	}
}

// TestEmitError: an error from emit stops the rendering and comes back.
func TestEmitError(t *testing.T) {
	full := errors.New("disk full")
	var mu sync.Mutex
	calls := 0
	_, err := Prepare(staged(load(t, "testdata/repo"), Options{Now: fixtureNow}), Options{Now: fixtureNow}).Emit(func(string, []byte) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		return full
	})
	if !errors.Is(err, full) {
		t.Fatalf("Emit = %v, want the emit error", err)
	}
	if calls > 4 {
		t.Errorf("emit called %d times after failing", calls)
	}
}
