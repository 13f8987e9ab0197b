package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// errNoExchange says that two folders cannot be exchanged in one step here.
var errNoExchange = errors.New("exchanging folders is not supported")

// exchange swaps the folders at a and b in one step: renameat2 with
// RENAME_EXCHANGE (Linux 3.15, on ext4, xfs, btrfs, tmpfs and most
// others). A file system that cannot gives errNoExchange.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.ENOTSUP):
		return errNoExchange
	}
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
}
