//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package pack

import (
	"os"
	"path/filepath"
	"syscall"

	"github.com/go-git/go-billy/v5"
)

// mapFile maps the content of file name of fs into memory, read-only; nil
// when it cannot: the file is not the operating system file at
// fs.Root()/name (billy's folder views do not expose their files'
// descriptors, so the file is opened again and compared), is empty, or the
// map fails.
func mapFile(fs billy.Filesystem, name string) (data []byte, unmap func() error) {
	want, err := fs.Stat(name)
	if err != nil {
		return nil, nil
	}
	osf, err := os.Open(filepath.Join(fs.Root(), name))
	if err != nil {
		return nil, nil
	}
	defer osf.Close() // the map outlives the descriptor
	fi, err := osf.Stat()
	if err != nil || !sameFile(fi, want) || fi.Size() <= 0 || fi.Size() != int64(int(fi.Size())) {
		return nil, nil
	}
	data, err = syscall.Mmap(int(osf.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil
	}
	return data, func() error { return syscall.Munmap(data) }
}

// sameFile reports whether two file infos describe the same file. Unlike
// os.SameFile it accepts infos that wrap the system's, as billy's do.
func sameFile(a, b os.FileInfo) bool {
	sa, ok := a.Sys().(*syscall.Stat_t)
	if !ok {
		return false
	}
	sb, ok := b.Sys().(*syscall.Stat_t)
	return ok && sa.Dev == sb.Dev && sa.Ino == sb.Ino
}

// release drops the pages of a memory map from the process's memory: they
// stay in the system's file cache, and a later read maps them again.
func release(data []byte) { _ = syscall.Madvise(data, syscall.MADV_DONTNEED) }
