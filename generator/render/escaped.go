package render

import (
	"reflect"
	"slices"
	"strings"
	"text/template/parse"

	"github.com/heedhq/heed/generator/render/internal/fingerprint"
)

// Printing a string field through html/template costs a call of an escaper
// by reflection for every value printed, and the item pages alone print
// hundreds of thousands of them. The views whose type has a field
// Escaped (a pointer to a value of the same type) carry their string
// fields escaped once instead, and layout.fold rewrites the actions that
// print such a field in HTML text, an attribute or a title (where
// html/template escapes a string the same way) from {{.Title}} to
// {{.Escaped.Title}} without the escaper. The pages are the same bytes.

// escapedField names the field of a view that holds its escaped twin.
const escapedField = "Escaped"

// twins says, by view struct type, which field holds the twin and which
// string fields the page templates print through it.
type twins map[reflect.Type]*twin

type twin struct {
	field   int   // the index of Escaped
	strings []int // the fields to escape, in the order first seen
}

// plainEscapers are html/template's escapers that, given a string, all
// return escapeHTML of it (a value of another type they treat otherwise,
// which is why only actions printing a string field are rewritten).
var plainEscapers = map[string]bool{
	"_html_template_htmlescaper": true, "_html_template_attrescaper": true, "_html_template_rcdataescaper": true,
}

// twinOf returns the twin of struct type t, or nil when t has no Escaped
// field of type *t or embeds a struct (whose promoted fields the rewritten
// path would not reach).
func (ts twins) twinOf(t reflect.Type) *twin {
	if tw, ok := ts[t]; ok {
		return tw
	}
	var tw *twin
	if t.Kind() == reflect.Struct {
		if f, ok := t.FieldByName(escapedField); ok && len(f.Index) == 1 && f.Type == reflect.PointerTo(t) {
			tw = &twin{field: f.Index[0]}
			for i := range t.NumField() {
				if t.Field(i).Anonymous {
					tw = nil
					break
				}
			}
		}
	}
	ts[t] = tw
	return tw
}

// rewrite turns an action such as {{.Item.Title | _html_template_htmlescaper}}
// into {{.Item.Escaped.Title}} when it prints one of fields (see
// fingerprint.Reads.Strings) wherever it runs, and notes those fields as
// escaped. It reports whether it did.
func (ts twins) rewrite(n *parse.ActionNode, fields []fingerprint.Field) bool {
	cmds := n.Pipe.Cmds
	if len(fields) == 0 || len(n.Pipe.Decl) > 0 || len(cmds) != 2 || len(cmds[0].Args) != 1 || len(cmds[1].Args) != 1 {
		return false
	}
	if id, ok := cmds[1].Args[0].(*parse.IdentifierNode); !ok || !plainEscapers[id.Ident] {
		return false
	}
	var path *[]string
	switch a := cmds[0].Args[0].(type) {
	case *parse.FieldNode:
		path = &a.Ident
	case *parse.VariableNode:
		if len(a.Ident) < 2 {
			return false
		}
		path = &a.Ident
	default:
		return false
	}
	for _, f := range fields {
		if ts.twinOf(f.Struct) == nil || f.Struct.Field(f.Index).Name != (*path)[len(*path)-1] {
			return false
		}
	}
	for _, f := range fields {
		tw := ts[f.Struct]
		if !slices.Contains(tw.strings, f.Index) {
			tw.strings = append(tw.strings, f.Index)
		}
	}
	last := len(*path) - 1
	*path = append((*path)[:last:last], escapedField, (*path)[last])
	n.Pipe.Cmds = cmds[:1]
	return true
}

// fill sets the Escaped twin of view, a pointer to a struct, to a new value
// holding the escaped string fields the templates print through it; a
// view whose type has none keeps a nil twin.
func (ts twins) fill(view any) {
	v := reflect.ValueOf(view).Elem()
	tw := ts[v.Type()]
	if tw == nil || len(tw.strings) == 0 {
		return
	}
	e := reflect.New(v.Type())
	for _, i := range tw.strings {
		e.Elem().Field(i).SetString(escapeHTML(v.Field(i).String()))
	}
	v.Field(tw.field).Set(e)
}

// htmlReplacer escapes what html/template escapes in a string printed in
// HTML text, a quoted attribute or RCDATA: NUL and "&'+<>. Every other
// byte, invalid UTF-8 included, is left as it is.
var htmlReplacer = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// escapeHTML is what html/template's HTML, attribute and RCDATA escapers
// make of the string s (TestEscapeHTML compares them).
func escapeHTML(s string) string { return htmlReplacer.Replace(s) }
