package main

import (
	"bytes"
	"os"
	"testing"
)

// TestImportScriptBytes guards the bytes import_csv_shapes.txtar is about:
// its excel.csv starts with a UTF-8 byte order mark and ends its lines in
// CR LF, which an editor or a git setting could silently strip.
func TestImportScriptBytes(t *testing.T) {
	data, err := os.ReadFile("testdata/script/import_csv_shapes.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("-- excel.csv --\n\xEF\xBB\xBFResponse ID,")) {
		t.Error("excel.csv lost its byte order mark")
	}
	if n := bytes.Count(data, []byte("\r\n")); n != 7 {
		t.Errorf("excel.csv has %d CR LF line ends, want 7", n)
	}
}
