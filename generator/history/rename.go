package history

import (
	"bytes"
	"cmp"
	"hash/maphash"
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
			if s := similarity(src, dst, w.seed); s >= renameScore {
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

// lineSet is a file's content and, once compared, its distinct lines with
// their counts, in a hash table of its own. Two files are compared by
// looking each distinct line of one up in the other's table: no map and no
// string per line, which were most of the cost of following renames
// (TestSimilarity holds it to the map of lines it replaces). The hash only
// finds the lines: lines are equal when their bytes are, so the seed
// changes nothing.
type lineSet struct {
	content []byte
	lines   []lineCount // distinct lines in order of first occurrence; nil until counted
	table   []int32     // open addressing: 1 + an index in lines, 0 for none
}

// lineCount is a distinct line of a file: where it first occurs, and how
// many times.
type lineCount struct {
	hash       uint64
	start, end int
	count      int
}

// counted fills the lines of s and their table, hashed with seed, unless
// they are filled.
func (s *lineSet) counted(seed maphash.Seed) {
	if s.lines != nil {
		return
	}
	n := bytes.Count(s.content, []byte{'\n'}) + 1
	size := 4
	for size < 2*n {
		size *= 2
	}
	s.table = make([]int32, size)
	s.lines = make([]lineCount, 0, n)
	for start := 0; start < len(s.content); {
		n := bytes.IndexByte(s.content[start:], '\n') + 1
		if n == 0 {
			n = len(s.content) - start
		}
		line := s.content[start : start+n]
		h := maphash.Bytes(seed, line)
		if i, slot := s.find(h, line); i >= 0 {
			s.lines[i].count++
		} else {
			s.table[slot] = int32(len(s.lines) + 1)
			s.lines = append(s.lines, lineCount{hash: h, start: start, end: start + n, count: 1})
		}
		start += n
	}
}

// find returns the index in s.lines of the line with hash h and bytes line,
// or -1 and the free slot of the table where it would go.
func (s *lineSet) find(h uint64, line []byte) (int, int) {
	mask := len(s.table) - 1
	for slot := int(h) & mask; ; slot = (slot + 1) & mask {
		i := int(s.table[slot]) - 1
		if i < 0 {
			return -1, slot
		}
		if l := &s.lines[i]; l.hash == h && bytes.Equal(s.content[l.start:l.end], line) {
			return i, slot
		}
	}
}

// similarity is the share, in percent, of the larger file's bytes that are in
// lines both files have.
func similarity(a, b *lineSet, seed maphash.Seed) int {
	larger := max(len(a.content), len(b.content))
	if !similarSizes(len(a.content), len(b.content)) {
		return 0
	}
	a.counted(seed)
	b.counted(seed)
	common := 0
	for _, l := range a.lines {
		if i, _ := b.find(l.hash, a.content[l.start:l.end]); i >= 0 {
			common += min(l.count, b.lines[i].count) * (l.end - l.start)
		}
	}
	return common * 100 / larger
}
