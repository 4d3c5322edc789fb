package lint

import (
	"fmt"
	"strings"

	"github.com/dealsascode/deals/internal/i18n"
)

// DocURL is where the built-in rules are documented, one heading per rule
// id (docs/rules.md, docs/rules.zh.md): the page a finding links to when
// no site of the repository is published.
func DocURL(lang i18n.Lang, id string) string {
	file := "rules.md"
	if lang == i18n.Chinese {
		file = "rules.zh.md"
	}
	return "https://github.com/dealsascode/deals/blob/main/docs/" + file + "#" + id
}

// RulesDoc is the reference of the built-in rules in lang, as Markdown:
// for each rule, under a heading that is its id, what `deals explain`
// says of it. The files under docs/ are written from it.
func RulesDoc(lang i18n.Lang) string {
	p := i18n.UI().Printer(lang)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n", p.T("rulesDoc.title"), p.T("rulesDoc.intro"))
	for _, step := range append(append([]StepInfo(nil), Steps...), StepInfo{ID: StepDeal}) {
		fmt.Fprintf(&b, "\n## %s\n", StepTitle(step.ID, lang))
		for _, r := range Rules() {
			if r.Step != step.ID {
				continue
			}
			tx := r.Texts(lang)
			fmt.Fprintf(&b, "\n### %s\n\n**%s**\n\n", r.ID, tx.Summary)
			facts := "rulesDoc.staged"
			if r.Always {
				facts = "rulesDoc.always"
			}
			fmt.Fprintf(&b, "%s\n\n", p.T(facts, "severity", p.T("report.severity."+r.Severity.String())))
			fmt.Fprintf(&b, "%s\n", strings.TrimSpace(tx.Doc))
			if tx.Fix != "" {
				fmt.Fprintf(&b, "\n%s\n", p.T("explain.fix", "fix", tx.Fix))
			}
			if tx.Example != "" {
				fmt.Fprintf(&b, "\n%s\n\n```yaml\n%s```\n", p.T("explain.example"), tx.Example)
			}
		}
	}
	return b.String()
}
