package content

import (
	"bytes"
	"strings"

	"github.com/adrg/frontmatter"
)

// StatusOf returns the status value of a file's front matter, trimmed: ""
// when the file has no front matter, no status key, a status that is not a
// string, or front matter that cannot be read.
//
// Git history asks this of every version of every file, tens of thousands
// of times in a large repository, so the common case, YAML front matter
// with a plain one-word "status: value" line, is read with a line scan.
// Anything else (TOML, JSON, quoting with escapes, values YAML would read as
// something other than a string, a key written twice) takes the full parse,
// and the result is the same either way (FuzzStatusOf checks it).
func StatusOf(data []byte) string {
	// The scan ends at the closing delimiter, so only the lines up to it
	// are turned into a string (a copy), not the whole file; without one
	// the scan could not answer.
	if fm, ok := uptoClosing(data); ok {
		if s, ok := scanStatus(string(fm)); ok {
			// A copy again: history keeps a status for every version
			// of every file, and s shares the front matter's memory.
			return strings.Clone(s)
		}
	}
	return parseStatus(data)
}

// uptoClosing returns data up to the end of the first line after the first
// that is exactly --- or ..., where scanStatus stops; false when there is
// none.
func uptoClosing(data []byte) ([]byte, bool) {
	start := bytes.IndexByte(data, '\n') + 1
	if start == 0 {
		return nil, false
	}
	for start < len(data) {
		end := len(data)
		if k := bytes.IndexByte(data[start:], '\n'); k >= 0 {
			end = start + k
		}
		if line := string(data[start:end]); line == "---" || line == "..." {
			return data[:end], true
		}
		start = end + 1
	}
	return nil, false
}

// parseStatus reads the status with a full front matter parse.
func parseStatus(data []byte) string {
	var fm map[string]any
	if _, err := frontmatter.Parse(bytes.NewReader(data), &fm); err != nil {
		return ""
	}
	s, _ := fm["status"].(string)
	return strings.TrimSpace(s)
}

// scanStatus reads the status of YAML front matter line by line. ok is
// false when it cannot be sure of the answer.
func scanStatus(data string) (status string, ok bool) {
	rest, found := strings.CutPrefix(data, "---\n")
	if !found {
		return "", false
	}
	seen, keys := false, false
	for len(rest) > 0 {
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if !yamlPrintable(line) {
			return "", false // characters YAML rejects, tabs, CRLF
		}
		if line == "---" || line == "..." {
			return status, true
		}
		if strings.TrimLeft(line, " ") == "" || line[0] == '#' {
			continue // blank or a comment
		}
		if line[0] == ' ' {
			if !keys {
				return "", false // the whole mapping is indented
			}
			continue // nested under the key before
		}
		keys = true
		if !isKeyStart(line[0]) {
			// Flow collections, quoted keys, anchors, document
			// markers: not a plain top-level key.
			return "", false
		}
		key, value, isKey := strings.Cut(line, ":")
		if !isKey || !plainKey(key) || len(value) > 0 && value[0] != ' ' {
			// A continuation line of a scalar, or a key the scan
			// does not read.
			return "", false
		}
		if key != "status" {
			if !closedOnLine(value) {
				return "", false // a quoted or flow value may go on
			}
			continue
		}
		if seen {
			return "", false // a duplicate key is an error to the parser
		}
		seen = true
		v, ok := plainWord(value)
		if !ok {
			return "", false
		}
		status = v
	}
	return "", false // no closing delimiter: not front matter to the parser
}

// closedOnLine reports whether a value is one the scan can step over: a
// quoted scalar or a flow list closed on its line, or a plain scalar that
// YAML reads without error, so that the next lines cannot belong to it.
func closedOnLine(value string) bool {
	v := strings.TrimSpace(value)
	if len(v) == 0 {
		return true
	}
	switch v[0] {
	case '"':
		for i := 1; i < len(v); i++ {
			switch v[i] {
			case '\\':
				i++
			case '"':
				return i == len(v)-1
			}
		}
		return false
	case '\'':
		for i := 1; i < len(v); i++ {
			if v[i] == '\'' {
				if i+1 < len(v) && v[i+1] == '\'' {
					i++
					continue
				}
				return i == len(v)-1
			}
		}
		return false
	case '[':
		// A list of plain words, as in "themes: [a, b]".
		return len(v) > 1 && v[len(v)-1] == ']' && !strings.ContainsAny(v[1:len(v)-1], "[]{}\"'#&*!|>%@`:?")
	case '*', '!', '%', '@', '`', '&', '?', '-', ',', ':', '{', ']', '}':
		return false
	}
	return !strings.Contains(v, ": ") && v[len(v)-1] != ':'
}

// plainKey reports whether key is made of the characters of the content
// model's keys, which YAML reads as such.
func plainKey(key string) bool {
	for _, c := range []byte(key) {
		if !isKeyByte(c, false) {
			return false
		}
	}
	return len(key) > 0
}

// isKeyStart reports whether c can start a plain top-level key.
func isKeyStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// plainWord reads the value after "status:" when it is a plain scalar made
// of letters, digits, hyphens, underscores and single inner spaces,
// optionally followed by a comment; YAML reads such a value as that string
// unless it is one of its words for true, false or null.
func plainWord(value string) (string, bool) {
	if len(value) == 0 || value[0] != ' ' {
		return "", false
	}
	v := value
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	v = strings.Trim(v, " ")
	if len(v) == 0 || !isKeyStart(v[0]) || v[0] >= '0' && v[0] <= '9' {
		return "", false
	}
	for i, c := range []byte(v) {
		switch {
		case isKeyStart(c), c == '-':
		case c == ' ' && v[i-1] != ' ':
		default:
			return "", false
		}
	}
	switch strings.ToLower(v) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n":
		return "", false
	}
	return v, true
}
