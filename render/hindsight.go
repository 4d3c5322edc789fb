package render

import (
	"fmt"
	"html/template"
	"math"
	"time"

	"github.com/dealsascode/deals/internal/backtest"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/svg"
	"github.com/dealsascode/deals/internal/trend"
	"github.com/dealsascode/deals/internal/versions"
)

// hindsight is what the linted history says, for the people, coaching and
// rule pages: each rep's coaching trend and each rule against outcomes.
type hindsight struct {
	trend *trend.Report
	reps  map[string]trend.Rep
	rules map[string]backtest.Rule
}

// readHindsight reads the trends and backtests from the linted versions
// of the history; nil when there is no history.
func readHindsight(set *versions.Set, lg *history.Log, cfg *config.Config, linter *lint.Linter, today string) *hindsight {
	if set == nil || lg == nil || len(lg.Deals) == 0 {
		return nil
	}
	to := time.Now().Unix()
	if d, err := time.Parse(time.DateOnly, today); err == nil {
		to = d.Add(24*time.Hour - time.Second).Unix()
	}
	h := &hindsight{trend: trend.Compute(set, cfg, to), reps: map[string]trend.Rep{}, rules: map[string]backtest.Rule{}}
	for _, r := range h.trend.Reps {
		h.reps[r.Name] = r
	}
	var ids []string
	for _, r := range linter.Rules() {
		ids = append(ids, r.ID)
	}
	for _, r := range backtest.Compute(set, cfg, ids) {
		h.rules[r.ID] = r
	}
	return h
}

// trendWeeks is how many of the last weeks a trend chart shows.
const trendWeeks = 26

// trendView is a coaching trend as a page shows it: the findings open week
// by week, and the rules that came back most with how long their gaps
// stayed open.
type trendView struct {
	Chart template.HTML
	Rules []trendRule
}

type trendRule struct {
	Rule                     *lint.Rule
	Title, RulePage          string
	Opened, Fixed, StillOpen int
	Median                   string
}

// trendRules is how many rules a trend lists.
const trendRules = 8

func (b *builder) trendView(r trend.Rep) *trendView {
	if len(r.Weeks) == 0 {
		return nil
	}
	weeks := r.Weeks
	if len(weeks) > trendWeeks {
		weeks = weeks[len(weeks)-trendWeeks:]
	}
	chart := svg.TrendChart{Stages: []string{b.tr.T("trend.series")}, Label: b.tr.T("trend.aria"), Axis: b.tr.T("trend.axis")}
	for _, w := range weeks {
		chart.Periods = append(chart.Periods, w.Start[5:])
		chart.Values = append(chart.Values, []float64{float64(w.Open)})
	}
	v := &trendView{Chart: svg.Trend(chart, b.tr.Printer)}
	for _, x := range r.Rules {
		if len(v.Rules) == trendRules {
			break
		}
		rule, ok := b.linter.Rule(x.ID)
		if !ok {
			continue
		}
		median := "–"
		if !math.IsNaN(x.MedianDays) {
			median = b.tr.T("trend.days", "count", int(math.Round(x.MedianDays)))
		}
		v.Rules = append(v.Rules, trendRule{Rule: rule, Title: rule.Texts(b.tr.Lang).Title, RulePage: rulePage(x.ID),
			Opened: x.Opened, Fixed: x.Fixed, StillOpen: x.StillOpen, Median: median})
	}
	return v
}

// backtestView is a rule against outcomes, as its page shows it.
type backtestView struct {
	Closed, Min int
	Rows        []backtestRow
	Small       bool
}

type backtestRow struct {
	Stage, Fired, Clean string
	Small               bool
}

func (b *builder) backtestView(r backtest.Rule) *backtestView {
	v := &backtestView{Closed: r.Closed, Min: backtest.MinSample}
	side := func(won, n int, rate float64) string {
		if n == 0 {
			return "–"
		}
		return b.tr.T("backtest.side", "won", won, "count", n, "rate", fmt.Sprintf("%.0f%%", rate*100))
	}
	row := func(name string, c backtest.Cell) {
		if c.Fired+c.Clean == 0 {
			return
		}
		v.Rows = append(v.Rows, backtestRow{Stage: name, Fired: side(c.FiredWon, c.Fired, c.FiredRate()), Clean: side(c.CleanWon, c.Clean, c.CleanRate()), Small: !c.Enough()})
		v.Small = v.Small || !c.Enough()
	}
	for _, c := range r.Stages {
		name := c.Stage
		if st, ok := b.cfg.Stage(c.Stage); ok {
			name = st.NameIn(b.tr.Lang)
		}
		row(name, c)
	}
	row(b.tr.T("backtest.any"), r.Any)
	return v
}
