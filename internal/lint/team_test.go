package lint_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/internal/teamrule"
)

// teamRules is a configuration with two team rules: a minimum amount for
// large accounts at every stage, and a paper process at negotiate.
const teamRules = `team_rules:
  - id: min-large
    step: deal
    severity: error
    field: amount.value
    when: deal.account.size == "large"
    condition: amount >= 2000000.0
    title: {en: Minimum for large accounts, zh: 大客户的最低金额}
    message:
      en: a large account's deal under 2M is not worth a complex sale
      zh: 大客户的商机低于 200 万，不值得复杂销售
    doc: Large accounts take a year of work.
  - id: paper-process
    step: close
    stages: [negotiate]
    field: close.plan
    condition: deal.close.plan.exists(m, m.milestone.lowerAscii().contains("legal"))
    message: write the customer's legal review into the close plan
`

// TestTeamRules: a team rule reports at its field (or the nearest field
// the deal has), in the linter's language, only at its stages, and is
// silenced and re-severitied like a built-in rule.
func TestTeamRules(t *testing.T) {
	deal := complete(t) // 1.2M from a large account, at negotiate, no legal milestone
	findings := func(configYAML, src string, lang i18n.Lang) map[string]lint.Finding {
		t.Helper()
		out := map[string]lint.Finding{}
		for _, f := range lintText(t, linter(t, configYAML).WithLang(lang), src).Findings {
			if _, dup := out[f.Rule]; dup {
				t.Errorf("%s reported twice", f.Rule)
			}
			out[f.Rule] = f
		}
		return out
	}
	got := findings(teamRules, deal, i18n.English)
	if f := got["min-large"]; f.Severity != lint.Error || f.Field != "amount.value" || f.Pos != (source.Pos{Line: 15, Col: 3}) || f.Step != lint.StepDeal ||
		f.Message != "a large account's deal under 2M is not worth a complex sale" {
		t.Errorf("min-large: %+v", f)
	}
	if f := got["paper-process"]; f.Severity != lint.Warning || f.Field != "close.plan" || f.Pos.Line != 123 {
		t.Errorf("paper-process: %+v", f)
	}
	if f := findings(teamRules, deal, i18n.Chinese)["min-large"]; f.Message != "大客户的商机低于 200 万，不值得复杂销售" {
		t.Errorf("in Chinese: %q", f.Message)
	}
	// Without the field the finding is at the nearest field on its path.
	noPlan := edit(t, deal, "  plan:\n    - milestone: Security review\n      date: 2027-01-15\n      owner: it\n", "")
	if f := findings(teamRules, noPlan, i18n.English)["paper-process"]; f.Field != "close" {
		t.Errorf("without a plan: at %q %v", f.Field, f.Pos)
	}
	// The rule's stages: not at propose; a stage's requires can add it.
	if _, ok := findings(teamRules, edit(t, deal, "stage: negotiate", "stage: propose"), i18n.English)["paper-process"]; ok {
		t.Error("paper-process at propose")
	}
	// when false: the rule does not apply.
	if _, ok := findings(teamRules, edit(t, deal, "size: large", "size: medium"), i18n.English)["min-large"]; ok {
		t.Error("min-large on a medium account")
	}
	// Satisfied.
	if _, ok := findings(teamRules, edit(t, deal, "value: 1200000", "value: 2500000"), i18n.English)["min-large"]; ok {
		t.Error("min-large on 2.5M")
	}
	// rules: and requires set their severity; off turns them off.
	got = findings(teamRules+"rules:\n  min-large: info\n  paper-process: off\n", deal, i18n.English)
	if got["min-large"].Severity != lint.Info {
		t.Errorf("min-large under rules: %v", got["min-large"].Severity)
	}
	if _, ok := got["paper-process"]; ok {
		t.Error("paper-process off still reported")
	}
	stages := "stages:\n  - id: propose\n    probability: 60\n    requires: [{rule: paper-process, severity: error}]\n  - id: negotiate\n    probability: 80\n"
	if f := findings(teamRules+stages, edit(t, deal, "stage: negotiate", "stage: propose"), i18n.English)["paper-process"]; f.Severity != lint.Error {
		t.Errorf("paper-process required at propose as an error: %+v", f)
	}
	// lint.ignore silences it, with a reason; lint-ignore knows its id.
	ignored := deal + "lint:\n  ignore:\n    - rule: min-large\n      reason: strategic logo\n    - rule: min-lrage\n      reason: typo\n"
	got = findings(teamRules, ignored, i18n.English)
	if _, ok := got["min-large"]; ok {
		t.Error("min-large ignored still reported")
	}
	if f := got["lint-ignore"]; !strings.Contains(f.Message, `"min-large"`) {
		t.Errorf("lint-ignore on a misspelt team rule: %q", f.Message)
	}
	// Team rules are not part of the TAS score.
	l := linter(t, teamRules)
	if a, b := lintText(t, l, deal).Score, lintText(t, linter(t, ""), deal).Score; a != b {
		t.Errorf("score with team rules %+v, without %+v", a, b)
	}
	// The linter knows them: explain, SARIF and the site list them.
	r, ok := l.Rule("min-large")
	if !ok || !r.Team() || r.Texts(i18n.Chinese).Title != "大客户的最低金额" || r.Texts(i18n.English).Doc != "Large accounts take a year of work." {
		t.Errorf("Rule(min-large) = %+v, %v", r, ok)
	}
	if tx := l.Rules(); !containsRule(tx, "paper-process") || containsRule(lint.Rules(), "paper-process") {
		t.Error("Rules() should hold the team rules, lint.Rules() only the built-in ones")
	}
	if s := l.Suggest("paper-proces"); s != "paper-process" {
		t.Errorf("Suggest = %q", s)
	}
	if !l.Requires("negotiate", "paper-process") || l.Requires("propose", "paper-process") {
		t.Error("Requires does not follow the rule's stages")
	}
}

func containsRule(rules []*lint.Rule, id string) bool {
	for _, r := range rules {
		if r.ID == id {
			return true
		}
	}
	return false
}

// TestTeamRuleConfigErrors: what lint.New says of team rules, positioned.
func TestTeamRuleConfigErrors(t *testing.T) {
	tests := []struct{ name, config, want string }{
		{"a built-in id", "team_rules:\n  - id: players-coach\n    step: players\n    condition: 'true'\n    message: m\n", "2:9: team rule players-coach has the id of a built-in rule"},
		{"a built-in id beside a broken rule", "team_rules:\n  - id: players-coach\n    step: players\n    condition: 'tru'\n    message: m\n", "2:9: team rule players-coach has the id of a built-in rule"},
		{"rules: names a team rule that does not compile", "team_rules:\n  - id: mine\n    step: deal\n    condition: 'deal.x'\n    message: m\nrules:\n  mine: off\n", `4:22: team rule mine: deal has no field "x"`},
		{"rules: misspells a team rule", "team_rules:\n  - id: mine\n    step: deal\n    condition: 'true'\n    message: m\nrules:\n  mein: off\n", `unknown rule "mein" in rules (did you mean "mine"?)`},
		{"requires names a team rule", "team_rules:\n  - id: mine\n    step: deal\n    condition: 'true'\n    message: m\nstages:\n  - id: a\n    probability: 1\n    requires: [mien]\n", `did you mean "mine"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Parse("deals.config.yaml", []byte(tt.config))
			if err != nil {
				t.Fatal(err)
			}
			_, err = lint.New(cfg, today)
			var se *source.Error
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("lint.New: %v\nwant %s", err, tt.want)
			}
		})
	}
	// Rules without problems are known to the linter even when rules:
	// names them before they are defined: no error.
	cfg, err := config.Parse("deals.config.yaml", []byte("rules:\n  mine: error\nteam_rules:\n  - id: mine\n    step: deal\n    condition: 'true'\n    message: m\n"))
	if err != nil {
		t.Fatal(err)
	}
	if l, err := lint.New(cfg, today); err != nil || l.Severity("mine") != lint.Error {
		t.Errorf("rules: before team_rules: %v", err)
	}
}

// TestTeamRuleCannotJudge: a rule that fails at run time on a deal is an
// error of the rule, reported once for the whole run, and the deal is
// still linted by the other rules.
func TestTeamRuleCannotJudge(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"a.yaml", "b.yaml"} {
		src := edit(t, complete(t), "id: acme-erp", "id: "+strings.TrimSuffix(name, ".yaml"))
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	l := linter(t, "team_rules:\n  - id: div\n    step: deal\n    condition: 1 / (deal.amount.value - deal.amount.value) > 0\n    message: m\n"+
		"  - id: fine\n    step: deal\n    condition: deal.amount.value < 10\n    message: too big\n")
	rep := run(t, l, paths, nil, nil)
	if len(rep.Errors) != 1 {
		t.Fatalf("errors = %v, want one", rep.Errors)
	}
	var ee *teamrule.EvalError
	var se *source.Error
	if !errors.As(rep.Errors[0], &se) || !errors.As(rep.Errors[0], &ee) || se.File != "deals.config.yaml" || se.Line != 4 ||
		!strings.Contains(se.Msg, "team rule div cannot judge "+paths[0]+": division by zero") {
		t.Errorf("error: %v", rep.Errors[0])
	}
	n := 0
	for _, f := range rep.Findings {
		if f.Rule == "fine" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("fine reported %d times, want 2: %v", n, rep.Findings)
	}
}
