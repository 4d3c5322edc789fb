package lint_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md and docs/rules.zh.md")

// TestRulesDoc: the rules' reference under docs/ is what the rules say
// now, in both languages, with a heading for every rule that findings
// link to.
func TestRulesDoc(t *testing.T) {
	for _, c := range []struct {
		lang i18n.Lang
		file string
	}{{i18n.English, "../../docs/rules.md"}, {i18n.Chinese, "../../docs/rules.zh.md"}} {
		want := lint.RulesDoc(c.lang)
		for _, r := range lint.Rules() {
			if !strings.Contains(want, "\n### "+r.ID+"\n") {
				t.Errorf("%s: no heading for %s, which %s links to", c.file, r.ID, lint.DocURL(c.lang, r.ID))
			}
		}
		if *update {
			if err := os.WriteFile(c.file, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(c.file)
		if err != nil || string(got) != want {
			t.Errorf("%s is not what the rules say now: run go test ./internal/lint -run TestRulesDoc -update", c.file)
		}
	}
}
