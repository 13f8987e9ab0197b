// Package flock holds advisory locks on files, for heed runs that must not
// overlap (two builds into one site folder) and for telling a live run's
// temporary files from a dead one's (an interrupted import).
//
// A lock is on a file that exists only while it is held: Lock creates it,
// Unlock removes it before letting go. A run that waited on a file removed
// meanwhile sees that, once it has the lock, and locks the new file
// instead, so removing the file never lets two runs in at once. A run
// killed while holding a lock leaves its file behind, unlocked: the
// operating system lets go of the lock, and the next run takes it over.
package flock

import (
	"errors"
	"fmt"
	"os"
)

// ErrUnsupported is returned on platforms without file locks.
var ErrUnsupported = errors.New("file locks are not supported on this platform")

// Lock is a held lock.
type Lock struct {
	f    *os.File
	path string
}

// Acquire locks the file at path, creating it when missing. When another
// process holds it, waiting is called once (when not nil) and Acquire
// waits for the lock.
func Acquire(path string, waiting func()) (*Lock, error) {
	told := false
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		ok, err := tryLock(f)
		if err == nil && !ok {
			if !told && waiting != nil {
				waiting()
			}
			told = true
			err = lockWait(f)
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if same(f, path) {
			return &Lock{f: f, path: path}, nil
		}
		// The holder removed the file as it let go: lock the new one.
		f.Close()
	}
}

// TryAcquire locks the file at path if no process holds it; ok is false,
// with no error, when one does. The file must exist.
func TryAcquire(path string) (l *Lock, ok bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, false, err
	}
	ok, err = tryLock(f)
	if err != nil || !ok {
		f.Close()
		return nil, false, err
	}
	if !same(f, path) {
		f.Close()
		return nil, false, nil
	}
	return &Lock{f: f, path: path}, true, nil
}

// Unlock removes the lock's file and lets go of the lock.
func (l *Lock) Unlock() {
	if l == nil || l.f == nil {
		return
	}
	_ = os.Remove(l.path) // while held: see the package comment
	_ = l.f.Close()       // closing the file lets go of the lock
	l.f = nil
}

// Release lets go of the lock and leaves its file.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	_ = l.f.Close()
	l.f = nil
}

// same says whether the open file f is still the file at path.
func same(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}
