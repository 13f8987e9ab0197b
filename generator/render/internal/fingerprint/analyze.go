package fingerprint

import (
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"text/template/parse"
	"time"
)

// origin is where a value was read from: a field of a struct type, or the
// data itself (root), or the dot of a called template (param).
type origin struct {
	typ   reflect.Type // the struct type holding the field
	index int
	root  bool
	param bool
}

// value is what the analysis knows of a value in a template: its static
// type (nil when unknown) and the fields it was read from. A derived value
// is part of those fields' values (an element, a map entry, a method's
// result), so reading it reads them and its emptiness is not theirs.
type value struct {
	typ     reflect.Type
	from    []origin
	derived bool
}

// basicValue is a value made by the template (a constant, a comparison, a
// function's result): reading it reads no data.
func basicValue(t reflect.Type) value { return value{typ: t} }

var (
	boolType   = reflect.TypeFor[bool]()
	intType    = reflect.TypeFor[int]()
	stringType = reflect.TypeFor[string]()
	timeType   = reflect.TypeFor[time.Time]()
	htmlType   = reflect.TypeFor[template.HTML]()
	errorType  = reflect.TypeFor[error]()
)

// callKey identifies one analysis of a called template: its name and the
// type of its dot.
type callKey struct {
	name string
	dot  reflect.Type
}

// call is the result of analysing a called template: how it reads its dot.
type call struct {
	mode    mode
	running bool
}

type analyzer struct {
	set       *template.Template
	funcs     map[string]reflect.Type
	selectors map[string]bool

	root    mode
	marks   map[reflect.Type]map[int]mode
	calls   map[callKey]*call
	visited map[string]bool
	// html says of each action printing a value whether that value is
	// template.HTML every time the analysis reaches it.
	html map[*parse.ActionNode]bool
	// strs says of each action printing a value which string fields it
	// prints (see Reads.Strings); nil where it printed anything else.
	strs map[parse.Node][]Field

	// frame is the template being analysed: its variables and how it reads
	// its own dot.
	frame *frame
}

type frame struct {
	vars  []variable
	param mode
}

type variable struct {
	name string
	v    value
}

func opaque(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrOpaque, fmt.Sprintf(format, args...))
}

// template analyses the named template with dot and returns how it reads
// the dot it was given (its param origin, which a caller maps to the
// argument it passed).
func (a *analyzer) template(name string, dot value) (mode, error) {
	t := a.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return none, fmt.Errorf("no template %q", name)
	}
	a.visited[name] = true
	saved := a.frame
	f := &frame{vars: []variable{{"$", dot}}}
	a.frame = f
	err := a.list(t.Tree.Root, dot)
	a.frame = saved
	return f.param, err
}

// use records that v is read with mode m.
func (a *analyzer) use(v value, m mode) {
	if m == none {
		return
	}
	if v.derived && m == shape {
		m = read // the emptiness of a part is not the emptiness of the whole
	}
	for _, o := range v.from {
		switch {
		case o.root:
			a.root = max(a.root, m)
		case o.param:
			a.frame.param = max(a.frame.param, m)
		default:
			fs := a.marks[o.typ]
			if fs == nil {
				fs = map[int]mode{}
				a.marks[o.typ] = fs
			}
			fs[o.index] = max(fs[o.index], m)
		}
	}
}

// printed records that v is written to the output: a leaf value's own
// value, anything else (printed with fmt, or through a String method)
// entirely.
func (a *analyzer) printed(v value) {
	if isLeaf(v.typ) {
		a.use(v, read)
	} else {
		a.use(v, whole)
	}
}

// isLeaf reports whether a type's value is all there is to read of it: a
// boolean, number or string kind (template.HTML and the like), or a
// time.Time.
func isLeaf(t reflect.Type) bool {
	if t == nil {
		return false
	}
	if t == timeType {
		return true
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
		return true
	}
	return false
}

func (a *analyzer) list(l *parse.ListNode, dot value) error {
	if l == nil {
		return nil
	}
	for _, n := range l.Nodes {
		if err := a.node(n, dot); err != nil {
			return err
		}
	}
	return nil
}

func (a *analyzer) node(n parse.Node, dot value) error {
	switch n := n.(type) {
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
		return nil
	case *parse.ActionNode:
		v, err := a.pipe(n.Pipe, dot, true)
		if err != nil {
			return err
		}
		if len(n.Pipe.Decl) == 0 {
			a.printed(v)
			html, seen := a.html[n]
			a.html[n] = (html || !seen) && v.typ == htmlType
			a.stringField(n, v)
		}
		return nil
	case *parse.IfNode:
		return a.branch(&n.BranchNode, dot, false)
	case *parse.WithNode:
		return a.branch(&n.BranchNode, dot, true)
	case *parse.RangeNode:
		return a.rangeNode(n, dot)
	case *parse.TemplateNode:
		return a.templateCall(n, dot)
	case *parse.ListNode:
		return a.list(n, dot)
	}
	return opaque("unexpected %T", n)
}

// stringField notes what the action n prints, or what the with node n
// makes its dot (v, this time): a string field of a struct, or something
// else, which rules n out of Reads.Strings.
func (a *analyzer) stringField(n parse.Node, v value) {
	fs, seen := a.strs[n]
	if seen && fs == nil {
		return
	}
	if v.typ != stringType || v.derived || len(v.from) != 1 || v.from[0].typ == nil {
		a.strs[n] = nil
		return
	}
	f := Field{Struct: v.from[0].typ, Index: v.from[0].index}
	if !slices.Contains(fs, f) {
		a.strs[n] = append(fs, f)
	}
}

// scope runs f and then forgets the variables it declared.
func (a *analyzer) scope(f func() error) error {
	n := len(a.frame.vars)
	err := f()
	a.frame.vars = a.frame.vars[:n]
	return err
}

func (a *analyzer) branch(b *parse.BranchNode, dot value, with bool) error {
	return a.scope(func() error {
		v, err := a.pipe(b.Pipe, dot, true)
		if err != nil {
			return err
		}
		a.use(v, shape)
		inner := dot
		if with {
			inner = v
			a.stringField(b, v)
		}
		if err := a.scope(func() error { return a.list(b.List, inner) }); err != nil {
			return err
		}
		return a.scope(func() error { return a.list(b.ElseList, dot) })
	})
}

func (a *analyzer) rangeNode(r *parse.RangeNode, dot value) error {
	return a.scope(func() error {
		v, err := a.pipe(r.Pipe, dot, false)
		if err != nil {
			return err
		}
		a.use(v, read)
		key, elem, err := rangeTypes(v.typ)
		if err != nil {
			return err
		}
		k := value{typ: key, from: v.from, derived: true}
		e := value{typ: elem, from: v.from, derived: true}
		switch decl := r.Pipe.Decl; {
		case r.Pipe.IsAssign:
			return opaque("range assigns variables")
		case len(decl) == 1:
			a.declare(decl[0].Ident[0], e)
		case len(decl) == 2:
			a.declare(decl[0].Ident[0], k)
			a.declare(decl[1].Ident[0], e)
		}
		if err := a.scope(func() error { return a.list(r.List, e) }); err != nil {
			return err
		}
		return a.scope(func() error { return a.list(r.ElseList, dot) })
	})
}

// rangeTypes are the key and element types of ranging over t.
func rangeTypes(t reflect.Type) (key, elem reflect.Type, err error) {
	t = deref(t)
	if t == nil {
		return nil, nil, opaque("range over a value of unknown type")
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return intType, t.Elem(), nil
	case reflect.Map:
		return t.Key(), t.Elem(), nil
	case reflect.Chan:
		return t.Elem(), t.Elem(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return t, t, nil
	}
	return nil, nil, opaque("range over %s", t)
}

func (a *analyzer) templateCall(n *parse.TemplateNode, dot value) error {
	arg := value{}
	if n.Pipe != nil {
		var err error
		if arg, err = a.pipe(n.Pipe, dot, false); err != nil {
			return err
		}
	}
	key := callKey{n.Name, arg.typ}
	c := a.calls[key]
	switch {
	case c == nil:
		c = &call{running: true}
		a.calls[key] = c
		m, err := a.template(n.Name, value{typ: arg.typ, from: []origin{{param: true}}})
		if err != nil {
			return err
		}
		c.mode, c.running = m, false
	case c.running:
		// A template calling itself: assume the worst of its dot.
		a.use(arg, whole)
		return nil
	}
	a.use(arg, c.mode)
	return nil
}

// declare adds a variable to the current scope.
func (a *analyzer) declare(name string, v value) {
	a.frame.vars = append(a.frame.vars, variable{name, v})
}

// variable looks a variable up, innermost first.
func (a *analyzer) variable(name string) (value, error) {
	for i := len(a.frame.vars) - 1; i >= 0; i-- {
		if a.frame.vars[i].name == name {
			return a.frame.vars[i].v, nil
		}
	}
	return value{}, opaque("undefined variable %s", name)
}

// pipe evaluates a pipeline; with declare, its declarations and
// assignments take effect (a range declares its own).
func (a *analyzer) pipe(p *parse.PipeNode, dot value, declare bool) (value, error) {
	var v value
	for i, c := range p.Cmds {
		var final *value
		if i > 0 {
			final = &v
		}
		var err error
		if v, err = a.command(c, dot, final); err != nil {
			return value{}, err
		}
	}
	if !declare {
		return v, nil
	}
	for _, d := range p.Decl {
		name := d.Ident[0]
		if !p.IsAssign {
			a.declare(name, v)
			continue
		}
		// An assignment may be read before it happens (in an earlier
		// iteration of a range): take both values as read entirely.
		old, err := a.variable(name)
		if err != nil {
			return value{}, err
		}
		a.use(old, whole)
		a.use(v, whole)
		for i := len(a.frame.vars) - 1; i >= 0; i-- {
			if a.frame.vars[i].name == name {
				merged := old
				if old.typ != v.typ {
					merged.typ = nil
				}
				merged.from = append(append([]origin(nil), old.from...), v.from...)
				a.frame.vars[i].v = merged
				break
			}
		}
	}
	return v, nil
}

// command evaluates one command of a pipeline; final is the previous
// command's value, passed as the last argument.
func (a *analyzer) command(c *parse.CommandNode, dot value, final *value) (value, error) {
	args := c.Args[1:]
	switch n := c.Args[0].(type) {
	case *parse.FieldNode:
		return a.fields(dot, n.Ident, args, dot, final)
	case *parse.ChainNode:
		v, err := a.arg(n.Node, dot)
		if err != nil {
			return value{}, err
		}
		return a.fields(v, n.Field, args, dot, final)
	case *parse.VariableNode:
		v, err := a.variable(n.Ident[0])
		if err != nil {
			return value{}, err
		}
		return a.fields(v, n.Ident[1:], args, dot, final)
	case *parse.IdentifierNode:
		return a.function(n.Ident, args, dot, final)
	case *parse.PipeNode:
		if len(args) > 0 || final != nil {
			return value{}, opaque("arguments to a parenthesised pipeline")
		}
		return a.nestedPipe(n, dot)
	case *parse.DotNode:
		return dot, nil
	case *parse.BoolNode:
		return basicValue(boolType), nil
	case *parse.NumberNode:
		return basicValue(numberType(n)), nil
	case *parse.StringNode:
		return basicValue(stringType), nil
	case *parse.NilNode:
		return value{}, nil
	}
	return value{}, opaque("unexpected command %T", c.Args[0])
}

func numberType(n *parse.NumberNode) reflect.Type {
	switch {
	case n.IsInt:
		return intType
	case n.IsFloat:
		return reflect.TypeFor[float64]()
	}
	return reflect.TypeFor[complex128]()
}

// nestedPipe evaluates a parenthesised pipeline in a scope of its own: its
// variables end with it.
func (a *analyzer) nestedPipe(n *parse.PipeNode, dot value) (value, error) {
	var v value
	err := a.scope(func() error {
		var err error
		v, err = a.pipe(n, dot, true)
		return err
	})
	return v, err
}

// arg evaluates an argument of a function or method.
func (a *analyzer) arg(n parse.Node, dot value) (value, error) {
	switch n := n.(type) {
	case *parse.IdentifierNode:
		return a.function(n.Ident, nil, dot, nil)
	case *parse.PipeNode:
		return a.nestedPipe(n, dot)
	}
	return a.command(&parse.CommandNode{NodeType: parse.NodeCommand, Args: []parse.Node{n}}, dot, nil)
}

// args evaluates a command's arguments and appends final.
func (a *analyzer) args(nodes []parse.Node, dot value, final *value) ([]value, error) {
	var out []value
	for _, n := range nodes {
		v, err := a.arg(n, dot)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if final != nil {
		out = append(out, *final)
	}
	return out, nil
}

// fields reads a chain of fields (or map keys, or methods) from v; the last
// one gets the command's arguments.
func (a *analyzer) fields(v value, names []string, argNodes []parse.Node, dot value, final *value) (value, error) {
	if len(names) == 0 {
		if len(argNodes) > 0 || final != nil {
			return value{}, opaque("arguments to a value that is not a function")
		}
		return v, nil
	}
	for i, name := range names {
		last := i == len(names)-1
		var args []value
		if last {
			var err error
			if args, err = a.args(argNodes, dot, final); err != nil {
				return value{}, err
			}
		}
		var err error
		if v, err = a.field(v, name, args, last); err != nil {
			return value{}, err
		}
	}
	return v, nil
}

// field reads one field, map key or method of v.
func (a *analyzer) field(v value, name string, args []value, last bool) (value, error) {
	if v.typ == nil {
		return value{}, opaque("field %s of a value of unknown type", name)
	}
	if m, ok := method(v.typ, name); ok {
		// A method can read anything of its receiver and arguments.
		a.use(v, whole)
		for _, x := range args {
			a.use(x, whole)
		}
		if m.Type.NumOut() == 0 {
			return value{}, opaque("method %s returns nothing", name)
		}
		return value{typ: m.Type.Out(0), from: v.from, derived: true}, nil
	}
	if len(args) > 0 {
		return value{}, opaque("arguments to field %s", name)
	}
	t := deref(v.typ)
	switch t.Kind() {
	case reflect.Struct:
		sf, ok := t.FieldByName(name)
		if !ok || !sf.IsExported() {
			return value{}, opaque("%s has no field %s", t, name)
		}
		a.use(v, read)
		// Follow embedded structs to the field.
		holder := t
		for _, i := range sf.Index[:len(sf.Index)-1] {
			a.mark(holder, i, read)
			holder = deref(holder.Field(i).Type)
		}
		return value{typ: sf.Type, from: []origin{{typ: holder, index: sf.Index[len(sf.Index)-1]}}}, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return value{}, opaque("key %s of a map keyed by %s", name, t.Key())
		}
		a.use(v, read)
		return value{typ: t.Elem(), from: v.from, derived: true}, nil
	}
	return value{}, opaque("field %s of %s", name, t)
}

func (a *analyzer) mark(t reflect.Type, i int, m mode) {
	a.use(value{from: []origin{{typ: t, index: i}}}, m)
}

// method finds the method text/template would call for .name on a value
// of type t (methods win over fields, on the value or its pointer).
func method(t reflect.Type, name string) (reflect.Method, bool) {
	if t.Kind() == reflect.Interface {
		return t.MethodByName(name)
	}
	if t.Kind() != reflect.Pointer {
		t = reflect.PointerTo(t)
	}
	return t.MethodByName(name)
}

// deref strips pointers.
func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// function evaluates a call of a builtin or of one of the template
// functions.
func (a *analyzer) function(name string, argNodes []parse.Node, dot value, final *value) (value, error) {
	args, err := a.args(argNodes, dot, final)
	if err != nil {
		return value{}, err
	}
	switch name {
	case "len":
		for _, x := range args {
			a.use(x, shape)
		}
		return basicValue(intType), nil
	case "not":
		for _, x := range args {
			a.use(x, shape)
		}
		return basicValue(boolType), nil
	case "and", "or":
		// The result is one of the arguments, each tested for emptiness.
		out := value{}
		for i, x := range args {
			a.use(x, shape)
			if i == 0 {
				out.typ = x.typ
			} else if out.typ != x.typ {
				out.typ = nil
			}
			out.from = append(out.from, x.from...)
			out.derived = out.derived || x.derived
		}
		return out, nil
	case "index", "slice":
		if len(args) == 0 {
			return value{}, opaque("%s without arguments", name)
		}
		for _, x := range args {
			a.use(x, read)
		}
		t := args[0].typ
		if name == "index" {
			for range args[1:] {
				if t = deref(t); t == nil {
					return value{}, opaque("index of a value of unknown type")
				}
				switch t.Kind() {
				case reflect.Slice, reflect.Array, reflect.Map:
					t = t.Elem()
				case reflect.String:
					t = reflect.TypeFor[uint8]()
				default:
					return value{}, opaque("index of %s", t)
				}
			}
		}
		return value{typ: t, from: args[0].from, derived: true}, nil
	case "eq", "ne", "lt", "le", "gt", "ge":
		for _, x := range args {
			if x.typ != nil && !isLeaf(x.typ) {
				return value{}, opaque("%s compares values of type %s (identity is not in a fingerprint)", name, x.typ)
			}
			a.use(x, read)
		}
		return basicValue(boolType), nil
	case "print", "printf", "println", "html", "js", "urlquery":
		for _, x := range args {
			a.printed(x)
		}
		return basicValue(stringType), nil
	case "call":
		return value{}, opaque("call of a function value")
	}
	if strings.HasPrefix(name, "_html_template_") || name == "_eval_args_" {
		// html/template's escapers print their arguments.
		for _, x := range args {
			a.printed(x)
		}
		return basicValue(stringType), nil
	}
	ft, ok := a.funcs[name]
	if !ok || ft == nil || ft.Kind() != reflect.Func {
		return value{}, opaque("unknown function %s", name)
	}
	if ft.NumOut() == 0 || ft.Out(0) == errorType {
		return value{}, opaque("function %s returns no value", name)
	}
	out := value{typ: ft.Out(0)}
	for _, x := range args {
		switch {
		case isLeaf(x.typ):
			a.use(x, read)
		case a.selectors[name]:
			a.use(x, read)
			out.from = append(out.from, x.from...)
			out.derived = true
		default:
			a.use(x, whole)
		}
	}
	return out, nil
}
