package source

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

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
	tmp, err := os.CreateTemp(tmpDir, ".heed-*.tmp")
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
