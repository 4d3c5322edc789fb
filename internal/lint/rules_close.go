package lint

import (
	"strings"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
)

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

var CloseLostTo = register(&Rule{ID: "close-lost-to", Step: StepClose, Severity: Warning, Always: true, Run: closeLostTo})

// closeLostTo: the loss analysis counts deals by who won them, so lost_to
// must be one of the competitors the deal named. Doing nothing and an
// in-house build are competitors too, matched by what their type says.
func closeLostTo(p *Pass) {
	o := p.Deal.Close.Outcome
	if p.Stage.Outcome != config.Lost || !o.LostTo.Set() {
		return
	}
	want := sameName(o.LostTo.Value)
	var names []string
	for _, c := range p.Deal.Competition.Competitors.Items {
		names = append(names, c.Name.Value)
		if sameName(c.Name.Value) == want || (c.Type.Value != deal.Vendor && typeMeans(c.Type.Value, o.LostTo.Value)) {
			return
		}
	}
	if len(names) == 0 {
		p.Report(o.LostTo.Pos, "noCompetitors", "lostTo", o.LostTo.Value)
		return
	}
	p.Report(o.LostTo.Pos, "notCompetitor", "lostTo", o.LostTo.Value, "competitors", names)
}

// typeMeans reports whether s names a kind of competitor: its value
// (no_decision) or its words in any language ("no decision", "不做决定"),
// ignoring case, spaces, dashes and underscores.
func typeMeans(t deal.CompetitorType, s string) bool {
	fold := func(s string) string {
		return strings.NewReplacer("_", "", "-", "").Replace(sameName(s))
	}
	want := fold(s)
	if want == fold(string(t)) {
		return true
	}
	for _, lang := range i18n.Langs {
		if want == fold(texts.Printer(lang).T("words.competitor."+string(t))) {
			return true
		}
	}
	return false
}

var CloseFuture = register(&Rule{ID: "close-future", Step: StepClose, Severity: Error, Always: true, Run: closeFuture})

// closeFuture: how a deal ended is a fact, so its dates are not ahead of
// today; a won deal is booked, so its close date is the day it was signed.
func closeFuture(p *Pass) {
	o := p.Deal.Close.Outcome
	if o.Date.Set() && o.Date.Value > p.Today {
		p.Report(o.Date.Pos, "outcome", "date", o.Date.Value, "today", p.Today)
	}
	if h := o.Handoff.Date; h.Set() && h.Value > p.Today {
		p.Report(h.Pos, "handoff", "date", h.Value, "today", p.Today)
	}
	if cd := p.Deal.CloseDate; p.Stage.Outcome == config.Won && cd.Set() && cd.Value > p.Today {
		p.Report(cd.Pos, "closeDate", "date", cd.Value, "today", p.Today)
	}
}
