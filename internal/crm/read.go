package crm

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/i18n"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// UTF8BOM is the encoding of a UTF-8 file that starts with a byte-order
// mark, as Table.Encoding names it; reports say it in words
// (import.read.utf8BOM).
const UTF8BOM = "UTF-8 with BOM"

// Encodings lists what --encoding takes.
var Encodings = []string{"auto", "utf-8", "gbk"}

// Decode turns a file's bytes into UTF-8 text. encoding is auto, utf-8 or
// gbk. Auto reads UTF-8 (with or without a byte-order mark) and UTF-16
// with a byte-order mark (Excel's "Unicode text"); a file that is not
// valid UTF-8 is read as GBK, the encoding Chinese Excel saves CSV in.
// used names the encoding read.
func Decode(data []byte, encoding string) (text []byte, used string, err error) {
	switch strings.ToLower(encoding) {
	case "", "auto":
		switch {
		case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
			out, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(data)
			if err != nil {
				return nil, "", i18n.Wrap(err, "import.read.utf16", "error", err)
			}
			return out, "UTF-16", nil
		case utf8.Valid(data):
			return stripBOM(data)
		}
		out, err := fromGBK(data)
		if err != nil {
			return nil, "", i18n.Errorf("import.read.neither", "where", utf8Problem(data))
		}
		return out, "GBK", nil
	case "utf-8", "utf8":
		if !utf8.Valid(data) {
			return nil, "", i18n.Errorf("import.read.notUTF8", "where", utf8Problem(data))
		}
		return stripBOM(data)
	case "gbk":
		out, err := fromGBK(data)
		if err != nil {
			return nil, "", i18n.Wrap(err, "import.read.notGBK", "error", err)
		}
		return out, "GBK", nil
	}
	return nil, "", i18n.Errorf("import.read.encoding", "value", encoding, "values", Encodings)
}

func stripBOM(data []byte) ([]byte, string, error) {
	if rest, ok := bytes.CutPrefix(data, []byte("\xEF\xBB\xBF")); ok {
		return rest, UTF8BOM, nil
	}
	return data, "UTF-8", nil
}

// fromGBK decodes GBK strictly: a byte sequence GBK does not define is an
// error rather than a replacement character.
func fromGBK(data []byte) ([]byte, error) {
	out, err := simplifiedchinese.GBK.NewDecoder().Bytes(data)
	if err != nil {
		return nil, err
	}
	if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
		line := bytes.Count(out[:i], []byte("\n")) + 1
		return nil, i18n.Errorf("import.read.gbkLine", "line", line)
	}
	return out, nil
}

// utf8Problem says where a file stops being UTF-8; it is asked only of
// files that do.
func utf8Problem(data []byte) i18n.Msg {
	line, at := 1, byte(0)
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			line, at = bytes.Count(data[:i], []byte("\n"))+1, data[i]
			break
		}
		i += size
	}
	return i18n.M("import.read.utf8At", "line", line, "byte", fmt.Sprintf("0x%02X", at))
}

// DetectDelimiter picks the field separator from the header line: the most
// frequent of comma, semicolon (European Excel) and tab outside quotes;
// comma when there is none.
func DetectDelimiter(text []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range string(firstLine(text)) {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// firstLine is the text up to the first line break outside quotes.
func firstLine(text []byte) []byte {
	quoted := false
	for i, c := range text {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == '\n' || c == '\r'):
			return text[:i]
		}
	}
	return text
}

// ParseDelimiter reads --delimiter: auto (0), a single character, or tab.
func ParseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return 0, nil
	case "tab", `\t`:
		return '\t', nil
	case "comma":
		return ',', nil
	case "semicolon":
		return ';', nil
	}
	r, size := utf8.DecodeRuneInString(s)
	if size != len(s) || r == '"' || r == '\n' || r == '\r' || r == utf8.RuneError {
		return 0, i18n.Errorf("import.flag.delimiter", "value", s)
	}
	return r, nil
}

// Table is a CSV file as read: its header and its rows.
type Table struct {
	Header []string
	Rows   []Row
	// Encoding and Delimiter are what the file was read with.
	Encoding  string
	Delimiter rune
}

// Row is one record with its row number as a spreadsheet shows it: the
// header is row 1, so the first deal is row 2 (a quoted field holding a
// line break does not start a new row).
type Row struct {
	Number int
	Cells  []string
}

// ReadOptions choose how a file is read; the zero value detects both.
type ReadOptions struct {
	Encoding  string
	Delimiter rune
}

// ReadTable reads a CSV file's bytes. Rows whose cells are all empty
// (Excel leaves them at the end) are dropped. An Excel "sep=;" first line
// sets the delimiter.
func ReadTable(data []byte, opts ReadOptions) (*Table, error) {
	text, used, err := Decode(data, opts.Encoding)
	if err != nil {
		return nil, err
	}
	t := &Table{Encoding: used, Delimiter: opts.Delimiter}
	first := firstLine(text)
	if line := strings.TrimSpace(string(first)); strings.HasPrefix(strings.ToLower(line), "sep=") && utf8.RuneCountInString(line) == 5 {
		if t.Delimiter == 0 {
			t.Delimiter, _ = utf8.DecodeLastRuneInString(line)
		}
		text = bytes.TrimLeft(text[len(first):], "\r\n")
	}
	if t.Delimiter == 0 {
		t.Delimiter = DetectDelimiter(text)
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = t.Delimiter
	r.FieldsPerRecord = -1
	number := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, i18n.Wrap(err, "import.read.csv", "line", pe.StartLine, "error", pe.Err)
			}
			return nil, err
		}
		number++
		for i := range rec {
			rec[i] = unformula(clean(rec[i]))
		}
		if number == 1 {
			t.Header = rec
			continue
		}
		if blank(rec) {
			continue
		}
		t.Rows = append(t.Rows, Row{Number: number, Cells: rec})
	}
	if t.Header == nil {
		return nil, i18n.Errorf("import.read.empty")
	}
	return t, nil
}

// clean trims spaces, including the no-break spaces spreadsheets keep.
func clean(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u202f' || r == '\r' || r == '\n'
	})
}

func blank(rec []string) bool {
	for _, c := range rec {
		if c != "" {
			return false
		}
	}
	return true
}

// Cell returns a row's value for a field, "" when there is no such
// column or the row is short.
func (c Columns) Cell(r Row, f Field) string {
	i, ok := c[f]
	if !ok || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}
