package main

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"golang.org/x/sync/errgroup"

	"github.com/heedhq/heed/internal/gitpack"
)

// The history is written with go-git's plumbing: blobs, trees and commits go
// to an in-memory object store as they are made, and at the end into one
// pack file, the way a clone leaves a repository. No worktree is checked out
// per commit; each commit rewrites only the trees on the paths it changed.

// historyEnd is the latest commit time: events planned later (a triage two
// weeks after the last item) happen on this day.
var historyEnd = corpusEnd.Add(7 * 24 * time.Hour)

// eventKind is what one planned change does.
type eventKind int

const (
	addItem eventKind = iota
	triageItem
	setItemStatus
	tagItem
	moveTheme
)

// event is one planned change to the repository.
type event struct {
	at    time.Time
	kind  eventKind
	item  *Item
	theme *Theme
	step  int // moveTheme: the index in theme.Path it moves to
}

// author is who commits; each works in their own time zone.
type author struct {
	name, email string
	zone        *time.Location
}

var authors = func() []author {
	var out []author
	for i, n := range []string{"Priya Raman", "Daniel Osei", "Marta Kowalska", "Joost de Vries", "Aiko Tanaka", "Samir Haddad", "Helen Park", "Tomás Ruiz"} {
		out = append(out, author{n, strings.ToLower(strings.Fields(n)[0]) + "@ledgerline.example", time.FixedZone("", (i%5-2)*3600)})
	}
	return out
}()

// plan lists every change after the first commit, in time order.
func plan(c *Corpus) []event {
	var evs []event
	for _, t := range c.Themes {
		for k, at := range t.Steps {
			evs = append(evs, event{at: at, kind: moveTheme, theme: t, step: k + 1})
		}
	}
	for _, it := range c.Items {
		evs = append(evs, event{at: it.Added, kind: addItem, item: it})
		for _, e := range []event{{at: it.TriagedAt, kind: triageItem}, {at: it.StatusAt, kind: setItemStatus}, {at: it.TaggedAt, kind: tagItem}} {
			if !e.at.IsZero() {
				e.item = it
				evs = append(evs, e)
			}
		}
	}
	for i := range evs {
		evs[i].at = minTime(evs[i].at, historyEnd)
	}
	// Stable: an item's triage clamped to the same time as its addition
	// still comes after it.
	slices.SortStableFunc(evs, func(a, b event) int { return a.at.Compare(b.at) })
	return evs
}

func minTime(a, b time.Time) time.Time {
	if a.After(b) {
		return b
	}
	return a
}

// commitPlan is one commit on main: the events it applies, or none for a
// commit outside the tracked folders; merged says it comes through a pull
// request (a branch commit and a merge).
type commitPlan struct {
	events []event
	merged bool
}

// schedule fits the events into commits-1 commits after the first: several
// events per commit when there are more events than commits; otherwise one
// each, with the spare commits spent on pull request merges and on commits
// that change only files outside feedback/ and themes/.
func schedule(evs []event, commits int) []commitPlan {
	budget := commits - 1
	if budget <= 0 {
		return nil
	}
	var out []commitPlan
	if len(evs) >= budget {
		for g := range budget {
			out = append(out, commitPlan{events: evs[g*len(evs)/budget : (g+1)*len(evs)/budget]})
		}
		return out
	}
	extra := budget - len(evs)
	merges := min(extra/2, len(evs)/4)
	other := extra - merges
	for _, e := range evs {
		out = append(out, commitPlan{events: []event{e}})
	}
	// Pull requests: evenly spread over the event commits.
	for j := range merges {
		out[j*len(evs)/merges].merged = true
	}
	// Commits outside the tracked folders, spread evenly between the others.
	if other > 0 {
		spread := make([]commitPlan, 0, budget-merges)
		next := 0
		for i, cp := range out {
			spread = append(spread, cp)
			for next < other && (next+1)*len(out)/(other+1) <= i+1 {
				spread = append(spread, commitPlan{})
				next++
			}
		}
		for ; next < other; next++ {
			spread = append(spread, commitPlan{})
		}
		out = spread
	}
	return out
}

// tree is a folder being built: its files and sub-folders, and its hash
// once written.
type tree struct {
	files map[string]plumbing.Hash
	dirs  map[string]*tree
	hash  plumbing.Hash
	last  *gitpack.Object // the last version written, base of the next
	dirty bool
}

func newTree() *tree {
	return &tree{files: map[string]plumbing.Hash{}, dirs: map[string]*tree{}, dirty: true}
}

// set puts a blob at a slash-separated path, marking the folders on the way
// as changed.
func (t *tree) set(path string, h plumbing.Hash) {
	t.dirty = true
	dir, rest, ok := strings.Cut(path, "/")
	if !ok {
		t.files[path] = h
		return
	}
	sub := t.dirs[dir]
	if sub == nil {
		sub = newTree()
		t.dirs[dir] = sub
	}
	sub.set(rest, h)
}

// repoWriter writes objects into a pack as they are made and keeps the
// current content of every file. The first error sticks: later writes do
// nothing and save reports it.
type repoWriter struct {
	pack   *gitpack.Writer
	err    error
	root   *tree
	files  map[string][]byte          // the current content of every file
	blobs  map[string]*gitpack.Object // the current version of every file
	buf    bytes.Buffer
	nextPR int
	// prs, when not nil, makes every commit of changes a pull request
	// (-prs): it keeps the folders' versions on main and the files each
	// commit writes.
	prs *pullRequests
}

func (w *repoWriter) put(t plumbing.ObjectType, data []byte, base *gitpack.Object) *gitpack.Object {
	if w.err != nil {
		return &gitpack.Object{}
	}
	o, err := w.pack.Put(t, data, base)
	w.err = err
	return o
}

// write sets a file's content in the next commit.
func (w *repoWriter) write(path string, data []byte) {
	w.prs.wrote(path)
	w.files[path] = data
	o := w.put(plumbing.BlobObject, data, w.blobs[path])
	w.blobs[path] = o
	w.root.set(path, o.Hash)
}

// writeTree stores the changed folders of t, deepest first, and returns
// t's hash. path is t's path in the repository, "" for the root.
func (w *repoWriter) writeTree(t *tree, path string) plumbing.Hash {
	if !t.dirty {
		return t.hash
	}
	entries := make([]treeEntry, 0, len(t.files)+len(t.dirs))
	for name, h := range t.files {
		entries = append(entries, treeEntry{name, filemode.Regular, h})
	}
	// Sub-folders in name order, so that objects enter the pack in the same
	// order on every run.
	for _, name := range slices.Sorted(maps.Keys(t.dirs)) {
		entries = append(entries, treeEntry{name + "/", filemode.Dir, w.writeTree(t.dirs[name], joinPath(path, name))})
	}
	t.last = w.put(plumbing.TreeObject, w.encodeTree(entries), t.last)
	t.hash, t.dirty = t.last.Hash, false
	w.prs.folder(path, t.last)
	return t.hash
}

// treeEntry is an entry of a tree object.
type treeEntry struct {
	name string // with a trailing slash for folders, as git sorts them
	mode filemode.FileMode
	hash plumbing.Hash
}

// encodeTree returns the content of a tree object of entries, which it
// sorts.
func (w *repoWriter) encodeTree(entries []treeEntry) []byte {
	slices.SortFunc(entries, func(a, b treeEntry) int { return strings.Compare(a.name, b.name) })
	w.buf.Reset()
	for _, e := range entries {
		fmt.Fprintf(&w.buf, "%o %s", uint32(e.mode), strings.TrimSuffix(e.name, "/"))
		w.buf.WriteByte(0)
		w.buf.Write(e.hash[:])
	}
	return bytes.Clone(w.buf.Bytes())
}

// joinPath returns dir/name, or name in the root.
func joinPath(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// commit stores a commit of the current files.
func (w *repoWriter) commit(a author, at time.Time, msg string, parents ...plumbing.Hash) plumbing.Hash {
	return w.commitTree(a, at, msg, w.writeTree(w.root, ""), parents...)
}

// commitTree stores a commit of tree.
func (w *repoWriter) commitTree(a author, at time.Time, msg string, tree plumbing.Hash, parents ...plumbing.Hash) plumbing.Hash {
	sig := object.Signature{Name: a.name, Email: a.email, When: at.In(a.zone)}
	c := &object.Commit{Author: sig, Committer: sig, Message: msg, TreeHash: tree, ParentHashes: parents}
	o := &plumbing.MemoryObject{}
	if err := c.Encode(o); err != nil && w.err == nil {
		w.err = err
	}
	rd, _ := o.Reader() // a memory object's reader never fails
	data, _ := io.ReadAll(rd)
	return w.put(plumbing.CommitObject, data, nil).Hash
}

// apply makes the change of one event in the current files.
func (w *repoWriter) apply(e event, state map[*Item]*itemState) {
	switch e.kind {
	case moveTheme:
		w.write("themes/"+e.theme.ID+".md", themeFile(e.theme, e.step))
		return
	case addItem:
		state[e.item] = &itemState{themes: e.item.TriagedAt.IsZero(), status: e.item.StatusAt.IsZero(), tags: e.item.TaggedAt.IsZero()}
	case triageItem:
		state[e.item].themes = true
	case setItemStatus:
		state[e.item].status = true
	case tagItem:
		state[e.item].tags = true
	}
	s := state[e.item]
	w.write(e.item.Path, itemFile(e.item, s.themes, s.status, s.tags))
}

// itemState says which deferred fields an item has received.
type itemState struct{ themes, status, tags bool }

// message describes a commit of events.
func message(evs []event) string {
	if len(evs) == 1 {
		e := evs[0]
		switch e.kind {
		case addItem:
			return fmt.Sprintf("Add feedback: %s\n\nFrom %s (%s).\n", e.item.Title, e.item.Source, e.item.Type)
		case triageItem:
			return fmt.Sprintf("Triage %s into %s\n", e.item.ID, strings.Join(e.item.Themes, ", "))
		case setItemStatus:
			return fmt.Sprintf("Mark %s %s\n", e.item.ID, e.item.Status)
		case tagItem:
			return fmt.Sprintf("Tag %s\n", e.item.ID)
		default:
			return fmt.Sprintf("Move %s from %s to %s\n", e.theme.ID, e.theme.Path[e.step-1], e.theme.Path[e.step])
		}
	}
	var counts [moveTheme + 1]int
	for _, e := range evs {
		counts[e.kind]++
	}
	var parts []string
	for k, words := range [...][2]string{{"add %d feedback item", "add %d feedback items"}, {"triage %d item", "triage %d items"},
		{"update the status of %d item", "update the status of %d items"}, {"tag %d item", "tag %d items"}, {"move %d theme", "move %d themes"}} {
		switch counts[k] {
		case 0:
		case 1:
			parts = append(parts, fmt.Sprintf(words[0], 1))
		default:
			parts = append(parts, fmt.Sprintf(words[1], counts[k]))
		}
	}
	return capFirst(strings.Join(parts, ", ")) + "\n"
}

// writeRepository makes the git repository of the corpus in dir (which
// receives a .git folder and the files of the last commit) and returns the
// hash of the last commit.
func writeRepository(c *Corpus, dir string) (plumbing.Hash, error) {
	r := rand.New(rand.NewPCG(c.Params.Seed, 4))
	repo, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: plumbing.Main}})
	if err != nil {
		return plumbing.ZeroHash, err
	}
	pack, err := gitpack.NewWriter(filepath.Join(dir, ".git", "objects", "pack"))
	if err != nil {
		return plumbing.ZeroHash, err
	}
	w := &repoWriter{pack: pack, root: newTree(), files: map[string][]byte{}, blobs: map[string]*gitpack.Object{}, nextPR: 1,
		prs: newPullRequests(c.Params)}

	// The first commit: configuration, customers and every theme as first
	// recorded.
	base := baseFiles(c)
	for _, p := range slices.Sorted(maps.Keys(base)) {
		w.write(p, base[p])
	}
	for _, t := range c.Themes {
		w.write("themes/"+t.ID+".md", themeFile(t, 0))
	}
	evs := plan(c)
	plans := schedule(evs, c.Params.Commits)
	state := map[*Item]*itemState{}
	if len(plans) == 0 { // a single commit holds everything
		for _, e := range evs {
			w.apply(e, state)
		}
	}
	at := corpusStart.Add(-24 * time.Hour).Add(9 * time.Hour)
	head := w.commit(authors[0], at, "Start the feedback repository\n")
	w.prs.done(head)

	notes := 0
	for _, cp := range plans {
		a := authors[r.IntN(len(authors))]
		next := at.Add(time.Second)
		if len(cp.events) > 0 {
			next = maxTime(next, cp.events[len(cp.events)-1].at.Add(time.Duration(r.IntN(600))*time.Second))
		} else {
			next = next.Add(time.Duration(r.IntN(1800)) * time.Second)
		}
		at = next
		if len(cp.events) == 0 {
			notes++
			w.write("docs/triage-notes.md", fmt.Appendf(nil, "# Triage notes\n\nLast triage session: %s (session %d).\n", at.Format(time.DateOnly), notes))
			head = w.commit(a, at, "Update the triage notes\n", head)
			w.prs.done(head)
			continue
		}
		for _, e := range cp.events {
			w.apply(e, state)
		}
		msg := message(cp.events)
		if w.prs != nil {
			// A branch made from main some merges back, then its merge.
			tree, base := w.prs.branch(w)
			branch := w.commitTree(a, at, msg, tree, base)
			at = at.Add(time.Duration(60+r.IntN(3600)) * time.Second)
			reviewer := authors[r.IntN(len(authors))]
			head = w.commit(reviewer, at, w.mergeMessage(a, msg), head, branch)
			w.prs.done(head)
			continue
		}
		if !cp.merged {
			head = w.commit(a, at, msg, head)
			continue
		}
		branch := w.commit(a, at, msg, head)
		at = at.Add(time.Duration(60+r.IntN(3600)) * time.Second)
		reviewer := authors[r.IntN(len(authors))]
		head = w.commit(reviewer, at, w.mergeMessage(a, msg), head, branch)
	}
	return head, w.save(repo, dir, head)
}

// mergeMessage is the message of the next pull request's merge, a's
// change described by msg.
func (w *repoWriter) mergeMessage(a author, msg string) string {
	w.nextPR++
	return fmt.Sprintf("Merge pull request #%d from %s/feedback-%d\n\n%s", w.nextPR-1,
		strings.ToLower(strings.Fields(a.name)[0]), w.nextPR-1, msg)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// save finishes the pack and writes the main branch, an index matching the
// files, and the files themselves.
func (w *repoWriter) save(repo *git.Repository, dir string, head plumbing.Hash) error {
	if w.err != nil {
		return w.err
	}
	if err := w.pack.Finish(); err != nil {
		return err
	}
	if err := repo.Storer.SetReference(plumbing.NewHashReference(plumbing.Main, head)); err != nil {
		return err
	}
	idx := &index.Index{Version: 2}
	for _, p := range slices.Sorted(maps.Keys(w.files)) {
		idx.Entries = append(idx.Entries, &index.Entry{Name: p, Hash: w.blobs[p].Hash, Mode: filemode.Regular, Size: uint32(len(w.files[p]))})
	}
	if err := repo.Storer.SetIndex(idx); err != nil {
		return err
	}
	return writeFiles(dir, w.files)
}

// writeFiles writes files under dir, creating folders as needed. Files are
// written by several goroutines: on a busy disk, creating a file is mostly
// waiting.
func writeFiles(dir string, files map[string][]byte) error {
	paths := slices.Sorted(maps.Keys(files))
	made := map[string]bool{}
	for _, p := range paths {
		if d := filepath.Dir(filepath.Join(dir, filepath.FromSlash(p))); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
	}
	var g errgroup.Group
	g.SetLimit(8)
	for _, p := range paths {
		g.Go(func() error {
			return os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), files[p], 0o644)
		})
	}
	return g.Wait()
}
