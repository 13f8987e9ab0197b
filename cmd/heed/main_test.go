package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/heedhq/heed/generator/output"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"heed": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
		// heed-stopping is heed stopping at the publish step named by
		// $HEED_TEST_STOP_AT: it says so on standard error and waits
		// there until it is signalled (see TestBuildSignalled).
		"heed-stopping": func() {
			at := output.Step(os.Getenv("HEED_TEST_STOP_AT"))
			hook := func(ctx context.Context, s output.Step) {
				if s == at {
					fmt.Fprintf(os.Stderr, "heed-stopping: at %s\n", s)
					<-ctx.Done()
				}
			}
			os.Exit(runContext(context.WithValue(context.Background(), stepHookKey{}, hook), os.Args[1:], os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs the CLI sessions in testdata/script: each file is the
// commands, the files they work on and the output they must print.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("SOURCE_DATE_EPOCH", "1779840000") // 2026-05-27
			return nil
		},
	})
}

func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
	tuneGC(env(nil))
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("GC percent = %d, want %d", got, gcPercent)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != memoryLimit {
		t.Errorf("memory limit = %d, want %d", got, memoryLimit)
	}
	tuneGC(env(map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}))
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set: GC percent = %d, want it left at 100", got)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set: memory limit = %d, want it left alone", got)
	}
}
