package content

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/internal/node"
)

// fields reads typed values out of a front matter map, collecting a
// diagnostic at the offending key or value for each problem.
type fields struct {
	path string
	meta *node.Node
	open int // line of the opening delimiter, where missing fields are reported
	ds   diag.List
}

func newFields(path string, doc *document) *fields {
	return &fields{path: path, meta: doc.meta, open: doc.openLine}
}

func (f *fields) errorf(n *node.Node, rule, format string, args ...any) {
	f.ds = append(f.ds, diag.Errorf(f.path, n.Line, n.Col, rule, format, args...))
}

// unknown warns about keys that are not known, with a suggestion.
func (f *fields) unknown(known []string, what string) {
	for _, p := range f.meta.Pairs {
		if !slices.Contains(known, p.Key) {
			f.ds = append(f.ds, diag.Warnf(f.path, p.Line, p.Col, "unknown-field", "unknown field %q in %s front matter%s", p.Key, what, diag.DidYouMean(p.Key, known)))
		}
	}
}

// get returns the value of key, or nil (reporting it when required). An
// explicit null counts as absent.
func (f *fields) get(key string, required bool) *node.Node {
	p := f.meta.Get(key)
	if p == nil || p.Value.Kind == node.Null {
		if required {
			line, col := f.open, 1
			if p != nil {
				line, col = p.Line, p.Col
			}
			f.ds = append(f.ds, diag.Errorf(f.path, line, col, "required", "missing required field %q", key))
		}
		return nil
	}
	return p.Value
}

func (f *fields) str(key string, required bool, maxLen int) string {
	v := f.get(key, required)
	if v == nil {
		return ""
	}
	s, ok := textOf(v)
	if !ok {
		f.errorf(v, "type", "%s must be text, not %s", key, v.TypeName())
		return ""
	}
	s = strings.TrimSpace(s)
	if required && s == "" {
		f.errorf(v, "required", "%s must not be empty", key)
	}
	if maxLen > 0 && len([]rune(s)) > maxLen {
		f.errorf(v, "length", "%s is %d characters long; keep it to %d", key, len([]rune(s)), maxLen)
	}
	return s
}

func (f *fields) slug(key string) string {
	v := f.get(key, false)
	if v == nil {
		return ""
	}
	s, ok := textOf(v)
	if !ok {
		f.errorf(v, "type", "%s must be an id (a slug such as export-times-out), not %s", key, v.TypeName())
		return ""
	}
	if !config.IsSlug(s) {
		f.errorf(v, "slug", "%s %q is not a slug: use lowercase letters, digits and dashes, starting with a letter or digit", key, s)
		return ""
	}
	return s
}

func (f *fields) enum(key string, required bool, allowed []string) string {
	v := f.get(key, required)
	if v == nil {
		return ""
	}
	s, ok := textOf(v)
	if !ok {
		f.errorf(v, "type", "%s must be one of %s, not %s", key, strings.Join(allowed, ", "), v.TypeName())
		return ""
	}
	if !slices.Contains(allowed, s) {
		f.errorf(v, "enum", "%s %q is not one of %s%s", key, s, strings.Join(allowed, ", "), diag.DidYouMean(s, allowed))
		return ""
	}
	return s
}

func (f *fields) date(key string, required bool) time.Time {
	v := f.get(key, required)
	if v == nil {
		return time.Time{}
	}
	s, ok := v.String()
	if !ok || (v.Tag != "str" && v.Tag != "timestamp") {
		f.errorf(v, "type", "%s must be a date (YYYY-MM-DD), not %s", key, v.TypeName())
		return time.Time{}
	}
	t, err := node.Date(s)
	if err != nil {
		f.errorf(v, "date", "%s: %v", key, err)
		return time.Time{}
	}
	if t.Year() < 1970 || t.Year() > 9999 {
		f.errorf(v, "date", "%s %s is out of range", key, s)
		return time.Time{}
	}
	return t.UTC()
}

// intRange reads an integer in [lo, hi].
func (f *fields) intRange(key string, lo, hi int64) *int {
	v := f.get(key, false)
	if v == nil {
		return nil
	}
	i, ok := v.Int()
	if !ok {
		f.errorf(v, "type", "%s must be a whole number from %d to %d, not %s", key, lo, hi, describe(v))
		return nil
	}
	if i < lo || i > hi {
		f.errorf(v, "range", "%s %d is out of range: it must be from %d to %d", key, i, lo, hi)
		return nil
	}
	n := int(i)
	return &n
}

// number reads a number >= lo (and <= hi when hi > lo).
func (f *fields) number(key string, lo, hi float64) *float64 {
	v := f.get(key, false)
	if v == nil {
		return nil
	}
	x, ok := v.Float()
	if !ok {
		f.errorf(v, "type", "%s must be a number, not %s", key, describe(v))
		return nil
	}
	if x < lo || (hi > lo && x > hi) {
		if hi > lo {
			f.errorf(v, "range", "%s %v is out of range: it must be from %v to %v", key, x, lo, hi)
		} else {
			f.errorf(v, "range", "%s %v is out of range: it must be at least %v", key, x, lo)
		}
		return nil
	}
	return &x
}

func (f *fields) boolean(key string) bool {
	v := f.get(key, false)
	if v == nil {
		return false
	}
	b, ok := v.Bool()
	if !ok {
		f.errorf(v, "type", "%s must be true or false, not %s", key, describe(v))
	}
	return b
}

// textOf returns a string scalar's value: numbers, booleans and dates written
// where text is expected are type errors (quote them), as in the JSON Schema.
func textOf(v *node.Node) (string, bool) {
	if v.Kind != node.Scalar || v.Tag != "str" {
		return "", false
	}
	return v.Value, true
}

// list reads a list of text values; check validates each element. With
// anyScalar, numbers are accepted as text (tags such as 2026).
func (f *fields) list(key string, anyScalar bool, check func(s string, n *node.Node) bool) []string {
	v := f.get(key, false)
	if v == nil {
		return nil
	}
	if v.Kind != node.Seq {
		f.errorf(v, "type", "%s must be a list, e.g. [%s], not %s", key, exampleOf(key), describe(v))
		return nil
	}
	var out []string
	for _, it := range v.Items {
		s, ok := textOf(it)
		if anyScalar && it.Tag != "bool" {
			s, ok = it.String()
		}
		if !ok {
			f.errorf(it, "type", "each of %s must be text, not %s", key, it.TypeName())
			continue
		}
		if check != nil && !check(s, it) {
			continue
		}
		out = append(out, s)
	}
	return out
}

func exampleOf(key string) string {
	switch key {
	case "themes":
		return "bulk-export"
	case "links":
		return "https://support.example.com/t/123"
	case "keywords":
		return "export, csv"
	}
	return "a, b"
}

func describe(v *node.Node) string {
	if s, ok := v.String(); ok {
		return fmt.Sprintf("%s %q", v.TypeName(), s)
	}
	return v.TypeName()
}

// isWebURL reports whether s is an absolute http or https URL.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
