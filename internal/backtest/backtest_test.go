package backtest_test

import (
	"testing"

	"github.com/dealsascode/deals/internal/backtest"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/versions"
)

func ver(t int64, stage string, rules ...string) versions.Version {
	m := map[string]int{}
	for _, r := range rules {
		m[r] = 1
	}
	return versions.Version{Time: t, Stage: stage, Owner: "ana", Rules: m}
}

func TestBacktestOfAStory(t *testing.T) {
	set := &versions.Set{Deals: map[string]*versions.Deal{
		"d1": {ID: "d1", Versions: []versions.Version{ver(1, "develop", "players-coach"), ver(2, "propose"), ver(3, "won")}},
		"d2": {ID: "d2", Versions: []versions.Version{ver(1, "develop", "players-coach", "plan-actions"), ver(2, "lost")}},
		"d3": {ID: "d3", Versions: []versions.Version{ver(1, "develop"), ver(2, "won")}},
		"d4": {ID: "d4", Versions: []versions.Version{ver(1, "develop", "players-coach")}},
	}}
	rules := backtest.Compute(set, config.Default(), []string{"players-coach", "plan-actions"})
	coach := rules[0]
	if coach.ID != "players-coach" || coach.Closed != 3 {
		t.Fatalf("%+v", coach)
	}
	cells := map[string]backtest.Cell{}
	for _, c := range coach.Stages {
		cells[c.Stage] = c
	}
	if c := cells["develop"]; c.Fired != 2 || c.FiredWon != 1 || c.Clean != 1 || c.CleanWon != 1 || c.FiredRate() != 0.5 || c.CleanRate() != 1 {
		t.Errorf("develop: %+v", c)
	}
	if c := cells["propose"]; c.Fired != 0 || c.Clean != 1 || c.CleanWon != 1 {
		t.Errorf("propose: %+v", c)
	}
	if c := cells["prospect"]; c.Fired != 0 || c.Clean != 0 {
		t.Errorf("prospect, where no deal was: %+v", c)
	}
	if a := coach.Any; a.Fired != 2 || a.FiredWon != 1 || a.Clean != 1 || a.CleanWon != 1 || a.Enough() {
		t.Errorf("any stage: %+v", a)
	}
	if a := rules[1].Any; a.Fired != 1 || a.FiredWon != 0 || a.Clean != 2 || a.CleanWon != 2 {
		t.Errorf("plan-actions: %+v", a)
	}
}
