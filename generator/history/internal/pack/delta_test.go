package pack

import (
	"bytes"
	"errors"
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
