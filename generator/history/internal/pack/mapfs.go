package pack

import (
	"bytes"
	"errors"
	"strings"

	"github.com/go-git/go-billy/v5"
)

// packFS is a repository's .git folder whose pack files are read through a
// memory map where the system has them. go-git's pack scanner seeks before
// every object and refills a 4 KiB buffer: from an open file that is a seek
// and a read system call per object, tens of thousands in a walk, and for
// an object stored whole, twice. From a memory map it is a copy.
type packFS struct {
	billy.Filesystem
}

// FS returns fs reading pack files through memory maps.
func FS(fs billy.Filesystem) billy.Filesystem {
	if _, ok := fs.(packFS); ok {
		return fs
	}
	return packFS{fs}
}

// Open opens a file; a pack file is mapped when it can be.
func (fs packFS) Open(name string) (billy.File, error) {
	f, err := fs.Filesystem.Open(name)
	if err != nil || !strings.HasSuffix(name, ".pack") {
		return f, err
	}
	data, unmap := mapFile(fs.Filesystem, name)
	if data == nil {
		return f, nil
	}
	return &mappedFile{File: f, r: bytes.NewReader(data), unmap: unmap}, nil
}

// mappedFile reads a file through its memory map. Reads copy from the map,
// so closing the file cannot leave dangling slices.
type mappedFile struct {
	billy.File // the open file, for its name and locks
	r          *bytes.Reader
	unmap      func() error
}

var errReadOnly = errors.New("mapped pack file is read-only")

func (f *mappedFile) Read(p []byte) (int, error)                   { return f.r.Read(p) }
func (f *mappedFile) ReadAt(p []byte, off int64) (int, error)      { return f.r.ReadAt(p, off) }
func (f *mappedFile) Seek(offset int64, whence int) (int64, error) { return f.r.Seek(offset, whence) }
func (f *mappedFile) Write([]byte) (int, error)                    { return 0, errReadOnly }
func (f *mappedFile) Truncate(int64) error                         { return errReadOnly }

func (f *mappedFile) Close() error {
	err := f.unmap()
	f.r = bytes.NewReader(nil)
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	return err
}
