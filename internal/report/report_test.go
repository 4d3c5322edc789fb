package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealsascode/deals/internal/change"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/movement"
	"github.com/dealsascode/deals/internal/report"
	"github.com/dealsascode/deals/internal/source"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func sample() *lint.Result {
	return &lint.Result{
		Files: 3,
		Findings: []lint.Finding{
			{File: "deals/acme.yaml", Pos: source.Pos{Line: 12, Col: 3}, Field: "key_players", Severity: lint.Error, Rule: "players-coach", Step: lint.StepPlayers, Message: "no coach identified"},
			{File: "deals/acme.yaml", Pos: source.Pos{Line: 40, Col: 9}, Field: "plan.actions[3]", Severity: lint.Warning, Rule: "plan-overdue", Step: lint.StepPlan, Message: `action "call, then: 100% sure | <script>alert(1)</script>" was due` + "\nnext line"},
			{File: "deals/华信,钢铁.yaml", Pos: source.Pos{Line: 1, Col: 1}, Severity: lint.Info, Rule: "compete-no-decision", Step: lint.StepCompete, Message: "doing nothing is not listed \x1b[2J"},
		},
		Deals: []lint.DealSummary{
			{File: "deals/acme.yaml", ID: "acme", Title: "ACME", Owner: "li-na", Stage: "propose", Valid: true, Score: lint.Score{Steps: [7]int{100, 50, 33, 0, 100, 100, 50}, Deal: 50, Overall: 60}},
			{File: "deals/bad.yaml", ID: "bad", Stage: "develop", Valid: false},
		},
		Errors: []error{errors.New("deals/gone.yaml: cannot read: permission denied")},
	}
}

func render(t *testing.T, format string, opts report.Options, r *lint.Result) string {
	t.Helper()
	rep, err := report.New(format, opts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.Lint(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n%s", name, path, got)
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name string
		opts report.Options
	}{
		{"text", report.Options{}},
		{"text-scores", report.Options{Scores: true}},
		{"text-color", report.Options{Color: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, "text", tt.opts, sample())
			golden(t, tt.name, got)
			if hasANSI := strings.Contains(got, "\x1b["); hasANSI != tt.opts.Color {
				t.Errorf("colour = %v, want %v", hasANSI, tt.opts.Color)
			}
		})
	}
	t.Run("one line per finding, no control characters", func(t *testing.T) {
		out := render(t, "text", report.Options{}, sample())
		if n := strings.Count(out, "\n"); n != 4 {
			t.Errorf("%d lines, want 3 findings and the summary:\n%s", n, out)
		}
		if strings.Contains(out, "\x1b") {
			t.Error("an escape sequence from deal text reaches the terminal")
		}
	})
	t.Run("GNU format", func(t *testing.T) {
		first := strings.SplitN(render(t, "text", report.Options{}, sample()), "\n", 2)[0]
		if want := "deals/acme.yaml:12:3: error: no coach identified [players-coach]"; first != want {
			t.Errorf("first line = %q, want %q", first, want)
		}
	})
}

func TestSummary(t *testing.T) {
	tests := []struct {
		r    *lint.Result
		lang i18n.Lang
		want string
	}{
		{sample(), i18n.English, "3 files checked: 1 error, 1 warning, 1 info"},
		{&lint.Result{Files: 1}, i18n.English, "1 file checked: 0 errors, 0 warnings, 0 infos"},
		{sample(), i18n.Chinese, "检查了 3 个文件：1 个错误，1 个警告，1 条提示"},
		{&lint.Result{Files: 1}, i18n.Chinese, "检查了 1 个文件：0 个错误，0 个警告，0 条提示"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := report.Summary(tt.r, i18n.UI().Printer(tt.lang)); got != tt.want {
				t.Errorf("Summary = %q", got)
			}
		})
	}
}

func TestJSON(t *testing.T) {
	out := render(t, "json", report.Options{Version: "v1.2.3"}, sample())
	var doc struct {
		Version  string
		Summary  struct{ Files, Errors, Warnings, Infos int }
		Findings []struct {
			File, Field, Severity, Rule, Step, Message, Hint string
			Line, Column                                     int
		}
		Deals []struct {
			ID    string
			Valid bool
			Score *struct {
				Overall int
				Deal    int
				Steps   map[string]int
			}
		}
		Errors []string
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "v1.2.3" || doc.Summary.Files != 3 || doc.Summary.Errors != 1 || len(doc.Findings) != 3 || len(doc.Errors) != 1 {
		t.Errorf("decoded %+v", doc)
	}
	f := doc.Findings[0]
	if f.Line != 12 || f.Column != 3 || f.Field != "key_players" || f.Rule != "players-coach" || f.Step != "players" || f.Hint == "" {
		t.Errorf("finding %+v", f)
	}
	if !strings.Contains(out, `"field": "",`) {
		t.Error("a finding at no field has no \"field\" key: scripts should not need to test for it")
	}
	if doc.Deals[0].Score == nil || doc.Deals[0].Score.Steps["compete"] != 50 || doc.Deals[0].Score.Deal != 50 || doc.Deals[0].Score.Overall != 60 {
		t.Errorf("score %+v", doc.Deals[0].Score)
	}
	if doc.Deals[1].Valid || doc.Deals[1].Score != nil {
		t.Errorf("invalid deal scored: %+v", doc.Deals[1])
	}
}

func TestGitHub(t *testing.T) {
	summary := filepath.Join(t.TempDir(), "summary.md")
	os.WriteFile(summary, []byte("earlier step\n"), 0o644)
	out := render(t, "github", report.Options{StepSummary: summary}, sample())
	golden(t, "github", out)
	md, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "github-summary", string(md))
	if !strings.HasPrefix(string(md), "earlier step\n") {
		t.Error("the job summary was overwritten instead of appended to")
	}
	if strings.Contains(string(md), "<script>") {
		t.Error("deal text reaches the job summary as HTML")
	}

	t.Run("annotations are capped per level, the summary is not", func(t *testing.T) {
		r := &lint.Result{Files: 1}
		for i := 0; i < 25; i++ {
			r.Findings = append(r.Findings, lint.Finding{File: "a.yaml", Pos: source.Pos{Line: i + 1, Col: 1}, Severity: lint.Error, Rule: "schema", Message: fmt.Sprint("problem ", i)})
		}
		file := filepath.Join(t.TempDir(), "s.md")
		out := render(t, "github", report.Options{StepSummary: file}, r)
		if n := strings.Count(out, "::error "); n != report.AnnotationsPerLevel {
			t.Errorf("%d error annotations, want %d", n, report.AnnotationsPerLevel)
		}
		if !strings.Contains(out, "::notice title=deals lint::15 more findings are not annotated") {
			t.Errorf("no notice about the rest:\n%s", out)
		}
		md, _ := os.ReadFile(file)
		if n := strings.Count(string(md), "| a.yaml |"); n != 25 {
			t.Errorf("summary has %d rows, want 25", n)
		}
	})
	t.Run("summary stays under GitHub's limit", func(t *testing.T) {
		r := &lint.Result{Files: 1}
		for i := 0; i < 20000; i++ {
			r.Findings = append(r.Findings, lint.Finding{File: "a.yaml", Pos: source.Pos{Line: i + 1, Col: 1}, Severity: lint.Warning, Rule: "schema", Message: strings.Repeat("long message ", 8)})
		}
		md := report.StepSummary(r, i18n.UI().Printer(i18n.English))
		if len(md) > 1<<20 || !strings.Contains(md, "more findings omitted") {
			t.Errorf("summary is %d bytes; truncation note present: %v", len(md), strings.Contains(md, "omitted"))
		}
	})
}

func TestSARIF(t *testing.T) {
	out := render(t, "sarif", report.Options{Version: "v1.2.3"}, sample())
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft7
	s, err := c.Compile("testdata/sarif-2.1.0-subset.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(doc); err != nil {
		t.Fatalf("not valid SARIF 2.1.0: %#v", err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
					LogicalLocations []struct{ Name, FullyQualifiedName, Kind string }
				}
			}
		}
	}
	json.Unmarshal([]byte(out), &log)
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(lint.Rules()) {
		t.Errorf("%d rules described, want all %d", len(run.Tool.Driver.Rules), len(lint.Rules()))
	}
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("ruleIndex %d points at %s, not %s", r.RuleIndex, run.Tool.Driver.Rules[r.RuleIndex].ID, r.RuleID)
		}
	}
	levels := []string{run.Results[0].Level, run.Results[1].Level, run.Results[2].Level}
	if strings.Join(levels, ",") != "error,warning,note" {
		t.Errorf("levels = %v", levels)
	}
	if loc := run.Results[0].Locations[0].PhysicalLocation; loc.ArtifactLocation.URI != "deals/acme.yaml" || loc.Region.StartLine != 12 || loc.Region.StartColumn != 3 {
		t.Errorf("location = %+v", loc)
	}
	var logical []string
	for _, r := range run.Results {
		for _, l := range r.Locations[0].LogicalLocations {
			logical = append(logical, l.Kind+" "+l.Name+" "+l.FullyQualifiedName)
		}
		logical = append(logical, "|")
	}
	if got, want := strings.Join(logical, " "), "property key_players key_players | value actions[3] plan.actions[3] | |"; got != want {
		t.Errorf("logical locations %s, want %s (none for a finding at no field)", got, want)
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := report.New("xml", report.Options{}); err == nil || !strings.Contains(err.Error(), "text, json, github, sarif") {
		t.Errorf("err = %v", err)
	}
}

// TestJSONFindingEncoding keeps the hand-written encoder equal to encoding/json.
func TestJSONFindingEncoding(t *testing.T) {
	tricky := []string{"plain", `quote " and \ backslash`, "tab\tnew\nline\r", "<script>&amp;", "\x00\x1f\x7f", "王芳 café", "line\u2028sep", "bad \xff byte"}
	for _, s := range tricky {
		t.Run(s, func(t *testing.T) {
			r := &lint.Result{Files: 1, Findings: []lint.Finding{{File: s, Pos: source.Pos{Line: 1, Col: 2}, Severity: lint.Warning, Rule: "players-coach", Step: lint.StepPlayers, Message: s}}}
			out := render(t, "json", report.Options{}, r)
			var doc struct{ Findings []map[string]any }
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("invalid JSON: %v\n%s", err, out)
			}
			want, _ := json.Marshal(s)
			var back string
			json.Unmarshal(want, &back)
			if doc.Findings[0]["message"] != back || doc.Findings[0]["file"] != back {
				t.Errorf("round trip: got %q, want %q", doc.Findings[0]["message"], back)
			}
			if !strings.Contains(out, string(want)) {
				t.Errorf("encoding differs from encoding/json: %s not in\n%s", want, out)
			}
		})
	}
}

func TestMarkdownStaysSmall(t *testing.T) {
	rep := &change.Report{Base: "main", Head: "big"}
	for i := 0; i < 20000; i++ {
		rep.Diffs = append(rep.Diffs, change.Diff{Kind: "added", ID: fmt.Sprint("d", i), Title: strings.Repeat("A long deal title ", 5), File: fmt.Sprintf("deals/d%05d.yaml", i)})
	}
	// What says the list is cut short, in each language.
	for lang, more := range map[i18n.Lang]string{i18n.English: "more deals: run `deals diff` locally", i18n.Chinese: "个商机：完整列表请在本地运行 `deals diff`"} {
		md := report.Markdown(rep, i18n.UI().Printer(lang))
		if len(md) > report.MaxMarkdown || !strings.Contains(md, more) {
			t.Errorf("%s: markdown is %d bytes; summarised: %v", lang, len(md), strings.Contains(md, more))
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	rep := &change.Report{Base: "main", Head: "x", Diffs: []change.Diff{{Kind: "added", ID: "x", Title: "<img src=x onerror=alert(1)> *bold* [link](javascript:alert(1)) | pipe", File: "deals/x`y.yaml"}}}
	md := report.Markdown(rep, i18n.UI().Printer(i18n.English))
	for _, bad := range []string{"<img", "[link](", "*bold*"} {
		if strings.Contains(md, bad) {
			t.Errorf("markdown contains %q:\n%s", bad, md)
		}
	}
}

// TestMarkdownScoreParts: the deal's own part of the score is named
// without a step number, the steps with theirs.
func TestMarkdownScoreParts(t *testing.T) {
	rep := &change.Report{Base: "main", Head: "x", Diffs: []change.Diff{{Kind: "modified", ID: "x", Title: "X", File: "deals/x.yaml", Steps: []change.StepScore{
		{Step: lint.StepInfo{ID: lint.StepDeal}, Before: 0, After: 100},
		{Step: lint.Steps[2], Before: 50, After: 75},
	}}}}
	md := report.Markdown(rep, i18n.UI().Printer(i18n.English))
	for _, want := range []string{"| Deal and file | 0% | 100% |", "| 3. Key players | 50% | 75% |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

// TestSARIFLocationsAndHelp: every file name becomes a URI reference that
// code scanning accepts (RFC 3986: only unreserved and reserved ASCII,
// the rest percent-encoded), and every rule links to its documentation.
func TestSARIFLocationsAndHelp(t *testing.T) {
	uris := []struct{ file, want string }{
		{"deals/acme.yaml", "deals/acme.yaml"},
		{"deals/müller söhne.yaml", "deals/m%C3%BCller%20s%C3%B6hne.yaml"},
		{"a b#c%.yaml", "a%20b%23c%25.yaml"},
		{"deals/华信,钢铁.yaml", "deals/%E5%8D%8E%E4%BF%A1%2C%E9%92%A2%E9%93%81.yaml"},
		{"c:d.yaml", "./c:d.yaml"},
		{"deals/what?.yaml", "deals/what%3F.yaml"},
		{"/srv/sales/deals/x y.yaml", "file:///srv/sales/deals/x%20y.yaml"},
	}
	res := &lint.Result{Files: len(uris)}
	for _, u := range uris {
		res.Findings = append(res.Findings, lint.Finding{File: u.file, Pos: source.Pos{Line: 1, Col: 1}, Severity: lint.Error, Rule: "players-coach", Step: lint.StepPlayers, Message: "m"})
	}
	type log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID, HelpURI string }
				}
			}
			Results []struct {
				Locations []struct {
					PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
				}
			}
		}
	}
	for _, c := range []struct {
		name string
		opts report.Options
		help string
	}{
		{"the project's reference", report.Options{}, "https://github.com/dealsascode/deals/blob/main/docs/rules.md#players-coach"},
		{"in Chinese", report.Options{Lang: i18n.Chinese}, "https://github.com/dealsascode/deals/blob/main/docs/rules.zh.md#players-coach"},
		{"the team's site", report.Options{BaseURL: "https://sales.example.com/deals/"}, "https://sales.example.com/deals/rules/players-coach.html"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got log
			if err := json.Unmarshal([]byte(render(t, "sarif", c.opts, res)), &got); err != nil {
				t.Fatal(err)
			}
			for i, r := range got.Runs[0].Results {
				uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI
				if uri != uris[i].want {
					t.Errorf("%q: uri %q, want %q", uris[i].file, uri, uris[i].want)
				}
				if strings.IndexFunc(uri, func(r rune) bool { return r > '~' || r <= ' ' || strings.ContainsRune(`"<>\^`+"`{|}", r) }) >= 0 {
					t.Errorf("%q: uri %q holds a character RFC 3986 does not allow", uris[i].file, uri)
				}
			}
			for _, r := range got.Runs[0].Tool.Driver.Rules {
				if r.HelpURI == "" {
					t.Errorf("rule %s has no helpUri", r.ID)
				}
				if r.ID == "players-coach" && r.HelpURI != c.help {
					t.Errorf("helpUri %q, want %q", r.HelpURI, c.help)
				}
			}
		})
	}
}

// TestMarkdownMovement: the diff's summary says how the change moves the
// quarter's forecast, deal text escaped, and the section keeps the summary
// under GitHub's limit: a huge change keeps its table and drops the deals
// behind the bars.
func TestMarkdownMovement(t *testing.T) {
	w, _ := movement.ParseWindow("2026-Q4", time.Now())
	m := &movement.Report{Window: w, Currency: "USD", Total: movement.Figures{
		Amounts: map[movement.Bar]float64{movement.Start: 1000, movement.PushedOut: 800, movement.End: 200},
		Deals: map[movement.Bar][]movement.Entry{
			movement.Start:     {{ID: "a", Amount: 800}, {ID: "b", Amount: 200}},
			movement.PushedOut: {{ID: "a", Title: "<img src=x onerror=alert(1)> *A*", Owner: "li-na", Amount: 800, Why: "close", From: "2026-12-15", To: "2027-01-15"}},
			movement.End:       {{ID: "b", Amount: 200}},
		}}}
	rep := &change.Report{Base: "main", Head: "working tree", Movement: m, Diffs: []change.Diff{{Kind: "modified", ID: "a", Title: "A", File: "deals/a.yaml"}}}
	md := report.Markdown(rep, i18n.UI().Printer(i18n.English))
	for _, want := range []string{
		"#### How this moves the forecast of 2026-Q4\n\nThe open pipeline of the deals closing in 2026-Q4 (2026-10-01 to 2026-12-31), in USD, from main to working tree:",
		"| − pushed out | 800 USD | 1 |",
		"| **end** | 200 USD | 1 |",
		"- `a` &lt;img src=x onerror=alert(1)&gt; \\*A\\* (li-na): 800 USD, close date 2026-12-15 → 2027-01-15",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "<img") {
		t.Errorf("deal text became markup:\n%s", md)
	}
	if zh := report.Markdown(rep, i18n.UI().Printer(i18n.Chinese)); !strings.Contains(zh, "| − 推迟移出 | 800 USD | 1 |") {
		t.Errorf("the Chinese summary lacks the pushed-out bar:\n%s", zh)
	}

	big := &change.Report{Base: "main", Head: "big", Movement: &movement.Report{Window: w, Currency: "USD", Total: movement.Figures{Amounts: map[movement.Bar]float64{}, Deals: map[movement.Bar][]movement.Entry{}}}}
	for i := 0; i < 20000; i++ {
		id := fmt.Sprint("d", i)
		big.Diffs = append(big.Diffs, change.Diff{Kind: "modified", ID: id, Title: strings.Repeat("A long deal title ", 5), File: fmt.Sprintf("deals/d%05d.yaml", i)})
		big.Movement.Total.Deals[movement.PushedOut] = append(big.Movement.Total.Deals[movement.PushedOut],
			movement.Entry{ID: id, Title: strings.Repeat("A long deal title ", 5), Owner: "li-na", Amount: 1000, Why: "close", From: "2026-12-15", To: "2027-01-15"})
		big.Movement.Total.Amounts[movement.PushedOut] += 1000
	}
	md = report.Markdown(big, i18n.UI().Printer(i18n.English))
	if len(md) > report.MaxMarkdown || !strings.Contains(md, "| − pushed out | 20,000,000 USD | 20000 |") {
		t.Errorf("a huge change: %d bytes, with the table: %v", len(md), strings.Contains(md, "| − pushed out |"))
	}
}
