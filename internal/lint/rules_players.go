package lint

import (
	"slices"
	"strings"
	"unicode"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/source"
	"golang.org/x/text/width"
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
	p.Report(p.Where(d.KeyPlayers.At), "missing", "missing", roleWords(p, lacking),
		"size", p.Word("size", string(d.Account.Size.Value)), "complexity", p.Word("complexity", string(d.Product.Complexity.Value)), "required", roleWords(p, required))
}

var PlayersRolesDistinct = register(&Rule{ID: "players-roles-distinct", Step: StepPlayers, Severity: Error, Run: playersRolesDistinct})

// playersRolesDistinct asks, where required_roles wants a different person
// in each role, for an assignment of the required roles to distinct key
// players. A role nobody plays is players-roles' finding; this rule finds
// the roles that are only filled by someone already counted for another.
func playersRolesDistinct(p *Pass) {
	d := p.Deal
	req, ok := p.Config.RoleRequirementFor(d.Account.Size.Value, d.Product.Complexity.Value)
	if !ok || !req.Distinct || len(req.Roles) < 2 {
		p.Skip()
		return
	}
	var roles []deal.Role
	for _, r := range req.Roles {
		if hasRole(d, r) {
			roles = append(roles, r)
		}
	}
	if len(roles) < 2 {
		p.Skip() // nobody to keep apart yet: no credit for an empty map
		return
	}
	players := d.KeyPlayers.Items
	holder, filling := assignRoles(roles, players)
	for i, role := range roles {
		if holder[i] >= 0 {
			continue
		}
		// Everyone who plays the role already fills another one, or the
		// assignment would have given it to them.
		var names, others []string
		var at source.Pos
		for j, k := range players {
			if playsRole(k, role) && filling[j] >= 0 {
				names = append(names, k.Name.Value)
				others = append(others, p.Word("role", string(roles[filling[j]])))
				if !at.IsValid() {
					at = p.Where(k.Roles.At, k.At)
				}
			}
		}
		p.Report(at, "shared", "names", names, "count", len(names), "role", p.Word("role", string(role)), "others", others,
			"size", p.Word("size", string(d.Account.Size.Value)), "complexity", p.Word("complexity", string(d.Product.Complexity.Value)),
			"required", roleWords(p, req.Roles))
	}
}

// assignRoles gives as many roles as can be given each to a different
// player who plays it, by augmenting paths (Kuhn's algorithm: a deal has a
// handful of each). Roles earlier in the list keep what they were given, so
// what stays unfilled is a later role: "find another influencer" rather
// than "find another decision maker". holder[i] is the player filling
// roles[i], filling[j] the role player j fills; -1 for none.
func assignRoles(roles []deal.Role, players []deal.KeyPlayer) (holder, filling []int) {
	holder = make([]int, len(roles))
	for i := range holder {
		holder[i] = -1
	}
	filling = make([]int, len(players))
	for j := range filling {
		filling[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for j, k := range players {
			if seen[j] || !playsRole(k, roles[i]) {
				continue
			}
			seen[j] = true
			if filling[j] < 0 || try(filling[j], seen) {
				filling[j], holder[i] = i, j
				return true
			}
		}
		return false
	}
	for i := range roles {
		try(i, make([]bool, len(players)))
	}
	return holder, filling
}

func roleWords(p *Pass, roles []deal.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = p.Word("role", string(r))
	}
	return out
}

var PlayersCoach = register(&Rule{ID: "players-coach", Step: StepPlayers, Severity: Error, Run: playersCoach})

func playersCoach(p *Pass) {
	if hasRole(p.Deal, deal.Coach) {
		return
	}
	var hostile []string
	for _, k := range p.Deal.KeyPlayers.Items {
		if k.HasRole(deal.Coach) {
			hostile = append(hostile, k.Name.Value)
		}
	}
	if len(hostile) > 0 {
		p.Report(p.Where(p.Deal.KeyPlayers.At), "hostile", "names", hostile, "count", len(hostile))
		return
	}
	p.Report(p.Where(p.Deal.KeyPlayers.At), "none")
}

var PlayersCoachAttitude = register(&Rule{ID: "players-coach-attitude", Step: StepPlayers, Severity: Warning, Always: true, Run: playersCoachAttitude})

func playersCoachAttitude(p *Pass) {
	for _, k := range p.Deal.KeyPlayers.Items {
		if !k.HasRole(deal.Coach) {
			continue
		}
		switch k.Attitude.Value {
		case deal.Skeptic:
			p.Report(k.Attitude.Pos, "skeptic", "name", k.Name.Value)
		case deal.Opponent:
			p.Report(k.Attitude.Pos, "opponent", "name", k.Name.Value)
		}
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

var PlayersFuture = register(&Rule{ID: "players-future", Step: StepPlayers, Severity: Warning, Always: true, Run: playersFuture})

// playersFuture: a profile verified on a day still to come is a typo or a
// wish, and it keeps players-stale quiet until then.
func playersFuture(p *Pass) {
	for _, k := range p.Deal.KeyPlayers.Items {
		if v := k.LastVerified; v.Set() && v.Value > p.Today {
			p.Report(v.Pos, "future", "name", k.Name.Value, "date", v.Value, "today", p.Today)
		}
	}
}

var PlayersUnique = register(&Rule{ID: "players-unique", Step: StepPlayers, Severity: Error, Always: true, Run: playersUnique})

// playersUnique finds one person listed twice: the same id, or the same
// name, email or phone written a little differently. Each player is
// reported once, against the first earlier player it matches, by the
// strongest match (id, then name, email, phone).
func playersUnique(p *Pass) {
	const (
		byID = iota
		byName
		byEmail
		byPhone
	)
	type key struct {
		kind  int
		value string
	}
	first := map[key]deal.KeyPlayer{}
	for _, k := range p.Deal.KeyPlayers.Items {
		keys := [...]string{
			byID:    k.ID.Value,
			byName:  sameName(k.Name.Value),
			byEmail: strings.ToLower(strings.TrimSpace(k.Email.Value)),
			byPhone: samePhone(k.Phone.Value),
		}
		reported := false
		for kind, v := range keys {
			if v == "" {
				continue
			}
			other, dup := first[key{kind, v}]
			if !dup {
				first[key{kind, v}] = k
				continue
			}
			if reported {
				continue
			}
			reported = true
			them := []any{"name", k.Name.Value, "id", k.ID.Value, "other", other.ID.Value, "otherName", other.Name.Value}
			switch kind {
			case byID:
				p.Report(k.ID.Pos, "twice", "id", k.ID.Value)
			case byName:
				p.Report(k.Name.Pos, "sameName", them...)
			case byEmail:
				p.Report(k.Email.Pos, "sameEmail", append(them, "email", k.Email.Value)...)
			case byPhone:
				p.Report(k.Phone.Pos, "samePhone", append(them, "phone", k.Phone.Value)...)
			}
		}
	}
}

// sameName is a name as compared for sameness: without any spaces
// (full-width ones too: "陈 杰" is "陈杰"), full-width letters and digits
// as half-width ones, in lower case.
func sameName(s string) string {
	s = width.Fold.String(s)
	return strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
}

// samePhone is a phone number as compared for sameness: its digits,
// without spaces, dashes, dots, parentheses or a leading +.
func samePhone(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune("-.()", r) {
			return -1
		}
		return r
	}, width.Fold.String(s))
	return strings.TrimPrefix(s, "+")
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

// playersCycle: a reports_to chain that comes back to where it started
// cannot be drawn as an org chart. Each player is walked once (a chain of
// thousands costs thousands of steps, not their square); a cycle is
// reported once, at the first of its players in the file, as the chain
// from that player round to them again.
func playersCycle(p *Pass) {
	items := p.Deal.KeyPlayers.Items
	boss := make(map[string]deal.Text, len(items))
	first := make(map[string]int, len(items))
	for i, k := range items {
		boss[k.ID.Value] = k.ReportsTo
		if _, ok := first[k.ID.Value]; !ok {
			first[k.ID.Value] = i
		}
	}
	const (
		onPath = 1
		done   = 2
	)
	state := make(map[string]int, len(items))
	var cycles [][]string
	var path []string
	at := map[string]int{} // where each player of the path is in it
	for _, k := range items {
		path = path[:0]
		clear(at)
		cur := k.ID.Value
		for state[cur] == 0 {
			state[cur] = onPath
			at[cur] = len(path)
			path = append(path, cur)
			next := boss[cur]
			if !next.Set() {
				break
			}
			if _, known := first[next.Value]; !known {
				break
			}
			cur = next.Value
			if state[cur] == onPath {
				cycles = append(cycles, slices.Clone(path[at[cur]:]))
				break
			}
		}
		for _, id := range path {
			state[id] = done
		}
	}
	type found struct {
		first int
		chain []string
	}
	var out []found
	for _, c := range cycles {
		least := 0
		for i, id := range c {
			if first[id] < first[c[least]] {
				least = i
			}
		}
		chain := append(append(slices.Clone(c[least:]), c[:least]...), c[least])
		out = append(out, found{first[c[least]], chain})
	}
	slices.SortFunc(out, func(a, b found) int { return a.first - b.first })
	for _, f := range out {
		p.Report(items[f.first].ReportsTo.Pos, "circle", "chain", strings.Join(f.chain, " → "))
	}
}

var PlayersSigner = register(&Rule{ID: "players-signer", Step: StepPlayers, Severity: Warning, Always: true, Run: playersSigner})

// playersSigner: the order is signed once, so at most one key player is
// marked final_signer; the map and the table would mark them all.
func playersSigner(p *Pass) {
	var names []string
	var at source.Pos
	for _, k := range p.Deal.KeyPlayers.Items {
		if k.FinalSigner {
			names = append(names, k.Name.Value)
			if len(names) == 2 {
				at = p.Where(k.SignerAt, k.At)
			}
		}
	}
	if len(names) > 1 {
		p.Report(at, "several", "names", names, "count", len(names))
	}
}

func hasRole(d *deal.Deal, role deal.Role) bool {
	for _, k := range d.KeyPlayers.Items {
		if playsRole(k, role) {
			return true
		}
	}
	return false
}

// playsRole reports whether k counts for role. A skeptic or opponent
// tagged coach is no coach: TAS's coach is a firm supporter who guides us
// to the win (players-coach-attitude says so at the attitude).
func playsRole(k deal.KeyPlayer, role deal.Role) bool {
	if role == deal.Coach && k.Attitude.Value.Hostile() {
		return false
	}
	return k.HasRole(role)
}
