package lint

import "github.com/dealsascode/deals/internal/deal"

var levelRank = map[string]int{"none": 0, "low": 1, "medium": 2, "high": 3}

func init() {
	register(
		&Rule{
			ID: "assess-motivation", Step: StepAssess, Severity: Error,
			Summary: "Buying motivation is assessed, with evidence.",
			Doc: `TAS step 1 starts with two questions. The first: does the customer want to buy? Buying motivation
is the customer's will to buy our product or service. Judge it (none, low, medium, high) and write
down the evidence: what the customer said or did, who, and when. A level without evidence is a hope.`,
			Hint:    "Add assessment.motivation with a level and the evidence for it.",
			Example: "assessment:\n  motivation:\n    level: high\n    evidence: COO said on 2026-10-02 that plant downtime costs them 2M a year.\n",
			Check:   func(c *Check) { checkJudgement(c, c.Deal.Assessment.Motivation, "motivation", "will to buy") },
		},
		&Rule{
			ID: "assess-ability", Step: StepAssess, Severity: Error,
			Summary: "Buying ability (budget, authority, timing) is assessed, with evidence.",
			Doc: `The second question of TAS step 1: can the customer buy? Buying ability is the set of conditions
that let them: a budget, someone with the authority to spend it, and a time frame. Judge it (none,
low, medium, high) and write down the evidence. Motivation without ability is a wish list.`,
			Hint:    "Add assessment.ability with a level and the evidence (budget, authority, timing).",
			Example: "assessment:\n  ability:\n    level: medium\n    evidence: Budget of 1.5M approved for FY2027; CFO signs above 500k.\n",
			Check: func(c *Check) {
				checkJudgement(c, c.Deal.Assessment.Ability, "ability", "budget, authority and timing")
			},
		},
		&Rule{
			ID: "assess-qualified", Step: StepAssess, Severity: Error,
			Summary: "Past qualification, both motivation and ability are sufficient.",
			Doc: `TAS counts an opportunity as a solid lead only when both buying motivation and buying ability are
sufficient (by default: at least medium, set by qualified_level in deals.config.yaml). A deal that
moves past qualification with either one weak is where forecasts go wrong: either raise the level
with evidence, or move the deal back.`,
			Hint:    "Raise the level with new evidence, or move the deal back to qualification.",
			Example: "assessment:\n  motivation: {level: high, evidence: ...}\n  ability: {level: medium, evidence: ...}\n",
			Check: func(c *Check) {
				min := levelRank[c.Config.QualifiedLevel]
				if !c.Deal.Assessment.Motivation.Level.Set() || !c.Deal.Assessment.Ability.Level.Set() {
					c.Skip() // assess-motivation and assess-ability report the gap
					return
				}
				for _, j := range []struct {
					name string
					j    deal.Judgement
				}{{"motivation", c.Deal.Assessment.Motivation}, {"ability", c.Deal.Assessment.Ability}} {
					if j.j.Level.Set() && levelRank[j.j.Level.Value] < min {
						c.Report(j.j.Level.Pos, "buying %s is only %s: a deal at stage %s needs both motivation and ability at %s or more; raise it with evidence or move the deal back", j.name, j.j.Level.Value, c.Deal.Stage.Value, c.Config.QualifiedLevel)
					}
				}
			},
		},
		&Rule{
			ID: "assess-pains", Step: StepAssess, Severity: Error,
			Summary: "The customer's pains are recorded, each with how we solve it.",
			Doc: `A pain is the biggest obstacle that stops the customer from acting. Find it through honest
conversation and market research, write it in the customer's words, and say how we remove it. If we
cannot solve the customer's pain, the deal is not worth pursuing.`,
			Hint:    "List assessment.pains, each with pain and solution.",
			Example: "assessment:\n  pains:\n    - pain: Month-end close takes 12 days.\n      solution: Automated reconciliation cuts it to 4.\n",
			Check: func(c *Check) {
				a := c.Deal.Assessment
				if a.Pains.Len() == 0 {
					c.Report(c.Where(a.Pains.At, a.At), "no customer pain recorded: find the biggest obstacle that stops them from acting, and say how we solve it")
					return
				}
				for _, p := range a.Pains.Items {
					if !p.Solution.Set() {
						c.Report(p.At, "pain %q has no solution: say how we remove it, or question whether we can win", short(p.Pain.Value))
					}
				}
			},
		},
		&Rule{
			ID: "assess-risks", Step: StepAssess, Severity: Warning,
			Summary: "The deal's risks are identified.",
			Doc: `Assessing an opportunity includes its market risk: what could make us lose or make the deal not
worth winning (a reorganisation, a competitor's incumbency, a budget freeze, a technical gap).
Every deal has some; a deal with none listed has not been assessed.`,
			Hint:    "List at least one risk under assessment.risks.",
			Example: "assessment:\n  risks:\n    - risk: Budget freeze if Q1 results disappoint\n      severity: high\n      probability: medium\n      worst_case: Project postponed a year\n      mitigation: Phase 1 sized to fit the current budget\n",
			Check: func(c *Check) {
				a := c.Deal.Assessment
				if a.Risks.Len() == 0 {
					c.Report(c.Where(a.Risks.At, a.At), "no risks identified: every deal has some; list what could make us lose it")
				}
			},
		},
		&Rule{
			ID: "assess-risk-detail", Step: StepAssess, Severity: Warning,
			Summary: "Each risk has its severity, probability, worst case and mitigation.",
			Doc: `For each risk TAS asks four things: how risky it is, the worst-case consequence, how likely it is,
and how to reduce or remove it. The severity and probability place the risk on the deal's risk
matrix; the mitigation turns worry into a plan.`,
			Hint:    "Fill in severity, probability, worst_case and mitigation for the risk.",
			Example: "    - risk: Incumbent offers a steep renewal discount\n      severity: medium\n      probability: high\n      worst_case: We lose on price\n      mitigation: Build the TCO case with the CFO\n",
			Check: func(c *Check) {
				if c.Deal.Assessment.Risks.Len() == 0 {
					c.Skip()
				}
				for _, r := range c.Deal.Assessment.Risks.Items {
					missing := missingNames(
						named{"severity", r.Severity.Set()}, named{"probability", r.Probability.Set()},
						named{"worst_case", r.WorstCase.Set()}, named{"mitigation", r.Mitigation.Set()})
					if missing != "" {
						c.Report(r.At, "risk %q lacks %s", short(r.Risk.Value), missing)
					}
				}
			},
		},
	)
}

func checkJudgement(c *Check, j deal.Judgement, name, what string) {
	a := c.Deal.Assessment
	switch {
	case !j.Present():
		c.Report(c.Where(a.At), "buying %s is not assessed: judge the customer's %s (none, low, medium or high) with evidence", name, what)
	case !j.Level.Set():
		c.Report(j.At, "buying %s has no level: judge it as none, low, medium or high", name)
	case !j.Evidence.Set():
		c.Report(j.Level.Pos, "buying %s is %s, but on what evidence? Write down what the customer said or did, who and when", name, j.Level.Value)
	}
}
