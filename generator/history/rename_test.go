package history

import (
	"bytes"
	"hash/maphash"
	"math/rand/v2"
	"strings"
	"testing"
)

// similarityReference is similarity as it was first written, with a map of
// the lines of each file: the reference the sorted lists are held to.
func similarityReference(a, b []byte) int {
	larger := max(len(a), len(b))
	if !similarSizes(len(a), len(b)) {
		return 0
	}
	counts := func(content []byte) map[string]int {
		lines := map[string]int{}
		for len(content) > 0 {
			n := bytes.IndexByte(content, '\n') + 1
			if n == 0 {
				n = len(content)
			}
			lines[string(content[:n])]++
			content = content[n:]
		}
		return lines
	}
	common := 0
	bl := counts(b)
	for line, n := range counts(a) {
		common += min(n, bl[line]) * len(line)
	}
	return common * 100 / larger
}

// TestSimilarity holds similarity to the reference on files that share
// lines, repeat them, lack a last newline, or are empty.
func TestSimilarity(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	words := []string{"}", "", "\treturn nil", "// a comment", "export", "times out", "status: planned", "---"}
	file := func() []byte {
		var b strings.Builder
		for range rng.IntN(40) {
			for range rng.IntN(3) + 1 {
				b.WriteString(words[rng.IntN(len(words))])
				b.WriteByte(' ')
			}
			b.WriteByte('\n')
		}
		if rng.IntN(4) == 0 {
			b.WriteString("no newline at the end")
		}
		return []byte(b.String())
	}
	seed := maphash.MakeSeed()
	similar := 0
	for range 2000 {
		a, b := file(), file()
		if rng.IntN(3) == 0 {
			b = append(bytes.Clone(a[:rng.IntN(len(a)+1)]), b...)
		}
		checkSimilarity(t, a, b, seed)
		if similarityReference(a, b) >= renameScore {
			similar++
		}
	}
	if similar < 100 {
		t.Errorf("only %d similar pairs: the files share too little", similar)
	}
}

// FuzzSimilarity holds similarity to the reference on any two files.
func FuzzSimilarity(f *testing.F) {
	f.Add([]byte("a\nb\nc\n"), []byte("a\nb\nd\n"))
	f.Add([]byte("x\nx\nx"), []byte("x\nx\n"))
	f.Add([]byte(""), []byte("\n"))
	seed := maphash.MakeSeed()
	f.Fuzz(func(t *testing.T, a, b []byte) {
		checkSimilarity(t, a, b, seed)
	})
}

func checkSimilarity(t *testing.T, a, b []byte, seed maphash.Seed) {
	t.Helper()
	want := similarityReference(a, b)
	la, lb := &lineSet{content: a}, &lineSet{content: b}
	if got := similarity(la, lb, seed); got != want {
		t.Fatalf("similarity(%q, %q) = %d, want %d", a, b, got, want)
	}
	if got := similarity(lb, la, seed); got != want { // counted already
		t.Fatalf("similarity(%q, %q) = %d, want %d", b, a, got, want)
	}
}
