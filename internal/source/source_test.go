package source_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		contains  string
		zh        string // what the message says in Chinese
	}{
		{"empty", "", 1, 1, "the file is empty", `文件是空的`},
		{"only comments", "# nothing here\n", 1, 1, "the file is empty", `文件是空的`},
		{"explicit null document", "---\n...\n", 1, 1, "the file is empty", `文件是空的`},
		{"tab indentation", "id: x\naccount:\n\tname: y\n", 3, 1, "tab character", `制表符`},
		{"unclosed flow", "id: x\ntags: [a, b\nstage: y\n", 2, 7, "[list] is not closed", `[列表] 没有闭合`},
		{"unclosed quote", "id: x\ntitle: 'oops\n", 2, 8, "quoted text is not closed", `引号里的文本没有闭合`},
		{"bad indentation", "a:\n  b: 1\n c: 2\n", 3, 2, "invalid YAML", `YAML 格式错误`},
		{"colon in value", "id: x\ntitle: Deal: the big one\n", 2, 12, "put the whole value in quotes", `用引号把整个值括起来`},
		{"two documents", "id: a\n---\nid: b\n", 2, 1, "second YAML document", `第二个 YAML 文档`},
		{"list at top", "- id: a\n", 1, 1, "must be a mapping", `不能是列表`},
		{"scalar at top", "hello\n", 1, 1, "must be a mapping", `不能是文本`},
		{"not utf-8", "id: x\ntitle: caf\xe9\n", 2, 11, "not valid UTF-8", `不是有效的 UTF-8`},
		{"gbk bytes", "id: x\ntitle: \xc9\xcf\xba\xa3\n", 2, 8, "not valid UTF-8", `GBK`},
		{"utf-16", "\xff\xfei\x00d\x00", 1, 1, "UTF-16", `UTF-16`},
		{"utf-16 without a byte-order mark", "i\x00d\x00:\x00", 1, 1, "UTF-16", `UTF-16`},
		{"utf-16 big-endian without a mark", "\x00i\x00d\x00:", 1, 1, "UTF-16", `UTF-16`},
		{"utf-32", "\xff\xfe\x00\x00i\x00\x00\x00", 1, 1, "UTF-32", `UTF-32`},
		{"utf-32 without a byte-order mark", "i\x00\x00\x00d\x00\x00\x00", 1, 1, "UTF-32", `UTF-32`},
		{"utf-32 big-endian without a mark", "\x00\x00\x00i\x00\x00\x00d", 1, 1, "UTF-32", `UTF-32`},
		{"control character", "id: x\ntitle: a\x00b\n", 2, 9, "control character", `控制字符 U+0000`},
		{"unknown anchor", "id: *nope\n", 1, 1, "unknown anchor", `unknown anchor`},
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
			if zh := pe.Text(chinese); !strings.Contains(zh, tt.zh) {
				t.Errorf("in Chinese %q, want it to contain %q", zh, tt.zh)
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
		zh        string // what the message says in Chinese
	}{
		{"duplicate key", "id: a\ntitle: t\nid: b\n", 3, 1, `duplicate key "id": it is already set at line 1`, `键 "id" 重复了：第 1 行已经写过`},
		{"duplicate key in big mapping", bigMapping(20) + "k3: again\n", 21, 1, `duplicate key "k3"`, `键 "k3" 重复了`},
		{"merge key", "base: &b {x: 1}\nother:\n  <<: *b\n", 3, 3, "merge keys", `合并键`},
		{"custom tag", "id: !secret x\n", 1, 5, "tag !secret", `标签 !secret`},
		{"infinity", "n: .inf\n", 1, 4, "not a finite number", `不是有限的数字`},
		{"nan", "n: .nan\n", 1, 4, "not a finite number", `不是有限的数字`},
		{"nan tagged as an integer", "n: !!int nan\n", 1, 4, "not a finite number", `不是有限的数字`},
		{"infinity tagged as an integer", "n: !!int inf\n", 1, 4, "not a finite number", `不是有限的数字`},
		{"complex key", "? [a, b]\n: x\n", 1, 3, "key must be plain text", `键必须是普通文本，不能是列表`},
		{"billion laughs", bomb, 0, 0, "aliases expand to more than", `别名展开后超过`},
		{"deep nesting", "x: " + deep + "\n", 1, 0, "nesting is deeper than", `嵌套超过了`},
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
			if zh := e.Text(chinese); !strings.Contains(zh, tt.zh) {
				t.Errorf("in Chinese %q, want it to contain %q", zh, tt.zh)
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

var chinese = i18n.UI().Printer(i18n.Chinese)

func TestCheck(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line, col int
		contains  string
		field     string // the path of the field at fault
		zh        string // what the message says in Chinese
	}{
		{"unknown top-level key points at the key", validDeal + "acount: x\n", 11, 1, `unknown field "acount" in the deal: did you mean "account"?`, "acount", `这个商机里没有字段 "acount"：是不是想写 "account"？`},
		{"unknown nested key", strings.Replace(validDeal, "  size: large\n", "  size: large\n  regoin: EMEA\n", 1), 6, 3, `unknown field "regoin" in account: did you mean "region"?`, "account.regoin", `account 里没有字段 "regoin"：是不是想写 "region"？`},
		{"unknown key without a close match lists the fields", validDeal + "zzz: 1\n", 11, 1, "the fields here are", "zzz", `这里能写的字段有`},
		{"missing field points at its object", strings.Replace(validDeal, "  size: large\n", "", 1), 3, 1, `account is missing the required field "size"`, "account.size", `account 缺少必填字段 "size"`},
		{"missing top-level field", strings.Replace(validDeal, "owner: li-na\n", "", 1), 1, 1, `missing the required field "owner"`, "owner", `缺少必填字段 "owner"`},
		{"wrong type", strings.Replace(validDeal, "title: ERP rollout", "title: [a, b]", 1), 2, 8, "title must be text, not a list", "title", `title 必须是文本，不能是列表`},
		{"object expected", validDeal + "amount: 5\n", 11, 9, "amount must be a set of fields", "amount", `amount 必须是一组字段`},
		{"enum", strings.Replace(validDeal, "size: large", "size: huge", 1), 5, 9, `"huge" is not a valid value for size: use one of small, medium, large`, "account.size", `"huge" 不是 size 的有效值：请从这些值里选一个：small、medium、large`},
		{"impossible date", validDeal + "close_date: 2026-02-30\n", 11, 13, "is not a real date: February 2026 has 28 days", "close_date", `2026年2月只有 28 天`},
		{"month 13", validDeal + "close_date: 2026-13-01\n", 11, 13, "there is no month 13", "close_date", `没有 13 月`},
		{"leap day", validDeal + "close_date: 2027-02-29\n", 11, 13, "February 2027 has 28 days", "close_date", `2027年2月只有 28 天`},
		{"date with slashes", validDeal + "close_date: 2026/03/01\n", 11, 13, "is not a date: write it as YYYY-MM-DD", "close_date", `请写成 YYYY-MM-DD`},
		{"negative amount", validDeal + "amount:\n  value: -5\n", 12, 10, "must be 0 or more, not -5", "amount.value", `不能小于 0，现在是 -5`},
		{"empty text", strings.Replace(validDeal, "title: ERP rollout", "title: ''", 1), 2, 8, "title is empty", "title", `title 是空的`},
		{"bad id", strings.Replace(validDeal, "id: acme-erp", "id: Acme ERP", 1), 1, 5, "use only lower-case letters", "id", `只能用小写字母`},
		{"bad currency", validDeal + "amount:\n  value: 5\n  currency: euro\n", 13, 13, "three-letter ISO 4217 currency code", "amount.currency", `ISO 4217 货币代码`},
		{"enum in a list", validDeal + "key_players:\n  - id: a\n    name: A\n    roles: [boss]\n", 14, 13, `"boss" is not a valid value for roles`, "key_players[0].roles[0]", `"boss" 不是 roles 的有效值`},
		{"enum in the wrong case", strings.Replace(validDeal, "size: large", "size: Large", 1), 5, 9, `did you mean "large"?`, "account.size", `是不是想写 "large"？`},
		{"enum with a space", validDeal + "key_players:\n  - id: a\n    name: A\n    roles: [decision maker]\n", 14, 13, `did you mean "decision_maker"?`, "key_players[0].roles[0]", `是不是想写 "decision_maker"？`},
		{"stage in capitals", strings.Replace(validDeal, "stage: develop", "stage: Develop", 1), 10, 8, `write it in lower case, "develop"`, "stage", `请改成小写 "develop"`},
		{"currency in lower case", validDeal + "amount:\n  value: 5\n  currency: eur\n", 13, 13, `write it in capitals, "EUR"`, "amount.currency", `请改成大写 "EUR"`},
		{"amount with separators", validDeal + "amount:\n  value: 1,200,000\n", 12, 10, "write it without separators or units, as 1200000", "amount.value", `写成 1200000`},
		{"text that YAML read as a mapping", validDeal + "plan:\n  resources:\n    - Legal: review\n", 13, 7, "put the whole text in quotes", "plan.resources[0]", `请给整段文本加上引号`},
		{"duplicate in unique list", validDeal + "tags: [a, a]\n", 11, 7, "lists the same item twice: items 1 and 2 are equal", "tags", `第 1 项和第 2 项相同`},
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
					if e.Field != tt.field {
						t.Errorf("field %q, want %q", e.Field, tt.field)
					}
					if zh := e.Text(chinese); !strings.Contains(zh, tt.zh) {
						t.Errorf("in Chinese %q, want it to contain %q", zh, tt.zh)
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
