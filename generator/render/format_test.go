package render

import "testing"

// TestGroupDigits: commas between thousands of the integer part, the sign
// and the decimals kept, with at most one allocation.
func TestGroupDigits(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"0", "0"},
		{"-5", "-5"},
		{"999", "999"},
		{"-999.5", "-999.5"},
		{"1000", "1,000"},
		{"12345.6", "12,345.6"},
		{"-1234567", "-1,234,567"},
		{"100000000000000", "100,000,000,000,000"},
	} {
		if got := groupDigits(tt.in); got != tt.want {
			t.Errorf("groupDigits(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		most float64
	}{{"999", 0}, {"-1234567.5", 1}} {
		if n := testing.AllocsPerRun(100, func() { _ = groupDigits(tt.in) }); n > tt.most {
			t.Errorf("groupDigits(%q): %v allocations, want at most %v", tt.in, n, tt.most)
		}
	}
}
