package importer

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/diag"
)

// Encodings lists the text encodings an export may be in besides UTF-8.
// UTF-16 is recognised by its byte order mark whatever is asked.
func Encodings() []string { return []string{"utf-8", "utf-16le", "utf-16be", "latin1", "windows-1252"} }

// decodeInput returns in as UTF-8 without a byte order mark.
func decodeInput(in io.Reader, encoding string) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(in, 64<<10)
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		br.Discard(3)
		return br, nil
	case bytes.HasPrefix(head, []byte("\xFF\xFE")):
		br.Discard(2)
		return bufio.NewReaderSize(&utf16Reader{r: br, little: true}, 64<<10), nil
	case bytes.HasPrefix(head, []byte("\xFE\xFF")):
		br.Discard(2)
		return bufio.NewReaderSize(&utf16Reader{r: br}, 64<<10), nil
	}
	switch strings.ToLower(strings.ReplaceAll(encoding, "_", "-")) {
	case "", "utf-8", "utf8":
		return br, nil
	case "utf-16le", "utf-16":
		return bufio.NewReaderSize(&utf16Reader{r: br, little: true}, 64<<10), nil
	case "utf-16be":
		return bufio.NewReaderSize(&utf16Reader{r: br}, 64<<10), nil
	case "latin1", "latin-1", "iso-8859-1":
		return bufio.NewReaderSize(&byteReader{r: br}, 64<<10), nil
	case "windows-1252", "cp1252":
		return bufio.NewReaderSize(&byteReader{r: br, cp1252: true}, 64<<10), nil
	}
	return nil, diag.Option("Encoding", fmt.Errorf("%q: want one of %s", encoding, strings.Join(Encodings(), ", ")))
}

// utf16Reader decodes UTF-16 into UTF-8.
type utf16Reader struct {
	r      io.Reader
	little bool
	unit   [2]byte
	out    []byte // decoded bytes not yet returned
	err    error
}

func (u *utf16Reader) next() (uint16, error) {
	if _, err := io.ReadFull(u.r, u.unit[:]); err != nil {
		if err == io.ErrUnexpectedEOF {
			return utf8.RuneError, nil
		}
		return 0, err
	}
	if u.little {
		return uint16(u.unit[0]) | uint16(u.unit[1])<<8, nil
	}
	return uint16(u.unit[1]) | uint16(u.unit[0])<<8, nil
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) < len(p) && u.err == nil {
		c, err := u.next()
		if err != nil {
			u.err = err
			break
		}
		r := rune(c)
		if utf16.IsSurrogate(r) {
			c2, err := u.next()
			if err != nil {
				u.err = err
				r = utf8.RuneError
			} else {
				r = utf16.DecodeRune(r, rune(c2))
			}
		}
		u.out = utf8.AppendRune(u.out, r)
	}
	n := copy(p, u.out)
	u.out = u.out[:copy(u.out, u.out[n:])]
	if n == 0 && u.err != nil {
		return 0, u.err
	}
	return n, nil
}

// cp1252 holds the characters Windows-1252 puts at 0x80..0x9F (where
// Latin-1 has control characters); 0 marks an unassigned byte.
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// byteReader decodes Latin-1 or Windows-1252 into UTF-8.
type byteReader struct {
	r      io.Reader
	cp1252 bool
	buf    []byte
	out    []byte
}

func (b *byteReader) Read(p []byte) (int, error) {
	if len(b.out) == 0 {
		if b.buf == nil {
			b.buf = make([]byte, 16<<10)
		}
		n, err := b.r.Read(b.buf)
		for _, c := range b.buf[:n] {
			r := rune(c)
			if b.cp1252 && c >= 0x80 && c < 0xA0 && cp1252[c-0x80] != 0 {
				r = cp1252[c-0x80]
			}
			b.out = utf8.AppendRune(b.out, r)
		}
		if n == 0 {
			return 0, err
		}
	}
	n := copy(p, b.out)
	b.out = b.out[:copy(b.out, b.out[n:])]
	return n, nil
}
