package serve

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/adrg/frontmatter"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/heedhq/heed/generator/history"
	"github.com/heedhq/heed/generator/source"
)

// readHistory walks the git history of the feedback and themes of the
// repository at root (absolute, no symbolic links) up to HEAD, keyed by
// repository paths, the way heed build does. Without git history it
// returns nil and a note saying what the site lacks. gitDir is the folder
// of the repository's HEAD and refs, "" when there is none.
func readHistory(root string) (h *history.History, note, gitDir string) {
	repo, err := history.Open(root)
	if errors.Is(err, history.ErrNotRepository) {
		return nil, "not a git repository: no status timelines, shipped dates from history or authors", ""
	}
	if err != nil {
		return nil, fmt.Sprintf("git history not read: %v", err), ""
	}
	defer history.Close(repo)
	if fs, ok := repo.Storer.(*filesystem.Storage); ok {
		gitDir = fs.Filesystem().Root()
	}
	prefix := ""
	if wt, err := repo.Worktree(); err == nil {
		top, err := filepath.EvalSymlinks(wt.Filesystem.Root())
		if err != nil {
			top = wt.Filesystem.Root()
		}
		if rel, err := filepath.Rel(top, root); err == nil && rel != "." {
			prefix = filepath.ToSlash(rel) + "/"
		}
	}
	h, err = history.Walk(repo, "", history.Options{
		Prefixes: []string{prefix + source.FeedbackDir + "/", prefix + source.ThemesDir + "/"},
		Status:   statusValue,
	})
	if err != nil {
		return nil, fmt.Sprintf("git history not read: %v", err), gitDir
	}
	if prefix != "" {
		files := make(map[string]*history.File, len(h.Files))
		for p, f := range h.Files {
			files[strings.TrimPrefix(p, prefix)] = f
		}
		h.Files = files
	}
	if h.Shallow {
		return h, "git history is shallow: timelines start at the oldest commit fetched", gitDir
	}
	return h, "", gitDir
}

// statusValue reads the status field of a file's front matter ("" when it
// has none or cannot be read), as heed build does for git history.
func statusValue(_ string, data []byte) string {
	var fm map[string]any
	if _, err := frontmatter.Parse(bytes.NewReader(data), &fm); err != nil {
		return ""
	}
	s, _ := fm["status"].(string)
	return strings.TrimSpace(s)
}
