package lint_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
)

const today = "2026-11-26"

func complete(t testing.TB) string {
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

func linter(t testing.TB, configYAML string) *lint.Linter {
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
		{"amount zero when qualified", "deal-forecast", true, []string{"value: 1200000", "value: 0"}, ""},
		{"amount zero at prospect", "deal-forecast", false, []string{"stage: negotiate", "stage: prospect", "value: 1200000", "value: 0"}, ""},
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
		{"large complex without influencer", "players-roles", true, []string{"roles: [influencer]", "roles: [insider]"}, ""},
		{"small simple needs only the decision maker", "players-roles", false, []string{"size: large", "size: small", "complexity: complex", "complexity: simple", "roles: [technical, coach]", "roles: [coach]", "roles: [user]", "roles: [insider]", "roles: [influencer]", "roles: [insider]"}, ""},
		{"custom matrix", "players-roles", true, []string{"size: large", "size: small"}, "required_roles:\n  - size: small\n    complexity: complex\n    roles: [decision_maker, insider]\n"},
		{"a skeptic does not fill a required coach", "players-roles", true, []string{"size: large", "size: small", "attitude: champion", "attitude: skeptic"}, "required_roles:\n  - size: small\n    complexity: complex\n    roles: [decision_maker, coach]\n"},
		{"each role a different person", "players-roles-distinct", false, nil, ""},
		{"decision maker also influencer beside another influencer", "players-roles-distinct", false, []string{"roles: [decision_maker]", "roles: [decision_maker, influencer]"}, ""},
		{"decision maker counted as influencer", "players-roles-distinct", true, []string{"roles: [decision_maker]", "roles: [decision_maker, influencer]", "roles: [influencer]", "roles: [insider]"}, ""},
		{"distinct turned off for large accounts", "players-roles-distinct", false, []string{"roles: [decision_maker]", "roles: [decision_maker, influencer]", "roles: [influencer]", "roles: [insider]"},
			"required_roles:\n  - size: large\n    complexity: complex\n    roles: [decision_maker, user, technical, influencer]\n    distinct: false\n"},
		{"distinct by default in a large row written out", "players-roles-distinct", true, []string{"roles: [decision_maker]", "roles: [decision_maker, influencer]", "roles: [influencer]", "roles: [insider]"},
			"required_roles:\n  - size: large\n    complexity: complex\n    roles: [decision_maker, user, technical, influencer]\n"},
		{"one person for two roles of a medium account", "players-roles-distinct", false, []string{"size: large", "size: medium", "roles: [technical, coach]", "roles: [coach]", "roles: [user]", "roles: [user, technical]"}, ""},
		{"distinct not required at prospect", "players-roles-distinct", false, []string{"stage: negotiate", "stage: prospect", "roles: [decision_maker]", "roles: [decision_maker, influencer]", "roles: [influencer]", "roles: [insider]"}, ""},
		{"no coach", "players-coach", true, []string{"roles: [technical, coach]", "roles: [technical]"}, ""},
		{"no coach, silenced with a reason", "players-coach", false, []string{"roles: [technical, coach]", "roles: [technical]", "close:\n", "lint:\n  ignore:\n    - rule: players-coach\n      reason: Coach being recruited.\nclose:\n"}, ""},
		{"only coach a skeptic", "players-coach", true, []string{"attitude: champion", "attitude: skeptic"}, ""},
		{"a skeptic tagged coach beside a real coach", "players-coach", false, []string{"roles: [user]", "roles: [user, coach]", "attitude: neutral", "attitude: skeptic"}, ""},
		{"coach is a champion", "players-coach-attitude", false, nil, ""},
		{"coach is an opponent", "players-coach-attitude", true, []string{"attitude: champion", "attitude: opponent"}, ""},
		{"skeptic who is no coach", "players-coach-attitude", false, []string{"attitude: neutral", "attitude: skeptic"}, ""},
		{"hostile coach at prospect", "players-coach-attitude", true, []string{"stage: negotiate", "stage: prospect", "attitude: champion", "attitude: skeptic"}, ""},
		{"profile verified in the future", "players-future", true, []string{"last_verified: 2026-11-01", "last_verified: 2027-01-01"}, ""},
		{"profile verified today", "players-future", false, []string{"last_verified: 2026-11-01", "last_verified: 2026-11-26"}, ""},
		{"profile without attitude", "players-profile", true, []string{"    attitude: neutral\n", ""}, ""},
		{"profile never verified", "players-profile", true, []string{"    last_verified: 2026-11-01\n", ""}, ""},
		{"profile verified long ago", "players-stale", true, []string{"last_verified: 2026-11-01", "last_verified: 2026-06-01"}, ""},
		{"old profile on a won deal", "players-stale", false, append(won, "last_verified: 2026-11-01", "last_verified: 2026-06-01"), ""},
		{"shorter limit", "players-stale", true, nil, "player_max_age_days: 7\n"},
		{"duplicate key-player id", "players-unique", true, []string{"  - id: ops\n", "  - id: it\n"}, ""},
		{"same name, more spaces", "players-unique", true, []string{"name: Zhou Lan", "name: \"Chen  Jie \""}, ""},
		{"same name without the space", "players-unique", true, []string{"name: Zhou Lan", "name: ChenJie"}, ""},
		{"same Chinese name, with and without a full-width space", "players-unique", true, []string{"name: Chen Jie", "name: 陈杰", "name: Zhou Lan", "name: 陈\u3000杰"}, ""},
		{"similar names", "players-unique", false, []string{"name: Zhou Lan", "name: Chen Jian"}, ""},
		{"different phones", "players-unique", false, []string{"    title: CEO\n", "    title: CEO\n    phone: +86 138-0013-8000\n", "    title: Head of quality\n", "    title: Head of quality\n    phone: +86 138-0013-8001\n"}, ""},
		{"different emails", "players-unique", false, []string{"    title: CEO\n", "    title: CEO\n    email: jie.chen@acme.example\n", "    title: Head of quality\n", "    title: Head of quality\n    email: lan.zhou@acme.example\n"}, ""},
		{"reports_to unknown", "players-refs", true, []string{"reports_to: ceo", "reports_to: boss"}, ""},
		{"action names unknown player", "players-refs", true, []string{"key_players: [ops]", "key_players: [opps]"}, ""},
		{"next step agreed with unknown player", "players-refs", true, []string{"agreed_with: [ceo]", "agreed_with: [cfo]"}, ""},
		{"coverage of unknown player", "players-refs", true, []string{"key_player: ops", "key_player: nobody"}, ""},
		{"two final signers", "players-signer", true, []string{"    roles: [decision_maker]\n", "    roles: [decision_maker]\n    final_signer: true\n", "    roles: [user]\n", "    roles: [user]\n    final_signer: true\n"}, ""},
		{"one final signer", "players-signer", false, []string{"    roles: [decision_maker]\n", "    roles: [decision_maker]\n    final_signer: true\n", "    roles: [user]\n", "    roles: [user]\n    final_signer: false\n"}, ""},
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
		{"review dated in the future", "review-future", true, []string{"date: 2026-11-20\n    reviewer", "date: 2026-12-20\n    reviewer"}, ""},
		{"review held today", "review-future", false, []string{"date: 2026-11-20\n    reviewer", "date: 2026-11-26\n    reviewer"}, ""},

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
		{"lost to a listed competitor", "close-lost-to", false, lost, ""},
		{"lost to a listed competitor, other case", "close-lost-to", false, append(lost, "lost_to: Incumbent", "lost_to: INCUMBENT"), ""},
		{"lost to no decision", "close-lost-to", false, append(lost, "lost_to: Incumbent", "lost_to: No decision"), ""},
		{"lost to no decision, in Chinese", "close-lost-to", false, append(lost, "lost_to: Incumbent", "lost_to: 不做决定"), ""},
		{"lost to an in-house build", "close-lost-to", false, append(lost, "      type: no_decision", "      type: in_house", "lost_to: Incumbent", "lost_to: In-house"), ""},
		{"lost to no decision, nobody listed doing nothing", "close-lost-to", true, append(lost, "      type: no_decision", "      type: in_house", "lost_to: Incumbent", "lost_to: no decision"), ""},
		{"lost to someone unlisted", "close-lost-to", true, append(lost, "lost_to: Incumbent", "lost_to: SAP"), ""},
		{"won deal with past dates", "close-future", false, append(won, "close_date: 2027-03-31", "close_date: 2026-11-20"), ""},
		{"won deal closing ahead", "close-future", true, won, ""},
		{"lost deal whose expected close was ahead", "close-future", false, lost, ""},
		{"outcome ahead on a lost deal", "close-future", true, append(lost, "    date: 2026-11-20\n    reason", "    date: 2026-11-30\n    reason"), ""},
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

// messageCase is a finding a rule must make: where, and what it says in
// each language.
type messageCase struct {
	name, rule string
	edits      []string
	config     string
	pos        string // line:col of the finding
	en, zh     string // a part of its message in English and in Chinese
}

func messageCases() []messageCase {
	lost := []string{"stage: negotiate", "stage: lost", "  plan:\n    - milestone", "  outcome:\n    date: 2026-11-20\n    reason: Price\n    lost_to: Incumbent\n  plan:\n    - milestone"}
	won := []string{"stage: negotiate", "stage: won", "close_date: 2027-03-31", "close_date: 2026-11-20", "  plan:\n    - milestone", "  outcome:\n    date: 2026-11-20\n    handoff:\n      to: Customer success\n  plan:\n    - milestone"}
	// The decision maker also tagged influencer, and nobody else is one.
	dmInfluencer := []string{"roles: [decision_maker]", "roles: [decision_maker, influencer]", "roles: [influencer]", "roles: [insider]"}
	return []messageCase{
		{"amount zero in the forecast", "deal-forecast", []string{"value: 1200000", "value: 0"}, "", "15:10",
			"the amount is 0: a deal at stage negotiate is in the forecast", "金额是 0：处于 negotiate 阶段的商机已计入预测"},

		{"decision maker counted as influencer", "players-roles-distinct", dmInfluencer, "", "48:5",
			"Chen Jie is counted as both decision maker and potential influencer: a large account buying a complex product needs a different person in each of decision maker, user, technical gatekeeper and potential influencer; find the potential influencer",
			"Chen Jie 同时被算作决策者和潜在影响者：大型客户购买复杂产品，决策者、使用者、技术把关者和潜在影响者要分别由不同的人担任；去找到真正的潜在影响者"},
		{"influencer only among people counted already", "players-roles-distinct", append(dmInfluencer, "roles: [user]", "roles: [user, influencer]"), "", "48:5",
			"potential influencer is played only by Chen Jie and Wang Fang, who are already counted as decision maker and user",
			"潜在影响者只有 Chen Jie和Wang Fang 担任，而他们已经分别被算作决策者和使用者"},
		{"distinct asked of a medium account", "players-roles-distinct", []string{"size: large", "size: medium", "roles: [technical, coach]", "roles: [coach]", "roles: [user]", "roles: [user, technical]"},
			"required_roles:\n  - size: medium\n    complexity: complex\n    roles: [decision_maker, user, technical]\n    distinct: true\n", "65:5",
			"Wang Fang is counted as both user and technical gatekeeper: a medium account", "Wang Fang 同时被算作使用者和技术把关者：中型客户"},
		{"the only coach is a skeptic", "players-coach", []string{"attitude: champion", "attitude: skeptic"}, "", "44:1",
			"no coach: Zhang Wei is tagged coach but is a skeptic or an opponent", "没有真正的教练：Zhang Wei 被标为教练，却对我们持怀疑或反对态度"},
		{"coach who is a skeptic", "players-coach-attitude", []string{"attitude: champion", "attitude: skeptic"}, "", "57:15",
			"Zhang Wei is tagged coach but is a skeptic: a coach is a firm supporter who guides us to the win", "Zhang Wei 被标为教练，却是怀疑者：教练是坚定支持我们、指导我们赢单的人"},
		{"coach who is an opponent", "players-coach-attitude", []string{"attitude: champion", "attitude: opponent"}, "", "57:15",
			"Zhang Wei is tagged coach but is an opponent", "Zhang Wei 被标为教练，却是反对者"},
		{"two final signers", "players-signer", []string{"    roles: [decision_maker]\n", "    roles: [decision_maker]\n    final_signer: true\n", "    roles: [user]\n", "    roles: [user]\n    final_signer: true\n"}, "", "67:19",
			"Chen Jie and Wang Fang are each marked final_signer, but the order is signed by one of them", "Chen Jie和Wang Fang 都标为 final_signer"},
		{"profile verified tomorrow", "players-future", []string{"last_verified: 2026-11-01", "last_verified: 2026-11-27"}, "", "52:20",
			"Chen Jie's profile is marked verified on 2026-11-27, after today (2026-11-26)", "Chen Jie 的画像核实日期是 2026-11-27，在今天（2026-11-26）之后"},
		{"same name, other case and full-width space", "players-unique", []string{"name: Zhou Lan", "name: chen\u3000JIE"}, "", "72:11",
			"chen\u3000JIE is listed twice, as ceo and quality: merge the two into one key player", "chen\u3000JIE 被列了两次（ceo 和 quality）"},
		{"same name, full-width letters, no space", "players-unique", []string{"name: Zhou Lan", "name: ＣｈｅｎＪｉｅ"}, "", "72:11",
			"is listed twice, as ceo and quality", "被列了两次（ceo 和 quality）"},
		{"same email in another case", "players-unique", []string{"    title: CEO\n", "    title: CEO\n    email: jie.chen@acme.example\n", "    title: Head of quality\n", "    title: Head of quality\n    email: Jie.Chen@ACME.example\n"}, "", "75:12",
			"quality has the same email as ceo (Jie.Chen@ACME.example): is Zhou Lan the same person as Chen Jie?", "quality 和 ceo 的邮箱相同（Jie.Chen@ACME.example）：Zhou Lan 和 Chen Jie 是同一个人吗？"},
		{"same phone in another notation", "players-unique", []string{"    title: CEO\n", "    title: CEO\n    phone: +86 138-0013-8000\n", "    title: Head of quality\n", "    title: Head of quality\n    phone: 86 (138) 0013.8000\n"}, "", "75:12",
			"quality has the same phone as ceo (86 (138) 0013.8000)", "quality 和 ceo 的电话相同（86 (138) 0013.8000）"},
		{"same id reported once, not also as same name", "players-unique", []string{"  - id: quality\n    name: Zhou Lan", "  - id: ceo\n    name: Chen Jie"}, "", "71:9",
			`key player id "ceo" is used twice`, `关键人物 id "ceo" 用了两次`},

		{"review held tomorrow", "review-future", []string{"date: 2026-11-20\n    reviewer", "date: 2026-11-27\n    reviewer"}, "", "113:11",
			"the review is dated 2026-11-27, after today (2026-11-26): record a review once it has been held", "这次复盘的日期是 2026-11-27，在今天（2026-11-26）之后"},

		{"lost to a name not among the competitors", "close-lost-to", append(lost, "lost_to: Incumbent", "lost_to: SAP"), "", "126:14",
			`lost to "SAP", which is not one of the competitors (Incumbent and Keep spreadsheets)`, `输给了 "SAP"，但它不在竞争对手（Incumbent和Keep spreadsheets）之中`},
		{"lost with no competitors listed", "close-lost-to", append(lost, "  competitors:\n    - name: Incumbent\n      type: vendor\n      strengths: [Installed base]\n      weaknesses: [No shop-floor module]\n    - name: Keep spreadsheets\n      type: no_decision\n", ""), "", "119:14",
			`lost to "Incumbent", but the deal lists no competitors`, `输给了 "Incumbent"，但这个商机没有列出任何竞争对手`},
		{"won deal closing in the future", "close-future", append(won, "close_date: 2026-11-20", "close_date: 2026-12-15"), "", "17:13",
			"the deal is won but its close_date 2026-12-15 is after today (2026-11-26)", "商机已赢单，但 close_date 2026-12-15 在今天（2026-11-26）之后"},
		{"outcome dated in the future", "close-future", append(lost, "    date: 2026-11-20\n    reason", "    date: 2026-12-01\n    reason"), "", "124:11",
			"the outcome is dated 2026-12-01, after today (2026-11-26)", "结果日期是 2026-12-01，在今天（2026-11-26）之后"},
		{"handoff dated in the future", "close-future", append(won, "      to: Customer success\n", "      to: Customer success\n      date: 2026-12-01\n"), "", "127:13",
			"the handoff is dated 2026-12-01, after today (2026-11-26)", "售后交接的日期是 2026-12-01，在今天（2026-11-26）之后"},
	}
}

// TestRuleMessages: each case's rule finds what it says where it says, in
// both languages.
func TestRuleMessages(t *testing.T) {
	for _, tc := range messageCases() {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			src := edit(t, complete(t), tc.edits...)
			for _, want := range []struct {
				lang i18n.Lang
				text string
			}{{i18n.English, tc.en}, {i18n.Chinese, tc.zh}} {
				res := lintText(t, linter(t, tc.config).WithLang(want.lang), src)
				var got []string
				found := false
				for _, f := range res.Findings {
					if f.Rule != tc.rule {
						continue
					}
					at := fmt.Sprintf("%d:%d", f.Pos.Line, f.Pos.Col)
					got = append(got, at+" "+f.Message)
					if at == tc.pos && strings.Contains(f.Message, want.text) {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: want a %s finding at %s containing %q; got %q", want.lang, tc.rule, tc.pos, want.text, got)
				}
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
	for _, tc := range messageCases() {
		fires[tc.rule] = true
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
