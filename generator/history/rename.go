package history

import (
	"bytes"
	"cmp"
	"path"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
)

// Renames are found among the files one commit deleted and added under one
// prefix, in passes that each take only the files the ones before left
// unpaired, all deterministic:
//
//  1. identical content: free, it compares hashes only, so reorganizing a
//     folder of any size costs nothing;
//  2. similar content under the same file name (an item moved to
//     feedback/2026/ and given a status on the way);
//  3. similar content under any name (a draft renamed to its final name and
//     tidied in the same commit): pairs whose sizes are too far apart to
//     be similar are dropped before any line is compared.
//
// Similar means that at least renameScore percent of the larger file's
// bytes are in lines both have, git's default threshold (git log -M). Each
// of the passes 2 and 3 reads the contents of the files left over and runs
// only when they make at most renameLimit pairs; a content that cannot be
// read (a partial clone) is paired with nothing. In a merge, only the added
// files whose content is no parent's are paired by similarity: a file with
// a parent's content takes that parent's line, where its renames were
// followed, so the others' would never be looked at. Merges of long-lived
// branches add and delete many files from one parent to the merge; on
// go-git's own history, 85% of the pairs compared were theirs.
//
// go-git's own detector (object.DetectRenames) is not used because it groups
// changes in maps and pairs equal scores in map order, which can make two
// runs over the same history disagree.

// renameScore is the least similarity, in percent, for a deleted and an added
// file to be one file moved; it is git's default.
const renameScore = 50

// renameLimit bounds the pairs of deleted and added files compared by content
// in one pass over one commit.
const renameLimit = 10000

// renames pairs added files with deleted ones and returns, for each added
// file that is a moved one, the deleted path it came from. With similar not
// nil, only the added files it holds are paired by similarity.
func (w *comparer) renames(added, deleted []fileChange, similar map[string]bool) map[string]string {
	if len(added) == 0 || len(deleted) == 0 {
		return nil
	}
	from := map[string]string{}
	used := map[string]bool{}
	byBlob := map[plumbing.Hash][]string{}
	for _, d := range deleted {
		byBlob[d.from] = append(byBlob[d.from], d.path)
	}
	var rest []fileChange
	for _, a := range added {
		if src := bestExact(a.path, byBlob[a.to], used); src != "" {
			from[a.path] = src
			used[src] = true
			continue
		}
		if similar == nil || similar[a.path] {
			rest = append(rest, a)
		}
	}
	sameName := func(a, d fileChange) bool { return path.Base(a.path) == path.Base(d.path) }
	anyName := func(fileChange, fileChange) bool { return true }
	lines := map[plumbing.Hash]*lineSet{} // read once for both passes
	for _, pass := range []func(a, d fileChange) bool{sameName, anyName} {
		var restDeleted []fileChange
		for _, d := range deleted {
			if !used[d.path] {
				restDeleted = append(restDeleted, d)
			}
		}
		candidates := 0
		for _, a := range rest {
			for _, d := range restDeleted {
				if pass(a, d) {
					candidates++
				}
			}
		}
		if candidates == 0 || candidates > renameLimit {
			continue
		}
		w.pairSimilar(rest, restDeleted, pass, lines, from, used)
		rest = slices.DeleteFunc(rest, func(a fileChange) bool { return from[a.path] != "" })
	}
	return from
}

// pairSimilar pairs the added files with deleted ones that may be the same
// file (may says which) and have similar contents, best pairs first, each
// file at most once, recording them in from and used.
func (w *comparer) pairSimilar(added, deleted []fileChange, may func(a, d fileChange) bool, lines map[plumbing.Hash]*lineSet, from map[string]string, used map[string]bool) {
	read := func(p string, h plumbing.Hash) *lineSet {
		if s, ok := lines[h]; ok {
			return s
		}
		var s *lineSet
		if content, ok := w.blobs.content(p, h); ok {
			s = &lineSet{content: content}
		}
		lines[h] = s
		return s
	}
	type pair struct {
		score    int
		src, dst string
	}
	var pairs []pair
	for _, a := range added {
		dst := read(a.path, a.to)
		if dst == nil {
			continue
		}
		for _, d := range deleted {
			if !may(a, d) {
				continue
			}
			src := read(d.path, d.from)
			if src == nil || !similarSizes(len(src.content), len(dst.content)) {
				continue
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

// similarSizes reports whether files of sizes a and b can be similar: the
// smaller must be at least renameScore percent of the larger, since only
// its bytes can be common.
func similarSizes(a, b int) bool {
	larger := max(a, b)
	return larger > 0 && min(a, b)*100/larger >= renameScore
}

// lineSet is a file's content and, once compared, the count of each of its
// lines.
type lineSet struct {
	content []byte
	lines   map[string]int
}

func (s *lineSet) counts() map[string]int {
	if s.lines != nil {
		return s.lines
	}
	s.lines = map[string]int{}
	for content := s.content; len(content) > 0; {
		n := bytes.IndexByte(content, '\n') + 1
		if n == 0 {
			n = len(content)
		}
		s.lines[string(content[:n])]++
		content = content[n:]
	}
	return s.lines
}

// similarity is the share, in percent, of the larger file's bytes that are in
// lines both files have.
func similarity(a, b *lineSet) int {
	larger := max(len(a.content), len(b.content))
	if !similarSizes(len(a.content), len(b.content)) {
		return 0
	}
	common := 0
	bl := b.counts()
	for line, n := range a.counts() {
		common += min(n, bl[line]) * len(line)
	}
	return common * 100 / larger
}
