package svg

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/svg/markup"
)

// ---------------------------------------------------------------------
// Risk matrix

// Risk is one risk of a deal for RiskMatrix.
type Risk struct {
	N                     int    // the number shown in the matrix and in the list beside it
	Label                 string // the risk text (tooltip)
	Severity, Probability string // low, medium, high, or "" (then it goes in an "unrated" note)
}

// svgRiskLevel maps low, medium, high to 0, 1, 2 and anything else to -1.
func svgRiskLevel(s string) int {
	return slices.Index(deal.Ratings, deal.Rating(strings.ToLower(strings.TrimSpace(s))))
}

// Cell shades by severity + probability (0..4), green to red.
var riskShades = []string{"#d3f0d8", "#e8f2c4", "#fdefb8", "#fcd5a8", "#f7bcb6"}

const (
	riskCellW   = 124.0
	riskDotR    = 11.0
	riskDotStep = 26.0
)

// riskDotsPerRow is how many dots fit side by side in one cell:
// floor((riskCellW - 8) / riskDotStep).
const riskDotsPerRow = 4

// riskDotPlace returns the centres of k dots laid out in a cell of width
// riskCellW and height ch at (x, y): rows of riskDotsPerRow, centred. Dots
// are riskDotStep apart, more than their diameter, so they never overlap.
func riskDotPlace(k int, x, y, ch float64) [][2]float64 {
	if k == 0 {
		return nil
	}
	per := riskDotsPerRow
	rows := (k + per - 1) / per
	blockH := float64(rows) * riskDotStep
	out := make([][2]float64, 0, k)
	for i := range k {
		row := i / per
		inRow := min(per, k-row*per)
		blockW := float64(inRow) * riskDotStep
		cx := x + (riskCellW-blockW)/2 + riskDotStep/2 + float64(i%per)*riskDotStep
		cy := y + (ch-blockH)/2 + riskDotStep/2 + float64(row)*riskDotStep
		out = append(out, [2]float64{cx, cy})
	}
	return out
}

func riskCellH(maxInCell int) float64 {
	rows := (maxInCell + riskDotsPerRow - 1) / riskDotsPerRow
	return math.Max(80, float64(rows)*riskDotStep+12)
}

// RiskMatrix draws a 3x3 matrix, probability on x and severity on y,
// cells shaded from green (low, low) to red (high, high), each risk a
// numbered dot with its text as tooltip. Risks without a valid severity or
// probability are drawn as dashed dots under "not rated". It returns ""
// for no risks.
func RiskMatrix(risks []Risk, t i18n.Printer) template.HTML {
	if len(risks) == 0 {
		return ""
	}
	var cells [3][3][]int // [severity][probability] -> indexes into risks
	var unrated []int
	maxIn := 0
	for i, r := range risks {
		s, p := svgRiskLevel(r.Severity), svgRiskLevel(r.Probability)
		if s < 0 || p < 0 {
			unrated = append(unrated, i)
			continue
		}
		cells[s][p] = append(cells[s][p], i)
		maxIn = max(maxIn, len(cells[s][p]))
	}
	ch := riskCellH(maxIn)
	levels := names(deal.Ratings)
	tickW := 0.0
	for _, l := range levels {
		tickW = math.Max(tickW, drawWidth(t.T("svg.level."+l), 11, false))
	}
	plotX, plotY := 30+tickW+8, 14.0
	plotW, plotH := 3*riskCellW, 3*ch
	width := plotX + plotW + 16
	bottom := plotY + plotH + 44

	// Unrated dots flow under the axis title.
	var unratedHead float64
	var unratedPos [][2]float64
	if len(unrated) > 0 {
		unratedHead = bottom + 4 + riskDotStep/2
		head := t.T("svg.risk.unrated")
		f := newSVGFlow(16, bottom+4, width-16, riskDotStep)
		f.place(drawWidth(head, 11.5, true)+8, 0)
		for range unrated {
			x, y := f.place(riskDotStep, 0)
			unratedPos = append(unratedPos, [2]float64{x + riskDotStep/2, y + riskDotStep/2})
		}
		bottom = f.bottom() + 4
	}
	height := bottom + 8

	w := &markup.Writer{}
	begin(w, width, height, "svg-risk", t.T("svg.risk.aria", "count", len(risks)))

	for s := range 3 {
		for p := range 3 {
			x, y := plotX+float64(p)*riskCellW, plotY+float64(2-s)*ch
			score := s + p
			w.Leaf("rect", markup.A("class", "svg-risk-cell svg-risk-"+strconv.Itoa(score)),
				markup.F("x", x), markup.F("y", y), markup.F("width", riskCellW), markup.F("height", ch),
				markup.A("fill", riskShades[score]), markup.A("stroke", svgColBg), markup.F("stroke-width", 2))
		}
	}
	// Axes: tick labels and titles.
	for k, l := range levels {
		name := t.T("svg.level." + l)
		textAt(w, plotX-8, plotY+float64(2-k)*ch+ch/2+4, 11, "end", "svg-tick", name, markup.A("fill", svgColMuted))
		textAt(w, plotX+float64(k)*riskCellW+riskCellW/2, plotY+plotH+16, 11, "middle", "svg-tick", name, markup.A("fill", svgColMuted))
	}
	cy := plotY + plotH/2
	verticalText(w, 14, cy, 12, "svg-axis-title", t.T("svg.risk.severity"), markup.A("font-weight", "bold"))
	textAt(w, plotX+plotW/2, plotY+plotH+36, 12, "middle", "svg-axis-title", t.T("svg.risk.probability"), markup.A("font-weight", "bold"))

	for s := range 3 {
		for p := range 3 {
			x, y := plotX+float64(p)*riskCellW, plotY+float64(2-s)*ch
			for k, c := range riskDotPlace(len(cells[s][p]), x, y, ch) {
				drawRiskDot(w, risks[cells[s][p][k]], c[0], c[1], false, t)
			}
		}
	}
	if len(unrated) > 0 {
		textAt(w, 16, unratedHead+4, 11.5, "", "svg-heading", t.T("svg.risk.unrated"), markup.A("font-weight", "bold"))
		for k, i := range unrated {
			drawRiskDot(w, risks[i], unratedPos[k][0], unratedPos[k][1], true, t)
		}
	}
	return w.HTML()
}

func drawRiskDot(w *markup.Writer, r Risk, cx, cy float64, unrated bool, t i18n.Printer) {
	num := strconv.Itoa(r.N)
	tip := num + ". " + svgClean(r.Label)
	if unrated {
		tip += "\n" + t.T("svg.risk.tipUnrated")
	} else {
		tip += "\n" + t.T("svg.risk.tip", "severity", svgLevelName(strings.ToLower(strings.TrimSpace(r.Severity)), t),
			"probability", svgLevelName(strings.ToLower(strings.TrimSpace(r.Probability)), t))
	}
	fs := 11.0
	if len(num) > 2 {
		fs = 20 / textWidth(num, 1)
	}
	cls := "svg-risk-dot"
	fill, stroke, ink, dash := svgColHeader, svgColBg, "#ffffff", ""
	if unrated {
		cls += " svg-risk-unrated"
		fill, stroke, ink, dash = svgColBg, svgColAxis, svgColText, "3 2"
	}
	w.Start("g", markup.A("class", cls))
	w.Title(tip)
	attrs := []markup.Attr{markup.F("cx", cx), markup.F("cy", cy), markup.F("r", riskDotR), markup.A("fill", fill), markup.A("stroke", stroke), markup.F("stroke-width", 1.5)}
	if dash != "" {
		attrs = append(attrs, markup.A("stroke-dasharray", dash))
	}
	w.Leaf("circle", attrs...)
	textAt(w, cx, cy+fs*0.36, fs, "middle", "", num, markup.A("fill", ink), markup.A("font-weight", "bold"))
	w.End("g")
}

// ---------------------------------------------------------------------
// Bar chart

// Series is one series of a bar chart: one value per category.
type Series struct {
	Label  string
	Values []float64 // one per category
}

// BarChart is the input of Bars.
type BarChart struct {
	Title      string
	Categories []string
	Series     []Series // e.g. "total" and "weighted"; grouped bars
	Unit       string   // e.g. "USD", shown on the axis
	Horizontal bool     // categories on the y axis (for many owners or regions)
}

// Series colours (colour-blind friendly order), cycled.
var svgSeriesColors = []string{"#4c78a8", "#f58518", "#54a24b", "#b279a2", "#72b7b2", "#e45756"}

// svgNiceScale returns a tick step of 1, 2 or 5 x 10^n and the axis top (a
// multiple of the step >= max), for about target ticks. max <= 0, NaN or
// infinite gives the scale of 1.
func svgNiceScale(maxV float64, target int) (step, top float64) {
	if !(maxV > 0) || math.IsInf(maxV, 0) {
		maxV = 1
	}
	raw := maxV / float64(target)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / mag; {
	case f <= 1:
		step = mag
	case f <= 2:
		step = 2 * mag
	case f <= 5:
		step = 5 * mag
	default:
		step = 10 * mag
	}
	top = math.Ceil(maxV/step-1e-9) * step
	if top <= 0 {
		top = step
	}
	return step, top
}

// svgBarValue is series s at category k: missing, negative, NaN and
// infinite values count as 0.
func svgBarValue(c BarChart, s, k int) float64 {
	vs := c.Series[s].Values
	if k >= len(vs) {
		return 0
	}
	v := vs[k]
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}

// Bars draws grouped bars, vertical or (Horizontal) horizontal,
// with a value axis of round ticks, compact tick labels, the unit in the
// axis title, a legend of the series, value labels where they fit and a
// tooltip on every bar. Negative values are drawn as 0. It returns "" when
// there is no category or no series.
func Bars(c BarChart, t i18n.Printer) template.HTML {
	n, ns := len(c.Categories), len(c.Series)
	if n == 0 || ns == 0 {
		return ""
	}
	maxV := 0.0
	for s := range ns {
		for k := range n {
			maxV = math.Max(maxV, svgBarValue(c, s, k))
		}
	}
	step, top := svgNiceScale(maxV, 5)
	nt := int(math.Round(top / step))
	unit := svgClean(c.Unit)
	axisTitle := t.T("svg.bar.value")
	if unit != "" {
		axisTitle = t.T("svg.bar.valueUnit", "unit", unit)
	}
	title := svgClean(c.Title)
	label := title
	if label == "" {
		label = t.T("svg.bar.aria")
	}
	cats := make([]string, n)
	for k, s := range c.Categories {
		cats[k] = svgClean(s)
	}

	// Plot geometry.
	var width, height, plotX, plotY, plotW, plotH float64
	var groupW, barW float64
	var labelFit float64
	rotate := false
	tickW := 0.0
	for i := 0; i <= nt; i++ {
		tickW = math.Max(tickW, drawWidth(compactIn(t, float64(i)*step), 11, false))
	}
	if !c.Horizontal {
		groupW = math.Min(96, math.Max(16, 720/float64(n)))
		if float64(n)*groupW < 320 {
			groupW = 320 / float64(n)
		}
		plotW, plotH = float64(n)*groupW, 240
		barW = math.Min(40, groupW*0.8/float64(ns))
		labelFit = groupW - 6
		if groupW < 70 {
			rotate, labelFit = true, 120
		}
		labelW := 0.0
		for _, s := range cats {
			labelW = math.Max(labelW, drawWidth(fitDraw(s, labelFit, 11, false), 11, false))
		}
		plotX = 30 + tickW + 8
		labelsH := 26.0
		if rotate {
			plotX = math.Max(plotX, labelW*0.71-groupW/2+8)
			labelsH = labelW*0.71 + 22
		}
		width = math.Max(plotX+plotW+16, 360)
		plotY = 16
		height = labelsH
	} else {
		groupW = math.Min(16, math.Max(6, 30/float64(ns)))*float64(ns) + 10 // row height
		barW = (groupW - 10) / float64(ns)                                  // bar thickness
		labelFit = 180
		labelW := 0.0
		for _, s := range cats {
			labelW = math.Max(labelW, drawWidth(fitDraw(s, labelFit, 11, false), 11, false))
		}
		plotX = 12 + labelW + 10
		plotW, plotH = 480, float64(n)*groupW
		width = plotX + plotW + 60
		plotY = 8
		height = 50
	}

	// Title and legend on top.
	head := 8.0
	if title != "" {
		head += 24
	}
	showLegend := ns > 1 || svgClean(c.Series[0].Label) != ""
	type legendPos struct{ x, y float64 }
	var legend []legendPos
	if showLegend {
		f := newSVGFlow(16, head, width-16, 20)
		for _, s := range c.Series {
			x, y := f.place(18+drawWidth(fitDraw(svgClean(s.Label), 200, 11, false), 11, false), 16)
			legend = append(legend, legendPos{x, y})
		}
		head = f.bottom() + 4
	}
	plotY += head
	height += plotY + plotH

	w := &markup.Writer{}
	begin(w, width, height, "svg-bar", label)
	if title != "" {
		textAt(w, 16, 22, 14, "", "svg-heading", fitDraw(title, width-32, 14, true), markup.A("font-weight", "bold"))
	}
	for s, p := range legend {
		col := svgSeriesColors[s%len(svgSeriesColors)]
		w.Start("g", markup.A("class", "svg-legend"))
		w.Leaf("rect", markup.A("class", "svg-swatch svg-series-"+strconv.Itoa(s%len(svgSeriesColors))), markup.F("x", p.x), markup.F("y", p.y+3), markup.A("width", "12"), markup.A("height", "12"), markup.A("rx", "2"), markup.A("fill", col))
		textAt(w, p.x+18, p.y+13.5, 11, "", "svg-label", fitDraw(svgClean(c.Series[s].Label), 200, 11, false))
		w.End("g")
	}

	fmtVal := func(v float64) string {
		if unit != "" {
			return compactIn(t, v) + " " + unit
		}
		return compactIn(t, v)
	}
	tip := func(k, s int) string {
		v := 0.0
		if k < len(c.Series[s].Values) {
			v = c.Series[s].Values[k]
		}
		name := svgClean(c.Series[s].Label)
		if name != "" {
			return cats[k] + " — " + name + ": " + fmtVal(v)
		}
		return cats[k] + ": " + fmtVal(v)
	}

	if !c.Horizontal {
		// Grid and value axis.
		for i := 0; i <= nt; i++ {
			v := float64(i) * step
			y := plotY + plotH - v/top*plotH
			cls, col := "svg-grid", svgColLine
			if i == 0 {
				cls, col = "svg-axis", svgColAxis
			}
			w.Leaf("line", markup.A("class", cls), markup.F("x1", plotX), markup.F("y1", y), markup.F("x2", plotX+plotW), markup.F("y2", y), markup.A("stroke", col))
			textAt(w, plotX-6, y+4, 11, "end", "svg-tick", compactIn(t, v), markup.A("fill", svgColMuted))
		}
		cy := plotY + plotH/2
		verticalText(w, 14, cy, 11.5, "svg-axis-title", fitDraw(axisTitle, plotH, 11.5, false), markup.A("fill", svgColMuted))
		for k := range n {
			gx := plotX + float64(k)*groupW
			x0 := gx + (groupW-barW*float64(ns))/2
			for s := range ns {
				v := svgBarValue(c, s, k)
				h := v / top * plotH
				x := x0 + float64(s)*barW
				svgDrawBar(w, s, x+0.5, plotY+plotH-h, barW-1, h, tip(k, s))
				if lbl := compactIn(t, v); v > 0 && drawWidth(lbl, 10, false) <= barW+4 {
					textAt(w, x+barW/2, plotY+plotH-h-4, 10, "middle", "svg-value", lbl, markup.A("fill", svgColMuted))
				}
			}
			cx := gx + groupW/2
			s := fitDraw(cats[k], labelFit, 11, false)
			if rotate {
				y := plotY + plotH + 12
				textAt(w, cx+3, y, 11, "end", "svg-label", s, markup.A("transform", "rotate(-45 "+markup.Num(cx+3)+" "+markup.Num(y)+")"))
			} else {
				textAt(w, cx, plotY+plotH+16, 11, "middle", "svg-label", s)
			}
		}
	} else {
		bottom := plotY + plotH
		for i := 0; i <= nt; i++ {
			v := float64(i) * step
			x := plotX + v/top*plotW
			cls, col := "svg-grid", svgColLine
			if i == 0 {
				cls, col = "svg-axis", svgColAxis
			}
			w.Leaf("line", markup.A("class", cls), markup.F("x1", x), markup.F("y1", plotY), markup.F("x2", x), markup.F("y2", bottom), markup.A("stroke", col))
			textAt(w, x, bottom+15, 11, "middle", "svg-tick", compactIn(t, v), markup.A("fill", svgColMuted))
		}
		textAt(w, plotX+plotW/2, bottom+36, 11.5, "middle", "svg-axis-title", fitDraw(axisTitle, plotW, 11.5, false), markup.A("fill", svgColMuted))
		rowH := groupW
		for k := range n {
			gy := plotY + float64(k)*rowH
			for s := range ns {
				v := svgBarValue(c, s, k)
				wd := v / top * plotW
				y := gy + 5 + float64(s)*barW
				svgDrawBar(w, s, plotX, y+0.5, wd, barW-1, tip(k, s))
				if v > 0 && barW >= 9 {
					textAt(w, plotX+wd+4, y+barW/2+3.5, 10, "", "svg-value", compactIn(t, v), markup.A("fill", svgColMuted))
				}
			}
			textAt(w, plotX-8, gy+rowH/2+4, 11, "end", "svg-label", fitDraw(cats[k], labelFit, 11, false))
		}
	}
	return w.HTML()
}

func svgDrawBar(w *markup.Writer, s int, x, y, wd, h float64, tip string) {
	if wd <= 0 || h <= 0 {
		return
	}
	k := s % len(svgSeriesColors)
	w.Start("rect", markup.A("class", "svg-bar-rect svg-series-"+strconv.Itoa(k)),
		markup.F("x", x), markup.F("y", y), markup.F("width", wd), markup.F("height", h), markup.A("fill", svgSeriesColors[k]))
	w.Title(tip)
	w.End("rect")
}

// ---------------------------------------------------------------------
// Funnel

// FunnelStage is one open stage of the pipeline funnel.
type FunnelStage struct {
	Label  string
	Count  int
	Amount float64
}

// Funnel draws one centred band per stage, top to bottom in the given
// order. Band widths are proportional to the amount when any stage has an
// amount, else to the count (a caption says which); every band keeps a
// small minimum width. The stage name is on the left, the count and amount
// on the right. It returns "" for no stages.
func Funnel(stages []FunnelStage, unit string, t i18n.Printer) template.HTML {
	n := len(stages)
	if n == 0 {
		return ""
	}
	unit = svgClean(unit)
	amount := func(i int) float64 {
		a := stages[i].Amount
		if math.IsNaN(a) || math.IsInf(a, 0) || a < 0 {
			return 0
		}
		return a
	}
	// The width is the number of deals: drawn by amount, the late stages
	// (fewer, larger deals) would be the widest and the shape no funnel.
	// Amounts are labelled beside each band when there are any.
	withAmounts := false
	for i := range stages {
		if amount(i) > 0 {
			withAmounts = true
		}
	}
	measure := func(i int) float64 { return math.Max(0, float64(stages[i].Count)) }
	maxM := 0.0
	for i := range stages {
		maxM = math.Max(maxM, measure(i))
	}

	const bandArea, bandH, neck, fs = 420.0, 32.0, 10.0, 12.0
	labels := make([]string, n)
	rights := make([]string, n)
	labelW, rightW := 0.0, 0.0
	for i, s := range stages {
		labels[i] = fitDraw(svgClean(s.Label), 180, fs, true)
		labelW = math.Max(labelW, drawWidth(labels[i], fs, true))
		r := t.T("svg.funnel.count", "count", s.Count)
		if s.Count == 1 {
			r = t.T("svg.funnel.countOne")
		}
		if withAmounts {
			r += " · " + compactIn(t, amount(i))
			if unit != "" {
				r += " " + unit
			}
		}
		rights[i] = r
		rightW = math.Max(rightW, drawWidth(r, fs, false))
	}
	left := 16 + labelW + 14
	cx := left + bandArea/2
	rightX := left + bandArea + 14
	width := rightX + rightW + 16
	top := 12.0
	height := top + float64(n)*bandH + float64(n-1)*neck + 34

	bandW := func(i int) float64 {
		if maxM <= 0 {
			return 24
		}
		return math.Max(24, measure(i)/maxM*bandArea)
	}

	w := &markup.Writer{}
	begin(w, width, height, "svg-funnel", t.T("svg.funnel.aria", "count", n))
	for i := 0; i+1 < n; i++ {
		y := top + float64(i)*(bandH+neck) + bandH
		a, b := bandW(i)/2, bandW(i+1)/2
		w.Leaf("polygon", markup.A("class", "svg-funnel-neck"), markup.A("points", markup.Points(cx-a, y, cx+a, y, cx+b, y+neck, cx-b, y+neck)), markup.A("fill", "#e3ebf4"))
	}
	for i, s := range stages {
		y := top + float64(i)*(bandH+neck)
		bw := bandW(i)
		tip := svgClean(s.Label) + ": " + rights[i]
		w.Start("g", markup.A("class", "svg-funnel-band"))
		w.Title(tip)
		w.Leaf("rect", markup.F("x", cx-bw/2), markup.F("y", y), markup.F("width", bw), markup.F("height", bandH), markup.A("rx", "3"), markup.A("fill", funnelColor(i, n)))
		w.End("g")
		textAt(w, left-14, y+bandH/2+4, fs, "end", "svg-label", labels[i], markup.A("font-weight", "bold"))
		textAt(w, rightX, y+bandH/2+4, fs, "", "svg-value", rights[i], markup.A("fill", svgColMuted))
	}
	caption := t.T("svg.funnel.byCount")
	if withAmounts && unit != "" {
		caption = t.T("svg.funnel.byCountUnit", "unit", unit)
	}
	textAt(w, cx, height-12, 11, "middle", "svg-muted", caption, markup.A("fill", svgColMuted))
	return w.HTML()
}

// funnelColor shades the bands from light to dark blue.
func funnelColor(i, n int) string {
	f := 0.0
	if n > 1 {
		f = float64(i) / float64(n-1)
	}
	mix := func(a, b int) int { return int(math.Round(float64(a) + f*float64(b-a))) }
	return fmt.Sprintf("#%02x%02x%02x", mix(0x9e, 0x21), mix(0xca, 0x66), mix(0xe1, 0xac))
}

// ---------------------------------------------------------------------
// Timeline

// TimelineItem is one dated item (an action, a milestone) of a timeline.
type TimelineItem struct {
	Label   string
	Date    string // YYYY-MM-DD (may be "" : then left out of the axis and listed as undated)
	Status  string // open, done, blocked, dropped ("" = open)
	Overdue bool
}

// timelineStatus is the drawn status: overdue wins over open and blocked;
// done and dropped items are never shown as overdue.
func timelineStatus(it TimelineItem) string {
	s := deal.Status(strings.ToLower(strings.TrimSpace(it.Status)))
	switch s {
	case deal.Done, deal.Dropped:
		return string(s)
	}
	if it.Overdue {
		return overdue
	}
	if s == deal.Blocked {
		return string(deal.Blocked)
	}
	return string(deal.StatusOpen)
}

// overdue is the drawn status of an open action past its date.
const overdue = "overdue"

var timelineStatuses = []string{string(deal.StatusOpen), string(deal.Blocked), overdue, string(deal.Done), string(deal.Dropped)}

func svgParseDay(s string) (time.Time, bool) {
	d, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	return d, err == nil
}

const (
	tlAxisW  = 760.0
	tlLeft   = 24.0
	tlLaneH  = 18.0
	tlLabelW = 180.0 // labels are truncated to this width
	tlFont   = 11.0
)

// tlLabel is a placed item label: its marker x, lane and text span.
type tlLabel struct {
	item      int
	x         float64 // marker
	lane      int
	x1, x2    float64 // text span
	anchorEnd bool
	text      string
	status    string
}

// timelineLanes assigns each label (sorted by x) the lowest lane where it
// boxesOverlap no other label. Labels read left to right from their marker,
// or right to left near the right end.
func timelineLanes(labels []tlLabel) int {
	var lanes [][][2]float64
	for i := range labels {
		l := &labels[i]
		lane := 0
		for ; lane < len(lanes); lane++ {
			free := true
			for _, sp := range lanes[lane] {
				if l.x1 < sp[1]+8 && sp[0] < l.x2+8 {
					free = false
					break
				}
			}
			if free {
				break
			}
		}
		if lane == len(lanes) {
			lanes = append(lanes, nil)
		}
		lanes[lane] = append(lanes[lane], [2]float64{l.x1, l.x2})
		l.lane = lane
	}
	return len(lanes)
}

// svgMonthStep returns how many months apart labelled ticks are so labels of
// about 64 px do not collide: 1, 2, 3, 6 months or 1, 2, 5, 10... years.
func svgMonthStep(pxPerMonth float64) int {
	for _, s := range []int{1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000} {
		if pxPerMonth*float64(s) >= 64 {
			return s
		}
	}
	return 12000
}

// Timeline draws a horizontal date axis with month ticks, a dashed
// "today" marker (when today is a valid date), every dated item as a
// marker with its label in the lowest free lane above the axis (a leader
// line joins them; labels never overlap), overdue items in red, done and
// dropped ones muted, undated items listed below, and a legend of the
// statuses present. It returns "" for no items.
func Timeline(items []TimelineItem, today string, t i18n.Printer) template.HTML {
	if len(items) == 0 {
		return ""
	}
	var dated, undated []int
	days := make([]time.Time, len(items))
	for i, it := range items {
		if d, ok := svgParseDay(it.Date); ok {
			days[i] = d
			dated = append(dated, i)
		} else {
			undated = append(undated, i)
		}
	}
	sort.SliceStable(dated, func(a, b int) bool { return days[dated[a]].Before(days[dated[b]]) })
	now, hasToday := svgParseDay(today)

	var lo, hi time.Time
	var start, end time.Time
	var xOf func(time.Time) float64
	if len(dated) > 0 {
		lo, hi = days[dated[0]], days[dated[len(dated)-1]]
		if hasToday {
			if now.Before(lo) {
				lo = now
			}
			if now.After(hi) {
				hi = now
			}
		}
		start = time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)
		end = time.Date(hi.Year(), hi.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		total := end.Sub(start).Hours()
		xOf = func(d time.Time) float64 { return tlLeft + d.Sub(start).Hours()/total*tlAxisW }
	}
	width := tlLeft*2 + tlAxisW

	// Labels and lanes.
	labels := make([]tlLabel, 0, len(dated))
	for _, i := range dated {
		x := xOf(days[i])
		bold := timelineStatus(items[i]) == overdue
		txt := fitDraw(svgClean(items[i].Label), tlLabelW, tlFont, bold)
		tw := drawWidth(txt, tlFont, bold)
		l := tlLabel{item: i, x: x, text: txt, status: timelineStatus(items[i])}
		if x+tw > width-8 {
			l.anchorEnd = true
			l.x1, l.x2 = x-tw, x
		} else {
			l.x1, l.x2 = x, x+tw
		}
		labels = append(labels, l)
	}
	lanes := timelineLanes(labels)

	y := 12.0
	todayY := y + 10
	if hasToday && len(dated) > 0 {
		y += 20
	}
	laneTop := y
	axisY := laneTop + float64(lanes)*tlLaneH + 14
	if len(dated) == 0 {
		axisY = 0
	}
	y = axisY + 40

	// Undated items flow under the axis.
	type pos struct{ x, y float64 }
	var undatedHead pos
	var undatedPos []pos
	var undatedText []string
	if len(undated) > 0 {
		head := t.T("svg.timeline.undated")
		f := newSVGFlow(tlLeft, y, width-tlLeft, 20)
		hx, hy := f.place(drawWidth(head, 11.5, true), 12)
		undatedHead = pos{hx, hy}
		for _, i := range undated {
			txt := fitDraw(svgClean(items[i].Label), 220, tlFont, true)
			x, yy := f.place(16+drawWidth(txt, tlFont, true), 16)
			undatedPos = append(undatedPos, pos{x, yy})
			undatedText = append(undatedText, txt)
		}
		y = f.bottom() + 8
	}

	// Legend of the statuses present.
	present := map[string]bool{}
	for i := range items {
		present[timelineStatus(items[i])] = true
	}
	var legend []string
	for _, s := range timelineStatuses {
		if present[s] {
			legend = append(legend, s)
		}
	}
	lf := newSVGFlow(tlLeft, y, width-tlLeft, 20)
	var legendPos []pos
	for _, s := range legend {
		x, yy := lf.place(16+drawWidth(t.T("svg.status."+s), tlFont, true), 16)
		legendPos = append(legendPos, pos{x, yy})
	}
	height := lf.bottom() + 8

	w := &markup.Writer{}
	begin(w, width, height, "svg-timeline", t.T("svg.timeline.aria", "count", len(items)))
	if len(dated) > 0 {
		// Axis and month ticks.
		w.Leaf("line", markup.A("class", "svg-axis"), markup.F("x1", tlLeft), markup.F("y1", axisY), markup.F("x2", tlLeft+tlAxisW), markup.F("y2", axisY), markup.A("stroke", svgColAxis), markup.F("stroke-width", 1.5))
		months := (end.Year()-start.Year())*12 + int(end.Month()-start.Month())
		ppm := tlAxisW / float64(months)
		stepM := svgMonthStep(ppm)
		firstLabel := true
		for m := 0; m <= months; m++ {
			d := start.AddDate(0, m, 0)
			abs := d.Year()*12 + int(d.Month()) - 1
			labelled := abs%stepM == 0 && m < months
			if !labelled && ppm < 6 {
				continue
			}
			x := xOf(d)
			tick := 4.0
			if labelled {
				tick = 7
			}
			w.Leaf("line", markup.A("class", "svg-tick"), markup.F("x1", x), markup.F("y1", axisY), markup.F("x2", x), markup.F("y2", axisY+tick), markup.A("stroke", svgColAxis))
			if labelled {
				textAt(w, x+3, axisY+20, 10.5, "", "svg-tick", svgMonthLabel(d, stepM, firstLabel || d.Month() == time.January, t), markup.A("fill", svgColMuted))
				firstLabel = false
			}
		}
		if hasToday {
			x := xOf(now)
			w.Start("g", markup.A("class", "svg-today"))
			w.Leaf("line", markup.F("x1", x), markup.F("y1", todayY+4), markup.F("x2", x), markup.F("y2", axisY+8), markup.A("stroke", svgColBlue), markup.F("stroke-width", 1.5), markup.A("stroke-dasharray", "4 3"))
			lbl := t.T("svg.timeline.today") + " " + now.Format("2006-01-02")
			half := drawWidth(lbl, 11, true) / 2
			lx := math.Min(math.Max(x, half+4), width-half-4)
			textAt(w, lx, todayY, 11, "middle", "", lbl, markup.A("fill", svgColBlue), markup.A("font-weight", "bold"))
			w.End("g")
		}
		// Leaders first, then markers and labels on top.
		for _, l := range labels {
			ly := laneTop + float64(lanes-1-l.lane)*tlLaneH + 13
			w.Leaf("line", markup.A("class", "svg-leader"), markup.F("x1", l.x), markup.F("y1", ly+3), markup.F("x2", l.x), markup.F("y2", axisY-5), markup.A("stroke", svgColLine))
		}
		for _, l := range labels {
			it := items[l.item]
			ly := laneTop + float64(lanes-1-l.lane)*tlLaneH + 13
			w.Start("g", markup.A("class", "svg-item svg-"+l.status))
			w.Title(timelineTip(it, l.status, t))
			svgStatusMarker(w, l.status, l.x, axisY)
			anchor, tx := "", l.x+2
			if l.anchorEnd {
				anchor, tx = "end", l.x-2
			}
			fill, extra := svgStatusInk(l.status)
			attrs := []markup.Attr{markup.A("fill", fill), markup.A("stroke", svgColBg), markup.F("stroke-width", 3), markup.A("paint-order", "stroke")}
			attrs = append(attrs, extra...)
			textAt(w, tx, ly, tlFont, anchor, "", l.text, attrs...)
			w.End("g")
		}
	}
	if len(undated) > 0 {
		textAt(w, undatedHead.x, undatedHead.y+14, 11.5, "", "svg-heading", t.T("svg.timeline.undated"), markup.A("font-weight", "bold"))
		for k, i := range undated {
			st := timelineStatus(items[i])
			p := undatedPos[k]
			w.Start("g", markup.A("class", "svg-item svg-"+st))
			w.Title(timelineTip(items[i], st, t))
			svgStatusMarker(w, st, p.x+6, p.y+10)
			fill, extra := svgStatusInk(st)
			textAt(w, p.x+16, p.y+14, tlFont, "", "", undatedText[k], append([]markup.Attr{markup.A("fill", fill)}, extra...)...)
			w.End("g")
		}
	}
	w.Start("g", markup.A("class", "svg-legend"))
	for k, s := range legend {
		p := legendPos[k]
		w.Start("g", markup.A("class", "svg-"+s))
		svgStatusMarker(w, s, p.x+6, p.y+10)
		fill, extra := svgStatusInk(s)
		textAt(w, p.x+16, p.y+14, tlFont, "", "svg-label", t.T("svg.status."+s), append([]markup.Attr{markup.A("fill", fill)}, extra...)...)
		w.End("g")
	}
	w.End("g")
	return w.HTML()
}

// svgMonthLabel is "Jan", or "Jan 2027" with the year; steps of a year or
// more show the year alone.
func svgMonthLabel(d time.Time, stepM int, withYear bool, t i18n.Printer) string {
	if stepM >= 12 {
		return strconv.Itoa(d.Year())
	}
	m := t.T("svg.month." + strconv.Itoa(int(d.Month())))
	if withYear {
		return t.T("svg.timeline.monthYear", "month", m, "year", d.Year())
	}
	return m
}

func timelineTip(it TimelineItem, status string, t i18n.Printer) string {
	s := svgClean(it.Label)
	if d := svgClean(it.Date); d != "" {
		s = d + " · " + s
	}
	return s + "\n" + t.T("svg.status."+status)
}

// svgStatusInk is the label colour (and decoration) of a status. Done and
// dropped items recede in the muted grey, not the faint one of the markers:
// their labels are still read (4.5:1 on white).
func svgStatusInk(status string) (string, []markup.Attr) {
	switch status {
	case overdue:
		return svgColRed, []markup.Attr{markup.A("font-weight", "bold")}
	case string(deal.Done):
		return svgColMuted, nil
	case string(deal.Dropped):
		return svgColMuted, []markup.Attr{markup.A("text-decoration", "line-through")}
	case string(deal.Blocked):
		return svgColAmber, nil
	}
	return svgColText, nil
}

func svgStatusMarker(w *markup.Writer, status string, x, y float64) {
	switch status {
	case overdue:
		w.Leaf("circle", markup.F("cx", x), markup.F("cy", y), markup.A("r", "5.5"), markup.A("fill", svgColRed), markup.A("stroke", svgColBg))
	case string(deal.Done):
		w.Leaf("circle", markup.F("cx", x), markup.F("cy", y), markup.A("r", "5"), markup.A("fill", svgColFaint), markup.A("stroke", svgColBg))
		var d markup.Path
		d.M(x-2.5, y)
		d.L(x-0.5, y+2)
		d.L(x+2.5, y-2)
		w.Leaf("path", markup.A("d", d.String()), markup.A("fill", "none"), markup.A("stroke", "#ffffff"), markup.F("stroke-width", 1.5))
	case string(deal.Dropped):
		w.Leaf("circle", markup.F("cx", x), markup.F("cy", y), markup.A("r", "4.5"), markup.A("fill", svgColBg), markup.A("stroke", svgColFaint), markup.F("stroke-width", 1.5), markup.A("stroke-dasharray", "2 1.5"))
	case string(deal.Blocked):
		w.Leaf("rect", markup.F("x", x-4.5), markup.F("y", y-4.5), markup.A("width", "9"), markup.A("height", "9"), markup.A("fill", svgColAmber), markup.A("stroke", svgColBg))
	default:
		w.Leaf("circle", markup.F("cx", x), markup.F("cy", y), markup.A("r", "4.5"), markup.A("fill", svgColBg), markup.A("stroke", svgColBlue), markup.F("stroke-width", 2))
	}
}
