package format

import (
	"strings"
)

// lineInfo is what a lexical reading of one line of YAML finds.
type lineInfo struct {
	// inside: the line starts inside a scalar (the content of a block
	// scalar, or a quoted scalar continued from an earlier line). Such a
	// line is part of a value: it is never removed or reindented.
	inside bool
	// comment is the comment on the line, from its '#' to the end of the
	// line with trailing white space removed; "" when there is none.
	comment string
	// at is the byte offset of the comment's '#'; trailing says that the
	// comment follows something else on the line.
	at       int
	trailing bool
}

// scanLines reads YAML text line by line, as far as comments, quoted
// scalars, block scalars and flow collections go. It does not parse YAML:
// it is a second opinion on where the comments are, independent of what
// yaml.v3 attaches them to, and it finds the lines that belong to values.
// On text that is not valid YAML its answers are a best effort.
func scanLines(lines []string) []lineInfo {
	info := make([]lineInfo, len(lines))
	var s scanner
	var pending []int // blank lines that are content only if the block scalar goes on (or keeps them)
	for i, line := range lines {
		if b := s.block; b != nil {
			switch b.take(line) {
			case blockBlank:
				pending = append(pending, i)
				continue
			case blockContent:
				for _, p := range pending {
					info[p].inside = true
				}
				pending = pending[:0]
				info[i].inside = true
				continue
			}
			// The block scalar ended before this line: the blank lines
			// held back belong to it only with keep chomping (|+).
			if b.keep {
				for _, p := range pending {
					info[p].inside = true
				}
			}
			pending = pending[:0]
			s.block = nil
		}
		info[i].inside = s.quote != 0
		info[i].comment, info[i].at = s.line(line)
		if info[i].comment != "" {
			info[i].trailing = strings.TrimSpace(line[:info[i].at]) != ""
		}
	}
	if s.block != nil && s.block.keep {
		for _, p := range pending {
			info[p].inside = true
		}
	}
	return info
}

type blockState struct {
	parent   int // the indentation of the node holding the block scalar
	indent   int // the content's indentation; -1 until known
	explicit int // the indentation indicator; 0 when there is none
	keep     bool
}

type scanner struct {
	quote byte // the open quote of a scalar continued on the next line
	flow  int  // depth of flow collections ([ and {)
	block *blockState
}

const (
	blockBlank = iota
	blockContent
	blockEnd
)

// take classifies one line after a block scalar's header.
func (b *blockState) take(line string) int {
	indent := leadingSpaces(line)
	if indent == len(line) {
		return blockBlank
	}
	if b.indent < 0 {
		switch {
		case b.explicit > 0:
			b.indent = b.parent + b.explicit
		case indent > b.parent:
			b.indent = indent
		default:
			return blockEnd
		}
	}
	if indent < b.indent {
		return blockEnd
	}
	return blockContent
}

// line scans one line that does not start inside a block scalar and
// returns its comment and where the comment starts.
func (s *scanner) line(line string) (string, int) {
	i := 0
	atStart := s.quote == 0 // a token may start here
	entry := -1             // column of the last key or '-' on this line
	if s.quote == 0 {
		i = leadingSpaces(line)
	}
	for i < len(line) {
		c := line[i]
		switch s.quote {
		case '\'':
			if c == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i += 2
					continue
				}
				s.quote = 0
			}
			i++
			continue
		case '"':
			if c == '\\' {
				i += 2
				continue
			}
			if c == '"' {
				s.quote = 0
			}
			i++
			continue
		}
		next := byte(' ')
		if i+1 < len(line) {
			next = line[i+1]
		}
		blank := next == ' ' || next == '\t'
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return strings.TrimRight(line[i:], " \t\r"), i
		case atStart && (c == '\'' || c == '"'):
			if s.flow == 0 {
				entry = i
			}
			s.quote = c
			atStart = false
			i++
		case atStart && s.flow == 0 && (c == '|' || c == '>'):
			b := &blockState{parent: max(entry, 0), indent: -1}
			i++
			for i < len(line) && strings.IndexByte("+-0123456789", line[i]) >= 0 {
				switch {
				case line[i] == '+':
					b.keep = true
				case line[i] >= '1' && line[i] <= '9':
					b.explicit = int(line[i] - '0')
				}
				i++
			}
			s.block = b
			atStart = false
		case atStart && (c == '-' || c == '?') && blank && s.flow == 0:
			entry = i
			i++
		case (atStart || s.flow > 0) && (c == '[' || c == '{'):
			s.flow++
			atStart = true
			i++
		case s.flow > 0 && (c == ']' || c == '}'):
			s.flow--
			atStart = false
			i++
		case s.flow > 0 && c == ',':
			atStart = true
			i++
		case c == ':' && (blank || s.flow > 0 && strings.IndexByte(",]}", next) >= 0):
			atStart = true
			i++
		case atStart && (c == '&' || c == '!'):
			for i < len(line) && line[i] != ' ' && line[i] != '\t' {
				i++
			}
		default:
			if atStart && s.flow == 0 {
				entry = i
			}
			atStart = false
			i++
		}
	}
	return "", 0
}

func leadingSpaces(s string) int {
	n := 0
	for n < len(s) && s[n] == ' ' {
		n++
	}
	return n
}
