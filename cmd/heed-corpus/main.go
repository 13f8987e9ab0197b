// Command heed-corpus writes a synthetic feedback repository for heed's
// benchmarks: N feedback items over T themes from C customers, with a git
// history of M commits, and optionally the same content as a Hugo site so
// that the two tools can be timed on equal content.
//
//	heed-corpus -items 10000 -themes 100 -customers 500 -commits 20000 -seed 1 -out DIR [-hugo DIR]
//
// The product is Ledgerline, a fictional spend-management tool. Items vary
// the way real feedback does: a line to several paragraphs of Markdown with
// lists, links and emphasis; every source, type and status; customers in
// three segments with their revenue, some described inline; about 15%
// unthemed, about 4% duplicates of earlier items, about 5% private; survey
// scores on survey answers; dates over two years (2024-11-01 to
// 2026-10-31), with volume growing over time. Items are filed by the day
// they were received, feedback/YYYY/MM/DD/<id>.md, so a commit rewrites
// only small trees.
//
// The history starts with the configuration, customers and themes, then
// adds items in date order; themes move through their statuses (exploring,
// planned, in-progress, shipped or declined), items are triaged into themes,
// get a status or tags later. With more commits than changes, the spare
// commits are pull request merges and commits outside feedback/ and themes/;
// with fewer, changes are grouped. With -prs K, every commit of changes
// arrives instead as a pull request made from main's commit 1 to K merges
// back (seeded), as teams that review feedback in pull requests have it:
// a branch commit and its merge, so about twice -commits commits for the
// same changes. Commits are written straight to the object store with
// go-git and saved as one pack file.
//
// The output is deterministic: the same flags write the same files, byte
// for byte, and the same commit hashes. -commits 0 writes the files
// without a git repository. The output folders must not exist or be empty.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command with its arguments; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("heed-corpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var p Params
	fs.IntVar(&p.Items, "items", 1000, "feedback items")
	fs.IntVar(&p.Themes, "themes", 100, "themes")
	fs.IntVar(&p.Customers, "customers", 500, "customers in customers.yaml")
	fs.IntVar(&p.Commits, "commits", 2000, "commits of history (0: no git repository)")
	fs.Uint64Var(&p.Seed, "seed", 1, "random seed")
	fs.IntVar(&p.PullRequests, "prs", 0, "make every commit of changes a pull request made from main up to this many merges back (0: none)")
	out := fs.String("out", "", "folder for the feedback repository (required)")
	hugo := fs.String("hugo", "", "folder for the same content as a Hugo site")
	quiet := fs.Bool("q", false, "print nothing on success")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the generator to this file")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: heed-corpus -out DIR [-hugo DIR] [-items N] [-themes T] [-customers C] [-commits M] [-prs K] [-seed S]\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || *out == "" {
		fs.Usage()
		return 2
	}
	if p.Items < 0 || p.Themes < 1 || p.Customers < 1 || p.Commits < 0 || p.PullRequests < 0 {
		fmt.Fprintln(stderr, "heed-corpus: -items, -commits and -prs must be at least 0, -themes and -customers at least 1")
		return 2
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(stderr, "heed-corpus:", err)
			return 2
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	if err := Write(p, *out, *hugo); err != nil {
		fmt.Fprintln(stderr, "heed-corpus:", err)
		return 1
	}
	if !*quiet {
		fmt.Fprintf(stdout, "wrote %d items, %d themes, %d customers and %d commits to %s in %s\n",
			p.Items, p.Themes, p.Customers, p.Commits, *out, time.Since(start).Round(time.Millisecond))
	}
	return 0
}

// Write writes the corpus of p as a feedback repository in out and, when
// hugo is not empty, as a Hugo site in hugo.
func Write(p Params, out, hugo string) error {
	for _, dir := range []string{out, hugo} {
		if dir == "" {
			continue
		}
		if err := emptyDir(dir); err != nil {
			return err
		}
	}
	c := NewCorpus(p)
	if p.Commits == 0 {
		if err := writeFiles(out, finalFiles(c)); err != nil {
			return err
		}
	} else if _, err := writeRepository(c, out); err != nil {
		return err
	}
	if hugo != "" {
		return writeFiles(hugo, hugoFiles(c))
	}
	return nil
}

// emptyDir makes dir, or checks that it is empty.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	return nil
}

// baseFiles are the files outside feedback/ and themes/, as of the first
// commit.
func baseFiles(c *Corpus) map[string][]byte {
	return map[string][]byte{
		".gitignore":     []byte("site/\n"),
		"README.md":      readme(c.Params),
		"heed.yaml":      heedYAML(),
		"customers.yaml": customersYAML(c.Customers),
	}
}

// finalFiles are the repository's files as of its last commit.
func finalFiles(c *Corpus) map[string][]byte {
	files := baseFiles(c)
	for _, t := range c.Themes {
		files["themes/"+t.ID+".md"] = themeFile(t, len(t.Path)-1)
	}
	for _, it := range c.Items {
		files[it.Path] = itemFile(it, true, true, true)
	}
	return files
}
