package dealgen

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// writer writes block-style YAML by hand. Sequences under a key are
// indented by seq spaces (0 or 2: both styles are common in hand-written
// files).
type writer struct {
	b    []byte
	seq  int
	dash bool // the next field starts a sequence item
}

func (w *writer) pad(ind int) {
	if w.dash {
		w.dash = false
		for i := 0; i < ind-2; i++ {
			w.b = append(w.b, ' ')
		}
		w.b = append(w.b, '-', ' ')
		return
	}
	for i := 0; i < ind; i++ {
		w.b = append(w.b, ' ')
	}
}

// item makes the next field written the first of a new sequence item.
func (w *writer) item() { w.dash = true }

// key writes "key:" opening a nested mapping or sequence.
func (w *writer) key(ind int, k string) {
	w.pad(ind)
	w.b = append(w.b, k...)
	w.b = append(w.b, ':', '\n')
}

// raw writes a value exactly as given (numbers, booleans, flow lists).
func (w *writer) raw(ind int, k, v string) {
	w.pad(ind)
	w.b = append(w.b, k...)
	w.b = append(w.b, ':', ' ')
	w.b = append(w.b, v...)
	w.b = append(w.b, '\n')
}

// str writes a text field, quoted only when YAML needs it; "" is left out.
func (w *writer) str(ind int, k, v string) {
	if v == "" {
		return
	}
	w.raw(ind, k, scalar(v))
}

// date writes a date quoted, so that every YAML reader sees a string.
func (w *writer) date(ind int, k, v string) {
	if v == "" {
		return
	}
	w.raw(ind, k, "'"+v+"'")
}

// flow writes a short list of ids or enum values as [a, b]; empty is left out.
func (w *writer) flow(ind int, k string, items []string) {
	if len(items) == 0 {
		return
	}
	w.raw(ind, k, "["+strings.Join(items, ", ")+"]")
}

// list writes a block list of texts; empty is left out.
func (w *writer) list(ind int, k string, items []string) {
	if len(items) == 0 {
		return
	}
	w.key(ind, k)
	for _, it := range items {
		w.pad(ind + w.seq)
		w.b = append(w.b, '-', ' ')
		w.b = append(w.b, scalar(it)...)
		w.b = append(w.b, '\n')
	}
}

// items is where the fields of a sequence's items go under a key at ind.
func (w *writer) items(ind int) int { return ind + w.seq + 2 }

var reserved = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true,
	"y": true, "n": true, "null": true, "~": true,
}

// scalar returns s as a YAML scalar: plain when that reads back as the same
// string in YAML 1.1 and 1.2 readers alike, single-quoted otherwise.
func scalar(s string) string {
	if plainOK(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func plainOK(s string) bool {
	if s == "" || len(s) <= 5 && reserved[strings.ToLower(s)] {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if !unicode.IsLetter(first) || unicode.IsSpace(last) || last == ':' {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.ContainsAny(s, "\n\t\"\\`") {
		return false
	}
	return true
}
