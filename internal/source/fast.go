package source

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dealsascode/deals/schema"
	"gopkg.in/yaml.v3"
)

// fastParse reads the block YAML deal files are written in (mappings,
// sequences, plain, quoted and block scalars, one-line flow lists) straight
// into the nodes yaml.v3 would build, without comments, at a fraction of its
// cost: yaml.v3 scans the text a character at a time through a port of
// libyaml and is half of what a lint spends. It returns nil for anything
// outside that subset, and for anything that may be an error: yaml.v3 then
// reads the file and says what is wrong. A fuzz test holds it to yaml.v3's
// tree (kinds, tags, styles, values, lines and columns) on every input it
// accepts.
//
// data has passed checkEncoding: valid UTF-8 without control characters.
func fastParse(data []byte) *yaml.Node {
	if len(data) == 0 || len(data) > maxFastSize {
		return nil
	}
	p := fastParser{text: string(data)}
	if !p.split() {
		return nil
	}
	p.nodes = make([]yaml.Node, 0, p.estimate)
	p.ptrs = make([]*yaml.Node, 0, p.estimate)
	p.stack = make([]*yaml.Node, 0, 64)
	li := p.nextContent(0)
	if li >= len(p.lines) {
		return nil
	}
	l := p.lines[li]
	if !isKeyLine(l.raw[l.indent:]) {
		return nil
	}
	root, next := p.mapping(li, l.indent, 0)
	if root == nil || p.nextContent(next) < len(p.lines) {
		return nil
	}
	return root
}

// knownKeys are the keys of deal files and of the configuration, each one
// string that every file's nodes share rather than a copy per file.
var knownKeys = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, s := range []*schema.Schema{schema.Deal(), schema.Config()} {
		for _, k := range s.Keys() {
			m[k] = k
		}
	}
	return m
})

// maxFastSize keeps the node slab and line table of one file small; bigger
// files are rare and go to yaml.v3.
const maxFastSize = 1 << 20

// maxFastDepth is below MaxDepth, so that Value reports a file nested too
// deeply from yaml.v3's tree, as before.
const maxFastDepth = 48

type fastLine struct {
	raw    string // the line without its line break
	indent int    // leading spaces
	blank  bool   // nothing but spaces
	note   bool   // a comment line: '#' after the spaces
	ascii  bool   // every byte below 0x80: byte offsets are columns
	broken bool   // ends with a line break (only the last line may not)
}

// The values of the nodes are copies, not pieces of the text: a deal's id
// or stage kept for the whole run must not keep its whole file alive.
type fastParser struct {
	text     string
	lines    []fastLine
	nodes    []yaml.Node
	estimate int
	// stack holds the children of the collections being read; each
	// collection's are then moved to ptrs, one slab of a file's child lists.
	stack []*yaml.Node
	ptrs  []*yaml.Node
}

// children moves the nodes stacked from start on to the slab and returns them.
func (p *fastParser) children(start int) []*yaml.Node {
	n := len(p.stack) - start
	if len(p.ptrs)+n > cap(p.ptrs) {
		p.ptrs = make([]*yaml.Node, 0, max(n, 256))
	}
	from := len(p.ptrs)
	p.ptrs = append(p.ptrs, p.stack[start:]...)
	clear(p.stack[start:])
	p.stack = p.stack[:start]
	return p.ptrs[from:len(p.ptrs):len(p.ptrs)]
}

// split cuts the text into lines and refuses what the subset does not
// cover anywhere in a file: carriage returns, document markers and
// directives, and the line breaks YAML 1.1 knows beyond \n.
func (p *fastParser) split() bool {
	s := p.text
	if strings.IndexByte(s, '\r') >= 0 {
		return false
	}
	n := strings.Count(s, "\n") + 1
	p.lines = make([]fastLine, 0, n)
	for len(s) > 0 {
		var raw string
		broken := false
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			raw, s, broken = s[:i], s[i+1:], true
		} else {
			raw, s = s, ""
		}
		l := fastLine{raw: raw, broken: broken, ascii: true}
		for l.indent < len(raw) && raw[l.indent] == ' ' {
			l.indent++
		}
		l.blank = l.indent == len(raw)
		l.note = !l.blank && raw[l.indent] == '#'
		if !isASCII(raw) {
			l.ascii = false
			// U+0085, U+2028 and U+2029 break lines in YAML 1.1; U+FEFF is a byte-order mark.
			if strings.Contains(raw, "\u2028") || strings.Contains(raw, "\u2029") ||
				strings.Contains(raw, "\u0085") || strings.Contains(raw, "\uFEFF") {
				return false
			}
		}
		if strings.HasPrefix(raw, "---") || strings.HasPrefix(raw, "...") || strings.HasPrefix(raw, "%") {
			return false
		}
		p.lines = append(p.lines, l)
		// A line holds a key and its value, or an item; node adds slabs
		// when a file has more collections than that leaves room for.
		if !l.blank && !l.note {
			p.estimate += 2
		}
	}
	return true
}

// isASCII reports whether every byte of s is below 0x80, eight at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// node takes a node from the slab, so that a file's nodes are one allocation.
func (p *fastParser) node(kind yaml.Kind, style yaml.Style, tag, value string, line int, col int) *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]yaml.Node, 0, 64)
	}
	p.nodes = append(p.nodes, yaml.Node{Kind: kind, Style: style, Tag: tag, Value: value, Line: line + 1, Column: col + 1})
	return &p.nodes[len(p.nodes)-1]
}

// col is the column (in characters, from 0) of byte offset off of line li.
func (p *fastParser) col(li, off int) int {
	l := &p.lines[li]
	if l.ascii {
		return off
	}
	return utf8.RuneCountInString(l.raw[:off])
}

// nextContent is the first line from li that is neither blank nor a comment.
func (p *fastParser) nextContent(li int) int {
	for li < len(p.lines) && (p.lines[li].blank || p.lines[li].note) {
		li++
	}
	return li
}

// indicators cannot start a plain scalar (YAML 1.2, 7.3.3), except "-",
// "?" and ":" before a non-space, which the subset leaves to yaml.v3 too.
const indicators = "-?:,[]{}#&*!|>'\"%@`"

// isKeyLine reports whether s starts with a plain key and its colon.
func isKeyLine(s string) bool {
	_, _, ok := splitKey(s)
	return ok
}

// splitKey cuts "key: rest" into the key and the offset after the colon.
func splitKey(s string) (key string, after int, ok bool) {
	if s == "" || strings.IndexByte(indicators, s[0]) >= 0 {
		return "", 0, false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':':
			if i+1 == len(s) || s[i+1] == ' ' {
				key = strings.TrimRight(s[:i], " ")
				if key == "" || len(key) > 1000 || key != s[:i] {
					return "", 0, false
				}
				return key, i + 1, true
			}
		case '\t':
			return "", 0, false
		case '#':
			if i > 0 && s[i-1] == ' ' {
				return "", 0, false
			}
		}
	}
	return "", 0, false
}

// isItem reports whether s starts a block sequence entry: "-" then a space or the end.
func isItem(s string) bool {
	return len(s) > 0 && s[0] == '-' && (len(s) == 1 || s[1] == ' ')
}

// nextAt finds the next line of the collection at column col from line li:
// more is false when the collection has ended (the text is less indented
// or over), ok false when the line is more indented, which the subset
// leaves to yaml.v3.
func (p *fastParser) nextAt(li, col int) (next int, more, ok bool) {
	next = p.nextContent(li)
	switch {
	case next >= len(p.lines) || p.lines[next].indent < col:
		return next, false, true
	case p.lines[next].indent > col:
		return next, false, false
	}
	return next, true, true
}

// mapping reads a block mapping whose keys start at column col (a byte
// offset, the same as the column, since only spaces and "- " precede it),
// its first key on line li. It returns the line after it.
func (p *fastParser) mapping(li, col, depth int) (*yaml.Node, int) {
	if depth > maxFastDepth {
		return nil, 0
	}
	m := p.node(yaml.MappingNode, 0, "!!map", "", li, p.col(li, col))
	start := len(p.stack)
	for more := true; more; {
		key, after, ok := splitKey(p.lines[li].raw[col:])
		if !ok {
			return nil, 0
		}
		tag := resolvePlain(key)
		if tag == "" || tag == "!!merge" {
			return nil, 0
		}
		if known, ok := knownKeys()[key]; ok {
			key = known
		} else {
			key = strings.Clone(key)
		}
		k := p.node(yaml.ScalarNode, 0, tag, key, li, p.col(li, col))
		v, next := p.value(li, col+after, col, depth, true)
		if v == nil {
			return nil, 0
		}
		p.stack = append(p.stack, k, v)
		if li, more, ok = p.nextAt(next, col); !ok {
			return nil, 0
		}
	}
	m.Content = p.children(start)
	return m, li
}

// sequence reads a block sequence whose dashes are at column col, its first
// entry on line li. compact is a sequence at the indentation of the key it
// belongs to: a line there that is not an entry ends it.
func (p *fastParser) sequence(li, col, depth int, compact bool) (*yaml.Node, int) {
	if depth > maxFastDepth {
		return nil, 0
	}
	s := p.node(yaml.SequenceNode, 0, "!!seq", "", li, p.col(li, col))
	start := len(p.stack)
	for more := true; more; {
		if !isItem(p.lines[li].raw[col:]) {
			if compact && len(p.stack) > start {
				break
			}
			return nil, 0
		}
		v, next := p.value(li, col+1, col, depth, false)
		if v == nil {
			return nil, 0
		}
		p.stack = append(p.stack, v)
		var ok bool
		if li, more, ok = p.nextAt(next, col); !ok {
			return nil, 0
		}
	}
	s.Content = p.children(start)
	return s, li
}

// value reads the value that starts after an indicator (the colon of a key
// or the dash of an entry) at byte offset at of line li; parent is the
// column of the collection it belongs to. It returns the line after it.
func (p *fastParser) value(li, at, parent, depth int, ofKey bool) (*yaml.Node, int) {
	l := &p.lines[li]
	off := at
	for off < len(l.raw) && l.raw[off] == ' ' {
		off++
	}
	rest := l.raw[off:]
	if rest == "" || rest[0] == '#' {
		if rest != "" && off == at {
			return nil, 0 // "-#" or ":#" is not a comment
		}
		nl := p.nextContent(li + 1)
		if nl < len(p.lines) {
			n := &p.lines[nl]
			text := n.raw[n.indent:]
			switch {
			case n.indent > parent && isItem(text):
				return p.sequence(nl, n.indent, depth+1, false)
			case n.indent > parent && isKeyLine(text):
				return p.mapping(nl, n.indent, depth+1)
			case n.indent > parent:
				return nil, 0 // a scalar on the next line, or an error
			case n.indent == parent && ofKey && isItem(text):
				return p.sequence(nl, n.indent, depth+1, true)
			}
		}
		return p.node(yaml.ScalarNode, 0, "!!null", "", li, p.col(li, at)), li + 1
	}
	if !ofKey && (isItem(rest) || isKeyLine(rest)) {
		// An entry that starts a collection on its own line: "- - a", "- key: v".
		if depth > maxFastDepth {
			return nil, 0
		}
		if isItem(rest) {
			return p.sequence(li, off, depth+1, false)
		}
		return p.mapping(li, off, depth+1)
	}
	var v *yaml.Node
	end := 0
	switch rest[0] {
	case '|', '>':
		return p.block(li, off, parent)
	case '\'', '"':
		v, end = p.quoted(li, off)
	case '[', '{':
		v, end = p.flow(li, off)
	default:
		if strings.IndexByte(indicators, rest[0]) >= 0 {
			return nil, 0
		}
		text := plainEnd(rest)
		if text == "" {
			return nil, 0
		}
		tag := resolvePlain(text)
		if tag == "" || tag == "!!merge" {
			return nil, 0
		}
		v, end = p.node(yaml.ScalarNode, 0, tag, strings.Clone(text), li, p.col(li, off)), len(l.raw)
	}
	if v == nil || !onlyComment(l.raw[end:]) {
		return nil, 0
	}
	// A more indented line after a one-line value continues it, or is an error.
	if nl := p.nextContent(li + 1); nl < len(p.lines) && p.lines[nl].indent > parent {
		return nil, 0
	}
	return v, li + 1
}

// plainEnd is the plain scalar at the start of s, up to a comment, without
// trailing spaces; "" when it holds what the subset leaves to yaml.v3.
func plainEnd(s string) string {
	end := len(s)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '#':
			if s[i-1] == ' ' {
				end = i
				i = len(s)
			}
		case ':':
			if i+1 == len(s) || s[i+1] == ' ' {
				return ""
			}
		case '\t':
			return ""
		}
	}
	return strings.TrimRight(s[:end], " ")
}

// onlyComment reports whether s is spaces, perhaps then a comment.
func onlyComment(s string) bool {
	t := strings.TrimLeft(s, " ")
	return t == "" || t[0] == '#' && len(t) < len(s)
}

// quoted reads a one-line quoted scalar at byte offset off of line li and
// returns it with the offset after its closing quote.
func (p *fastParser) quoted(li, off int) (*yaml.Node, int) {
	raw := p.lines[li].raw
	q := raw[off]
	var b strings.Builder
	start := off + 1
	for i := start; i < len(raw); i++ {
		c := raw[i]
		switch {
		case q == '\'' && c == '\'':
			if i+1 < len(raw) && raw[i+1] == '\'' {
				b.WriteString(raw[start : i+1])
				i++
				start = i + 1
				continue
			}
		case q == '"' && c == '\\':
			if i+1 == len(raw) {
				return nil, 0
			}
			var r string
			switch raw[i+1] {
			case '\\':
				r = "\\"
			case '"':
				r = "\""
			case '/':
				r = "/"
			case 'n':
				r = "\n"
			case 't':
				r = "\t"
			default:
				return nil, 0
			}
			b.WriteString(raw[start:i])
			b.WriteString(r)
			i++
			start = i + 1
			continue
		case q == '"' && c == '"':
		case c == '\t':
			return nil, 0 // a tab next to the quote's spaces is left to yaml.v3
		default:
			continue
		}
		// the closing quote
		value := raw[start:i]
		if b.Len() > 0 {
			b.WriteString(value)
			value = b.String()
		} else {
			value = strings.Clone(value)
		}
		style := yaml.SingleQuotedStyle
		if q == '"' {
			style = yaml.DoubleQuotedStyle
		}
		return p.node(yaml.ScalarNode, style, "!!str", value, li, p.col(li, off)), i + 1
	}
	return nil, 0 // the quote goes on to another line
}

// flow reads "[]", "{}" or a one-line list of plain or quoted scalars.
func (p *fastParser) flow(li, off int) (*yaml.Node, int) {
	raw := p.lines[li].raw
	if raw[off] == '{' {
		if strings.HasPrefix(raw[off:], "{}") {
			return p.node(yaml.MappingNode, yaml.FlowStyle, "!!map", "", li, p.col(li, off)), off + 2
		}
		return nil, 0
	}
	s := p.node(yaml.SequenceNode, yaml.FlowStyle, "!!seq", "", li, p.col(li, off))
	i := off + 1
	for i < len(raw) && raw[i] == ' ' {
		i++
	}
	if i < len(raw) && raw[i] == ']' {
		return s, i + 1
	}
	start := len(p.stack)
	for {
		for i < len(raw) && raw[i] == ' ' {
			i++
		}
		if i == len(raw) {
			return nil, 0
		}
		var item *yaml.Node
		switch c := raw[i]; {
		case c == '\'' || c == '"':
			item, i = p.quoted(li, i)
			if item == nil {
				return nil, 0
			}
		case strings.IndexByte(indicators, c) >= 0:
			return nil, 0
		default:
			j := i
			for j < len(raw) && raw[j] != ',' && raw[j] != ']' {
				switch raw[j] {
				case '[', '{', '}', ':', '#', '\t':
					return nil, 0
				}
				j++
			}
			text := strings.TrimRight(raw[i:j], " ")
			tag := resolvePlain(text)
			if text == "" || tag == "" || tag == "!!merge" {
				return nil, 0
			}
			item = p.node(yaml.ScalarNode, 0, tag, strings.Clone(text), li, p.col(li, i))
			i = j
		}
		p.stack = append(p.stack, item)
		for i < len(raw) && raw[i] == ' ' {
			i++
		}
		if i == len(raw) {
			return nil, 0
		}
		switch raw[i] {
		case ',':
			i++
			for i < len(raw) && raw[i] == ' ' {
				i++
			}
			if i < len(raw) && raw[i] == ']' {
				return nil, 0 // a trailing comma: left to yaml.v3
			}
			continue
		case ']':
			s.Content = p.children(start)
			return s, i + 1
		}
		return nil, 0
	}
}

// block reads a literal (|) or folded (>) scalar whose indicator is at byte
// offset off of line li, inside the collection at column parent.
func (p *fastParser) block(li, off, parent int) (*yaml.Node, int) {
	l := &p.lines[li]
	header := l.raw[off:]
	style := yaml.LiteralStyle
	if header[0] == '>' {
		style = yaml.FoldedStyle
	}
	chomp := byte(0)
	h := 1
	if h < len(header) && (header[h] == '-' || header[h] == '+') {
		chomp = header[h]
		h++
	}
	if h < len(header) && header[h] != ' ' || !onlyComment(header[h:]) {
		return nil, 0
	}
	// The content: the lines after the header that are blank or indented
	// as the first line with text, which must be deeper than parent.
	first := li + 1
	for first < len(p.lines) && p.lines[first].blank {
		if len(p.lines[first].raw) > 0 {
			return nil, 0 // spaces on a leading empty line: left to yaml.v3
		}
		first++
	}
	if first == len(p.lines) || p.lines[first].indent <= parent {
		if chomp == '+' {
			return nil, 0 // an empty block scalar that keeps its line breaks
		}
		return p.node(yaml.ScalarNode, style, "!!str", "", li, p.col(li, off)), first
	}
	indent := p.lines[first].indent
	end := first // the line after the last line with text
	next := first
	for next < len(p.lines) {
		n := &p.lines[next]
		if n.blank {
			if len(n.raw) > 0 {
				return nil, 0
			}
			next++
			continue
		}
		if n.indent < indent {
			break
		}
		if n.raw[indent] == '\t' || style == yaml.FoldedStyle && n.indent > indent {
			return nil, 0
		}
		next++
		end = next
	}
	if next < len(p.lines) && p.lines[next].indent > parent && !p.lines[next].note {
		return nil, 0 // text less indented than the block but inside its parent: an error
	}
	var b strings.Builder
	// Empty lines before the first line with text are line breaks of the
	// value, folded or not.
	for range first - (li + 1) {
		b.WriteByte('\n')
	}
	for i := first; i < end; i++ {
		n := &p.lines[i]
		if i > first {
			switch {
			case style == yaml.LiteralStyle:
				b.WriteByte('\n')
			case n.blank:
				b.WriteByte('\n')
			case p.lines[i-1].blank:
			default:
				b.WriteByte(' ')
			}
		}
		if !n.blank {
			b.WriteString(n.raw[indent:])
		}
	}
	last := &p.lines[end-1]
	switch chomp {
	case '-':
	case '+':
		if !last.broken {
			break
		}
		b.WriteByte('\n')
		for i := end; i < next; i++ {
			if !p.lines[i].broken {
				return nil, 0
			}
			b.WriteByte('\n')
		}
	default:
		if last.broken {
			b.WriteByte('\n')
		}
	}
	return p.node(yaml.ScalarNode, style, "!!str", b.String(), li, p.col(li, off)), next
}

// resolvePlain is the tag yaml.v3 gives a plain scalar (its resolve), or
// "" for the few it would turn into something the subset leaves to it.
func resolvePlain(s string) string {
	if s == "" {
		return "!!null"
	}
	switch c := s[0]; {
	case c == '+' || c == '-' || c >= '0' && c <= '9':
		return resolveNumeric(s)
	case c == '.':
		if v, ok := resolveWords[s]; ok {
			return v
		}
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return "!!float"
		}
		return "!!str"
	case strings.IndexByte("yYnNtTfFoO~<", c) >= 0:
		if v, ok := resolveWords[s]; ok {
			return v
		}
	}
	return "!!str"
}

var resolveWords = map[string]string{
	"true": "!!bool", "True": "!!bool", "TRUE": "!!bool",
	"false": "!!bool", "False": "!!bool", "FALSE": "!!bool",
	"~": "!!null", "null": "!!null", "Null": "!!null", "NULL": "!!null",
	".nan": "!!float", ".NaN": "!!float", ".NAN": "!!float",
	".inf": "!!float", ".Inf": "!!float", ".INF": "!!float",
	"+.inf": "!!float", "+.Inf": "!!float", "+.INF": "!!float",
	"-.inf": "!!float", "-.Inf": "!!float", "-.INF": "!!float",
	"<<": "!!merge",
}

var yamlFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// timestampLayouts are those yaml.v3 tries on a plain scalar that starts with four digits and "-".
var timestampLayouts = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// resolveNumeric follows yaml.v3 for a plain scalar that starts with a
// sign or a digit: a timestamp, an integer in any base it reads, a float,
// else a string.
func resolveNumeric(s string) string {
	if v, ok := resolveWords[s]; ok {
		return v
	}
	digits := 0
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits == len(s) && digits < 19 && (s[0] != '0' || digits == 1) {
		return "!!int" // the common case, without the conversions below ("09" is a float)
	}
	if digits == 4 && len(s) > 4 && s[4] == '-' {
		for _, layout := range timestampLayouts {
			if _, err := time.Parse(layout, s); err == nil {
				return "!!timestamp"
			}
		}
	}
	plain := strings.ReplaceAll(s, "_", "")
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return "!!int"
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return "!!int"
	}
	if yamlFloat.MatchString(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return "!!float"
		}
	}
	for _, prefix := range []struct {
		p    string
		base int
	}{{"0b", 2}, {"-0b", 2}, {"0o", 8}, {"-0o", 8}} {
		if rest, ok := strings.CutPrefix(plain, prefix.p); ok {
			if prefix.p[0] == '-' {
				rest = "-" + rest
			}
			if _, err := strconv.ParseInt(rest, prefix.base, 64); err == nil {
				return "!!int"
			}
			if prefix.p[0] != '-' {
				if _, err := strconv.ParseUint(rest, prefix.base, 64); err == nil {
					return "!!int"
				}
			}
		}
	}
	return "!!str"
}
