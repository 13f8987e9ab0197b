package source

import (
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/history"
)

// ReadCommit reads the files of the commit rev names (a branch, tag or hash)
// from the repository's object store, as ReadDir reads a folder: no checkout,
// the working tree untouched. prefix is the folder of the feedback repository
// inside the git repository ("" when it is the root). Symbolic links are
// followed only to files inside the prefix. A revision that names no commit
// is an error wrapping history.ErrUnknownRevision.
func ReadCommit(repo *git.Repository, rev, prefix string) (*Snapshot, error) {
	h, err := repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return nil, fmt.Errorf("%s: %w (%v)", rev, history.ErrUnknownRevision, err)
	}
	commit, err := repo.CommitObject(*h)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rev, err)
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rev, err)
	}
	prefix = strings.Trim(prefix, "/")
	if prefix != "" {
		tree, err = tree.Tree(prefix)
		if errors.Is(err, object.ErrDirectoryNotFound) {
			return &Snapshot{Commit: h.String()}, nil
		} else if err != nil {
			return nil, fmt.Errorf("%s:%s: %w", rev, prefix, err)
		}
	}
	snap := &Snapshot{Commit: h.String()}
	type entry struct {
		path string
		mode filemode.FileMode
		hash plumbing.Hash
	}
	var entries []entry
	byPath := map[string]entry{}
	walker := object.NewTreeWalker(tree, true, nil)
	defer walker.Close()
	for {
		name, e, err := walker.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rev, err)
		}
		if e.Mode == filemode.Dir || e.Mode == filemode.Submodule {
			continue
		}
		en := entry{name, e.Mode, e.Hash}
		byPath[name] = en
		if _, ok := Classify(name); ok {
			entries = append(entries, en)
		}
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.path, b.path) })
	for _, en := range entries {
		kind, _ := Classify(en.path)
		target := en
		if en.mode == filemode.Symlink {
			link, err := blob(repo, en.hash, MaxFileSize)
			if err != nil {
				return nil, fmt.Errorf("%s:%s: %w", rev, en.path, err)
			}
			dest := path.Clean(path.Join(path.Dir(en.path), string(link)))
			t, ok := byPath[dest]
			if strings.HasPrefix(string(link), "/") || dest == ".." || strings.HasPrefix(dest, "../") || !ok || t.mode == filemode.Symlink {
				snap.Diagnostics = append(snap.Diagnostics, diag.Errorf(en.path, 0, 0, "symlink-outside", "symbolic link leads outside the repository (or to nothing heed can read); it is not followed"))
				continue
			}
			target = t
		}
		data, err := blob(repo, target.hash, MaxSize(kind)+1)
		if err != nil {
			return nil, fmt.Errorf("%s:%s: %w", rev, en.path, err)
		}
		f, ds := Check(File{Path: en.path, Kind: kind, Data: data})
		snap.Diagnostics = append(snap.Diagnostics, ds...)
		if ds == nil {
			snap.Files = append(snap.Files, f)
		}
	}
	snap.Diagnostics.Sort()
	return snap, nil
}

// blob reads at most limit bytes of a blob.
func blob(repo *git.Repository, h plumbing.Hash, limit int64) ([]byte, error) {
	b, err := repo.BlobObject(h)
	if err != nil {
		return nil, err
	}
	r, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, limit))
}

// Changed returns the paths of now that are new or different in base (added,
// modified, or renamed to), and the paths of base that now lacks (deleted or
// renamed from), each sorted.
func Changed(base, now *Snapshot) (changed, deleted []string) {
	old := make(map[string][]byte, len(base.Files))
	for _, f := range base.Files {
		old[f.Path] = f.Data
	}
	seen := make(map[string]bool, len(now.Files))
	for _, f := range now.Files {
		seen[f.Path] = true
		if d, ok := old[f.Path]; !ok || string(d) != string(f.Data) {
			changed = append(changed, f.Path)
		}
	}
	// Files with problems are not in Files but are changed all the same.
	for _, d := range now.Diagnostics {
		if !seen[d.Path] {
			seen[d.Path] = true
			changed = append(changed, d.Path)
		}
	}
	for _, f := range base.Files {
		if !seen[f.Path] {
			deleted = append(deleted, f.Path)
		}
	}
	slices.Sort(changed)
	return slices.Compact(changed), deleted
}
