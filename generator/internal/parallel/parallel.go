// Package parallel runs independent pieces of work on all cores. Callers
// write each result to its own index, so output order never depends on
// scheduling.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(i) for every i in [0, n) on up to GOMAXPROCS goroutines and
// returns when all calls have returned.
func For(n int, fn func(i int)) {
	ForWorkers(n, runtime.GOMAXPROCS(0), fn)
}

// ForWorkers is For on up to workers goroutines: more than the cores for
// work that mostly waits on the disk.
func ForWorkers(n, workers int, fn func(i int)) {
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				j := int(next.Add(1)) - 1
				if j >= n {
					return
				}
				fn(j)
			}
		})
	}
	wg.Wait()
}
