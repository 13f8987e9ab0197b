//go:build !unix

package serve

import (
	"testing"
	"time"
)

// cpuTime is 0 where the process's CPU time is not read: the benchmarks
// then report no CPU figure.
func cpuTime(*testing.B) time.Duration { return 0 }
