package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// errNoExchange says that two folders cannot be exchanged in one step here.
var errNoExchange = errors.New("exchanging folders is not supported")

// exchange swaps the folders at a and b in one step: renamex_np with
// RENAME_SWAP (APFS and HFS+). A file system that cannot gives
// errNoExchange.
func exchange(a, b string) error {
	err := unix.RenamexNp(a, b, unix.RENAME_SWAP)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOTSUP):
		return errNoExchange
	}
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
}
