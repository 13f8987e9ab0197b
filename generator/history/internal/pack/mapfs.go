package pack

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// packFS is a repository's .git folder whose pack files are read through a
// memory map where the system has them, and whose packs all have an index
// of version 2. go-git's pack scanner seeks before every object and refills
// a 4 KiB buffer: from an open file that is a seek and a read system call
// per object, tens of thousands in a walk, and for an object stored whole,
// twice. From a memory map it is a copy.
//
// git writes indexes of version 2 since 2008 but still reads version 1,
// which go-git does not: a pack whose index is of version 1, or missing
// (an interrupted copy), is indexed from the pack itself, once, by
// go-git's pack parser, and that index is served in its place.
type packFS struct {
	billy.Filesystem
	mu      sync.Mutex
	indexes map[string][]byte // made for packs whose index is not of version 2
}

// FS returns fs reading pack files through memory maps, with an index of
// version 2 for every pack.
func FS(fs billy.Filesystem) billy.Filesystem {
	if _, ok := fs.(*packFS); ok {
		return fs
	}
	return &packFS{Filesystem: fs, indexes: map[string][]byte{}}
}

// Open opens a file; a pack file is mapped when it can be.
func (fs *packFS) Open(name string) (billy.File, error) {
	if strings.HasSuffix(name, ".idx") {
		return fs.openIndex(name)
	}
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

// indexMagic starts pack indexes of version 2 and later; version 1 has no
// header.
const indexMagic = "\xfftOc"

// openIndex opens the pack index name: the file when it is of version 2 or
// later, else one made from its pack, when the pack is there.
func (fs *packFS) openIndex(name string) (billy.File, error) {
	f, openErr := fs.Filesystem.Open(name)
	if openErr == nil {
		var magic [len(indexMagic)]byte
		_, err := io.ReadFull(f, magic[:])
		if err == nil && string(magic[:]) == indexMagic {
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				f.Close()
				return nil, err
			}
			return f, nil
		}
		f.Close()
	} else if !errors.Is(openErr, os.ErrNotExist) {
		return nil, openErr
	}
	packName := strings.TrimSuffix(name, ".idx") + ".pack"
	if _, err := fs.Filesystem.Stat(packName); err != nil {
		if openErr != nil {
			return nil, openErr
		}
		return nil, fmt.Errorf("%s: %w", name, ErrBadIndex)
	}
	data, err := fs.index(packName)
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", packName, err)
	}
	return &memFile{Reader: bytes.NewReader(data), name: name}, nil
}

// index returns an index of version 2 of the pack at packName, made once.
func (fs *packFS) index(packName string) ([]byte, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if data, ok := fs.indexes[packName]; ok {
		return data, nil
	}
	f, err := fs.Filesystem.Open(packName)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	w := new(idxfile.Writer)
	parser, err := packfile.NewParser(packfile.NewScanner(f), w)
	if err != nil {
		return nil, err
	}
	if _, err := parser.Parse(); err != nil {
		return nil, err
	}
	idx, err := w.Index()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := idxfile.NewEncoder(&buf).Encode(idx); err != nil {
		return nil, err
	}
	fs.indexes[packName] = buf.Bytes()
	return buf.Bytes(), nil
}

// memFile is a read-only file held in memory.
type memFile struct {
	*bytes.Reader
	name string
}

func (f *memFile) Name() string              { return f.name }
func (f *memFile) Write([]byte) (int, error) { return 0, errReadOnly }
func (f *memFile) Truncate(int64) error      { return errReadOnly }
func (f *memFile) Close() error              { return nil }
func (f *memFile) Lock() error               { return nil }
func (f *memFile) Unlock() error             { return nil }

// mappedFile reads a file through its memory map. Reads copy from the map,
// so closing the file cannot leave dangling slices.
type mappedFile struct {
	billy.File // the open file, for its name and locks
	r          *bytes.Reader
	unmap      func() error
}

var errReadOnly = errors.New("pack files are read-only")

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
