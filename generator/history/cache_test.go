package history

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestRecentObjects holds recentObjects to a list in order of use, on
// random gets and puts: the same values kept, the same dropped, in the
// same order.
func TestRecentObjects(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, limit := range []int{1, 10, 100} {
		type entry struct {
			h plumbing.Hash
			v int
		}
		var want []entry // most recently used first
		var wantDropped, dropped []int
		c := newRecentObjects(limit, func(v int) int { return v })
		c.evicted = func(v int) { dropped = append(dropped, v) }
		size := 0
		for range 20000 {
			var h plumbing.Hash
			h[0] = byte(rng.IntN(40))
			i := slices.IndexFunc(want, func(e entry) bool { return e.h == h })
			if rng.IntN(2) == 0 {
				v, ok := c.get(h)
				if ok != (i >= 0) || ok && v != want[i].v {
					t.Fatalf("limit %d: get(%x) = %d, %v; want %v", limit, h[0], v, ok, i >= 0)
				}
				if i >= 0 {
					e := want[i]
					want = append([]entry{e}, slices.Delete(want, i, i+1)...)
				}
				continue
			}
			v := 1 + rng.IntN(9)
			c.put(h, v)
			if i >= 0 {
				e := want[i]
				want = append([]entry{e}, slices.Delete(want, i, i+1)...)
				continue
			}
			want = append([]entry{{h, v}}, want...)
			size += v
			for size > limit && len(want) > 1 {
				last := want[len(want)-1]
				want = want[:len(want)-1]
				size -= last.v
				wantDropped = append(wantDropped, last.v)
			}
			if !slices.Equal(dropped, wantDropped) || c.bytes != size || len(c.index) != len(want) {
				t.Fatalf("limit %d: dropped %v, %d bytes, %d kept; want %v, %d, %d", limit, dropped, c.bytes, len(c.index), wantDropped, size, len(want))
			}
		}
	}
}
