package versions_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/gittest"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/versions"
)

const develop = `id: acme
title: ERP
account: {name: Acme, size: small}
product: {name: P, complexity: simple}
owner: ana
stage: develop
amount: {value: 100, currency: USD}
close_date: 2027-03-31
`

// TestEveryVersionLinted: each version of a deal in the history is linted
// once, on the day it was committed, and a version that did not parse is
// left out as the history leaves it out.
func TestEveryVersionLinted(t *testing.T) {
	g := gittest.New(t, "2026-11-02")
	g.Write("deals/acme.yaml", develop)
	g.Commit("Ana", "ana@example.com", "new")
	g.Write("deals/acme.yaml", "id: acme\nstage: [\n")
	g.Commit("Ana", "ana@example.com", "broken")
	g.Write("deals/acme.yaml", develop+"key_players:\n  - id: eva\n    name: Eva\n    roles: [coach]\n    attitude: supporter\n")
	g.Commit("Ana", "ana@example.com", "a coach")
	g.Write("deals/acme.yaml", develop)
	g.Commit("Ana", "ana@example.com", "back as it was")
	hr, err := history.Open(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	lg, err := hr.Log(nil, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	set, err := versions.Read(hr, lg, config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	d := set.Deals["acme"]
	if set.Linted != 2 || d == nil || len(d.Versions) != 3 {
		t.Fatalf("linted %d contents; versions %+v", set.Linted, d)
	}
	if d.Versions[0].Rules["players-coach"] != 1 || d.Versions[1].Rules["players-coach"] != 0 || d.Versions[2].Rules["players-coach"] != 1 {
		t.Errorf("players-coach across the versions: %v / %v / %v", d.Versions[0].Rules, d.Versions[1].Rules, d.Versions[2].Rules)
	}
	if d.Versions[0].Owner != "ana" || d.Versions[0].Stage != "develop" {
		t.Errorf("version: %+v", d.Versions[0])
	}
	if len(lg.Notes) != 1 || !strings.Contains(lg.Notes[0], "deals/acme.yaml") {
		t.Errorf("notes: %v", lg.Notes)
	}
	// In one pass: the same timelines and findings (and the broken
	// content linted too, which no state uses).
	lg2, set2, err := versions.ReadLog(hr, nil, "", nil, config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(lg2.Deals) != len(lg.Deals) || set2.Linted != 3 {
		t.Fatalf("one pass: %d deals, %d linted; two: %d, %d", len(lg2.Deals), set2.Linted, len(lg.Deals), set.Linted)
	}
	for i, v := range set2.Deals["acme"].Versions {
		if fmt.Sprint(v.Rules) != fmt.Sprint(d.Versions[i].Rules) {
			t.Errorf("version %d: one pass %v, two passes %v", i, v.Rules, d.Versions[i].Rules)
		}
	}
	// With a cache, a second run lints nothing again and finds the same;
	// a corrupt cache is ignored.
	dir := t.TempDir()
	cache := func() *lint.Cache {
		return lint.CacheFor(dir, lint.CacheKey{Config: config.Default(), Version: "test"}, []string{"versions", g.Dir})
	}
	if _, first, err := versions.ReadLog(hr, nil, "", nil, config.Default(), cache()); err != nil || first.Cached != 0 {
		t.Fatalf("first run: %v, %d cached", err, first.Cached)
	}
	_, again, err := versions.ReadLog(hr, nil, "", nil, config.Default(), cache())
	if err != nil || again.Cached != 3 {
		t.Fatalf("second run: %v, %d of %d cached", err, again.Cached, again.Linted)
	}
	for i, v := range again.Deals["acme"].Versions {
		if fmt.Sprint(v.Rules) != fmt.Sprint(d.Versions[i].Rules) {
			t.Errorf("version %d from the cache: %v, linted %v", i, v.Rules, d.Versions[i].Rules)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "lint-*.gob"))
	for _, f := range files {
		if err := os.WriteFile(f, []byte("not a cache"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, broken, err := versions.ReadLog(hr, nil, "", nil, config.Default(), cache()); err != nil || broken.Cached != 0 || fmt.Sprint(broken.Deals["acme"].Versions[0].Rules) != fmt.Sprint(d.Versions[0].Rules) {
		t.Errorf("a corrupt cache: %v, %d cached", err, broken.Cached)
	}
}

// TestReadLogFromTheCache: a run after new commits lints only the contents
// they bring, and finds what a run from scratch finds.
func TestReadLogFromTheCache(t *testing.T) {
	g := gittest.New(t, "2026-11-02")
	for i := range 6 {
		g.Write(fmt.Sprintf("deals/d%d.yaml", i%3), strings.Replace(develop, "id: acme", fmt.Sprintf("id: d%d", i%3), 1)+fmt.Sprintf("next_step: {action: call %d, due: 2026-12-0%d}\n", i, 1+i))
		g.Commit("Ana", "ana@example.com", fmt.Sprint(i))
	}
	hr, err := history.Open(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cache := func() *lint.Cache {
		return lint.CacheFor(dir, lint.CacheKey{Config: config.Default(), Version: "test"}, []string{"versions", g.Dir})
	}
	if _, _, err := versions.ReadLog(hr, nil, "", nil, config.Default(), cache()); err != nil {
		t.Fatal(err)
	}
	g.Write("deals/d1.yaml", strings.Replace(develop, "id: acme", "id: d1", 1)+"stage_note: new\n")
	g.Commit("Ana", "ana@example.com", "one more")
	lg, set, err := versions.ReadLog(hr, nil, "", nil, config.Default(), cache())
	if err != nil {
		t.Fatal(err)
	}
	if set.Linted-set.Cached != 1 {
		t.Errorf("%d of %d contents linted again, want the new one alone", set.Linted-set.Cached, set.Linted)
	}
	wantLog, want, err := versions.ReadLog(hr, nil, "", nil, config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(lg, wantLog) || !reflect.DeepEqual(set.Deals, want.Deals) {
		t.Errorf("from the cache, the history differs from one read from scratch")
	}
}
