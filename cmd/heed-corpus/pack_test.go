package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

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
