package config

import (
	"bytes"
	"path"
	"strings"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
	"gopkg.in/yaml.v3"
)

// TeamRule is a rule a team writes in its configuration, or in a rule pack
// the configuration includes: a condition in CEL over a deal's data that a
// good deal satisfies. The configuration only reads it; lint compiles it,
// checks it, and runs it beside the built-in rules.
type TeamRule struct {
	ID         Ref        `yaml:"id"`
	Step       TeamStep   `yaml:"step"`
	StepAt     source.Pos `yaml:"step,pos"`
	Severity   Severity   `yaml:"severity"`
	SeverityAt source.Pos `yaml:"severity,pos"`
	// Stages are where deals must satisfy the rule; nil for every stage.
	Stages    []Ref      `yaml:"stages"`
	StagesAt  source.Pos `yaml:"stages,pos"`
	Field     Ref        `yaml:"field"`
	When      Expr       `yaml:"when"`
	Condition Expr       `yaml:"condition"`
	Title     Words      `yaml:"title"`
	Message   Words      `yaml:"message"`
	Doc       Words      `yaml:"doc"`
	Fix       Words      `yaml:"fix"`
	Examples  Examples   `yaml:"examples"`
	// File is the file the rule is written in: the configuration or a
	// rule pack; positions in the rule are in it.
	File string     `yaml:"-"`
	Pos  source.Pos `yaml:",at"`
}

// TeamStep is the TAS step a team rule belongs to, or "deal".
type TeamStep string

// TeamSteps are the steps a team rule may name, in order.
var TeamSteps = []TeamStep{"deal", "assess", "compete", "players", "relationships", "plan", "review", "close"}

// Examples are deals a team rule must accept and deals it must report.
type Examples struct {
	Pass []Example `yaml:"pass"`
	Fail []Example `yaml:"fail"`
}

// Example is a deal, or the part of one a rule reads, as written in the
// configuration.
type Example struct {
	Node *yaml.Node
	Pos  source.Pos
}

// DecodeNode implements source.NodeDecoder: the example is kept as it is
// written, for lint to read as it reads a deal.
func (e *Example) DecodeNode(_, n *yaml.Node) {
	e.Node, e.Pos = n, source.At(n)
}

// Words is a text in each language: written as one text it is that text
// in every language, written as {en: ..., zh: ...} each its own.
type Words struct {
	En  string `yaml:"en"`
	Zh  string `yaml:"zh"`
	Any string
}

// DecodeNode implements source.NodeDecoder.
func (w *Words) DecodeNode(_, n *yaml.Node) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag != "!!null" {
			w.Any = n.Value
		}
	case yaml.MappingNode:
		source.Fields(n, func(key string, _, v *yaml.Node) {
			if v.Kind != yaml.ScalarNode {
				return
			}
			switch key {
			case "en":
				w.En = v.Value
			case "zh":
				w.Zh = v.Value
			}
		})
	}
}

// In is the text in lang: its own, else the one text, else the text in
// another language (English first), else "".
func (w Words) In(lang i18n.Lang) string {
	own := w.En
	if lang == i18n.Chinese {
		own = w.Zh
	}
	if own != "" {
		return own
	}
	if w.Any != "" {
		return w.Any
	}
	if w.En != "" {
		return w.En
	}
	return w.Zh
}

// Empty reports whether no text is given in any language.
func (w Words) Empty() bool { return w.En == "" && w.Zh == "" && w.Any == "" }

// Expr is an expression written in the configuration, with where each of
// its characters is, so that an error in it is reported where it is.
type Expr struct {
	Text string
	Pos  source.Pos
	// first is where the text's first character is; block is set for a
	// literal block (|), whose lines are the file's lines from first on,
	// each indented by first.Col-1; quoted for a quoted one-line text.
	first  source.Pos
	block  bool
	quoted bool
	multi  bool
}

// DecodeNode implements source.NodeDecoder.
func (e *Expr) DecodeNode(_, n *yaml.Node) {
	e.Pos = source.At(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return
	}
	e.Text, e.first = n.Value, e.Pos
	switch n.Style {
	case yaml.LiteralStyle:
		e.block = true
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		e.quoted = true
		e.first.Col++
	}
	e.multi = strings.Contains(strings.TrimRight(n.Value, "\n"), "\n")
}

// Set reports whether an expression is written.
func (e Expr) Set() bool { return strings.TrimSpace(e.Text) != "" }

// At is where the character at line and column (both from 1) of the text
// is in the file. Where the text's lines are not the file's (a folded or
// quoted text over several lines) it is where the text starts.
func (e Expr) At(line, col int) source.Pos {
	switch {
	case e.block:
		return source.Pos{Line: e.first.Line + line - 1, Col: e.first.Col + col - 1}
	case line == 1 && !e.multi && !e.quoted:
		return source.Pos{Line: e.first.Line, Col: e.first.Col + col - 1}
	case line == 1 && !e.multi && e.quoted && !strings.ContainsAny(e.Text, "\\\"'"):
		// Escapes shift what follows them; without any, columns match.
		return source.Pos{Line: e.first.Line, Col: e.first.Col + col - 1}
	}
	return e.Pos
}

// placeRules records the file team rules are written in, and where the
// text of each of their expressions starts; data is that file.
func placeRules(rules []TeamRule, file string, data []byte) {
	var lines [][]byte // split once for all the rules, and only if needed
	for i := range rules {
		r := &rules[i]
		r.File = file
		for _, x := range []*Expr{&r.When, &r.Condition} {
			if x.block && lines == nil {
				lines = bytes.Split(data, []byte("\n"))
			}
			x.locate(lines)
		}
	}
}

// locate finds where a literal block's text starts, which the parser does
// not say: on the line after the indicator, at the indentation of the
// block's first line that is not empty. lines are the file's.
func (e *Expr) locate(lines [][]byte) {
	if !e.block {
		return
	}
	for i := e.Pos.Line; i < len(lines); i++ { // Pos.Line is the indicator's, from 1: lines[Pos.Line] is the next
		l := bytes.TrimRight(lines[i], "\r")
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		indent := len(l) - len(bytes.TrimLeft(l, " "))
		e.first = source.Pos{Line: e.Pos.Line + 1, Col: indent + 1}
		return
	}
	e.block = false
}

// Include is a rule pack the configuration includes, as read.
type Include struct {
	// File is the pack as people see it: the configuration's folder joined
	// with the name written.
	File string
	Data []byte
}

// IncludeReader reads a rule pack: name is slash-separated and relative to
// the configuration's folder, and never leaves it; the reader refuses a
// name that reaches outside through a symbolic link.
type IncludeReader func(name string) ([]byte, error)

// IsRulePack reports whether rel (slash-separated, relative to the
// configuration's folder) is one of the rule packs it includes: a YAML
// file in the repository that is not a deal.
func (c *Config) IsRulePack(rel string) bool {
	rel = path.Clean(rel)
	for _, inc := range c.Include {
		if inc.Name != "" && path.Clean(strings.ReplaceAll(inc.Name, "\\", "/")) == rel {
			return true
		}
	}
	return false
}

// pack is what a rule pack file holds.
type pack struct {
	TeamRules []TeamRule `yaml:"team_rules"`
}

// includes reads the rule packs the configuration names and adds their
// rules to its own, in the order written.
func (c *Config) includes(file string, read IncludeReader) []*source.Error {
	var problems []*source.Error
	seen := map[string]bool{}
	for _, inc := range c.Include {
		name := inc.Name
		clean := path.Clean(strings.ReplaceAll(name, "\\", "/"))
		switch {
		case name == "":
			continue
		case path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") || strings.Contains(name, ":"):
			problems = append(problems, source.Problem(file, inc.Pos, nil, "config.include.outside", "file", name))
			continue
		case seen[clean]:
			problems = append(problems, source.Problem(file, inc.Pos, nil, "config.include.twice", "file", name))
			continue
		case read == nil:
			problems = append(problems, source.Problem(file, inc.Pos, nil, "config.include.unread", "file", name))
			continue
		}
		seen[clean] = true
		shown := path.Join(path.Dir(strings.ReplaceAll(file, "\\", "/")), clean)
		data, err := read(clean)
		if err != nil {
			// The problem is said at the include, so its own file and
			// position would say twice where it is.
			var detail any = err
			if se, ok := err.(*source.Error); ok && se.Key != "" {
				detail = i18n.M(se.Key, se.Args...)
			}
			problems = append(problems, source.Problem(file, inc.Pos, err, "config.include.read", "file", name, "detail", detail))
			continue
		}
		c.Includes = append(c.Includes, Include{File: shown, Data: data})
		rules, errs := parsePack(shown, data)
		problems = append(problems, errs...)
		c.TeamRules = append(c.TeamRules, rules...)
	}
	return problems
}

// parsePack reads a rule pack: a file that holds team_rules and nothing
// else, checked by the configuration's schema.
func parsePack(file string, data []byte) ([]TeamRule, []*source.Error) {
	root, err := source.Parse(file, data)
	if err != nil {
		return nil, []*source.Error{source.AsProblem(file, err)}
	}
	v, problems := source.Value(file, root)
	if len(problems) == 0 {
		problems = source.Check(file, root, v, schema.Config())
	}
	if len(problems) > 0 {
		return nil, problems
	}
	if doc := source.Deref(root); doc.Kind == yaml.MappingNode {
		source.Fields(doc, func(key string, k, _ *yaml.Node) {
			if key != "team_rules" {
				problems = append(problems, source.Problem(file, source.At(k), nil, "config.include.notRules", "key", key))
			}
		})
	}
	var p pack
	source.Decode(root, &p)
	placeRules(p.TeamRules, file, data)
	return p.TeamRules, problems
}
