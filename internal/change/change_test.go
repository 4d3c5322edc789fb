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
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/movement"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/report"
	"github.com/dealsascode/deals/internal/source"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const today = "2026-11-26"

var (
	en = i18n.UI().Printer(i18n.English)
	zh = i18n.UI().Printer(i18n.Chinese)
)

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

// TestCompareBrokenIsNotFixed: a deal that no longer parses has fixed
// nothing; its old findings are not checked, so not counted as fixed.
func TestCompareBrokenIsNotFixed(t *testing.T) {
	d, _ := deal.Parse("deals/acme.yaml", []byte(acme))
	finding := lint.Finding{File: d.File, Rule: "players-coach", Severity: lint.Error, Message: "no coach"}
	broken := &source.Error{File: d.File, Pos: source.Pos{Line: 2, Col: 8}, Msg: "invalid YAML"}
	parseFinding := lint.Finding{File: d.File, Rule: lint.RuleParse, Severity: lint.Error, Message: "invalid YAML"}
	old := &change.Version{File: d.File, Deal: d, Findings: []lint.Finding{finding}}
	new := &change.Version{File: d.File, Problems: []*source.Error{broken}, Findings: []lint.Finding{parseFinding}}
	diff := change.Compare(old, new, config.Default(), today)
	if diff.Unreadable == nil || len(diff.FixedFindings) != 0 || len(diff.NewFindings) != 1 {
		t.Errorf("unreadable %v, fixed %v, new %v: want the file unreadable, its parse error new and nothing fixed", diff.Unreadable, diff.FixedFindings, diff.NewFindings)
	}
}

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
	// Its first slip, numbered in the same pass over the history as acme's second.
	r.Write("deals/emea-moved.yaml", strings.NewReplacer("id: acme", "id: moved", "ACME ERP", "Moved deal", "close_date: 2027-03-31", "close_date: 2027-04-30").Replace(acme))
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
		{"amount", a.Amount.From + " → " + a.Amount.To, "1.2M CNY → 1.5M CNY"},
		{"slip", fmt.Sprintf("%v %d", a.Close.Slip, a.Close.SlipNumber), "true 2"},
		{"a renamed deal's first slip", fmt.Sprint(byID["moved"].Close), "&{2027-03-31 2027-04-30 true 1}"},
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
	if s := a.Summary(en); !strings.Contains(s, "close date slipped 2027-03-31 → 2027-05-15 (2nd slip)") {
		t.Errorf("summary: %s", s)
	}
	found := false
	for _, f := range a.NewFindings {
		found = found || f.Rule == "players-coach"
	}
	if !found {
		t.Errorf("losing the coach is not a new finding: %v", a.NewFindings)
	}
	rel := func(s string) string { return strings.ReplaceAll(s, r.Dir+string(filepath.Separator), "") }
	// The report's formats, on this diff, in every language (their goldens
	// are kept here, beside the repository they are made from): the
	// findings are the linter's, in the same language as the summaries.
	for _, lang := range i18n.Langs {
		rep := rep
		if lang != i18n.English {
			linter, _ := lint.New(cfg, today)
			rep, err = change.Between(change.Options{Repo: repo, Base: base, Head: head, BaseLabel: "main", HeadLabel: "feature",
				Paths: []string{filepath.Join(r.Dir, "deals")}, Config: cfg, Linter: linter.WithLang(lang), Today: today})
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, format := range report.DiffFormats {
			t.Run(string(lang)+"/"+format, func(t *testing.T) {
				var buf bytes.Buffer
				out, err := report.New(format, report.Options{Lang: lang})
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
				name := "diff." + format
				if lang != i18n.English {
					name = "diff." + string(lang) + "." + format
				}
				path := filepath.Join("testdata", name)
				if *update {
					os.WriteFile(path, []byte(got), 0o644)
				}
				want, _ := os.ReadFile(path)
				if got != string(want) {
					t.Errorf("%s output differs from %s (go test -update):\n%s", format, path, got)
				}
			})
		}
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

// TestSummaryWords: every part of a summary and the headline in English
// and in Chinese, with the catalog's words for roles, attitudes and
// influence.
func TestSummaryWords(t *testing.T) {
	warning := lint.Finding{Severity: lint.Warning, Rule: "plan-overdue", Message: "overdue"}
	broken := &source.Error{File: "deals/x.yaml", Pos: source.Pos{Line: 1, Col: 5}, Msg: "the file is empty: a deal file holds one YAML mapping (key: value lines)", Key: "source.empty"}
	for _, tc := range []struct {
		name   string
		diff   change.Diff
		en, zh string
	}{
		{"stage forward, amount, slip",
			change.Diff{Kind: "modified", Title: "ACME ERP", Stage: &change.StageMove{From: "develop", To: "propose", Forward: true},
				Amount: &change.Pair{From: "1.2M CNY", To: "1.5M CNY"}, Close: &change.CloseMove{From: "2027-03-31", To: "2027-05-15", Slip: true, SlipNumber: 3}},
			"ACME ERP: develop → propose, amount 1.2M CNY → 1.5M CNY, close date slipped 2027-03-31 → 2027-05-15 (3rd slip)",
			"ACME ERP：develop → propose，金额 1.2M CNY → 1.5M CNY，成交日期推迟 2027-03-31 → 2027-05-15（第 3 次推迟）"},
		{"back, set, earlier",
			change.Diff{Kind: "modified", Title: "T", Stage: &change.StageMove{From: "propose", To: "develop"},
				Amount: &change.Pair{To: "5k USD"}, Close: &change.CloseMove{From: "2027-05-15", To: "2027-03-31"}},
			"T: moved back propose → develop, amount set to 5k USD, close date moved earlier 2027-05-15 → 2027-03-31",
			"T：退回 propose → develop，金额设为 5k USD，成交日期提前 2027-05-15 → 2027-03-31"},
		{"removed values, 11th slip",
			change.Diff{Kind: "renamed", OldFile: "deals/old.yaml", Title: "T", Amount: &change.Pair{From: "5k USD"}, Close: &change.CloseMove{From: "2027-05-15", To: "2027-06-15", Slip: true, SlipNumber: 11}},
			"T: moved from deals/old.yaml, amount removed (was 5k USD), close date slipped 2027-05-15 → 2027-06-15 (11th slip)",
			"T：从 deals/old.yaml 移来，删除了金额（原为 5k USD），成交日期推迟 2027-05-15 → 2027-06-15（第 11 次推迟）"},
		{"key players",
			change.Diff{Kind: "modified", Title: "T", Players: change.PlayerChanges{
				Added:   []change.Player{{Name: "王芳", Title: "CFO", Roles: []string{"decision_maker", "technical"}, Attitude: "supporter"}, {Name: "Chen"}},
				Removed: []change.Player{{Name: "Li"}},
				Changed: []change.PlayerChange{{Name: "Chen", Field: "attitude", To: "skeptic"}, {Name: "Ops", Field: "roles", From: "coach, user", To: "user"}, {Name: "Ops", Field: "influence", From: "low", To: "high"}},
			}},
			"T: +2 key players (CFO 王芳: decision maker, technical gatekeeper, supporter; Chen), −1 key player (Li), Chen's attitude none → skeptic, Ops's roles coach, user → user, Ops's influence low → high",
			"T：新增 2 位关键人（王芳（CFO）：决策者、技术把关者、支持者；Chen），移除 1 位关键人（Li），Chen 的态度 无 → 怀疑者，Ops 的角色 教练、使用者 → 使用者，Ops 的影响力 低 → 高"},
		{"actions, score, findings",
			change.Diff{Kind: "modified", Title: "T", Actions: change.ActionChanges{Added: []string{"a", "b"}, Completed: []string{"c"}, NewlyOverdue: []string{"d"}},
				ScoreBefore: 40, ScoreAfter: 55, NewFindings: []lint.Finding{warning, {Severity: lint.Error, Rule: "players-coach", Message: "no coach"}}, FixedFindings: []lint.Finding{warning}},
			"T: +2 actions, 1 action done, 1 action newly overdue, completeness 40% → 55%, 1 new error, 1 new warning (overdue [plan-overdue], and 1 more), 1 finding fixed",
			"T：新增 2 项行动，完成 1 项行动，新增 1 项逾期行动，完整度 40% → 55%，1 个新错误，1 个新警告（overdue [plan-overdue]，另有 1 条），修正了 1 个问题"},
		{"new deal",
			change.Diff{Kind: "added", Title: "T", ScoreAfter: 12, NewFindings: []lint.Finding{warning}},
			"T: new deal, completeness 12%, 1 new warning (overdue [plan-overdue])",
			"T：新商机，完整度 12%，1 个新警告（overdue [plan-overdue]）"},
		{"unreadable, named by its file",
			change.Diff{Kind: "added", File: "deals/x.yaml", Unreadable: broken, NewFindings: []lint.Finding{warning}},
			"deals/x.yaml: new deal, cannot be read: deals/x.yaml:1:5: the file is empty: a deal file holds one YAML mapping (key: value lines)",
			"deals/x.yaml：新商机，无法读取：deals/x.yaml:1:5: 文件是空的：一个商机文件要写一组 YAML 字段（“键: 值”的行）"},
		{"removed", change.Diff{Kind: "removed", Title: "T", ScoreBefore: 50}, "T: removed", "T：已删除"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.diff.Summary(en); got != tc.en {
				t.Errorf("English:\n got %s\nwant %s", got, tc.en)
			}
			if got := tc.diff.Summary(zh); got != tc.zh {
				t.Errorf("Chinese:\n got %s\nwant %s", got, tc.zh)
			}
		})
	}

	errFinding := lint.Finding{Severity: lint.Error}
	for _, tc := range []struct {
		diffs  []change.Diff
		en, zh string
	}{
		{nil, "No deal changed.", "没有商机变化。"},
		{[]change.Diff{{Kind: "added"}}, "1 deal changed: 1 added.", "1 个商机有变化：新增 1 个。"},
		{[]change.Diff{{Kind: "added", NewFindings: []lint.Finding{errFinding, errFinding}}, {Kind: "modified", FixedFindings: []lint.Finding{warning}}, {Kind: "removed"}},
			"3 deals changed: 1 added, 1 modified, 1 removed. Lint: 2 new errors, 1 finding fixed.",
			"3 个商机有变化：新增 1 个、修改 1 个、删除 1 个。检查结果：2 个新错误，修正了 1 个问题。"},
		{[]change.Diff{{Kind: "renamed", NewFindings: []lint.Finding{errFinding}}}, "1 deal changed: 1 renamed. Lint: 1 new error.", "1 个商机有变化：移动 1 个。检查结果：1 个新错误。"},
		{[]change.Diff{{Kind: "modified", FixedFindings: []lint.Finding{warning, warning}}}, "1 deal changed: 1 modified. Lint: 2 findings fixed.", "1 个商机有变化：修改 1 个。检查结果：修正了 2 个问题。"},
	} {
		rep := &change.Report{Diffs: tc.diffs}
		if got := rep.Headline(en); got != tc.en {
			t.Errorf("English headline:\n got %s\nwant %s", got, tc.en)
		}
		if got := rep.Headline(zh); got != tc.zh {
			t.Errorf("Chinese headline:\n got %s\nwant %s", got, tc.zh)
		}
	}
}

// TestMovementOfAChange: the change's movement of this quarter's pipeline
// compares each deal at the base with itself at the head, without the
// commits in between; the deals it leaves alone count at both ends, a
// side that cannot be read moves nothing, a renamed file is the same deal.
func TestMovementOfAChange(t *testing.T) {
	deal := func(id, stage string, amount int, closeDate string) string {
		return fmt.Sprintf("id: %s\ntitle: Deal %s\naccount: {name: %s, size: small}\nproduct: {name: P, complexity: simple}\nowner: li-na\nstage: %s\namount: {value: %d, currency: CNY}\nclose_date: %s\n",
			id, id, id, stage, amount, closeDate)
	}
	r := gittest.New(t, "2026-10-01")
	r.Write("deals.config.yaml", "currency:\n  base: USD\n  rates:\n    CNY: 0.5\n")
	r.Write("deals/out.yaml", deal("out", "propose", 1000, "2026-12-15"))
	r.Write("deals/won.yaml", deal("won", "negotiate", 2000, "2026-11-30"))
	r.Write("deals/grow.yaml", deal("grow", "develop", 400, "2026-12-01"))
	r.Write("deals/in.yaml", deal("in", "develop", 600, "2027-02-01"))
	r.Write("deals/same.yaml", deal("same", "qualify", 800, "2026-10-20"))
	r.Write("deals/broken.yaml", deal("broken", "qualify", 100, "2026-12-01"))
	r.Write("deals/old-name.yaml", deal("moved", "qualify", 200, "2026-12-02"))
	r.Write("deals/gone.yaml", deal("gone", "qualify", 300, "2026-12-03"))
	base := r.Commit("Li Na", "li@example.com", "start")
	r.Write("deals/out.yaml", deal("out", "propose", 1000, "2027-01-15"))
	r.Write("deals/won.yaml", deal("won", "won", 2000, "2026-11-30"))
	r.Write("deals/grow.yaml", deal("grow", "develop", 500, "2026-12-01"))
	r.Write("deals/in.yaml", deal("in", "develop", 600, "2026-12-20"))
	r.Write("deals/broken.yaml", "id: [broken\n")
	r.Git("mv", "deals/old-name.yaml", "deals/new-name.yaml")
	r.Git("rm", "-q", "deals/gone.yaml")
	r.Write("deals/new.yaml", deal("new", "prospect", 50, "2026-12-31"))
	head := r.Commit("Li Na", "li@example.com", "the change")

	cfg, err := repo.LoadConfig(filepath.Join(r.Dir, "deals.config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	linter, _ := lint.New(cfg, today)
	hr, err := history.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	between := func(head string, todayV string) *change.Report {
		t.Helper()
		rep, err := change.Between(change.Options{Repo: hr, Base: base, Head: head, BaseLabel: "main", HeadLabel: "feature",
			Paths: []string{filepath.Join(r.Dir, "deals")}, Config: cfg, Linter: linter, Today: todayV, Movement: true})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	want := map[movement.Bar]string{
		movement.Start:     "won:1000 out:500 same:400 grow:200 gone:150 moved:100 broken:50",
		movement.New:       "new:25",
		movement.PulledIn:  "in:300",
		movement.PushedOut: "out:500",
		movement.Increased: "grow:50",
		movement.Decreased: "",
		movement.Won:       "won:1000",
		movement.Lost:      "gone:150",
		movement.End:       "same:400 in:300 grow:250 moved:100 broken:50 new:25",
	}
	check := func(name string, m *movement.Report) {
		t.Helper()
		if m == nil {
			t.Fatalf("%s: no movement", name)
		}
		if m.Window.Name != "2026-Q4" {
			t.Errorf("%s: the window is %s", name, m.Window.Name)
		}
		for _, bar := range movement.Bars {
			var got []string
			for _, e := range m.Total.Deals[bar] {
				got = append(got, fmt.Sprintf("%s:%g", e.ID, e.Amount))
			}
			if strings.Join(got, " ") != want[bar] {
				t.Errorf("%s %s: %s, want %s", name, bar, strings.Join(got, " "), want[bar])
			}
		}
		if m.Total.Sum() != m.Total.Amounts[movement.End] || m.Total.Amounts[movement.End] != 1125 {
			t.Errorf("%s: the waterfall does not add up to 1125: %v", name, m.Total.Amounts)
		}
		if e := m.Total.Deals[movement.PushedOut][0]; e.Why != "close" || e.From != "2026-12-15" || e.To != "2027-01-15" {
			t.Errorf("%s: pushed out because %s %s → %s", name, e.Why, e.From, e.To)
		}
	}
	check("two commits", between(head, today).Movement)

	// The head in the work tree, with nothing committed: the same.
	r.Git("reset", "-q", "--soft", base)
	check("work tree", between("", today).Movement)

	// Nothing in the window moved: no movement; nor without being asked.
	if m := between(head, "2027-07-01").Movement; m != nil {
		t.Errorf("2027-Q3 moved: %+v", m.Total.Amounts)
	}
	rep, _ := change.Between(change.Options{Repo: hr, Base: base, Head: head, Paths: []string{filepath.Join(r.Dir, "deals")}, Config: cfg, Linter: linter, Today: today})
	if rep.Movement != nil {
		t.Error("a movement read though Options.Movement is not set")
	}
}
