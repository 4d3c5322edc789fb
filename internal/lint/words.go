package lint

import (
	"strings"
	"unicode/utf8"
)

// named is a field name and whether it is filled in.
type named struct {
	name string
	set  bool
}

// missingNames lists, in words, the names that are not set: "a, b and c".
func missingNames(fields ...named) string {
	var missing []string
	for _, f := range fields {
		if !f.set {
			missing = append(missing, f.name)
		}
	}
	return andList(missing)
}

func andList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// short quotes user text in a message without letting a paragraph take over the line.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:39]) + "…"
}
