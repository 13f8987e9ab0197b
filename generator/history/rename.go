package history

import (
	"bytes"
	"cmp"
	"path"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
)

// Renames are found among the files one commit deleted and added under one
// prefix, in two passes, both deterministic:
//
//  1. identical content: free, it compares hashes only, so reorganizing a
//     folder of any size costs nothing;
//  2. similar content under the same file name (a file moved and edited in
//     one commit, say a status set while moving it to feedback/2026/): costs
//     one blob read per file left over that has a namesake on the other
//     side, and one comparison per such pair; it runs only when the pairs
//     are at most renameLimit. The name must match because feedback files
//     are small and share most of their front matter lines: by content
//     alone, deleting one item and adding an unrelated one would read as a
//     move and give the new item the old one's history.
//
// go-git's own detector (object.DetectRenames) is not used because it groups
// changes in maps and pairs equal scores in map order, which can make two
// runs over the same history disagree.

// renameScore is the least similarity, in percent, for a deleted and an added
// file to be one file moved; it is git's default.
const renameScore = 50

// renameLimit bounds the pairs of deleted and added files compared by content
// in one commit.
const renameLimit = 10000

// renames pairs added files with deleted ones and returns, for each added
// file that is a moved one, the deleted path it came from.
func (w *comparer) renames(added, deleted []fileChange) (map[string]string, error) {
	if len(added) == 0 || len(deleted) == 0 {
		return nil, nil
	}
	from := map[string]string{}
	used := map[string]bool{}
	byBlob := map[plumbing.Hash][]string{}
	for _, d := range deleted {
		byBlob[d.from] = append(byBlob[d.from], d.path)
	}
	var restAdded []fileChange
	for _, a := range added {
		if src := bestExact(a.path, byBlob[a.to], used); src != "" {
			from[a.path] = src
			used[src] = true
			continue
		}
		restAdded = append(restAdded, a)
	}
	restDeleted := map[string][]fileChange{} // by file name
	for _, d := range deleted {
		if !used[d.path] {
			name := path.Base(d.path)
			restDeleted[name] = append(restDeleted[name], d)
		}
	}
	candidates := 0
	for _, a := range restAdded {
		candidates += len(restDeleted[path.Base(a.path)])
	}
	if candidates == 0 || candidates > renameLimit {
		return from, nil
	}

	type pair struct {
		score    int
		src, dst string
	}
	var pairs []pair
	srcs := map[string]lineSet{}
	for _, a := range restAdded {
		namesakes := restDeleted[path.Base(a.path)]
		if len(namesakes) == 0 {
			continue
		}
		content, err := w.blob(a.to)
		if err != nil {
			return nil, err
		}
		dst := newLineSet(content)
		for _, d := range namesakes {
			src, ok := srcs[d.path]
			if !ok {
				content, err := w.blob(d.from)
				if err != nil {
					return nil, err
				}
				src = newLineSet(content)
				srcs[d.path] = src
			}
			if s := similarity(src, dst); s >= renameScore {
				pairs = append(pairs, pair{s, d.path, a.path})
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.src, b.src), cmp.Compare(a.dst, b.dst))
	})
	for _, p := range pairs {
		if used[p.src] || from[p.dst] != "" {
			continue
		}
		from[p.dst] = p.src
		used[p.src] = true
	}
	return from, nil
}

// bestExact picks, among the unused deleted paths with the added file's
// content, the one with the same file name, else the first.
func bestExact(dst string, candidates []string, used map[string]bool) string {
	first := ""
	for _, c := range candidates {
		if used[c] {
			continue
		}
		if path.Base(c) == path.Base(dst) {
			return c
		}
		if first == "" {
			first = c
		}
	}
	return first
}

// lineSet counts the lines of a file's content.
type lineSet struct {
	lines map[string]int
	size  int
}

func newLineSet(content []byte) lineSet {
	s := lineSet{lines: map[string]int{}, size: len(content)}
	for len(content) > 0 {
		n := bytes.IndexByte(content, '\n') + 1
		if n == 0 {
			n = len(content)
		}
		s.lines[string(content[:n])]++
		content = content[n:]
	}
	return s
}

// similarity is the share, in percent, of the larger file's bytes that are in
// lines both files have.
func similarity(a, b lineSet) int {
	larger := max(a.size, b.size)
	if larger == 0 || min(a.size, b.size)*100/larger < renameScore {
		return 0
	}
	common := 0
	for line, n := range a.lines {
		common += min(n, b.lines[line]) * len(line)
	}
	return common * 100 / larger
}
