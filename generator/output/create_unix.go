//go:build unix

package output

import (
	"errors"
	"io"
	"io/fs"
	"syscall"
)

// create writes data to a new file at path (an existing one is an error)
// with the fewest system calls: open, write, close. os.OpenFile would also
// make the file non-blocking and try the poller (an fcntl pair each way
// and an epoll_ctl that fails for a regular file): 5 more calls per file,
// a sixth of a 10,000-item build's CPU time on a virtual machine.
func create(path string, data []byte) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err == nil && n == 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}
