package history

import (
	"container/list"
	"crypto/sha1"
	"io"
	"strconv"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
)

// objectCache is the object cache (cache.Object) of repositories from Open:
// the least recently used decoded objects, bounded by their total size, as
// go-git's cache.ObjectLRU, with one difference. go-git keys every object it
// caches by asking for its hash, and an object decoded from a pack file
// computes that hash on demand with a collision-detecting SHA-1 (sha1cd),
// which runs at a third of the speed of the standard library's. On a flat
// feedback folder, where each commit's tree is large, that was a third of a
// walk's time. This cache computes the key of a decoded object itself with
// crypto/sha1; the value is the same object hash.
type objectCache struct {
	mu    sync.Mutex
	max   cache.FileSize
	size  cache.FileSize
	order *list.List // of *cacheEntry, most recently used first
	byKey map[plumbing.Hash]*list.Element
}

type cacheEntry struct {
	key plumbing.Hash
	obj plumbing.EncodedObject
}

func newObjectCache(max cache.FileSize) *objectCache {
	return &objectCache{max: max, order: list.New(), byKey: map[plumbing.Hash]*list.Element{}}
}

// Put implements cache.Object.
func (c *objectCache) Put(o plumbing.EncodedObject) {
	size := cache.FileSize(o.Size())
	if size > c.max {
		return
	}
	key := objectKey(o)
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		e := el.Value.(*cacheEntry)
		c.size += size - cache.FileSize(e.obj.Size())
		e.obj = o
		c.order.MoveToFront(el)
	} else {
		c.byKey[key] = c.order.PushFront(&cacheEntry{key: key, obj: o})
		c.size += size
	}
	for c.size > c.max {
		last := c.order.Back()
		e := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.byKey, e.key)
		c.size -= cache.FileSize(e.obj.Size())
	}
}

// Get implements cache.Object.
func (c *objectCache) Get(k plumbing.Hash) (plumbing.EncodedObject, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).obj, true
}

// Clear implements cache.Object.
func (c *objectCache) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.byKey)
	c.size = 0
}

// objectKey is the hash of an object. For an object held in memory it is
// computed here, as plumbing.MemoryObject.Hash does: over the type, the size
// and the content, and only when the content is complete.
func objectKey(o plumbing.EncodedObject) plumbing.Hash {
	mo, ok := o.(*plumbing.MemoryObject)
	if !ok {
		return o.Hash()
	}
	r, err := mo.Reader()
	if err != nil {
		return o.Hash()
	}
	h := sha1.New()
	_, _ = io.WriteString(h, mo.Type().String()+" "+strconv.FormatInt(mo.Size(), 10)+"\x00")
	n, err := io.Copy(h, r) // a bytes.Reader: hashed in place, not copied
	if err != nil || n != mo.Size() {
		return o.Hash()
	}
	var key plumbing.Hash
	h.Sum(key[:0])
	return key
}
