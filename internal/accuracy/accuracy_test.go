package accuracy_test

import (
	"math"
	"testing"
	"time"

	"github.com/dealsascode/deals/internal/accuracy"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/history"
)

func at(date string) int64 {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour).Unix()
}

type st struct {
	date, stage, close, forecast string
	amount                       float64
}

func timeline(id, owner string, states ...st) *history.Timeline {
	t := &history.Timeline{ID: id, Title: id}
	for _, s := range states {
		t.States = append(t.States, history.State{Time: at(s.date), Stage: s.stage, CloseDate: s.close, Amount: s.amount, Currency: "EUR", Owner: owner, Forecast: s.forecast})
	}
	return t
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestAccuracyOfAStory: two reps, three closed deals and an open one, with
// every figure worked out by hand.
func TestAccuracyOfAStory(t *testing.T) {
	cfg, err := config.Parse("deals.config.yaml", []byte("currency:\n  base: EUR\nteam:\n  - id: ana\n    name: Ana\n    manager: gm\n  - id: bo\n    name: Bo\n    manager: gm\n  - id: gm\n    name: Grace\n"))
	if err != nil {
		t.Fatal(err)
	}
	lg := &history.Log{Deals: map[string]*history.Timeline{
		"w1": timeline("w1", "ana",
			st{"2026-07-01", "qualify", "2026-09-15", "", 100},
			st{"2026-08-01", "propose", "2026-09-30", "", 100},
			st{"2026-09-20", "negotiate", "2026-10-20", "", 120},
			st{"2026-10-05", "won", "2026-10-05", "", 120}),
		"l1": timeline("l1", "ana",
			st{"2026-07-10", "develop", "2026-11-30", "commit", 50},
			st{"2026-11-10", "lost", "2026-11-30", "", 50}),
		"w2": timeline("w2", "bo",
			st{"2026-10-02", "prospect", "2026-12-10", "", 0},
			st{"2026-10-20", "propose", "2026-12-10", "", 200},
			st{"2026-11-01", "won", "2026-11-01", "", 200}),
		"o1": timeline("o1", "bo",
			st{"2026-09-01", "negotiate", "2026-12-31", "", 300}),
	}}
	// The fourth quarter is over: its commit calls are judged.
	rep := accuracy.Compute(lg, cfg, 0, at("2027-01-05"), "owner")
	if len(rep.Groups) != 2 {
		t.Fatalf("groups: %+v", rep.Groups)
	}
	ana, bo := rep.Groups[0], rep.Groups[1]
	if ana.Name != "ana" || ana.Won != 1 || ana.Lost != 1 || ana.Slips != 2 || ana.SlippedDeals != 1 || ana.SlipDays != 35 {
		t.Errorf("ana: %+v", ana.Figures)
	}
	if ana.FirstAmount != 100 || ana.CloseAmount != 120 || !near(ana.AmountRatio(), 1.2) {
		t.Errorf("ana's amounts: %+v", ana.Figures)
	}
	if ana.Called != 2 || ana.Hit != 1 || !near(ana.HitRate(), 0.5) {
		t.Errorf("ana's commits: %+v", ana.Figures)
	}
	if !near(ana.Brier, (0.7225+0.16+0.04+0.1225)/4) || ana.BrierN != 4 {
		t.Errorf("ana's Brier: %v over %d", ana.Brier, ana.BrierN)
	}
	if bo.Won != 1 || bo.Lost != 0 || bo.Slips != 0 || bo.FirstAmount != 200 || bo.Called != 1 || bo.Hit != 0 || !near(bo.Brier, (0.9025+0.16)/2) {
		t.Errorf("bo: %+v", bo.Figures)
	}
	if tot := rep.Total; tot.Won != 2 || tot.Lost != 1 || !near(tot.Brier, 2.1075/6) || !near(tot.WinRate(), 2.0/3) {
		t.Errorf("total: %+v", tot.Figures)
	}
	if len(rep.Total.Quarters) != 1 || rep.Total.Quarters[0].Name != "2026-Q4" || rep.Total.Quarters[0].Won != 2 {
		t.Errorf("quarters: %+v", rep.Total.Quarters)
	}
	want := map[string][2]int{"prospect": {1, 1}, "qualify": {1, 1}, "develop": {1, 0}, "propose": {2, 2}, "negotiate": {1, 1}}
	for _, s := range rep.Stages {
		if w := want[s.ID]; s.Reached != w[0] || s.Won != w[1] {
			t.Errorf("stage %s: reached %d won %d, want %v", s.ID, s.Reached, s.Won, w)
		}
		if s.Enough() {
			t.Errorf("stage %s: %d deals are enough to learn from", s.ID, s.Reached)
		}
	}
	// Since the middle of October, w1 (won 2026-10-05) is out.
	later := accuracy.Compute(lg, cfg, at("2026-10-15"), at("2026-12-02"), "team")
	if len(later.Groups) != 1 || later.Groups[0].Name != "gm" || later.Total.Won != 1 || later.Total.Lost != 1 {
		t.Errorf("since 2026-10-15, by team: %+v", later.Groups)
	}
}
