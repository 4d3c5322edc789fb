package config_test

import (
	"errors"
	"github.com/dealsascode/deals/internal/i18n"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/source"
)

func parseConfig(t *testing.T, src string) *config.Config {
	t.Helper()
	cfg, err := config.Parse("deals.config.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestStageMapping(t *testing.T) {
	custom := parseConfig(t, `stages:
  - {id: lead, name: Lead, probability: 10}
  - {id: discovery, name: Discovery call, probability: 20}
  - {id: proposal, probability: 50}
  - {id: won, probability: 100, outcome: won}
  - {id: lost, probability: 0, outcome: lost}
crm_stages:
  Prospecting: lead
  "Needs Analysis": discovery
  Value Proposition: discovery
  Proposal/Price Quote: proposal
  Closed Won: won
`)
	defaults := config.Default()
	withCRM := parseConfig(t, `crm_stages:
  Needs Analysis: qualify
  Discovery: qualify
  Technical Validation: develop
`)
	tests := []struct {
		cfg  *config.Config
		name string
		in   string
		want string // "" for unknown
	}{
		// Salesforce's default stages.
		{defaults, "default", "Prospecting", "prospect"},
		{defaults, "default", "Qualification", "qualify"},
		{defaults, "default", "Needs Analysis", "develop"},
		{defaults, "default", "Value Proposition", "develop"},
		{defaults, "default", "Id. Decision Makers", "develop"},
		{defaults, "default", "Perception Analysis", "develop"},
		{defaults, "default", "Proposal/Price Quote", "propose"},
		{defaults, "default", "Negotiation/Review", "negotiate"},
		{defaults, "default", "Closed Won", "won"},
		{defaults, "default", "Closed Lost", "lost"},
		{defaults, "default", "CLOSED WON", "won"},
		// HubSpot's internal names and labels.
		{defaults, "default", "appointmentscheduled", "qualify"},
		{defaults, "default", "Appointment Scheduled", "qualify"},
		{defaults, "default", "qualifiedtobuy", "develop"},
		{defaults, "default", "Qualified To Buy", "develop"},
		{defaults, "default", "presentationscheduled", "propose"},
		{defaults, "default", "decisionmakerboughtin", "negotiate"},
		{defaults, "default", "Decision Maker Bought-In", "negotiate"},
		{defaults, "default", "contractsent", "negotiate"},
		{defaults, "default", "closedwon", "won"},
		{defaults, "default", "closedlost", "lost"},
		// Pipedrive's default pipeline.
		{defaults, "default", "Lead In", "prospect"},
		{defaults, "default", "Qualified", "qualify"},
		{defaults, "default", "Contact Made", "qualify"},
		{defaults, "default", "Demo Scheduled", "develop"},
		{defaults, "default", "Needs Defined", "develop"},
		{defaults, "default", "Proposal Made", "propose"},
		{defaults, "default", "Negotiations Started", "negotiate"},
		// The configuration's own ids and names.
		{defaults, "default", "develop", "develop"},
		{defaults, "default", "Negotiate", "negotiate"},
		{defaults, "default", "Discovery", ""},
		{defaults, "default", "", ""},
		// crm_stages come first, matched as loosely as the built-in names.
		{withCRM, "crm_stages", "Needs Analysis", "qualify"},
		{withCRM, "crm_stages", "needs-analysis", "qualify"},
		{withCRM, "crm_stages", "DISCOVERY", "qualify"},
		{withCRM, "crm_stages", "Technical validation", "develop"},
		{withCRM, "crm_stages", "Prospecting", "prospect"},
		// Built-in names apply only to stages the pipeline has.
		{custom, "custom", "Prospecting", "lead"},
		{custom, "custom", "Value Proposition", "discovery"},
		{custom, "custom", "Discovery Call", "discovery"},
		{custom, "custom", "closedwon", "won"},
		{custom, "custom", "Closed Lost", "lost"},
		{custom, "custom", "Qualification", ""},
		{custom, "custom", "Negotiation/Review", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.in, func(t *testing.T) {
			got, ok := tt.cfg.StageNamed(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Map(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
	t.Run("outcomes", func(t *testing.T) {
		if id, ok := custom.OutcomeStage(config.Won); id != "won" || !ok {
			t.Errorf("won: %q %v", id, ok)
		}
		open := parseConfig(t, "stages:\n  - {id: open, probability: 50}\n")
		if _, ok := open.OutcomeStage(config.Lost); ok {
			t.Error("found a lost stage in a pipeline without one")
		}
	})
	t.Run("crm_stages naming a stage that does not exist", func(t *testing.T) {
		_, err := config.Parse("deals.config.yaml", []byte("crm_stages:\n  Discovery: discover\n"))
		var se *source.Error
		if !errors.As(err, &se) || se.Line != 2 || se.Col != 14 || !strings.Contains(err.Error(), `crm_stages maps "Discovery" to "discover", which is not a stage`) {
			t.Errorf("error %v", err)
		}
	})
}

func TestCRMStagesDecoded(t *testing.T) {
	cfg := parseConfig(t, "crm_stages:\n  Needs Analysis: develop\n  closedwon: won\n")
	if cfg.CRMStages["Needs Analysis"].Name != "develop" || cfg.CRMStages["closedwon"].Name != "won" || len(cfg.CRMStages) != 2 {
		t.Errorf("CRMStages = %v", cfg.CRMStages)
	}
	if _, err := config.Parse("deals.config.yaml", []byte("crm_stages:\n  Discovery: Not An Id\n")); err == nil {
		t.Error("a stage id with spaces was accepted")
	}
	if config.Default().CRMStages != nil {
		t.Error("the default configuration has crm_stages")
	}
}

func TestMemberNamed(t *testing.T) {
	cfg := parseConfig(t, `team:
  - {id: li-na, name: Li Na, email: li.na@example.com}
  - {id: wang-hao, name: 王浩 (Wang Hao)}
  - {id: jsmith, name: John Smith}
  - {id: lena-fischer, name: Lena Fischer}
  - {id: chen-lihua, name: {en: Chen Lihua, zh: 陈丽华}}
`)
	if m, _ := cfg.Member("chen-lihua"); m.Name != "Chen Lihua" || m.NameIn(i18n.Chinese) != "陈丽华" || m.NameIn(i18n.English) != "Chen Lihua" {
		t.Errorf("a name per language: %q, zh %q", m.Name, m.NameIn(i18n.Chinese))
	}
	tests := []struct {
		in     string
		want   string
		inTeam bool
	}{
		{"陈丽华", "chen-lihua", true},
		{"Chen Lihua", "chen-lihua", true},
		{"li-na", "li-na", true},
		{"LI-NA", "li-na", true},
		{"Li Na", "li-na", true},
		{"li na", "li-na", true},
		{"  Li   Na ", "li-na", true},
		{"li.na@example.com", "li-na", true},
		{"王浩", "wang-hao", true},
		{"Wang Hao", "wang-hao", true},
		{"王浩 (Wang Hao)", "wang-hao", true},
		{"John Smith", "jsmith", true},
		{"Lena Fischer", "lena-fischer", true},
		{"lena.fischer", "lena-fischer", true}, // makes the id of a member
		{"Jane Roe", "jane-roe", false},
		{"jane.roe@example.com", "jane-roe", false},
		{"Jürgen Müller", "jurgen-muller", false},
		{"赵敏", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, inTeam := cfg.MemberNamed(tt.in)
			if got != tt.want || inTeam != tt.inTeam {
				t.Errorf("MemberNamed(%q) = %q, %v; want %q, %v", tt.in, got, inTeam, tt.want, tt.inTeam)
			}
		})
	}
}

// TestStageNamesPerLanguage: a stage's name can be given in each
// language; the site reads it in its own, lint knows it by either.
func TestStageNamesPerLanguage(t *testing.T) {
	c, err := config.Parse("deals.config.yaml", []byte("stages:\n  - {id: qualify, probability: 15, name: {en: Qualify, zh: 资格确认}}\n  - {id: won, probability: 100, outcome: won, name: 成交}\n  - {id: lost, probability: 0, outcome: lost}\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id       string
		lang     i18n.Lang
		want     string
		fallback string
	}{
		{"qualify", i18n.English, "Qualify", "Qualify"},
		{"qualify", i18n.Chinese, "资格确认", "Qualify"},
		{"won", i18n.English, "成交", "成交"},
		{"lost", i18n.Chinese, "lost", "lost"},
	}
	for _, tt := range tests {
		st, _ := c.Stage(tt.id)
		if got := st.NameIn(tt.lang); got != tt.want || st.Name != tt.fallback {
			t.Errorf("%s in %s = %q (Name %q), want %q (%q)", tt.id, tt.lang, got, st.Name, tt.want, tt.fallback)
		}
	}
	for name, want := range map[string]string{"资格确认": "qualify", "Qualify": "qualify", "成交": "won"} {
		if got, ok := c.StageNamed(name); !ok || got != want {
			t.Errorf("StageNamed(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	// The defaults have Chinese names too.
	if st, _ := config.Default().Stage("negotiate"); st.NameIn(i18n.Chinese) != "商务谈判" {
		t.Errorf("default negotiate in Chinese: %q", st.NameIn(i18n.Chinese))
	}
}
