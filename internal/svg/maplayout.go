package svg

import (
	"math"

	"github.com/dealsascode/deals/internal/i18n"
)

// Geometry of the stakeholder map, in SVG user units (px at scale 1).
const (
	mapBoxW       = 200.0 // person box
	mapBoxH       = 124.0
	mapHGap       = 20.0   // between boxes and subtrees side by side
	mapVGap       = 32.0   // between a parent and its row of children
	mapRootGap    = 40.0   // between separate trees of a section
	mapRowGap     = 40.0   // between the wrapped rows of one parent's children
	mapBusRise    = 14.0   // a wrapped row's bus runs this far above the row
	mapTrunkX     = 20.0   // a wrapped parent's trunk, from its box's left edge
	mapIndent     = 40.0   // wrapped rows start this far right of their parent's box
	mapMaxRow     = 1240.0 // a row of children wraps beyond this width
	mapMargin     = 16.0
	mapHeadingH   = 26.0 // a section's heading, above its content
	mapSectionGap = 36.0
	mapTeamW      = 160.0 // a box of our side
	mapTeamH      = 44.0
	mapTeamGap    = 12.0
	mapMissW      = 168.0 // box of a role not yet found
	mapMissH      = 56.0
	mapMissCols   = 5
)

// mapBox is a placed box: a person of the account (Person >= 0), one of
// our people (Team >= 0), or a role not yet found (Role set); the others
// are -1.
type mapBox struct {
	X, Y, W, H float64
	Person     int
	Team       int
	Role       string
}

// mapSeg is a straight connector segment; every segment is horizontal or
// vertical.
type mapSeg struct{ X1, Y1, X2, Y2 float64 }

// mapLink is a coverage line from one of our people to a key player.
type mapLink struct {
	Team, Person   int
	X1, Y1, X2, Y2 float64
}

// mapHeading is a section's label, at its baseline.
type mapHeading struct {
	Y    float64
	Text string
}

// mapLayout is the computed stakeholder map, in absolute coordinates.
type mapLayout struct {
	W, H     float64
	Boxes    []mapBox // one per person, in the order people were placed
	Segs     []mapSeg
	Team     []mapBox // one per person on our side
	TeamName []string
	Links    []mapLink
	Headings []mapHeading
	Missing  []mapBox
	LegendY  float64 // top of the legend
	Parent   []int   // per person: the index of their boss in the map, or -1
	Dangling []bool  // per person: reports_to names nobody in the map
	Cycle    []bool  // per person: reports_to is part of a cycle
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
	// Every person is walked over once: linear in the number of people.
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

// mapNode is a person's subtree laid out as a block: its size, the x
// where its parent's connector enters (the centre of the person's box, at
// the block's top), the box's left edge, the connectors to the children,
// and where the block sits in its parent's block. All but the last are
// relative to the block's top-left corner; connectors may reach up to
// mapVGap/2 above the children's blocks, where the parent's bus runs.
type mapNode struct {
	w, h, attach, boxX float64
	dx, dy             float64
	segs               []mapSeg
}

func (nd *mapNode) seg(x1, y1, x2, y2 float64) {
	if x1 != x2 || y1 != y2 {
		nd.segs = append(nd.segs, mapSeg{x1, y1, x2, y2})
	}
}

// mapTree lays out a forest: every block is computed once from its
// children's sizes and placed once, so the cost is linear in the number of
// people, however wide or deep the organisation is.
type mapTree struct {
	children [][]int
	nodes    []mapNode
}

// size computes every block, children before parents (order is top-down).
func (tr *mapTree) size(order []int) {
	for k := len(order) - 1; k >= 0; k-- {
		tr.block(order[k])
	}
}

// block lays out person i over their children: one row centred under the
// person when it fits in mapMaxRow, else rows hanging off a trunk down the
// left (a comb), so that each child is under its own boss, and a row's
// connector comes from the trunk, never from the row above.
func (tr *mapTree) block(i int) {
	nd := &tr.nodes[i]
	kids := tr.children[i]
	nd.w, nd.h, nd.attach, nd.boxX = mapBoxW, mapBoxH, mapBoxW/2, 0
	if len(kids) == 0 {
		return
	}
	rows := tr.rows(kids)
	if len(rows) == 1 {
		tr.centred(nd, rows[0])
		return
	}
	top := mapBoxH + mapVGap
	busY := 0.0
	for _, row := range rows {
		busY = top - mapBusRise
		x, h, last := mapIndent, 0.0, 0.0
		for _, c := range row {
			ch := &tr.nodes[c]
			last = x + ch.attach
			nd.seg(last, busY, last, top)
			ch.dx, ch.dy = x, top
			x += ch.w + mapHGap
			h = math.Max(h, ch.h)
		}
		nd.seg(mapTrunkX, busY, last, busY)
		nd.w = math.Max(nd.w, x-mapHGap)
		top += h + mapRowGap
	}
	nd.seg(mapTrunkX, mapBoxH, mapTrunkX, busY)
	nd.h = top - mapRowGap
}

// centred puts the person centred over one row of children joined by a bus.
func (tr *mapTree) centred(nd *mapNode, row []int) {
	xs := make([]float64, len(row))
	x := 0.0
	for k, c := range row {
		xs[k] = x
		x += tr.nodes[c].w + mapHGap
	}
	rowW := x - mapHGap
	first := xs[0] + tr.nodes[row[0]].attach
	last := xs[len(row)-1] + tr.nodes[row[len(row)-1]].attach
	pc := (first + last) / 2
	shift := math.Max(0, mapBoxW/2-pc) // keep the person's box inside
	pc += shift
	nd.w = math.Max(rowW+shift, pc+mapBoxW/2)
	nd.attach, nd.boxX = pc, pc-mapBoxW/2
	top, busY := mapBoxH+mapVGap, mapBoxH+mapVGap/2
	nd.seg(pc, mapBoxH, pc, busY)
	nd.seg(math.Min(pc, first+shift), busY, math.Max(pc, last+shift), busY)
	h := 0.0
	for k, c := range row {
		ch := &tr.nodes[c]
		ch.dx, ch.dy = xs[k]+shift, top
		nd.seg(ch.dx+ch.attach, busY, ch.dx+ch.attach, top)
		h = math.Max(h, ch.h)
	}
	nd.h = top + h
}

// rows splits children into rows of at most mapMaxRow (a wider subtree has
// a row of its own). Childless children, all the same size, are spread
// over the rows evenly: 7 reports make rows of 4 and 3, not 5 and 2.
func (tr *mapTree) rows(kids []int) [][]int {
	leaves := true
	for _, c := range kids {
		if len(tr.children[c]) > 0 {
			leaves = false
			break
		}
	}
	if leaves {
		perRow := mapPerRow(mapBoxW, mapHGap)
		n := (len(kids) + perRow - 1) / perRow
		perRow = (len(kids) + n - 1) / n
		var rows [][]int
		for len(kids) > 0 {
			k := min(perRow, len(kids))
			rows = append(rows, kids[:k])
			kids = kids[k:]
		}
		return rows
	}
	var rows [][]int
	start, rowW := 0, 0.0
	for k, c := range kids {
		w := tr.nodes[c].w
		if k > start && rowW+mapHGap+w > mapMaxRow {
			rows = append(rows, kids[start:k])
			start, rowW = k, 0
		}
		if k > start {
			rowW += mapHGap
		}
		rowW += w
	}
	return append(rows, kids[start:])
}

// mapPerRow is how many boxes w wide, gap apart, fit in a row.
func mapPerRow(w, gap float64) int {
	return max(1, int(math.Floor((mapMaxRow+gap)/(w+gap))))
}

// placeRoots puts the trees of one section side by side from (x0, y0),
// wrapping into rows; it returns the section's size. Lone people sit
// closer together than trees.
func (tr *mapTree) placeRoots(roots []int, x0, y0 float64) (w, h float64) {
	x, y, rowH := 0.0, 0.0, 0.0
	rowTrees, prevLone := false, false
	for _, r := range roots {
		nd := &tr.nodes[r]
		lone := len(tr.children[r]) == 0
		gap := mapRootGap
		if lone && prevLone {
			gap = mapHGap
		}
		switch {
		case x > 0 && x+gap+nd.w > mapMaxRow:
			rowGap := mapVGap
			if rowTrees {
				rowGap = mapSectionGap
			}
			x, y, rowH, rowTrees = 0, y+rowH+rowGap, 0, false
		case x > 0:
			x += gap
		}
		nd.dx, nd.dy = x0+x, y0+y
		x += nd.w
		w, rowH = math.Max(w, x), math.Max(rowH, nd.h)
		rowTrees = rowTrees || !lone
		prevLone = lone
	}
	return w, y + rowH
}

// mapSection names the groups of people the map draws apart, in order.
type mapSection int

const (
	sectionChart   mapSection = iota // the org chart
	sectionUnknown                   // no boss given, nobody reports to them
	sectionOutside                   // their boss is not in the map
	sectionLoop                      // on a reports_to cycle
	sectionCount
)

var mapSectionKeys = [sectionCount]string{"", "svg.map.unknownBoss", "svg.map.outside", "svg.map.loop"}

// layoutStakeholders places every person exactly once: our people in a
// row at the top, the org chart, then the people the chart cannot place
// (no boss given, a boss not in the map, a reporting cycle) in labelled
// sections of their own, the roles not yet found, and room for the legend.
func layoutStakeholders(m Stakeholders, t i18n.Printer) mapLayout {
	n := len(m.People)
	parent, dangling, cycle := mapForest(m.People)
	tr := mapTree{children: make([][]int, n), nodes: make([]mapNode, n)}
	for i := range n {
		if parent[i] >= 0 {
			tr.children[parent[i]] = append(tr.children[parent[i]], i)
		}
	}
	// Top-down order: roots first, then each person after their boss.
	order := make([]int, 0, n)
	var sections [sectionCount][]int
	anyLine := false
	for i, p := range m.People {
		anyLine = anyLine || p.ReportsTo != ""
		if parent[i] < 0 {
			order = append(order, i)
		}
	}
	for _, r := range order {
		s := sectionChart
		switch {
		case cycle[r]:
			s = sectionLoop
		case dangling[r]:
			s = sectionOutside
		case len(tr.children[r]) == 0 && anyLine:
			s = sectionUnknown
		}
		sections[s] = append(sections[s], r)
	}
	for k := 0; k < len(order); k++ {
		order = append(order, tr.children[order[k]]...)
	}
	tr.size(order)

	out := mapLayout{Parent: parent, Dangling: dangling, Cycle: cycle}
	width := 0.0
	y := mapMargin

	// Our people, whose coverage lines run down to the people they cover.
	team := teamOf(m.People)
	if len(team) > 0 {
		out.Headings = append(out.Headings, mapHeading{Y: y + 14, Text: t.T("svg.map.team")})
		y += mapHeadingH
		perRow := mapPerRow(mapTeamW, mapTeamGap)
		for k := range team {
			out.Team = append(out.Team, mapBox{
				X: mapMargin + float64(k%perRow)*(mapTeamW+mapTeamGap), Y: y + float64(k/perRow)*(mapTeamH+mapTeamGap),
				W: mapTeamW, H: mapTeamH, Person: -1, Team: k,
			})
		}
		out.TeamName = team
		cols := min(len(team), perRow)
		rows := (len(team) + perRow - 1) / perRow
		width = math.Max(width, float64(cols)*(mapTeamW+mapTeamGap)-mapTeamGap)
		y += float64(rows)*(mapTeamH+mapTeamGap) - mapTeamGap + mapSectionGap
	}

	for s, roots := range sections {
		if len(roots) == 0 {
			continue
		}
		if key := mapSectionKeys[s]; key != "" {
			out.Headings = append(out.Headings, mapHeading{Y: y + 14, Text: t.T(key)})
			y += mapHeadingH
		}
		w, h := tr.placeRoots(roots, mapMargin, y)
		width = math.Max(width, w)
		y += h + mapSectionGap
	}

	// Absolute positions, top-down: a block sits where its parent's block is, moved by its own offset.
	out.Boxes = make([]mapBox, 0, n)
	for _, i := range order {
		nd := &tr.nodes[i]
		if p := parent[i]; p >= 0 {
			nd.dx += tr.nodes[p].dx
			nd.dy += tr.nodes[p].dy
		}
		out.Boxes = append(out.Boxes, mapBox{X: nd.dx + nd.boxX, Y: nd.dy, W: mapBoxW, H: mapBoxH, Person: i, Team: -1})
		for _, s := range nd.segs {
			out.Segs = append(out.Segs, mapSeg{s.X1 + nd.dx, s.Y1 + nd.dy, s.X2 + nd.dx, s.Y2 + nd.dy})
		}
	}
	out.Links = coverageLinks(m.People, team, out.Team, out.Boxes)

	// Roles not yet found: a heading, then dashed boxes in rows.
	if len(m.Missing) > 0 {
		out.Headings = append(out.Headings, mapHeading{Y: y + 14, Text: t.T("svg.map.missing")})
		y += mapHeadingH
		for i, role := range m.Missing {
			col, row := i%mapMissCols, i/mapMissCols
			out.Missing = append(out.Missing, mapBox{
				X: mapMargin + float64(col)*(mapMissW+mapHGap), Y: y + float64(row)*(mapMissH+mapHGap),
				W: mapMissW, H: mapMissH, Person: -1, Team: -1, Role: role,
			})
		}
		cols := math.Min(float64(len(m.Missing)), mapMissCols)
		rows := math.Ceil(float64(len(m.Missing)) / mapMissCols)
		width = math.Max(width, cols*mapMissW+(cols-1)*mapHGap)
		y += rows*mapMissH + (rows-1)*mapHGap + mapSectionGap
	}

	out.W = math.Max(width, 600) + 2*mapMargin
	out.LegendY = y - mapSectionGap + 28
	out.H = out.LegendY + mapLegendHeight(t, out.W, len(team) > 0) + mapMargin
	return out
}

// teamOf lists our people, each once, in the order they first cover someone.
func teamOf(people []Person) []string {
	var team []string
	seen := map[string]bool{}
	for _, p := range people {
		for _, c := range p.Coverage {
			by := svgClean(c.By)
			if by != "" && !seen[by] {
				seen[by] = true
				team = append(team, by)
			}
		}
	}
	return team
}

// coverageLinks draws a line from the bottom of each of our people's boxes
// to the top of each person they cover, ending right of the centre, where
// the org chart's connector does not; several lines into one box end side
// by side.
func coverageLinks(people []Person, team []string, teamBoxes, boxes []mapBox) []mapLink {
	index := make(map[string]int, len(team))
	for k, name := range team {
		index[name] = k
	}
	var links []mapLink
	for _, b := range boxes {
		k := 0
		for _, c := range people[b.Person].Coverage {
			tm, ok := index[svgClean(c.By)]
			if !ok {
				continue
			}
			from := teamBoxes[tm]
			links = append(links, mapLink{Team: tm, Person: b.Person,
				X1: from.X + from.W/2, Y1: from.Y + from.H,
				X2: b.X + b.W*0.66 + float64(k%6)*9, Y2: b.Y})
			k++
		}
	}
	return links
}
