// Package teamrule compiles the rules a team writes in CEL in its configuration, checks them against the deal schema and their examples, and judges deals with them.
package teamrule

import (
	"fmt"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/source"
)

// CostLimit is the most a rule may cost on one deal, in CEL's steps: a
// rule that walks every key player for every key player of a deal with a
// hundred of them costs a few tens of thousands. CEL has no loop that does
// not end, but a walk inside a walk inside a walk of a long list can still
// take long; the limit stops it after the same work on every machine,
// which a time limit would not (and a timer per evaluation costs more than
// most rules do).
const CostLimit = 1_000_000

// Verdict is what a rule makes of a deal.
type Verdict int

const (
	// Satisfied: the condition holds.
	Satisfied Verdict = iota
	// Broken: the condition is false, or reads a field the deal lacks.
	Broken
	// NotApplicable: the rule's when is false for the deal, or reads a
	// field the deal lacks.
	NotApplicable
)

// Rule is a compiled team rule.
type Rule struct {
	*config.TeamRule
	// Path is Field split at its dots; nil when the rule names none.
	Path       []string
	when, cond cel.Program
}

// Input is what a rule sees of a deal: made once per deal (InputOf) and
// read by every rule.
type Input struct {
	// Deal is the deal as plain values (deal.Deal.Data).
	Deal map[string]any
	// Amount is the deal's amount in the base currency, 0 when it has
	// none or its currency has no rate.
	Amount float64
	// vars are Deal and Amount as CEL reads them, made on first use.
	vars cel.Activation
}

func (in *Input) activation() cel.Activation {
	if in.vars == nil {
		d := in.Deal
		if d == nil {
			d = map[string]any{}
		}
		in.vars, _ = cel.NewActivation(map[string]any{"deal": d, "amount": in.Amount})
	}
	return in.vars
}

// EvalError is a rule that could not judge a deal: it went over its
// budget, or met a value it cannot work with (a division by zero, a text
// compared with a number). It is the rule's fault, not the deal's, and is
// reported at the rule.
type EvalError struct {
	Rule *config.TeamRule
	// Expr is the expression that failed: the rule's when or condition.
	Expr config.Expr
	// Budget is set when the rule went over its budget.
	Budget bool
	Err    error
}

func (e *EvalError) Error() string {
	return fmt.Sprintf("%s:%d:%d: team rule %s: %v", e.Rule.File, e.Expr.Pos.Line, e.Expr.Pos.Col, e.Rule.ID.Name, e.Err)
}

func (e *EvalError) Unwrap() error { return e.Err }

// Problem is the error as a positioned problem of the configuration: the
// rule could not judge the deal in file.
func (e *EvalError) Problem(file string) *source.Error {
	if e.Budget {
		return source.Problem(e.Rule.File, e.Expr.Pos, e, "config.team.budget", "id", e.Rule.ID.Name, "deal", file)
	}
	return source.Problem(e.Rule.File, e.Expr.Pos, e, "config.team.eval", "id", e.Rule.ID.Name, "deal", file, "detail", e.Err.Error())
}

// Judge evaluates the rule on one deal.
func (r *Rule) Judge(in *Input) (Verdict, error) {
	vars := in.activation()
	if r.when != nil {
		ok, missing, err := r.eval(r.when, r.When, vars)
		switch {
		case err != nil:
			return NotApplicable, err
		case missing || !ok:
			return NotApplicable, nil
		}
	}
	ok, missing, err := r.eval(r.cond, r.Condition, vars)
	switch {
	case err != nil:
		return Satisfied, err
	case missing || !ok:
		return Broken, nil
	}
	return Satisfied, nil
}

// eval runs one of the rule's programs: its value, whether it read a field
// the deal lacks, or why it could not judge.
func (r *Rule) eval(prg cel.Program, x config.Expr, vars cel.Activation) (ok, missing bool, err error) {
	out, _, err := prg.Eval(vars)
	if err != nil {
		msg := err.Error()
		switch {
		case strings.HasPrefix(msg, "no such key") || strings.HasPrefix(msg, "no such attribute"):
			return false, true, nil
		case strings.Contains(msg, "cost limit exceeded"):
			return false, false, &EvalError{Rule: r.TeamRule, Expr: x, Budget: true, Err: err}
		}
		return false, false, &EvalError{Rule: r.TeamRule, Expr: x, Err: err}
	}
	b, isBool := out.(types.Bool)
	if !isBool {
		return false, false, &EvalError{Rule: r.TeamRule, Expr: x, Err: fmt.Errorf("the value is of type %s, not true or false", typeName(out))}
	}
	return bool(b), false, nil
}

func typeName(v ref.Val) string {
	if v == nil {
		return "nothing"
	}
	return v.Type().TypeName()
}
