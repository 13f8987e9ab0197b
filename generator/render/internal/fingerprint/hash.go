package fingerprint

import (
	"cmp"
	"encoding/binary"
	"hash/maphash"
	"math"
	"reflect"
	"slices"
	"time"
)

// Hasher hashes page data under one Reads. It remembers the hash of every
// value it reached through a pointer, slice or map, so that data shared by
// many pages (the site, lists of themes) is hashed once. It is not safe for
// concurrent use: use one per goroutine, and a new one whenever the data
// may have changed.
//
// Data read in a cycle (themes listing items listing their themes) is
// hashed as the values along the path from the page with references back
// up that path: such a value's hash depends on where it was reached from,
// so it is not remembered, and a page is hashed the same whatever was
// hashed before it. Its cost can grow fast with tangled cycles, so a Sum
// gives up after MaxSteps values.
type Hasher struct {
	reads *Reads
	seed  maphash.Seed
	memo  map[memoKey]uint64
	// path holds the references being hashed, outermost first, so that a
	// cycle is hashed as a reference back to where it started.
	path  []memoKey
	steps int
}

// MaxSteps is how many values one Sum hashes (not counting values it
// remembered) before it gives up.
const MaxSteps = 1 << 21

// errTooLong stops a Sum past MaxSteps.
type errTooLong struct{}

// memoKey identifies a value reached by reference: where it is, its type,
// its length (slices share arrays) and the mode it was hashed in.
type memoKey struct {
	ptr  uintptr
	typ  reflect.Type
	n    int
	mode mode
}

// NewHasher returns a hasher for data read as r says; hashes of the same
// seed can be compared.
func (r *Reads) NewHasher(seed maphash.Seed) *Hasher {
	return &Hasher{reads: r, seed: seed, memo: map[memoKey]uint64{}}
}

// Sum returns the fingerprint of data: equal for data the templates cannot
// tell apart. ok is false when hashing took over MaxSteps values; the page
// must then be taken as changed.
func (h *Hasher) Sum(data any) (sum uint64, ok bool) {
	h.steps, h.path = 0, h.path[:0]
	defer func() {
		if r := recover(); r != nil {
			if _, stop := r.(errTooLong); !stop {
				panic(r)
			}
			sum, ok = 0, false
		}
	}()
	var mh maphash.Hash
	mh.SetSeed(h.seed)
	if h.reads.root != none {
		h.value(&mh, reflect.ValueOf(data), h.reads.root)
	}
	return mh.Sum64(), true
}

// Tags written before values, so that different shapes never hash alike.
const (
	tagNil byte = iota + 1
	tagValue
	tagBack
	tagRef
)

func writeUint(mh *maphash.Hash, u uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], u)
	mh.Write(b[:])
}

func writeString(mh *maphash.Hash, s string) {
	writeUint(mh, uint64(len(s)))
	mh.WriteString(s)
}

// noBack is the depth of "no reference back up the path".
const noBack = math.MaxInt

// value hashes v read with mode m into mh. It returns the shallowest depth
// of path that v's hash refers back to (noBack when none): a hash that
// refers back depends on where it was reached from and is not remembered.
func (h *Hasher) value(mh *maphash.Hash, v reflect.Value, m mode) int {
	if h.steps++; h.steps > MaxSteps {
		panic(errTooLong{})
	}
	if !v.IsValid() {
		mh.WriteByte(tagNil)
		return noBack
	}
	t := v.Type()
	if t == timeType {
		hashTime(mh, v)
		return noBack
	}
	switch t.Kind() {
	case reflect.Bool:
		if v.Bool() {
			mh.WriteByte(1)
		} else {
			mh.WriteByte(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		writeUint(mh, uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		writeUint(mh, v.Uint())
	case reflect.Float32, reflect.Float64:
		writeUint(mh, math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		writeUint(mh, math.Float64bits(real(c)))
		writeUint(mh, math.Float64bits(imag(c)))
	case reflect.String:
		if m == shape {
			writeUint(mh, uint64(v.Len()))
		} else {
			writeString(mh, v.String())
		}
	case reflect.Pointer:
		if v.IsNil() {
			mh.WriteByte(tagNil)
			return noBack
		}
		mh.WriteByte(tagValue)
		if m == shape {
			return noBack
		}
		return h.ref(mh, memoKey{v.Pointer(), t, 0, m}, func(inner *maphash.Hash) int {
			return h.value(inner, v.Elem(), m)
		})
	case reflect.Interface:
		if v.IsNil() {
			mh.WriteByte(tagNil)
			return noBack
		}
		mh.WriteByte(tagValue)
		writeString(mh, v.Elem().Type().String())
		return h.value(mh, v.Elem(), m)
	case reflect.Slice:
		if v.IsNil() {
			mh.WriteByte(tagNil)
			return noBack
		}
		writeUint(mh, uint64(v.Len()))
		if m == shape || v.Len() == 0 {
			return noBack
		}
		return h.ref(mh, memoKey{v.Pointer(), t, v.Len(), m}, func(inner *maphash.Hash) int {
			return h.elems(inner, v, m)
		})
	case reflect.Array:
		writeUint(mh, uint64(v.Len()))
		if m == shape {
			return noBack
		}
		return h.elems(mh, v, m)
	case reflect.Map:
		if v.IsNil() {
			mh.WriteByte(tagNil)
			return noBack
		}
		writeUint(mh, uint64(v.Len()))
		if m == shape || v.Len() == 0 {
			return noBack
		}
		return h.ref(mh, memoKey{v.Pointer(), t, 0, m}, func(inner *maphash.Hash) int {
			return h.mapEntries(inner, v, m)
		})
	case reflect.Struct:
		return h.fields(mh, v, m)
	default:
		// Functions, channels and unsafe pointers: only whether they are set.
		if v.IsZero() {
			mh.WriteByte(tagNil)
		} else {
			mh.WriteByte(tagValue)
		}
	}
	return noBack
}

// ref hashes a value reached by reference, once: it writes the remembered
// hash, or a reference back up the path for a cycle, or hashes the value
// with f into a hash of its own.
func (h *Hasher) ref(mh *maphash.Hash, key memoKey, f func(*maphash.Hash) int) int {
	if sum, ok := h.memo[key]; ok {
		mh.WriteByte(tagRef)
		writeUint(mh, sum)
		return noBack
	}
	for depth, k := range h.path {
		if k == key {
			mh.WriteByte(tagBack)
			writeUint(mh, uint64(len(h.path)-depth))
			return depth
		}
	}
	depth := len(h.path)
	h.path = append(h.path, key)
	var inner maphash.Hash
	inner.SetSeed(h.seed)
	back := f(&inner)
	h.path = h.path[:depth]
	sum := inner.Sum64()
	switch {
	case back == noBack:
		h.memo[key] = sum
	case back >= depth:
		back = noBack // it refers back only to itself
	}
	mh.WriteByte(tagRef)
	writeUint(mh, sum)
	return back
}

func (h *Hasher) elems(mh *maphash.Hash, v reflect.Value, m mode) int {
	back := noBack
	for i := range v.Len() {
		back = min(back, h.value(mh, v.Index(i), m))
	}
	return back
}

// mapEntries hashes a map's entries in the order of their keys' hashes
// (templates range over maps in key order; the key set is what matters).
func (h *Hasher) mapEntries(mh *maphash.Hash, v reflect.Value, m mode) int {
	type entry struct {
		key uint64
		v   reflect.Value
	}
	var entries []entry
	back := noBack
	for it := v.MapRange(); it.Next(); {
		var kh maphash.Hash
		kh.SetSeed(h.seed)
		back = min(back, h.value(&kh, it.Key(), whole))
		entries = append(entries, entry{kh.Sum64(), it.Value()})
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	for _, e := range entries {
		writeUint(mh, e.key)
		back = min(back, h.value(mh, e.v, m))
	}
	return back
}

// fields hashes a struct: every field when it is read whole, else the
// fields its type is read for, each in its own mode. Its emptiness never
// changes (a struct is never empty to a template).
func (h *Hasher) fields(mh *maphash.Hash, v reflect.Value, m mode) int {
	back := noBack
	switch m {
	case shape:
	case whole:
		for i := range v.NumField() {
			back = min(back, h.value(mh, v.Field(i), whole))
		}
	default:
		for _, f := range h.reads.fields[v.Type()] {
			writeUint(mh, uint64(f.index))
			back = min(back, h.value(mh, v.Field(f.index), f.mode))
		}
	}
	return back
}

// hashTime writes a time as the instant and the zone it prints in. A time
// in an unexported field (read only when its struct is printed whole) is
// written as its parts: equal parts print alike.
func hashTime(mh *maphash.Hash, v reflect.Value) {
	if !v.CanInterface() {
		writeUint(mh, v.Field(0).Uint())
		writeUint(mh, uint64(v.Field(1).Int()))
		writeUint(mh, uint64(v.Field(2).Pointer()))
		return
	}
	t := v.Interface().(time.Time)
	name, offset := t.Zone()
	writeUint(mh, uint64(t.Unix()))
	writeUint(mh, uint64(t.Nanosecond()))
	writeString(mh, name)
	writeUint(mh, uint64(offset))
	writeString(mh, t.Location().String())
}
