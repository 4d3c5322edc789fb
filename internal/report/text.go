package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/dealsascode/deals/internal/change"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/text"
)

// textReporter writes GNU-style lines, file:line:col: severity: message [RULE],
// then a one-line summary.
type textReporter struct{ opts Options }

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiDim    = "\x1b[2m"
)

func (t textReporter) paint(code, s string) string {
	if !t.opts.Color {
		return s
	}
	return code + s + ansiReset
}

func (t textReporter) Lint(w io.Writer, r *lint.Result) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, f := range r.Findings {
		sev := f.Severity.String()
		switch f.Severity {
		case lint.Error:
			sev = t.paint(ansiBold+ansiRed, sev)
		case lint.Warning:
			sev = t.paint(ansiYellow, sev)
		case lint.Info:
			sev = t.paint(ansiBlue, sev)
		}
		fmt.Fprintf(bw, "%s:%d:%d: %s: %s %s\n", text.OneLine(f.File), f.Pos.Line, f.Pos.Col, sev, text.OneLine(f.Message), t.paint(ansiDim, "["+f.Rule+"]"))
	}
	if t.opts.Scores && len(r.Deals) > 0 {
		t.scores(bw, r)
	}
	fmt.Fprintln(bw, Summary(r, t.opts.words()))
	return bw.Flush()
}

// scores prints one row per deal: completeness per TAS step and overall.
func (t textReporter) scores(w io.Writer, r *lint.Result) {
	p := t.opts.words()
	dealHead, stageHead := p.T("report.scores.deal"), p.T("report.scores.stage")
	width := text.Width(dealHead)
	for _, d := range r.Deals {
		width = max(width, text.Width(d.ID))
	}
	head := text.Pad(dealHead, width) + "  " + text.Pad(stageHead, 9)
	for _, s := range lint.Steps {
		head += fmt.Sprintf("  %4s", fmt.Sprintf("%d.", s.Number))
	}
	// D is the deal's header (amount and close date for the forecast), the
	// eighth part of the total.
	head += fmt.Sprintf("  %4s", "D.")
	fmt.Fprintln(w, t.paint(ansiBold, head+"  "+p.T("report.scores.total")))
	for _, d := range r.Deals {
		var b strings.Builder
		b.WriteString(text.Pad(text.OneLine(d.ID), width) + "  " + text.Pad(text.OneLine(d.Stage), 9))
		if !d.Valid {
			b.WriteString("  " + p.T("report.scores.invalid"))
			fmt.Fprintln(w, b.String())
			continue
		}
		for _, s := range d.Score.Steps {
			fmt.Fprintf(&b, "  %3d%%", s)
		}
		fmt.Fprintf(&b, "  %3d%%", d.Score.Deal)
		fmt.Fprintf(&b, "  %4d%%", d.Score.Overall)
		fmt.Fprintln(w, b.String())
	}
	steps := make([]string, len(lint.Steps))
	for i, s := range lint.Steps {
		steps[i] = fmt.Sprintf("%d %s", s.Number, s.Name(t.opts.lang()))
	}
	steps = append(steps, "D "+lint.StepName(lint.StepDeal, t.opts.lang()))
	fmt.Fprintln(w, t.paint(ansiDim, p.T("report.scores.steps", "steps", steps)))
}

// Diff writes the deal changes for a terminal.
func (t textReporter) Diff(w io.Writer, rep *change.Report) error {
	_, err := io.WriteString(w, diffText(rep, t.opts.words()))
	return err
}

// diffText is the deal changes for a terminal, in p's language. Findings
// keep the file:line:col: severity: message [RULE] form of deals lint.
func diffText(rep *change.Report, p i18n.Printer) string {
	var b strings.Builder
	b.WriteString(p.T("change.text.head", "base", rep.Base, "head", rep.Head, "headline", rep.Headline(p)) + "\n")
	for _, d := range rep.Diffs {
		b.WriteString("\n" + text.OneLine(d.Summary(p)) + "\n")
		for _, f := range d.NewFindings {
			fmt.Fprintf(&b, "  + %s:%d:%d: %s: %s [%s]\n", f.File, f.Pos.Line, f.Pos.Col, f.Severity, text.OneLine(f.Message), f.Rule)
		}
		for _, f := range d.FixedFindings {
			b.WriteString("  - " + p.T("change.text.fixed", "message", text.OneLine(f.Message), "rule", f.Rule) + "\n")
		}
	}
	return b.String()
}
