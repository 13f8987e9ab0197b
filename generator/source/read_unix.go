//go:build unix

package source

import (
	"errors"
	"syscall"
)

// readRegular reads the file at path when it is a regular file of at most
// limit bytes that is not a symbolic link, with the fewest system calls:
// open (refusing a link, and never waiting on a FIFO), fstat, reads until
// end of file, close. It reports false for anything else, or any error,
// leaving the caller to find out what is wrong.
func readRegular(path string, limit int64) ([]byte, bool) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return nil, false
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size > limit {
		return nil, false
	}
	// One byte more than the size, to see whether the file has grown
	// since; when a read has brought exactly the size fstat gave, the file
	// is taken as it was then, without a last read to see end of file.
	data := make([]byte, 0, st.Size+1)
	for {
		if len(data) == cap(data) {
			if int64(len(data)) > limit {
				return nil, false
			}
			data = append(data, 0)[:len(data)]
		}
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return nil, false
		}
		if n == 0 {
			return data, true
		}
		data = data[:len(data)+n]
		if int64(len(data)) == st.Size {
			return data, true
		}
	}
}
