// Package deal is the typed model of a deal file and its loader.
package deal

import "github.com/dealsascode/deals/internal/source"

// Text is a scalar with where it was written; the zero Text is "not given".
type Text struct {
	Value string
	Pos   source.Pos
}

// Set reports whether the field was given a non-empty value.
func (t Text) Set() bool { return t.Value != "" }

// Section records where a mapping's key was written; the zero Section is "absent".
type Section struct {
	At source.Pos
}

// Present reports whether the section was written at all.
func (s Section) Present() bool { return s.At.IsValid() }

// List is a sequence with the position of its key.
type List[T any] struct {
	At    source.Pos
	Items []T
}

// Len is the number of items.
func (l List[T]) Len() int { return len(l.Items) }

// Deal is one deal file: the header and the seven TAS steps.
type Deal struct {
	File string

	ID        Text
	Title     Text
	Account   Account
	Product   Product
	Owner     Text
	Stage     Text
	Amount    Amount
	CloseDate Text
	Tags      List[Text]

	Assessment    Assessment      // step 1
	Competition   Competition     // step 2
	KeyPlayers    List[KeyPlayer] // step 3
	Relationships Relationships   // step 4
	Plan          Plan            // step 5
	Reviews       List[Review]    // step 6
	Close         Close           // step 7

	Notes  Text
	Ignore List[Ignore]
}

type Account struct {
	Section
	Name, Size, Region, Industry Text
}

type Product struct {
	Section
	Name, Line, Complexity Text
}

type Amount struct {
	Section
	Value    float64
	ValueAt  source.Pos
	Currency Text
}

type Assessment struct {
	Section
	Motivation, Ability Judgement
	Pains               List[Pain]
	Risks               List[Risk]
}

// Judgement is a level (none, low, medium, high) with its evidence.
type Judgement struct {
	Section
	Level, Evidence Text
}

type Pain struct {
	At             source.Pos
	Pain, Solution Text
	KeyPlayers     List[Text]
}

type Risk struct {
	At                                                 source.Pos
	Risk, Severity, Probability, WorstCase, Mitigation Text
}

type Competition struct {
	Section
	Competitors List[Competitor]
	Strategies  List[Text]
	Rationale   Text
}

type Competitor struct {
	At                    source.Pos
	Name, Type            Text
	Strengths, Weaknesses List[Text]
}

type KeyPlayer struct {
	At                  source.Pos
	ID, Name, Title     Text
	Roles               List[Text]
	Attitude, Influence Text
	ReportsTo           Text
	CaresAbout          List[Text]
	LastVerified, Notes Text
}

// HasRole reports whether the key player plays role.
func (k KeyPlayer) HasRole(role string) bool {
	for _, r := range k.Roles.Items {
		if r.Value == role {
			return true
		}
	}
	return false
}

type Relationships struct {
	Section
	Segment  Segment
	Coverage List[Coverage]
}

type Segment struct {
	Section
	Size, Region, ProductLine, Industry Text
}

type Coverage struct {
	At                                              source.Pos
	KeyPlayer, CoveredBy, Current, Target, Approach Text
}

type Plan struct {
	Section
	Goal, Strategy Text
	Actions        List[Action]
	Resources      List[Text]
	Verification   Text
}

type Action struct {
	At                       source.Pos
	What, Owner, Due, Status Text
	KeyPlayers               List[Text]
}

// Open reports whether the action still has to be done.
func (a Action) Open() bool {
	return a.Status.Value == "" || a.Status.Value == "open" || a.Status.Value == "blocked"
}

type Review struct {
	At                                   source.Pos
	Date, Reviewer                       Text
	Strengths, Weaknesses, Gaps, Changes List[Text]
}

type Close struct {
	Section
	NextStep      NextStep
	MutualBenefit Text
	Plan          List[Milestone]
	Outcome       Outcome
}

type NextStep struct {
	Section
	Action, Date Text
	AgreedWith   List[Text]
}

type Milestone struct {
	At                     source.Pos
	Milestone, Date, Owner Text
	Done                   bool
}

type Outcome struct {
	Section
	Date           Text
	Handoff        Handoff
	Reason, LostTo Text
}

type Handoff struct {
	Section
	To, Date, Notes Text
}

// Ignore silences one rule for this deal, with the reason reviewers read.
type Ignore struct {
	At           source.Pos
	Rule, Reason Text
}

// KeyPlayer returns the key player with the given id.
func (d *Deal) KeyPlayer(id string) (KeyPlayer, bool) {
	for _, k := range d.KeyPlayers.Items {
		if k.ID.Value == id {
			return k, true
		}
	}
	return KeyPlayer{}, false
}
