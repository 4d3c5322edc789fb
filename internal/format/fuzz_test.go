package format

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/dealgen"
	"gopkg.in/yaml.v3"
)

// FuzzFormat: formatting never panics, and what it returns reads as the
// same data as its input and is a fixed point.
func FuzzFormat(f *testing.F) {
	seeds := []string{
		"", "id: x\n", "\ufeffid: x\r\n", "title: T\nid: 'x'\n", "a: [\n", "a:\n\tb: 1\n", "- a\n",
		"id: a\nid: b\n", "a: &a [x]\nb: *a\n", "a: !tag x\n", "a: .nan\n", "title: 'yes'\n",
		"# modeline\ntitle: T\nid: x\n", "notes: |\n  a  \n  b\n", "notes: >-\n  a\n  b\n\n  c\n",
		"notes: |+\n  a\n\n", "notes: |2\n    a\n", "tags: [a, # c\n  b]\n", "id: x\n# end",
		"tags:\n- a\n  # c\n- b\n", "x: 'a\n\n  b'\n", "x: \"a\\\n  b\"\n", "x: a\n  b\n", "? a\n: b\n",
		"key_players:\n- {id: a, name: b}\n- notes: >\n    x\n  id: b\n", "a: |\n\n  x\n", "a: >\n\n\n",
		"a:\n  - |\n   x\n  -   >-\n      y\n", "close_date: 2027-03-31 # date\n", "'a': 'b'\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob("../../examples/deals/*.yaml")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	for i := 0; i < 5; i++ {
		f.Add(dealgen.Deal(7, i))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Source("f.yaml", data)
		if err != nil {
			if !errors.Is(err, ErrUnsafe) && !strings.HasPrefix(err.Error(), "f.yaml:") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		var before, after any
		if err := yaml.Unmarshal(data, &before); err != nil {
			t.Fatalf("formatted a file yaml.v3 cannot read: %v", err)
		}
		if err := yaml.Unmarshal(out, &after); err != nil {
			t.Fatalf("output is not YAML: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(before, after) {
			t.Fatalf("data changed:\n%s", Diff("in", "out", data, out))
		}
		again, err := Source("f.yaml", out)
		if err != nil {
			t.Fatalf("output cannot be formatted: %v", err)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("not idempotent:\n%s", Diff("once", "twice", out, again))
		}
	})
}
