package lint

import (
	"strings"

	"github.com/dealsascode/deals/internal/deal"
)

// TAS step 3: identify the key players.

var PlayersRoles = register(&Rule{ID: "players-roles", Step: StepPlayers, Severity: Error, Run: playersRoles})

func playersRoles(p *Pass) {
	d := p.Deal
	required := p.Config.RequiredRolesFor(d.Account.Size.Value, d.Product.Complexity.Value)
	var lacking []deal.Role
	for _, role := range required {
		if !hasRole(d, role) {
			lacking = append(lacking, role)
		}
	}
	if len(lacking) == 0 {
		return
	}
	words := func(roles []deal.Role) []string {
		out := make([]string, len(roles))
		for i, r := range roles {
			out[i] = p.Word("role", string(r))
		}
		return out
	}
	p.Report(p.Where(d.KeyPlayers.At), "missing", "missing", words(lacking),
		"size", p.Word("size", string(d.Account.Size.Value)), "complexity", p.Word("complexity", string(d.Product.Complexity.Value)), "required", words(required))
}

var PlayersCoach = register(&Rule{ID: "players-coach", Step: StepPlayers, Severity: Error, Run: playersCoach})

func playersCoach(p *Pass) {
	if !hasRole(p.Deal, deal.Coach) {
		p.Report(p.Where(p.Deal.KeyPlayers.At), "none")
	}
}

var PlayersProfile = register(&Rule{ID: "players-profile", Step: StepPlayers, Severity: Warning, Run: playersProfile})

func playersProfile(p *Pass) {
	if p.Deal.KeyPlayers.Len() == 0 {
		p.Skip()
	}
	for _, k := range p.Deal.KeyPlayers.Items {
		lacks := missing(
			named{"title", k.Title.Set()}, named{"roles", k.Roles.Len() > 0},
			named{"attitude", k.Attitude.Set()}, named{"influence", k.Influence.Set()},
			named{"cares_about", k.CaresAbout.Len() > 0}, named{"last_verified", k.LastVerified.Set()})
		if len(lacks) > 0 {
			p.Report(k.At, "lacks", "name", k.Name.Value, "missing", lacks)
		}
	}
}

var PlayersStale = register(&Rule{ID: "players-stale", Step: StepPlayers, Severity: Warning, Always: true, Run: playersStale})

func playersStale(p *Pass) {
	if !p.Open() {
		return
	}
	for _, k := range p.Deal.KeyPlayers.Items {
		if days, ok := p.DaysSince(k.LastVerified.Value); ok && days > p.Config.PlayerMaxAgeDays {
			p.Report(k.LastVerified.Pos, "old", "name", k.Name.Value, "days", days, "limit", p.Config.PlayerMaxAgeDays)
		}
	}
}

var PlayersUnique = register(&Rule{ID: "players-unique", Step: StepPlayers, Severity: Error, Always: true, Run: playersUnique})

func playersUnique(p *Pass) {
	seen := map[string]bool{}
	for _, k := range p.Deal.KeyPlayers.Items {
		if seen[k.ID.Value] {
			p.Report(k.ID.Pos, "twice", "id", k.ID.Value)
		}
		seen[k.ID.Value] = true
	}
}

var PlayersRefs = register(&Rule{ID: "players-refs", Step: StepPlayers, Severity: Error, Always: true, Run: playersRefs})

func playersRefs(p *Pass) {
	d := p.Deal
	ids := make(map[string]bool, d.KeyPlayers.Len())
	var known []string
	for _, k := range d.KeyPlayers.Items {
		ids[k.ID.Value] = true
		known = append(known, k.ID.Value)
	}
	// where says which reference it is; it is worded only for a finding.
	check := func(ref deal.Text, where func() string) {
		if !ref.Set() || ids[ref.Value] {
			return
		}
		if len(known) > 0 {
			p.Report(ref.Pos, "unknownOf", "id", ref.Value, "where", where(), "ids", known)
			return
		}
		p.Report(ref.Pos, "unknown", "id", ref.Value, "where", where())
	}
	for _, k := range d.KeyPlayers.Items {
		check(k.ReportsTo, func() string { return p.Text("where.reportsTo", "id", k.ID.Value) })
	}
	for _, pain := range d.Assessment.Pains.Items {
		for _, r := range pain.KeyPlayers.Items {
			check(r, func() string { return p.Text("where.pain") })
		}
	}
	for _, cv := range d.Relationships.Coverage.Items {
		check(cv.KeyPlayer, func() string { return p.Text("where.coverage") })
	}
	for _, a := range d.Plan.Actions.Items {
		for _, r := range a.KeyPlayers.Items {
			check(r, func() string { return p.Text("where.action") })
		}
	}
	for _, r := range d.Close.NextStep.AgreedWith.Items {
		check(r, func() string { return p.Text("where.nextStep") })
	}
}

var PlayersCycle = register(&Rule{ID: "players-cycle", Step: StepPlayers, Severity: Error, Always: true, Run: playersCycle})

func playersCycle(p *Pass) {
	boss := map[string]deal.Text{}
	for _, k := range p.Deal.KeyPlayers.Items {
		boss[k.ID.Value] = k.ReportsTo
	}
	reported := map[string]bool{}
	for _, k := range p.Deal.KeyPlayers.Items {
		chain := []string{k.ID.Value}
		seen := map[string]bool{k.ID.Value: true}
		for cur := boss[k.ID.Value]; cur.Set(); cur = boss[cur.Value] {
			chain = append(chain, cur.Value)
			if cur.Value == k.ID.Value {
				key := cycleKey(chain)
				if !reported[key] {
					reported[key] = true
					p.Report(k.ReportsTo.Pos, "circle", "chain", strings.Join(chain, " → "))
				}
				break
			}
			if seen[cur.Value] {
				break
			}
			seen[cur.Value] = true
		}
	}
}

func hasRole(d *deal.Deal, role deal.Role) bool {
	for _, k := range d.KeyPlayers.Items {
		if k.HasRole(role) {
			return true
		}
	}
	return false
}

// cycleKey names a cycle by its members regardless of where it was entered.
func cycleKey(chain []string) string {
	members := append([]string(nil), chain[:len(chain)-1]...)
	least := 0
	for i, m := range members {
		if m < members[least] {
			least = i
		}
	}
	return strings.Join(append(members[least:], members[:least]...), ">")
}
