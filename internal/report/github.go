package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dealsascode/deals/internal/change"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/text"
)

// github writes workflow commands that annotate the pull request, and a
// Markdown table of every finding to the job summary.
type github struct{ opts Options }

// AnnotationsPerLevel is GitHub's limit of annotations of one level per
// step; more are silently dropped, so the rest is pointed to in the summary.
const AnnotationsPerLevel = 10

// maxSummary stays under GitHub's 1 MiB limit for one step's summary.
const maxSummary = 1000 << 10

func (g github) Lint(w io.Writer, r *lint.Result) error {
	bw := bufio.NewWriter(w)
	shown := map[lint.Severity]int{}
	hidden := 0
	for _, f := range r.Findings {
		if shown[f.Severity] >= AnnotationsPerLevel {
			hidden++
			continue
		}
		shown[f.Severity]++
		level := map[lint.Severity]string{lint.Error: "error", lint.Warning: "warning", lint.Info: "notice"}[f.Severity]
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level,
			escapeProperty(text.OneLine(f.File)), f.Pos.Line, f.Pos.Col, escapeProperty("deals "+f.Rule), escapeData(text.OneLine(f.Message)))
	}
	p := g.opts.words()
	if hidden > 0 {
		key := "report.github.hidden"
		if g.opts.StepSummary != "" {
			key = "report.github.hiddenInSummary"
		}
		note := p.T(key, "count", hidden, "max", AnnotationsPerLevel)
		fmt.Fprintf(bw, "::notice title=deals lint::%s\n", escapeData(note))
	}
	fmt.Fprintln(bw, Summary(r, p))
	if err := bw.Flush(); err != nil {
		return err
	}
	if g.opts.StepSummary == "" {
		return nil
	}
	f, err := os.OpenFile(g.opts.StepSummary, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("job summary: %w", err)
	}
	if _, err := io.WriteString(f, StepSummary(r, p)); err != nil {
		f.Close()
		return fmt.Errorf("job summary: %w", err)
	}
	return f.Close()
}

// StepSummary renders every finding as a Markdown table in p's language,
// cut short with a note only where GitHub's size limit would otherwise
// reject it.
func StepSummary(r *lint.Result, p i18n.Printer) string {
	var b strings.Builder
	b.WriteString("### deals lint\n\n")
	b.WriteString(Summary(r, p) + "\n\n")
	if len(r.Findings) == 0 {
		b.WriteString(p.T("report.stepSummary.clean") + "\n")
		return b.String()
	}
	b.WriteString(p.T("report.stepSummary.head") + "\n|---|---:|---|---|---|\n")
	for i, f := range r.Findings {
		row := fmt.Sprintf("| %s | %d:%d | %s | `%s` | %s |\n", cell(f.File), f.Pos.Line, f.Pos.Col, p.T("report.severity."+f.Severity.String()), f.Rule, cell(f.Message))
		if b.Len()+len(row) > maxSummary-200 {
			b.WriteString("\n" + p.T("report.stepSummary.omitted", "count", len(r.Findings)-i) + "\n")
			break
		}
		b.WriteString(row)
	}
	return b.String()
}

// cell makes deal text safe inside a Markdown table cell: no HTML, no
// column breaks, no line breaks.
func cell(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "|", "\\|", "`", "'").Replace(text.OneLine(s))
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Diff is not a form of this format.
func (github) Diff(io.Writer, *change.Report) error { return ErrUnsupported }
