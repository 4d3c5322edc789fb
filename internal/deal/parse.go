package deal

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
	"gopkg.in/yaml.v3"
)

// MaxFileSize is the largest deal file read: real deals are a few kilobytes,
// and a bigger file is almost always something else committed by mistake.
const MaxFileSize = 1 << 20

// ErrTooLarge is wrapped by the problem reported for files over MaxFileSize.
var ErrTooLarge = errors.New("file too large")

// TooLarge is the problem of a file of size bytes, over MaxFileSize.
func TooLarge(file string, size int64) *source.Error {
	return source.Problem(file, source.Pos{Line: 1, Col: 1}, ErrTooLarge, "deal.tooLarge", "size", KiB(size), "max", MaxFileSize>>10)
}

// KiB writes a size in KiB, rounded up, or in MiB from 10 MiB: "1025 KiB", "12 MiB".
func KiB(size int64) string {
	if size >= 10<<20 {
		return fmt.Sprintf("%d MiB", (size+(1<<20)-1)>>20)
	}
	return fmt.Sprintf("%d KiB", (size+1023)>>10)
}

// Parse decodes one deal file's bytes. The returned problems are what is
// wrong with the file, positioned; d is nil only when the YAML could not be
// parsed at all. A deal with problems is still decoded as far as it goes.
func Parse(file string, data []byte) (d *Deal, problems []*source.Error) {
	return parse(file, data, source.Parse, source.Check)
}

// parse is Parse with its reader and its schema check named, so that a
// test can hold the fast ones to yaml.v3 and the validator.
func parse(file string, data []byte,
	read func(string, []byte) (*yaml.Node, error),
	check func(string, *yaml.Node, any, *schema.Schema) []*source.Error,
) (d *Deal, problems []*source.Error) {
	if len(data) > MaxFileSize {
		return nil, []*source.Error{TooLarge(file, int64(len(data)))}
	}
	root, err := read(file, data)
	if err != nil {
		return nil, []*source.Error{source.AsProblem(file, err)}
	}
	v, problems := source.Value(file, root)
	if len(problems) == 0 {
		problems = check(file, root, v, schema.Deal())
	}
	d = decode(file, root)
	d.data = v
	return d, problems
}

// QuickID reads a deal's id from its top-level "id:" line without parsing
// the file: cross-file checks need every id, and parsing a large
// repository to get them would cost what linting it does. ok is false
// when the id line is not plain (quoted oddly, flow style, several
// documents): then only the parser can say.
func QuickID(data []byte) (id Text, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	var found Text
	line := 0
	for len(data) > 0 {
		line++
		end := bytes.IndexByte(data, '\n')
		var l []byte
		if end < 0 {
			l, data = data, nil
		} else {
			l, data = data[:end], data[end+1:]
		}
		l = bytes.TrimRight(l, "\r")
		if !bytes.HasPrefix(l, []byte("id:")) {
			if bytes.HasPrefix(l, []byte("---")) && line > 1 || bytes.HasPrefix(l, []byte("...")) {
				return Text{}, false // several documents: let the parser say so
			}
			continue
		}
		if found.Set() {
			return Text{}, false // a duplicate key: let the parser say so
		}
		rest := l[3:]
		value := bytes.TrimLeft(rest, " ")
		col := 4 + len(rest) - len(value)
		if i := bytes.Index(value, []byte(" #")); i >= 0 {
			value = value[:i]
		}
		value = bytes.TrimSpace(value)
		if n := len(value); n >= 2 && (value[0] == '\'' || value[0] == '"') && value[n-1] == value[0] {
			value = value[1 : n-1] // the position stays on the quote, as the parser's does
		}
		if len(value) == 0 || !plainID(value) {
			return Text{}, false
		}
		found = Text{Value: string(value), Pos: source.Pos{Line: line, Col: col}}
	}
	return found, found.Set()
}

// plainID accepts what the schema accepts as an id, so that the quick
// read never returns an id the parser would reject.
func plainID(b []byte) bool {
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case (c == '.' || c == '_' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return len(b) <= 80
}
