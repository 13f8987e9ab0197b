package node

import (
	"fmt"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Limits bound what a parser builds of one document, so that a hostile one
// (an alias bomb, deep nesting, a huge list) exhausts neither time nor
// memory. Each has its own message: an honest document that is merely
// large is never told it has aliases.
type Limits struct {
	// Values is the most values (scalars, lists and maps) the document
	// may hold as written.
	Values int
	// Aliases is the most values its aliases may expand to, all told
	// (YAML only): a few lines of aliases to aliases make billions.
	Aliases int
	// Depth is how deeply lists and maps may nest.
	Depth int
	// Shorten says what to do about a document over Values.
	Shorten string
}

// FrontMatter are the limits of front matter and heed.yaml: far more than
// any item, theme or configuration needs (an item has a few dozen values).
var FrontMatter = Limits{Values: 20_000, Aliases: 10_000, Depth: 64,
	Shorten: "an item, theme or configuration needs a few dozen: shorten its lists"}

// Registry are the limits of customers.yaml, which may list every
// customer of a CRM: 50,000 customers with every field are about 400,000
// values.
var Registry = Limits{Values: 2_000_000, Aliases: 10_000, Depth: 64,
	Shorten: "about 250,000 customers with every field: leave out the customers no feedback names"}

// limitProblem words what a document went over, at the value that did.
func (l Limits) problem(over string, line, col int) Problem {
	var msg string
	switch over {
	case "values":
		msg = fmt.Sprintf("the document holds more than %d values, more than heed reads (%s)", l.Values, l.Shorten)
	case "aliases":
		msg = fmt.Sprintf("aliases expand to more than %d values (an alias bomb?); write the values out, or repeat fewer aliases", l.Aliases)
	default:
		msg = fmt.Sprintf("lists and maps nest more than %d levels deep here: nest them less", l.Depth)
	}
	return Problem{Line: line, Col: col, Rule: "front-matter", Message: msg}
}

var yamlLine = regexp.MustCompile(`(?:yaml: )?line (\d+): (.*)`)

// ParseYAML parses a YAML document whose first line is line lineOffset+1 of
// its file, within the FrontMatter limits. Duplicate keys are problems, not
// silently overwritten.
func ParseYAML(data []byte, lineOffset int) (*Node, []Problem) {
	return ParseYAMLWithin(data, lineOffset, FrontMatter)
}

// ParseYAMLWithin is ParseYAML within the limits l.
func ParseYAMLWithin(data []byte, lineOffset int, l Limits) (*Node, []Problem) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, []Problem{yamlProblem(err, lineOffset)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &Node{Kind: Null, Tag: "null", Line: lineOffset + 1, Col: 1}, nil
	}
	c := &yamlConv{offset: lineOffset, limits: l, last: lineOffset + lineCount(data)}
	n := c.conv(doc.Content[0], 0, false)
	if c.over != nil {
		return nil, []Problem{*c.over}
	}
	return n, c.problems
}

// lineCount is the number of lines of data as editors count them: "\n",
// "\r\n" and a lone "\r" end a line, and what follows the last end is
// a line too.
func lineCount(data []byte) int {
	n := 1
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\n':
			n++
		case '\r':
			n++
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
		}
	}
	return n
}

func yamlProblem(err error, offset int) Problem {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return Problem{Line: line + offset, Col: 1, Rule: "front-matter", Message: "invalid YAML: " + m[2]}
	}
	return Problem{Line: offset + 1, Col: 1, Rule: "front-matter", Message: "invalid YAML: " + trimPrefix(msg)}
}

func trimPrefix(s string) string {
	if len(s) > 6 && s[:6] == "yaml: " {
		return s[6:]
	}
	return s
}

type yamlConv struct {
	offset   int
	last     int // the document's last line in its file
	limits   Limits
	values   int // values written
	expanded int // values made by aliases
	over     *Problem
	problems []Problem
}

// conv converts a yaml.v3 node; aliased says it is reached through an
// alias, so that it counts as an expansion, not as a value written.
func (c *yamlConv) conv(y *yaml.Node, depth int, aliased bool) *Node {
	if c.over != nil {
		return &Node{Kind: Null}
	}
	line, col := y.Line+c.offset, y.Column
	if line > c.last {
		// yaml.v3 places a value that is not written ("? key" and the
		// end of the document) on the line after the last: a diagnostic
		// about it must point into the file.
		line, col = c.last, 1
	}
	over := ""
	if aliased {
		if c.expanded++; c.expanded > c.limits.Aliases {
			over = "aliases"
		}
	} else if c.values++; c.values > c.limits.Values {
		over = "values"
	}
	if depth > c.limits.Depth {
		over = "depth"
	}
	if over != "" {
		p := c.limits.problem(over, line, col)
		c.over = &p
		return &Node{Kind: Null}
	}
	switch y.Kind {
	case yaml.AliasNode:
		if y.Alias == nil {
			return &Node{Kind: Null, Tag: "null", Line: line, Col: col}
		}
		n := c.conv(y.Alias, depth+1, true)
		// Report an aliased value where the alias is written.
		cp := *n
		cp.Line, cp.Col = line, col
		return &cp
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return &Node{Kind: Null, Tag: "null", Line: line, Col: col}
		}
		return c.conv(y.Content[0], depth+1, aliased)
	case yaml.SequenceNode:
		n := &Node{Kind: Seq, Line: line, Col: col}
		for _, it := range y.Content {
			n.Items = append(n.Items, c.conv(it, depth+1, aliased))
			if c.over != nil {
				return n
			}
		}
		return n
	case yaml.MappingNode:
		n := &Node{Kind: Map, Line: line, Col: col}
		seen := map[string]int{}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			key := k.Value
			if k.Kind != yaml.ScalarNode {
				c.problems = append(c.problems, Problem{Line: k.Line + c.offset, Col: k.Column, Rule: "front-matter", Message: "a key must be a plain word"})
				continue
			}
			if key == "<<" {
				c.problems = append(c.problems, Problem{Line: k.Line + c.offset, Col: k.Column, Rule: "front-matter", Message: "merge keys (<<) are not supported"})
				continue
			}
			if first, dup := seen[key]; dup {
				c.problems = append(c.problems, Problem{Line: k.Line + c.offset, Col: k.Column, Rule: "duplicate-key",
					Message: fmt.Sprintf("key %q is given twice (first on line %d); only one value can count", key, first)})
				continue
			}
			seen[key] = k.Line + c.offset
			n.Pairs = append(n.Pairs, Pair{Key: key, Line: k.Line + c.offset, Col: k.Column, Value: c.conv(v, depth+1, aliased)})
			if c.over != nil {
				return n
			}
		}
		return n
	}
	n := &Node{Kind: Scalar, Value: y.Value, Line: line, Col: col}
	switch y.ShortTag() {
	case "!!null":
		n.Kind, n.Tag = Null, "null"
	case "!!int":
		n.Tag = "int"
	case "!!float":
		n.Tag = "float"
	case "!!bool":
		n.Tag = "bool"
	case "!!timestamp":
		n.Tag = "timestamp"
	default:
		n.Tag = "str"
	}
	return n
}
