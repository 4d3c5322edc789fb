package baseline

import (
	"strings"

	"github.com/dealsascode/deals/internal/i18n"
)

// StaleText is what a person reads of the stale entries of the baseline
// in file: how many, one line per entry (the deal, the rule, the field,
// and why it no longer applies), and what to do about them. out is the
// file a pruned baseline was written to ("" when none was): then the
// entries are gone already. It is "" when nothing is stale.
func (o *Outcome) StaleText(p i18n.Printer, file, out string) string {
	if len(o.Stale) == 0 {
		return ""
	}
	var b strings.Builder
	n := len(o.Stale)
	b.WriteString(p.T("baseline.stale.count", "file", file, "count", n))
	b.WriteByte('\n')
	for _, s := range o.Stale {
		why := i18n.M("baseline.stale.fixed")
		switch s.Reason {
		case Moved:
			why = i18n.M("baseline.stale.moved", "from", stageName(s.Stage), "to", stageName(s.Now))
		case Gone:
			why = i18n.M("baseline.stale.goneDeal")
			if s.Deal == "" {
				why = i18n.M("baseline.stale.goneFile")
			}
		}
		if s.Field != "" {
			b.WriteString(p.T("baseline.stale.entry", "deal", s.Name(), "rule", s.Rule, "field", s.Field, "why", why))
		} else {
			b.WriteString(p.T("baseline.stale.entryNoField", "deal", s.Name(), "rule", s.Rule, "why", why))
		}
		b.WriteByte('\n')
	}
	if out != "" {
		b.WriteString(p.T("baseline.stale.pruned", "out", out, "count", n))
	} else {
		b.WriteString(p.T("baseline.stale.rewrite", "file", file, "count", n))
	}
	b.WriteByte('\n')
	return b.String()
}

// stageName is a stage as the stale list shows it: a deal with no
// readable stage has "none".
func stageName(stage string) any {
	if stage == "" {
		return i18n.M("baseline.stale.none")
	}
	return stage
}

// Findings is how many findings the baseline knows.
func (b *Baseline) Findings() int {
	n := 0
	for _, e := range b.Entries {
		n += e.Count
	}
	return n
}

// WrittenText says that the baseline was written to file, and what it does.
func (b *Baseline) WrittenText(p i18n.Printer, file string) string {
	return p.T("baseline.written", "file", file, "count", b.Findings()) + "\n"
}
