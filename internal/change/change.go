// Package change compares deals between two revisions: the semantic diff a pull request is reviewed by.
package change

import (
	"fmt"
	"github.com/dealsascode/deals/internal/text"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/source"
)

// Version is one side of a deal's comparison.
type Version struct {
	File     string
	Deal     *deal.Deal // nil when the file could not be read as a deal
	Problems []*source.Error
	Findings []lint.Finding
	Score    lint.Score
}

// Diff is what changed in one deal.
type Diff struct {
	// Kind is added, removed, renamed or modified.
	Kind          string
	ID, Title     string
	File, OldFile string

	Stage   *StageMove
	Amount  *Pair
	Close   *CloseMove
	Players PlayerChanges
	Actions ActionChanges

	// Scores are the completeness before and after; Steps lists the
	// TAS steps whose score changed.
	ScoreBefore, ScoreAfter int
	Steps                   []StepScore

	NewFindings, FixedFindings []lint.Finding
	// Unreadable is why a side could not be read as a deal at all: its
	// first problem; nil when both sides read.
	Unreadable *source.Error
}

// StageMove is a stage change; Forward is false for a move back.
type StageMove struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Forward bool   `json:"forward"`
}

// Pair is a value before and after.
type Pair struct {
	From string `json:"from"`
	To   string `json:"to"`
	// fromZh and toZh are an amount's From and To as Chinese counts
	// them (120万 CNY), for the summary in Chinese.
	fromZh, toZh string
}

// CloseMove is a change of the expected close date.
type CloseMove struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Slip is true when the date moved later; SlipNumber counts this slip
	// among all the deal's slips (2 for the second), when history is known.
	Slip       bool `json:"slip"`
	SlipNumber int  `json:"slip_number,omitempty"`
}

// PlayerChanges lists key players added, removed and changed.
type PlayerChanges struct {
	Added   []Player       `json:"added"`
	Removed []Player       `json:"removed"`
	Changed []PlayerChange `json:"changed"`
}

// Player is a key player as a diff names them.
type Player struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Title    string   `json:"title,omitempty"`
	Roles    []string `json:"roles"`
	Attitude string   `json:"attitude,omitempty"`
}

// PlayerChange is one changed field of a key player.
type PlayerChange struct {
	Name  string `json:"name"`
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// ActionChanges lists plan actions added, completed and newly overdue.
type ActionChanges struct {
	Added        []string `json:"added"`
	Completed    []string `json:"completed"`
	NewlyOverdue []string `json:"newly_overdue"`
}

// StepScore is a TAS step whose completeness changed, or the deal's own
// part of the score (Step.ID lint.StepDeal, Number 0).
type StepScore struct {
	Step          lint.StepInfo
	Before, After int
}

// Compare describes how a deal changed from old to new; either may be nil
// for an added or removed deal. Both sides are judged at today, so that an
// action counts as newly overdue only when the change made it so (it is
// new, or its date or status changed), not because time passed.
func Compare(old, new *Version, cfg *config.Config, today string) Diff {
	var d Diff
	switch {
	case old == nil:
		d.Kind = "added"
	case new == nil:
		d.Kind = "removed"
	case old.File != new.File:
		d.Kind = "renamed"
	default:
		d.Kind = "modified"
	}
	if new != nil {
		d.File = new.File
	}
	if old != nil {
		d.OldFile = old.File
	}
	od, nd := dealOf(old), dealOf(new)
	for _, v := range []*Version{old, new} {
		if v != nil && v.Deal == nil && len(v.Problems) > 0 {
			d.Unreadable = v.Problems[0]
		}
	}
	for _, x := range []*deal.Deal{nd, od} {
		if x != nil && d.ID == "" {
			d.ID, d.Title = x.ID.Value, x.Title.Value
		}
	}
	if od != nil && nd != nil {
		if od.Stage.Value != nd.Stage.Value {
			d.Stage = &StageMove{From: od.Stage.Value, To: nd.Stage.Value, Forward: cfg.StageIndex(nd.Stage.Value) > cfg.StageIndex(od.Stage.Value)}
		}
		if a, b := amount(od, cfg, compact), amount(nd, cfg, compact); a != b {
			d.Amount = &Pair{From: a, To: b, fromZh: amount(od, cfg, wan), toZh: amount(nd, cfg, wan)}
		}
		if od.CloseDate.Value != nd.CloseDate.Value {
			d.Close = &CloseMove{From: od.CloseDate.Value, To: nd.CloseDate.Value, Slip: od.CloseDate.Value != "" && nd.CloseDate.Value > od.CloseDate.Value}
		}
	}
	d.Players = comparePlayers(od, nd)
	d.Actions = compareActions(od, nd, today)
	if old != nil && old.Deal != nil {
		d.ScoreBefore = old.Score.Overall
	}
	if new != nil && new.Deal != nil {
		d.ScoreAfter = new.Score.Overall
	}
	if old != nil && new != nil && old.Deal != nil && new.Deal != nil {
		// The deal's own part of the score (amount and close date) comes
		// first, as on the deal's page: it moves the overall score too.
		if old.Score.Deal != new.Score.Deal {
			d.Steps = append(d.Steps, StepScore{Step: lint.StepInfo{ID: lint.StepDeal}, Before: old.Score.Deal, After: new.Score.Deal})
		}
		for i, s := range lint.Steps {
			if old.Score.Steps[i] != new.Score.Steps[i] {
				d.Steps = append(d.Steps, StepScore{Step: s, Before: old.Score.Steps[i], After: new.Score.Steps[i]})
			}
		}
	}
	d.NewFindings, d.FixedFindings = compareFindings(findings(old), findings(new))
	if d.Kind == "removed" || new != nil && new.Deal == nil {
		// Gone with the deal, or no longer checked because the file
		// cannot be read: not fixed.
		d.FixedFindings = nil
	}
	return d
}

// Changed reports whether the diff says anything.
func (d Diff) Changed() bool {
	return d.Kind != "modified" || d.Stage != nil || d.Amount != nil || d.Close != nil ||
		len(d.Players.Added)+len(d.Players.Removed)+len(d.Players.Changed) > 0 ||
		len(d.Actions.Added)+len(d.Actions.Completed)+len(d.Actions.NewlyOverdue) > 0 ||
		d.ScoreBefore != d.ScoreAfter || len(d.NewFindings)+len(d.FixedFindings) > 0 || d.Unreadable != nil
}

func dealOf(v *Version) *deal.Deal {
	if v == nil {
		return nil
	}
	return v.Deal
}

func findings(v *Version) []lint.Finding {
	if v == nil {
		return nil
	}
	return v.Findings
}

// amount is the deal's amount with its currency, the number written by
// number; "" when the deal has none.
func amount(d *deal.Deal, cfg *config.Config, number func(float64) string) string {
	if !d.Amount.Present() {
		return ""
	}
	cur := d.Amount.Currency.Value
	if cur == "" {
		cur = cfg.Currency.Base
	}
	return fmt.Sprintf("%s %s", number(d.Amount.Value), cur)
}

// wan writes an amount as Chinese counts it: 120万, 1.5亿.
func wan(v float64) string { return text.Wan(v, 2) }

// compact writes an amount as people say it: 1.2M, 350k, 980.
func compact(v float64) string {
	round := func(x float64, digits int) string {
		p := math.Pow(10, float64(digits))
		return strconv.FormatFloat(math.Round(x*p)/p, 'f', -1, 64)
	}
	switch {
	case v >= 1e9:
		return round(v/1e9, 2) + "B"
	case v >= 1e6:
		return round(v/1e6, 2) + "M"
	case v >= 1e4:
		return round(v/1e3, 1) + "k"
	}
	return round(v, 2)
}

func comparePlayers(od, nd *deal.Deal) PlayerChanges {
	var pc PlayerChanges
	before := map[string]deal.KeyPlayer{}
	if od != nil {
		for _, k := range od.KeyPlayers.Items {
			before[k.ID.Value] = k
		}
	}
	after := map[string]bool{}
	if nd != nil {
		for _, k := range nd.KeyPlayers.Items {
			after[k.ID.Value] = true
			old, existed := before[k.ID.Value]
			if !existed {
				if od != nil {
					pc.Added = append(pc.Added, player(k))
				}
				continue
			}
			for _, f := range []struct{ name, from, to string }{
				{"roles", roles(old), roles(k)},
				{"attitude", string(old.Attitude.Value), string(k.Attitude.Value)},
				{"influence", string(old.Influence.Value), string(k.Influence.Value)},
			} {
				if f.from != f.to {
					pc.Changed = append(pc.Changed, PlayerChange{Name: k.Name.Value, Field: f.name, From: f.from, To: f.to})
				}
			}
		}
	}
	if od != nil && nd != nil {
		for _, k := range od.KeyPlayers.Items {
			if !after[k.ID.Value] {
				pc.Removed = append(pc.Removed, player(k))
			}
		}
	}
	return pc
}

func player(k deal.KeyPlayer) Player {
	p := Player{ID: k.ID.Value, Name: k.Name.Value, Title: k.Title.Value, Attitude: string(k.Attitude.Value)}
	for _, r := range k.Roles.Items {
		p.Roles = append(p.Roles, string(r.Value))
	}
	return p
}

func roles(k deal.KeyPlayer) string {
	var rs []string
	for _, r := range k.Roles.Items {
		rs = append(rs, string(r.Value))
	}
	sort.Strings(rs)
	return strings.Join(rs, ", ")
}

// compareActions matches actions by what they say: plans are edited in
// place, so the text is the best identity they have.
func compareActions(od, nd *deal.Deal, today string) ActionChanges {
	var ac ActionChanges
	if nd == nil {
		return ac
	}
	before := map[string]deal.Action{}
	if od != nil {
		for _, a := range od.Plan.Actions.Items {
			before[a.What.Value] = a
		}
	}
	overdue := func(a deal.Action, at string) bool { return a.Open() && a.Due.Set() && a.Due.Value < at }
	if nd.Stage.Value == "" {
		return ac
	}
	for _, a := range nd.Plan.Actions.Items {
		old, existed := before[a.What.Value]
		switch {
		case !existed && od != nil:
			ac.Added = append(ac.Added, a.What.Value)
		case existed && old.Open() && !a.Open() && a.Status.Value == "done":
			ac.Completed = append(ac.Completed, a.What.Value)
		}
		if overdue(a, today) && !(existed && overdue(old, today)) {
			ac.NewlyOverdue = append(ac.NewlyOverdue, a.What.Value)
		}
	}
	return ac
}

// compareFindings pairs findings by rule and message: positions move
// when lines are added above them, the problem does not.
func compareFindings(before, after []lint.Finding) (introduced, fixed []lint.Finding) {
	key := func(f lint.Finding) string { return f.Rule + "\x00" + f.Message }
	count := map[string]int{}
	for _, f := range before {
		count[key(f)]++
	}
	for _, f := range after {
		if count[key(f)] > 0 {
			count[key(f)]--
			continue
		}
		introduced = append(introduced, f)
	}
	seen := map[string]int{}
	for _, f := range after {
		seen[key(f)]++
	}
	for _, f := range before {
		if seen[key(f)] > 0 {
			seen[key(f)]--
			continue
		}
		fixed = append(fixed, f)
	}
	return introduced, fixed
}
