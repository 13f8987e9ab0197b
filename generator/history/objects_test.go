package history

import (
	"bytes"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// TestParseHeader checks that the headers read from a mapped pack are the
// ones go-git's scanner reads, for every object of a pack with offset
// deltas, and that truncated headers are errors.
func TestParseHeader(t *testing.T) {
	repo, err := Open(benchRepoDir(t, benchShape{commits: 300, items: 120, themes: 8}))
	if err != nil {
		t.Fatal(err)
	}
	defer Close(repo)
	set, err := openPacks(repo.Storer, true)
	if err != nil {
		t.Fatal(err)
	}
	defer set.close()
	deltas := 0
	for _, p := range set.packs {
		if p.data == nil {
			t.Skip("packs are not mapped here")
		}
		scan := packfile.NewScanner(bytes.NewReader(p.data))
		<-p.idx.sorted
		for _, e := range p.idx.byOff {
			want, err := scan.SeekObjectHeader(e.off)
			if err != nil {
				t.Fatal(err)
			}
			wantStart, err := scan.SeekFromStart(0)
			if err != nil {
				t.Fatal(err)
			}
			got, start, err := parseHeader(p.data, e.off)
			if err != nil {
				t.Fatalf("object at %d: %v", e.off, err)
			}
			if got.Type != want.Type || got.Length != want.Length || got.OffsetReference != want.OffsetReference || got.Reference != want.Reference || start != wantStart {
				t.Fatalf("object at %d: header %+v from %d, want %+v from %d", e.off, got, start, want, wantStart)
			}
			if got.Type == plumbing.OFSDeltaObject {
				deltas++
			}
			for n := range int(start - e.off) {
				if _, _, err := parseHeader(p.data[:e.off+int64(n)], e.off); err == nil {
					t.Fatalf("object at %d: header cut after %d bytes read without error", e.off, n)
				}
			}
		}
	}
	if deltas == 0 {
		t.Error("no offset deltas in the pack")
	}
}
