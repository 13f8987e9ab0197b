package node

import (
	"fmt"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Limits that keep a hostile document (an alias bomb, deep nesting) from
// exhausting time or memory.
const (
	maxNodes = 20000
	maxDepth = 64
)

var yamlLine = regexp.MustCompile(`(?:yaml: )?line (\d+): (.*)`)

// ParseYAML parses a YAML document whose first line is line lineOffset+1 of
// its file. Duplicate keys are problems, not silently overwritten.
func ParseYAML(data []byte, lineOffset int) (*Node, []Problem) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, []Problem{yamlProblem(err, lineOffset)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &Node{Kind: Null, Tag: "null", Line: lineOffset + 1, Col: 1}, nil
	}
	c := &yamlConv{offset: lineOffset}
	n := c.conv(doc.Content[0], 0)
	if c.tooBig {
		return nil, []Problem{{Line: lineOffset + 1, Col: 1, Rule: "front-matter", Message: "document is too large or too deeply nested (aliases expand to over 20000 values)"}}
	}
	return n, c.problems
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
	count    int
	tooBig   bool
	problems []Problem
}

func (c *yamlConv) conv(y *yaml.Node, depth int) *Node {
	c.count++
	if c.count > maxNodes || depth > maxDepth {
		c.tooBig = true
		return &Node{Kind: Null}
	}
	line, col := y.Line+c.offset, y.Column
	switch y.Kind {
	case yaml.AliasNode:
		if y.Alias == nil {
			return &Node{Kind: Null, Tag: "null", Line: line, Col: col}
		}
		n := c.conv(y.Alias, depth+1)
		// Report an aliased value where the alias is written.
		cp := *n
		cp.Line, cp.Col = line, col
		return &cp
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return &Node{Kind: Null, Tag: "null", Line: line, Col: col}
		}
		return c.conv(y.Content[0], depth+1)
	case yaml.SequenceNode:
		n := &Node{Kind: Seq, Line: line, Col: col}
		for _, it := range y.Content {
			n.Items = append(n.Items, c.conv(it, depth+1))
			if c.tooBig {
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
			n.Pairs = append(n.Pairs, Pair{Key: key, Line: k.Line + c.offset, Col: k.Column, Value: c.conv(v, depth+1)})
			if c.tooBig {
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
