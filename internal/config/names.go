package config

import (
	"github.com/dealsascode/deals/internal/i18n"
	"strings"
	"unicode"

	"github.com/dealsascode/deals/internal/deal"
)

// The names people and CRMs give stages and team members, and the ids
// they mean: for deals import, and for the messages that suggest the id a
// person meant ("Qualification" is qualify, "Closed Won" is won).

// defaultStages maps the standard stage names of the CRMs, as stageKey
// folds them, to the default stage ids. They apply only when the
// configuration has a stage with that id.
var defaultStages = map[string]string{
	// Salesforce's default opportunity stages.
	"prospecting":        "prospect",
	"qualification":      "qualify",
	"needsanalysis":      "develop",
	"valueproposition":   "develop",
	"iddecisionmakers":   "develop",
	"perceptionanalysis": "develop",
	"proposalpricequote": "propose",
	"proposal":           "propose",
	"pricequote":         "propose",
	"negotiationreview":  "negotiate",
	"negotiation":        "negotiate",
	"review":             "negotiate",
	"closedwon":          "won",
	"closedlost":         "lost",
	// HubSpot's default sales pipeline, by internal name and label (they
	// fold alike), mapped by their default probabilities: 20, 40, 60, 80
	// and 90%.
	"appointmentscheduled":  "qualify",
	"qualifiedtobuy":        "develop",
	"presentationscheduled": "propose",
	"decisionmakerboughtin": "negotiate",
	"contractsent":          "negotiate",
	// Pipedrive's default pipeline (the first stage was "Lead In" in older
	// accounts, "Qualified" in newer ones; "Needs Defined" became "Demo
	// Scheduled"). Won and lost are its deal status, not a stage.
	"leadin":              "prospect",
	"qualified":           "qualify",
	"contactmade":         "qualify",
	"needsdefined":        "develop",
	"demoscheduled":       "develop",
	"meetingscheduled":    "develop",
	"proposalmade":        "propose",
	"negotiationsstarted": "negotiate",
	"won":                 "won",
	"lost":                "lost",
}

// DidYouMean is the words that suggest guess for a name that is wrong
// (" (did you mean "x"?)"), or nothing when there is no guess: the one
// wording of every configuration problem that has one.
func DidYouMean(guess string) any {
	if guess == "" {
		return ""
	}
	return i18n.M("config.didYouMean", "name", guess)
}

// FoldName folds a stage name for comparison: letters and digits only, in
// lower case, so that "Closed Won", "closedwon" and "Closed - Won" agree.
func FoldName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// StageNamed is the id of the stage a name means: a key of crm_stages,
// then a stage's own id or name, then the standard stage names of
// Salesforce, HubSpot and Pipedrive for the stages this pipeline has. All
// match ignoring case, spaces and punctuation.
func (c *Config) StageNamed(name string) (string, bool) {
	k := FoldName(name)
	if k == "" {
		return "", false
	}
	for crm, id := range c.CRMStages {
		if FoldName(crm) == k {
			if _, ok := c.Stage(id.Name); ok {
				return id.Name, true
			}
		}
	}
	for _, s := range c.Stages {
		if FoldName(s.ID) == k {
			return s.ID, true // ids win over names
		}
	}
	for _, s := range c.Stages {
		for _, n := range []string{s.Name, s.Label.En, s.Label.Zh, s.Label.Any} {
			if n != "" && FoldName(n) == k {
				return s.ID, true
			}
		}
	}
	if id, ok := defaultStages[k]; ok {
		if _, exists := c.Stage(id); exists {
			return id, true
		}
	}
	return "", false
}

// OutcomeStage is the first stage with the outcome won or lost, for a
// deal status that says so.
func (c *Config) OutcomeStage(outcome Outcome) (string, bool) {
	for _, s := range c.Stages {
		if s.Outcome == outcome {
			return s.ID, true
		}
	}
	return "", false
}

// StageIDs are the stages' ids in pipeline order.
func (c *Config) StageIDs() []string {
	ids := make([]string, len(c.Stages))
	for i, s := range c.Stages {
		ids[i] = s.ID
	}
	return ids
}

// TeamIDs are the team members' ids, in the order of the team.
func (c *Config) TeamIDs() []string {
	ids := make([]string, len(c.Team))
	for i, m := range c.Team {
		ids[i] = m.ID
	}
	return ids
}

// MemberNamed finds the team member a name written by a person or a CRM
// means: by id, name or email
// (ignoring case), or by the id their name makes ("Chen Lihua" is
// chen-lihua). Otherwise the id is made from the name and inTeam is false;
// id is "" when the name has nothing to make an id from.
func (c *Config) MemberNamed(owner string) (id string, inTeam bool) {
	owner = strings.Join(strings.Fields(owner), " ")
	if owner == "" {
		return "", false
	}
	made := ""
	local := owner
	if at := strings.IndexByte(owner, '@'); at > 0 {
		local = owner[:at]
	}
	made = deal.NewID("", strings.ReplaceAll(local, ".", " ")) // first.last@' is first-last
	for _, m := range c.Team {
		if strings.EqualFold(m.ID, owner) || m.Email != "" && strings.EqualFold(m.Email, owner) {
			return m.ID, true
		}
		for _, name := range append(append(nameForms(m.Label.En), nameForms(m.Label.Zh)...), nameForms(m.Label.Any)...) {
			if strings.EqualFold(name, owner) {
				return m.ID, true
			}
		}
	}
	if made != "" {
		if _, ok := c.Member(made); ok {
			return made, true
		}
	}
	return made, false
}

// nameForms are the ways a team member's name may be written in a CRM:
// as configured, and for a name with another form in parentheses ("王浩
// (Wang Hao)"), each form alone.
func nameForms(name string) []string {
	name = strings.Join(strings.Fields(name), " ")
	forms := []string{name}
	open, end := strings.IndexByte(name, '('), strings.LastIndexByte(name, ')')
	if open > 0 && end > open {
		forms = append(forms, strings.TrimSpace(name[:open]), strings.TrimSpace(name[open+1:end]))
	}
	return forms
}
