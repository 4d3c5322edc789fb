package render

import (
	"unicode"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/text"
)

// Languages the interface is translated into; deal content is shown as written.
var Languages = i18n.Codes()

// translator turns the interface's message keys into text in one
// language; see i18n.Printer.
type translator struct{ i18n.Printer }

func newTranslator(lang string) (translator, error) {
	if lang == "" {
		lang = "en"
	}
	l, err := i18n.Parse(lang)
	if err != nil {
		return translator{}, err
	}
	// The rules' words (their summaries, step names) come from the rules' own catalog.
	return translator{i18n.UI().Printer(l, lint.Catalog())}, nil
}

// zh reports whether the interface is in Chinese, where some graphics lay
// text out otherwise (vertical labels, no spaces between words).
func (t translator) zh() bool { return t.Lang == i18n.Chinese }

// label translates an enum value of kind, or returns "" for none.
func label[T ~string](t translator, kind string, v T) string {
	if v == "" {
		return ""
	}
	return t.T(kind + "." + string(v))
}

// money writes an amount as the language counts it: 1,200,000 CNY, or in
// Chinese 120万 CNY.
func (t translator) money(v float64, currency string) string {
	if !t.zh() {
		return text.Money(v, currency)
	}
	if currency == "" {
		return text.Wan(v, 2)
	}
	return text.Wan(v, 2) + " " + currency
}

// writtenIn is the language a deal's text (a title, a name, a note) is
// written in, as far as its script tells: Hangul is Korean, kana Japanese,
// other Han characters Chinese (Japanese written in kanji alone reads as
// Chinese: the script cannot tell them apart), and Latin letters alone
// English (nor can it tell English from German; the sites are English or
// Chinese, and Latin text on a Chinese page is read best as English). Text
// in neither script (numbers, dates, Cyrillic) has none: "".
func writtenIn(s string) string {
	latin, han, kana := false, false, false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			latin = latin || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
		case unicode.Is(unicode.Hangul, r):
			return "ko"
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana = true
		case unicode.Is(unicode.Han, r):
			han = true
		case unicode.Is(unicode.Latin, r):
			latin = true
		}
	}
	switch {
	case kana:
		return "ja"
	case han:
		return "zh"
	case latin:
		return "en"
	}
	return ""
}

// langOf is the lang attribute a text needs on a page in the site's
// language: the language it is written in when that is another, else ""
// (the page's own language needs no mark, nor does text of no language).
func (t translator) langOf(s string) string {
	if l := writtenIn(s); l != "" && l != string(t.Lang) {
		return l
	}
	return ""
}
