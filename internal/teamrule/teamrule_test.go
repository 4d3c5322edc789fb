package teamrule_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/internal/teamrule"
)

const today = "2026-12-01"

// load reads a configuration whose team_rules are rules (YAML list items).
func load(t *testing.T, rules string) *config.Config {
	t.Helper()
	cfg, err := config.Parse("deals.config.yaml", []byte("currency:\n  base: USD\n  rates:\n    EUR: 1.1\nteam_rules:\n"+rules))
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	return cfg
}

// TestCompileProblems: what is wrong with a rule is a problem at its
// position in the file, in both languages.
func TestCompileProblems(t *testing.T) {
	tests := []struct {
		name, rules string
		// want are "line:col: text" of the problems, in order.
		want []string
	}{{
		name: "syntax error at its column",
		rules: `  - id: r
    step: plan
    condition: deal.plan.goal ==
    message: m
`,
		want: []string{"8:33: team rule r, condition: Syntax error"},
	}, {
		name: "syntax error in a literal block, on its line",
		rules: `  - id: r
    step: plan
    condition: |
      has(deal.plan.goal) &&
        deal.plan.goal.size() > (
    message: m
`,
		want: []string{"10:34: team rule r, condition: Syntax error"},
	}, {
		name: "unknown field, with the nearest and the fields there are",
		rules: `  - id: r
    step: close
    condition: has(deal.close.plann)
    message: m
`,
		want: []string{`8:31: team rule r: deal.close has no field "plann" (did you mean "plan"?); it has mutual_benefit, next_step, outcome and plan`},
	}, {
		name: "unknown field of a list item, through a macro",
		rules: `  - id: r
    step: players
    condition: deal.key_players.exists(p, p.rol == "coach")
    message: m
`,
		want: []string{`8:45: team rule r: deal.key_players[] has no field "rol" (did you mean "roles"?)`},
	}, {
		name: "unknown field through optional selection and an index",
		rules: `  - id: r
    step: deal
    condition: deal.?acount.orValue({}) == {} && deal["amont"] == 1
    message: m
`,
		want: []string{`8:22: team rule r: deal has no field "acount" (did you mean "account"?)`, `8:56: team rule r: deal has no field "amont" (did you mean "amount"?)`},
	}, {
		name: "columns count characters: a Chinese text before the field",
		rules: `  - id: r
    step: deal
    condition: deal.title == "大客户" && deal.titel == "x"
    message: m
`,
		want: []string{`8:44: team rule r: deal has no field "titel"`},
	}, {
		name: "a syntax error after a Chinese text",
		rules: `  - id: r
    step: deal
    condition: deal.title == "大客户" && deal.title ==
    message: m
`,
		want: []string{"8:52: team rule r, condition: Syntax error"},
	}, {
		name: "a field of a text",
		rules: `  - id: r
    step: deal
    condition: deal.stage.name == "x"
    message: m
`,
		want: []string{`team rule r: deal.stage has no field "name"`},
	}, {
		name: "unknown variable",
		rules: `  - id: r
    step: deal
    condition: dael.stage == "x"
    message: m
`,
		want: []string{`8:16: team rule r, condition: undeclared reference to 'dael'`},
	}, {
		name: "not a boolean",
		rules: `  - id: r
    step: deal
    condition: amount + 1.0
    message: m
`,
		want: []string{"8:16: team rule r, condition: the expression's value is of type double, not true or false"},
	}, {
		name: "empty when",
		rules: `  - id: r
    step: deal
    when: ""
    condition: "true"
    message: m
`,
		want: []string{"8:11: team rule r: when is empty"},
	}, {
		name: "field path",
		rules: `  - id: r
    step: close
    field: close.nxt_step
    condition: "true"
    message: m
`,
		want: []string{`8:12: team rule r: field "close.nxt_step": deal.close has no field "nxt_step" (did you mean "next_step"?)`},
	}, {
		name: "field path into a list",
		rules: `  - id: r
    step: players
    field: key_players.roles
    condition: "true"
    message: m
`,
		want: []string{`deal.key_players is a list`},
	}, {
		name: "unknown stage",
		rules: `  - id: r
    step: deal
    stages: [propse]
    condition: "true"
    message: m
`,
		want: []string{`8:14: team rule r: "propse" is not a stage (did you mean "propose"?)`},
	}, {
		name: "examples judged wrongly",
		rules: `  - id: r
    step: deal
    when: has(deal.amount)
    condition: amount >= 100.0
    message: m
    examples:
      pass:
        - {amount: {value: 50}}
        - {amount: {value: 100, currency: EUR}}
      fail:
        - {amount: {value: 500}}
        - {title: no amount}
`,
		want: []string{"13:11: team rule r, pass example 1: the rule reports it", "16:11: team rule r, fail example 1: the rule accepts it", "17:11: team rule r, fail example 2: the rule does not apply to it"},
	}, {
		name: "an example the rule cannot judge",
		rules: `  - id: r
    step: deal
    condition: deal.title
    message: m
    examples:
      pass:
        - title: x
`,
		want: []string{"12:11: team rule r, pass example 1: the rule cannot judge it: the value is of type string"},
	}, {
		name: "twice",
		rules: `  - id: r
    step: deal
    condition: "true"
    message: m
  - id: r
    step: deal
    condition: "true"
    message: m
`,
		want: []string{"10:9: team rule r is defined twice"},
	}, {
		name: "a good rule",
		rules: `  - id: r
    step: close
    stages: [propose, negotiate]
    field: close.plan
    when: deal.?account.?size.orValue("") == "large"
    condition: |
      has(deal.close.plan) && deal.close.plan.exists(m, m.milestone.lowerAscii().contains("legal"))
        && deal.key_players.all(p, !("decision_maker" in p.roles) || p.attitude != "opponent")
        && daysUntil(deal.close_date) <= 365 && today < "2030-01-01"
    message: m
    examples:
      pass:
        - {account: {size: small}}
        - account: {size: large}
          close_date: 2027-03-01
          close: {plan: [{milestone: Legal review}]}
          key_players: [{roles: [decision_maker], attitude: supporter}]
      fail:
        - {account: {size: large}, close_date: 2027-03-01}
`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := teamrule.Compile(load(t, tt.rules), today)
			var got []string
			for _, p := range problems {
				got = append(got, fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Text(i18n.UI().Printer(i18n.English))))
				if zh := p.Text(i18n.UI().Printer(i18n.Chinese)); !strings.Contains(zh, "团队规则") {
					t.Errorf("in Chinese: %s", zh)
				}
				if p.File != "deals.config.yaml" {
					t.Errorf("problem in %q", p.File)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("problems:\n%s\nwant %d:\n%s", strings.Join(got, "\n"), len(tt.want), strings.Join(tt.want, "\n"))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d:\n  %s\nwant it to contain\n  %s", i+1, got[i], w)
				}
			}
		})
	}
}

// TestJudge: the verdicts on deals' data.
func TestJudge(t *testing.T) {
	rules := `  - id: min
    step: deal
    when: deal.account.size == "large"
    condition: amount >= 200000.0
    message: m
  - id: plan
    step: close
    condition: deal.close.plan.size() >= 2
    message: m
  - id: fresh
    step: review
    condition: deal.reviews.exists(r, daysSince(r.date) <= 30)
    message: m
`
	cfg := load(t, rules)
	compiled, problems := teamrule.Compile(cfg, today)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	byID := map[string]*teamrule.Rule{}
	for _, r := range compiled {
		byID[r.ID.Name] = r
	}
	large := func(value any, currency string) map[string]any {
		a := map[string]any{"value": value}
		if currency != "" {
			a["currency"] = currency
		}
		return map[string]any{"account": map[string]any{"size": "large"}, "amount": a}
	}
	tests := []struct {
		rule string
		deal map[string]any
		want teamrule.Verdict
	}{
		{"min", large(int64(250000), ""), teamrule.Satisfied},
		{"min", large(150000.0, ""), teamrule.Broken},
		// 190000 EUR is 209000 USD.
		{"min", large(int64(190000), "EUR"), teamrule.Satisfied},
		// A currency without a rate counts as no amount.
		{"min", large(int64(900000), "JPY"), teamrule.Broken},
		{"min", map[string]any{"account": map[string]any{"size": "small"}}, teamrule.NotApplicable},
		// when reads a field the deal lacks: the rule does not apply.
		{"min", map[string]any{}, teamrule.NotApplicable},
		// condition reads a field the deal lacks: it is broken.
		{"plan", map[string]any{}, teamrule.Broken},
		{"plan", map[string]any{"close": map[string]any{"plan": []any{map[string]any{}, map[string]any{}}}}, teamrule.Satisfied},
		{"fresh", map[string]any{"reviews": []any{map[string]any{"date": "2026-11-20"}}}, teamrule.Satisfied},
		{"fresh", map[string]any{"reviews": []any{map[string]any{"date": "2026-09-20"}}}, teamrule.Broken},
		{"fresh", nil, teamrule.Broken},
	}
	for i, tt := range tests {
		got, err := byID[tt.rule].Judge(teamrule.InputOf(cfg, tt.deal))
		if err != nil || got != tt.want {
			t.Errorf("%d: %s on %v = %v, %v; want %v", i, tt.rule, tt.deal, got, err, tt.want)
		}
	}
}

// TestBudget: a rule that costs too much on one deal is an error of the
// rule, at its position, not a hang; a rule that cannot judge a value is
// one too.
func TestBudget(t *testing.T) {
	cfg := load(t, `  - id: costly
    step: players
    condition: |
      deal.key_players.all(a, deal.key_players.all(b, deal.key_players.all(c,
        a.name + b.name + c.name != "")))
    message: m
  - id: div
    step: deal
    condition: 10 / deal.amount.value > 1
    message: m
`)
	compiled, problems := teamrule.Compile(cfg, today)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	players := make([]any, 300)
	for i := range players {
		players[i] = map[string]any{"name": fmt.Sprint("p", i)}
	}
	_, err := compiled[0].Judge(&teamrule.Input{Deal: map[string]any{"key_players": players}})
	var ee *teamrule.EvalError
	if !errors.As(err, &ee) || !ee.Budget {
		t.Fatalf("costly: %v, want a budget error", err)
	}
	p := ee.Problem("deals/a.yaml")
	if p.Line != 8 || !strings.Contains(p.Text(i18n.UI().Printer(i18n.English)), "went over its budget on deals/a.yaml") {
		t.Errorf("budget problem: %d:%d %s", p.Line, p.Col, p.Msg)
	}
	// A small deal is well within it.
	if v, err := compiled[0].Judge(&teamrule.Input{Deal: map[string]any{"key_players": players[:10]}}); err != nil || v != teamrule.Satisfied {
		t.Errorf("costly on 10 players: %v, %v", v, err)
	}
	_, err = compiled[1].Judge(&teamrule.Input{Deal: map[string]any{"amount": map[string]any{"value": int64(0)}}})
	if !errors.As(err, &ee) || ee.Budget || !strings.Contains(ee.Problem("d.yaml").Msg, "division by zero") {
		t.Errorf("div: %v", err)
	}
}

// TestExprAt: a position in an expression is its position in the file.
func TestExprAt(t *testing.T) {
	src := "team_rules:\n  - id: r\n    step: deal\n    condition: |\n      true &&\n        false\n    when: 'x'\n    message: \"m\"\n"
	cfg, err := config.Parse("c.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	r := cfg.TeamRules[0]
	tests := []struct {
		x         config.Expr
		line, col int
		want      source.Pos
	}{
		{r.Condition, 1, 1, source.Pos{Line: 5, Col: 7}},
		{r.Condition, 2, 3, source.Pos{Line: 6, Col: 9}},
		{r.When, 1, 1, source.Pos{Line: 7, Col: 12}},
	}
	for _, tt := range tests {
		if got := tt.x.At(tt.line, tt.col); got != tt.want {
			t.Errorf("%q at %d:%d = %v, want %v", tt.x.Text, tt.line, tt.col, got, tt.want)
		}
	}
}
