// Package forecast sets the pipeline's forecast calls against the team's targets, per period and per team.
package forecast

import (
	"fmt"
	"sort"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
)

// Source says whose call a deal's forecast category is.
type Source string

const (
	// FromStage: the deal makes no call; its stage's category applies.
	FromStage Source = "stage"
	// FromRep: the deal's forecast field.
	FromRep Source = "rep"
	// FromReview: a reviewer's call in the latest review that made one.
	FromReview Source = "review"
)

// Call is the forecast category that counts for a deal and whose it is.
type Call struct {
	Category deal.Call
	Source   Source
	// Rep is the rep's own call, "" when the deal makes none; Reviewer and
	// Date name the review whose call overrides it.
	Rep            deal.Call
	Reviewer, Date string
}

// CallOf is the call that counts for an open deal: the latest review's
// (by date) that makes one, else the rep's, else the stage's. A closed
// deal, or one in a stage the configuration does not know, has none.
func CallOf(cfg *config.Config, d *deal.Deal) Call {
	st, ok := cfg.Stage(d.Stage.Value)
	if !ok || !st.Open() {
		return Call{}
	}
	c := Call{Category: st.Call(), Source: FromStage, Rep: d.Forecast.Value}
	if c.Rep != "" {
		c.Category, c.Source = c.Rep, FromRep
	}
	latest := ""
	for _, r := range d.Reviews.Items {
		// Dates are YYYY-MM-DD, so they compare as text; the later of
		// two reviews on one day is the one written later.
		if r.Forecast.Value != "" && r.Date.Value >= latest {
			latest = r.Date.Value
			c.Category, c.Source, c.Reviewer, c.Date = r.Forecast.Value, FromReview, r.Reviewer.Value, r.Date.Value
		}
	}
	return c
}

// Deal is what the forecast needs of one deal.
type Deal struct {
	Owner string
	// Close is the close date, YYYY-MM-DD, or "".
	Close string
	// Base is the amount in the base currency.
	Base float64
	Open bool
	Won  bool
	// Call is the category of an open deal.
	Call deal.Call
}

// Figures are a period's forecast for one person, a team or everyone.
type Figures struct {
	// Target is what is to be won; HasTarget is false when no target is
	// set, and then attainment, coverage and gap mean nothing.
	Target    float64
	HasTarget bool
	// Won is what was won with a close date in the period; the others
	// are the open deals closing in it, by call.
	Won, Commit, BestCase, Pipeline, Omitted float64
	// Open counts the open deals, Closed the won ones.
	Open, Closed int
}

// Forecast is the call: what is won and what is committed.
func (f Figures) Forecast() float64 { return f.Won + f.Commit }

// OpenPipeline is every open deal that is in the forecast at all.
func (f Figures) OpenPipeline() float64 { return f.Commit + f.BestCase + f.Pipeline }

// Attainment is the share of the target won; ok is false without a target.
func (f Figures) Attainment() (float64, bool) {
	if !f.HasTarget || f.Target <= 0 {
		return 0, false
	}
	return f.Won / f.Target, true
}

// Coverage is the open pipeline over what is left of the target (a
// manager wants three times or more); ok is false without a target or
// when the target is already met.
func (f Figures) Coverage() (float64, bool) {
	left := f.Target - f.Won
	if !f.HasTarget || left <= 0 {
		return 0, false
	}
	return f.OpenPipeline() / left, true
}

// Gap is what the call lacks to reach the target: target - won - commit,
// 0 when the call reaches it or there is no target.
func (f Figures) Gap() float64 {
	if !f.HasTarget {
		return 0
	}
	return max(0, f.Target-f.Forecast())
}

// Add adds other figures to f: amounts and counts, and targets where
// they are set.
func (f *Figures) Add(o Figures) {
	f.Won += o.Won
	f.Commit += o.Commit
	f.BestCase += o.BestCase
	f.Pipeline += o.Pipeline
	f.Omitted += o.Omitted
	f.Open += o.Open
	f.Closed += o.Closed
	if o.HasTarget {
		f.Target += o.Target
		f.HasTarget = true
	}
}

// AddAny counts a deal in, whatever its close date: for figures that
// cover every period (an owner's, a region's).
func (f *Figures) AddAny(d Deal) {
	if !d.Open {
		if d.Won {
			f.Won += d.Base
			f.Closed++
		}
		return
	}
	f.Open++
	switch d.Call {
	case deal.Commit:
		f.Commit += d.Base
	case deal.BestCase:
		f.BestCase += d.Base
	case deal.Omitted:
		f.Omitted += d.Base
	default:
		f.Pipeline += d.Base
	}
}

// Kind is a kind of period.
type Kind int

const (
	Month Kind = iota
	Quarter
)

// Undated is the period of deals without a close date.
const Undated = ""

// PeriodOf is the month (2027-01) or quarter (2027-Q1) of a YYYY-MM-DD
// date, "" for a date too short to have one.
func PeriodOf(date string, k Kind) string {
	if len(date) < 7 || date[4] != '-' {
		return ""
	}
	m := int(date[5]-'0')*10 + int(date[6]-'0')
	if m < 1 || m > 12 {
		return ""
	}
	if k == Month {
		return date[:7]
	}
	// Not Sprintf: a forecast asks for the quarter of every deal for
	// every period it sums.
	return date[:4] + "-Q" + string(rune('0'+(m+2)/3))
}

// Book is the forecast of a repository's deals against its targets.
type Book struct {
	cfg   *config.Config
	today string
	// byOwner holds each owner's deals, and byPeriod those of them that
	// are not overdue by the month and by the quarter they close in ("" for
	// none), in the same order: the sums of a period add the same deals
	// in the same order as a pass over all of them, and a forecast asks
	// for many periods.
	byOwner  map[string][]Deal
	byPeriod map[string]map[string][]Deal
	// reports are each member's direct reports, in the team's order.
	reports map[string][]string
}

// New makes the book of deals on a day (YYYY-MM-DD): an open deal whose
// close date is before it is overdue and counts in no period.
func New(cfg *config.Config, today string, deals []Deal) *Book {
	b := &Book{cfg: cfg, today: today, byOwner: map[string][]Deal{}, byPeriod: map[string]map[string][]Deal{}, reports: map[string][]string{}}
	for _, d := range deals {
		b.byOwner[d.Owner] = append(b.byOwner[d.Owner], d)
		if b.Overdue(d) {
			continue
		}
		periods := b.byPeriod[d.Owner]
		if periods == nil {
			periods = map[string][]Deal{}
			b.byPeriod[d.Owner] = periods
		}
		month := PeriodOf(d.Close, Month)
		periods[month] = append(periods[month], d)
		if month != "" {
			quarter := PeriodOf(d.Close, Quarter)
			periods[quarter] = append(periods[quarter], d)
		}
	}
	for _, m := range cfg.Team {
		if m.Manager != "" && m.Manager != m.ID {
			b.reports[m.Manager] = append(b.reports[m.Manager], m.ID)
		}
	}
	return b
}

// Overdue reports whether an open deal's close date has passed.
func (b *Book) Overdue(d Deal) bool { return d.Open && d.Close != "" && d.Close < b.today }

// Reports are a member's direct reports.
func (b *Book) Reports(member string) []string { return b.reports[member] }

// Person is one person's own figures in a period: their deals and their
// target (for a manager, the target set for them, which is their team's).
func (b *Book) Person(member, period string) Figures {
	var f Figures
	b.addDeals(&f, member, period)
	f.Target, f.HasTarget = b.target(member, period)
	return f
}

// Team is the figures of a member and everyone below them. Its target is
// the one set for the member, else the sum of their reports' team
// targets and their own.
func (b *Book) Team(member, period string) Figures {
	f, _ := b.team(member, period, map[string]bool{})
	return f
}

func (b *Book) team(member, period string, seen map[string]bool) (Figures, bool) {
	var f Figures
	if seen[member] { // config refuses cycles; this keeps a bad one finite
		return f, false
	}
	seen[member] = true
	b.addDeals(&f, member, period)
	for _, r := range b.reports[member] {
		rf, _ := b.team(r, period, seen)
		f.Add(rf)
	}
	if own, ok := b.target(member, period); ok {
		f.Target, f.HasTarget = own, true
	}
	return f, true
}

// All is everyone's figures: every deal, and the targets of the people at
// the top of the team (those without a manager), each for their team.
func (b *Book) All(period string) Figures {
	var f Figures
	for _, owner := range sortedKeys(b.byOwner) {
		b.addDeals(&f, owner, period)
	}
	for _, m := range b.cfg.Team {
		if _, ok := b.cfg.Member(m.Manager); ok {
			continue
		}
		if t := b.Team(m.ID, period); t.HasTarget {
			f.Target += t.Target
			f.HasTarget = true
		}
	}
	return f
}

// OverdueFigures are the open deals past their close date, for one owner,
// a team or (member "") everyone.
func (b *Book) OverdueFigures(member string, team bool) Figures {
	var f Figures
	add := func(owner string) {
		for _, d := range b.byOwner[owner] {
			if b.Overdue(d) {
				f.AddAny(d)
			}
		}
	}
	if member == "" {
		for _, owner := range sortedKeys(b.byOwner) {
			add(owner)
		}
		return f
	}
	seen := map[string]bool{}
	var walk func(string)
	walk = func(m string) {
		if seen[m] {
			return
		}
		seen[m] = true
		add(m)
		if team {
			for _, r := range b.reports[m] {
				walk(r)
			}
		}
	}
	walk(member)
	return f
}

// addDeals adds an owner's deals that close in the period; overdue open
// deals close in none.
func (b *Book) addDeals(f *Figures, owner, period string) {
	for _, d := range b.byPeriod[owner][period] {
		f.AddAny(d)
	}
}

// target is a member's target for a period: the one set, or for a
// quarter the sum of the months of it that have one.
func (b *Book) target(member, period string) (float64, bool) {
	if t, ok := b.cfg.Target(member, period); ok {
		return t, true
	}
	if len(period) != 7 || period[5] != 'Q' {
		return 0, false
	}
	q := int(period[6] - '0')
	sum, any := 0.0, false
	for m := 3*q - 2; m <= 3*q; m++ {
		if t, ok := b.cfg.Target(member, fmt.Sprintf("%s-%02d", period[:4], m)); ok {
			sum, any = sum+t, true
		}
	}
	return sum, any
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Row is one line of a team table: a person, how deep they sit in the
// management chain, and their figures (a manager's with everyone below
// them).
type Row struct {
	Member string
	Depth  int
	// Manages is true for someone with reports: the figures are the team's.
	Manages bool
	Figures
}

// Rows are everyone's lines for a period, down the management chain from
// the people at its top (or from one member, with under), each manager
// before their reports; owners of deals who are not in the team come
// last, at depth 0.
func (b *Book) Rows(period, under string) []Row {
	var rows []Row
	seen := map[string]bool{}
	var walk func(string, int)
	walk = func(m string, depth int) {
		if seen[m] {
			return
		}
		seen[m] = true
		if len(b.reports[m]) > 0 {
			rows = append(rows, Row{Member: m, Depth: depth, Manages: true, Figures: b.Team(m, period)})
		} else {
			rows = append(rows, Row{Member: m, Depth: depth, Figures: b.Person(m, period)})
		}
		for _, r := range b.reports[m] {
			walk(r, depth+1)
		}
	}
	if under != "" {
		walk(under, 0)
		return rows
	}
	for _, m := range b.cfg.Team {
		if _, ok := b.cfg.Member(m.Manager); !ok {
			walk(m.ID, 0)
		}
	}
	for _, owner := range sortedKeys(b.byOwner) {
		if _, ok := b.cfg.Member(owner); !ok && owner != "" {
			rows = append(rows, Row{Member: owner, Figures: b.Person(owner, period)})
		}
	}
	return rows
}
