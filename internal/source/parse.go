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

	"gopkg.in/yaml.v3"
)

// ErrSyntax marks errors that come from the YAML text itself rather than its content.
var ErrSyntax = errors.New("invalid YAML")

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse parses one YAML document that must be a mapping and returns that
// mapping node. Everything that is wrong with the text is an *Error that
// wraps ErrSyntax and points at the offending line and column.
func Parse(file string, data []byte) (*yaml.Node, error) {
	doc, err := ParseDocument(file, data)
	if err != nil {
		return nil, err
	}
	return doc.Content[0], nil
}

// ParseDocument is Parse returning the document node, whose one child is
// the mapping: the document holds the comments before the first key.
func ParseDocument(file string, data []byte) (*yaml.Node, error) {
	if p, msg := checkEncoding(data); msg != "" {
		return nil, &Error{File: file, Pos: p, Msg: msg, Err: ErrSyntax}
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
			return nil, &Error{File: file, Pos: secondDocument(data, next.Line), Msg: "a second YAML document starts here: a file holds exactly one deal, so remove the '---' and move the rest to its own file", Err: ErrSyntax}
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
		return nil, &Error{File: file, Pos: Pos{root.Line, root.Column}, Msg: fmt.Sprintf("the file must be a mapping of fields (key: value lines), not %s", describeNode(root)), Err: ErrSyntax}
	}
	return &doc, nil
}

func emptyFile(file string) *Error {
	return &Error{File: file, Pos: Pos{1, 1}, Msg: "the file is empty: a deal file holds one YAML mapping (key: value lines)", Err: ErrSyntax}
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
// bytes that are not UTF-8 and control characters.
func checkEncoding(data []byte) (Pos, string) {
	if bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
		return Pos{1, 1}, "the file is UTF-16 encoded: save it as UTF-8"
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if utf8.Valid(data) && !hasControl(data) {
		return Pos{}, ""
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
				return Pos{line, col}, fmt.Sprintf("control character %U is not allowed in YAML: delete it", rune(c))
			}
			i++
			col++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return Pos{line, col}, fmt.Sprintf("byte 0x%02X is not valid UTF-8: save the file as UTF-8 (it may be in a legacy encoding such as GBK or Latin-1)", c)
		}
		i += size
		col++
	}
	return Pos{}, ""
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
	if line <= len(lines) {
		text := lines[line-1]
		indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]
		switch {
		case strings.Contains(indent, "\t") || strings.Contains(msg, "tab character"):
			if i := strings.IndexByte(text, '\t'); i >= 0 {
				col = utf8.RuneCountInString(text[:i]) + 1
			}
			msg = "a tab character is used for indentation: YAML indents with spaces only"
		case strings.Contains(msg, "mapping values are not allowed"):
			if i := strings.Index(text, ": "); i >= 0 {
				if j := strings.Index(text[i+2:], ": "); j >= 0 {
					col = utf8.RuneCountInString(text[:i+2+j]) + 1
				}
			}
			msg = "a second ': ' on one line: put the whole value in quotes, from its first character to its last"
		case strings.Contains(msg, "']'"):
			col = runeIndex(text, "[", firstNonSpace(text))
			msg += ": a [list] is not closed"
		case strings.Contains(msg, "'}'"):
			col = runeIndex(text, "{", firstNonSpace(text))
			msg += ": a {mapping} is not closed"
		case strings.Contains(msg, "end of stream"):
			col = runeIndex(text, "'", runeIndex(text, "\"", firstNonSpace(text)))
			msg = "a quoted text is not closed: the file ends before its closing quote"
		default:
			col = firstNonSpace(text)
		}
	}
	return &Error{File: file, Pos: Pos{line, col}, Msg: "invalid YAML: " + msg, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
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

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "true/false"
	case "!!null":
		return "an empty value"
	}
	return "text"
}
