// Package text holds the small helpers every command uses to put numbers and deal text into lines people read.
package text

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// OneLine keeps deal text from breaking a line-based format or reaching a
// terminal as control sequences: line breaks and tabs become spaces, other
// control characters and the bidirectional overrides that reorder what is
// shown (U+202A-U+202E, U+2066-U+2069) become U+FFFD.
func OneLine(s string) string { return replaceControls(s, ' ') }

// ForTerminal is OneLine for text of many lines, such as a CSV file
// written to a terminal: line breaks and tabs stay, and no escape
// sequence or bidirectional override reaches the screen.
func ForTerminal(s string) string { return replaceControls(s, 0) }

// replaceControls turns control characters and bidirectional overrides
// into U+FFFD; line breaks and tabs become space, or stay when space is 0.
func replaceControls(s string, space rune) string {
	replace := func(r rune) rune {
		switch {
		case (r == '\n' || r == '\r' || r == '\t') && space != 0:
			return space
		case r == '\n' || r == '\r' || r == '\t':
			return r
		case unicode.IsControl(r) || bidiControl(r):
			return '\uFFFD'
		}
		return r
	}
	// Most text has none: return it as it is, without a copy.
	if strings.IndexFunc(s, func(r rune) bool { return replace(r) != r }) < 0 {
		return s
	}
	return strings.Map(replace, s)
}

func bidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// Squash joins the words of s with single spaces: "a\n  b" -> "a b".
func Squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// Short squashes s and cuts it to at most n characters, ending with "…"
// when cut, so a paragraph quoted in a message does not take over the line.
func Short(s string, n int) string {
	s = Squash(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Plural writes a count with an English noun: "1 deal", "3 deals".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Number writes v rounded to whole units with thousands separators: 1,200,000.
func Number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	return group(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
}

// Exact writes v with every decimal it has and thousands separators: 1,200,000.5.
func Exact(v float64) string {
	whole, frac, _ := strings.Cut(strconv.FormatFloat(v, 'f', -1, 64), ".")
	if frac != "" {
		return group(whole) + "." + frac
	}
	return group(whole)
}

// Money is Number followed by the currency, when there is one: "1,200,000 CNY".
func Money(v float64, currency string) string {
	if currency == "" {
		return Number(v)
	}
	return Number(v) + " " + currency
}

// Wan writes v as Chinese readers count money, in 万 (10⁴) and 亿 (10⁸),
// with up to decimals places: 8,500; 120万; 123.46万; 3.5亿. Below 10,000
// it is Number.
func Wan(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	p := math.Pow(10, float64(decimals))
	units := []struct {
		size float64
		name string
	}{{1e8, "亿"}, {1e4, "万"}}
	for i, u := range units {
		if v < u.size && i < len(units)-1 {
			continue
		}
		if v < u.size {
			break
		}
		r := math.Round(v/u.size*p) / p
		if i > 0 && r >= 1e4 { // 9999.999万 rounds to 1亿
			r = math.Round(v/units[i-1].size*p) / p
			return sign + strconv.FormatFloat(r, 'f', -1, 64) + units[i-1].name
		}
		return sign + strconv.FormatFloat(r, 'f', -1, 64) + u.name
	}
	if math.Round(v) >= 1e4 { // 9999.6 is 1万
		return sign + "1万"
	}
	if math.Round(v) == 0 {
		sign = ""
	}
	return sign + Number(v)
}

// group puts a comma between every three digits of an integer in decimal.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if s == "0" {
		neg = false // -0
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Indent puts prefix before every line of s, which ends with one newline.
func Indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n") + "\n"
}

// ShortHash is the seven-character form of a commit hash people recognise.
func ShortHash(hash string) string {
	if len(hash) > 7 {
		return hash[:7]
	}
	return hash
}

// Wrap breaks a paragraph into lines of at most width columns, counting a
// wide (CJK) character as two. Lines break at spaces, and between wide
// characters, which Chinese and Japanese break between; a word longer than
// a line stands on its own line.
func Wrap(s string, width int) []string {
	var lines []string
	var line strings.Builder
	col := 0
	flush := func() {
		if l := strings.TrimRight(line.String(), " "); l != "" {
			lines = append(lines, l)
		}
		line.Reset()
		col = 0
	}
	for _, word := range splitWords(s) {
		w := columns(word)
		if word == " " {
			if col > 0 && col < width {
				line.WriteByte(' ')
				col++
			}
			continue
		}
		if col > 0 && col+w > width {
			flush()
		}
		line.WriteString(word)
		col += w
	}
	flush()
	return lines
}

// splitWords cuts text into words, single spaces, and single wide characters.
func splitWords(s string) []string {
	var out []string
	var word strings.Builder
	end := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			end()
			if len(out) > 0 && out[len(out)-1] != " " {
				out = append(out, " ")
			}
		case wide(r):
			end()
			out = append(out, string(r))
		default:
			word.WriteRune(r)
		}
	}
	end()
	return out
}

// Width is how many columns s takes on a terminal: two for each CJK
// character, one for the others.
func Width(s string) int { return columns(s) }

// Pad fills s with spaces to width columns, so that columns of Chinese and
// English text line up.
func Pad(s string, width int) string {
	if n := columns(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// Table lines up rows in columns two spaces apart, by the width the text
// takes on a terminal (a tab writer counts a Chinese character as one
// column); the last column is not padded.
func Table(rows [][]string) string {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], columns(cell))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		for i, cell := range row {
			if i < len(row)-1 {
				b.WriteString(Pad(cell, widths[i]) + "  ")
			} else {
				b.WriteString(cell)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func columns(s string) int {
	n := 0
	for _, r := range s {
		if wide(r) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// wide reports whether a character takes two columns: CJK ideographs,
// kana, Hangul and full-width forms and punctuation.
func wide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 ||
		r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFE6)
}
