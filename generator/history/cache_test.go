package history

import (
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

func memoryObject(t plumbing.ObjectType, content string) *plumbing.MemoryObject {
	o := &plumbing.MemoryObject{}
	o.SetType(t)
	_, _ = o.Write([]byte(content))
	return o
}

func TestObjectKeyIsTheObjectHash(t *testing.T) {
	for _, o := range []*plumbing.MemoryObject{
		memoryObject(plumbing.BlobObject, ""),
		memoryObject(plumbing.BlobObject, "status: planned\n"),
		memoryObject(plumbing.TreeObject, "100644 a.md\x00aaaaaaaaaaaaaaaaaaaa"),
		memoryObject(plumbing.CommitObject, "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nmessage\n"),
	} {
		want := plumbing.ComputeHash(o.Type(), mustRead(t, o))
		if got := objectKey(o); got != want {
			t.Errorf("objectKey(%s) = %s, want %s", o.Type(), got, want)
		}
	}
	incomplete := memoryObject(plumbing.BlobObject, "abc")
	incomplete.SetSize(10)
	if got := objectKey(incomplete); got != incomplete.Hash() {
		t.Errorf("objectKey of incomplete content = %s, want %s as MemoryObject.Hash", got, incomplete.Hash())
	}
}

func mustRead(t *testing.T, o *plumbing.MemoryObject) []byte {
	t.Helper()
	r, _ := o.Reader()
	buf := make([]byte, o.Size())
	if _, err := r.Read(buf); err != nil && o.Size() > 0 {
		t.Fatal(err)
	}
	return buf
}

func TestObjectCacheEvictsLeastRecentlyUsed(t *testing.T) {
	c := newObjectCache(10)
	a := memoryObject(plumbing.BlobObject, "aaaa")
	b := memoryObject(plumbing.BlobObject, "bbbb")
	d := memoryObject(plumbing.BlobObject, "dddd")
	big := memoryObject(plumbing.BlobObject, "more than ten bytes")
	c.Put(a)
	c.Put(b)
	c.Get(a.Hash()) // b is now the least recently used
	c.Put(d)        // 12 bytes > 10: b goes
	c.Put(big)      // never cached
	c.Put(a)        // again: no double counting
	for _, tt := range []struct {
		name string
		o    *plumbing.MemoryObject
		want bool
	}{{"a", a, true}, {"b", b, false}, {"d", d, true}, {"big", big, false}} {
		if _, ok := c.Get(tt.o.Hash()); ok != tt.want {
			t.Errorf("Get(%s) found = %v, want %v", tt.name, ok, tt.want)
		}
	}
	if c.size != 8 {
		t.Errorf("size = %d, want 8", c.size)
	}
	c.Clear()
	if _, ok := c.Get(a.Hash()); ok || c.size != 0 {
		t.Error("Clear left objects behind")
	}
}
