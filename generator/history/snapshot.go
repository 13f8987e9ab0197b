package history

import (
	"maps"
	"slices"
)

// snapshot maps the path of every tracked file to the newest event of its
// history, at one commit. It is either the whole map (base nil) or a layer:
// the files changed since base, a snapshot that is no longer changed. A
// commit whose parent has other children still to come layers its changes
// over the parent's snapshot instead of copying every file: in a repository
// whose pull requests end in merge commits, every branch point would
// otherwise copy the map of all files (a third of the walk's time on 20,000
// commits of 10,000 files).
//
// Commits that change no tracked file share their parent's snapshot. refs
// counts the commits and the layers holding a snapshot; one that only its
// last commit holds is changed in place.
type snapshot struct {
	files map[string]*event // a nil event: no such file (deleted in this layer)
	base  *snapshot
	refs  int
}

// maxLayers bounds the layers below a snapshot: a commit whose parent's
// snapshot is that deep starts from its squashed copy (see squash), so
// that a lookup reads at most maxLayers+1 maps.
const maxLayers = 8

// depth returns the number of layers below s. It is counted, not kept:
// compacting a snapshot merges away layers below it, and the layers
// already over it would go on counting them, until a commit over one of
// them copied the map of all files for nothing.
func (s *snapshot) depth() int {
	n := 0
	for l := s.base; l != nil; l = l.base {
		n++
	}
	return n
}

// get returns the newest event of the file at p, nil for no such file.
func (s *snapshot) get(p string) *event {
	for ; s != nil; s = s.base {
		if e, ok := s.files[p]; ok {
			return e
		}
	}
	return nil
}

// remove drops the file at p.
func (s *snapshot) remove(p string) {
	if s.base == nil {
		delete(s.files, p)
		return
	}
	s.files[p] = nil
}

// layer returns an empty layer over s, for about n changes.
func (s *snapshot) layer(n int) *snapshot {
	s.refs++
	return &snapshot{files: make(map[string]*event, n), base: s}
}

// release drops one holder of s; a snapshot nothing holds drops its base.
func (s *snapshot) release() {
	for ; s != nil; s = s.base {
		if s.refs--; s.refs > 0 {
			return
		}
	}
}

// compact merges each snapshot of s's line that nothing but the layer over
// it holds any more (a branch's layer that was merged and released its
// hold) into that layer, the smaller map into the larger, so that a line
// of history that branched returns to one map. A layer held by others
// stops nothing: merging below it changes how it is stored, not what it
// holds, and a map that pull requests made long ago kept below main's
// layers is merged as soon as they let go. It changes how s is stored,
// not what it holds.
func (s *snapshot) compact() {
	for l := s; l.base != nil; {
		b := l.base
		if b.refs != 1 {
			l = b
			continue
		}
		if len(l.files) <= len(b.files) {
			for p, e := range l.files {
				b.files[p] = e
			}
			l.files = b.files
		} else {
			for p, e := range b.files {
				if _, ok := l.files[p]; !ok {
					l.files[p] = e
				}
			}
		}
		l.base = b.base
		b.files, b.base = nil, nil
	}
}

// squash returns a snapshot that holds what s holds with about half the
// layers below it, and how many files it copied to do so. The upper
// half of s's line of layers is copied into one layer over the rest, which
// stays shared: when pull requests stay open for many merges, each keeps
// the snapshot of main it was made from, main's snapshots are layered many
// deep, and copying the few files the upper layers hold costs nothing next
// to copying the map of all files. The lower layers are merged as the pull
// requests holding them end (see compact). Should the upper layers hold a
// quarter as many files as the map at the bottom, every file is copied.
// s is a layer: apply squashes only a snapshot at the bound, one or more
// layers deep.
func (s *snapshot) squash() (sq *snapshot, copied int) {
	var line []*snapshot // s and every layer below it, not the bottom map
	for l := s; l.base != nil; l = l.base {
		line = append(line, l)
	}
	bottom := line[len(line)-1].base
	upper := line[:(len(line)+1)/2]
	n := 0
	for _, l := range upper {
		n += len(l.files)
	}
	if n >= len(bottom.files)/4 {
		m := s.flat()
		return &snapshot{files: m}, len(m)
	}
	m := make(map[string]*event, n)
	for _, l := range slices.Backward(upper) {
		maps.Copy(m, l.files)
	}
	base := upper[len(upper)-1].base
	base.refs++
	return &snapshot{files: m, base: base}, len(m)
}

// flat returns all of s in one new map (which may hold nil events).
func (s *snapshot) flat() map[string]*event {
	var layers []*snapshot
	for l := s; l != nil; l = l.base {
		layers = append(layers, l)
	}
	m := maps.Clone(layers[len(layers)-1].files)
	for i := len(layers) - 2; i >= 0; i-- {
		maps.Copy(m, layers[i].files)
	}
	return m
}
