package render

import (
	"embed"
	"fmt"
	"html/template"
	"strconv"
	"strings"

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
	pipeline, forecast, deal, person, account, coaching, errors, rule, changes *template.Template
}

func loadTemplates(tr translator) (*templates, error) {
	funcs := template.FuncMap{
		// t is a text without values; tf fills one's placeholders. They are
		// two functions because a template calls a variadic one at the cost
		// of a slice per call, and a page calls t a few hundred times.
		"t":          func(key string) string { return tr.T(key) },
		"tf":         tr.T,
		"money":      text.Money,
		"num":        text.Number,
		"pct":        func(v int) string { return strconv.Itoa(v) + "%" },
		"add":        func(a, b int) int { return a + b },
		"lower":      strings.ToLower,
		"join":       strings.Join,
		"rulePage":   rulePage,
		"personPage": personPage,
		"stepName":   func(s lint.Step) string { return tr.T("steps." + string(s)) },
		"stepNumber": func(s lint.Step) int {
			for _, info := range lint.Steps {
				if info.ID == s {
					return info.Number
				}
			}
			return 0
		},
		"sev": func(s lint.Severity) string { return s.String() },
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
		return t, nil
	}
	var t templates
	for _, p := range []struct {
		dst  **template.Template
		file string
	}{
		{&t.pipeline, "pipeline.html"}, {&t.forecast, "forecast.html"}, {&t.deal, "deal.html"},
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
