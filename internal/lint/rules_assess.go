package lint

import "github.com/dealsascode/deals/internal/deal"

// TAS step 1: assess the opportunity.

var AssessMotivation = register(&Rule{ID: "assess-motivation", Step: StepAssess, Severity: Error, Run: assessMotivation})

func assessMotivation(p *Pass) { checkJudgement(p, p.Deal.Assessment.Motivation) }

var AssessAbility = register(&Rule{ID: "assess-ability", Step: StepAssess, Severity: Error, Run: assessAbility})

func assessAbility(p *Pass) { checkJudgement(p, p.Deal.Assessment.Ability) }

// checkJudgement reports a judgement that is missing, has no level or no
// evidence; the rule's messages say which judgement it is.
func checkJudgement(p *Pass, j deal.Judgement) {
	switch {
	case !j.Present():
		p.Report(p.Where(p.Deal.Assessment.At), "notAssessed")
	case !j.Level.Set():
		p.Report(j.At, "noLevel")
	case !j.Evidence.Set():
		p.Report(j.Level.Pos, "noEvidence", "level", p.Word("level", string(j.Level.Value)))
	}
}

var AssessQualified = register(&Rule{ID: "assess-qualified", Step: StepAssess, Severity: Error, Run: assessQualified})

func assessQualified(p *Pass) {
	a := p.Deal.Assessment
	if !a.Motivation.Level.Set() || !a.Ability.Level.Set() {
		p.Skip() // assess-motivation and assess-ability report the gap
		return
	}
	min := p.Config.QualifiedLevel
	args := func(j deal.Judgement) []any {
		return []any{"level", p.Word("level", string(j.Level.Value)), "stage", p.Deal.Stage.Value, "min", p.Word("level", string(min))}
	}
	// A level of none is not a low level: there is nothing to raise, only
	// evidence of a need (or of a budget) to find.
	switch {
	case a.Motivation.Level.Value == deal.LevelNone:
		p.Report(a.Motivation.Level.Pos, "motivationNone", args(a.Motivation)...)
	case a.Motivation.Level.Value.Rank() < min.Rank():
		p.Report(a.Motivation.Level.Pos, "motivationLow", args(a.Motivation)...)
	}
	switch {
	case a.Ability.Level.Value == deal.LevelNone:
		p.Report(a.Ability.Level.Pos, "abilityNone", args(a.Ability)...)
	case a.Ability.Level.Value.Rank() < min.Rank():
		p.Report(a.Ability.Level.Pos, "abilityLow", args(a.Ability)...)
	}
}

var AssessPains = register(&Rule{ID: "assess-pains", Step: StepAssess, Severity: Error, Run: assessPains})

func assessPains(p *Pass) {
	a := p.Deal.Assessment
	if a.Pains.Len() == 0 {
		p.Report(p.Where(a.Pains.At, a.At), "none")
		return
	}
	for _, pain := range a.Pains.Items {
		if !pain.Solution.Set() {
			p.Report(pain.At, "noSolution", "pain", short(pain.Pain.Value))
		}
	}
}

var AssessRisks = register(&Rule{ID: "assess-risks", Step: StepAssess, Severity: Warning, Run: assessRisks})

func assessRisks(p *Pass) {
	a := p.Deal.Assessment
	if a.Risks.Len() == 0 {
		p.Report(p.Where(a.Risks.At, a.At), "none")
	}
}

var AssessRiskDetail = register(&Rule{ID: "assess-risk-detail", Step: StepAssess, Severity: Warning, Run: assessRiskDetail})

func assessRiskDetail(p *Pass) {
	if p.Deal.Assessment.Risks.Len() == 0 {
		p.Skip()
	}
	for _, r := range p.Deal.Assessment.Risks.Items {
		lacks := missing(
			named{"severity", r.Severity.Set()}, named{"probability", r.Probability.Set()},
			named{"worst_case", r.WorstCase.Set()}, named{"mitigation", r.Mitigation.Set()})
		if len(lacks) > 0 {
			p.Report(r.At, "lacks", "risk", short(r.Risk.Value), "missing", lacks)
		}
	}
}
