package lint_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/lint"
)

// boundedHeader is a deal with nothing but its header, for the files the
// cases below grow.
const boundedHeader = `id: grown
title: A deal grown large
account: {name: A, size: large}
product: {name: P, complexity: complex}
owner: li-na
stage: propose
`

// TestWorkIsLinearInTheFile: a file with N times more of the same thing
// costs N times the work, not N squared. Work is counted as bytes
// allocated, which the machine's load does not change; a quadratic step
// at 4N allocates about 16 times what it did at N, a linear one about 4.
func TestWorkIsLinearInTheFile(t *testing.T) {
	cases := []struct {
		name string
		grow func(n int) string
	}{
		{"unknown keys", func(n int) string {
			var b strings.Builder
			for i := range n {
				fmt.Fprintf(&b, "unknown_%d: %d\n", i, i)
			}
			return b.String()
		}},
		{"a reports_to chain", func(n int) string {
			var b strings.Builder
			b.WriteString("key_players:\n")
			for i := range n {
				fmt.Fprintf(&b, "  - id: p%d\n    name: Person %d\n    roles: [user]\n", i, i)
				if i > 0 {
					fmt.Fprintf(&b, "    reports_to: p%d\n", i-1)
				}
			}
			return b.String()
		}},
		{"a reports_to circle", func(n int) string {
			var b strings.Builder
			b.WriteString("key_players:\n")
			for i := range n {
				fmt.Fprintf(&b, "  - id: p%d\n    name: Person %d\n    roles: [user]\n    reports_to: p%d\n", i, i, (i+1)%n)
			}
			return b.String()
		}},
		{"players without what the stage needs", func(n int) string {
			var b strings.Builder
			b.WriteString("key_players:\n")
			for i := range n {
				fmt.Fprintf(&b, "  - id: p%d\n    name: Person %d\n    roles: [unknown_role]\n    reports_to: nobody%d\n", i, i, i)
			}
			return b.String()
		}},
	}
	l := linter(t, "")
	work := func(src string) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		d, problems := deal.Parse("grown.yaml", []byte(src))
		res := l.Deal(d, problems)
		runtime.ReadMemStats(&after)
		if len(res.Findings) > 20*lint.MaxFindingsPerRule {
			t.Errorf("%d findings: the cap of %d per rule does not hold", len(res.Findings), lint.MaxFindingsPerRule)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	const n = 1000
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			small := work(boundedHeader + c.grow(n))
			large := work(boundedHeader + c.grow(4*n))
			if ratio := float64(large) / float64(small); ratio > 6 {
				t.Errorf("4x the input allocates %.1fx the bytes (%d at %d, %d at %d): not linear", ratio, small, n, large, 4*n)
			}
		})
	}
}

func TestFindingsAreCappedPerRule(t *testing.T) {
	var b strings.Builder
	b.WriteString(boundedHeader)
	for i := range 250 {
		fmt.Fprintf(&b, "unknown_%d: %d\n", i, i)
	}
	d, problems := deal.Parse("grown.yaml", []byte(b.String()))
	res := linter(t, "").Deal(d, problems)
	if got := len(res.Findings); got != lint.MaxFindingsPerRule+1 {
		t.Fatalf("%d findings, want %d", got, lint.MaxFindingsPerRule+1)
	}
	last := res.Findings[len(res.Findings)-1]
	if last.Rule != lint.RuleSchema || last.Pos.Line != 7+lint.MaxFindingsPerRule || !strings.Contains(last.Message, "150 more findings of this rule") {
		t.Errorf("the last finding is %s, want the count of the 150 not listed at line %d", last, 7+lint.MaxFindingsPerRule)
	}
}
