package lint

// TAS step 5: the sales work plan.

var PlanElements = register(&Rule{ID: "plan-elements", Step: StepPlan, Severity: Error, Run: planElements})

func planElements(p *Pass) {
	plan := p.Deal.Plan
	lacks := missing(
		named{"goal", plan.Goal.Set()}, named{"strategy", plan.Strategy.Set()}, named{"actions", plan.Actions.Len() > 0},
		named{"resources", plan.Resources.Len() > 0}, named{"verification", plan.Verification.Set()})
	if len(lacks) > 0 {
		p.Report(p.Where(plan.At), "lacks", "missing", lacks)
	}
}

var PlanActions = register(&Rule{ID: "plan-actions", Step: StepPlan, Severity: Error, Run: planActions})

func planActions(p *Pass) {
	if p.Deal.Plan.Actions.Len() == 0 {
		p.Skip()
	}
	for _, a := range p.Deal.Plan.Actions.Items {
		if lacks := missing(named{"field.owner", a.Owner.Set()}, named{"field.due", a.Due.Set()}); len(lacks) > 0 {
			p.Report(a.At, "lacks", "what", short(a.What.Value), "missing", p.Texts(lacks))
		}
	}
}

var PlanOverdue = register(&Rule{ID: "plan-overdue", Step: StepPlan, Severity: Warning, Always: true, Run: planOverdue})

func planOverdue(p *Pass) {
	if !p.Open() {
		return
	}
	for _, a := range p.Deal.Plan.Actions.Items {
		if a.Open() && a.Due.Set() && a.Due.Value < p.Today {
			days, _ := p.DaysSince(a.Due.Value)
			p.Report(a.Due.Pos, "overdue", "what", short(a.What.Value), "due", a.Due.Value, "days", days)
		}
	}
}
