package lint

import (
	"strings"

	"github.com/dealsascode/deals/internal/deal"
)

var roleWords = map[string]string{
	"decision_maker": "decision maker",
	"user":           "user",
	"technical":      "technical gatekeeper",
	"influencer":     "potential influencer",
	"coach":          "coach",
	"insider":        "insider",
}

func init() {
	register(
		&Rule{
			ID: "players-roles", Step: StepPlayers, Severity: Error,
			Summary: "Every buying role TAS requires for this account size and product complexity is identified.",
			Doc: `Which roles affect the order depends on the account's size and the product's complexity. By
default: a small account buying a simple product needs the decision maker (usually the owner); a
medium one adds the user, and for a complex product the technical gatekeeper; a large account buying
a complex solution needs the decision maker, user, technical gatekeeper and potential influencers,
who hold no formal role yet matter and must be actively looked for. The matrix is required_roles in
deals.config.yaml.`,
			Hint:    "Find the missing role in the account and add that person to key_players with the role.",
			Example: "key_players:\n  - id: cfo\n    name: Wang Fang\n    title: CFO\n    roles: [decision_maker]\n",
			Check: func(c *Check) {
				d := c.Deal
				required := c.Config.RequiredRolesFor(d.Account.Size.Value, d.Product.Complexity.Value)
				var missing []string
				for _, role := range required {
					if !hasRole(d, role) {
						missing = append(missing, roleWords[role])
					}
				}
				if len(missing) > 0 {
					c.Report(c.Where(d.KeyPlayers.At), "no %s identified: a %s account buying a %s product needs every one of %s", andList(missing), d.Account.Size.Value, d.Product.Complexity.Value, andList(rolesInWords(required)))
				}
			},
		},
		&Rule{
			ID: "players-coach", Step: StepPlayers, Severity: Error,
			Summary: "A coach is identified.",
			Doc: `A coach is a firm supporter of ours inside the account who also guides us to the win: tells us how
the decision will really be made and warns us early. Deals without a coach are sold blind. If no
one plays the role yet, finding one is the first action of the plan.`,
			Hint:    "Add the role coach to the key player who guides us, or plan how to find one.",
			Example: "  - id: it-lead\n    name: Zhang Wei\n    roles: [technical, coach]\n",
			Check: func(c *Check) {
				if !hasRole(c.Deal, "coach") {
					c.Report(c.Where(c.Deal.KeyPlayers.At), "no coach identified: who inside the account wants us to win and will guide us? Finding one is the first action of the plan")
				}
			},
		},
		&Rule{
			ID: "players-profile", Step: StepPlayers, Severity: Warning,
			Summary: "Each key player has a full profile.",
			Doc: `Every key player gets a portrait: title, the role(s) they play, their attitude towards us, how much
influence they have, what they care about, and when this was last verified with the customer.
Influence and attitude together decide where the plan spends its time.`,
			Hint:    "Fill in the missing profile fields of the key player.",
			Example: "  - id: cfo\n    name: Wang Fang\n    title: CFO\n    roles: [decision_maker]\n    attitude: neutral\n    influence: high\n    cares_about: [Cash flow, Audit findings]\n    last_verified: 2026-11-02\n",
			Check: func(c *Check) {
				if c.Deal.KeyPlayers.Len() == 0 {
					c.Skip()
				}
				for _, p := range c.Deal.KeyPlayers.Items {
					missing := missingNames(
						named{"title", p.Title.Set()}, named{"roles", p.Roles.Len() > 0},
						named{"attitude", p.Attitude.Set()}, named{"influence", p.Influence.Set()},
						named{"cares_about", p.CaresAbout.Len() > 0}, named{"last_verified", p.LastVerified.Set()})
					if missing != "" {
						c.Report(p.At, "key player %s's profile lacks %s", p.Name.Value, missing)
					}
				}
			},
		},
		&Rule{
			ID: "players-stale", Step: StepPlayers, Severity: Warning, Always: true,
			Summary: "Key-player profiles of open deals were verified recently.",
			Doc: `People change jobs, opinions and influence. A profile not verified with the customer for longer than
player_max_age_days (default 90) is a guess; check it at the next meeting and update last_verified.`,
			Hint:    "Verify the profile with the customer and update last_verified.",
			Example: "    last_verified: 2026-11-20\n",
			Check: func(c *Check) {
				if !c.Open() {
					return
				}
				for _, p := range c.Deal.KeyPlayers.Items {
					if days, ok := c.DaysSince(p.LastVerified.Value); ok && days > c.Config.PlayerMaxAgeDays {
						c.Report(p.LastVerified.Pos, "%s's profile was last verified %d days ago (limit %d): check it at the next meeting", p.Name.Value, days, c.Config.PlayerMaxAgeDays)
					}
				}
			},
		},
		&Rule{
			ID: "players-unique", Step: StepPlayers, Severity: Error, Always: true,
			Summary: "Key-player ids are unique within the deal.",
			Doc:     `Actions, coverage and reports_to refer to key players by id, so two people with one id make every reference ambiguous.`,
			Hint:    "Give each key player a different id.",
			Example: "  - id: wang-cfo\n  - id: wang-it\n",
			Check: func(c *Check) {
				seen := map[string]bool{}
				for _, p := range c.Deal.KeyPlayers.Items {
					if seen[p.ID.Value] {
						c.Report(p.ID.Pos, "key player id %q is used twice: give each person their own id", p.ID.Value)
					}
					seen[p.ID.Value] = true
				}
			},
		},
		&Rule{
			ID: "players-refs", Step: StepPlayers, Severity: Error, Always: true,
			Summary: "Every reference to a key player names one in key_players.",
			Doc: `reports_to, coverage, action and next-step references name key players by id. A reference to an
id that is not in key_players is a typo or a person who was removed; either way the stakeholder map
and the plan no longer agree.`,
			Hint:    "Correct the id, or add the person to key_players.",
			Example: "    reports_to: ceo\n",
			Check: func(c *Check) {
				d := c.Deal
				ids := make(map[string]bool, d.KeyPlayers.Len())
				var known []string
				for _, p := range d.KeyPlayers.Items {
					ids[p.ID.Value] = true
					known = append(known, p.ID.Value)
				}
				check := func(ref deal.Text, where string) {
					if ref.Set() && !ids[ref.Value] {
						msg := "no key player with id %q (%s)"
						if len(known) > 0 {
							msg += ": the ids are " + strings.Join(known, ", ")
						}
						c.Report(ref.Pos, msg, ref.Value, where)
					}
				}
				for _, p := range d.KeyPlayers.Items {
					check(p.ReportsTo, "reports_to of "+p.ID.Value)
				}
				for _, p := range d.Assessment.Pains.Items {
					for _, r := range p.KeyPlayers.Items {
						check(r, "a pain's key_players")
					}
				}
				for _, cv := range d.Relationships.Coverage.Items {
					check(cv.KeyPlayer, "relationship coverage")
				}
				for _, a := range d.Plan.Actions.Items {
					for _, r := range a.KeyPlayers.Items {
						check(r, "an action's key_players")
					}
				}
				for _, r := range d.Close.NextStep.AgreedWith.Items {
					check(r, "next_step agreed_with")
				}
			},
		},
		&Rule{
			ID: "players-cycle", Step: StepPlayers, Severity: Error, Always: true,
			Summary: "reports_to forms no cycle.",
			Doc:     `The stakeholder map is drawn from reports_to, top down. If A reports to B and B to A (directly or through others), there is no top and the map cannot be drawn.`,
			Hint:    "Remove reports_to from whoever is at the top of this part of the organisation.",
			Example: "  - id: ceo\n    name: Chen Jie\n    # no reports_to: top of the map\n",
			Check: func(c *Check) {
				boss := map[string]deal.Text{}
				for _, p := range c.Deal.KeyPlayers.Items {
					boss[p.ID.Value] = p.ReportsTo
				}
				reported := map[string]bool{}
				for _, p := range c.Deal.KeyPlayers.Items {
					chain := []string{p.ID.Value}
					seen := map[string]bool{p.ID.Value: true}
					for cur := boss[p.ID.Value]; cur.Set(); cur = boss[cur.Value] {
						chain = append(chain, cur.Value)
						if cur.Value == p.ID.Value {
							key := cycleKey(chain)
							if !reported[key] {
								reported[key] = true
								c.Report(p.ReportsTo.Pos, "reports_to goes round in a circle: %s", strings.Join(chain, " → "))
							}
							break
						}
						if seen[cur.Value] {
							break
						}
						seen[cur.Value] = true
					}
				}
			},
		},
	)
}

func hasRole(d *deal.Deal, role string) bool {
	for _, p := range d.KeyPlayers.Items {
		if p.HasRole(role) {
			return true
		}
	}
	return false
}

func rolesInWords(roles []string) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = roleWords[r]
	}
	return out
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
