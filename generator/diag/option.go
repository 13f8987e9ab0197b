package diag

import (
	"strings"
	"unicode"
)

// OptionError is a problem with a value a caller gave the library rather
// than with a repository file: a revision that names no commit, a
// configuration file that cannot be read, a source not in the vocabulary,
// a date format without a day. Option names the field of the options it
// was given in ("Ref", "ChangedSince", "DateFormat"), so that a command
// line can name its own flag for it: the library names none.
type OptionError struct {
	Option string
	Err    error
}

// Option returns an OptionError for the option named by its field.
func Option(option string, err error) error { return &OptionError{Option: option, Err: err} }

// Error says the option in words, then the problem: "changed since:
// v2: unknown revision".
func (e *OptionError) Error() string { return words(e.Option) + ": " + e.Err.Error() }

func (e *OptionError) Unwrap() error { return e.Err }

// words spells a field name as lower-case words: "DateFormat" is "date
// format".
func words(field string) string {
	var b strings.Builder
	for i, r := range field {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte(' ')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
