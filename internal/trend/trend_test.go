package trend_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/trend"
	"github.com/dealsascode/deals/internal/versions"
)

func at(date string) int64 {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour).Unix()
}

func v(date, owner string, rules map[string]int) versions.Version {
	return versions.Version{Time: at(date), Stage: "develop", Owner: owner, Rules: rules}
}

func TestTrendOfAStory(t *testing.T) {
	gone := v("2026-11-20", "bo", nil)
	gone.Deleted = true
	set := &versions.Set{Deals: map[string]*versions.Deal{
		"x": {ID: "x", Versions: []versions.Version{
			v("2026-11-02", "ana", map[string]int{"players-coach": 1, "assess-risks": 1}),
			v("2026-11-05", "ana", map[string]int{"players-coach": 1}),
			v("2026-11-12", "ana", map[string]int{})}},
		"y": {ID: "y", Versions: []versions.Version{v("2026-11-03", "bo", map[string]int{"players-coach": 1}), gone}},
		"z": {ID: "z", Versions: []versions.Version{v("2026-11-10", "ana", map[string]int{"plan-overdue": 2})}},
	}}
	to, _ := time.Parse(time.RFC3339, "2026-11-22T23:59:59Z")
	rep := trend.Compute(set, config.Default(), to.Unix())
	weeks := func(r trend.Rep) string {
		s := ""
		for _, w := range r.Weeks {
			s += fmt.Sprintf("%s:%d ", w.Start, w.Open)
		}
		return s
	}
	if len(rep.Reps) != 2 || rep.Reps[0].Name != "ana" || rep.Reps[1].Name != "bo" {
		t.Fatalf("reps: %+v", rep.Reps)
	}
	ana, bo := rep.Reps[0], rep.Reps[1]
	for name, c := range map[string]struct{ got, want string }{
		"ana":  {weeks(ana), "2026-11-02:1 2026-11-09:2 2026-11-16:2 "},
		"bo":   {weeks(bo), "2026-11-02:1 2026-11-09:1 2026-11-16:0 "},
		"team": {weeks(rep.Total), "2026-11-02:2 2026-11-09:3 2026-11-16:2 "},
	} {
		if c.got != c.want {
			t.Errorf("%s's weeks: %s, want %s", name, c.got, c.want)
		}
	}
	rules := func(r trend.Rep) string {
		s := ""
		for _, x := range r.Rules {
			s += fmt.Sprintf("%s %d/%d/%d %v; ", x.ID, x.Opened, x.Fixed, x.StillOpen, x.MedianDays)
		}
		return s
	}
	if got, want := rules(ana), "assess-risks 1/1/0 3; plan-overdue 1/0/1 NaN; players-coach 1/1/0 10; "; got != want {
		t.Errorf("ana's rules: %s, want %s", got, want)
	}
	if got, want := rules(bo), "players-coach 1/0/0 NaN; "; got != want {
		t.Errorf("bo's rules (the deal deleted: nothing fixed): %s, want %s", got, want)
	}
	if r := rep.Total.Rules[0]; r.ID != "players-coach" || r.Opened != 2 || r.Fixed != 1 || r.MedianDays != 10 {
		t.Errorf("the team's coach gaps: %+v", r)
	}
	if !math.IsNaN(rep.Total.Rules[2].MedianDays) || rep.Total.Rules[2].ID != "plan-overdue" {
		t.Errorf("plan-overdue was never fixed: %+v", rep.Total.Rules[2])
	}
}
