package svg

import (
	"html/template"
	"math"
	"strings"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/svg/markup"
)

// WaterfallBar is one bar of a waterfall.
type WaterfallBar struct {
	// Label names the bar; Money is its amount as the page writes it,
	// without a sign or a unit; Count is how many deals are behind it.
	Label, Money string
	Amount       float64
	Count        int
	// Sign is +1 for a bar that adds to the running total, -1 for one
	// that takes from it, and 0 for a total (the start, the end), drawn
	// up from zero.
	Sign int
}

// WaterfallChart is the input of Waterfall: the bars in order, the unit
// of their amounts, and the accessible name of the graphic.
type WaterfallChart struct {
	Title string
	Unit  string
	Bars  []WaterfallBar
}

// Waterfall colours: totals, bars that add and bars that take away.
// Each bar also carries its sign in its label, so that colour is never
// the only way to tell them apart.
const (
	wfTotal = "#4c78a8"
	wfUp    = "#1a7f37"
	wfDown  = "#cf222e"
)

// wfSign is a bar's amount with its sign: +120,000 and −80,000 for the
// bars that add and take away, the amount alone for totals and for
// nothing at all (0).
func wfSign(b WaterfallBar) string {
	money := svgClean(b.Money)
	switch {
	case b.Amount == 0 || b.Sign == 0:
		return money
	case b.Sign > 0:
		return "+" + money
	}
	return "−" + money
}

// Waterfall draws a waterfall as wide as the page: the totals from zero, every other bar
// floating from the running total up (it adds) or down (it takes away),
// a dashed line carrying the total from each bar to the next, and on each
// bar its amount with its sign; under each its name and its number of
// deals. The graphic's description lists every bar in words. It returns
// "" without bars.
func Waterfall(c WaterfallChart, t i18n.Printer) template.HTML {
	n := len(c.Bars)
	if n == 0 {
		return ""
	}
	amount := func(b WaterfallBar) float64 {
		if math.IsNaN(b.Amount) || math.IsInf(b.Amount, 0) || b.Amount < 0 {
			return 0
		}
		return b.Amount
	}
	// Each bar's two ends, and the running total after it.
	type span struct{ lo, hi, after float64 }
	spans := make([]span, n)
	running, lo, hi := 0.0, 0.0, 0.0
	for i, b := range c.Bars {
		v := amount(b)
		var s span
		switch {
		case b.Sign == 0:
			s = span{0, v, v}
		case b.Sign > 0:
			s = span{running, running + v, running + v}
		default:
			s = span{running - v, running, running - v}
		}
		running = s.after
		spans[i] = s
		lo, hi = math.Min(lo, s.lo), math.Max(hi, s.hi)
	}
	step, _ := svgNiceScale(hi-lo, 5)
	top := math.Ceil(hi/step-1e-9) * step
	bottom := math.Floor(lo/step+1e-9) * step
	if top <= bottom {
		top = bottom + step
	}
	unit := svgClean(c.Unit)
	label := svgClean(c.Title)
	if label == "" {
		label = t.T("svg.waterfall.aria")
	}

	tickW := 0.0
	for v := bottom; v <= top+step/2; v += step {
		tickW = math.Max(tickW, drawWidth(compactIn(t, v), 11, false))
	}
	const plotY, plotH, width = 30.0, 220.0, 960.0
	plotX := 30 + tickW + 8
	plotW := width - plotX - 16
	slot := plotW / float64(n)
	barW := math.Min(72, slot*0.62)
	height := plotY + plotH + 52
	y := func(v float64) float64 { return plotY + (top-v)/(top-bottom)*plotH }

	w := &markup.Writer{}
	// As wide as the page, however wide: the amounts stay readable on a
	// wide screen (the page keeps a least width, and scrolls it on a
	// phone).
	beginStyled(w, width, height, "svg-waterfall", label, "width:100%;height:auto")
	var desc []string
	for _, b := range c.Bars {
		desc = append(desc, t.T("svg.waterfall.bar", "bar", svgClean(b.Label), "amount", strings.TrimSpace(wfSign(b)+" "+unit), "deals", t.T("svg.waterfall.count", "count", b.Count)))
	}
	w.Elem("desc", strings.Join(desc, "; "))

	// Grid and value axis; the zero line is the axis.
	for v := bottom; v <= top+step/2; v += step {
		yy := y(v)
		cls, col := "svg-grid", svgColLine
		if math.Abs(v) < step/2 {
			cls, col = "svg-axis", svgColAxis
		}
		w.Leaf("line", markup.A("class", cls), markup.F("x1", plotX), markup.F("y1", yy), markup.F("x2", plotX+plotW), markup.F("y2", yy), markup.A("stroke", col))
		textAt(w, plotX-6, yy+4, 11, "end", "svg-tick", compactIn(t, v), markup.A("fill", svgColMuted))
	}
	axisTitle := t.T("svg.bar.value")
	if unit != "" {
		axisTitle = t.T("svg.bar.valueUnit", "unit", unit)
	}
	verticalText(w, 14, plotY+plotH/2, 11.5, "svg-axis-title", fitDraw(axisTitle, plotH, 11.5, false), markup.A("fill", svgColMuted))

	for i, b := range c.Bars {
		s := spans[i]
		x := plotX + float64(i)*slot + (slot-barW)/2
		kind, fill := "svg-wf-total", wfTotal
		switch {
		case b.Sign > 0:
			kind, fill = "svg-wf-up", wfUp
		case b.Sign < 0:
			kind, fill = "svg-wf-down", wfDown
		}
		// The running total carried on to the next bar.
		if i+1 < n {
			ly := y(s.after)
			w.Leaf("line", markup.A("class", "svg-wf-link"), markup.F("x1", x+barW), markup.F("y1", ly), markup.F("x2", x+slot), markup.F("y2", ly),
				markup.A("stroke", svgColFaint), markup.A("stroke-dasharray", "3 3"))
		}
		money := wfSign(b)
		deals := t.T("svg.waterfall.count", "count", b.Count)
		w.Start("g", markup.A("class", "svg-wf-bar "+kind))
		w.Title(svgClean(b.Label) + ": " + strings.TrimSpace(money+" "+unit) + " · " + deals)
		top, h := y(s.hi), y(s.lo)-y(s.hi)
		if h < 2 { // nothing moved: a line at the running total
			top, h = top-1, 2
		}
		w.Leaf("rect", markup.F("x", x), markup.F("y", top), markup.F("width", barW), markup.F("height", h), markup.A("fill", fill))
		w.End("g")
		size := 11.0
		if drawWidth(money, size, true) > slot-4 {
			size = 9.5
		}
		if drawWidth(money, size, true) > slot-4 {
			money = fitDraw(money, slot-4, size, true)
		}
		textAt(w, x+barW/2, top-5, size, "middle", "svg-value", money, markup.A("font-weight", "bold"))
		cx := plotX + float64(i)*slot + slot/2
		textAt(w, cx, plotY+plotH+17, 11, "middle", "svg-label", fitDraw(svgClean(b.Label), slot-4, 11, false))
		textAt(w, cx, plotY+plotH+32, 10.5, "middle", "svg-muted", fitDraw(deals, slot-4, 10.5, false), markup.A("fill", svgColMuted))
	}
	return w.HTML()
}

// CalibrationStage is one open stage of a calibration chart: the
// probability the configuration gives it, and how many of the closed deals
// that reached it were won.
type CalibrationStage struct {
	Label string
	// Set is the configured probability, in percent.
	Set          float64
	Won, Reached int
	// Enough is false when too few closed deals reached the stage for
	// their share to be a probability to go by.
	Enough bool
}

// Calibration colours: the probability set, and the share won.
const (
	calSet = "#4c78a8"
	calWon = "#e8710a"
)

// Calibration draws, for each stage, the probability set next to the share
// of the closed deals that reached the stage and were won, from 0 to 100 %,
// each bar labelled with its figure and the counts; a share from fewer than
// minSample deals is drawn hollow and dashed and says so, and a stage no closed
// deal reached has no share. It returns "" without stages.
func Calibration(stages []CalibrationStage, minSample int, t i18n.Printer) template.HTML {
	n := len(stages)
	if n == 0 {
		return ""
	}
	const fs, barH, rowGap = 12.0, 14.0, 16.0
	labels := make([]string, n)
	labelW := 0.0
	for i, s := range stages {
		labels[i] = fitDraw(svgClean(s.Label), 200, fs, true)
		labelW = math.Max(labelW, drawWidth(labels[i], fs, true))
	}
	pct := func(v float64) string { return compactNumber(math.Round(v)) + "%" }
	clamp := func(v float64) float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0
		}
		return math.Max(0, math.Min(100, v))
	}
	notes := make([]string, n)
	noteW := 0.0
	for i, s := range stages {
		switch {
		case s.Reached <= 0:
			notes[i] = t.T("svg.calibration.none")
		case !s.Enough:
			notes[i] = t.T("svg.calibration.small", "share", pct(100*float64(s.Won)/float64(s.Reached)), "won", s.Won, "reached", s.Reached, "min", minSample)
		default:
			notes[i] = t.T("svg.calibration.share", "share", pct(100*float64(s.Won)/float64(s.Reached)), "won", s.Won, "reached", s.Reached)
		}
		noteW = math.Max(noteW, drawWidth(notes[i], 11, false))
	}
	plotX := 16 + labelW + 12
	const plotW = 440.0
	width := plotX + plotW + 8 + math.Min(noteW, 320) + 16
	// The legend: the probability set, the share won, a sample too small.
	legend := []struct {
		text, fill, stroke string
		dashed             bool
	}{
		{t.T("svg.calibration.set"), calSet, calSet, false},
		{t.T("svg.calibration.won"), calWon, calWon, false},
		{t.T("svg.calibration.few", "min", minSample), "#fdebd9", calWon, true},
	}
	f := newSVGFlow(16, 8, width-16, 20)
	type at struct{ x, y float64 }
	places := make([]at, len(legend))
	for i, l := range legend {
		x, yy := f.place(18+drawWidth(fitDraw(l.text, 320, 11, false), 11, false), 16)
		places[i] = at{x, yy}
	}
	plotY := f.bottom() + 10
	rowH := 2*barH + 4 + rowGap
	plotH := float64(n) * rowH
	height := plotY + plotH + 44
	x := func(v float64) float64 { return plotX + clamp(v)/100*plotW }

	w := &markup.Writer{}
	begin(w, width, height, "svg-calibration", t.T("svg.calibration.aria", "count", n))
	for i, l := range legend {
		p := places[i]
		w.Start("g", markup.A("class", "svg-legend"))
		attrs := []markup.Attr{markup.A("class", "svg-swatch"), markup.F("x", p.x+0.5), markup.F("y", p.y+3.5), markup.A("width", "11"), markup.A("height", "11"), markup.A("rx", "2"), markup.A("fill", l.fill), markup.A("stroke", l.stroke)}
		if l.dashed {
			attrs = append(attrs, markup.A("stroke-dasharray", "3 2"))
		}
		w.Leaf("rect", attrs...)
		textAt(w, p.x+18, p.y+13.5, 11, "", "svg-label", fitDraw(l.text, 320, 11, false))
		w.End("g")
	}
	for v := 0.0; v <= 100; v += 20 {
		xx := x(v)
		cls, col := "svg-grid", svgColLine
		if v == 0 {
			cls, col = "svg-axis", svgColAxis
		}
		w.Leaf("line", markup.A("class", cls), markup.F("x1", xx), markup.F("y1", plotY), markup.F("x2", xx), markup.F("y2", plotY+plotH), markup.A("stroke", col))
		textAt(w, xx, plotY+plotH+15, 11, "middle", "svg-tick", pct(v), markup.A("fill", svgColMuted))
	}
	textAt(w, plotX+plotW/2, plotY+plotH+36, 11.5, "middle", "svg-axis-title", fitDraw(t.T("svg.calibration.axis"), plotW, 11.5, false), markup.A("fill", svgColMuted))
	for i, s := range stages {
		ry := plotY + float64(i)*rowH + rowGap/2
		textAt(w, plotX-12, ry+barH+6, fs, "end", "svg-label", labels[i], markup.A("font-weight", "bold"))
		set := clamp(s.Set)
		w.Start("g", markup.A("class", "svg-cal-set"))
		w.Title(svgClean(s.Label) + " — " + t.T("svg.calibration.set") + ": " + pct(set))
		w.Leaf("rect", markup.F("x", plotX), markup.F("y", ry), markup.F("width", math.Max(x(set)-plotX, 1)), markup.F("height", barH), markup.A("fill", calSet))
		w.End("g")
		textAt(w, x(set)+6, ry+barH-3, 11, "", "svg-value", pct(set))
		wy := ry + barH + 4
		if s.Reached <= 0 {
			textAt(w, plotX+6, wy+barH-3, 11, "", "svg-muted", notes[i], markup.A("fill", svgColMuted))
			continue
		}
		share := 100 * float64(s.Won) / float64(s.Reached)
		cls := "svg-cal-won"
		attrs := []markup.Attr{markup.F("x", plotX+0.5), markup.F("y", wy+0.5), markup.F("width", math.Max(x(share)-plotX-1, 1)), markup.F("height", barH-1)}
		if s.Enough {
			attrs = append(attrs, markup.A("fill", calWon))
		} else {
			cls += " svg-cal-few"
			attrs = append(attrs, markup.A("fill", "#fdebd9"), markup.A("stroke", calWon), markup.A("stroke-dasharray", "3 2"))
		}
		w.Start("g", markup.A("class", cls))
		w.Title(svgClean(s.Label) + " — " + notes[i])
		w.Leaf("rect", attrs...)
		w.End("g")
		textAt(w, x(share)+6, wy+barH-3, 11, "", "svg-value", fitDraw(notes[i], width-x(share)-22, 11, false))
	}
	return w.HTML()
}
