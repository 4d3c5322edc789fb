// Package svg draws the site's graphics from plain structs: the stakeholder map, the risk matrix, the charts (bars, funnel, trend, waterfall, calibration) and the timeline.
//
// Every byte of markup comes from markup.Writer, the only way to write SVG
// text, which escapes it: a drawing cannot emit unescaped deal text even by
// mistake. The tests render hostile strings in every text field and parse
// the output with encoding/xml.
//
// # Styling
//
// Every element carries inline presentation attributes (fill, stroke,
// font-size, ...) so a graphic looks right on its own and when printed; the
// site's stylesheet may override them through these classes:
//
//	svg-graphic                 every root <svg>, plus one of:
//	svg-map svg-risk svg-bar svg-funnel svg-timeline svg-trend
//	svg-waterfall svg-calibration
//	svg-bg                      background rectangle
//	svg-heading svg-muted svg-label svg-axis-title
//	svg-legend svg-swatch       a legend and its colour samples
//	svg-axis svg-grid svg-tick  axis line, grid lines, tick labels
//
//	stakeholder map:
//	svg-person                  a person's group; with svg-att-{champion,
//	                            supporter,neutral,skeptic,opponent,unknown}
//	                            and svg-inf-{low,medium,high,none}, and
//	                            svg-signer for the final signer
//	svg-box svg-name svg-title  the box, the name (bold), the job title
//	svg-att-mark                attitude symbol in the corner
//	svg-signer-mark             the final signer's tab on the box
//	svg-role svg-role-{decision_maker,user,technical,influencer,coach,
//	  insider,other}            role badge
//	svg-cover svg-uncovered     our coverage line, or "not covered"
//	svg-edge                    org-chart connector
//	svg-team                    a box of one of our people
//	svg-coverage svg-link       coverage lines from our people to the
//	                            people they cover (hide svg-coverage to
//	                            hide them)
//	svg-missing                 dashed box of a role not yet found
//
//	risk matrix: svg-risk-cell svg-risk-{0..4} (green to red),
//	  svg-risk-dot, svg-risk-unrated
//	bar chart:   svg-bar-rect svg-series-{0..5} svg-value
//	funnel:      svg-funnel-band svg-funnel-neck
//	timeline:    svg-today svg-item svg-open svg-done svg-blocked
//	             svg-dropped svg-overdue svg-leader
//	waterfall:   svg-wf-bar with svg-wf-total, svg-wf-up or svg-wf-down;
//	             svg-wf-link (the running total carried to the next bar)
//	calibration: svg-cal-set, svg-cal-won (svg-cal-few: too few deals)
//
// Fonts are system fonts only (font-family system-ui, sans-serif).

package svg

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/svg/markup"
	"github.com/dealsascode/deals/internal/text"
)

const (
	svgNS       = "http://www.w3.org/2000/svg"
	svgFontFace = "system-ui, sans-serif"

	// Shared colours (inline defaults; CSS may override via classes).
	// Text colours reach 4.5:1 on the backgrounds they are drawn on;
	// svgColFaint (3:1 on white) is for lines and markers only.
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

// textAt writes a <text> at x, y with the given size, anchor (start,
// middle, end), classes and extra attributes.
func textAt(w *markup.Writer, x, y, size float64, anchor, class, s string, extra ...markup.Attr) {
	attrs := []markup.Attr{markup.F("x", x), markup.F("y", y), markup.F("font-size", size)}
	if anchor != "" && anchor != "start" {
		attrs = append(attrs, markup.A("text-anchor", anchor))
	}
	if class != "" {
		attrs = append(attrs, markup.A("class", class))
	}
	attrs = append(attrs, extra...)
	w.Elem("text", s, attrs...)
}

// verticalText writes a label centred on (x, cy) that reads upwards: text
// made only of wide (CJK) characters is stacked one character per line,
// as Chinese is written vertically; anything else is rotated by -90°.
func verticalText(w *markup.Writer, x, cy, size float64, class, s string, extra ...markup.Attr) {
	runes := []rune(s)
	allWide := len(runes) > 0
	for _, r := range runes {
		if !isWideRune(r) {
			allWide = false
		}
	}
	if !allWide {
		textAt(w, x, cy, size, "middle", class, s,
			append([]markup.Attr{markup.A("transform", "rotate(-90 "+markup.Num(x)+" "+markup.Num(cy)+")")}, extra...)...)
		return
	}
	line := size * 1.15
	y := cy - line*float64(len(runes))/2 + size*0.85
	attrs := []markup.Attr{markup.F("x", x), markup.F("y", y), markup.F("font-size", size), markup.A("text-anchor", "middle")}
	if class != "" {
		attrs = append(attrs, markup.A("class", class))
	}
	w.Start("text", append(attrs, extra...)...)
	for i, r := range runes {
		if i == 0 {
			w.Elem("tspan", string(r), markup.F("x", x))
		} else {
			w.Elem("tspan", string(r), markup.F("x", x), markup.F("dy", line))
		}
	}
	w.End("text")
}

// begin opens the root <svg> element of a graphic width x height user
// units, with the accessible label as aria-label and <title>.
func begin(w *markup.Writer, width, height float64, class, label string) {
	width = math.Ceil(width)
	beginStyled(w, width, height, class, label, "max-width:"+markup.Num(width)+"px;height:auto")
}

// beginScrolled is begin for a graphic that keeps its size, in user units
// as px, however narrow the page: its text stays readable, and the page
// scrolls it in a frame (the stakeholder map).
func beginScrolled(w *markup.Writer, width, height float64, class, label string) {
	width = math.Ceil(width)
	beginStyled(w, width, height, class, label, "width:"+markup.Num(width)+"px;max-width:none;height:auto")
}

func beginStyled(w *markup.Writer, width, height float64, class, label, style string) {
	width, height = math.Ceil(width), math.Ceil(height)
	w.Start("svg",
		markup.A("xmlns", svgNS),
		markup.A("viewBox", "0 0 "+markup.Num(width)+" "+markup.Num(height)),
		markup.A("width", "100%"),
		markup.A("style", style),
		markup.A("role", "img"),
		markup.A("aria-label", label),
		markup.A("class", "svg-graphic "+class),
		markup.A("font-family", svgFontFace),
		markup.A("fill", svgColText),
	)
	w.Elem("title", label)
	w.Leaf("rect", markup.A("class", "svg-bg"), markup.A("width", markup.Num(width)), markup.A("height", markup.Num(height)), markup.A("fill", svgColBg))
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
	if r < utf8.RuneSelf {
		return asciiEm[r]
	}
	return runeEmSlow(r)
}

// asciiEm is runeEm of the ASCII characters, which most text is made of:
// measuring text is a fair share of drawing a map.
var asciiEm = func() (t [utf8.RuneSelf]float64) {
	for r := range t {
		t[r] = runeEmSlow(rune(r))
	}
	return t
}()

func runeEmSlow(r rune) float64 {
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

// wrapText breaks s into at most maxLines lines, line i at most
// widths[i] wide at fontSize (the last width holds for the lines after it):
// at spaces, after a hyphen or a slash, and next to East Asian wide
// characters, but not before closing or after opening punctuation; a word
// longer than a line is broken where it must be. What does not fit in the
// last line is shortened with "…" (fitText). "" gives no line.
func wrapText(s string, widths []float64, fontSize float64, maxLines int) []string {
	var lines []string
	for s != "" && maxLines > 0 {
		limit := widths[min(len(lines), len(widths)-1)]
		if len(lines) == maxLines-1 || textWidth(s, fontSize) <= limit {
			if line := fitText(s, limit, fontSize); line != "" {
				lines = append(lines, line)
			}
			break
		}
		end, next := lineBreak(s, limit, fontSize)
		lines = append(lines, s[:end])
		s = s[next:]
	}
	return lines
}

// lineBreak finds where a line of s at most limit wide ends (end) and
// where the next line starts (next, after the spaces at the break). s is
// wider than limit.
func lineBreak(s string, limit, fontSize float64) (end, next int) {
	w := 0.0
	brk := 0 // the last place a line may end, 0 for none yet
	var prev rune
	for i, r := range s {
		if i > 0 && canBreak(prev, r) {
			brk = i
		}
		rw := runeEm(r) * fontSize
		if r != ' ' && w+rw > limit { // spaces may hang past the end
			if brk == 0 { // one word wider than the line: break inside it
				brk = max(i, utf8.RuneLen(r))
			}
			return len(strings.TrimRight(s[:brk], " ")), brk
		}
		w += rw
		prev = r
	}
	return len(s), len(s)
}

// canBreak reports whether a line may end between a and b.
func canBreak(a, b rune) bool {
	switch {
	case b == ' ':
		return false
	case a == ' ', a == '-', a == '/', a == '–', a == '—':
		return true
	case strings.ContainsRune(noLineStart, b) || strings.ContainsRune(noLineEnd, a):
		return false
	}
	return isWideRune(a) || isWideRune(b)
}

// Punctuation a line neither starts (closing) nor ends with (opening).
const (
	noLineStart = "，。、：；！？）」』】〉》〕’”…,.:;!?)]}"
	noLineEnd   = "（「『【〈《〔‘“([{"
)

// wrapDraw is wrapText for drawing, with the margins of fitDraw.
func wrapDraw(s string, widths []float64, fontSize float64, bold bool, maxLines int) []string {
	room := make([]float64, len(widths))
	for i, w := range widths {
		if bold {
			w /= boldFactor
		}
		room[i] = w * fitSafety
	}
	return wrapText(s, room, fontSize, maxLines)
}

// linesAt writes lines as one <text>, a <tspan> per line lineH apart,
// the first baseline at y.
func linesAt(w *markup.Writer, x, y, size, lineH float64, class string, lines []string, extra ...markup.Attr) {
	if len(lines) == 1 {
		textAt(w, x, y, size, "", class, lines[0], extra...)
		return
	}
	attrs := []markup.Attr{markup.F("x", x), markup.F("y", y), markup.F("font-size", size)}
	if class != "" {
		attrs = append(attrs, markup.A("class", class))
	}
	w.Start("text", append(attrs, extra...)...)
	for i, l := range lines {
		if i == 0 {
			w.Elem("tspan", l, markup.F("x", x))
		} else {
			w.Elem("tspan", l, markup.F("x", x), markup.F("dy", lineH))
		}
	}
	w.End("text")
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

// compactIn is compactNumber as t's language counts: in Chinese in 万 and
// 亿 (350万, 1.2亿).
func compactIn(t i18n.Printer, v float64) string {
	if t.Lang == i18n.Chinese && !math.IsNaN(v) && !math.IsInf(v, 0) {
		return text.Wan(v, 1)
	}
	return compactNumber(v)
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
