package pack

import (
	"encoding/binary"
	"errors"
	"hash/adler32"
	"math/bits"
	"sync"
)

// Inflating the objects of a pack is most of a walk's work: every version of
// every tree and file content is read once. compress/flate reads its input a
// byte at a time through an interface, writes into a 32 KiB window before
// copying out, and builds large decoding tables for every block, which for
// the many small objects of a pack (deltas of a few hundred bytes) costs more
// than decoding them. A pack object's size is known before it is inflated, so
// inflater decodes a zlib stream held in memory straight into a slice of that
// size, where back references copy within the output itself. Anything it
// does not accept is an error, and the caller then inflates with
// compress/zlib, which gives the authoritative result.

// errInflate reports a stream that inflater does not decode.
var errInflate = errors.New("inflate: unsupported or corrupt zlib stream")

// Decoding tables: a primary table indexed by the next primaryBits bits of
// input, whose entries give a symbol and the length of its code, or for
// longer codes the offset of a subtable indexed by the bits that follow.
// An entry holds the code length in its low 8 bits (0: no such code), the
// subtable flag in bit 8, and the symbol or subtable offset from bit 16.
const (
	litBits    = 10 // primary bits of the literal/length table
	distBits   = 8  // primary bits of the distance table
	precBits   = 7  // the code length codes are at most 7 bits long
	maxCodeLen = 15
	entrySub   = 1 << 8
)

// huffTable is a decoding table of a canonical Huffman code.
type huffTable struct {
	entries []uint32
	bits    uint        // primary bits
	sorted  [288]uint16 // the symbols in canonical order, for build
}

// build makes t decode the code of the given lengths (by symbol), with a
// primary table of at most primary bits. It returns false for an
// over-subscribed code, and for an incomplete one unless it is empty or a
// single code of length 1, which DEFLATE allows for distances;
// compress/flate accepts the same.
func (t *huffTable) build(lengths []uint8, primary uint) bool {
	var count [maxCodeLen + 1]int
	maxLen := 0
	for _, l := range lengths {
		count[l]++
		maxLen = max(maxLen, int(l))
	}
	count[0] = 0
	// The code space used, for the completeness check.
	used := 0
	for l := 1; l <= maxCodeLen; l++ {
		used += count[l] << (maxCodeLen - l)
	}
	switch {
	case used > 1<<maxCodeLen:
		return false
	case used == 1<<maxCodeLen:
	case maxLen == 0:
	case maxLen == 1 && count[1] == 1:
	default:
		return false
	}
	// A table no wider than the longest code: for the small blocks of
	// most objects, filling the table is most of the decoding.
	primary = min(primary, uint(max(maxLen, 1)))
	t.bits = primary
	size := 1 << primary
	if cap(t.entries) < size {
		t.entries = make([]uint32, size, size+1024)
	}
	t.entries = t.entries[:size]
	if used != 1<<maxCodeLen {
		clear(t.entries) // unused codes decode as errors
	}

	// The symbols in canonical order: by code length, then symbol.
	var offs [maxCodeLen + 2]int
	for l := 1; l <= maxCodeLen; l++ {
		offs[l+1] = offs[l] + count[l]
	}
	sorted := t.sorted[:offs[maxCodeLen+1]]
	for sym, l := range lengths {
		if l != 0 {
			sorted[offs[l]] = uint16(sym)
			offs[l]++
		}
	}

	// Codes of up to primary bits, shortest first: the first 1<<l entries
	// hold the codes of up to l bits, and are doubled for the next length,
	// which repeats each entry for both values of the bit after its code.
	code, i, l := 0, 0, 1 // the next canonical code, its symbol, its length
	for ; l <= int(primary); l++ {
		for end := i + count[l]; i < end; i++ {
			t.entries[reverseBits(code, uint(l))] = uint32(sorted[i])<<16 | uint32(l)
			code++
		}
		if l < int(primary) {
			copy(t.entries[1<<l:2<<l], t.entries[:1<<l])
		}
		code <<= 1
	}
	if maxLen <= int(primary) {
		return true
	}
	// A longer code is found in a subtable of the primary entry of its
	// first primary bits, indexed by its next subBits bits; the primary
	// entry holds subBits in place of a length. Codes sharing their first
	// bits are consecutive in canonical order.
	subBits := uint(maxLen) - primary
	slot, sub := -1, 0
	for ; l <= maxLen; l++ {
		for end := i + count[l]; i < end; i++ {
			rev := reverseBits(code, uint(l))
			if rev&(size-1) != slot {
				slot, sub = rev&(size-1), len(t.entries)
				t.entries = append(t.entries, make([]uint32, 1<<subBits)...)
				t.entries[slot] = uint32(sub)<<16 | entrySub | uint32(subBits)
			}
			entry := uint32(sorted[i])<<16 | uint32(l)
			for j := sub + rev>>primary; j < sub+1<<subBits; j += 1 << (uint(l) - primary) {
				t.entries[j] = entry
			}
			code++
		}
		code <<= 1
	}
	return true
}

// reverseBits returns the n low bits of c in reverse order: DEFLATE sends
// Huffman codes from their first bit, read here from the low end.
func reverseBits(c int, n uint) int {
	return int(bits.Reverse16(uint16(c)) >> (16 - n))
}

var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	// precodeOrder is the order in which the lengths of the code length
	// codes are sent.
	precodeOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

// fixedTables are the tables of DEFLATE's fixed codes, built once.
var fixedTables = sync.OnceValues(func() (*huffTable, *huffTable) {
	var lengths [288 + 32]uint8
	for i := range 288 {
		switch {
		case i < 144:
			lengths[i] = 8
		case i < 256:
			lengths[i] = 9
		case i < 280:
			lengths[i] = 7
		default:
			lengths[i] = 8
		}
	}
	for i := range 32 {
		lengths[288+i] = 5
	}
	lit, dist := &huffTable{}, &huffTable{}
	if !lit.build(lengths[:288], litBits) || !dist.build(lengths[288:], distBits) {
		panic("history: fixed Huffman codes do not build")
	}
	return lit, dist
})

// inflater decodes zlib streams; its tables are reused from one stream to
// the next.
type inflater struct {
	lit, dist, pre huffTable
	lengths        [286 + 30]uint8
}

// bitReader reads the bits of a DEFLATE stream, least significant first,
// 64 bits at a time. Past the end of the input it reads zeros, and over
// counts them, so that a stream ending early is an error once its end is
// checked.
type bitReader struct {
	in    []byte
	pos   int
	bits  uint64
	nbits uint
	over  int
}

// refill makes nbits at least 56.
func (r *bitReader) refill() {
	if r.pos+8 <= len(r.in) {
		r.bits |= binary.LittleEndian.Uint64(r.in[r.pos:]) << r.nbits
		r.pos += int(63-r.nbits) >> 3
		r.nbits |= 56
		return
	}
	for r.nbits <= 56 {
		if r.pos < len(r.in) {
			r.bits |= uint64(r.in[r.pos]) << r.nbits
			r.pos++
		} else {
			r.over++
		}
		r.nbits += 8
	}
}

// take consumes and returns the next n bits; nbits must be at least n.
func (r *bitReader) take(n uint) uint32 {
	v := uint32(r.bits & (1<<n - 1))
	r.bits >>= n
	r.nbits -= n
	return v
}

// bytePos drops the bits up to the next byte boundary and returns the
// position in the input of the next byte, or -1 when the stream read past
// its end.
func (r *bitReader) bytePos() int {
	r.take(r.nbits & 7)
	// The last over bytes of the buffer are zeros read past the end.
	if r.over > int(r.nbits>>3) {
		return -1
	}
	return r.pos - int(r.nbits>>3) + r.over
}

// inflate decodes the zlib stream at the start of in into out, which must be
// exactly the size of the inflated data, and checks the stream's checksum.
func (f *inflater) inflate(in, out []byte) error {
	r, o, err := f.blocks(in, out)
	if err != nil {
		return err
	}
	p := r.bytePos()
	if p < 0 || p+4 > len(in) || o != len(out) {
		return errInflate
	}
	if binary.BigEndian.Uint32(in[p:]) != adler32.Checksum(out) {
		return errInflate
	}
	return nil
}

// prefix decodes the zlib stream at the start of in into out until out is
// full or the stream ends, and returns how many bytes it decoded. The
// stream's checksum covers all of its data, so it is checked only when the
// stream ends in out: a caller checks the stored bytes otherwise
// (Reader.ReadPrefix).
func (f *inflater) prefix(in, out []byte) (int, error) {
	r, o, err := f.blocks(in, out)
	if err == errFull {
		// Bits past the end of the input read as zeros: a stream cut
		// short must not give them as data.
		if uint(8*r.over) > r.nbits {
			return o, errInflate
		}
		return len(out), nil
	}
	if err != nil {
		return o, err
	}
	// The whole stream fit: its end and checksum are checked as inflate
	// checks them.
	p := r.bytePos()
	if p < 0 || p+4 > len(in) || binary.BigEndian.Uint32(in[p:]) != adler32.Checksum(out[:o]) {
		return o, errInflate
	}
	return o, nil
}

// errFull reports that the output is full before the stream's end: an
// error for inflate, the end for prefix.
var errFull = errors.New("inflate: output full")

// blocks checks the zlib header at the start of in and decodes the
// DEFLATE blocks that follow into out, up to the final one.
func (f *inflater) blocks(in, out []byte) (bitReader, int, error) {
	if len(in) < 2 {
		return bitReader{}, 0, errInflate
	}
	cmf, flg := in[0], in[1]
	if cmf&0x0f != 8 || cmf>>4 > 7 || (uint16(cmf)<<8|uint16(flg))%31 != 0 || flg&0x20 != 0 {
		return bitReader{}, 0, errInflate
	}
	r := bitReader{in: in, pos: 2}
	o := 0
	for final := false; !final; {
		r.refill()
		if r.over > 8 { // more than the buffer holds: read past the end
			return r, o, errInflate
		}
		final = r.take(1) == 1
		var err error
		switch r.take(2) {
		case 0:
			o, err = f.stored(&r, out, o)
		case 1:
			lit, dist := fixedTables()
			o, err = decodeBlock(&r, lit, dist, out, o)
		case 2:
			if err = f.dynamic(&r); err == nil {
				o, err = decodeBlock(&r, &f.lit, &f.dist, out, o)
			}
		default:
			err = errInflate
		}
		if err != nil {
			return r, o, err
		}
	}
	return r, o, nil
}

// stored copies a stored block.
func (f *inflater) stored(r *bitReader, out []byte, o int) (int, error) {
	p := r.bytePos()
	if p < 0 || p+4 > len(r.in) {
		return o, errInflate
	}
	n := int(binary.LittleEndian.Uint16(r.in[p:]))
	if uint16(n) != ^binary.LittleEndian.Uint16(r.in[p+2:]) {
		return o, errInflate
	}
	p += 4
	if p+n > len(r.in) {
		return o, errInflate
	}
	if o+n > len(out) {
		copy(out[o:], r.in[p:]) // as much as a prefix read wants
		return len(out), errFull
	}
	copy(out[o:], r.in[p:p+n])
	*r = bitReader{in: r.in, pos: p + n}
	return o + n, nil
}

// dynamic reads the codes of a dynamic block into f.lit and f.dist.
func (f *inflater) dynamic(r *bitReader) error {
	r.refill()
	nlit := int(r.take(5)) + 257
	ndist := int(r.take(5)) + 1
	npre := int(r.take(4)) + 4
	if nlit > 286 || ndist > 30 {
		return errInflate
	}
	var pre [19]uint8
	for i := range npre {
		if r.nbits < 3 {
			r.refill()
		}
		pre[precodeOrder[i]] = uint8(r.take(3))
	}
	if !f.pre.build(pre[:], precBits) {
		return errInflate
	}
	lengths := f.lengths[:nlit+ndist]
	for i := 0; i < len(lengths); {
		if r.nbits < 16 {
			r.refill()
		}
		e := f.pre.entries[r.bits&(1<<f.pre.bits-1)]
		n := uint(e & 0xff)
		if n == 0 {
			return errInflate
		}
		r.take(n)
		sym := e >> 16
		if sym < 16 {
			lengths[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var v uint8
		switch sym {
		case 16:
			if i == 0 {
				return errInflate
			}
			v = lengths[i-1]
			rep = 3 + int(r.take(2))
		case 17:
			rep = 3 + int(r.take(3))
		default:
			rep = 11 + int(r.take(7))
		}
		if i+rep > len(lengths) {
			return errInflate
		}
		for range rep {
			lengths[i] = v
			i++
		}
	}
	if lengths[256] == 0 {
		return errInflate
	}
	if !f.lit.build(lengths[:nlit], litBits) || !f.dist.build(lengths[nlit:], distBits) {
		return errInflate
	}
	return nil
}

// decodeBlock decodes the symbols of a block with the given codes into out
// from o, up to the end of the block. The bit buffer is kept in local
// variables, which the compiler keeps in registers, and refilled for every
// three literals or so rather than for every symbol.
func decodeBlock(r *bitReader, lit, dist *huffTable, out []byte, o int) (int, error) {
	litMask := uint64(1)<<lit.bits - 1
	distMask := uint64(1)<<dist.bits - 1
	in, pos, bits, nbits := r.in, r.pos, r.bits, r.nbits
	for {
		// A literal/length code takes at most 15 bits.
		if nbits < 15 {
			if pos+8 > len(in) {
				pos, bits, nbits = r.refillSlow(pos, bits, nbits)
			} else {
				bits |= binary.LittleEndian.Uint64(in[pos:]) << nbits
				pos += int(63-nbits) >> 3
				nbits |= 56
			}
		}
		e := lit.entries[bits&litMask]
		if e&entrySub != 0 {
			e = lit.entries[int(e>>16)+int(bits>>lit.bits&(1<<(e&0xff)-1))]
		}
		n := uint(e & 0xff)
		if n == 0 {
			return o, errInflate
		}
		bits >>= n
		nbits -= n
		sym := int(e >> 16)
		if sym < 256 {
			if o >= len(out) {
				r.pos, r.bits, r.nbits = pos, bits, nbits
				return o, errFull
			}
			out[o] = byte(sym)
			o++
			continue
		}
		if sym == 256 {
			r.pos, r.bits, r.nbits = pos, bits, nbits
			return o, nil
		}
		sym -= 257
		if sym >= len(lengthBase) {
			return o, errInflate
		}
		// The length's extra bits, a distance code and its extra bits
		// take at most 5+15+13 bits.
		if nbits < 33 {
			if pos+8 > len(in) {
				pos, bits, nbits = r.refillSlow(pos, bits, nbits)
			} else {
				bits |= binary.LittleEndian.Uint64(in[pos:]) << nbits
				pos += int(63-nbits) >> 3
				nbits |= 56
			}
		}
		x := uint(lengthExtra[sym])
		length := int(lengthBase[sym]) + int(bits&(1<<x-1))
		bits >>= x
		nbits -= x

		e = dist.entries[bits&distMask]
		if e&entrySub != 0 {
			e = dist.entries[int(e>>16)+int(bits>>dist.bits&(1<<(e&0xff)-1))]
		}
		n = uint(e & 0xff)
		if n == 0 {
			return o, errInflate
		}
		bits >>= n
		nbits -= n
		dsym := int(e >> 16)
		if dsym >= len(distBase) {
			return o, errInflate
		}
		x = uint(distExtra[dsym])
		d := int(distBase[dsym]) + int(bits&(1<<x-1))
		bits >>= x
		nbits -= x
		if d > o {
			return o, errInflate
		}
		if length > len(out)-o {
			// The rest of out is copied as a prefix read wants it.
			for i := range len(out) - o {
				out[o+i] = out[o-d+i]
			}
			r.pos, r.bits, r.nbits = pos, bits, nbits
			return len(out), errFull
		}
		if d >= length {
			copy(out[o:o+length], out[o-d:])
		} else {
			// Overlapping: the copy repeats the last d bytes.
			for i := range length {
				out[o+i] = out[o-d+i]
			}
		}
		o += length
	}
}

// refillSlow is refill near the end of the input, for decodeBlock's copy of
// the bit buffer.
func (r *bitReader) refillSlow(pos int, bits uint64, nbits uint) (int, uint64, uint) {
	r.pos, r.bits, r.nbits = pos, bits, nbits
	r.refill()
	return r.pos, r.bits, r.nbits
}
