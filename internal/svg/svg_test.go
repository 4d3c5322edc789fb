package svg

import (
	"encoding/xml"
	"flag"
	"fmt"
	"html/template"
	"io"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/i18n"
)

var updateSVG = flag.Bool("update-svg", false, "rewrite the SVG golden files in testdata/svg")

var (
	svgEN = i18n.UI().Printer(i18n.English)
	svgZH = i18n.UI().Printer(i18n.Chinese)
)

// svgHostile holds strings that must come out as harmless text.
var svgHostile = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`]]>`,
	`&amp;`,
	`it's "quoted" & 'single'`,
	"bad\x00bytes\xff\x1b[31m\nnewline",
	`<svg onload=alert(1)><a href="javascript:alert(1)">x</a></svg>`,
	`</text></g></svg><script>`,
}

// allowed are the elements a graphic may hold, written out here rather
// than taken from the writer, so that the test checks the writer.
var allowed = map[string]bool{
	"svg": true, "g": true, "title": true, "desc": true,
	"rect": true, "line": true, "path": true, "circle": true,
	"polygon": true, "polyline": true, "text": true, "tspan": true,
}

// xmlLegal reports whether r may appear in an XML 1.0 document.
func xmlLegal(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// svgCheck parses out as XML and checks the safety invariant: only
// allowlisted elements, no event or href attributes, a root <svg> with
// role="img", an aria-label and a <title> first. It returns all text.
func svgCheck(t *testing.T, out template.HTML) string {
	t.Helper()
	s := string(out)
	for _, bad := range []string{"<script", "<img", "onerror=", "onload=", "<foreignObject", "<a ", "]]>"} {
		if strings.Contains(strings.ToLower(s), strings.ToLower(bad)) {
			t.Errorf("output contains %q", bad)
		}
	}
	dec := xml.NewDecoder(strings.NewReader(s))
	var text strings.Builder
	depth := 0
	first := true
	sawTitle := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if !allowed[tok.Name.Local] {
				t.Errorf("element %q not allowed", tok.Name.Local)
			}
			if first {
				first = false
				if tok.Name.Local != "svg" {
					t.Fatalf("root is %q", tok.Name.Local)
				}
				attrs := map[string]string{}
				for _, a := range tok.Attr {
					attrs[a.Name.Local] = a.Value
				}
				if attrs["role"] != "img" || attrs["aria-label"] == "" || attrs["viewBox"] == "" || attrs["width"] != "100%" {
					t.Errorf("root attributes: %v", attrs)
				}
			} else if depth == 1 && !sawTitle {
				if tok.Name.Local != "title" {
					t.Errorf("first child of <svg> is <%s>, want <title>", tok.Name.Local)
				}
				sawTitle = true
			}
			for _, a := range tok.Attr {
				n := strings.ToLower(a.Name.Local)
				if strings.HasPrefix(n, "on") || strings.Contains(n, "href") {
					t.Errorf("attribute %q not allowed", a.Name.Local)
				}
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			text.Write(tok)
		case xml.ProcInst, xml.Directive:
			t.Errorf("unexpected %T", tok)
		}
	}
	if first {
		t.Fatal("empty output")
	}
	return text.String()
}

// svgAsText is s as it appears in the parsed output: one line, invalid
// characters replaced.
func svgAsText(s string) string {
	var b strings.Builder
	for _, r := range svgClean(s) {
		if r == utf8.RuneError || !xmlLegal(r) {
			r = '\uFFFD'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ---------------------------------------------------------------------
// Helpers

func TestTextWidth(t *testing.T) {
	tests := []struct {
		s    string
		size float64
		want float64
	}{
		{"", 12, 0},
		{"王芳", 10, 20},
		{"钱莉主任", 12, 48},
		{"カタカナ", 10, 40},
		{"ひらがな", 10, 40},
		{"한국어", 10, 30},
		{"ＡＢＣ", 10, 30},   // fullwidth forms
		{"，。、（）", 10, 50}, // CJK punctuation
		{"abc", 10, 17.4},
		{"ill", 10, 8.4},
		{"MW", 10, 16.8},
		{"<=>", 10, 25.2},
		{"CFO", 10, 19.8},
		{"王芳 (CFO)", 10, 20 + 3.6 + 3.6 + 19.8 + 3.6},
		{"e\u0301", 10, 5.8}, // combining accent takes no room
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			if got := textWidth(tt.s, tt.size); math.Abs(got-tt.want) > 0.01 {
				t.Errorf("textWidth(%q, %v) = %v, want %v", tt.s, tt.size, got, tt.want)
			}
		})
	}
	if textWidth("王芳 (CFO)", 12) <= textWidth("Wang (CFO)", 12)-12 {
		t.Error("CJK should be measured wide")
	}
}

func TestFitText(t *testing.T) {
	tests := []struct {
		s        string
		max, fs  float64
		want     string
		wantSame bool
	}{
		{s: "short", max: 100, fs: 10, wantSame: true},
		{s: "", max: 10, fs: 10, wantSame: true},
		{s: "王芳 (CFO)", max: 60, fs: 10, wantSame: true},
		{s: "王芳 (CFO)", max: 30, fs: 10, want: "王芳…"},
		{s: "集团信息中心主任（派驻华信）", max: 60, fs: 10, want: "集团信息中…"},
		{s: "Vice President Operations", max: 60, fs: 10, want: "Vice Presi…"},
		{s: "a b c d e f", max: 30, fs: 10, want: "a b…"},
		{s: "anything", max: 2, fs: 10, want: ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%v", tt.s, tt.max), func(t *testing.T) {
			got := fitText(tt.s, tt.max, tt.fs)
			want := tt.want
			if tt.wantSame {
				want = tt.s
			}
			if got != want {
				t.Errorf("fitText(%q, %v) = %q, want %q", tt.s, tt.max, got, want)
			}
			if w := textWidth(got, tt.fs); w > tt.max {
				t.Errorf("result %q is %v wide, more than %v", got, w, tt.max)
			}
		})
	}
}

func TestCompactNumber(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {980, "980"}, {12.5, "12.5"}, {0.25, "0.25"}, {0.2, "0.2"}, {1.5, "1.5"},
		{999.96, "1k"}, {1000, "1k"}, {1200, "1.2k"}, {12345, "12.3k"}, {350000, "350k"},
		{999999, "1M"}, {1.2e6, "1.2M"}, {1234567, "1.2M"}, {1.5e6, "1.5M"}, {25e6, "25M"},
		{3e9, "3B"}, {1.5e12, "1.5T"}, {2e15, "2000T"}, {-350000, "-350k"}, {-0.001, "0"},
		{math.NaN(), "?"}, {math.Inf(1), "?"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.v), func(t *testing.T) {
			if got := compactNumber(tt.v); got != tt.want {
				t.Errorf("compactNumber(%v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
	zh := i18n.UI().Printer(i18n.Chinese)
	for v, want := range map[float64]string{980: "980", 50000: "5万", 1234567: "123.5万", 3.5e8: "3.5亿", math.NaN(): "?"} {
		if got := compactIn(zh, v); got != want {
			t.Errorf("compactIn(zh, %v) = %q, want %q", v, got, want)
		}
	}
	if got := compactIn(i18n.UI().Printer(i18n.English), 1234567); got != "1.2M" {
		t.Errorf("compactIn(en) = %q", got)
	}
}

func TestNiceScale(t *testing.T) {
	tests := []struct {
		max       float64
		step, top float64
	}{
		{0, 0.2, 1}, {-5, 0.2, 1}, {math.NaN(), 0.2, 1}, {1, 0.2, 1}, {7, 2, 8}, {10, 2, 10},
		{980, 200, 1000}, {1.2e6, 500000, 1.5e6}, {3.4e6, 1e6, 4e6}, {123, 50, 150},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.max), func(t *testing.T) {
			step, top := svgNiceScale(tt.max, 5)
			if math.Abs(step-tt.step) > 1e-9*tt.step || math.Abs(top-tt.top) > 1e-9*tt.top {
				t.Errorf("svgNiceScale(%v) = %v, %v; want %v, %v", tt.max, step, top, tt.step, tt.top)
			}
		})
	}
}

// ---------------------------------------------------------------------
// Sample inputs

func huaxinMap() Stakeholders {
	return Stakeholders{People: []Person{
		{ID: "zhao-guoqiang", Name: "赵国强", Title: "总经理", Roles: []string{"decision_maker"}, Signer: true, Attitude: "neutral", Influence: "high", Coverage: []Cover{{By: "亚太区副总裁", Current: "contact", Target: "trusted"}}},
		{ID: "liu-jianguo", Name: "刘建国", Title: "生产副总经理", Roles: []string{"influencer"}, ReportsTo: "zhao-guoqiang", Attitude: "supporter", Influence: "high", Coverage: []Cover{{By: "李娜", Current: "working", Target: "advocate"}}},
		{ID: "sun-wei", Name: "孙伟", Title: "设备部部长", Roles: []string{"user", "coach"}, ReportsTo: "liu-jianguo", Attitude: "champion", Influence: "high", Coverage: []Cover{{By: "李娜", Current: "trusted", Target: "advocate"}}},
		{ID: "qian-li", Name: "钱莉", Title: "集团信息中心主任（派驻华信）", Roles: []string{"technical"}, Attitude: "skeptic", Influence: "medium", Coverage: []Cover{{By: "安全架构师 陈工", Current: "contact", Target: "working"}}},
		{ID: "zhang-hong", Name: "张红", Title: "采购部经理", Roles: []string{"influencer"}, ReportsTo: "zhao-guoqiang", Attitude: "neutral", Influence: "medium"},
		{ID: "zhou-hai", Name: "周海", Title: "设备部点检班长", Roles: []string{"user", "insider"}, ReportsTo: "sun-wei", Attitude: "supporter", Influence: "low", Coverage: []Cover{{By: "实施顾问", Current: "working", Target: "working"}}},
	}}
}

func acmeMap() Stakeholders {
	return Stakeholders{
		People: []Person{
			{ID: "ceo", Name: "Margaret Oyelaran-Whitfield", Title: "Chief Executive Officer", Roles: []string{"decision_maker"}, Attitude: "unknown", Influence: "high"},
			{ID: "cfo", Name: "王芳 (Wang Fang)", Title: "CFO", Roles: []string{"decision_maker", "influencer"}, Attitude: "neutral", Influence: "high", ReportsTo: "ceo", Coverage: []Cover{{By: "our CFO", Current: "contact", Target: "trusted"}}},
			{ID: "coo", Name: "Jonas Berg", Title: "COO", Roles: []string{"influencer"}, Attitude: "supporter", Influence: "high", ReportsTo: "ceo", Coverage: []Cover{{By: "Li Na", Current: "working", Target: "advocate"}}},
			{ID: "cio", Name: "Priya Raman", Title: "CIO", Roles: []string{"technical"}, Attitude: "skeptic", Influence: "high", ReportsTo: "ceo", Coverage: []Cover{{By: "Solution engineer", Current: "contact", Target: "working"}}},
			{ID: "ctl", Name: "Tom Hale", Title: "Financial controller", Roles: []string{"user"}, Attitude: "neutral", Influence: "medium", ReportsTo: "cfo", Coverage: []Cover{{By: "Li Na", Current: "contact", Target: "working"}}},
			{ID: "pm1", Name: "Ana Souza", Title: "Plant manager, Porto", Roles: []string{"user", "coach"}, Attitude: "champion", Influence: "medium", ReportsTo: "coo", Coverage: []Cover{{By: "Li Na", Current: "trusted", Target: "advocate"}}},
			{ID: "pm2", Name: "Dieter Krause", Title: "Plant manager, Linz", Roles: []string{"user"}, Attitude: "opponent", Influence: "medium", ReportsTo: "coo", Coverage: []Cover{{By: "Regional director", Current: "none", Target: "working"}}},
			{ID: "pm3", Name: "Kenji Sato", Title: "Plant manager, Nagoya", Roles: []string{"user"}, Attitude: "neutral", Influence: "low", ReportsTo: "coo"},
			{ID: "arch", Name: "Lee Min-ho", Title: "Enterprise architect", Roles: []string{"technical", "insider"}, Attitude: "supporter", Influence: "medium", ReportsTo: "cio", Coverage: []Cover{{By: "Solution engineer", Current: "working", Target: "trusted"}}},
			{ID: "sec", Name: "Olga Ivanova", Title: "CISO", Roles: []string{"technical"}, Attitude: "unknown", ReportsTo: "cio"},
			{ID: "buyer", Name: "Sam Lee", Title: "Procurement lead", Roles: []string{"influencer"}, Attitude: "neutral", Influence: "low", ReportsTo: "cfo", Coverage: []Cover{{By: "Li Na", Current: "contact", Target: "contact"}}},
			{ID: "consultant", Name: "Ravi Patel", Title: "External consultant (Big Four)", Roles: []string{"influencer"}, Attitude: "skeptic", Influence: "medium", ReportsTo: "board"},
		},
		Missing: []string{"coach"},
	}
}

func flatMap(n int) Stakeholders {
	m := Stakeholders{People: []Person{{ID: "boss", Name: "Owner", Title: "Managing director", Roles: []string{"decision_maker"}, Attitude: "champion", Influence: "high", Coverage: []Cover{{By: "Rep"}}}}}
	atts := []string{"champion", "supporter", "neutral", "skeptic", "opponent", "unknown", ""}
	infs := []string{"low", "medium", "high", ""}
	for i := 1; i < n; i++ {
		m.People = append(m.People, Person{
			ID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("Person %d", i), Title: "Shift lead",
			Roles: []string{mapRoles[i%len(mapRoles)]}, Attitude: atts[i%len(atts)], Influence: infs[i%len(infs)],
			ReportsTo: "boss",
		})
	}
	return m
}

func chainMap(n int) Stakeholders {
	var m Stakeholders
	for i := range n {
		p := Person{ID: fmt.Sprintf("l%d", i), Name: fmt.Sprintf("Level %d", i), Title: "Manager", Roles: []string{"user"}}
		if i > 0 {
			p.ReportsTo = fmt.Sprintf("l%d", i-1)
		}
		m.People = append(m.People, p)
	}
	return m
}

// randomMap builds a random org of n people (fixed seed: deterministic).
func randomMap(seed int64, n int) Stakeholders {
	r := rand.New(rand.NewSource(seed))
	var m Stakeholders
	for i := range n {
		p := Person{ID: fmt.Sprintf("r%d", i), Name: fmt.Sprintf("Random %d", i), Title: "Title",
			Roles: []string{mapRoles[r.Intn(len(mapRoles))]}}
		switch k := r.Intn(10); {
		case i == 0 || k == 0:
		case k == 1:
			p.ReportsTo = "nobody"
		default:
			p.ReportsTo = fmt.Sprintf("r%d", r.Intn(n)) // may form cycles
		}
		m.People = append(m.People, p)
	}
	return m
}

func hostileMap() Stakeholders {
	var m Stakeholders
	for i, h := range svgHostile {
		m.People = append(m.People, Person{
			ID: h, Name: h, Title: h, Roles: []string{h, "coach"}, Attitude: h, Influence: h,
			ReportsTo: svgHostile[(i+1)%len(svgHostile)], Coverage: []Cover{{By: h, Current: h, Target: h}},
		})
	}
	m.Missing = append([]string{}, svgHostile...)
	return m
}

// ---------------------------------------------------------------------
// Stakeholder map

func boxesOverlap(a, b mapBox) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// checkMapLayout verifies the invariants of a map layout.
func checkMapLayout(t *testing.T, m Stakeholders, l mapLayout) {
	t.Helper()
	seen := make([]int, len(m.People))
	for _, b := range l.Boxes {
		seen[b.Person]++
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("person %d (%s) placed %d times", i, m.People[i].ID, n)
		}
	}
	if len(l.Missing) != len(m.Missing) {
		t.Errorf("%d missing boxes, want %d", len(l.Missing), len(m.Missing))
	}
	all := append(append(append([]mapBox{}, l.Boxes...), l.Missing...), l.Team...)
	for i := range all {
		b := all[i]
		if b.X < 0 || b.Y < 0 || b.X+b.W > l.W || b.Y+b.H > l.LegendY {
			t.Errorf("box %+v outside the drawing %vx%v (legend at %v)", b, l.W, l.H, l.LegendY)
		}
		for j := i + 1; j < len(all); j++ {
			if boxesOverlap(b, all[j]) {
				t.Errorf("boxes overlap: %+v and %+v", b, all[j])
			}
		}
	}
	// Connectors are orthogonal and never cross a box's interior.
	for _, s := range l.Segs {
		if s.X1 != s.X2 && s.Y1 != s.Y2 {
			t.Errorf("diagonal segment %+v", s)
		}
		seg := mapBox{X: math.Min(s.X1, s.X2) - 0.01, Y: math.Min(s.Y1, s.Y2) - 0.01, W: math.Abs(s.X2-s.X1) + 0.02, H: math.Abs(s.Y2-s.Y1) + 0.02}
		for _, b := range l.Boxes {
			in := mapBox{X: b.X + 1, Y: b.Y + 1, W: b.W - 2, H: b.H - 2}
			if boxesOverlap(seg, in) {
				t.Errorf("segment %+v crosses box of %s", s, m.People[b.Person].ID)
			}
		}
	}
}

func TestStakeholderLayout(t *testing.T) {
	tests := []struct {
		name     string
		m        Stakeholders
		maxWidth float64
	}{
		{"huaxin", huaxinMap(), 1400},
		{"acme", acmeMap(), 1400},
		{"one", Stakeholders{People: []Person{{ID: "a", Name: "A"}}}, 700},
		{"flat 40", flatMap(40), 1400},
		{"flat 5", flatMap(5), 1400},
		{"flat 6", flatMap(6), 1400},
		{"chain 12", chainMap(12), 700},
		{"chain 40", chainMap(40), 700},
		{"self cycle", Stakeholders{People: []Person{{ID: "a", ReportsTo: "a"}}}, 700},
		{"cycle", Stakeholders{People: []Person{
			{ID: "a", ReportsTo: "c"}, {ID: "b", ReportsTo: "a"}, {ID: "c", ReportsTo: "b"}, {ID: "d", ReportsTo: "b"}, {ID: "e", ReportsTo: "zzz"},
		}}, 1400},
		{"duplicate ids", Stakeholders{People: []Person{{ID: "a"}, {ID: "a", ReportsTo: "a"}, {ID: "b", ReportsTo: "a"}}}, 1400},
		{"missing only", Stakeholders{Missing: []string{"decision_maker", "user", "technical", "influencer", "coach", "insider", "other"}}, 1400},
		{"svgHostile", hostileMap(), 2000},
		{"mixed leaves and subtrees", func() Stakeholders {
			m := flatMap(8)
			for i := range 12 {
				m.People = append(m.People, Person{ID: fmt.Sprintf("x%d", i), Name: "X", ReportsTo: fmt.Sprintf("p%d", 1+i%3)})
			}
			return m
		}(), 1600},
		{"many managers", func() Stakeholders {
			m := flatMap(14)
			for i := 1; i < 14; i++ {
				for k := range 2 {
					m.People = append(m.People, Person{ID: fmt.Sprintf("y%d-%d", i, k), Name: "Y", ReportsTo: fmt.Sprintf("p%d", i)})
				}
			}
			return m
		}(), 1600},
		{"acme (12)", acmeMap(), 1400},
		{"wide: 30 reports", flatMap(31), 1400},
		{"wide: 5 reports in one row", flatMap(6), 1400},
		{"deep: chain of 40", chainMap(40), 700},
		{"wide and deep: 4 by 4", treeMap(4, 4), 1400},
		{"wide and deep: 3 by 5", treeMap(3, 5), 1400},
		{"wide and deep: 12 by 2", treeMap(12, 3), 1400},
		{"uneven", unevenMap(), 1500},
	}
	for seed := range int64(30) {
		tests = append(tests, struct {
			name     string
			m        Stakeholders
			maxWidth float64
		}{fmt.Sprintf("random %d", seed), randomMap(seed, 40), 1600})
	}
	for seed := range int64(20) {
		tests = append(tests, struct {
			name     string
			m        Stakeholders
			maxWidth float64
		}{fmt.Sprintf("random %d of 60", seed), randomMap(seed, 60), 1600})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := layoutStakeholders(tt.m, svgEN)
			checkMapLayout(t, tt.m, l)
			checkMapTree(t, tt.m, l)
			if l.W > tt.maxWidth {
				t.Errorf("width %v > %v", l.W, tt.maxWidth)
			}
			out := StakeholderMap(tt.m, svgEN)
			svgCheck(t, out)
			if again := StakeholderMap(tt.m, svgEN); again != out {
				t.Error("output differs between two renders")
			}
		})
	}
}

func TestStakeholderForest(t *testing.T) {
	people := []Person{
		{ID: "a", ReportsTo: "c"}, {ID: "b", ReportsTo: "a"}, {ID: "c", ReportsTo: "b"}, // cycle
		{ID: "d", ReportsTo: "b"},   // hangs off the cycle
		{ID: "e", ReportsTo: "e"},   // self
		{ID: "f", ReportsTo: "zzz"}, // dangling
		{ID: "g"}, {ID: "h", ReportsTo: "g"},
	}
	parent, dangling, cycle := mapForest(people)
	wantParent := []int{-1, -1, -1, 1, -1, -1, -1, 6}
	wantCycle := []bool{true, true, true, false, true, false, false, false}
	for i := range people {
		if parent[i] != wantParent[i] || cycle[i] != wantCycle[i] || dangling[i] != (i == 5) {
			t.Errorf("%s: parent %d cycle %v dangling %v", people[i].ID, parent[i], cycle[i], dangling[i])
		}
	}
}

func TestStakeholderContent(t *testing.T) {
	m := acmeMap()
	for _, tr := range []i18n.Printer{svgEN, svgZH} {
		t.Run(tr.Lang.Tag(), func(t *testing.T) {
			out := StakeholderMap(m, tr)
			text := svgCheck(t, out)
			for _, p := range m.People {
				if !strings.Contains(text, p.Name) {
					t.Errorf("name %q missing (tooltip)", p.Name)
				}
			}
			for _, k := range []string{"svg.map.missing", "svg.map.notFound", "svg.role.coach", "svg.map.legendAttitude", "svg.attitude.opponent", "svg.roleAbbr.decision_maker", "svg.level.high"} {
				if !strings.Contains(text, tr.T(k)) {
					t.Errorf("label %s (%q) missing", k, tr.T(k))
				}
			}
			if strings.Contains(string(out), "svg.") {
				t.Error("an untranslated svg. key is in the output")
			}
		})
	}
	if got := StakeholderMap(Stakeholders{}, svgEN); got != "" {
		t.Errorf("empty map: %q", got)
	}
	out := StakeholderMap(Stakeholders{Missing: []string{"decision_maker"}}, svgEN)
	if !strings.Contains(svgCheck(t, out), "not yet found") {
		t.Error("missing-only map lacks the not yet found box")
	}
}

func TestStakeholderGolden(t *testing.T) {
	cycleFlat := flatMap(14)
	cycleFlat.People = append(cycleFlat.People,
		Person{ID: "x", Name: "Xu Lei", Title: "Auditor", ReportsTo: "y", Roles: []string{"insider"}},
		Person{ID: "y", Name: "Yamada Hiroshi", Title: "Adviser", ReportsTo: "x", Roles: []string{"influencer"}, Attitude: "opponent", Influence: "high"},
	)
	cycleFlat.Missing = []string{"technical", "coach"}
	tests := []struct {
		file string
		m    Stakeholders
		t    i18n.Printer
	}{
		{"map-huaxin-zh.svg", func() Stakeholders {
			m := huaxinMap()
			m.Missing = []string{"insider"}
			return m
		}(), svgZH},
		{"map-acme-en.svg", acmeMap(), svgEN},
		{"map-flat-cycle-en.svg", cycleFlat, svgEN},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := string(StakeholderMap(tt.m, tt.t)) + "\n"
			svgGolden(t, tt.file, got)
		})
	}
}

func svgGolden(t *testing.T, file, got string) {
	t.Helper()
	path := filepath.Join("testdata", "svg", file)
	if *updateSVG {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/svg -run Golden -update-svg)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; if intended, run go test ./internal/svg -run Golden -update-svg", path)
	}
}

// ---------------------------------------------------------------------
// Charts

func TestRiskMatrix(t *testing.T) {
	crowded := []Risk{}
	for i := range 23 {
		crowded = append(crowded, Risk{N: i + 1, Label: fmt.Sprint("risk ", i), Severity: "high", Probability: "high"})
	}
	crowded = append(crowded, Risk{N: 100, Label: "three digits", Severity: "low", Probability: "low"})
	tests := []struct {
		name  string
		risks []Risk
	}{
		{"one", []Risk{{N: 1, Label: "Budget freeze", Severity: "high", Probability: "medium"}}},
		{"mixed", []Risk{
			{N: 1, Label: "信息中心对私有化方案的安全设计有疑虑", Severity: "high", Probability: "medium"},
			{N: 2, Label: "Low bid", Severity: "medium", Probability: "medium"},
			{N: 3, Label: "Late", Severity: "medium", Probability: "low"},
			{N: 4, Label: "No rating"},
			{N: 5, Label: "Bad rating", Severity: "extreme", Probability: "HIGH"},
		}},
		{"crowded", crowded},
		{"only unrated", []Risk{{N: 1, Label: "x"}, {N: 2, Label: "y", Severity: "low"}}},
	}
	for _, tt := range tests {
		for _, tr := range []i18n.Printer{svgEN, svgZH} {
			t.Run(tt.name+"/"+tr.Lang.Tag(), func(t *testing.T) {
				out := RiskMatrix(tt.risks, tr)
				text := svgCheck(t, out)
				for _, r := range tt.risks {
					if !strings.Contains(text, svgClean(r.Label)) {
						t.Errorf("risk %d label missing from tooltips", r.N)
					}
				}
				if RiskMatrix(tt.risks, tr) != out {
					t.Error("not deterministic")
				}
				if strings.Contains(string(out), "svg.") {
					t.Error("an untranslated svg. key is in the output")
				}
			})
		}
	}
	if RiskMatrix(nil, svgEN) != "" {
		t.Error("no risks should give no SVG")
	}
}

func TestRiskDotsDoNotOverlap(t *testing.T) {
	for k := 1; k <= 30; k++ {
		ch := riskCellH(k)
		ps := riskDotPlace(k, 0, 0, ch)
		if len(ps) != k {
			t.Fatalf("%d dots placed for %d", len(ps), k)
		}
		for i, p := range ps {
			if p[0]-riskDotR < 0 || p[0]+riskDotR > riskCellW || p[1]-riskDotR < 0 || p[1]+riskDotR > ch {
				t.Errorf("k=%d: dot %d at %v leaves the %vx%v cell", k, i, p, riskCellW, ch)
			}
			for j := i + 1; j < k; j++ {
				if math.Hypot(p[0]-ps[j][0], p[1]-ps[j][1]) < 2*riskDotR {
					t.Errorf("k=%d: dots %d and %d overlap", k, i, j)
				}
			}
		}
	}
}

func TestBarChart(t *testing.T) {
	many := BarChart{Title: "Pipeline by owner", Unit: "USD", Series: []Series{{Label: "total"}, {Label: "weighted"}}}
	for i := range 60 {
		many.Categories = append(many.Categories, fmt.Sprintf("Owner with a long name %d", i))
		many.Series[0].Values = append(many.Series[0].Values, float64(i*i*1000))
		many.Series[1].Values = append(many.Series[1].Values, float64(i*i*300))
	}
	manyH := many
	manyH.Horizontal = true
	tests := []struct {
		name string
		c    BarChart
	}{
		{"forecast", BarChart{Title: "Forecast by quarter", Unit: "USD", Categories: []string{"2026 Q4", "2027 Q1", "2027 Q2", "2027 Q3"},
			Series: []Series{{Label: "Total", Values: []float64{1.2e6, 3.4e6, 800000, 0}}, {Label: "Weighted", Values: []float64{960000, 1.1e6, 200000, 0}}}}},
		{"all zeros", BarChart{Categories: []string{"a", "b"}, Series: []Series{{Values: []float64{0, 0}}}}},
		{"one category", BarChart{Categories: []string{"华东"}, Series: []Series{{Label: "金额", Values: []float64{350000}}}, Unit: "CNY"}},
		{"one category horizontal", BarChart{Horizontal: true, Categories: []string{"华东"}, Series: []Series{{Label: "金额", Values: []float64{350000}}}}},
		{"60 categories", many},
		{"60 categories horizontal", manyH},
		{"negative and NaN", BarChart{Categories: []string{"a", "b", "c", "d"}, Series: []Series{{Values: []float64{-5, math.NaN(), math.Inf(1), 3}}}}},
		{"ragged values", BarChart{Categories: []string{"a", "b", "c"}, Series: []Series{{Values: []float64{1}}, {Values: []float64{1, 2, 3, 4, 5}}}}},
		{"seven series", BarChart{Categories: []string{"a"}, Series: []Series{{Label: "1", Values: []float64{1}}, {Label: "2", Values: []float64{2}}, {Label: "3", Values: []float64{3}}, {Label: "4", Values: []float64{4}}, {Label: "5", Values: []float64{5}}, {Label: "6", Values: []float64{6}}, {Label: "7", Values: []float64{7}}}}},
		{"svgHostile", BarChart{Title: svgHostile[0], Unit: svgHostile[1], Categories: svgHostile, Series: []Series{{Label: svgHostile[2], Values: []float64{1, 2, 3, 4, 5, 6, 7, 8}}, {Label: svgHostile[3]}}}},
		{"svgHostile horizontal", BarChart{Horizontal: true, Title: svgHostile[1], Unit: svgHostile[0], Categories: svgHostile, Series: []Series{{Label: svgHostile[4], Values: []float64{1, 2, 3}}}}},
	}
	for _, tt := range tests {
		for _, tr := range []i18n.Printer{svgEN, svgZH} {
			t.Run(tt.name+"/"+tr.Lang.Tag(), func(t *testing.T) {
				out := Bars(tt.c, tr)
				svgCheck(t, out)
				if Bars(tt.c, tr) != out {
					t.Error("not deterministic")
				}
				if strings.Contains(string(out), "svg.") {
					t.Error("an untranslated svg. key is in the output")
				}
			})
		}
	}
	for _, c := range []BarChart{{}, {Categories: []string{"a"}}, {Series: []Series{{Values: []float64{1}}}}} {
		if Bars(c, svgEN) != "" {
			t.Errorf("%+v should give no SVG", c)
		}
	}
}

func TestFunnel(t *testing.T) {
	tests := []struct {
		name   string
		stages []FunnelStage
		unit   string
	}{
		{"pipeline", []FunnelStage{{"prospect", 12, 4.2e6}, {"qualify", 8, 3.1e6}, {"develop", 5, 2.5e6}, {"propose", 3, 1.9e6}, {"negotiate", 1, 600000}}, "USD"},
		{"counts only", []FunnelStage{{"prospect", 3, 0}, {"qualify", 0, 0}, {"negotiate", 1, 0}}, ""},
		{"all zero", []FunnelStage{{"a", 0, 0}, {"b", 0, 0}}, "EUR"},
		{"one", []FunnelStage{{"商机确认", 2, 1.5e6}}, "CNY"},
		{"odd values", []FunnelStage{{"a", -3, -5}, {"b", 1, math.NaN()}, {"c", 2, math.Inf(1)}}, "USD"},
		{"svgHostile", []FunnelStage{{svgHostile[0], 1, 1}, {svgHostile[1], 2, 2}, {svgHostile[2], 3, 3}, {svgHostile[5], 4, 4}}, svgHostile[6]},
	}
	for _, tt := range tests {
		for _, tr := range []i18n.Printer{svgEN, svgZH} {
			t.Run(tt.name+"/"+tr.Lang.Tag(), func(t *testing.T) {
				out := Funnel(tt.stages, tt.unit, tr)
				text := svgCheck(t, out)
				for _, s := range tt.stages {
					if !strings.Contains(text, svgAsText(s.Label)) {
						t.Errorf("stage %q missing", s.Label)
					}
				}
				if Funnel(tt.stages, tt.unit, tr) != out {
					t.Error("not deterministic")
				}
				if strings.Contains(string(out), "svg.") {
					t.Error("an untranslated svg. key is in the output")
				}
			})
		}
	}
	if Funnel(nil, "USD", svgEN) != "" {
		t.Error("no stages should give no SVG")
	}
}

func TestTimeline(t *testing.T) {
	var crowd []TimelineItem
	for i := range 40 {
		crowd = append(crowd, TimelineItem{Label: fmt.Sprintf("Action number %d with a fairly long description", i), Date: fmt.Sprintf("2026-12-%02d", 1+i%3)})
	}
	tests := []struct {
		name  string
		items []TimelineItem
		today string
	}{
		{"plan", []TimelineItem{
			{Label: "TCO workshop with the CFO", Date: "2026-12-15"},
			{Label: "Reference visit", Date: "2026-11-20", Overdue: true},
			{Label: "Security review", Date: "2026-11-18", Status: "done"},
			{Label: "Pilot scope", Date: "2027-01-10", Status: "blocked"},
			{Label: "Old idea", Date: "2026-10-01", Status: "dropped"},
			{Label: "Find a coach", Status: "open"},
		}, "2026-11-26"},
		{"one item", []TimelineItem{{Label: "与孙伟确认评分项", Date: "2026-12-03"}}, "2026-12-03"},
		{"undated only", []TimelineItem{{Label: "a"}, {Label: "b", Date: "not a date"}}, "2026-11-26"},
		{"bad today", []TimelineItem{{Label: "a", Date: "2027-02-28"}}, "2026-13-45"},
		{"no today", []TimelineItem{{Label: "a", Date: "2027-02-28"}}, ""},
		{"today far away", []TimelineItem{{Label: "a", Date: "2027-02-28"}}, "2020-01-01"},
		{"long span", []TimelineItem{{Label: "ancient", Date: "1901-01-01"}, {Label: "future", Date: "2099-12-31"}}, "2026-11-26"},
		{"crowded", crowd, "2026-12-02"},
		{"svgHostile", func() []TimelineItem {
			var items []TimelineItem
			for i, h := range svgHostile {
				items = append(items, TimelineItem{Label: h, Date: []string{"2026-12-01", h}[i%2], Status: h, Overdue: i%3 == 0})
			}
			return items
		}(), svgHostile[0]},
	}
	for _, tt := range tests {
		for _, tr := range []i18n.Printer{svgEN, svgZH} {
			t.Run(tt.name+"/"+tr.Lang.Tag(), func(t *testing.T) {
				out := Timeline(tt.items, tt.today, tr)
				svgCheck(t, out)
				if Timeline(tt.items, tt.today, tr) != out {
					t.Error("not deterministic")
				}
				if strings.Contains(string(out), "svg.") {
					t.Error("an untranslated svg. key is in the output")
				}
			})
		}
	}
	if Timeline(nil, "2026-11-26", svgEN) != "" {
		t.Error("no items should give no SVG")
	}
	out := string(Timeline(tests[0].items, tests[0].today, svgEN))
	for _, want := range []string{`class="svg-item svg-overdue"`, `class="svg-item svg-done"`, `class="svg-today"`, "Today", "No date"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan timeline lacks %s", want)
		}
	}
}

func TestTimelineLanes(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	var labels []tlLabel
	for range 60 {
		x := r.Float64() * 700
		labels = append(labels, tlLabel{x: x, x1: x, x2: x + 20 + r.Float64()*160})
	}
	for i := range labels { // lanes are assigned in x order
		for j := i + 1; j < len(labels); j++ {
			if labels[j].x < labels[i].x {
				labels[i], labels[j] = labels[j], labels[i]
			}
		}
	}
	n := timelineLanes(labels)
	for i, a := range labels {
		if a.lane < 0 || a.lane >= n {
			t.Fatalf("lane %d out of %d", a.lane, n)
		}
		for _, b := range labels[i+1:] {
			if a.lane == b.lane && a.x1 < b.x2 && b.x1 < a.x2 {
				t.Errorf("labels overlap in lane %d: %v-%v and %v-%v", a.lane, a.x1, a.x2, b.x1, b.x2)
			}
		}
	}
}

func TestSVGHostileEverywhere(t *testing.T) {
	risks := []Risk{}
	for i, h := range svgHostile {
		risks = append(risks, Risk{N: i, Label: h, Severity: []string{"high", h}[i%2], Probability: h})
	}
	outs := map[string]template.HTML{
		"map":         StakeholderMap(hostileMap(), svgEN),
		"map zh":      StakeholderMap(hostileMap(), svgZH),
		"risk":        RiskMatrix(risks, svgEN),
		"bar":         Bars(BarChart{Title: svgHostile[0], Unit: svgHostile[1], Categories: svgHostile, Series: []Series{{Label: svgHostile[6], Values: []float64{1, 2}}}}, svgEN),
		"funnel":      Funnel([]FunnelStage{{svgHostile[0], 1, 5}, {svgHostile[1], 1, 5}}, svgHostile[2], svgEN),
		"timeline":    Timeline([]TimelineItem{{Label: svgHostile[0], Date: "2026-01-01"}, {Label: svgHostile[1]}}, svgHostile[1], svgEN),
		"waterfall":   Waterfall(WaterfallChart{Title: svgHostile[0], Unit: svgHostile[1], Bars: []WaterfallBar{{Label: svgHostile[2], Money: svgHostile[6], Amount: 5}, {Label: svgHostile[7], Money: svgHostile[5], Amount: 2, Sign: -1}}}, svgEN),
		"calibration": Calibration([]CalibrationStage{{Label: svgHostile[0], Set: 20, Won: 1, Reached: 3}, {Label: svgHostile[6], Set: 50, Won: 15, Reached: 20, Enough: true}}, 20, svgEN),
	}
	for _, name := range []string{"map", "map zh", "risk", "bar", "funnel", "timeline", "waterfall", "calibration"} {
		t.Run(name, func(t *testing.T) {
			text := svgCheck(t, outs[name])
			// The svgHostile text survives as text, so it was escaped, not dropped.
			if !strings.Contains(text, "alert(1)") {
				t.Error("svgHostile text not shown as text")
			}
		})
	}
}

func TestSVGMessages(t *testing.T) {
	if got := svgZH.T("svg.timeline.monthYear", "month", svgZH.T("svg.month.1"), "year", 2027); got != "2027年1月" {
		t.Errorf("zh month-year = %q", got)
	}
	if got := svgEN.T("svg.timeline.monthYear", "month", "Jan", "year", 2027); got != "Jan 2027" {
		t.Errorf("en month-year = %q", got)
	}
}

// waterfallRects are the bars of a waterfall, in order, by their class
// (svg-wf-total, svg-wf-up, svg-wf-down) and their rectangle.
type waterfallRect struct {
	kind      string
	y, bottom float64
}

func waterfallRects(t *testing.T, out template.HTML) []waterfallRect {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(string(out)))
	var rects []waterfallRect
	kind := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return rects
		}
		if err != nil {
			t.Fatal(err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attrs := map[string]string{}
		for _, a := range el.Attr {
			attrs[a.Name.Local] = a.Value
		}
		switch {
		case el.Name.Local == "g" && strings.HasPrefix(attrs["class"], "svg-wf-bar "):
			kind = strings.TrimPrefix(attrs["class"], "svg-wf-bar ")
		case el.Name.Local == "rect" && kind != "":
			var y, h float64
			fmt.Sscan(attrs["y"], &y)
			fmt.Sscan(attrs["height"], &h)
			rects = append(rects, waterfallRect{kind, y, y + h})
			kind = ""
		}
	}
}

func TestWaterfall(t *testing.T) {
	bars := func(vs ...float64) []WaterfallBar {
		names := []string{"start", "new", "pulled in", "pushed out", "increased", "decreased", "won", "lost", "end"}
		signs := []int{0, 1, 1, -1, 1, -1, -1, -1, 0}
		var out []WaterfallBar
		for i, v := range vs {
			out = append(out, WaterfallBar{Label: names[i], Amount: v, Money: fmt.Sprint(v), Count: i % 3, Sign: signs[i]})
		}
		return out
	}
	tests := []struct {
		name string
		c    WaterfallChart
	}{
		{"quarter", WaterfallChart{Title: "2026-Q4, this quarter", Unit: "USD", Bars: bars(4195640, 0, 0, 3354600, 553672, 0, 1394712, 0, 0)}},
		{"below zero on the way", WaterfallChart{Unit: "EUR", Bars: bars(100, 0, 0, 150, 50, 0, 0, 0, 0)}},
		{"nothing", WaterfallChart{Bars: bars(0, 0, 0, 0, 0, 0, 0, 0, 0)}},
		{"long amounts", WaterfallChart{Unit: "CNY", Bars: []WaterfallBar{{Label: "期初", Amount: 1.2e12, Money: "12,000亿"}, {Label: "推迟移出", Amount: 1.2e12, Money: "1,200,000,000,000,000", Sign: -1}, {Label: "期末"}}}},
		{"odd values", WaterfallChart{Bars: []WaterfallBar{{Label: "a", Amount: math.NaN()}, {Label: "b", Amount: -5, Sign: 1}, {Label: "c", Amount: math.Inf(1), Sign: -1}}}},
	}
	for _, tt := range tests {
		for _, tr := range []i18n.Printer{svgEN, svgZH} {
			t.Run(tt.name+"/"+tr.Lang.Tag(), func(t *testing.T) {
				out := Waterfall(tt.c, tr)
				text := svgCheck(t, out)
				for _, b := range tt.c.Bars {
					if !strings.Contains(text, b.Label) {
						t.Errorf("bar %q has no label", b.Label)
					}
				}
				if Waterfall(tt.c, tr) != out {
					t.Error("not deterministic")
				}
				if strings.Contains(string(out), "svg.") {
					t.Error("an untranslated svg. key is in the output")
				}
				if !strings.Contains(string(out), "<desc>") {
					t.Error("no description")
				}
			})
		}
	}
	if Waterfall(WaterfallChart{Title: "x"}, svgEN) != "" {
		t.Error("no bars should give no SVG")
	}

	// Each bar floats from the running total: an up bar starts where the
	// bar before it ends, a down bar ends lower, a total stands on zero.
	c := WaterfallChart{Unit: "USD", Bars: []WaterfallBar{
		{Label: "start", Amount: 100, Money: "100"}, {Label: "new", Amount: 50, Money: "50", Sign: 1},
		{Label: "won", Amount: 30, Money: "30", Sign: -1}, {Label: "end", Amount: 120, Money: "120"},
	}}
	out := Waterfall(c, svgEN)
	r := waterfallRects(t, out)
	if len(r) != 4 || r[0].kind != "svg-wf-total" || r[1].kind != "svg-wf-up" || r[2].kind != "svg-wf-down" || r[3].kind != "svg-wf-total" {
		t.Fatalf("bars: %+v", r)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.11 }
	if !near(r[1].bottom, r[0].y) || !near(r[2].y, r[1].y) || !near(r[3].y, r[2].bottom) || !near(r[0].bottom, r[3].bottom) {
		t.Errorf("the bars do not float from the running total: %+v", r)
	}
	// Up and down differ by more than colour: the sign is in the label.
	text := svgCheck(t, out)
	for _, want := range []string{"+50", "−30", "120", "0 deals"} {
		if !strings.Contains(text, want) {
			t.Errorf("the waterfall lacks %q: %s", want, text)
		}
	}
}

func TestCalibration(t *testing.T) {
	stages := []CalibrationStage{
		{Label: "prospect", Set: 5}, // no closed deal reached it
		{Label: "qualify", Set: 15, Won: 2, Reached: 3},
		{Label: "propose", Set: 60, Won: 14, Reached: 21, Enough: true},
		{Label: "商务谈判", Set: 150, Won: 30, Reached: 30, Enough: true}, // a probability past 100 % is drawn at 100 %
	}
	for _, tr := range []i18n.Printer{svgEN, svgZH} {
		t.Run(tr.Lang.Tag(), func(t *testing.T) {
			out := Calibration(stages, 20, tr)
			text := svgCheck(t, out)
			for _, s := range stages {
				if !strings.Contains(text, s.Label) {
					t.Errorf("stage %q missing", s.Label)
				}
			}
			if Calibration(stages, 20, tr) != out {
				t.Error("not deterministic")
			}
			if strings.Contains(string(out), "svg.") {
				t.Error("an untranslated svg. key is in the output")
			}
			if got := strings.Count(string(out), `class="svg-cal-won svg-cal-few"`); got != 1 {
				t.Errorf("%d shares marked as too few, want 1", got)
			}
			if got := strings.Count(string(out), `class="svg-cal-won"`); got != 2 {
				t.Errorf("%d shares to go by, want 2", got)
			}
		})
	}
	text := svgCheck(t, Calibration(stages, 20, svgEN))
	for _, want := range []string{"67% won (2 of 3): too few, under 20", "67% won (14 of 21)", "no closed deal reached it", "15%", "100%"} {
		if !strings.Contains(text, want) {
			t.Errorf("the calibration chart lacks %q", want)
		}
	}
	if Calibration(nil, 20, svgEN) != "" {
		t.Error("no stages should give no SVG")
	}
}
