package lint

import "github.com/dealsascode/deals/internal/config"

// TAS step 7: complete the sale.

var CloseNextStep = register(&Rule{ID: "close-next-step", Step: StepClose, Severity: Error, Run: closeNextStep})

func closeNextStep(p *Pass) {
	n := p.Deal.Close.NextStep
	if !p.Open() {
		p.Skip()
		return
	}
	if !n.Present() {
		p.Report(p.Where(p.Deal.Close.At), "none")
		return
	}
	if lacks := missing(named{"date", n.Date.Set()}, named{"agreed_with", n.AgreedWith.Len() > 0}); len(lacks) > 0 {
		p.Report(n.At, "lacks", "missing", lacks)
	}
}

var CloseNextStepDate = register(&Rule{ID: "close-next-step-date", Step: StepClose, Severity: Warning, Always: true, Run: closeNextStepDate})

func closeNextStepDate(p *Pass) {
	n := p.Deal.Close.NextStep
	if p.Open() && n.Date.Set() && n.Date.Value < p.Today {
		p.Report(n.Date.Pos, "passed", "date", n.Date.Value)
	}
}

var ClosePlan = register(&Rule{ID: "close-plan", Step: StepClose, Severity: Warning, Run: closePlan})

func closePlan(p *Pass) {
	cl := p.Deal.Close
	if !p.Open() {
		p.Skip()
		return
	}
	if cl.Plan.Len() == 0 {
		p.Report(p.Where(cl.Plan.At, cl.At), "noPlan")
	}
	for _, m := range cl.Plan.Items {
		if !m.Date.Set() {
			p.Report(m.At, "noDate", "milestone", short(m.Milestone.Value))
		}
	}
	if !cl.MutualBenefit.Set() {
		p.Report(p.Where(cl.At), "noBenefit")
	}
}

var CloseHandoff = register(&Rule{ID: "close-handoff", Step: StepClose, Severity: Error, Run: closeHandoff})

func closeHandoff(p *Pass) {
	if p.Stage.Outcome != config.Won {
		p.Skip()
		return
	}
	o := p.Deal.Close.Outcome
	if !o.Handoff.Present() {
		p.Report(p.Where(o.At, p.Deal.Close.At), "none")
	}
}

var CloseLostReason = register(&Rule{ID: "close-lost-reason", Step: StepClose, Severity: Error, Run: closeLostReason})

func closeLostReason(p *Pass) {
	if p.Stage.Outcome != config.Lost {
		p.Skip()
		return
	}
	o := p.Deal.Close.Outcome
	if lacks := missing(named{"reason", o.Reason.Set()}, named{"lost_to", o.LostTo.Set()}); len(lacks) > 0 {
		p.Report(p.Where(o.At, p.Deal.Close.At), "lacks", "missing", lacks)
	}
}

var CloseOutcome = register(&Rule{ID: "close-outcome", Step: StepClose, Severity: Warning, Always: true, Run: closeOutcome})

func closeOutcome(p *Pass) {
	o := p.Deal.Close.Outcome
	if !o.Present() || p.Stage.ID == "" {
		return
	}
	switch p.Stage.Outcome {
	case "":
		p.Report(o.At, "open", "stage", p.Stage.ID)
	case config.Won:
		if o.Reason.Set() || o.LostTo.Set() {
			p.Report(o.At, "wonWithLoss")
		}
	case config.Lost:
		if o.Handoff.Present() {
			p.Report(o.At, "lostWithHandoff")
		}
	}
}
