package history

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"testing"
)

// benchShapeFor returns the repository the benchmarks walk: 20,000 commits
// over 10,000 items with HEED_BENCH_FULL=1, else a tenth of that, which CI
// generates and walks in a few seconds.
func benchShapeFor() benchShape {
	if os.Getenv("HEED_BENCH_FULL") == "1" {
		return benchShape{commits: 20000, items: 10000, themes: 50}
	}
	return benchShape{commits: 2000, items: 1000, themes: 50}
}

// BenchmarkWalk measures Open and Walk of a generated repository, as a build
// does: a fresh repository (cold object cache) each time.
//
// Measured on 2 shared cores with HEED_BENCH_FULL=1 (20,000 commits, a flat
// feedback/ of 10,000 items, statuses read): Walk 1.9 s wall and 3.1 s CPU
// (it was 4.4 s and 6 s before it read packs itself, on three goroutines);
// `git log --raw --no-renames` 5.5 s wall and 5.5 to 7.4 s CPU; the same
// limited to feedback and themes 16.5 s wall.
func BenchmarkWalk(b *testing.B) {
	shape := benchShapeFor()
	dir := benchRepoDir(b, shape)
	opts := Options{Prefixes: []string{"feedback/", "themes/"}, Status: readStatus}
	var h *History
	for b.Loop() {
		repo, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		h, err = Walk(repo, "", opts)
		if err != nil {
			b.Fatal(err)
		}
		if err := Close(repo); err != nil {
			b.Fatal(err)
		}
	}
	if h.Commits != shape.commits || len(h.Files) != shape.items+shape.themes {
		b.Fatalf("walked %d commits and %d files, want %d and %d", h.Commits, len(h.Files), shape.commits, shape.items+shape.themes)
	}
	b.ReportMetric(float64(h.Commits), "commits")
	b.ReportMetric(float64(len(h.Files)), "files")
}

// BenchmarkGitLog times `git log --raw --no-renames` on the same repository,
// the reference for BenchmarkWalk: once over all paths and once limited to
// the tracked folders. It is skipped where git is not installed; heed itself
// never runs git.
func BenchmarkGitLog(b *testing.B) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		b.Skip("git is not installed")
	}
	dir := benchRepoDir(b, benchShapeFor())
	for _, tc := range []struct {
		name  string
		paths []string
	}{
		{"all", nil},
		{"prefixes", []string{"--", "feedback", "themes"}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			args := append([]string{"--git-dir", dir, "log", "--raw", "--no-renames"}, tc.paths...)
			for b.Loop() {
				var stderr bytes.Buffer
				cmd := exec.Command(gitPath, args...)
				cmd.Stdout, cmd.Stderr = io.Discard, &stderr
				if err := cmd.Run(); err != nil {
					b.Fatalf("git log: %v\n%s", err, stderr.Bytes())
				}
			}
		})
	}
}
