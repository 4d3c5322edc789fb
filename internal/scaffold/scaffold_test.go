package scaffold

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/source"
)

const today = "2026-11-26"

// settings is the part of a configuration a file sets, without positions.
func settings(c *config.Config) map[string]any {
	var stages []map[string]any
	for _, s := range c.Stages {
		var requires []string
		for _, r := range s.Requires {
			requires = append(requires, fmt.Sprint(r.Name, r.Rule.Name, r.Step.Name, r.Severity))
		}
		stages = append(stages, map[string]any{"id": s.ID, "name": s.Name, "probability": s.Probability, "outcome": s.Outcome, "requires": requires})
	}
	rules := map[string]string{}
	for id, r := range c.Rules {
		rules[id] = string(r.Severity)
	}
	var roles []string
	for _, r := range c.RequiredRoles {
		roles = append(roles, fmt.Sprint(r.Size, r.Complexity, r.Roles, r.Distinct))
	}
	return map[string]any{
		"stages": stages, "required_roles": roles, "review_max_age_days": c.ReviewMaxAgeDays,
		"player_max_age_days": c.PlayerMaxAgeDays, "qualified_level": c.QualifiedLevel, "rules": rules,
		"currency": c.Currency, "team": len(c.Team), "exclude": len(c.Exclude),
	}
}

// The commented configuration that deals init writes claims to be the
// defaults written out; this keeps the claim true.
func TestConfigFileIsTheDefault(t *testing.T) {
	data, err := files.ReadFile("files/deals.config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("deals.config.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := settings(cfg), settings(config.Default()); !reflect.DeepEqual(got, want) {
		t.Errorf("the scaffold configuration differs from the defaults:\n got %v\nwant %v", got, want)
	}
}

func TestWorkflowIsTheExample(t *testing.T) {
	ours, err := files.ReadFile("files/github-workflow.yml")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("../../examples/.github/workflows/deals.yml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ours, example) {
		t.Error("files/github-workflow.yml differs from examples/.github/workflows/deals.yml: copy the example over it")
	}
}

func TestVSCodeSettingsMapTheSchema(t *testing.T) {
	data, err := files.ReadFile("files/vscode-settings.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{SchemaDir + "/deal.schema.json", SchemaDir + "/config.schema.json", "deals/**/*.yaml"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf(".vscode/settings.json does not mention %s", want)
		}
	}
}

// A new deal at any stage lints with only what that stage requires: no
// parse or schema problem, no rule that applies at every stage.
func TestNewDealLintsWithOnlyWhatItsStageRequires(t *testing.T) {
	cfg := config.Default()
	linter, err := lint.New(cfg, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, stage := range cfg.Stages {
		t.Run(stage.ID, func(t *testing.T) {
			form := &Form{Config: cfg, Today: today, Requires: linter.Requires}
			closeDate := "2027-03-31"
			if stage.Outcome == config.Won {
				closeDate = "2026-11-20" // booked: signed by today
			}
			for _, kv := range [][2]string{
				{"account", "ACME Manufacturing"}, {"title", "ERP rollout"}, {"owner", "li-na"},
				{"size", "large"}, {"product", "Plant Suite"}, {"complexity", "complex"},
				{"stage", stage.ID}, {"amount", "250k"}, {"currency", "USD"}, {"close", closeDate},
				{"region", "EMEA"}, {"industry", "manufacturing"},
			} {
				if err := form.Set(kv[0], kv[1]); err != nil {
					t.Fatalf("%s %q: %v", kv[0], kv[1], err)
				}
			}
			content := DealFile(form.Deal("../.deals/deal.schema.json"))
			d, problems := deal.Parse("deals/new.yaml", content)
			if d == nil || len(problems) > 0 {
				t.Fatalf("the new deal does not parse: %v\n%s", problems, content)
			}
			findings := linter.Deal(d, nil).Findings
			for _, f := range findings {
				if !linter.Requires(stage.ID, f.Rule) {
					t.Errorf("finding not required at %s: %s", stage.ID, f)
				}
			}
			if len(stage.Requires) > 0 && len(findings) == 0 {
				t.Errorf("stage %s requires %v but the empty deal has no findings", stage.ID, stage.Requires)
			}
		})
	}
}

// Every commented section of the new deal, uncommented, is a valid deal:
// the skeleton teaches the schema's own shape.
func TestSkeletonUncommentedIsValid(t *testing.T) {
	content := string(DealFile(Deal{ID: "x", Title: "T", Account: "A", Size: "small", Product: "P", Complexity: "simple", Owner: "li-na", Stage: "prospect", Schema: SchemaURL}))
	var lines []string
	for i, line := range strings.Split(content, "\n") {
		if i == 0 {
			continue // the modeline
		}
		// Uncomment indented or key-looking comment lines, not the prose.
		if rest, ok := strings.CutPrefix(line, "# "); ok && (strings.HasPrefix(rest, " ") || isKeyLine(rest)) {
			line = rest
		}
		if strings.HasPrefix(line, "  # ") && isKeyLine(strings.TrimPrefix(line, "  # ")) {
			line = "  " + strings.TrimPrefix(line, "  # ")
		}
		lines = append(lines, line)
	}
	full := strings.Join(lines, "\n")
	d, problems := deal.Parse("full.yaml", []byte(full))
	if d == nil || len(problems) > 0 {
		t.Fatalf("uncommented skeleton is not a valid deal: %v\n%s", problems, full)
	}
	if !d.Assessment.Present() || !d.Close.Present() || len(d.KeyPlayers.Items) == 0 || !d.Plan.Present() || len(d.Reviews.Items) == 0 {
		t.Errorf("uncommenting did not bring back every step:\n%s", full)
	}
	if d.Account.Region.Value == "" || !d.Amount.Present() {
		t.Errorf("uncommenting did not bring back the optional header fields:\n%s", full)
	}
}

func isKeyLine(s string) bool {
	key, _, ok := strings.Cut(s, ":")
	return ok && key != "" && !strings.ContainsAny(key, " .,")
}

func FuzzDealFile(f *testing.F) {
	f.Add("ACME Manufacturing", "ERP rollout", "Plant Suite", "EMEA")
	f.Add("华新钢铁", "PDM: 二期", "null", "- x")
	f.Add("'a'", "#b", "c: d", "")
	f.Fuzz(func(t *testing.T, account, title, product, region string) {
		for _, s := range []string{account, title, product} {
			if strings.TrimSpace(s) == "" || !utf8.ValidString(s) {
				return // the form rejects these
			}
		}
		d := Deal{ID: "x", Title: title, Account: account, Size: "small", Region: region, Product: product, Complexity: "simple", Owner: "o", Stage: "prospect", Schema: SchemaURL}
		got, problems := deal.Parse("x.yaml", DealFile(d))
		if got == nil {
			t.Fatalf("did not parse: %v", problems)
		}
		for _, p := range problems {
			if errors.Is(p, source.ErrSyntax) {
				t.Fatalf("syntax error: %v\n%s", p, DealFile(d))
			}
		}
		// The loader trims text, as the form does.
		if len(problems) == 0 && (got.Title.Value != strings.TrimSpace(title) || got.Account.Name.Value != strings.TrimSpace(account) || got.Product.Name.Value != strings.TrimSpace(product)) {
			t.Errorf("values changed: %q %q %q", got.Account.Name.Value, got.Title.Value, got.Product.Name.Value)
		}
	})
}

func TestFormSet(t *testing.T) {
	cfg := config.Default()
	cfg.Currency.Rates["EUR"] = 1.08
	taken := map[string]bool{"acme-erp": true}
	for _, tc := range []struct {
		field, value, want, err string
	}{
		{field: "amount", value: "250000", want: "250000"},
		{field: "amount", value: "250,000", want: "250000"},
		{field: "amount", value: "250k", want: "250000"},
		{field: "amount", value: "1.2M", want: "1200000"},
		{field: "amount", value: "€250k", err: "plain amount"},
		{field: "amount", value: "-5", err: "plain amount"},
		{field: "amount", value: "NaN", err: "plain amount"},
		{field: "amount", value: "", want: ""},
		{field: "currency", value: "eur", want: "EUR"},
		{field: "currency", value: "CNY", err: "no conversion rate"},
		{field: "currency", value: "euro", err: "ISO 4217"},
		{field: "size", value: "Large", want: "large"},
		{field: "size", value: "huge", err: "one of small, medium, large"},
		{field: "complexity", value: "complx", err: "did you mean complex?"},
		{field: "stage", value: "qualfy", err: "did you mean qualify?"},
		{field: "stage", value: "won", want: "won"},
		{field: "close", value: "2027-02-30", err: "YYYY-MM-DD"},
		{field: "close", value: "2025-01-01", err: "has passed"},
		{field: "close", value: today, want: today},
		{field: "owner", value: "Li Na", err: "lower-case"},
		{field: "owner", value: "li-na", want: "li-na"},
		{field: "id", value: "acme-erp", err: "taken"},
		{field: "id", value: "ACME ERP", err: "lower-case"},
		{field: "id", value: strings.Repeat("a", 81), err: "up to 80"},
		{field: "title", value: "two\nlines", err: "one line"},
		{field: "title", value: "caf\xe9", err: "UTF-8"},
		{field: "title", value: "", err: "required"},
		{field: "account", value: "  padded  ", want: "padded"},
	} {
		t.Run(tc.field+"="+tc.value, func(t *testing.T) {
			form := &Form{Config: cfg, Today: today, Taken: func(id string) bool { return taken[id] }}
			err := form.Set(tc.field, tc.value)
			switch {
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("error %v, want one containing %q", err, tc.err)
			case tc.err == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.err == "" && form.Get(tc.field) != tc.want && tc.want != "":
				t.Errorf("got %q, want %q", form.Get(tc.field), tc.want)
			}
		})
	}
}

// A won deal is booked: its close date is the day it was signed, so it
// cannot be ahead of today, as an open deal's cannot be behind it.
func TestFormCloseOfAWonDeal(t *testing.T) {
	form := &Form{Config: config.Default(), Today: today}
	if err := form.Set("stage", "won"); err != nil {
		t.Fatal(err)
	}
	if err := form.Set("close", "2026-12-01"); err == nil || !strings.Contains(err.Error(), "still to come") {
		t.Errorf("a won deal closing 2026-12-01: error %v, want one saying it is still to come", err)
	}
	for _, v := range []string{today, "2026-10-01"} {
		if err := form.Set("close", v); err != nil {
			t.Errorf("a won deal closing %s: %v", v, err)
		}
	}
}

func TestFormTeamOwner(t *testing.T) {
	cfg, err := config.Parse("deals.config.yaml", []byte("team:\n  - {id: li-na, name: Li Na}\n  - {id: wang-hao, name: Wang Hao}\n"))
	if err != nil {
		t.Fatal(err)
	}
	form := &Form{Config: cfg}
	if err := form.Set("owner", "li-nah"); err == nil || !strings.Contains(err.Error(), "did you mean li-na?") {
		t.Errorf("owner outside the team: %v", err)
	}
	if err := form.Set("owner", "wang-hao"); err != nil {
		t.Errorf("team member: %v", err)
	}

	// A large team is not listed in prompts and errors.
	var team strings.Builder
	team.WriteString("team:\n")
	for i := range maxListed + 1 {
		fmt.Fprintf(&team, "  - {id: rep-%d, name: Rep %d}\n", i, i)
	}
	cfg, err = config.Parse("deals.config.yaml", []byte(team.String()))
	if err != nil {
		t.Fatal(err)
	}
	form = &Form{Config: cfg}
	err = form.Set("owner", "someone")
	if err == nil || err.Error() != "a team member in deals.config.yaml" {
		t.Errorf("owner outside a large team: %v", err)
	}
	var out bytes.Buffer
	_ = form.Ask(bufio.NewReader(strings.NewReader("ACME\nERP\n")), &out)
	if !strings.Contains(out.String(), "Owner (your id in the team): ") {
		t.Errorf("the owner prompt lists a large team:\n%s", out.String())
	}
}

func TestFormDefaults(t *testing.T) {
	taken := map[string]bool{"acme-erp-rollout": true, "acme-erp-rollout-2": true}
	cfg := config.Default()
	linter, err := lint.New(cfg, today)
	if err != nil {
		t.Fatal(err)
	}
	form := &Form{Config: cfg, Taken: func(id string) bool { return taken[id] }, Requires: linter.Requires}
	for _, kv := range [][2]string{{"account", "ACME"}, {"title", "ERP rollout"}} {
		if err := form.Set(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	if got := form.Get("id"); got != "acme-erp-rollout-3" {
		t.Errorf("id = %q, want the first free one", got)
	}
	if got := form.Get("stage"); got != "prospect" {
		t.Errorf("stage = %q, want the first open stage", got)
	}
	if form.Required("amount") {
		t.Error("a prospect needs no amount")
	}
	if err := form.Set("stage", "propose"); err != nil {
		t.Fatal(err)
	}
	if !form.Required("amount") || !form.Required("close") {
		t.Error("a deal at propose is in the forecast: amount and close date are required")
	}
	if got := form.Get("currency"); got != "" {
		t.Errorf("currency without an amount = %q", got)
	}
	if err := form.Set("amount", "10"); err != nil {
		t.Fatal(err)
	}
	if got := form.Get("currency"); got != "USD" {
		t.Errorf("currency = %q, want the base currency", got)
	}
}

func TestAsk(t *testing.T) {
	cfg := config.Default()
	linter, err := lint.New(cfg, today)
	if err != nil {
		t.Fatal(err)
	}
	form := &Form{Config: cfg, Today: today, Requires: linter.Requires, OwnerHint: "li-na"}
	if err := form.Set("title", "Vision inspection"); err != nil {
		t.Fatal(err)
	}
	answers := strings.Join([]string{
		"Brenner Druckguss", // account
		"",                  // owner: the hint
		"huge", "large",     // size, after one wrong answer
		"Vision Suite",
		"", "complex", // complexity: required, no default
		"develop",
		"", "1.5M", // amount: required at develop
		"eur", "USD", // currency: EUR has no rate
		"2027-05-31",
		"", "", // region, industry
		"", // id
	}, "\n") + "\n"
	var out bytes.Buffer
	if err := form.Ask(bufio.NewReader(strings.NewReader(answers)), &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	want := Deal{ID: "brenner-druckguss-vision-inspection", Title: "Vision inspection", Account: "Brenner Druckguss",
		Size: "large", Product: "Vision Suite", Complexity: "complex", Owner: "li-na", Stage: "develop",
		Amount: "1500000", Currency: "USD", Close: "2027-05-31", Schema: "s", Today: today}
	if got := form.Deal("s"); got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	transcript := out.String()
	for _, want := range []string{"Owner (your id in the team) [li-na]: ", "one of small, medium, large", "an answer is required", "EUR has no conversion rate", "[brenner-druckguss-vision-inspection]"} {
		if !strings.Contains(transcript, want) {
			t.Errorf("the prompts do not show %q:\n%s", want, transcript)
		}
	}
	if strings.Contains(transcript, "Deal title") {
		t.Error("asked for a title that was given")
	}

	form = &Form{Config: cfg}
	if err := form.Ask(bufio.NewReader(strings.NewReader("ACME\n")), &out); !errors.Is(err, ErrNoInput) {
		t.Errorf("input ending early: %v", err)
	}
}

func TestWriteNewIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("ours"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteNew(dir, map[string][]byte{"a/b.yaml": []byte("x"), "README.md": []byte("theirs")})
	if !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), "README.md") {
		t.Fatalf("error %v, want fs.ErrExist naming README.md", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Error("wrote some files although one existed")
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "README.md")); string(data) != "ours" {
		t.Error("replaced an existing file")
	}
	if err := WriteNew(dir, map[string][]byte{"a/b.yaml": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "a"))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}
