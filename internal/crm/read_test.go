package crm

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

const chineseCSV = "商机名称,客户名称,金额\n华信钢铁预测性维护,江苏华信钢铁集团有限公司,\"6,800,000\"\n"

// gbkFile writes text as GBK, as Chinese Excel saves "CSV (逗号分隔)".
func gbkFile(t *testing.T, text string) []byte {
	t.Helper()
	data, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gbk.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	back, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func TestOpenText(t *testing.T) {
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(chineseCSV))
	if err != nil {
		t.Fatal(err)
	}
	gbk := gbkFile(t, chineseCSV)
	if string(gbk) == chineseCSV {
		t.Fatal("the GBK file is UTF-8")
	}
	tests := []struct {
		name     string
		data     []byte
		encoding string
		used     string
		err      string
	}{
		{name: "utf-8", data: []byte(chineseCSV), encoding: "auto", used: "UTF-8"},
		{name: "utf-8 with bom", data: append([]byte("\xEF\xBB\xBF"), chineseCSV...), encoding: "auto", used: "UTF-8 with BOM"},
		{name: "utf-8 forced with bom", data: append([]byte("\xEF\xBB\xBF"), chineseCSV...), encoding: "utf-8", used: "UTF-8 with BOM"},
		{name: "gbk detected", data: gbk, encoding: "auto", used: "GBK"},
		{name: "gbk forced", data: gbk, encoding: "gbk", used: "GBK"},
		{name: "gbk read as utf-8", data: gbk, encoding: "utf-8", err: "not UTF-8 (line 1 has the byte 0xC9); if it comes from Chinese Excel, try --encoding gbk"},
		{name: "utf-16 with bom", data: utf16, encoding: "auto", used: "UTF-16"},
		{name: "neither", data: []byte("a,b\n\xff\xff\xff\n"), encoding: "auto", err: "neither UTF-8 (line 2 has the byte 0xFF) nor GBK"},
		{name: "unknown encoding", data: []byte("a"), encoding: "latin1", err: "unknown encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, used, err := openText(bytes.NewReader(tt.data), tt.encoding)
			var text []byte
			if err == nil {
				text, err = io.ReadAll(r)
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if used != tt.used {
				t.Errorf("read as %s, want %s", used, tt.used)
			}
			if string(text) != chineseCSV {
				t.Errorf("text %q, want %q", text, chineseCSV)
			}
		})
	}
}

func TestReadTableGBK(t *testing.T) {
	table, err := ReadTable(gbkFile(t, chineseCSV), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if table.Encoding != "GBK" || table.Header[1] != "客户名称" || table.Rows[0].Cells[2] != "6,800,000" {
		t.Errorf("got %s %q %v", table.Encoding, table.Header, table.Rows)
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name, text string
		want       rune
	}{
		{"comma", "Opportunity Name,Account Name,Amount\n1;2;3;4;5", ','},
		{"semicolon", "Opportunity Name;Account Name;Amount\n\"1,2\",3", ';'},
		{"semicolon with commas in quotes", "\"Deal - Title\";\"Deal - Value, EUR\";\"A, B, C\"\n", ';'},
		{"tab", "Deal Name\tAmount\tStage\n", '\t'},
		{"one column", "Deal Name\n", ','},
		{"header over two lines", "\"Deal\nName\";Amount;Stage", ';'},
		{"crlf", "a;b;c\r\nx,y,z,w,v\r\n", ';'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectDelimiter([]byte(tt.text)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseDelimiter(t *testing.T) {
	for in, want := range map[string]rune{"": 0, "auto": 0, ";": ';', ",": ',', "tab": '\t', `\t`: '\t', "|": '|', "semicolon": ';'} {
		if got, err := ParseDelimiter(in); err != nil || got != want {
			t.Errorf("ParseDelimiter(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{";;", `"`, "\n"} {
		if _, err := ParseDelimiter(bad); err == nil {
			t.Errorf("ParseDelimiter(%q) accepted", bad)
		}
	}
}

func TestReadTable(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		opts   ReadOptions
		delim  rune
		header string
		rows   []string // each row's number, then its cells joined by |
		err    string
	}{
		{name: "quoted commas and line breaks, empty trailing rows",
			text:   "Title,Account,Amount\r\n\"ERP, phase 1\",\"ACME \"\"East\"\"\",\"1,200\"\r\n\"Two\nlines\",Globex,5\r\n,,\r\n,,\r\n",
			delim:  ',',
			header: "Title|Account|Amount",
			rows:   []string{"2|ERP, phase 1|ACME \"East\"|1,200", "3|Two\nlines|Globex|5"}},
		{name: "row numbers count multi-line rows once and blank rows in the middle",
			text:   "a,b\n\"x\ny\",1\n,\nz,2\n",
			delim:  ',',
			header: "a|b",
			rows:   []string{"2|x\ny|1", "4|z|2"}},
		{name: "semicolons from European Excel",
			text:   "Titel;Betrag\nPumpen;1.200.000,00\n",
			delim:  ';',
			header: "Titel|Betrag",
			rows:   []string{"2|Pumpen|1.200.000,00"}},
		{name: "excel sep line",
			text:   "sep=;\nTitle;Amount\nA;1,5\n",
			delim:  ';',
			header: "Title|Amount",
			rows:   []string{"2|A|1,5"}},
		{name: "delimiter forced",
			text:   "Title|Amount\nA|1,200\n",
			opts:   ReadOptions{Delimiter: '|'},
			delim:  '|',
			header: "Title|Amount",
			rows:   []string{"2|A|1,200"}},
		{name: "cells trimmed, short rows kept",
			text:   "Title , Amount\n  A\u00a0 \nB,2\n",
			delim:  ',',
			header: "Title|Amount",
			rows:   []string{"2|A", "3|B|2"}},
		{name: "formula guard of deals export removed",
			text:   "title,account\n'=SUM(A1),'-Minus\n",
			delim:  ',',
			header: "title|account",
			rows:   []string{"2|=SUM(A1)|-Minus"}},
		{name: "empty file", text: "", err: "empty"},
		{name: "bad quoting", text: "a,b\n\"x,1\nc\"d,2\n", err: "not valid CSV"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, err := ReadTable([]byte(tt.text), tt.opts)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if table.Delimiter != tt.delim {
				t.Errorf("delimiter %q, want %q", table.Delimiter, tt.delim)
			}
			if got := strings.Join(table.Header, "|"); got != tt.header {
				t.Errorf("header %q, want %q", got, tt.header)
			}
			var rows []string
			for _, r := range table.Rows {
				rows = append(rows, strings.Join(append([]string{itoa(r.Number)}, r.Cells...), "|"))
			}
			if strings.Join(rows, "\n") != strings.Join(tt.rows, "\n") {
				t.Errorf("rows\n%q\nwant\n%q", rows, tt.rows)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
