//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package flock

import "os"

// Supported says whether this platform has file locks.
const Supported = false

func tryLock(*os.File) (bool, error) { return false, ErrUnsupported }

func lockWait(*os.File) error { return ErrUnsupported }
