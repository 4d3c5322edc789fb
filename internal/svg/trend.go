package svg

import (
	"html/template"
	"math"
	"strconv"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/svg/markup"
)

// TrendChart is the pipeline over time: for each period (a week), the
// amount in each open stage, drawn as stacked bars.
type TrendChart struct {
	Periods []string    // labels, oldest first
	Stages  []string    // stack order, bottom first
	Values  [][]float64 // Values[period][stage]
	Unit    string
	// Label and Axis, when set, name the chart and its vertical axis in
	// place of the pipeline's words: a chart of other counts (findings).
	Label, Axis string
}

// Trend draws a trend chart with the same writer as the other graphics,
// so every label is escaped.
func Trend(c TrendChart, t i18n.Printer) template.HTML {
	n, ns := len(c.Periods), len(c.Stages)
	if n == 0 || ns == 0 {
		return ""
	}
	maxV := 0.0
	for _, row := range c.Values {
		sum := 0.0
		for _, v := range row {
			sum += math.Max(v, 0)
		}
		maxV = math.Max(maxV, sum)
	}
	step, top := svgNiceScale(maxV, 5)
	nt := int(math.Round(top / step))
	const plotY, plotH, barGap = 48.0, 220.0, 3.0
	tickW := 0.0
	for i := 0; i <= nt; i++ {
		tickW = math.Max(tickW, drawWidth(compactIn(t, float64(i)*step), 11, false))
	}
	plotX := 16 + tickW + 8
	barW := math.Max(6, math.Min(28, 760/float64(n)-barGap))
	plotW := float64(n) * (barW + barGap)
	width := math.Max(plotX+plotW+16, 360)
	height := plotY + plotH + 56
	label := t.T("svg.trend.aria")
	if c.Label != "" {
		label = c.Label
	}

	w := &markup.Writer{}
	begin(w, width, height, "svg-trend", label)
	// Legend: one swatch per stage.
	f := newSVGFlow(16, 8, width-16, 20)
	for s, name := range c.Stages {
		x, y := f.place(18+drawWidth(fitDraw(svgClean(name), 160, 11, false), 11, false), 16)
		col := svgSeriesColors[s%len(svgSeriesColors)]
		w.Leaf("rect", markup.A("class", "svg-swatch svg-series-"+strconv.Itoa(s%len(svgSeriesColors))), markup.F("x", x), markup.F("y", y+3), markup.A("width", "12"), markup.A("height", "12"), markup.A("rx", "2"), markup.A("fill", col))
		textAt(w, x+18, y+13.5, 11, "", "svg-label", fitDraw(svgClean(name), 160, 11, false))
	}
	for i := 0; i <= nt; i++ {
		v := float64(i) * step
		y := plotY + plotH - v/top*plotH
		w.Leaf("line", markup.A("class", "svg-grid"), markup.F("x1", plotX), markup.F("y1", y), markup.F("x2", plotX+plotW), markup.F("y2", y), markup.A("stroke", svgColLine))
		textAt(w, plotX-6, y+4, 11, "end", "svg-tick", compactIn(t, v), markup.A("fill", svgColMuted))
	}
	every := int(math.Ceil(float64(n) / 12)) // at most about 12 period labels
	for k, period := range c.Periods {
		x := plotX + float64(k)*(barW+barGap)
		y := plotY + plotH
		total := 0.0
		w.Start("g", markup.A("class", "svg-item"))
		for s := range c.Stages {
			v := 0.0
			if k < len(c.Values) && s < len(c.Values[k]) {
				v = math.Max(c.Values[k][s], 0)
			}
			total += v
			if v == 0 || top == 0 {
				continue
			}
			h := v / top * plotH
			y -= h
			w.Leaf("rect", markup.A("class", "svg-bar-rect svg-series-"+strconv.Itoa(s%len(svgSeriesColors))), markup.F("x", x), markup.F("y", y), markup.F("width", barW), markup.F("height", h), markup.A("fill", svgSeriesColors[s%len(svgSeriesColors)]))
		}
		w.Elem("title", svgClean(period)+": "+compactIn(t, total)+" "+svgClean(c.Unit))
		w.End("g")
		if k%every == 0 {
			textAt(w, x+barW/2, plotY+plotH+16, 10.5, "middle", "svg-tick", svgClean(period), markup.A("fill", svgColMuted))
		}
	}
	w.Leaf("line", markup.A("class", "svg-axis"), markup.F("x1", plotX), markup.F("y1", plotY+plotH), markup.F("x2", plotX+plotW), markup.F("y2", plotY+plotH), markup.A("stroke", svgColAxis))
	axis := t.T("svg.trend.axis", "unit", svgClean(c.Unit))
	if c.Axis != "" {
		axis = svgClean(c.Axis)
	}
	textAt(w, plotX+plotW/2, height-14, 11.5, "middle", "svg-axis-title", axis, markup.A("fill", svgColMuted))
	return w.HTML()
}
