//go:build !linux && !darwin

package output

import "errors"

// errNoExchange says that two folders cannot be exchanged in one step here.
var errNoExchange = errors.New("exchanging folders is not supported")

// exchange cannot swap two folders in one step on this platform: Commit
// moves the previous site aside, then the new one in.
func exchange(a, b string) error { return errNoExchange }
