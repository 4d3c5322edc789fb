package config_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/modeltest"
	"github.com/dealsascode/deals/schema"
)

// TestModelMatchesSchema: every property of the configuration schema has
// a field in the model, every field a property, every enumeration the
// schema's values.
func TestModelMatchesSchema(t *testing.T) {
	var s map[string]any
	if err := json.Unmarshal(schema.Config().JSON(), &s); err != nil {
		t.Fatal(err)
	}
	enums := deal.Enums()
	enums[reflect.TypeFor[config.Outcome]()] = strs(config.Outcomes)
	enums[reflect.TypeFor[config.RuleSetting]()] = strs(config.Severities)
	enums[reflect.TypeFor[i18n.Lang]()] = i18n.Codes()
	enums[reflect.TypeFor[config.Severity]()] = strs(config.Severities)
	enums[reflect.TypeFor[config.TeamStep]()] = strs(config.TeamSteps)
	modeltest.Model{
		Enums: enums,
		Leaves: map[reflect.Type]string{
			reflect.TypeFor[config.Ref]():         "string",
			reflect.TypeFor[config.RuleSetting](): "string",
			reflect.TypeFor[config.Requirement](): "string",
			reflect.TypeFor[config.Words]():       "string",
			reflect.TypeFor[config.Expr]():        "string",
		},
		// A qualification threshold of none would qualify every deal; a
		// stage cannot turn a rule off (leaving it out of requires does).
		Subsets: map[string]bool{"/qualified_level": true, "/stages/[]/requires/[]/severity": true, "/team_rules/[]/severity": true},
		// A member's targets decode themselves, to keep where the member
		// and each period are written.
		Opaque: map[string]bool{"/team_rules/[]/examples/pass/[]": true, "/team_rules/[]/examples/fail/[]": true, "/targets/*": true},
	}.Compare(t, s, reflect.TypeFor[config.Config]())
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
