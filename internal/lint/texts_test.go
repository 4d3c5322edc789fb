package lint_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"gopkg.in/yaml.v3"
)

// TestCatalogComplete: every rule has its words in every language, and
// every text has the same placeholders in every language.
func TestCatalogComplete(t *testing.T) {
	cat := lint.Catalog()
	if err := cat.Err(); err != nil {
		t.Fatal(err)
	}
	for _, r := range lint.Rules() {
		for _, lang := range i18n.Langs {
			tx := r.Texts(lang)
			for name, s := range map[string]string{"title": tx.Title, "summary": tx.Summary, "doc": tx.Doc, "fix": tx.Fix, "example": tx.Example} {
				if _, ok := cat.Lookup(lang, "rules."+r.ID+"."+name); !ok || strings.TrimSpace(s) == "" {
					t.Errorf("rule %s has no %s in %s", r.ID, name, lang)
				}
			}
		}
	}
	sameKeys(t, cat)
}

// sameKeys checks that the languages of a catalog have the same keys, and
// each text the same placeholders.
func sameKeys(t *testing.T, cat *i18n.Catalog) {
	t.Helper()
	for _, m := range cat.Mismatches() {
		t.Error(m)
	}
}

// TestMessagesInCatalog reads the rules' source: every message a rule
// reports (the string after the position in Report, or the first argument
// of Text) is in the catalog of some rule, and every message of the
// catalog is reported somewhere, so no text is dead and no key a typo.
func TestMessagesInCatalog(t *testing.T) {
	files, err := filepath.Glob("rules_*.go")
	if err != nil || len(files) == 0 {
		t.Fatal("no rule files", err)
	}
	used, nested := map[string]bool{}, map[string]bool{}
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		// A nested message ("field.region", "where.pain") may be named in a
		// list the rule words with Texts: any literal of it counts.
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if key, _ := strconv.Unquote(lit.Value); strings.Contains(key, ".") {
					nested[key] = true
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			// Pass.Report(pos, msg, ...), RepoPass.Report(file, pos, msg, ...)
			// and Pass.Text(msg, ...): the message is always a literal.
			var arg ast.Expr
			switch {
			case sel.Sel.Name == "Report" && len(call.Args) >= 2:
				arg = call.Args[1]
				if lit, ok := arg.(*ast.BasicLit); !ok || lit.Kind != token.STRING {
					if len(call.Args) < 3 {
						t.Errorf("%s: a Report whose message is not a literal string", fset.Position(call.Pos()))
						return true
					}
					arg = call.Args[2]
				}
			case sel.Sel.Name == "Text" && len(call.Args) >= 1:
				arg = call.Args[0]

			default:
				return true
			}
			lit, ok := arg.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: a message that is not a literal string: the catalog check cannot see it", fset.Position(call.Pos()))
				return true
			}
			key, _ := strconv.Unquote(lit.Value)
			used[key] = true
			return true
		})
	}
	cat := lint.Catalog()
	inCatalog := map[string]bool{}
	for _, k := range cat.Keys(i18n.English) {
		if _, after, ok := strings.Cut(k, ".messages."); ok {
			inCatalog[after] = true
		}
	}
	for key := range used {
		if !inCatalog[key] {
			t.Errorf("a rule reports message %q, which no rule's messages have", key)
		}
	}
	for key := range nested {
		if inCatalog[key] {
			used[key] = true
		}
	}
	for key := range inCatalog {
		if !used[key] {
			t.Errorf("message %q is in the catalog but no rule reports it", key)
		}
	}
}

// TestExamples: every rule's example, in every language, is a fragment of
// a deal that parses and satisfies its rule on its own: put into a deal
// that has nothing but a header, at a stage that requires every rule, the
// rule finds nothing.
func TestExamples(t *testing.T) {
	cfg, err := config.Parse("deals.config.yaml", []byte("team:\n  - {id: li-na, name: Li Na}\n  - {id: zhao-min, name: Zhao Min}\ncurrency:\n  base: USD\n  rates: {EUR: 1.1, CNY: 0.14}\n"))
	if err != nil {
		t.Fatal(err)
	}
	base := "id: example\ntitle: Example deal\naccount:\n  name: ACME Manufacturing\n  size: large\nproduct:\n  name: Plant Suite\n  complexity: complex\nowner: li-na\nstage: negotiate\n"
	for _, lang := range i18n.Langs {
		l, err := lint.New(cfg, today)
		if err != nil {
			t.Fatal(err)
		}
		l.WithLang(lang)
		for _, r := range lint.Rules() {
			if r.RunRepo != nil {
				continue // a cross-file rule has nothing to check in one deal
			}
			t.Run(string(lang)+"/"+r.ID, func(t *testing.T) {
				example := r.Texts(lang).Example
				merged, err := merge(base, example)
				if err != nil {
					t.Fatalf("the example is not a YAML fragment of a deal: %v\n%s", err, example)
				}
				d, problems := deal.Parse("d.yaml", merged)
				if len(problems) > 0 {
					t.Fatalf("the example does not make a valid deal: %v\n%s", problems, example)
				}
				res := l.Deal(d, nil)
				for _, f := range res.Findings {
					if f.Rule == r.ID {
						t.Errorf("the example does not satisfy its rule: %s\n%s", f, example)
					}
				}
			})
		}
	}
}

// merge puts the top-level keys of a fragment into a deal: mappings merge,
// everything else replaces.
func merge(base, fragment string) ([]byte, error) {
	var b, f yaml.Node
	if err := yaml.Unmarshal([]byte(base), &b); err != nil {
		return nil, err
	}
	if err := yaml.Unmarshal([]byte(fragment), &f); err != nil {
		return nil, err
	}
	if len(f.Content) != 1 || f.Content[0].Kind != yaml.MappingNode {
		return nil, errNotMapping
	}
	mergeNodes(b.Content[0], f.Content[0])
	return yaml.Marshal(&b)
}

type notMapping struct{}

func (notMapping) Error() string { return "the fragment is not a mapping of deal fields" }

var errNotMapping error = notMapping{}

func mergeNodes(dst, src *yaml.Node) {
	for i := 0; i+1 < len(src.Content); i += 2 {
		k, v := src.Content[i], src.Content[i+1]
		found := false
		for j := 0; j+1 < len(dst.Content); j += 2 {
			if dst.Content[j].Value == k.Value {
				found = true
				if v.Kind == yaml.MappingNode && dst.Content[j+1].Kind == yaml.MappingNode {
					mergeNodes(dst.Content[j+1], v)
				} else {
					dst.Content[j+1] = v
				}
			}
		}
		if !found {
			dst.Content = append(dst.Content, k, v)
		}
	}
}
