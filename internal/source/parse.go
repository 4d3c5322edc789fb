package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/i18n"
	"gopkg.in/yaml.v3"
)

// ErrSyntax marks errors that come from the YAML text itself rather than its content.
var ErrSyntax = errors.New("invalid YAML")

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse parses one YAML document that must be a mapping and returns that
// mapping node, without comments (ParseDocument keeps them). Everything that is wrong with the text is an *Error that
// wraps ErrSyntax and points at the offending line and column.
func Parse(file string, data []byte) (*yaml.Node, error) {
	if p, key, args := checkEncoding(data); key != "" {
		return nil, Problem(file, p, ErrSyntax, key, args...)
	}
	if root := fastParse(data); root != nil {
		return root, nil
	}
	doc, err := ParseDocument(file, data)
	if err != nil {
		return nil, err
	}
	return doc.Content[0], nil
}

// ParseSlowly is Parse without the fast reader: yaml.v3 reads every file.
// It is the reference a test holds the fast reader to.
func ParseSlowly(file string, data []byte) (*yaml.Node, error) {
	doc, err := ParseDocument(file, data)
	if err != nil {
		return nil, err
	}
	return doc.Content[0], nil
}

// ParseDocument is Parse returning the document node, whose one child is
// the mapping: the document holds the comments before the first key.
func ParseDocument(file string, data []byte) (*yaml.Node, error) {
	if p, key, args := checkEncoding(data); key != "" {
		return nil, Problem(file, p, ErrSyntax, key, args...)
	}
	var doc yaml.Node
	if mayHoldDocuments(data) {
		// Only a stream reader sees past the first document.
		dec := yaml.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(&doc); err != nil {
			if err == io.EOF {
				return nil, emptyFile(file)
			}
			return nil, syntaxError(file, data, err)
		}
		var next yaml.Node
		switch err := dec.Decode(&next); {
		case err == io.EOF:
		case err != nil:
			return nil, syntaxError(file, data, err)
		default:
			return nil, Problem(file, secondDocument(data, next.Line), ErrSyntax, "source.secondDocument")
		}
	} else if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(file, data, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, emptyFile(file)
	}
	switch root := doc.Content[0]; {
	case root.Kind == yaml.ScalarNode && root.Tag == "!!null":
		return nil, emptyFile(file)
	case root.Kind != yaml.MappingNode:
		return nil, Problem(file, Pos{root.Line, root.Column}, ErrSyntax, "source.notMapping", "what", describeNode(root))
	}
	return &doc, nil
}

func emptyFile(file string) *Error {
	return Problem(file, Pos{1, 1}, ErrSyntax, "source.empty")
}

// mayHoldDocuments reports whether a line after the first starts with a
// document marker (--- or ...): only then can the file hold more than one
// document, and only then is the slower stream reader needed.
func mayHoldDocuments(data []byte) bool {
	for i := bytes.IndexByte(data, '\n'); i >= 0 && i+1 < len(data); {
		rest := data[i+1:]
		if bytes.HasPrefix(rest, []byte("---")) || bytes.HasPrefix(rest, []byte("...")) {
			return true
		}
		j := bytes.IndexByte(rest, '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false
}

// checkEncoding finds what YAML parsers report without a position:
// bytes that are not UTF-8 and control characters. It returns the
// problem's position and its message, or "" when there is none.
func checkEncoding(data []byte) (Pos, string, []any) {
	switch {
	case bytes.HasPrefix(data, []byte{0x00, 0x00, 0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return Pos{1, 1}, "source.utf32", nil
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return Pos{1, 1}, "source.utf16", nil
	// Without a byte-order mark, the NULs around the first character tell
	// (YAML 1.2, 5.2): a text starts with a character that is not NUL.
	case len(data) >= 4 && data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] != 0,
		len(data) >= 4 && data[0] != 0 && data[1] == 0 && data[2] == 0 && data[3] == 0:
		return Pos{1, 1}, "source.utf32", nil
	case len(data) >= 2 && (data[0] == 0 && data[1] != 0 || data[0] != 0 && data[1] == 0):
		return Pos{1, 1}, "source.utf16", nil
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if utf8.Valid(data) && !hasControl(data) {
		return Pos{}, "", nil
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				line, col = line+1, 1
				i++
				continue
			case c < 0x20 && c != '\t' && c != '\r', c == 0x7F:
				return Pos{line, col}, "source.control", []any{"char", fmt.Sprintf("%U", rune(c))}
			}
			i++
			col++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return Pos{line, col}, "source.badByte", []any{"byte", fmt.Sprintf("0x%02X", c)}
		}
		i += size
		col++
	}
	return Pos{}, "", nil
}

// hasControl reports whether data holds a control character YAML forbids.
func hasControl(data []byte) bool {
	for _, c := range data {
		if forbidden[c] {
			return true
		}
	}
	return false
}

// forbidden are the bytes hasControl looks for: a table, because every
// byte of every file passes through it.
var forbidden = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\t' && c != '\n' && c != '\r'
	}
	t[0x7F] = true
	return t
}()

// syntaxError turns a yaml.v3 error into a positioned one. yaml.v3 names a
// line for most errors, but for parser errors it is the zero-based line of
// the enclosing construct, and some errors name none; so the line is found
// by parsing prefixes of the file, and the column from the line's text.
func syntaxError(file string, data []byte, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	yamlLineNo := 0
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		yamlLineNo, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	lines := splitLines(data)
	line := firstFailingLine(lines, msg)
	if line == 0 {
		line = max(yamlLineNo, 1)
	}
	col := 1
	key, args := "source.yaml.other", []any{"detail", msg}
	if line <= len(lines) {
		text := lines[line-1]
		indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]
		switch {
		case strings.Contains(indent, "\t") || strings.Contains(msg, "tab character"):
			if i := strings.IndexByte(text, '\t'); i >= 0 {
				col = utf8.RuneCountInString(text[:i]) + 1
			}
			key, args = "source.yaml.tab", nil
		case strings.Contains(msg, "mapping values are not allowed"):
			if i := strings.Index(text, ": "); i >= 0 {
				if j := strings.Index(text[i+2:], ": "); j >= 0 {
					col = utf8.RuneCountInString(text[:i+2+j]) + 1
				}
			}
			key, args = "source.yaml.colon", nil
		case strings.Contains(msg, "']'"):
			col = runeIndex(text, "[", firstNonSpace(text))
			key = "source.yaml.list"
		case strings.Contains(msg, "'}'"):
			col = runeIndex(text, "{", firstNonSpace(text))
			key = "source.yaml.map"
		case strings.Contains(msg, "end of stream"):
			col = runeIndex(text, "'", runeIndex(text, "\"", firstNonSpace(text)))
			key, args = "source.yaml.quote", nil
		default:
			col = firstNonSpace(text)
		}
	}
	return Problem(file, Pos{line, col}, fmt.Errorf("%w: %v", ErrSyntax, err), key, args...)
}

// firstFailingLine finds the line where a YAML error starts by parsing
// ever longer prefixes of the file: the shortest prefix that fails with the
// same message ends on the offending line. 0 means it was not found.
func firstFailingLine(lines []string, msg string) int {
	lo, hi := 1, len(lines)
	found := 0
	for lo <= hi {
		mid := (lo + hi) / 2
		prefix := strings.Join(lines[:mid], "\n") + "\n"
		if sameProblem(yaml.Unmarshal([]byte(prefix), new(yaml.Node)), msg) {
			found, hi = mid, mid-1
		} else {
			lo = mid + 1
		}
	}
	return found
}

func sameProblem(err error, msg string) bool {
	if err == nil {
		return false
	}
	got := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		got = m[2]
	}
	return got == msg
}

// runeIndex is the 1-based column of the first sub in s, or fallback.
func runeIndex(s, sub string, fallback int) int {
	if i := strings.Index(s, sub); i >= 0 {
		return utf8.RuneCountInString(s[:i]) + 1
	}
	return fallback
}

func secondDocument(data []byte, nodeLine int) Pos {
	lines := splitLines(data)
	for i := nodeLine - 1; i >= 0 && i < len(lines); i-- {
		if strings.HasPrefix(lines[i], "---") {
			return Pos{i + 1, 1}
		}
	}
	return Pos{max(nodeLine, 1), 1}
}

func splitLines(data []byte) []string {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return strings.Split(s, "\n")
}

func firstNonSpace(s string) int {
	for i, r := range s {
		if r != ' ' && r != '\t' {
			return utf8.RuneCountInString(s[:i]) + 1
		}
	}
	return 1
}

// describeNode is what a node holds, in words.
func describeNode(n *yaml.Node) i18n.Msg {
	switch n.Kind {
	case yaml.SequenceNode:
		return i18n.M("source.node.list")
	case yaml.MappingNode:
		return i18n.M("source.node.mapping")
	case yaml.AliasNode:
		return i18n.M("source.node.alias")
	}
	switch n.Tag {
	case "!!int", "!!float":
		return i18n.M("source.node.number")
	case "!!bool":
		return i18n.M("source.node.bool")
	case "!!null":
		return i18n.M("source.node.null")
	}
	return i18n.M("source.node.text")
}
