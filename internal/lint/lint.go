// Package lint checks deals against the Target Account Selling steps, stage by stage: each rule a named unit with its texts in every language.
package lint

import (
	"fmt"
	"sort"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/internal/teamrule"
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

// StepInfo is one of the seven TAS steps.
type StepInfo struct {
	ID     Step
	Number int
}

// Name is the step's name in a language: "Key players".
func (s StepInfo) Name(lang i18n.Lang) string { return StepName(s.ID, lang) }

// Steps are the seven TAS steps in order.
var Steps = []StepInfo{
	{StepAssess, 1}, {StepCompete, 2}, {StepPlayers, 3}, {StepRelationships, 4},
	{StepPlan, 5}, {StepReview, 6}, {StepClose, 7},
}

// StepName names a step (or "deal") in a language.
func StepName(s Step, lang i18n.Lang) string {
	return texts.Printer(lang).T("steps." + string(s))
}

// StepTitle names a step with its number: "TAS step 3, Key players";
// for the header and file checks just its name.
func StepTitle(s Step, lang i18n.Lang) string {
	if n := stepOrder(s); n > 0 {
		return texts.Printer(lang).T("stepTitle", "number", n, "name", StepName(s, lang))
	}
	return StepName(s, lang)
}

// Finding is one problem in one deal, at a position.
type Finding struct {
	File string
	Pos  source.Pos
	// Field is the path of the field at Pos ("key_players[2].attitude"),
	// "" when Pos is at no field: where the finding is, in words that do
	// not change when lines are added above it.
	Field    string
	Severity Severity
	Rule     string
	Step     Step
	Message  string
	// Guess is what the message suggests writing in place of the key or
	// value at Pos ("did you mean"), "" when it suggests nothing: an
	// editor offers it as a fix.
	Guess string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", f.File, f.Pos.Line, f.Pos.Col, f.Severity, f.Message, f.Rule)
}

// Rule is one check, as go/analysis has analyzers: a named value with its
// id, TAS step, default severity and one function. Stage-gated rules run
// only when the deal's stage requires their step or their id; Always rules
// are hygiene that holds at every stage (a dangling reference is wrong
// whatever the stage). Its words (title, summary, doc, fix, example and
// finding messages) are in the catalog, texts/LANG.yaml, under its id.
type Rule struct {
	ID       string
	Step     Step
	Severity Severity
	Always   bool
	// Run checks one deal; RunRepo checks all deals at once.
	Run     func(p *Pass)
	RunRepo func(p *RepoPass)
	// team is the team rule this rule runs, nil for a built-in rule; its
	// words are the configuration's, not the catalog's.
	team *teamrule.Rule
}

// Team reports whether the rule is one of the team's own, written in the
// configuration (team_rules), rather than built in.
func (r *Rule) Team() bool { return r.team != nil }

// Expressions are a team rule's when (or "") and condition, as written;
// both "" for a built-in rule.
func (r *Rule) Expressions() (when, condition string) {
	if r.team == nil {
		return "", ""
	}
	return r.team.When.Text, r.team.Condition.Text
}

// Source is where a team rule is written (file and position); "" for a
// built-in rule.
func (r *Rule) Source() (file string, pos source.Pos) {
	if r.team == nil {
		return "", source.Pos{}
	}
	return r.team.File, r.team.Pos
}

// Texts are a rule's words in one language.
type Texts struct {
	// Title names the rule in a few words; Summary says in one line what it wants.
	Title, Summary string
	// Doc teaches the TAS idea behind the rule.
	Doc string
	// Fix says how to fix a finding.
	Fix string
	// Example is a YAML fragment of a deal that satisfies the rule.
	Example string
}

// Texts are the rule's words in lang.
func (r *Rule) Texts(lang i18n.Lang) Texts {
	if r.team != nil {
		return teamTexts(r.team, lang)
	}
	p := texts.Printer(lang)
	key := "rules." + r.ID + "."
	return Texts{Title: p.T(key + "title"), Summary: p.T(key + "summary"), Doc: p.T(key + "doc"), Fix: p.T(key + "fix"), Example: p.T(key + "example")}
}

// Pass is what a rule sees of one deal, and how it reports: the context
// of one rule run, as go/analysis names it.
type Pass struct {
	Deal   *deal.Deal
	Config *config.Config
	// Today is YYYY-MM-DD; dates compare as strings.
	Today string
	// Stage is the deal's stage; zero when the stage is unknown.
	Stage config.Stage

	today    time.Time
	rule     *Rule
	linter   *Linter
	words    i18n.Printer
	findings []Finding
	skipped  bool
	// errs are why a team rule could not judge the deal.
	errs []error
	// teamInput is what team rules read of the deal, made for the first.
	teamInput *teamrule.Input
}

// Skip says the rule does not apply to this deal (no risks to detail, a
// handoff for a deal not won), so it counts neither for nor against the
// deal's completeness score.
func (p *Pass) Skip() { p.skipped = true }

// Report records a finding at pos, or where the deal's stage is written
// when pos is unset. msg names one of the rule's messages in the catalog;
// args are name, value pairs that fill it (see i18n.Printer.T).
func (p *Pass) Report(pos source.Pos, msg string, args ...any) {
	if !pos.IsValid() {
		pos = p.Where()
	}
	f := Finding{File: p.Deal.File, Pos: pos, Rule: p.rule.ID, Step: p.rule.Step, Severity: p.rule.Severity}
	if !p.linter.counting {
		f.Message, f.Guess = p.Text(msg, args...), guessIn(args)
	}
	p.findings = append(p.findings, f)
}

// guessIn is the argument named "guess" of a message, the name or value it
// suggests, when it is one.
func guessIn(args []any) string {
	g, _ := arg(args, "guess").(string)
	return g
}

// reportText records a finding with a message already in words: a team
// rule's, which is the configuration's.
func (p *Pass) reportText(pos source.Pos, msg string) {
	p.findings = append(p.findings, Finding{File: p.Deal.File, Pos: p.Where(pos), Rule: p.rule.ID, Step: p.rule.Step, Severity: p.rule.Severity, Message: msg})
}

// Text is one of the rule's messages, filled in, without reporting it: a
// part of another message.
func (p *Pass) Text(msg string, args ...any) string {
	return p.words.T("rules."+p.rule.ID+".messages."+msg, args...)
}

// Texts are several of the rule's messages: the words of a list.
func (p *Pass) Texts(msgs []string) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = p.Text(m)
	}
	return out
}

// Word is an enumeration value as words in a message: the role
// decision_maker is "decision maker".
func (p *Pass) Word(kind string, value string) string {
	key := "words." + kind + "." + value
	if !p.words.Has(key) {
		return value
	}
	return p.words.T(key)
}

// Where picks the first valid position, falling back to the stage (which is
// what makes a missing section required) and then to the top of the file.
func (p *Pass) Where(candidates ...source.Pos) source.Pos {
	for _, pos := range candidates {
		if pos.IsValid() {
			return pos
		}
	}
	if p.Deal.Stage.Pos.IsValid() {
		return p.Deal.Stage.Pos
	}
	return source.Pos{Line: 1, Col: 1}
}

// Open reports whether the deal is still being worked (not won or lost).
func (p *Pass) Open() bool { return p.Stage.Open() }

// DaysSince is how many days lie between date (YYYY-MM-DD) and today; ok is
// false for an unset or malformed date.
func (p *Pass) DaysSince(date string) (days int, ok bool) {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return 0, false
	}
	return int(p.today.Sub(t).Hours() / 24), true
}

// DealRef is what cross-file rules know of each deal: little, so that a
// repository of any size fits in memory.
type DealRef struct {
	File  string
	ID    deal.Text
	Stage string
}

// RepoPass is what a cross-file rule sees.
type RepoPass struct {
	Deals    []DealRef
	rule     *Rule
	words    i18n.Printer
	findings []Finding
}

// Report records a finding in file at pos; msg and args as for Pass.Report.
func (p *RepoPass) Report(file string, pos source.Pos, msg string, args ...any) {
	p.findings = append(p.findings, Finding{
		File: file, Pos: pos, Rule: p.rule.ID, Step: p.rule.Step, Severity: p.rule.Severity,
		Message: p.words.T("rules."+p.rule.ID+".messages."+msg, args...),
	})
}

// Rules returns every built-in rule, ordered by TAS step and then id; a
// linter's Rules add the team's own.
func Rules() []*Rule { return ordered(registry) }

// ordered is rules ordered by TAS step and then id.
func ordered(rules []*Rule) []*Rule {
	out := append([]*Rule(nil), rules...)
	sort.SliceStable(out, func(i, j int) bool {
		si, sj := stepOrder(out[i].Step), stepOrder(out[j].Step)
		if si != sj {
			return si < sj
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Lookup finds a built-in rule by id.
func Lookup(id string) (*Rule, bool) {
	r, ok := byID[id]
	return r, ok
}

// byID indexes the registry. It is filled by init, not by its
// declaration: rules look rules up (lint-ignore), so the registry cannot
// refer to the index while it is being made.
var byID map[string]*Rule

func init() {
	byID = make(map[string]*Rule, len(registry))
	for _, r := range registry {
		if _, dup := byID[r.ID]; dup {
			panic("lint: rule registered twice: " + r.ID)
		}
		byID[r.ID] = r
	}
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

// Suggest returns the built-in rule or step id closest to name, for "did
// you mean".
func Suggest(name string) string { return suggest(name, byID) }

func suggest(name string, rules map[string]*Rule) string {
	candidates := make([]string, 0, len(rules)+len(Steps))
	for id := range rules {
		candidates = append(candidates, id)
	}
	for _, s := range Steps {
		candidates = append(candidates, string(s.ID))
	}
	sort.Strings(candidates)
	return source.Closest(name, candidates)
}
