package pack

import "errors"

// ErrBadDelta reports a delta that does not describe a valid patch of its
// base.
var ErrBadDelta = errors.New("malformed delta")

// ApplyDelta rebuilds an object from its base and a git delta, into buf
// when it has room. A delta is the base's size and the result's size as
// little-endian base-128 numbers, then instructions that either copy a
// range of the base (high bit set; the low four bits say which offset bytes
// follow, the next three which size bytes, a size of 0 meaning 0x10000) or
// insert the next 1 to 127 bytes of the delta. go-git's packfile.PatchDelta does the same into a buffer that grows
// from 64 KiB by doubling; for a tree of thousands of entries, allocating the
// result once at its final size matters.
func ApplyDelta(buf, base, delta []byte) ([]byte, error) {
	baseSize, delta, ok := uvarint(delta)
	if !ok || baseSize != uint64(len(base)) {
		return nil, ErrBadDelta
	}
	size, delta, ok := uvarint(delta)
	if !ok || size > 1<<32 {
		return nil, ErrBadDelta
	}
	out := buf[:0]
	if uint64(cap(out)) < size {
		// The announced size is only trusted up to maxPrealloc: a corrupt
		// delta may announce 4 GiB and hold three bytes.
		out = make([]byte, 0, min(size, maxPrealloc))
	}
	for len(delta) > 0 {
		op := delta[0]
		delta = delta[1:]
		switch {
		case op&0x80 != 0:
			var off, n uint64
			for i := range 7 {
				if op&(1<<i) == 0 {
					continue
				}
				if len(delta) == 0 {
					return nil, ErrBadDelta
				}
				if i < 4 {
					off |= uint64(delta[0]) << (8 * i)
				} else {
					n |= uint64(delta[0]) << (8 * (i - 4))
				}
				delta = delta[1:]
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) || uint64(len(out))+n > size {
				return nil, ErrBadDelta
			}
			out = append(out, base[off:off+n]...)
		case op != 0:
			n := int(op)
			if n > len(delta) || uint64(len(out)+n) > size {
				return nil, ErrBadDelta
			}
			out = append(out, delta[:n]...)
			delta = delta[n:]
		default:
			return nil, ErrBadDelta
		}
	}
	if uint64(len(out)) != size {
		return nil, ErrBadDelta
	}
	return out, nil
}

// maxPrealloc bounds the memory ApplyDelta sets aside before the delta's
// instructions have shown that the object is that large.
const maxPrealloc = 64 << 20

// uvarint reads a little-endian base-128 number.
func uvarint(b []byte) (uint64, []byte, bool) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i]&0x80 == 0 {
			return v, b[i+1:], true
		}
	}
	return 0, nil, false
}

// DeltaSize returns the size of the object a delta rebuilds.
func DeltaSize(delta []byte) (int, bool) {
	_, delta, ok := uvarint(delta)
	if !ok {
		return 0, false
	}
	size, _, ok := uvarint(delta)
	return int(size), ok && size <= 1<<32
}
