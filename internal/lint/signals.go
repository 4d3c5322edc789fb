package lint

import "github.com/dealsascode/deals/internal/deal"

// Signals are the coaching signals of a deal that the site and exports
// show beside its findings: what a manager scans a pipeline for.
type Signals struct {
	// OverdueActions counts open plan actions past their due date.
	OverdueActions int
	// CloseDatePassed is an open deal whose close date is in the past.
	CloseDatePassed bool
	// StaleReview is a plan whose last review is older than the
	// configuration allows.
	StaleReview bool
	// MissingRoles are the buying roles TAS requires for the account's
	// size and the product's complexity that no key player has.
	MissingRoles []deal.Role
}

// Signals draws a deal's signals from its findings, so that they follow
// the configured rules (a rule turned off raises no signal), and from its
// key players.
func (l *Linter) Signals(d *deal.Deal, findings []Finding) Signals {
	var s Signals
	for _, f := range findings {
		switch f.Rule {
		case "plan-overdue":
			s.OverdueActions++
		case "deal-close-date":
			s.CloseDatePassed = true
		case "review-stale":
			s.StaleReview = true
		}
	}
	for _, role := range l.cfg.RequiredRolesFor(d.Account.Size.Value, d.Product.Complexity.Value) {
		if !hasRole(d, role) {
			s.MissingRoles = append(s.MissingRoles, role)
		}
	}
	return s
}
