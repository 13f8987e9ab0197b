package node

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// ParseTOML parses a TOML document whose first line is line lineOffset+1 of
// its file. TOML has no position API, so keys are located by finding the
// line that assigns them (or the table header that opens them).
func ParseTOML(data []byte, lineOffset int) (*Node, []Problem) {
	var v map[string]any
	if _, err := toml.Decode(string(data), &v); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, []Problem{{Line: pe.Position.Line + lineOffset, Col: max(pe.Position.Col, 1), Rule: "front-matter", Message: "invalid TOML: " + pe.Message}}
		}
		return nil, []Problem{{Line: lineOffset + 1, Col: 1, Rule: "front-matter", Message: "invalid TOML: " + err.Error()}}
	}
	lines := strings.Split(string(data), "\n")
	return fromGo(v, func(path []string) (int, int) { return tomlFind(lines, path, lineOffset) }, nil, 0), nil
}

func tomlFind(lines []string, path []string, offset int) (int, int) {
	key := path[len(path)-1]
	assign := regexp.MustCompile(`^(\s*)("` + regexp.QuoteMeta(key) + `"|` + regexp.QuoteMeta(key) + `)\s*=\s*`)
	header := "[" + strings.Join(path, ".") + "]"
	section := ""
	want := strings.Join(path[:len(path)-1], ".")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == header {
			return i + 1 + offset, strings.Index(l, "[") + 2
		}
		if strings.HasPrefix(t, "[") {
			section = strings.Trim(t, "[] ")
			continue
		}
		if m := assign.FindStringSubmatchIndex(l); m != nil && section == want {
			return i + 1 + offset, m[3] - m[2] + 1
		}
	}
	return offset + 1, 1
}

// fromGo converts a decoded TOML or JSON value into a Node, asking locate for
// the position of each map key.
func fromGo(v any, locate func(path []string) (int, int), path []string, depth int) *Node {
	line, col := 1, 1
	if len(path) > 0 {
		line, col = locate(path)
	}
	if depth > FrontMatter.Depth {
		return &Node{Kind: Null, Tag: "null", Line: line, Col: col}
	}
	switch x := v.(type) {
	case nil:
		return &Node{Kind: Null, Tag: "null", Line: line, Col: col}
	case map[string]any:
		n := &Node{Kind: Map, Line: line, Col: col}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			p := append(slices.Clip(path), k)
			kl, kc := locate(p)
			n.Pairs = append(n.Pairs, Pair{Key: k, Line: kl, Col: kc, Value: fromGo(x[k], locate, p, depth+1)})
		}
		slices.SortStableFunc(n.Pairs, func(a, b Pair) int { return a.Line - b.Line })
		return n
	case []any:
		n := &Node{Kind: Seq, Line: line, Col: col}
		for _, it := range x {
			c := fromGo(it, locate, nil, depth+1)
			c.Line, c.Col = line, col
			n.Items = append(n.Items, c)
		}
		return n
	case []map[string]any:
		n := &Node{Kind: Seq, Line: line, Col: col}
		for _, it := range x {
			c := fromGo(it, locate, nil, depth+1)
			c.Line, c.Col = line, col
			n.Items = append(n.Items, c)
		}
		return n
	case string:
		return &Node{Kind: Scalar, Tag: "str", Value: x, Line: line, Col: col}
	case bool:
		return &Node{Kind: Scalar, Tag: "bool", Value: strconv.FormatBool(x), Line: line, Col: col}
	case int64:
		return &Node{Kind: Scalar, Tag: "int", Value: strconv.FormatInt(x, 10), Line: line, Col: col}
	case float64:
		tag := "float"
		if x == float64(int64(x)) {
			tag = "int"
		}
		return &Node{Kind: Scalar, Tag: tag, Value: strconv.FormatFloat(x, 'f', -1, 64), Line: line, Col: col}
	case jsonNumber:
		tag := "int"
		if strings.ContainsAny(string(x), ".eE") {
			tag = "float"
		}
		return &Node{Kind: Scalar, Tag: tag, Value: string(x), Line: line, Col: col}
	case time.Time:
		s := x.Format(time.RFC3339)
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Location().String() == "date-local" {
			s = x.Format("2006-01-02")
		}
		return &Node{Kind: Scalar, Tag: "timestamp", Value: s, Line: line, Col: col}
	}
	return &Node{Kind: Scalar, Tag: "str", Value: fmt.Sprint(v), Line: line, Col: col}
}
