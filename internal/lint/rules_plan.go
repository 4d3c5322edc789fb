package lint

func init() {
	register(
		&Rule{
			ID: "plan-elements", Step: StepPlan, Severity: Error,
			Summary: "The work plan has all five elements: goal, strategy, actions, resources, verification.",
			Doc: `The sales work plan is the path to the goal and the guide to the rep's daily work. TAS gives it five
elements: the goal (measurable), the strategy to reach it, the actions, the resources they need,
and the verification: how we will know the plan is working.`,
			Hint:    "Fill in the missing plan elements.",
			Example: "plan:\n  goal: Signed 3-year contract for three plants by 2027-03-31\n  strategy: Win the shop-floor users first, then the CFO on TCO\n  actions: [...]\n  resources: [Solution engineer, Reference visit]\n  verification: Plant managers sponsor the pilot by January\n",
			Check: func(c *Check) {
				p := c.Deal.Plan
				missing := missingNames(
					named{"goal", p.Goal.Set()}, named{"strategy", p.Strategy.Set()}, named{"actions", p.Actions.Len() > 0},
					named{"resources", p.Resources.Len() > 0}, named{"verification", p.Verification.Set()})
				if missing != "" {
					c.Report(c.Where(p.At), "the work plan lacks %s: a TAS plan has a goal, a strategy, actions, resources and a way to verify it works", missing)
				}
			},
		},
		&Rule{
			ID: "plan-actions", Step: StepPlan, Severity: Error,
			Summary: "Every action has an owner and a due date.",
			Doc:     `An action without an owner is nobody's; an action without a date never happens. Each action in the plan names who does it and by when.`,
			Hint:    "Add owner and due to the action.",
			Example: "    - what: Present the TCO model to the CFO\n      owner: li-na\n      due: 2026-12-15\n",
			Check: func(c *Check) {
				if c.Deal.Plan.Actions.Len() == 0 {
					c.Skip()
				}
				for _, a := range c.Deal.Plan.Actions.Items {
					if missing := missingNames(named{"owner", a.Owner.Set()}, named{"due date", a.Due.Set()}); missing != "" {
						c.Report(a.At, "action %q has no %s", short(a.What.Value), missing)
					}
				}
			},
		},
		&Rule{
			ID: "plan-overdue", Step: StepPlan, Severity: Warning, Always: true,
			Summary: "No open action of an open deal is overdue.",
			Doc: `An overdue action is a plan that is not being executed. Do it, re-plan it with a new date, or mark
it done or dropped; the plan must say what is really happening.`,
			Hint:    "Do the action and set status: done, or agree a new due date, or set status: dropped.",
			Example: "      status: done\n",
			Check: func(c *Check) {
				if !c.Open() {
					return
				}
				for _, a := range c.Deal.Plan.Actions.Items {
					if a.Open() && a.Due.Set() && a.Due.Value < c.Today {
						days, _ := c.DaysSince(a.Due.Value)
						c.Report(a.Due.Pos, "action %q was due %s (%d days ago): do it, re-plan it, or mark it done or dropped", short(a.What.Value), a.Due.Value, days)
					}
				}
			},
		},
	)
}
