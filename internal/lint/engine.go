package lint

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/internal/teamrule"
)

// Linter applies the rules as a configuration sets them.
type Linter struct {
	cfg      *config.Config
	today    string
	todayT   time.Time
	severity map[string]Severity
	// required maps a stage to the rules it requires: the gated rules of
	// the steps it names and the rules it names.
	required map[string]map[string]bool
	// atStage maps a stage to the rules whose findings have a severity of
	// their own there, set by an item of its requires.
	atStage map[string]map[string]Severity
	perDeal []*Rule
	repo    []*Rule
	// rules are the built-in rules and the team's, in order; byID
	// indexes them.
	rules []*Rule
	byID  map[string]*Rule
	// tables are each stage's requirements and severities of perDeal;
	// noStage is the table of a stage the pipeline does not have.
	tables  map[string]*stageTable
	noStage *stageTable
	// words are the rules' texts, ui the interface's (for the problems of
	// reading a file), in the findings' language.
	words, ui i18n.Printer
	// counting is set for a caller that only counts findings by rule and
	// severity (every version of every deal in the history): a finding's
	// message and field are much of what it costs, and are left empty.
	counting bool
}

// New prepares a linter: the built-in rules and the team's own (team_rules
// in the configuration), compiled once. today is YYYY-MM-DD. What is wrong
// in the configuration (a rule name that does not exist, a team rule that
// does not compile or judges its examples wrongly) is positioned errors
// joined together.
func New(cfg *config.Config, today string) (*Linter, error) {
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return nil, fmt.Errorf("today %q is not a date: use YYYY-MM-DD", today)
	}
	l := &Linter{cfg: cfg, today: today, todayT: t, severity: map[string]Severity{}, required: map[string]map[string]bool{},
		atStage: map[string]map[string]Severity{}, words: texts.Printer(i18n.English), ui: i18n.UI().Printer(i18n.English)}
	var problems []error
	bad := func(p source.Pos, key string, args ...any) {
		problems = append(problems, source.Problem(cfg.File, p, nil, "config."+key, args...))
	}
	team, teamProblems := teamrule.Compile(cfg, today)
	for _, p := range teamProblems {
		problems = append(problems, p)
	}
	l.byID = maps.Clone(byID)
	all := append([]*Rule(nil), registry...)
	// A team rule with problems never runs (New fails), but its id still
	// counts, so that rules: and requires are checked against it.
	for _, tr := range team {
		r, err := l.teamRule(tr)
		if err != nil {
			problems = append(problems, err)
		}
		if r != nil {
			all = append(all, r)
			l.byID[r.ID] = r
		}
	}
	l.rules = ordered(all)
	for _, r := range l.rules {
		l.severity[r.ID] = r.Severity
	}
	for _, name := range slices.Sorted(maps.Keys(cfg.Rules)) {
		setting := cfg.Rules[name]
		if _, ok := l.byID[name]; !ok {
			bad(setting.Rule.Pos, "unknownRule", "name", name, "guess", l.didYouMean(name))
			continue
		}
		sev, err := ParseSeverity(string(setting.Severity))
		if err != nil {
			bad(setting.Rule.Pos, "severity", "value", string(setting.Severity))
			continue
		}
		if sev == Off && (name == RuleParse || name == RuleSchema) {
			bad(setting.Rule.Pos, "alwaysOn", "name", name)
			continue
		}
		l.severity[name] = sev
	}
	for _, st := range cfg.Stages {
		l.required[st.ID], l.atStage[st.ID] = l.stageRules(st, bad)
	}
	for _, tr := range team {
		for _, st := range tr.Stages {
			if l.required[st.Name] != nil {
				l.required[st.Name][tr.ID.Name] = true
			}
		}
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	for _, r := range l.rules {
		if l.severity[r.ID] == Off {
			continue
		}
		if r.Run != nil {
			l.perDeal = append(l.perDeal, r)
		}
		if r.RunRepo != nil {
			l.repo = append(l.repo, r)
		}
	}
	l.tables = make(map[string]*stageTable, len(cfg.Stages))
	for _, st := range cfg.Stages {
		l.tables[st.ID] = l.table(st.ID)
	}
	l.noStage = l.table("")
	return l, nil
}

// stageTable is, for each rule of perDeal in order, whether deals at a
// stage must satisfy it and the severity of its findings there: looked up
// once per stage, not once per rule and deal.
type stageTable struct {
	required []bool
	severity []Severity
}

// table makes the stage's table; stage "" is a stage the pipeline does not
// have, where only the rules of every stage apply.
func (l *Linter) table(stage string) *stageTable {
	t := &stageTable{required: make([]bool, len(l.perDeal)), severity: make([]Severity, len(l.perDeal))}
	for i, r := range l.perDeal {
		t.required[i] = r.Always || (stage != "" && l.required[stage][r.ID])
		t.severity[i] = l.SeverityAt(stage, r.ID)
	}
	return t
}

// stageRules reads a stage's requires: the rules it requires (the gated
// rules of the steps it names, and the rules it names) and the severities
// its items set. What is wrong with an item is reported through bad.
func (l *Linter) stageRules(st config.Stage, bad func(source.Pos, string, ...any)) (set map[string]bool, sevs map[string]Severity) {
	byID, didYouMean := l.byID, l.didYouMean
	set, sevs = map[string]bool{}, map[string]Severity{}
	// A rule item is more specific than a step item, so it is applied
	// after every step item: its severity wins whatever the order.
	var steps, rules []config.Requirement
	seen := map[string]bool{}
	for _, req := range st.Requires {
		asStep := req.Step.Name != "" || (req.Rule.Name == "" && IsStep(req.Name))
		switch {
		case req.Step.Name != "" && byID[req.Name] != nil:
			bad(req.Pos, "requires.ruleAsStep", "stage", st.ID, "name", req.Name)
			continue
		case req.Step.Name != "" && !IsStep(req.Name):
			bad(req.Pos, "requires.noStep", "stage", st.ID, "name", req.Name, "guess", didYouMean(req.Name))
			continue
		case req.Rule.Name != "" && IsStep(req.Name):
			bad(req.Pos, "requires.stepAsRule", "stage", st.ID, "name", req.Name)
			continue
		case req.Rule.Name != "" && byID[req.Name] == nil:
			bad(req.Pos, "requires.noRule", "stage", st.ID, "name", req.Name, "guess", didYouMean(req.Name))
			continue
		case !asStep && byID[req.Name] == nil:
			bad(req.Pos, "requires.neither", "stage", st.ID, "name", req.Name, "guess", didYouMean(req.Name))
			continue
		case seen[req.Name]:
			bad(req.Pos, "requires.twice", "stage", st.ID, "name", req.Name)
			continue
		}
		seen[req.Name] = true
		if req.Severity != "" {
			sev, err := ParseSeverity(string(req.Severity))
			switch {
			case err != nil:
				bad(req.SeverityAt, "requires.severity", "stage", st.ID, "name", req.Name, "value", string(req.Severity))
				continue
			case sev == Off:
				bad(req.SeverityAt, "requires.off", "stage", st.ID, "name", req.Name)
				continue
			case !asStep && byID[req.Name].RunRepo != nil:
				bad(req.SeverityAt, "requires.repoRule", "stage", st.ID, "name", req.Name)
				continue
			}
		}
		if asStep {
			steps = append(steps, req)
		} else {
			rules = append(rules, req)
		}
	}
	for _, req := range steps {
		for _, r := range registry {
			if string(r.Step) == req.Name && !r.Always {
				set[r.ID] = true
				stageSeverity(sevs, r.ID, req.Severity)
			}
		}
	}
	for _, req := range rules {
		set[req.Name] = true
		delete(sevs, req.Name)
		stageSeverity(sevs, req.Name, req.Severity)
	}
	return set, sevs
}

// stageSeverity records the severity an item of requires sets for rule
// id, if it sets one; the item was checked before.
func stageSeverity(sevs map[string]Severity, id string, sev config.Severity) {
	if sev == "" {
		return
	}
	if s, err := ParseSeverity(string(sev)); err == nil {
		sevs[id] = s
	}
}

// WithLang makes the linter write its findings in lang, and returns it.
func (l *Linter) WithLang(lang i18n.Lang) *Linter {
	l.words = texts.Printer(lang)
	l.ui = i18n.UI().Printer(lang)
	return l
}

// Counting makes the linter leave out of its findings what only a person
// reads (the message and the field), for a caller that counts them by
// rule and severity, and returns it.
func (l *Linter) Counting() *Linter {
	l.counting = true
	return l
}

// Today is the date deals are judged on, YYYY-MM-DD.
func (l *Linter) Today() string { return l.today }

// Lang is the language of the findings.
func (l *Linter) Lang() i18n.Lang { return l.words.Lang }

// didYouMean is the words that suggest the rule or step name meant, or
// nothing.
func (l *Linter) didYouMean(name string) any {
	return config.DidYouMean(l.Suggest(name))
}

// Rules are the rules this linter knows, ordered by TAS step and id: the
// built-in rules and the team's own, whatever their severity.
func (l *Linter) Rules() []*Rule { return l.rules }

// Rule finds one of the linter's rules by id.
func (l *Linter) Rule(id string) (*Rule, bool) {
	r, ok := l.byID[id]
	return r, ok
}

// Suggest is the rule or step id closest to name, for "did you mean".
func (l *Linter) Suggest(name string) string { return suggest(name, l.byID) }

// Severity is the rule's severity after the configuration's overrides
// under rules: what it is at a stage that sets none of its own.
func (l *Linter) Severity(id string) Severity { return l.severity[id] }

// SeverityAt is the severity of rule id's findings in a deal at stage: a
// rule turned off under rules is off everywhere; otherwise the severity
// the stage's requires sets for it, else the one under rules, else the
// rule's default.
func (l *Linter) SeverityAt(stage, id string) Severity {
	if l.severity[id] == Off {
		return Off
	}
	if s, ok := l.atStage[stage][id]; ok {
		return s
	}
	return l.severity[id]
}

// Requires reports whether deals at stage must satisfy rule id.
func (l *Linter) Requires(stage, id string) bool { return l.required[stage][id] }

// StepRequired reports whether deals at stage must satisfy any rule of step.
func (l *Linter) StepRequired(stage string, step Step) bool {
	for id := range l.required[stage] {
		if l.byID[id].Step == step {
			return true
		}
	}
	return false
}

// Score is a deal's completeness against the full TAS blue sheet, in
// percent per step (in the order of Steps), for the deal's header (the
// stage-gated rules of the deal itself: an amount and a close date for
// the forecast), and overall: the mean of those eight parts, so that a
// deal the forecast cannot count is not complete.
type Score struct {
	Steps   [7]int
	Deal    int
	Overall int
}

// DealResult is what linting one deal found.
type DealResult struct {
	Findings []Finding
	Score    Score
	// Errors are team rules that could not judge the deal (a
	// *teamrule.EvalError each): the configuration's fault, reported at
	// the rule.
	Errors []error
}

// Deal lints one parsed deal. problems are what loading it reported; when
// there are any, no TAS rule runs, because their input is not trustworthy.
func (l *Linter) Deal(d *deal.Deal, problems []*source.Error) DealResult {
	if len(problems) > 0 {
		if d != nil {
			problems = l.reword(d, problems)
		}
		findings := l.problemFindings(problems)
		sortFindings(findings)
		return DealResult{Findings: l.capped(findings)}
	}
	stage, _ := l.cfg.Stage(d.Stage.Value)
	var all []Finding
	// passed and counted are per part of the score: the seven steps, then
	// the deal's header.
	passed := [8]int{}
	counted := [8]int{}
	p := &Pass{Deal: d, Config: l.cfg, Today: l.today, Stage: stage, today: l.todayT, words: l.words, linter: l}
	var errs []error
	at := l.tables[stage.ID]
	if at == nil {
		at = l.noStage
	}
	for i, r := range l.perDeal {
		required := at.required[i]
		if r.team != nil && !required {
			// A team rule counts for no score: where its findings would
			// not be reported, it need not run.
			continue
		}
		p.rule, p.findings, p.skipped, p.errs = r, nil, false, nil
		r.Run(p)
		errs = append(errs, p.errs...)
		for j := range p.findings {
			p.findings[j].Severity = at.severity[i]
		}
		part := stepOrder(r.Step) - 1
		if r.Step == StepDeal {
			part = len(Steps)
		}
		// The score measures the TAS blue sheet: a team's own rules are
		// its qualification, reported but not part of it.
		if part >= 0 && !r.Always && r.team == nil && !p.skipped && l.severity[r.ID] >= Warning {
			counted[part]++
			if len(p.findings) == 0 || ignored(d, r.ID) {
				passed[part]++
			}
		}
		if required {
			all = append(all, p.findings...)
		}
	}
	percent := func(i int) int {
		if counted[i] == 0 {
			return 100
		}
		return passed[i] * 100 / counted[i]
	}
	var score Score
	sum := 0
	for i := range score.Steps {
		score.Steps[i] = percent(i)
		sum += score.Steps[i]
	}
	score.Deal = percent(len(Steps))
	score.Overall = (sum + score.Deal) / (len(score.Steps) + 1)
	findings := all[:0]
	for _, f := range all {
		if f.Rule == "lint-ignore" || !ignored(d, f.Rule) {
			// Only what is reported is looked up: most deals of a large
			// repository have few findings, and a lookup costs the depth
			// of the field.
			if !l.counting {
				f.Field = d.PathAt(f.Pos)
			}
			findings = append(findings, f)
		}
	}
	sortFindings(findings)
	return DealResult{Findings: l.capped(findings), Score: score, Errors: errs}
}

// MaxFindingsPerRule is how many findings of one rule a file reports; the
// rest are counted in one more finding. A file of a megabyte can hold
// 100,000 unknown keys or key players without a role: listing each would
// bury the report (and the editor, and a pull request's annotations)
// under one mistake made 100,000 times.
const MaxFindingsPerRule = 100

// capped keeps the first MaxFindingsPerRule findings of each rule, in
// position order, and puts in the place of the next one a finding of the
// same rule and severity that says how many more there are.
func (l *Linter) capped(findings []Finding) []Finding {
	var count map[string]int
	for _, f := range findings {
		if count == nil {
			count = map[string]int{}
		}
		count[f.Rule]++
	}
	over := false
	for _, n := range count {
		over = over || n > MaxFindingsPerRule
	}
	if !over {
		return findings
	}
	kept := make([]Finding, 0, len(findings))
	seen := map[string]int{}
	for _, f := range findings {
		seen[f.Rule]++
		switch n := seen[f.Rule]; {
		case n <= MaxFindingsPerRule:
			kept = append(kept, f)
		case n == MaxFindingsPerRule+1:
			f.Message = l.ui.T("report.more", "count", count[f.Rule]-MaxFindingsPerRule)
			kept = append(kept, f)
		}
	}
	return kept
}

func ignored(d *deal.Deal, rule string) bool {
	for _, ig := range d.Lint.Ignore.Items {
		if ig.Rule.Value == rule && ig.Reason.Set() {
			return true
		}
	}
	return false
}

func (l *Linter) problemFindings(problems []*source.Error) []Finding {
	out := make([]Finding, 0, len(problems))
	for _, p := range problems {
		rule := RuleParse
		if errors.Is(p, source.ErrSchema) {
			rule = RuleSchema
		}
		out = append(out, Finding{File: p.File, Pos: p.Pos, Field: p.Field, Severity: l.severity[rule], Rule: rule, Step: StepDeal, Message: p.Text(l.ui), Guess: guessIn(p.Args)})
	}
	return out
}

// Result is what linting a set of files found.
type Result struct {
	// Files is how many files were checked.
	Files    int
	Deals    []DealSummary
	Findings []Finding
	// Errors are files that could not be read at all.
	Errors []error
}

// DealSummary is what the result keeps of each deal that could be read.
type DealSummary struct {
	File, ID, Title, Owner, Stage string
	Score                         Score
	// Valid is false when the file has parse or schema problems; no TAS rule ran.
	Valid bool
}

// Count is the number of findings at severity sev.
func (r *Result) Count(sev Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == sev {
			n++
		}
	}
	return n
}

// Keep keeps only the findings at least as severe as min.
func (r *Result) Keep(min Severity) {
	kept := r.Findings[:0]
	for _, f := range r.Findings {
		if f.Severity >= min {
			kept = append(kept, f)
		}
	}
	r.Findings = kept
}

// Fails reports whether any finding is at or above failOn (Off never fails).
func (r *Result) Fails(failOn Severity) bool {
	if failOn == Off {
		return false
	}
	for _, f := range r.Findings {
		if f.Severity >= failOn {
			return true
		}
	}
	return false
}

// Run lints files read by r on all cores, then runs the cross-file rules.
// Deals are not kept: only their summaries and findings, so memory stays
// flat however many files there are. With a cache, files whose content was
// linted before under the same key are not parsed again. When only is not
// nil, just the files it names (by File.Name) are linted and reported; of
// the others only the ids are read, for the cross-file rules.
func (l *Linter) Run(r *repo.Reader, files []repo.File, cache *Cache, only map[string]bool) *Result {
	type result struct {
		summary  *DealSummary
		findings []Finding
		err      error
		ruleErrs []error
		id       deal.Text
		skipped  bool
	}
	results := make([]result, len(files))
	r.Read(files, func(i int, f *repo.Loaded) {
		file := f.Name
		if only != nil && !only[file] {
			results[i] = result{skipped: true}
			if f.Err == nil {
				results[i].id = f.ID()
			}
			return
		}
		if f.Err != nil {
			results[i] = result{err: f.Err}
			return
		}
		var sum [32]byte
		if cache != nil && f.Data != nil {
			sum = contentSum(f.Data)
			if hit, ok := cache.get(sum); ok {
				results[i] = result{findings: hit.findings(file), id: hit.ID}
				if hit.Summary != nil {
					s := *hit.Summary
					s.File = file
					results[i].summary = &s
				}
				return
			}
		}
		d, problems := f.Parse()
		res := l.Deal(d, problems)
		results[i].findings = res.Findings
		results[i].ruleErrs = res.Errors
		if d != nil {
			results[i].id = d.ID
			results[i].summary = &DealSummary{File: file, ID: d.ID.Value, Title: d.Title.Value, Owner: d.Owner.Value,
				Stage: d.Stage.Value, Score: res.Score, Valid: len(problems) == 0}
		}
		if cache != nil && f.Data != nil && len(res.Errors) == 0 {
			cache.put(sum, toCache(res, results[i].summary, results[i].id))
		}
	})
	rep := &Result{Files: len(files)}
	if only != nil {
		rep.Files = 0
	}
	// The cross-file rules see every deal, in the order of files; what
	// they find is reported for the files this run reports on.
	refs := make([]DealRef, 0, len(files))
	broken := map[string]bool{}
	for i, r := range results {
		if r.skipped {
			if r.id.Set() {
				refs = append(refs, DealRef{File: files[i].Name, ID: r.id})
			}
			continue
		}
		if only != nil {
			rep.Files++
		}
		if r.err != nil {
			rep.Errors = append(rep.Errors, r.err)
			continue
		}
		rep.Findings = append(rep.Findings, r.findings...)
		for _, err := range r.ruleErrs {
			// A rule that cannot judge one deal usually cannot judge many:
			// it is reported once, for the first.
			if ee, ok := err.(*teamrule.EvalError); ok {
				if broken[ee.Rule.ID.Name] {
					continue
				}
				broken[ee.Rule.ID.Name] = true
				rep.Errors = append(rep.Errors, ee.Problem(files[i].Name))
				continue
			}
			rep.Errors = append(rep.Errors, err)
		}
		if r.summary != nil {
			rep.Deals = append(rep.Deals, *r.summary)
			refs = append(refs, DealRef{File: files[i].Name, ID: r.id, Stage: r.summary.Stage})
		}
	}
	for _, f := range l.Repo(refs) {
		if only == nil || only[f.File] {
			rep.Findings = append(rep.Findings, f)
		}
	}
	sortFindings(rep.Findings)
	return rep
}

// Repo runs the cross-file rules.
func (l *Linter) Repo(deals []DealRef) []Finding {
	var out []Finding
	var idAt map[string]source.Pos
	for _, r := range l.repo {
		p := &RepoPass{Deals: deals, rule: r, words: l.words}
		r.RunRepo(p)
		for i := range p.findings {
			f := &p.findings[i]
			f.Severity = l.severity[r.ID]
			// A cross-file rule sees no file's tree, only what a DealRef
			// holds; of that only the id has a position.
			if idAt == nil {
				idAt = make(map[string]source.Pos, len(deals))
				for _, d := range deals {
					idAt[d.File] = d.ID.Pos
				}
			}
			if at, ok := idAt[f.File]; ok && at.IsValid() && at == f.Pos {
				f.Field = "id"
			}
		}
		out = append(out, p.findings...)
	}
	return out
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Rule < b.Rule
	})
}
