package lint_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
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
	if want := "b.yaml:deal-id-unique c.yaml:parse"; strings.Join(got, " ") != want {
		t.Errorf("findings = %v, want %s", got, want)
	}
	if !rep.Fails(lint.Error) || rep.Fails(lint.Off) || rep.Count(lint.Error) != 2 {
		t.Errorf("Fails/Count wrong: %d errors", rep.Count(lint.Error))
	}
	mixed := &lint.Result{Findings: []lint.Finding{{Rule: "a", Severity: lint.Info}, {Rule: "b", Severity: lint.Error}, {Rule: "c", Severity: lint.Warning}, {Rule: "d", Severity: lint.Error}}}
	if mixed.Keep(lint.Error); len(mixed.Findings) != 2 || mixed.Findings[0].Rule != "b" || mixed.Findings[1].Rule != "d" || !mixed.Fails(lint.Warning) {
		t.Errorf("Keep(Error) kept %v", mixed.Findings)
	}
	// A cross-file finding names the id; a file that is not YAML has no fields.
	if rep.Findings[0].Field != "id" || rep.Findings[1].Field != "" {
		t.Errorf("fields = %q, %q, want id and none", rep.Findings[0].Field, rep.Findings[1].Field)
	}
	if !strings.Contains(rep.Findings[0].Message, "already used by "+a) {
		t.Errorf("duplicate message %q does not name the first file", rep.Findings[0].Message)
	}
}

func TestDuplicateIDs(t *testing.T) {
	l := linter(t, "")
	dir := t.TempDir()
	var files []string
	for _, name := range []string{"1.yaml", "2.yaml", "3.yaml"} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(complete(t)), 0o644)
		files = append(files, p)
	}
	rep := run(t, l, files, nil, nil)
	if n := rep.Count(lint.Error); n != 2 {
		t.Errorf("3 deals with one id: %d errors, want 2 (every copy after the first)", n)
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
