package node

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

type jsonNumber string

// ParseJSON parses a JSON object whose first line is line lineOffset+1 of
// its file, with the position of every key and value; duplicate keys are
// problems.
func ParseJSON(data []byte, lineOffset int) (*Node, []Problem) {
	p := &jsonParser{data: data, dec: json.NewDecoder(bytes.NewReader(data)), offset: lineOffset}
	p.dec.UseNumber()
	n, err := p.value(0)
	var lim *limitError
	if errors.As(err, &lim) {
		return nil, []Problem{lim.p}
	}
	if err == nil {
		if _, err2 := p.dec.Token(); err2 != io.EOF {
			err = fmt.Errorf("unexpected content after the object")
		}
	}
	if err != nil {
		line, col := p.pos(int(p.dec.InputOffset()))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col = p.pos(int(se.Offset))
		}
		return nil, []Problem{{Line: line, Col: col, Rule: "front-matter", Message: "invalid JSON: " + err.Error()}}
	}
	return n, p.problems
}

// limitError stops a parse that went over a limit.
type limitError struct{ p Problem }

func (e *limitError) Error() string { return e.p.Message }

type jsonParser struct {
	data     []byte
	dec      *json.Decoder
	offset   int
	count    int
	problems []Problem
}

// pos turns a byte offset into a file position, skipping the white space,
// commas and colons that precede the next token.
func (p *jsonParser) pos(off int) (int, int) {
	for off < len(p.data) && bytes.IndexByte([]byte(" \t\r\n,:"), p.data[off]) >= 0 {
		off++
	}
	off = min(off, len(p.data))
	line := bytes.Count(p.data[:off], []byte{'\n'}) + 1
	col := off - (bytes.LastIndexByte(p.data[:off], '\n') + 1) + 1
	return line + p.offset, col
}

func (p *jsonParser) value(depth int) (*Node, error) {
	p.count++
	line, col := p.pos(int(p.dec.InputOffset()))
	switch {
	case p.count > FrontMatter.Values:
		return nil, &limitError{FrontMatter.problem("values", line, col)}
	case depth > FrontMatter.Depth:
		return nil, &limitError{FrontMatter.problem("depth", line, col)}
	}
	tok, err := p.dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("unexpected end of input")
		}
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &Node{Kind: Map, Line: line, Col: col}
			seen := map[string]int{}
			for p.dec.More() {
				kl, kc := p.pos(int(p.dec.InputOffset()))
				kt, err := p.dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				if first, dup := seen[key]; dup {
					p.problems = append(p.problems, Problem{Line: kl, Col: kc, Rule: "duplicate-key",
						Message: fmt.Sprintf("key %q is given twice (first on line %d); only one value can count", key, first)})
					continue
				}
				seen[key] = kl
				n.Pairs = append(n.Pairs, Pair{Key: key, Line: kl, Col: kc, Value: v})
			}
			_, err := p.dec.Token()
			return n, err
		case '[':
			n := &Node{Kind: Seq, Line: line, Col: col}
			for p.dec.More() {
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Items = append(n.Items, v)
			}
			_, err := p.dec.Token()
			return n, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case nil:
		return &Node{Kind: Null, Tag: "null", Line: line, Col: col}, nil
	case bool:
		return fromGo(t, nil, nil, 0).at(line, col), nil
	case json.Number:
		return fromGo(jsonNumber(t), nil, nil, 0).at(line, col), nil
	case string:
		return &Node{Kind: Scalar, Tag: "str", Value: t, Line: line, Col: col}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

func (n *Node) at(line, col int) *Node {
	n.Line, n.Col = line, col
	return n
}
