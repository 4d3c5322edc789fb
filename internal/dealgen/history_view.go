package dealgen

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// hrun is what the writer keeps of a deal between commits.
type hrun struct {
	cur         int    // the last version applied
	path        string // where the file is in the tree now; "" none
	dirty       bool   // a version applied since the last write changes the file
	everWritten bool
	called      bool // some written version called commit
	lastState   hver // the last version written
	logDays     [6]int32
	logN        int
	revDays     [2]int32
	revKind     [2]int8
	revN        int
}

// apply takes version k of d into the deal's running state.
func (rt *hrun) apply(d *hdeal, k int) {
	v := &d.vers[k]
	rt.cur = k
	switch v.kind {
	case vCreate, vTouch, vMinor, vFollow:
		rt.logDays[rt.logN%len(rt.logDays)] = v.day()
		rt.logN++
		rt.dirty = true
	case vIDFix:
		rt.dirty = true
	}
	if v.review > 0 {
		rt.revDays[rt.revN%2], rt.revKind[rt.revN%2] = v.day(), v.review
		rt.revN++
	}
}

func (d *hdeal) idAt(k int) string {
	if d.idFix >= 0 && k < d.idFix {
		return d.typoID
	}
	return d.id
}

func (d *hdeal) pathAt(k int) string {
	if d.renameAt >= 0 && k >= d.renameAt {
		return fmt.Sprintf("deals/%03d/%s.yaml", d.i/1000, d.id)
	}
	return fmt.Sprintf("deals/%03d/%06d.yaml", d.i/1000, d.i)
}

// emit writes the fast-import lines that bring d's file to its current
// version and returns what the commit message says of it ("" nothing).
func (h *histGen) emit(ops *bytes.Buffer, d *hdeal, rt *hrun, sum *HistorySummary, t int64) string {
	k := rt.cur
	v := &d.vers[k]
	id := d.idAt(k)
	if v.kind == vDelete {
		rt.dirty = false
		if rt.path == "" {
			return ""
		}
		fmt.Fprintf(ops, "D %s\n", rt.path)
		rt.path = ""
		sum.Deleted++
		if v.stage == hLost {
			return id + ": delete the deal, lost long ago"
		}
		return id + ": delete the deal, a duplicate"
	}
	path := d.pathAt(k)
	if rt.path != "" && rt.path != path && !rt.dirty {
		fmt.Fprintf(ops, "R %s %s\n", rt.path, path)
		rt.path = path
		sum.Renamed++
		return id + ": name the file after the deal"
	}
	data := h.content(d, rt, v, id)
	if rt.path != "" && rt.path != path {
		fmt.Fprintf(ops, "D %s\n", rt.path)
		sum.Renamed++
	}
	fmt.Fprintf(ops, "M 100644 inline %s\ndata %d\n", path, len(data))
	ops.Write(data)
	ops.WriteByte('\n')

	var parts []string
	switch {
	case !rt.everWritten:
		parts = []string{"new deal at " + stageIDs[v.stage]}
	case v.kind == vIDFix:
		parts = []string{"fix the id (was " + d.typoID + ")"}
		sum.IDChange = &IDChange{Path: path, From: d.typoID, To: d.id, Time: t}
	default:
		parts = messageFor(&rt.lastState, v, d.cur)
		prev := rt.lastState.close
		if prev != noDate && v.close != noDate && prev != v.close {
			rs := sum.Reps[team[d.rep].id]
			if v.close > prev {
				sum.Slips++
				rs.Slips++
			} else {
				sum.Pulls++
				rs.Pulls++
			}
			sum.Reps[team[d.rep].id] = rs
		}
	}
	if len(parts) == 0 {
		parts = []string{"meeting notes"}
	}
	if v.call == callCommit && v.stage < hWon {
		rt.called = true
	}
	rt.lastState = *v
	rt.everWritten = true
	rt.path = path
	rt.dirty = false
	return id + ": " + strings.Join(parts, "; ")
}

// content is the file of version v of deal d: the deal's blue sheet as
// the generator makes it at negotiate, built as of the day the plan was
// last brought up to date, cut down to what the deal has found so far,
// with the version's header, gaps, reviews and notes.
func (h *histGen) content(d *hdeal, rt *hrun, v *hver, id string) []byte {
	g := &gen{r: newRand(h.seed, d.i), i: d.i, m: &dealM{}}
	g.header()
	m := g.m
	anchor := int(v.plan)
	g.depth, g.open, g.asOf = 4, true, 0
	m.stage = "negotiate"
	m.closeDate = ""
	if v.close != noDate {
		m.closeDate = day(int(v.close) - anchor)
	}
	goalDate := m.closeDate
	if goalDate == "" {
		goalDate = day(120)
	}
	g.build()
	names := make([]string, len(m.players))
	for k, p := range m.players {
		names[k] = p.name
	}
	coin := func(what uint64, k int) float64 { return h.coin(d.i, what, uint64(k)) }
	hash := func(what uint64, k int) int { return int(h.hash(d.i, what, uint64(k)) >> 33) }
	f := v.fill

	// Key players: a coach once found (never for some deals and reps),
	// the first few people early on, with less known about them.
	if d.coachless || f < hDevelop || v.n < d.coachAt {
		for k := 0; k < len(m.players); k++ {
			p := &m.players[k]
			if !p.has("coach") {
				continue
			}
			if len(p.roles) == 1 {
				m.removePlayer(p.id)
				k--
				continue
			}
			p.roles = without(p.roles, "coach")
			if p.attitude == "champion" {
				p.attitude = "supporter"
			}
		}
	}
	if f <= hQualify {
		keep := min(1+int(coin(cPlayers, 0)*2)+int(v.n)/3+int(f), 3+int(f))
		for len(m.players) > keep {
			m.removePlayer(m.players[len(m.players)-1].id)
		}
		for k := range m.players {
			p := &m.players[k]
			p.notes = ""
			if f == hProspect {
				p.cares = nil
				if coin(cDetail, k) < 0.5 {
					p.attitude, p.influence = "", ""
				}
				if coin(cDetail, k+10) < 0.5 {
					p.verified = ""
				}
			} else {
				if coin(cDetail, k+20) < 0.5 {
					p.cares = nil
				}
				if coin(cDetail, k+30) < 0.3 {
					p.influence = ""
				}
			}
		}
	}

	// Step 1: assessment.
	switch f {
	case hProspect:
		if m.motivation != nil {
			m.motivation.level = "medium"
			if coin(cDetail, 40) < 0.5 {
				m.motivation.level, m.motivation.evidence = "low", ""
			}
		}
		if coin(cDetail, 41) < 0.7 {
			m.ability = nil
		} else if m.ability != nil {
			m.ability.level, m.ability.evidence = "low", ""
		}
		m.pains = firstN(m.pains, 1)
		for k := range m.pains {
			m.pains[k].solution, m.pains[k].players = "", nil
		}
		m.risks = nil
	case hQualify:
		m.pains = firstN(m.pains, 2)
		m.risks = firstN(m.risks, 1)
		if len(m.risks) > 0 && coin(cDetail, 42) < 0.5 {
			r := &m.risks[0]
			r.severity, r.probability, r.worst, r.mitigation = "", "", "", ""
		}
	}

	// Step 2: competition.
	if f <= hQualify {
		var first []competitorM
		for _, c := range m.competitors {
			if c.typ == "vendor" {
				c.weaknesses = nil
				if f == hProspect || coin(cDetail, 43) < 0.5 {
					c.strengths = nil
				}
				first = []competitorM{c}
				break
			}
		}
		if f == hProspect && coin(cDetail, 44) < 0.5 {
			first = nil
		}
		m.competitors, m.strategies, m.rationale = first, nil, ""
	}

	// Step 4: relationships.
	switch {
	case f <= hQualify:
		m.coverage = nil
		m.segSize, m.segRegion, m.segLine, m.segIndustry = "", "", "", ""
	case f == hDevelop:
		var keep []coverageM
		for k, c := range m.coverage {
			if coin(cDetail, 50+k) < 0.6 {
				keep = append(keep, c)
			}
		}
		m.coverage = keep
		m.segSize, m.segRegion, m.segLine, m.segIndustry = "", "", "", ""
	}

	// Step 5: the plan.
	switch {
	case f <= hQualify:
		m.goal, m.strategy, m.resources, m.verification = "", "", nil, ""
		n := 1 + int(coin(cDetail, 60)*2)
		s0 := hash(cDetail, 61)
		m.actions = nil
		for k := 0; k < n; k++ {
			a := actionM{what: g.t(prospectActions[(s0+k)%len(prospectActions)]), owner: g.rep.id}
			if k == 0 {
				a.due, a.status = day(-3-hash(cDetail, 62)%15), "done"
			} else {
				a.due = day(3 + hash(cDetail, 63)%30)
				if coin(cDetail, 64) < 0.3 {
					a.status = "open"
				}
			}
			m.actions = append(m.actions, a)
		}
	case f == hDevelop:
		if coin(cDetail, 65) >= 0.7 {
			m.goal = ""
		}
		if coin(cDetail, 66) >= 0.5 {
			m.strategy = ""
		}
		if coin(cDetail, 67) >= 0.3 {
			m.resources, m.verification = nil, ""
		}
	}

	// Step 7: the close plan comes at negotiate.
	if f < hNegotiate {
		m.mutual, m.milestones = "", nil
	}

	shiftDates(m, anchor)
	m.goal = strings.Replace(m.goal, goalDate, shift(goalDate, anchor), 1)

	// The header.
	m.id = id
	m.stage = stageIDs[v.stage]
	m.amount, m.currency = "", ""
	if v.amount > 0 {
		m.amount, m.currency = strconv.FormatInt(v.amount, 10), d.cur
	}
	m.forecast = callNames[v.call]

	// The next step, as last set.
	if f == hProspect && coin(cDetail, 70) < 0.6 {
		m.nextAction, m.nextDate, m.agreed = "", "", nil
	} else {
		m.nextAction = g.t(nextSteps[hash(cDetail, 71+int(v.next))%len(nextSteps)])
		m.nextDate = day(int(v.next) + 2 + hash(cDetail, 72+int(v.next))%20)
		if len(m.agreed) == 0 && len(m.players) > 0 {
			m.agreed = []string{m.players[0].id}
		}
	}

	// Step 6: the latest reviews.
	m.reviews = nil
	for j := max(0, rt.revN-2); j < rt.revN; j++ {
		at, kind := rt.revDays[j%2], rt.revKind[j%2]
		rv := reviewM{date: day(int(at)), reviewer: g.rep.manager}
		if coin(cReview, 100+j) < 0.15 {
			rv.reviewer = g.reviewer()
		}
		rv.strengths = pickTexts(g, reviewStrengths, hash(cReview, 200+j), 1+hash(cReview, 300+j)%2)
		if coin(cReview, 400+j) < 0.7 {
			rv.weaknesses = pickTexts(g, reviewWeaknesses, hash(cReview, 500+j), 1)
		}
		if coin(cReview, 600+j) < 0.6 {
			rv.gaps = pickTexts(g, reviewGaps, hash(cReview, 700+j), 1)
		}
		rv.changes = pickTexts(g, reviewChanges, hash(cReview, 800+j), 1+hash(cReview, 900+j)%2)
		switch kind {
		case 2:
			rv.forecast = "best_case"
		case 3:
			rv.forecast = "commit"
		}
		m.reviews = append(m.reviews, rv)
	}

	// The gaps this version has.
	if v.defects&dNoEvidence != 0 && m.ability != nil {
		m.ability.evidence = ""
	}
	if v.defects&dPlanElement != 0 && f >= hPropose {
		m.verification = ""
	}
	if v.defects&dProfile != 0 && f >= hDevelop && len(m.players) > 0 {
		m.players[hash(cDefect, 1)%len(m.players)].cares = nil
	}
	if v.defects&dRiskDetail != 0 && len(m.risks) > 0 {
		m.risks[0].mitigation = ""
	}
	if v.defects&dCompete != 0 && f >= hDevelop {
		for k := range m.competitors {
			if m.competitors[k].typ == "vendor" {
				m.competitors[k].weaknesses = nil
				break
			}
		}
	}
	if v.defects&dCoverage != 0 && len(m.coverage) > 1 {
		k := hash(cDefect, 2) % len(m.coverage)
		m.coverage = append(m.coverage[:k:k], m.coverage[k+1:]...)
	}

	// Won or lost: the outcome.
	switch v.stage {
	case hWon, hLost:
		won := v.stage == hWon
		m.outcome = true
		m.outDate = day(int(v.out))
		for k := range m.actions {
			if a := &m.actions[k]; a.open() {
				a.status = "dropped"
				if won {
					a.status = "done"
				}
				if a.due > m.outDate {
					a.due = m.outDate
				}
			}
		}
		if coin(cOutcome, 0) < 0.85 {
			m.nextAction, m.nextDate, m.agreed = "", "", nil
		}
		if won {
			for k := range m.milestones {
				m.milestones[k].done = true
			}
			if v.defects&dNoHandoff == 0 {
				m.handTo = g.t(handoffTo[hash(cOutcome, 1)%len(handoffTo)])
				m.handDate = m.outDate
				if coin(cOutcome, 2) < 0.7 {
					m.handNotes = g.t(handoffNotes[hash(cOutcome, 3)%len(handoffNotes)])
				}
			}
			break
		}
		m.reason = g.t(lossReasons[hash(cOutcome, 4)%len(lossReasons)])
		// Who won is one of the competitors: doing nothing, or a vendor,
		// added to the list when the rep first hears of them at the end.
		m.lostTo = ""
		kind := "vendor"
		if coin(cOutcome, 5) < 0.2 {
			kind = "no_decision"
		}
		for _, c := range m.competitors {
			if c.typ == kind {
				m.lostTo = c.name
				break
			}
		}
		if m.lostTo == "" {
			if kind == "vendor" {
				vs := g.vendors()
				m.lostTo = vs[hash(cOutcome, 6)%len(vs)]
			} else {
				m.lostTo = g.t(noDecision[hash(cOutcome, 6)%len(noDecision)])
			}
			m.competitors = append(m.competitors, competitorM{name: m.lostTo, typ: kind})
		}
		if v.defects&dNoReason != 0 {
			if coin(cOutcome, 7) < 0.6 {
				m.lostTo = ""
			} else {
				m.reason = ""
			}
		}
	}

	seq := 2
	if coin(cSeq, 0) < 1.0/3 {
		seq = 0
	}
	out := m.render(seq)
	return h.notes(out, g, d, rt, names, hash)
}

// notes adds the deal's notes: background on the account and the meeting
// log of its latest touches, newest first.
func (h *histGen) notes(out []byte, g *gen, d *hdeal, rt *hrun, names []string, hash func(uint64, int) int) []byte {
	out = append(out, "notes: |\n"...)
	out = append(out, "  "...)
	out = append(out, g.t(tx{"## Background", "## 客户背景"})...)
	out = append(out, '\n')
	b0 := hash(cDetail, 80)
	for k := 0; k < 2+hash(cDetail, 81)%2; k++ {
		s := g.t(backgroundLines[(b0+k)%len(backgroundLines)])
		if strings.Contains(s, "%s") {
			s = fmt.Sprintf(s, g.m.account)
		}
		out = append(out, "  "...)
		out = append(out, s...)
		out = append(out, '\n')
	}
	out = append(out, "\n  "...)
	out = append(out, g.t(tx{"## Meeting log", "## 拜访记录"})...)
	out = append(out, '\n')
	if len(names) == 0 {
		names = []string{g.t(tx{"the customer", "客户"})}
	}
	for j := rt.logN - 1; j >= 0 && j >= rt.logN-len(rt.logDays); j-- {
		x := hash(cDetail, 1000+j)
		text := fmt.Sprintf(g.t(noteLines[x%len(noteLines)]), names[(x>>8)%len(names)])
		date := day(int(rt.logDays[j%len(rt.logDays)]))
		out = append(out, "  - "...)
		out = append(out, date...)
		if g.zh {
			out = append(out, "："...)
		} else {
			out = append(out, ": "...)
		}
		out = append(out, text...)
		out = append(out, '\n')
	}
	return out
}

// pickTexts picks n different texts of list from index at on.
func pickTexts(g *gen, list []tx, at, n int) []string {
	out := make([]string, 0, n)
	for k := 0; k < n && k < len(list); k++ {
		out = append(out, g.t(list[(at+k)%len(list)]))
	}
	return out
}

// shiftDates moves every date the generator wrote into m by days.
func shiftDates(m *dealM, days int) {
	if days == 0 {
		return
	}
	m.closeDate = shift(m.closeDate, days)
	for k := range m.players {
		m.players[k].verified = shift(m.players[k].verified, days)
	}
	for k := range m.actions {
		m.actions[k].due = shift(m.actions[k].due, days)
	}
	for k := range m.reviews {
		m.reviews[k].date = shift(m.reviews[k].date, days)
	}
	m.nextDate = shift(m.nextDate, days)
	for k := range m.milestones {
		m.milestones[k].date = shift(m.milestones[k].date, days)
	}
	m.outDate = shift(m.outDate, days)
	m.handDate = shift(m.handDate, days)
}
