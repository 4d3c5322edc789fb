package crm

import (
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in           string
		decimalComma bool // a semicolon-separated file
		want         float64
		currency     string
		sign         string
		err          string // part of the error; "" for none
	}{
		{in: "1200000", want: 1200000},
		{in: "1200000.00", want: 1200000},
		{in: "1,200,000.00", want: 1200000},
		{in: "$ 1,200", want: 1200, sign: "$"},
		{in: "$1,200.50", want: 1200.5, sign: "$"},
		{in: "1.200.000,00 €", want: 1200000, currency: "EUR"},
		{in: "€1.200,50", want: 1200.5, currency: "EUR"},
		{in: "1 200 000", want: 1200000},
		{in: "1\u00a0200\u00a0000,00", want: 1200000},
		{in: "1\u202f200\u202f000", want: 1200000},
		{in: "1'200'000.00", want: 1200000},
		{in: "EUR 1,200,000", want: 1200000, currency: "EUR"},
		{in: "1200000 usd", want: 1200000, currency: "USD"},
		{in: "US$ 5,000", want: 5000, currency: "USD"},
		{in: "R$ 1.500.000,00", want: 1500000, currency: "BRL"},
		{in: "£950,000", want: 950000, currency: "GBP"},
		{in: "6800000元", want: 6800000, currency: "CNY"},
		{in: "1200,50", want: 1200.5},
		{in: "1234.567", want: 1234.567},
		{in: "0.125", want: 0.125},
		{in: "1 200,50", want: 1200.5},
		{in: "1.2E+06", want: 1200000},
		{in: "0", want: 0},
		// A sign set apart by a space names its code, not itself.
		{in: "$ € 100", want: 100, currency: "EUR"},
		{in: "100 £ $", want: 100, currency: "GBP"},
		{in: "€ 100 €", want: 100, currency: "EUR"},
		// Ambiguous: a lone separator before three digits.
		{in: "1.200", err: "could be 1.2 or 1200"},
		{in: "1.200", decimalComma: true, want: 1200},
		{in: "1,200", want: 1200},
		{in: "1,200", decimalComma: true, err: "could be 1.2 or 1200"},
		{in: "1.200,5", decimalComma: true, want: 1200.5},
		// Unreadable.
		{in: "-1200", err: "negative"},
		{in: "(1,200.00)", err: "negative"},
		{in: "1.2M", err: "not part of a number"},
		{in: "12k", err: "not part of a number"},
		{in: "1.5 Mio", err: "not part of a number"},
		{in: "about 1000", err: "not part of a number"},
		{in: "1,20,000", err: "misplaced"},
		{in: "1.2.3", err: "misplaced"},
		{in: "1,,200", err: "doubled"},
		{in: "1.", err: "decimals"},
		{in: "1 200.000,5", err: "mixes"},
		{in: "$", err: "no number"},
		{in: "€ 100 USD", err: "two currencies"},
		// Signs and codes: $ and ¥ say no currency, and are kept to be
		// reported unless the currency is named elsewhere.
		{in: "$1,200,000.00", want: 1200000, sign: "$"},
		{in: "US$1,200,000.00", want: 1200000, currency: "USD"},
		{in: "¥28,000,000", want: 28000000, sign: "¥"},
		{in: "CN¥6,800,000", want: 6800000, currency: "CNY"},
		{in: "RMB 6,800,000", want: 6800000, currency: "CNY"},
		{in: "6,800,000元", want: 6800000, currency: "CNY"},
		{in: "USD1200", want: 1200, currency: "USD"},
		{in: "1.200.000,00EUR", decimalComma: true, want: 1200000, currency: "EUR"},
		{in: "1200 gbp", want: 1200, currency: "GBP"},
		{in: "$ USD 5", want: 5, currency: "USD"},
		{in: "€USD5", err: "two currencies"},
		{in: "EUR 100 USD", err: "not part of a number"},
	}
	for _, tt := range tests {
		name := tt.in
		if tt.decimalComma {
			name += " (decimal comma)"
		}
		t.Run(name, func(t *testing.T) {
			a, err := ParseAmount(tt.in, tt.decimalComma)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %+v, %v; want error %q", a, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Value != tt.want || a.Currency != tt.currency || a.Sign != tt.sign {
				t.Errorf("got %+v, want %v %q %q", a, tt.want, tt.currency, tt.sign)
			}
		})
	}
}

func TestFormatAmount(t *testing.T) {
	for in, want := range map[float64]string{1200000: "1200000", 1200.5: "1200.5", 0.125: "0.125", 1e12: "1000000000000"} {
		if got := FormatAmount(in); got != want {
			t.Errorf("FormatAmount(%v) = %s, want %s", in, got, want)
		}
	}
}

func TestCurrencyCode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"USD", "USD", true}, {"eur", "EUR", true}, {" CNY ", "CNY", true}, {"€", "EUR", true}, {"RMB", "CNY", true},
		{"$", "", false}, {"¥", "", false}, {"US Dollar", "", false}, {"MIO", "", false}, {"EURO", "", false}, {"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := CurrencyCode(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %q %v, want %q %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	var dayFirst, monthFirst, mixed ColumnDates
	dayFirst.Add(5, "31/03/2027")
	monthFirst.Add(6, "3/31/2027")
	mixed.Add(5, "31/03/2027")
	mixed.Add(6, "3/31/2027")
	tests := []struct {
		in    string
		order DateOrder
		col   ColumnDates
		want  string
		err   string
	}{
		{in: "2027-03-31", want: "2027-03-31"},
		{in: "2027/3/31", want: "2027-03-31"},
		{in: "2027.03.31", want: "2027-03-31"},
		{in: "3/31/2027", want: "2027-03-31"},
		{in: "31/3/2027", want: "2027-03-31"},
		{in: "03/04/2027", order: MonthFirst, want: "2027-03-04"},
		{in: "03/03/2027", want: "2027-03-03"},
		// German Excel: dotted dates read day first, whatever the column.
		{in: "01.04.2027", want: "2027-04-01"},
		{in: "31.03.2027", want: "2027-03-31"},
		{in: "01.04.2027", col: monthFirst, want: "2027-04-01"},
		{in: "31.06.2027", err: "June 2027 has no day 31 (dotted dates read day first; for month-first dates use --date-order mdy)"},
		// A date that reads two ways reads as its column says, or is an error.
		{in: "03/04/2027", col: dayFirst, want: "2027-04-03"},
		{in: "03/04/2027", col: monthFirst, want: "2027-03-04"},
		{in: "03/04/2027", err: "it could be 2027-03-04 or 2027-04-03, and no date of its column says which: use --date-order mdy or dmy"},
		{in: "03/04/2027", col: mixed, err: "its column has dates day first (row 5) and month first (row 6)"},
		{in: "3/31/2027", col: dayFirst, err: "no month 31 (read day first"},
		{in: "03/04/2027", order: DayFirst, want: "2027-04-03"},
		{in: "31.03.2027", order: DayFirst, want: "2027-03-31"},
		{in: "31/3/2027", order: DayFirst, want: "2027-03-31"},
		{in: "2027-03-31 00:00:00", want: "2027-03-31"},
		{in: "2027-03-31T14:00:00Z", want: "2027-03-31"},
		{in: "3/31/2027 5:00 PM", want: "2027-03-31"},
		{in: "2028-02-29", want: "2028-02-29"},
		// Day-first dates read month first do not exist.
		{in: "31.03.2027", order: MonthFirst, err: "no month 31 (read month first; for day-first dates use --date-order dmy)"},
		{in: "3/31/2027", order: DayFirst, err: "no month 31 (read day first"},
		// Impossible and unreadable dates.
		{in: "2027-02-29", err: "February 2027 has no day 29"},
		{in: "2027-04-31", err: "April 2027 has no day 31"},
		{in: "2027-13-01", err: "no month 13"},
		{in: "2027-00-10", err: "no month 0"},
		{in: "2027-01-00", err: "no day 0"},
		{in: "3/31/27", err: "two digits"},
		{in: "31 March 2027", err: "YYYY-MM-DD"},
		{in: "20270331", err: "YYYY-MM-DD"},
		{in: "2027-03", err: "YYYY-MM-DD"},
		{in: "2027--03-31", err: "YYYY-MM-DD"},
		{in: "next quarter", err: "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		name := tt.in
		if tt.order == DayFirst {
			name += " dmy"
		}
		t.Run(name, func(t *testing.T) {
			got, err := ParseDate(tt.in, tt.order, tt.col)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %q, %v; want error %q", got, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseDateOrder(t *testing.T) {
	if o, err := ParseDateOrder("dmy"); err != nil || o != DayFirst {
		t.Errorf("dmy: %v %v", o, err)
	}
	if o, err := ParseDateOrder("MDY"); err != nil || o != MonthFirst {
		t.Errorf("MDY: %v %v", o, err)
	}
	if o, err := ParseDateOrder("auto"); err != nil || o != AutoOrder {
		t.Errorf("auto: %v %v", o, err)
	}
	if _, err := ParseDateOrder("ymd"); err == nil {
		t.Error("ymd accepted")
	}
}
