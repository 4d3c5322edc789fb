package svg

import (
	"html/template"
	"math"
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
	CoveredBy       string   // who on our side covers them, or ""
	Current, Target string   // relationship levels: none, contact, working, trusted, advocate, or ""
}

// Stakeholders is the input of StakeholderMap.
type Stakeholders struct {
	People  []Person
	Missing []string // roles TAS requires for this account but nobody plays yet
}

// Geometry of the stakeholder map, in SVG user units (px at scale 1).
const (
	mapBoxW     = 200.0 // person box
	mapBoxH     = 84.0
	mapHGap     = 20.0  // between boxes and subtrees side by side
	mapVGap     = 32.0  // between a parent and its row of children
	mapRootGap  = 40.0  // between separate trees of the forest
	mapIndent   = 24.0  // wrapped rows: children start this far right of the trunk
	mapMaxRow   = 1300. // a row of subtrees wraps beyond this width
	mapGridCols = 4     // leaf children of one parent: at most this many per row
	mapMixCols  = 2     // leaf children beside subtrees: columns of their grid
	mapMargin   = 16.0
	mapMissW    = 168.0 // box of a role not yet found
	mapMissH    = 56.0
	mapMissCols = 5
)

// mapBox is a placed box: a person (Person >= 0) or a role not yet found
// (Person == -1, Role set).
type mapBox struct {
	X, Y, W, H float64
	Person     int
	Role       string
}

// mapSeg is a straight connector segment; every segment is horizontal or
// vertical.
type mapSeg struct{ X1, Y1, X2, Y2 float64 }

// mapLayout is the computed stakeholder map, in absolute coordinates.
type mapLayout struct {
	W, H     float64
	Boxes    []mapBox // one per person, in the order people were placed
	Segs     []mapSeg
	Missing  []mapBox
	MissingY float64 // baseline of the "roles not yet found" heading
	LegendY  float64 // top of the legend
	Dangling []bool  // per person: reports_to names nobody in the map
	Cycle    []bool  // per person: reports_to is part of a cycle
}

// mapBlock is a laid-out subtree (or grid of leaves) in coordinates
// relative to its top-left corner. Connector segments of a block may reach
// up to mapVGap/2 above its top, where the parent's bus runs.
type mapBlock struct {
	w, h   float64
	attach float64 // x where the parent's connector enters the block
	boxes  []mapBox
	segs   []mapSeg
}

func (b *mapBlock) add(o mapBlock, dx, dy float64) {
	for _, x := range o.boxes {
		x.X += dx
		x.Y += dy
		b.boxes = append(b.boxes, x)
	}
	for _, s := range o.segs {
		b.seg(s.X1+dx, s.Y1+dy, s.X2+dx, s.Y2+dy)
	}
}

// seg adds a segment, dropping zero-length ones.
func (b *mapBlock) seg(x1, y1, x2, y2 float64) {
	if x1 == x2 && y1 == y2 {
		return
	}
	b.segs = append(b.segs, mapSeg{x1, y1, x2, y2})
}

type mapLayouter struct {
	children [][]int
}

// mapForest computes each person's parent index from reports_to. Roots:
// no reports_to, an id that is not in the map (dangling), the person's own
// id, or a person on a reports_to cycle. Duplicate ids resolve to the first
// person with that id.
func mapForest(people []Person) (parent []int, dangling, cycle []bool) {
	n := len(people)
	first := make(map[string]int, n)
	for i, p := range people {
		if _, dup := first[p.ID]; !dup && p.ID != "" {
			first[p.ID] = i
		}
	}
	parent = make([]int, n)
	dangling = make([]bool, n)
	cycle = make([]bool, n)
	for i, p := range people {
		parent[i] = -1
		if p.ReportsTo == "" {
			continue
		}
		j, ok := first[p.ReportsTo]
		switch {
		case !ok:
			dangling[i] = true
		case j == i:
			cycle[i] = true
		default:
			parent[i] = j
		}
	}
	// Find cycles: walk up from every person; a walk that meets a person of
	// its own walk has found a cycle (0 = new, 1 = on this walk, 2 = done).
	state := make([]byte, n)
	var path []int
	for i := range n {
		path = path[:0]
		j := i
		for j >= 0 && state[j] == 0 {
			state[j] = 1
			path = append(path, j)
			j = parent[j]
		}
		if j >= 0 && state[j] == 1 {
			for k := len(path) - 1; k >= 0; k-- {
				cycle[path[k]] = true
				if path[k] == j {
					break
				}
			}
		}
		for _, k := range path {
			state[k] = 2
		}
	}
	for i := range n {
		if cycle[i] {
			parent[i] = -1
		}
	}
	return parent, dangling, cycle
}

// layoutStakeholders places every person exactly once, the roles not yet
// found in their own row, and leaves room for the legend.
func layoutStakeholders(m Stakeholders, t i18n.Printer) mapLayout {
	n := len(m.People)
	parent, dangling, cycle := mapForest(m.People)
	ly := mapLayouter{children: make([][]int, n)}
	var roots []int
	for i := range n {
		if parent[i] < 0 {
			roots = append(roots, i)
		} else {
			ly.children[parent[i]] = append(ly.children[parent[i]], i)
		}
	}

	// The forest: root trees side by side, wrapping into rows.
	var forest mapBlock
	x, y, rowH := 0.0, 0.0, 0.0
	for _, r := range roots {
		b := ly.node(r)
		if x > 0 && x+b.w > mapMaxRow {
			x = 0
			y += rowH + mapRootGap
			rowH = 0
		}
		forest.add(b, x, y)
		x += b.w + mapRootGap
		forest.w = math.Max(forest.w, x-mapRootGap)
		rowH = math.Max(rowH, b.h)
	}
	if len(roots) > 0 {
		forest.h = y + rowH
	}

	out := mapLayout{Dangling: dangling, Cycle: cycle}
	width := forest.w
	top := mapMargin
	for _, b := range forest.boxes {
		b.X += mapMargin
		b.Y += top
		out.Boxes = append(out.Boxes, b)
	}
	for _, s := range forest.segs {
		out.Segs = append(out.Segs, mapSeg{s.X1 + mapMargin, s.Y1 + top, s.X2 + mapMargin, s.Y2 + top})
	}
	y = top + forest.h

	// Roles not yet found: a heading, then dashed boxes in rows.
	if len(m.Missing) > 0 {
		if len(roots) > 0 {
			y += 28
		}
		out.MissingY = y + 14
		y += 24
		for i, role := range m.Missing {
			col, row := i%mapMissCols, i/mapMissCols
			out.Missing = append(out.Missing, mapBox{
				X:      mapMargin + float64(col)*(mapMissW+mapHGap),
				Y:      y + float64(row)*(mapMissH+mapHGap),
				W:      mapMissW,
				H:      mapMissH,
				Person: -1,
				Role:   role,
			})
		}
		cols := math.Min(float64(len(m.Missing)), mapMissCols)
		rows := math.Ceil(float64(len(m.Missing)) / mapMissCols)
		width = math.Max(width, cols*mapMissW+(cols-1)*mapHGap)
		y += rows*mapMissH + (rows-1)*mapHGap
	}

	out.W = math.Max(width, 600) + 2*mapMargin
	out.LegendY = y + 28
	out.H = out.LegendY + mapLegendHeight(t, out.W) + mapMargin
	return out
}

// node lays out the subtree of person i.
func (ly *mapLayouter) node(i int) mapBlock {
	kids := ly.children[i]
	if len(kids) == 0 {
		return mapBlock{
			w: mapBoxW, h: mapBoxH, attach: mapBoxW / 2,
			boxes: []mapBox{{W: mapBoxW, H: mapBoxH, Person: i}},
		}
	}
	var leaves, inner []int
	for _, k := range kids {
		if len(ly.children[k]) == 0 {
			leaves = append(leaves, k)
		} else {
			inner = append(inner, k)
		}
	}
	var blocks []mapBlock
	switch {
	case len(inner) == 0 && len(leaves) > mapGridCols:
		blocks = append(blocks, leafGrid(leaves, mapGridCols))
	case len(inner) > 0 && len(leaves) > mapMixCols:
		for _, k := range inner {
			blocks = append(blocks, ly.node(k))
		}
		blocks = append(blocks, leafGrid(leaves, mapMixCols))
	default:
		for _, k := range kids {
			blocks = append(blocks, ly.node(k))
		}
	}
	return underParent(i, blocks)
}

// leafGrid lays out childless people in a grid of at most cols columns,
// column-aligned, with a trunk in the gap between the middle columns that
// feeds one bus above each row.
func leafGrid(people []int, cols int) mapBlock {
	c := min(cols, len(people))
	rows := (len(people) + c - 1) / c
	stepX, stepY := mapBoxW+mapHGap, mapBoxH+mapVGap
	b := mapBlock{
		w: float64(c)*mapBoxW + float64(c-1)*mapHGap,
		h: float64(rows)*mapBoxH + float64(rows-1)*mapVGap,
	}
	b.attach = mapBoxW / 2
	if c > 1 {
		b.attach = float64(c/2)*stepX - mapHGap/2
	}
	for k, p := range people {
		b.boxes = append(b.boxes, mapBox{X: float64(k%c) * stepX, Y: float64(k/c) * stepY, W: mapBoxW, H: mapBoxH, Person: p})
	}
	for r := range rows {
		busY := float64(r)*stepY - mapVGap/2
		lo, hi := b.attach, b.attach
		for k := r * c; k < min((r+1)*c, len(people)); k++ {
			cx := float64(k%c)*stepX + mapBoxW/2
			lo, hi = math.Min(lo, cx), math.Max(hi, cx)
			b.seg(cx, busY, cx, busY+mapVGap/2)
		}
		b.seg(lo, busY, hi, busY)
	}
	if rows > 1 {
		b.seg(b.attach, 0, b.attach, float64(rows-1)*stepY-mapVGap/2)
	}
	return b
}

// underParent puts person i above its child blocks and draws the
// connectors. One row: the parent is centred over the children and a bus
// joins them. Wider than mapMaxRow: the blocks wrap into rows hanging off a
// trunk that runs down the parent's centre line, left of every row.
func underParent(i int, blocks []mapBlock) mapBlock {
	// Greedy rows.
	var rows [][]mapBlock
	rowW := 0.0
	for _, b := range blocks {
		if len(rows) > 0 && rowW+mapHGap+b.w <= mapMaxRow {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
			rowW += mapHGap + b.w
			continue
		}
		rows = append(rows, []mapBlock{b})
		rowW = b.w
	}
	var out mapBlock
	if len(rows) == 1 {
		row := rows[0]
		xs := make([]float64, len(row))
		x := 0.0
		for k, b := range row {
			xs[k] = x
			x += b.w + mapHGap
		}
		rowW := x - mapHGap
		first, last := xs[0]+row[0].attach, xs[len(row)-1]+row[len(row)-1].attach
		pc := (first + last) / 2
		shift := math.Max(0, mapBoxW/2-pc) // keep the parent box inside
		pc += shift
		out.w = math.Max(rowW+shift, pc+mapBoxW/2)
		out.attach = pc
		out.boxes = append(out.boxes, mapBox{X: pc - mapBoxW/2, W: mapBoxW, H: mapBoxH, Person: i})
		top := mapBoxH + mapVGap
		busY := mapBoxH + mapVGap/2
		out.seg(pc, mapBoxH, pc, busY)
		out.seg(math.Min(pc, first+shift), busY, math.Max(pc, last+shift), busY)
		h := 0.0
		for k, b := range row {
			ax := xs[k] + shift + b.attach
			out.seg(ax, busY, ax, top)
			out.add(b, xs[k]+shift, top)
			h = math.Max(h, b.h)
		}
		out.h = top + h
		return out
	}
	trunk := mapBoxW / 2
	x0 := trunk + mapIndent
	out.attach = trunk
	out.boxes = append(out.boxes, mapBox{W: mapBoxW, H: mapBoxH, Person: i})
	out.w = mapBoxW
	top := mapBoxH + mapVGap
	busY := 0.0
	for _, row := range rows {
		busY = top - mapVGap/2
		x, h, lastAttach := x0, 0.0, x0
		for _, b := range row {
			lastAttach = x + b.attach
			out.seg(lastAttach, busY, lastAttach, top)
			out.add(b, x, top)
			x += b.w + mapHGap
			h = math.Max(h, b.h)
		}
		out.seg(trunk, busY, lastAttach, busY)
		out.w = math.Max(out.w, x-mapHGap)
		top += h + mapVGap
	}
	out.seg(trunk, mapBoxH, trunk, busY)
	out.h = top - mapVGap
	return out
}

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

// StakeholderMap draws the customer's org chart from reports_to: one box
// per person (name, title, role badges, attitude colour and symbol,
// influence as border weight, our coverage), orthogonal connectors, the
// roles TAS requires but nobody plays yet as dashed boxes in their own row,
// and a legend. It returns "" when there is nobody and nothing missing.
func StakeholderMap(m Stakeholders, t i18n.Printer) template.HTML {
	if len(m.People) == 0 && len(m.Missing) == 0 {
		return ""
	}
	l := layoutStakeholders(m, t)
	w := &markup.Writer{}
	begin(w, l.W, l.H, "svg-map", t.T("svg.map.aria", "people", len(m.People), "missing", len(m.Missing)))

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
	for _, b := range l.Boxes {
		drawPerson(w, b, m.People[b.Person], l.Dangling[b.Person], l.Cycle[b.Person], t)
	}
	if len(l.Missing) > 0 {
		textAt(w, mapMargin, l.MissingY, 13, "", "svg-heading", t.T("svg.map.missing"), markup.A("font-weight", "bold"))
		for _, b := range l.Missing {
			drawMissing(w, b, t)
		}
	}
	drawMapLegend(w, l.LegendY, l.W, t)
	return w.HTML()
}

func drawPerson(w *markup.Writer, b mapBox, p Person, dangling, cycle bool, t i18n.Printer) {
	att := svgAttitude(p.Attitude)
	attKey := att.key
	bw, infKey := svgInfluenceWidth(p.Influence)
	name, title := svgClean(p.Name), svgClean(p.Title)
	if name == "" {
		name = svgClean(p.ID)
	}

	// Tooltip with everything, untruncated.
	var tip []string
	if title != "" {
		tip = append(tip, name+" — "+title)
	} else {
		tip = append(tip, name)
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
	cover := svgClean(p.CoveredBy)
	if cover != "" {
		tip = append(tip, t.T("svg.map.tipCoverage", "who", cover))
	} else {
		tip = append(tip, t.T("svg.map.uncovered"))
	}
	if p.Current != "" || p.Target != "" {
		tip = append(tip, t.T("svg.map.tipRelationship", "current", svgRelName(p.Current, t), "target", svgRelName(p.Target, t)))
	}
	if dangling {
		tip = append(tip, t.T("svg.map.tipDangling", "boss", svgClean(p.ReportsTo)))
	}
	if cycle {
		tip = append(tip, t.T("svg.map.tipCycle"))
	}

	w.Start("g", markup.A("class", "svg-person svg-att-"+attKey+" svg-inf-"+infKey))
	w.Title(strings.Join(tip, "\n"))
	w.Leaf("rect", markup.A("class", "svg-box"), markup.F("x", b.X), markup.F("y", b.Y), markup.F("width", b.W), markup.F("height", b.H),
		markup.A("rx", "6"), markup.A("fill", att.fill), markup.A("stroke", att.stroke), markup.F("stroke-width", bw))

	// Attitude symbol in the top-right corner.
	mx, my := b.X+b.W-16, b.Y+16
	w.Start("g", markup.A("class", "svg-att-mark"))
	w.Leaf("circle", markup.F("cx", mx), markup.F("cy", my), markup.A("r", "9"), markup.A("fill", att.stroke))
	textAt(w, mx, my+3.5, 10, "middle", "", att.mark, markup.A("fill", "#ffffff"), markup.A("font-weight", "bold"))
	w.End("g")

	pad := 10.0
	inner := b.W - 2*pad
	textAt(w, b.X+pad, b.Y+21, 13, "", "svg-name", fitDraw(name, inner-24, 13, true), markup.A("font-weight", "bold"))
	if title != "" {
		textAt(w, b.X+pad, b.Y+37, 11, "", "svg-title svg-muted", fitDraw(title, inner, 11, false), markup.A("fill", svgColMuted))
	}

	// Role badges.
	x := b.X + pad
	for k, r := range p.Roles {
		abbr := svgRoleAbbr(r, t)
		bwid := drawWidth(abbr, 10, true) + 8
		if x+bwid > b.X+b.W-pad {
			textAt(w, x, b.Y+56, 10, "", "svg-muted", "+"+strconv.Itoa(len(p.Roles)-k), markup.A("fill", svgColMuted))
			break
		}
		fill, stroke, ink := roleStyle(r)
		w.Start("g", markup.A("class", svgRoleClass(r)))
		w.Title(svgRoleName(r, t))
		w.Leaf("rect", markup.F("x", x), markup.F("y", b.Y+44), markup.F("width", bwid), markup.A("height", "16"), markup.A("rx", "3"),
			markup.A("fill", fill), markup.A("stroke", stroke))
		textAt(w, x+bwid/2, b.Y+55.5, 10, "middle", "", abbr, markup.A("font-weight", "bold"), markup.A("fill", ink))
		w.End("g")
		x += bwid + 4
	}

	// Our coverage: "covered by · current → target".
	rel := ""
	if p.Current != "" || p.Target != "" {
		rel = svgRelName(p.Current, t) + " → " + svgRelName(p.Target, t)
	}
	fs := 10.5
	y := b.Y + b.H - 10
	if cover == "" {
		s := t.T("svg.map.uncovered")
		if rel != "" {
			s += " · " + rel
		}
		textAt(w, b.X+pad, y, fs, "", "svg-cover svg-uncovered", fitDraw(s, inner, fs, false), markup.A("fill", svgColRed), markup.A("font-style", "italic"))
	} else {
		s := cover
		if rel != "" {
			relW := drawWidth(" · "+rel, fs, false)
			s = fitDraw(cover, math.Max(inner-relW, inner*0.35), fs, false) + " · " + rel
		}
		textAt(w, b.X+pad, y, fs, "", "svg-cover", fitDraw(s, inner, fs, false), markup.A("fill", svgColText))
	}
	w.End("g")
}

func drawMissing(w *markup.Writer, b mapBox, t i18n.Printer) {
	name := svgRoleName(b.Role, t)
	w.Start("g", markup.A("class", "svg-missing "+svgRoleClass(b.Role)))
	w.Title(name + ": " + t.T("svg.map.notFound"))
	w.Leaf("rect", markup.F("x", b.X), markup.F("y", b.Y), markup.F("width", b.W), markup.F("height", b.H), markup.A("rx", "6"),
		markup.A("fill", "none"), markup.A("stroke", svgColAxis), markup.F("stroke-width", 1.5), markup.A("stroke-dasharray", "6 4"))
	textAt(w, b.X+b.W/2, b.Y+24, 12.5, "middle", "svg-name", fitDraw(name, b.W-16, 12.5, true), markup.A("font-weight", "bold"))
	textAt(w, b.X+b.W/2, b.Y+42, 11, "middle", "svg-muted", fitDraw(t.T("svg.map.notFound"), b.W-16, 11, false),
		markup.A("fill", svgColMuted), markup.A("font-style", "italic"))
	w.End("g")
}

// mapLegendItems lists the legend's entries; the same list drives the
// height estimate and the drawing.
type mapLegendItem struct {
	heading bool
	kind    string // "att", "inf", "role", or "" for a heading
	key     string
	label   string
	swatchW float64
}

func mapLegendItems(t i18n.Printer) []mapLegendItem {
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
func mapLegendFlow(t i18n.Printer, y, width float64, draw func(it mapLegendItem, x, y float64)) float64 {
	f := newSVGFlow(mapMargin, y, width-mapMargin, mapLegendLine)
	for _, it := range mapLegendItems(t) {
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

func mapLegendHeight(t i18n.Printer, width float64) float64 {
	return mapLegendFlow(t, 0, width, nil)
}

// legendCache holds drawn legends by language and width: the legend is
// the same on every map of a build, and drawing it is a fair share of the
// work of a deal page. The cached text was made by an svgWriter, so it is
// escaped like everything else the writer emits.
var legendCache sync.Map

type legendKey struct {
	zh    bool
	width float64
}

func drawMapLegend(w *markup.Writer, y, width float64, t i18n.Printer) {
	key := legendKey{t.Lang == i18n.Chinese, width}
	cached, ok := legendCache.Load(key)
	if !ok {
		lw := &markup.Writer{}
		drawMapLegendAt(lw, 0, width, t)
		cached, _ = legendCache.LoadOrStore(key, lw.Fragment())
	}
	w.Start("g", markup.A("transform", "translate(0 "+markup.Num(y)+")"))
	w.Insert(cached.(markup.Fragment))
	w.End("g")
}

func drawMapLegendAt(w *markup.Writer, y, width float64, t i18n.Printer) {
	w.Start("g", markup.A("class", "svg-legend"))
	mapLegendFlow(t, y, width, func(it mapLegendItem, x, y float64) {
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
		}
		textAt(w, x+it.swatchW+5, base, 11, "", "svg-label", it.label)
	})
	w.End("g")
}
