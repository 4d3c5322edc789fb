package attention_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/attention"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/lint"
)

const base = `id: d
title: D
account: {name: A, size: small}
product: {name: P, complexity: simple}
owner: li-na
stage: STAGE
amount: {value: 1000}
close_date: CLOSE
key_players:
  - {id: a, name: Ann, roles: [decision_maker]}
  - {id: b, name: Bo, roles: [user]}
close:
  next_step: {action: Call, date: NEXT}
`

// reasons lints src at today and returns the kinds of its reasons.
func reasons(t *testing.T, cfg *config.Config, src, today string, f attention.Facts) string {
	t.Helper()
	d, problems := deal.Parse("d.yaml", []byte(src))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	l, err := lint.New(cfg, today)
	if err != nil {
		t.Fatal(err)
	}
	res := l.Deal(d, nil)
	var kinds []string
	for _, r := range attention.Reasons(d, res.Findings, l.Signals(d, res.Findings), cfg, today, f) {
		kinds = append(kinds, fmt.Sprintf("%s:%s", r.Kind, r.Severity))
	}
	return strings.Join(kinds, " ")
}

// TestReasons: each reason fires where it should and stays quiet
// elsewhere; the most severe come first.
func TestReasons(t *testing.T) {
	cfg, err := config.Parse("deals.config.yaml", []byte("stages:\n  - {id: prospect, probability: 5}\n  - {id: develop, probability: 35, max_days: 30}\n  - {id: won, probability: 100, outcome: won}\n"))
	if err != nil {
		t.Fatal(err)
	}
	deal := func(stage, closeDate, next string) string {
		return strings.NewReplacer("STAGE", stage, "CLOSE", closeDate, "NEXT", next).Replace(base)
	}
	none := attention.Facts{DaysInStage: -1}
	tests := []struct {
		name, src, today string
		facts            attention.Facts
		want             string
	}{
		{"nothing", deal("develop", "2027-06-30", "2026-12-10"), "2026-12-01", none, ""},
		{"close date passed", deal("develop", "2026-11-15", "2026-12-10"), "2026-12-01", none, "closePassed:error"},
		{"slipped, from history", deal("develop", "2027-06-30", "2026-12-10"), "2026-12-01", attention.Facts{DaysInStage: 3, Slips: 2}, "slipped:warning"},
		{"closes this quarter, no next step ahead", deal("develop", "2026-12-20", "2026-11-20"), "2026-12-01", none, "noNextStep:error"},
		{"closes next quarter: not yet", deal("develop", "2027-01-20", "2026-11-20"), "2026-12-01", none, ""},
		{"rotting past max_days", deal("develop", "2027-06-30", "2026-12-10"), "2026-12-01", attention.Facts{DaysInStage: 45}, "rotting:warning"},
		{"within max_days", deal("develop", "2027-06-30", "2026-12-10"), "2026-12-01", attention.Facts{DaysInStage: 30}, ""},
		{"a won deal needs nothing", deal("won", "2026-11-15", "2026-11-01"), "2026-12-01", attention.Facts{Slips: 3}, ""},
		{"single-threaded past the first stage", strings.Replace(deal("develop", "2027-06-30", "2026-12-10"), "  - {id: b, name: Bo, roles: [user]}\n", "", 1), "2026-12-01", none, "singleThreaded:warning"},
		{"single contact at the first stage is normal", strings.Replace(deal("prospect", "2027-06-30", "2026-12-10"), "  - {id: b, name: Bo, roles: [user]}\n", "", 1), "2026-12-01", none, ""},
		{"a commit without a close plan", strings.Replace(deal("develop", "2027-06-30", "2026-12-10"), "close_date: 2027-06-30", "close_date: 2027-06-30\nforecast: commit", 1), "2026-12-01", none, "commitAtRisk:warning"},
		{"a commit without a decision maker", strings.Replace(strings.Replace(deal("develop", "2027-06-30", "2026-12-10"), "close_date: 2027-06-30", "close_date: 2027-06-30\nforecast: commit", 1), "roles: [decision_maker]", "roles: [influencer]", 1), "2026-12-01", none, "commitAtRisk:warning"},
		{"a commit with everything", strings.Replace(deal("develop", "2027-06-30", "2026-12-10"), "close_date: 2027-06-30", "close_date: 2027-06-30\nforecast: commit", 1) + "  plan:\n    - {milestone: Signature, date: 2027-06-20}\n", "2026-12-01", none, ""},
		{"a commit without a next step this quarter is said once", strings.Replace(deal("develop", "2026-12-20", "2026-11-20"), "close_date: 2026-12-20", "close_date: 2026-12-20\nforecast: commit", 1) + "  plan:\n    - {milestone: Signature, date: 2026-12-18}\n", "2026-12-01", none, "noNextStep:error"},
		{"best case needs no close plan yet", strings.Replace(deal("develop", "2027-06-30", "2026-12-10"), "close_date: 2027-06-30", "close_date: 2027-06-30\nforecast: best_case", 1), "2026-12-01", none, ""},
		{"severest first", deal("develop", "2026-11-15", "2026-12-10"), "2026-12-01", attention.Facts{DaysInStage: 90, Slips: 1}, "closePassed:error slipped:warning rotting:warning"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reasons(t, cfg, tt.src, tt.today, tt.facts); got != tt.want {
				t.Errorf("reasons = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestReasonsFollowTheStage: missing roles and a missing coach count
// where the stage requires them, at the stage's severity, as the lint
// reports them.
func TestReasonsFollowTheStage(t *testing.T) {
	cfg, err := config.Parse("deals.config.yaml", []byte("stages:\n  - {id: prospect, probability: 5}\n  - id: develop\n    probability: 35\n    requires: [players-roles, {rule: players-coach, severity: warning}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	src := strings.NewReplacer("STAGE", "develop", "CLOSE", "2027-06-30", "NEXT", "2026-12-10", "complexity: simple", "complexity: complex").Replace(base)
	if got, want := reasons(t, cfg, src, "2026-12-01", attention.Facts{DaysInStage: -1}), "missingRoles:error noCoach:warning"; got != want {
		t.Errorf("at develop: %q, want %q", got, want)
	}
	if got := reasons(t, cfg, strings.Replace(src, "stage: develop", "stage: prospect", 1), "2026-12-01", attention.Facts{DaysInStage: -1}); got != "" {
		t.Errorf("at prospect: %q", got)
	}
}

// TestRank: the most severe first, then the most at stake; deals that
// need nothing are left out.
func TestRank(t *testing.T) {
	r := func(sev lint.Severity) []attention.Reason {
		return []attention.Reason{{Kind: attention.Overdue, Severity: sev}}
	}
	items := []attention.Item[string]{
		{Deal: "small error", Reasons: r(lint.Error), Weighted: 10, Title: "b"},
		{Deal: "big warning", Reasons: r(lint.Warning), Weighted: 1000, Title: "a"},
		{Deal: "fine", Weighted: 5000, Title: "c"},
		{Deal: "big error", Reasons: r(lint.Error), Weighted: 500, Title: "d"},
	}
	var got []string
	for _, it := range attention.Rank(items) {
		got = append(got, it.Deal)
	}
	if want := "big error,small error,big warning"; strings.Join(got, ",") != want {
		t.Errorf("Rank = %v, want %s", got, want)
	}
}
