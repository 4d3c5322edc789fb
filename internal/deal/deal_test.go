package deal_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/source"
)

func TestParseFull(t *testing.T) {
	data, err := os.ReadFile("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, problems := deal.Parse("full.yaml", data)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", d.ID.Value, "acme-erp"},
		{"id position", d.ID.Pos, source.Pos{Line: 2, Col: 5}},
		{"account size", d.Account.Size.Value, deal.Large},
		{"account position", d.Account.At, source.Pos{Line: 4, Col: 1}},
		{"amount with underscores", d.Amount.Value, 1200000.0},
		{"currency", d.Amount.Currency.Value, "EUR"},
		{"unquoted date", d.CloseDate.Value, "2027-03-31"},
		{"tags", d.Tags.Len(), 2},
		{"motivation", d.Assessment.Motivation.Level.Value, deal.LevelHigh},
		{"pain players", d.Assessment.Pains.Items[0].KeyPlayers.Items[0].Value, "cfo"},
		{"risk mitigation", d.Assessment.Risks.Items[0].Mitigation.Value, "Phase 1 fits the current budget"},
		{"competitors", d.Competition.Competitors.Len(), 2},
		{"no decision", d.Competition.Competitors.Items[1].Type.Value, deal.NoDecision},
		{"strategies", d.Competition.Strategies.Items[1].Value, deal.Relationship},
		{"CJK name", d.KeyPlayers.Items[0].Name.Value, "王芳"},
		{"email", d.KeyPlayers.Items[0].Email.Value, "wang.fang@acme.example"},
		{"phone", d.KeyPlayers.Items[0].Phone.Value, "+86 (21) 5555-0100"},
		{"phone position", d.KeyPlayers.Items[0].Phone.Pos, source.Pos{Line: 52, Col: 12}},
		{"key player position", d.KeyPlayers.Items[0].At, source.Pos{Line: 48, Col: 5}},
		{"has role", d.KeyPlayers.Items[0].HasRole("decision_maker"), true},
		{"reports to", d.KeyPlayers.Items[0].ReportsTo.Value, "ceo"},
		{"coverage", d.Relationships.Coverage.Items[0].Target.Value, deal.Trusted},
		{"segment", d.Relationships.Segment.ProductLine.Value, deal.Established},
		{"actions", d.Plan.Actions.Len(), 2},
		{"open action", d.Plan.Actions.Items[0].Open(), true},
		{"done action", d.Plan.Actions.Items[1].Open(), false},
		{"review", d.Reviews.Items[0].Reviewer.Value, "zhao-min"},
		{"next step", d.Close.NextStep.AgreedWith.Items[0].Value, "cfo"},
		{"milestone done", d.Close.Plan.Items[0].Done, false},
		{"handoff", d.Close.Outcome.Handoff.To.Value, "Customer success"},
		{"notes", d.Notes.Value, "**Important** account."},
		{"ignore", d.Lint.Ignore.Items[0].Rule.Value, "players-coach"},
		{"lookup", func() bool { _, ok := d.KeyPlayer("ceo"); return ok }(), true},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %#v, want %#v", c.got, c.want)
			}
		})
	}
}

// header is the least a deal file has.
const header = "id: x\ntitle: T\naccount: {name: A, size: small}\nproduct: {name: P, complexity: simple}\nowner: o\nstage: prospect\n"

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name     string
		data     []byte
		decoded  bool
		wantErr  error
		contains string
	}{
		{"too large", append([]byte("id: x\nnotes: |\n"), []byte(strings.Repeat("  filler text\n", deal.MaxFileSize/14+1))...), false, deal.ErrTooLarge, "limited to"},
		{"syntax", []byte("id: [\n"), false, source.ErrSyntax, "invalid YAML"},
		{"duplicate key still decodes", []byte("id: a\nid: b\n"), true, source.ErrSyntax, "duplicate key"},
		{"schema problem still decodes", []byte("id: a\n"), true, source.ErrSchema, "missing the required field"},
		{"an email that is none", []byte(header + "key_players:\n  - {id: cfo, name: Wang Fang, email: wang.fang}\n"), true, source.ErrSchema, "wang.fang"},
		{"a phone with letters", []byte(header + "key_players:\n  - {id: cfo, name: Wang Fang, phone: call her}\n"), true, source.ErrSchema, "call her"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, problems := deal.Parse("x.yaml", tt.data)
			if (d != nil) != tt.decoded {
				t.Errorf("decoded = %v, want %v", d != nil, tt.decoded)
			}
			if len(problems) == 0 {
				t.Fatal("no problems")
			}
			if !errors.Is(problems[0], tt.wantErr) {
				t.Errorf("problem %v does not wrap %v", problems[0], tt.wantErr)
			}
			if !strings.Contains(problems[0].Msg, tt.contains) {
				t.Errorf("problem %q does not contain %q", problems[0].Msg, tt.contains)
			}
		})
	}
}

func TestQuickID(t *testing.T) {
	tests := []struct {
		name, src string
		id        string
		line, col int
	}{
		{"plain", "# modeline\nid: acme-erp\ntitle: x\n", "acme-erp", 2, 5},
		{"quoted", "id: 'acme'\n", "acme", 1, 5},
		{"double quoted with comment", "id: \"acme\" # the id\n", "acme", 1, 5},
		{"extra spaces", "id:    acme\n", "acme", 1, 8},
		{"byte-order mark and CRLF", "\ufeffid: acme\r\ntitle: x\r\n", "acme", 1, 5},
		{"nested id is not the deal's", "key_players:\n  - id: cfo\nid: deal\n", "deal", 3, 5},
		{"flow style falls back to the parser", "{id: acme, title: x}\n", "acme", 1, 6},
		{"unusual id falls back to the parser", "id: ACME\n", "ACME", 1, 5},
		{"no id", "title: x\n", "", 0, 0},
		{"broken file", "id: [\n", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := deal.QuickID([]byte(tt.src))
			if !ok {
				// The quick read declines; the parser decides.
				if d, _ := deal.Parse("d.yaml", []byte(tt.src)); d != nil {
					got = d.ID
				}
			}
			if got.Value != tt.id || got.Pos.Line != tt.line || got.Pos.Col != tt.col {
				t.Errorf("ReadID = %q at %d:%d, want %q at %d:%d", got.Value, got.Pos.Line, got.Pos.Col, tt.id, tt.line, tt.col)
			}
			// Whatever the quick read says, the parser agrees.
			if d, _ := deal.Parse("d.yaml", []byte(tt.src)); d != nil && (d.ID.Value != got.Value || d.ID.Pos != got.Pos) {
				t.Errorf("the parser reads id %q at %v", d.ID.Value, d.ID.Pos)
			}
		})
	}
}

func TestFinalSigners(t *testing.T) {
	tests := []struct {
		name, players string
		want          []bool
	}{
		{"the only decision maker signs", "  - {id: a, name: A, roles: [decision_maker]}\n  - {id: b, name: B, roles: [user]}\n", []bool{true, false}},
		{"two decision makers, nobody marked", "  - {id: a, name: A, roles: [decision_maker]}\n  - {id: b, name: B, roles: [decision_maker]}\n", []bool{false, false}},
		{"two decision makers, one marked", "  - {id: a, name: A, roles: [decision_maker]}\n  - {id: b, name: B, roles: [decision_maker], final_signer: true}\n", []bool{false, true}},
		{"the mark wins over the only decision maker", "  - {id: a, name: A, roles: [decision_maker]}\n  - {id: b, name: B, roles: [influencer], final_signer: true}\n", []bool{false, true}},
		{"false marks nobody", "  - {id: a, name: A, roles: [decision_maker], final_signer: false}\n", []bool{true}},
		{"no decision maker", "  - {id: a, name: A, roles: [user]}\n", []bool{false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, problems := deal.Parse("x.yaml", []byte(header+"key_players:\n"+tt.players))
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			got := d.FinalSigners()
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}
