package svg

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/i18n"
)

// ---------------------------------------------------------------------
// Text in lines

func TestWrapText(t *testing.T) {
	tests := []struct {
		name  string
		s     string
		width float64 // at font size 10
		lines int
		want  []string
	}{
		{"fits", "Rachel Kim", 100, 2, []string{"Rachel Kim"}},
		{"empty", "", 100, 2, nil},
		{"at a space", "Rachel Kim (regional sales manager)", 120, 2, []string{"Rachel Kim (regional", "sales manager)"}},
		{"shortened in the last line", "Rachel Kim (regional sales manager) and our CFO for the capital review", 120, 2, []string{"Rachel Kim (regional", "sales manager) and our…"}},
		{"one line is fitText", "Rachel Kim (regional sales manager)", 120, 1, []string{"Rachel Kim (regional s…"}},
		{"a word longer than a line", "Oyelaran-Whitfieldsonnenberg", 60, 3, []string{"Oyelaran-", "Whitfieldson", "nenberg"}},
		{"after a hyphen", "Margaret Oyelaran-Whitfield", 120, 2, []string{"Margaret Oyelaran-", "Whitfield"}},
		{"CJK between any two characters", "集团信息中心主任", 60, 2, []string{"集团信息中心", "主任"}},
		{"CJK shortened", "集团信息中心主任（派驻华信）", 60, 2, []string{"集团信息中心", "主任（派驻…"}},
		{"CJK counts double", "集团信息中心主任", 30, 2, []string{"集团信", "息中…"}},
		{"no line starts with closing punctuation", "信息中心主任，派驻华信", 60, 2, []string{"信息中心主", "任，派驻华信"}},
		{"no line ends with opening punctuation", "信息中心主（派驻华信）", 60, 2, []string{"信息中心主", "（派驻华信）"}},
		{"CJK beside Latin", "王芳 (Wang Fang) 首席财务官", 90, 2, []string{"王芳 (Wang Fang)", "首席财务官"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrapText(tt.s, []float64{tt.width}, 10, tt.lines)
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("wrapText(%q, %v) = %q, want %q", tt.s, tt.width, got, tt.want)
			}
			checkLines(t, tt.s, got, []float64{tt.width}, 10, tt.lines)
		})
	}
}

// checkLines: no line is wider than its room, there are at most max, and
// read one after the other they are the text (or its start and "…").
func checkLines(t *testing.T, s string, lines []string, widths []float64, size float64, max int) {
	t.Helper()
	if len(lines) > max {
		t.Errorf("%d lines, at most %d wanted", len(lines), max)
	}
	joined := ""
	for i, l := range lines {
		if w := textWidth(l, size); w > widths[min(i, len(widths)-1)]+1e-9 {
			t.Errorf("line %q is %v wide, more than %v", l, w, widths[min(i, len(widths)-1)])
		}
		joined += l
	}
	// Read without spaces, which a break takes away.
	text, read := strings.ReplaceAll(s, " ", ""), strings.ReplaceAll(joined, " ", "")
	if cut := strings.TrimSuffix(read, "…"); cut == read && read != text || !strings.HasPrefix(text, cut) {
		t.Errorf("the lines %q do not read as %q", lines, s)
	}
}

func TestWrapTextAnyWidth(t *testing.T) {
	texts := []string{
		"Rachel Kim (regional sales manager) and our CFO for the capital review",
		"Kestrel 亚太区 VP（高层对接）", "集团信息中心主任（派驻华信）", "Supercalifragilistic", "a b c d e f g",
		"Dr. Elena Rossi (our validation lead)", "王芳 (Wang Fang)",
	}
	for _, s := range texts {
		for width := 12.0; width <= 240; width += 7 {
			for _, n := range []int{1, 2, 3} {
				checkLines(t, s, wrapText(s, []float64{width, width + 20}, 10, n), []float64{width, width + 20}, 10, n)
			}
		}
	}
}

// ---------------------------------------------------------------------
// The org chart keeps everyone under their boss

// checkMapTree verifies what a reader relies on: each person's box is
// below their boss's, inside the span of their boss's part of the chart,
// where nobody else's box is; a connector comes into the top of every box
// that has a boss and out of the bottom of every box that has reports.
func checkMapTree(t testing.TB, m Stakeholders, l mapLayout) {
	t.Helper()
	n := len(m.People)
	box := make([]mapBox, n)
	for _, b := range l.Boxes {
		box[b.Person] = b
	}
	children := make([][]int, n)
	var roots []int
	for i, p := range l.Parent {
		if p >= 0 {
			children[p] = append(children[p], i)
		} else {
			roots = append(roots, i)
		}
	}
	// Pre and post order numbers (descendant test in constant time), and
	// each subtree's bounding box, without recursion: the chain is deep.
	pre, post := make([]int, n), make([]int, n)
	span := append([]mapBox(nil), box...)
	clock := 0
	type frame struct{ i, next int }
	for _, r := range roots {
		stack := []frame{{r, 0}}
		pre[r] = clock
		clock++
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next < len(children[f.i]) {
				c := children[f.i][f.next]
				f.next++
				pre[c] = clock
				clock++
				stack = append(stack, frame{c, 0})
				continue
			}
			post[f.i] = clock
			clock++
			if p := l.Parent[f.i]; p >= 0 {
				span[p] = union(span[p], span[f.i])
			}
			stack = stack[:len(stack)-1]
		}
	}
	if clock != 2*n {
		t.Fatalf("%d of %d people reachable from the tops of the chart", clock/2, n)
	}
	for i, p := range l.Parent {
		if p < 0 {
			continue
		}
		if box[i].Y < box[p].Y+box[p].H+mapVGap/2 {
			t.Errorf("%s is not below their boss %s", m.People[i].ID, m.People[p].ID)
		}
		if !inside(span[i], span[p]) {
			t.Errorf("%s's part of the chart is not inside their boss %s's", m.People[i].ID, m.People[p].ID)
		}
	}
	for p := range n {
		if len(children[p]) == 0 {
			continue
		}
		for j := range n {
			descendant := pre[p] <= pre[j] && post[j] <= post[p]
			if !descendant && boxesOverlap(box[j], span[p]) {
				t.Errorf("%s is inside the span of %s, who is not their boss", m.People[j].ID, m.People[p].ID)
			}
		}
	}
	for a, r := range roots {
		for _, q := range roots[a+1:] {
			if boxesOverlap(span[r], span[q]) {
				t.Errorf("the charts of %s and %s overlap", m.People[r].ID, m.People[q].ID)
			}
		}
	}
	// Connectors: into the top centre of a box with a boss, out of the
	// bottom of a box with reports.
	into := map[[2]float64]bool{}
	outOf := map[[2]float64]bool{}
	for _, s := range l.Segs {
		if s.X1 == s.X2 {
			into[[2]float64{s.X1, math.Max(s.Y1, s.Y2)}] = true
			outOf[[2]float64{s.X1, math.Min(s.Y1, s.Y2)}] = true
		}
	}
	for i, p := range l.Parent {
		b := box[i]
		if p >= 0 && !into[[2]float64{b.X + b.W/2, b.Y}] {
			t.Errorf("no connector into the box of %s", m.People[i].ID)
		}
		if len(children[i]) > 0 {
			found := false
			for x := range outOf {
				if x[1] == b.Y+b.H && x[0] > b.X && x[0] < b.X+b.W {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("no connector out of the box of %s", m.People[i].ID)
			}
		}
	}
}

func union(a, b mapBox) mapBox {
	x1, y1 := math.Min(a.X, b.X), math.Min(a.Y, b.Y)
	x2, y2 := math.Max(a.X+a.W, b.X+b.W), math.Max(a.Y+a.H, b.Y+b.H)
	return mapBox{X: x1, Y: y1, W: x2 - x1, H: y2 - y1}
}

func inside(a, b mapBox) bool {
	return a.X >= b.X && a.Y >= b.Y && a.X+a.W <= b.X+b.W && a.Y+a.H <= b.Y+b.H
}

// treeMap is an organisation fanOut wide at every level, depth deep.
func treeMap(fanOut, depth int) Stakeholders {
	m := Stakeholders{People: []Person{{ID: "t", Name: "Top", Title: "Chief executive", Roles: []string{"decision_maker"}}}}
	level := []string{"t"}
	for d := 1; d < depth; d++ {
		var next []string
		for _, boss := range level {
			for k := range fanOut {
				id := fmt.Sprintf("%s.%d", boss, k)
				m.People = append(m.People, Person{ID: id, Name: "Person " + id, Title: "Manager", ReportsTo: boss, Roles: []string{mapRoles[k%len(mapRoles)]}})
				next = append(next, id)
			}
		}
		level = next
	}
	return m
}

// unevenMap has subtrees of very different sizes side by side: a leaf
// beside a deep branch is where a chart puts people under the wrong boss.
func unevenMap() Stakeholders {
	m := Stakeholders{People: []Person{{ID: "ceo", Name: "CEO"}}}
	add := func(id, boss string) { m.People = append(m.People, Person{ID: id, Name: id, ReportsTo: boss}) }
	add("a", "ceo")
	add("b", "ceo")
	for i := range 9 {
		add(fmt.Sprintf("b%d", i), "b")
	}
	add("c", "ceo")
	boss := "c"
	for i := range 6 {
		id := fmt.Sprintf("c%d", i)
		add(id, boss)
		add(id+"x", boss)
		boss = id
	}
	add("d", "ceo")
	for i := range 14 {
		add(fmt.Sprintf("d%d", i), "d")
		add(fmt.Sprintf("d%d-1", i), fmt.Sprintf("d%d", i))
	}
	return m
}

func TestStakeholderTreeFails(t *testing.T) {
	m := treeMap(3, 3)
	l := layoutStakeholders(m, svgEN)
	// Move t.0.0 under t.1, beside t.1's own reports.
	var from, to int
	for k, b := range l.Boxes {
		switch m.People[b.Person].ID {
		case "t.0.0":
			from = k
		case "t.1.2":
			to = k
		}
	}
	l.Boxes[from].X, l.Boxes[from].Y = l.Boxes[to].X+mapBoxW+mapHGap, l.Boxes[to].Y
	rec := &recorder{TB: t}
	checkMapTree(rec, m, l)
	if len(rec.errs) == 0 {
		t.Error("a person moved under the wrong boss passes the check")
	}
}

type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() {}

// TestStakeholderMapLarge: hundreds of people and a very deep chain are
// drawn, valid, with everyone in place. The layout is linear in the
// number of people; this test has no timing, the test timeout is its bound.
func TestStakeholderMapLarge(t *testing.T) {
	tests := []struct {
		name     string
		m        Stakeholders
		maxWidth float64
	}{
		{"500 people", func() Stakeholders {
			m := treeMap(8, 4) // 1 + 8 + 64 + 512
			m.People = m.People[:500]
			for i := range m.People {
				m.People[i].Coverage = []Cover{{By: fmt.Sprintf("Rep %d", i%7), Current: "contact", Target: "trusted"}}
			}
			return m
		}(), 2000},
		{"500 reports to one boss", flatMap(500), 1400},
		{"500 without a boss", func() Stakeholders {
			m := flatMap(500)
			for i := range m.People {
				m.People[i].ReportsTo = ""
			}
			return m
		}(), 1400},
		{"chain of 2000", chainMap(2000), 700},
		{"random 500", randomMap(7, 500), 2000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := layoutStakeholders(tt.m, svgEN)
			checkMapTree(t, tt.m, l)
			if len(l.Boxes) != len(tt.m.People) {
				t.Errorf("%d boxes for %d people", len(l.Boxes), len(tt.m.People))
			}
			if l.W > tt.maxWidth {
				t.Errorf("width %v > %v", l.W, tt.maxWidth)
			}
			svgCheck(t, StakeholderMap(tt.m, svgEN))
		})
	}
}

// ---------------------------------------------------------------------
// What the map says

// svgVisible is the text of out a reader sees without hovering: all but
// the <title> elements.
func svgVisible(t *testing.T, out template.HTML) string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(string(out)))
	var b strings.Builder
	inTitle := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "title" {
				inTitle++
			}
		case xml.EndElement:
			if tok.Name.Local == "title" {
				inTitle--
			} else if tok.Name.Local == "tspan" || tok.Name.Local == "text" {
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inTitle == 0 {
				b.Write(tok)
			}
		}
	}
	return b.String()
}

func TestStakeholderSigner(t *testing.T) {
	for _, tr := range []i18n.Printer{svgEN, svgZH} {
		mark := tr.T("svg.map.signer") + "\n"
		m := acmeMap() // two decision makers, nobody marked
		if got := strings.Count(svgVisible(t, StakeholderMap(m, tr)), mark); got != 1 {
			t.Errorf("%s: without a signer, %q shows %d times, want once, in the legend", tr.Lang.Tag(), mark, got)
		}
		m.People[1].Signer = true // 王芳
		out := StakeholderMap(m, tr)
		if got := strings.Count(svgVisible(t, out), mark); got != 2 {
			t.Errorf("%s: %q shows %d times, want on the signer's box and in the legend", tr.Lang.Tag(), mark, got)
		}
		if !strings.Contains(string(out), `class="svg-person svg-att-neutral svg-inf-high svg-signer"`) {
			t.Errorf("%s: the signer's box is not marked", tr.Lang.Tag())
		}
		if !strings.Contains(svgCheck(t, out), "王芳 (Wang Fang) — CFO\n"+tr.T("svg.map.signer")) {
			t.Errorf("%s: the signer's tooltip does not say so", tr.Lang.Tag())
		}
	}
}

func TestStakeholderShortened(t *testing.T) {
	long := Person{ID: "rk", Name: "Rachel Kimberly-Ann Okonkwo-Whitfield de la Cruz y Montenegro", Title: "Senior Vice President, Global Procurement and Supplier Relationship Management (EMEA and APAC)",
		Coverage: []Cover{{By: "Rachel Kim (regional sales manager) and our CFO for the capital review", Current: "contact", Target: "trusted"}}}
	m := Stakeholders{People: []Person{long, {ID: "b", Name: "钱莉", Title: "集团信息中心主任（派驻华信）兼集团数字化转型办公室副主任及网络安全委员会委员", ReportsTo: "rk"}}}
	out := StakeholderMap(m, svgEN)
	visible := svgVisible(t, out)
	all := svgCheck(t, out)
	for _, full := range []string{long.Name, long.Title, long.Coverage[0].By, m.People[1].Title} {
		if strings.Contains(visible, full) {
			t.Errorf("%q is drawn in full; it does not fit a box", full)
		}
		if !strings.Contains(all, full) {
			t.Errorf("%q is not in the box's tooltip", full)
		}
	}
	for _, want := range []string{"Rachel Kimberly-Ann\n", "Senior Vice President, Global\n", "集团信息中心主任（派驻华信）兼\n", "Rachel Kim (regional sales man…\ncontact → trusted\n"} {
		if !strings.Contains(visible, want) {
			t.Errorf("the map does not show the line %q:\n%s", want, visible)
		}
	}
	if strings.Count(visible, "…") < 3 {
		t.Errorf("the shortened texts do not end in …:\n%s", visible)
	}
}

func TestStakeholderCoverage(t *testing.T) {
	m := acmeMap()
	m.People[0].Coverage = []Cover{{By: "our CFO"}, {By: "Li Na", Current: "none", Target: "working"}}
	l := layoutStakeholders(m, svgEN)
	want := 0
	for _, p := range m.People {
		want += len(p.Coverage)
	}
	if len(l.Links) != want {
		t.Errorf("%d coverage lines, want one per coverage (%d)", len(l.Links), want)
	}
	if got := strings.Join(l.TeamName, ", "); got != "our CFO, Li Na, Solution engineer, Regional director" {
		t.Errorf("our people: %s", got)
	}
	box := map[int]mapBox{}
	for _, b := range l.Boxes {
		box[b.Person] = b
	}
	for _, k := range l.Links {
		from, to := l.Team[k.Team], box[k.Person]
		if k.X1 != from.X+from.W/2 || k.Y1 != from.Y+from.H {
			t.Errorf("a line of %s does not start at their box", l.TeamName[k.Team])
		}
		if k.Y2 != to.Y || k.X2 <= to.X+to.W/2 || k.X2 >= to.X+to.W {
			t.Errorf("the line of %s to %s does not end on the top of their box, right of the centre", l.TeamName[k.Team], m.People[k.Person].ID)
		}
		found := false
		for _, c := range m.People[k.Person].Coverage {
			found = found || c.By == l.TeamName[k.Team]
		}
		if !found {
			t.Errorf("a line from %s to %s, who they do not cover", l.TeamName[k.Team], m.People[k.Person].ID)
		}
	}
	out := string(StakeholderMap(m, svgEN))
	// Lines come first, under every box; their dots after the boxes.
	if first, box := strings.Index(out, `class="svg-coverage"`), strings.Index(out, `class="svg-person`); first < 0 || first > box {
		t.Error("coverage lines are not drawn under the boxes")
	}
	if m.Covered() != true || (Stakeholders{People: []Person{{ID: "a"}}}).Covered() {
		t.Error("Covered is wrong")
	}
	if out := string(StakeholderMap(Stakeholders{People: []Person{{ID: "a"}}}, svgEN)); strings.Contains(out, "svg-coverage") || strings.Contains(out, "Our people") {
		t.Error("a map without coverage has coverage lines or our people")
	}
}

// TestStakeholderSections: the people the chart cannot place are in rows
// of their own, below the chart, under a heading that says why.
func TestStakeholderSections(t *testing.T) {
	m := Stakeholders{People: []Person{
		{ID: "ceo"}, {ID: "cfo", ReportsTo: "ceo"},
		{ID: "lone"},                                         // no boss given, no reports
		{ID: "out", ReportsTo: "board"},                      // boss not on the map
		{ID: "out2", ReportsTo: "out"},                       // under them, kept there
		{ID: "x", ReportsTo: "y"}, {ID: "y", ReportsTo: "x"}, // a loop
		{ID: "self", ReportsTo: "self"},
	}}
	l := layoutStakeholders(m, svgEN)
	checkMapLayout(t, m, l)
	checkMapTree(t, m, l)
	heading := map[string]float64{}
	for _, h := range l.Headings {
		heading[h.Text] = h.Y
	}
	box := map[string]mapBox{}
	for _, b := range l.Boxes {
		box[m.People[b.Person].ID] = b
	}
	under := map[string]string{"lone": "svg.map.unknownBoss", "out": "svg.map.outside", "x": "svg.map.loop", "y": "svg.map.loop", "self": "svg.map.loop"}
	order := []string{"svg.map.unknownBoss", "svg.map.outside", "svg.map.loop"}
	for k, key := range order {
		y, ok := heading[svgEN.T(key)]
		if !ok {
			t.Fatalf("no heading %q", svgEN.T(key))
		}
		if y < box["cfo"].Y+mapBoxH {
			t.Errorf("%s is not below the chart", key)
		}
		if k > 0 && y < heading[svgEN.T(order[k-1])] {
			t.Errorf("%s is above %s", key, order[k-1])
		}
		for id, want := range under {
			below := box[id].Y > y
			next := math.Inf(1)
			if k+1 < len(order) {
				next = heading[svgEN.T(order[k+1])]
			}
			if want == key && !(below && box[id].Y < next) {
				t.Errorf("%s is not under the heading %q", id, svgEN.T(key))
			}
		}
	}
	if box["out2"].Y <= box["out"].Y {
		t.Error("out2 is not under their boss")
	}
	// Nobody with a boss given: no heading, everyone in rows.
	flat := Stakeholders{People: []Person{{ID: "a"}, {ID: "b"}, {ID: "c"}}}
	if l := layoutStakeholders(flat, svgEN); len(l.Headings) != 0 {
		t.Errorf("a map without reporting lines has headings: %v", l.Headings)
	}
}
