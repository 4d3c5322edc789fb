package lsp

import (
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/source"
	"go.lsp.dev/protocol"
)

func TestPositions(t *testing.T) {
	// "é" is 2 bytes and 1 UTF-16 unit, "名" 3 bytes and 1 unit, "😀" 4
	// bytes and 2 units: the three encodings differ on each.
	tx := newText("id: a\nname: é名😀x\r\nlast")
	for _, c := range []struct {
		enc  encoding
		pos  protocol.Position
		byte int
	}{
		{utf16, protocol.Position{Line: 0, Character: 0}, 0},
		{utf16, protocol.Position{Line: 1, Character: 6}, 6 + 6},                  // before é
		{utf16, protocol.Position{Line: 1, Character: 8}, 6 + 6 + 2 + 3},          // before 😀
		{utf16, protocol.Position{Line: 1, Character: 10}, 6 + 6 + 2 + 3 + 4},     // before x
		{utf16, protocol.Position{Line: 1, Character: 9}, 6 + 6 + 2 + 3},          // inside 😀: its start
		{utf32, protocol.Position{Line: 1, Character: 9}, 6 + 6 + 2 + 3 + 4},      // before x
		{utf8Bytes, protocol.Position{Line: 1, Character: 11}, 6 + 11},            // before 😀
		{utf8Bytes, protocol.Position{Line: 1, Character: 12}, 6 + 11},            // inside 😀: its start
		{utf16, protocol.Position{Line: 1, Character: 99}, 6 + 6 + 2 + 3 + 4 + 1}, // past the end of the line, before \r
		{utf16, protocol.Position{Line: 9, Character: 0}, len(tx.s)},
	} {
		if got := tx.offset(c.pos, c.enc); got != c.byte {
			t.Errorf("offset(%v, %d) = %d, want %d", c.pos, c.enc, got, c.byte)
		}
	}
	for _, enc := range []encoding{utf16, utf8Bytes, utf32} {
		for off := range len(tx.s) + 1 {
			if off < len(tx.s) && (tx.s[off]&0xC0 == 0x80 || tx.s[off] == '\n' && off > 0 && tx.s[off-1] == '\r') {
				continue // not where a character starts; or between \r and \n
			}
			if back := tx.offset(tx.position(off, enc), enc); back != off {
				t.Errorf("enc %d: %d -> %v -> %d", enc, off, tx.position(off, enc), back)
			}
		}
	}
	// YAML counts columns in characters.
	if p := tx.at(source.Pos{Line: 2, Col: 10}, utf16); p != (protocol.Position{Line: 1, Character: 10}) {
		t.Errorf("x of line 2 is at %v", p)
	}
	if p := tx.sourcePos(protocol.Position{Line: 1, Character: 10}, utf16); p != (source.Pos{Line: 2, Col: 10}) {
		t.Errorf("back: %v", p)
	}
}

func TestToken(t *testing.T) {
	for _, c := range []struct{ line, token string }{
		{"stage: develop", "stage"},
		{"develop  # a comment", "develop"},
		{`"quoted \" value": x`, `"quoted \" value"`},
		{`'it''s' # c`, `'it''s'`},
		{"cfo, ceo]", "cfo"},
		{"Smith, John", "Smith, John"},
		{"[a, b]", "["},
		{"", ""},
		{"http://x.example/a:b c", "http://x.example/a:b c"},
	} {
		if got := c.line[:tokenLen(c.line)]; got != c.token {
			t.Errorf("token of %q = %q, want %q", c.line, got, c.token)
		}
	}
	tx := newText("a: 名字 # c\n")
	if r := tx.token(source.Pos{Line: 1, Col: 4}, utf16); r.Start.Character != 3 || r.End.Character != 5 {
		t.Errorf("the range of 名字: %v", r)
	}
	// A position at the end of a line is one character wide, never empty
	// past the text.
	if r := tx.token(source.Pos{Line: 9, Col: 1}, utf16); r.Start != r.End {
		t.Errorf("past the end: %v", r)
	}
}

func TestApply(t *testing.T) {
	tx := newText("id: a\nstage: prospect\n")
	tx = tx.apply(&protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: protocol.Position{Line: 1, Character: 7}, End: protocol.Position{Line: 1, Character: 15}}, Text: "qualify"}, utf16)
	if tx.s != "id: a\nstage: qualify\n" {
		t.Errorf("after an edit: %q", tx.s)
	}
	// An edit whose range is reversed or past the end is taken as it can
	// be, never a panic.
	tx = tx.apply(&protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: protocol.Position{Line: 9, Character: 9}, End: protocol.Position{Line: 0, Character: 0}}, Text: "x"}, utf16)
	if tx.s != "x" {
		t.Errorf("a reversed range: %q", tx.s)
	}
	tx = tx.apply(&protocol.TextDocumentContentChangeWholeDocument{Text: "new"}, utf16)
	if tx.s != "new" || len(tx.lines) != 1 {
		t.Errorf("whole: %q", tx.s)
	}
}

func TestSpot(t *testing.T) {
	doc := `id: acme
stage: dev
key_players:
  - id: cfo
    roles: [decision_maker, ]
    reports_to: c
  - id: it
    na
close:
  next_step:
    agreed_with:
      - cf
lint:
  ignore:
    - rule: players-coach
`
	for _, c := range []struct {
		at      string // the cursor is just after this
		path    string
		inValue bool
		word    string
	}{
		{"stage: dev", "stage", true, "dev"},
		{"stage: ", "stage", true, ""},
		{"    roles: [decision_maker, ", "key_players/[]/roles/[]", true, ""},
		{"    roles: [decision_ma", "key_players/[]/roles/[]", true, "decision_ma"},
		{"reports_to: c", "key_players/[]/reports_to", true, "c"},
		{"    na", "key_players/[]", false, "na"},
		{"      - cf", "close/next_step/agreed_with/[]", true, "cf"},
		{"    - rule: players-co", "lint/ignore/[]/rule", true, "players-co"},
		{"  - id: cfo", "key_players/[]/id", true, "cfo"},
		{"  - i", "key_players/[]", false, "i"},
	} {
		off := strings.Index(doc, c.at) + len(c.at)
		sp := spotAt(newText(doc), off)
		if normal(sp.path) != c.path || sp.inValue != c.inValue || sp.word != c.word {
			t.Errorf("after %q: path %q, in value %v, word %q; want %q %v %q", c.at, normal(sp.path), sp.inValue, sp.word, c.path, c.inValue, c.word)
		}
	}
	// Every offset of lines that are half typed, the cursor anywhere: a
	// cursor between a dash and what follows it once panicked.
	for _, half := range []string{"key_players:\n  -   cfo\n", "a:\n  - - x: [y, \n", "- \n-\n  :\n", "\"k\": v\n'q': [\n"} {
		for off := range len(half) + 1 {
			spotAt(newText(half), off)
		}
	}
	sp := spotAt(newText(doc), strings.Index(doc, "    na")+6)
	if !sp.siblings["id"] || sp.siblings["roles"] {
		t.Errorf("the second player's keys: %v", sp.siblings)
	}
}

func TestIgnoreEntry(t *testing.T) {
	const reason = "why"
	entry := "- rule: players-coach\n  reason: \"\"  # why\n"
	indent := func(s, by string) string {
		return by + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n"+by) + "\n"
	}
	for _, c := range []struct{ name, doc, want string }{
		{"no lint", "id: a\n", "id: a\n\nlint:\n  ignore:\n" + indent(entry, "    ")},
		{"no final newline", "id: a", "id: a\n\nlint:\n  ignore:\n" + indent(entry, "    ")},
		{"lint without ignore", "id: a\nlint:\nnotes: x\n", "id: a\nlint:\n  ignore:\n" + indent(entry, "    ") + "notes: x\n"},
		{"after the last entry", "lint:\n  ignore:\n    - rule: x\n      reason: y\nnotes: n\n",
			"lint:\n  ignore:\n    - rule: x\n      reason: y\n" + indent(entry, "    ") + "notes: n\n"},
		{"entries at the key's indentation", "lint:\n  ignore:\n  - rule: x\n    reason: y\n",
			"lint:\n  ignore:\n  - rule: x\n    reason: y\n" + indent(entry, "  ")},
		{"a blank line and a comment after", "lint:\n  ignore:\n    - rule: x\n      reason: y\n\n# end\n",
			"lint:\n  ignore:\n    - rule: x\n      reason: y\n" + indent(entry, "    ") + "\n# end\n"},
	} {
		d := &document{text: newText(c.doc)}
		at, text, ok := d.ignoreEntry("players-coach", reason)
		if !ok {
			t.Errorf("%s: no entry", c.name)
			continue
		}
		if got := c.doc[:at] + text + c.doc[at:]; got != c.want {
			t.Errorf("%s:\n%s\nwant:\n%s", c.name, got, c.want)
		}
	}
	for _, doc := range []string{"lint: {ignore: []}\n", "lint:\n  ignore: []\n"} {
		if _, _, ok := (&document{text: newText(doc)}).ignoreEntry("x", reason); ok {
			t.Errorf("%q written inline: an entry is offered", doc)
		}
	}
}

func TestSectionBlock(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		d := &document{text: newText("id: a\nstage: prospect\nclose:\n  next_step: {}\n")}
		present := d.presentSections()
		at, text := d.skeleton("key_players", langFor(lang), "2026-12-02", present)
		if at != len("id: a\nstage: prospect\n") {
			t.Errorf("%s: the key players go before close, at %d", lang, at)
		}
		if !strings.HasPrefix(text, "# 3. ") || !strings.Contains(text, "\n# key_players:\n#   - id: cfo") || !strings.HasSuffix(text, "\n\n") {
			t.Errorf("%s: %q", lang, text)
		}
		for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
			if !strings.HasPrefix(line, "#") {
				t.Errorf("%s: a line of the skeleton is not commented: %q", lang, line)
			}
		}
		_, text = d.skeleton("reviews", langFor(lang), "2026-12-02", present)
		if !strings.Contains(text, "# reviews:\n#   - date: 2026-11-25") {
			t.Errorf("%s: reviews dated from today: %q", lang, text)
		}
	}
}

func langFor(code string) i18n.Lang {
	l, err := i18n.Parse(code)
	if err != nil {
		panic(err)
	}
	return l
}
