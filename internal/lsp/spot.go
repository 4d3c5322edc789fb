package lsp

import (
	"strings"
)

// listItem is how a path says "an item of the list" (as schema.Field reads
// it).
const listItem = "[]"

// spot is where the cursor is in a YAML file, read from the lines of the
// text by their indentation, not from a parse: completion is asked for
// in the middle of typing, when the file is seldom valid YAML.
type spot struct {
	// path are the keys from the top of the file to the cursor, listItem
	// for an item of a list: the path of the value being typed when inValue,
	// else of the mapping whose key is being typed.
	path []string
	// inValue is true after "key:" or "- ", false where a key is typed.
	inValue bool
	// key is the key of the cursor's line, and keyAt its byte offset in
	// the text; "" when the line has none.
	key   string
	keyAt int
	// word is what is typed of the word the cursor is in, up to the
	// cursor, and wordAt and wordEnd where that word starts and ends in
	// the text: what a completion replaces.
	word            string
	wordAt, wordEnd int
	// onKey is true when the cursor is on the line's key itself.
	onKey bool
	// siblings are the keys already written in the mapping of the cursor.
	siblings map[string]bool
}

// lineShape is what a line of YAML starts with: the columns of its list
// dashes, the column where its content starts, and the key there, if the
// content is "key:".
type lineShape struct {
	dashes  []int
	content int
	key     string
	// after is the byte offset in the line just after "key:".
	after int
	blank bool
}

func shapeOf(line string) lineShape {
	var sh lineShape
	i := 0
	for {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i < len(line) && line[i] == '-' && (i+1 == len(line) || line[i+1] == ' ') {
			sh.dashes = append(sh.dashes, i)
			i++
			continue
		}
		break
	}
	sh.content = i
	rest := line[i:]
	if rest == "" || rest[0] == '#' {
		sh.blank = len(sh.dashes) == 0
		return sh
	}
	if k, n := keyOf(rest); k != "" {
		sh.key, sh.after = k, i+n
	}
	return sh
}

// keyOf is the key that s starts with ("key:" followed by a space or the
// end), unquoted, and the length of "key:".
func keyOf(s string) (string, int) {
	if s == "" {
		return "", 0
	}
	if s[0] == '"' || s[0] == '\'' {
		q := s[0]
		end := strings.IndexByte(s[1:], q)
		if end < 0 || 1+end+1 >= len(s) || s[1+end+1] != ':' {
			return "", 0
		}
		rest := s[1+end+2:]
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			return "", 0
		}
		return s[1 : 1+end], 1 + end + 2
	}
	if strings.ContainsRune("[{#&*!|>%@`", rune(s[0])) {
		return "", 0
	}
	for i := 0; i < len(s); i++ {
		if s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t') {
			k := strings.TrimRight(s[:i], " \t")
			if k == "" {
				return "", 0
			}
			return k, i + 1
		}
		if s[i] == '#' && i > 0 && s[i-1] == ' ' {
			return "", 0
		}
	}
	return "", 0
}

// spotAt reads the spot of a byte offset in t.
func spotAt(t *text, off int) spot {
	off = max(0, min(off, len(t.s)))
	l := 0
	for l+1 < len(t.lines) && t.lines[l+1] <= off {
		l++
	}
	line := t.line(l)
	col := min(off-t.lines[l], len(line))
	sh := shapeOf(line)
	var sp spot
	sp.wordAt, sp.wordEnd = wordAround(line, col)
	sp.word = line[sp.wordAt:col]
	sp.wordAt += t.lines[l]
	sp.wordEnd += t.lines[l]

	// What the cursor's own line says.
	var own []string
	for _, d := range sh.dashes {
		if d < col {
			own = append(own, listItem)
		}
	}
	// The lines above are read from the line's first dash: its own dashes
	// are the items it is in.
	want := sh.content
	if len(sh.dashes) > 0 {
		want = sh.dashes[0]
	}
	if sh.key != "" {
		sp.key, sp.keyAt = sh.key, t.lines[l]+sh.content
	}
	switch {
	case sh.key != "" && col >= sh.after:
		sp.inValue = true
		own = append(own, sh.key)
		value := line[sh.after:col]
		if open := strings.LastIndexByte(value, '['); open >= 0 && !strings.Contains(value[open:], "]") {
			own = append(own, listItem) // in a flow list: [a, b, |
		}
	case sh.key != "" && col >= sh.content:
		sp.onKey = true
	case sh.key == "" && len(own) > 0 && strings.TrimSpace(line[sh.content:]) != "" && !strings.Contains(line[sh.content:max(col, sh.content)], ":"):
		// "- value" or "- ke": a scalar item, or a key being typed in an
		// item that is a mapping; the caller knows which from the schema.
		sp.inValue = true
	case sh.key == "" && len(own) > 0:
		sp.inValue = true
	}

	// The lines above, for the keys and list items the cursor is in.
	var up []string
	for i := l - 1; i >= 0 && want > 0; i-- {
		s := shapeOf(t.line(i))
		if s.blank {
			continue
		}
		if s.key != "" && s.content < want {
			up = append(up, s.key)
			want = s.content
		} else if s.key == "" && len(s.dashes) == 0 && s.content < want {
			// A plain line less indented (a block scalar's text, or
			// something half typed) ends the search: nothing above is
			// known to contain the cursor.
			if !strings.HasPrefix(strings.TrimSpace(t.line(i)), "#") {
				want = s.content
			}
		}
		for j := len(s.dashes) - 1; j >= 0; j-- {
			if s.dashes[j] < want {
				up = append(up, listItem)
				want = s.dashes[j]
			}
		}
	}
	for i := len(up) - 1; i >= 0; i-- {
		sp.path = append(sp.path, up[i])
	}
	sp.path = append(sp.path, own...)
	sp.siblings = siblingKeys(t, l, sh)
	return sp
}

// wordAround is the word of line around byte col: letters, digits and
// the characters ids and dates are made of.
func wordAround(line string, col int) (start, end int) {
	isWord := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c >= 0x80
	}
	start, end = col, col
	for start > 0 && isWord(line[start-1]) {
		start--
	}
	for end < len(line) && isWord(line[end]) {
		end++
	}
	// A list dash is not part of the word typed after it.
	for start < col && line[start] == '-' && (start+1 < len(line) && line[start+1] == ' ' || start+1 == len(line)) {
		start++
	}
	return start, end
}

// siblingKeys are the keys already written in the mapping line l belongs
// to, but its own: those at its indentation in the block around it, and
// only of its item when the mapping is an item of a list.
func siblingKeys(t *text, l int, sh lineShape) map[string]bool {
	keys := map[string]bool{}
	col := sh.content
	for i := l; i >= 0; i-- {
		s := shapeOf(t.line(i))
		if s.blank {
			continue
		}
		if s.content < col {
			break
		}
		if i != l && s.content == col && s.key != "" {
			keys[s.key] = true
		}
		if s.content == col && len(s.dashes) > 0 {
			break // the first line of the item
		}
	}
	for i := l + 1; i < len(t.lines); i++ {
		s := shapeOf(t.line(i))
		if s.blank {
			continue
		}
		if s.content < col || s.content == col && len(s.dashes) > 0 {
			break
		}
		if s.content == col && s.key != "" {
			keys[s.key] = true
		}
	}
	return keys
}

// normal is a path with every list item alike, for matching.
func normal(path []string) string { return strings.Join(path, "/") }
