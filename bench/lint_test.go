// Package bench holds the benchmarks of deals lint on generated deals; see
// README.md. run.sh measures the built command; these benchmarks show where
// the time goes:
//
//	go test ./bench -run '^$' -bench . -benchtime 3x -cpuprofile cpu.prof
//	go tool pprof -top bench.test cpu.prof
package bench

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/dealgen"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/report"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
)

// benchN is how many deals the benchmarks use: BENCH_N, default 2000.
func benchN(b *testing.B) int {
	if s := os.Getenv("BENCH_N"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("BENCH_N=%q is not a positive number", s)
		}
		return n
	}
	return 2000
}

// BenchmarkLint is what deals lint DIR --format json does: find the files,
// load and lint them on all cores, write the report.
func BenchmarkLint(b *testing.B) {
	n := benchN(b)
	dir := b.TempDir()
	cfgFile := filepath.Join(dir, config.FileName)
	if err := os.WriteFile(cfgFile, dealgen.Config(), 0o644); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%06d.yaml", i)), dealgen.Deal(1, i), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	cfg, err := repo.LoadConfig(cfgFile)
	if err != nil {
		b.Fatal(err)
	}
	linter, err := lint.New(cfg, dealgen.Today)
	if err != nil {
		b.Fatal(err)
	}
	rep, err := report.New("json", report.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		rd, files, errs := repo.FindOnDisk(cfg, dir)
		if len(errs) > 0 || len(files) != n {
			b.Fatalf("found %d files, errors %v", len(files), errs)
		}
		if err := rep.Lint(io.Discard, linter.Run(rd, files, nil, nil)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "deals/s")
}

// BenchmarkPhases times the work on one deal phase by phase, on one core,
// from bytes in memory; each sub-benchmark adds a phase to the one before:
// YAML parsing, conversion to plain values, schema validation, the typed
// decode (the four make deal.Parse), then the rules.
func BenchmarkPhases(b *testing.B) {
	const n = 500
	data := make([][]byte, n)
	for i := range data {
		data[i] = dealgen.Deal(1, i)
	}
	cfg, err := config.Parse(config.FileName, dealgen.Config())
	if err != nil {
		b.Fatal(err)
	}
	linter, err := lint.New(cfg, dealgen.Today)
	if err != nil {
		b.Fatal(err)
	}
	perDeal := func(b *testing.B, fn func(i int)) {
		k := 0
		for b.Loop() {
			fn(k % n)
			k++
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(k)/1000, "µs/deal")
	}
	b.Run("yaml", func(b *testing.B) {
		perDeal(b, func(i int) {
			if _, err := source.Parse("d.yaml", data[i]); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("yaml+value", func(b *testing.B) {
		perDeal(b, func(i int) {
			root, _ := source.Parse("d.yaml", data[i])
			source.Value("d.yaml", root)
		})
	})
	b.Run("yaml+value+schema", func(b *testing.B) {
		perDeal(b, func(i int) {
			root, _ := source.Parse("d.yaml", data[i])
			v, _ := source.Value("d.yaml", root)
			if p := source.Check("d.yaml", root, v, schema.Deal()); len(p) > 0 {
				b.Fatal(p[0])
			}
		})
	})
	b.Run("parse", func(b *testing.B) {
		perDeal(b, func(i int) {
			if _, p := deal.Parse("d.yaml", data[i]); len(p) > 0 {
				b.Fatal(p[0])
			}
		})
	})
	b.Run("parse+rules", func(b *testing.B) {
		perDeal(b, func(i int) {
			d, p := deal.Parse("d.yaml", data[i])
			linter.Deal(d, p)
		})
	})
}
