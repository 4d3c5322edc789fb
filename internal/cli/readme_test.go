package cli_test

import (
	"github.com/dealsascode/deals/internal/i18n"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/lint"
)

// The README is the front door: its examples must be valid and its rule
// table must match the rules.

func readme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func yamlBlocks(text string) []string {
	re := regexp.MustCompile("(?s)```yaml\n(.*?)```")
	var out []string
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestREADMEExamplesAreValid(t *testing.T) {
	var deals, configs int
	for _, block := range yamlBlocks(readme(t)) {
		switch {
		case strings.Contains(block, "\nid: "):
			deals++
			if _, problems := deal.Parse("README.md", []byte(block)); len(problems) > 0 {
				t.Errorf("README deal example: %v", problems)
			}
		case strings.Contains(block, "stages:") || strings.Contains(block, "team_rules:"):
			configs++
			// Rule packs are named as the examples' configuration names
			// them.
			read := func(name string) ([]byte, error) { return os.ReadFile("../../examples/" + name) }
			cfg, err := config.ParseWith("README.md", []byte(block), read)
			if err != nil {
				t.Errorf("README config example: %v", err)
				continue
			}
			// Its team rules compile and judge their examples right.
			if _, err := lint.New(cfg, "2026-11-26"); err != nil {
				t.Errorf("README config example: %v", err)
			}
		}
	}
	if deals == 0 || configs == 0 {
		t.Errorf("found %d deal and %d config examples in the README", deals, configs)
	}
}

func TestREADMERuleTable(t *testing.T) {
	text := readme(t)
	for _, r := range lint.Rules() {
		row := regexp.MustCompile("(?m)^\\| `" + regexp.QuoteMeta(r.ID) + "` \\| " + string(r.Step) + " \\| " + r.Severity.String() + " \\| .* \\| " + regexp.QuoteMeta(r.Texts(i18n.English).Summary) + " \\|$")
		if !row.MatchString(text) {
			t.Errorf("README rule table has no up-to-date row for %s (%s, %s): %s", r.ID, r.Step, r.Severity, r.Texts(i18n.English).Summary)
		}
	}
	if rows := regexp.MustCompile("(?m)^\\| `[a-z-]+` \\| ").FindAllString(text, -1); len(rows) != len(lint.Rules()) {
		t.Errorf("README lists %d rules, the registry has %d", len(rows), len(lint.Rules()))
	}
}
