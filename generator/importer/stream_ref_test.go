package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// The readers of rows replaced encoding/csv (with LazyQuotes) and
// encoding/json, which hold a whole field or value in memory. These tests
// keep the old readers' behaviour as the reference: on any input within
// the limits, with its quotes closed, the new readers read the same rows.

// referenceCSV reads records as the importer did with encoding/csv.
func referenceCSV(data []byte) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
}

func tokenize(data []byte) ([][]string, error) {
	t := &csvTokenizer{in: newInput(bufio.NewReader(bytes.NewReader(data))), delim: []byte{','}}
	defer t.in.close()
	var out [][]string
	for {
		rec, err := t.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if rec.err != nil {
			return nil, rec.err
		}
		out = append(out, rec.fields)
	}
}

func FuzzCSVTokenizer(f *testing.F) {
	for _, s := range []string{
		"a,b,c\n1,2,3\n",
		"a,\"b,c\"\r\n\"multi\nline\",\"with \"\"quotes\"\"\"\n",
		"\n\na\n\r\n\"x\"y,z\n",
		"a\"b,\"c\"d\"\n",
		"a,\"unclosed\nb,c\n",
		"\"\"\"\",\"\",\n,\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := tokenize(data)
		if err != nil {
			// An unclosed quote or a NUL: where the readers differ by
			// design (encoding/csv took the rest of the file as the
			// field, and kept NULs).
			return
		}
		want, err := referenceCSV(data)
		if err != nil {
			t.Fatalf("%q: encoding/csv fails (%v) where the tokenizer reads %q", data, err, got)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\ntokenizer %q\nencoding/csv %q", data, got, want)
		}
	})
}

// referenceFlatten is the importer's flatten of decoded JSON, verbatim.
func referenceFlatten(prefix string, v any, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			referenceFlatten(prefix+k+".", x, out)
		}
	case []any:
		for _, x := range v {
			sub := map[string]string{}
			referenceFlatten(prefix, x, sub)
			for k, s := range sub {
				if s == "" {
					continue
				}
				if out[k] != "" {
					out[k] += ", "
				}
				out[k] += s
			}
		}
		if k := strings.TrimSuffix(prefix, "."); len(v) == 0 && k != "" {
			out[k] = "" // an empty list still names its key
		}
	default:
		out[strings.TrimSuffix(prefix, ".")] = referenceScalar(v)
	}
}

func referenceScalar(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return ""
}

func FuzzJSONRow(f *testing.F) {
	for _, s := range []string{
		`{"a": "x", "b": {"c": 1.5e3, "d": [true, null, "y"]}, "e": []}`,
		`{"tags": [{"n": "a"}, {"n": "b"}, {"m": ""}], "s": "\u00e9\ud83d\ude00\n\"\\"}`,
		`{"a": [[1, 2], [3]], "b": {}}`,
		`{"a": -0, "b": 12345678901234567890, "c": false}`,
		`{"a": [[], {"b": []}], "c": [[], "x"]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil || dec.More() {
			return
		}
		obj, ok := v.(map[string]any)
		if !ok || duplicateKeys(data) || !utf8.Valid(data) {
			// encoding/json made invalid UTF-8 U+FFFD silently; the reader
			// keeps the bytes, and the row fails naming the encoding.
			return
		}
		rw, err := readRow(newInput(bufio.NewReader(bytes.NewReader(data))), 1, false)
		if err != nil {
			t.Fatalf("%q: valid JSON, but %v", data, err)
		}
		if rw.err != nil {
			return // over a limit: depth, size
		}
		want := map[string]string{}
		referenceFlatten("", obj, want)
		if !reflect.DeepEqual(rw.obj, want) {
			t.Fatalf("%q:\nreader    %q\nreference %q", data, rw.obj, want)
		}
	})
}

// duplicateKeys says whether an object of the document has a key twice,
// where encoding/json keeps the last value and the reader joins in lists.
func duplicateKeys(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []map[string]bool
	expectKey := []bool{}
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{':
				stack = append(stack, map[string]bool{})
				expectKey = append(expectKey, true)
				continue
			case '[':
				stack = append(stack, nil)
				expectKey = append(expectKey, false)
				continue
			default:
				stack, expectKey = stack[:len(stack)-1], expectKey[:len(expectKey)-1]
			}
		case string:
			if n := len(stack); n > 0 && stack[n-1] != nil && expectKey[n-1] {
				if stack[n-1][tok] {
					return true
				}
				stack[n-1][tok] = true
				expectKey[n-1] = false
				continue
			}
		}
		if n := len(stack); n > 0 && stack[n-1] != nil {
			expectKey[n-1] = true
		}
	}
}
