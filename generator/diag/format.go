package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats lists the output formats Write accepts.
var Formats = []string{"text", "json", "github"}

// Write prints the list in the given format: "text" (one
// path:line:col: severity: message [rule] per line), "json" (an object
// with the diagnostics and the counts) or "github" (workflow commands that
// GitHub shows as annotations on a pull request).
func Write(w io.Writer, l List, format string) error {
	switch format {
	case "", "text":
		for _, d := range l {
			if _, err := fmt.Fprintln(w, d.String()); err != nil {
				return err
			}
		}
		return nil
	case "json":
		e, wn := l.Count()
		out := struct {
			Diagnostics List `json:"diagnostics"`
			Errors      int  `json:"errors"`
			Warnings    int  `json:"warnings"`
		}{Diagnostics: l, Errors: e, Warnings: wn}
		if out.Diagnostics == nil {
			out.Diagnostics = List{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "github":
		for _, d := range l {
			kind := "error"
			if d.Severity == Warning {
				kind = "warning"
			}
			if _, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", kind,
				ghProperty(d.Path), max(d.Line, 1), max(d.Col, 1), ghProperty("heed "+d.Rule), ghData(d.Message)); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// ghData escapes a workflow command's message as the runner expects.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
