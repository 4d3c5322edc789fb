package change_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/change"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/gittest"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const today = "2026-11-26"

const acme = `id: acme
title: ACME ERP
account: {name: ACME, size: medium}
product: {name: Suite, complexity: simple}
owner: li-na
stage: develop
amount: {value: 1200000, currency: CNY}
close_date: 2027-03-31
assessment:
  motivation: {level: high, evidence: COO said so.}
  ability: {level: medium, evidence: Budget approved.}
  pains:
    - pain: Slow close.
      solution: Automation.
  risks:
    - {risk: Freeze, severity: high, probability: low, worst_case: Delay, mitigation: Phase it}
competition:
  competitors:
    - {name: Incumbent, type: vendor, strengths: [Base], weaknesses: [Old]}
    - {name: Status quo, type: no_decision}
  strategies: [service]
  rationale: Local team.
key_players:
  - id: ceo
    name: Chen
    title: CEO
    roles: [decision_maker]
    attitude: neutral
    influence: high
    cares_about: [Growth]
    last_verified: 2026-11-01
  - id: ops
    name: Ops Lead
    title: Plant manager
    roles: [user, coach]
    attitude: supporter
    influence: medium
    cares_about: [Uptime]
    last_verified: 2026-11-01
plan:
  goal: Signed
  strategy: Users first
  actions:
    - {what: Demo, owner: li-na, due: 2026-10-20, status: open}
    - {what: Workshop, owner: li-na, due: 2026-12-20}
  resources: [SE]
  verification: Pilot
`

// TestCompareDealScore: a change of the deal's own part of the score (an
// amount filled in) is listed with the steps, first, as the reason the
// overall score moved.
func TestCompareDealScore(t *testing.T) {
	cfg := config.Default()
	d, problems := deal.Parse("deals/acme.yaml", []byte(acme))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	steps := [7]int{100, 100, 100, 100, 100, 100, 100}
	old := &change.Version{File: d.File, Deal: d, Score: lint.Score{Steps: steps, Deal: 0, Overall: 87}}
	new := &change.Version{File: d.File, Deal: d, Score: lint.Score{Steps: steps, Deal: 100, Overall: 100}}
	diff := change.Compare(old, new, cfg, today)
	if len(diff.Steps) != 1 || diff.Steps[0].Step.ID != lint.StepDeal || diff.Steps[0].Before != 0 || diff.Steps[0].After != 100 {
		t.Errorf("steps = %+v, want the deal's part from 0 to 100", diff.Steps)
	}
	if diff.ScoreBefore != 87 || diff.ScoreAfter != 100 {
		t.Errorf("scores %d -> %d", diff.ScoreBefore, diff.ScoreAfter)
	}
	if same := change.Compare(old, old, cfg, today); len(same.Steps) != 0 {
		t.Errorf("no change lists steps %+v", same.Steps)
	}
}

func TestBetween(t *testing.T) {
	r := gittest.New(t, "2026-10-01")
	r.Write("deals.config.yaml", "currency:\n  base: USD\n  rates:\n    CNY: 0.14\n")
	r.Write("deals/acme.yaml", strings.Replace(acme, "close_date: 2027-03-31", "close_date: 2027-01-31", 1))
	r.Write("deals/gone.yaml", strings.NewReplacer("id: acme", "id: gone", "ACME ERP", "Gone deal").Replace(acme))
	r.Write("deals/moved.yaml", strings.NewReplacer("id: acme", "id: moved", "ACME ERP", "Moved deal").Replace(acme))
	r.Commit("Li Na", "li@example.com", "start")
	r.Write("deals/acme.yaml", acme) // first slip, in the base's history
	base := r.Commit("Li Na", "li@example.com", "acme slips")

	next := strings.NewReplacer(
		"stage: develop", "stage: propose",
		"value: 1200000", "value: 1500000",
		"close_date: 2027-03-31", "close_date: 2027-05-15",
		"roles: [user, coach]", "roles: [user]",
		"attitude: neutral", "attitude: supporter",
		"    - {what: Demo, owner: li-na, due: 2026-10-20, status: open}\n", "    - {what: Demo, owner: li-na, due: 2026-10-20, status: done}\n    - {what: Call CFO, owner: li-na, due: 2026-11-10}\n",
		"  - id: ops\n", "  - id: cfo\n    name: Wang Fang\n    title: CFO\n    roles: [decision_maker]\n    attitude: supporter\n    influence: high\n    cares_about: [Cash]\n    last_verified: 2026-11-20\n  - id: ops\n",
	).Replace(acme)
	r.Write("deals/acme.yaml", next)
	os.Remove(filepath.Join(r.Dir, "deals/gone.yaml"))
	r.Git("mv", "deals/moved.yaml", "deals/emea-moved.yaml")
	r.Write("deals/new.yaml", "id: new\ntitle: New deal\naccount: {name: New Co, size: small}\nproduct: {name: Suite, complexity: simple}\nowner: li-na\nstage: prospect\n")
	r.Write("deals/broken.yaml", "id: [broken\n")
	r.Write("deals/notes-only.yaml", strings.NewReplacer("id: acme", "id: quiet", "ACME ERP", "Quiet deal").Replace(acme))
	r.Write("notes.txt", "not a deal")
	head := r.Commit("Li Na", "li@example.com", "the pull request")
	r.Write("deals/notes-only.yaml", strings.NewReplacer("id: acme", "id: quiet", "ACME ERP", "Quiet deal", "Growth", "Growth and margin").Replace(acme))

	cfg, err := repo.LoadConfig(filepath.Join(r.Dir, "deals.config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	linter, _ := lint.New(cfg, today)
	repo, err := history.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := change.Between(change.Options{Repo: repo, Base: base, Head: head, BaseLabel: "main", HeadLabel: "feature",
		Paths: []string{filepath.Join(r.Dir, "deals")}, Config: cfg, Linter: linter, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]change.Diff{}
	for _, d := range rep.Diffs {
		byID[d.ID] = d
	}
	a := byID["acme"]
	checks := []struct {
		name      string
		got, want any
	}{
		{"stage", fmt.Sprint(a.Stage), "&{develop propose true}"},
		{"amount", fmt.Sprint(a.Amount), "&{1.2M CNY 1.5M CNY}"},
		{"slip", fmt.Sprintf("%v %d", a.Close.Slip, a.Close.SlipNumber), "true 2"},
		{"players added", len(a.Players.Added), 1},
		{"player changes", len(a.Players.Changed), 2},
		{"actions added", strings.Join(a.Actions.Added, ","), "Call CFO"},
		{"actions completed", strings.Join(a.Actions.Completed, ","), "Demo"},
		{"newly overdue", strings.Join(a.Actions.NewlyOverdue, ","), "Call CFO"},
		{"moved", byID["moved"].Kind, "renamed"},
		{"gone", byID["gone"].Kind, "removed"},
		{"new", byID["new"].Kind, "added"},
		{"a similar file with another id is another deal", byID["quiet"].Kind, "added"},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if !strings.Contains(a.Summary(), "close date slipped 2027-03-31 → 2027-05-15 (2nd slip)") {
		t.Errorf("summary: %s", a.Summary())
	}
	found := false
	for _, f := range a.NewFindings {
		found = found || f.Rule == "players-coach"
	}
	if !found {
		t.Errorf("losing the coach is not a new finding: %v", a.NewFindings)
	}
	rel := func(s string) string { return strings.ReplaceAll(s, r.Dir+string(filepath.Separator), "") }
	// The report's formats, on this diff (their goldens are kept here,
	// beside the repository they are made from).
	for _, format := range report.DiffFormats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			out, err := report.New(format, report.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := out.Diff(&buf, rep); err != nil {
				t.Fatal(err)
			}
			// Paths are relative to the folder the test runs in: strip the
			// repository's place so the golden files are stable.
			got := rel(buf.String())
			if cwd, _ := os.Getwd(); cwd != "" {
				got = strings.ReplaceAll(got, mustRel(cwd, r.Dir)+"/", "")
			}
			if format == "json" && !json.Valid([]byte(got)) {
				t.Fatalf("invalid JSON:\n%s", got)
			}
			path := filepath.Join("testdata", "diff."+format)
			if *update {
				os.WriteFile(path, []byte(got), 0o644)
			}
			want, _ := os.ReadFile(path)
			if got != string(want) {
				t.Errorf("%s output differs from %s (go test -update):\n%s", format, path, got)
			}
		})
	}

	t.Run("working tree", func(t *testing.T) {
		rep, err := change.Between(change.Options{Repo: repo, Base: head, BaseLabel: "HEAD", HeadLabel: "working tree",
			Paths: []string{filepath.Join(r.Dir, "deals")}, Config: cfg, Linter: linter, Today: today})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Diffs) != 0 || rep.Unchanged != 1 {
			t.Errorf("a change to cares_about only: %d diffs, %d unchanged", len(rep.Diffs), rep.Unchanged)
		}
	})
}

func mustRel(from, to string) string {
	r, err := filepath.Rel(from, to)
	if err != nil {
		return to
	}
	return filepath.ToSlash(r)
}
