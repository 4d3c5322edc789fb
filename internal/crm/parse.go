package crm

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dealsascode/deals/internal/i18n"
	"golang.org/x/text/currency"
)

// currencySigns are the symbols and words an amount may carry, with the
// currency each means; "" when the sign does not say which ($ and ¥ are
// used by several currencies).
var currencySigns = []struct{ sign, code string }{
	// Longest first, so that US$ is not read as $.
	{"US$", "USD"}, {"R$", "BRL"}, {"RMB", "CNY"}, {"CN¥", "CNY"}, {"JP¥", "JPY"},
	{"€", "EUR"}, {"£", "GBP"}, {"元", "CNY"}, {"$", ""}, {"¥", ""}, {"￥", ""},
}

var (
	isoCode    = regexp.MustCompile(`^[A-Za-z]{3}$`)
	scientific = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+$`)
)

// ParseAmount reads an amount as spreadsheets and CRMs write it:
// "1200000", "1,200,000.00", "$ 1,200", "1.200.000,00 €", "1 200 000",
// "EUR 1200". currency is the ISO code the amount names, "" when it names
// none. decimalComma says the file comes from where a comma is the decimal
// separator (a semicolon-separated CSV): it decides "1.200" (1200) and
// "1,200" (then ambiguous). Anything that could be read two ways, or is
// negative, is an error.
func ParseAmount(s string, decimalComma bool) (value float64, currency string, err error) {
	body := strings.TrimSpace(s)
	// Strip a currency sign or code at either end, once.
	for _, cs := range currencySigns {
		if rest, ok := strings.CutPrefix(body, cs.sign); ok {
			body, currency = strings.TrimSpace(rest), cs.code
			break
		}
		if rest, ok := strings.CutSuffix(body, cs.sign); ok {
			body, currency = strings.TrimSpace(rest), cs.code
			break
		}
	}
	// Then a code or sign set apart by a space. The currency is the code
	// CurrencyCode gives, not the word upper-cased: "$ € 100" names EUR, not
	// "€".
	if f := strings.Fields(body); len(f) >= 2 {
		last := f[len(f)-1]
		if code, ok := CurrencyCode(f[0]); ok {
			if currency != "" && currency != code {
				return 0, "", i18n.Errorf("import.amount.twoCurrencies")
			}
			currency, body = code, strings.TrimSpace(strings.TrimPrefix(body, f[0]))
		} else if code, ok := CurrencyCode(last); ok {
			if currency != "" && currency != code {
				return 0, "", i18n.Errorf("import.amount.twoCurrencies")
			}
			currency, body = code, strings.TrimSpace(strings.TrimSuffix(body, last))
		}
	}
	if body == "" {
		return 0, "", i18n.Errorf("import.amount.noNumber")
	}
	if strings.HasPrefix(body, "-") || strings.HasPrefix(body, "(") || strings.HasSuffix(body, "-") {
		return 0, "", i18n.Errorf("import.amount.negative")
	}
	if scientific.MatchString(body) {
		v, err := strconv.ParseFloat(body, 64)
		if err != nil {
			return 0, "", i18n.Errorf("import.amount.range")
		}
		return v, currency, nil
	}
	v, err := parseNumber(body, decimalComma)
	return v, currency, err
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\'' || r == '’'
}

// parseNumber reads digits with thousands grouping and a decimal part.
func parseNumber(s string, decimalComma bool) (float64, error) {
	dots, commas, spaces := 0, 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.':
			dots++
		case r == ',':
			commas++
		case isSpace(r):
			spaces++
		default:
			return 0, i18n.Errorf("import.amount.notDigit", "char", strconv.QuoteRune(r))
		}
	}
	// Decide which mark, if any, separates the decimals.
	var decimal rune
	switch {
	case dots > 0 && commas > 0:
		if strings.LastIndex(s, ".") > strings.LastIndex(s, ",") {
			decimal = '.'
		} else {
			decimal = ','
		}
	case dots == 1 || commas == 1:
		mark := '.'
		if commas == 1 {
			mark = ','
		}
		i := strings.LastIndexByte(s, byte(mark))
		before, after := s[:i], s[i+1:]
		intDigits := strings.TrimLeft(strings.Map(func(r rune) rune {
			if isSpace(r) {
				return -1
			}
			return r
		}, before), "0")
		switch {
		case len(after) != 3, spaces > 0, len(intDigits) == 0, len(before) > 3 && spaces == 0:
			// Not a thousands group: 1200,50 or 1 200.500 or 0.125 or 1234.567.
			decimal = mark
		case mark == ',' && !decimalComma:
			// 1,200 in a comma-separated file: thousands, as Excel writes them.
		case mark == '.' && decimalComma:
			// 1.200 in a semicolon-separated file: thousands.
		default:
			small, _ := strconv.ParseFloat(strings.Replace(s, string(mark), ".", 1), 64)
			return 0, i18n.Errorf("import.amount.ambiguous", "small", FormatAmount(small), "large", strings.Replace(s, string(mark), "", 1))
		}
	}
	intPart, frac := s, ""
	if decimal != 0 {
		i := strings.LastIndex(s, string(decimal))
		intPart, frac = s[:i], s[i+1:]
		if frac == "" || strings.ContainsAny(frac, ".,") || strings.ContainsFunc(frac, isSpace) {
			return 0, i18n.Errorf("import.amount.decimals")
		}
	}
	// What is left of the integer part is digits in groups of three,
	// separated by one kind of mark (or none).
	groups := strings.FieldsFunc(intPart, func(r rune) bool { return r == '.' || r == ',' || isSpace(r) })
	if len(groups) == 0 {
		return 0, i18n.Errorf("import.amount.noInteger")
	}
	if len(groups) > 1 {
		if n := len(strings.Join(groups, "")) + len(groups) - 1; n != len(intPart) && !strings.ContainsFunc(intPart, isSpace) {
			return 0, i18n.Errorf("import.amount.doubled")
		}
		kinds := 0
		for _, has := range []bool{strings.Contains(intPart, "."), strings.Contains(intPart, ","), strings.ContainsFunc(intPart, isSpace)} {
			if has {
				kinds++
			}
		}
		if kinds > 1 {
			return 0, i18n.Errorf("import.amount.mixed")
		}
		if len(groups[0]) > 3 {
			return 0, i18n.Errorf("import.amount.misplaced")
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, i18n.Errorf("import.amount.misplaced")
			}
		}
	}
	num := strings.Join(groups, "")
	if frac != "" {
		num += "." + frac
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, i18n.Errorf("import.amount.range")
	}
	return v, nil
}

// CurrencyCode reads a currency column: an ISO 4217 code in any case
// ("usd"), or a sign that names one currency (€, £, R$). ok is false for
// anything else, including $ and ¥, which several currencies use.
func CurrencyCode(s string) (code string, ok bool) {
	s = strings.TrimSpace(s)
	for _, cs := range currencySigns {
		if s == cs.sign {
			return cs.code, cs.code != ""
		}
	}
	if !isoCode.MatchString(s) {
		return "", false
	}
	if _, err := currency.ParseISO(s); err != nil {
		return "", false
	}
	return strings.ToUpper(s), true
}

// FormatAmount writes an amount as deal files and exports do: a plain
// number, without exponent or trailing zeros.
func FormatAmount(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// DateOrder is how dates with a two-part day and month before the year
// are read.
type DateOrder int

const (
	MonthFirst DateOrder = iota // 3/31/2027, as US Excel writes them
	DayFirst                    // 31/03/2027 and 31.03.2027
)

// ParseDateOrder reads --date-order.
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(s) {
	case "", "mdy":
		return MonthFirst, nil
	case "dmy":
		return DayFirst, nil
	}
	return 0, i18n.Errorf("import.flag.dateOrder", "value", s)
}

// ParseDate reads a date as YYYY-MM-DD from "2027-03-31", "2027/3/31",
// "3/31/2027" or "31.03.2027" (the last two in the given order), ignoring
// a time after it. Dates that do not exist are errors.
func ParseDate(s string, order DateOrder) (string, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i] // 2027-03-31 00:00:00, 2027-03-31T00:00:00Z
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(parts) != 3 || strings.Count(s, "-")+strings.Count(s, "/")+strings.Count(s, ".") != 2 {
		return "", i18n.Errorf("import.date.format")
	}
	nums := make([]int, 3)
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || len(p) > 4 || p[0] == '+' {
			return "", i18n.Errorf("import.date.format")
		}
		nums[i] = n
	}
	var y, m, d int
	switch {
	case len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
		y, m, d = nums[0], nums[1], nums[2]
	case len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		y, m, d = nums[2], nums[0], nums[1]
		if order == DayFirst {
			m, d = d, m
		}
	case len(parts[2]) == 2 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		return "", i18n.Errorf("import.date.twoDigitYear")
	default:
		return "", i18n.Errorf("import.date.format")
	}
	// A date with the year last says which way it was read, and how to
	// read it the other way.
	var hint any = ""
	if len(parts[0]) != 4 {
		if order == MonthFirst {
			hint = i18n.M("import.date.hintMDY")
		} else {
			hint = i18n.M("import.date.hintDMY")
		}
	}
	if m < 1 || m > 12 {
		return "", i18n.Errorf("import.date.month", "month", m, "hint", hint)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if d < 1 || t.Day() != d || y < 1 {
		return "", i18n.Errorf("import.date.day", "month", i18n.M("source.month."+strconv.Itoa(m)), "year", y, "day", d, "hint", hint)
	}
	return t.Format(time.DateOnly), nil
}
