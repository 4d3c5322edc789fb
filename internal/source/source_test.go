package source_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		contains  string
	}{
		{"empty", "", 1, 1, "the file is empty"},
		{"only comments", "# nothing here\n", 1, 1, "the file is empty"},
		{"explicit null document", "---\n...\n", 1, 1, "the file is empty"},
		{"tab indentation", "id: x\naccount:\n\tname: y\n", 3, 1, "tab character"},
		{"unclosed flow", "id: x\ntags: [a, b\nstage: y\n", 2, 7, "[list] is not closed"},
		{"unclosed quote", "id: x\ntitle: 'oops\n", 2, 8, "quoted text is not closed"},
		{"bad indentation", "a:\n  b: 1\n c: 2\n", 3, 2, "invalid YAML"},
		{"colon in value", "id: x\ntitle: Deal: the big one\n", 2, 12, "put the whole value in quotes"},
		{"two documents", "id: a\n---\nid: b\n", 2, 1, "second YAML document"},
		{"list at top", "- id: a\n", 1, 1, "must be a mapping"},
		{"scalar at top", "hello\n", 1, 1, "must be a mapping"},
		{"not utf-8", "id: x\ntitle: caf\xe9\n", 2, 11, "not valid UTF-8"},
		{"gbk bytes", "id: x\ntitle: \xc9\xcf\xba\xa3\n", 2, 8, "not valid UTF-8"},
		{"utf-16", "\xff\xfei\x00d\x00", 1, 1, "UTF-16"},
		{"control character", "id: x\ntitle: a\x00b\n", 2, 9, "control character"},
		{"unknown anchor", "id: *nope\n", 1, 1, "unknown anchor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := source.Parse("d.yaml", []byte(tt.src))
			var pe *source.Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v, want *source.Error", err)
			}
			if !errors.Is(err, source.ErrSyntax) {
				t.Errorf("error does not wrap ErrSyntax: %v", err)
			}
			if pe.File != "d.yaml" || pe.Line != tt.line || pe.Col != tt.col {
				t.Errorf("position = %s:%d:%d, want d.yaml:%d:%d (%v)", pe.File, pe.Line, pe.Col, tt.line, tt.col, err)
			}
			if !strings.Contains(pe.Msg, tt.contains) {
				t.Errorf("message %q does not contain %q", pe.Msg, tt.contains)
			}
			if want := "d.yaml:"; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Error() = %q, want prefix %q", err.Error(), want)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	tests := []struct{ name, src string }{
		{"byte-order mark", "\ufeffid: x\n"},
		{"CRLF line endings", "id: x\r\ntitle: y\r\n"},
		{"document marker", "---\nid: x\n"},
		{"comments", "# yaml-language-server: $schema=deal.schema.json\nid: x # trailing\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, err := source.Parse("d.yaml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			v, errs := source.Value("d.yaml", root)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := v.(map[string]any)["id"]; got != "x" {
				t.Errorf("id = %v", got)
			}
		})
	}
}

func TestCRLFPositions(t *testing.T) {
	src := "id: x\r\ntitle: y\r\nowner: [\r\n"
	_, err := source.Parse("d.yaml", []byte(src))
	var pe *source.Error
	if !errors.As(err, &pe) || pe.Line != 3 {
		t.Fatalf("err = %v, want an error on line 3", err)
	}
}

func TestValue(t *testing.T) {
	tests := []struct {
		name, src string
		key       string
		want      any
	}{
		{"unquoted date stays text", "d: 2027-03-31\n", "d", "2027-03-31"},
		{"quoted date", "d: '2027-03-31'\n", "d", "2027-03-31"},
		{"impossible date is text", "d: 2026-02-30\n", "d", "2026-02-30"},
		{"int", "n: 1200000\n", "n", int64(1200000)},
		{"int with underscores", "n: 1_200_000\n", "n", int64(1200000)},
		{"hex int", "n: 0x1F\n", "n", int64(31)},
		{"float", "n: 12.5\n", "n", 12.5},
		{"huge int becomes float", "n: 99999999999999999999\n", "n", 1e20},
		{"bool", "b: true\n", "b", true},
		{"null", "x: ~\n", "x", nil},
		{"quoted number is text", "n: '42'\n", "n", "42"},
		{"alias", "a: &x hello\nb: *x\n", "b", "hello"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, err := source.Parse("d.yaml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			v, errs := source.Value("d.yaml", root)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := v.(map[string]any)[tt.key]; got != tt.want {
				t.Errorf("%s = %#v, want %#v", tt.key, got, tt.want)
			}
		})
	}
}

func TestValueErrors(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		bomb += name + ": &" + name + " [" + strings.TrimSuffix(strings.Repeat("*"+prev+", ", 9), ", ") + "]\n"
		prev = name
	}
	deep := strings.Repeat("[", 200) + strings.Repeat("]", 200)
	tests := []struct {
		name, src string
		line, col int
		contains  string
	}{
		{"duplicate key", "id: a\ntitle: t\nid: b\n", 3, 1, `duplicate key "id": it is already set at line 1`},
		{"duplicate key in big mapping", bigMapping(20) + "k3: again\n", 21, 1, `duplicate key "k3"`},
		{"merge key", "base: &b {x: 1}\nother:\n  <<: *b\n", 3, 3, "merge keys"},
		{"custom tag", "id: !secret x\n", 1, 5, "tag !secret"},
		{"infinity", "n: .inf\n", 1, 4, "not a finite number"},
		{"nan", "n: .nan\n", 1, 4, "not a finite number"},
		{"complex key", "? [a, b]\n: x\n", 1, 3, "key must be plain text"},
		{"billion laughs", bomb, 0, 0, "aliases expand to more than"},
		{"deep nesting", "x: " + deep + "\n", 1, 0, "nesting is deeper than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, err := source.Parse("d.yaml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			_, errs := source.Value("d.yaml", root)
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			e := errs[0]
			if !strings.Contains(e.Msg, tt.contains) {
				t.Errorf("message %q does not contain %q", e.Msg, tt.contains)
			}
			if tt.line > 0 && e.Line != tt.line {
				t.Errorf("line = %d, want %d", e.Line, tt.line)
			}
			if tt.col > 0 && e.Col != tt.col {
				t.Errorf("col = %d, want %d", e.Col, tt.col)
			}
			if !errors.Is(e, source.ErrSyntax) {
				t.Errorf("not ErrSyntax: %v", e)
			}
		})
	}
}

func bigMapping(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString("k" + string(rune('0'+i/10)) + string(rune('0'+i%10)) + ": v\n")
	}
	return strings.ReplaceAll(b.String(), "k0", "k")
}

const validDeal = `id: acme-erp
title: ERP rollout
account:
  name: ACME
  size: large
product:
  name: Suite
  complexity: complex
owner: li-na
stage: develop
`

func TestCheck(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line, col int
		contains  string
	}{
		{"unknown top-level key points at the key", validDeal + "acount: x\n", 11, 1, `unknown field "acount" in the deal: did you mean "account"?`},
		{"unknown nested key", strings.Replace(validDeal, "  size: large\n", "  size: large\n  regoin: EMEA\n", 1), 6, 3, `unknown field "regoin" in account: did you mean "region"?`},
		{"unknown key without a close match lists the fields", validDeal + "zzz: 1\n", 11, 1, "the fields here are"},
		{"missing field points at its object", strings.Replace(validDeal, "  size: large\n", "", 1), 3, 1, `account is missing the required field "size"`},
		{"missing top-level field", strings.Replace(validDeal, "owner: li-na\n", "", 1), 1, 1, `missing the required field "owner"`},
		{"wrong type", strings.Replace(validDeal, "title: ERP rollout", "title: [a, b]", 1), 2, 8, "title must be text, not a list"},
		{"object expected", validDeal + "amount: 5\n", 11, 9, "amount must be a set of fields"},
		{"enum", strings.Replace(validDeal, "size: large", "size: huge", 1), 5, 9, `"huge" is not a valid value for size: use one of small, medium, large`},
		{"impossible date", validDeal + "close_date: 2026-02-30\n", 11, 13, "is not a real date"},
		{"date with slashes", validDeal + "close_date: 2026/03/01\n", 11, 13, "is not a real date"},
		{"negative amount", validDeal + "amount:\n  value: -5\n", 12, 10, "must be 0 or more, not -5"},
		{"empty text", strings.Replace(validDeal, "title: ERP rollout", "title: ''", 1), 2, 8, "title is empty"},
		{"bad id", strings.Replace(validDeal, "id: acme-erp", "id: Acme ERP", 1), 1, 5, "use only lower-case letters"},
		{"bad currency", validDeal + "amount:\n  value: 5\n  currency: euro\n", 13, 13, "three-letter ISO 4217 currency code"},
		{"enum in a list", validDeal + "key_players:\n  - id: a\n    name: A\n    roles: [boss]\n", 14, 13, `"boss" is not a valid value for roles`},
		{"enum in the wrong case", strings.Replace(validDeal, "size: large", "size: Large", 1), 5, 9, `did you mean "large"?`},
		{"enum with a space", validDeal + "key_players:\n  - id: a\n    name: A\n    roles: [decision maker]\n", 14, 13, `did you mean "decision_maker"?`},
		{"stage in capitals", strings.Replace(validDeal, "stage: develop", "stage: Develop", 1), 10, 8, `write it in lower case, "develop"`},
		{"currency in lower case", validDeal + "amount:\n  value: 5\n  currency: eur\n", 13, 13, `write it in capitals, "EUR"`},
		{"amount with separators", validDeal + "amount:\n  value: 1,200,000\n", 12, 10, "write it without separators or units, as 1200000"},
		{"text that YAML read as a mapping", validDeal + "plan:\n  resources:\n    - Legal: review\n", 13, 7, "put the whole text in quotes"},
		{"duplicate in unique list", validDeal + "tags: [a, a]\n", 11, 7, "lists the same item twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, err := source.Parse("d.yaml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			v, errs := source.Value("d.yaml", root)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			got := source.Check("d.yaml", root, v, schema.Deal())
			if len(got) == 0 {
				t.Fatal("no schema error")
			}
			for _, e := range got {
				if strings.Contains(e.Msg, tt.contains) {
					if e.Line != tt.line || e.Col != tt.col {
						t.Errorf("at %d:%d, want %d:%d: %s", e.Line, e.Col, tt.line, tt.col, e.Msg)
					}
					if !errors.Is(e, source.ErrSchema) {
						t.Errorf("does not wrap ErrSchema")
					}
					return
				}
			}
			t.Errorf("no error contains %q; got %v", tt.contains, got)
		})
	}
	t.Run("valid deal", func(t *testing.T) {
		root, _ := source.Parse("d.yaml", []byte(validDeal))
		v, _ := source.Value("d.yaml", root)
		if errs := source.Check("d.yaml", root, v, schema.Deal()); len(errs) > 0 {
			t.Fatal(errs)
		}
	})
}

func TestErrorFormat(t *testing.T) {
	cause := errors.New("cause")
	tests := []struct {
		err  *source.Error
		want string
	}{
		{&source.Error{File: "a.yaml", Pos: source.Pos{Line: 3, Col: 7}, Msg: "bad"}, "a.yaml:3:7: bad"},
		{&source.Error{File: "a.yaml", Pos: source.Pos{Line: 3}, Msg: "bad"}, "a.yaml:3: bad"},
		{&source.Error{File: "a.yaml", Msg: "cannot read"}, "a.yaml: cannot read"},
		{&source.Error{Msg: "bare", Err: cause}, "bare"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
	wrapped := &source.Error{File: "a.yaml", Msg: "x", Err: cause}
	if !errors.Is(wrapped, cause) {
		t.Error("errors.Is does not reach the cause")
	}
}

func TestClosest(t *testing.T) {
	tests := []struct {
		name    string
		allowed []string
		want    string
	}{
		{"acount", []string{"account", "amount"}, "account"},
		{"keyplayers", []string{"key_players", "plan"}, "key_players"},
		{"Owner", []string{"owner"}, "owner"},
		{"zzzzzz", []string{"owner"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := source.Closest(tt.name, tt.allowed); got != tt.want {
				t.Errorf("Closest(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}
