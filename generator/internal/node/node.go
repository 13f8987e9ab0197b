// Package node holds front matter and configuration values as a tree that
// remembers where each key and value stands in its file, whatever the
// format (YAML, TOML or JSON) it was written in, so that every diagnostic
// can point at the real line and column.
package node

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is the shape of a node.
type Kind int

// The shapes of a node.
const (
	Null Kind = iota
	Scalar
	Seq
	Map
)

// Node is one value with its position (1-based line and column in the file).
type Node struct {
	Kind Kind
	// Tag is the scalar's type: "str", "int", "float", "bool", "timestamp"
	// (and "null" for Null).
	Tag string
	// Value is the scalar's text as written (without quotes).
	Value string
	Line  int
	Col   int
	Items []*Node // Seq
	Pairs []Pair  // Map, in file order
}

// Pair is a mapping entry: the key, its position, and the value.
type Pair struct {
	Key   string
	Line  int
	Col   int
	Value *Node
}

// Problem is a syntax problem found while parsing, at a position.
type Problem struct {
	Line, Col int
	Rule      string
	Message   string
}

// Get returns the pair for key, or nil.
func (n *Node) Get(key string) *Pair {
	if n == nil {
		return nil
	}
	for i := range n.Pairs {
		if n.Pairs[i].Key == key {
			return &n.Pairs[i]
		}
	}
	return nil
}

// TypeName names the node's type for messages: "string", "number", "list"...
func (n *Node) TypeName() string {
	switch n.Kind {
	case Null:
		return "nothing"
	case Seq:
		return "a list"
	case Map:
		return "a map"
	}
	switch n.Tag {
	case "int", "float":
		return "a number"
	case "bool":
		return "true/false"
	case "timestamp":
		return "a date"
	}
	return "a string"
}

// String returns a scalar's text and whether the node is a scalar that reads
// as text (any scalar does; numbers and dates keep their written form).
func (n *Node) String() (string, bool) {
	if n == nil || n.Kind != Scalar {
		return "", false
	}
	return n.Value, true
}

// Int returns an integer scalar.
func (n *Node) Int() (int64, bool) {
	if n == nil || n.Kind != Scalar || (n.Tag != "int" && n.Tag != "float") {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if err != nil {
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		return i, err == nil
	}
	if f != float64(int64(f)) {
		return 0, false
	}
	return int64(f), true
}

// Float returns a numeric scalar.
func (n *Node) Float() (float64, bool) {
	if n == nil || n.Kind != Scalar || (n.Tag != "int" && n.Tag != "float") {
		return 0, false
	}
	v := strings.ReplaceAll(n.Value, "_", "")
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		i, err := strconv.ParseInt(v, 0, 64)
		return float64(i), err == nil
	}
	return f, true
}

// Bool returns a boolean scalar.
func (n *Node) Bool() (bool, bool) {
	if n == nil || n.Kind != Scalar || n.Tag != "bool" {
		return false, false
	}
	b, err := strconv.ParseBool(strings.ToLower(n.Value))
	return b, err == nil
}

// Strings returns a list of scalars as text. A single scalar is not a list.
func (n *Node) Strings() ([]string, bool) {
	if n == nil || n.Kind != Seq {
		return nil, false
	}
	out := make([]string, 0, len(n.Items))
	for _, it := range n.Items {
		s, ok := it.String()
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// Date parses the date formats heed accepts: YYYY-MM-DD and RFC 3339.
func Date(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD or RFC 3339, e.g. 2026-03-31)", s)
}
