package crm

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the .golden files of the realistic exports")

// exportsConfig is a European team's repository: base currency EUR, rates
// for the currencies the exports use but CHF.
const exportsConfig = `team:
  - {id: lena-fischer, name: Lena Fischer}
  - {id: wang-hao, name: {en: Wang Hao, zh: 王浩}}
  - {id: jane-roe, name: Jane Roe}
currency:
  base: EUR
  rates: {USD: 0.92, CNY: 0.13, GBP: 1.17, JPY: 0.0061}
`

// TestRealisticExports imports exports as each CRM writes them, written
// from its documented column names with the mistakes real ones hold
// (testdata/exports): a Salesforce report (US dates, currency signs, a
// footer), a Salesforce Data Loader extract (API names, ISO dates), a
// HubSpot export saved by Chinese Excel (GBK, Chinese titles, ￥ without
// a currency) and a Pipedrive export saved by German Excel (semicolons,
// a byte-order mark, 1.200.000,00 €, dd.mm.yyyy). Every row's outcome is
// in the .golden file beside it: the file written, or every problem.
func TestRealisticExports(t *testing.T) {
	cfg := parseConfig(t, exportsConfig)
	for _, c := range []struct {
		file, source string
		order        DateOrder
	}{
		// The report's dates are month first but for one typed day first
		// (13/1/2027): the column says both, so no date of it is read
		// until --date-order says which, as the message tells.
		{"salesforce-report.csv", "salesforce", AutoOrder},
		{"salesforce-report.csv", "salesforce", MonthFirst},
		{"salesforce-dataloader.csv", "salesforce", AutoOrder},
		{"hubspot-deals-gbk.csv", "hubspot", AutoOrder},
		{"pipedrive-de.csv", "pipedrive", AutoOrder},
	} {
		name := strings.TrimSuffix(c.file, ".csv")
		if c.order == MonthFirst {
			name += ".mdy"
		}
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "exports", c.file)
			table, err := ReadFile(path, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			src, _ := LookupSource(c.source)
			plan, err := Prepare(cfg, table, Options{Source: src, File: path, Size: "medium", Complexity: "simple", Product: "Plant Suite", DateOrder: c.order, OutDir: t.TempDir(), Schema: "../.deals/deal.schema.json"})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			imported := 0
			for _, it := range plan.Items {
				if it.Skip != nil {
					fmt.Fprintf(&b, "row %d skipped: %s\n", it.Row, skipText(it))
					continue
				}
				imported++
				fmt.Fprintf(&b, "row %d: %s\n", it.Row, filepath.Base(it.Path))
				for _, n := range it.Notes {
					fmt.Fprintf(&b, "  note: %s\n", n.In(english))
				}
				for _, line := range strings.Split(string(it.Content), "\n") {
					// The teaching comments and the skeleton are the same
					// in every file; the values are what the import read.
					if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") {
						fmt.Fprintf(&b, "  %s\n", line)
					}
				}
			}
			for _, r := range plan.Footer {
				fmt.Fprintf(&b, "footer row %d: %s\n", r.Number, r.Cells[0])
			}
			fmt.Fprintf(&b, "%d imported, %d skipped, %d footer rows\n", imported, len(plan.Items)-imported, len(plan.Footer))
			golden := filepath.Join("testdata", "exports", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if b.String() != string(want) {
				t.Errorf("%s: the import differs from %s (go test ./internal/crm -run TestRealisticExports -update, then review the diff)", c.file, golden)
			}
		})
	}
}
