package bench

import (
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/dealsascode/deals/internal/accuracy"
	"github.com/dealsascode/deals/internal/backtest"
	"github.com/dealsascode/deals/internal/cli"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/dealgen"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/movement"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/trend"
	"github.com/dealsascode/deals/internal/versions"
)

// BenchmarkHistoryReports is the four reports of the history together,
// as the site makes them: one pass over the history (git log, one
// cat-file stream, each distinct content parsed once), every version
// linted once, then the movement of this week, month and quarter, the
// accuracy per rep, the coaching trends and the backtest of every rule.
// BENCH_HISTORY names a repository (bench/gen -history writes one); else
// one of BENCH_N deals (1,000) and BENCH_COMMITS commits (10,000) is
// made. It logs each phase's wall time and the peak memory.
func BenchmarkHistoryReports(b *testing.B) {
	dir := os.Getenv("BENCH_HISTORY")
	if dir == "" {
		n, commits := 1000, 10000
		if s := os.Getenv("BENCH_N"); s != "" {
			n, _ = strconv.Atoi(s)
		}
		if s := os.Getenv("BENCH_COMMITS"); s != "" {
			commits, _ = strconv.Atoi(s)
		}
		dir = historyRepo(b, n, commits)
		if err := os.WriteFile(filepath.Join(dir, config.FileName), dealgen.Config(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	cfg, err := repo.LoadConfig(filepath.Join(dir, config.FileName))
	if err != nil {
		b.Fatal(err)
	}
	linter, err := lint.New(cfg, dealgen.Today)
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, r := range linter.Rules() {
		ids = append(ids, r.ID)
	}
	hr, err := history.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	// As deals report and explain --backtest do: the collector waits for a
	// budget (lint.TuneGC).
	defer lint.TuneGC(os.Getenv, cli.HistoryGCFiles)()
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		lg, set, err := versions.ReadLog(hr, nil, "", nil, cfg, nil)
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		var last int64
		for _, t := range lg.Deals {
			if n := len(t.States); n > 0 && t.States[n-1].Time > last {
				last = t.States[n-1].Time
			}
		}
		at := time.Unix(last, 0).UTC()
		w, _ := movement.ParseWindow("this-quarter", at)
		for _, from := range []int64{last - 7*24*3600, last - 30*24*3600, last - 91*24*3600} {
			movement.Compute(lg, cfg, from, last, w, "owner")
		}
		accuracy.Compute(lg, cfg, 0, last, "owner")
		trend.Compute(set, cfg, last)
		backtest.Compute(set, cfg, ids)
		t3 := time.Now()
		b.Logf("%d deals, %d commits, %d contents linted: the history read and every version linted in one pass %s, the four reports %s",
			len(lg.Deals), lg.Commits, set.Linted, t2.Sub(t0).Round(time.Millisecond), t3.Sub(t2).Round(time.Millisecond))
	}
	b.StopTimer()
	// Built again: the versions a run linted are in the cache.
	cacheDir := b.TempDir()
	cache := func() *lint.Cache {
		return lint.CacheFor(cacheDir, lint.CacheKey{Config: cfg, Version: "bench"}, []string{"versions", dir})
	}
	if _, _, err := versions.ReadLog(hr, nil, "", nil, cfg, cache()); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	_, set, err := versions.ReadLog(hr, nil, "", nil, cfg, cache())
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("again, with the cache of the run before: %s (%d of %d contents from the cache)", time.Since(t0).Round(time.Millisecond), set.Cached, set.Linted)
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.Logf("peak memory %d MiB; CPU %.1f s user, %.1f s system", ru.Maxrss/1024, float64(ru.Utime.Sec)+float64(ru.Utime.Usec)/1e6, float64(ru.Stime.Sec)+float64(ru.Stime.Usec)/1e6)
	}
}
