package format

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/scaffold"
	"github.com/dealsascode/deals/internal/source"
)

// header is a valid deal header, in canonical form.
const header = "id: x\ntitle: T\naccount: {name: A, size: small}\nproduct: {name: P, complexity: simple}\nowner: o\nstage: qualify\n"

func TestSource(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Key order.
		{"canonical stays", header, header},
		{"top-level keys in schema order",
			"stage: qualify\nowner: o\ntitle: T\nid: x\n",
			"id: x\ntitle: T\nowner: o\nstage: qualify\n"},
		{"unknown keys after the known ones, in their order",
			"zeta: 1\nid: x\nalpha: 2\ntitle: T\n",
			"id: x\ntitle: T\nzeta: 1\nalpha: 2\n"},
		{"TAS sections in step order",
			"id: x\nnotes: n\nplan: {goal: g}\nassessment: {pains: []}\n",
			"id: x\n\nassessment: {pains: []}\n\nplan: {goal: g}\n\nnotes: n\n"},
		{"nested block mapping",
			"id: x\namount:\n  currency: EUR\n  value: 5\n",
			"id: x\namount:\n  value: 5\n  currency: EUR\n"},
		{"nested flow mapping, kept flow",
			"id: x\naccount: {industry: retail, size: small, name: A}\n",
			"id: x\naccount: {name: A, size: small, industry: retail}\n"},
		{"items of a list",
			"id: x\n\nkey_players:\n  - name: N\n    roles: [user]\n    id: n\n",
			"id: x\n\nkey_players:\n  - id: n\n    name: N\n    roles: [user]\n"},
		{"a key player's contact details after the title",
			"id: x\n\nkey_players:\n  - phone: +86 138 0013 8000\n    roles: [user]\n    email: n@example.com\n    title: CFO\n    id: n\n    name: N\n",
			"id: x\n\nkey_players:\n  - id: n\n    name: N\n    title: CFO\n    email: n@example.com\n    phone: +86 138 0013 8000\n    roles: [user]\n"},
		{"deeper nesting",
			"id: x\n\nclose:\n  outcome:\n    handoff: {notes: h, to: t}\n    date: 2027-01-01\n",
			"id: x\n\nclose:\n  outcome:\n    date: 2027-01-01\n    handoff: {to: t, notes: h}\n"},
		{"unknown nested keys keep their place after the known ones",
			"id: x\naccount:\n  colour: red\n  size: small\n  name: A\n",
			"id: x\naccount:\n  name: A\n  size: small\n  colour: red\n"},

		// Quoting.
		{"needless single quotes dropped", "id: 'x'\n", "id: x\n"},
		{"needless double quotes dropped", "title: \"Plant rollout\"\n", "title: Plant rollout\n"},
		{"an apostrophe reads the same plain", "title: 'it''s'\n", "title: it's\n"},
		{"a number stays quoted", "id: '123'\n", "id: '123'\n"},
		{"a float stays quoted", "id: \"1.5\"\n", "id: \"1.5\"\n"},
		{"a YAML 1.1 boolean stays quoted", "title: 'yes'\n", "title: 'yes'\n"},
		{"on stays quoted", "title: \"On\"\n", "title: \"On\"\n"},
		{"true stays quoted", "title: 'true'\n", "title: 'true'\n"},
		{"null stays quoted", "title: 'null'\n", "title: 'null'\n"},
		{"tilde stays quoted", "title: '~'\n", "title: '~'\n"},
		{"empty stays quoted", "title: ''\n", "title: ''\n"},
		{"a quoted date stays quoted", "close_date: '2027-03-31'\n", "close_date: '2027-03-31'\n"},
		{"an unquoted date stays unquoted", "close_date: 2027-03-31\n", "close_date: 2027-03-31\n"},
		{"colon and space stays quoted", "title: 'Phase 1: pilot'\n", "title: 'Phase 1: pilot'\n"},
		{"space and hash stays quoted", "title: 'A #1'\n", "title: 'A #1'\n"},
		{"leading indicator stays quoted", "title: '- x'\n", "title: '- x'\n"},
		{"leading space stays quoted", "title: ' x'\n", "title: ' x'\n"},
		{"trailing colon stays quoted", "title: 'x:'\n", "title: 'x:'\n"},
		{"escapes stay double-quoted", "title: \"a\\tb\"\n", "title: \"a\\tb\"\n"},
		{"CJK text loses its quotes", "title: '华信钢铁热轧产线'\n", "title: 华信钢铁热轧产线\n"},
		{"CJK punctuation is plain text", "title: \"华信：预测性维护（一期）\"\n", "title: 华信：预测性维护（一期）\n"},
		{"comma is fine in a block list", "tags:\n  - 'b, c'\n", "tags:\n  - b, c\n"},
		{"comma stays quoted in a flow list", "tags: ['a', 'b, c', \"d]\"]\n", "tags: [a, 'b, c', \"d]\"]\n"},
		{"quoted keys lose their quotes", "'id': x\n\"title\": T\n", "id: x\ntitle: T\n"},
		{"an explicit tag is kept", "title: !!str 123\n", "title: !!str 123\n"},

		// Comments.
		{"modeline stays at the top when the first key moves",
			"# yaml-language-server: $schema=deal.schema.json\ntitle: T\nid: x\n",
			"# yaml-language-server: $schema=deal.schema.json\nid: x\ntitle: T\n"},
		{"top comments separated by a blank line stay at the top, apart",
			"# yaml-language-server: $schema=s.json\n\n\n# About this deal\ntitle: T\nid: x\n",
			"# yaml-language-server: $schema=s.json\n\n# About this deal\nid: x\ntitle: T\n"},
		{"head comment moves with its key",
			"id: x\n# who owns it\nowner: o\n# what it is\ntitle: T\n",
			"id: x\n# what it is\ntitle: T\n# who owns it\nowner: o\n"},
		{"line comments move with their entries, their spacing kept",
			"owner: o # the rep\nid: x   # the id\n",
			"id: x   # the id\nowner: o # the rep\n"},
		{"aligned line comments stay aligned",
			"id: x          # the id\nowner: li-na   # the rep\ntitle: 'T'     # quotes go\n",
			"id: x          # the id\ntitle: T     # quotes go\nowner: li-na   # the rep\n"},
		{"a tab before a line comment is kept",
			"id: x\t# tab\n", "id: x\t# tab\n"},
		{"line comment on a key with a nested value",
			"id: x\namount: # in euros\n  value: 1\n",
			"id: x\namount: # in euros\n  value: 1\n"},
		{"comments between list items",
			"tags:\n  # first\n  - a\n  # second\n  - b # line\n",
			"tags:\n  # first\n  - a\n  # second\n  - b # line\n"},
		{"foot comment of a mapping stays at its end",
			"id: x\naccount:\n  size: small\n  name: A\n  # end of account\ntitle: T\n",
			"id: x\ntitle: T\naccount:\n  name: A\n  size: small\n  # end of account\n"},
		{"a comment after the last list item is kept (yaml.v3 indents it as its key's)",
			"id: x\n\nplan:\n  actions:\n    - what: a\n    # after the last action\n",
			"id: x\n\nplan:\n  actions:\n    - what: a\n  # after the last action\n"},
		{"a comment at the end of a nested list moves with the list",
			"id: x\ntags:\n  - a # first\n  - b\n\n\n  # trailing in tags\n\ntitle: T\n",
			"id: x\ntitle: T\ntags:\n  - a # first\n  - b\n  # trailing in tags\n"},
		{"a comment over a moved key moves with it",
			"id: x\n\nplan:\n  actions:\n    - what: a\n  # the goal\n  goal: g\n",
			"id: x\n\nplan:\n  # the goal\n  goal: g\n  actions:\n    - what: a\n"},
		{"comment at the end of the file stays at the end",
			"stage: s\nid: x\n# the end\n",
			"id: x\nstage: s\n# the end\n"},
		{"comment at the end after blank lines keeps one",
			"id: x\nstage: s\n\n\n# the end\n",
			"id: x\nstage: s\n\n# the end\n"},
		{"commented-out sections stay apart",
			"id: x\n# tags: [a]\n\n# 1. Assess\n# assessment:\n#   pains: []\n\n\n# 2. Compete\n# competition: {}\n",
			"id: x\n# tags: [a]\n\n# 1. Assess\n# assessment:\n#   pains: []\n\n# 2. Compete\n# competition: {}\n"},
		{"a nested comment loses its blank line",
			"id: x\naccount:\n  name: A\n\n  # the size\n  size: small\n",
			"id: x\naccount:\n  name: A\n  # the size\n  size: small\n"},
		{"comment over a section keeps the blank line above it",
			"id: x\n# step 1\nassessment:\n  pains: []\n",
			"id: x\n\n# step 1\nassessment:\n  pains: []\n"},
		{"comment in a flow list",
			"tags: [a, # first\n  b]\n",
			"tags: [a, # first\n  b]\n"},
		{"hash inside text is no comment",
			"title: 'Issue #4'\nnotes: |\n  # a heading, not a comment\n",
			"title: 'Issue #4'\n\nnotes: |\n  # a heading, not a comment\n"},

		// Block scalars and flow collections.
		{"literal block kept as written",
			"notes: |\n  first\n\n  third\n",
			"notes: |\n  first\n\n  third\n"},
		{"literal block with trailing spaces stays a block",
			"notes: |\n  two spaces  \n  break\n",
			"notes: |\n  two spaces  \n  break\n"},
		{"folded block keeps its line breaks",
			"id: x\n\nplan:\n  goal: >-\n      A long goal\n      over lines,\n\n      and a paragraph.\n",
			"id: x\n\nplan:\n  goal: >-\n    A long goal\n    over lines,\n\n    and a paragraph.\n"},
		{"folded CJK block keeps its line breaks",
			"title: >-\n  第一行，\n  第二行。\n",
			"title: >-\n  第一行，\n  第二行。\n"},
		{"keep chomping keeps trailing blank lines",
			"notes: |+\n  kept\n\n\nid: x\n",
			"id: x\n\nnotes: |+\n  kept\n\n\n"},
		{"block scalar in a list, reindented",
			"tags:\n- |\n    a\n     b\n",
			"tags:\n  - |\n    a\n     b\n"},
		{"block scalar with a line comment",
			"notes: > # folded\n  a\n  b\n",
			"notes: > # folded\n  a\n  b\n"},
		{"flow list kept",
			"tags: [a, b]\n", "tags: [a, b]\n"},
		{"flow collections over several lines are joined",
			"tags: [a,\n  b]\n", "tags: [a, b]\n"},
		{"empty values kept", "id: x\ntitle:\nowner: ~\n", "id: x\ntitle:\nowner: ~\n"},
		{"anchors keep the order", "title: &t T\nid: *t\n", "title: &t T\nid: *t\n"},

		// Layout.
		{"block lists indented under their key",
			"tags:\n- a\n- b\n", "tags:\n  - a\n  - b\n"},
		{"four-space indentation becomes two",
			"id: x\naccount:\n    name: A\n    size: small\n", "id: x\naccount:\n  name: A\n  size: small\n"},
		{"blank lines normalised",
			"\n\nid: x\n\n\ntitle: T\n\nassessment:\n\n  pains: []\nclose:\n  next_step: {action: a}\n\n\n",
			"id: x\ntitle: T\n\nassessment:\n  pains: []\n\nclose:\n  next_step: {action: a}\n"},
		{"a trailing newline is added", "id: x", "id: x\n"},
		{"extra trailing newlines dropped", "id: x\n\n\n", "id: x\n"},
		{"a document start marker is dropped", "---\nid: x\n", "id: x\n"},
		{"CRLF line endings kept",
			"title: T\r\nid: 'x'\r\nnotes: |\r\n  a\r\n  b\r\n",
			"id: x\r\ntitle: T\r\n\r\nnotes: |\r\n  a\r\n  b\r\n"},
		{"byte-order mark dropped", "\ufeffid: x\n", "id: x\n"},
		{"byte-order mark and CRLF", "\ufefftitle: T\r\nid: x\r\n", "id: x\r\ntitle: T\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Source("f.yaml", []byte(tt.in))
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if string(got) != tt.want {
				t.Fatalf("input:\n%s\ngot:\n%s\nwant:\n%s", tt.in, got, tt.want)
			}
			again, err := Source("f.yaml", got)
			if err != nil || string(again) != string(got) {
				t.Fatalf("not idempotent: %v\n%s", err, again)
			}
		})
	}
}

// TestSourceUnchanged: a canonical file is returned as the same bytes.
func TestSourceUnchanged(t *testing.T) {
	in := []byte(header + "\nnotes: |\n  a\n")
	got, err := Source("f.yaml", in)
	if err != nil {
		t.Fatal(err)
	}
	if &got[0] != &in[0] {
		t.Error("a canonical file was copied")
	}
}

func TestSourceErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"syntax error", "id: x\ntags: [a, b\ntitle: T\n", "f.yaml:2:7: invalid YAML"},
		{"duplicate key", "id: x\nid: y\n", "f.yaml:2:1: duplicate key \"id\""},
		{"empty file", "", "f.yaml:1:1: the file is empty"},
		{"not a mapping", "- a\n", "f.yaml:1:1: the file must be a mapping"},
		{"tab indentation", "id: x\naccount:\n\tname: A\n", "f.yaml:3:1: invalid YAML: a tab character"},
		{"merge key", "a: &a {x: 1}\nb:\n  <<: *a\n", "f.yaml:3:3: merge keys"},
		{"custom tag", "id: !thing x\n", "f.yaml:1:5: YAML tag !thing"},
		{"two documents", "id: x\n---\nid: y\n", "f.yaml:2:1: a second YAML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Source("f.yaml", []byte(tt.in))
			if err == nil {
				t.Fatalf("no error; got:\n%s", got)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error %q, want it to start with %q", err, tt.want)
			}
			var se *source.Error
			if !errors.As(err, &se) || se.File != "f.yaml" || !se.IsValid() {
				t.Fatalf("error is not positioned: %#v", err)
			}
			if errors.Is(err, ErrUnsafe) {
				t.Fatal("a parse problem reported as unsafe")
			}
		})
	}
}

// TestSourceSchemaProblems: a deal with schema problems is still
// formatted, and keeps its values.
func TestSourceSchemaProblems(t *testing.T) {
	in := "clsoe_date: 2027-01-01\nid: x\nstage: [a, b]\namount: {value: -5, currency: EUR}\n"
	want := "id: x\nstage: [a, b]\namount: {value: -5, currency: EUR}\nclsoe_date: 2027-01-01\n"
	got, err := Source("f.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestUnsafe: what the formatter cannot keep is refused, not written.
func TestUnsafe(t *testing.T) {
	if err := Same([]byte("a: 1\n"), []byte("a: '1'\n")); err == nil {
		t.Error("a number turned text passes")
	}
	if err := Same([]byte("a: 2027-01-01\n"), []byte("a: '2027-01-01'\n")); err == nil {
		t.Error("a date quoted passes")
	}
	if err := Same([]byte("a: 1 # c\n"), []byte("a: 1\n")); err == nil {
		t.Error("a lost comment passes")
	}
	if err := Same([]byte("a: 1 # c\nb: 2\n"), []byte("a: 1\nb: 2 # c\n")); err != nil {
		t.Errorf("a moved comment fails: %v", err)
	}
	if err := Same([]byte("id: x\ntitle: T\n"), []byte("title: T\nid: x\n")); err != nil {
		t.Errorf("reordered keys fail: %v", err)
	}
	err := unsafeError("deals/a.yaml", "a comment would be lost or changed")
	if want := "deals/a.yaml: cannot format without changing it (a comment would be lost or changed); left as is"; err.Error() != want || !errors.Is(err, ErrUnsafe) {
		t.Errorf("unsafe error prints as %q", err)
	}
}

func TestSchemaKeys(t *testing.T) {
	want := strings.Fields("id title account product owner stage amount close_date forecast tags crm_id assessment competition key_players relationships plan reviews close notes lint")
	if got := schemaKeys(); !reflect.DeepEqual(got, want) {
		t.Errorf("top level: %v", got)
	}
	if got := schemaKeys("key_players"); len(got) == 0 || got[0] != "id" {
		t.Errorf("key_players: %v", got)
	}
	if got := schemaKeys("close", "outcome", "handoff"); !reflect.DeepEqual(got, []string{"to", "date", "notes"}) {
		t.Errorf("close.outcome.handoff: %v", got)
	}
	for _, s := range sections {
		if !contains(want, s) {
			t.Errorf("section %s is not a schema key", s)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestScanLines(t *testing.T) {
	lines := []string{
		"# top",                     // 0
		"a: 'x # not' # c1",         // 1
		"b: \"multi",                // 2
		"  # still text\"",          // 3
		"c: |",                      // 4
		"  # text",                  // 5
		"",                          // 6
		"  more",                    // 7
		"",                          // 8
		"d: [x, y] # c2",            // 9
		"e: a#b",                    // 10
		"f: >+ # c3",                // 11
		"  kept",                    // 12
		"",                          // 13
		"  # c4",                    // 14 is still content: indented as much
		"# c5",                      // 15
		"- key: |",                  // 16
		"  next: x # c6",            // 17: the block is empty, this is the next key
		"g: http://example.com/#id", // 18
		"h: a[1 # c7",               // 19: a bracket in plain text opens nothing
		"i: |",                      // 20
		"  # text",                  // 21
	}
	info := scanLines(lines)
	var comments []string
	var inside []int
	for i, li := range info {
		if li.comment != "" {
			comments = append(comments, li.comment)
		}
		if li.inside {
			inside = append(inside, i)
		}
	}
	if want := []string{"# top", "# c1", "# c2", "# c3", "# c5", "# c6", "# c7"}; !reflect.DeepEqual(comments, want) {
		t.Errorf("comments %q, want %q", comments, want)
	}
	if want := []int{3, 5, 6, 7, 12, 13, 14, 21}; !reflect.DeepEqual(inside, want) {
		t.Errorf("inside %v, want %v", inside, want)
	}
}

func TestDiff(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"
	b := "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n"
	want := `--- a/f.yaml
+++ b/f.yaml
@@ -1,6 +1,6 @@
 1
 2
-3
+three
 4
 5
 6
@@ -10,3 +10,4 @@
 10
 11
 12
+13
`
	if got := Diff("a/f.yaml", "b/f.yaml", []byte(a), []byte(b)); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := Diff("a", "b", []byte(a), []byte(a)); got != "" {
		t.Errorf("equal files give %q", got)
	}
	got := Diff("a", "b", []byte("x"), []byte("y\n"))
	if want := "--- a\n+++ b\n@@ -1,1 +1,1 @@\n-x\n\\ No newline at end of file\n+y\n"; got != want {
		t.Errorf("no final newline: got:\n%s\nwant:\n%s", got, want)
	}
	got = Diff("a", "b", nil, []byte("y\n"))
	if want := "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+y\n"; got != want {
		t.Errorf("from empty: got:\n%s\nwant:\n%s", got, want)
	}
}

// TestNewDealIsFormatted: deals new writes files deals fmt leaves alone,
// commented-out TAS steps and all, in every language.
func TestNewDealIsFormatted(t *testing.T) {
	for _, lang := range i18n.Langs {
		newDealIsFormatted(t, lang)
	}
}

func newDealIsFormatted(t *testing.T, lang i18n.Lang) {
	for _, d := range []scaffold.Deal{
		{ID: "acme-erp", Title: "ERP rollout", Account: "ACME", Size: "large", Product: "Plant Suite", Complexity: "complex", Owner: "li-na", Stage: "qualify", Amount: "250000", Currency: "EUR", Close: "2027-03-31", Schema: scaffold.SchemaURL, Today: "2026-11-26"},
		{ID: "x", Title: "PDM: 二期", Account: "华新钢铁", Size: "small", Product: "null", Complexity: "simple", Owner: "o", Stage: "prospect", Schema: "../.deals/deal.schema.json", Today: "2026-11-26"},
	} {
		in := scaffold.DealFile(d, lang)
		out, err := Source("new.yaml", in)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != string(in) {
			t.Errorf("deals fmt changes a new deal file in %s:\n%s", lang, Diff("new", "formatted", in, out))
		}
	}
}
