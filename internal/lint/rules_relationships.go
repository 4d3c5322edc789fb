package lint

import "strings"

func init() {
	register(
		&Rule{
			ID: "relationships-segment", Step: StepRelationships, Severity: Warning,
			Summary: "The account's segment is known: size, region, product line and industry.",
			Doc: `TAS bases the relationship strategy on the type of customer. Large accounts get few, deep
relationships; small and medium ones many lighter ones. Region brings its own language, business
problems and culture; a new product line needs care an established one does not; each industry
expects its own expertise. Record region and industry on the account (or relationships.segment)
and the product line on the product (or the segment).`,
			Hint:    "Fill in account.region, account.industry and product.line, or the same under relationships.segment.",
			Example: "account:\n  region: APAC\n  industry: manufacturing\nproduct:\n  line: established\n",
			Check: func(c *Check) {
				d := c.Deal
				seg := d.Relationships.Segment
				missing := missingNames(
					named{"region", seg.Region.Set() || d.Account.Region.Set()},
					named{"industry", seg.Industry.Set() || d.Account.Industry.Set()},
					named{"product line", seg.ProductLine.Set() || d.Product.Line.Set()})
				if missing != "" {
					c.Report(c.Where(seg.At, d.Relationships.At, d.Account.At), "the segment lacks %s: the relationship strategy depends on the kind of customer", missing)
				}
			},
		},
		&Rule{
			ID: "relationships-coverage", Step: StepRelationships, Severity: Error,
			Summary: "Every key player is covered by someone on our side, with a current and a target relationship.",
			Doc: `For each key player, decide who on our side owns the relationship (the rep, a solution engineer,
an executive sponsor: peer to peer works best), where the relationship stands today and where it
must be by close. The gap between the two is the relationship work in the plan.`,
			Hint:    "Add a relationships.coverage entry for the key player with covered_by, current and target.",
			Example: "relationships:\n  coverage:\n    - key_player: cfo\n      covered_by: our CFO (executive sponsor)\n      current: contact\n      target: trusted\n      approach: Quarterly finance round-table\n",
			Check: func(c *Check) {
				d := c.Deal
				if d.KeyPlayers.Len() == 0 && d.Relationships.Coverage.Len() == 0 {
					c.Report(c.Where(d.Relationships.At, d.KeyPlayers.At), "no relationship coverage: for each key player, say who on our side owns the relationship")
					return
				}
				covered := map[string]bool{}
				for _, cv := range d.Relationships.Coverage.Items {
					covered[cv.KeyPlayer.Value] = true
					if missing := missingNames(named{"covered_by", cv.CoveredBy.Set()}, named{"current", cv.Current.Set()}, named{"target", cv.Target.Set()}); missing != "" {
						c.Report(cv.At, "coverage of %s lacks %s", cv.KeyPlayer.Value, missing)
					}
				}
				for _, p := range d.KeyPlayers.Items {
					if !covered[p.ID.Value] {
						c.Report(p.At, "nobody on our side covers %s: add a relationships.coverage entry saying who owns the relationship", p.Name.Value)
					}
				}
			},
		},
		&Rule{
			ID: "relationships-opponents", Step: StepRelationships, Severity: Warning,
			Summary: "Influential skeptics and opponents are worked on by an open action.",
			Doc: `A skeptic or opponent with medium or high influence can stop the deal. Ignoring them does not make
them go away: the plan needs an open action aimed at them (a meeting with a peer, a reference, a
proof of concept that answers their concern).`,
			Hint:    "Add an open plan action with the key player's id in key_players.",
			Example: "plan:\n  actions:\n    - what: Site visit to a reference plant with the IT director\n      owner: li-na\n      due: 2026-12-10\n      key_players: [it-director]\n",
			Check: func(c *Check) {
				d := c.Deal
				targeted := map[string]bool{}
				for _, a := range d.Plan.Actions.Items {
					if a.Open() {
						for _, r := range a.KeyPlayers.Items {
							targeted[r.Value] = true
						}
					}
				}
				anyHostile := false
				for _, p := range d.KeyPlayers.Items {
					hostile := p.Attitude.Value == "skeptic" || p.Attitude.Value == "opponent"
					influential := p.Influence.Value == "medium" || p.Influence.Value == "high"
					anyHostile = anyHostile || (hostile && influential)
					if hostile && influential && !targeted[p.ID.Value] {
						c.Report(p.Attitude.Pos, "%s is a%s %s with %s influence and no open action addresses them: plan how to win them over or neutralise them", p.Name.Value, article(p.Attitude.Value), p.Attitude.Value, p.Influence.Value)
					}
				}
				if !anyHostile {
					c.Skip()
				}
			},
		},
	)
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "n"
	}
	return ""
}
