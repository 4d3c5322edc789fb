package render

import (
	"os"
	"testing"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
)

// BenchmarkDealPage renders one deal page from a parsed deal: the work per
// deal that building a site adds to linting it.
func BenchmarkDealPage(b *testing.B) {
	cfg, err := repo.LoadConfig("../examples/deals.config.yaml")
	if err != nil {
		b.Fatal(err)
	}
	data, _ := os.ReadFile("../examples/deals/silver-basin-mill-pdm-2027.yaml")
	d, problems := deal.Parse("d.yaml", data)
	l, _ := lint.New(cfg, today)
	tr, _ := newTranslator("en")
	bld, err := newBuilder(builderOptions{cfg: cfg, linter: l, tr: tr, today: today, out: discardSink{}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bld.renderDeal(d, problems, "deals/x.html", nil); err != nil {
			b.Fatal(err)
		}
	}
}

type discardSink struct{}

func (discardSink) write(string, []byte) error { return nil }
