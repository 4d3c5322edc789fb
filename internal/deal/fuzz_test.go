package deal_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/source"
)

// FuzzParse feeds the loader arbitrary bytes: it must never panic, every
// problem it reports must be positioned in the file, and naming the field
// at any position of a deal it read must not panic either.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"", "id: x\n", "\ufeffid: x\r\n", "id: x\n---\nid: y\n", "- a\n", "a: [\n", "a:\n\tb: 1\n",
		"id: a\nid: b\n", "a: &a [x]\nb: *a\n", "<<: {a: 1}\n", "a: !tag x\n", "a: .nan\n",
		"close_date: 2026-02-30\n", "amount: {value: -1}\n", "amount: {value: !!int nan}\n", "key_players: [{id: a, name: b, reports_to: a}]\n",
		"title: caf\xe9\n", "a: \x00\n", strings.Repeat("[", 100), "? [a]\n: b\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, pattern := range []string{"testdata/*.yaml", "../../examples/deals/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, problems := deal.Parse("f.yaml", data)
		if d == nil && len(problems) == 0 {
			t.Fatal("no deal and no problem")
		}
		for _, p := range problems {
			if p.File != "f.yaml" || p.Line < 1 || p.Col < 1 {
				t.Fatalf("problem not positioned: %#v", p)
			}
			if !strings.HasPrefix(p.Error(), "f.yaml:") {
				t.Fatalf("problem prints as %q", p.Error())
			}
		}
		if d != nil {
			lines := min(strings.Count(string(data), "\n")+1, 200)
			for line := 1; line <= lines; line++ {
				for col := 1; col <= 9; col += 2 {
					d.PathAt(source.Pos{Line: line, Col: col})
				}
			}
		}
	})
}
