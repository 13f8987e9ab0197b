package history

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// step is one commit of a test history.
type step struct {
	name    string            // how tests refer to the commit
	parents []string          // names; nil means the previous step
	date    string            // author day in 2026, "MM-DD"
	author  string            // author name
	mv      map[string]string // new path -> old path, applied first
	set     map[string]string // path -> content; gone deletes the file
}

// gone, as a content in step.set, deletes the file.
const gone = "\x00gone"

// testRepo is a git repository in a temporary folder, written through
// go-git's object storage (no worktree, no git program).
type testRepo struct {
	t      *testing.T
	dir    string
	repo   *git.Repository
	hashes map[string]plumbing.Hash     // step name -> commit
	names  map[string]string            // full hash -> step name
	files  map[string]map[string]string // step name -> full tree
	blobs  map[string]plumbing.Hash     // content -> blob written
}

func newTestRepo(t *testing.T) *testRepo {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return &testRepo{t: t, dir: dir, repo: repo,
		hashes: map[string]plumbing.Hash{}, names: map[string]string{},
		files: map[string]map[string]string{}, blobs: map[string]plumbing.Hash{}}
}

// authorTime is the author time of a step: noon in a UTC+2 zone, so that
// tests see the conversion to UTC.
func authorTime(t *testing.T, day string) time.Time {
	t.Helper()
	when, err := time.Parse("2006-01-02 15:04 -0700", "2026-"+day+" 12:00 +0200")
	if err != nil {
		t.Fatal(err)
	}
	return when
}

// build writes the steps as commits and points branch main (and HEAD) at the
// last one.
func (r *testRepo) build(steps []step) {
	r.t.Helper()
	prev := ""
	for _, s := range steps {
		parents := s.parents
		if parents == nil && prev != "" {
			parents = []string{prev}
		}
		files := map[string]string{}
		if len(parents) > 0 {
			files = maps.Clone(r.files[parents[0]])
		}
		for dst, src := range s.mv {
			files[dst] = files[src]
			delete(files, src)
		}
		for p, content := range s.set {
			if content == gone {
				delete(files, p)
			} else {
				files[p] = content
			}
		}
		var ph []plumbing.Hash
		for _, p := range parents {
			ph = append(ph, r.hashes[p])
		}
		h := r.commit(ph, s.author, authorTime(r.t, s.date), files)
		r.hashes[s.name], r.names[h.String()], r.files[s.name] = h, s.name, files
		prev = s.name
	}
	r.setBranch("main", prev)
	r.setRef(plumbing.NewSymbolicReference(plumbing.HEAD, "refs/heads/main"))
}

func (r *testRepo) setBranch(branch, step string) {
	r.setRef(plumbing.NewHashReference(plumbing.NewBranchReferenceName(branch), r.hashes[step]))
}

func (r *testRepo) setRef(ref *plumbing.Reference) {
	r.t.Helper()
	if err := r.repo.Storer.SetReference(ref); err != nil {
		r.t.Fatal(err)
	}
}

// commit writes a commit whose tree holds exactly files; the committer time
// is an hour after the author time.
func (r *testRepo) commit(parents []plumbing.Hash, author string, when time.Time, files map[string]string) plumbing.Hash {
	r.t.Helper()
	w := &treeWriter{t: r.t, store: r.repo.Storer, blobs: r.blobs}
	tree := w.tree(files)
	c := &object.Commit{
		Author:       object.Signature{Name: author, Email: strings.ToLower(author) + "@example.com", When: when},
		Committer:    object.Signature{Name: author, Email: strings.ToLower(author) + "@example.com", When: when.Add(time.Hour)},
		Message:      "change\n",
		TreeHash:     tree,
		ParentHashes: parents,
	}
	return w.put(c)
}

// treeWriter writes blobs and trees into an object storage.
type treeWriter struct {
	t     *testing.T
	store storer.EncodedObjectStorer
	blobs map[string]plumbing.Hash // when set, the blobs written before: each commit writes every file
}

// blob writes content as a blob and returns its hash.
func (w *treeWriter) blob(content string) plumbing.Hash {
	w.t.Helper()
	if h, ok := w.blobs[content]; ok {
		return h
	}
	obj := w.store.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	wr, _ := obj.Writer()
	if _, err := wr.Write([]byte(content)); err != nil {
		w.t.Fatal(err)
	}
	_ = wr.Close()
	h, err := w.store.SetEncodedObject(obj)
	if err != nil {
		w.t.Fatal(err)
	}
	if w.blobs != nil {
		w.blobs[content] = h
	}
	return h
}

// tree writes the tree of files (paths may hold folders; a content
// "symlink:target" makes a symbolic link) and returns its hash.
func (w *treeWriter) tree(files map[string]string) plumbing.Hash {
	w.t.Helper()
	var entries []object.TreeEntry
	sub := map[string]map[string]string{}
	for p, content := range files {
		dir, rest, nested := strings.Cut(p, "/")
		if nested {
			if sub[dir] == nil {
				sub[dir] = map[string]string{}
			}
			sub[dir][rest] = content
			continue
		}
		mode, data := filemode.Regular, content
		if target, ok := strings.CutPrefix(content, "symlink:"); ok {
			mode, data = filemode.Symlink, target
		}
		entries = append(entries, object.TreeEntry{Name: p, Mode: mode, Hash: w.blob(data)})
	}
	for dir, files := range sub {
		entries = append(entries, object.TreeEntry{Name: dir, Mode: filemode.Dir, Hash: w.tree(files)})
	}
	sort.Slice(entries, func(i, j int) bool { return gitName(entries[i]) < gitName(entries[j]) })
	return w.put(&object.Tree{Entries: entries})
}

func gitName(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

type encoder interface {
	Encode(plumbing.EncodedObject) error
}

func (w *treeWriter) put(o encoder) plumbing.Hash {
	w.t.Helper()
	obj := w.store.NewEncodedObject()
	if err := o.Encode(obj); err != nil {
		w.t.Fatal(err)
	}
	h, err := w.store.SetEncodedObject(obj)
	if err != nil {
		w.t.Fatal(err)
	}
	return h
}

// render prints a history for comparison (see renderHistory), dates as
// MM-DD.
func (r *testRepo) render(h *History) string {
	return renderHistory(h, r.names, "01-02")
}

// renderHistory prints a history for comparison: one line per file, then
// one line per status change, commits by the names given, dates in
// layout; then its problems.
func renderHistory(h *History, names map[string]string, layout string) string {
	var b strings.Builder
	for _, p := range slices.Sorted(maps.Keys(h.Files)) {
		f := h.Files[p]
		if f.Path != p {
			fmt.Fprintf(&b, "key %s holds path %s\n", p, f.Path)
		}
		fmt.Fprintf(&b, "%s created %s %s updated %s %s by %s\n", p,
			f.Created.Format(layout), names[f.CreatedCommit],
			f.Updated.Format(layout), names[f.UpdatedCommit],
			strings.Join(f.Authors, ","))
		for _, c := range f.Statuses {
			status := c.Status
			if status == "" {
				status = `""`
			}
			fmt.Fprintf(&b, "  %s %s %s %s\n", status, c.Date.Format(layout), names[c.Commit], c.Author)
		}
	}
	for _, p := range h.Problems {
		fmt.Fprintf(&b, "problem: %v\n", p)
	}
	return b.String()
}

// item is the content of a feedback item or theme with a status ("" for
// none) and a body.
func item(status, body string) string {
	s := "---\ntitle: Something\n"
	if status != "" {
		s += "status: " + status + "\n"
	}
	return s + "---\n" + body + "\n"
}

// readStatus is the Status function of the tests: the value of a "status:"
// line of the front matter.
func readStatus(_ string, content []byte) string {
	for _, line := range strings.Split(string(content), "\n") {
		if v, ok := strings.CutPrefix(line, "status: "); ok {
			return v
		}
	}
	return ""
}

// copyObjects copies commit h with its tree and blobs from one storage to
// another.
func copyObjects(t *testing.T, from, to storer.EncodedObjectStorer, h plumbing.Hash) {
	t.Helper()
	c, err := object.GetCommit(from, h)
	if err != nil {
		t.Fatal(err)
	}
	copyObject(t, from, to, plumbing.CommitObject, h)
	var walk func(plumbing.Hash)
	walk = func(th plumbing.Hash) {
		copyObject(t, from, to, plumbing.TreeObject, th)
		tree, err := object.GetTree(from, th)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range tree.Entries {
			if e.Mode == filemode.Dir {
				walk(e.Hash)
			} else {
				copyObject(t, from, to, plumbing.BlobObject, e.Hash)
			}
		}
	}
	walk(c.TreeHash)
}

func copyObject(t *testing.T, from, to storer.EncodedObjectStorer, typ plumbing.ObjectType, h plumbing.Hash) {
	t.Helper()
	obj, err := from.EncodedObject(typ, h)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := to.SetEncodedObject(obj); err != nil {
		t.Fatal(err)
	}
}
