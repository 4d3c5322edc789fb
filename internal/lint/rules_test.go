package lint_test

import (
	"os"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
)

const today = "2026-11-26"

func complete(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("testdata/complete.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// edit applies replacements in order; each old text must occur, so that a
// test cannot silently stop testing what it says.
func edit(t *testing.T, src string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(src, pairs[i]) {
			t.Fatalf("edit: %q not in the deal", pairs[i])
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	return src
}

// run lints the files at paths, in that order, as Run is given them.
func run(t *testing.T, l *lint.Linter, paths []string, cache *lint.Cache, only map[string]bool) *lint.Result {
	t.Helper()
	tree, err := repo.Disk(paths...)
	if err != nil {
		t.Fatal(err)
	}
	rd := repo.New(tree, config.Default())
	files := make([]repo.File, len(paths))
	for i, p := range paths {
		tp, err := tree.Path(p)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = rd.File(tp)
	}
	return l.Run(rd, files, cache, only)
}

func linter(t *testing.T, configYAML string) *lint.Linter {
	t.Helper()
	cfg := config.Default()
	if configYAML != "" {
		var err error
		if cfg, err = config.Parse("deals.config.yaml", []byte(configYAML)); err != nil {
			t.Fatal(err)
		}
	}
	l, err := lint.New(cfg, today)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func lintText(t *testing.T, l *lint.Linter, src string) lint.DealResult {
	t.Helper()
	src = dropOld(src)
	d, problems := deal.Parse("d.yaml", []byte(src))
	if d == nil {
		return l.Deal(&deal.Deal{File: "d.yaml"}, problems)
	}
	return l.Deal(d, problems)
}

func TestCompleteDealIsClean(t *testing.T) {
	l := linter(t, "")
	res := lintText(t, l, complete(t))
	for _, f := range res.Findings {
		t.Errorf("unexpected finding: %s", f)
	}
	if res.Score.Overall != 100 {
		t.Errorf("score = %+v, want 100 overall", res.Score)
	}
}

type ruleCase struct {
	name   string
	rule   string
	fires  bool
	edits  []string
	config string
}

var teamConfig = `team:
  - id: li-na
    name: Li Na
    manager: zhao-min
  - id: zhao-min
    name: Zhao Min
`

func ruleCases() []ruleCase {
	won := []string{"stage: negotiate", "stage: won", "  plan:\n    - milestone", "  outcome:\n    date: 2026-11-20\n    handoff:\n      to: Customer success\n  plan:\n    - milestone"}
	lost := []string{"stage: negotiate", "stage: lost", "  plan:\n    - milestone", "  outcome:\n    date: 2026-11-20\n    reason: Price\n    lost_to: Incumbent\n  plan:\n    - milestone"}
	return []ruleCase{
		{"syntax error", "parse", true, []string{"id: acme-erp", "id: [acme"}, ""},
		{"unknown field", "schema", true, []string{"title:", "titel:"}, ""},
		{"unknown stage", "deal-stage", true, []string{"stage: negotiate", "stage: pitch"}, ""},
		{"owner outside the team", "deal-owner", true, []string{"owner: li-na", "owner: bob"}, teamConfig},
		{"owner in the team", "deal-owner", false, nil, teamConfig},
		{"no team configured", "deal-owner", false, []string{"owner: li-na", "owner: bob"}, ""},
		{"currency without rate", "deal-currency", true, []string{"currency: USD", "currency: EUR"}, ""},
		{"currency with rate", "deal-currency", false, []string{"currency: USD", "currency: EUR"}, "currency:\n  base: USD\n  rates:\n    EUR: 1.1\n"},
		{"no amount when qualified", "deal-forecast", true, []string{"amount:\n  value: 1200000\n  currency: USD\n", ""}, ""},
		{"no close date when qualified", "deal-forecast", true, []string{"close_date: 2027-03-31\n", ""}, ""},
		{"no amount at prospect", "deal-forecast", false, []string{"stage: negotiate", "stage: prospect", "amount:\n  value: 1200000\n  currency: USD\n", ""}, ""},
		{"close date passed", "deal-close-date", true, []string{"close_date: 2027-03-31", "close_date: 2026-11-25"}, ""},
		{"close date today", "deal-close-date", false, []string{"close_date: 2027-03-31", "close_date: 2026-11-26"}, ""},
		{"close date passed on a won deal", "deal-close-date", false, append(won, "close_date: 2027-03-31", "close_date: 2026-11-01"), ""},
		{"ignore names an unknown rule", "lint-ignore", true, []string{"close:\n", "lint:\n  ignore:\n    - rule: players-coahc\n      reason: typo\nclose:\n"}, ""},
		{"ignore names a rule", "lint-ignore", false, []string{"close:\n", "lint:\n  ignore:\n    - rule: players-coach\n      reason: fine\nclose:\n"}, ""},

		{"no motivation", "assess-motivation", true, []string{"  motivation:\n    level: high\n    evidence: COO said downtime costs 2M a year.\n", ""}, ""},
		{"motivation without evidence", "assess-motivation", true, []string{"    evidence: COO said downtime costs 2M a year.\n", ""}, ""},
		{"no motivation at prospect", "assess-motivation", false, []string{"stage: negotiate", "stage: prospect", "  motivation:\n    level: high\n    evidence: COO said downtime costs 2M a year.\n", ""}, ""},
		{"no ability", "assess-ability", true, []string{"  ability:\n    level: medium\n    evidence: Budget approved for FY2027.\n", ""}, ""},
		{"ability without evidence", "assess-ability", true, []string{"    evidence: Budget approved for FY2027.\n", ""}, ""},
		{"weak ability past qualification", "assess-qualified", true, []string{"level: medium", "level: low"}, ""},
		{"weak ability at qualification", "assess-qualified", false, []string{"stage: negotiate", "stage: qualify", "level: medium", "level: low"}, ""},
		{"qualified level raised", "assess-qualified", true, nil, "qualified_level: high\n"},
		{"no pains", "assess-pains", true, []string{"  pains:\n    - pain: Month-end close takes 12 days.\n      solution: Automated reconciliation.\n", ""}, ""},
		{"pain without solution", "assess-pains", true, []string{"      solution: Automated reconciliation.\n", ""}, ""},
		{"no risks", "assess-risks", true, []string{"  risks:\n    - risk: Budget freeze\n      severity: high\n      probability: medium\n      worst_case: Postponed a year\n      mitigation: Phase 1 fits the current budget\n", ""}, ""},
		{"risk without mitigation", "assess-risk-detail", true, []string{"      mitigation: Phase 1 fits the current budget\n", ""}, ""},

		{"no competitors", "compete-competitors", true, []string{"  competitors:\n    - name: Incumbent\n      type: vendor\n      strengths: [Installed base]\n      weaknesses: [No shop-floor module]\n    - name: Keep spreadsheets\n      type: no_decision\n", ""}, ""},
		{"competitor without weaknesses", "compete-analysis", true, []string{"      weaknesses: [No shop-floor module]\n", ""}, ""},
		{"no-decision option needs no analysis", "compete-analysis", false, nil, ""},
		{"doing nothing not considered", "compete-no-decision", true, []string{"      type: no_decision", "      type: in_house"}, ""},
		{"no strategy", "compete-strategy", true, []string{"  strategies: [service, relationship]\n", ""}, ""},
		{"no rationale", "compete-strategy", true, []string{"  rationale: Local service team.\n", ""}, ""},

		{"large complex without technical", "players-roles", true, []string{"roles: [technical, coach]", "roles: [coach]"}, ""},
		{"large complex without influencer", "players-roles", true, []string{"roles: [user, influencer]", "roles: [user]"}, ""},
		{"small simple needs only the decision maker", "players-roles", false, []string{"size: large", "size: small", "complexity: complex", "complexity: simple", "roles: [technical, coach]", "roles: [coach]", "roles: [user, influencer]", "roles: [insider]"}, ""},
		{"custom matrix", "players-roles", true, []string{"size: large", "size: small"}, "required_roles:\n  - size: small\n    complexity: complex\n    roles: [decision_maker, insider]\n"},
		{"no coach", "players-coach", true, []string{"roles: [technical, coach]", "roles: [technical]"}, ""},
		{"no coach, silenced with a reason", "players-coach", false, []string{"roles: [technical, coach]", "roles: [technical]", "close:\n", "lint:\n  ignore:\n    - rule: players-coach\n      reason: Coach being recruited.\nclose:\n"}, ""},
		{"profile without attitude", "players-profile", true, []string{"    attitude: neutral\n", ""}, ""},
		{"profile never verified", "players-profile", true, []string{"    last_verified: 2026-11-01\n", ""}, ""},
		{"profile verified long ago", "players-stale", true, []string{"last_verified: 2026-11-01", "last_verified: 2026-06-01"}, ""},
		{"old profile on a won deal", "players-stale", false, append(won, "last_verified: 2026-11-01", "last_verified: 2026-06-01"), ""},
		{"shorter limit", "players-stale", true, nil, "player_max_age_days: 7\n"},
		{"duplicate key-player id", "players-unique", true, []string{"  - id: ops\n", "  - id: it\n"}, ""},
		{"reports_to unknown", "players-refs", true, []string{"reports_to: ceo", "reports_to: boss"}, ""},
		{"action names unknown player", "players-refs", true, []string{"key_players: [ops]", "key_players: [opps]"}, ""},
		{"next step agreed with unknown player", "players-refs", true, []string{"agreed_with: [ceo]", "agreed_with: [cfo]"}, ""},
		{"coverage of unknown player", "players-refs", true, []string{"key_player: ops", "key_player: nobody"}, ""},
		{"two-person cycle", "players-cycle", true, []string{"    attitude: supporter\n", "    attitude: supporter\n    reports_to: it\n"}, ""},
		{"reports to self", "players-cycle", true, []string{"    attitude: neutral\n    influence: high\n    reports_to: ceo", "    attitude: neutral\n    influence: high\n    reports_to: ops"}, ""},

		{"no industry", "relationships-segment", true, []string{"  industry: manufacturing\n", ""}, ""},
		{"industry in the segment", "relationships-segment", false, []string{"  industry: manufacturing\n", "", "relationships:\n", "relationships:\n  segment:\n    industry: manufacturing\n"}, ""},
		{"key player without coverage", "relationships-coverage", true, []string{"    - key_player: ops\n      covered_by: solution engineer\n      current: contact\n      target: working\n", ""}, ""},
		{"coverage without target", "relationships-coverage", true, []string{"      target: working\n", ""}, ""},
		{"nobody to cover", "relationships-coverage", true, []string{"stage: negotiate", "stage: develop", "key_players:\n", "old_key_players:\n", "relationships:\n  coverage:\n", "old_relationships:\n  coverage:\n"}, "stages:\n  - id: develop\n    probability: 30\n    requires: [relationships]\n"},
		{"influential skeptic ignored", "relationships-opponents", true, []string{"attitude: neutral", "attitude: skeptic", "key_players: [ops]", "key_players: [it]"}, ""},
		{"influential skeptic worked on", "relationships-opponents", false, []string{"attitude: neutral", "attitude: skeptic"}, ""},
		{"skeptic only targeted by a done action", "relationships-opponents", true, []string{"attitude: neutral", "attitude: skeptic", "key_players: [ops]", "key_players: [it]", "      status: done\n", "      status: done\n      key_players: [ops]\n"}, ""},

		{"no verification", "plan-elements", true, []string{"  verification: Pilot sponsored by January\n", ""}, ""},
		{"no plan", "plan-elements", true, []string{"plan:\n  goal: Signed contract\n  strategy: Users first\n", "plan:\n"}, ""},
		{"action without owner", "plan-actions", true, []string{"    - what: TCO workshop\n      owner: li-na\n", "    - what: TCO workshop\n"}, ""},
		{"action without due date", "plan-actions", true, []string{"      due: 2026-12-15\n", ""}, ""},
		{"open action overdue", "plan-overdue", true, []string{"due: 2026-12-15", "due: 2026-11-20"}, ""},
		{"blocked action overdue", "plan-overdue", true, []string{"due: 2026-12-15", "due: 2026-11-20\n      status: blocked"}, ""},
		{"done action in the past", "plan-overdue", false, nil, ""},

		{"never reviewed", "review-done", true, []string{"reviews:\n  - date: 2026-11-20\n    reviewer: zhao-min\n    strengths: [Coach in IT]\n    changes: [Sponsor calls the CEO]\n", ""}, ""},
		{"review too old", "review-stale", true, []string{"date: 2026-11-20\n    reviewer", "date: 2026-09-01\n    reviewer"}, ""},
		{"old review on a lost deal", "review-stale", false, append(lost, "date: 2026-11-20\n    reviewer", "date: 2026-09-01\n    reviewer"), ""},
		{"review found nothing", "review-content", true, []string{"    strengths: [Coach in IT]\n", ""}, ""},
		{"review changed nothing", "review-content", true, []string{"    changes: [Sponsor calls the CEO]\n", ""}, ""},

		{"no next step", "close-next-step", true, []string{"  next_step:\n    action: Contract review\n    date: 2026-12-03\n    agreed_with: [ceo]\n", ""}, ""},
		{"next step without date", "close-next-step", true, []string{"    date: 2026-12-03\n", ""}, ""},
		{"next step passed", "close-next-step-date", true, []string{"date: 2026-12-03", "date: 2026-11-03"}, ""},
		{"no close plan", "close-plan", true, []string{"  plan:\n    - milestone: Security review\n      date: 2027-01-15\n      owner: it\n", ""}, ""},
		{"no mutual benefit", "close-plan", true, []string{"  mutual_benefit: They cut downtime; we win a reference plant.\n", ""}, ""},
		{"won with handoff", "close-handoff", false, won, ""},
		{"won without handoff", "close-handoff", true, []string{"stage: negotiate", "stage: won"}, ""},
		{"lost with reason", "close-lost-reason", false, lost, ""},
		{"lost without reason", "close-lost-reason", true, []string{"stage: negotiate", "stage: lost", "  plan:\n    - milestone", "  outcome:\n    lost_to: Incumbent\n  plan:\n    - milestone"}, ""},
		{"outcome on an open deal", "close-outcome", true, []string{"  plan:\n    - milestone", "  outcome:\n    date: 2026-11-20\n  plan:\n    - milestone"}, ""},
		{"won deal with a loss reason", "close-outcome", true, append(won, "      to: Customer success\n", "      to: Customer success\n    reason: x\n"), ""},
	}
}

func TestRules(t *testing.T) {
	for _, tc := range ruleCases() {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			if _, ok := lint.Lookup(tc.rule); !ok {
				t.Fatalf("no rule %q", tc.rule)
			}
			res := lintText(t, linter(t, tc.config), edit(t, complete(t), tc.edits...))
			fired := false
			for _, f := range res.Findings {
				if strings.Contains(f.Message, "rules."+f.Rule+".messages.") {
					t.Errorf("%s reports a message its catalog lacks: %s", f.Rule, f.Message)
				}
				if f.Rule == tc.rule {
					fired = true
					if !f.Pos.IsValid() || f.File != "d.yaml" || f.Message == "" {
						t.Errorf("finding not positioned or empty: %+v", f)
					}
				}
			}
			if fired != tc.fires {
				t.Errorf("%s fired = %v, want %v; findings:\n%s", tc.rule, fired, tc.fires, findingsText(res.Findings))
			}
		})
	}
}

// TestEveryRuleIsTested keeps the table honest: every rule has a case where it fires.
func TestEveryRuleIsTested(t *testing.T) {
	fires := map[string]bool{"deal-id-unique": true} // cross-file: TestDuplicateIDs
	for _, tc := range ruleCases() {
		if tc.fires {
			fires[tc.rule] = true
		}
	}
	for _, r := range lint.Rules() {
		if !fires[r.ID] {
			t.Errorf("rule %s has no test case where it fires", r.ID)
		}
		if (r.Run == nil) == (r.RunRepo == nil) && r.ID != lint.RuleParse && r.ID != lint.RuleSchema {
			t.Errorf("rule %s must have exactly one of Run and RunRepo", r.ID)
		}
	}
}

func findingsText(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.String() + "\n")
	}
	return b.String()
}

// dropOld removes top-level sections renamed to old_*, so a case can delete
// a whole section with one edit.
func dropOld(src string) string {
	var out []string
	skipping := false
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(line, "old_") {
			skipping = true
			continue
		}
		if skipping && (strings.HasPrefix(line, " ") || line == "") {
			continue
		}
		skipping = false
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
