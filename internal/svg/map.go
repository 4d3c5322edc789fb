package svg

import (
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/svg/markup"
)

// Person is one key player as the stakeholder map needs them.
type Person struct {
	ID, Name, Title string
	Roles           []string // decision_maker, user, technical, influencer, coach, insider
	Attitude        string   // champion, supporter, neutral, skeptic, opponent, unknown or ""
	Influence       string   // low, medium, high or ""
	ReportsTo       string   // id of another person, or ""
	Signer          bool     // signs the order (deal.FinalSigners)
	Coverage        []Cover  // who on our side covers them
}

// Cover is one of our people covering a key player, and how well.
type Cover struct {
	By              string // who on our side, as the map names them
	Current, Target string // relationship levels: none, contact, working, trusted, advocate, or ""
}

// Stakeholders is the input of StakeholderMap.
type Stakeholders struct {
	People  []Person
	Missing []string // roles TAS requires for this account but nobody plays yet
}

// Covered reports whether anyone on our side covers someone: the map then
// has coverage lines to show or hide.
func (m Stakeholders) Covered() bool { return len(teamOf(m.People)) > 0 }

// Attitude styles: fill, stroke and a symbol, so the map also reads in
// grey print and for colour-blind readers. The symbol is written in white
// on the stroke colour (the box's corner) and in the stroke colour on the
// fill (the legend): each stroke reaches 4.5:1 against both.
type svgAttitudeStyle struct{ key, fill, stroke, mark string }

var svgAttitudes = []svgAttitudeStyle{
	{string(deal.Champion), "#dafbe1", "#116329", "++"},
	{string(deal.Supporter), "#eef8ee", "#2e7d32", "+"},
	{string(deal.Neutral), "#f3f4f6", "#59636e", "="},
	{string(deal.Skeptic), "#fff3d1", "#8f5b00", "−"},
	{string(deal.Opponent), "#ffe3e1", "#b42318", "−−"},
	{string(deal.Unknown), "#ffffff", "#656d76", "?"},
}

func svgAttitude(a string) svgAttitudeStyle {
	for _, s := range svgAttitudes {
		if s.key == a {
			return s
		}
	}
	return svgAttitudes[len(svgAttitudes)-1]
}

var svgInfluenceLevels = names(deal.Ratings)

// svgInfluenceWidth is the border weight for an influence level.
func svgInfluenceWidth(inf string) (float64, string) {
	switch deal.Rating(inf) {
	case deal.Low:
		return 1, inf
	case deal.Mid:
		return 2.5, inf
	case deal.High:
		return 4, inf
	}
	return 1, "none"
}

var mapRoles = names(deal.Roles)

func svgKnownRole(r string) bool { return slices.Contains(mapRoles, r) }

// roleStyle is how a role's badge is filled: the decision maker dark, the
// coach purple, the others light.
func roleStyle(r string) (fill, stroke, ink string) {
	switch deal.Role(r) {
	case deal.DecisionMaker:
		return svgColHeader, svgColHeader, "#ffffff"
	case deal.Coach:
		return "#fbefff", "#8250df", "#6639ba"
	}
	return svgColBadge, svgColLine, svgColText
}

func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// svgRoleName and svgRoleAbbr localize a role; unknown roles show as written.
func svgRoleName(r string, t i18n.Printer) string {
	if svgKnownRole(r) {
		return t.T("svg.role." + r)
	}
	return svgClean(r)
}

func svgRoleAbbr(r string, t i18n.Printer) string {
	if svgKnownRole(r) {
		return t.T("svg.roleAbbr." + r)
	}
	return fitDraw(svgClean(r), 40, 10, true)
}

func svgRoleClass(r string) string {
	if svgKnownRole(r) {
		return "svg-role svg-role-" + r
	}
	return "svg-role svg-role-other"
}

// svgRelName localizes a relationship level; unknown values show as written.
func svgRelName(l string, t i18n.Printer) string {
	switch {
	case slices.Contains(deal.Relations, deal.Relation(l)):
		return t.T("svg.rel." + l)
	case l == "":
		return "?"
	}
	return svgClean(l)
}

func svgLevelName(l string, t i18n.Printer) string {
	if slices.Contains(deal.Ratings, deal.Rating(l)) {
		return t.T("svg.level." + l)
	}
	return t.T("svg.level.none")
}

// svgTeamColours tell our people's coverage lines apart; each of our
// people's box carries their colour.
var svgTeamColours = []string{"#0969da", "#8250df", "#1a7f37", "#bc4c00", "#bf3989", "#1b7c83"}

func teamColour(k int) string { return svgTeamColours[k%len(svgTeamColours)] }

// StakeholderMap draws the customer's org chart from reports_to: one box
// per person (name and title wrapped, role badges, the final signer
// marked, attitude colour and symbol, influence as border weight, our
// coverage), orthogonal connectors, our people in a row at the top with a
// light line to each person they cover (class svg-coverage, which the site
// can hide), the people the chart cannot place in labelled rows of their
// own, the roles TAS requires but nobody plays yet as dashed boxes, and a
// legend. Text that does not fit is shortened with "…"; every box's
// <title> holds it all. It returns "" when there is nobody and nothing
// missing.
func StakeholderMap(m Stakeholders, t i18n.Printer) template.HTML {
	if len(m.People) == 0 && len(m.Missing) == 0 {
		return ""
	}
	l := layoutStakeholders(m, t)
	w := &markup.Writer{}
	beginScrolled(w, l.W, l.H, "svg-map", t.T("svg.map.aria", "people", len(m.People), "missing", len(m.Missing)))

	// Coverage first, under everything else: light, dashed, one path per
	// person of ours.
	if len(l.Links) > 0 {
		w.Start("g", markup.A("class", "svg-coverage"), markup.A("fill", "none"), markup.F("stroke-width", 1.5),
			markup.A("stroke-dasharray", "5 3"), markup.A("stroke-opacity", "0.55"))
		paths := make([]markup.Path, len(l.Team))
		for _, k := range l.Links {
			paths[k.Team].M(k.X1, k.Y1)
			paths[k.Team].L(k.X2, k.Y2)
		}
		for k := range paths {
			if d := paths[k].String(); d != "" {
				w.Leaf("path", markup.A("class", "svg-link"), markup.A("d", d), markup.A("stroke", teamColour(k)))
			}
		}
		w.End("g")
	}
	if len(l.Segs) > 0 {
		var d markup.Path
		for _, s := range l.Segs {
			d.M(s.X1, s.Y1)
			if s.X1 == s.X2 {
				d.V(s.Y2)
			} else {
				d.H(s.X2)
			}
		}
		w.Leaf("path", markup.A("class", "svg-edge"), markup.A("d", d.String()), markup.A("fill", "none"), markup.A("stroke", svgColFaint), markup.F("stroke-width", 1.5))
	}
	for _, h := range l.Headings {
		textAt(w, mapMargin, h.Y, 13, "", "svg-heading", h.Text, markup.A("font-weight", "bold"))
	}
	if len(l.Team) > 0 {
		covers := make([][]string, len(l.Team))
		for _, k := range l.Links {
			p := m.People[k.Person]
			covers[k.Team] = append(covers[k.Team], personName(p))
		}
		for k, b := range l.Team {
			drawTeam(w, b, l.TeamName[k], covers[k], t)
		}
	}
	for _, b := range l.Boxes {
		drawPerson(w, b, m.People[b.Person], l.Dangling[b.Person], l.Cycle[b.Person], t)
	}
	// A dot where a coverage line ends, over the box of the person
	// covered: a line that passes under a box does not look like it ends
	// there.
	if len(l.Links) > 0 {
		w.Start("g", markup.A("class", "svg-coverage"))
		for _, k := range l.Links {
			w.Leaf("circle", markup.F("cx", k.X2), markup.F("cy", k.Y2), markup.A("r", "3.5"), markup.A("fill", teamColour(k.Team)))
		}
		w.End("g")
	}
	for _, b := range l.Missing {
		drawMissing(w, b, t)
	}
	drawMapLegend(w, l.LegendY, l.W, len(l.Team) > 0, t)
	return w.HTML()
}

func personName(p Person) string {
	if name := svgClean(p.Name); name != "" {
		return name
	}
	return svgClean(p.ID)
}

// drawTeam draws one of our people, in the colour of their lines.
func drawTeam(w *markup.Writer, b mapBox, name string, covers []string, t i18n.Printer) {
	colour := teamColour(b.Team)
	w.Start("g", markup.A("class", "svg-team"))
	tip := name
	if len(covers) > 0 {
		tip += "\n" + t.T("svg.map.tipCovers", "names", strings.Join(covers, t.T("svg.sep")))
	}
	w.Title(tip)
	w.Leaf("rect", markup.A("class", "svg-box"), markup.F("x", b.X), markup.F("y", b.Y), markup.F("width", b.W), markup.F("height", b.H),
		markup.A("rx", "6"), markup.A("fill", "#f6f8fa"), markup.A("stroke", colour), markup.F("stroke-width", 1.5))
	w.Leaf("rect", markup.F("x", b.X), markup.F("y", b.Y), markup.A("width", "6"), markup.F("height", b.H), markup.A("rx", "3"), markup.A("fill", colour))
	lines := wrapDraw(name, []float64{b.W - 22}, 11.5, true, 2)
	y := b.Y + b.H/2 + 4
	if len(lines) > 1 {
		y -= 6.5
	}
	linesAt(w, b.X+14, y, 11.5, 13, "svg-name", lines, markup.A("font-weight", "bold"))
	w.End("g")
}

// Where things are in a person's box, from its top.
const (
	mapNameY   = 22.0 // first baseline of the name
	mapNameLH  = 15.5
	mapTitleLH = 13.0
	mapBadgeY  = 74.0 // top of the role badges
	mapCoverY  = 104.0
	mapCoverLH = 11.5
)

func drawPerson(w *markup.Writer, b mapBox, p Person, dangling, cycle bool, t i18n.Printer) {
	att := svgAttitude(p.Attitude)
	attKey := att.key
	bw, infKey := svgInfluenceWidth(p.Influence)
	name, title := personName(p), svgClean(p.Title)

	// Our coverage: "who · current → target", one part per person of ours.
	var parts []string
	rel := ""
	for _, c := range p.Coverage {
		part := svgClean(c.By)
		if part == "" {
			part = t.T("svg.map.uncovered")
		}
		if c.Current != "" || c.Target != "" {
			rel = svgRelName(c.Current, t) + " → " + svgRelName(c.Target, t)
			part += " · " + rel
		}
		parts = append(parts, part)
	}

	// The tooltip has everything, in full.
	var tip []string
	if title != "" {
		tip = append(tip, name+" — "+title)
	} else {
		tip = append(tip, name)
	}
	if p.Signer {
		tip = append(tip, t.T("svg.map.signer"))
	}
	if len(p.Roles) > 0 {
		names := make([]string, len(p.Roles))
		for k, r := range p.Roles {
			names[k] = svgRoleName(r, t)
		}
		tip = append(tip, t.T("svg.map.tipRoles", "roles", strings.Join(names, t.T("svg.sep"))))
	}
	tip = append(tip, t.T("svg.map.tipAttitude", "attitude", t.T("svg.attitude."+attKey)))
	tip = append(tip, t.T("svg.map.tipInfluence", "influence", svgLevelName(p.Influence, t)))
	if len(parts) == 0 {
		tip = append(tip, t.T("svg.map.uncovered"))
	}
	for _, part := range parts {
		tip = append(tip, t.T("svg.map.tipCoverage", "who", part))
	}
	if dangling {
		tip = append(tip, t.T("svg.map.tipDangling", "boss", svgClean(p.ReportsTo)))
	}
	if cycle {
		tip = append(tip, t.T("svg.map.tipCycle"))
	}

	class := "svg-person svg-att-" + attKey + " svg-inf-" + infKey
	if p.Signer {
		class += " svg-signer"
	}
	w.Start("g", markup.A("class", class))
	w.Title(strings.Join(tip, "\n"))
	w.Leaf("rect", markup.A("class", "svg-box"), markup.F("x", b.X), markup.F("y", b.Y), markup.F("width", b.W), markup.F("height", b.H),
		markup.A("rx", "6"), markup.A("fill", att.fill), markup.A("stroke", att.stroke), markup.F("stroke-width", bw))

	// The final signer: a dark tab on the box's top edge, left of the
	// connector that comes in at the centre.
	if p.Signer {
		label := fitDraw(t.T("svg.map.signer"), b.W/2-24, 9.5, true)
		tw := drawWidth(label, 9.5, true) + 12
		w.Start("g", markup.A("class", "svg-signer-mark"))
		w.Leaf("rect", markup.F("x", b.X+8), markup.F("y", b.Y-10), markup.F("width", tw), markup.A("height", "16"), markup.A("rx", "8"), markup.A("fill", svgColHeader))
		textAt(w, b.X+8+tw/2, b.Y+1.5, 9.5, "middle", "", label, markup.A("fill", "#ffffff"), markup.A("font-weight", "bold"))
		w.End("g")
	}

	// Attitude symbol in the top-right corner.
	mx, my := b.X+b.W-16, b.Y+16
	w.Start("g", markup.A("class", "svg-att-mark"))
	w.Leaf("circle", markup.F("cx", mx), markup.F("cy", my), markup.A("r", "9"), markup.A("fill", att.stroke))
	textAt(w, mx, my+3.5, 10, "middle", "", att.mark, markup.A("fill", "#ffffff"), markup.A("font-weight", "bold"))
	w.End("g")

	pad := 10.0
	inner := b.W - 2*pad
	names := wrapDraw(name, []float64{inner - 24, inner}, 13, true, 2)
	linesAt(w, b.X+pad, b.Y+mapNameY, 13, mapNameLH, "svg-name", names, markup.A("font-weight", "bold"))
	if title != "" {
		y := b.Y + mapNameY + float64(len(names)-1)*mapNameLH + 15
		linesAt(w, b.X+pad, y, 11, mapTitleLH, "svg-title svg-muted", wrapDraw(title, []float64{inner}, 11, false, 2), markup.A("fill", svgColMuted))
	}

	// Role badges.
	x := b.X + pad
	for k, r := range p.Roles {
		abbr := svgRoleAbbr(r, t)
		bwid := drawWidth(abbr, 10, true) + 8
		if x+bwid > b.X+b.W-pad {
			textAt(w, x, b.Y+mapBadgeY+12, 10, "", "svg-muted", "+"+strconv.Itoa(len(p.Roles)-k), markup.A("fill", svgColMuted))
			break
		}
		fill, stroke, ink := roleStyle(r)
		w.Start("g", markup.A("class", svgRoleClass(r)))
		w.Title(svgRoleName(r, t))
		w.Leaf("rect", markup.F("x", x), markup.F("y", b.Y+mapBadgeY), markup.F("width", bwid), markup.A("height", "16"), markup.A("rx", "3"),
			markup.A("fill", fill), markup.A("stroke", stroke))
		textAt(w, x+bwid/2, b.Y+mapBadgeY+11.5, 10, "middle", "", abbr, markup.A("font-weight", "bold"), markup.A("fill", ink))
		w.End("g")
		x += bwid + 4
	}

	// Coverage, in two lines: with one person of ours whose name and
	// relationship do not fit, the name is shortened and the relationship
	// keeps the second line.
	fs := 10.5
	y := b.Y + mapCoverY
	if len(parts) == 0 || len(parts) == 1 && svgClean(p.Coverage[0].By) == "" {
		s := t.T("svg.map.uncovered")
		if len(parts) == 1 {
			s = parts[0]
		}
		linesAt(w, b.X+pad, y, fs, mapCoverLH, "svg-cover svg-uncovered", wrapDraw(s, []float64{inner}, fs, false, 2),
			markup.A("fill", svgColRed), markup.A("font-style", "italic"))
	} else {
		lines := wrapDraw(strings.Join(parts, "; "), []float64{inner}, fs, false, 2)
		if len(parts) == 1 && rel != "" && len(lines) > 1 {
			lines = []string{fitDraw(svgClean(p.Coverage[0].By), inner, fs, false), fitDraw(rel, inner, fs, false)}
		}
		linesAt(w, b.X+pad, y, fs, mapCoverLH, "svg-cover", lines, markup.A("fill", svgColText))
	}
	w.End("g")
}

func drawMissing(w *markup.Writer, b mapBox, t i18n.Printer) {
	name := svgRoleName(b.Role, t)
	w.Start("g", markup.A("class", "svg-missing "+svgRoleClass(b.Role)))
	w.Title(name + ": " + t.T("svg.map.notFound"))
	w.Leaf("rect", markup.F("x", b.X), markup.F("y", b.Y), markup.F("width", b.W), markup.F("height", b.H), markup.A("rx", "6"),
		markup.A("fill", "none"), markup.A("stroke", svgColAxis), markup.F("stroke-width", 1.5), markup.A("stroke-dasharray", "6 4"))
	lines := wrapDraw(name, []float64{b.W - 16}, 12.5, true, 2)
	y := b.Y + 24
	if len(lines) > 1 {
		y -= 6
	}
	for k, line := range lines {
		textAt(w, b.X+b.W/2, y+float64(k)*14, 12.5, "middle", "svg-name", line, markup.A("font-weight", "bold"))
	}
	textAt(w, b.X+b.W/2, y+float64(len(lines)-1)*14+17, 11, "middle", "svg-muted", fitDraw(t.T("svg.map.notFound"), b.W-16, 11, false),
		markup.A("fill", svgColMuted), markup.A("font-style", "italic"))
	w.End("g")
}

// mapLegendItems lists the legend's entries; the same list drives the
// height estimate and the drawing.
type mapLegendItem struct {
	heading bool
	kind    string // "att", "inf", "role", "signer", "link", or "" for a heading
	key     string
	label   string
	swatchW float64
}

func mapLegendItems(t i18n.Printer, coverage bool) []mapLegendItem {
	var items []mapLegendItem
	items = append(items, mapLegendItem{heading: true, label: t.T("svg.map.legendAttitude")})
	for _, s := range svgAttitudes {
		items = append(items, mapLegendItem{kind: "att", key: s.key, label: t.T("svg.attitude." + s.key), swatchW: 22})
	}
	items = append(items, mapLegendItem{heading: true, label: t.T("svg.map.legendInfluence")})
	for _, l := range svgInfluenceLevels {
		items = append(items, mapLegendItem{kind: "inf", key: l, label: t.T("svg.level." + l), swatchW: 22})
	}
	items = append(items, mapLegendItem{heading: true, label: t.T("svg.map.legendRoles")})
	for _, r := range mapRoles {
		items = append(items, mapLegendItem{kind: "role", key: r, label: t.T("svg.role." + r), swatchW: drawWidth(t.T("svg.roleAbbr."+r), 10, true) + 8})
	}
	items = append(items, mapLegendItem{kind: "signer", label: t.T("svg.map.signer"), swatchW: 22})
	if coverage {
		items = append(items, mapLegendItem{heading: true, label: t.T("svg.map.legendCoverage")})
		items = append(items, mapLegendItem{kind: "link", label: t.T("svg.map.legendLink"), swatchW: 30})
	}
	return items
}

const mapLegendLine = 22.0

func (it mapLegendItem) width() float64 {
	if it.heading {
		return drawWidth(it.label, 11.5, true) + 4
	}
	return it.swatchW + 5 + drawWidth(it.label, 11, false)
}

// mapLegendFlow runs the legend layout; draw is nil for measuring.
func mapLegendFlow(t i18n.Printer, y, width float64, coverage bool, draw func(it mapLegendItem, x, y float64)) float64 {
	f := newSVGFlow(mapMargin, y, width-mapMargin, mapLegendLine)
	for _, it := range mapLegendItems(t, coverage) {
		if it.heading {
			f.newline()
		}
		x, yy := f.place(it.width(), 14)
		if draw != nil {
			draw(it, x, yy)
		}
	}
	return f.bottom() - y
}

func mapLegendHeight(t i18n.Printer, width float64, coverage bool) float64 {
	return mapLegendFlow(t, 0, width, coverage, nil)
}

// legendCache holds drawn legends by language, width and whether they
// explain coverage lines: the legend is the same on many maps of a build,
// and drawing it is a fair share of the work of a deal page. The cached
// text was made by a markup.Writer, so it is escaped like everything else
// the writer emits.
var legendCache sync.Map

type legendKey struct {
	zh, coverage bool
	width        float64
}

func drawMapLegend(w *markup.Writer, y, width float64, coverage bool, t i18n.Printer) {
	key := legendKey{t.Lang == i18n.Chinese, coverage, width}
	cached, ok := legendCache.Load(key)
	if !ok {
		lw := &markup.Writer{}
		drawMapLegendAt(lw, 0, width, coverage, t)
		cached, _ = legendCache.LoadOrStore(key, lw.Fragment())
	}
	w.Start("g", markup.A("transform", "translate(0 "+markup.Num(y)+")"))
	w.Insert(cached.(markup.Fragment))
	w.End("g")
}

func drawMapLegendAt(w *markup.Writer, y, width float64, coverage bool, t i18n.Printer) {
	w.Start("g", markup.A("class", "svg-legend"))
	mapLegendFlow(t, y, width, coverage, func(it mapLegendItem, x, y float64) {
		base := y + 14
		if it.heading {
			textAt(w, x, base, 11.5, "", "svg-heading", it.label, markup.A("font-weight", "bold"))
			return
		}
		switch it.kind {
		case "att":
			s := svgAttitude(it.key)
			w.Leaf("rect", markup.A("class", "svg-swatch svg-att-"+s.key), markup.F("x", x), markup.F("y", y+3), markup.A("width", "22"), markup.A("height", "14"), markup.A("rx", "3"),
				markup.A("fill", s.fill), markup.A("stroke", s.stroke), markup.F("stroke-width", 1.5))
			textAt(w, x+11, base-0.5, 8, "middle", "", s.mark, markup.A("fill", s.stroke), markup.A("font-weight", "bold"))
		case "inf":
			sw, _ := svgInfluenceWidth(it.key)
			w.Leaf("rect", markup.A("class", "svg-swatch svg-inf-"+it.key), markup.F("x", x+sw/2), markup.F("y", y+3+sw/2), markup.F("width", 22-sw), markup.F("height", 14-sw), markup.A("rx", "2"),
				markup.A("fill", "#ffffff"), markup.A("stroke", svgColAxis), markup.F("stroke-width", sw))
		case "role":
			abbr := t.T("svg.roleAbbr." + it.key)
			fill, stroke, ink := roleStyle(it.key)
			w.Leaf("rect", markup.A("class", "svg-swatch "+svgRoleClass(it.key)), markup.F("x", x), markup.F("y", y+2), markup.F("width", it.swatchW), markup.A("height", "16"), markup.A("rx", "3"),
				markup.A("fill", fill), markup.A("stroke", stroke))
			textAt(w, x+it.swatchW/2, y+13.5, 10, "middle", "", abbr, markup.A("font-weight", "bold"), markup.A("fill", ink))
		case "signer":
			w.Leaf("rect", markup.A("class", "svg-swatch svg-signer-mark"), markup.F("x", x), markup.F("y", y+2), markup.A("width", "22"), markup.A("height", "16"), markup.A("rx", "8"),
				markup.A("fill", svgColHeader))
		case "link":
			w.Leaf("line", markup.A("class", "svg-swatch svg-link"), markup.F("x1", x), markup.F("y1", y+14), markup.F("x2", x+it.swatchW), markup.F("y2", y+5),
				markup.A("stroke", teamColour(0)), markup.F("stroke-width", 1.5), markup.A("stroke-dasharray", "5 3"))
		}
		textAt(w, x+it.swatchW+5, base, 11, "", "svg-label", it.label)
	})
	w.End("g")
}
