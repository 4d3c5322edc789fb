// Package config loads deals.config.yaml, the repository's pipeline and team settings.
package config

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/safefile"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
	"gopkg.in/yaml.v3"
)

// FileName is the configuration file at the root of a deals repository.
const FileName = "deals.config.yaml"

// Ref is a name written in the configuration, with where it was written,
// so that a bad name can be reported at its position.
type Ref struct {
	Name string
	Pos  source.Pos
}

// DecodeNode implements source.NodeDecoder.
func (r *Ref) DecodeNode(_, n *yaml.Node) {
	r.Pos = source.At(n)
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		r.Name = n.Value
	}
}

// Config is the repository configuration with defaults filled in. Its
// fields are decoded from deals.config.yaml by their yaml tags; a test
// checks them against the schema.
type Config struct {
	// File is the configuration file, or "" when the defaults apply.
	File string `yaml:"-"`
	// Root is the repository folder the configuration belongs to.
	Root string `yaml:"-"`
	// Source is the configuration file's content, empty for the defaults.
	Source []byte `yaml:"-"`

	Stages           []Stage                `yaml:"stages"`
	RequiredRoles    []RoleRequirement      `yaml:"required_roles"`
	ReviewMaxAgeDays int                    `yaml:"review_max_age_days"`
	PlayerMaxAgeDays int                    `yaml:"player_max_age_days"`
	QualifiedLevel   deal.Level             `yaml:"qualified_level"`
	Rules            map[string]RuleSetting `yaml:"rules"`
	Currency         Currency               `yaml:"currency"`
	Team             []Member               `yaml:"team"`
	Exclude          []string               `yaml:"exclude"`
	// Language is the team's language for what deals writes for people;
	// a command's --lang overrides it.
	Language i18n.Lang `yaml:"language"`
	// LanguageAt is where language is written; the zero Pos when it is
	// not, and English is only the default, which an editor's own
	// language may take the place of.
	LanguageAt source.Pos `yaml:"language,pos"`
	// CRMStages maps stage names of a CRM (as deals import reads them) to
	// stage ids, with where each id is written; nil when the configuration
	// sets none.
	CRMStages map[string]Ref `yaml:"crm_stages"`
	// TeamRules are the team's own rules: those of the file, then those
	// of the rule packs it includes.
	TeamRules []TeamRule `yaml:"team_rules"`
	// Include names the rule packs, relative to the file's folder.
	Include []Ref `yaml:"include"`
	// Includes are the rule packs as read, in the order of Include.
	Includes []Include `yaml:"-"`
	// Targets are what team members are to win per period, in the base
	// currency, by member id.
	Targets map[string]Target `yaml:"targets"`

	stageIndex map[string]int
	members    map[string]int
}

// Outcome marks a closed stage; "" is an open one.
type Outcome string

const (
	Won  Outcome = "won"
	Lost Outcome = "lost"
)

// Outcomes lists the outcomes of closed stages.
var Outcomes = []Outcome{Won, Lost}

// Stage is one pipeline stage.
type Stage struct {
	ID string `yaml:"id"`
	// Name is the stage's name in English, or in the one language it is
	// written in; Label is it as written, in each language (NameIn).
	Name        string  `yaml:"-"`
	Label       Words   `yaml:"name"`
	Probability float64 `yaml:"probability"`
	// Outcome is won or lost for closed stages, "" for open ones.
	Outcome  Outcome       `yaml:"outcome"`
	Requires []Requirement `yaml:"requires"`
	// MaxDays is how long a deal may stay in the stage before it is
	// rotting and needs attention; 0 for no limit.
	MaxDays int `yaml:"max_days"`
	// Forecast is the forecast category of a deal in this stage that
	// makes no call of its own; "" derives it from the probability (Call).
	Forecast deal.Call  `yaml:"forecast"`
	Pos      source.Pos `yaml:",at"`
}

// Call is the forecast category of a deal in this stage that makes no
// call of its own: the stage's forecast, or else one read off its
// probability, as a manager would: 80 % and more is commit, 50 % best
// case, 10 % pipeline, below that omitted. A closed stage has none.
func (s Stage) Call() deal.Call {
	switch {
	case !s.Open():
		return ""
	case s.Forecast != "":
		return s.Forecast
	case s.Probability >= 80:
		return deal.Commit
	case s.Probability >= 50:
		return deal.BestCase
	case s.Probability >= 10:
		return deal.Pipeline
	}
	return deal.Omitted
}

// NameIn is the stage's name in lang: its own in that language, else the
// one it has.
func (s Stage) NameIn(lang i18n.Lang) string {
	if n := s.Label.In(lang); n != "" {
		return n
	}
	return s.Name
}

// Open reports whether deals in this stage are still being worked.
func (s Stage) Open() bool { return s.Outcome == "" }

// Requirement is one item of a stage's requires: a TAS step or a rule id.
// Written as a plain string it is either, at the severity the rule has
// anyway; written as a mapping ({rule: ID, severity: S} or {step: STEP,
// severity: S}) it says which one it is and sets the severity of its
// findings at this stage.
type Requirement struct {
	// Name is the step or rule id as written, Pos where it was written.
	Name string
	Pos  source.Pos
	// Rule and Step are set when the mapping says which one Name is; a
	// plain string sets neither.
	Rule Ref `yaml:"rule"`
	Step Ref `yaml:"step"`
	// Severity is the severity at this stage, "" for the rule's own.
	Severity   Severity   `yaml:"severity"`
	SeverityAt source.Pos `yaml:"severity,pos"`
	// At is where the item was written.
	At source.Pos
}

// DecodeNode implements source.NodeDecoder: a scalar is a plain name, a
// mapping is decoded by the fields' tags.
func (r *Requirement) DecodeNode(_, n *yaml.Node) {
	r.At = source.At(n)
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag != "!!null" {
			r.Name, r.Pos = n.Value, r.At
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := source.Deref(n.Content[i]), source.Deref(n.Content[i+1])
			switch k.Value {
			case "rule":
				r.Rule.DecodeNode(k, v)
			case "step":
				r.Step.DecodeNode(k, v)
			case "severity":
				r.SeverityAt = source.At(v)
				if v.Kind == yaml.ScalarNode {
					r.Severity = Severity(v.Value)
				}
			}
		}
		// The name is whichever of the two is given; config checks that
		// exactly one is.
		if r.Rule.Name != "" {
			r.Name, r.Pos = r.Rule.Name, r.Rule.Pos
		} else if r.Step.Name != "" {
			r.Name, r.Pos = r.Step.Name, r.Step.Pos
		}
	}
}

// RoleRequirement lists the roles TAS requires for an account size and product complexity.
type RoleRequirement struct {
	Size       deal.Size       `yaml:"size"`
	Complexity deal.Complexity `yaml:"complexity"`
	Roles      []deal.Role     `yaml:"roles"`
	// Distinct asks for a different person in each role: in a large
	// account one person counted as both decision maker and influencer
	// hides a buying influence nobody has found yet. When the file does
	// not say, it is true for large accounts and false otherwise.
	Distinct   bool       `yaml:"distinct"`
	DistinctAt source.Pos `yaml:"distinct,pos"`
	Pos        source.Pos `yaml:",at"`
}

// Severity is what a rule's findings count as: error, warning, info, or
// off to turn the rule off.
type Severity string

// Severities lists the severities a configuration may set.
var Severities = []Severity{"error", "warning", "info", "off"}

// RuleSetting overrides a rule's severity.
type RuleSetting struct {
	Severity Severity
	Rule     Ref
}

// DecodeNode implements source.NodeDecoder: the rule is the key.
func (r *RuleSetting) DecodeNode(key, n *yaml.Node) {
	if key != nil {
		r.Rule = Ref{Name: key.Value, Pos: source.At(key)}
	}
	if n.Kind == yaml.ScalarNode {
		r.Severity = Severity(n.Value)
	}
}

// Currency holds the base currency and what one unit of each other is worth in it.
type Currency struct {
	Base  string             `yaml:"base"`
	Rates map[string]float64 `yaml:"rates"`
}

// Member is one person of the sales team.
type Member struct {
	ID string `yaml:"id"`
	// Name is the person's name in English, or in the one language it is
	// written in; Label is it as written, in each language (NameIn).
	Name    string     `yaml:"-"`
	Label   Words      `yaml:"name"`
	Manager string     `yaml:"manager"`
	Region  string     `yaml:"region"`
	Email   string     `yaml:"email"`
	Pos     source.Pos `yaml:",at"`
}

// NameIn is the member's name in lang: their own in that language, else
// the one they have.
func (m Member) NameIn(lang i18n.Lang) string {
	if n := m.Label.In(lang); n != "" {
		return n
	}
	return m.Name
}

// Default is the configuration used when a repository has none.
func Default() *Config {
	all := []string{"assess", "compete", "players", "relationships", "plan", "review"}
	c := &Config{
		Root: ".",
		Stages: []Stage{
			{ID: "prospect", Name: "Prospect", Label: Words{En: "Prospect", Zh: "潜在客户"}, Probability: 5, Forecast: deal.Omitted},
			{ID: "qualify", Name: "Qualify", Label: Words{En: "Qualify", Zh: "资格确认"}, Probability: 15, Forecast: deal.Pipeline, Requires: requires("deal-forecast", "assess-motivation", "assess-ability", "assess-pains")},
			// Develop already asks for what propose will demand, as
			// warnings: a deal without a coach, with an influential
			// opponent nobody works on, or without an agreed next step is
			// a risk to coach on before the proposal, not yet a failure.
			{ID: "develop", Name: "Develop", Label: Words{En: "Develop", Zh: "需求开发"}, Probability: 35, Forecast: deal.Pipeline, Requires: append(requires("deal-forecast", "assess", "compete", "players-roles", "players-roles-distinct", "players-profile"),
				Requirement{Name: "players-coach", Rule: Ref{Name: "players-coach"}, Severity: "warning"},
				Requirement{Name: "relationships-opponents", Rule: Ref{Name: "relationships-opponents"}, Severity: "warning"},
				Requirement{Name: "close-next-step", Rule: Ref{Name: "close-next-step"}, Severity: "warning"})},
			{ID: "propose", Name: "Propose", Label: Words{En: "Propose", Zh: "方案报价"}, Probability: 60, Forecast: deal.BestCase, Requires: requires(append(append([]string{"deal-forecast"}, all...), "close-next-step")...)},
			{ID: "negotiate", Name: "Negotiate", Label: Words{En: "Negotiate", Zh: "商务谈判"}, Probability: 80, Forecast: deal.Commit, Requires: requires(append([]string{"deal-forecast", "close"}, all...)...)},
			{ID: "won", Name: "Won", Label: Words{En: "Won", Zh: "赢单"}, Probability: 100, Outcome: Won, Requires: requires("deal-forecast", "close-handoff")},
			{ID: "lost", Name: "Lost", Label: Words{En: "Lost", Zh: "丢单"}, Probability: 0, Outcome: Lost, Requires: requires("close-lost-reason")},
		},
		RequiredRoles: []RoleRequirement{
			{Size: deal.Small, Complexity: deal.Simple, Roles: []deal.Role{deal.DecisionMaker}},
			{Size: deal.Small, Complexity: deal.Complex, Roles: []deal.Role{deal.DecisionMaker, deal.Technical}},
			{Size: deal.Medium, Complexity: deal.Simple, Roles: []deal.Role{deal.DecisionMaker, deal.User}},
			{Size: deal.Medium, Complexity: deal.Complex, Roles: []deal.Role{deal.DecisionMaker, deal.User, deal.Technical}},
			{Size: deal.Large, Complexity: deal.Simple, Roles: []deal.Role{deal.DecisionMaker, deal.User, deal.Influencer}, Distinct: true},
			{Size: deal.Large, Complexity: deal.Complex, Roles: []deal.Role{deal.DecisionMaker, deal.User, deal.Technical, deal.Influencer}, Distinct: true},
		},
		ReviewMaxAgeDays: 30,
		PlayerMaxAgeDays: 90,
		QualifiedLevel:   deal.LevelMedium,
		Rules:            map[string]RuleSetting{},
		Currency:         Currency{Base: "USD", Rates: map[string]float64{}},
		Language:         i18n.English,
	}
	c.index()
	return c
}

// requires makes plain requirements: steps or rule ids at their own severity.
func requires(names ...string) []Requirement {
	out := make([]Requirement, len(names))
	for i, n := range names {
		out[i] = Requirement{Name: n}
	}
	return out
}

func (c *Config) index() {
	c.stageIndex = make(map[string]int, len(c.Stages))
	for i, s := range c.Stages {
		c.stageIndex[s.ID] = i
	}
	c.members = make(map[string]int, len(c.Team))
	for i, m := range c.Team {
		c.members[m.ID] = i
	}
	if c.Currency.Rates == nil {
		c.Currency.Rates = map[string]float64{}
	}
	if _, ok := c.Currency.Rates[c.Currency.Base]; !ok {
		c.Currency.Rates[c.Currency.Base] = 1
	}
}

// Stage returns the stage with the given id.
func (c *Config) Stage(id string) (Stage, bool) {
	i, ok := c.stageIndex[id]
	if !ok {
		return Stage{}, false
	}
	return c.Stages[i], true
}

// StageIndex is the stage's place in the pipeline order, or -1.
func (c *Config) StageIndex(id string) int {
	if i, ok := c.stageIndex[id]; ok {
		return i
	}
	return -1
}

// Member returns the team member with the given id.
func (c *Config) Member(id string) (Member, bool) {
	i, ok := c.members[id]
	if !ok {
		return Member{}, false
	}
	return c.Team[i], true
}

// RequiredRolesFor returns the roles TAS requires for an account size and product complexity.
func (c *Config) RequiredRolesFor(size deal.Size, complexity deal.Complexity) []deal.Role {
	r, _ := c.RoleRequirementFor(size, complexity)
	return r.Roles
}

// RoleRequirementFor returns the row of required_roles for an account size
// and product complexity; ok is false when there is none.
func (c *Config) RoleRequirementFor(size deal.Size, complexity deal.Complexity) (RoleRequirement, bool) {
	for _, r := range c.RequiredRoles {
		if r.Size == size && r.Complexity == complexity {
			return r, true
		}
	}
	return RoleRequirement{}, false
}

// Weigh turns an amount at a stage into the base currency and weights it
// by the stage's win probability, as the forecast counts it; ok is false
// when the currency has no rate. An unknown stage weighs nothing.
func (c *Config) Weigh(amount float64, currency, stage string) (base, weighted float64, ok bool) {
	base, ok = c.Convert(amount, currency)
	if st, known := c.Stage(stage); known {
		weighted = base * st.Probability / 100
	}
	return base, weighted, ok
}

// Convert turns an amount into the base currency; ok is false when the
// currency has no rate. An empty currency is the base currency.
func (c *Config) Convert(amount float64, currency string) (float64, bool) {
	if currency == "" {
		return amount, true
	}
	rate, ok := c.Currency.Rates[currency]
	return amount * rate, ok
}

// Find looks for the configuration file in dir and its parents, stopping at
// the top of a git work tree. It returns "" when there is none.
func Find(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if info, err := os.Stat(abs); err == nil && !info.IsDir() {
		abs = filepath.Dir(abs)
	}
	for {
		candidate := filepath.Join(abs, FileName)
		if _, err := os.Stat(candidate); err == nil {
			if rel, err := filepath.Rel(mustGetwd(), candidate); err == nil && !strings.HasPrefix(rel, "..") {
				return rel
			}
			return candidate
		}
		if _, err := os.Stat(filepath.Join(abs, ".git")); err == nil {
			return ""
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return ""
		}
		abs = parent
	}
}

func mustGetwd() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}

// Parse reads a configuration from its bytes; a configuration that
// includes rule packs needs ParseWith.
func Parse(file string, data []byte) (*Config, error) { return ParseWith(file, data, nil) }

// ParseWith reads a configuration from its bytes, and the rule packs it
// includes with read.
func ParseWith(file string, data []byte, read IncludeReader) (*Config, error) {
	root, err := source.Parse(file, data)
	var se *source.Error
	if errors.As(err, &se) && se.Key == "source.empty" {
		// Nothing but comments (every setting of deals init's file
		// commented out, say): every default applies.
		c := Default()
		c.File, c.Root, c.Source = file, filepath.Dir(file), data
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	v, problems := source.Value(file, root)
	if len(problems) == 0 {
		problems = source.Check(file, root, v, schema.Config())
	}
	if len(problems) > 0 {
		return nil, join(problems)
	}
	c := Default()
	c.File = file
	c.Root = filepath.Dir(file)
	c.Source = data
	problems = c.decode(file, root)
	problems = append(problems, checkGlobs(file, root)...)
	placeRules(c.TeamRules, file, data)
	problems = append(problems, c.includes(file, read)...)
	c.index()
	problems = append(problems, c.check(file)...)
	if len(problems) > 0 {
		return nil, join(problems)
	}
	return c, nil
}

// checkGlobs finds the exclude patterns path.Match cannot read, such as
// "[" without its "]": such a pattern matches nothing, so the files it
// was written to exclude would be linted, built and published unasked.
func checkGlobs(file string, root *yaml.Node) []*source.Error {
	var problems []*source.Error
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "exclude" {
			continue
		}
		for _, g := range root.Content[i+1].Content {
			if _, err := path.Match(g.Value, ""); err != nil {
				problems = append(problems, source.Problem(file, source.PosOf(g), err, "config.badGlob", "glob", g.Value))
			}
		}
	}
	return problems
}

func join(problems []*source.Error) error {
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	return source.Join(problems)
}

// decode fills the configuration from the file over the defaults: a list
// or a value given replaces the default, rules add to them.
func (c *Config) decode(file string, root *yaml.Node) []*source.Error {
	source.Decode(root, c)
	var problems []*source.Error
	for i := range c.Stages {
		st := &c.Stages[i]
		if st.Name = st.Label.In(i18n.English); st.Name == "" {
			st.Name = st.ID
		}
	}
	for i := range c.Team {
		m := &c.Team[i]
		m.Name = m.Label.In(i18n.English)
	}
	for i, r := range c.RequiredRoles {
		if !r.DistinctAt.IsValid() {
			c.RequiredRoles[i].Distinct = r.Size == deal.Large
		}
		for _, prev := range c.RequiredRoles[:i] {
			if prev.Size == r.Size && prev.Complexity == r.Complexity {
				problems = append(problems, source.Problem(file, r.Pos, nil, "config.rolesTwice", "size", string(r.Size), "complexity", string(r.Complexity)))
			}
		}
	}
	return problems
}

// check finds what the schema cannot: duplicate ids, dangling managers,
// management cycles, and a pipeline with nowhere for open deals to be.
func (c *Config) check(file string) []*source.Error {
	var problems []*source.Error
	seen := map[string]bool{}
	open := 0
	for _, s := range c.Stages {
		if seen[s.ID] {
			problems = append(problems, source.Problem(file, s.Pos, nil, "config.stageTwice", "id", s.ID))
		}
		seen[s.ID] = true
		if s.Open() {
			open++
		}
	}
	for _, s := range c.Stages {
		for _, req := range s.Requires {
			if req.Rule.Name != "" && req.Step.Name != "" {
				problems = append(problems, source.Problem(file, req.Step.Pos, nil, "config.requires.both", "stage", s.ID))
			} else if req.Name == "" && req.At.IsValid() {
				problems = append(problems, source.Problem(file, req.At, nil, "config.requires.neitherItem", "stage", s.ID))
			}
		}
	}
	if open == 0 {
		problems = append(problems, source.Problem(file, c.Stages[0].Pos, nil, "config.noOpenStage"))
	}
	members := map[string]bool{}
	for _, m := range c.Team {
		if members[m.ID] {
			problems = append(problems, source.Problem(file, m.Pos, nil, "config.memberTwice", "id", m.ID))
		}
		members[m.ID] = true
	}
	for _, m := range c.Team {
		if m.Manager == "" {
			continue
		}
		if !members[m.Manager] {
			problems = append(problems, source.Problem(file, m.Pos, nil, "config.managerMissing", "id", m.ID, "manager", m.Manager))
			continue
		}
		// Walk up the management chain; coming back to m is a cycle.
		cur, steps := m.Manager, 0
		for cur != "" && steps <= len(c.Team) {
			if cur == m.ID {
				problems = append(problems, source.Problem(file, m.Pos, nil, "config.managerCycle", "id", m.ID))
				break
			}
			next, _ := c.Member(cur)
			cur, steps = next.Manager, steps+1
		}
	}
	problems = append(problems, c.checkTargets(file)...)
	for _, name := range slices.Sorted(maps.Keys(c.CRMStages)) {
		ref := c.CRMStages[name]
		if _, ok := c.Stage(ref.Name); !ok {
			problems = append(problems, source.Problem(file, ref.Pos, nil, "config.crmStage", "name", name, "id", ref.Name, "stages", c.StageIDs()))
		}
	}
	for cur := range c.Currency.Rates {
		if cur == c.Currency.Base && c.Currency.Rates[cur] != 1 {
			problems = append(problems, source.Problem(file, source.Pos{Line: 1, Col: 1}, nil, "config.baseRate", "currency", cur))
		}
	}
	return problems
}

// Describe is a one-line summary of where the configuration came from.
func (c *Config) Describe() string {
	if c.File == "" {
		return "default configuration (no " + FileName + " found)"
	}
	return fmt.Sprintf("configuration %s", c.File)
}

// LanguageOf reads the language a configuration file sets without loading
// the configuration, so that even the errors of an invalid file can be
// written in the team's language; ok is false when the file does not say
// or cannot be read.
func LanguageOf(file string) (lang i18n.Lang, ok bool) {
	// Bounded, and never a named pipe or a device: the configuration
	// is read here before anything has checked it.
	data, _, err := safefile.Read(file, deal.MaxFileSize)
	if err != nil || data == nil {
		return "", false
	}
	var head struct {
		Language string `yaml:"language"`
	}
	if yaml.Unmarshal(data, &head) != nil {
		// A file broken further down may still say its language on a line
		// of its own.
		for _, line := range strings.Split(string(data), "\n") {
			if v, found := strings.CutPrefix(strings.TrimRight(line, "\r"), "language:"); found {
				head.Language = strings.Trim(strings.TrimSpace(strings.SplitN(v, "#", 2)[0]), `"'`)
				break
			}
		}
	}
	if head.Language == "" {
		return "", false
	}
	l, err := i18n.Parse(head.Language)
	return l, err == nil
}
