package forecast_test

import (
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/forecast"
)

const team = `
team:
  - {id: gm, name: General Manager}
  - {id: dir, name: Director, manager: gm}
  - {id: mgr, name: Manager, manager: dir}
  - {id: ann, name: Ann, manager: mgr}
  - {id: bob, name: Bob, manager: mgr}
  - {id: cat, name: Cat, manager: dir}
targets:
  gm: {2027-Q1: 1000}
  ann: {2027-Q1: 100}
  bob: {2027-01: 30, 2027-02: 30}
  cat: {2027-01: 50}
`

func book(t *testing.T) *forecast.Book {
	t.Helper()
	cfg, err := config.Parse("deals.config.yaml", []byte(team))
	if err != nil {
		t.Fatal(err)
	}
	deals := []forecast.Deal{
		{Owner: "ann", Close: "2027-01-10", Base: 40, Won: true},
		{Owner: "ann", Close: "2027-02-10", Base: 50, Open: true, Call: deal.Commit},
		{Owner: "ann", Close: "2027-03-10", Base: 70, Open: true, Call: deal.BestCase},
		{Owner: "ann", Close: "2027-03-11", Base: 9, Open: true, Call: deal.Omitted},
		{Owner: "ann", Close: "2027-01-02", Base: 99}, // lost: counts nowhere
		{Owner: "bob", Close: "2027-02-01", Base: 20, Open: true, Call: deal.Pipeline},
		{Owner: "bob", Close: "2026-12-20", Base: 500, Open: true, Call: deal.Commit}, // overdue
		{Owner: "cat", Close: "2027-01-31", Base: 60, Won: true},
		{Owner: "zed", Close: "2027-03-01", Base: 5, Open: true, Call: deal.Commit},    // not in the team
		{Owner: "ann", Close: "2027-04-01", Base: 1000, Open: true, Call: deal.Commit}, // next quarter
	}
	return forecast.New(cfg, "2027-01-05", deals)
}

func TestFigures(t *testing.T) {
	b := book(t)
	tests := []struct {
		name string
		got  forecast.Figures
		want forecast.Figures
	}{
		{"a rep's quarter", b.Person("ann", "2027-Q1"), forecast.Figures{Target: 100, HasTarget: true, Won: 40, Commit: 50, BestCase: 70, Omitted: 9, Open: 3, Closed: 1}},
		{"a quarter's target from its months", b.Person("bob", "2027-Q1"), forecast.Figures{Target: 60, HasTarget: true, Pipeline: 20, Open: 1}},
		{"a month without a target", b.Person("ann", "2027-02"), forecast.Figures{Commit: 50, Open: 1}},
		{"a manager's team: the reports' targets summed", b.Team("mgr", "2027-Q1"), forecast.Figures{Target: 160, HasTarget: true, Won: 40, Commit: 50, BestCase: 70, Pipeline: 20, Omitted: 9, Open: 4, Closed: 1}},
		{"a director's team", b.Team("dir", "2027-Q1"), forecast.Figures{Target: 210, HasTarget: true, Won: 100, Commit: 50, BestCase: 70, Pipeline: 20, Omitted: 9, Open: 4, Closed: 2}},
		{"the GM's own target wins over the sum", b.Team("gm", "2027-Q1"), forecast.Figures{Target: 1000, HasTarget: true, Won: 100, Commit: 50, BestCase: 70, Pipeline: 20, Omitted: 9, Open: 4, Closed: 2}},
		{"everyone: every owner's deals", b.All("2027-Q1"), forecast.Figures{Target: 1000, HasTarget: true, Won: 100, Commit: 55, BestCase: 70, Pipeline: 20, Omitted: 9, Open: 5, Closed: 2}},
		{"overdue deals count in no period", b.Person("bob", "2026-12"), forecast.Figures{}},
		{"overdue, on their own", b.OverdueFigures("mgr", true), forecast.Figures{Commit: 500, Open: 1}},
		{"overdue, one person without the team", b.OverdueFigures("ann", false), forecast.Figures{}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, tt.got, tt.want)
		}
	}
}

func TestMeasures(t *testing.T) {
	f := forecast.Figures{Target: 200, HasTarget: true, Won: 50, Commit: 100, BestCase: 150, Pipeline: 200}
	if a, ok := f.Attainment(); !ok || a != 0.25 {
		t.Errorf("attainment = %v %v, want 0.25", a, ok)
	}
	if c, ok := f.Coverage(); !ok || c != 3 {
		t.Errorf("coverage = %v %v, want 3 (450 open over 150 left)", c, ok)
	}
	if g := f.Gap(); g != 50 {
		t.Errorf("gap = %v, want 50", g)
	}
	met := forecast.Figures{Target: 100, HasTarget: true, Won: 120, Commit: 10}
	if _, ok := met.Coverage(); ok {
		t.Error("coverage of a target already met should mean nothing")
	}
	if g := met.Gap(); g != 0 {
		t.Errorf("gap of a met target = %v, want 0", g)
	}
	none := forecast.Figures{Won: 10}
	if _, ok := none.Attainment(); ok {
		t.Error("attainment without a target should mean nothing")
	}
	if g := none.Gap(); g != 0 {
		t.Errorf("gap without a target = %v", g)
	}
}

func TestRows(t *testing.T) {
	b := book(t)
	var got []string
	for _, r := range b.Rows("2027-Q1", "") {
		kind := "rep"
		if r.Manages {
			kind = "team"
		}
		got = append(got, r.Member+":"+kind+":"+string(rune('0'+r.Depth)))
	}
	want := []string{"gm:team:0", "dir:team:1", "mgr:team:2", "ann:rep:3", "bob:rep:3", "cat:rep:2", "zed:rep:0"}
	if len(got) != len(want) {
		t.Fatalf("rows = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("rows = %v, want %v", got, want)
		}
	}
	if under := b.Rows("2027-Q1", "mgr"); len(under) != 3 || under[0].Member != "mgr" || under[0].Depth != 0 {
		t.Errorf("rows under mgr = %+v", under)
	}
}

func TestCallOf(t *testing.T) {
	cfg := config.Default()
	tests := []struct {
		name, src string
		want      forecast.Call
	}{
		{"the stage's category", "stage: negotiate\n", forecast.Call{Category: deal.Commit, Source: forecast.FromStage}},
		{"the rep's call", "stage: negotiate\nforecast: best_case\n", forecast.Call{Category: deal.BestCase, Source: forecast.FromRep, Rep: deal.BestCase}},
		{"the latest review's call overrides the rep's", "stage: propose\nforecast: commit\nreviews:\n  - {date: 2027-01-10, reviewer: mgr, forecast: pipeline}\n  - {date: 2027-01-03, reviewer: dir, forecast: omitted}\n  - {date: 2027-01-12, reviewer: mgr}\n",
			forecast.Call{Category: deal.Pipeline, Source: forecast.FromReview, Rep: deal.Commit, Reviewer: "mgr", Date: "2027-01-10"}},
		{"a closed deal has none", "stage: won\nforecast: commit\n", forecast.Call{}},
		{"an unknown stage has none", "stage: nowhere\n", forecast.Call{}},
	}
	for _, tt := range tests {
		d, err := deal.Parse("d.yaml", []byte("id: d\ntitle: D\naccount: {name: A}\nowner: o\n"+tt.src))
		if d == nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := forecast.CallOf(cfg, d); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestStageCall(t *testing.T) {
	tests := []struct {
		stage config.Stage
		want  deal.Call
	}{
		{config.Stage{Probability: 90}, deal.Commit},
		{config.Stage{Probability: 80}, deal.Commit},
		{config.Stage{Probability: 60}, deal.BestCase},
		{config.Stage{Probability: 20}, deal.Pipeline},
		{config.Stage{Probability: 5}, deal.Omitted},
		{config.Stage{Probability: 5, Forecast: deal.Commit}, deal.Commit},
		{config.Stage{Probability: 100, Outcome: config.Won}, ""},
	}
	for _, tt := range tests {
		if got := tt.stage.Call(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.stage, got, tt.want)
		}
	}
}
