//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package pack

import "github.com/go-git/go-billy/v5"

// mapFile maps nothing on this system: pack files are read as files.
func mapFile(billy.Filesystem, string) (data []byte, unmap func() error) {
	return nil, nil
}

// release does nothing where nothing is mapped.
func release([]byte) {}
