package config_test

import (
	"os"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/source"
)

// FuzzParse feeds the configuration loader arbitrary bytes: it must never
// panic, it returns either a configuration or an error, and every problem
// it reports is a *source.Error positioned in the file.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"", "{}", "[]", "null", "~", "---\n", "a", "\ufeffstages: []\n", "\xff\xfe", "stages: []",
		"stages: [{id: a, outcome: won}]", "stages: [{id: a, probability: 10}, {id: a, probability: 20}]",
		"stages: [{id: a, probability: .nan}]", "stages: [{id: a, probability: 1e400}]",
		"stages: [{id: a, probability: 10}]\nstages: [{id: b, probability: 20}]\n",
		"review_max_age_days: 1\nreview_max_age_days: 2\n", "stages:\n\t- id: a\n", "a:\n\tb: 1\n",
		"rules: {x: y}", "rules: {players-coach: off}", "rules: []",
		"currency: {base: usd, rates: {usd: 1}}", "currency: {base: EUR, rates: {EUR: 2}}",
		"currency: {base: EUR, rates: {USD: 0.9, USD: 1}}", "currency: {rates: {USD: -1}}",
		"team: [{id: a, manager: b}, {id: b, manager: a}]", "team: [{id: a, manager: a}]",
		"team: [{id: a, manager: b}, {id: b, manager: c}, {id: c, manager: b}]",
		"team: [{id: a}, {id: a}]", "team: [{id: a, manager: nobody}]", "team: [{manager: \"\"}]",
		"required_roles: [{size: small, complexity: simple, roles: [user]}, {size: small, complexity: simple, roles: [user]}]",
		"exclude: [\"[\"]", "crm_stages: {Closed Won: won, Negotiation: nope}",
		"stages: &s [{id: a, probability: 1}]\nexclude: *s\n", "team: &t [{id: a}]\nx: *t\n",
		"stages:\n  - &st {id: a, probability: 5}\n  - *st\n", "<<: {stages: []}\n", "*a: b\n", "&a k: *a\n",
		"a: &a [*a]\n", "stages: !!str x\n", "stages: !custom [x]\n", "? [a]\n: b\n", "a: \x00\n",
		"team: [{id: caf\xe9}]\n", strings.Repeat("- ", 200) + "x\n", "stages: " + strings.Repeat("[", 200) + strings.Repeat("]", 200),
		"x: " + strings.Repeat("[", 200),
		"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
		"qualified_level: high\n---\nqualified_level: low\n",
		"team_rules: [{id: a, step: deal, condition: 'true', message: m}]",
		"team_rules: [{id: a, step: deal, condition: |\n  x\n, message: {en: m, zh: n}, examples: {pass: [{}], fail: [3]}}]",
		"team_rules:\n  - id: a\n    step: deal\n    condition: |\n      deal.x &&\n\n        y\n    message: m\n",
		"include: [rules.yaml]", "include: [../x.yaml]", "include: [/etc/passwd]", "include: [a, a]", "include: [c:x]",
		"team_rules: []\ninclude: [self.yaml]\n", "include: [\"\"]",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, file := range []string{"../../examples/deals.config.yaml", "../scaffold/files/deals.config.yaml"} {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "repo/deals.config.yaml"
		// Every rule pack is the same bytes again: a pack must hold only
		// team_rules, so most are problems of the pack.
		c, err := config.ParseWith(file, data, func(string) ([]byte, error) { return data, nil })
		switch {
		case c == nil && err == nil:
			t.Fatal("no configuration and no error")
		case c != nil && err != nil:
			t.Fatalf("a configuration and an error: %v", err)
		case err == nil:
			if c.File != file || len(c.Stages) == 0 {
				t.Fatalf("configuration from %q with %d stages", c.File, len(c.Stages))
			}
			return
		}
		problems := []error{err}
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			problems = joined.Unwrap()
		}
		if len(problems) == 0 {
			t.Fatalf("an error that joins none: %v", err)
		}
		for _, p := range problems {
			se, ok := p.(*source.Error)
			if !ok {
				t.Fatalf("problem %T is not a *source.Error: %v", p, p)
			}
			if !strings.HasPrefix(se.File, "repo/") || se.Line < 1 {
				t.Fatalf("problem not positioned: %#v", se)
			}
		}
	})
}
