package dealgen

import (
	"slices"
	"time"
)

// A defect is a gap of the kind real deal files have: the rep did not find
// a coach, forgot to mark an action done, let the review go stale. Every
// defect keeps the file valid against the schema; only the TAS rules see it.
type defect struct {
	name string
	// weight is how often the defect is picked among those that fit; a
	// rare defect (weight 0) is put in with probability rare instead.
	weight int
	rare   float64
	// ok reports whether the defect can be applied to the deal.
	ok    func(g *gen) bool
	apply func(g *gen)
}

// defects applies n defects that fit the deal and returns their names.
func (g *gen) defects(n int) []string {
	var applied []string
	for ; n > 0; n-- {
		var can []defect
		for _, d := range allDefects {
			if d.weight > 0 && !slices.Contains(applied, d.name) && d.ok(g) {
				can = append(can, d)
			}
		}
		if len(can) == 0 {
			break
		}
		d := weighted(g, can, func(d defect) int { return d.weight })
		d.apply(g)
		applied = append(applied, d.name)
	}
	for _, d := range allDefects {
		if d.rare > 0 && g.chance(d.rare) && d.ok(g) {
			d.apply(g)
			applied = append(applied, d.name)
		}
	}
	return applied
}

func (g *gen) hasRole(role string) bool { return g.withRole(role) != "" }

var allDefects = []defect{
	{"overdue-action", 24, 0,
		func(g *gen) bool { return g.open && len(g.m.actions) > 0 },
		func(g *gen) {
			a := &g.m.actions[g.r.IntN(len(g.m.actions))]
			a.due = day(-g.between(2, 45))
			if !a.open() || g.chance(0.3) {
				a.status = "" // done, but nobody marked it
			}
		}},
	{"stale-player", 14, 0,
		func(g *gen) bool { return g.open && len(g.m.players) > 0 },
		func(g *gen) {
			p := &g.m.players[g.r.IntN(len(g.m.players))]
			p.verified = day(-g.between(95, 300))
		}},
	{"no-coach", 14, 0,
		func(g *gen) bool { return g.depth >= 2 && g.hasRole("coach") },
		func(g *gen) {
			m := g.m
			for k := range m.players {
				p := &m.players[k]
				if !p.has("coach") {
					continue
				}
				if len(p.roles) == 1 {
					m.removePlayer(p.id)
					return
				}
				p.roles = without(p.roles, "coach")
				p.attitude = pick(g, []string{"supporter", "neutral"})
				return
			}
		}},
	{"missing-role", 10, 0,
		func(g *gen) bool {
			return g.depth >= 2 && len(requiredRoles(g.m.size, g.m.complexity)) > 1 && len(g.m.players) > 1
		},
		func(g *gen) {
			m := g.m
			role := pick(g, requiredRoles(m.size, m.complexity)[1:])
			for k := 0; k < len(m.players); k++ {
				p := &m.players[k]
				if !p.has(role) {
					continue
				}
				if len(p.roles) == 1 {
					m.removePlayer(p.id)
					k--
					continue
				}
				p.roles = without(p.roles, role)
			}
		}},
	{"plan-element", 12, 0,
		func(g *gen) bool { return g.depth >= 3 && g.m.verification != "" },
		func(g *gen) {
			switch g.r.IntN(4) {
			case 0:
				g.m.resources = nil
			case 1:
				g.m.strategy = ""
			default:
				g.m.verification = ""
			}
		}},
	{"action-incomplete", 8, 0,
		func(g *gen) bool { return g.depth >= 3 && len(g.m.actions) > 0 },
		func(g *gen) {
			a := &g.m.actions[g.r.IntN(len(g.m.actions))]
			if g.chance(0.5) {
				a.owner = ""
			} else {
				a.due = ""
			}
		}},
	{"stale-review", 14, 0,
		func(g *gen) bool { return g.depth >= 3 && len(g.m.reviews) > 0 },
		func(g *gen) {
			back := g.between(35, 110)
			for k := range g.m.reviews {
				r := &g.m.reviews[k]
				r.date = shift(r.date, -back)
			}
		}},
	{"no-review", 6, 0,
		func(g *gen) bool { return g.depth >= 3 && len(g.m.reviews) > 0 },
		func(g *gen) { g.m.reviews = nil }},
	{"review-thin", 8, 0,
		func(g *gen) bool { return g.depth >= 3 && len(g.m.reviews) > 0 },
		func(g *gen) {
			r := &g.m.reviews[len(g.m.reviews)-1]
			if g.chance(0.6) {
				r.changes = nil
			} else {
				r.strengths, r.weaknesses, r.gaps = nil, nil, nil
			}
		}},
	{"profile-gap", 12, 0,
		func(g *gen) bool { return g.depth >= 2 && len(g.m.players) > 0 },
		func(g *gen) {
			p := &g.m.players[g.r.IntN(len(g.m.players))]
			switch g.r.IntN(4) {
			case 0:
				p.cares = nil
			case 1:
				p.verified = ""
			case 2:
				p.influence = ""
			default:
				p.cares, p.attitude = nil, ""
			}
		}},
	{"no-evidence", 8, 0,
		func(g *gen) bool { return g.depth >= 1 && g.m.ability != nil && g.m.motivation != nil },
		func(g *gen) {
			if g.chance(0.6) {
				g.m.ability.evidence = ""
			} else {
				g.m.motivation.evidence = ""
			}
		}},
	{"weak-qualification", 6, 0,
		func(g *gen) bool { return g.depth >= 2 && g.open && g.m.ability != nil },
		func(g *gen) {
			g.m.ability.level = "low"
			if g.m.ability.evidence != "" {
				g.m.ability.evidence = g.t(pick(g, abilityEvidence[4:]))
			}
		}},
	{"pain-no-solution", 6, 0,
		func(g *gen) bool { return g.depth >= 1 && len(g.m.pains) > 0 },
		func(g *gen) { g.m.pains[0].solution = "" }},
	{"risk-detail", 10, 0,
		func(g *gen) bool { return g.depth >= 2 && len(g.m.risks) > 0 },
		func(g *gen) {
			r := &g.m.risks[0]
			switch g.r.IntN(3) {
			case 0:
				r.mitigation = ""
			case 1:
				r.probability = ""
			default:
				r.worst, r.severity = "", ""
			}
		}},
	{"no-risks", 4, 0,
		func(g *gen) bool { return g.depth >= 2 && len(g.m.risks) > 0 },
		func(g *gen) { g.m.risks = nil }},
	{"competitor-analysis", 8, 0,
		func(g *gen) bool {
			return g.depth >= 2 && len(g.m.competitors) > 0 && g.m.competitors[0].typ == "vendor"
		},
		func(g *gen) {
			if g.chance(0.7) {
				g.m.competitors[0].weaknesses = nil
			} else {
				g.m.competitors[0].strengths = nil
			}
		}},
	{"no-status-quo", 8, 0,
		func(g *gen) bool {
			return g.depth >= 2 && slices.ContainsFunc(g.m.competitors, func(c competitorM) bool { return c.typ == "no_decision" })
		},
		func(g *gen) {
			var keep []competitorM
			for _, c := range g.m.competitors {
				if c.typ != "no_decision" {
					keep = append(keep, c)
				}
			}
			g.m.competitors = keep
		}},
	{"no-rationale", 4, 0,
		func(g *gen) bool { return g.depth >= 2 && g.m.rationale != "" },
		func(g *gen) { g.m.rationale = "" }},
	{"coverage-gap", 10, 0,
		func(g *gen) bool { return g.depth >= 3 && len(g.m.coverage) > 0 },
		func(g *gen) {
			k := g.r.IntN(len(g.m.coverage))
			if g.chance(0.6) {
				g.m.coverage = append(g.m.coverage[:k:k], g.m.coverage[k+1:]...)
			} else {
				g.m.coverage[k].target = ""
			}
		}},
	{"hostile-unaddressed", 8, 0,
		func(g *gen) bool { return g.depth >= 3 && g.open && len(g.m.players) > 1 },
		func(g *gen) {
			m := g.m
			var cands []int
			for k, p := range m.players {
				if !p.has("coach") {
					cands = append(cands, k)
				}
			}
			if len(cands) == 0 {
				return
			}
			p := &m.players[pick(g, cands)]
			p.attitude = pick(g, []string{"skeptic", "skeptic", "opponent"})
			p.influence = "high"
			for k := range m.actions {
				m.actions[k].players = without(m.actions[k].players, p.id)
			}
		}},
	{"segment-line", 6, 0,
		func(g *gen) bool { return g.depth >= 3 && g.m.line != "" },
		func(g *gen) { g.m.line, g.m.segLine = "", "" }},
	{"close-date-past", 12, 0,
		func(g *gen) bool { return g.open && g.m.closeDate != "" },
		func(g *gen) { g.m.closeDate = day(-g.between(3, 60)) }},
	{"next-step-past", 12, 0,
		func(g *gen) bool { return g.open && g.m.nextDate != "" },
		func(g *gen) { g.m.nextDate = day(-g.between(1, 30)) }},
	{"next-step-unagreed", 6, 0,
		func(g *gen) bool { return g.open && g.depth >= 2 && len(g.m.agreed) > 0 },
		func(g *gen) { g.m.agreed = nil }},
	{"close-plan", 10, 0,
		func(g *gen) bool { return g.open && g.depth >= 4 },
		func(g *gen) {
			m := g.m
			switch g.r.IntN(3) {
			case 0:
				m.milestones = nil
			case 1:
				m.mutual = ""
			default:
				if len(m.milestones) > 0 {
					m.milestones[len(m.milestones)-1].date = ""
				}
			}
		}},
	{"no-forecast", 4, 0,
		func(g *gen) bool { return g.depth >= 1 && g.m.stage != "lost" && g.m.amount != "" },
		func(g *gen) {
			if g.chance(0.5) {
				g.m.amount, g.m.currency = "", ""
			} else {
				g.m.closeDate = ""
			}
		}},
	{"won-no-handoff", 16, 0,
		func(g *gen) bool { return g.m.stage == "won" && g.m.handTo != "" },
		func(g *gen) { g.m.handTo, g.m.handDate, g.m.handNotes = "", "", "" }},
	{"lost-no-reason", 14, 0,
		func(g *gen) bool { return g.m.stage == "lost" && g.m.lostTo != "" },
		func(g *gen) {
			if g.chance(0.6) {
				g.m.lostTo = ""
			} else {
				g.m.reason = ""
			}
		}},
	{"dangling-ref", 0, 0.012,
		func(g *gen) bool { return len(g.m.players) > 1 && g.m.players[1].reportsTo != "" },
		func(g *gen) {
			// A typo in the boss's id: a letter dropped or two swapped.
			p := &g.m.players[1]
			b := []byte(p.reportsTo)
			if len(b) < 3 {
				p.reportsTo += "x"
				return
			}
			k := g.r.IntN(len(b) - 1)
			if g.chance(0.5) || b[k] == b[k+1] {
				b = append(b[:k+1:k+1], b[k+2:]...)
			} else {
				b[k], b[k+1] = b[k+1], b[k]
			}
			if b[0] == '-' || b[len(b)-1] == '-' {
				b = append([]byte("x"), append(b, 'x')...)
			}
			p.reportsTo = string(b)
		}},
	{"owner-left", 0, 0.01,
		func(g *gen) bool { return true },
		func(g *gen) { g.m.owner = pick(g, formerReps) }},
	{"outcome-but-open", 0, 0.02,
		func(g *gen) bool { return g.m.stage == "negotiate" },
		func(g *gen) {
			g.m.outcome = true
			g.m.outDate = day(-g.between(1, 5))
			g.m.handTo = g.t(pick(g, handoffTo))
		}},
}

// shift moves a YYYY-MM-DD date by days.
func shift(date string, days int) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.AddDate(0, 0, days).Format(time.DateOnly)
}
