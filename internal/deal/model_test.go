package deal_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/modeltest"
	"github.com/dealsascode/deals/schema"
)

var Enums = deal.Enums()

// TestModelMatchesSchema: every property of the deal schema has a field in
// the model (a new property cannot silently decode to nothing), every
// field a property, and every enumeration the schema's values.
func TestModelMatchesSchema(t *testing.T) {
	var s map[string]any
	if err := json.Unmarshal(schema.Deal().JSON(), &s); err != nil {
		t.Fatal(err)
	}
	modeltest.Model{Enums: Enums}.Compare(t, s, reflect.TypeFor[deal.Deal]())
}

// TestModelCheckFails: the comparison fails where it should, so that a
// passing TestModelMatchesSchema means something.
func TestModelCheckFails(t *testing.T) {
	var s map[string]any
	json.Unmarshal(schema.Deal().JSON(), &s)
	props := s["properties"].(map[string]any)
	props["forecast_category"] = map[string]any{"type": "string", "enum": []any{"commit", "best_case"}}
	props["account"].(map[string]any)["properties"].(map[string]any)["size"].(map[string]any)["enum"] = []any{"small", "large"}
	rec := &recorder{TB: t}
	modeltest.Model{Enums: Enums}.Compare(rec, s, reflect.TypeFor[deal.Deal]())
	if len(rec.errs) != 2 {
		t.Errorf("want 2 failures (a property without a field, an enum that differs), got %d: %q", len(rec.errs), rec.errs)
	}
}

type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) { r.errs = append(r.errs, format) }
func (r *recorder) Helper()                           {}
