package lint

func init() {
	register(
		&Rule{
			ID: "compete-competitors", Step: StepCompete, Severity: Error,
			Summary: "The competitors are named.",
			Doc: `TAS step 2 chooses a competitive strategy from an analysis of the market and the competitors, so it
starts by naming them: other vendors, the customer building it in-house, and doing nothing at all.
"We have no competition" is never true.`,
			Hint:    "List competition.competitors, including the no_decision option if it is real.",
			Example: "competition:\n  competitors:\n    - name: Incumbent ERP vendor\n      type: vendor\n",
			Check: func(c *Check) {
				comp := c.Deal.Competition
				if comp.Competitors.Len() == 0 {
					c.Report(c.Where(comp.Competitors.At, comp.At), "no competitors named: list the other vendors, an in-house build, and doing nothing; \"no competition\" is never true")
				}
			},
		},
		&Rule{
			ID: "compete-analysis", Step: StepCompete, Severity: Warning,
			Summary: "Each competitor's strengths and weaknesses are known.",
			Doc: `A competitive strategy is only as good as the analysis behind it. For each competitor, write where
the customer sees them as stronger than us and where they are weaker; that is where we choose to
fight and where we avoid fighting.`,
			Hint:    "Add strengths and weaknesses to the competitor.",
			Example: "    - name: Incumbent ERP vendor\n      strengths: [Installed base, CFO's trust]\n      weaknesses: [No shop-floor module]\n",
			Check: func(c *Check) {
				if c.Deal.Competition.Competitors.Len() == 0 {
					c.Skip()
				}
				for _, cp := range c.Deal.Competition.Competitors.Items {
					if cp.Type.Value == "no_decision" {
						continue
					}
					if missing := missingNames(named{"strengths", cp.Strengths.Len() > 0}, named{"weaknesses", cp.Weaknesses.Len() > 0}); missing != "" {
						c.Report(cp.At, "competitor %q has no %s: where does the customer see them as stronger or weaker than us?", short(cp.Name.Value), missing)
					}
				}
			},
		},
		&Rule{
			ID: "compete-no-decision", Step: StepCompete, Severity: Info,
			Summary: "Doing nothing is considered as a competitor.",
			Doc: `Many deals are lost not to a competitor but to no decision: the customer keeps the status quo.
TAS counts "do nothing" as a competitor; list it (type: no_decision) with what makes the status quo
comfortable, so the plan addresses it.`,
			Hint:    "Add a competitor of type no_decision, or silence this rule for the deal with the reason.",
			Example: "    - name: Keep the spreadsheets\n      type: no_decision\n      strengths: [No project risk]\n",
			Check: func(c *Check) {
				comp := c.Deal.Competition
				for _, cp := range comp.Competitors.Items {
					if cp.Type.Value == "no_decision" {
						return
					}
				}
				c.Report(c.Where(comp.Competitors.At, comp.At), "doing nothing is not listed as a competitor: what keeps the customer on the status quo?")
			},
		},
		&Rule{
			ID: "compete-strategy", Step: StepCompete, Severity: Error,
			Summary: "A competitive strategy is chosen, with its rationale.",
			Doc: `TAS names six competitive strategies: category (what the product category does), price,
promotion, service, sales network (channel) and relationship. Choose one or more for this deal and
say why they beat these competitors: the rationale is what a reviewer challenges.`,
			Hint:    "Set competition.strategies (from the six) and competition.rationale.",
			Example: "competition:\n  strategies: [service, relationship]\n  rationale: The incumbent's support is offshore; our local team and the CIO's trust are what they cannot match.\n",
			Check: func(c *Check) {
				comp := c.Deal.Competition
				if comp.Strategies.Len() == 0 {
					c.Report(c.Where(comp.Strategies.At, comp.At), "no competitive strategy chosen: pick from category, price, promotion, service, network and relationship")
				}
				if !comp.Rationale.Set() {
					c.Report(c.Where(comp.Strategies.At, comp.At), "no rationale for the competitive strategy: say why it wins against these competitors")
				}
			},
		},
	)
}
