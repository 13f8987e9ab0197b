// Package fingerprint tells whether a page template would write the same
// bytes as last time without executing it. Analyze reads the parsed
// templates, typed by the Go type of the page's data, and works out which
// fields of that data they can read (a field's value, only whether it is
// empty, or everything under it); a Hasher then hashes a page's data
// following only those fields. Two pages of the same templates with equal
// fingerprints render the same bytes, whatever else differs in their data.
//
// The analysis is conservative: a value printed whole or handed to a
// function (other than one declared a selector) counts as read entirely,
// and whatever it cannot follow (a field read through an interface value,
// comparing pointers, calling a function value, a template or function it
// does not know) is an error, after which the caller must treat the page as
// changed every time.
//
// Templates must be pure functions of their data and functions of the data
// they are given; a value's identity (which pointer) is not part of a
// fingerprint, only what can be read from it.
package fingerprint

import (
	"errors"
	"fmt"
	"html/template"
	"maps"
	"reflect"
	"slices"
	"text/template/parse"
)

// ErrOpaque is returned (wrapped, with the reason) when a template reads its
// data in a way the analysis cannot follow.
var ErrOpaque = errors.New("template reads its data in a way fingerprints cannot follow")

// mode is how much of a value a template reads. Modes are ordered: a
// stronger one includes the weaker ones.
type mode uint8

const (
	none  mode = iota
	shape      // only whether it is empty (if, with, not) or its length (len)
	read       // its value, and of a struct the fields read of its type
	whole      // everything reachable from it (printed, or given to a function)
)

// Reads is what a page template, with every template it calls, can read of
// its data. It is immutable once Analyze returns, and safe for concurrent
// use.
type Reads struct {
	root   mode
	fields map[reflect.Type][]fieldRead // by struct type, sorted by index
	// Templates names every template the page can execute, sorted.
	Templates []string
	// HTML holds the actions of those templates that print a value of
	// static type template.HTML wherever they run (so that, in HTML text,
	// html/template's escaper passes it through unchanged).
	HTML map[*parse.ActionNode]bool
	// Strings holds every action of those templates that prints a value
	// (*parse.ActionNode), and every with (its *parse.BranchNode), with the
	// fields it prints or makes its dot when that value is a field of
	// static type string read straight from a struct wherever it runs
	// (more than one when a template runs with dots of different types),
	// else nil.
	Strings map[parse.Node][]Field
}

// Field is one field of a struct type: Struct.Field(Index).
type Field struct {
	Struct reflect.Type
	Index  int
}

// fieldRead is one field of a struct type and how it is read.
type fieldRead struct {
	index int
	mode  mode
}

// Options tunes Analyze.
type Options struct {
	// Funcs are the functions the templates were parsed with.
	Funcs template.FuncMap
	// Selectors names functions of Funcs that only pick parts of their
	// arguments (such as the first n elements of a list) without reading
	// them: what the template then reads of the result is what counts.
	// Arguments of any other function are read entirely.
	Selectors []string
}

// Analyze works out what the template called name in set, and the
// templates it calls, can read of data of type dot. An error wrapping
// ErrOpaque says the analysis cannot tell; other errors are a missing
// template.
func Analyze(set *template.Template, name string, dot reflect.Type, opts Options) (*Reads, error) {
	a := &analyzer{
		set:       set,
		funcs:     map[string]reflect.Type{},
		selectors: map[string]bool{},
		marks:     map[reflect.Type]map[int]mode{},
		calls:     map[callKey]*call{},
		visited:   map[string]bool{},
		html:      map[*parse.ActionNode]bool{},
		strs:      map[parse.Node][]Field{},
	}
	for n, f := range opts.Funcs {
		a.funcs[n] = reflect.TypeOf(f)
	}
	for _, n := range opts.Selectors {
		a.selectors[n] = true
	}
	a.frame = &frame{}
	root := value{typ: dot, from: []origin{{root: true}}}
	if _, err := a.template(name, root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	r := &Reads{root: a.root, fields: map[reflect.Type][]fieldRead{}, HTML: map[*parse.ActionNode]bool{},
		Strings: map[parse.Node][]Field{}}
	for n, html := range a.html {
		if html {
			r.HTML[n] = true
		}
	}
	maps.Copy(r.Strings, a.strs)
	for t, fs := range a.marks {
		var list []fieldRead
		for i, m := range fs {
			list = append(list, fieldRead{i, m})
		}
		slices.SortFunc(list, func(x, y fieldRead) int { return x.index - y.index })
		r.fields[t] = list
	}
	for n := range a.visited {
		r.Templates = append(r.Templates, n)
	}
	slices.Sort(r.Templates)
	return r, nil
}

// Fields lists, for the tests and for debugging, what is read of each
// struct type: "Type.Field" with "?" appended when only its emptiness is
// read and "*" when everything under it is, sorted. The data itself is
// "." (with its mark).
func (r *Reads) Fields() []string {
	var out []string
	if r.root != none {
		out = append(out, "."+r.root.mark())
	}
	for t, fs := range r.fields {
		for _, f := range fs {
			out = append(out, t.Name()+"."+t.Field(f.index).Name+f.mode.mark())
		}
	}
	slices.Sort(out)
	return out
}

func (m mode) mark() string {
	switch m {
	case shape:
		return "?"
	case whole:
		return "*"
	}
	return ""
}

// Reads reports whether the templates can read the named field of struct
// type t, in any way.
func (r *Reads) Reads(t reflect.Type, field string) bool {
	sf, ok := t.FieldByName(field)
	if !ok || len(sf.Index) != 1 {
		return false
	}
	for _, f := range r.fields[t] {
		if f.index == sf.Index[0] {
			return true
		}
	}
	return false
}

// Entirely reports whether something the templates read entirely (print,
// or hand to a function) can hold a value of type t, however deep.
func (r *Reads) Entirely(t reflect.Type) bool {
	seen := map[reflect.Type]bool{}
	var reaches func(u reflect.Type) bool
	reaches = func(u reflect.Type) bool {
		if u == t {
			return true
		}
		if seen[u] {
			return false
		}
		seen[u] = true
		switch u.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
			return reaches(u.Elem())
		case reflect.Map:
			return reaches(u.Key()) || reaches(u.Elem())
		case reflect.Interface:
			return true // anything can be in it
		case reflect.Struct:
			for i := range u.NumField() {
				if reaches(u.Field(i).Type) {
					return true
				}
			}
		}
		return false
	}
	if r.root == whole {
		return true
	}
	for st, fs := range r.fields {
		for _, f := range fs {
			if f.mode == whole && reaches(st.Field(f.index).Type) {
				return true
			}
		}
	}
	return false
}
