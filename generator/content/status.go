package content

import (
	"bytes"
	"strings"
	"unicode/utf8"

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
	if s, ok := scanStatus(data); ok {
		return s
	}
	return parseStatus(data)
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
func scanStatus(data []byte) (status string, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte("---\n"))
	if !found {
		return "", false
	}
	seen, keys := false, false
	for len(rest) > 0 {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if !printable(line) {
			return "", false // YAML rejects some characters; CRLF
		}
		if string(line) == "---" || string(line) == "..." {
			return status, true
		}
		if len(bytes.TrimLeft(line, " ")) == 0 || line[0] == '#' {
			continue // blank or a comment
		}
		if line[0] == ' ' {
			if !keys {
				return "", false // the whole mapping is indented
			}
			continue // nested under the key before
		}
		keys = true
		if line[0] == '\t' || !isKeyStart(line[0]) {
			// Flow collections, quoted keys, anchors, documents
			// markers, tabs: not a plain top-level key.
			return "", false
		}
		key, value, isKey := bytes.Cut(line, []byte(":"))
		if !isKey || !plainKey(key) || len(value) > 0 && value[0] != ' ' {
			// A continuation line of a scalar, or a key the scan
			// does not read.
			return "", false
		}
		if string(key) != "status" {
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
func closedOnLine(value []byte) bool {
	v := bytes.TrimSpace(value)
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
		return len(v) > 1 && v[len(v)-1] == ']' && !bytes.ContainsAny(v[1:len(v)-1], "[]{}\"'#&*!|>%@`:?")
	case '*', '!', '%', '@', '`', '&', '?', '-', ',', ':', '{', ']', '}':
		return false
	}
	return !bytes.Contains(v, []byte(": ")) && v[len(v)-1] != ':' && !bytes.ContainsRune(v, '\t')
}

// printable reports whether line holds only characters YAML accepts
// anywhere and reads as nothing but text: tabs and printable ASCII, or
// valid UTF-8 beyond ASCII other than C1 controls, the byte order mark
// and Unicode's line breaks.
func printable(line []byte) bool {
	for i := 0; i < len(line); {
		c := line[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\t' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(line[i:])
		if r == utf8.RuneError || r <= 0x9f || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe && r <= 0xffff {
			return false
		}
		i += n
	}
	return true
}

// plainKey reports whether key is made of the characters of the content
// model's keys, which YAML reads as such.
func plainKey(key []byte) bool {
	for _, c := range key {
		if !isKeyStart(c) && c != '-' {
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
func plainWord(value []byte) (string, bool) {
	if len(value) == 0 || value[0] != ' ' {
		return "", false
	}
	v := value
	if i := bytes.Index(v, []byte(" #")); i >= 0 {
		v = v[:i]
	}
	v = bytes.Trim(v, " ")
	if len(v) == 0 || !isKeyStart(v[0]) || v[0] >= '0' && v[0] <= '9' {
		return "", false
	}
	for i, c := range v {
		switch {
		case isKeyStart(c), c == '-':
		case c == ' ' && v[i-1] != ' ':
		default:
			return "", false
		}
	}
	switch strings.ToLower(string(v)) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n":
		return "", false
	}
	return string(v), true
}
