package lsp

import (
	"context"
	"fmt"
	"strings"

	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/schema"
	"go.lsp.dev/protocol"
)

// Hover says what the key under the cursor means (the schema's
// description), what its value stands for (a key player, a member of the
// team, a stage, a value of an enumeration), and, on a finding, the rule's
// documentation with the TAS idea behind it, as deals explain has it.
func (s *server) Hover(_ context.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.docOf(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	if d.space == nil || d.kind == otherFile {
		return nil, nil
	}
	off := d.text.offset(params.Position, s.enc)
	lang := s.langOf(d.space)
	var parts []string
	var at *protocol.Range
	if d.kind == dealFile {
		for _, f := range d.shownFindings {
			r := d.text.token(f.Pos, s.enc)
			if contains(r, params.Position) {
				parts = append(parts, s.ruleDoc(d.space, f))
				at = &r
			}
		}
	}
	sp := spotAt(d.text, off)
	sch := schema.Deal()
	if d.kind == configFile {
		sch = schema.Config()
	}
	switch {
	case sp.onKey && sp.key != "":
		path := append(append([]string(nil), sp.path...), sp.key)
		if f, ok := sch.Field(path, string(lang)); ok && f.Description != "" {
			parts = append(parts, fmt.Sprintf("**%s**\n\n%s", sp.key, f.Description))
		}
		if at == nil {
			r := d.text.span(sp.keyAt, sp.keyAt+len(sp.key), s.enc)
			at = &r
		}
	case sp.inValue && d.kind == dealFile:
		value := d.text.s[sp.wordAt:sp.wordEnd]
		if v := s.valueDoc(d, sp, value); v != "" {
			parts = append(parts, v)
		} else if f, ok := sch.Field(sp.path, string(lang)); ok && f.Description != "" {
			parts = append(parts, f.Description)
		}
		if at == nil && value != "" {
			r := d.text.span(sp.wordAt, sp.wordEnd, s.enc)
			at = &r
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: strings.Join(parts, "\n\n---\n\n")}, Range: at}, nil
}

// valueDoc says what a value stands for where it is written.
func (s *server) valueDoc(d *document, sp spot, value string) string {
	if value == "" {
		return ""
	}
	w, lang := d.space, s.langOf(d.space)
	path := normal(sp.path)
	switch {
	case playerFields.MatchString(path):
		for _, k := range s.players(d) {
			if k.ID.Value == value {
				return fmt.Sprintf("**%s**\n\n%s", value, escape(playerDetail(k)))
			}
		}
	case memberFields.MatchString(path) && w.cfg != nil:
		if m, ok := w.cfg.Member(value); ok {
			text := fmt.Sprintf("**%s**: %s", value, escape(m.NameIn(lang)))
			if m.Region != "" {
				text += " · " + escape(m.Region)
			}
			if m.Manager != "" {
				boss := m.Manager
				if b, ok := w.cfg.Member(m.Manager); ok && b.NameIn(lang) != "" {
					boss = b.NameIn(lang) + " (" + m.Manager + ")"
				}
				text += "\n\n" + s.words(w).T("lsp.manager", "manager", escape(boss))
			}
			return text
		}
	case path == "stage" && w.cfg != nil:
		if st, ok := w.cfg.Stage(value); ok {
			text := fmt.Sprintf("**%s**: %s", value, escape(st.NameIn(lang)))
			if st.Open() {
				text += fmt.Sprintf(" · %g%%", st.Probability)
			}
			return text
		}
	}
	if f, ok := schema.Deal().Field(sp.path, string(lang)); ok {
		for i, v := range f.Enum {
			if v == value && i < len(f.EnumDescriptions) {
				return fmt.Sprintf("**%s**: %s", value, f.EnumDescriptions[i])
			}
		}
	}
	return ""
}

// ruleDoc is what deals explain says of a finding's rule, as Markdown.
func (s *server) ruleDoc(w *workspace, f lint.Finding) string {
	lang := s.langOf(w)
	words := s.words(w)
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** · %s\n\n", f.Rule, lint.StepTitle(f.Step, lang))
	if w.linter != nil {
		if r, ok := w.linter.Rule(f.Rule); ok {
			tx := r.Texts(lang)
			if tx.Summary != "" {
				fmt.Fprintf(&b, "%s\n\n", tx.Summary)
			}
			if tx.Doc != "" {
				fmt.Fprintf(&b, "%s\n\n", tx.Doc)
			}
			if tx.Fix != "" {
				fmt.Fprintf(&b, "%s\n\n", words.T("explain.fix", "fix", tx.Fix))
			}
		}
	}
	fmt.Fprintf(&b, "[%s](%s)", words.T("lsp.ruleLink", "rule", f.Rule), ruleURL(w, lang, f.Rule))
	return b.String()
}

// escape keeps a team's text from being read as Markdown.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func contains(r protocol.Range, p protocol.Position) bool {
	before := func(a, b protocol.Position) bool {
		return a.Line < b.Line || a.Line == b.Line && a.Character <= b.Character
	}
	return before(r.Start, p) && before(p, r.End)
}
