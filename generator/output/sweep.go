package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The names of what a build makes beside the site folder "site": the lock
// file .site.lock, the new site .site.new-RANDOM (which, once swapped,
// holds the previous site until it is removed) and, where two folders
// cannot be exchanged in one step, the previous site moved aside,
// .site.old-RANDOM.
func lockName(base string) string  { return "." + base + ".lock" }
func newPrefix(base string) string { return "." + base + ".new-" }
func oldPrefix(base string) string { return "." + base + ".old-" }

// sweep removes the temporary folders that interrupted builds left beside
// the site folder dir (parent/base): those named as this package names
// them and holding the marker, never anything else. When dir is missing
// and a previous site was left moved aside, that site is put back first.
// The caller holds the lock, so no other build is using them.
func sweep(parent, base, dir string) error {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	var news, olds []string
	for _, e := range entries {
		name := e.Name()
		isNew, isOld := strings.HasPrefix(name, newPrefix(base)), strings.HasPrefix(name, oldPrefix(base))
		if (!isNew && !isOld) || !e.IsDir() || !marked(filepath.Join(parent, name)) {
			continue
		}
		if isNew {
			news = append(news, name)
		} else {
			olds = append(olds, name)
		}
	}
	if len(olds) > 0 {
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			// A build died between its two renames: the site it replaced
			// goes back, so that a failure of this build leaves it there.
			slices.Sort(olds)
			if err := os.Rename(filepath.Join(parent, olds[0]), dir); err != nil {
				return err
			}
			olds = olds[1:]
		}
	}
	for _, name := range append(news, olds...) {
		if err := os.RemoveAll(filepath.Join(parent, name)); err != nil {
			return err
		}
	}
	return nil
}

// marked says whether the folder holds the marker as a regular file.
func marked(dir string) bool {
	st, err := os.Lstat(filepath.Join(dir, Marker))
	return err == nil && st.Mode().IsRegular()
}
