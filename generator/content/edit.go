package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/internal/node"
)

// ErrNotEditable is returned by SetThemes for a file whose themes it cannot
// set without changing something else: unreadable front matter, or a
// themes value written in a way the editor does not rewrite (an anchor, a
// multi-line scalar, a nested table).
var ErrNotEditable = errors.New("cannot set themes without changing other bytes")

// SetThemes returns a copy of a content file with its front matter's
// `themes` key set to themes, and every other byte as it was: comments,
// key order, quoting, the style of other values, the body. A file without
// the key gets it as the last key of its front matter, in the style of its
// format (`themes: [a, b]`, `themes = ["a", "b"]`, `"themes": ["a", "b"]`).
// An existing value keeps its style: a block list stays a block list with
// the same indentation, a flow list a flow list.
//
// The result is checked before it is returned: it parses, its themes are
// themes, and every other key has the value it had. When that cannot be
// promised the error wraps ErrNotEditable and nothing is returned. The ids
// must be slugs.
func SetThemes(data []byte, themes []string) ([]byte, error) {
	for _, id := range themes {
		if !config.IsSlug(id) {
			return nil, fmt.Errorf("theme id %q is not a slug", id)
		}
	}
	sp := newSplitter()
	start, end, _, format, _, ds := sp.locate("", data)
	if format == nil {
		return nil, fmt.Errorf("%w: %s", ErrNotEditable, ds[0].Message)
	}
	before, problems := format.parse(data[start:end], 0)
	if before == nil || len(problems) > 0 || before.Kind != node.Map {
		return nil, fmt.Errorf("%w: the front matter does not parse", ErrNotEditable)
	}
	fm := data[start:end]
	var edited []byte
	var err error
	switch {
	case format.yaml:
		edited, err = setYAMLThemes(fm, before, themes)
	case format.start == "+++" || format.start == "---toml":
		edited, err = setTOMLThemes(fm, themes)
	default:
		edited, err = setJSONThemes(fm, before, themes)
	}
	if err != nil {
		return nil, err
	}
	out := slices.Concat(data[:start], edited, data[end:])
	if err := checkEdit(sp, data, out, themes); err != nil {
		return nil, err
	}
	return out, nil
}

// checkEdit verifies that after differs from before in the themes alone,
// and that its themes are themes.
func checkEdit(sp *splitter, before, after []byte, themes []string) error {
	parse := func(data []byte) (*node.Node, []byte) {
		start, end, bodyStart, format, _, _ := sp.locate("", data)
		if format == nil {
			return nil, nil
		}
		n, problems := format.parse(data[start:end], 0)
		if len(problems) > 0 {
			return nil, nil
		}
		return n, data[bodyStart:]
	}
	a, bodyA := parse(before)
	b, bodyB := parse(after)
	if b == nil || b.Kind != node.Map {
		return fmt.Errorf("%w: the edited front matter would not parse", ErrNotEditable)
	}
	if !bytes.Equal(bodyA, bodyB) {
		return fmt.Errorf("%w: the body would change", ErrNotEditable)
	}
	got, ok := b.Get("themes").Value.Strings()
	if b.Get("themes") == nil || !ok || !slices.Equal(got, themes) {
		return fmt.Errorf("%w: the themes would not read as written", ErrNotEditable)
	}
	if len(a.Pairs) != len(b.Pairs)-boolInt(a.Get("themes") == nil) {
		return fmt.Errorf("%w: other keys would change", ErrNotEditable)
	}
	for _, p := range a.Pairs {
		if p.Key == "themes" {
			continue
		}
		q := b.Get(p.Key)
		if q == nil || !sameValue(p.Value, q.Value) {
			return fmt.Errorf("%w: key %s would change", ErrNotEditable, p.Key)
		}
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sameValue compares two trees, positions aside.
func sameValue(a, b *node.Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value || len(a.Items) != len(b.Items) || len(a.Pairs) != len(b.Pairs) {
		return false
	}
	for i := range a.Items {
		if !sameValue(a.Items[i], b.Items[i]) {
			return false
		}
	}
	for i := range a.Pairs {
		if a.Pairs[i].Key != b.Pairs[i].Key || !sameValue(a.Pairs[i].Value, b.Pairs[i].Value) {
			return false
		}
	}
	return true
}

// lineStarts returns the offset of the start of every line of data.
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' && i+1 <= len(data) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineEnd returns the end of the line starting at start, its newline
// excluded (and a carriage return before it).
func lineEnd(data []byte, start int) int {
	end := len(data)
	if k := bytes.IndexByte(data[start:], '\n'); k >= 0 {
		end = start + k
	}
	if end > start && data[end-1] == '\r' {
		end--
	}
	return end
}

// newline returns the line ending the data uses.
func newline(data []byte) string {
	if bytes.Contains(data, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

func indentOf(line []byte) int {
	return len(line) - len(bytes.TrimLeft(line, " "))
}

// appendLine adds a line at the end of front matter fm.
func appendLine(fm []byte, line string) []byte {
	nl := newline(fm)
	out := slices.Clone(fm)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, nl...)
	}
	return append(append(out, line...), nl...)
}

// setYAMLThemes rewrites the value of a top-level themes key of YAML front
// matter fm (whose tree is tree), or adds the key.
func setYAMLThemes(fm []byte, tree *node.Node, themes []string) ([]byte, error) {
	p := tree.Get("themes")
	ids := make([]string, len(themes))
	for i, id := range themes {
		ids[i] = yamlID(id)
	}
	flow := "[" + strings.Join(ids, ", ") + "]"
	if p == nil {
		return appendLine(fm, "themes: "+flow), nil
	}
	starts := lineStarts(fm)
	if p.Line < 1 || p.Line > len(starts) {
		return nil, fmt.Errorf("%w: cannot find the themes key", ErrNotEditable)
	}
	keyStart := starts[p.Line-1]
	keyLine := fm[keyStart:lineEnd(fm, keyStart)]
	keyIndent := indentOf(keyLine)
	if keyIndent != 0 {
		return nil, fmt.Errorf("%w: the themes key is indented", ErrNotEditable)
	}
	colon := bytes.IndexByte(keyLine, ':')
	if colon < 0 || strings.Trim(string(keyLine[:colon]), `"' `) != "themes" {
		return nil, fmt.Errorf("%w: cannot find the themes key", ErrNotEditable)
	}
	rest := keyLine[colon+1:]
	valueStart := keyStart + colon + 1
	text := strings.TrimSpace(stripComment(string(rest)))
	switch {
	case strings.HasPrefix(text, "[") && strings.HasSuffix(text, "]"):
		// A flow list on one line: replace it, keep what follows.
		open := valueStart + bytes.IndexByte(rest, '[')
		close := valueStart + bytes.LastIndexByte(rest[:len(stripComment(string(rest)))], ']')
		return slices.Concat(fm[:open], []byte(flow), fm[close+1:]), nil
	case text == "" || text == "~" || text == "null" || text == "[]":
		// Empty, or a block list on the lines that follow.
		end := p.Line // index of the first line after the value
		itemIndent := -1
		for end < len(starts) {
			line := fm[starts[end]:lineEnd(fm, starts[end])]
			trimmed := bytes.TrimSpace(line)
			ind := indentOf(line)
			if len(trimmed) == 0 || trimmed[0] == '#' {
				end++
				continue
			}
			if ind > keyIndent || (ind == keyIndent && trimmed[0] == '-') {
				if itemIndent < 0 && trimmed[0] == '-' {
					itemIndent = ind
				}
				end++
				continue
			}
			break
		}
		// Comment and blank lines after the last item stay where they are.
		for end > p.Line {
			t := bytes.TrimSpace(fm[starts[end-1]:lineEnd(fm, starts[end-1])])
			if len(t) != 0 && t[0] != '#' {
				break
			}
			end--
		}
		nl := newline(fm)
		if itemIndent < 0 {
			// No block list: the value was empty; write a flow list after
			// the key, keeping a comment on its line.
			comment := ""
			if k := strings.Index(string(rest), "#"); k >= 0 && strings.TrimSpace(stripComment(string(rest))) == text {
				comment = " " + string(rest[k:])
			}
			lineStop := lineEnd(fm, keyStart)
			return slices.Concat(fm[:valueStart], []byte(" "+flow+comment), fm[lineStop:]), nil
		}
		var b strings.Builder
		b.Write(fm[:lineEnd(fm, keyStart)])
		for _, id := range ids {
			b.WriteString(nl)
			b.WriteString(strings.Repeat(" ", itemIndent))
			b.WriteString("- ")
			b.WriteString(id)
		}
		stop := len(fm)
		if end < len(starts) {
			stop = starts[end]
			b.WriteString(nl)
		} else if len(fm) > 0 && fm[len(fm)-1] == '\n' {
			b.WriteString(nl)
		}
		b.Write(fm[stop:])
		return []byte(b.String()), nil
	}
	return nil, fmt.Errorf("%w: the themes value is not a list", ErrNotEditable)
}

// yamlID writes a slug as a YAML string: bare when YAML reads it as a
// string, quoted when it would read as a number, date, boolean or null.
func yamlID(id string) string {
	switch id {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n":
		return strconv.Quote(id)
	}
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		return strconv.Quote(id)
	}
	return id
}

// stripComment drops a YAML comment from the end of a line's value: a '#'
// that starts the text or follows a space, outside quotes.
func stripComment(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return s[:i]
		}
	}
	return s
}

// setTOMLThemes rewrites a top-level `themes = ...` assignment of TOML
// front matter fm, or adds one before the first table.
func setTOMLThemes(fm []byte, themes []string) ([]byte, error) {
	quoted := make([]string, len(themes))
	for i, id := range themes {
		quoted[i] = strconv.Quote(id)
	}
	value := "[" + strings.Join(quoted, ", ") + "]"
	starts := lineStarts(fm)
	firstTable := -1
	for k, s := range starts {
		line := bytes.TrimSpace(fm[s:lineEnd(fm, s)])
		if len(line) > 0 && line[0] == '[' {
			firstTable = k
			break
		}
		key, _, ok := bytes.Cut(line, []byte("="))
		if !ok || strings.Trim(string(bytes.TrimSpace(key)), `"'`) != "themes" {
			continue
		}
		eq := s + bytes.IndexByte(fm[s:], '=')
		vStart := eq + 1
		for vStart < len(fm) && (fm[vStart] == ' ' || fm[vStart] == '\t') {
			vStart++
		}
		vEnd, ok := tomlValueEnd(fm, vStart)
		if !ok {
			return nil, fmt.Errorf("%w: cannot read the themes value", ErrNotEditable)
		}
		return slices.Concat(fm[:vStart], []byte(value), fm[vEnd:]), nil
	}
	line := "themes = " + value
	if firstTable < 0 {
		return appendLine(fm, line), nil
	}
	at := starts[firstTable]
	return slices.Concat(fm[:at], []byte(line+newline(fm)), fm[at:]), nil
}

// tomlValueEnd returns the end of the TOML value starting at i: an array
// (across lines, with strings and comments inside) or a value that ends
// with its line or a comment.
func tomlValueEnd(data []byte, i int) (int, bool) {
	if i >= len(data) || data[i] != '[' {
		end := lineEnd(data, i)
		if k := bytes.IndexByte(data[i:end], '#'); k >= 0 {
			end = i + k
		}
		return i + len(bytes.TrimRight(data[i:end], " \t")), true
	}
	depth := 0
	for j := i; j < len(data); j++ {
		switch c := data[j]; c {
		case '"', '\'':
			k := j + 1
			for k < len(data) && data[k] != c && data[k] != '\n' {
				if c == '"' && data[k] == '\\' {
					k++
				}
				k++
			}
			if k >= len(data) || data[k] != c {
				return 0, false
			}
			j = k
		case '#':
			k := bytes.IndexByte(data[j:], '\n')
			if k < 0 {
				return 0, false
			}
			j += k
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return j + 1, true
			}
		}
	}
	return 0, false
}

// setJSONThemes rewrites the value of a top-level "themes" key of JSON
// front matter fm, or adds the key after the last one.
func setJSONThemes(fm []byte, tree *node.Node, themes []string) ([]byte, error) {
	quoted := make([]string, len(themes))
	for i, id := range themes {
		quoted[i] = strconv.Quote(id)
	}
	value := "[" + strings.Join(quoted, ", ") + "]"
	// Walk the object's top level: keys, their values, and where each
	// value ends.
	i := bytes.IndexByte(fm, '{')
	if i < 0 {
		return nil, fmt.Errorf("%w: no JSON object", ErrNotEditable)
	}
	skip := func(j int) int {
		for j < len(fm) && (fm[j] == ' ' || fm[j] == '\t' || fm[j] == '\n' || fm[j] == '\r') {
			j++
		}
		return j
	}
	j := skip(i + 1)
	lastEnd := -1
	for j < len(fm) && fm[j] != '}' {
		keyStart := j
		keyEnd, ok := jsonValueEnd(fm, j)
		if !ok || fm[keyStart] != '"' {
			return nil, fmt.Errorf("%w: cannot read the JSON object", ErrNotEditable)
		}
		var key string
		if err := json.Unmarshal(fm[keyStart:keyEnd], &key); err != nil {
			return nil, fmt.Errorf("%w: cannot read a JSON key", ErrNotEditable)
		}
		j = skip(keyEnd)
		if j >= len(fm) || fm[j] != ':' {
			return nil, fmt.Errorf("%w: cannot read the JSON object", ErrNotEditable)
		}
		vStart := skip(j + 1)
		vEnd, ok := jsonValueEnd(fm, vStart)
		if !ok {
			return nil, fmt.Errorf("%w: cannot read the JSON object", ErrNotEditable)
		}
		if key == "themes" {
			return slices.Concat(fm[:vStart], []byte(value), fm[vEnd:]), nil
		}
		lastEnd = vEnd
		j = skip(vEnd)
		if j < len(fm) && fm[j] == ',' {
			j = skip(j + 1)
		}
	}
	if j >= len(fm) {
		return nil, fmt.Errorf("%w: cannot read the JSON object", ErrNotEditable)
	}
	if lastEnd < 0 {
		return slices.Concat(fm[:i+1], []byte(`"themes": `+value), fm[i+1:]), nil
	}
	// After the last value: a comma, then the new key on a line of its
	// own indented like the first key, or on the same line when the
	// object is written on one.
	first := skip(i + 1)
	sep := " "
	if ls := bytes.LastIndexByte(fm[:first], '\n'); ls >= 0 {
		sep = newline(fm) + string(fm[ls+1:first])
	}
	return slices.Concat(fm[:lastEnd], []byte(","+sep+`"themes": `+value), fm[lastEnd:]), nil
}

// jsonValueEnd returns the end of the JSON value starting at i.
func jsonValueEnd(data []byte, i int) (int, bool) {
	if i >= len(data) {
		return 0, false
	}
	switch data[i] {
	case '"':
		for j := i + 1; j < len(data); j++ {
			switch data[j] {
			case '\\':
				j++
			case '"':
				return j + 1, true
			}
		}
		return 0, false
	case '[', '{':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				end, ok := jsonValueEnd(data, j)
				if !ok {
					return 0, false
				}
				j = end - 1
			case '[', '{':
				depth++
			case ']', '}':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			}
		}
		return 0, false
	}
	j := i
	for j < len(data) && !bytes.ContainsRune([]byte(",}] \t\r\n"), rune(data[j])) {
		j++
	}
	return j, j > i
}
