package main

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/heedhq/heed/internal/gitpack"
)

// pullRequests makes every commit of changes a pull request (-prs): a
// branch commit made from one of main's last commits, and its merge. It
// keeps the versions of main's folders that a branch may be made from, so
// that a branch's tree is its base's with the branch's files written: the
// folders on their paths, as deltas of the base's.
//
// Its methods do nothing on a nil *pullRequests: no pull requests.
type pullRequests struct {
	back  int // the most merges back a pull request is made from
	rng   *rand.Rand
	mains []plumbing.Hash // main's commits, oldest first
	// folders holds the versions of each folder written on main, oldest
	// first, back to the one a branch made from the oldest base sees.
	folders map[string][]folderVersion
	files   []string // the files written since main's last commit
}

// folderVersion is a folder's tree as of main's commit main.
type folderVersion struct {
	main int
	tree *gitpack.Object
}

// newPullRequests returns the pull requests of p's history; nil without
// -prs.
func newPullRequests(p Params) *pullRequests {
	if p.PullRequests <= 0 {
		return nil
	}
	// A generator of its own: the rest of the history is drawn as without
	// pull requests.
	return &pullRequests{back: p.PullRequests, rng: rand.New(rand.NewPCG(p.Seed, 5)), folders: map[string][]folderVersion{}}
}

// wrote notes that the commit being made writes file path.
func (p *pullRequests) wrote(path string) {
	if p != nil && !slices.Contains(p.files, path) {
		p.files = append(p.files, path)
	}
}

// folder notes the version of the folder at path that main's next commit
// has, and lets go of versions no branch can be made from.
func (p *pullRequests) folder(path string, tree *gitpack.Object) {
	if p == nil {
		return
	}
	vs := append(p.folders[path], folderVersion{main: len(p.mains), tree: tree})
	oldest := len(p.mains) - p.back // the oldest base of a later branch
	i := 0
	for i+1 < len(vs) && vs[i+1].main <= oldest {
		i++
	}
	p.folders[path] = append(vs[:0], vs[i:]...)
}

// done records head, main's new commit.
func (p *pullRequests) done(head plumbing.Hash) {
	if p != nil {
		p.mains = append(p.mains, head)
		p.files = p.files[:0]
	}
}

// branch writes the tree of a branch made from main's commit 1 to back
// commits back, with the files written since main's last commit as they
// are now and every other file as it was there. It returns the tree and
// the commit it was made from.
func (p *pullRequests) branch(w *repoWriter) (tree, base plumbing.Hash) {
	b := max(0, len(p.mains)-1-p.rng.IntN(p.back))
	own := newTree()
	for _, path := range p.files {
		own.set(path, w.blobs[path].Hash)
	}
	return p.writeBranch(w, own, "", b), p.mains[b]
}

// writeBranch writes the folder at path as of main's commit b with the
// files and folders of t set in it, and returns its hash.
func (p *pullRequests) writeBranch(w *repoWriter, t *tree, path string, b int) plumbing.Hash {
	var at *gitpack.Object // the folder as of b
	vs := p.folders[path]
	if i, found := slices.BinarySearchFunc(vs, b, func(v folderVersion, b int) int { return v.main - b }); found {
		at = vs[i].tree
	} else if i > 0 {
		at = vs[i-1].tree
	}
	entries := map[string]treeEntry{}
	if at != nil {
		parsed, err := parseTree(at)
		if err != nil && w.err == nil {
			w.err = err
		}
		for _, e := range parsed {
			entries[e.name] = e
		}
	}
	for name, h := range t.files {
		entries[name] = treeEntry{name, filemode.Regular, h}
	}
	for _, name := range slices.Sorted(maps.Keys(t.dirs)) {
		entries[name+"/"] = treeEntry{name + "/", filemode.Dir, p.writeBranch(w, t.dirs[name], joinPath(path, name), b)}
	}
	return w.put(plumbing.TreeObject, w.encodeTree(slices.Collect(maps.Values(entries))), at).Hash
}

// parseTree returns the entries of a tree object, folders' names with a
// trailing slash as encodeTree takes them.
func parseTree(o *gitpack.Object) ([]treeEntry, error) {
	m := &plumbing.MemoryObject{}
	m.SetType(plumbing.TreeObject)
	if _, err := m.Write(o.Data()); err != nil {
		return nil, err
	}
	var t object.Tree
	if err := t.Decode(m); err != nil {
		return nil, fmt.Errorf("tree %s: %w", o.Hash, err)
	}
	out := make([]treeEntry, len(t.Entries))
	for i, e := range t.Entries {
		out[i] = treeEntry{e.Name, e.Mode, e.Hash}
		if e.Mode == filemode.Dir {
			out[i].name += "/"
		}
	}
	return out, nil
}
