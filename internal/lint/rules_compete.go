package lint

import "github.com/dealsascode/deals/internal/deal"

// TAS step 2: the competitive strategy.

var CompeteCompetitors = register(&Rule{ID: "compete-competitors", Step: StepCompete, Severity: Error, Run: competeCompetitors})

func competeCompetitors(p *Pass) {
	comp := p.Deal.Competition
	if comp.Competitors.Len() == 0 {
		p.Report(p.Where(comp.Competitors.At, comp.At), "none")
	}
}

var CompeteAnalysis = register(&Rule{ID: "compete-analysis", Step: StepCompete, Severity: Warning, Run: competeAnalysis})

func competeAnalysis(p *Pass) {
	if p.Deal.Competition.Competitors.Len() == 0 {
		p.Skip()
	}
	for _, cp := range p.Deal.Competition.Competitors.Items {
		if cp.Type.Value == deal.NoDecision {
			continue
		}
		if lacks := missing(named{"strengths", cp.Strengths.Len() > 0}, named{"weaknesses", cp.Weaknesses.Len() > 0}); len(lacks) > 0 {
			p.Report(cp.At, "lacks", "name", short(cp.Name.Value), "missing", lacks)
		}
	}
}

var CompeteNoDecision = register(&Rule{ID: "compete-no-decision", Step: StepCompete, Severity: Info, Run: competeNoDecision})

func competeNoDecision(p *Pass) {
	comp := p.Deal.Competition
	for _, cp := range comp.Competitors.Items {
		if cp.Type.Value == deal.NoDecision {
			return
		}
	}
	p.Report(p.Where(comp.Competitors.At, comp.At), "missing")
}

var CompeteStrategy = register(&Rule{ID: "compete-strategy", Step: StepCompete, Severity: Error, Run: competeStrategy})

func competeStrategy(p *Pass) {
	comp := p.Deal.Competition
	if comp.Strategies.Len() == 0 {
		p.Report(p.Where(comp.Strategies.At, comp.At), "noStrategy")
	}
	if !comp.Rationale.Set() {
		p.Report(p.Where(comp.Strategies.At, comp.At), "noRationale")
	}
}
