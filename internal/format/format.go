// Package format rewrites deal files in their canonical form without changing a value or losing a comment.
package format

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/source"
	"gopkg.in/yaml.v3"
)

// ErrUnsafe is wrapped by the error returned for a file that could be
// read but not formatted without changing its data or its comments.
var ErrUnsafe = errors.New("cannot format without changing it")

// sections are the top-level keys of the TAS steps (and the notes and lint
// settings after them): each is preceded by one blank line.
var sections = []string{"assessment", "competition", "key_players", "relationships", "plan", "reviews", "close", "notes", "lint"}

// Source returns the canonical form of a deal file's bytes; it returns
// data itself (the same bytes) when the file is already canonical.
//
// A file that cannot be parsed (invalid YAML, duplicate keys, unsupported
// tags, too large) gives the parser's positioned problems, joined. A file
// whose canonical form would differ in its data or comments, which is a
// limit of the formatter and never happens to ordinary deal files, gives
// an error wrapping ErrUnsafe that says why. Files with schema problems
// (unknown keys, wrong types) are formatted: their values are kept.
func Source(file string, data []byte) ([]byte, error) {
	doc, err := readable(file, data)
	if err != nil {
		return nil, err
	}
	unsafe := func(reason string) error { return unsafeError(file, reason) }
	out, err := formatDocument(doc, data)
	if err != nil {
		return nil, unsafe(err.Error())
	}
	if bytes.Equal(out, data) {
		return data, nil
	}
	// Only a file that changes needs the deal read, to check that it stays
	// the same deal: most files in a repository are canonical already.
	d, problems := deal.Parse(file, data)
	orig, err := newChecker(data, d, problems)
	if err != nil {
		return nil, unsafe(err.Error())
	}
	if err := orig.same(out); err != nil {
		return nil, unsafe(err.Error())
	}
	// The canonical form is a fixed point: formatting it again changes
	// nothing. yaml.v3 may move a comment once (to the node it reads it as
	// belonging to), so a few rounds are allowed to get there.
	for round := 0; ; round++ {
		next, err := format(out)
		if err != nil {
			return nil, unsafe(err.Error())
		}
		if bytes.Equal(next, out) {
			return out, nil
		}
		if round == 2 {
			return nil, unsafe("formatting it again would change it again")
		}
		if err := orig.same(next); err != nil {
			return nil, unsafe(err.Error())
		}
		out = next
	}
}

// readable reads a file as a YAML document, or reports what stops that:
// its size, its syntax, duplicate keys, tags. Schema problems do not
// count.
func readable(file string, data []byte) (*yaml.Node, error) {
	if len(data) > deal.MaxFileSize {
		_, problems := deal.Parse(file, data)
		return nil, source.Join(problems)
	}
	doc, err := source.ParseDocument(file, data)
	if err != nil {
		return nil, err
	}
	if _, problems := source.Value(file, doc.Content[0]); len(problems) > 0 {
		return nil, source.Join(problems)
	}
	return doc, nil
}

// unsafeError reports a file left as is; it prints as
// "file: cannot format without changing it (reason); left as is".
func unsafeError(file, reason string) error {
	return source.Problem(file, source.Pos{}, ErrUnsafe, "format.unsafe", "reason", reason)
}

// format computes the canonical form of YAML text; Source checks it. A
// panic in yaml.v3 is an error: one odd file must not stop the others.
func format(data []byte) (result []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, fmt.Errorf("yaml.v3 failed: %v", r)
		}
	}()
	text, _ := normalize(data)
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return nil, fmt.Errorf("yaml.v3 cannot read it: %v", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return formatDocument(&doc, data)
}

// formatDocument is format with data already read into doc, which it
// changes. Line breaks and a byte-order mark do not move nodes' lines,
// so doc may come from data as it is or normalized.
func formatDocument(doc *yaml.Node, data []byte) (result []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, fmt.Errorf("yaml.v3 failed: %v", r)
		}
	}()
	text, crlf := normalize(data)
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("it is not a YAML mapping")
	}
	root := doc.Content[0]
	lines := splitLines(text)
	blocks := map[*yaml.Node]*block{}
	findBlocks(root, nil, lines, blocks)

	// Comments before the first key belong to the file (the
	// yaml-language-server modeline): they stay at the top.
	top := joinComments(doc.HeadComment, root.HeadComment)
	doc.HeadComment, root.HeadComment = "", ""
	if len(root.Content) > 0 {
		top = joinComments(top, root.Content[0].HeadComment)
		root.Content[0].HeadComment = ""
	}
	if !hasAlias(root) { // an alias must stay after its anchor: keep the order
		reorder(root, schemaOrder())
	}
	if len(root.Content) > 0 {
		root.Content[0].HeadComment = joinComments(top, root.Content[0].HeadComment)
	} else {
		doc.HeadComment = top
	}
	unquote(doc, blockValue)

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("yaml.v3 cannot write it: %v", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("yaml.v3 cannot write it: %v", err)
	}
	emitted := buf.String()
	out := splitLines(emitted)
	if len(blocks) > 0 { // put back the lines of text blocks, found in what yaml.v3 wrote
		var back yaml.Node
		if err := yaml.Unmarshal([]byte(emitted), &back); err != nil {
			return nil, fmt.Errorf("yaml.v3 cannot read what it wrote: %v", strings.TrimPrefix(err.Error(), "yaml: "))
		}
		var edits []edit
		if err := restoreBlocks(doc, &back, nil, nil, blocks, out, &edits); err != nil {
			return nil, err
		}
		out = applyEdits(out, edits)
	}
	origInfo := scanLines(lines)
	keepCommentGaps(out, lines, origInfo)
	out = spaceLines(out, lines, origInfo)
	joined := strings.Join(out, "\n") + "\n"
	if crlf {
		joined = strings.ReplaceAll(joined, "\n", "\r\n")
	}
	return []byte(joined), nil
}

// normalize drops a byte-order mark and turns every line break into \n (a
// YAML reader does the same to the values). crlf reports whether the file
// uses \r\n, which the canonical form keeps.
func normalize(data []byte) (text string, crlf bool) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if i := bytes.IndexByte(data, '\n'); i > 0 && data[i-1] == '\r' {
		crlf = true
	}
	text = string(data)
	if strings.Contains(text, "\r") {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return text, crlf
}

// splitLines splits text into lines without their \n; a final \n ends the
// last line rather than starting an empty one.
func splitLines(text string) []string {
	text = strings.TrimSuffix(text, "\n")
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n")
}

func hasAlias(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		return true
	}
	for _, c := range n.Content {
		if hasAlias(c) {
			return true
		}
	}
	return false
}

// block is a block scalar (| or >) as written: yaml.v3 writes a folded
// scalar's text on one long line and turns a literal one with trailing
// spaces into a quoted string, so the formatter puts back the lines the
// author wrote, reindented.
type block struct {
	style   byte   // '|' or '>'
	chomp   string // "", "-" or "+"
	indent  int    // the content's indentation
	content []string
}

// findBlocks records every block scalar of the tree that can be written
// back as it was: not one with an explicit indentation indicator.
func findBlocks(n, parent *yaml.Node, lines []string, out map[*yaml.Node]*block) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			findBlocks(n.Content[i+1], n.Content[i], lines, out)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			findBlocks(c, n, lines, out)
		}
	case yaml.ScalarNode:
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 || parent == nil || n.Line < 1 || n.Line > len(lines) {
			return
		}
		if b := readBlock(lines, n.Line-1, n.Column-1, parent.Column-1); b != nil {
			out[n] = b
		}
	}
}

// readBlock reads the block scalar whose indicator is at line l (0-based),
// rune column col, held by a node at column parent.
func readBlock(lines []string, l, col, parent int) *block {
	header := lines[l]
	off := byteOffset(header, col)
	if off < 0 || off >= len(header) || (header[off] != '|' && header[off] != '>') {
		return nil
	}
	b := &block{style: header[off], indent: -1}
	for i := off + 1; i < len(header); i++ {
		switch c := header[i]; {
		case c == '+' || c == '-':
			b.chomp = string(c)
		case c >= '0' && c <= '9':
			return nil
		default:
			i = len(header)
		}
	}
	end := l + 1 // after the last content line
	for i := l + 1; i < len(lines); i++ {
		line := lines[i]
		indent := leadingSpaces(line)
		if indent == len(line) {
			continue // blank: content if the block goes on
		}
		if b.indent < 0 {
			if indent <= parent {
				break
			}
			b.indent = indent
		}
		if indent < b.indent {
			break
		}
		end = i + 1
	}
	if b.chomp == "+" {
		// Trailing blank lines are content too.
		for end < len(lines) && leadingSpaces(lines[end]) == len(lines[end]) {
			end++
		}
	}
	if b.indent < 0 {
		b.indent = parent + 1
	}
	b.content = append([]string(nil), lines[l+1:end]...)
	return b
}

// edit replaces lines [from, to) of the emitted text.
type edit struct {
	from, to int
	lines    []string
}

// restoreBlocks walks the formatted tree f and the tree r read back from
// its emitted text together, and plans the edits that put the block
// scalars back as written.
func restoreBlocks(f, r, rParent, rKey *yaml.Node, blocks map[*yaml.Node]*block, out []string, edits *[]edit) error {
	if f.Kind != r.Kind || len(f.Content) != len(r.Content) {
		return errors.New("yaml.v3 reads what it wrote differently")
	}
	switch f.Kind {
	case yaml.DocumentNode:
		for i := range f.Content {
			if err := restoreBlocks(f.Content[i], r.Content[i], nil, nil, blocks, out, edits); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(f.Content); i += 2 {
			if err := restoreBlocks(f.Content[i], r.Content[i], nil, nil, blocks, out, edits); err != nil {
				return err
			}
			if err := restoreBlocks(f.Content[i+1], r.Content[i+1], r, r.Content[i], blocks, out, edits); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		for i := range f.Content {
			if err := restoreBlocks(f.Content[i], r.Content[i], r, nil, blocks, out, edits); err != nil {
				return err
			}
		}
	case yaml.ScalarNode:
		b := blocks[f]
		if b == nil || rParent == nil {
			return nil
		}
		if e, ok := blockEdit(b, r, rParent, rKey, out); ok {
			*edits = append(*edits, e)
		}
	}
	return nil
}

// blockEdit rewrites the emitted scalar r (a block scalar, or a one-line
// quoted string yaml.v3 chose instead) as the block b.
func blockEdit(b *block, r, rParent, rKey *yaml.Node, out []string) (edit, bool) {
	l := r.Line - 1
	if l < 0 || l >= len(out) || r.Anchor != "" || r.Style&yaml.TaggedStyle != 0 {
		return edit{}, false
	}
	parent := rParent.Column - 1 // a sequence's dash
	if rKey != nil {
		parent = rKey.Column - 1 // a mapping's key
	}
	line := out[l]
	off := byteOffset(line, r.Column-1)
	if off < 0 || off >= len(line) {
		return edit{}, false
	}
	end := l + 1 // after the emitted scalar's last line
	var rest string
	switch line[off] {
	case '|', '>':
		i := off + 1
		for i < len(line) && strings.IndexByte("+-0123456789", line[i]) >= 0 {
			i++
		}
		rest = line[i:]
		for end < len(out) {
			indent := leadingSpaces(out[end])
			if indent != len(out[end]) && indent <= parent {
				break
			}
			end++
		}
		// Blank lines after the content are not the scalar's, unless it keeps them.
		if !strings.Contains(line[off:i], "+") {
			for end > l+1 && leadingSpaces(out[end-1]) == len(out[end-1]) {
				end--
			}
		}
	case '"', '\'':
		q := line[off]
		i := off + 1
		for ; i < len(line); i++ {
			if q == '"' && line[i] == '\\' {
				i++
				continue
			}
			if line[i] == q {
				if q == '\'' && i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				break
			}
		}
		if i >= len(line) {
			return edit{}, false // a quoted string over several lines: leave it to yaml.v3
		}
		rest = line[i+1:]
	default:
		return edit{}, false
	}
	indent := parent + 2
	lines := []string{line[:off] + string(b.style) + b.chomp + rest}
	pad := strings.Repeat(" ", indent)
	for _, c := range b.content {
		if len(c) <= b.indent && leadingSpaces(c) == len(c) {
			lines = append(lines, "")
			continue
		}
		lines = append(lines, pad+c[min(b.indent, leadingSpaces(c)):])
	}
	return edit{from: l, to: end, lines: lines}, true
}

// applyEdits applies edits, which do not overlap, to lines.
func applyEdits(lines []string, edits []edit) []string {
	if len(edits) == 0 {
		return lines
	}
	out := make([]string, 0, len(lines))
	next := 0
	for _, e := range sortedEdits(edits) {
		if e.from < next {
			continue // overlapping: cannot happen with a sound tree; skip rather than garble
		}
		out = append(out, lines[next:e.from]...)
		out = append(out, e.lines...)
		next = e.to
	}
	return append(out, lines[next:]...)
}

func sortedEdits(edits []edit) []edit {
	s := append([]edit(nil), edits...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].from < s[j-1].from; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

// keepCommentGaps gives each comment at the end of a line the white space
// it had before it in the original (yaml.v3 writes one space): comments
// aligned in a column stay aligned. Comments are matched by their text,
// in order.
func keepCommentGaps(out, orig []string, origInfo []lineInfo) {
	gaps := map[string][]string{}
	for i, li := range origInfo {
		if li.trailing {
			gaps[li.comment] = append(gaps[li.comment], orig[i][gapStart(orig[i], li.at):li.at])
		}
	}
	if len(gaps) == 0 {
		return
	}
	for i, li := range scanLines(out) {
		q := gaps[li.comment]
		if !li.trailing || len(q) == 0 {
			continue
		}
		gaps[li.comment] = q[1:]
		if q[0] != "" {
			out[i] = out[i][:gapStart(out[i], li.at)] + q[0] + out[i][li.at:]
		}
	}
}

// gapStart is where the white space before offset at begins.
func gapStart(line string, at int) int {
	for at > 0 && (line[at-1] == ' ' || line[at-1] == '\t') {
		at--
	}
	return at
}

// spaceLines removes every blank line that is not part of a value and
// puts one before each top-level TAS section key (above the comments
// directly over it), and one before each top-level comment block that had
// one in the original (orig): commented-out sections stay apart.
func spaceLines(lines, orig []string, origInfo []lineInfo) []string {
	apart := map[string]int{} // comments that start a separate top-level block
	for i := 1; i < len(orig); i++ {
		if origInfo[i].comment != "" && origInfo[i].at == 0 && !origInfo[i].inside &&
			strings.TrimSpace(orig[i-1]) == "" && !origInfo[i-1].inside {
			apart[origInfo[i].comment]++
		}
	}
	info := scanLines(lines)
	kept := make([]string, 0, len(lines)+len(sections))
	keptInfo := make([]lineInfo, 0, len(lines))
	for i, l := range lines {
		if !info[i].inside && strings.TrimSpace(l) == "" {
			continue
		}
		kept = append(kept, l)
		keptInfo = append(keptInfo, info[i])
	}
	topComment := func(i int) bool {
		return !keptInfo[i].inside && keptInfo[i].comment != "" && keptInfo[i].at == 0
	}
	blankBefore := make([]bool, len(kept))
	for i, l := range kept {
		if topComment(i) && apart[keptInfo[i].comment] > 0 {
			apart[keptInfo[i].comment]--
			blankBefore[i] = i > 0
		}
		if keptInfo[i].inside || !isSection(l) {
			continue
		}
		j := i
		for j > 0 && topComment(j-1) {
			j--
		}
		if j > 0 {
			blankBefore[j] = true
		}
	}
	out := make([]string, 0, len(kept)+len(sections))
	for i, l := range kept {
		if blankBefore[i] {
			out = append(out, "")
		}
		out = append(out, l)
	}
	return out
}

// isSection reports whether a line starts a top-level TAS section.
func isSection(line string) bool {
	for _, s := range sections {
		if strings.HasPrefix(line, s) && len(line) > len(s) && line[len(s)] == ':' &&
			(len(line) == len(s)+1 || line[len(s)+1] == ' ') {
			return true
		}
	}
	return false
}

// byteOffset is the byte offset of rune column col (0-based) in s, or -1.
func byteOffset(s string, col int) int {
	if col < 0 {
		return -1
	}
	off := 0
	for i := 0; i < col; i++ {
		if off >= len(s) {
			return -1
		}
		_, size := utf8.DecodeRuneInString(s[off:])
		off += size
	}
	return off
}
