package lint_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/source"
)

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name, config string
		line, col    int
		contains     string
	}{
		{"unknown rule", "rules:\n  players-coahc: warning\n", 2, 3, `unknown rule "players-coahc" in rules (did you mean "players-coach"?)`},
		{"parse cannot be off", "rules:\n  parse: off\n", 2, 3, "cannot be turned off"},
		{"unknown requirement", "stages:\n  - id: a\n    probability: 10\n    requires: [asess]\n", 4, 16, `requires "asess", which is neither a TAS step`},
		{"unknown rule with a severity", "stages:\n  - id: a\n    probability: 10\n    requires:\n      - {rule: players-coahc, severity: warning}\n", 5, 16, `requires rule "players-coahc", which does not exist (did you mean "players-coach"?)`},
		{"unknown step with a severity", "stages:\n  - id: a\n    probability: 10\n    requires:\n      - step: playres\n        severity: info\n", 5, 15, `requires step "playres", which is not a TAS step (assess, compete, players, relationships, plan, review, close) (did you mean "players"?)`},
		{"a rule given as a step", "stages:\n  - id: a\n    probability: 10\n    requires: [{step: players-coach, severity: warning}]\n", 4, 23, `which is a rule, not a TAS step: write rule: players-coach`},
		{"a step given as a rule", "stages:\n  - id: a\n    probability: 10\n    requires: [{rule: players, severity: warning}]\n", 4, 23, `which is a TAS step, not a rule: write step: players`},
		{"a rule required twice", "stages:\n  - id: a\n    probability: 10\n    requires: [players-coach, {rule: players-coach, severity: warning}]\n", 4, 38, "requires players-coach twice"},
		{"a stage severity on a cross-file rule", "stages:\n  - id: a\n    probability: 10\n    requires: [{rule: deal-id-unique, severity: warning}]\n", 4, 49, "a cross-file rule checks all deals at once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Parse("deals.config.yaml", []byte(tt.config))
			if err != nil {
				t.Fatal(err)
			}
			_, err = lint.New(cfg, today)
			var se *source.Error
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *source.Error", err)
			}
			if se.Line != tt.line || se.Col != tt.col || !strings.Contains(se.Msg, tt.contains) {
				t.Errorf("got %v, want %d:%d containing %q", err, tt.line, tt.col, tt.contains)
			}
		})
	}
	// A configuration made in code bypasses the schema; New still refuses
	// a severity a stage cannot set.
	for _, sev := range []config.Severity{"off", "loud"} {
		t.Run("stage severity "+string(sev), func(t *testing.T) {
			cfg := config.Default()
			at := source.Pos{Line: 9, Col: 30}
			cfg.Stages[1].Requires = append(cfg.Stages[1].Requires, config.Requirement{Name: "players-coach", Rule: config.Ref{Name: "players-coach"}, Severity: sev, SeverityAt: at})
			_, err := lint.New(cfg, today)
			var se *source.Error
			if !errors.As(err, &se) || se.Pos != at || !strings.Contains(se.Msg, "stage qualify, players-coach") {
				t.Errorf("err = %v, want one at %v about stage qualify, players-coach", err, at)
			}
		})
	}
	t.Run("bad today", func(t *testing.T) {
		if _, err := lint.New(config.Default(), "26/11/2026"); err == nil {
			t.Error("no error")
		}
	})
}

func TestSeverityOverrides(t *testing.T) {
	src := edit(t, complete(t), "roles: [technical, coach]", "roles: [technical]", "      type: no_decision", "      type: in_house")
	tests := []struct {
		name, config string
		rule         string
		want         lint.Severity
		present      bool
	}{
		{"default", "", "players-coach", lint.Error, true},
		{"lowered", "rules:\n  players-coach: warning\n", "players-coach", lint.Warning, true},
		{"off", "rules:\n  players-coach: off\n", "players-coach", lint.Off, false},
		{"raised", "rules:\n  compete-no-decision: error\n", "compete-no-decision", lint.Error, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := lintText(t, linter(t, tt.config), src)
			found := false
			for _, f := range res.Findings {
				if f.Rule == tt.rule {
					found = true
					if f.Severity != tt.want {
						t.Errorf("severity = %v, want %v", f.Severity, tt.want)
					}
				}
			}
			if found != tt.present {
				t.Errorf("present = %v, want %v", found, tt.present)
			}
		})
	}
}

// TestStageSeverity: an item of requires can set the severity of its
// findings at the stage; a rule off under rules stays off, a stage's
// severity beats the one under rules, a rule item beats a step item.
func TestStageSeverity(t *testing.T) {
	// No coach, no next step, an influential skeptic nobody works on, a
	// profile without what the CEO cares about.
	base := edit(t, complete(t), "roles: [technical, coach]", "roles: [technical]", "attitude: neutral", "attitude: skeptic", "key_players: [ops]", "key_players: [it]",
		"  next_step:\n    action: Contract review\n    date: 2026-12-03\n    agreed_with: [ceo]\n", "", "    cares_about: [Growth]\n", "")
	at := func(stage string) string { return edit(t, base, "stage: negotiate", "stage: "+stage) }
	severities := func(config, src string) map[string]lint.Severity {
		t.Helper()
		got := map[string]lint.Severity{}
		for _, f := range lintText(t, linter(t, config), src).Findings {
			got[f.Rule] = f.Severity
		}
		return got
	}
	custom := func(requires string) string {
		return "stages:\n  - id: develop\n    probability: 35\n    requires: " + requires + "\n"
	}
	tests := []struct {
		name, config, stage string
		want                map[string]lint.Severity
	}{
		{"warnings at develop", "", "develop", map[string]lint.Severity{"players-coach": lint.Warning, "close-next-step": lint.Warning, "relationships-opponents": lint.Warning, "players-profile": lint.Warning}},
		{"errors from propose", "", "propose", map[string]lint.Severity{"players-coach": lint.Error, "close-next-step": lint.Error, "relationships-opponents": lint.Warning}},
		{"errors at negotiate", "", "negotiate", map[string]lint.Severity{"players-coach": lint.Error, "close-next-step": lint.Error, "relationships-opponents": lint.Warning}},
		{"the stage beats rules", "rules:\n  players-coach: error\n  relationships-opponents: error\n", "develop", map[string]lint.Severity{"players-coach": lint.Warning, "relationships-opponents": lint.Warning}},
		{"rules applies where the stage sets none", "rules:\n  relationships-opponents: error\n", "propose", map[string]lint.Severity{"relationships-opponents": lint.Error}},
		{"off under rules is off everywhere", "rules:\n  players-coach: off\n", "develop", map[string]lint.Severity{"players-coach": lint.Off}},
		{"off under rules, at propose too", "rules:\n  players-coach: off\n", "propose", map[string]lint.Severity{"players-coach": lint.Off}},
		{"a step at a severity", custom("[{step: players, severity: info}]"), "develop", map[string]lint.Severity{"players-coach": lint.Info, "players-profile": lint.Info, "close-next-step": lint.Off}},
		{"a rule item beats its step", custom("[{step: players, severity: info}, {rule: players-coach, severity: error}]"), "develop", map[string]lint.Severity{"players-coach": lint.Error, "players-profile": lint.Info}},
		{"whatever the order", custom("[{rule: players-coach, severity: error}, {step: players, severity: info}]"), "develop", map[string]lint.Severity{"players-coach": lint.Error, "players-profile": lint.Info}},
		{"a plain rule item keeps its own severity", custom("[{step: players, severity: info}, players-coach]"), "develop", map[string]lint.Severity{"players-coach": lint.Error, "players-profile": lint.Info}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := severities(tt.config, at(tt.stage))
			for rule, want := range tt.want {
				if got[rule] != want {
					t.Errorf("%s = %v, want %v (all: %v)", rule, got[rule], want, got)
				}
			}
		})
	}
	t.Run("a hygiene rule stricter at a stage", func(t *testing.T) {
		src := edit(t, at("develop"), "roles: [user]", "roles: [user, coach]") // the skeptic
		if got := severities(custom("[{rule: players-coach-attitude, severity: error}]"), src)["players-coach-attitude"]; got != lint.Error {
			t.Errorf("players-coach-attitude = %v at develop, want error", got)
		}
		if got := severities("", src)["players-coach-attitude"]; got != lint.Warning {
			t.Errorf("players-coach-attitude = %v by default, want warning", got)
		}
	})
	l := linter(t, "")
	if l.SeverityAt("develop", "players-coach") != lint.Warning || l.SeverityAt("propose", "players-coach") != lint.Error || l.Severity("players-coach") != lint.Error {
		t.Errorf("SeverityAt develop %v, propose %v; Severity %v", l.SeverityAt("develop", "players-coach"), l.SeverityAt("propose", "players-coach"), l.Severity("players-coach"))
	}
}

func TestStageRequiresSingleRule(t *testing.T) {
	cfg := "stages:\n  - id: negotiate\n    probability: 80\n    requires: [players-coach]\n"
	src := edit(t, complete(t), "roles: [technical, coach]", "roles: [technical]", "      weaknesses: [No shop-floor module]\n", "")
	res := lintText(t, linter(t, cfg), src)
	var rules []string
	for _, f := range res.Findings {
		rules = append(rules, f.Rule)
	}
	if strings.Join(rules, ",") != "players-coach" {
		t.Errorf("findings = %v, want only players-coach (compete-analysis is not required)", rules)
	}
}

func TestScores(t *testing.T) {
	l := linter(t, "")
	full := lintText(t, l, complete(t)).Score
	for i, s := range full.Steps {
		if s != 100 {
			t.Errorf("complete deal step %d = %d%%", i+1, s)
		}
	}
	bare := lintText(t, l, "id: x\ntitle: t\naccount: {name: A, size: small}\nproduct: {name: P, complexity: simple}\nowner: o\nstage: prospect\n").Score
	if bare.Overall != 0 {
		t.Errorf("bare deal score = %+v, want 0", bare)
	}
	half := lintText(t, l, edit(t, complete(t), "  pains:\n    - pain: Month-end close takes 12 days.\n      solution: Automated reconciliation.\n", "")).Score
	if half.Steps[0] >= 100 || half.Steps[0] <= 0 {
		t.Errorf("assessment without pains and risks scores %d%%", half.Steps[0])
	}
	if full.Deal != 100 || full.Overall != 100 {
		t.Errorf("complete deal = %+v, want 100 for the deal and overall", full)
	}
	// An amount of 0 in the forecast: every step complete, the deal not.
	zero := lintText(t, l, edit(t, complete(t), "value: 1200000", "value: 0")).Score
	if zero.Deal != 0 || zero.Overall >= 100 || zero.Overall != 7*100/8 {
		t.Errorf("amount 0 at negotiate scores %+v, want deal 0 and overall %d", zero, 7*100/8)
	}
	for i, s := range zero.Steps {
		if s != 100 {
			t.Errorf("amount 0: step %d = %d%%, want 100", i+1, s)
		}
	}
	// Measured against the full blue sheet: a prospect without an amount
	// is not complete either, though nothing is reported.
	prospect := lintText(t, l, edit(t, complete(t), "stage: negotiate", "stage: prospect", "amount:\n  value: 1200000\n  currency: USD\n", ""))
	if prospect.Score.Deal != 0 || len(prospect.Findings) != 0 {
		t.Errorf("prospect without amount: %+v, findings %v", prospect.Score, prospect.Findings)
	}
	invalid := lintText(t, l, "id: x\n")
	if invalid.Score.Overall != 0 || len(invalid.Findings) == 0 || invalid.Findings[0].Rule != lint.RuleSchema {
		t.Errorf("invalid deal: %+v", invalid)
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := complete(t)
	a := write("a.yaml", good)
	b := write("b.yaml", good)
	broken := write("c.yaml", "id: [\n")
	folder := filepath.Join(dir, "d.yaml")
	os.Mkdir(folder, 0o755)
	rep := run(t, linter(t, ""), []string{a, b, broken, folder}, nil, nil)
	if rep.Files != 4 || len(rep.Deals) != 2 {
		t.Errorf("files = %d, deals = %d", rep.Files, len(rep.Deals))
	}
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Error(), "d.yaml: cannot read") {
		t.Errorf("errors = %v", rep.Errors)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, filepath.Base(f.File)+":"+f.Rule)
	}
	if want := "a.yaml:deal-id-unique b.yaml:deal-id-unique c.yaml:parse"; strings.Join(got, " ") != want {
		t.Errorf("findings = %v, want %s", got, want)
	}
	if !rep.Fails(lint.Error) || rep.Fails(lint.Off) || rep.Count(lint.Error) != 3 {
		t.Errorf("Fails/Count wrong: %d errors", rep.Count(lint.Error))
	}
	mixed := &lint.Result{Findings: []lint.Finding{{Rule: "a", Severity: lint.Info}, {Rule: "b", Severity: lint.Error}, {Rule: "c", Severity: lint.Warning}, {Rule: "d", Severity: lint.Error}}}
	if mixed.Keep(lint.Error); len(mixed.Findings) != 2 || mixed.Findings[0].Rule != "b" || mixed.Findings[1].Rule != "d" || !mixed.Fails(lint.Warning) {
		t.Errorf("Keep(Error) kept %v", mixed.Findings)
	}
	// A cross-file finding names the id; a file that is not YAML has no fields.
	if rep.Findings[0].Field != "id" || rep.Findings[1].Field != "id" || rep.Findings[2].Field != "" {
		t.Errorf("fields = %q, %q, %q, want id, id and none", rep.Findings[0].Field, rep.Findings[1].Field, rep.Findings[2].Field)
	}
	if !strings.Contains(rep.Findings[0].Message, "also used by "+b) || !strings.Contains(rep.Findings[1].Message, "also used by "+a) {
		t.Errorf("duplicate messages %q, %q do not name the other file", rep.Findings[0].Message, rep.Findings[1].Message)
	}
}

// TestDuplicateIDs: every file carrying a shared id is reported, naming
// the others, whichever files a run reports on and in whatever order they
// come.
func TestDuplicateIDs(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, name := range []string{"1.yaml", "2.yaml", "3.yaml"} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(complete(t)), 0o644)
		files = append(files, p)
	}
	other := filepath.Join(dir, "4.yaml")
	os.WriteFile(other, []byte(strings.Replace(complete(t), "id: acme-erp", "id: other-deal", 1)), 0o644)
	all := append(append([]string(nil), files...), other)
	for _, lang := range []struct {
		lang i18n.Lang
		text string
	}{{i18n.English, `deal id "acme-erp" is also used by %s and %s`}, {i18n.Chinese, `商机 id "acme-erp" 也被 %s和%s 使用`}} {
		rep := run(t, linter(t, "").WithLang(lang.lang), all, nil, nil)
		if n := rep.Count(lint.Error); n != 3 {
			t.Errorf("3 deals with one id: %d errors, want 3 (one on each)", n)
		}
		for i, f := range rep.Findings {
			rest := slices.Delete(slices.Clone(files), i, i+1)
			if want := fmt.Sprintf(lang.text, rest[0], rest[1]); f.File != files[i] || f.Pos != (source.Pos{Line: 1, Col: 5}) || !strings.Contains(f.Message, want) {
				t.Errorf("%s: finding %d = %s, want it on %s at 1:5 containing %q", lang.lang, i, f, files[i], want)
			}
		}
	}
	// Reporting on some files only (--new-from-rev): each of them that
	// carries the id gets its finding, the first file as much as a later one.
	for _, reported := range [][]string{{files[0]}, {files[2]}, {files[0], files[1], other}} {
		only := map[string]bool{}
		for _, f := range reported {
			only[f] = true
		}
		for _, order := range [][]string{all, {other, files[2], files[1], files[0]}} {
			rep := run(t, linter(t, ""), order, nil, only)
			var got []string
			for _, f := range rep.Findings {
				got = append(got, filepath.Base(f.File))
			}
			var want []string
			for _, f := range reported {
				if f != other {
					want = append(want, filepath.Base(f))
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("reporting %v of %v: findings on %v, want %v", reported, order, got, want)
			}
		}
	}
}

func TestFindingsSorted(t *testing.T) {
	src := edit(t, complete(t), "roles: [technical, coach]", "roles: [technical]", "due: 2026-12-15", "due: 2026-11-01", "close_date: 2027-03-31", "close_date: 2026-01-01")
	res := lintText(t, linter(t, ""), src)
	for i := 1; i < len(res.Findings); i++ {
		a, b := res.Findings[i-1].Pos, res.Findings[i].Pos
		if a.Line > b.Line || (a.Line == b.Line && a.Col > b.Col) {
			t.Errorf("findings out of order: %v before %v", res.Findings[i-1], res.Findings[i])
		}
	}
}

// TestFindingFields: every finding names the field it points at, by the
// path of keys and list items, from the rules' positions and from the
// schema's problems alike.
func TestFindingFields(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // rule=field, in the order of the findings
	}{
		{"rules", edit(t, complete(t), "roles: [technical, coach]", "roles: [technical]", "due: 2026-12-15", "due: 2026-11-01", "close_date: 2027-03-31", "close_date: 2026-01-01"),
			[]string{"deal-close-date=close_date", "players-coach=key_players", "plan-overdue=plan.actions[0].due"}},
		{"schema", "id: x\ntitle: [a]\n",
			[]string{"schema=account", "schema=product", "schema=owner", "schema=stage", "schema=title"}},
		{"schema in a list", edit(t, complete(t), "attitude: champion", "attitude: fan"),
			[]string{"schema=key_players[1].attitude"}},
		{"parse", "id: [x\n", []string{"parse="}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range lintText(t, linter(t, ""), tt.src).Findings {
				got = append(got, f.Rule+"="+f.Field)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("findings %v, want %v", got, tt.want)
			}
		})
	}
}
