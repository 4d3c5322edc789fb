package lint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/dealgen"
	"github.com/dealsascode/deals/internal/lint"
)

// TestCountingFindsTheSame holds a counting linter (the history's) to the
// full one: the same rules at the same positions and severities, on every
// example and a thousand generated deals, in the same order.
func TestCountingFindsTheSame(t *testing.T) {
	cfg, err := config.Parse("deals.config.yaml", dealgen.Config())
	if err != nil {
		t.Fatal(err)
	}
	full, err := lint.New(cfg, dealgen.Today)
	if err != nil {
		t.Fatal(err)
	}
	counting, err := lint.New(cfg, dealgen.Today)
	if err != nil {
		t.Fatal(err)
	}
	counting = counting.Counting()
	files := map[string][]byte{}
	examples, _ := filepath.Glob("../../examples/deals/*/*.yaml")
	more, _ := filepath.Glob("../../examples/deals/*.yaml")
	for _, f := range append(examples, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		files[f] = data
	}
	if len(files) == 0 {
		t.Fatal("no examples found")
	}
	for i := range 1000 {
		files[fmt.Sprintf("gen/%04d.yaml", i)] = dealgen.Deal(3, i)
	}
	messages := 0
	for name, data := range files {
		d, problems := deal.Parse(name, data)
		want := full.Deal(d, problems).Findings
		d, problems = deal.Parse(name, data)
		got := counting.Deal(d, problems).Findings
		if len(got) != len(want) {
			t.Fatalf("%s: %d findings counting, %d in full", name, len(got), len(want))
		}
		for i := range want {
			w, g := want[i], got[i]
			if g.Rule != w.Rule || g.Severity != w.Severity || g.Pos != w.Pos {
				t.Fatalf("%s: finding %d is %s %v at %v counting, %s %v at %v in full", name, i, g.Rule, g.Severity, g.Pos, w.Rule, w.Severity, w.Pos)
			}
			if w.Message != "" {
				messages++
			}
		}
	}
	if messages == 0 {
		t.Fatal("the full linter found nothing to compare")
	}
}
