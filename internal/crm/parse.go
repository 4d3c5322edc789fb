package crm

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dealsascode/deals/internal/deal"
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

// signCodes are the currencies an ambiguous sign may stand for, as far as
// an amount in a currency column's currency may be written with it.
var signCodes = map[string][]string{
	"$": {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "TWD", "MXN", "ARS", "CLP", "COP"},
	"¥": {"JPY", "CNY"}, "￥": {"JPY", "CNY"},
}

var (
	isoCode    = regexp.MustCompile(`^[A-Za-z]{3}$`)
	scientific = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+$`)
	// attachedCode is an ISO code written against the number: USD1200,
	// 1.200,00EUR.
	attachedCode = regexp.MustCompile(`^([A-Za-z]{3})([0-9].*)$|^(.*[0-9])([A-Za-z]{3})$`)
)

// Amount is an amount as read: its value, the ISO code of the currency it
// names ("" when it names none), and the sign it was written with when
// that sign does not say which currency ($, ¥).
type Amount struct {
	Value    float64
	Currency string
	Sign     string
}

// ParseAmount reads an amount as spreadsheets and CRMs write it:
// "1200000", "1,200,000.00", "$ 1,200", "1.200.000,00 €", "1 200 000",
// "EUR 1200", "1200USD". decimalComma says the file comes from where a
// comma is the decimal separator (a semicolon-separated CSV): it decides
// "1.200" (1200) and "1,200" (then ambiguous). Anything that could be
// read two ways, or is negative, is an error.
func ParseAmount(s string, decimalComma bool) (Amount, error) {
	var a Amount
	body := strings.TrimSpace(s)
	// Strip a currency sign or code at either end, once.
	for _, cs := range currencySigns {
		if rest, ok := strings.CutPrefix(body, cs.sign); ok {
			body, a.Currency = strings.TrimSpace(rest), cs.code
			if cs.code == "" {
				a.Sign = cs.sign
			}
			break
		}
		if rest, ok := strings.CutSuffix(body, cs.sign); ok {
			body, a.Currency = strings.TrimSpace(rest), cs.code
			if cs.code == "" {
				a.Sign = cs.sign
			}
			break
		}
	}
	// Then a code or sign set apart by a space, or an ISO code against the
	// number. The currency is the code CurrencyCode gives, not the word
	// upper-cased: "$ € 100" names EUR, not "€".
	name := func(code, rest string) error {
		if a.Currency != "" && a.Currency != code {
			return i18n.Errorf("import.amount.twoCurrencies")
		}
		a.Currency, a.Sign, body = code, "", strings.TrimSpace(rest)
		return nil
	}
	if f := strings.Fields(body); len(f) >= 2 {
		last := f[len(f)-1]
		if code, ok := CurrencyCode(f[0]); ok {
			if err := name(code, strings.TrimPrefix(body, f[0])); err != nil {
				return Amount{}, err
			}
		} else if code, ok := CurrencyCode(last); ok {
			if err := name(code, strings.TrimSuffix(body, last)); err != nil {
				return Amount{}, err
			}
		}
	} else if m := attachedCode.FindStringSubmatch(body); m != nil {
		word, rest := m[1], m[2]
		if word == "" {
			word, rest = m[4], m[3]
		}
		if code, ok := CurrencyCode(word); ok && !strings.EqualFold(word, "inf") && !strings.EqualFold(word, "nan") {
			if err := name(code, rest); err != nil {
				return Amount{}, err
			}
		}
	}
	if body == "" {
		return Amount{}, i18n.Errorf("import.amount.noNumber")
	}
	if strings.HasPrefix(body, "-") || strings.HasPrefix(body, "(") || strings.HasSuffix(body, "-") {
		return Amount{}, i18n.Errorf("import.amount.negative")
	}
	if scientific.MatchString(body) {
		v, err := strconv.ParseFloat(body, 64)
		if err != nil {
			return Amount{}, i18n.Errorf("import.amount.range")
		}
		a.Value = v
		return a, nil
	}
	v, err := parseNumber(body, decimalComma)
	if err != nil {
		return Amount{}, err
	}
	a.Value = v
	return a, nil
}

// SignFits reports whether an amount written with sign may be in the
// currency code: $ for the dollars and pesos, ¥ for yen and yuan.
func SignFits(sign, code string) bool {
	return slices.Contains(signCodes[sign], code)
}

// SignCodes are the currencies sign may stand for.
func SignCodes(sign string) []string { return signCodes[sign] }

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
	// AutoOrder reads dates the way their column says: see ColumnDates.
	AutoOrder  DateOrder = iota
	MonthFirst           // 3/31/2027, as US Excel writes them
	DayFirst             // 31/03/2027 and 31.03.2027
)

// ParseDateOrder reads --date-order.
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return AutoOrder, nil
	case "mdy":
		return MonthFirst, nil
	case "dmy":
		return DayFirst, nil
	}
	return 0, i18n.Errorf("import.flag.dateOrder", "value", s)
}

// date is a date as written, split: its three numbers in the order
// written, and how it was written.
type date struct {
	nums     [3]int
	yearLast bool // 31/03/2027, 3-31-2027, 31.03.2027
	dotted   bool // 31.03.2027: Germany, Austria, Switzerland, Finland... write the day first
}

// splitDate reads the parts of "2027-03-31", "2027/3/31", "3/31/2027" or
// "31.03.2027", ignoring a time after it.
func splitDate(s string) (date, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i] // 2027-03-31 00:00:00, 2027-03-31T00:00:00Z
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(parts) != 3 || strings.Count(s, "-")+strings.Count(s, "/")+strings.Count(s, ".") != 2 {
		return date{}, i18n.Errorf("import.date.format")
	}
	var d date
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || len(p) > 4 || p[0] == '+' {
			return date{}, i18n.Errorf("import.date.format")
		}
		d.nums[i] = n
	}
	switch {
	case len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
	case len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		d.yearLast, d.dotted = true, strings.Count(s, ".") == 2
	case len(parts[2]) == 2 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		return date{}, i18n.Errorf("import.date.twoDigitYear")
	default:
		return date{}, i18n.Errorf("import.date.format")
	}
	return d, nil
}

// ambiguous reports whether a date with the year last reads as two dates.
func (d date) ambiguous() bool {
	return d.yearLast && !d.dotted && d.nums[0] != d.nums[1] && d.nums[0] >= 1 && d.nums[0] <= 12 && d.nums[1] >= 1 && d.nums[1] <= 12
}

// ColumnDates is what the dates of one column say about their order. A
// date with the year last reads day first when it is dotted (31.03.2027)
// and otherwise as its column says: day first when some date of the
// column has a first part over 12 (31/03/2027), month first when some has
// a second part over 12 (3/31/2027). A column with neither, or with both,
// does not say: its dates that read two ways (3/4/2027, not 3/3/2027 or
// 31/3/2027) are problems of their rows, for --date-order to settle.
type ColumnDates struct {
	// DayRow and MonthRow are the first rows whose date is day first and
	// month first; 0 when there is none.
	DayRow, MonthRow int
}

// Add counts the date of a row; dates that cannot be read say nothing.
func (c *ColumnDates) Add(row int, s string) {
	d, err := splitDate(s)
	if err != nil || !d.yearLast || d.dotted {
		return
	}
	switch {
	case d.nums[0] > 12 && d.nums[1] <= 12 && c.DayRow == 0:
		c.DayRow = row
	case d.nums[1] > 12 && d.nums[0] <= 12 && c.MonthRow == 0:
		c.MonthRow = row
	}
}

// Order is the order the column's dates read in: order itself when it
// was given (--date-order), else the one the column says, else AutoOrder.
func (c ColumnDates) Order(order DateOrder) DateOrder {
	switch {
	case order != AutoOrder:
		return order
	case c.DayRow > 0 && c.MonthRow == 0:
		return DayFirst
	case c.MonthRow > 0 && c.DayRow == 0:
		return MonthFirst
	}
	return AutoOrder
}

// ParseDate reads a date as YYYY-MM-DD from "2027-03-31", "2027/3/31",
// "3/31/2027" or "31.03.2027", ignoring a time after it. A date with the
// year last reads in the given order (--date-order); with AutoOrder,
// dotted dates read day first and the others as their column says (col),
// else as they must (31/3/2027): a date that still reads two ways is an
// error. Dates that do not exist are errors.
func ParseDate(s string, order DateOrder, col ColumnDates) (string, error) {
	dt, err := splitDate(s)
	if err != nil {
		return "", err
	}
	n := dt.nums
	y, m, d := n[0], n[1], n[2]
	var hint any = ""
	if dt.yearLast {
		given := order
		order = col.Order(order)
		if dt.dotted && given == AutoOrder {
			order = DayFirst
		}
		y, m, d = n[2], n[0], n[1]
		if order == DayFirst || order == AutoOrder && n[0] > 12 {
			m, d = d, m
		}
		// A date with the year last says which way it was read, and how
		// to read it the other way.
		switch {
		case given == AutoOrder && !dt.dotted && col.DayRow > 0 && col.MonthRow > 0 && !dt.ambiguous():
			// Its column holds dates of both orders, so one of them is
			// a mistake: this date reads one way only, but which of the
			// two is the mistake only the person who exported it knows.
			return "", i18n.Errorf("import.date.mixedColumn", "dayRow", col.DayRow, "monthRow", col.MonthRow)
		case order == AutoOrder && dt.ambiguous():
			mdy := time.Date(n[2], time.Month(n[0]), n[1], 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
			dmy := time.Date(n[2], time.Month(n[1]), n[0], 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
			if col.DayRow > 0 && col.MonthRow > 0 {
				return "", i18n.Errorf("import.date.mixed", "mdy", mdy, "dmy", dmy, "dayRow", col.DayRow, "monthRow", col.MonthRow)
			}
			return "", i18n.Errorf("import.date.ambiguous", "mdy", mdy, "dmy", dmy)
		case dt.dotted && given == AutoOrder:
			hint = i18n.M("import.date.hintDotted")
		case order == MonthFirst:
			hint = i18n.M("import.date.hintMDY")
		case order == DayFirst:
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

// ParseProbability reads a CRM's win probability in percent: 20, 20%,
// 20.5 %, from 0 to 100.
func ParseProbability(s string) (float64, error) {
	body := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	v, err := strconv.ParseFloat(strings.Replace(body, ",", ".", 1), 64)
	if err != nil || strings.ContainsAny(body, "eEnNxX_+") || strings.HasPrefix(body, ".") {
		return 0, i18n.Errorf("import.probability.number")
	}
	if v < 0 || v > 100 {
		return 0, i18n.Errorf("import.probability.range")
	}
	return v, nil
}

// forecastCategories are the forecast categories of the CRMs, with the
// deal's call each is: Salesforce's labels (Commit, Best Case, Pipeline,
// Omitted) and API values (Forecast for commit, BestCase), HubSpot's
// (Not forecasted for omitted). A closed category is no call: the stage
// says it.
var forecastCategories = map[string]deal.Call{
	"commit": deal.Commit, "forecast": deal.Commit,
	"bestcase": deal.BestCase,
	"pipeline": deal.Pipeline,
	"omitted":  deal.Omitted, "notforecasted": deal.Omitted,
	"closed": "", "closedwon": "", "closedlost": "",
}

// ParseForecast reads a forecast category; ok is false for one that is
// no call the deal knows.
func ParseForecast(s string) (call deal.Call, ok bool) {
	k := strings.ToLower(strings.NewReplacer(" ", "", "_", "", "-", "").Replace(s))
	call, ok = forecastCategories[k]
	return call, ok
}

func forecastNames() []string {
	names := make([]string, len(deal.Calls))
	for i, c := range deal.Calls {
		names[i] = string(c)
	}
	return names
}
