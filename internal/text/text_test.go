package text

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{OneLine("a\nb\tc"), "a b c"},
		{OneLine("ok"), "ok"},
		{OneLine("esc\x1b[31m"), "esc\uFFFD[31m"},
		{ForTerminal("a,\"b\nc\"\r\n\x1b]0;title\x07\u202Eevil\u2066x\tend"), "a,\"b\nc\"\r\n\uFFFD]0;title\uFFFD\uFFFDevil\uFFFDx\tend"},
		{ForTerminal("华信 ok"), "华信 ok"},
		{OneLine("x\u202Eevil"), "x\uFFFDevil"},
		{OneLine("\u2066y\u2069"), "\uFFFDy\uFFFD"},
		{Squash("  a \n\t b  "), "a b"},
		{Short("short", 40), "short"},
		{Short("abcdefghij", 5), "abcd…"},
		{Short("客户的痛点非常多", 4), "客户的…"},
		{Plural(1, "deal"), "1 deal"},
		{Plural(0, "deal"), "0 deals"},
		{Plural(12, "error"), "12 errors"},
		{Number(1200000), "1,200,000"},
		{Number(999.5), "1,000"},
		{Number(-1234567.4), "-1,234,567"},
		{Number(-0.2), "0"},
		{Number(0), "0"},
		{Exact(1200000.5), "1,200,000.5"},
		{Exact(-1000), "-1,000"},
		{Exact(12), "12"},
		{Money(2500, "EUR"), "2,500 EUR"},
		{Money(2500, ""), "2,500"},
		{Indent("a\nb\n", "  "), "  a\n  b\n"},
		{ShortHash("0123456789abcdef"), "0123456"},
		{ShortHash("abc"), "abc"},
		{Wan(8500, 2), "8,500"},
		{Wan(0, 2), "0"},
		{Wan(-0.2, 2), "0"},
		{Wan(10000, 2), "1万"},
		{Wan(1200000, 2), "120万"},
		{Wan(1234567, 2), "123.46万"},
		{Wan(-1234567, 1), "-123.5万"},
		{Wan(350000000, 2), "3.5亿"},
		{Wan(99999999, 2), "1亿"},
		{Wan(9999.6, 2), "1万"},
		{Wan(1.2e12, 2), "12000亿"},
		{Pad("ab", 4), "ab  "},
		{Pad("规则", 6), "规则  "},
		{Pad("toolong", 3), "toolong"},
		{Table([][]string{{"规则", "步骤"}, {"deal-stage", "deal"}}), "规则        步骤\ndeal-stage  deal\n"},
		{Table([][]string{{"a", "b", "c"}, {"aaa", "b"}}), "a    b  c\naaa  b\n"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "商机": 4, "TAS 第 3 步": 11, "ｆｕｌｌ": 8} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  []string
	}{
		{"the quick brown fox jumps", 10, []string{"the quick", "brown fox", "jumps"}},
		{"a verylongwordthatdoesnotfit b", 10, []string{"a", "verylongwordthatdoesnotfit", "b"}},
		{"教练是我们在客户内部的坚定支持者", 10, []string{"教练是我们", "在客户内部", "的坚定支持", "者"}},
		{"用 deals lint 检查", 12, []string{"用 deals", "lint 检查"}},
		{"", 10, nil},
	} {
		got := Wrap(c.in, c.width)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Wrap(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}
