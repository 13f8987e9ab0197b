// Package diag holds the diagnostics heed reports about a feedback repository:
// one problem each, located at a file, line and column, with a rule id.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// Severity says whether a diagnostic fails a check.
type Severity int

const (
	// Error fails `heed check` and `heed build`.
	Error Severity = iota
	// Warning is reported but fails nothing unless --strict.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText lets JSON output carry the severity as a word.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one problem found in one file. Line and Col are 1-based; 0
// means the problem concerns the whole file.
type Diagnostic struct {
	Path     string   `json:"path"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Rule     string   `json:"rule"`
}

// String formats the diagnostic as path:line:col: severity: message [rule].
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", d.Path, max(d.Line, 1), max(d.Col, 1), d.Severity, d.Message, d.Rule)
}

// Errorf makes an error diagnostic.
func Errorf(path string, line, col int, rule, format string, args ...any) Diagnostic {
	return Diagnostic{Path: path, Line: line, Col: col, Severity: Error, Rule: rule, Message: fmt.Sprintf(format, args...)}
}

// Warnf makes a warning diagnostic.
func Warnf(path string, line, col int, rule, format string, args ...any) Diagnostic {
	return Diagnostic{Path: path, Line: line, Col: col, Severity: Warning, Rule: rule, Message: fmt.Sprintf(format, args...)}
}

// List is a set of diagnostics.
type List []Diagnostic

// Sort orders the list by path, line, column, rule and message, so output
// never depends on the order files were read in.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Plural writes a count of things for a person to read: "1 error",
// "2 errors", "0 warnings" (word is the singular; the plural adds an s).
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Fails reports whether the list fails a check: any error, or with strict
// any warning.
func (l List) Fails(strict bool) bool {
	e, w := l.Count()
	return e > 0 || (strict && w > 0)
}

// ForPath returns the diagnostics about one file.
func (l List) ForPath(path string) List {
	var out List
	for _, d := range l {
		if d.Path == path {
			out = append(out, d)
		}
	}
	return out
}
