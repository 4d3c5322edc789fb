package lint

import (
	"strings"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/internal/teamrule"
	"gopkg.in/yaml.v3"
)

// DefaultTeamSeverity is the severity of a team rule that sets none: a
// team's own qualification coaches before it blocks.
const DefaultTeamSeverity = Warning

// teamRule makes a compiled team rule one of the linter's rules, checked
// like a built-in one: silenced and re-severitied under rules, required
// by stages, ignored per deal. A rule with a bad severity is returned with
// its problem, so that its id still counts; one with a built-in rule's id
// is not returned.
func (l *Linter) teamRule(t *teamrule.Rule) (*Rule, error) {
	if _, builtIn := byID[t.ID.Name]; builtIn {
		return nil, source.Problem(t.File, t.ID.Pos, nil, "config.team.builtIn", "id", t.ID.Name)
	}
	r := &Rule{ID: t.ID.Name, Step: Step(t.Step), Severity: DefaultTeamSeverity, Always: t.Stages == nil, team: t}
	r.Run = func(p *Pass) { teamRun(p, t) }
	if t.Severity == "" {
		return r, nil
	}
	sev, err := ParseSeverity(string(t.Severity))
	if err != nil || sev == Off {
		return r, source.Problem(t.File, t.SeverityAt, nil, "config.team.severity", "id", t.ID.Name, "value", string(t.Severity))
	}
	r.Severity = sev
	return r, nil
}

// teamRun judges one deal with a team rule.
func teamRun(p *Pass, t *teamrule.Rule) {
	if p.teamInput == nil {
		p.teamInput = teamrule.InputOf(p.Config, p.Deal.Data())
	}
	verdict, err := t.Judge(p.teamInput)
	switch {
	case err != nil:
		p.errs = append(p.errs, err)
	case verdict == teamrule.NotApplicable:
		p.Skip()
	case verdict == teamrule.Broken:
		var at source.Pos
		if t.Path != nil {
			at = p.Deal.FieldAt(t.Path)
		}
		p.reportText(at, t.Message.In(p.words.Lang))
	}
}

// teamTexts are a team rule's words in lang, as the configuration gives
// them: where it gives none, the title is the id and the summary the
// message.
func teamTexts(t *teamrule.Rule, lang i18n.Lang) Texts {
	tx := Texts{Title: t.Title.In(lang), Doc: t.Doc.In(lang), Fix: t.Fix.In(lang)}
	message := t.Message.In(lang)
	first, _, _ := strings.Cut(message, "\n")
	tx.Summary = tx.Title
	if tx.Summary == "" {
		tx.Summary = first
	}
	if tx.Title == "" {
		tx.Title = t.ID.Name
	}
	if tx.Doc == "" {
		tx.Doc = message
	}
	if len(t.Examples.Pass) > 0 && t.Examples.Pass[0].Node != nil {
		var out strings.Builder
		enc := yaml.NewEncoder(&out)
		enc.SetIndent(2)
		if enc.Encode(t.Examples.Pass[0].Node) == nil && enc.Close() == nil {
			tx.Example = out.String()
		}
	}
	return tx
}
