package change

import (
	"strings"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
)

// Name is how the diff names its deal for people: its title, or its file
// when it has none (a file that could not be read).
func (d Diff) Name() string {
	if d.Title != "" {
		return d.Title
	}
	return d.File
}

// Summary is one line per deal in p's language, as a reviewer reads a
// pull request: "ACME ERP: develop → propose, amount 1.2M CNY → 1.5M CNY, ...".
func (d Diff) Summary(p i18n.Printer) string {
	return p.T("change.summary", "name", d.Name(), "changes", strings.Join(d.Changes(p), p.T("change.sep")))
}

// Changes are the parts of the summary, each a phrase in p's language.
func (d Diff) Changes(p i18n.Printer) []string {
	var parts []string
	add := func(key string, args ...any) { parts = append(parts, p.T(key, args...)) }
	switch d.Kind {
	case "added":
		add("change.added")
	case "removed":
		add("change.removed")
	case "renamed":
		add("change.renamed", "file", d.OldFile)
	}
	if d.Unreadable != nil {
		add("change.unreadable", "error", d.Unreadable.In(p))
	}
	if s := d.Stage; s != nil {
		if s.Forward {
			add("change.stage.forward", "from", s.From, "to", s.To)
		} else {
			add("change.stage.back", "from", s.From, "to", s.To)
		}
	}
	if a := d.Amount; a != nil {
		if p.Lang == i18n.Chinese && (a.fromZh != "" || a.toZh != "") {
			a = &Pair{From: a.fromZh, To: a.toZh}
		}
		switch {
		case a.From == "":
			add("change.amount.set", "to", a.To)
		case a.To == "":
			add("change.amount.removed", "from", a.From)
		default:
			add("change.amount.changed", "from", a.From, "to", a.To)
		}
	}
	if c := d.Close; c != nil {
		switch {
		case c.From == "":
			add("change.close.set", "to", c.To)
		case c.To == "":
			add("change.close.removed", "from", c.From)
		case c.Slip && c.SlipNumber > 0:
			add("change.close.slipNth."+ordinal(c.SlipNumber), "from", c.From, "to", c.To, "n", c.SlipNumber)
		case c.Slip:
			add("change.close.slip", "from", c.From, "to", c.To)
		default:
			add("change.close.earlier", "from", c.From, "to", c.To)
		}
	}
	sep := p.T("change.players.sep")
	if n := len(d.Players.Added); n > 0 {
		who := make([]string, 0, n)
		for _, pl := range d.Players.Added {
			who = append(who, playerText(p, pl))
		}
		add("change.players.added", "count", n, "who", strings.Join(who, sep))
	}
	if n := len(d.Players.Removed); n > 0 {
		who := make([]string, 0, n)
		for _, pl := range d.Players.Removed {
			who = append(who, pl.Name)
		}
		add("change.players.removed", "count", n, "who", strings.Join(who, sep))
	}
	for _, c := range d.Players.Changed {
		add("change.players.changed", "name", c.Name, "field", i18n.M("change.field."+c.Field),
			"from", fieldValue(p, c.Field, c.From), "to", fieldValue(p, c.Field, c.To))
	}
	if n := len(d.Actions.Added); n > 0 {
		add("change.actions.added", "count", n)
	}
	if n := len(d.Actions.Completed); n > 0 {
		add("change.actions.done", "count", n)
	}
	if n := len(d.Actions.NewlyOverdue); n > 0 {
		add("change.actions.overdue", "count", n)
	}
	switch {
	case d.ScoreBefore != d.ScoreAfter && d.Kind != "added" && d.Kind != "removed":
		add("change.score.changed", "from", d.ScoreBefore, "to", d.ScoreAfter)
	case d.Kind == "added" && d.Unreadable == nil:
		add("change.score.new", "to", d.ScoreAfter)
	}
	if counts := newCounts(p, d.NewFindings); len(counts) > 0 && d.Unreadable == nil {
		first := d.NewFindings[0]
		counted := strings.Join(counts, p.T("change.sep"))
		if n := len(d.NewFindings); n > 1 {
			add("change.findings.firstMore", "counts", counted, "message", first.Message, "rule", first.Rule, "more", n-1)
		} else {
			add("change.findings.first", "counts", counted, "message", first.Message, "rule", first.Rule)
		}
	}
	if n := len(d.FixedFindings); n > 0 {
		add("change.findings.fixed", "count", n)
	}
	return parts
}

// playerText names a new key player with their title, roles and attitude,
// in the catalog's words for the roles and attitude.
func playerText(p i18n.Printer, pl Player) string {
	who := pl.Name
	if pl.Title != "" {
		who = p.T("change.player.titled", "name", pl.Name, "title", pl.Title)
	}
	var about []string
	for _, r := range pl.Roles {
		about = append(about, word(p, "role", r))
	}
	if pl.Attitude != "" {
		about = append(about, word(p, "attitude", pl.Attitude))
	}
	if len(about) == 0 {
		return who
	}
	return p.T("change.player.about", "who", who, "about", about)
}

// fieldValue is a key player's changed value in the catalog's words: the
// roles as a list, an attitude or influence as its word, nothing as none.
func fieldValue(p i18n.Printer, field, value string) string {
	if value == "" {
		return p.T("change.none")
	}
	switch field {
	case "roles":
		roles := strings.Split(value, ", ")
		for i, r := range roles {
			roles[i] = word(p, "role", r)
		}
		return p.Join(roles)
	case "attitude":
		return word(p, "attitude", value)
	case "influence":
		return word(p, "rating", value)
	}
	return value
}

// word is an enumeration value in the catalog's words (kind.value), or the
// value as written when the catalog has no word for it.
func word(p i18n.Printer, kind, value string) string {
	if key := kind + "." + value; p.Has(key) {
		return p.T(key)
	}
	return value
}

// newCounts says "1 new error" or "2 new errors", "1 new warning" for
// findings, most severe first.
func newCounts(p i18n.Printer, fs []lint.Finding) []string {
	by := map[lint.Severity]int{}
	for _, f := range fs {
		by[f.Severity]++
	}
	var out []string
	for _, s := range []lint.Severity{lint.Error, lint.Warning, lint.Info} {
		if by[s] > 0 {
			out = append(out, p.T("change.findings.new."+s.String(), "count", by[s]))
		}
	}
	return out
}

// ordinal picks the form of "2nd slip" for n: English writes 1st, 2nd,
// 3rd and 4th (11th to 13th too); other languages may write one form for all.
func ordinal(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return "th"
	case n%10 == 1:
		return "st"
	case n%10 == 2:
		return "nd"
	case n%10 == 3:
		return "rd"
	}
	return "th"
}

// Headline counts what changed in p's language: "3 deals changed: 1
// added, 2 modified."
func (rep *Report) Headline(p i18n.Printer) string {
	if len(rep.Diffs) == 0 {
		return p.T("change.headline.none")
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
	var parts []i18n.Msg
	for _, k := range []string{"added", "modified", "renamed", "removed"} {
		if kinds[k] > 0 {
			parts = append(parts, i18n.M("change.headline.kind."+k, "count", kinds[k]))
		}
	}
	changed := p.T("change.headline.changed", "count", len(rep.Diffs), "kinds", parts)
	errs := i18n.M("change.findings.new.error", "count", newErrs)
	fixes := i18n.M("change.findings.fixed", "count", fixed)
	var lintPart string
	switch {
	case newErrs > 0 && fixed > 0:
		lintPart = p.T("change.headline.lint.both", "errors", errs, "fixed", fixes)
	case newErrs > 0:
		lintPart = p.T("change.headline.lint.errors", "errors", errs)
	case fixed > 0:
		lintPart = p.T("change.headline.lint.fixed", "fixed", fixes)
	default:
		return changed
	}
	return p.T("change.headline.withLint", "changed", changed, "lint", lintPart)
}
