package history

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strconv"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// A walk needs five things of each commit: its tree, its parents, its
// author's name and time, and its committer's time. go-git's
// object.Commit.Decode reads the whole commit through a buffered reader,
// copying every line, the message, the signatures and the e-mail
// addresses into strings; on a repository of a few thousand commits that
// was a fifth of a walk's time. parseCommit reads only the headers it
// needs, from the bytes, in the same way (TestParseCommitAgreesWithGoGit
// and FuzzParseCommit hold the two equal; change one, change both).

// commitHeader is what a walk reads of a commit.
type commitHeader struct {
	tree       plumbing.Hash
	parents    []plumbing.Hash
	author     []byte    // the author's name; aliases the commit's bytes
	when       time.Time // author time, UTC; zero when unreadable
	commitTime time.Time // committer time, UTC; zero when unreadable
	// settled says that the headers read are all a walk needs: the
	// lines after them, whatever they are, change none of the fields.
	// False when the data ended first: a prefix of a commit may then
	// lack some.
	settled bool
}

// errMalformedCommit reports a commit whose first line is not its tree,
// or whose tree or parent is not a hash: go-git rejects those too.
var errMalformedCommit = errors.New("malformed commit object")

// parseCommit reads the headers of commit content data into h, reusing
// h.parents' room, as go-git's decoder reads them: the tree first, then
// the parents on the lines right after it, then an author and a committer
// only at their places right after the parents (a header out of its place
// is ignored). Headers end at the first empty line.
func parseCommit(data []byte, h *commitHeader) error {
	*h = commitHeader{parents: h.parents[:0]}
	line, rest, eof := nextLine(data)
	if len(line) == 0 || isBlank(line) {
		return errMalformedCommit
	}
	key, value := splitHeader(line)
	if string(key) != "tree" || !parseHex(value, &h.tree) {
		return errMalformedCommit
	}
	// The parents' block ends at the first other line, which the author's
	// place takes, and the next the committer's.
	state := 0 // 0: parents, 1: author, 2: committer
	for !eof {
		line, rest, eof = nextLine(rest)
		if len(line) == 0 {
			return nil
		}
		if isBlank(line) {
			h.settled = true
			return nil
		}
		key, value := splitHeader(line)
		if state == 0 {
			if string(key) == "parent" {
				var p plumbing.Hash
				if !parseHex(value, &p) {
					return errMalformedCommit
				}
				h.parents = append(h.parents, p)
				continue
			}
			state = 1
		}
		switch {
		case state == 1 && string(key) == "author":
			h.author, h.when = parseSignature(value)
			state = 2
		default: // state 1 or 2
			if string(key) == "committer" {
				_, h.commitTime = parseSignature(value)
			}
			// Nothing after the committer's place is read: other
			// headers (mergetag, gpgsig, encoding, ...), their
			// continuation lines, and the message.
			h.settled = true
			return nil
		}
	}
	return nil
}

// nextLine returns the first line of data with its newline, the rest, and
// whether the line is the last one (go-git's decoder stops at the end of
// the data as at an error).
func nextLine(data []byte) (line, rest []byte, eof bool) {
	i := bytes.IndexByte(data, '\n')
	if i < 0 {
		return data, nil, true
	}
	return data[:i+1], data[i+1:], i+1 == len(data)
}

// isBlank reports whether line is the empty line that ends the headers.
func isBlank(line []byte) bool { return len(line) == 1 && line[0] == '\n' }

// splitHeader returns a header line's key (the text before the first
// space) and value (after it, without newlines at the end).
func splitHeader(line []byte) (key, value []byte) {
	line = bytes.TrimRight(line, "\n")
	key, value, ok := bytes.Cut(line, []byte{' '})
	if !ok {
		return line, nil
	}
	return key, value
}

// parseHex reads a full hexadecimal hash into h.
func parseHex(value []byte, h *plumbing.Hash) bool {
	if len(value) != 2*len(h) {
		return false
	}
	_, err := hex.Decode(h[:], value)
	return err == nil
}

// parseSignature reads the name and time of an author or committer line's
// value, "Name <e-mail> seconds +zone", as go-git's Signature.Decode does:
// nothing when it has no "<...>", no time when the seconds do not parse.
func parseSignature(b []byte) (name []byte, when time.Time) {
	open := bytes.LastIndexByte(b, '<')
	end := bytes.LastIndexByte(b, '>')
	if open < 0 || end < 0 || end < open {
		return nil, time.Time{}
	}
	name = bytes.Trim(b[:open], " ")
	if end+2 >= len(b) {
		return name, time.Time{}
	}
	b = b[end+2:]
	if sp := bytes.IndexByte(b, ' '); sp >= 0 {
		b = b[:sp]
	}
	secs, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return name, time.Time{}
	}
	return name, time.Unix(secs, 0).UTC()
}
