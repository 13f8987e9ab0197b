package history

import (
	"container/list"

	"github.com/go-git/go-git/v5/plumbing"
)

// recentObjects keeps the most recently used objects of a walk, up to a
// number of bytes: the versions of trees and files that the next versions
// are compared with or stored as deltas of.
type recentObjects[V any] struct {
	limit int         // bytes kept at most (the newest object is always kept)
	size  func(V) int // bytes of a value
	// evicted, when not nil, is called with each value dropped.
	evicted func(V)
	index   map[plumbing.Hash]*list.Element // of *recent[V]
	order   list.List                       // most recently used first
	bytes   int
}

type recent[V any] struct {
	hash  plumbing.Hash
	value V
}

func newRecentObjects[V any](limit int, size func(V) int) *recentObjects[V] {
	return &recentObjects[V]{limit: limit, size: size, index: map[plumbing.Hash]*list.Element{}}
}

func (c *recentObjects[V]) get(h plumbing.Hash) (V, bool) {
	el, ok := c.index[h]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*recent[V]).value, true
}

func (c *recentObjects[V]) put(h plumbing.Hash, v V) {
	if el, ok := c.index[h]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.index[h] = c.order.PushFront(&recent[V]{hash: h, value: v})
	c.bytes += c.size(v)
	for c.bytes > c.limit && c.order.Len() > 1 {
		last := c.order.Back()
		old := last.Value.(*recent[V])
		c.order.Remove(last)
		delete(c.index, old.hash)
		c.bytes -= c.size(old.value)
		if c.evicted != nil {
			c.evicted(old.value)
		}
	}
}
