package render

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/dealsascode/deals/internal/gittest"
)

const hindsightDeal = `id: %s
title: Deal %s
account: {name: Acme, size: small}
product: {name: P, complexity: simple}
owner: ana
stage: %s
amount: {value: 100, currency: USD}
close_date: 2027-03-31
`

// TestHindsightPages: from a history where a rep's deal lacked a coach for
// ten days, the rep's page and the coaching page show the gap introduced
// and fixed in ten days, and the rule's page tries it against the two
// deals that closed.
func TestHindsightPages(t *testing.T) {
	g := gittest.New(t, "2026-11-01")
	deal := func(id, stage, extra string) string {
		return regexp.MustCompile(`%s`).ReplaceAllStringFunc(hindsightDeal, func() func(string) string {
			vals := []string{id, id, stage}
			i := 0
			return func(string) string { i++; return vals[i-1] }
		}()) + extra
	}
	coach := "key_players:\n  - id: eva\n    name: Eva\n    roles: [coach]\n    attitude: supporter\n"
	g.Write("deals.config.yaml", "team:\n  - id: ana\n    name: Ana Lopez\nstages:\n  - id: develop\n    probability: 35\n    requires: [players]\n  - id: won\n    probability: 100\n    outcome: won\n  - id: lost\n    probability: 0\n    outcome: lost\n")
	g.Write("deals/x.yaml", deal("x", "develop", ""))
	g.Write("deals/y.yaml", deal("y", "develop", ""))
	g.Commit("Ana", "ana@example.com", "two deals")
	for range 9 {
		g.Commit("Ana", "ana@example.com", "a day")
	}
	g.Write("deals/x.yaml", deal("x", "develop", coach))
	g.Commit("Ana", "ana@example.com", "a coach for x")
	g.Write("deals/x.yaml", deal("x", "won", coach))
	g.Commit("Ana", "ana@example.com", "x won")
	g.Write("deals/y.yaml", deal("y", "lost", ""))
	g.Commit("Ana", "ana@example.com", "y lost")
	site, _ := build(t, g.Dir, func(o *Options) { o.Today, o.noHistory = "2026-11-20", false })
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(site, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	person := read("people/ana.html")
	if !regexp.MustCompile(`<h2>Coaching trend</h2>`).MatchString(person) || !regexp.MustCompile(`rules/players-coach\.html">[^<]*</a> <span class="muted">players-coach</span></th><td>2</td><td>1</td><td>10 days</td><td>0</td>`).MatchString(person) {
		t.Errorf("ana's page lacks the coach gap introduced twice, fixed once in 10 days:\n%s", person)
	}
	if !regexp.MustCompile(`aria-label="Findings open at the end of each week"`).MatchString(person) {
		t.Error("ana's page lacks the weekly chart")
	}
	if coaching := read("coaching.html"); !regexp.MustCompile(`<h2>Coaching trend of the team</h2>`).MatchString(coaching) {
		t.Error("the coaching page lacks the team's trend")
	}
	rule := read("rules/players-coach.html")
	if !regexp.MustCompile(`Of the 2 deals of the history that were won or lost`).MatchString(rule) || !regexp.MustCompile(`<th scope="row">develop \*</th><td>1 of 2 \(50%\)</td><td>–</td>`).MatchString(rule) {
		t.Errorf("the rule's page lacks its backtest:\n%s", rule)
	}
}
