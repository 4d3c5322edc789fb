package change

import (
	"encoding/json"
	"fmt"
	"github.com/dealsascode/deals/internal/i18n"
	"io"
	"strings"

	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/text"
)

// Formats lists the accepted --format values of deals diff.
var Formats = []string{"markdown", "text", "json"}

// MaxMarkdown keeps a summary under GitHub's 1 MiB limit for a job summary
// or a comment; larger diffs are summarised.
const MaxMarkdown = 1000 << 10

// Write writes the report in a format.
func Write(w io.Writer, rep *Report, format string) error {
	switch format {
	case "markdown":
		_, err := io.WriteString(w, Markdown(rep))
		return err
	case "text":
		_, err := io.WriteString(w, Text(rep))
		return err
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(toJSON(rep))
	}
	return fmt.Errorf("unknown format %q: use %s", format, strings.Join(Formats, ", "))
}

// Summary is one line per deal, as a reviewer reads a pull request:
// "ACME ERP: develop → propose, amount 1.2M CNY → 1.5M CNY, ...".
func (d Diff) Summary() string {
	var parts []string
	switch d.Kind {
	case "added":
		parts = append(parts, "new deal")
	case "removed":
		parts = append(parts, "removed")
	case "renamed":
		parts = append(parts, "moved from "+d.OldFile)
	}
	if d.Unreadable != "" {
		parts = append(parts, "cannot be read: "+d.Unreadable)
	}
	if s := d.Stage; s != nil {
		if s.Forward {
			parts = append(parts, s.From+" → "+s.To)
		} else {
			parts = append(parts, "moved back "+s.From+" → "+s.To)
		}
	}
	if a := d.Amount; a != nil {
		switch {
		case a.From == "":
			parts = append(parts, "amount set to "+a.To)
		case a.To == "":
			parts = append(parts, "amount removed (was "+a.From+")")
		default:
			parts = append(parts, "amount "+a.From+" → "+a.To)
		}
	}
	if c := d.Close; c != nil {
		switch {
		case c.From == "":
			parts = append(parts, "close date set to "+c.To)
		case c.To == "":
			parts = append(parts, "close date removed (was "+c.From+")")
		case c.Slip && c.SlipNumber > 0:
			parts = append(parts, fmt.Sprintf("close date slipped %s → %s (%s slip)", c.From, c.To, ordinal(c.SlipNumber)))
		case c.Slip:
			parts = append(parts, "close date slipped "+c.From+" → "+c.To)
		default:
			parts = append(parts, "close date moved earlier "+c.From+" → "+c.To)
		}
	}
	if n := len(d.Players.Added); n > 0 {
		var who []string
		for _, p := range d.Players.Added {
			desc := p.Name
			if p.Title != "" {
				desc = p.Title + " " + p.Name
			}
			var about []string
			for _, r := range p.Roles {
				about = append(about, strings.ReplaceAll(r, "_", " "))
			}
			if p.Attitude != "" {
				about = append(about, p.Attitude)
			}
			if len(about) > 0 {
				desc += ": " + strings.Join(about, ", ")
			}
			who = append(who, desc)
		}
		parts = append(parts, fmt.Sprintf("+%s (%s)", text.Plural(n, "key player"), strings.Join(who, "; ")))
	}
	if n := len(d.Players.Removed); n > 0 {
		var who []string
		for _, p := range d.Players.Removed {
			who = append(who, p.Name)
		}
		parts = append(parts, fmt.Sprintf("−%s (%s)", text.Plural(n, "key player"), strings.Join(who, "; ")))
	}
	for _, c := range d.Players.Changed {
		from := c.From
		if from == "" {
			from = "none"
		}
		parts = append(parts, fmt.Sprintf("%s's %s %s → %s", c.Name, c.Field, from, c.To))
	}
	if n := len(d.Actions.Added); n > 0 {
		parts = append(parts, "+"+text.Plural(n, "action"))
	}
	if n := len(d.Actions.Completed); n > 0 {
		parts = append(parts, text.Plural(n, "action")+" done")
	}
	if n := len(d.Actions.NewlyOverdue); n > 0 {
		parts = append(parts, text.Plural(n, "action")+" newly overdue")
	}
	if d.ScoreBefore != d.ScoreAfter && d.Kind != "added" && d.Kind != "removed" {
		parts = append(parts, fmt.Sprintf("completeness %d%% → %d%%", d.ScoreBefore, d.ScoreAfter))
	} else if d.Kind == "added" && d.Unreadable == "" {
		parts = append(parts, fmt.Sprintf("completeness %d%%", d.ScoreAfter))
	}
	if f := count(d.NewFindings, "new "); f != "" && d.Unreadable == "" {
		first := d.NewFindings[0]
		parts = append(parts, fmt.Sprintf("%s (%s [%s]%s)", f, first.Message, first.Rule, more(len(d.NewFindings))))
	}
	if n := len(d.FixedFindings); n > 0 {
		parts = append(parts, text.Plural(n, "finding")+" fixed")
	}
	name := d.Title
	if name == "" {
		name = d.File
	}
	return name + ": " + strings.Join(parts, ", ")
}

func more(n int) string {
	if n > 1 {
		return fmt.Sprintf(", and %d more", n-1)
	}
	return ""
}

// count says "1 new error" or "2 new errors, 1 new warning" for findings.
func count(fs []lint.Finding, prefix string) string {
	by := map[lint.Severity]int{}
	for _, f := range fs {
		by[f.Severity]++
	}
	var out []string
	for _, s := range []lint.Severity{lint.Error, lint.Warning, lint.Info} {
		if by[s] > 0 {
			out = append(out, text.Plural(by[s], prefix+s.String()))
		}
	}
	return strings.Join(out, ", ")
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// headline counts what changed: "3 deals changed: 1 added, 2 modified".
func headline(rep *Report) string {
	if len(rep.Diffs) == 0 {
		return "No deal changed."
	}
	kinds := map[string]int{}
	newErrs, fixed := 0, 0
	for _, d := range rep.Diffs {
		kinds[d.Kind]++
		for _, f := range d.NewFindings {
			if f.Severity == lint.Error {
				newErrs++
			}
		}
		fixed += len(d.FixedFindings)
	}
	var parts []string
	for _, k := range []string{"added", "modified", "renamed", "removed"} {
		if kinds[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", kinds[k], k))
		}
	}
	s := fmt.Sprintf("%s changed: %s.", text.Plural(len(rep.Diffs), "deal"), strings.Join(parts, ", "))
	switch {
	case newErrs > 0 && fixed > 0:
		s += fmt.Sprintf(" Lint: %s, %s fixed.", text.Plural(newErrs, "new error"), text.Plural(fixed, "finding"))
	case newErrs > 0:
		s += fmt.Sprintf(" Lint: %s.", text.Plural(newErrs, "new error"))
	case fixed > 0:
		s += fmt.Sprintf(" Lint: %s fixed.", text.Plural(fixed, "finding"))
	}
	return s
}

// Text is the report for a terminal.
func Text(rep *Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Deal changes %s → %s: %s\n", rep.Base, rep.Head, headline(rep))
	for _, d := range rep.Diffs {
		b.WriteString("\n" + text.OneLine(d.Summary()) + "\n")
		for _, f := range d.NewFindings {
			fmt.Fprintf(&b, "  + %s:%d:%d: %s: %s [%s]\n", f.File, f.Pos.Line, f.Pos.Col, f.Severity, text.OneLine(f.Message), f.Rule)
		}
		for _, f := range d.FixedFindings {
			fmt.Fprintf(&b, "  - fixed: %s [%s]\n", text.OneLine(f.Message), f.Rule)
		}
	}
	return b.String()
}

// Markdown is the report for a pull-request comment or job summary. Deal
// text is escaped so that it shows as written and cannot add markup.
func Markdown(rep *Report) string {
	full := markdown(rep, true, len(rep.Diffs))
	if len(full) <= MaxMarkdown {
		return full
	}
	short := markdown(rep, false, len(rep.Diffs))
	if len(short) <= MaxMarkdown {
		return short
	}
	n := len(rep.Diffs)
	for n > 0 && len(markdown(rep, false, n)) > MaxMarkdown {
		n = n * 9 / 10
	}
	return markdown(rep, false, n)
}

func markdown(rep *Report, details bool, limit int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Deal changes: %s → %s\n\n%s\n\n", mdEscape(rep.Base), mdEscape(rep.Head), headline(rep))
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
				fmt.Fprintf(&b, "| %d. %s | %d%% | %d%% |\n", s.Step.Number, s.Step.Name(i18n.English), s.Before, s.After)
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

type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

type jsonDiff struct {
	Kind        string         `json:"kind"`
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	File        string         `json:"file,omitempty"`
	OldFile     string         `json:"old_file,omitempty"`
	Summary     string         `json:"summary"`
	Stage       *StageMove     `json:"stage,omitempty"`
	Amount      *Pair          `json:"amount,omitempty"`
	Close       *CloseMove     `json:"close_date,omitempty"`
	Players     PlayerChanges  `json:"key_players"`
	Actions     ActionChanges  `json:"actions"`
	ScoreBefore int            `json:"score_before"`
	ScoreAfter  int            `json:"score_after"`
	Steps       map[string]any `json:"steps,omitempty"`
	NewFindings []jsonFinding  `json:"new_findings"`
	Fixed       []jsonFinding  `json:"fixed_findings"`
	Unreadable  string         `json:"unreadable,omitempty"`
}

func toJSON(rep *Report) any {
	conv := func(fs []lint.Finding) []jsonFinding {
		out := make([]jsonFinding, 0, len(fs))
		for _, f := range fs {
			out = append(out, jsonFinding{File: f.File, Line: f.Pos.Line, Column: f.Pos.Col, Severity: f.Severity.String(), Rule: f.Rule, Message: f.Message})
		}
		return out
	}
	diffs := make([]jsonDiff, 0, len(rep.Diffs))
	for _, d := range rep.Diffs {
		jd := jsonDiff{Kind: d.Kind, ID: d.ID, Title: d.Title, File: d.File, OldFile: d.OldFile, Summary: d.Summary(),
			Stage: d.Stage, Amount: d.Amount, Close: d.Close, Players: d.Players, Actions: d.Actions,
			ScoreBefore: d.ScoreBefore, ScoreAfter: d.ScoreAfter, NewFindings: conv(d.NewFindings), Fixed: conv(d.FixedFindings), Unreadable: d.Unreadable}
		if len(d.Steps) > 0 {
			jd.Steps = map[string]any{}
			for _, s := range d.Steps {
				jd.Steps[string(s.Step.ID)] = map[string]int{"before": s.Before, "after": s.After}
			}
		}
		diffs = append(diffs, jd)
	}
	return map[string]any{"base": rep.Base, "head": rep.Head, "summary": headline(rep), "deals": diffs, "unchanged": rep.Unchanged}
}
