// Package backtest is each rule tried against outcomes: among the closed deals of the history, the win rate of those on which the rule fired while they were in a stage, next to those on which it did not.
package backtest

import (
	"math"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/versions"
)

// MinSample is how many closed deals each side (fired, not fired) needs
// before a difference in win rate means anything.
const MinSample = 10

// Cell is one rule at one stage.
type Cell struct {
	// Stage is the stage id; "" for a deal at any stage.
	Stage string
	// Fired is how many closed deals the rule fired on while they were at
	// the stage, FiredWon how many of those were won; Clean and CleanWon
	// the same for the deals at the stage it never fired on.
	Fired, FiredWon, Clean, CleanWon int
}

// FiredRate and CleanRate are the win rates of the two sides; NaN for a
// side without deals.
func (c Cell) FiredRate() float64 { return rate(c.FiredWon, c.Fired) }
func (c Cell) CleanRate() float64 { return rate(c.CleanWon, c.Clean) }

// Enough reports whether both sides have MinSample deals.
func (c Cell) Enough() bool { return c.Fired >= MinSample && c.Clean >= MinSample }

func rate(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// Rule is one rule's backtest: at each open stage of the pipeline, and
// over the stages it fires at (Any: the closed deals that were at one of
// them, and whether it fired on them there).
type Rule struct {
	ID     string
	Stages []Cell
	Any    Cell
	// Closed is how many closed deals there were to learn from.
	Closed int
}

// Compute backtests the rules ids on the closed deals of set (won or lost
// in their last version), with cfg's stages.
func Compute(set *versions.Set, cfg *config.Config, ids []string) []Rule {
	out := make([]Rule, len(ids))
	index := map[string]int{}
	var open []string
	for _, st := range cfg.Stages {
		if st.Open() {
			index[st.ID] = len(open)
			open = append(open, st.ID)
		}
	}
	for i, id := range ids {
		out[i] = Rule{ID: id}
		for _, s := range open {
			out[i].Stages = append(out[i].Stages, Cell{Stage: s})
		}
	}
	// At each stage each closed deal was in: which rules fired there.
	type closedDeal struct {
		won   bool
		fired map[string]map[string]bool
	}
	var deals []closedDeal
	for _, d := range set.Deals {
		outcome := d.Outcome(cfg)
		if outcome == "" {
			continue
		}
		c := closedDeal{won: outcome == config.Won, fired: map[string]map[string]bool{}}
		for _, v := range d.Versions {
			if v.Deleted {
				continue
			}
			if _, ok := index[v.Stage]; !ok {
				continue
			}
			if c.fired[v.Stage] == nil {
				c.fired[v.Stage] = map[string]bool{}
			}
			for r := range v.Rules {
				c.fired[v.Stage][r] = true
			}
		}
		deals = append(deals, c)
	}
	count := func(c *Cell, fired, won bool) {
		switch {
		case fired && won:
			c.Fired++
			c.FiredWon++
		case fired:
			c.Fired++
		case won:
			c.Clean++
			c.CleanWon++
		default:
			c.Clean++
		}
	}
	for i := range out {
		out[i].Closed = len(deals)
		for _, d := range deals {
			for stage, rules := range d.fired {
				count(&out[i].Stages[index[stage]], rules[out[i].ID], d.won)
			}
		}
		// At any stage: among the deals that were at a stage where the
		// rule fired on some deal. A rule that only applies from develop
		// on never fires on a deal lost in qualify; counting that deal as
		// one it did not fire on would compare deals that got far with
		// deals that did not.
		applies := map[string]bool{}
		for _, c := range out[i].Stages {
			if c.Fired > 0 {
				applies[c.Stage] = true
			}
		}
		for _, d := range deals {
			in, fired := false, false
			for stage, rules := range d.fired {
				if applies[stage] {
					in = true
					fired = fired || rules[out[i].ID]
				}
			}
			if in {
				count(&out[i].Any, fired, d.won)
			}
		}
	}
	return out
}
