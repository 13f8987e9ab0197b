package pack

import (
	"bytes"
	"errors"
	"runtime"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

func TestApplyDelta(t *testing.T) {
	base := bytes.Repeat([]byte("0123456789"), 10000) // 100,000 bytes
	target := append(append(append([]byte{}, base[:70000]...), "inserted"...), base[30000:]...)
	tests := []struct {
		name  string
		base  []byte
		delta []byte
		want  []byte
		err   error
	}{
		{"go-git's delta of two large texts", base, packfile.DiffDelta(base, target), target, nil},
		{"copy with a size of 0x10000 written as zero", base,
			[]byte{0xa0, 0x8d, 0x06, 0x83, 0x80, 0x04, 0x80 | 0x01, 0x05, 3, 'a', 'b', 'c'}, append(append([]byte{}, base[5:5+0x10000]...), "abc"...), nil},
		{"base size differs", base[:10], packfile.DiffDelta(base, target), nil, ErrBadDelta},
		{"copy beyond the base", []byte("abc"), []byte{3, 5, 0x80 | 0x01 | 0x10, 1, 5}, nil, ErrBadDelta},
		{"insert beyond the delta", []byte("abc"), []byte{3, 5, 5, 'x'}, nil, ErrBadDelta},
		{"result longer than announced", []byte("abc"), []byte{3, 1, 2, 'x', 'y'}, nil, ErrBadDelta},
		{"result shorter than announced", []byte("abc"), []byte{3, 9, 1, 'x'}, nil, ErrBadDelta},
		{"reserved instruction zero", []byte("abc"), []byte{3, 1, 0}, nil, ErrBadDelta},
		{"truncated header", []byte("abc"), []byte{0x83}, nil, ErrBadDelta},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ApplyDelta(nil, tt.base, tt.delta)
			if !errors.Is(err, tt.err) || !bytes.Equal(got, tt.want) {
				t.Errorf("ApplyDelta = %d bytes, %v; want %d bytes, %v", len(got), err, len(tt.want), tt.err)
			}
		})
	}
}

// FuzzApplyDelta: a delta go-git made rebuilds its target, and any bytes
// as a delta either fail with ErrBadDelta or give what go-git's PatchDelta
// gives; a delta announcing a huge object it does not make fails without
// holding that much memory.
func FuzzApplyDelta(f *testing.F) {
	f.Add([]byte("tree 1\x00abc"), []byte("tree 2\x00abcd"), []byte{})
	f.Add([]byte("0123456789"), []byte("01234x6789"), []byte{10, 3, 0x91, 2, 1, 1, 'z'})
	f.Add([]byte("abc"), []byte(""), []byte{3, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x90, 3})
	f.Fuzz(func(t *testing.T, base, target, raw []byte) {
		if len(base) > 0 {
			d := packfile.DiffDelta(base, target)
			got, err := ApplyDelta(nil, base, d)
			if err != nil || !bytes.Equal(got, target) {
				t.Fatalf("go-git's delta gives %q, %v; want %q", got, err, target)
			}
		}
		got, err := ApplyDelta(nil, base, raw)
		if err != nil {
			if !errors.Is(err, ErrBadDelta) {
				t.Fatalf("error %v is not ErrBadDelta", err)
			}
			return
		}
		if len(base) == 0 || len(raw) < 4 {
			return // go-git refuses these before reading them
		}
		want, werr := packfile.PatchDelta(base, raw)
		if werr != nil || !bytes.Equal(got, want) {
			t.Fatalf("ApplyDelta gives %q, PatchDelta %q, %v", got, want, werr)
		}
	})
}

// TestApplyDeltaHugeAnnounced: a corrupt delta that announces a 4 GiB
// object and holds three bytes fails without setting aside 4 GiB.
func TestApplyDeltaHugeAnnounced(t *testing.T) {
	delta := []byte{3, 0xff, 0xff, 0xff, 0xff, 0x0f, 3, 'a', 'b', 'c'}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ApplyDelta(nil, []byte("abc"), delta)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrBadDelta) {
		t.Errorf("err = %v, want ErrBadDelta", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 128<<20 {
		t.Errorf("allocated %d MiB for a delta of %d bytes", n>>20, len(delta))
	}
}
