package render

// SVG graphics of the site: the stakeholder map (svg_map.go) and the charts
// (svg_charts.go), drawn by pure functions from plain structs to markup.
//
// # Safety invariant
//
// Deal files are untrusted: names, titles, risk texts and labels may contain
// anything. The drawing functions return html/template.HTML, which the site
// inserts without escaping, so every byte of markup must come from svgWriter:
//
//   - element names come from a fixed allowlist (svgElements); there is no
//     way to write <script>, <foreignObject>, <a>, <image> or <style>;
//   - attribute names are checked (ASCII letters, digits, '-' and ':'
//     only; nothing that starts with "on", no href): no event handlers and no
//     user-controlled links;
//   - every attribute value and every text node goes through svgEscape, which
//     escapes & < > " ' (and =, so no "name=" sequence from user text ever
//     appears in the output), replaces invalid UTF-8 and XML-illegal control
//     characters with U+FFFD;
//   - numbers are written by svgNum: fixed point, at most one decimal, no
//     exponent, NaN and infinities as 0;
//   - the writer keeps a stack of open elements, so the output is always
//     well-formed XML.
//
// Never build markup with string concatenation or fmt around user strings;
// add a method to svgWriter instead. The tests render hostile strings in every
// text field and parse the output with encoding/xml.
//
// Output is deterministic: the same input gives byte-identical output (maps
// are only used for look-ups, never iterated to produce output; no
// randomness, no clock).
//
// # Styling
//
// Every element carries inline presentation attributes (fill, stroke,
// font-size, ...) so a graphic looks right on its own and when printed; the
// site's stylesheet may override them through these classes:
//
//	svg-graphic                 every root <svg>, plus one of:
//	svg-map svg-risk svg-bar svg-funnel svg-timeline
//	svg-bg                      background rectangle
//	svg-heading svg-muted svg-label svg-axis-title
//	svg-legend svg-swatch       a legend and its colour samples
//	svg-axis svg-grid svg-tick  axis line, grid lines, tick labels
//
//	stakeholder map:
//	svg-person                  a person's group; with svg-att-{champion,
//	                            supporter,neutral,skeptic,opponent,unknown}
//	                            and svg-inf-{low,medium,high,none}
//	svg-box svg-name svg-title  the box, the name (bold), the job title
//	svg-att-mark                attitude symbol in the corner
//	svg-role svg-role-{decision_maker,user,technical,influencer,coach,
//	  insider,other}            role badge
//	svg-cover svg-uncovered     our coverage line, or "not covered"
//	svg-edge                    org-chart connector
//	svg-missing                 dashed box of a role not yet found
//
//	risk matrix: svg-risk-cell svg-risk-{0..4} (green to red),
//	  svg-risk-dot, svg-risk-unrated
//	bar chart:   svg-bar-rect svg-series-{0..5} svg-value
//	funnel:      svg-funnel-band svg-funnel-neck
//	timeline:    svg-today svg-item svg-open svg-done svg-blocked
//	             svg-dropped svg-overdue svg-leader
//
// Fonts are system fonts only (font-family system-ui, sans-serif).

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	svgNS       = "http://www.w3.org/2000/svg"
	svgFontFace = "system-ui, sans-serif"

	// Shared colours (inline defaults; CSS may override via classes).
	svgColText   = "#1f2328"
	svgColMuted  = "#59636e"
	svgColFaint  = "#8c959f"
	svgColLine   = "#d0d7de"
	svgColAxis   = "#59636e"
	svgColRed    = "#cf222e"
	svgColAmber  = "#9a6700"
	svgColBlue   = "#0969da"
	svgColBg     = "#ffffff"
	svgColBadge  = "#eef1f4"
	svgColHeader = "#24292f"
)

// svgElements is the allowlist of elements svgWriter may write.
var svgElements = map[string]bool{
	"svg": true, "g": true, "title": true, "desc": true,
	"rect": true, "line": true, "path": true, "circle": true,
	"polygon": true, "polyline": true, "text": true, "tspan": true,
}

// svgAttr is one attribute; build it with sa (strings) or saf (numbers).
type svgAttr struct{ name, value string }

func sa(name, value string) svgAttr { return svgAttr{name, value} }

func saf(name string, v float64) svgAttr { return svgAttr{name, svgNum(v)} }

// svgWriter builds SVG markup that is escaped and well-formed by
// construction (see the invariant at the top of this file).
type svgWriter struct {
	b     strings.Builder
	stack []string
}

func svgCheckElement(name string) {
	if !svgElements[name] {
		panic("render: svg element not allowed: " + name)
	}
}

func svgCheckAttrName(name string) {
	if name == "" || strings.HasPrefix(strings.ToLower(name), "on") || strings.Contains(name, "href") {
		panic("render: svg attribute not allowed: " + name)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == ':' || r >= 'A' && r <= 'Z') {
			panic("render: svg attribute not allowed: " + name)
		}
	}
}

func (w *svgWriter) tag(name string, attrs []svgAttr) {
	svgCheckElement(name)
	w.b.WriteByte('<')
	w.b.WriteString(name)
	for _, a := range attrs {
		svgCheckAttrName(a.name)
		w.b.WriteByte(' ')
		w.b.WriteString(a.name)
		w.b.WriteString(`="`)
		svgEscape(&w.b, a.value)
		w.b.WriteByte('"')
	}
}

// start opens an element; close it with end.
func (w *svgWriter) start(name string, attrs ...svgAttr) {
	w.tag(name, attrs)
	w.b.WriteByte('>')
	w.stack = append(w.stack, name)
}

// end closes the innermost open element, which must be name.
func (w *svgWriter) end(name string) {
	if len(w.stack) == 0 || w.stack[len(w.stack)-1] != name {
		panic("render: svg end tag mismatch: " + name)
	}
	w.stack = w.stack[:len(w.stack)-1]
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

// leaf writes an empty element.
func (w *svgWriter) leaf(name string, attrs ...svgAttr) {
	w.tag(name, attrs)
	w.b.WriteString("/>")
}

// text writes an escaped text node.
func (w *svgWriter) text(s string) { svgEscape(&w.b, s) }

// elem writes an element holding only escaped text.
func (w *svgWriter) elem(name, content string, attrs ...svgAttr) {
	w.start(name, attrs...)
	w.text(content)
	w.end(name)
}

// title writes a <title> tooltip (skipped when empty).
func (w *svgWriter) title(s string) {
	if s != "" {
		w.elem("title", s)
	}
}

// textAt writes a <text> at x, y with the given size, anchor (start,
// middle, end), classes and extra attributes.
func (w *svgWriter) textAt(x, y, size float64, anchor, class, s string, extra ...svgAttr) {
	attrs := []svgAttr{saf("x", x), saf("y", y), saf("font-size", size)}
	if anchor != "" && anchor != "start" {
		attrs = append(attrs, sa("text-anchor", anchor))
	}
	if class != "" {
		attrs = append(attrs, sa("class", class))
	}
	attrs = append(attrs, extra...)
	w.elem("text", s, attrs...)
}

// verticalText writes a label centred on (x, cy) that reads upwards: text
// made only of wide (CJK) characters is stacked one character per line,
// as Chinese is written vertically; anything else is rotated by -90°.
func (w *svgWriter) verticalText(x, cy, size float64, class, s string, extra ...svgAttr) {
	runes := []rune(s)
	allWide := len(runes) > 0
	for _, r := range runes {
		if !isWideRune(r) {
			allWide = false
		}
	}
	if !allWide {
		w.textAt(x, cy, size, "middle", class, s,
			append([]svgAttr{sa("transform", "rotate(-90 "+svgNum(x)+" "+svgNum(cy)+")")}, extra...)...)
		return
	}
	line := size * 1.15
	y := cy - line*float64(len(runes))/2 + size*0.85
	attrs := []svgAttr{saf("x", x), saf("y", y), saf("font-size", size), sa("text-anchor", "middle")}
	if class != "" {
		attrs = append(attrs, sa("class", class))
	}
	w.start("text", append(attrs, extra...)...)
	for i, r := range runes {
		if i == 0 {
			w.elem("tspan", string(r), saf("x", x))
		} else {
			w.elem("tspan", string(r), saf("x", x), saf("dy", line))
		}
	}
	w.end("text")
}

// begin opens the root <svg> element of a graphic width x height user
// units, with the accessible label as aria-label and <title>.
func (w *svgWriter) begin(width, height float64, class, label string) {
	width, height = math.Ceil(width), math.Ceil(height)
	w.start("svg",
		sa("xmlns", svgNS),
		sa("viewBox", "0 0 "+svgNum(width)+" "+svgNum(height)),
		sa("width", "100%"),
		sa("style", "max-width:"+svgNum(width)+"px;height:auto"),
		sa("role", "img"),
		sa("aria-label", label),
		sa("class", "svg-graphic "+class),
		sa("font-family", svgFontFace),
		sa("fill", svgColText),
	)
	w.elem("title", label)
	w.leaf("rect", sa("class", "svg-bg"), sa("width", svgNum(width)), sa("height", svgNum(height)), sa("fill", svgColBg))
}

// html closes the root and returns the markup.
func (w *svgWriter) html() template.HTML {
	w.end("svg")
	if len(w.stack) != 0 {
		panic("render: svg element left open: " + w.stack[len(w.stack)-1])
	}
	return template.HTML(w.b.String())
}

// svgPath builds the d attribute of a <path> from numbers only.
type svgPath struct{ b strings.Builder }

func (p *svgPath) cmd(c byte, vs ...float64) {
	if p.b.Len() > 0 {
		p.b.WriteByte(' ')
	}
	p.b.WriteByte(c)
	for i, v := range vs {
		if i > 0 {
			p.b.WriteByte(' ')
		}
		p.b.WriteString(svgNum(v))
	}
}

func (p *svgPath) M(x, y float64) { p.cmd('M', x, y) }
func (p *svgPath) L(x, y float64) { p.cmd('L', x, y) }
func (p *svgPath) H(x float64)    { p.cmd('H', x) }
func (p *svgPath) V(y float64)    { p.cmd('V', y) }
func (p *svgPath) String() string { return p.b.String() }

// points formats polygon points from x, y pairs.
func svgPoints(xy ...float64) string {
	var b strings.Builder
	for i, v := range xy {
		if i > 0 {
			if i%2 == 0 {
				b.WriteByte(' ')
			} else {
				b.WriteByte(',')
			}
		}
		b.WriteString(svgNum(v))
	}
	return b.String()
}

// svgNum writes a coordinate: fixed point, rounded to one decimal, no
// exponent, no negative zero; NaN and infinities become 0.
func svgNum(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	r := math.Round(v*10) / 10
	if r == 0 {
		return "0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// svgEscape writes s escaped for both text nodes and attribute values.
func svgEscape(b *strings.Builder, s string) {
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
		case r == utf8.RuneError && size == 1, !svgXMLLegal(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
}

// svgXMLLegal reports whether r may appear in an XML 1.0 document.
func svgXMLLegal(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// clean turns a user string into one line: runs of white space (including
// newlines) become one space, ends are trimmed.
func svgClean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// isWideRune reports whether r is an East Asian wide or fullwidth character,
// drawn about one em wide.
func isWideRune(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115F, // Hangul Jamo initials
		r >= 0x2E80 && r <= 0x303E,   // CJK radicals, Kangxi, CJK symbols and punctuation
		r >= 0x3041 && r <= 0x33FF,   // Hiragana, Katakana, Bopomofo, Hangul compat, CJK compat
		r >= 0x3400 && r <= 0x4DBF,   // CJK extension A
		r >= 0x4E00 && r <= 0x9FFF,   // CJK unified ideographs
		r >= 0xA000 && r <= 0xA4CF,   // Yi
		r >= 0xA960 && r <= 0xA97F,   // Hangul Jamo extended A
		r >= 0xAC00 && r <= 0xD7A3,   // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF,   // CJK compatibility ideographs
		r >= 0xFE10 && r <= 0xFE19,   // vertical forms
		r >= 0xFE30 && r <= 0xFE6F,   // CJK compatibility forms, small forms
		r >= 0xFF00 && r <= 0xFF60,   // fullwidth forms
		r >= 0xFFE0 && r <= 0xFFE6,   // fullwidth signs
		r >= 0x1F300 && r <= 0x1F64F, // emoji
		r >= 0x1F900 && r <= 0x1F9FF,
		r >= 0x20000 && r <= 0x3FFFD: // CJK extensions B and later
		return true
	}
	return false
}

// runeEm is the estimated advance of r in ems of a sans-serif font.
func runeEm(r rune) float64 {
	switch {
	case isWideRune(r):
		return 1
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) ||
		r >= 0x200B && r <= 0x200F || r == 0xFEFF || r >= 0xFE00 && r <= 0xFE0F:
		return 0 // combining marks, zero-width and variation selectors
	case strings.ContainsRune("iIjl.,:;!|'`", r):
		return 0.28
	case strings.ContainsRune(" ()[]{}frt-/\"", r):
		return 0.36
	case strings.ContainsRune("mwMW@%<>=+~#&→←↑↓\uFFFD", r):
		return 0.84
	case r >= 'A' && r <= 'Z':
		return 0.66
	}
	return 0.58
}

// textWidth estimates the rendered width of s at fontSize (user units):
// wide and fullwidth East Asian characters count one em, narrow Latin
// letters and punctuation less, M and W more, everything else 0.58 em.
func textWidth(s string, fontSize float64) float64 {
	em := 0.0
	for _, r := range s {
		em += runeEm(r)
	}
	return em * fontSize
}

// fitText returns s, or its longest prefix followed by "…" whose
// estimated width is at most maxWidth. When not even "…" fits it returns "".
func fitText(s string, maxWidth, fontSize float64) string {
	if textWidth(s, fontSize) <= maxWidth {
		return s
	}
	ell := textWidth("…", fontSize)
	if ell > maxWidth {
		return ""
	}
	w := ell
	end := 0
	for i, r := range s {
		rw := runeEm(r) * fontSize
		if w+rw > maxWidth {
			break
		}
		w += rw
		end = i + utf8.RuneLen(r)
	}
	return strings.TrimRight(s[:end], " ") + "…"
}

// Drawing margins on top of textWidth: fonts differ between systems (a
// Linux fallback font is wider than the Mac or Windows UI font), so drawn
// text is fitted into a little less room than measured, and bold text is
// measured wider.
const (
	boldFactor = 1.12
	fitSafety  = 0.94
)

// fitDraw fits s into maxWidth for drawing, with the margins above.
func fitDraw(s string, maxWidth, fontSize float64, bold bool) string {
	if bold {
		maxWidth /= boldFactor
	}
	return fitText(s, maxWidth*fitSafety, fontSize)
}

// drawWidth is the room s takes when drawn: at most maxWidth for any
// result of fitDraw(_, maxWidth, fontSize, bold).
func drawWidth(s string, fontSize float64, bold bool) float64 {
	w := textWidth(s, fontSize) / fitSafety
	if bold {
		w *= boldFactor
	}
	return w
}

// compactNumber formats v for axes and labels: 980, 12.5, 350k, 1.2M,
// 3B, 1.5T. Below 10 it keeps up to two decimals, below 100 one.
// NaN and infinities give "?".
func compactNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "?"
	}
	sign := ""
	if v < 0 {
		sign = "-"
		v = -v
	}
	units := []string{"", "k", "M", "B", "T"}
	u := 0
	for u < len(units)-1 && v >= 1000 {
		v /= 1000
		u++
	}
	r := compactRound(v, u > 0)
	// Rounding may carry into the next unit: 999.96k is 1M.
	if r >= 1000 && u < len(units)-1 {
		u++
		r = compactRound(r/1000, true)
	}
	if r == 0 {
		sign = ""
	}
	return sign + strconv.FormatFloat(r, 'f', -1, 64) + units[u]
}

// compactRound keeps no decimal from 100 up, one from 10 (or for scaled
// values), two below.
func compactRound(v float64, scaled bool) float64 {
	decimals := 2.0
	switch {
	case v >= 100:
		decimals = 0
	case v >= 10 || scaled:
		decimals = 1
	}
	p := math.Pow(10, decimals)
	return math.Round(v*p) / p
}

// svgFlow places legend items left to right, wrapping at maxX.
type svgFlow struct {
	x0, maxX, lineH float64
	x, y            float64
}

func newSVGFlow(x0, y, maxX, lineH float64) *svgFlow {
	return &svgFlow{x0: x0, maxX: maxX, lineH: lineH, x: x0, y: y}
}

// place reserves width w (plus a gap) and returns the top-left corner.
func (f *svgFlow) place(w, gap float64) (x, y float64) {
	if f.x > f.x0 && f.x+w > f.maxX {
		f.x = f.x0
		f.y += f.lineH
	}
	x, y = f.x, f.y
	f.x += w + gap
	return x, y
}

// newline moves to the start of the next line (unless already there).
func (f *svgFlow) newline() {
	if f.x > f.x0 {
		f.x = f.x0
		f.y += f.lineH
	}
}

// bottom is the y below the last line.
func (f *svgFlow) bottom() float64 {
	if f.x > f.x0 {
		return f.y + f.lineH
	}
	return f.y
}
