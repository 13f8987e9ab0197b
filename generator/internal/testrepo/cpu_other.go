//go:build !unix

package testrepo

import (
	"testing"
	"time"
)

// CPUTime is 0 where the process's CPU time is not read.
func CPUTime(testing.TB) time.Duration { return 0 }
