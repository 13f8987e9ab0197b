// Command walk times heed's git history walk on one repository, the way
// heed build walks it: history.Open, then history.Walk of feedback/ and
// themes/ with the status of every distinct content of a theme file read
// from its front matter. bench/run.sh times it against git log. With
// -prefix, other folders are walked ("" for every file), as on a
// repository that is not a feedback repository; statuses are read in the
// same folders.
//
//	go run ./bench/walk [-n runs] [-cpu FILE] [-prefix LIST] [-status=false] DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/history"
)

func main() {
	os.Exit(run())
}

func run() int {
	runs := flag.Int("n", 1, "walks to make, each on a freshly opened repository")
	cpu := flag.String("cpu", "", "write a CPU profile to this file")
	statuses := flag.Bool("status", true, "read the statuses of the files' contents (of themes/ by default)")
	prefixes := flag.String("prefix", "feedback/,themes/", "the folders to walk, comma-separated; \"\" for all files")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: walk [-n runs] [-cpu FILE] [-prefix LIST] [-status=false] DIR")
		return 2
	}
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			fmt.Fprintln(os.Stderr, "walk:", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "walk:", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	for range *runs {
		start := time.Now()
		repo, err := history.Open(flag.Arg(0))
		if err != nil {
			fmt.Fprintln(os.Stderr, "walk:", err)
			return 1
		}
		opts := history.Options{Prefixes: strings.Split(*prefixes, ","), Status: status, StatusPrefixes: []string{"themes/"}}
		if *prefixes != "feedback/,themes/" {
			opts.StatusPrefixes = nil
		}
		if !*statuses {
			opts.Status = nil
		}
		h, err := history.Walk(repo, "", opts)
		history.Close(repo)
		if err != nil {
			fmt.Fprintln(os.Stderr, "walk:", err)
			return 1
		}
		fmt.Printf("walked %d commits, %d files in %.3f s\n", h.Commits, len(h.Files), time.Since(start).Seconds())
		for _, p := range h.Problems {
			fmt.Println("problem:", p)
		}
	}
	return 0
}

// status reads the status field of a file's front matter, as heed build
// does.
func status(_ string, data []byte) string { return content.StatusOf(data) }
