package lsp

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/schema"
	"go.lsp.dev/protocol"
)

// Fields whose values name something else: a key player of the deal, a
// member of the team. Paths are written as normal writes them.
var (
	playerFields = regexp.MustCompile(`^(key_players/\[\]/reports_to|assessment/pains/\[\]/key_players/\[\]|relationships/coverage/\[\]/key_player|plan/actions/\[\]/key_players/\[\]|close/next_step/agreed_with/\[\])$`)
	memberFields = regexp.MustCompile(`^(owner|plan/actions/\[\]/owner|close/plan/\[\]/owner|reviews/\[\]/reviewer)$`)
)

// Completion offers what may be written where the cursor is: the ids of
// the deal's key players, the team's members, this repository's stages,
// the currencies that have a rate, the rules, the values of an
// enumeration with what each means, the keys a mapping may still have.
func (s *server) Completion(_ context.Context, params *protocol.CompletionParams) (protocol.CompletionResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.docOf(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	items := []protocol.CompletionItem{}
	if d.kind != dealFile || d.space == nil {
		return &protocol.CompletionList{Items: items}, nil
	}
	off := d.text.offset(params.Position, s.enc)
	sp := spotAt(d.text, off)
	replace := d.text.span(sp.wordAt, max(sp.wordEnd, off), s.enc)
	for i, c := range s.completions(d, sp) {
		it := protocol.CompletionItem{Label: c.label, Kind: c.kind, SortText: protocol.NewOptional(fmt.Sprintf("%04d", i)),
			TextEdit: &protocol.TextEdit{Range: replace, NewText: c.insert}}
		if c.detail != "" {
			it.Detail = protocol.NewOptional(c.detail)
		}
		if c.doc != "" {
			it.Documentation = &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: c.doc}
		}
		items = append(items, it)
	}
	return &protocol.CompletionList{Items: items}, nil
}

// candidate is one completion: what it shows and what it writes.
type candidate struct {
	label, insert, detail, doc string
	kind                       protocol.CompletionItemKind
}

func (s *server) completions(d *document, sp spot) []candidate {
	w := d.space
	lang := s.langOf(w)
	path := normal(sp.path)
	field, known := schema.Deal().Field(sp.path, string(lang))
	if sp.inValue && known && strings.Contains(field.Type, "object") && (len(sp.path) == 0 || sp.path[len(sp.path)-1] == listItem) {
		sp.inValue = false // "- ke": a key typed in an item that is a mapping
	}
	if !sp.inValue {
		return s.keyCandidates(sp, string(lang))
	}
	var out []candidate
	add := func(label, detail, doc string, kind protocol.CompletionItemKind) {
		out = append(out, candidate{label: label, insert: label, detail: detail, doc: doc, kind: kind})
	}
	switch {
	case playerFields.MatchString(path):
		for _, k := range s.players(d) {
			if k.ID.Value != "" {
				add(k.ID.Value, playerDetail(k), "", protocol.CompletionItemKindReference)
			}
		}
	case memberFields.MatchString(path) && w.cfg != nil:
		for _, m := range w.cfg.Team {
			detail := m.NameIn(lang)
			if m.Region != "" {
				detail += " · " + m.Region
			}
			add(m.ID, detail, "", protocol.CompletionItemKindValue)
		}
	case path == "stage" && w.cfg != nil:
		for _, st := range w.cfg.Stages {
			detail := st.NameIn(lang)
			if st.Open() {
				detail += fmt.Sprintf(" · %g%%", st.Probability)
			}
			add(st.ID, detail, "", protocol.CompletionItemKindEnumMember)
		}
	case path == "amount/currency" && w.cfg != nil:
		for _, c := range currencies(w.cfg) {
			add(c, "", "", protocol.CompletionItemKindUnit)
		}
	case path == "lint/ignore/[]/rule" && w.linter != nil:
		for _, r := range w.linter.Rules() {
			if r.ID != lint.RuleParse && r.ID != lint.RuleSchema {
				add(r.ID, r.Texts(lang).Summary, "", protocol.CompletionItemKindKeyword)
			}
		}
	case known && len(field.Enum) > 0:
		for i, v := range field.Enum {
			detail := ""
			if i < len(field.EnumDescriptions) {
				detail = field.EnumDescriptions[i]
			}
			add(v, detail, "", protocol.CompletionItemKindEnumMember)
		}
	case known && field.Format == "date":
		add(s.today(), s.words(w).T("lsp.today"), "", protocol.CompletionItemKindValue)
	}
	return out
}

// keyCandidates are the keys the mapping at the cursor may have and does
// not have yet, in the schema's order, each with what it means.
func (s *server) keyCandidates(sp spot, lang string) []candidate {
	field, ok := schema.Deal().Field(sp.path, lang)
	if !ok {
		return nil
	}
	var out []candidate
	for _, k := range field.Properties {
		if sp.siblings[k] {
			continue
		}
		c := candidate{label: k, insert: k + ": ", kind: protocol.CompletionItemKindField}
		if sp.onKey {
			c.insert = k
		}
		if f, ok := schema.Deal().Field(append(append([]string(nil), sp.path...), k), lang); ok {
			c.doc = f.Description
		}
		out = append(out, c)
	}
	return out
}

// players are the deal's key players as last parsed, while the text is
// half typed as last parsed without problems.
func (s *server) players(d *document) []deal.KeyPlayer {
	if d.parsed != nil && d.parsed.KeyPlayers.Len() > 0 {
		return d.parsed.KeyPlayers.Items
	}
	if d.good != nil {
		return d.good.KeyPlayers.Items
	}
	return nil
}

func playerDetail(k deal.KeyPlayer) string {
	var parts []string
	for _, p := range []string{k.Name.Value, k.Title.Value} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	var roles []string
	for _, r := range k.Roles.Items {
		roles = append(roles, string(r.Value))
	}
	if len(roles) > 0 {
		parts = append(parts, strings.Join(roles, ", "))
	}
	return strings.Join(parts, " · ")
}

// currencies are the base currency and those with a rate, base first.
func currencies(cfg *config.Config) []string {
	out := []string{cfg.Currency.Base}
	var rated []string
	for c := range cfg.Currency.Rates {
		if c != cfg.Currency.Base {
			rated = append(rated, c)
		}
	}
	sort.Strings(rated)
	return append(out, rated...)
}
