package crm

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/source"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// UTF8BOM is the encoding of a UTF-8 file that starts with a byte-order
// mark, as Table.Encoding names it; reports say it in words
// (import.read.utf8BOM).
const UTF8BOM = "UTF-8 with BOM"

// Encodings lists what --encoding takes.
var Encodings = []string{"auto", "utf-8", "gbk"}

// The limits of an export. A file is read with the guards of deal files
// (a regular file, of at most MaxFileSize bytes) and streamed a row at a
// time: a cell over MaxCell or a row over MaxRow bytes stops the import
// where it is, so that memory never grows with one huge cell. A row
// becomes one deal file, which is at most deal.MaxFileSize; the longest
// text field of the CRMs (Salesforce's Description, 32,000 characters)
// fits in a cell.
const (
	MaxFileSize = 256 << 20
	MaxCell     = 128 << 10
	MaxRow      = deal.MaxFileSize
)

// ReadFile reads the export named on the command line: a regular file of
// at most MaxFileSize bytes, streamed. Every error names file.
func ReadFile(file string, opts ReadOptions) (*Table, error) {
	f, size, err := repo.OpenFile(file, MaxFileSize)
	switch {
	case repo.IsFolder(err):
		return nil, i18n.Wrap(err, "import.folder", "file", file)
	case err != nil:
		return nil, cannotRead(file, err)
	case f == nil:
		return nil, i18n.Errorf("import.read.tooLarge", "file", file, "size", deal.KiB(size), "max", MaxFileSize>>20)
	}
	defer f.Close()
	// The file is read up to the size it had when it was opened, even if
	// it grows meanwhile.
	t, err := readTable(file, io.NewSectionReader(f, 0, size), opts)
	if err != nil {
		if errors.Is(err, errExcel) {
			return nil, i18n.Wrap(err, "import.excel", "file", file)
		}
		return nil, cannotRead(file, err)
	}
	return t, nil
}

// cannotRead is err, why file cannot be read, in the words of the
// interface catalog.
func cannotRead(file string, err error) error {
	var why any = err
	var se *source.Error
	if errors.As(err, &se) && se.Key != "" && se.File == file {
		why = i18n.M(se.Key, se.Args...) // without the file name, said once
	}
	return i18n.Wrap(err, "import.cannotRead", "file", file, "error", why)
}

// errExcel is a workbook given as the export.
var errExcel = errors.New("an Excel workbook")

// openText turns a file into a stream of UTF-8 text. encoding is auto,
// utf-8 or gbk. Auto reads UTF-8 (with or without a byte-order mark) and
// UTF-16 with a byte-order mark (Excel's "Unicode text"); a file that is
// not valid UTF-8 is read as GBK, the encoding Chinese Excel saves CSV
// in. The file is checked in a first pass, so that a file in the wrong
// encoding is refused before any row is read; used names the encoding.
func openText(src io.ReadSeeker, encoding string) (text io.Reader, used string, err error) {
	head := make([]byte, 4)
	n, err := io.ReadFull(src, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, "", err
	}
	head = head[:n]
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return nil, "", errExcel
	}
	rewind := func() error { _, err := src.Seek(0, io.SeekStart); return err }
	switch strings.ToLower(encoding) {
	case "", "auto":
		if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
			if err := rewind(); err != nil {
				return nil, "", err
			}
			dec := transform.NewReader(src, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder())
			return utf16Reader{dec}, "UTF-16", nil
		}
		bad, err := checkUTF8(src, rewind)
		switch {
		case err != nil:
			return nil, "", err
		case bad == nil:
			return utf8Text(src, head)
		}
		if err := checkGBK(src, rewind); err != nil {
			var ie *i18n.Error
			if !errors.As(err, &ie) {
				return nil, "", err
			}
			return nil, "", i18n.Errorf("import.read.neither", "where", *bad)
		}
		return transform.NewReader(src, simplifiedchinese.GBK.NewDecoder()), "GBK", nil
	case "utf-8", "utf8":
		bad, err := checkUTF8(src, rewind)
		switch {
		case err != nil:
			return nil, "", err
		case bad != nil:
			return nil, "", i18n.Errorf("import.read.notUTF8", "where", *bad)
		}
		return utf8Text(src, head)
	case "gbk":
		if err := checkGBK(src, rewind); err != nil {
			return nil, "", i18n.Wrap(err, "import.read.notGBK", "error", err)
		}
		return transform.NewReader(src, simplifiedchinese.GBK.NewDecoder()), "GBK", nil
	}
	return nil, "", i18n.Errorf("import.read.encoding", "value", encoding, "values", Encodings)
}

// utf8Text is a UTF-8 file without its byte-order mark, if it has one.
func utf8Text(src io.ReadSeeker, head []byte) (io.Reader, string, error) {
	if !bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) {
		return src, "UTF-8", nil
	}
	if _, err := src.Seek(3, io.SeekStart); err != nil {
		return nil, "", err
	}
	return src, UTF8BOM, nil
}

// checkUTF8 reads src to its end and says where it stops being UTF-8; nil
// when it is UTF-8 throughout. rewind is called when it is done.
func checkUTF8(src io.Reader, rewind func() error) (*i18n.Msg, error) {
	if err := rewind(); err != nil {
		return nil, err
	}
	r := bufio.NewReaderSize(src, 64<<10)
	line := 1
	for {
		c, size, err := r.ReadRune()
		if err == io.EOF {
			return nil, rewind()
		}
		if err != nil {
			return nil, err
		}
		if c == utf8.RuneError && size == 1 {
			_ = r.UnreadRune()
			b, _ := r.ReadByte()
			m := i18n.M("import.read.utf8At", "line", line, "byte", fmt.Sprintf("0x%02X", b))
			return &m, rewind()
		}
		if c == '\n' {
			line++
		}
	}
}

// checkGBK reads src to its end as GBK, strictly: a byte sequence GBK
// does not define is an error rather than a replacement character.
func checkGBK(src io.Reader, rewind func() error) error {
	if err := rewind(); err != nil {
		return err
	}
	r := bufio.NewReaderSize(transform.NewReader(src, simplifiedchinese.GBK.NewDecoder()), 64<<10)
	line := 1
	for {
		c, _, err := r.ReadRune()
		if err == io.EOF {
			return rewind()
		}
		if err != nil || c == utf8.RuneError {
			return i18n.Errorf("import.read.gbkLine", "line", line)
		}
		if c == '\n' {
			line++
		}
	}
}

// utf16Reader says what is wrong with a file that starts like UTF-16.
type utf16Reader struct{ r io.Reader }

func (u utf16Reader) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	if err != nil && err != io.EOF {
		err = i18n.Wrap(err, "import.read.utf16", "error", err)
	}
	return n, err
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
	// Footer are the lines of a report's footer after its rows, which are
	// not deals (see footer).
	Footer []Row
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

// ReadTable reads a CSV file's bytes; see readTable.
func ReadTable(data []byte, opts ReadOptions) (*Table, error) {
	return readTable("", bytes.NewReader(data), opts)
}

// readTable streams a CSV file, a row at a time. Rows whose cells are all
// empty (Excel leaves them at the end) are dropped, and so is a report's
// footer. An Excel "sep=;" first line sets the delimiter. file names the
// file in the positioned errors of a cell or row over its limit.
func readTable(file string, src io.ReadSeeker, opts ReadOptions) (*Table, error) {
	text, used, err := openText(src, opts.Encoding)
	if err != nil {
		return nil, err
	}
	t := &Table{Encoding: used, Delimiter: opts.Delimiter}
	const peek = 64 << 10
	in := bufio.NewReaderSize(text, peek)
	head, err := in.Peek(peek)
	if err != nil && err != io.EOF {
		return nil, err
	}
	first := firstLine(head)
	if line := strings.TrimSpace(string(first)); strings.HasPrefix(strings.ToLower(line), "sep=") && utf8.RuneCountInString(line) == 5 {
		if t.Delimiter == 0 {
			t.Delimiter, _ = utf8.DecodeLastRuneInString(line)
		}
		_, _ = in.Discard(len(first))
		for {
			b, err := in.Peek(1)
			if err != nil || b[0] != '\n' && b[0] != '\r' {
				break
			}
			_, _ = in.Discard(1)
		}
		if head, err = in.Peek(peek); err != nil && err != io.EOF {
			return nil, err
		}
	}
	if t.Delimiter == 0 {
		t.Delimiter = DetectDelimiter(head)
	}
	if t.Delimiter == '"' || t.Delimiter == '\n' || t.Delimiter == '\r' || t.Delimiter == utf8.RuneError {
		return nil, i18n.Errorf("import.flag.delimiter", "value", string(t.Delimiter))
	}
	r := &csvReader{in: in, comma: t.Delimiter, line: 1}
	number := 0
	blanks := map[int]bool{} // the numbers of blank rows
	for {
		rec, err := r.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			var limit *limitError
			switch {
			case errors.As(err, &pe):
				return nil, i18n.Wrap(err, "import.read.csv", "line", pe.StartLine, "error", pe.Err)
			case errors.As(err, &limit):
				return nil, limit.at(file, number+1, t.Header)
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
			blanks[number] = true
			continue
		}
		t.Rows = append(t.Rows, Row{Number: number, Cells: rec})
	}
	if t.Header == nil {
		return nil, i18n.Errorf("import.read.empty")
	}
	t.Rows, t.Footer = footer(t.Rows, blanks)
	return t, nil
}

// footer splits a report's footer from its rows. Salesforce writes one
// under the rows of a report exported as CSV: a blank line, then lines
// such as "Grand Totals (20 records)", the report's name, "Confidential
// Information - Do Not Distribute", "Copyright (c) 2000-2027
// salesforce.com, inc. All rights reserved." and "Generated By: ...".
// The footer is the last rows, from one that follows a blank row, when
// each of them has only its first cell filled or starts with "Grand
// Totals" (a totals line may fill the amount too); blank rows may come
// between them.
func footer(rows []Row, blanks map[int]bool) (body, foot []Row) {
	i := len(rows)
	for i > 0 && footerLine(rows[i-1].Cells) {
		i--
	}
	// The footer starts at the first of those rows that follows a blank row.
	for i < len(rows) && !blanks[rows[i].Number-1] {
		i++
	}
	if i == len(rows) {
		return rows, nil
	}
	return rows[:i], rows[i:]
}

func footerLine(cells []string) bool {
	first := strings.ToLower(cells[0])
	if strings.HasPrefix(first, "grand total") {
		return true
	}
	for _, c := range cells[1:] {
		if c != "" {
			return false
		}
	}
	return first != ""
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
