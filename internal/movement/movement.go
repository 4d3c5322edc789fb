// Package movement is how the open pipeline of a close-date window moved between two moments, read from the git history of every deal: the waterfall from start to end, the stage changes, and the deals behind each bar.
package movement

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/i18n"
)

// Window is a close-date window: the deals whose close date is from From
// up to, not including, To (YYYY-MM-DD). Name is how it was asked for:
// 2026-Q4, 2026-11.
type Window struct {
	Name, From, To string
}

// Contains reports whether a close date is in the window.
func (w Window) Contains(date string) bool { return date != "" && date >= w.From && date < w.To }

// Last is the window's last day.
func (w Window) Last() string {
	t, err := time.Parse(time.DateOnly, w.To)
	if err != nil {
		return w.To
	}
	return t.AddDate(0, 0, -1).Format(time.DateOnly)
}

var (
	quarterSpec = regexp.MustCompile(`^(\d{4})-[Qq]([1-4])$`)
	monthSpec   = regexp.MustCompile(`^(\d{4})-(0[1-9]|1[0-2])$`)
)

// ParseWindow reads a window: this-quarter or next-quarter (of at, the
// later moment), YYYY-Qn, or YYYY-MM; "" is this-quarter.
func ParseWindow(spec string, at time.Time) (Window, error) {
	at = at.UTC()
	quarter := func(year, q int) Window {
		start := time.Date(year, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, time.UTC)
		return Window{Name: fmt.Sprintf("%d-Q%d", year, q), From: start.Format(time.DateOnly), To: start.AddDate(0, 3, 0).Format(time.DateOnly)}
	}
	q := (int(at.Month())-1)/3 + 1
	switch spec {
	case "", "this-quarter":
		return quarter(at.Year(), q), nil
	case "next-quarter":
		if q == 4 {
			return quarter(at.Year()+1, 1), nil
		}
		return quarter(at.Year(), q+1), nil
	}
	if m := quarterSpec.FindStringSubmatch(spec); m != nil {
		year, _ := strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[2])
		return quarter(year, n), nil
	}
	if m := monthSpec.FindStringSubmatch(spec); m != nil {
		year, _ := strconv.Atoi(m[1])
		month, _ := strconv.Atoi(m[2])
		start := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
		return Window{Name: spec, From: start.Format(time.DateOnly), To: start.AddDate(0, 1, 0).Format(time.DateOnly)}, nil
	}
	return Window{}, i18n.Errorf("movement.badWindow", "value", spec)
}

// Bar is one bar of the waterfall.
type Bar string

// The bars, in the order of the waterfall: Start + New + PulledIn −
// PushedOut + Increased − Decreased − Won − Lost = End.
const (
	Start     Bar = "start"
	New       Bar = "new"
	PulledIn  Bar = "pulled_in"
	PushedOut Bar = "pushed_out"
	Increased Bar = "increased"
	Decreased Bar = "decreased"
	Won       Bar = "won"
	Lost      Bar = "lost"
	End       Bar = "end"
)

// Bars are the bars in order.
var Bars = []Bar{Start, New, PulledIn, PushedOut, Increased, Decreased, Won, Lost, End}

// Sign is how a bar counts towards the end: +1, −1, or 0 for start and end.
func (b Bar) Sign() int {
	switch b {
	case New, PulledIn, Increased:
		return 1
	case PushedOut, Decreased, Won, Lost:
		return -1
	}
	return 0
}

// Entry is one deal behind a bar: what it added to or took from the
// pipeline, in the base currency, and what changed.
type Entry struct {
	ID, Title, Owner string
	Amount           float64
	// Why says what moved it: the close date from and to, the stage, the
	// amounts ("" for start and end).
	Why, From, To string
}

// Figures are one waterfall.
type Figures struct {
	// Amounts are each bar's amount in the base currency, as a positive
	// number (Sign says which way it counts).
	Amounts map[Bar]float64
	// Deals are the entries behind each bar, the largest first.
	Deals map[Bar][]Entry
	// Conversions are the stage changes in the period, most first.
	Conversions []Conversion
}

// Conversion is how many deals went from one stage to another.
type Conversion struct {
	From, To string
	Count    int
}

// Sum is Start plus and minus every bar: End, when the figures add up.
func (f *Figures) Sum() float64 {
	total := f.Amounts[Start]
	for _, b := range Bars {
		total += float64(b.Sign()) * f.Amounts[b]
	}
	return total
}

// Group is the waterfall of the deals of one owner, team or region.
type Group struct {
	Name string
	Figures
}

// Report is the movement of a window's pipeline between two moments.
type Report struct {
	// From and To are the two moments (Unix seconds, UTC).
	From, To int64
	Window   Window
	// Currency is the base currency of the amounts; the rates are those of
	// the configuration given (the one at To).
	Currency string
	Total    Figures
	// By says how Groups are made: owner, team or region; "" for none.
	By     string
	Groups []Group
	// Unconverted are the deals left out because their currency has no
	// rate in the configuration, as "id (CUR)".
	Unconverted []string
	// Notes say what else the figures rest on (versions of files left
	// out, a shallow history), in words for people.
	Notes []string
}

// Ways to group the deals.
var ByChoices = []string{"owner", "team", "region"}

// Compute reads the waterfall of window w between from and to (Unix
// seconds) from lg. Amounts are in cfg's base currency, at its rates.
// by groups the deals by owner, team (the owner's manager) or region (of
// the account), each deal in the group it is in at to.
func Compute(lg *history.Log, cfg *config.Config, from, to int64, w Window, by string) *Report {
	rep := &Report{From: from, To: to, Window: w, Currency: cfg.Currency.Base, By: by}
	total := newFigures()
	groups := map[string]*Figures{}
	for _, id := range slices.Sorted(maps.Keys(lg.Deals)) {
		t := lg.Deals[id]
		path, ok := walk(t, cfg, from, to, w)
		if !ok {
			rep.Unconverted = append(rep.Unconverted, id+" ("+path.currency+")")
			continue
		}
		if len(path.moves) == 0 && len(path.stages) == 0 {
			continue
		}
		total.add(path)
		if by != "" {
			name := groupOf(path.last, cfg, by)
			g := groups[name]
			if g == nil {
				g = newFigures()
				groups[name] = g
			}
			g.add(path)
		}
	}
	total.finish()
	rep.Total = *total
	for _, name := range slices.Sorted(maps.Keys(groups)) {
		groups[name].finish()
		rep.Groups = append(rep.Groups, Group{Name: name, Figures: *groups[name]})
	}
	return rep
}

// groupOf is the group a deal is in by its last state.
func groupOf(s history.State, cfg *config.Config, by string) string {
	switch by {
	case "owner":
		return s.Owner
	case "team":
		if m, ok := cfg.Member(s.Owner); ok && m.Manager != "" {
			return m.Manager
		}
		return s.Owner
	case "region":
		return s.Region
	}
	return ""
}

func newFigures() *Figures {
	return &Figures{Amounts: map[Bar]float64{}, Deals: map[Bar][]Entry{}}
}

// move is one bar one deal counts in.
type move struct {
	bar   Bar
	entry Entry
}

// path is what one deal did in the period: its moves, and its stage
// changes.
type path struct {
	moves    []move
	stages   [][2]string
	last     history.State
	currency string // a currency without a rate, when there is one
}

// walk follows one deal from its state at from through every change up to
// to. The deal is in the window's pipeline while it exists, is at an open
// stage and has its close date in the window: entering it is New (a deal
// that did not exist, or was closed, before) or PulledIn (an open deal
// whose close date moved in); leaving it is Won, Lost (also a deal
// deleted) or PushedOut (its close date moved out, either way); a change
// of its amount inside it is Increased or Decreased. A deal won or lost in
// the commit that moved its close date into the window enters and leaves
// at once. The bars of each deal add up by construction, so the report
// does.
func walk(t *history.Timeline, cfg *config.Config, from, to int64, w Window) (path, bool) {
	var p path
	base := func(s history.State) (float64, bool) {
		cur := s.Currency
		if cur == "" {
			cur = cfg.Currency.Base
		}
		v, ok := cfg.Convert(s.Amount, cur)
		if !ok {
			p.currency = cur
		}
		return v, ok
	}
	open := func(s history.State) bool {
		st, known := cfg.Stage(s.Stage)
		return !known || st.Open()
	}
	closedAs := func(s history.State) Bar {
		if st, known := cfg.Stage(s.Stage); known && !st.Open() {
			if st.Outcome == config.Won {
				return Won
			}
			return Lost
		}
		return ""
	}
	in := func(s history.State) bool { return !s.Deleted && open(s) && w.Contains(s.CloseDate) }
	entry := func(s history.State, amount float64, why, fromV, toV string) Entry {
		return Entry{ID: t.ID, Title: t.Title, Owner: s.Owner, Amount: amount, Why: why, From: fromV, To: toV}
	}

	var prev history.State
	existed := false
	i := 0
	for ; i < len(t.States) && t.States[i].Time <= from; i++ {
		prev, existed = t.States[i], true
	}
	if !existed && (i == len(t.States) || t.States[i].Time > to) {
		return p, true // not in the period at all
	}
	inside := existed && in(prev)
	var held float64 // the deal's amount in the pipeline while inside
	if inside {
		v, ok := base(prev)
		if !ok {
			return p, false
		}
		held = v
		p.moves = append(p.moves, move{Start, entry(prev, v, "", "", "")})
	}
	p.last = prev
	for ; i < len(t.States) && t.States[i].Time <= to; i++ {
		s := t.States[i]
		if existed && !prev.Deleted && !s.Deleted && prev.Stage != s.Stage {
			p.stages = append(p.stages, [2]string{prev.Stage, s.Stage})
		}
		v, ok := base(s)
		if !ok && (in(s) || inside) {
			return p, false
		}
		switch now := in(s); {
		case !inside && now:
			p.moves = append(p.moves, enterMove(existed, prev, s, open, entry(s, v, "", "", "")))
			held, inside = v, true
		case inside && now:
			if v != held {
				bar := Increased
				if v < held {
					bar = Decreased
				}
				p.moves = append(p.moves, move{bar, entry(s, math.Abs(v-held), "amount", money(held), money(v))})
				held = v
			}
		case inside && !now:
			if v != held && !s.Deleted && closedAs(s) != "" {
				// The amount it was won or lost at.
				bar := Increased
				if v < held {
					bar = Decreased
				}
				p.moves = append(p.moves, move{bar, entry(s, math.Abs(v-held), "amount", money(held), money(v))})
				held = v
			}
			p.moves = append(p.moves, exitMove(prev, s, closedAs, entry(s, held, "", "", "")))
			inside, held = false, 0
		case !inside && !now && !s.Deleted && closedAs(s) != "" && w.Contains(s.CloseDate) && (!existed || prev.Deleted || open(prev)):
			// Won or lost in the commit that moved it into the window.
			p.moves = append(p.moves, enterMove(existed, prev, s, open, entry(s, v, "", "", "")))
			p.moves = append(p.moves, move{closedAs(s), entry(s, v, "stage", prev.Stage, s.Stage)})
		}
		prev, existed = s, true
		if !s.Deleted {
			p.last = s
		}
	}
	if inside {
		p.moves = append(p.moves, move{End, entry(p.last, held, "", "", "")})
	}
	return p, true
}

// enterMove is how a deal entered the window's pipeline at s.
func enterMove(existed bool, prev, s history.State, open func(history.State) bool, e Entry) move {
	switch {
	case !existed || prev.Deleted:
		e.Why = "created"
		if existed {
			e.Why = "readded"
		}
		return move{New, e}
	case !open(prev):
		e.Why, e.From, e.To = "reopened", prev.Stage, s.Stage
		return move{New, e}
	}
	e.Why, e.From, e.To = "close", prev.CloseDate, s.CloseDate
	return move{PulledIn, e}
}

// exitMove is how a deal left the window's pipeline at s.
func exitMove(prev, s history.State, closedAs func(history.State) Bar, e Entry) move {
	switch {
	case s.Deleted:
		e.Why = "deleted"
		return move{Lost, e}
	case closedAs(s) != "":
		e.Why, e.From, e.To = "stage", prev.Stage, s.Stage
		return move{closedAs(s), e}
	}
	e.Why, e.From, e.To = "close", prev.CloseDate, s.CloseDate
	return move{PushedOut, e}
}

func (f *Figures) add(p path) {
	for _, m := range p.moves {
		f.Amounts[m.bar] += m.entry.Amount
		f.Deals[m.bar] = append(f.Deals[m.bar], m.entry)
	}
	for _, st := range p.stages {
		found := false
		for i := range f.Conversions {
			if f.Conversions[i].From == st[0] && f.Conversions[i].To == st[1] {
				f.Conversions[i].Count++
				found = true
			}
		}
		if !found {
			f.Conversions = append(f.Conversions, Conversion{From: st[0], To: st[1], Count: 1})
		}
	}
}

// finish orders the entries, largest first, and the conversions, most
// first.
func (f *Figures) finish() {
	for _, b := range Bars {
		es := f.Deals[b]
		sort.SliceStable(es, func(i, j int) bool {
			if es[i].Amount != es[j].Amount {
				return es[i].Amount > es[j].Amount
			}
			return es[i].ID < es[j].ID
		})
	}
	sort.SliceStable(f.Conversions, func(i, j int) bool {
		a, b := f.Conversions[i], f.Conversions[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.From != b.From {
			return a.From < b.From
		}
		return a.To < b.To
	})
}

// money writes an amount of the base currency to the cent: a rate makes
// 938400.0000000001 of 1,042,667 CNY.
func money(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }
