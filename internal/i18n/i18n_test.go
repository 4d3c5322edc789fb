package i18n_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dealsascode/deals/internal/i18n"
)

func TestFormat(t *testing.T) {
	cat := i18n.New(fstest.MapFS{
		"t/en.yaml": {Data: []byte("a:\n  b: \"stage {stage:q} is not one of {stages}\"\nmissing: \"lacks {what:and}\"\ndeals: {one: \"{count} deal\", other: \"{count} deals\"}\nbraces: \"{not a placeholder} {x\"\n" +
			"either: \"use {x:or}\"\nquoted: \"one of {x:q}\"\nnested: \"{where} lacks {what}\"\nwhere: \"the deal\"\ndate: \"{year} {month}\"\nmonth: \"February\"\n")},
		"t/zh.yaml": {Data: []byte("a:\n  b: \"阶段 {stage:q} 不在 {stages} 中\"\nmissing: \"缺少 {what:and}\"\ndeals: \"{count} 个商机\"\n" +
			"either: \"请用{x:or}\"\nquoted: \"可选{x:q}\"\nnested: \"{where}缺少{what}\"\nwhere: \"这个商机\"\ndate: \"{year}年{month}\"\nmonth: \"2月\"\n")},
	}, "t")
	if err := cat.Err(); err != nil {
		t.Fatal(err)
	}
	en, zh := cat.Printer(i18n.English), cat.Printer(i18n.Chinese)
	for _, c := range []struct{ got, want string }{
		{en.T("a.b", "stage", "pi\"tch", "stages", []string{"a", "b", "c"}), `stage "pi\"tch" is not one of a, b, c`},
		{zh.T("a.b", "stage", "x", "stages", []string{"甲", "乙"}), `阶段 "x" 不在 甲、乙 中`},
		{en.T("missing", "what", []string{"a", "b", "c"}), "lacks a, b and c"},
		{en.T("missing", "what", []string{"a"}), "lacks a"},
		{zh.T("missing", "what", []string{"目标", "策略", "行动"}), "缺少 目标、策略和行动"},
		{en.T("deals", "count", 1), "1 deal"},
		{en.T("deals", "count", 3), "3 deals"},
		{en.T("deals", "count", 0), "0 deals"},
		{zh.T("deals", "count", 1), "1 个商机"},
		{en.T("braces"), "{not a placeholder} {x"},
		{en.T("braces", "x", 1), "{not a placeholder} {x"},
		{zh.T("braces"), "{not a placeholder} {x"}, // a gap in Chinese shows the English text
		{en.T("no.such.key"), "no.such.key"},
		{en.T("a.b", "stage", "x"), `stage "x" is not one of {stages}`},
		{en.T("either", "x", []string{"en", "zh"}), "use en or zh"},
		{en.T("either", "x", []string{"a", "b", "c"}), "use a, b or c"},
		{zh.T("either", "x", []string{"en", "zh"}), "请用 en或zh"},
		{en.T("quoted", "x", []string{"a", "b"}), `one of "a", "b"`},
		{en.T("nested", "where", i18n.M("where"), "what", "title"), "the deal lacks title"},
		// Chinese sets Latin words and numbers apart with a space, but
		// not inside a date.
		{zh.T("nested", "where", i18n.M("where"), "what", "title"), "这个商机缺少 title"},
		{zh.T("nested", "where", "close.next_step", "what", "行动"), "close.next_step 缺少行动"},
		{zh.T("date", "year", 2027, "month", i18n.M("month")), "2027年2月"},
		{zh.T("nested", "where", []i18n.Msg{i18n.M("where"), i18n.M("where")}, "what", "x"), "这个商机、这个商机缺少 x"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if !en.Has("a.b") || en.Has("a") || en.Has("nope") {
		t.Error("Has")
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]i18n.Lang{"en": i18n.English, "zh": i18n.Chinese, "zh-CN": i18n.Chinese, "zh_TW.UTF-8": i18n.Chinese, "EN-us": i18n.English} {
		if got, err := i18n.Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := i18n.Parse("fr"); err == nil || err.Error() != `unknown language "fr": use en or zh` {
		t.Errorf("Parse(fr): %v", err)
	}
	if i18n.Chinese.Tag() != "zh-CN" || i18n.English.Tag() != "en" {
		t.Error("Tag")
	}
}

func TestBadCatalog(t *testing.T) {
	cat := i18n.New(fstest.MapFS{
		"t/en.yaml": {Data: []byte("a: [1, 2]\n")},
		"t/zh.yaml": {Data: []byte("a: x\na: y\n")},
	}, "t")
	if cat.Err() == nil {
		t.Error("a list as a text and a key written twice are errors")
	}
}

// TestUIComplete: the interface catalog has every key in every language,
// with the same placeholders and plural forms where English has them.
func TestUIComplete(t *testing.T) {
	ui := i18n.UI()
	if err := ui.Err(); err != nil {
		t.Fatal(err)
	}
	en := ui.Keys(i18n.English)
	if len(en) < 100 {
		t.Fatalf("only %d keys", len(en))
	}
	for _, m := range ui.Mismatches() {
		t.Error(m)
	}
}

func TestError(t *testing.T) {
	cause := errors.New("disk on fire")
	err := i18n.Wrap(cause, "choice.plain", "value", "fr", "values", []string{"en", "zh"})
	if got, want := err.Error(), `"fr": use en or zh`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := i18n.Text(err, i18n.UI().Printer(i18n.Chinese)), `"fr"：请用 en或zh`; got != want {
		t.Errorf("in Chinese %q, want %q", got, want)
	}
	if !errors.Is(err, cause) {
		t.Error("the cause is lost")
	}
	if got := i18n.Text(cause, i18n.UI().Printer(i18n.Chinese)); got != "disk on fire" {
		t.Errorf("an error without words of the catalog: %q", got)
	}
	// An error as the value of another text is written in its language.
	outer := i18n.Errorf("cli.flag", "flag", "--lang", "error", err)
	if got := outer.In(i18n.UI().Printer(i18n.Chinese)); got != `--lang "fr"：请用 en或zh` {
		t.Errorf("nested: %q", got)
	}
}

func TestMismatches(t *testing.T) {
	cat := i18n.New(fstest.MapFS{
		"t/en.yaml": {Data: []byte("a: \"{x} and {y}\"\nb: \"b\"\nc: \"c\"\n")},
		"t/zh.yaml": {Data: []byte("a: \"{x}\"\nc: \"\"\nd: \"d\"\n")},
	}, "t")
	got := strings.Join(cat.Mismatches(), "\n")
	for _, want := range []string{"a: placeholders [x y] in English, [x] in zh", "zh lacks b", "zh lacks c", "zh has d, which English lacks"} {
		if !strings.Contains(got, want) {
			t.Errorf("mismatches lack %q:\n%s", want, got)
		}
	}
}
