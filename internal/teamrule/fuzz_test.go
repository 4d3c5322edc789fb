package teamrule_test

import (
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/teamrule"
)

// FuzzCompile feeds the compiler arbitrary conditions: it must never panic,
// every problem is positioned in the configuration, and a rule that
// compiles judges deals of any shape without panicking.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"true", "", "deal", "deal.", "deal.x", "has(deal.close.plan)", "deal.?close.?plan.orValue([]).size() > 0",
		`deal["amount"]["value"] > 1`, "deal.key_players.exists(p, p.roles.exists(r, r == 'coach'))",
		"deal.key_players.all(i, p, p.name != '')", "deal.key_players[0].name == 'x'", "deal.tags.map(t, t.x)",
		"[deal.close].exists(c, c.plann)", "{'a': deal.stage}.a == 'x'", "amount >= 1", "daysSince(deal.close_date) > 1",
		"daysUntil('2027-02-30') > 0", "today < deal.close_date", "deal.title.matches('(')", "1/0 == 1",
		"deal.key_players.map(p, p).exists(q, q.rol)", "[1,2,3].all(x, x > 0)", "cel.bind(x, deal.close, x.plan)",
		"deal.notes.lowerAscii().contains('x')", "\"\\u0000\" == deal.id", "(((((((((((true)))))))))))",
		strings.Repeat("deal.x && ", 50) + "true", "deal.account.size == 'large' ?",
	} {
		f.Add(s)
	}
	deals := []map[string]any{
		nil, {}, {"amount": map[string]any{"value": int64(5)}}, {"key_players": []any{map[string]any{"name": "a", "roles": []any{"coach"}}, "x"}},
		{"close": "x", "tags": map[string]any{}, "close_date": int64(3)}, {"title": nil, "key_players": nil},
	}
	f.Fuzz(func(t *testing.T, cond string) {
		if strings.ContainsAny(cond, "\r\t") || !validLines(cond) {
			return // not something a literal block can hold as it is
		}
		src := "team_rules:\n  - id: r\n    step: deal\n    message: m\n    condition: |-\n      " + strings.ReplaceAll(cond, "\n", "\n      ") + "\n"
		cfg, err := config.Parse("c.yaml", []byte(src))
		if err != nil || len(cfg.TeamRules) != 1 {
			return
		}
		rules, problems := teamrule.Compile(cfg, "2026-12-01")
		for _, p := range problems {
			if p.File != "c.yaml" || p.Line < 1 || p.Col < 1 {
				t.Fatalf("problem not positioned: %#v", p)
			}
		}
		if len(problems) > 0 {
			return
		}
		for _, d := range deals {
			if _, err := rules[0].Judge(teamrule.InputOf(cfg, d)); err != nil {
				if _, ok := err.(*teamrule.EvalError); !ok {
					t.Fatalf("error %T: %v", err, err)
				}
			}
		}
	})
}

// validLines reports whether every line of s would stay inside the block.
func validLines(s string) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) == "" && l != "" {
			return false
		}
	}
	return true
}
