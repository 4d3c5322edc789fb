package render

import (
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
