// Package dealgen generates realistic synthetic deal files and a matching deals.config.yaml, and the git history of a repository of them, deterministically by seed.
package dealgen

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Today is the date the generated deals are written against: overdue
// actions, stale reviews and past close dates are relative to it, so lint
// them with --today 2026-11-26.
const Today = "2026-11-26"

// MinSize and MaxSize bound the size in bytes of every generated deal file.
const (
	MinSize = 3584 // 3.5 KiB
	MaxSize = 4608 // 4.5 KiB
)

var today = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// day is the date offset days from Today.
func day(offset int) string { return today.AddDate(0, 0, offset).Format(time.DateOnly) }

var stages = []struct {
	id     string
	weight int
}{
	{"prospect", 14}, {"qualify", 15}, {"develop", 18}, {"propose", 15}, {"negotiate", 12}, {"won", 14}, {"lost", 12},
}

// gen holds what one deal is being generated from.
type gen struct {
	r     *rand.Rand
	i     int
	zh    bool
	reg   region
	rep   member
	depth int  // how far the deal got: 0 prospect .. 4 negotiate, 5 won
	open  bool // not won or lost
	asOf  int  // day offset the deal's file was last worked on (0 for open deals)
	m     *dealM
	ind   industry
	prod  product
	// amount and currency are what the deal is worth, whether or not
	// the file says so yet.
	amount   int64
	currency string
}

// Deal returns deal number i of the set generated from seed, as the bytes
// of a deal file. The same seed and i always give the same bytes.
func Deal(seed int64, i int) []byte {
	data, _ := generate(seed, i)
	return data
}

// generate builds deal i and returns it with the names of the defects put in it.
func generate(seed int64, i int) ([]byte, []string) {
	g := &gen{r: newRand(seed, i), i: i, m: &dealM{}}
	g.header()
	g.build()
	var defects []string
	// 62% of deals get gaps; some only matter at later stages, so about
	// half of all deals have findings at their own stage.
	if g.r.IntN(100) >= 38 {
		n := 1 + g.r.IntN(3)
		if g.r.IntN(10) == 0 {
			n += 2 + g.r.IntN(3) // a sloppy deal
		}
		defects = g.defects(n)
	}
	seq := 2
	if g.r.IntN(3) == 0 {
		seq = 0
	}
	return g.finish(seq), defects
}

func newRand(seed int64, i int) *rand.Rand {
	a := mix(uint64(seed) ^ 0x6a09e667f3bcc909)
	b := mix(a ^ uint64(i)*0x9e3779b97f4a7c15)
	return rand.New(rand.NewPCG(a, b))
}

// mix is splitmix64's finaliser.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// --- small random helpers ---

func (g *gen) t(x tx) string {
	if g.zh {
		return x.zh
	}
	return x.en
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// between is a random int in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func pick[T any](g *gen, list []T) T { return list[g.r.IntN(len(list))] }

// pickN picks n different items (fewer if the list is shorter), in list order.
func pickN[T any](g *gen, list []T, n int) []T {
	idx := g.r.Perm(len(list))
	if n > len(idx) {
		n = len(idx)
	}
	idx = idx[:n]
	slices.Sort(idx)
	out := make([]T, n)
	for k, j := range idx {
		out[k] = list[j]
	}
	return out
}

func (g *gen) texts(list []tx, n int) []string {
	var out []string
	for _, x := range pickN(g, list, n) {
		out = append(out, g.t(x))
	}
	return out
}

func weighted[T any](g *gen, items []T, weight func(T) int) T {
	total := 0
	for _, it := range items {
		total += weight(it)
	}
	n := g.r.IntN(total)
	for _, it := range items {
		n -= weight(it)
		if n < 0 {
			return it
		}
	}
	return items[len(items)-1]
}

// --- the header: account, product, owner, stage, amount, dates ---

func (g *gen) header() {
	m := g.m
	st := weighted(g, stages, func(s struct {
		id     string
		weight int
	}) int {
		return s.weight
	})
	m.stage = st.id
	switch st.id {
	case "prospect":
		g.depth = 0
	case "qualify":
		g.depth = 1
	case "develop":
		g.depth = 2
	case "propose":
		g.depth = 3
	case "negotiate":
		g.depth = 4
	case "won":
		g.depth = 5
	case "lost":
		g.depth = 1 + g.r.IntN(4)
	}
	g.open = st.id != "won" && st.id != "lost"
	if !g.open {
		g.asOf = -g.between(3, 330)
	}

	g.reg = weighted(g, regions, func(r region) int { return r.weight })
	g.zh = g.reg.zh
	var reps []member
	for _, t := range team {
		if t.rep && t.region == g.reg.name {
			reps = append(reps, t)
		}
	}
	g.rep = pick(g, reps)
	m.owner = g.rep.id
	m.region = g.reg.name

	m.size = weighted(g, []string{"small", "medium", "large"}, func(s string) int {
		return map[string]int{"small": 30, "medium": 40, "large": 30}[s]
	})
	g.prod = pick(g, products)
	m.product = g.prod.name
	m.line = g.prod.line
	m.complexity = g.prod.complexity
	if g.chance(0.25) {
		if m.complexity == "simple" {
			m.complexity = "complex"
		} else {
			m.complexity = "simple"
		}
	}
	g.ind = pick(g, industries)
	m.industry = g.t(g.ind.name)

	var accSlug string
	if g.zh {
		city := pick(g, cities[g.reg.name])
		brand := pick(g, brandsZh)
		suffix := pick(g, g.ind.suffixZh)
		form := pick(g, []string{"有限公司", "股份有限公司", "集团", "有限公司"})
		if strings.HasSuffix(suffix, "集团") || strings.HasSuffix(suffix, "学院") {
			form = ""
		}
		m.account = city.zh + brand.zh + suffix + form
		accSlug = city.py + "-" + brand.py
	} else {
		prefix := pick(g, accountPrefixes[g.reg.name])
		suffix := pick(g, g.ind.suffixEn)
		m.account = prefix + " " + suffix
		accSlug = slug(prefix)
	}
	m.id = fmt.Sprintf("%s-%s-%06d", accSlug, g.prod.slug, g.i)
	if g.zh {
		m.title = fmt.Sprintf(pick(g, titlesZh), g.t(g.prod.noun))
	} else {
		t := fmt.Sprintf(pick(g, titlesEn), g.prod.noun.en)
		m.title = strings.ToUpper(t[:1]) + t[1:]
	}

	// Amount: what the deal is worth in USD, written in the local currency.
	var lo, hi float64
	switch m.size {
	case "small":
		lo, hi = 8e3, 8e4
	case "medium":
		lo, hi = 6e4, 6e5
	default:
		lo, hi = 4e5, 6e6
	}
	usd := lo * math.Pow(hi/lo, g.r.Float64())
	cur := pick(g, g.reg.currencies)
	rate := 1.0
	for _, r := range rates {
		if r.code == cur {
			rate = r.usd
		}
	}
	v := usd / rate
	unit := math.Pow(10, math.Floor(math.Log10(v))-1)
	v = math.Round(v/unit) * unit
	g.amount, g.currency = int64(v), cur
	if g.depth >= 1 || g.chance(0.4) {
		m.amount = strconv.FormatInt(int64(v), 10)
		m.currency = cur
	}

	switch {
	case !g.open && m.stage == "won":
		m.closeDate = day(g.asOf)
	case !g.open:
		m.closeDate = day(g.asOf + g.between(0, 60))
	case g.depth >= 1 || g.chance(0.3):
		hi := []int{300, 240, 200, 120, 75}[g.depth]
		lo := []int{90, 60, 30, 14, 5}[g.depth]
		m.closeDate = day(g.between(lo, hi))
	}
	if g.chance(0.6) {
		for _, x := range pickN(g, tagsPool, 1+g.r.IntN(3)) {
			m.tags = append(m.tags, g.t(x))
		}
	}
}

// --- the seven steps ---

func (g *gen) build() {
	g.players()
	g.assess()
	g.compete()
	g.relationships()
	g.plan()
	g.reviews()
	g.close()
}

// requiredRoles is the default required_roles matrix of deals.config.yaml.
func requiredRoles(size, complexity string) []string {
	switch size + "/" + complexity {
	case "small/simple":
		return []string{"decision_maker"}
	case "small/complex":
		return []string{"decision_maker", "technical"}
	case "medium/simple":
		return []string{"decision_maker", "user"}
	case "medium/complex":
		return []string{"decision_maker", "user", "technical"}
	case "large/simple":
		return []string{"decision_maker", "user", "influencer"}
	}
	return []string{"decision_maker", "user", "technical", "influencer"}
}

func (g *gen) person() (name, id string) {
	if g.zh {
		s, n := pick(g, surnames), pick(g, givenNames)
		return s.zh + n.zh, s.py + "-" + n.py
	}
	reg := g.reg.name
	f, l := pick(g, firstNames[reg]), pick(g, lastNames[reg])
	return f + " " + l, slug(f + " " + l)
}

func (g *gen) players() {
	m := g.m
	req := requiredRoles(m.size, m.complexity)
	need := func(role string) bool { return slices.Contains(req, role) }
	limit := map[string]int{"small": 3, "medium": 4, "large": 5}[m.size]
	roleIDs := g.chance(0.25)

	type slot struct {
		role  string // the main buying role, or "exec"
		title title
		boss  string // role of the boss
	}
	var slots []slot
	exec := m.size == "large" && g.chance(0.4)
	if exec {
		slots = append(slots, slot{"exec", title{"CEO", "总经理", "ceo"}, ""})
	}
	dmTitles := titlesByRole["decision_maker"]
	if m.size == "small" {
		dmTitles = titlesByRole["owner"]
	} else if exec {
		dmTitles = dmTitles[:2] // CFO or COO under the CEO
	}
	boss := ""
	if exec {
		boss = "exec"
	}
	slots = append(slots, slot{"decision_maker", pick(g, dmTitles), boss})
	add := func(role string, p float64) {
		if len(slots) < limit && (need(role) || g.chance(p)) {
			b := "decision_maker"
			if role == "influencer" && exec {
				b = "exec"
			}
			slots = append(slots, slot{role, pick(g, titlesByRole[role]), b})
		}
	}
	add("technical", map[bool]float64{true: 0.5, false: 0.15}[m.complexity == "complex"])
	add("user", 0.4)
	if !exec {
		add("influencer", 0.15)
	}
	// The coach: one of the people above, someone of their own, or nobody
	// in an owner-run business.
	coachMode := pick(g, []string{"attach", "attach", "separate", "separate"})
	if m.size == "small" && m.complexity == "simple" && g.chance(0.3) {
		coachMode = "none"
	}
	if coachMode == "separate" && len(slots) >= limit {
		coachMode = "attach"
	}
	if coachMode == "separate" {
		b := "user"
		if g.chance(0.5) {
			b = "technical"
		}
		slots = append(slots, slot{"coach", pick(g, titlesByRole["coach"]), b})
	}
	add("insider", 0.2)

	ids := map[string]bool{}
	roleID := map[string]string{}
	for _, s := range slots {
		var p playerM
		name, id := g.person()
		p.name = name
		if roleIDs && s.title.slug != "" {
			id = s.title.slug
		}
		for n := 2; ids[id]; n++ {
			id = fmt.Sprintf("%s-%d", strings.TrimRight(id, "-0123456789"), n)
		}
		ids[id] = true
		p.id = id
		if g.zh {
			p.title = s.title.zh
		} else {
			p.title = s.title.en
		}
		role := s.role
		switch role {
		case "exec":
			p.roles = []string{"influencer"}
			p.attitude = pick(g, []string{"neutral", "unknown", "supporter", "neutral"})
			p.influence = "high"
		case "decision_maker":
			p.roles = []string{"decision_maker"}
			p.attitude = pick(g, []string{"supporter", "neutral", "neutral", "skeptic", "supporter"})
			p.influence = "high"
		case "technical":
			p.roles = []string{"technical"}
			p.attitude = pick(g, []string{"neutral", "supporter", "skeptic", "supporter"})
			p.influence = pick(g, []string{"medium", "high"})
		case "user":
			p.roles = []string{"user"}
			p.attitude = pick(g, []string{"supporter", "neutral", "champion"})
			p.influence = pick(g, []string{"medium", "low", "medium"})
		case "influencer":
			p.roles = []string{"influencer"}
			p.attitude = pick(g, []string{"neutral", "skeptic", "unknown", "neutral", "opponent"})
			p.influence = pick(g, []string{"medium", "high", "low"})
		case "coach":
			p.roles = []string{"coach"}
			p.attitude = pick(g, []string{"champion", "supporter"})
			p.influence = pick(g, []string{"medium", "low"})
		case "insider":
			p.roles = []string{"insider"}
			p.attitude = pick(g, []string{"supporter", "neutral"})
			p.influence = "low"
		}
		if m.size == "small" && role == "decision_maker" && g.chance(0.5) {
			p.roles = append(p.roles, "user")
		}
		if s.boss != "" {
			b := roleID[s.boss]
			if b == "" {
				b = roleID["decision_maker"]
			}
			p.reportsTo = b
		}
		careRole := role
		if role == "exec" {
			careRole = "decision_maker"
		}
		p.cares = g.texts(caresAbout[careRole], 1+g.r.IntN(2))
		p.verified = day(g.asOf - g.between(0, 80))
		if g.chance(0.15) {
			p.notes = g.t(pick(g, playerNotes))
		}
		if _, ok := roleID[role]; !ok {
			roleID[role] = id
		}
		m.players = append(m.players, p)
	}
	if coachMode == "attach" {
		// The coach is one of the user or technical people, or the decision maker's right hand.
		var cands []int
		for k, p := range m.players {
			if p.has("user") || p.has("technical") {
				cands = append(cands, k)
			}
		}
		if len(cands) == 0 {
			cands = []int{len(m.players) - 1}
		}
		k := pick(g, cands)
		m.players[k].roles = append(m.players[k].roles, "coach")
		m.players[k].attitude = pick(g, []string{"champion", "supporter"})
	}
	if coachMode == "none" {
		m.ignores = append(m.ignores, ignoreM{"players-coach", g.t(tx{
			"Owner-run business: the owner decides alone and is our only contact.",
			"老板一人决策，是我们唯一的联系人。"})})
	}

	// Early deals know only some people, and not everything about them.
	switch g.depth {
	case 0:
		m.players = m.players[:min(len(m.players), 1+g.r.IntN(3))]
		for k := range m.players {
			p := &m.players[k]
			p.cares, p.notes = nil, ""
			if g.chance(0.5) {
				p.attitude, p.influence = "", ""
			}
			if g.chance(0.5) {
				p.verified = ""
			}
		}
	case 1:
		m.players = m.players[:min(len(m.players), 1+g.r.IntN(3))]
		for k := range m.players {
			p := &m.players[k]
			if g.chance(0.5) {
				p.cares = nil
			}
			if g.chance(0.3) {
				p.influence = ""
			}
		}
	}
}

func (g *gen) ids() []string {
	out := make([]string, len(g.m.players))
	for k, p := range g.m.players {
		out[k] = p.id
	}
	return out
}

func (g *gen) withRole(role string) string {
	for _, p := range g.m.players {
		if p.has(role) {
			return p.id
		}
	}
	return ""
}

func (g *gen) assess() {
	m := g.m
	levels := func() string {
		switch {
		case g.depth == 0:
			return pick(g, []string{"none", "low", "low", "medium"})
		case g.depth == 1:
			return pick(g, []string{"low", "medium", "medium", "high"})
		}
		return pick(g, []string{"medium", "high", "high"})
	}
	// evidence picks what backs a level: the pools list strong evidence
	// first and weak evidence from index weak on.
	evidence := func(pool []tx, weak int, level string) string {
		if level == "medium" || level == "high" {
			return g.t(pick(g, pool[:weak]))
		}
		return g.t(pick(g, pool[weak:]))
	}
	if g.depth >= 1 || g.chance(0.8) {
		m.motivation = &judgement{level: levels()}
		if g.depth >= 1 || g.chance(0.6) {
			m.motivation.evidence = evidence(motivationEvidence, 4, m.motivation.level)
		}
	}
	if g.depth >= 1 || g.chance(0.5) {
		m.ability = &judgement{level: levels()}
		if g.depth >= 1 || g.chance(0.5) {
			m.ability.evidence = evidence(abilityEvidence, 4, m.ability.level)
		}
	}
	n := 0
	switch {
	case g.depth >= 1:
		n = 1 + g.r.IntN(2)
		if g.chance(0.15) {
			n++
		}
	case g.chance(0.7):
		n = 1 + g.r.IntN(2)
	}
	ids := g.ids()
	for _, k := range pickN(g, g.prod.pains, n) {
		p := pains[k]
		pm := painM{pain: g.t(p.pain)}
		if g.depth >= 1 || g.chance(0.5) {
			pm.solution = g.t(p.solution)
		}
		if len(ids) > 0 && g.chance(0.5) {
			pm.players = pickN(g, ids, 1+g.r.IntN(2))
		}
		m.pains = append(m.pains, pm)
	}
	n = 0
	switch {
	case g.depth >= 2:
		n = 1 + g.r.IntN(2)
	case g.depth == 1 && g.chance(0.4):
		n = 1
	}
	for _, rt := range pickN(g, risks, n) {
		r := riskM{risk: g.t(rt.risk)}
		if g.depth >= 2 || g.chance(0.5) {
			r.severity = pick(g, []string{"low", "medium", "high"})
			r.probability = pick(g, []string{"low", "medium", "high"})
			r.worst = g.t(rt.worst)
			r.mitigation = g.t(rt.mitigation)
		}
		m.risks = append(m.risks, r)
	}
}

func (g *gen) vendors() []string {
	if g.zh {
		return vendorsZh
	}
	return vendorsEn
}

func (g *gen) compete() {
	m := g.m
	switch {
	case g.depth >= 2:
		for _, v := range pickN(g, g.vendors(), 1+g.r.IntN(2)) {
			m.competitors = append(m.competitors, competitorM{name: v, typ: "vendor",
				strengths: g.texts(compStrengths, 1+g.r.IntN(2)), weaknesses: g.texts(compWeaknesses, 1+g.r.IntN(2))})
		}
		if g.chance(0.2) {
			m.competitors = append(m.competitors, competitorM{name: g.t(pick(g, inHouse)), typ: "in_house",
				strengths: g.texts(compStrengths[:3], 1), weaknesses: g.texts(compWeaknesses[2:], 1)})
		}
		if g.chance(0.75) {
			m.competitors = append(m.competitors, competitorM{name: g.t(pick(g, noDecision)), typ: "no_decision",
				strengths: g.texts(statusQuoStrengths, 1), weaknesses: g.texts(statusQuoWeaknesses, 1)})
		} else if g.chance(0.3) {
			m.ignores = append(m.ignores, ignoreM{"compete-no-decision", g.t(tx{
				"The old system must be replaced by law before 2028: doing nothing is not an option.",
				"法规要求2028年前必须替换旧系统，不存在维持现状的选项。"})})
		}
		m.strategies = pickN(g, strategies, 1+g.r.IntN(2))
		var parts []string
		for _, s := range m.strategies {
			parts = append(parts, g.t(rationales[s]))
		}
		sep := " "
		if g.zh {
			sep = ""
		}
		m.rationale = strings.Join(parts, sep)
	case g.chance(0.6) && g.depth == 1, g.chance(0.4):
		c := competitorM{name: pick(g, g.vendors()), typ: "vendor"}
		if g.chance(0.5) {
			c.strengths = g.texts(compStrengths, 1)
		}
		m.competitors = append(m.competitors, c)
	}
}

func (g *gen) coveredBy(p playerM) string {
	var x tx
	switch {
	case p.has("decision_maker") && g.chance(0.5):
		x = coveredBy[2]
	case p.has("technical") && g.chance(0.6):
		x = coveredBy[1]
	case g.chance(0.15):
		x = coveredBy[3]
	default:
		x = coveredBy[0]
	}
	s := g.t(x)
	if strings.Contains(s, "%s") {
		s = fmt.Sprintf(s, g.rep.name)
	}
	return s
}

func (g *gen) relationships() {
	m := g.m
	if g.depth < 2 || (g.depth == 2 && g.chance(0.5)) {
		return
	}
	full := g.depth >= 3
	for _, p := range m.players {
		if !full && g.chance(0.4) {
			continue
		}
		c := coverageM{player: p.id, by: g.coveredBy(p)}
		cur := g.r.IntN(3)
		if p.has("coach") {
			cur = 3 + g.r.IntN(2)
		}
		c.current = relLevels[cur]
		c.target = relLevels[min(4, cur+1+g.r.IntN(2))]
		if g.chance(0.8) {
			c.approach = g.t(pick(g, approaches))
		}
		m.coverage = append(m.coverage, c)
	}
	if g.chance(0.25) {
		m.segSize = m.size
		m.segIndustry = m.industry
		if g.chance(0.5) {
			m.segLine = m.line
		}
	}
}

// action makes a plan action with a due date and status: done in the past or
// open in the future (past for closed deals).
func (g *gen) action(what, owner string, done bool) actionM {
	a := actionM{what: what, owner: owner}
	if done {
		a.due = day(g.asOf - g.between(3, 60))
		a.status = "done"
	} else if g.open {
		a.due = day(g.between(3, 45))
		if g.chance(0.3) {
			a.status = "open"
		}
	} else {
		a.due = day(g.asOf - g.between(1, 20))
		a.status = pick(g, []string{"done", "done", "dropped"})
	}
	return a
}

func (g *gen) owner() string {
	if g.chance(0.75) {
		return g.rep.id
	}
	return g.t(pick(g, actionOwnersExtra))
}

func (g *gen) plan() {
	m := g.m
	switch {
	case g.depth == 0:
		if g.chance(0.6) {
			for k, x := range pickN(g, prospectActions, 1+g.r.IntN(2)) {
				m.actions = append(m.actions, g.action(g.t(x), g.rep.id, k == 0 && g.chance(0.5)))
			}
		}
		return
	case g.depth == 1:
		if g.chance(0.5) {
			for k, x := range pickN(g, prospectActions, 1+g.r.IntN(2)) {
				m.actions = append(m.actions, g.action(g.t(x), g.rep.id, k == 0))
			}
		}
		return
	}
	full := g.depth >= 3
	if full || g.chance(0.7) {
		cd := m.closeDate
		if cd == "" {
			cd = day(120)
		}
		years := 1 + g.r.IntN(3)
		if g.zh {
			m.goal = fmt.Sprintf("%s前签订%d年合同，覆盖%s", cd, years, g.t(pick(g, goalScopes)))
		} else {
			m.goal = fmt.Sprintf("Signed %d-year contract for %s by %s", years, pick(g, goalScopes).en, cd)
		}
	}
	if full || g.chance(0.5) {
		m.strategy = g.t(pick(g, planStrategies))
	}
	n := 1 + g.r.IntN(3)
	if full {
		n = 2 + g.r.IntN(3)
	}
	for k, a := range pickN(g, actions, n) {
		act := g.action(g.t(a.what), g.owner(), k == 0 && g.chance(0.6))
		if id := g.withRole(a.role); id != "" && g.chance(0.7) {
			act.players = []string{id}
		}
		m.actions = append(m.actions, act)
	}
	if full || g.chance(0.3) {
		m.resources = g.texts(resources, 1+g.r.IntN(3))
	}
	if full || g.chance(0.3) {
		m.verification = g.t(pick(g, verifications))
	}
	g.addressHostile()
}

// addressHostile makes sure an influential skeptic or opponent is worked on
// by an open action, as a rep who knows about them would plan.
func (g *gen) addressHostile() {
	m := g.m
	for _, p := range m.players {
		hostile := p.attitude == "skeptic" || p.attitude == "opponent"
		if !hostile || p.influence == "low" || p.influence == "" {
			continue
		}
		done := false
		for k := range m.actions {
			a := &m.actions[k]
			if a.open() && slices.Contains(a.players, p.id) {
				done = true
			}
		}
		if done {
			continue
		}
		a := g.action(g.t(tx{"One-to-one meeting to answer their concerns", "单独沟通，回应其顾虑"}), g.rep.id, false)
		a.players = []string{p.id}
		if !g.open {
			a.status = "done"
		}
		m.actions = append(m.actions, a)
	}
}

func (g *gen) reviewer() string {
	mgr := g.rep.manager
	if g.chance(0.15) {
		for _, t := range team {
			if t.id == mgr && t.manager != "" {
				return t.manager
			}
		}
	}
	return mgr
}

func (g *gen) reviews() {
	m := g.m
	var n int
	switch {
	case g.depth >= 3:
		n = 1 + g.r.IntN(2)
	case g.depth == 2 && g.chance(0.35):
		n = 1
	default:
		return
	}
	latest := g.asOf - g.between(1, 25)
	if g.depth == 2 {
		latest = g.asOf - g.between(5, 80)
	}
	dates := []int{latest}
	if n == 2 {
		dates = []int{latest - g.between(20, 60), latest}
	}
	for _, d := range dates {
		r := reviewM{date: day(d), reviewer: g.reviewer()}
		r.strengths = g.texts(reviewStrengths, 1+g.r.IntN(2))
		if g.chance(0.7) {
			r.weaknesses = g.texts(reviewWeaknesses, 1)
		}
		if g.chance(0.6) {
			r.gaps = g.texts(reviewGaps, 1)
		}
		r.changes = g.texts(reviewChanges, 1+g.r.IntN(2))
		m.reviews = append(m.reviews, r)
	}
}

func (g *gen) close() {
	m := g.m
	ids := g.ids()
	if g.open && (g.depth >= 2 || (g.depth == 1 && g.chance(0.6)) || g.chance(0.4)) || (!g.open && g.chance(0.15)) {
		m.nextAction = g.t(pick(g, nextSteps))
		m.nextDate = day(g.asOf + g.between(2, 21))
		if len(ids) > 0 {
			m.agreed = pickN(g, ids, 1+g.r.IntN(2))
		}
	}
	if g.depth >= 4 {
		m.mutual = fmt.Sprintf(g.t(pick(g, mutualBenefits)), m.industry)
		ms := pickN(g, milestones, 2+g.r.IntN(3))
		end := g.between(5, 60)
		if m.closeDate != "" {
			t, _ := time.Parse(time.DateOnly, m.closeDate)
			end = int(t.Sub(today).Hours() / 24)
		}
		start := g.asOf - g.between(10, 40)
		for k, x := range ms {
			d := start + (end-start)*(k+1)/len(ms)
			mm := milestoneM{name: g.t(x), date: day(d)}
			switch {
			case g.chance(0.4) && len(ids) > 0:
				mm.owner = pick(g, ids)
			case g.chance(0.5):
				mm.owner = g.rep.id
			}
			mm.done = d < g.asOf || m.stage == "won"
			m.milestones = append(m.milestones, mm)
		}
	}
	switch m.stage {
	case "won":
		m.outcome = true
		m.outDate = day(g.asOf)
		m.handTo = g.t(pick(g, handoffTo))
		m.handDate = day(g.asOf + g.between(2, 14))
		if g.chance(0.7) {
			m.handNotes = g.t(pick(g, handoffNotes))
		}
	case "lost":
		m.outcome = true
		m.outDate = day(g.asOf)
		m.reason = g.t(pick(g, lossReasons))
		var names []string
		for _, c := range m.competitors {
			if c.typ == "vendor" {
				names = append(names, c.name)
			}
		}
		switch {
		case g.chance(0.2):
			m.lostTo = g.t(tx{"no decision", "客户未做决定"})
		case len(names) > 0:
			m.lostTo = pick(g, names)
		default:
			m.lostTo = pick(g, g.vendors())
		}
	}
}

// --- sizing ---

// finish writes the deal, trimming detail until it fits MaxSize and
// adding a notes log until it reaches a target size of its own.
func (g *gen) finish(seq int) []byte {
	m := g.m
	target := g.between(MinSize+64, MaxSize-320)
	log := g.newLog()
	out := m.render(seq)
	for step := 0; len(out) > MaxSize; step++ {
		if !g.trim(step) {
			break
		}
		out = m.render(seq)
	}
	if len(out) >= target {
		return out
	}
	out = append(out, "notes: |\n"...)
	for len(out) < target {
		if line := log.next(); line != "" {
			out = append(out, "  "...)
			out = append(out, line...)
		}
		out = append(out, '\n')
	}
	for bytes.HasSuffix(out, []byte("\n\n")) {
		out = out[:len(out)-1]
	}
	return out
}

// trim removes detail in order of least importance; it reports false when
// there is nothing left to remove.
func (g *gen) trim(step int) bool {
	m := g.m
	switch step {
	case 0:
		for k := range m.players {
			m.players[k].notes = ""
		}
	case 1:
		for k := range m.players {
			if len(m.players[k].cares) > 1 {
				m.players[k].cares = m.players[k].cares[:1]
			}
		}
	case 2:
		if len(m.reviews) > 1 {
			m.reviews = m.reviews[len(m.reviews)-1:]
		}
	case 3:
		for k := range m.reviews {
			r := &m.reviews[k]
			r.strengths, r.weaknesses, r.gaps, r.changes = first(r.strengths), first(r.weaknesses), first(r.gaps), first(r.changes)
		}
	case 4:
		for k := range m.competitors {
			c := &m.competitors[k]
			c.strengths, c.weaknesses = first(c.strengths), first(c.weaknesses)
		}
	case 5:
		m.tags = nil
		m.segSize, m.segRegion, m.segLine, m.segIndustry = "", "", "", ""
		m.handNotes = ""
	case 6:
		// Done actions are history; keep the open ones.
		var keep []actionM
		for _, a := range m.actions {
			if a.open() || len(keep) == 0 {
				keep = append(keep, a)
			}
		}
		m.actions = keep
	case 7:
		m.pains = firstN(m.pains, 1)
		m.risks = firstN(m.risks, 1)
	case 8:
		m.milestones = firstN(m.milestones, 2)
		if len(m.resources) > 1 {
			m.resources = m.resources[:1]
		}
	case 9:
		for k := range m.coverage {
			m.coverage[k].approach = ""
		}
	case 10:
		for _, p := range m.players {
			if len(p.roles) == 1 && p.roles[0] == "insider" {
				m.removePlayer(p.id)
				return true
			}
		}
	case 11:
		var keep []competitorM
		for _, c := range m.competitors {
			if c.typ != "in_house" {
				keep = append(keep, c)
			}
		}
		m.competitors = keep
		if len(m.strategies) > 1 {
			m.strategies = m.strategies[:1]
			m.rationale = g.t(rationales[m.strategies[0]])
		}
	case 12:
		for k := range m.pains {
			m.pains[k].players = nil
		}
		if len(m.agreed) > 1 {
			m.agreed = m.agreed[:1]
		}
	case 13:
		for k := range m.reviews {
			if r := &m.reviews[k]; len(r.strengths) > 0 {
				r.weaknesses, r.gaps = nil, nil
			}
		}
	case 14:
		m.competitors = firstN(m.competitors, 2)
		var keep []actionM
		for _, a := range m.actions {
			if len(keep) < 3 || len(a.players) > 0 {
				keep = append(keep, a)
			}
		}
		m.actions = keep
	case 15:
		// A coach of their own becomes a role of a user or technical buyer.
		for _, p := range m.players {
			if len(p.roles) != 1 || p.roles[0] != "coach" {
				continue
			}
			for k := range m.players {
				q := &m.players[k]
				if q.id != p.id && (q.has("user") || q.has("technical")) && !q.has("coach") {
					q.roles = append(q.roles, "coach")
					q.attitude = p.attitude
					m.removePlayer(p.id)
					return true
				}
			}
		}
	case 16:
		m.mutual = firstSentence(m.mutual)
		for k := range m.players {
			if len(m.players[k].reportsTo) > 0 && k > 1 {
				m.players[k].reportsTo = ""
			}
		}
	default:
		return false
	}
	return true
}

func firstSentence(s string) string {
	if k := strings.Index(s, "；"); k > 0 {
		return s[:k] + "。"
	}
	if k := strings.Index(s, "; "); k > 0 {
		return s[:k] + "."
	}
	return s
}

func first(list []string) []string { return firstN(list, 1) }

func firstN[T any](list []T, n int) []T {
	if len(list) > n {
		return list[:n]
	}
	return list
}

// meetingLog writes the deal's notes in Markdown: background on the
// account, open questions, then a meeting log going back in time.
type meetingLog struct {
	g     *gen
	names []string
	lines []string // background and questions still to write
	d     int
	n     int
}

func (g *gen) newLog() *meetingLog {
	l := &meetingLog{g: g, d: g.asOf - g.between(1, 6)}
	for _, p := range g.m.players {
		if p.title != "" && g.chance(0.5) {
			l.names = append(l.names, g.t(tx{p.name + " (" + p.title + ")", p.name + "（" + p.title + "）"}))
		} else {
			l.names = append(l.names, p.name)
		}
	}
	if len(l.names) == 0 {
		l.names = []string{g.t(tx{"the customer", "客户"})}
	}
	if g.depth <= 2 || g.chance(0.3) {
		l.lines = append(l.lines, g.t(tx{"## Background", "## 客户背景"}))
		for k, x := range pickN(g, backgroundLines, 2+g.r.IntN(3)) {
			s := g.t(x)
			if k == 0 && strings.Contains(s, "%s") {
				s = fmt.Sprintf(s, g.m.account)
			} else if strings.Contains(s, "%s") {
				continue
			}
			l.lines = append(l.lines, s, "")
		}
	}
	if g.depth <= 3 && g.chance(0.6) {
		l.lines = append(l.lines, g.t(tx{"## Open questions", "## 待确认问题"}))
		for _, q := range g.texts(openQuestions, 2+g.r.IntN(2)) {
			l.lines = append(l.lines, "- "+q)
		}
		l.lines = append(l.lines, "")
	}
	return l
}

func (l *meetingLog) next() string {
	g := l.g
	if len(l.lines) > 0 {
		s := l.lines[0]
		l.lines = l.lines[1:]
		return s
	}
	l.n++
	if l.n == 1 {
		return g.t(tx{"## Meeting log", "## 拜访记录"})
	}
	text := fmt.Sprintf(g.t(pick(g, noteLines)), pick(g, l.names))
	date := day(l.d)
	l.d -= g.between(3, 16)
	if g.zh {
		return "- " + date + "：" + text
	}
	return "- " + date + ": " + text
}
