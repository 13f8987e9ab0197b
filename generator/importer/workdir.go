package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/heedhq/heed/generator/internal/flock"
)

// An import writes its files in a hidden folder of its own inside the
// folder they go to, then moves each into place. The folder holds a marker
// file that the import keeps locked while it runs: a later import removes
// such folders whose marker no one holds (their import was killed), and
// nothing else.
const (
	workPrefix = ".heed-import-"
	workMarker = ".heed-import"
	workText   = "A heed import writes here while it runs; a later import removes what a stopped one left.\n"
)

// workDir is an import's hidden folder.
type workDir struct {
	path string
	lock *flock.Lock
}

// newWorkDir removes what stopped imports left in folder and makes this
// import's hidden folder there.
func newWorkDir(folder string) (*workDir, error) {
	sweepWorkDirs(folder)
	path, err := os.MkdirTemp(folder, workPrefix+"*")
	if err != nil {
		return nil, err
	}
	marker := filepath.Join(path, workMarker)
	if err := os.WriteFile(marker, []byte(workText), 0o644); err != nil {
		os.RemoveAll(path) // made above
		return nil, err
	}
	lock, err := flock.Acquire(marker, nil)
	if err != nil && !errors.Is(err, flock.ErrUnsupported) {
		os.RemoveAll(path) // made above
		return nil, err
	}
	return &workDir{path: path, lock: lock}, nil
}

// remove removes the folder.
func (w *workDir) remove() {
	w.lock.Release()
	os.RemoveAll(w.path) // made by newWorkDir
}

// sweepWorkDirs removes the hidden folders of imports that were stopped
// before they could: named as newWorkDir names them, holding the marker,
// which no running import holds. Without file locks (a platform that has
// none) it removes nothing.
func sweepWorkDirs(folder string) {
	if !flock.Supported {
		return
	}
	entries, err := os.ReadDir(folder)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), workPrefix) {
			continue
		}
		dir := filepath.Join(folder, e.Name())
		marker := filepath.Join(dir, workMarker)
		if st, err := os.Lstat(marker); err != nil || !st.Mode().IsRegular() {
			continue
		}
		lock, ok, err := flock.TryAcquire(marker)
		if err != nil || !ok {
			continue // an import running now
		}
		lock.Release()
		os.RemoveAll(dir)
	}
}
