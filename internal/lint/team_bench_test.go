package lint_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/deal"
)

// benchTeamRules are 20 rules of the kinds teams write, as
// bench/team-rules.sh writes them.
func benchTeamRules() string {
	var b strings.Builder
	b.WriteString("team_rules:\n")
	for i := 1; i <= 4; i++ {
		fmt.Fprintf(&b, `  - id: floor-%[1]d
    step: deal
    when: has(deal.account.size) && has(deal.amount.value)
    condition: 'amount >= {"large": %[1]d0000.0, "medium": %[1]d000.0, "small": %[1]d00.0}[deal.account.size]'
    message: below the floor
  - id: dm-named-%[1]d
    step: players
    field: key_players
    condition: 'deal.key_players.exists(p, "decision_maker" in p.roles && p.name.size() > %[1]d)'
    message: name the decision maker
  - id: plan-owned-%[1]d
    step: close
    field: close.plan
    condition: 'deal.?close.?plan.orValue([]).all(m, has(m.owner) && m.milestone.size() > %[1]d)'
    message: every milestone has an owner
  - id: legal-%[1]d
    step: close
    field: close.plan
    condition: 'deal.close.plan.exists(m, m.milestone.lowerAscii().matches("legal|contract|sign|合同"))'
    message: write the paper process into the close plan
  - id: reviewed-%[1]d
    step: review
    field: reviews
    condition: 'deal.reviews.exists(r, daysSince(r.date) <= %[1]d0 * 3)'
    message: review the plan
`, i)
	}
	return b.String()
}

// BenchmarkTeamRules lints one complete deal (parsed once) with the
// built-in rules alone and with 20 team rules besides.
func BenchmarkTeamRules(b *testing.B) {
	src := complete(b)
	d, problems := deal.Parse("d.yaml", []byte(src))
	if len(problems) > 0 {
		b.Fatal(problems)
	}
	for _, c := range []struct{ name, config string }{{"builtin", ""}, {"with20", benchTeamRules()}} {
		l := linter(b, c.config)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				l.Deal(d, nil)
			}
		})
	}
}
