package fingerprint

import (
	"cmp"
	"hash/maphash"
	"math"
	"math/bits"
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
	init  uint64 // the state a hash starts from
	memo  map[memoKey]uint64
	// path holds the references being hashed, outermost first, so that a
	// cycle is hashed as a reference back to where it started.
	path  []memoKey
	steps int
	limit int // MaxSteps, less in tests
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
	return &Hasher{reads: r, seed: seed, init: maphash.String(seed, "heed fingerprint"), memo: map[memoKey]uint64{}, limit: MaxSteps}
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
	st := h.state()
	if h.reads.root != none {
		h.value(&st, reflect.ValueOf(data), h.reads.root)
	}
	return st.sum(), true
}

// Tags written before values, so that different shapes never hash alike.
const (
	tagNil byte = iota + 1
	tagValue
	tagBack
	tagRef
)

// state is a running hash: each word is mixed in as in xxHash's rounds (a
// bijection of the state for each word, so that different sequences only
// meet by chance), strings through maphash.
type state struct {
	s    uint64
	seed maphash.Seed
}

const (
	prime1 = 0x9E3779B185EBCA87
	prime2 = 0xC2B2AE3D27D4EB4F
)

func (st *state) word(x uint64) {
	st.s = bits.RotateLeft64(st.s^(x*prime2), 31) * prime1
}

func (st *state) tag(t byte) { st.word(uint64(t)) }

func (st *state) str(s string) {
	st.word(uint64(len(s)))
	st.word(maphash.String(st.seed, s))
}

// sum finishes the hash (murmur3's finalizer, so every bit of the state
// counts).
func (st *state) sum() uint64 {
	x := st.s
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// noBack is the depth of "no reference back up the path".
const noBack = math.MaxInt

// value hashes v read with mode m into st. It returns the shallowest depth
// of path that v's hash refers back to (noBack when none): a hash that
// refers back depends on where it was reached from and is not remembered.
func (h *Hasher) value(st *state, v reflect.Value, m mode) int {
	if h.steps++; h.steps > h.limit {
		panic(errTooLong{})
	}
	if !v.IsValid() {
		st.tag(tagNil)
		return noBack
	}
	t := v.Type()
	if t == timeType {
		hashTime(st, v)
		return noBack
	}
	switch t.Kind() {
	case reflect.Bool:
		if v.Bool() {
			st.tag(1)
		} else {
			st.tag(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		st.word(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		st.word(v.Uint())
	case reflect.Float32, reflect.Float64:
		st.word(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		st.word(math.Float64bits(real(c)))
		st.word(math.Float64bits(imag(c)))
	case reflect.String:
		if m == shape {
			st.word(uint64(v.Len()))
		} else {
			st.str(v.String())
		}
	case reflect.Pointer:
		if v.IsNil() {
			st.tag(tagNil)
			return noBack
		}
		st.tag(tagValue)
		if m == shape {
			return noBack
		}
		return h.ref(st, memoKey{v.Pointer(), t, 0, m}, v)
	case reflect.Interface:
		if v.IsNil() {
			st.tag(tagNil)
			return noBack
		}
		st.tag(tagValue)
		st.str(v.Elem().Type().String())
		return h.value(st, v.Elem(), m)
	case reflect.Slice:
		if v.IsNil() {
			st.tag(tagNil)
			return noBack
		}
		st.word(uint64(v.Len()))
		if m == shape || v.Len() == 0 {
			return noBack
		}
		return h.ref(st, memoKey{v.Pointer(), t, v.Len(), m}, v)
	case reflect.Array:
		st.word(uint64(v.Len()))
		if m == shape {
			return noBack
		}
		return h.elems(st, v, m)
	case reflect.Map:
		if v.IsNil() {
			st.tag(tagNil)
			return noBack
		}
		st.word(uint64(v.Len()))
		if m == shape || v.Len() == 0 {
			return noBack
		}
		return h.ref(st, memoKey{v.Pointer(), t, 0, m}, v)
	case reflect.Struct:
		return h.fields(st, v, m)
	default:
		// Functions, channels and unsafe pointers: only whether they are set.
		if v.IsZero() {
			st.tag(tagNil)
		} else {
			st.tag(tagValue)
		}
	}
	return noBack
}

// state starts a hash.
func (h *Hasher) state() state { return state{s: h.init, seed: h.seed} }

// ref hashes a value reached by reference (a pointer, slice or map), once:
// it writes the remembered hash, or a reference back up the path for a
// cycle, or hashes what v refers to into a hash of its own.
func (h *Hasher) ref(st *state, key memoKey, v reflect.Value) int {
	if sum, ok := h.memo[key]; ok {
		st.tag(tagRef)
		st.word(sum)
		return noBack
	}
	for depth, k := range h.path {
		if k == key {
			st.tag(tagBack)
			st.word(uint64(len(h.path) - depth))
			return depth
		}
	}
	depth := len(h.path)
	h.path = append(h.path, key)
	inner := h.state()
	var back int
	switch v.Kind() {
	case reflect.Pointer:
		back = h.value(&inner, v.Elem(), key.mode)
	case reflect.Slice:
		back = h.elems(&inner, v, key.mode)
	default:
		back = h.mapEntries(&inner, v, key.mode)
	}
	h.path = h.path[:depth]
	sum := inner.sum()
	switch {
	case back == noBack:
		h.memo[key] = sum
	case back >= depth:
		back = noBack // it refers back only to itself
	}
	st.tag(tagRef)
	st.word(sum)
	return back
}

func (h *Hasher) elems(st *state, v reflect.Value, m mode) int {
	back := noBack
	for i := range v.Len() {
		back = min(back, h.value(st, v.Index(i), m))
	}
	return back
}

// mapEntries hashes a map's entries in the order of their keys' hashes
// (templates range over maps in key order; the key set is what matters).
func (h *Hasher) mapEntries(st *state, v reflect.Value, m mode) int {
	type entry struct {
		key uint64
		v   reflect.Value
	}
	var entries []entry
	back := noBack
	for it := v.MapRange(); it.Next(); {
		kh := h.state()
		back = min(back, h.value(&kh, it.Key(), whole))
		entries = append(entries, entry{kh.sum(), it.Value()})
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	for _, e := range entries {
		st.word(e.key)
		back = min(back, h.value(st, e.v, m))
	}
	return back
}

// fields hashes a struct: every field when it is read whole, else the
// fields its type is read for, each in its own mode. Its emptiness never
// changes (a struct is never empty to a template).
func (h *Hasher) fields(st *state, v reflect.Value, m mode) int {
	back := noBack
	switch m {
	case shape:
	case whole:
		for i := range v.NumField() {
			back = min(back, h.value(st, v.Field(i), whole))
		}
	default:
		for _, f := range h.reads.fields[v.Type()] {
			st.word(uint64(f.index))
			back = min(back, h.value(st, v.Field(f.index), f.mode))
		}
	}
	return back
}

// hashTime writes a time as the instant and the zone it prints in. A time
// in an unexported field (read only when its struct is printed whole) is
// written as its parts: equal parts print alike.
func hashTime(st *state, v reflect.Value) {
	if !v.CanInterface() {
		st.word(v.Field(0).Uint())
		st.word(uint64(v.Field(1).Int()))
		st.word(uint64(v.Field(2).Pointer()))
		return
	}
	t := v.Interface().(time.Time)
	name, offset := t.Zone()
	st.word(uint64(t.Unix()))
	st.word(uint64(t.Nanosecond()))
	st.str(name)
	st.word(uint64(offset))
	st.str(t.Location().String())
}
