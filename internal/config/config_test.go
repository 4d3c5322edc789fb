package config_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/source"
)

func TestDefault(t *testing.T) {
	c := config.Default()
	checks := []struct {
		name      string
		got, want any
	}{
		{"stages", len(c.Stages), 7},
		{"first stage", c.Stages[0].ID, "prospect"},
		{"won is closed", func() bool { s, _ := c.Stage("won"); return s.Open() }(), false},
		{"develop is open", func() bool { s, _ := c.Stage("develop"); return s.Open() }(), true},
		{"stage index", c.StageIndex("propose"), 3},
		{"unknown stage index", c.StageIndex("nope"), -1},
		{"large complex roles", fmt.Sprint(c.RequiredRolesFor("large", "complex")), "[decision_maker user technical influencer]"},
		{"small simple roles", fmt.Sprint(c.RequiredRolesFor("small", "simple")), "[decision_maker]"},
		{"review age", c.ReviewMaxAgeDays, 30},
		{"base currency", c.Currency.Base, "USD"},
		{"base converts", func() float64 { v, _ := c.Convert(10, "USD"); return v }(), 10.0},
		{"no currency is base", func() float64 { v, _ := c.Convert(10, ""); return v }(), 10.0},
		{"unknown currency", func() bool { _, ok := c.Convert(10, "EUR"); return ok }(), false},
	}
	for _, tt := range checks {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	src := `stages:
  - id: lead
    probability: 10
  - id: deal
    name: Deal
    probability: 50
    requires: [assess, players-coach]
  - id: signed
    probability: 100
    outcome: won
review_max_age_days: 14
currency:
  base: EUR
  rates:
    USD: 0.9
team:
  - id: ann
    name: Ann
    manager: bo
    region: EMEA
  - id: bo
    name: Bo
rules:
  players-coach: warning
exclude: ["templates/*.yaml"]
`
	c, err := config.Parse("repo/deals.config.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c.Root != "repo" || len(c.Stages) != 3 || c.Stages[0].Name != "lead" || c.Stages[1].Requires[1].Name != "players-coach" {
		t.Errorf("stages decoded wrong: %+v", c.Stages)
	}
	if pos := c.Stages[1].Requires[1].Pos; pos.Line != 7 || pos.Col != 24 {
		t.Errorf("requires position = %v", pos)
	}
	if c.ReviewMaxAgeDays != 14 || c.PlayerMaxAgeDays != 90 {
		t.Errorf("ages: %d %d", c.ReviewMaxAgeDays, c.PlayerMaxAgeDays)
	}
	if v, ok := c.Convert(100, "USD"); !ok || v != 90 {
		t.Errorf("convert = %v %v", v, ok)
	}
	if m, ok := c.Member("ann"); !ok || m.Manager != "bo" || m.Region != "EMEA" {
		t.Errorf("member = %+v", m)
	}
	if c.Rules["players-coach"].Severity != "warning" || len(c.Exclude) != 1 {
		t.Errorf("rules %v exclude %v", c.Rules, c.Exclude)
	}
	if len(c.RequiredRoles) != 6 {
		t.Errorf("required roles not defaulted: %v", c.RequiredRoles)
	}
}

// TestRequiresWithSeverity: an item of requires is a plain name or a
// mapping that names a rule or a step and its severity at the stage.
func TestRequiresWithSeverity(t *testing.T) {
	src := `stages:
  - id: develop
    probability: 35
    requires:
      - assess
      - {rule: players-coach, severity: warning}
      - step: close
        severity: info
`
	c, err := config.Parse("deals.config.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	req := c.Stages[0].Requires
	got := fmt.Sprintf("%s/%s/%s/%s %s/%s/%s/%s %s/%s/%s/%s",
		req[0].Name, req[0].Rule.Name, req[0].Step.Name, req[0].Severity,
		req[1].Name, req[1].Rule.Name, req[1].Step.Name, req[1].Severity,
		req[2].Name, req[2].Rule.Name, req[2].Step.Name, req[2].Severity)
	if want := "assess/// players-coach/players-coach//warning close//close/info"; got != want {
		t.Errorf("requires = %s, want %s", got, want)
	}
	for i, want := range []source.Pos{{Line: 5, Col: 9}, {Line: 6, Col: 16}, {Line: 7, Col: 15}} {
		if req[i].Pos != want {
			t.Errorf("item %d at %v, want %v", i+1, req[i].Pos, want)
		}
	}
	if req[1].SeverityAt != (source.Pos{Line: 6, Col: 41}) || req[2].SeverityAt != (source.Pos{Line: 8, Col: 19}) {
		t.Errorf("severities at %v and %v", req[1].SeverityAt, req[2].SeverityAt)
	}
}

// TestDistinctRoles: distinct defaults to true for large accounts, whether
// the row is a default or written without it, and is what the file says
// otherwise.
func TestDistinctRoles(t *testing.T) {
	distinct := func(c *config.Config, size deal.Size, complexity deal.Complexity) bool {
		r, ok := c.RoleRequirementFor(size, complexity)
		if !ok {
			t.Fatalf("no row for %s %s", size, complexity)
		}
		return r.Distinct
	}
	d := config.Default()
	for _, row := range d.RequiredRoles {
		if row.Distinct != (row.Size == deal.Large) {
			t.Errorf("default %s %s: distinct %v", row.Size, row.Complexity, row.Distinct)
		}
	}
	c, err := config.Parse("deals.config.yaml", []byte(`required_roles:
  - {size: large, complexity: complex, roles: [decision_maker, influencer]}
  - {size: large, complexity: simple, roles: [decision_maker, influencer], distinct: false}
  - {size: medium, complexity: complex, roles: [decision_maker, technical]}
  - {size: small, complexity: complex, roles: [decision_maker, technical], distinct: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		size       deal.Size
		complexity deal.Complexity
		want       bool
	}{{deal.Large, deal.Complex, true}, {deal.Large, deal.Simple, false}, {deal.Medium, deal.Complex, false}, {deal.Small, deal.Complex, true}} {
		if got := distinct(c, tt.size, tt.complexity); got != tt.want {
			t.Errorf("%s %s: distinct %v, want %v", tt.size, tt.complexity, got, tt.want)
		}
	}
}

// TestOnlyComments: a configuration with every setting commented out is
// the defaults, not an empty deal.
func TestOnlyComments(t *testing.T) {
	for _, src := range []string{"", "# language: zh\n#stages: []\n"} {
		c, err := config.Parse("deals.config.yaml", []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if c.File != "deals.config.yaml" || len(c.Stages) != len(config.Default().Stages) {
			t.Errorf("%q: got %+v, want the defaults read from the file", src, c)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		contains  string
	}{
		{"unknown key", "review_max_age: 10\n", 1, 1, `unknown field "review_max_age"`},
		{"bad probability", "stages:\n  - id: a\n    probability: 120\n", 3, 18, "100 or less"},
		{"syntax", "stages: [\n", 1, 1, "invalid YAML"},
		{"duplicate stage", "stages:\n  - id: a\n    probability: 1\n  - id: a\n    probability: 2\n", 4, 5, `stage "a" is listed twice`},
		{"no open stage", "stages:\n  - id: w\n    probability: 100\n    outcome: won\n", 2, 5, "at least one stage must be open"},
		{"unknown manager", "team:\n  - id: a\n    name: A\n    manager: z\n", 2, 5, `manager "z" is not in the team`},
		{"management cycle", "team:\n  - id: a\n    name: A\n    manager: b\n  - id: b\n    name: B\n    manager: a\n", 2, 5, "own manager"},
		{"duplicate member", "team:\n  - id: a\n    name: A\n  - id: a\n    name: B\n", 4, 5, `"a" is listed twice`},
		{"duplicate role row", "required_roles:\n  - {size: small, complexity: simple, roles: [user]}\n  - {size: small, complexity: simple, roles: [coach]}\n", 3, 5, "twice"},
		{"base rate", "currency:\n  base: USD\n  rates:\n    USD: 2\n", 1, 1, "must be 1"},
		{"bad severity", "rules:\n  x: loud\n", 2, 6, "not a valid value"},
		{"bad stage severity", "stages:\n  - id: a\n    probability: 1\n    requires: [{rule: x, severity: loud}]\n", 4, 36, "not a valid value"},
		{"a stage cannot turn a rule off", "stages:\n  - id: a\n    probability: 1\n    requires: [{rule: x, severity: off}]\n", 4, 36, "not a valid value"},
		{"a number in requires", "stages:\n  - id: a\n    probability: 1\n    requires: [5]\n", 4, 16, "must be text, not a number"},
		{"a mapping without a severity", "stages:\n  - id: a\n    probability: 1\n    requires: [{rule: x}]\n", 4, 16, "severity"},
		{"a mapping with rule and step", "stages:\n  - id: a\n    probability: 1\n    requires:\n      - {rule: x, step: players, severity: info}\n", 5, 25, "either a rule or a step, not both"},
		{"a mapping with neither", "stages:\n  - id: a\n    probability: 1\n    requires:\n      - severity: info\n", 5, 9, "names the rule (rule: ID) or the step (step: STEP)"},
		{"a target for someone not in the team", "team:\n  - {id: alice, name: Alice}\ntargets:\n  alcie: {2027-Q1: 100}\n", 4, 3, `"alcie", who is not in the team (did you mean "alice"?)`},
		{"a target period that is not one", "team:\n  - {id: alice, name: Alice}\ntargets:\n  alice: {2027-Q5: 100}\n", 4, 11, "2027-Q5"},
		{"a target of nothing", "team:\n  - {id: alice, name: Alice}\ntargets:\n  alice: {2027-01: 0}\n", 4, 20, "more than 0"},
		{"a forecast category that is not one", "stages:\n  - id: a\n    probability: 1\n    forecast: maybe\n", 4, 15, "commit"},
		{"an exclude glob path.Match cannot read", "exclude: ['archive/*', '[']\n", 1, 24, `exclude "[" is not a valid pattern`},
		{"a rate's currency in lower case", "currency:\n  base: EUR\n  rates: {usd: 1.1}\n", 3, 11, `"usd" is not a valid key of rates: write it in capitals, "USD"`},
		{"a rate's currency that is not a code", "currency:\n  base: EUR\n  rates: {dollars: 1.1}\n", 3, 11, `"dollars" is not a valid key of rates: use a three-letter ISO 4217`},
		{"an unknown key in a mapping", "stages:\n  - id: a\n    probability: 1\n    requires: [{rule: x, severity: info, stage: a}]\n", 4, 42, `unknown field "stage"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Parse("deals.config.yaml", []byte(tt.src))
			var se *source.Error
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *source.Error", err)
			}
			if se.File != "deals.config.yaml" || se.Line != tt.line || se.Col != tt.col || !strings.Contains(se.Msg, tt.contains) {
				t.Errorf("got %v; want %d:%d containing %q", err, tt.line, tt.col, tt.contains)
			}
		})
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "repo", ".git"), 0o755)
	os.MkdirAll(filepath.Join(root, "repo", "deals", "emea"), 0o755)
	os.WriteFile(filepath.Join(root, config.FileName), []byte("{}\n"), 0o644)
	if got := config.Find(filepath.Join(root, "repo", "deals", "emea")); got != "" {
		t.Errorf("found %q above the git work tree", got)
	}
	os.WriteFile(filepath.Join(root, "repo", config.FileName), []byte("{}\n"), 0o644)
	got := config.Find(filepath.Join(root, "repo", "deals", "emea"))
	if filepath.Base(got) != config.FileName || !strings.Contains(got, "repo") {
		t.Errorf("Find = %q", got)
	}
	file := filepath.Join(root, "repo", "deals", "emea", "x.yaml")
	os.WriteFile(file, []byte("id: x\n"), 0o644)
	if got2 := config.Find(file); got2 != got {
		t.Errorf("Find from a file = %q, want %q", got2, got)
	}
}

func TestExampleConfig(t *testing.T) {
	data, err := os.ReadFile("../../examples/deals.config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) ([]byte, error) { return os.ReadFile("../../examples/" + name) }
	c, err := config.ParseWith("deals.config.yaml", data, read)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TeamRules) == 0 {
		t.Error("the examples include no team rules")
	}
}
