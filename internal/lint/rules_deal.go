package lint

import (
	"sort"

	"github.com/dealsascode/deals/internal/source"

	"github.com/dealsascode/deals/internal/text"
)

// Rules of the file and its header. parse and schema have no function:
// their findings are the problems of reading the file.

// Rules for what is wrong with the file itself, before any TAS rule can run.
const (
	RuleParse  = "parse"
	RuleSchema = "schema"
)

var Parse = register(&Rule{ID: RuleParse, Step: StepDeal, Severity: Error, Always: true})

var Schema = register(&Rule{ID: RuleSchema, Step: StepDeal, Severity: Error, Always: true})

var DealStage = register(&Rule{ID: "deal-stage", Step: StepDeal, Severity: Error, Always: true, Run: dealStage})

func dealStage(p *Pass) {
	if p.Stage.ID != "" {
		return
	}
	ids := p.Config.StageIDs()
	guess, ok := p.Config.StageNamed(p.Deal.Stage.Value)
	if !ok {
		guess = source.Closest(p.Deal.Stage.Value, ids)
	}
	if guess != "" {
		p.Report(p.Deal.Stage.Pos, "unknownGuess", "stage", p.Deal.Stage.Value, "guess", guess, "stages", ids)
		return
	}
	p.Report(p.Deal.Stage.Pos, "unknown", "stage", p.Deal.Stage.Value, "stages", ids)
}

var DealOwner = register(&Rule{ID: "deal-owner", Step: StepDeal, Severity: Warning, Always: true, Run: dealOwner})

func dealOwner(p *Pass) {
	if len(p.Config.Team) == 0 {
		return
	}
	owner := p.Deal.Owner
	if _, ok := p.Config.Member(owner.Value); ok {
		return
	}
	ids := make([]string, len(p.Config.Team))
	for i, m := range p.Config.Team {
		ids[i] = m.ID
	}
	sort.Strings(ids)
	if len(ids) <= 8 {
		p.Report(owner.Pos, "notInTeamOf", "owner", owner.Value, "team", ids)
		return
	}
	p.Report(owner.Pos, "notInTeam", "owner", owner.Value)
}

// DealCurrency warns rather than fails: a deal in a currency without a
// rate is a real deal that the forecast cannot count yet, and a new
// repository has no rates.
var DealCurrency = register(&Rule{ID: "deal-currency", Step: StepDeal, Severity: Warning, Always: true, Run: dealCurrency})

func dealCurrency(p *Pass) {
	cur := p.Deal.Amount.Currency
	if !cur.Set() {
		return
	}
	if _, ok := p.Config.Convert(1, cur.Value); !ok {
		p.Report(cur.Pos, "noRate", "currency", cur.Value, "base", p.Config.Currency.Base)
	}
}

var DealForecast = register(&Rule{ID: "deal-forecast", Step: StepDeal, Severity: Error, Run: dealForecast})

func dealForecast(p *Pass) {
	d := p.Deal
	switch {
	case !d.Amount.Present():
		p.Report(p.Where(), "noAmount", "stage", d.Stage.Value)
	case d.Amount.Value == 0:
		// Zero is how a blank is often filled in; the forecast cannot
		// tell it from a deal worth nothing.
		p.Report(p.Where(d.Amount.ValueAt, d.Amount.At), "zeroAmount", "stage", d.Stage.Value)
	}
	if !d.CloseDate.Set() {
		p.Report(p.Where(d.CloseDate.Pos), "noCloseDate", "stage", d.Stage.Value)
	}
}

var DealCloseDate = register(&Rule{ID: "deal-close-date", Step: StepDeal, Severity: Warning, Always: true, Run: dealCloseDate})

func dealCloseDate(p *Pass) {
	d := p.Deal
	if p.Open() && d.CloseDate.Set() && d.CloseDate.Value < p.Today {
		p.Report(d.CloseDate.Pos, "passed", "date", d.CloseDate.Value, "stage", d.Stage.Value)
	}
}

var DealIDUnique = register(&Rule{ID: "deal-id-unique", Step: StepDeal, Severity: Error, Always: true, RunRepo: dealIDUnique})

// dealIDUnique reports a shared id on every file that carries it, each
// naming the others: which copy is the wrong one is for the reader to
// say, and a run that reports only some files (--new-from-rev) still
// flags each of those.
func dealIDUnique(p *RepoPass) {
	files := map[string][]int{}
	for i, d := range p.Deals {
		if d.ID.Value != "" {
			files[d.ID.Value] = append(files[d.ID.Value], i)
		}
	}
	for _, d := range p.Deals {
		same := files[d.ID.Value]
		if d.ID.Value == "" || len(same) < 2 {
			continue
		}
		others := make([]string, 0, len(same)-1)
		for _, j := range same {
			if p.Deals[j].File != d.File {
				others = append(others, p.Deals[j].File)
			}
		}
		if len(others) == 0 {
			continue // one file listed twice is one deal
		}
		p.Report(d.File, d.ID.Pos, "taken", "id", d.ID.Value, "files", others)
	}
}

var LintIgnore = register(&Rule{ID: "lint-ignore", Step: StepDeal, Severity: Error, Always: true, Run: lintIgnore})

func lintIgnore(p *Pass) {
	for _, ig := range p.Deal.Lint.Ignore.Items {
		if _, ok := p.linter.Rule(ig.Rule.Value); ok {
			continue
		}
		if guess := p.linter.Suggest(ig.Rule.Value); guess != "" {
			p.Report(ig.Rule.Pos, "unknownGuess", "rule", ig.Rule.Value, "guess", guess)
			continue
		}
		p.Report(ig.Rule.Pos, "unknown", "rule", ig.Rule.Value)
	}
}

// named is a field and whether it is filled in.
type named struct {
	name string
	set  bool
}

// missing lists the names that are not set, in order.
func missing(fields ...named) []string {
	var out []string
	for _, f := range fields {
		if !f.set {
			out = append(out, f.name)
		}
	}
	return out
}

// short quotes deal text in a message without letting a paragraph take
// over the line.
func short(s string) string { return text.Short(s, 40) }
