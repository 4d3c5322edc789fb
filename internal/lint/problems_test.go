package lint_test

import (
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
)

// TestMessagesLeadSomewhere: a value the schema rejects, or that names
// nothing in the repository, gets a message that lists the valid values
// and suggests the one meant, in both languages.
func TestMessagesLeadSomewhere(t *testing.T) {
	tests := []struct {
		name      string
		edits     []string
		config    string
		rule      string
		line, col int
		en, zh    string
	}{
		{"CRM stage name", []string{"stage: negotiate", "stage: Qualification"}, "", "schema", 0, 8,
			`stage "Qualification" is not a stage of this pipeline: did you mean "qualify"? (one of prospect, qualify, develop, propose, negotiate, won, lost)`,
			`阶段 "Qualification" 不属于当前销售管道：是不是想写 "qualify"？（可选：prospect、qualify、develop、propose、negotiate、won、lost）`},
		{"CRM closed stage", []string{"stage: negotiate", "stage: Closed Won"}, "", "schema", 0, 8, `did you mean "won"?`, `是不是想写 "won"？`},
		{"capitalised stage", []string{"stage: negotiate", "stage: Develop"}, "", "schema", 0, 8, `did you mean "develop"?`, `是不是想写 "develop"？`},
		{"stage in lower case but unknown", []string{"stage: negotiate", "stage: qualification"}, "", "deal-stage", 0, 8,
			`stage "qualification" is not a stage of this pipeline: did you mean "qualify"? (one of prospect, qualify, develop, propose, negotiate, won, lost)`, `是不是想写 "qualify"？`},
		{"stage named in crm_stages", []string{"stage: negotiate", "stage: discovery"}, "crm_stages:\n  Discovery: qualify\n", "deal-stage", 0, 8, `did you mean "qualify"?`, `是不是想写 "qualify"？`},
		{"stage far from any", []string{"stage: negotiate", "stage: zzz"}, "", "deal-stage", 0, 8, `use one of prospect, qualify`, `请使用 prospect、qualify`},
		{"owner by name", []string{"owner: li-na", "owner: Zhao Min"}, teamConfig, "schema", 0, 8,
			`owner "Zhao Min" is not a team member id: did you mean "zhao-min"? (one of li-na, zhao-min)`, `owner "Zhao Min" 不是团队成员的 id：是不是想写 "zhao-min"？`},
		{"key player by name", []string{"key_player: ops", "key_player: Wang Fang"}, "", "schema", 0, 19,
			`"Wang Fang" is not the id of a key player of this deal: did you mean "ops"? (one of ceo, it, ops, quality)`, `"Wang Fang" 不是这个商机里关键人的 id：是不是想写 "ops"？（可选：ceo、it、ops、quality）`},
		{"key player nobody is called", []string{"key_player: ops", "key_player: Li Wei"}, "", "schema", 0, 19,
			`"Li Wei" is not the id of a key player of this deal: use one of ceo, it, ops, quality`, `请用 ceo、it、ops、quality 之一`},
		{"key player id as a name", []string{"  - id: ops\n", "  - id: Head Of Ops\n"}, "", "schema", 0, 0,
			`"Head Of Ops" is not an id: ids use only lower-case letters, digits, '.', '_' and '-'; write it as "head-of-ops"`, `请写成 "head-of-ops"`},
		{"no motivation at all", []string{"level: high", "level: none"}, "", "assess-qualified", 0, 0,
			"the customer shows no buying motivation", "客户看不出有购买动机"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := edit(t, complete(t), tt.edits...)
			for _, lang := range i18n.Langs {
				l := linter(t, tt.config).WithLang(lang)
				d, problems := deal.Parse("d.yaml", []byte(dropOld(src)))
				if d == nil {
					t.Fatalf("not parsed: %v", problems)
				}
				want := tt.en
				if lang == i18n.Chinese {
					want = tt.zh
				}
				found := false
				for _, f := range l.Deal(d, problems).Findings {
					if f.Rule != tt.rule || !strings.Contains(f.Message, want) {
						continue
					}
					found = true
					if tt.col > 0 && f.Pos.Col != tt.col {
						t.Errorf("%s: at column %d, want %d", lang, f.Pos.Col, tt.col)
					}
				}
				if !found {
					t.Errorf("%s: no %s finding says %q; got %v", lang, tt.rule, want, l.Deal(d, problems).Findings)
				}
			}
		})
	}
}
