package history

import (
	"errors"
	"io"
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

// mapPacks returns fs reading pack files through memory maps.
func mapPacks(fs billy.Filesystem) billy.Filesystem {
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
	return &mappedFile{File: f, data: data, unmap: unmap}, nil
}

// mappedFile reads a file through its memory map. Reads copy from the map,
// so closing the file cannot leave dangling slices.
type mappedFile struct {
	billy.File // the open file, for its name and locks
	data       []byte
	pos        int64
	unmap      func() error
}

var errReadOnly = errors.New("mapped pack file is read-only")

func (f *mappedFile) Read(p []byte) (int, error) {
	n, err := f.ReadAt(p, f.pos)
	f.pos += int64(n)
	if err == io.EOF && n > 0 {
		err = nil
	}
	return n, err
}

func (f *mappedFile) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if off >= int64(len(f.data)) {
		return 0, io.EOF
	}
	n := copy(p, f.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *mappedFile) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += f.pos
	case io.SeekEnd:
		offset += int64(len(f.data))
	default:
		return 0, errors.New("invalid whence")
	}
	if offset < 0 {
		return 0, errors.New("negative position")
	}
	f.pos = offset
	return offset, nil
}

func (f *mappedFile) Write([]byte) (int, error) { return 0, errReadOnly }
func (f *mappedFile) Truncate(int64) error      { return errReadOnly }

func (f *mappedFile) Close() error {
	err := f.unmap()
	f.data = nil
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	return err
}
