package render

import (
	"embed"
	"fmt"
	"github.com/dealsascode/deals/internal/config"
	"html/template"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/text"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// templates holds one parsed template set per kind of page, each with the
// shared layout.
type templates struct {
	attention, pipeline, column, forecast, movement, accuracy, deal, person, account, coaching, errors, rule, changes *template.Template
}

func loadTemplates(tr translator, linter *lint.Linter, repoPath func(string) string, who func(map[string]string, string) string) (*templates, error) {
	funcs := template.FuncMap{
		// t is a text without values; tf fills one's placeholders. They are
		// two functions because a template calls a variadic one at the cost
		// of a slice per call, and a page calls t a few hundred times.
		"t":        func(key string) string { return tr.T(key) },
		"tf":       tr.T,
		"money":    tr.money,
		"num":      text.Number,
		"count":    func(n int) string { return text.Number(float64(n)) },
		"pct":      func(v int) string { return strconv.Itoa(v) + "%" },
		"add":      func(a, b int) int { return a + b },
		"lower":    strings.ToLower,
		"join":     strings.Join,
		"rulePage": rulePage,
		// repoPath names a file from the repository's folder.
		"repoPath": repoPath,
		// who is the name of a person referred to by id.
		"who": who,
		// ruleSummary is a rule's one line, the team's own words for a
		// team rule.
		"ruleSummary": func(id string) string {
			if r, ok := linter.Rule(id); ok {
				return r.Texts(tr.Lang).Summary
			}
			return id
		},
		"personPage": personPage,
		// langOf is the lang attribute of a team's text: its language when
		// that is not the page's, else "" (no attribute).
		"langOf": tr.langOf,
		// stageName is a stage's name in the site's language.
		"stageName": func(s config.Stage) string { return s.NameIn(tr.Lang) },
		"stepName":  func(s lint.Step) string { return tr.T("steps." + string(s)) },
		"stepNumber": func(s lint.Step) int {
			for _, info := range lint.Steps {
				if info.ID == s {
					return info.Number
				}
			}
			return 0
		},
		"sev": func(s lint.Severity) string { return s.String() },
		// sevLetter is the class of a flag of a severity: e, w or i.
		"sevLetter": severityLetter,
		"level": func(kind string, v any) string {
			s := fmt.Sprint(v)
			if s == "" {
				return ""
			}
			return tr.T(kind + "." + s)
		},
		"trim": strings.TrimSpace,
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
	parse := func(page string) (*template.Template, error) {
		t := template.New("layout.html").Funcs(funcs)
		for _, name := range []string{"layout.html", page} {
			src, err := templateFS.ReadFile("templates/" + name)
			if err != nil {
				return nil, err
			}
			if _, err := t.Parse(string(src)); err != nil {
				return nil, err
			}
		}
		for _, tmpl := range t.Templates() {
			if tmpl.Tree != nil {
				foldTexts(tmpl.Tree.Root, tr)
			}
		}
		return t, nil
	}
	var t templates
	for _, p := range []struct {
		dst  **template.Template
		file string
	}{
		{&t.attention, "attention.html"}, {&t.pipeline, "pipeline.html"}, {&t.column, "column.html"}, {&t.forecast, "forecast.html"},
		{&t.movement, "movement.html"}, {&t.accuracy, "accuracy.html"}, {&t.deal, "deal.html"},
		{&t.person, "person.html"}, {&t.account, "account.html"}, {&t.coaching, "coaching.html"},
		{&t.errors, "errors.html"}, {&t.rule, "rule.html"}, {&t.changes, "changes.html"},
	} {
		tmpl, err := parse(p.file)
		if err != nil {
			return nil, err
		}
		*p.dst = tmpl
	}
	return &t, nil
}

// foldTexts replaces every {{t "key"}} of a parsed template by its text,
// escaped for HTML: the text is the same on every page of a build, and a
// deal page names a few hundred. The templates are parsed as written;
// this is the parser's tree, specialised to a language before the first
// page is rendered (html/template escapes a template on first use, and
// treats the folded text as the template's own, which it now is: escaped
// catalog text, safe in element content and quoted attributes, the only
// places the templates use it).
func foldTexts(n parse.Node, tr translator) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for i, child := range n.Nodes {
			if key, ok := constantText(child); ok {
				a := child.(*parse.ActionNode)
				n.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: a.Pos, Text: []byte(template.HTMLEscapeString(tr.T(key)))}
				continue
			}
			foldTexts(child, tr)
		}
	case *parse.IfNode:
		foldTexts(n.List, tr)
		foldTexts(n.ElseList, tr)
	case *parse.RangeNode:
		foldTexts(n.List, tr)
		foldTexts(n.ElseList, tr)
	case *parse.WithNode:
		foldTexts(n.List, tr)
		foldTexts(n.ElseList, tr)
	}
}

// constantText is the key of an action {{t "key"}}, which has no other
// argument and no variable.
func constantText(n parse.Node) (string, bool) {
	a, ok := n.(*parse.ActionNode)
	if !ok || a.Pipe == nil || len(a.Pipe.Decl) > 0 || len(a.Pipe.Cmds) != 1 {
		return "", false
	}
	args := a.Pipe.Cmds[0].Args
	if len(args) != 2 {
		return "", false
	}
	fn, ok := args[0].(*parse.IdentifierNode)
	if !ok || fn.Ident != "t" {
		return "", false
	}
	key, ok := args[1].(*parse.StringNode)
	if !ok {
		return "", false
	}
	return key.Text, true
}
