package lsp

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/source"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// DocumentSymbol is the outline of a deal: its header, the seven TAS
// steps in the deal's words (a step it lacks is not listed), and under the
// key players each of them.
func (s *server) DocumentSymbol(_ context.Context, params *protocol.DocumentSymbolParams) (protocol.DocumentSymbolResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.docOf(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	out := protocol.DocumentSymbolSlice{}
	if d.kind != dealFile || d.space == nil {
		return out, nil
	}
	lang := s.langOf(d.space)
	t := d.text
	type top struct {
		key        string
		line, last int
	}
	var tops []top
	for i := range t.lines {
		sh := shapeOf(t.line(i))
		if sh.blank {
			continue
		}
		if sh.content == 0 && len(sh.dashes) == 0 && sh.key != "" {
			tops = append(tops, top{key: sh.key, line: i, last: i})
		} else if len(tops) > 0 {
			tops[len(tops)-1].last = i
		}
	}
	lineRange := func(first, last int) protocol.Range {
		end := len(t.s)
		if last+1 < len(t.lines) {
			end = t.lines[last+1] - 1
		}
		return t.span(t.lines[first], max(end, t.lines[first]), s.enc)
	}
	for _, tp := range tops {
		name, kind := tp.key, protocol.SymbolKindField
		if step, ok := stepOf(tp.key); ok {
			name, kind = lint.StepTitle(step, lang), protocol.SymbolKindNamespace
		}
		detail := tp.key
		sym := protocol.DocumentSymbol{Name: name, Detail: &detail, Kind: kind, Range: lineRange(tp.line, tp.last),
			SelectionRange: t.span(t.lines[tp.line], t.lines[tp.line]+len(tp.key), s.enc)}
		if tp.key == "key_players" {
			sym.Children = s.playerSymbols(d, tp.line, tp.last, lineRange)
		}
		out = append(out, sym)
	}
	return out, nil
}

// playerSymbols are the items of the key_players list between two lines.
func (s *server) playerSymbols(d *document, first, last int, lineRange func(int, int) protocol.Range) []protocol.DocumentSymbol {
	t := d.text
	type item struct{ line, last int }
	var items []item
	dash := -1
	for i := first + 1; i <= last; i++ {
		sh := shapeOf(t.line(i))
		if sh.blank {
			continue
		}
		if len(sh.dashes) > 0 && (dash < 0 || sh.dashes[0] == dash) {
			dash = sh.dashes[0]
			items = append(items, item{i, i})
		} else if len(items) > 0 {
			items[len(items)-1].last = i
		}
	}
	players := s.players(d)
	out := make([]protocol.DocumentSymbol, 0, len(items))
	for n, it := range items {
		name := fmt.Sprintf("#%d", n+1)
		var detail string
		for _, k := range players {
			if k.At.Line-1 >= it.line && k.At.Line-1 <= it.last || k.ID.Pos.Line-1 >= it.line && k.ID.Pos.Line-1 <= it.last {
				name = k.ID.Value
				if k.Name.Value != "" {
					name = k.Name.Value + " (" + k.ID.Value + ")"
				}
				detail = playerDetail(k)
				break
			}
		}
		sym := protocol.DocumentSymbol{Name: name, Kind: protocol.SymbolKindObject, Range: lineRange(it.line, it.last), SelectionRange: lineRange(it.line, it.line)}
		if detail != "" {
			sym.Detail = &detail
		}
		out = append(out, sym)
	}
	return out
}

func stepOf(key string) (lint.Step, bool) {
	for _, s := range sections {
		if s.key == key {
			return s.step, true
		}
	}
	return "", false
}

// Definition goes from a reference to what it names: a key player's id
// to the player, an owner or reviewer to the member of the team in the
// configuration, a stage to the stage there.
func (s *server) Definition(_ context.Context, params *protocol.DefinitionParams) (protocol.DefinitionResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.docOf(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	none := protocol.LocationSlice{}
	if d.kind != dealFile || d.space == nil {
		return none, nil
	}
	sp := spotAt(d.text, d.text.offset(params.Position, s.enc))
	if !sp.inValue {
		return none, nil
	}
	value := d.text.s[sp.wordAt:sp.wordEnd]
	path := normal(sp.path)
	w := d.space
	switch {
	case playerFields.MatchString(path):
		for _, k := range s.players(d) {
			if k.ID.Value == value && k.ID.Pos.IsValid() {
				return &protocol.Location{URI: d.uri, Range: d.text.token(k.ID.Pos, s.enc)}, nil
			}
		}
	case memberFields.MatchString(path) && w.cfg != nil:
		if m, ok := w.cfg.Member(value); ok {
			return s.inConfig(w, m.Pos), nil
		}
	case path == "stage" && w.cfg != nil:
		if st, ok := w.cfg.Stage(value); ok {
			return s.inConfig(w, st.Pos), nil
		}
	}
	return none, nil
}

// inConfig is a position in the workspace's configuration file.
func (s *server) inConfig(w *workspace, p source.Pos) protocol.DefinitionResult {
	if w.cfg.File == "" || !p.IsValid() {
		return protocol.LocationSlice{}
	}
	file := w.cfg.File
	if abs, err := filepath.Abs(file); err == nil {
		file = abs
	}
	t := newText(string(w.cfg.Source))
	for _, d := range s.docs {
		if d.path == realPath(file) {
			t = d.text
		}
	}
	return &protocol.Location{URI: uri.File(file), Range: t.token(p, s.enc)}
}
