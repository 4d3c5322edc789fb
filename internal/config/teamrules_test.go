package config_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/source"
)

// TestTeamRulesDecode: a rule's fields, its texts in each language, and
// the rules of included packs with their own file.
func TestTeamRulesDecode(t *testing.T) {
	packs := map[string]string{
		"rules/sales.yaml": "team_rules:\n  - id: b\n    step: close\n    condition: \"true\"\n    message: only one text\n",
	}
	read := func(name string) ([]byte, error) {
		if s, ok := packs[name]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
	src := `include: [rules/sales.yaml]
team_rules:
  - id: a
    step: deal
    severity: error
    stages: [propose]
    field: amount.value
    condition: amount > 1.0
    title: {en: Big enough, zh: 金额够大}
    message:
      en: too small
    examples:
      pass: [{amount: {value: 2}}]
`
	c, err := config.ParseWith("repo/deals.config.yaml", []byte(src), read)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TeamRules) != 2 {
		t.Fatalf("%d rules", len(c.TeamRules))
	}
	a, b := c.TeamRules[0], c.TeamRules[1]
	if a.ID.Name != "a" || a.Step != "deal" || a.Severity != "error" || len(a.Stages) != 1 || a.Field.Name != "amount.value" || a.File != "repo/deals.config.yaml" {
		t.Errorf("a: %+v", a)
	}
	if a.Title.In(i18n.Chinese) != "金额够大" || a.Title.In(i18n.English) != "Big enough" {
		t.Errorf("title: %+v", a.Title)
	}
	// A language left out uses the other.
	if a.Message.In(i18n.Chinese) != "too small" {
		t.Errorf("message in zh: %q", a.Message.In(i18n.Chinese))
	}
	if len(a.Examples.Pass) != 1 || a.Examples.Pass[0].Pos.Line != 13 {
		t.Errorf("examples: %+v", a.Examples)
	}
	if b.File != "repo/rules/sales.yaml" || b.ID.Pos != (source.Pos{Line: 2, Col: 9}) || b.Message.In(i18n.Chinese) != "only one text" || b.Stages != nil {
		t.Errorf("b: %+v", b)
	}
	if len(c.Includes) != 1 || c.Includes[0].File != "repo/rules/sales.yaml" {
		t.Errorf("includes: %+v", c.Includes)
	}
}

// TestIncludeProblems: a pack that cannot be read, or is not a pack, is a
// positioned problem; a name that leaves the folder is never read.
func TestIncludeProblems(t *testing.T) {
	packs := map[string]string{
		"more.yaml":  "language: zh\nteam_rules: []\n",
		"bad.yaml":   "team_rules:\n  - id: Bad Id\n    step: deal\n    condition: x\n    message: m\n",
		"empty.yaml": "",
	}
	var asked []string
	read := func(name string) ([]byte, error) {
		asked = append(asked, name)
		if s, ok := packs[name]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
	tests := []struct {
		include string
		file    string
		pos     source.Pos
		want    string
	}{
		{"../other/rules.yaml", "deals.config.yaml", source.Pos{Line: 1, Col: 11}, "must be a file in this configuration's folder"},
		{"/etc/passwd", "deals.config.yaml", source.Pos{Line: 1, Col: 11}, "must be a file in this configuration's folder"},
		{`C:\rules.yaml`, "deals.config.yaml", source.Pos{Line: 1, Col: 11}, "must be a file in this configuration's folder"},
		{"sub/../../x.yaml", "deals.config.yaml", source.Pos{Line: 1, Col: 11}, "must be a file in this configuration's folder"},
		{"missing.yaml", "deals.config.yaml", source.Pos{Line: 1, Col: 11}, `include "missing.yaml": file does not exist`},
		{"more.yaml", "more.yaml", source.Pos{Line: 1, Col: 1}, "a rule pack holds only team_rules, not language"},
		{"bad.yaml", "bad.yaml", source.Pos{Line: 2, Col: 9}, "Bad Id"},
		{"empty.yaml", "empty.yaml", source.Pos{Line: 1, Col: 1}, ""},
	}
	for _, tt := range tests {
		asked = nil
		src := "include: ['" + tt.include + "']\n"
		_, err := config.ParseWith("deals.config.yaml", []byte(src), read)
		var se *source.Error
		if !errors.As(err, &se) {
			t.Errorf("%s: %v, want a problem", tt.include, err)
			continue
		}
		if se.File != tt.file || se.Pos != tt.pos || !strings.Contains(se.Msg, tt.want) {
			t.Errorf("%s: %s:%d:%d: %s; want %s:%d:%d: ...%s...", tt.include, se.File, se.Line, se.Col, se.Msg, tt.file, tt.pos.Line, tt.pos.Col, tt.want)
		}
		if strings.Contains(tt.want, "folder") && len(asked) > 0 {
			t.Errorf("%s: read %v", tt.include, asked)
		}
	}
	_, err := config.ParseWith("deals.config.yaml", []byte("include: [more.yaml, ./more.yaml]\n"), read)
	if err == nil || !strings.Contains(err.Error(), "listed twice") {
		t.Errorf("twice: %v", err)
	}
	_, err = config.Parse("deals.config.yaml", []byte("include: [more.yaml]\n"))
	if err == nil || !strings.Contains(err.Error(), "read only with the repository") {
		t.Errorf("without a reader: %v", err)
	}
}
