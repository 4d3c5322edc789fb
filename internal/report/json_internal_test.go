package report

import (
	"encoding/json"
	"testing"

	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/source"
)

// TestJSONByHand: the deals and findings the JSON report writes by hand
// are byte for byte what encoding/json writes of jsonDeal and jsonFinding.
func TestJSONByHand(t *testing.T) {
	deals := []lint.DealSummary{
		{File: "deals/a.yaml", ID: "a", Title: "ACME", Owner: "li-na", Stage: "develop", Valid: true, Score: lint.Score{Steps: [7]int{100, 50, 0, 33, 100, 100, 7}, Deal: 0, Overall: 48}},
		{File: "deals/b.yaml", ID: "b", Stage: "won", Valid: true, Score: lint.Score{Steps: [7]int{100, 100, 100, 100, 100, 100, 100}, Deal: 50, Overall: 93}},
		{File: "x<&>.yaml", ID: "x", Title: "Ünïcode \u2028 \"q\" \\ \t", Owner: "", Stage: "s", Valid: false},
	}
	for _, d := range deals {
		jd := jsonDeal{File: d.File, ID: d.ID, Title: d.Title, Owner: d.Owner, Stage: d.Stage, Valid: d.Valid}
		if d.Valid {
			jd.Score = &jsonScore{Overall: d.Score.Overall, Deal: d.Score.Deal, Steps: map[string]int{}}
			for i, s := range lint.Steps {
				jd.Score.Steps[string(s.ID)] = d.Score.Steps[i]
			}
		}
		want, _ := json.MarshalIndent(jd, "    ", "  ")
		if got := appendDeal(nil, d); string(got) != string(want) {
			t.Errorf("deal by hand:\n%s\nencoding/json:\n%s", got, want)
		}
	}
	for _, f := range []lint.Finding{
		{File: "d.yaml", Pos: source.Pos{Line: 3, Col: 7}, Field: "key_players[2].attitude", Severity: lint.Error, Rule: "players-coach", Step: lint.StepPlayers, Message: `no coach <b>&"`},
		{File: "d.yaml", Pos: source.Pos{Line: 1, Col: 1}, Severity: lint.Warning, Rule: "no-such-rule", Step: lint.StepDeal, Message: "x\ny"},
	} {
		jf := jsonFinding{File: f.File, Line: f.Pos.Line, Column: f.Pos.Col, Field: f.Field, Severity: f.Severity.String(), Rule: f.Rule, Step: string(f.Step), Message: f.Message, Hint: Options{}.hint(f.Rule)}
		want, _ := json.MarshalIndent(jf, "    ", "  ")
		if got := appendFinding(nil, f, Options{}.hint(f.Rule)); string(got) != string(want) {
			t.Errorf("finding by hand:\n%s\nencoding/json:\n%s", got, want)
		}
	}
}
