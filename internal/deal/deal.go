// Package deal is the typed model of a deal file, described once by its struct tags, and its parser.
package deal

import (
	"github.com/dealsascode/deals/internal/source"
	"gopkg.in/yaml.v3"
)

// Text is a scalar with where it was written; the zero Text is "not given".
type Text = Value[string]

// Value is a scalar of type T (text, or one of the enumerations) with
// where it was written; see source.Scalar.
type Value[T ~string] = source.Scalar[T]

// Section records where a mapping's key was written; the zero Section is "absent".
type Section struct {
	At source.Pos `yaml:",at"`
}

// Present reports whether the section was written at all.
func (s Section) Present() bool { return s.At.IsValid() }

// List is a sequence with the position of its key; see source.List.
type List[T any] = source.List[T]

// Deal is one deal file: the header and the seven TAS steps.
type Deal struct {
	File string `yaml:"-"`

	ID        Text    `yaml:"id"`
	Title     Text    `yaml:"title"`
	Account   Account `yaml:"account"`
	Product   Product `yaml:"product"`
	Owner     Text    `yaml:"owner"`
	Stage     Text    `yaml:"stage"`
	Amount    Amount  `yaml:"amount"`
	CloseDate Text    `yaml:"close_date"`
	// Forecast is the rep's call; unset, the stage's category applies.
	Forecast Value[Call] `yaml:"forecast"`
	Tags     List[Text]  `yaml:"tags"`
	// CRMID is the deal's record id in the CRM it was imported from.
	CRMID Text `yaml:"crm_id"`

	Assessment    Assessment      `yaml:"assessment"`    // step 1
	Competition   Competition     `yaml:"competition"`   // step 2
	KeyPlayers    List[KeyPlayer] `yaml:"key_players"`   // step 3
	Relationships Relationships   `yaml:"relationships"` // step 4
	Plan          Plan            `yaml:"plan"`          // step 5
	Reviews       List[Review]    `yaml:"reviews"`       // step 6
	Close         Close           `yaml:"close"`         // step 7

	Notes Text `yaml:"notes"`
	Lint  Lint `yaml:"lint"`

	// root is the parsed file, kept so that a position can be named by
	// its field (PathAt) when something is reported there.
	root *yaml.Node
	// data is the file as plain values (see source.Value), which team
	// rules read.
	data any
}

// FieldAt is where the field at path (keys from the top: close, plan) is
// written, or the deepest field on that path the deal has; the zero Pos
// when it has none of them.
func (d *Deal) FieldAt(path []string) source.Pos {
	p, _ := source.KeyAt(d.root, path)
	return p
}

// Data is the deal as plain values, as written: map[string]any, []any,
// string, int64, float64, bool and nil. It is what a team rule reads; nil
// when the deal was not parsed from a file.
func (d *Deal) Data() map[string]any {
	m, _ := d.data.(map[string]any)
	return m
}

// PathAt is the path of the field that starts at p, such as
// "key_players[2].attitude"; "" when no field starts there or the deal
// was not parsed from a file.
func (d *Deal) PathAt(p source.Pos) string { return source.PathAt(d.root, p) }

// Detached is a copy of d without its parsed tree: what the file says,
// for comparing two files by their content alone.
func (d *Deal) Detached() *Deal {
	c := *d
	c.root = nil
	return &c
}

type Account struct {
	Section
	Name     Text        `yaml:"name"`
	Size     Value[Size] `yaml:"size"`
	Region   Text        `yaml:"region"`
	Industry Text        `yaml:"industry"`
}

type Product struct {
	Section
	Name       Text              `yaml:"name"`
	Line       Value[Line]       `yaml:"line"`
	Complexity Value[Complexity] `yaml:"complexity"`
}

type Amount struct {
	Section
	Value    float64    `yaml:"value"`
	ValueAt  source.Pos `yaml:"value,pos"`
	Currency Text       `yaml:"currency"`
}

type Assessment struct {
	Section
	Motivation Judgement  `yaml:"motivation"`
	Ability    Judgement  `yaml:"ability"`
	Pains      List[Pain] `yaml:"pains"`
	Risks      List[Risk] `yaml:"risks"`
}

// Judgement is a level (none, low, medium, high) with its evidence.
type Judgement struct {
	Section
	Level    Value[Level] `yaml:"level"`
	Evidence Text         `yaml:"evidence"`
}

type Pain struct {
	At         source.Pos `yaml:",at"`
	Pain       Text       `yaml:"pain"`
	Solution   Text       `yaml:"solution"`
	KeyPlayers List[Text] `yaml:"key_players"`
}

type Risk struct {
	At          source.Pos    `yaml:",at"`
	Risk        Text          `yaml:"risk"`
	Severity    Value[Rating] `yaml:"severity"`
	Probability Value[Rating] `yaml:"probability"`
	WorstCase   Text          `yaml:"worst_case"`
	Mitigation  Text          `yaml:"mitigation"`
}

type Competition struct {
	Section
	Competitors List[Competitor]      `yaml:"competitors"`
	Strategies  List[Value[Strategy]] `yaml:"strategies"`
	Rationale   Text                  `yaml:"rationale"`
}

type Competitor struct {
	At         source.Pos            `yaml:",at"`
	Name       Text                  `yaml:"name"`
	Type       Value[CompetitorType] `yaml:"type"`
	Strengths  List[Text]            `yaml:"strengths"`
	Weaknesses List[Text]            `yaml:"weaknesses"`
}

type KeyPlayer struct {
	At           source.Pos        `yaml:",at"`
	ID           Text              `yaml:"id"`
	Name         Text              `yaml:"name"`
	Title        Text              `yaml:"title"`
	Email        Text              `yaml:"email"`
	Phone        Text              `yaml:"phone"`
	Roles        List[Value[Role]] `yaml:"roles"`
	Attitude     Value[Attitude]   `yaml:"attitude"`
	Influence    Value[Rating]     `yaml:"influence"`
	ReportsTo    Text              `yaml:"reports_to"`
	FinalSigner  bool              `yaml:"final_signer"`
	SignerAt     source.Pos        `yaml:"final_signer,pos"`
	CaresAbout   List[Text]        `yaml:"cares_about"`
	LastVerified Text              `yaml:"last_verified"`
	Notes        Text              `yaml:"notes"`
}

// HasRole reports whether the key player plays role.
func (k KeyPlayer) HasRole(role Role) bool {
	for _, r := range k.Roles.Items {
		if r.Value == role {
			return true
		}
	}
	return false
}

type Relationships struct {
	Section
	Segment  Segment        `yaml:"segment"`
	Coverage List[Coverage] `yaml:"coverage"`
}

type Segment struct {
	Section
	Size        Value[Size] `yaml:"size"`
	Region      Text        `yaml:"region"`
	ProductLine Value[Line] `yaml:"product_line"`
	Industry    Text        `yaml:"industry"`
}

type Coverage struct {
	At        source.Pos      `yaml:",at"`
	KeyPlayer Text            `yaml:"key_player"`
	CoveredBy Text            `yaml:"covered_by"`
	Current   Value[Relation] `yaml:"current"`
	Target    Value[Relation] `yaml:"target"`
	Approach  Text            `yaml:"approach"`
}

type Plan struct {
	Section
	Goal         Text         `yaml:"goal"`
	Strategy     Text         `yaml:"strategy"`
	Actions      List[Action] `yaml:"actions"`
	Resources    List[Text]   `yaml:"resources"`
	Verification Text         `yaml:"verification"`
}

type Action struct {
	At         source.Pos    `yaml:",at"`
	What       Text          `yaml:"what"`
	Owner      Text          `yaml:"owner"`
	Due        Text          `yaml:"due"`
	Status     Value[Status] `yaml:"status"`
	KeyPlayers List[Text]    `yaml:"key_players"`
}

// Open reports whether the action still has to be done.
func (a Action) Open() bool { return a.Status.Value.Open() }

type Review struct {
	At       source.Pos `yaml:",at"`
	Date     Text       `yaml:"date"`
	Reviewer Text       `yaml:"reviewer"`
	// Forecast is the reviewer's own call on the deal, which overrides
	// the rep's until a later review says otherwise.
	Forecast   Value[Call] `yaml:"forecast"`
	Strengths  List[Text]  `yaml:"strengths"`
	Weaknesses List[Text]  `yaml:"weaknesses"`
	Gaps       List[Text]  `yaml:"gaps"`
	Changes    List[Text]  `yaml:"changes"`
}

type Close struct {
	Section
	NextStep      NextStep        `yaml:"next_step"`
	MutualBenefit Text            `yaml:"mutual_benefit"`
	Plan          List[Milestone] `yaml:"plan"`
	Outcome       Outcome         `yaml:"outcome"`
}

type NextStep struct {
	Section
	Action     Text       `yaml:"action"`
	Date       Text       `yaml:"date"`
	AgreedWith List[Text] `yaml:"agreed_with"`
}

type Milestone struct {
	At        source.Pos `yaml:",at"`
	Milestone Text       `yaml:"milestone"`
	Date      Text       `yaml:"date"`
	Owner     Text       `yaml:"owner"`
	Done      bool       `yaml:"done"`
}

type Outcome struct {
	Section
	Date    Text    `yaml:"date"`
	Handoff Handoff `yaml:"handoff"`
	Reason  Text    `yaml:"reason"`
	LostTo  Text    `yaml:"lost_to"`
}

type Handoff struct {
	Section
	To    Text `yaml:"to"`
	Date  Text `yaml:"date"`
	Notes Text `yaml:"notes"`
}

// Lint holds what the deal tells the linter.
type Lint struct {
	Ignore List[Ignore] `yaml:"ignore"`
}

// Ignore silences one rule for this deal, with the reason reviewers read.
type Ignore struct {
	At     source.Pos `yaml:",at"`
	Rule   Text       `yaml:"rule"`
	Reason Text       `yaml:"reason"`
}

// FinalSigners tells, for each key player in order, whether they sign the
// order: those marked final_signer, or, when nobody is, the only decision
// maker if there is exactly one. With several decision makers and no mark,
// nobody is known to sign.
func (d *Deal) FinalSigners() []bool {
	signs := make([]bool, len(d.KeyPlayers.Items))
	marked, deciders, decider := false, 0, -1
	for i, k := range d.KeyPlayers.Items {
		if k.FinalSigner {
			signs[i], marked = true, true
		}
		if k.HasRole(DecisionMaker) {
			deciders, decider = deciders+1, i
		}
	}
	if !marked && deciders == 1 {
		signs[decider] = true
	}
	return signs
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

// decode builds the typed model from the node tree, keeping every
// field's position; see source.Decode.
func decode(file string, root *yaml.Node) *Deal {
	d := &Deal{File: file, root: root}
	source.Decode(root, d)
	return d
}
