//go:build unix

package testrepo

import (
	"syscall"
	"testing"
	"time"
)

// CPUTime is the user and system CPU time of the process so far, for
// benchmarks that report what an operation costs in CPU beside its wall
// time: 0 where the system does not tell (not unix).
func CPUTime(tb testing.TB) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
