package render

import (
	"html/template"
	"math"
	"strconv"
)

// trendChart is the pipeline over time: for each period (a week), the
// amount in each open stage, drawn as stacked bars.
type trendChart struct {
	Periods []string    // labels, oldest first
	Stages  []string    // stack order, bottom first
	Values  [][]float64 // Values[period][stage]
	Unit    string
}

// trendSVG draws a trend chart with the same writer as the other graphics,
// so every label is escaped.
func trendSVG(c trendChart, t translator) template.HTML {
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
		tickW = math.Max(tickW, drawWidth(compactNumber(float64(i)*step), 11, false))
	}
	plotX := 16 + tickW + 8
	barW := math.Max(6, math.Min(28, 760/float64(n)-barGap))
	plotW := float64(n) * (barW + barGap)
	width := math.Max(plotX+plotW+16, 360)
	height := plotY + plotH + 56
	label := t.T("svg.trend.aria")

	var w svgWriter
	w.begin(width, height, "svg-trend", label)
	// Legend: one swatch per stage.
	f := newSVGFlow(16, 8, width-16, 20)
	for s, name := range c.Stages {
		x, y := f.place(18+drawWidth(fitDraw(svgClean(name), 160, 11, false), 11, false), 16)
		col := svgSeriesColors[s%len(svgSeriesColors)]
		w.leaf("rect", sa("class", "svg-swatch svg-series-"+strconv.Itoa(s%len(svgSeriesColors))), saf("x", x), saf("y", y+3), sa("width", "12"), sa("height", "12"), sa("rx", "2"), sa("fill", col))
		w.textAt(x+18, y+13.5, 11, "", "svg-label", fitDraw(svgClean(name), 160, 11, false))
	}
	for i := 0; i <= nt; i++ {
		v := float64(i) * step
		y := plotY + plotH - v/top*plotH
		w.leaf("line", sa("class", "svg-grid"), saf("x1", plotX), saf("y1", y), saf("x2", plotX+plotW), saf("y2", y), sa("stroke", svgColLine))
		w.textAt(plotX-6, y+4, 11, "end", "svg-tick", compactNumber(v), sa("fill", svgColMuted))
	}
	every := int(math.Ceil(float64(n) / 12)) // at most about 12 period labels
	for k, period := range c.Periods {
		x := plotX + float64(k)*(barW+barGap)
		y := plotY + plotH
		total := 0.0
		w.start("g", sa("class", "svg-item"))
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
			w.leaf("rect", sa("class", "svg-bar-rect svg-series-"+strconv.Itoa(s%len(svgSeriesColors))), saf("x", x), saf("y", y), saf("width", barW), saf("height", h), sa("fill", svgSeriesColors[s%len(svgSeriesColors)]))
		}
		w.elem("title", svgClean(period)+": "+compactNumber(total)+" "+svgClean(c.Unit))
		w.end("g")
		if k%every == 0 {
			w.textAt(x+barW/2, plotY+plotH+16, 10.5, "middle", "svg-tick", svgClean(period), sa("fill", svgColMuted))
		}
	}
	w.leaf("line", sa("class", "svg-axis"), saf("x1", plotX), saf("y1", plotY+plotH), saf("x2", plotX+plotW), saf("y2", plotY+plotH), sa("stroke", svgColAxis))
	w.textAt(plotX+plotW/2, height-14, 11.5, "middle", "svg-axis-title", t.T("svg.trend.axis", "unit", svgClean(c.Unit)), sa("fill", svgColMuted))
	return w.html()
}
