package score

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/diag"
)

// Name is a name the priority formula can use, and what it means.
type Name struct{ Name, Meaning string }

// inputs lists the names of the priority formula, in the order breakdowns
// show them.
var inputs = []Name{
	{"demand", "sum over the theme's customers of their strongest item's weight (source × segment × recency × mentions)"},
	{"revenue", "revenue of the distinct customers behind the theme"},
	{"reach", "the theme's reach, else the distinct customers behind it in the demand window"},
	{"impact", "the theme's impact (default 1)"},
	{"confidence", "the theme's confidence, 0..1 (default 0.5)"},
	{"effort", "the theme's effort (default 1)"},
	{"rice", "reach × impact × confidence / effort"},
	{"trend", "(recent − previous) / max(previous, 1) of demand over the last two demand windows"},
	{"sentiment", "mean compound sentiment of the theme's items, -1..1"},
	{"customers", "distinct customers behind the theme"},
	{"items", "the theme's items, duplicates excluded"},
	{"mentions", "sum of the mentions of the theme's items and their duplicates"},
	{"objective_weight", "weight of the theme's objective in heed.yaml (1 without one)"},
}

// functions lists the functions the priority formula can call besides the
// expression language's own abs, ceil, floor, round, min and max.
var functions = []Name{
	{"clamp(x, lo, hi)", "x limited to [lo, hi]"},
	{"log(x)", "natural logarithm"},
	{"log10(x)", "base-10 logarithm"},
	{"sqrt(x)", "square root"},
}

// FormulaNames returns the inputs the priority formula can use, in the
// order breakdowns list them, and the functions it can call besides abs,
// ceil, floor, round, min and max; for documentation and editor help.
func FormulaNames() (inputNames, functionNames []Name) {
	return slices.Clone(inputs), slices.Clone(functions)
}

// builtins are the expression language's functions the formula may call:
// pure arithmetic only (no now(), which would make scores depend on the
// clock).
var builtins = []string{"abs", "ceil", "floor", "round", "min", "max"}

// formula is a compiled priority expression.
type formula struct {
	source  string
	program *vm.Program
	// uses lists the inputs the formula reads, in the order of inputs.
	uses []string
}

// compileFormula compiles cfg.Priority. When it is invalid it returns the
// default formula and a diagnostic at heed.yaml's priority key.
func compileFormula(cfg *config.Config) (*formula, diag.List) {
	f, err := compile(cfg.Priority)
	if err == nil {
		return f, nil
	}
	pos := cfg.Pos["priority"]
	d := diag.Errorf(cfg.Path, pos.Line, pos.Col, "priority-formula",
		"priority formula %q: %s; the default formula %q is used", cfg.Priority, err, config.DefaultPriority)
	f, derr := compile(config.DefaultPriority)
	if derr != nil {
		panic("score: the default priority formula does not compile: " + derr.Error())
	}
	return f, diag.List{d}
}

// compile compiles one priority expression, checking that it uses only
// known names and functions and gives a number.
func compile(src string) (*formula, error) {
	if strings.TrimSpace(src) == "" {
		return nil, errors.New("it is empty")
	}
	opts := []expr.Option{
		expr.Env(zeroEnv()),
		expr.AsFloat64(),
		expr.DisableAllBuiltins(),
		expr.Function("clamp", func(a ...any) (any, error) {
			x, lo, hi := a[0].(float64), a[1].(float64), a[2].(float64)
			return math.Max(lo, math.Min(hi, x)), nil
		}, new(func(float64, float64, float64) float64)),
		expr.Function("log", func(a ...any) (any, error) { return math.Log(a[0].(float64)), nil }, new(func(float64) float64)),
		expr.Function("log10", func(a ...any) (any, error) { return math.Log10(a[0].(float64)), nil }, new(func(float64) float64)),
		expr.Function("sqrt", func(a ...any) (any, error) { return math.Sqrt(a[0].(float64)), nil }, new(func(float64) float64)),
	}
	for _, b := range builtins {
		opts = append(opts, expr.EnableBuiltin(b))
	}
	p, err := expr.Compile(src, opts...)
	if err != nil {
		return nil, explain(err)
	}
	used := map[string]bool{}
	root := p.Node()
	ast.Walk(&root, identVisitor(used))
	f := &formula{source: src, program: p}
	for _, in := range inputs {
		if used[in.Name] {
			f.uses = append(f.uses, in.Name)
		}
	}
	return f, nil
}

type identVisitor map[string]bool

func (v identVisitor) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok {
		v[id.Value] = true
	}
}

// explain turns a compile error into one line, with a suggestion for an
// unknown name.
func explain(err error) error {
	var fe *file.Error
	if !errors.As(err, &fe) {
		return err
	}
	msg := fe.Message
	if name, ok := strings.CutPrefix(msg, "unknown name "); ok {
		known := make([]string, 0, len(inputs))
		for _, in := range inputs {
			known = append(known, in.Name)
		}
		if hint := diag.DidYouMean(name, known); hint != "" {
			return fmt.Errorf("unknown name %s%s", name, hint)
		}
		return fmt.Errorf("unknown name %s (the inputs are %s)", name, strings.Join(known, ", "))
	}
	return fmt.Errorf("%s at character %d", msg, fe.Column+1)
}

// zeroEnv is the formula's environment with every input at 0; its value
// types are what the compiler checks the formula against.
func zeroEnv() map[string]any {
	env := make(map[string]any, len(inputs))
	for _, in := range inputs {
		env[in.Name] = 0.0
	}
	return env
}

// eval evaluates the formula on values (one per input, by name). A result
// that is not a finite number is an error.
func (f *formula) eval(values map[string]float64) (float64, error) {
	env := make(map[string]any, len(values))
	for k, v := range values {
		env[k] = v
	}
	out, err := expr.Run(f.program, env)
	if err != nil {
		return 0, err
	}
	x, _ := out.(float64)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("gives %v", x)
	}
	return x, nil
}

// weights returns, for every input the formula uses, the partial derivative
// of the formula at values, by central differences, rounded to 6
// significant digits (enough to show 0.1 as 0.1). An input whose derivative
// cannot be computed gets 0.
func (f *formula) weights(values map[string]float64) []float64 {
	out := make([]float64, len(f.uses))
	vals := make(map[string]float64, len(values))
	for k, v := range values {
		vals[k] = v
	}
	for i, name := range f.uses {
		x := values[name]
		h := 1e-6 * math.Max(1, math.Abs(x))
		vals[name] = x + h
		hi, err1 := f.eval(vals)
		vals[name] = x - h
		lo, err2 := f.eval(vals)
		vals[name] = x
		if err1 != nil || err2 != nil {
			continue
		}
		out[i] = roundSignificant((hi-lo)/(2*h), 6)
	}
	return out
}

// roundSignificant rounds x to n significant digits.
func roundSignificant(x float64, n int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}
