package change

import (
	"fmt"
	"strings"

	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/text"
)

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

// Headline counts what changed: "3 deals changed: 1 added, 2 modified".
func (rep *Report) Headline() string {
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
