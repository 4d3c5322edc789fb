// Package lint checks deals against the Target Account Selling steps, stage by stage.
package lint

import (
	"fmt"
	"sort"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/source"
)

// Severity orders findings; Off disables a rule.
type Severity int

const (
	Off Severity = iota
	Info
	Warning
	Error
)

var severityNames = [...]string{"off", "info", "warning", "error"}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads error, warning, info or off.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if n == s {
			return Severity(i), nil
		}
	}
	return Off, fmt.Errorf("unknown severity %q: use error, warning, info or off", s)
}

// Step is a TAS step, or "deal" for the header and file-level checks.
type Step string

const (
	StepDeal          Step = "deal"
	StepAssess        Step = "assess"
	StepCompete       Step = "compete"
	StepPlayers       Step = "players"
	StepRelationships Step = "relationships"
	StepPlan          Step = "plan"
	StepReview        Step = "review"
	StepClose         Step = "close"
)

// StepInfo describes one of the seven TAS steps.
type StepInfo struct {
	ID     Step
	Number int
	Title  string
}

// Steps are the seven TAS steps in order.
var Steps = []StepInfo{
	{StepAssess, 1, "Assess the opportunity"},
	{StepCompete, 2, "Competitive strategy"},
	{StepPlayers, 3, "Key players"},
	{StepRelationships, 4, "Relationship strategy"},
	{StepPlan, 5, "Sales work plan"},
	{StepReview, 6, "Test and refine the plan"},
	{StepClose, 7, "Complete the sale"},
}

// StepTitle names a step for people: "step 3, Key players".
func StepTitle(s Step) string {
	for _, info := range Steps {
		if info.ID == s {
			return fmt.Sprintf("TAS step %d, %s", info.Number, info.Title)
		}
	}
	return "deal header and file"
}

// Finding is one problem in one deal, at a position.
type Finding struct {
	File     string
	Pos      source.Pos
	Severity Severity
	Rule     string
	Step     Step
	Message  string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", f.File, f.Pos.Line, f.Pos.Col, f.Severity, f.Message, f.Rule)
}

// Rule is one check. Stage-gated rules run only when the deal's stage
// requires their step or their id; Always rules are hygiene that holds at
// every stage (a dangling reference is wrong whatever the stage).
type Rule struct {
	ID       string
	Step     Step
	Severity Severity
	Always   bool
	// Summary is one line: what the rule wants.
	Summary string
	// Doc teaches the TAS idea behind the rule.
	Doc string
	// Hint says how to fix a finding.
	Hint string
	// Example is a YAML fragment that satisfies the rule.
	Example string
	// Check runs on one deal; Repo, on all deals at once.
	Check func(c *Check)
	Repo  func(c *RepoCheck)
}

// Check is what a rule sees of one deal, and how it reports.
type Check struct {
	Deal   *deal.Deal
	Config *config.Config
	// Today is YYYY-MM-DD; dates compare as strings.
	Today string
	// Stage is the deal's stage; zero when the stage is unknown.
	Stage config.Stage

	today    time.Time
	rule     *Rule
	findings []Finding
	skipped  bool
}

// Skip says the rule does not apply to this deal (no risks to detail, a
// handoff for a deal not won), so it counts neither for nor against the
// deal's completeness score.
func (c *Check) Skip() { c.skipped = true }

// Report records a finding at p, or where the deal's stage is written when p is unset.
func (c *Check) Report(p source.Pos, format string, args ...any) {
	if !p.IsValid() {
		p = c.Where()
	}
	c.findings = append(c.findings, Finding{
		File: c.Deal.File, Pos: p, Rule: c.rule.ID, Step: c.rule.Step, Severity: c.rule.Severity,
		Message: fmt.Sprintf(format, args...),
	})
}

// Where picks the first valid position, falling back to the stage (which is
// what makes a missing section required) and then to the top of the file.
func (c *Check) Where(candidates ...source.Pos) source.Pos {
	for _, p := range candidates {
		if p.IsValid() {
			return p
		}
	}
	if c.Deal.Stage.Pos.IsValid() {
		return c.Deal.Stage.Pos
	}
	return source.Pos{Line: 1, Col: 1}
}

// Open reports whether the deal is still being worked (not won or lost).
func (c *Check) Open() bool { return c.Stage.Open() }

// DaysSince is how many days lie between date (YYYY-MM-DD) and today; ok is
// false for an unset or malformed date.
func (c *Check) DaysSince(date string) (days int, ok bool) {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return 0, false
	}
	return int(c.today.Sub(t).Hours() / 24), true
}

// DealRef is what cross-file rules know of each deal: little, so that a
// repository of any size fits in memory.
type DealRef struct {
	File  string
	ID    deal.Text
	Stage string
}

// RepoCheck is what a cross-file rule sees.
type RepoCheck struct {
	Deals    []DealRef
	rule     *Rule
	findings []Finding
}

// Report records a finding in file at p.
func (c *RepoCheck) Report(file string, p source.Pos, format string, args ...any) {
	c.findings = append(c.findings, Finding{
		File: file, Pos: p, Rule: c.rule.ID, Step: c.rule.Step, Severity: c.rule.Severity,
		Message: fmt.Sprintf(format, args...),
	})
}

// registry holds every rule; each rules_*.go file adds its step's rules.
var registry = map[string]*Rule{}

func register(rules ...*Rule) {
	for _, r := range rules {
		if _, dup := registry[r.ID]; dup {
			panic("lint: rule registered twice: " + r.ID)
		}
		registry[r.ID] = r
	}
}

// Rules returns every rule, ordered by TAS step and then id.
func Rules() []*Rule {
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		si, sj := stepOrder(out[i].Step), stepOrder(out[j].Step)
		if si != sj {
			return si < sj
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Lookup finds a rule by id.
func Lookup(id string) (*Rule, bool) {
	r, ok := registry[id]
	return r, ok
}

func stepOrder(s Step) int {
	for _, info := range Steps {
		if info.ID == s {
			return info.Number
		}
	}
	return 0
}

// IsStep reports whether name is one of the seven step ids.
func IsStep(name string) bool { return stepOrder(Step(name)) > 0 }

// Suggest returns the rule or step id closest to name, for "did you mean".
func Suggest(name string) string {
	candidates := make([]string, 0, len(registry)+len(Steps))
	for id := range registry {
		candidates = append(candidates, id)
	}
	for _, s := range Steps {
		candidates = append(candidates, string(s.ID))
	}
	sort.Strings(candidates)
	return source.Closest(name, candidates)
}
