package history

import (
	"github.com/go-git/go-git/v5/plumbing"
)

// recentObjects keeps the most recently used objects of a walk, up to a
// number of bytes: the versions of trees and files that the next versions
// are compared with or stored as deltas of.
//
// The objects are held in one slice, linked by index in order of use, with
// an index of hashes to positions that holds no pointers: a walk keeps tens
// of thousands of trees, and an element of container/list and a map of
// pointers for each was work for every collection of garbage.
type recentObjects[V any] struct {
	limit int         // bytes kept at most (the newest object is always kept)
	size  func(V) int // bytes of a value
	// evicted, when not nil, is called with each value dropped.
	evicted func(V)
	index   map[plumbing.Hash]int32 // position in entries
	entries []recent[V]
	// first and last are the most and least recently used entries, free
	// the first of the entries dropped (linked by next); -1 for none.
	first, last, free int32
	bytes             int
}

type recent[V any] struct {
	hash       plumbing.Hash
	value      V
	prev, next int32 // -1 for none
}

func newRecentObjects[V any](limit int, size func(V) int) *recentObjects[V] {
	return &recentObjects[V]{limit: limit, size: size, index: map[plumbing.Hash]int32{}, first: -1, last: -1, free: -1}
}

func (c *recentObjects[V]) get(h plumbing.Hash) (V, bool) {
	i, ok := c.index[h]
	if !ok {
		var zero V
		return zero, false
	}
	c.unlink(i)
	c.pushFront(i)
	return c.entries[i].value, true
}

func (c *recentObjects[V]) put(h plumbing.Hash, v V) {
	if i, ok := c.index[h]; ok {
		c.unlink(i)
		c.pushFront(i)
		return
	}
	i := c.free
	if i >= 0 {
		c.free = c.entries[i].next
		c.entries[i] = recent[V]{hash: h, value: v}
	} else {
		i = int32(len(c.entries))
		c.entries = append(c.entries, recent[V]{hash: h, value: v})
	}
	c.index[h] = i
	c.pushFront(i)
	c.bytes += c.size(v)
	for c.bytes > c.limit && c.first != c.last {
		old := c.last
		e := &c.entries[old]
		c.unlink(old)
		delete(c.index, e.hash)
		c.bytes -= c.size(e.value)
		value := e.value
		var zero V
		*e = recent[V]{value: zero, next: c.free, prev: -1}
		c.free = old
		if c.evicted != nil {
			c.evicted(value)
		}
	}
}

// unlink takes entry i out of the order of use.
func (c *recentObjects[V]) unlink(i int32) {
	e := &c.entries[i]
	if e.prev >= 0 {
		c.entries[e.prev].next = e.next
	} else {
		c.first = e.next
	}
	if e.next >= 0 {
		c.entries[e.next].prev = e.prev
	} else {
		c.last = e.prev
	}
	e.prev, e.next = -1, -1
}

// pushFront makes entry i the most recently used.
func (c *recentObjects[V]) pushFront(i int32) {
	e := &c.entries[i]
	e.prev, e.next = -1, c.first
	if c.first >= 0 {
		c.entries[c.first].prev = i
	}
	c.first = i
	if c.last < 0 {
		c.last = i
	}
}
