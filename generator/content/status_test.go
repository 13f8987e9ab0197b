package content

import "testing"

func TestStatusOf(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"plain", "---\ntitle: A\nstatus: planned\n---\nBody\n", "planned"},
		{"comment after", "---\nstatus: in-progress # moved in May\n---\n", "in-progress"},
		{"quoted", "---\nstatus: \"shipped\"\n---\n", "shipped"},
		{"single quoted", "---\nstatus: 'under review'\n---\n", "under review"},
		{"padded", "---\nstatus:    declined   \n---\n", "declined"},
		{"none", "---\ntitle: A\n---\nBody\n", ""},
		{"no front matter", "status: planned\n", ""},
		{"not closed", "---\nstatus: planned\n", ""},
		{"nested key only", "---\ncustomer:\n  status: planned\n---\n", ""},
		{"boolean", "---\nstatus: true\n---\n", ""},
		{"number", "---\nstatus: 3\n---\n", ""},
		{"null", "---\nstatus: ~\n---\n", ""},
		{"list", "---\nstatus: [planned]\n---\n", ""},
		{"duplicate", "---\nstatus: planned\nstatus: shipped\n---\n", "shipped"},
		{"inside a quoted title", "---\ntitle: \"a\nstatus: planned\nx: y\"\n---\n", ""},
		{"inside a block scalar", "---\nnote: |\n  status: planned\n---\n", ""},
		{"a tab in another field", "---\ntitle:\tA\nstatus: planned\n---\n", "planned"},
		{"crlf", "---\r\nstatus: planned\r\n---\r\n", "planned"},
		{"toml", "+++\nstatus = \"planned\"\n+++\n", "planned"},
		{"json", "{\n\"status\": \"shipped\"\n}\n", "shipped"},
		{"after a list", "---\ntags:\n  - a\n  - b\nstatus: planned\n---\n", "planned"},
		{"block value", "---\nstatus: >\n  planned\n---\n", "planned"},
		{"anchor", "---\nstatus: &s planned\n---\n", "planned"},
		{"broken yaml", "---\nstatus: planned\ntitle: [\n---\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StatusOf([]byte(tt.data)); got != tt.want {
				t.Errorf("StatusOf = %q, want %q", got, tt.want)
			}
			if got := parseStatus([]byte(tt.data)); got != tt.want {
				t.Errorf("full parse = %q, want %q (the table is wrong)", got, tt.want)
			}
		})
	}
}

// FuzzStatusOf checks that the line scan never disagrees with the full
// front matter parse.
func FuzzStatusOf(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\nstatus: planned\n---\nBody\n",
		"---\ntitle: \"a\nstatus: planned\nx: y\"\n---\n",
		"---\nstatus: 'it''s'\n---\n",
		"---\nstatus: planned # c\ntags: [a, b]\n---\n",
		"---\nstatus: true\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := StatusOf(data), parseStatus(data); got != want {
			t.Fatalf("StatusOf(%q) = %q, full parse %q", data, got, want)
		}
	})
}
