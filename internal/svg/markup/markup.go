// Package markup writes SVG markup that is escaped and well-formed by construction: it is the only way to emit SVG text.
//
// Deal files are untrusted: names, titles, risk texts and labels may hold
// anything, and the graphics are inserted into pages without escaping. So
// the Writer's buffer cannot be reached from outside this package, and
// everything that goes into it passes a check or an escape:
//
//   - element names come from a fixed allowlist: there is no way to write
//     <script>, <foreignObject>, <a>, <image> or <style>;
//   - attribute names are checked when an attribute is made (A, F): ASCII
//     letters, digits, '-' and ':' only, nothing that starts with "on", no
//     href, so no event handlers and no user-controlled links;
//   - every attribute value and every text node is escaped: & < > " ' and
//     = (so no "name=" sequence from user text ever appears), invalid UTF-8
//     and XML-illegal control characters become U+FFFD;
//   - numbers are written by Num: fixed point, at most one decimal, no
//     exponent, NaN and infinities as 0;
//   - a stack of open elements keeps the output well-formed XML.
//
// Output is deterministic: the same calls give the same bytes.
package markup

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// elements is the allowlist of elements a Writer writes.
var elements = map[string]bool{
	"svg": true, "g": true, "title": true, "desc": true,
	"rect": true, "line": true, "path": true, "circle": true,
	"polygon": true, "polyline": true, "text": true, "tspan": true,
}

// Attr is one attribute, made by A or F, whose name has been checked.
type Attr struct{ name, value string }

// A is the attribute name="value"; a name that is not allowed panics: it
// is a defect of the drawing code, never of the data.
func A(name, value string) Attr {
	checkAttrName(name)
	return Attr{name, value}
}

// F is the attribute name="v", v written by Num.
func F(name string, v float64) Attr {
	checkAttrName(name)
	return Attr{name, Num(v)}
}

func checkAttrName(name string) {
	if name == "" || strings.HasPrefix(strings.ToLower(name), "on") || strings.Contains(name, "href") {
		panic("markup: svg attribute not allowed: " + name)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == ':' || r >= 'A' && r <= 'Z') {
			panic("markup: svg attribute not allowed: " + name)
		}
	}
}

func checkElement(name string) {
	if !elements[name] {
		panic("markup: svg element not allowed: " + name)
	}
}

// Writer builds SVG markup.
type Writer struct {
	b     strings.Builder
	stack []string
}

func (w *Writer) tag(name string, attrs []Attr) {
	checkElement(name)
	w.b.WriteByte('<')
	w.b.WriteString(name)
	for _, a := range attrs {
		w.b.WriteByte(' ')
		w.b.WriteString(a.name)
		w.b.WriteString(`="`)
		escape(&w.b, a.value)
		w.b.WriteByte('"')
	}
}

// Start opens an element; close it with End.
func (w *Writer) Start(name string, attrs ...Attr) {
	w.tag(name, attrs)
	w.b.WriteByte('>')
	w.stack = append(w.stack, name)
}

// End closes the innermost open element, which must be name.
func (w *Writer) End(name string) {
	if len(w.stack) == 0 || w.stack[len(w.stack)-1] != name {
		panic("markup: svg end tag mismatch: " + name)
	}
	w.stack = w.stack[:len(w.stack)-1]
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

// Leaf writes an empty element.
func (w *Writer) Leaf(name string, attrs ...Attr) {
	w.tag(name, attrs)
	w.b.WriteString("/>")
}

// Text writes an escaped text node.
func (w *Writer) Text(s string) { escape(&w.b, s) }

// Elem writes an element holding only escaped text.
func (w *Writer) Elem(name, content string, attrs ...Attr) {
	w.Start(name, attrs...)
	w.Text(content)
	w.End(name)
}

// Title writes a <title> tooltip (nothing when s is empty).
func (w *Writer) Title(s string) {
	if s != "" {
		w.Elem("title", s)
	}
}

// HTML closes the last open element (the root) and returns the markup;
// any other element left open panics.
func (w *Writer) HTML() template.HTML {
	if len(w.stack) == 0 {
		panic("markup: no root element to close")
	}
	w.End(w.stack[len(w.stack)-1])
	if len(w.stack) != 0 {
		panic("markup: svg element left open: " + w.stack[len(w.stack)-1])
	}
	return template.HTML(w.b.String()) // escaped by construction
}

// Fragment is markup a Writer made, to be inserted again (a legend drawn
// once and used on every map). Only a Writer makes one.
type Fragment struct{ s string }

// Fragment is what the writer wrote, which must be whole elements.
func (w *Writer) Fragment() Fragment {
	if len(w.stack) != 0 {
		panic("markup: fragment with an element left open: " + w.stack[len(w.stack)-1])
	}
	return Fragment{w.b.String()}
}

// Insert writes a fragment.
func (w *Writer) Insert(f Fragment) { w.b.WriteString(f.s) }

// Num writes a coordinate: fixed point, rounded to one decimal, no
// exponent, no negative zero; NaN and infinities become 0.
func Num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	r := math.Round(v*10) / 10
	if r == 0 {
		return "0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// Path builds the d attribute of a <path> from numbers only.
type Path struct{ b strings.Builder }

func (p *Path) cmd(c byte, vs ...float64) {
	if p.b.Len() > 0 {
		p.b.WriteByte(' ')
	}
	p.b.WriteByte(c)
	for i, v := range vs {
		if i > 0 {
			p.b.WriteByte(' ')
		}
		p.b.WriteString(Num(v))
	}
}

func (p *Path) M(x, y float64) { p.cmd('M', x, y) }
func (p *Path) L(x, y float64) { p.cmd('L', x, y) }
func (p *Path) H(x float64)    { p.cmd('H', x) }
func (p *Path) V(y float64)    { p.cmd('V', y) }
func (p *Path) String() string { return p.b.String() }

// Points formats polygon points from x, y pairs.
func Points(xy ...float64) string {
	var b strings.Builder
	for i, v := range xy {
		if i > 0 {
			if i%2 == 0 {
				b.WriteByte(' ')
			} else {
				b.WriteByte(',')
			}
		}
		b.WriteString(Num(v))
	}
	return b.String()
}

// escape writes s escaped for both text nodes and attribute values.
func escape(b *strings.Builder, s string) {
	// Most text needs no escaping: copy it whole.
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= utf8.RuneSelf || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' || c == '=' || c == 0x7F {
			clean = false
			break
		}
	}
	if clean {
		b.WriteString(s)
		return
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&#34;")
		case r == '\'':
			b.WriteString("&#39;")
		case r == '=':
			b.WriteString("&#61;")
		case r == '\n':
			b.WriteString("&#10;")
		case r == '\t' || r == '\r':
			b.WriteByte(' ')
		case r == utf8.RuneError && size == 1, !xmlLegal(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
}

// xmlLegal reports whether r may appear in an XML 1.0 document.
func xmlLegal(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
