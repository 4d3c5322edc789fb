package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/dealsascode/deals/internal/change"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/text"
)

// MaxMarkdown keeps a summary under GitHub's 1 MiB limit for a job summary
// or a comment; larger diffs are summarised.
const MaxMarkdown = 1000 << 10

// markdown writes the summary of a pull request's deal changes, for a
// comment or $GITHUB_STEP_SUMMARY. Lint results in Markdown are the
// github format's step summary.
type markdown struct{ opts Options }

func (m markdown) Lint(w io.Writer, r *lint.Result) error {
	_, err := io.WriteString(w, StepSummary(r, m.opts.words()))
	return err
}

func (m markdown) Diff(w io.Writer, rep *change.Report) error {
	_, err := io.WriteString(w, Markdown(rep, m.opts.words()))
	return err
}

// Markdown is the report for a pull-request comment or job summary, in
// p's language. Deal text is escaped so that it shows as written and
// cannot add markup.
func Markdown(rep *change.Report, p i18n.Printer) string {
	full := markdownOf(rep, p, true, len(rep.Diffs))
	if len(full) <= MaxMarkdown {
		return full
	}
	short := markdownOf(rep, p, false, len(rep.Diffs))
	if len(short) <= MaxMarkdown {
		return short
	}
	n := len(rep.Diffs)
	for n > 0 && len(markdownOf(rep, p, false, n)) > MaxMarkdown {
		n = n * 9 / 10
	}
	return markdownOf(rep, p, false, n)
}

func markdownOf(rep *change.Report, p i18n.Printer, details bool, limit int) string {
	var b strings.Builder
	b.WriteString(p.T("change.md.title", "base", mdEscape(rep.Base), "head", mdEscape(rep.Head)) + "\n\n" + rep.Headline(p) + "\n\n")
	sep := p.T("change.sep")
	for i, d := range rep.Diffs {
		if i == limit {
			b.WriteString("\n" + p.T("change.md.more", "count", len(rep.Diffs)-limit) + "\n")
			break
		}
		b.WriteString(p.T("change.md.deal", "name", mdEscape(d.Name()), "file", "`"+mdCode(d.File)+"`", "changes", mdEscape(strings.Join(d.Changes(p), sep))) + "\n")
	}
	if m := rep.Movement; m != nil {
		b.WriteString("\n" + movementOfChange(rep, p, details))
	}
	if !details {
		if limit == len(rep.Diffs) && len(rep.Diffs) > 0 {
			b.WriteString("\n" + p.T("change.md.short") + "\n")
		}
		return b.String()
	}
	for _, d := range rep.Diffs {
		if len(d.Steps) == 0 && len(d.NewFindings)+len(d.FixedFindings) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n<details><summary>%s</summary>\n\n", htmlEscape(d.Name()))
		if len(d.Steps) > 0 {
			b.WriteString(p.T("change.md.steps") + "\n|---|---:|---:|\n")
			for _, s := range d.Steps {
				name := mdEscape(s.Step.Name(p.Lang))
				if s.Step.Number > 0 {
					name = fmt.Sprintf("%d. %s", s.Step.Number, name)
				}
				fmt.Fprintf(&b, "| %s | %d%% | %d%% |\n", name, s.Before, s.After)
			}
			b.WriteString("\n")
		}
		for _, f := range d.NewFindings {
			where := fmt.Sprintf("`%s:%d`", mdCode(f.File), f.Pos.Line)
			b.WriteString(p.T("change.md.new", "severity", i18n.M("report.severity."+f.Severity.String()), "where", where,
				"message", mdEscape(f.Message), "rule", "`"+f.Rule+"`") + "\n")
		}
		for _, f := range d.FixedFindings {
			b.WriteString(p.T("change.md.fixed", "message", mdEscape(f.Message), "rule", "`"+f.Rule+"`") + "\n")
		}
		b.WriteString("\n</details>\n")
	}
	return b.String()
}

var mdReplacer = strings.NewReplacer(
	"\\", "\\\\", "`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]", "|", "\\|",
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "#", "\\#", "~", "\\~",
)

func mdEscape(s string) string { return mdReplacer.Replace(text.OneLine(s)) }

// mdCode puts text in a code span; backticks inside would end it early.
func mdCode(s string) string { return strings.ReplaceAll(text.OneLine(s), "`", "'") }

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(text.OneLine(s))
}

// movementOfChange says how the change moves the forecast: the waterfall
// of the quarter's open pipeline from the base to the head and, with
// details, the deals behind each bar.
func movementOfChange(rep *change.Report, p i18n.Printer, details bool) string {
	m := rep.Movement
	var b strings.Builder
	w := m.Window
	b.WriteString(p.T("change.md.movement.title", "window", w.Name) + "\n\n")
	b.WriteString(p.T("change.md.movement.intro", "window", w.Name, "first", w.From, "last", w.Last(), "currency", m.Currency,
		"base", mdEscape(rep.Base), "head", mdEscape(rep.Head)) + "\n\n")
	movementTable(&b, m, p, p.Lang)
	if details {
		movementDeals(&b, m, p, p.Lang)
	}
	b.WriteString("\n" + mdEscape(p.T("change.md.movement.rates", "currency", m.Currency)) + "\n")
	if len(m.Unconverted) > 0 {
		b.WriteString(mdEscape(p.T("movement.unconverted", "deals", strings.Join(m.Unconverted, ", "))) + "\n")
	}
	return b.String()
}
