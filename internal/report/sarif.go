package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/dealsascode/deals/internal/change"
	"github.com/dealsascode/deals/internal/lint"
)

// sarif writes SARIF 2.1.0, the format code-scanning services import.
type sarif struct{ opts Options }

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool sarifTool `json:"tool"`
	// Language is the language of the messages and rule texts (RFC 5646).
	Language   string        `json:"language"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 sarifText       `json:"help"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           map[string]any  `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

// sarifLogical is the field a finding points at, as SARIF names a place
// in a structured document apart from its lines (§3.33): viewers group
// results by it, and it survives edits above the finding.
type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// logicalLocations is the field path as a logical location: its last
// component is the name ("attitude" of "key_players[2].attitude", the
// whole "key_players[2]" for an item, as SARIF's XML example names
// "order[1]"), and its kind is what SARIF calls the parts of a JSON
// document: a property, or a value in a list.
func logicalLocations(field string) []sarifLogical {
	if field == "" {
		return nil
	}
	kind := "property"
	if strings.HasSuffix(field, "]") {
		kind = "value"
	}
	return []sarifLogical{{Name: field[strings.LastIndexByte(field, '.')+1:], FullyQualifiedName: field, Kind: kind}}
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	case lint.Info:
		return "note"
	}
	return "none"
}

func (s sarif) Lint(w io.Writer, r *lint.Result) error {
	rules := s.opts.rules()
	index := make(map[string]int, len(rules))
	driver := sarifDriver{Name: "deals", Version: s.opts.Version, InformationURI: "https://github.com/dealsascode/deals"}
	for i, rule := range rules {
		index[rule.ID] = i
		tx := rule.Texts(s.opts.lang())
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   rule.ID,
			Name:                 ruleName(rule.ID),
			ShortDescription:     sarifText{Text: tx.Summary},
			FullDescription:      sarifText{Text: oneParagraph(tx.Doc)},
			Help:                 sarifText{Text: tx.Fix, Markdown: tx.Fix + "\n\n```yaml\n" + tx.Example + "```\n"},
			HelpURI:              s.opts.helpURI(rule),
			DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(rule.Severity)},
			Properties:           map[string]any{"tags": []string{"tas", string(rule.Step)}},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Language: s.opts.lang().Tag(), ColumnKind: "unicodeCodePoints", Results: make([]sarifResult, 0, len(r.Findings))}
	for _, f := range r.Findings {
		run.Results = append(run.Results, sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message: sarifText{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: fileURI(f.File)},
				Region:           sarifRegion{StartLine: max(f.Pos.Line, 1), StartColumn: f.Pos.Col},
			}, LogicalLocations: logicalLocations(f.Field)}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

// fileURI is a file as a URI reference (RFC 3986): relative paths stay
// relative, to the folder the scan ran in, and every byte a path may not
// hold as it is (a space, "#", "%", letters beyond ASCII) is
// percent-encoded, or code scanning rejects the whole file.
func fileURI(file string) string {
	segments := strings.Split(filepath.ToSlash(file), "/")
	for i, s := range segments {
		segments[i] = url.PathEscape(s)
	}
	uri := strings.Join(segments, "/")
	if filepath.IsAbs(file) {
		return "file://" + uri
	}
	// A first segment with a colon would read as a scheme.
	if strings.Contains(segments[0], ":") {
		return "./" + uri
	}
	return uri
}

// helpURI is the page that documents a rule: its page on the team's site
// when the site's address is known, else the project's reference of the
// built-in rules; a team's rule without a site has none.
func (o Options) helpURI(r *lint.Rule) string {
	if o.BaseURL != "" {
		return strings.TrimSuffix(o.BaseURL, "/") + "/rules/" + url.PathEscape(r.ID) + ".html"
	}
	if r.Team() {
		return ""
	}
	return lint.DocURL(o.lang(), r.ID)
}

// ruleName turns players-coach into PlayersCoach, the form SARIF viewers show.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func oneParagraph(s string) string { return strings.Join(strings.Fields(s), " ") }

// Diff is not a form of this format.
func (sarif) Diff(io.Writer, *change.Report) error { return ErrUnsupported }
