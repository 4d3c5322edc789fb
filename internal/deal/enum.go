package deal

import (
	"reflect"
	"time"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/source"
)

// The enumerations of deal files, each defined once: a test checks them
// against the enums of the schema, so the two cannot drift apart.

// Size is an account's size; with the product's complexity it decides
// which buying roles TAS requires.
type Size string

const (
	Small  Size = "small"
	Medium Size = "medium"
	Large  Size = "large"
)

// Sizes lists every Size, smallest first.
var Sizes = []Size{Small, Medium, Large}

// Complexity is how complex a product is to buy.
type Complexity string

const (
	Simple  Complexity = "simple"
	Complex Complexity = "complex"
)

var Complexities = []Complexity{Simple, Complex}

// Line says whether a product line is established or new.
type Line string

const (
	Established Line = "established"
	NewLine     Line = "new"
)

var Lines = []Line{Established, NewLine}

// Level is how strong buying motivation or ability is.
type Level string

const (
	LevelNone   Level = "none"
	LevelLow    Level = "low"
	LevelMedium Level = "medium"
	LevelHigh   Level = "high"
)

var Levels = []Level{LevelNone, LevelLow, LevelMedium, LevelHigh}

// Rank orders levels: none 0 to high 3; an unknown level is -1.
func (l Level) Rank() int {
	for i, x := range Levels {
		if x == l {
			return i
		}
	}
	return -1
}

// Rating is a low, medium or high judgement: a risk's severity and
// probability, a key player's influence.
type Rating string

const (
	Low  Rating = "low"
	Mid  Rating = "medium"
	High Rating = "high"
)

var Ratings = []Rating{Low, Mid, High}

// AtLeastMedium reports whether the rating is medium or high.
func (r Rating) AtLeastMedium() bool { return r == Mid || r == High }

// CompetitorType is what kind of alternative a competitor is.
type CompetitorType string

const (
	Vendor     CompetitorType = "vendor"
	NoDecision CompetitorType = "no_decision"
	InHouse    CompetitorType = "in_house"
)

var CompetitorTypes = []CompetitorType{Vendor, NoDecision, InHouse}

// Strategy is one of the six TAS competitive strategies.
type Strategy string

const (
	Category     Strategy = "category"
	Price        Strategy = "price"
	Promotion    Strategy = "promotion"
	Service      Strategy = "service"
	Network      Strategy = "network"
	Relationship Strategy = "relationship"
)

var Strategies = []Strategy{Category, Price, Promotion, Service, Network, Relationship}

// Role is a TAS buying role.
type Role string

const (
	DecisionMaker Role = "decision_maker"
	User          Role = "user"
	Technical     Role = "technical"
	Influencer    Role = "influencer"
	Coach         Role = "coach"
	Insider       Role = "insider"
)

var Roles = []Role{DecisionMaker, User, Technical, Influencer, Coach, Insider}

// Attitude is a key player's attitude towards us.
type Attitude string

const (
	Champion  Attitude = "champion"
	Supporter Attitude = "supporter"
	Neutral   Attitude = "neutral"
	Skeptic   Attitude = "skeptic"
	Opponent  Attitude = "opponent"
	Unknown   Attitude = "unknown"
)

var Attitudes = []Attitude{Champion, Supporter, Neutral, Skeptic, Opponent, Unknown}

// Hostile reports whether the key player doubts us or works against us.
func (a Attitude) Hostile() bool { return a == Skeptic || a == Opponent }

// Relation is how strong our relationship with a key player is.
type Relation string

const (
	RelationNone Relation = "none"
	Contact      Relation = "contact"
	Working      Relation = "working"
	Trusted      Relation = "trusted"
	Advocate     Relation = "advocate"
)

var Relations = []Relation{RelationNone, Contact, Working, Trusted, Advocate}

// Status is where a plan action stands; "" is open.
type Status string

const (
	StatusOpen Status = "open"
	Done       Status = "done"
	Blocked    Status = "blocked"
	Dropped    Status = "dropped"
)

var Statuses = []Status{StatusOpen, Done, Blocked, Dropped}

// Open reports whether an action with this status still has to be done.
func (s Status) Open() bool { return s == "" || s == StatusOpen || s == Blocked }

// Call is a forecast category: how sure the rep (or, in a review, the
// manager) is that the deal closes by its close date. A deal that says
// nothing takes its stage's category from the configuration.
type Call string

const (
	Commit   Call = "commit"
	BestCase Call = "best_case"
	Pipeline Call = "pipeline"
	Omitted  Call = "omitted"
)

// Calls lists the forecast categories, the surest first.
var Calls = []Call{Commit, BestCase, Pipeline, Omitted}

// Enums lists every enumeration of deal files with its values, so that
// tests can hold the model to the schema.
func Enums() map[reflect.Type][]string {
	return map[reflect.Type][]string{
		reflect.TypeFor[Size]():           names(Sizes),
		reflect.TypeFor[Complexity]():     names(Complexities),
		reflect.TypeFor[Line]():           names(Lines),
		reflect.TypeFor[Level]():          names(Levels),
		reflect.TypeFor[Rating]():         names(Ratings),
		reflect.TypeFor[CompetitorType](): names(CompetitorTypes),
		reflect.TypeFor[Strategy]():       names(Strategies),
		reflect.TypeFor[Role]():           names(Roles),
		reflect.TypeFor[Attitude]():       names(Attitudes),
		reflect.TypeFor[Relation]():       names(Relations),
		reflect.TypeFor[Status]():         names(Statuses),
		reflect.TypeFor[Call]():           names(Calls),
	}
}

func names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// ChoiceError is a value that is not one of an enumeration's.
type ChoiceError struct {
	Value  string
	Values []string
}

func (e *ChoiceError) Error() string { return e.In(i18n.UI().Printer(i18n.English)) }

// In is the error in p's language, with the value meant when the one
// given is close to it ("Develop", "decision maker").
func (e *ChoiceError) In(p i18n.Printer) string {
	if guess := source.Closest(e.Value, e.Values); guess != "" {
		return p.T("choice.guess", "value", e.Value, "guess", guess, "values", e.Values)
	}
	return p.T("choice.plain", "value", e.Value, "values", e.Values)
}

// ParseChoice reads one of values, as a flag or a form gives it.
func ParseChoice[T ~string](s string, values []T) (T, error) {
	for _, v := range values {
		if string(v) == s {
			return v, nil
		}
	}
	return "", &ChoiceError{Value: s, Values: names(values)}
}

// ParseDate checks that s is a date that exists, written YYYY-MM-DD.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if why := source.DateError(s); why != nil {
			return time.Time{}, why
		}
		return time.Time{}, err
	}
	return t, nil
}
