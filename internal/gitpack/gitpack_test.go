package gitpack

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// A pack written with deltas and repeated objects reads back through
// go-git's storage, object by object, as written.
func TestPackReadsBack(t *testing.T) {
	dir := t.TempDir()
	if _, err := git.PlainInit(dir, true); err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter(filepath.Join(dir, "objects", "pack"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[plumbing.Hash][]byte{}
	put := func(typ plumbing.ObjectType, data []byte, base *Object) *Object {
		o, err := w.Put(typ, data, base)
		if err != nil {
			t.Fatal(err)
		}
		want[o.Hash] = data
		return o
	}
	var blob *Object
	text := strings.Repeat("a line of feedback that does not change\n", 20)
	for i := range 2 * MaxDepth { // a chain longer than MaxDepth starts anew
		blob = put(plumbing.BlobObject, []byte(fmt.Sprintf("%sstatus: %d\n", text, i)), blob)
	}
	if blob.depth == 0 || blob.depth > MaxDepth {
		t.Errorf("the last version is at depth %d", blob.depth)
	}
	again := put(plumbing.BlobObject, []byte(fmt.Sprintf("%sstatus: %d\n", text, 0)), nil)
	empty := put(plumbing.BlobObject, nil, blob)
	tree := put(plumbing.TreeObject, []byte("100644 a.md\x00"+string(again.Hash[:])+"100644 b.md\x00"+string(empty.Hash[:])), nil)
	put(plumbing.CommitObject, []byte("tree "+tree.Hash.String()+"\nauthor A <a@example.com> 1 +0000\ncommitter A <a@example.com> 1 +0000\n\nFirst\n"), nil)
	if err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	for h, data := range want {
		obj, err := repo.Storer.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			t.Fatalf("%s: %v", h, err)
		}
		r, _ := obj.Reader()
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%s reads %q, %v; want %q", h, got, err, data)
		}
	}
}

// A delta applied to its base gives the target back, as git applies it.
func TestDeltaRebuildsTheTarget(t *testing.T) {
	long := strings.Repeat("a line of feedback\n", 5000) // copies over 64 KiB
	for _, tc := range []struct{ name, base, target string }{
		{"equal", "title: x\n", "title: x\n"},
		{"line added in the middle", "---\ntitle: x\n---\nbody\n", "---\ntitle: x\nstatus: planned\n---\nbody\n"},
		{"line removed", "a\nb\nc\n", "a\nc\n"},
		{"appended", "a\n", "a\nb\n"},
		{"prepended", "b\n", "a\nb\n"},
		{"nothing in common", "abc", "xyz"},
		{"insert over 127 bytes", "ab", "a" + strings.Repeat("x", 300) + "b"},
		{"large copies", long + "end\n", long + "changed end\n"},
	} {
		d := delta([]byte(tc.base), []byte(tc.target))
		got, err := packfile.PatchDelta([]byte(tc.base), d)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !bytes.Equal(got, []byte(tc.target)) {
			t.Errorf("%s: delta rebuilds %q, want %q", tc.name, got, tc.target)
		}
	}
}

// Distances back to a base are written the way git reads them.
func TestOffsetEncoding(t *testing.T) {
	for _, tc := range []struct {
		off  int64
		want []byte
	}{
		{1, []byte{0x01}},
		{127, []byte{0x7f}},
		{128, []byte{0x80, 0x00}},
		{16511, []byte{0xff, 0x7f}},
		{16512, []byte{0x80, 0x80, 0x00}},
	} {
		var b [10]byte
		if got := b[:offsetEncode(b[:], tc.off)]; !bytes.Equal(got, tc.want) {
			t.Errorf("offset %d: % x, want % x", tc.off, got, tc.want)
		}
	}
}
