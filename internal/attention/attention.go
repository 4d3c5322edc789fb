// Package attention finds the deals that need someone this week, says why and what to do, and ranks them by what is at stake.
package attention

import (
	"slices"
	"sort"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/forecast"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
)

// Kind is one reason a deal needs attention. Each has three texts in the
// interface catalog: attention.KIND.why (what is wrong),
// attention.KIND.do (what to do this week) and attention.KIND.flag (its
// name, a few words, on the pipeline's cards and in its filter).
type Kind string

const (
	// ClosePassed: an open deal's close date is in the past.
	ClosePassed Kind = "closePassed"
	// Slipped: the close date was moved later, once or more (from git).
	Slipped Kind = "slipped"
	// Overdue: open actions of the plan are past their due date.
	Overdue Kind = "overdue"
	// NoNextStep: the deal is to close this quarter without an agreed
	// next step to come.
	NoNextStep Kind = "noNextStep"
	// StaleReview: the plan has not been reviewed for too long.
	StaleReview Kind = "staleReview"
	// Rotting: the deal has been in its stage longer than the stage's
	// max_days.
	Rotting Kind = "rotting"
	// SingleThreaded: past the first stage, one contact is all we have.
	SingleThreaded Kind = "singleThreaded"
	// MissingRoles: buying roles the stage requires are not found.
	MissingRoles Kind = "missingRoles"
	// NoCoach: the stage requires a coach and there is none.
	NoCoach Kind = "noCoach"
	// Opponents: influential skeptics or opponents nobody works on.
	Opponents Kind = "opponents"
	// CommitAtRisk: the deal is called commit, but what a commit rests
	// on is not there: a decision maker found, a next step agreed ahead,
	// a close plan with the customer.
	CommitAtRisk Kind = "commitAtRisk"
)

// Kinds lists every reason, in the order the site offers them as filters.
var Kinds = []Kind{ClosePassed, Slipped, Overdue, NoNextStep, StaleReview, Rotting, SingleThreaded, MissingRoles, NoCoach, Opponents, CommitAtRisk}

// Reason is one thing a deal needs, with the values its texts name.
type Reason struct {
	Kind     Kind
	Severity lint.Severity
	// Args are name, value pairs for the texts (see i18n.Printer.T).
	Args []any
}

// Facts are what only the history knows of a deal.
type Facts struct {
	// DaysInStage is how long the deal has been in its stage; -1 when
	// there is no history to tell.
	DaysInStage int
	// Slips counts the times the close date was moved later.
	Slips int
}

// Reasons are what a deal needs this week, most severe first: drawn from
// its lint findings and signals (so that they follow the configured rules
// and agree with the deal's page), its header and its history. A closed deal, or one
// at a stage the pipeline does not have, needs nothing here.
func Reasons(d *deal.Deal, findings []lint.Finding, sig lint.Signals, cfg *config.Config, today string, f Facts) []Reason {
	stage, known := cfg.Stage(d.Stage.Value)
	if !known || !stage.Open() {
		return nil
	}
	var out []Reason
	add := func(k Kind, sev lint.Severity, args ...any) {
		out = append(out, Reason{Kind: k, Severity: sev, Args: args})
	}
	worst := map[string]lint.Severity{}
	count := map[string]int{}
	for _, fd := range findings {
		count[fd.Rule]++
		worst[fd.Rule] = max(worst[fd.Rule], fd.Severity)
	}
	if sig.CloseDatePassed {
		add(ClosePassed, lint.Error, "date", d.CloseDate.Value)
	}
	if f.Slips > 0 {
		add(Slipped, lint.Warning, "count", f.Slips, "date", d.CloseDate.Value)
	}
	if n := sig.OverdueActions; n > 0 {
		add(Overdue, max(worst["plan-overdue"], lint.Warning), "count", n)
	}
	if closesThisQuarter(d.CloseDate.Value, today) && !nextStepAhead(d, today) {
		add(NoNextStep, lint.Error, "date", d.CloseDate.Value)
	}
	if sig.StaleReview {
		add(StaleReview, max(worst["review-stale"], lint.Warning))
	}
	if stage.MaxDays > 0 && f.DaysInStage > stage.MaxDays {
		add(Rotting, lint.Warning, "days", f.DaysInStage, "stage", stage.ID, "max", stage.MaxDays)
	}
	if cfg.StageIndex(stage.ID) > firstOpen(cfg) && d.KeyPlayers.Len() == 1 {
		add(SingleThreaded, lint.Warning, "name", d.KeyPlayers.Items[0].Name.Value)
	}
	// Missing roles count where the stage requires them, as the lint says.
	if sev, ok := worst["players-roles"]; ok && len(sig.MissingRoles) > 0 {
		add(MissingRoles, sev, "roles", sig.MissingRoles)
	}
	if sev, ok := worst["players-coach"]; ok {
		add(NoCoach, sev)
	}
	if sev, ok := worst["relationships-opponents"]; ok {
		add(Opponents, sev, "count", count["relationships-opponents"])
	}
	if call := forecast.CallOf(cfg, d); call.Category == deal.Commit {
		// A next step missing this quarter is said already (NoNextStep).
		said := slices.ContainsFunc(out, func(r Reason) bool { return r.Kind == NoNextStep })
		if gap := commitGap(d, today); gap != "" && !(gap == "noNextStep" && said) {
			add(CommitAtRisk, lint.Warning, "gap", i18n.M("attention.commitAtRisk."+gap))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Severity > out[j].Severity })
	return out
}

// commitGap is the first thing a commit lacks, "" for none: the one who
// signs, then the customer's next step, then a mutual close plan.
func commitGap(d *deal.Deal, today string) string {
	signer := false
	for _, k := range d.KeyPlayers.Items {
		for _, r := range k.Roles.Items {
			signer = signer || r.Value == deal.DecisionMaker
		}
	}
	switch {
	case !signer:
		return "noDecisionMaker"
	case !nextStepAhead(d, today):
		return "noNextStep"
	case d.Close.Plan.Len() == 0:
		return "noClosePlan"
	}
	return ""
}

// closesThisQuarter reports whether date (YYYY-MM-DD) falls in today's
// calendar quarter, today or later.
func closesThisQuarter(date, today string) bool {
	d, err1 := time.Parse(time.DateOnly, date)
	t, err2 := time.Parse(time.DateOnly, today)
	if err1 != nil || err2 != nil || d.Before(t) {
		return false
	}
	return d.Year() == t.Year() && (int(d.Month())-1)/3 == (int(t.Month())-1)/3
}

// nextStepAhead reports whether an agreed next step is dated today or later.
func nextStepAhead(d *deal.Deal, today string) bool {
	ns := d.Close.NextStep
	return ns.Action.Set() && ns.Date.Set() && ns.Date.Value >= today
}

// firstOpen is the index of the pipeline's first open stage.
func firstOpen(cfg *config.Config) int {
	for i, s := range cfg.Stages {
		if s.Open() {
			return i
		}
	}
	return 0
}

// Item is a deal that needs attention, with what is at stake.
type Item[T any] struct {
	Deal    T
	Reasons []Reason
	// Weighted is the deal's amount in the base currency weighted by its
	// stage's probability: what the forecast loses if it goes wrong.
	Weighted float64
	Title    string
}

// Rank orders items for a week's work: the most severe first, then the
// most at stake, then by title; items without reasons are left out.
func Rank[T any](items []Item[T]) []Item[T] {
	out := make([]Item[T], 0, len(items))
	for _, it := range items {
		if len(it.Reasons) > 0 {
			out = append(out, it)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if sa, sb := a.Reasons[0].Severity, b.Reasons[0].Severity; sa != sb {
			return sa > sb
		}
		if a.Weighted != b.Weighted {
			return a.Weighted > b.Weighted
		}
		return a.Title < b.Title
	})
	return out
}
