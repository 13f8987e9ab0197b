package source

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// The temporary files of WriteNew and of rewrites (TempPattern) are hidden
// in the folder of the file they become; a process killed between creating
// and moving one leaves it behind, where `git add -A` would commit it.
const (
	// TempPattern names a temporary file for os.CreateTemp.
	TempPattern = ".heed-*.tmp"
	// staleTemp is the age past which no heed process still writes a
	// temporary file: each holds one small file for milliseconds.
	staleTemp = time.Hour
)

// SweepTemp removes from folder (not its subfolders) the temporary files
// that heed processes stopped before they could move them: regular files
// named as TempPattern names them, last written over an hour before now.
// It reports nothing: a file it cannot remove stays, as before.
func SweepTemp(folder string, now time.Time) {
	entries, err := os.ReadDir(folder)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if ok, _ := filepath.Match(TempPattern, name); !ok || !e.Type().IsRegular() {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > staleTemp {
			os.Remove(filepath.Join(folder, name))
		}
	}
}

// WriteNew writes a new file of the repository at dir (rel is its
// repository path) and never over an existing one: exists is true, and
// nothing is written, when rel exists. The file appears whole or not at
// all: it is written to a temporary file in tmpDir ("" for rel's folder,
// which is made as needed), on the same file system, then moved into
// place.
func WriteNew(dir, rel string, data []byte, tmpDir string) (exists bool, err error) {
	full := filepath.Join(dir, filepath.FromSlash(rel))
	if tmpDir == "" {
		tmpDir = filepath.Dir(full)
		if err := os.MkdirAll(tmpDir, 0o755); err != nil {
			return false, err
		}
	}
	tmp, err := os.CreateTemp(tmpDir, TempPattern)
	if err != nil {
		return false, err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = renameNoReplace(tmp.Name(), full)
		if errors.Is(err, os.ErrExist) {
			exists, err = true, nil
		}
	}
	if err != nil || exists {
		os.Remove(tmp.Name())
	}
	if err != nil {
		return false, fmt.Errorf("%s: %w", rel, err)
	}
	return exists, nil
}

// linkNoReplace moves a file to a new name unless that name exists: a hard
// link fails where a file exists, where rename would replace it.
func linkNoReplace(oldpath, newpath string) error {
	err := os.Link(oldpath, newpath)
	if err == nil {
		return os.Remove(oldpath)
	}
	if errors.Is(err, os.ErrExist) {
		return err
	}
	// A file system without hard links: check, then rename.
	if _, serr := os.Lstat(newpath); serr == nil {
		return os.ErrExist
	}
	return os.Rename(oldpath, newpath)
}
