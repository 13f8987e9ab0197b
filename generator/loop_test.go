package generator

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/heedhq/heed/generator/output"
)

func TestCheckInternalOut(t *testing.T) {
	dir := t.TempDir()
	public := filepath.Join(dir, "public")
	if err := os.MkdirAll(filepath.Join(public, "api"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(public, output.Marker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file    string
		refused bool
	}{
		{"tell.csv", false},
		{"reports/tell.csv", false},
		{"site", true},
		{"site/tell.csv", true},            // the default site folder, built or not
		{"site/deep/tell.csv", true},       // anywhere under it
		{"public/api/tell.json", true},     // a folder heed build wrote
		{"sitemap/tell.csv", false},        // a name that starts like site
		{"../elsewhere/tell.csv", false},   // outside the repository
		{"public-notes/tell.md", false},    // beside a site folder
		{"public/../notes/tell.md", false}, // out of it again
	} {
		err := CheckInternalOut(dir, filepath.Join(dir, c.file))
		if got := errors.Is(err, ErrInSite); got != c.refused {
			t.Errorf("%s: refused = %v (%v), want %v", c.file, got, err, c.refused)
		}
	}
}
