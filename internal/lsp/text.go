package lsp

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/source"
	"go.lsp.dev/protocol"
)

// encoding is what a position's character counts: the client and the
// server agree on it at initialize. UTF-16 is the protocol's default and
// what VS Code speaks; YAML positions count runes.
type encoding int

const (
	utf16 encoding = iota
	utf8Bytes
	utf32
)

// pickEncoding is the first of the client's encodings the server speaks,
// in the client's order of preference; UTF-16 when it names none.
func pickEncoding(offered []protocol.PositionEncodingKind) (encoding, protocol.PositionEncodingKind) {
	for _, k := range offered {
		switch k {
		case protocol.PositionEncodingKindUTF32:
			return utf32, k
		case protocol.PositionEncodingKindUTF8:
			return utf8Bytes, k
		case protocol.PositionEncodingKindUTF16:
			return utf16, k
		}
	}
	return utf16, protocol.PositionEncodingKindUTF16
}

// units is how many code units of enc s is.
func (enc encoding) units(s string) int {
	switch enc {
	case utf8Bytes:
		return len(s)
	case utf32:
		return utf8.RuneCountInString(s)
	}
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// prefix is the length in bytes of the start of s that is n code units of
// enc long; all of s when s is shorter. A position inside a character (half
// of a surrogate pair) is taken as the character's start.
func (enc encoding) prefix(s string, n int) int {
	if enc == utf8Bytes {
		n = min(n, len(s))
		for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
			n--
		}
		return n
	}
	count := 0
	for i, r := range s {
		w := 1
		if enc == utf16 && r >= 0x10000 {
			w = 2
		}
		if count+w > n {
			return i
		}
		count += w
	}
	return len(s)
}

// text is the content of an open document, with where its lines start.
type text struct {
	s     string
	lines []int // byte offset of the start of each line
}

func newText(s string) *text {
	t := &text{s: s, lines: []int{0}}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			t.lines = append(t.lines, i+1)
		}
	}
	return t
}

// line is line i (0-based) without its line break.
func (t *text) line(i int) string {
	if i < 0 || i >= len(t.lines) {
		return ""
	}
	end := len(t.s)
	if i+1 < len(t.lines) {
		end = t.lines[i+1] - 1
	}
	return strings.TrimSuffix(t.s[t.lines[i]:end], "\r")
}

// offset is the byte offset of a position of the protocol; a position past
// the end of its line is the line's end, past the last line the text's end.
func (t *text) offset(p protocol.Position, enc encoding) int {
	l := int(p.Line)
	if l >= len(t.lines) {
		return len(t.s)
	}
	return t.lines[l] + enc.prefix(t.line(l), int(p.Character))
}

// position is the protocol position of a byte offset.
func (t *text) position(off int, enc encoding) protocol.Position {
	off = max(0, min(off, len(t.s)))
	l := sort.Search(len(t.lines), func(i int) bool { return t.lines[i] > off }) - 1
	return protocol.Position{Line: uint32(l), Character: uint32(enc.units(t.s[t.lines[l]:off]))}
}

// at is the protocol position of a YAML position (1-based line, and column
// in runes); an invalid one is the top of the file.
func (t *text) at(p source.Pos, enc encoding) protocol.Position {
	if !p.IsValid() {
		return protocol.Position{}
	}
	return t.position(t.runeOffset(p), enc)
}

// runeOffset is the byte offset of a YAML position.
func (t *text) runeOffset(p source.Pos) int {
	l := p.Line - 1
	if l >= len(t.lines) {
		return len(t.s)
	}
	line := t.line(l)
	return t.lines[l] + utf32.prefix(line, max(p.Col-1, 0))
}

// sourcePos is the YAML position of a protocol position.
func (t *text) sourcePos(p protocol.Position, enc encoding) source.Pos {
	off := t.offset(p, enc)
	l := sort.Search(len(t.lines), func(i int) bool { return t.lines[i] > off }) - 1
	return source.Pos{Line: l + 1, Col: utf8.RuneCountInString(t.s[t.lines[l]:off]) + 1}
}

// token is the range of the key or value that starts at a YAML position:
// a quoted scalar with its quotes, a plain one to where it ends on its
// line (before a comment or a ": "), anything else one character.
func (t *text) token(p source.Pos, enc encoding) protocol.Range {
	start := t.runeOffset(p)
	end := start + tokenLen(t.s[start:min(len(t.s), start+lineRest(t.s[start:]))])
	if end == start && end < len(t.s) {
		_, w := utf8.DecodeRuneInString(t.s[end:])
		end += w
	}
	return protocol.Range{Start: t.position(start, enc), End: t.position(end, enc)}
}

// lineRest is how many bytes of s come before its first line break.
func lineRest(s string) int {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return i
	}
	return len(s)
}

// tokenLen is the length of the scalar s starts with, on one line.
func tokenLen(s string) int {
	if s == "" {
		return 0
	}
	switch s[0] {
	case '"':
		for i := 1; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(s)
	case '\'':
		for i := 1; i < len(s); i++ {
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(s)
	case '[', '{', '|', '>', '-', '&', '*', '!':
		return 1
	}
	end := len(s)
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t'):
			end = i
		case s[i] == '#' && i > 0 && (s[i-1] == ' ' || s[i-1] == '\t'):
			end = i
		case (s[i] == ',' || s[i] == ']' || s[i] == '}') && inFlow(s):
			end = i
		}
		if end != len(s) {
			break
		}
	}
	return len(strings.TrimRight(s[:end], " \t"))
}

// inFlow guesses whether a plain scalar sits in a flow collection, where a
// comma or a closing bracket ends it; outside one, both are part of it.
// The scalar's line is all it sees, so a closing bracket on it is taken
// as the sign.
func inFlow(s string) bool { return strings.ContainsAny(s, "]}") }

// apply makes one change of the protocol to the text: the whole text, or
// a range replaced.
func (t *text) apply(c protocol.TextDocumentContentChangeEvent, enc encoding) *text {
	switch c := c.(type) {
	case *protocol.TextDocumentContentChangeWholeDocument:
		return newText(c.Text)
	case *protocol.TextDocumentContentChangePartial:
		start, end := t.offset(c.Range.Start, enc), t.offset(c.Range.End, enc)
		if end < start {
			start, end = end, start
		}
		return newText(t.s[:start] + c.Text + t.s[end:])
	}
	return t
}

// span is the protocol range of the bytes [start, end).
func (t *text) span(start, end int, enc encoding) protocol.Range {
	return protocol.Range{Start: t.position(start, enc), End: t.position(end, enc)}
}
