package render

import (
	"reflect"
	"slices"
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

// path returns the identifiers of a field chain such as .Item.Title or
// $t.Title that reads one of fields, each of a struct type with a twin;
// nil otherwise.
func (ts twins) path(arg parse.Node, fields []fingerprint.Field) *[]string {
	var path *[]string
	switch a := arg.(type) {
	case *parse.FieldNode:
		path = &a.Ident
	case *parse.VariableNode:
		if len(a.Ident) < 2 {
			return nil
		}
		path = &a.Ident
	default:
		return nil
	}
	if len(fields) == 0 {
		return nil
	}
	for _, f := range fields {
		if ts.twinOf(f.Struct) == nil || f.Struct.Field(f.Index).Name != (*path)[len(*path)-1] {
			return nil
		}
	}
	return path
}

// twinned notes fields as escaped and turns path into the path of the
// same field of the twin: .Item.Title into .Item.Escaped.Title.
func (ts twins) twinned(path *[]string, fields []fingerprint.Field) {
	for _, f := range fields {
		tw := ts[f.Struct]
		if !slices.Contains(tw.strings, f.Index) {
			tw.strings = append(tw.strings, f.Index)
		}
	}
	last := len(*path) - 1
	*path = append((*path)[:last:last], escapedField, (*path)[last])
}

// escapedOnce returns the one argument of a pipeline that is only that
// argument piped into one of plainEscapers: {{.Title | _html_template_htmlescaper}}.
func escapedOnce(p *parse.PipeNode) (parse.Node, bool) {
	if len(p.Decl) > 0 || len(p.Cmds) != 2 || len(p.Cmds[0].Args) != 1 || len(p.Cmds[1].Args) != 1 {
		return nil, false
	}
	id, ok := p.Cmds[1].Args[0].(*parse.IdentifierNode)
	return p.Cmds[0].Args[0], ok && plainEscapers[id.Ident]
}

// plainPrint reports whether an action prints dot through one escaper of
// plainEscapers: {{. | _html_template_htmlescaper}}.
func plainPrint(n parse.Node) bool {
	a, ok := n.(*parse.ActionNode)
	if !ok {
		return false
	}
	arg, ok := escapedOnce(a.Pipe)
	_, dot := arg.(*parse.DotNode)
	return ok && dot
}

// rewriteWith turns {{with .Plan}}<dd>{{. | _html_template_htmlescaper}}</dd>{{end}}
// into {{with .Escaped.Plan}}<dd>{{.}}</dd>{{end}} when the with reads one
// of fields (see fingerprint.Reads.Strings) wherever it runs and its body
// does nothing with dot but print it so (an escaped string is empty when
// the string is). It reports whether it did.
func (ts twins) rewriteWith(n *parse.WithNode, fields []fingerprint.Field) bool {
	p := n.Pipe
	if len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 || n.List == nil {
		return false
	}
	prints := 0
	for _, c := range n.List.Nodes {
		switch {
		case c.Type() == parse.NodeText:
		case plainPrint(c):
			prints++
		default:
			return false
		}
	}
	path := ts.path(p.Cmds[0].Args[0], fields)
	if prints == 0 || path == nil {
		return false
	}
	ts.twinned(path, fields)
	for _, c := range n.List.Nodes {
		if a, ok := c.(*parse.ActionNode); ok {
			a.Pipe.Cmds = a.Pipe.Cmds[:1]
		}
	}
	return true
}

// rewrite turns an action such as {{.Item.Title | _html_template_htmlescaper}}
// into {{.Item.Escaped.Title}} when it prints one of fields (see
// fingerprint.Reads.Strings) wherever it runs, and notes those fields as
// escaped. It reports whether it did.
func (ts twins) rewrite(n *parse.ActionNode, fields []fingerprint.Field) bool {
	arg, ok := escapedOnce(n.Pipe)
	if !ok {
		return false
	}
	path := ts.path(arg, fields)
	if path == nil {
		return false
	}
	ts.twinned(path, fields)
	n.Pipe.Cmds = n.Pipe.Cmds[:1]
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
	// Most views print text that needs no escaping: such a view is its
	// own twin, which keeps a copy of each view (hundreds of bytes, for
	// every item of a large repository) out of memory.
	k := 0
	for k < len(tw.strings) && !needsEscape(v.Field(tw.strings[k]).String()) {
		k++
	}
	if k == len(tw.strings) {
		v.Field(tw.field).Set(v.Addr())
		return
	}
	e := reflect.New(v.Type())
	for _, i := range tw.strings {
		e.Elem().Field(i).SetString(escapeHTML(v.Field(i).String()))
	}
	v.Field(tw.field).Set(e)
}

// needsEscape reports whether escapeHTML would change s.
func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if escapes[s[i]] != "" {
			return true
		}
	}
	return false
}

// escapes is what html/template escapes in a string printed in HTML text,
// a quoted attribute or RCDATA, byte by byte: NUL and "&'+<>. Every other
// byte, invalid UTF-8 included, is left as it is.
var escapes = [256]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// appendEscaped appends escapeHTML(s) to out, in one pass.
func appendEscaped(out []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		if e := escapes[s[i]]; e != "" {
			out = append(append(out, s[last:i]...), e...)
			last = i + 1
		}
	}
	return append(out, s[last:]...)
}

// escapeHTML is what html/template's HTML, attribute and RCDATA escapers
// make of the string s (TestEscapeHTML compares them).
func escapeHTML(s string) string {
	if !needsEscape(s) {
		return s
	}
	return string(appendEscaped(make([]byte, 0, len(s)+len(s)/8), s))
}
