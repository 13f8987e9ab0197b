package content

import "testing"

// FuzzSlugify: the ASCII fast path gives what the general one does.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"2026-03-02-Export times out", "--a--", "", "---", "Ab_9.md", "caf\u00e9", "\u212aelvin", "x\u0130y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := slugifyASCII(s); ok {
			if want := slugifyRunes(s); got != want {
				t.Fatalf("slugifyASCII(%q) = %q, want %q", s, got, want)
			}
		}
	})
}
