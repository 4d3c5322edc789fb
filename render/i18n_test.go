package render

import "testing"

func TestWrittenIn(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"", ""},
		{"2027-01-29 · 80%", ""},
		{"Silver Basin Mining Corp.", "en"},
		{"Laticínios Serra Verde Ltda.", "en"},
		{"江苏华信钢铁集团有限公司", "zh"},
		{"陈丽华 (Chen Lihua)", "zh"},
		{"热轧二线 F1–F4 机架 POC（6 周）", "zh"},
		{"佐藤健二", "zh"}, // kanji alone: the script cannot tell Japanese
		{"星野精密工業株式会社のスピンドル", "ja"},
		{"サトウ", "ja"},
		{"삼성전자", "ko"},
		{"한국 지사 (Korea branch)", "ko"},
		{"Иван Петров", ""},
		{"・ー（）", ""}, // punctuation shared by Chinese and Japanese
	} {
		if got := writtenIn(tt.text); got != tt.want {
			t.Errorf("writtenIn(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestLangOf(t *testing.T) {
	for _, tt := range []struct{ page, text, want string }{
		{"en", "Silver Basin Mining Corp.", ""},
		{"en", "江苏华信钢铁集团有限公司", "zh"},
		{"en", "王浩 (Wang Hao)", "zh"},
		{"en", "2026-12-08", ""},
		{"zh", "江苏华信钢铁集团有限公司", ""},
		{"zh", "Silver Basin Mining Corp.", "en"},
		{"zh", "サトウ", "ja"},
		{"zh", "2026-12-08", ""},
	} {
		tr, err := newTranslator(tt.page)
		if err != nil {
			t.Fatal(err)
		}
		if got := tr.langOf(tt.text); got != tt.want {
			t.Errorf("on a %s page, langOf(%q) = %q, want %q", tt.page, tt.text, got, tt.want)
		}
	}
}
