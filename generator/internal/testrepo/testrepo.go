// Package testrepo makes the git repositories and finds the data that tests
// need: repositories built by the git program, as users' repositories are
// (Repo), work trees committed through go-git for tests that need only a
// little history (Tree), and the labelled data kept beside the repository
// in ../shared/data.
//
// heed itself never runs git (it reads repositories with go-git); its tests
// use the program to make fixtures and as a reference, and are skipped
// where it is not installed. CI has it. A Tree needs no program.
package testrepo

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Repo is a git repository in a temporary folder, with a work tree, changed
// through the git program.
type Repo struct {
	T   testing.TB
	Dir string // the work tree; its .git folder holds the repository
	git string // the program's path
	// Now is the author and committer time of the next commit; each
	// commit moves it on by an hour unless told a date.
	Now time.Time
}

// Git returns the path of the git program, skipping the test when it is
// not installed.
func Git(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	return p
}

// New makes an empty repository whose branch is main, in a new temporary
// folder. It skips the test when git is not installed.
func New(t testing.TB, args ...string) *Repo {
	t.Helper()
	r := &Repo{T: t, Dir: t.TempDir(), git: Git(t), Now: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}
	r.Run(append([]string{"init", "--quiet", "--initial-branch=main"}, args...)...)
	return r
}

// Open returns a Repo for the existing work tree (or bare repository) dir,
// such as a clone made with r.Run.
func (r *Repo) Open(dir string) *Repo {
	return &Repo{T: r.T, Dir: dir, git: r.git, Now: r.Now}
}

// env is the environment of every git command: no configuration of the
// machine or its user, fixed names, and dates from Now.
func (r *Repo) env(extra ...string) []string {
	env := []string{
		"HOME=" + r.Dir, // no ~/.gitconfig
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL=" + os.DevNull,
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.com",
		"GIT_AUTHOR_DATE=" + r.Now.Format(time.RFC3339),
		"GIT_COMMITTER_DATE=" + r.Now.Format(time.RFC3339),
		"LANG=C", "LC_ALL=C", "PATH=" + os.Getenv("PATH"),
	}
	return append(env, extra...)
}

// Run runs git with args in the work tree and returns its standard output;
// a failure fails the test.
func (r *Repo) Run(args ...string) string {
	r.T.Helper()
	out, err := r.try(nil, args...)
	if err != nil {
		r.T.Fatal(err)
	}
	return out
}

// Try is Run that returns the error instead of failing the test.
func (r *Repo) Try(args ...string) (string, error) {
	return r.try(nil, args...)
}

func (r *Repo) try(env []string, args ...string) (string, error) {
	cmd := exec.Command(r.git, args...)
	cmd.Dir = r.Dir
	cmd.Env = r.env(env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.String(), nil
}

// Gone, as a content in Write, deletes the file.
const Gone = "\x00gone"

// Write writes files (slash-separated path -> content, Gone deletes) into
// the work tree.
func (r *Repo) Write(files map[string]string) {
	r.T.Helper()
	WriteFiles(r.T, r.Dir, files)
}

// WriteFiles writes files (slash-separated path -> content, Gone deletes)
// into folder dir, making the folders they need.
func WriteFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if content == Gone {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Commit writes files, stages every change of the work tree and commits it
// as author at r.Now (the committer is the author), then moves r.Now on by
// an hour. It returns the commit's full hash.
func (r *Repo) Commit(author, msg string, files map[string]string) string {
	r.T.Helper()
	r.Write(files)
	r.Run("add", "--all")
	return r.CommitStaged(author, msg)
}

// CommitStaged commits what is staged, as Commit does.
func (r *Repo) CommitStaged(author, msg string) string {
	r.T.Helper()
	who := []string{"GIT_AUTHOR_NAME=" + author, "GIT_AUTHOR_EMAIL=" + strings.ToLower(author) + "@example.com",
		"GIT_COMMITTER_NAME=" + author, "GIT_COMMITTER_EMAIL=" + strings.ToLower(author) + "@example.com"}
	if _, err := r.try(who, "commit", "--quiet", "--allow-empty", "--no-verify", "-m", msg); err != nil {
		r.T.Fatal(err)
	}
	r.Now = r.Now.Add(time.Hour)
	return r.Head()
}

// RunAs runs git as author at r.Now (for merges, cherry-picks and rebases,
// which commit), then moves r.Now on by an hour.
func (r *Repo) RunAs(author string, args ...string) string {
	r.T.Helper()
	who := []string{"GIT_AUTHOR_NAME=" + author, "GIT_AUTHOR_EMAIL=" + strings.ToLower(author) + "@example.com",
		"GIT_COMMITTER_NAME=" + author, "GIT_COMMITTER_EMAIL=" + strings.ToLower(author) + "@example.com"}
	out, err := r.try(who, args...)
	if err != nil {
		r.T.Fatal(err)
	}
	r.Now = r.Now.Add(time.Hour)
	return out
}

// Head returns the full hash of HEAD.
func (r *Repo) Head() string {
	r.T.Helper()
	return strings.TrimSpace(r.Run("rev-parse", "HEAD"))
}

// GitDir returns the repository's git folder: Dir/.git, or Dir for a bare
// repository.
func (r *Repo) GitDir() string {
	r.T.Helper()
	p := strings.TrimSpace(r.Run("rev-parse", "--git-dir"))
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.Dir, p)
	}
	return p
}

// Root returns the folder of the module's go.mod, found from the test's
// working folder upwards.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// SharedData returns the path of rel under ../shared/data beside the
// repository's root: real labelled data that is never copied into the
// repository. It skips the test when the data is absent, except in CI
// (CI=true), where that is a failure.
func SharedData(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(filepath.Dir(Root(t)), "shared", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing in CI: %v", err)
		}
		t.Skipf("shared data absent: %v", err)
	}
	return p
}
