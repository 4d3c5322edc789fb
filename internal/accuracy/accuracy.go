// Package accuracy is how good the team's forecasts were, read from the git history of its closed deals: close-date slips, amounts at first forecast and at close, commit hit rate, the calibration of the stage probabilities and the Brier score, per rep and per quarter.
package accuracy

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
)

// MinSample is how many closed deals must have reached a stage before a
// probability is learned for it: fewer say more about luck than about the
// team.
const MinSample = 20

// Figures are one rep's (or team's, or everyone's) accuracy.
type Figures struct {
	Name string
	// Closed deals: won and lost, in the period.
	Won, Lost int
	// Slips are the times a close date of these deals moved later, in
	// how many of the deals, and by how many days in all.
	Slips, SlippedDeals, SlipDays int
	// FirstAmount and CloseAmount are the won deals' amounts at their
	// first forecast (the first version with an amount) and when won, in
	// the base currency; AmountDeals how many won deals had both.
	FirstAmount, CloseAmount float64
	AmountDeals              int
	// Called is how many deals were called commit at the start of a
	// quarter with their close date in it, Hit how many of those were won
	// in that quarter.
	Called, Hit int
	// Brier is the mean of (p − o)² over the stage probabilities the
	// closed deals carried (one per stage a deal was in) against their
	// outcome (1 won, 0 lost); BrierN how many there were.
	Brier  float64
	BrierN int
}

// WinRate is the share of closed deals that were won.
func (f Figures) WinRate() float64 { return ratio(f.Won, f.Won+f.Lost) }

// HitRate is the share of commit calls that were won in their quarter.
func (f Figures) HitRate() float64 { return ratio(f.Hit, f.Called) }

// AmountRatio is the won amount against the amount first forecast.
func (f Figures) AmountRatio() float64 {
	if f.FirstAmount == 0 {
		return math.NaN()
	}
	return f.CloseAmount / f.FirstAmount
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// Quarter is the figures of the deals closed (and the commits called) in
// one calendar quarter.
type Quarter struct {
	Name string
	Figures
}

// Rep is one group's figures, in all and per quarter.
type Rep struct {
	Figures
	Quarters []Quarter
}

// Stage is how often deals that reached a stage were won, next to the
// probability the configuration gives it.
type Stage struct {
	ID          string
	Probability float64 // percent, as configured
	Reached     int
	Won         int
}

// Share is the share of the deals that reached the stage and were won.
func (s Stage) Share() float64 { return ratio(s.Won, s.Reached) }

// Enough reports whether enough closed deals reached the stage for its
// share to be a probability to go by.
func (s Stage) Enough() bool { return s.Reached >= MinSample }

// Report is the accuracy of a team's forecasts.
type Report struct {
	// Since is the start of the period (Unix seconds; 0 for all of the
	// history), To its end.
	Since, To int64
	Currency  string
	By        string
	Total     Rep
	Groups    []Rep
	Stages    []Stage
	// Unconverted are the won deals whose amount could not be compared,
	// their currency having no rate.
	Unconverted []string
	Notes       []string
}

// ByChoices are the ways to group reps.
var ByChoices = []string{"owner", "team"}

// closed is what one closed deal's history says.
type closed struct {
	group   string
	won     bool
	at      int64 // when it reached its outcome
	slips   int
	days    int
	first   float64
	last    float64
	amounts bool
	stages  []string
	badCur  string
}

// Compute reads the accuracy of the deals closed from since to to (Unix
// seconds) in lg, with cfg's stages, probabilities and rates. by groups
// by owner ("" and "owner") or by team (the owner's manager).
func Compute(lg *history.Log, cfg *config.Config, since, to int64, by string) *Report {
	if by == "" {
		by = "owner"
	}
	rep := &Report{Since: since, To: to, Currency: cfg.Currency.Base, By: by}
	groups := map[string]*Rep{}
	total := &Rep{Figures: Figures{Name: ""}}
	stageIdx := map[string]int{}
	for _, st := range cfg.Stages {
		if st.Open() {
			stageIdx[st.ID] = len(rep.Stages)
			rep.Stages = append(rep.Stages, Stage{ID: st.ID, Probability: st.Probability})
		}
	}
	group := func(owner string) string {
		if by == "team" {
			if m, ok := cfg.Member(owner); ok && m.Manager != "" {
				return m.Manager
			}
		}
		return owner
	}
	get := func(name string) *Rep {
		r := groups[name]
		if r == nil {
			r = &Rep{Figures: Figures{Name: name}}
			groups[name] = r
		}
		return r
	}
	for _, id := range slices.Sorted(maps.Keys(lg.Deals)) {
		t := lg.Deals[id]
		if c, ok := closeOf(t, cfg, group, since, to); ok {
			r := get(c.group)
			for _, f := range []*Figures{&total.Figures, &r.Figures, &quarterOf(total, c.at).Figures, &quarterOf(r, c.at).Figures} {
				f.addClosed(c, cfg)
			}
			if c.badCur != "" {
				rep.Unconverted = append(rep.Unconverted, id+" ("+c.badCur+")")
			}
			for _, s := range c.stages {
				if i, ok := stageIdx[s]; ok {
					rep.Stages[i].Reached++
					if c.won {
						rep.Stages[i].Won++
					}
				}
			}
		}
		commits(t, cfg, since, to, func(owner string, quarter int64, hit bool) {
			r := get(group(owner))
			for _, f := range []*Figures{&total.Figures, &r.Figures, &quarterOf(total, quarter).Figures, &quarterOf(r, quarter).Figures} {
				f.Called++
				if hit {
					f.Hit++
				}
			}
		})
	}
	names := slices.Sorted(maps.Keys(groups))
	all := []*Rep{total}
	for _, name := range names {
		all = append(all, groups[name])
	}
	for _, r := range all {
		sort.Slice(r.Quarters, func(i, j int) bool { return r.Quarters[i].Name < r.Quarters[j].Name })
		r.finish()
	}
	rep.Total = *total
	for _, name := range names {
		rep.Groups = append(rep.Groups, *groups[name])
	}
	return rep
}

func (r *Rep) finish() {
	r.Figures.finish()
	for i := range r.Quarters {
		r.Quarters[i].Figures.finish()
	}
}

func (f *Figures) finish() {
	if f.BrierN > 0 {
		f.Brier /= float64(f.BrierN)
	}
}

func (f *Figures) addClosed(c closed, cfg *config.Config) {
	if c.won {
		f.Won++
	} else {
		f.Lost++
	}
	f.Slips += c.slips
	f.SlipDays += c.days
	if c.slips > 0 {
		f.SlippedDeals++
	}
	if c.won && c.amounts && c.badCur == "" {
		f.FirstAmount += c.first
		f.CloseAmount += c.last
		f.AmountDeals++
	}
	o := 0.0
	if c.won {
		o = 1
	}
	for _, s := range c.stages {
		if st, ok := cfg.Stage(s); ok && st.Open() {
			d := st.Probability/100 - o
			f.Brier += d * d
			f.BrierN++
		}
	}
}

// quarterOf is the figures of the quarter of t, added to r when new.
func quarterOf(r *Rep, t int64) *Quarter {
	name := quarterName(t)
	for i := range r.Quarters {
		if r.Quarters[i].Name == name {
			return &r.Quarters[i]
		}
	}
	r.Quarters = append(r.Quarters, Quarter{Name: name, Figures: Figures{Name: name}})
	return &r.Quarters[len(r.Quarters)-1]
}

func quarterName(t int64) string {
	d := time.Unix(t, 0).UTC()
	return fmt.Sprintf("%d-Q%d", d.Year(), (int(d.Month())-1)/3+1)
}

// quarterStart is the first moment of the quarter of t.
func quarterStart(t int64) time.Time {
	d := time.Unix(t, 0).UTC()
	return time.Date(d.Year(), time.Month(3*((int(d.Month())-1)/3)+1), 1, 0, 0, 0, 0, time.UTC)
}

// closeOf reads a deal that reached won or lost between since and to and
// stayed there: when, how its close date slipped on the way, its amounts,
// and the open stages it was in.
func closeOf(t *history.Timeline, cfg *config.Config, group func(string) string, since, to int64) (closed, bool) {
	var c closed
	last := -1
	for i, s := range t.States {
		if s.Time > to {
			break
		}
		last = i
	}
	if last < 0 || t.States[last].Deleted {
		return c, false
	}
	final := t.States[last]
	st, ok := cfg.Stage(final.Stage)
	if !ok || st.Open() {
		return c, false
	}
	// When it reached that outcome: the first of the last run of states
	// at a closed stage.
	at := last
	for at > 0 && !t.States[at-1].Deleted && closedStage(cfg, t.States[at-1].Stage) {
		at--
	}
	c.at = t.States[at].Time
	if c.at < since {
		return c, false
	}
	c.won = st.Outcome == config.Won
	c.group = group(final.Owner)
	seen := map[string]bool{}
	var prev *history.State
	for i := 0; i <= last; i++ {
		s := t.States[i]
		if s.Deleted {
			continue
		}
		if !seen[s.Stage] && !closedStage(cfg, s.Stage) {
			seen[s.Stage] = true
			c.stages = append(c.stages, s.Stage)
		}
		if prev != nil && prev.CloseDate != "" && s.CloseDate > prev.CloseDate {
			c.slips++
			c.days += daysBetween(prev.CloseDate, s.CloseDate)
		}
		if s.Amount > 0 {
			cur := s.Currency
			if cur == "" {
				cur = cfg.Currency.Base
			}
			v, ok := cfg.Convert(s.Amount, cur)
			if !ok {
				c.badCur = cur
			}
			if !c.amounts {
				c.first, c.amounts = v, true
			}
			c.last = v
		}
		p := s
		prev = &p
	}
	return c, true
}

func closedStage(cfg *config.Config, id string) bool {
	st, ok := cfg.Stage(id)
	return ok && !st.Open()
}

func daysBetween(a, b string) int {
	ta, err1 := time.Parse(time.DateOnly, a)
	tb, err2 := time.Parse(time.DateOnly, b)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(tb.Sub(ta).Hours() / 24)
}

// commits calls fn for each quarter from since to to at whose start the
// deal was open, called commit (the rep's call, else its stage's) and
// had its close date in the quarter; hit is whether it was won in it.
func commits(t *history.Timeline, cfg *config.Config, since, to int64, fn func(owner string, quarter int64, hit bool)) {
	if len(t.States) == 0 {
		return
	}
	first := t.States[0].Time
	if since > first {
		first = since
	}
	for q := quarterStart(first); q.Unix() <= to; q = q.AddDate(0, 3, 0) {
		start := q.Unix()
		end := q.AddDate(0, 3, 0)
		if start < since {
			continue
		}
		s, ok := t.At(start)
		if !ok || s.Deleted {
			continue
		}
		st, known := cfg.Stage(s.Stage)
		if !known || !st.Open() || s.CloseDate < q.Format(time.DateOnly) || s.CloseDate >= end.Format(time.DateOnly) {
			continue
		}
		call := deal.Call(s.Forecast)
		if call == "" {
			call = st.Call()
		}
		if call != deal.Commit {
			continue
		}
		if end.Unix() > to {
			continue // the quarter is not over: its commits are not judged yet
		}
		hit := false
		for _, later := range t.States {
			if later.Time >= start && later.Time < end.Unix() && !later.Deleted {
				if ls, ok := cfg.Stage(later.Stage); ok && ls.Outcome == config.Won {
					hit = true
				}
			}
		}
		fn(s.Owner, start, hit)
	}
}
