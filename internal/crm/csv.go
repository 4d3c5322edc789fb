package crm

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/source"
)

// csvReader reads CSV records (RFC 4180, as Excel and the CRMs write it)
// one at a time from a stream, holding no more than one record, and
// refuses a cell over MaxCell or a record over MaxRow bytes as soon as it
// gets there. It reads what encoding/csv reads, with its errors, and one
// difference: an empty line is a record of one empty cell, as it is a row
// in a spreadsheet.
type csvReader struct {
	in    *bufio.Reader
	comma rune
	line  int // the line read next, from 1
	buf   []byte
	ends  []int
	size  int // the bytes of the record read so far, delimiters included
}

// limitError is a cell over MaxCell, or a record over MaxRow, in the
// record being read: column is the cell's index.
type limitError struct {
	column int
	row    bool
}

func (e *limitError) Error() string { return "over the limit" }

// at is the error positioned in file: the row, and the column by the
// header's name when it has one.
func (e *limitError) at(file string, row int, header []string) error {
	column := strconv.Itoa(e.column + 1)
	if e.column < len(header) && header[e.column] != "" {
		column = strconv.Quote(header[e.column])
	}
	key, max := "import.read.cellTooLarge", deal.KiB(MaxCell)
	if e.row {
		key, max = "import.read.rowTooLarge", deal.KiB(MaxRow)
	}
	p := source.Problem(file, source.Pos{Line: row, Col: e.column + 1}, e, key, "row", row, "column", column, "max", max)
	p.Field = column
	return i18n.Wrap(p, "import.cannotRead", "file", file, "error", i18n.M(key, p.Args...))
}

// read reads the next record; io.EOF when there is none.
func (c *csvReader) read() ([]string, error) {
	c.buf, c.ends, c.size = c.buf[:0], c.ends[:0], 0
	start := c.line
	if _, err := c.in.Peek(1); err != nil {
		return nil, err
	}
	for {
		if c.size++; c.size > MaxRow {
			return nil, &limitError{column: len(c.ends), row: true}
		}
		end, err := c.field(start, len(c.buf))
		if err != nil {
			return nil, err
		}
		c.ends = append(c.ends, len(c.buf))
		if end {
			break
		}
	}
	all := string(c.buf) // one allocation for the record's cells
	rec := make([]string, len(c.ends))
	from := 0
	for i, to := range c.ends {
		rec[i] = all[from:to]
		from = to
	}
	return rec, nil
}

// field reads one cell into buf, and says whether it ended the record.
func (c *csvReader) field(start, cell int) (end bool, err error) {
	r, _, err := c.in.ReadRune()
	if err != nil || r != '"' {
		// An unquoted cell: up to the delimiter or the end of the line.
		for ; ; r, _, err = c.in.ReadRune() {
			if stop, end, err := c.after(r, err); stop {
				return end, err
			}
			if r == '"' {
				return false, &csv.ParseError{StartLine: start, Line: c.line, Err: csv.ErrBareQuote}
			}
			if err := c.add(r, cell); err != nil {
				return false, err
			}
		}
	}
	for {
		r, _, err := c.in.ReadRune()
		switch {
		case err == io.EOF:
			return false, &csv.ParseError{StartLine: start, Line: c.line, Err: csv.ErrQuote}
		case err != nil:
			return false, err
		case r == '"':
			next, _, err := c.in.ReadRune()
			if stop, end, err := c.after(next, err); stop {
				return end, err
			}
			if next != '"' {
				return false, &csv.ParseError{StartLine: start, Line: c.line, Err: csv.ErrQuote}
			}
		case r == '\r' && c.lineFeed():
			r = '\n' // a quoted line break is \n, however the file ends its lines
			fallthrough
		case r == '\n':
			c.line++
		}
		if err := c.add(r, cell); err != nil {
			return false, err
		}
	}
}

// after says whether r, read with err where a cell may end, ends it (stop)
// and the record with it (end): the delimiter, a line break, the end of
// the file, or an error.
func (c *csvReader) after(r rune, err error) (stop, end bool, _ error) {
	switch {
	case err == io.EOF:
		return true, true, nil
	case err != nil:
		return true, false, err
	case r == c.comma:
		return true, false, nil
	case r == '\n' || r == '\r' && c.lineFeed():
		c.line++
		return true, true, nil
	}
	return false, false, nil
}

// lineFeed reads the \n after a \r, and says whether there was one.
func (c *csvReader) lineFeed() bool {
	if b, err := c.in.Peek(1); err == nil && b[0] == '\n' {
		_, _ = c.in.Discard(1)
		return true
	}
	return false
}

// add appends r to the cell that starts at cell in buf, within the limits.
func (c *csvReader) add(r rune, cell int) error {
	c.buf = utf8.AppendRune(c.buf, r)
	c.size += utf8.RuneLen(r)
	switch {
	case len(c.buf)-cell > MaxCell:
		return &limitError{column: len(c.ends)}
	case c.size > MaxRow:
		return &limitError{column: len(c.ends), row: true}
	}
	return nil
}
