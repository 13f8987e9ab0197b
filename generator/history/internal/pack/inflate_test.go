package pack

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// zlibStream compresses data at level.
func zlibStream(t testing.TB, data []byte, level int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := zlib.NewWriterLevel(&buf, level)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// stdInflate inflates with compress/zlib what inflater must agree with: size
// bytes, then the end of the stream.
func stdInflate(in []byte, size int) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(in))
	if err != nil {
		return nil, err
	}
	out := make([]byte, size)
	if _, err := io.ReadFull(zr, out); err != nil {
		return nil, err
	}
	var more [1]byte
	if n, err := zr.Read(more[:]); n != 0 || err != io.EOF {
		return nil, fmt.Errorf("stream does not end: %d, %v", n, err)
	}
	return out, nil
}

// testInputs returns contents shaped like a pack's objects and like none:
// empty, tiny, text, tree-like records with hashes, random bytes, long runs.
func testInputs() map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		return b
	}
	var text, tree bytes.Buffer
	words := []string{"status", "feedback", "the", "export", "fails", "when", "a", "customer", "---", "\n", "planned", "shipped"}
	for text.Len() < 200000 {
		text.WriteString(words[rng.IntN(len(words))])
		text.WriteByte(' ')
	}
	for i := range 3000 {
		fmt.Fprintf(&tree, "100644 2026-01-%02d-item-%d.md\x00", i%28+1, i)
		tree.Write(random(20))
	}
	// Bytes of very unequal frequencies, for codes of up to 15 bits, and
	// copies from all distances.
	skewed := make([]byte, 100000)
	for i := range skewed {
		b := 0
		for b < 40 && rng.UintN(3) != 0 {
			b++
		}
		skewed[i] = byte(b)
		if i > 40000 && rng.UintN(50) == 0 {
			d := 1 + int(rng.ExpFloat64()*3000)%min(i, 32768)
			n := min(3+rng.IntN(300), len(skewed)-i)
			for j := range n {
				skewed[i+j] = skewed[i+j-d]
			}
		}
	}
	return map[string][]byte{
		"skewed": skewed,
		"empty":  {},
		"one":    {'x'},
		"short":  []byte("hello, hello, hello"),
		"text":   text.Bytes(),
		"tree":   tree.Bytes(),
		"random": random(70000),
		"runs":   bytes.Repeat([]byte{'a'}, 300000),
		"mixed":  append(append(random(1000), bytes.Repeat([]byte("ab"), 5000)...), text.Bytes()[:5000]...),
	}
}

func TestInflate(t *testing.T) {
	var f inflater
	for name, data := range testInputs() {
		for _, level := range []int{flate.NoCompression, flate.BestSpeed, flate.DefaultCompression, flate.BestCompression, flate.HuffmanOnly} {
			t.Run(fmt.Sprintf("%s/level %d", name, level), func(t *testing.T) {
				for k := range min(len(data), 17) + 1 {
					d := data[len(data)-k:] // a few bytes: the input's end is read a byte at a time
					if k == 17 {
						d = data
					}
					in := zlibStream(t, d, level)
					// A pack holds more after the stream.
					in = append(in, "trailing bytes of the next object"...)
					out := make([]byte, len(d))
					if err := f.inflate(in, out); err != nil || !bytes.Equal(out, d) {
						t.Fatalf("%d bytes: inflate: %v, output equal %v", len(d), err, bytes.Equal(out, d))
					}
					if err := f.inflate(in[:len(in)-33], out); err != nil || !bytes.Equal(out, d) {
						t.Fatalf("%d bytes at the end of the input: inflate: %v, output equal %v", len(d), err, bytes.Equal(out, d))
					}
				}
			})
		}
	}
}

// TestInflatePrefix checks that a prefix read gives the first bytes of the
// stream's data, for every size of prefix up to past the data's end.
func TestInflatePrefix(t *testing.T) {
	var f inflater
	for name, data := range testInputs() {
		for _, level := range []int{flate.NoCompression, flate.BestSpeed, flate.DefaultCompression, flate.HuffmanOnly} {
			in := append(zlibStream(t, data, level), "the next object"...)
			for _, n := range []int{0, 1, 7, 100, 300, len(data) / 2, len(data) - 1, len(data), len(data) + 5} {
				if n < 0 {
					continue
				}
				got, err := f.prefix(in, make([]byte, n))
				if want := min(n, len(data)); err != nil || got != want {
					t.Fatalf("%s level %d: prefix of %d bytes = %d, %v; want %d", name, level, n, got, err, want)
				}
				out := make([]byte, n)
				f.prefix(in, out)
				if !bytes.Equal(out[:min(n, len(data))], data[:min(n, len(data))]) {
					t.Fatalf("%s level %d: prefix of %d bytes differs", name, level, n)
				}
			}
		}
	}
}

// TestInflateErrors checks that a damaged stream, or a size other than the
// stream's, is an error and never a panic, or else gives what compress/zlib
// gives.
func TestInflateErrors(t *testing.T) {
	var f inflater
	rng := rand.New(rand.NewPCG(5, 6))
	for name, data := range testInputs() {
		for _, level := range []int{flate.NoCompression, flate.BestSpeed, flate.DefaultCompression, flate.HuffmanOnly} {
			good := zlibStream(t, data, level)
			for _, size := range []int{len(data) - 1, len(data) + 1} {
				if size >= 0 && f.inflate(good, make([]byte, size)) == nil {
					t.Errorf("%s level %d: inflated into %d bytes, the stream has %d", name, level, size, len(data))
				}
			}
			for _, cut := range []int{0, 1, 2, len(good) / 2, len(good) - 4, len(good) - 1} {
				if cut >= 0 && cut < len(good) && f.inflate(good[:cut], make([]byte, len(data))) == nil {
					t.Errorf("%s level %d: inflated a stream cut to %d of %d bytes", name, level, cut, len(good))
				}
			}
			for range 200 {
				in := bytes.Clone(good)
				for range 1 + rng.IntN(3) {
					i := rng.IntN(len(in))
					in[i] ^= byte(1 + rng.UintN(255))
				}
				checkAgainstZlib(t, &f, in, len(data))
			}
		}
	}
}

// checkAgainstZlib fails when inflater decodes in where compress/zlib does
// not, or differently.
func checkAgainstZlib(t *testing.T, f *inflater, in []byte, size int) {
	t.Helper()
	out := make([]byte, size)
	if err := f.inflate(in, out); err != nil {
		return
	}
	want, err := stdInflate(in, size)
	if err != nil || !bytes.Equal(out, want) {
		t.Fatalf("inflated %x where compress/zlib gives %v", in, err)
	}
}

// checkPrefixAgainstZlib fails when a prefix read of in gives bytes that
// compress/zlib does not give first.
func checkPrefixAgainstZlib(t *testing.T, f *inflater, in []byte, size int) {
	t.Helper()
	out := make([]byte, size)
	n, err := f.prefix(in, out)
	if err != nil {
		return
	}
	zr, err := zlib.NewReader(bytes.NewReader(in))
	if err != nil {
		t.Fatalf("read %d bytes of %x where compress/zlib gives %v", n, in, err)
	}
	want := make([]byte, n)
	if _, err := io.ReadFull(zr, want); err != nil || !bytes.Equal(out[:n], want) {
		t.Fatalf("read %x from %x where compress/zlib gives %x, %v", out[:n], in, want, err)
	}
}

func FuzzInflate(f *testing.F) {
	for _, data := range testInputs() {
		if len(data) < 5000 {
			f.Add(zlibStream(f, data, flate.DefaultCompression), len(data))
			f.Add(zlibStream(f, data, flate.NoCompression), len(data))
		}
	}
	var inf inflater
	f.Fuzz(func(t *testing.T, in []byte, size int) {
		if size < 0 || size > 1<<20 {
			return
		}
		checkAgainstZlib(t, &inf, in, size)
		checkPrefixAgainstZlib(t, &inf, in, size)
	})
}

func BenchmarkInflate(b *testing.B) {
	for _, name := range []string{"tree", "text", "short"} {
		data := testInputs()[name]
		in := zlibStream(b, data, flate.DefaultCompression)
		out := make([]byte, len(data))
		b.Run(name+"/inflater", func(b *testing.B) {
			var f inflater
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if err := f.inflate(in, out); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/zlib", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			src := bytes.NewReader(in)
			zr, _ := zlib.NewReader(src)
			for b.Loop() {
				src.Reset(in)
				if err := zr.(zlib.Resetter).Reset(src, nil); err != nil {
					b.Fatal(err)
				}
				if _, err := io.ReadFull(zr, out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
