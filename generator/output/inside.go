package output

import (
	"os"
	"path/filepath"
)

// SiteAround returns the site folder heed made (one holding Marker) that
// holds the file at path, or "" when none does. Tools that write what is
// meant for the team only (heed loop's contacts) ask it before writing, so
// that nothing of theirs is published with a site.
func SiteAround(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if st, err := os.Lstat(filepath.Join(dir, Marker)); err == nil && st.Mode().IsRegular() {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}
