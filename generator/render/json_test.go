package render

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzIndentJSON: indentJSON indents what json.Marshal writes exactly as
// json.Indent does.
func FuzzIndentJSON(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `""`, `0`, `null`, `{"a":[]}`, `{"a":{},"b":[1,2,{"c":null}]}`,
		`[[],[[]],{"":""}]`, `{"q":"a \"quoted\" [string], {with} : and , in it\\"}`,
		`{"e":"\u003chtml\u003e \u0026 \\\\ \/ \n"}`, `[1.5e-7,-3,true,false]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		compact, err := json.Marshal(v)
		if err != nil {
			return
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact, "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := indentJSON(nil, compact, "  "); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("indentJSON(%s):\n%s\nwant\n%s", compact, got, want.Bytes())
		}
	})
}

// TestWriteJSON: writeJSON writes what an indenting json.Encoder writes.
func TestWriteJSON(t *testing.T) {
	v := map[string]any{"entries": []refSearchEntry{{Kind: "item", Title: "<b> & \"x\"", Text: "a\u2028b"}}, "empty": []int{}, "n": 1.25}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	got, err := writeJSON(v)
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Errorf("writeJSON = %s, %v; want %s", got, err, want.Bytes())
	}
}
