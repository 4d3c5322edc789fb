package dealgen

import "strings"

// The deal as the generator builds it, before it is written as YAML. An
// empty string or list is a field left out of the file.

type judgement struct{ level, evidence string }

type painM struct {
	pain, solution string
	players        []string
}

type riskM struct{ risk, severity, probability, worst, mitigation string }

type competitorM struct {
	name, typ             string
	strengths, weaknesses []string
}

type playerM struct {
	id, name, title     string
	roles               []string
	attitude, influence string
	reportsTo           string
	cares               []string
	verified, notes     string
}

func (p *playerM) has(role string) bool {
	for _, r := range p.roles {
		if r == role {
			return true
		}
	}
	return false
}

type coverageM struct{ player, by, current, target, approach string }

type actionM struct {
	what, owner, due, status string
	players                  []string
}

func (a *actionM) open() bool { return a.status == "" || a.status == "open" || a.status == "blocked" }

type reviewM struct {
	date, reviewer                       string
	forecast                             string // the reviewer's own call
	strengths, weaknesses, gaps, changes []string
}

type milestoneM struct {
	name, date, owner string
	done              bool
}

type ignoreM struct{ rule, reason string }

type dealM struct {
	id, title                       string
	account, size, region, industry string
	product, line, complexity       string
	owner, stage                    string
	amount, currency                string
	closeDate                       string
	forecast                        string
	tags                            []string

	motivation, ability *judgement
	pains               []painM
	risks               []riskM

	competitors []competitorM
	strategies  []string
	rationale   string

	players []playerM

	segSize, segRegion, segLine, segIndustry string
	coverage                                 []coverageM

	goal, strategy string
	actions        []actionM
	resources      []string
	verification   string

	reviews []reviewM

	nextAction, nextDate string
	agreed               []string
	mutual               string
	milestones           []milestoneM
	outcome              bool
	outDate              string
	handTo, handDate     string
	handNotes            string
	reason, lostTo       string

	ignores []ignoreM
}

// player returns the index of the key player with id, or -1.
func (m *dealM) player(id string) int {
	for i := range m.players {
		if m.players[i].id == id {
			return i
		}
	}
	return -1
}

// removePlayer takes a key player out of the deal with every reference to
// them; whoever reported to them now reports to their boss.
func (m *dealM) removePlayer(id string) {
	i := m.player(id)
	if i < 0 {
		return
	}
	boss := m.players[i].reportsTo
	m.players = append(m.players[:i:i], m.players[i+1:]...)
	for j := range m.players {
		if m.players[j].reportsTo == id {
			m.players[j].reportsTo = boss
		}
	}
	cov := m.coverage[:0:0]
	for _, c := range m.coverage {
		if c.player != id {
			cov = append(cov, c)
		}
	}
	m.coverage = cov
	for j := range m.pains {
		m.pains[j].players = without(m.pains[j].players, id)
	}
	for j := range m.actions {
		m.actions[j].players = without(m.actions[j].players, id)
	}
	m.agreed = without(m.agreed, id)
	for j := range m.milestones {
		if m.milestones[j].owner == id {
			m.milestones[j].owner = m.owner
		}
	}
}

func without(list []string, s string) []string {
	out := list[:0:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// render writes the deal as YAML in the order of the schema.
func (m *dealM) render(seq int) []byte {
	w := &writer{b: make([]byte, 0, 5000), seq: seq}
	w.str(0, "id", m.id)
	w.str(0, "title", m.title)
	w.key(0, "account")
	w.str(2, "name", m.account)
	w.str(2, "size", m.size)
	w.str(2, "region", m.region)
	w.str(2, "industry", m.industry)
	w.key(0, "product")
	w.str(2, "name", m.product)
	w.str(2, "line", m.line)
	w.str(2, "complexity", m.complexity)
	w.str(0, "owner", m.owner)
	w.str(0, "stage", m.stage)
	if m.amount != "" {
		w.key(0, "amount")
		w.raw(2, "value", m.amount)
		w.str(2, "currency", m.currency)
	}
	w.date(0, "close_date", m.closeDate)
	w.str(0, "forecast", m.forecast)
	w.list(0, "tags", m.tags)

	if m.motivation != nil || m.ability != nil || len(m.pains) > 0 || len(m.risks) > 0 {
		w.key(0, "assessment")
		for _, j := range []struct {
			k string
			j *judgement
		}{{"motivation", m.motivation}, {"ability", m.ability}} {
			if j.j == nil {
				continue
			}
			w.key(2, j.k)
			w.str(4, "level", j.j.level)
			w.str(4, "evidence", j.j.evidence)
		}
		if len(m.pains) > 0 {
			w.key(2, "pains")
			in := w.items(2)
			for _, p := range m.pains {
				w.item()
				w.str(in, "pain", p.pain)
				w.str(in, "solution", p.solution)
				w.flow(in, "key_players", p.players)
			}
		}
		if len(m.risks) > 0 {
			w.key(2, "risks")
			in := w.items(2)
			for _, r := range m.risks {
				w.item()
				w.str(in, "risk", r.risk)
				w.str(in, "severity", r.severity)
				w.str(in, "probability", r.probability)
				w.str(in, "worst_case", r.worst)
				w.str(in, "mitigation", r.mitigation)
			}
		}
	}

	if len(m.competitors) > 0 || len(m.strategies) > 0 || m.rationale != "" {
		w.key(0, "competition")
		if len(m.competitors) > 0 {
			w.key(2, "competitors")
			in := w.items(2)
			for _, c := range m.competitors {
				w.item()
				w.str(in, "name", c.name)
				w.str(in, "type", c.typ)
				w.list(in, "strengths", c.strengths)
				w.list(in, "weaknesses", c.weaknesses)
			}
		}
		w.flow(2, "strategies", m.strategies)
		w.str(2, "rationale", m.rationale)
	}

	if len(m.players) > 0 {
		w.key(0, "key_players")
		in := w.items(0)
		for _, p := range m.players {
			w.item()
			w.str(in, "id", p.id)
			w.str(in, "name", p.name)
			w.str(in, "title", p.title)
			w.flow(in, "roles", p.roles)
			w.str(in, "attitude", p.attitude)
			w.str(in, "influence", p.influence)
			w.str(in, "reports_to", p.reportsTo)
			w.list(in, "cares_about", p.cares)
			w.date(in, "last_verified", p.verified)
			w.str(in, "notes", p.notes)
		}
	}

	seg := m.segSize != "" || m.segRegion != "" || m.segLine != "" || m.segIndustry != ""
	if seg || len(m.coverage) > 0 {
		w.key(0, "relationships")
		if seg {
			w.key(2, "segment")
			w.str(4, "size", m.segSize)
			w.str(4, "region", m.segRegion)
			w.str(4, "product_line", m.segLine)
			w.str(4, "industry", m.segIndustry)
		}
		if len(m.coverage) > 0 {
			w.key(2, "coverage")
			in := w.items(2)
			for _, c := range m.coverage {
				w.item()
				w.str(in, "key_player", c.player)
				w.str(in, "covered_by", c.by)
				w.str(in, "current", c.current)
				w.str(in, "target", c.target)
				w.str(in, "approach", c.approach)
			}
		}
	}

	if m.goal != "" || m.strategy != "" || len(m.actions) > 0 || len(m.resources) > 0 || m.verification != "" {
		w.key(0, "plan")
		w.str(2, "goal", m.goal)
		w.str(2, "strategy", m.strategy)
		if len(m.actions) > 0 {
			w.key(2, "actions")
			in := w.items(2)
			for _, a := range m.actions {
				w.item()
				w.str(in, "what", a.what)
				w.str(in, "owner", a.owner)
				w.date(in, "due", a.due)
				w.str(in, "status", a.status)
				w.flow(in, "key_players", a.players)
			}
		}
		w.list(2, "resources", m.resources)
		w.str(2, "verification", m.verification)
	}

	if len(m.reviews) > 0 {
		w.key(0, "reviews")
		in := w.items(0)
		for _, r := range m.reviews {
			w.item()
			w.date(in, "date", r.date)
			w.str(in, "reviewer", r.reviewer)
			w.str(in, "forecast", r.forecast)
			w.list(in, "strengths", r.strengths)
			w.list(in, "weaknesses", r.weaknesses)
			w.list(in, "gaps", r.gaps)
			w.list(in, "changes", r.changes)
		}
	}

	if m.nextAction != "" || m.mutual != "" || len(m.milestones) > 0 || m.outcome {
		w.key(0, "close")
		if m.nextAction != "" {
			w.key(2, "next_step")
			w.str(4, "action", m.nextAction)
			w.date(4, "date", m.nextDate)
			w.flow(4, "agreed_with", m.agreed)
		}
		w.str(2, "mutual_benefit", m.mutual)
		if len(m.milestones) > 0 {
			w.key(2, "plan")
			in := w.items(2)
			for _, ms := range m.milestones {
				w.item()
				w.str(in, "milestone", ms.name)
				w.date(in, "date", ms.date)
				w.str(in, "owner", ms.owner)
				if ms.done {
					w.raw(in, "done", "true")
				}
			}
		}
		if m.outcome {
			w.key(2, "outcome")
			w.date(4, "date", m.outDate)
			if m.handTo != "" {
				w.key(4, "handoff")
				w.str(6, "to", m.handTo)
				w.date(6, "date", m.handDate)
				w.str(6, "notes", m.handNotes)
			}
			w.str(4, "reason", m.reason)
			w.str(4, "lost_to", m.lostTo)
		}
	}

	if len(m.ignores) > 0 {
		w.key(0, "lint")
		w.key(2, "ignore")
		in := w.items(2)
		for _, ig := range m.ignores {
			w.item()
			w.str(in, "rule", ig.rule)
			w.str(in, "reason", ig.reason)
		}
	}
	return w.b
}

// slug turns a name into an id part: lower case ASCII letters, digits and dashes.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if t, ok := fold[r]; ok {
			r = t
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r == '\'':
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

var fold = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'å': 'a', 'ã': 'a', 'ç': 'c', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i', 'ñ': 'n', 'ó': 'o', 'ò': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o', 'ø': 'o',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u',
}
