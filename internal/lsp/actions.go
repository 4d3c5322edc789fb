package lsp

import (
	"context"
	"strings"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/scaffold"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// sections are the top-level keys of the seven TAS steps, in their order.
var sections = []struct {
	step lint.Step
	key  string
}{
	{lint.StepAssess, "assessment"}, {lint.StepCompete, "competition"}, {lint.StepPlayers, "key_players"},
	{lint.StepRelationships, "relationships"}, {lint.StepPlan, "plan"}, {lint.StepReview, "reviews"}, {lint.StepClose, "close"},
}

// CodeAction offers, for the findings in the range: the name or value a
// "did you mean" suggests, a lint.ignore entry for the rule with a reason
// to write, and the skeleton of a TAS step the deal lacks (the one deals
// new writes, commented, to fill in); and, as source actions, the
// skeleton of every step the deal lacks.
func (s *server) CodeAction(_ context.Context, params *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.docOf(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	out := []protocol.CommandOrCodeAction{}
	if d.kind != dealFile || d.space == nil {
		return out, nil
	}
	words := s.words(d.space)
	edit := func(title string, kind protocol.CodeActionKind, preferred bool, r protocol.Range, text string, diags []protocol.Diagnostic) {
		a := &protocol.CodeAction{Title: title, Kind: &kind, Diagnostics: diags,
			Edit: &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{d.uri: {{Range: r, NewText: text}}}}}
		if preferred {
			a.IsPreferred = &preferred
		}
		out = append(out, a)
	}
	present := d.presentSections()
	offered := map[string]bool{}
	ignored := map[string]bool{}
	for _, f := range d.shownFindings {
		r := d.text.token(f.Pos, s.enc)
		if !overlaps(r, params.Range) {
			continue
		}
		diag := s.diagnostics(d, []lint.Finding{f})
		if f.Guess != "" {
			edit(words.T("lsp.action.guess", "guess", f.Guess), protocol.CodeActionKindQuickFix, true, r, f.Guess, diag)
		}
		if sec, ok := sectionOf(f.Step); ok && !present[sec] && !offered[sec] {
			offered[sec] = true
			at, text := d.skeleton(sec, s.langOf(d.space), s.today(), present)
			edit(words.T("lsp.action.skeleton", "section", sec), protocol.CodeActionKindQuickFix, false, d.text.span(at, at, s.enc), text, diag)
		}
		if ignorable(d.space, f.Rule) && !ignored[f.Rule] && d.parsed != nil {
			ignored[f.Rule] = true
			if at, text, ok := d.ignoreEntry(f.Rule, words.T("lsp.ignoreReason")); ok {
				edit(words.T("lsp.action.ignore", "rule", f.Rule), protocol.CodeActionKindQuickFix, false, d.text.span(at, at, s.enc), text, diag)
			}
		}
	}
	if only := params.Context.Only; len(only) == 0 || wants(only, protocol.CodeActionKindSource) {
		for _, sec := range sections {
			if present[sec.key] || offered[sec.key] {
				continue
			}
			at, text := d.skeleton(sec.key, s.langOf(d.space), s.today(), present)
			edit(words.T("lsp.action.skeleton", "section", sec.key), protocol.CodeActionKindSource, false, d.text.span(at, at, s.enc), text, nil)
		}
	}
	return out, nil
}

func wants(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	for _, k := range only {
		if k == kind || strings.HasPrefix(string(kind), string(k)+".") {
			return true
		}
	}
	return false
}

func sectionOf(step lint.Step) (string, bool) {
	for _, s := range sections {
		if s.step == step {
			return s.key, true
		}
	}
	return "", false
}

// ignorable reports whether a rule's findings can be silenced in a deal:
// not the file's own problems, not lint.ignore's, and not a cross-file
// rule's, which lint.ignore does not silence.
func ignorable(w *workspace, id string) bool {
	if id == lint.RuleParse || id == lint.RuleSchema || id == lint.LintIgnore.ID || w.linter == nil {
		return false
	}
	r, ok := w.linter.Rule(id)
	return ok && r.RunRepo == nil
}

// presentSections are the top-level keys the text has.
func (d *document) presentSections() map[string]bool {
	keys := map[string]bool{}
	for i := range d.text.lines {
		if sh := shapeOf(d.text.line(i)); sh.content == 0 && len(sh.dashes) == 0 && sh.key != "" {
			keys[sh.key] = true
		}
	}
	return keys
}

// skeleton is the text of a TAS step's section as deals new writes it
// (the step explained in comments, its keys commented out with examples),
// and where it goes: before the first later step the deal has, else at
// the end.
func (d *document) skeleton(key string, lang i18n.Lang, today string, present map[string]bool) (int, string) {
	nd := scaffold.Deal{Today: today, Owner: "your-id"}
	if g := d.good; g != nil {
		nd.ID, nd.Owner, nd.Close = g.ID.Value, g.Owner.Value, g.CloseDate.Value
	}
	block := sectionBlock(string(scaffold.DealFile(nd, lang)), key)
	at := len(d.text.s)
	later := false
	for _, s := range sections {
		if s.key == key {
			later = true
			continue
		}
		if later && present[s.key] {
			for i := range d.text.lines {
				if sh := shapeOf(d.text.line(i)); sh.content == 0 && len(sh.dashes) == 0 && sh.key == s.key {
					at = d.commentsAbove(i)
					return at, block + "\n"
				}
			}
		}
	}
	prefix := "\n"
	if d.text.s != "" && !strings.HasSuffix(d.text.s, "\n") {
		prefix = "\n\n"
	}
	return at, prefix + block
}

// commentsAbove is where the comments just above line i start (a step's
// explanation belongs with it).
func (d *document) commentsAbove(i int) int {
	for i > 0 && strings.HasPrefix(strings.TrimSpace(d.text.line(i-1)), "#") {
		i--
	}
	return d.text.lines[i]
}

// sectionBlock is, in a new deal file, the commented section of key with
// the comment that explains it: from the paragraph before "# key:" to the
// blank line after it.
func sectionBlock(file, key string) string {
	lines := strings.Split(file, "\n")
	for i, line := range lines {
		if line != "# "+key+":" && !strings.HasPrefix(line, "# "+key+": ") && !strings.HasPrefix(line, "# "+key+":  ") {
			continue
		}
		start := i
		for start > 0 && strings.HasPrefix(lines[start-1], "# ") && !strings.HasPrefix(lines[start-1], "#   ") && !isCommentedKey(lines[start-1]) {
			start--
		}
		end := i + 1
		for end < len(lines) && strings.HasPrefix(lines[end], "#  ") {
			end++
		}
		return strings.Join(lines[start:end], "\n") + "\n"
	}
	return "# " + key + ":\n"
}

// isCommentedKey reports whether a comment line is a commented-out
// top-level key ("# forecast: ...").
func isCommentedKey(line string) bool {
	k, _ := keyOf(strings.TrimPrefix(line, "# "))
	return k != "" && !strings.ContainsAny(k, " .")
}

// ignoreEntry is the text of a lint.ignore entry for rule and where it
// goes: the end of the list under lint.ignore, or a new ignore under lint,
// or a new lint at the end of the file.
func (d *document) ignoreEntry(rule, reason string) (int, string, bool) {
	t := d.text
	item := func(indent string) string {
		return indent + "- rule: " + rule + "\n" + indent + "  reason: \"\"  # " + reason + "\n"
	}
	lintLine := -1
	for i := range t.lines {
		if sh := shapeOf(t.line(i)); sh.content == 0 && len(sh.dashes) == 0 && sh.key == "lint" {
			lintLine = i
		}
	}
	if lintLine < 0 {
		prefix := "\n"
		if t.s != "" && !strings.HasSuffix(t.s, "\n") {
			prefix = "\n\n"
		}
		return len(t.s), prefix + "lint:\n  ignore:\n" + item("    "), true
	}
	if rest := strings.TrimSpace(strings.TrimPrefix(t.line(lintLine), "lint:")); rest != "" && !strings.HasPrefix(rest, "#") {
		return 0, "", false // lint: {…} written inline
	}
	// The lines of the lint block.
	end := lintLine + 1
	ignoreLine, ignoreCol := -1, 0
	for end < len(t.lines) {
		sh := shapeOf(t.line(end))
		if !sh.blank && sh.content == 0 && len(sh.dashes) == 0 {
			break
		}
		if sh.key == "ignore" && len(sh.dashes) == 0 && ignoreLine < 0 {
			ignoreLine, ignoreCol = end, sh.content
		}
		end++
	}
	for end > lintLine+1 && shapeOf(t.line(end-1)).blank {
		end--
	}
	lineStart := func(i int) int {
		if i >= len(t.lines) {
			return len(t.s)
		}
		return t.lines[i]
	}
	if ignoreLine < 0 {
		return lineStart(lintLine + 1), "  ignore:\n" + item("    "), true
	}
	if rest := strings.TrimSpace(t.line(ignoreLine)[ignoreCol+len("ignore:"):]); rest != "" && !strings.HasPrefix(rest, "#") {
		return 0, "", false // ignore: [] written inline
	}
	indent := strings.Repeat(" ", ignoreCol+2)
	last := ignoreLine
	for i := ignoreLine + 1; i < end; i++ {
		sh := shapeOf(t.line(i))
		if sh.blank {
			continue
		}
		lead := sh.content
		if len(sh.dashes) > 0 {
			lead = sh.dashes[0]
			if i == ignoreLine+1 || last == ignoreLine {
				indent = strings.Repeat(" ", lead)
			}
		}
		if lead <= ignoreCol && !(len(sh.dashes) > 0 && lead == ignoreCol) {
			break
		}
		last = i
	}
	at := lineStart(last + 1)
	text := item(indent)
	if at == len(t.s) && !strings.HasSuffix(t.s, "\n") {
		text = "\n" + text
	}
	return at, text, true
}

func overlaps(a, b protocol.Range) bool {
	before := func(x, y protocol.Position) bool {
		return x.Line < y.Line || x.Line == y.Line && x.Character < y.Character
	}
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}
