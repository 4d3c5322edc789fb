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
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
	"gopkg.in/yaml.v3"
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
// defaults written out; this keeps the claim true. In another language
// the stages are named in it (the names the site shows), and the file
// says its language.
func TestConfigFileIsTheDefault(t *testing.T) {
	for _, lang := range i18n.Langs {
		data, err := files.ReadFile(langFile(lang, "deals.config.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Parse("deals.config.yaml", data)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if cfg.Language != lang {
			t.Errorf("%s: the configuration says language %q", lang, cfg.Language)
		}
		def := config.Default()
		if lang != i18n.English {
			for i := range cfg.Stages {
				if cfg.Stages[i].Name == "" || cfg.Stages[i].Name == def.Stages[i].Name {
					t.Errorf("%s: stage %s is not named in the language: %q", lang, cfg.Stages[i].ID, cfg.Stages[i].Name)
				}
				cfg.Stages[i].Name = def.Stages[i].Name
			}
		}
		if got, want := settings(cfg), settings(def); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the scaffold configuration differs from the defaults:\n got %v\nwant %v", lang, got, want)
		}
	}
}

// Every file with words in it exists in every language.
func TestEveryLanguageHasEveryFile(t *testing.T) {
	for _, lang := range i18n.Langs {
		for _, name := range langFiles {
			if _, err := files.ReadFile(langFile(lang, name)); err != nil {
				t.Errorf("%s lacks %s: %v", lang, name, err)
			}
		}
	}
}

// The workflow in another language is the English one (which is the
// example's, which actionlint checks) with its comments translated: the
// same jobs, steps and settings.
func TestWorkflowInEveryLanguageIsTheSame(t *testing.T) {
	var want any
	for _, lang := range i18n.Langs {
		data, err := files.ReadFile(langFile(lang, "github-workflow.yml"))
		if err != nil {
			t.Fatal(err)
		}
		var got any
		if err := yaml.Unmarshal(data, &got); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if lang == i18n.English {
			want = got
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("the %s workflow differs from the English one in more than its comments", lang)
		}
	}
}

// The README in another language shows the same commands as the English one.
func TestREADMEInEveryLanguageShowsTheCommands(t *testing.T) {
	commands := regexp.MustCompile("(?m)^deals [a-z]+|`deals [a-z]+")
	english, _ := files.ReadFile(langFile(i18n.English, "README.md"))
	want := map[string]bool{}
	for _, c := range commands.FindAllString(string(english), -1) {
		want[strings.TrimPrefix(c, "`")] = true
	}
	for _, lang := range i18n.Langs[1:] {
		data, _ := files.ReadFile(langFile(lang, "README.md"))
		for c := range want {
			if !bytes.Contains(data, []byte(c)) {
				t.Errorf("the %s README does not show %s", lang, c)
			}
		}
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

// TestRepositorySchemas: a repository's copies of the schemas are the
// ones deals schema prints, their descriptions in the team's language.
func TestRepositorySchemas(t *testing.T) {
	for _, lang := range i18n.Langs {
		repo := Repository(lang, "", nil, "x.yaml")
		for name, s := range map[string]*schema.Schema{"deal": schema.Deal(), "config": schema.Config()} {
			got := repo[SchemaDir+"/"+name+".schema.json"]
			if !bytes.Equal(got, s.JSONIn(string(lang))) {
				t.Errorf("%s: the %s schema is not JSONIn(%q)", lang, name, lang)
			}
			if chinese := bytes.Contains(got, []byte("TAS 第 1 步")) || bytes.Contains(got, []byte("团队的语言")); chinese != (lang == i18n.Chinese) {
				t.Errorf("%s: the %s schema's descriptions are in the wrong language", lang, name)
			}
		}
	}
}

// A new deal at any stage, in any language, lints with only what that
// stage requires: no parse or schema problem, no rule that applies at
// every stage.
func TestNewDealLintsWithOnlyWhatItsStageRequires(t *testing.T) {
	cfg := config.Default()
	linter, err := lint.New(cfg, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Langs {
		for _, stage := range cfg.Stages {
			t.Run(string(lang)+"/"+stage.ID, func(t *testing.T) { newDealLints(t, cfg, linter, lang, stage) })
		}
	}
}

func newDealLints(t *testing.T, cfg *config.Config, linter *lint.Linter, lang i18n.Lang, stage config.Stage) {
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
	content := DealFile(form.Deal("../.deals/deal.schema.json"), lang)
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
}

// Every commented section of the new deal, uncommented, is a valid deal:
// the skeleton teaches the schema's own shape, in every language the same.
func TestSkeletonUncommentedIsValid(t *testing.T) {
	var want []string
	for _, lang := range i18n.Langs {
		full := uncommented(t, lang)
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(full), &doc); err != nil {
			t.Fatal(err)
		}
		got := keyPaths(&doc, "")
		if lang == i18n.English {
			want = got
		} else if !reflect.DeepEqual(got, want) {
			t.Errorf("the %s skeleton has other fields than the English one:\n got %v\nwant %v", lang, got, want)
		}
	}
}

// keyPaths lists the paths of the keys of a YAML document, in order.
func keyPaths(n *yaml.Node, prefix string) []string {
	var out []string
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			out = append(out, keyPaths(c, prefix+"[]")...)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := prefix + "." + n.Content[i].Value
			out = append(out, key)
			out = append(out, keyPaths(n.Content[i+1], key)...)
		}
	}
	return out
}

// uncommented is the new deal in lang with every commented section
// uncommented; it fails the test unless that is a valid deal with every
// step.
func uncommented(t *testing.T, lang i18n.Lang) string {
	t.Helper()
	content := string(DealFile(Deal{ID: "x", Title: "T", Account: "A", Size: "small", Product: "P", Complexity: "simple", Owner: "li-na", Stage: "prospect", Schema: SchemaURL}, lang))
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
		t.Fatalf("%s: uncommented skeleton is not a valid deal: %v\n%s", lang, problems, full)
	}
	if !d.Assessment.Present() || !d.Close.Present() || len(d.KeyPlayers.Items) == 0 || !d.Plan.Present() || len(d.Reviews.Items) == 0 {
		t.Errorf("%s: uncommenting did not bring back every step:\n%s", lang, full)
	}
	if d.Account.Region.Value == "" || !d.Amount.Present() {
		t.Errorf("%s: uncommenting did not bring back the optional header fields:\n%s", lang, full)
	}
	return full
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
		for _, lang := range i18n.Langs {
			content := DealFile(d, lang)
			got, problems := deal.Parse("x.yaml", content)
			if got == nil {
				t.Fatalf("%s: did not parse: %v", lang, problems)
			}
			for _, p := range problems {
				if errors.Is(p, source.ErrSyntax) {
					t.Fatalf("%s: syntax error: %v\n%s", lang, p, content)
				}
			}
			// The loader trims text, as the form does.
			if len(problems) == 0 && (got.Title.Value != strings.TrimSpace(title) || got.Account.Name.Value != strings.TrimSpace(account) || got.Product.Name.Value != strings.TrimSpace(product)) {
				t.Errorf("%s: values changed: %q %q %q", lang, got.Account.Name.Value, got.Title.Value, got.Product.Name.Value)
			}
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
		{field: "currency", value: "CNY", want: "CNY"}, // no rate: lint warns, the form takes it
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
		"euro", "eur", // currency: a code, then one without a rate, which is taken
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
		Amount: "1500000", Currency: "EUR", Close: "2027-05-31", Schema: "s", Today: today}
	if got := form.Deal("s"); got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	transcript := out.String()
	for _, want := range []string{"Owner (your id in the team) [li-na]: ", "one of small, medium, large", "an answer is required", "a three-letter ISO 4217 code", "[brenner-druckguss-vision-inspection]"} {
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

// TestWriteNewChecksBeforeWriting: whatever stands in the way of a file
// or of a folder the files go in, nothing at all is written.
func TestWriteNewChecksBeforeWriting(t *testing.T) {
	outside := t.TempDir()
	for _, tc := range []struct {
		name    string
		prepare func(dir string) error
		want    *ConflictError
		is      error
	}{
		{"a file where a folder goes", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, ".vscode"), []byte("{}"), 0o644)
		}, &ConflictError{NotFolders: []string{".vscode"}}, ErrInTheWay},
		{"a link to nowhere where a folder goes", func(dir string) error {
			return os.Symlink("nowhere", filepath.Join(dir, "deals"))
		}, &ConflictError{Links: []string{"deals"}}, ErrInTheWay},
		{"a link out of the folder", func(dir string) error {
			return os.Symlink(outside, filepath.Join(dir, "deals"))
		}, &ConflictError{Links: []string{"deals"}}, ErrInTheWay},
		{"a link to nowhere as a file", func(dir string) error {
			return os.Symlink("nowhere", filepath.Join(dir, "README.md"))
		}, &ConflictError{Existing: []string{"README.md"}}, fs.ErrExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := tc.prepare(dir); err != nil {
				t.Skip("cannot set up:", err)
			}
			before, _ := os.ReadDir(dir)
			err := WriteNew(dir, Repository(i18n.English, "", DealFile(Example(i18n.English), i18n.English), "example.yaml"))
			var ce *ConflictError
			if !errors.As(err, &ce) || !errors.Is(err, tc.is) {
				t.Fatalf("err = %v, want a *ConflictError wrapping %v", err, tc.is)
			}
			if !reflect.DeepEqual(ce, tc.want) {
				t.Errorf("got %+v, want %+v", ce, tc.want)
			}
			if after, _ := os.ReadDir(dir); len(after) != len(before) {
				t.Errorf("wrote %d entries, want none", len(after)-len(before))
			}
			if entries, _ := os.ReadDir(outside); len(entries) > 0 {
				t.Error("wrote through the link, out of the folder")
			}
		})
	}
	t.Run("a link inside the folder is followed", func(t *testing.T) {
		dir := t.TempDir()
		os.Mkdir(filepath.Join(dir, "pipeline"), 0o755)
		if err := os.Symlink("pipeline", filepath.Join(dir, "deals")); err != nil {
			t.Skip(err)
		}
		if err := WriteNew(dir, map[string][]byte{"deals/a.yaml": []byte("x")}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "pipeline", "a.yaml")); err != nil {
			t.Error(err)
		}
	})
}

// TestFormInChinese: the questions, their choices and defaults, and the
// answers' errors, in Chinese; amounts as Chinese sales teams say them.
func TestFormInChinese(t *testing.T) {
	zh := i18n.UI().Printer(i18n.Chinese)
	cfg := config.Default()
	taken := map[string]bool{"acme-erp": true}
	for _, tc := range []struct {
		field, value, want string
	}{
		{"amount", "€250k", "请只写金额数字，例如 250000、25万、250k 或 1.2M，不要带币种"},
		{"currency", "euro", "请写三个字母的 ISO 4217 币种代码，例如 CNY、USD、EUR"},
		{"size", "huge", "可选：small、medium、large"},
		{"complexity", "complx", "是不是想写 complex？（可选：simple、complex）"},
		{"stage", "qualfy", "是不是想写 qualify？（deals.config.yaml 里的某个阶段，可选：prospect、qualify、develop、propose、negotiate、won、lost）"},
		{"close", "2027-02-30", "请按 YYYY-MM-DD 写日期，例如 2027-03-31"},
		{"close", "2025-01-01", "2025-01-01 已经过去了：进行中的商机，预计成交日期只能是今天或以后"},
		{"owner", "Li Na", "负责人 id 只能用小写字母、数字、点、下划线和连字符，例如 li-na"},
		{"id", "acme-erp", "acme-erp 已被占用：另一个商机用了这个 id 或文件名"},
		{"id", "ACME ERP", "id 只能用小写字母、数字、点、下划线和连字符，最多 80 个字符，例如 acme-erp-2027"},
		{"title", "two\nlines", "请只写一行文字"},
		{"title", "caf\xe9", "这不是 UTF-8 文本：请把终端设置为 UTF-8"},
		{"title", "", "这一项必须填写"},
	} {
		form := &Form{Config: cfg, Today: today, Lang: i18n.Chinese, Taken: func(id string) bool { return taken[id] }}
		err := form.Set(tc.field, tc.value)
		if err == nil {
			t.Errorf("%s=%q: no error", tc.field, tc.value)
			continue
		}
		if got := i18n.Text(err, zh); got != tc.want {
			t.Errorf("%s=%q:\n got %q\nwant %q", tc.field, tc.value, got, tc.want)
		}
	}

	for in, want := range map[string]string{"25万": "250000", "1.2亿": "120000000", "250，000": "250000", "3.5万": "35000"} {
		form := &Form{Config: cfg}
		if err := form.Set("amount", in); err != nil || form.Get("amount") != want {
			t.Errorf("amount %q = %q, %v; want %s", in, form.Get("amount"), err, want)
		}
	}

	linter, err := lint.New(cfg, today)
	if err != nil {
		t.Fatal(err)
	}
	form := &Form{Config: cfg, Today: today, Requires: linter.Requires, OwnerHint: "li-na", Lang: i18n.Chinese}
	answers := "华新钢铁\nPDM 二期\n\nhuge\nlarge\nPDM\ncomplex\n\n\n\n\n\n\n"
	var out bytes.Buffer
	if err := form.Ask(bufio.NewReader(strings.NewReader(answers)), &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	transcript := out.String()
	for _, want := range []string{
		"客户（客户公司的名称）：",
		"商机名称，例如 三个工厂的 ERP 上线：",
		"负责人（你在团队里的 id） [li-na]：",
		"客户规模（small、medium、large）：",
		"  可选：small、medium、large\n",
		"阶段（prospect、qualify、develop、propose、negotiate、won、lost） [prospect]：",
		"预计合同金额，例如 250000、25万 或 250k（选填）：",
		"客户采购所在的区域，例如 华东（选填）：",
		"产品复杂度，complex 表示需要技术把关者和使用者评估（simple、complex）：",
		"商机 id（也是文件名） [pdm]：",
	} {
		if !strings.Contains(transcript, want) {
			t.Errorf("the questions do not show %q:\n%s", want, transcript)
		}
	}
	if strings.Contains(transcript, "Account") || strings.Contains(transcript, "optional") {
		t.Errorf("English in the Chinese questions:\n%s", transcript)
	}
	if got := i18n.Text(ErrNoInput, zh); got != "还没回答完所有问题，输入就结束了" {
		t.Errorf("no input: %q", got)
	}
}

// TestWriteNewSaysWhatExists: the files that exist, in the reader's language.
func TestWriteNewSaysWhatExists(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("ours"), 0o644)
	err := WriteNew(dir, Repository(i18n.Chinese, "", DealFile(Example(i18n.Chinese), i18n.Chinese), "example.yaml"))
	if got := i18n.Text(err, i18n.UI().Printer(i18n.Chinese)); got != "README.md 已存在；没有写入任何文件" {
		t.Errorf("got %q", got)
	}
	if !errors.Is(err, fs.ErrExist) || err.Error() != "README.md: file already exists; nothing was written" {
		t.Errorf("English: %v", err)
	}
}

// A new repository's base currency is the one given, in every language,
// and its configuration still reads.
func TestRepositoryBaseCurrency(t *testing.T) {
	for _, lang := range i18n.Langs {
		for _, tc := range []struct{ base, want string }{{"", "USD"}, {"EUR", "EUR"}, {"CNY", "CNY"}} {
			files := Repository(lang, tc.base, nil, "example.yaml")
			cfg, err := config.Parse("deals.config.yaml", files["deals.config.yaml"])
			if err != nil {
				t.Fatalf("%s %q: %v", lang, tc.base, err)
			}
			if cfg.Currency.Base != tc.want {
				t.Errorf("%s %q: base %s, want %s", lang, tc.base, cfg.Currency.Base, tc.want)
			}
		}
	}
}

func TestAskCurrency(t *testing.T) {
	for _, tc := range []struct {
		lang          i18n.Lang
		answers, want string
		shown         []string
		err           error
	}{
		{answers: "\n", want: "USD", shown: []string{"Base currency", "[USD]: "}},
		{answers: "euro\neur\n", want: "EUR", shown: []string{"a three-letter ISO 4217 code"}},
		{lang: i18n.Chinese, answers: "cny\n", want: "CNY", shown: []string{"基准币种", "[USD]："}},
		{answers: "", err: ErrNoInput},
	} {
		t.Run(tc.answers, func(t *testing.T) {
			var out bytes.Buffer
			got, err := AskCurrency(bufio.NewReader(strings.NewReader(tc.answers)), &out, tc.lang)
			if !errors.Is(err, tc.err) || got != tc.want {
				t.Fatalf("got %q, %v; want %q, %v", got, err, tc.want, tc.err)
			}
			for _, s := range tc.shown {
				if !strings.Contains(out.String(), s) {
					t.Errorf("the question does not show %q:\n%s", s, out.String())
				}
			}
		})
	}
}

// A deal in a currency without a rate is written, and its lint says, as a
// warning, that the forecast cannot convert it yet.
func TestNewDealInACurrencyWithoutARate(t *testing.T) {
	cfg := config.Default()
	linter, err := lint.New(cfg, today)
	if err != nil {
		t.Fatal(err)
	}
	form := &Form{Config: cfg, Today: today, Requires: linter.Requires}
	for _, kv := range [][2]string{
		{"account", "ACME"}, {"title", "ERP"}, {"owner", "li-na"}, {"size", "large"}, {"product", "Suite"},
		{"complexity", "simple"}, {"amount", "250k"}, {"currency", "eur"},
	} {
		if err := form.Set(kv[0], kv[1]); err != nil {
			t.Fatalf("%s %q: %v", kv[0], kv[1], err)
		}
	}
	d, problems := deal.Parse("deals/new.yaml", DealFile(form.Deal("s"), i18n.English))
	if d == nil || len(problems) > 0 {
		t.Fatal(problems)
	}
	var found []lint.Finding
	for _, f := range linter.Deal(d, nil).Findings {
		if f.Rule == "deal-currency" {
			found = append(found, f)
		}
	}
	if len(found) != 1 || found[0].Severity != lint.Warning || !strings.Contains(found[0].Message, "the forecast cannot convert it") {
		t.Errorf("deal-currency findings %v, want one warning that the forecast cannot convert it", found)
	}
}
