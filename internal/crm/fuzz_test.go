package crm

import (
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// amountSeeds are amounts as CRMs export them (from TestParseAmount) and
// hostile ones.
var amountSeeds = []string{
	"1200000", "1200000.00", "1,200,000.00", "$ 1,200", "$1,200.50", "1.200.000,00 €", "€1.200,50",
	"1 200 000", "1\u00a0200\u00a0000,00", "1\u202f200\u202f000", "1'200'000.00", "EUR 1,200,000",
	"1200000 usd", "US$ 5,000", "R$ 1.500.000,00", "£950,000", "¥28,000,000", "6800000元", "1200,50",
	"1234.567", "0.125", "1 200,50", "1.2E+06", "0", "1.200", "1,200", "1.200,5", "-1200", "(1,200.00)",
	"1.2M", "12k", "1,20,000", "1.2.3", "1,,200", "1.", "1 200.000,5", "$", "€ 100 USD", "EUR 100 USD",
	"1,234.56", "1.234,56", "¥1.2万", "1e400", "1e-400", "NaN", "Inf", "-0", "", " ", ".", ",", "'", "’",
	"0x10", "1_000", "١٢٣", strings.Repeat("9", 400), strings.Repeat("9", 400) + ".5",
	// Currencies as the CRMs and spreadsheets write them.
	"$1,200,000.00", "US$1,200,000.00", "USD1200", "1200EUR", "1.200.000,00EUR", "CN¥6,800,000", "RMB 6,800,000",
	"6,800,000元", "¥6,800,000", "￥6,800,000", "JP¥28,000,000", "EUR1.200,00 €", "$USD 5", "usd", "inf", "INF1",
	"1e5EUR", "EUR", "€", "1 200 000 EUR", "1.200.000,00 €", "GBP£5", "1200 元", "元1200", "$-5",
	"0." + strings.Repeat("0", 400) + "1", strings.Repeat("999,", 200) + "999",
}

// FuzzParseNumber: parseNumber never panics, and a number it reads is
// finite and not negative.
func FuzzParseNumber(f *testing.F) {
	for _, s := range amountSeeds {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, decimalComma bool) {
		v, err := parseNumber(s, decimalComma)
		if err != nil {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			t.Fatalf("parseNumber(%q, %v) = %v", s, decimalComma, v)
		}
	})
}

// FuzzParseAmount: ParseAmount never panics; an amount it reads is finite
// and not negative, and the currency it names, if any, is an ISO code
// (three upper-case letters).
func FuzzParseAmount(f *testing.F) {
	for _, s := range amountSeeds {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, decimalComma bool) {
		a, err := ParseAmount(s, decimalComma)
		if err != nil {
			return
		}
		if math.IsNaN(a.Value) || math.IsInf(a.Value, 0) || a.Value < 0 {
			t.Fatalf("ParseAmount(%q, %v) = %v", s, decimalComma, a.Value)
		}
		if a.Currency != "" && !isUpperCode(a.Currency) {
			t.Fatalf("ParseAmount(%q, %v) names currency %q", s, decimalComma, a.Currency)
		}
		// A sign is kept only when it names no currency, and then it is
		// one that several currencies use.
		if a.Sign != "" && (a.Currency != "" || len(SignCodes(a.Sign)) < 2) {
			t.Fatalf("ParseAmount(%q, %v) = %+v", s, decimalComma, a)
		}
	})
}

func isUpperCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, c := range []byte(s) {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// FuzzParseDate: ParseDate never panics, in either date order, and a date
// it reads is a real YYYY-MM-DD date.
func FuzzParseDate(f *testing.F) {
	seeds := []string{
		"2027-03-31", "2027/3/31", "2027.03.31", "3/31/2027", "03/04/2027", "31.03.2027", "31/3/2027",
		"2027-03-31 00:00:00", "2027-03-31T14:00:00Z", "3/31/2027 5:00 PM", "2028-02-29", "2027-02-29",
		"2027-04-31", "2027-13-01", "2027-00-10", "2027-01-00", "3/31/27", "31 March 2027", "20270331",
		"2027-03", "2027--03-31", "next quarter", "2027/2/30", "0000-00-00", "0001-01-01", "9999-12-31",
		"", " ", "-", "--", "1-1-1", "+1/+1/2027", "2027-+1-01", "-2027-01-01", "2027-01-01-", "T",
		"12/12/0000", "99/99/9999", "2027-1٣-01", "2027-03-31\x00", " 2027-03-31 ", "2027-03-31T",
		// German Excel, and dates that read two ways.
		"01.04.2027", "31.03.2027", "1.4.2027", "29.02.2028", "29.02.2027", "04/01/2027", "4-1-2027", "12/12/2027",
		"13/13/2027", "00/12/2027", "12/00/2027", "01.13.2027", "1.2.3", "01.04.2027 08:00",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var cols []ColumnDates
		for _, add := range []string{"", "31/03/2027", "3/31/2027", s} {
			var c ColumnDates
			c.Add(2, add)
			c.Add(3, "13/12/2027")
			cols = append(cols, c)
		}
		for _, order := range []DateOrder{AutoOrder, MonthFirst, DayFirst} {
			for _, col := range cols {
				got, err := ParseDate(s, order, col)
				if err != nil {
					continue
				}
				d, err := time.Parse(time.DateOnly, got)
				if err != nil {
					t.Fatalf("ParseDate(%q, %v, %+v) = %q: %v", s, order, col, got, err)
				}
				if back := d.Format(time.DateOnly); back != got {
					t.Fatalf("ParseDate(%q, %v, %+v) = %q, which formats back as %q", s, order, col, got, back)
				}
			}
		}
	})
}

// FuzzReadTable: ReadTable never panics, whatever the bytes and options;
// a table it reads has a header, the delimiter it was read with, rows
// numbered upwards from 2 that are not blank, and only UTF-8 text.
func FuzzReadTable(f *testing.F) {
	seeds := []string{
		chineseCSV,
		"\xEF\xBB\xBF" + chineseCSV,
		"Title,Account,Amount\r\n\"ERP, phase 1\",\"ACME \"\"East\"\"\",\"1,200\"\r\n\"Two\nlines\",Globex,5\r\n,,\r\n,,\r\n",
		"a,b\n\"x\ny\",1\n,\nz,2\n",
		"Titel;Betrag\nPumpen;1.200.000,00\n",
		"sep=;\nTitle;Amount\nA;1,5\n",
		"Title|Amount\nA|1,200\n",
		"Title , Amount\n  A\u00a0 \nB,2\n",
		"title,account\n'=SUM(A1),'-Minus\n",
		"Deal Name\tAmount\tStage\nA\t1\tqualify\n",
		"\"Deal - Title\";\"Deal - Value, EUR\";\"A, B, C\"\n",
		"", "\n", "\r\n\r\n", ",", "\"", "a,b\n\"x,1\nc\"d,2\n", "a,\"b\n", "\"a\"\"",
		"a\x00b,c\n\x00,\x00\n", "sep=\"\na,b\n", "sep=\n", "SEP=\t\na\tb\n", "sep=é\naéb\n", "sep=;",
		"a,b\n\xff\xff\xff\n", "\xff\xfe", "\xfe\xff", "\xff\xfea\x00,\x00b\x00\n\x00", "\xfe\xff\x00a\x00,\x00b",
		"\xff\xfe\x00\xd8", "\xEF\xBB\xBF", "\xEF\xBB\xBFsep=;\n", "\xc9\xcc\xbb\xfa,\xbd\xf0\xb6\xee\n", "\x80",
	}
	for _, s := range seeds {
		f.Add([]byte(s), uint8(0))
	}
	f.Add([]byte("Title;Amount\nA;1\n"), uint8(2<<2)) // auto, ';'
	f.Add([]byte("a|b\nc|d\n"), uint8(2|4<<2))        // utf-8, '|'
	f.Add([]byte("\xc9\xcc\xbb\xfa\n"), uint8(3))     // gbk
	f.Add([]byte("a\"b,c\n"), uint8(5<<2))            // a delimiter csv refuses
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		// mode picks the options: auto for 0; otherwise what --encoding
		// and --delimiter can force, and delimiters encoding/csv refuses.
		encodings := []string{"auto", "", "utf-8", "gbk"}
		delimiters := []rune{0, ',', ';', '\t', '|', '"', '\n', utf8.RuneError}
		opts := ReadOptions{Encoding: encodings[mode&3], Delimiter: delimiters[int(mode>>2)%len(delimiters)]}
		table, err := ReadTable(data, opts)
		if err != nil {
			if table != nil {
				t.Fatalf("a table and an error: %v", err)
			}
			return
		}
		if len(table.Header) == 0 {
			t.Fatal("no header")
		}
		if table.Encoding == "" || table.Delimiter == 0 || (opts.Delimiter != 0 && table.Delimiter != opts.Delimiter) {
			t.Fatalf("read as %q with delimiter %q, options %+v", table.Encoding, table.Delimiter, opts)
		}
		for _, cell := range table.Header {
			if !utf8.ValidString(cell) {
				t.Fatalf("header cell %q is not UTF-8", cell)
			}
		}
		last := 1
		for _, row := range table.Rows {
			if row.Number <= last {
				t.Fatalf("row %d follows row %d", row.Number, last)
			}
			last = row.Number
			if blank(row.Cells) {
				t.Fatalf("row %d is blank", row.Number)
			}
			for _, cell := range row.Cells {
				if !utf8.ValidString(cell) {
					t.Fatalf("row %d: cell %q is not UTF-8", row.Number, cell)
				}
			}
		}
	})
}
