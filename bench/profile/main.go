// Command profile runs generator.Build, heed build's whole pipeline, on one
// repository with a CPU profile and a heap profile, to find where a build
// spends its time when it misses a target; with -check it runs
// generator.Check, heed check's pipeline, instead.
//
//	go run ./bench/profile -cpu cpu.prof -mem mem.prof [-n runs] DIR OUT
//	go run ./bench/profile -check -cpu cpu.prof DIR -
//	go run ./bench/profile -peak peak.prof DIR OUT
//	go tool pprof -top -cum cpu.prof
//	go tool pprof -top -sample_index=inuse_space peak.prof
//
// -peak writes the heap profile of the largest live heap the collector
// found during the run: what held the memory when it peaked.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"

	"github.com/heedhq/heed/generator"
)

func main() {
	os.Exit(run())
}

func run() int {
	cpu := flag.String("cpu", "", "write a CPU profile to this file")
	mem := flag.String("mem", "", "write a heap profile (allocations of every run) to this file")
	check := flag.Bool("check", false, "profile heed check instead of heed build (OUT is not used)")
	runs := flag.Int("n", 1, "runs to make")
	peak := flag.String("peak", "", "write the heap profile of the run's largest live heap to this file")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: profile [-check] [-cpu FILE] [-mem FILE] [-n runs] DIR OUT")
		return 2
	}
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			fmt.Fprintln(os.Stderr, "profile:", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "profile:", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	if *peak != "" {
		stop := watchPeak(*peak)
		defer func() {
			live := stop()
			fmt.Printf("; peak live heap %d MiB", live>>20)
		}()
	}
	for range *runs {
		start := time.Now()
		if *check {
			res, err := generator.Check(flag.Arg(0), generator.CheckOptions{})
			if err != nil {
				fmt.Fprintln(os.Stderr, "profile:", err)
				return 1
			}
			fmt.Printf("checked %d items in %.3f s", len(res.Set.Items), time.Since(start).Seconds())
			continue
		}
		res, err := generator.Build(flag.Arg(0), generator.BuildOptions{Out: flag.Arg(1)})
		if err != nil {
			fmt.Fprintln(os.Stderr, "profile:", err)
			return 1
		}
		fmt.Printf("built %d pages (%d files) from %d items in %.3f s", res.Pages, res.Files, res.Feedback.Items, time.Since(start).Seconds())
	}
	if *mem != "" {
		f, err := os.Create(*mem)
		if err != nil {
			fmt.Fprintln(os.Stderr, "profile:", err)
			return 2
		}
		defer f.Close()
		runtime.GC()
		if err := pprof.WriteHeapProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "profile:", err)
			return 2
		}
	}
	return 0
}

// watchPeak checks the live heap after each collection and writes a heap
// profile to file whenever it is the largest yet (the profile is as of the
// last collection, so it shows what was live then). stop ends the watch
// and returns the largest live heap.
func watchPeak(file string) (stop func() uint64) {
	done := make(chan struct{})
	finished := make(chan uint64)
	go func() {
		samples := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"}}
		var cycles, most uint64
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				finished <- most
				return
			case <-tick.C:
			}
			metrics.Read(samples)
			c, live := samples[0].Value.Uint64(), samples[1].Value.Uint64()
			if c == cycles || live <= most {
				cycles = c
				continue
			}
			cycles, most = c, live
			if f, err := os.Create(file); err == nil {
				_ = pprof.WriteHeapProfile(f)
				f.Close()
			}
		}
	}()
	return func() uint64 { close(done); return <-finished }
}
