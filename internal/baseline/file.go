package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/safefile"
	"github.com/dealsascode/deals/internal/source"
)

// Bytes is the baseline as its file holds it: JSON with the kind and
// version first and one entry per line, so that a change to a baseline
// reads as a diff of the entries that changed. The same baseline always
// gives the same bytes.
func (b *Baseline) Bytes() []byte {
	var buf bytes.Buffer
	buf.WriteString("{\n  \"kind\": \"" + Kind + "\",\n  \"version\": " + strconv.Itoa(Version) + ",\n  \"entries\": [")
	enc := json.NewEncoder(&buf)
	// Deal ids and paths are written as they are; nothing reads a
	// baseline as HTML.
	enc.SetEscapeHTML(false)
	for i, e := range b.Entries {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n    ")
		_ = enc.Encode(e)           // an Entry of strings and an int always encodes
		buf.Truncate(buf.Len() - 1) // the newline Encode ends with
	}
	if len(b.Entries) > 0 {
		buf.WriteString("\n  ")
	}
	buf.WriteString("]\n}\n")
	return buf.Bytes()
}

// Write writes the baseline to file, atomically: a reader sees the old
// baseline or the new one, never a part. A file that is there and is not
// a baseline is left as it is: a mistyped name must not cost a file. A
// baseline that is damaged (a merge left conflict markers in it) is still
// one, and is replaced.
func (b *Baseline) Write(file string) error {
	if old, err := os.ReadFile(file); err == nil && len(bytes.TrimSpace(old)) > 0 && !bytes.Contains(old, []byte(`"`+Kind+`"`)) {
		return source.Problem(file, source.Pos{}, nil, "baseline.error.notOurs")
	}
	if err := safefile.Write(file, b.Bytes(), 0o644); err != nil {
		return source.Problem(file, source.Pos{}, err, "baseline.error.write", "detail", osDetail(err))
	}
	return nil
}

// MaxSize bounds a baseline file: the known findings of 100,000 deals
// take a few tens of MiB.
const MaxSize = 512 << 20

// Read reads the baseline in file. Every error is a *source.Error that
// names the file and, where the file shows it, the line and column.
func Read(file string) (*Baseline, error) {
	data, size, err := safefile.Read(file, MaxSize)
	var kind *safefile.NotRegularError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, source.Problem(file, source.Pos{}, err, "baseline.error.missing")
	case errors.As(err, &kind):
		return nil, source.Problem(file, source.Pos{}, err, "repo.notRegular."+kind.Kind)
	case err != nil:
		return nil, source.Problem(file, source.Pos{}, err, "baseline.error.read", "detail", osDetail(err))
	case data == nil:
		return nil, source.Problem(file, source.Pos{}, fs.ErrInvalid, "baseline.error.tooLarge", "size", size>>20, "max", MaxSize>>20)
	}
	return Parse(file, data)
}

// osDetail is an error of the file system without the file's name, which
// the message gives already.
func osDetail(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse reads a baseline from the bytes of file. A file that is not a
// baseline (other JSON, another kind), one of a newer version, and one
// that is damaged (not JSON, values of the wrong type, entries that name
// nothing) are errors, each saying which it is.
func Parse(file string, data []byte) (*Baseline, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, source.Problem(file, source.Pos{}, nil, "baseline.error.empty")
	}
	// The head is read first, loosely: a file that is not a baseline is
	// said to be that, not to be a damaged one.
	var head struct {
		Kind    json.RawMessage `json:"kind"`
		Version json.RawMessage `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// The offset is past the character at fault; at the end of
			// the input, past the last one.
			off := se.Offset - 1
			if strings.HasSuffix(se.Error(), "end of JSON input") {
				off = int64(len(bytes.TrimRight(data, " \t\r\n")))
			}
			return nil, source.Problem(file, posAt(data, off), err, "baseline.error.json", "detail", jsonDetail(err))
		}
		return nil, source.Problem(file, source.Pos{}, err, "baseline.error.foreign")
	}
	if head.Kind == nil {
		return nil, source.Problem(file, source.Pos{}, nil, "baseline.error.foreign")
	}
	if kind, err := rawString(head.Kind); err != nil || kind != Kind {
		return nil, source.Problem(file, source.Pos{}, nil, "baseline.error.kind", "kind", shorten(string(head.Kind)))
	}
	if head.Version == nil {
		return nil, source.Problem(file, source.Pos{}, nil, "baseline.error.noVersion")
	}
	var version float64
	if json.Unmarshal(head.Version, &version) != nil || version != float64(int64(version)) {
		return nil, source.Problem(file, source.Pos{}, nil, "baseline.error.badVersion", "version", shorten(string(head.Version)))
	}
	switch {
	case version > Version:
		return nil, source.Problem(file, source.Pos{}, nil, "baseline.error.newer", "version", int64(version), "max", Version)
	case version < 1:
		return nil, source.Problem(file, source.Pos{}, nil, "baseline.error.badVersion", "version", shorten(string(head.Version)))
	}
	return readEntries(file, data)
}

// readEntries reads the entries strictly, walking the document so that
// each problem is placed where it is.
func readEntries(file string, data []byte) (*Baseline, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	// The document is valid JSON and an object: Parse has read it once.
	if _, err := dec.Token(); err != nil {
		return nil, source.Problem(file, source.Pos{}, err, "baseline.error.json", "detail", jsonDetail(err))
	}
	count := map[key]int{}
	seen := false
	for dec.More() {
		at := posAt(data, start(data, dec.InputOffset()))
		t, err := dec.Token()
		if err != nil {
			return nil, source.Problem(file, at, err, "baseline.error.json", "detail", jsonDetail(err))
		}
		switch name, _ := t.(string); name {
		case "kind", "version":
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, source.Problem(file, at, err, "baseline.error.json", "detail", jsonDetail(err))
			}
		case "entries":
			if err := readList(file, data, dec, count); err != nil {
				return nil, err
			}
			seen = true
		default:
			return nil, source.Problem(file, at, nil, "baseline.error.unknownKey", "name", name)
		}
	}
	if !seen {
		return nil, source.Problem(file, source.Pos{}, nil, "baseline.error.noEntries")
	}
	return fromCounts(count), nil
}

func readList(file string, data []byte, dec *json.Decoder, count map[key]int) error {
	at := posAt(data, start(data, dec.InputOffset()))
	t, err := dec.Token()
	if err != nil {
		return source.Problem(file, at, err, "baseline.error.json", "detail", jsonDetail(err))
	}
	if t != json.Delim('[') {
		return source.Problem(file, at, nil, "baseline.error.notList")
	}
	for n := 1; dec.More(); n++ {
		at := posAt(data, start(data, dec.InputOffset()))
		var e Entry
		if err := dec.Decode(&e); err != nil {
			return entryError(file, at, n, err)
		}
		if key, args := invalid(e); key != "" {
			return source.Problem(file, at, nil, key, append([]any{"n", n}, args...)...)
		}
		// An entry written twice, as a merge of two baselines may leave
		// it, counts twice (up to the largest count there is).
		count[e.key()] += min(e.Count, math.MaxInt-count[e.key()])
	}
	if _, err := dec.Token(); err != nil {
		return source.Problem(file, at, err, "baseline.error.json", "detail", jsonDetail(err))
	}
	return nil
}

// invalid says what is wrong with an entry that decoded, or "".
func invalid(e Entry) (string, []any) {
	switch {
	case e.Deal != "" && e.File != "":
		return "baseline.error.entry.both", nil
	case e.Deal == "" && e.File == "":
		return "baseline.error.entry.neither", nil
	case e.Rule == "":
		return "baseline.error.entry.noRule", nil
	case e.Count < 1:
		return "baseline.error.entry.count", []any{"count", e.Count}
	}
	return "", nil
}

func entryError(file string, at source.Pos, n int, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return source.Problem(file, at, err, "baseline.error.entry.notObject", "n", n, "got", jsonType(te.Value))
		}
		return source.Problem(file, at, err, "baseline.error.entry.type", "n", n, "name", te.Field, "want", goType(te.Type), "got", jsonType(te.Value))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if unquoted, uerr := strconv.Unquote(name); uerr == nil {
			name = unquoted
		}
		return source.Problem(file, at, err, "baseline.error.entry.unknownKey", "n", n, "name", name)
	}
	return source.Problem(file, at, err, "baseline.error.json", "detail", jsonDetail(err))
}

// jsonType names what encoding/json found ("string", "number 1.5", ...)
// in the reader's words.
func jsonType(v string) i18n.Msg {
	kind, _, _ := strings.Cut(v, " ")
	switch kind {
	case "string":
		return i18n.M("baseline.type.text")
	case "number":
		return i18n.M("baseline.type.number")
	case "bool":
		return i18n.M("baseline.type.bool")
	case "array":
		return i18n.M("baseline.type.list")
	case "object":
		return i18n.M("baseline.type.object")
	}
	return i18n.M("baseline.type.null")
}

// goType names the type of an Entry field as a JSON value.
func goType(t reflect.Type) i18n.Msg {
	if t != nil && t.Kind() == reflect.Int {
		return i18n.M("baseline.type.count")
	}
	return i18n.M("baseline.type.text")
}

func rawString(raw json.RawMessage) (string, error) {
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

// jsonDetail is encoding/json's message without its prefix.
func jsonDetail(err error) string {
	return strings.TrimPrefix(err.Error(), "json: ")
}

// shorten keeps a value quoted in a message to one short line.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:39]) + "…"
	}
	return s
}

// start is where the next value begins at or after off: past spaces and
// the commas and colons between values.
func start(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

// posAt is the line and column (in characters) of byte off of data.
func posAt(data []byte, off int64) source.Pos {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return source.Pos{Line: line, Col: col}
}
