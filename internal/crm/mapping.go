package crm

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
)

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

// stageKey folds a stage name for comparison: letters and digits only, in
// lower case, so that "Closed Won", "closedwon" and "Closed - Won" agree.
func stageKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// StageMapper maps the stage names of an export to stage ids.
type StageMapper struct {
	cfg        *config.Config
	configured map[string]string // crm_stages
	own        map[string]string // the configuration's stage ids and names
}

// NewStageMapper prepares the mapping of a configuration: its crm_stages
// first, then its own stage ids and names, then the CRMs' standard names.
// A crm_stages entry naming a stage that does not exist is an error.
func NewStageMapper(cfg *config.Config) (*StageMapper, error) {
	m := &StageMapper{cfg: cfg, configured: map[string]string{}, own: map[string]string{}}
	names := make([]string, 0, len(cfg.CRMStages))
	for name := range cfg.CRMStages {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		id := cfg.CRMStages[name]
		if _, ok := cfg.Stage(id); !ok {
			return nil, fmt.Errorf("%s: crm_stages maps %q to %q, which is not a stage: use one of %s", cfg.File, name, id, strings.Join(m.StageIDs(), ", "))
		}
		m.configured[stageKey(name)] = id
	}
	for _, s := range cfg.Stages {
		m.own[stageKey(s.Name)] = s.ID
	}
	for _, s := range cfg.Stages {
		m.own[stageKey(s.ID)] = s.ID // ids win over names
	}
	return m, nil
}

// Map returns the stage id for a CRM stage name.
func (m *StageMapper) Map(name string) (string, bool) {
	k := stageKey(name)
	if k == "" {
		return "", false
	}
	if id, ok := m.configured[k]; ok {
		return id, true
	}
	if id, ok := m.own[k]; ok {
		return id, true
	}
	if id, ok := defaultStages[k]; ok {
		if _, exists := m.cfg.Stage(id); exists {
			return id, true
		}
	}
	return "", false
}

// Outcome returns the first stage with the outcome won or lost, for a deal
// status that says so.
func (m *StageMapper) Outcome(outcome string) (string, bool) {
	for _, s := range m.cfg.Stages {
		if string(s.Outcome) == outcome {
			return s.ID, true
		}
	}
	return "", false
}

// StageIDs lists the configuration's stages in pipeline order.
func (m *StageMapper) StageIDs() []string {
	ids := make([]string, len(m.cfg.Stages))
	for i, s := range m.cfg.Stages {
		ids[i] = s.ID
	}
	return ids
}

// MapOwner finds the team member a CRM owner names: by id, name or email
// (ignoring case), or by the id their name makes ("Chen Lihua" is
// chen-lihua). Otherwise the id is made from the name and inTeam is false;
// id is "" when the name has nothing to make an id from.
func MapOwner(cfg *config.Config, owner string) (id string, inTeam bool) {
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
	for _, m := range cfg.Team {
		if strings.EqualFold(m.ID, owner) || m.Email != "" && strings.EqualFold(m.Email, owner) {
			return m.ID, true
		}
		for _, name := range nameForms(m.Name) {
			if strings.EqualFold(name, owner) {
				return m.ID, true
			}
		}
	}
	if made != "" {
		if _, ok := cfg.Member(made); ok {
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
