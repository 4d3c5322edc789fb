package teamrule_test

import (
	"os"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/teamrule"
)

// BenchmarkCompile compiles the examples' rule pack, as every lint does
// once.
func BenchmarkCompile(b *testing.B) {
	read := func(name string) ([]byte, error) { return os.ReadFile("../../examples/rules/" + name) }
	cfg, err := config.ParseWith("c.yaml", []byte("include: [qualification.yaml]\n"), read)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, problems := teamrule.Compile(cfg, "2026-12-01"); len(problems) > 0 {
			b.Fatal(problems)
		}
	}
}
