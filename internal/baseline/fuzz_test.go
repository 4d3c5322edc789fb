package baseline_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/baseline"
	"github.com/dealsascode/deals/internal/source"
)

// FuzzParse feeds the baseline reader arbitrary bytes: it must never
// panic; an error is a text of the catalog that names the file, placed in
// it when it has a position; and what it reads, written again, reads back
// to the same bytes.
func FuzzParse(f *testing.F) {
	head := `{"kind": "deals-lint-baseline", "version": 1, "entries": `
	seeds := []string{
		"", " ", "null", "[]", "{}", "\"x\"", "1", "{", "}", "\xff\xfe", "\ufeff{}",
		head + "[]}", head + "[]} ", head + "[]}x", head + "null}", head + "{}}", head + "[",
		head + `[{"deal": "a", "stage": "s", "rule": "r", "field": "f", "count": 1}]}`,
		head + `[{"file": "deals/x.yaml", "stage": "", "rule": "parse", "field": "", "count": 3}]}`,
		head + `[{"deal": "a", "rule": "r", "count": 1}, {"deal": "a", "rule": "r", "count": 1}]}`,
		head + `[{"deal": "a", "rule": "r", "count": 9223372036854775807}, {"deal": "a", "rule": "r", "count": 1}]}`,
		head + `[{"deal": "a", "rule": "r", "count": 1e3}]}`, head + `[{"deal": "a", "rule": "r", "count": "1"}]}`,
		head + `[{"deal": "a", "file": "b", "rule": "r", "count": 1}]}`, head + `[{"rule": "r", "count": 1}]}`,
		head + `[{"deal": "a", "rule": "r", "count": 0}]}`, head + `[{"deal": "a", "rule": "r", "x": 0}]}`,
		head + `[1, "a", null, [], {}]}`, head + `[{"deal": "\u00e9\ud800", "rule": "r", "count": 1}]}`,
		`{"kind": "deals-lint-baseline", "version": 2}`, `{"kind": "deals-lint-baseline", "version": -1}`,
		`{"kind": "deals-lint-baseline", "version": 1e400}`, `{"kind": "deals-lint-baseline", "version": 1}`,
		`{"kind": "other", "version": 1, "entries": []}`, `{"kind": ["deals-lint-baseline"], "version": 1}`,
		`{"version": "2.1.0", "runs": []}`, head + `[], "extra": {"a": [1, 2]}}`,
		`{"kind": "deals-lint-baseline", "kind": "deals-lint-baseline", "version": 1, "entries": [], "entries": []}`,
		head + "[" + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "]}",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := baseline.Parse("b.json", data)
		if err != nil {
			var se *source.Error
			if !errors.As(err, &se) || se.Key == "" {
				t.Fatalf("error is not a text of the catalog: %#v", err)
			}
			if se.File != "b.json" || !strings.HasPrefix(err.Error(), "b.json") {
				t.Fatalf("error does not name the file: %v", err)
			}
			if se.IsValid() && se.Col < 1 {
				t.Fatalf("error placed at column %d: %v", se.Col, err)
			}
			return
		}
		out := b.Bytes()
		back, err := baseline.Parse("b.json", out)
		if err != nil {
			t.Fatalf("what was read does not read back: %v\n%s", err, out)
		}
		if again := back.Bytes(); !bytes.Equal(again, out) {
			t.Fatalf("written twice, differs:\n%s\n---\n%s", out, again)
		}
	})
}
