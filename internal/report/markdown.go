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

func (markdown) Diff(w io.Writer, rep *change.Report) error {
	_, err := io.WriteString(w, Markdown(rep))
	return err
}

// Markdown is the report for a pull-request comment or job summary. Deal
// text is escaped so that it shows as written and cannot add markup.
func Markdown(rep *change.Report) string {
	full := markdownOf(rep, true, len(rep.Diffs))
	if len(full) <= MaxMarkdown {
		return full
	}
	short := markdownOf(rep, false, len(rep.Diffs))
	if len(short) <= MaxMarkdown {
		return short
	}
	n := len(rep.Diffs)
	for n > 0 && len(markdownOf(rep, false, n)) > MaxMarkdown {
		n = n * 9 / 10
	}
	return markdownOf(rep, false, n)
}

func markdownOf(rep *change.Report, details bool, limit int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Deal changes: %s → %s\n\n%s\n\n", mdEscape(rep.Base), mdEscape(rep.Head), rep.Headline())
	for i, d := range rep.Diffs {
		if i == limit {
			fmt.Fprintf(&b, "\n…and %d more deals: run `deals diff` locally for the full list.\n", len(rep.Diffs)-limit)
			break
		}
		summary := d.Summary()
		name := d.Title
		if name == "" {
			name = d.File
		}
		rest := strings.TrimPrefix(summary, name+": ")
		fmt.Fprintf(&b, "- **%s** `%s`: %s\n", mdEscape(name), mdCode(d.File), mdEscape(rest))
	}
	if !details {
		if limit == len(rep.Diffs) && len(rep.Diffs) > 0 {
			b.WriteString("\nDetails left out to stay under GitHub's size limit: run `deals diff` locally.\n")
		}
		return b.String()
	}
	for _, d := range rep.Diffs {
		if len(d.Steps) == 0 && len(d.NewFindings)+len(d.FixedFindings) == 0 {
			continue
		}
		name := d.Title
		if name == "" {
			name = d.File
		}
		fmt.Fprintf(&b, "\n<details><summary>%s</summary>\n\n", htmlEscape(name))
		if len(d.Steps) > 0 {
			b.WriteString("| TAS step | before | after |\n|---|---:|---:|\n")
			for _, s := range d.Steps {
				name := s.Step.Name(i18n.English)
				if s.Step.Number > 0 {
					name = fmt.Sprintf("%d. %s", s.Step.Number, name)
				}
				fmt.Fprintf(&b, "| %s | %d%% | %d%% |\n", name, s.Before, s.After)
			}
			b.WriteString("\n")
		}
		for _, f := range d.NewFindings {
			fmt.Fprintf(&b, "- new %s `%s:%d`: %s `%s`\n", f.Severity, mdCode(f.File), f.Pos.Line, mdEscape(f.Message), f.Rule)
		}
		for _, f := range d.FixedFindings {
			fmt.Fprintf(&b, "- fixed: %s `%s`\n", mdEscape(f.Message), f.Rule)
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
