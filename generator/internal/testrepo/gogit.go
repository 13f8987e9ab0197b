package testrepo

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Tree is a work tree and its repository, changed through go-git rather
// than the git program: for tests of builds, checks and serve on a
// repository with a little history, which run wherever the tests do.
type Tree struct {
	T    testing.TB
	Dir  string
	Repo *git.Repository
	// Now is the author and committer time of the next commit; each
	// commit moves it on by an hour.
	Now time.Time
}

// Init returns the repository of work tree dir, made when dir holds none.
func Init(t testing.TB, dir string) *Tree {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		repo, err = git.PlainInit(dir, false)
	}
	if err != nil {
		t.Fatal(err)
	}
	return &Tree{T: t, Dir: dir, Repo: repo, Now: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}
}

// Write writes files (slash-separated path -> content, Gone deletes) into
// the work tree.
func (w *Tree) Write(files map[string]string) {
	w.T.Helper()
	WriteFiles(w.T, w.Dir, files)
}

// Commit writes files, stages every change of the work tree and commits it
// as author (the committer too, with an address made from the name) at
// w.Now, then moves w.Now on by an hour. It returns the commit's full hash.
func (w *Tree) Commit(author, msg string, files map[string]string) string {
	w.T.Helper()
	w.Write(files)
	wt, err := w.Repo.Worktree()
	if err != nil {
		w.T.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		w.T.Fatal(err)
	}
	sig := &object.Signature{Name: author, Email: strings.ToLower(author) + "@example.com", When: w.Now}
	h, err := wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		w.T.Fatal(err)
	}
	w.Now = w.Now.Add(time.Hour)
	return h.String()
}
