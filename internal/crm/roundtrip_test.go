package crm

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
)

// exportExamples exports the bundled example pipeline.
func exportExamples(t *testing.T) (*config.Config, []repo.File, *ExportResult) {
	t.Helper()
	cfg, err := repo.LoadConfig("../../examples/deals.config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	linter, err := lint.New(cfg, "2026-11-26")
	if err != nil {
		t.Fatal(err)
	}
	rd, files, errs := repo.FindOnDisk(cfg)
	if len(errs) > 0 || len(files) < 10 {
		t.Fatalf("found %d examples: %v", len(files), errs)
	}
	res := Export(cfg, linter, rd, files)
	if len(res.Problems) > 0 || len(res.Errors) > 0 || len(res.Records) != len(files) {
		t.Fatalf("export: %d records of %d files, problems %v, errors %v", len(res.Records), len(files), res.Problems, res.Errors)
	}
	return cfg, files, res
}

// TestRoundTripExamples exports the examples to CSV and imports that into
// an empty folder with the examples' configuration: every deal comes back
// with the same header.
func TestRoundTripExamples(t *testing.T) {
	cfg, files, res := exportExamples(t)
	var csvData bytes.Buffer
	if err := WriteCSV(&csvData, res.Records, true); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	src, err := os.ReadFile(cfg.File)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, config.FileName), src, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, inc := range cfg.Includes {
		rel, _ := filepath.Rel(cfg.Root, inc.File)
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, rel), inc.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	target, err := repo.LoadConfig(filepath.Join(dir, config.FileName))
	if err != nil {
		t.Fatal(err)
	}
	table, err := ReadTable(csvData.Bytes(), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if table.Encoding != "UTF-8 with BOM" {
		t.Errorf("read as %s", table.Encoding)
	}
	csvSource, _ := LookupSource("csv")
	out := filepath.Join(dir, "deals")
	plan, err := Prepare(target, table, Options{Source: csvSource, File: "deals.csv", Size: "small", Complexity: "simple", OutDir: out, Existing: map[string]string{}})
	if err != nil {
		t.Fatal(err)
	}
	plan.Write(nil)
	for _, it := range plan.Items {
		if it.Skip != nil || it.Err != nil || len(it.Notes) > 0 {
			t.Errorf("row %d: skipped %q, error %v, notes %q", it.Row, it.Skip, it.Err, it.Notes)
		}
	}

	for _, file := range files {
		orig, problems := deal.Parse(file.Name, mustRead(t, file.Name))
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		t.Run(orig.ID.Value, func(t *testing.T) {
			path := filepath.Join(out, orig.ID.Value+".yaml")
			back, problems := deal.Parse(path, mustRead(t, path))
			if len(problems) > 0 {
				t.Fatalf("imported file is not valid: %v", problems)
			}
			currency := func(d *deal.Deal) string {
				if !d.Amount.Present() {
					return ""
				}
				if d.Amount.Currency.Value == "" {
					return cfg.Currency.Base
				}
				return d.Amount.Currency.Value
			}
			checks := []struct {
				field      string
				orig, back any
			}{
				{"id", orig.ID.Value, back.ID.Value},
				{"title", orig.Title.Value, back.Title.Value},
				{"account", orig.Account.Name.Value, back.Account.Name.Value},
				{"amount present", orig.Amount.Present(), back.Amount.Present()},
				{"amount", orig.Amount.Value, back.Amount.Value},
				{"currency", currency(orig), currency(back)},
				{"stage", orig.Stage.Value, back.Stage.Value},
				{"close date", orig.CloseDate.Value, back.CloseDate.Value},
				{"owner", orig.Owner.Value, back.Owner.Value},
				{"size", orig.Account.Size.Value, back.Account.Size.Value},
				{"region", orig.Account.Region.Value, back.Account.Region.Value},
				{"industry", orig.Account.Industry.Value, back.Account.Industry.Value},
				{"product", orig.Product.Name.Value, back.Product.Name.Value},
				{"complexity", orig.Product.Complexity.Value, back.Product.Complexity.Value},
			}
			for _, c := range checks {
				if c.orig != c.back {
					t.Errorf("%s: %v, imported %v", c.field, c.orig, c.back)
				}
			}
		})
	}

	// Importing the same export again writes nothing: every id exists.
	plan, err = Prepare(target, table, Options{Source: csvSource, File: "deals.csv", Size: "small", Complexity: "simple", OutDir: out,
		Existing: map[string]string{}})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Imported() != 0 {
		t.Errorf("the second import would write %d files", plan.Imported())
	}
}

func mustRead(t *testing.T, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestExportRecords(t *testing.T) {
	_, _, res := exportExamples(t)
	var huaxin *Record
	for i, r := range res.Records {
		if r.ID == "huaxin-steel-pdm-2027" {
			huaxin = &res.Records[i]
		}
	}
	if huaxin == nil {
		t.Fatal("no huaxin-steel-pdm-2027")
	}
	if *huaxin.Amount != 6800000 || huaxin.Currency != "CNY" || *huaxin.Probability != 80 || *huaxin.AmountBase != 938400 ||
		huaxin.BaseCurrency != "USD" || *huaxin.Score != 100 || !huaxin.Valid || !strings.HasSuffix(huaxin.File, "huaxin-steel-pdm-2027.yaml") {
		t.Errorf("huaxin: %+v", *huaxin)
	}
	for i := 1; i < len(res.Records); i++ {
		if res.Records[i-1].File >= res.Records[i].File {
			t.Errorf("not in file order: %s, %s", res.Records[i-1].File, res.Records[i].File)
		}
	}

	var csvData bytes.Buffer
	if err := WriteCSV(&csvData, res.Records, false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(csvData.String(), "\n")
	if lines[0] != strings.Join(ExportColumns, ",") || bytes.HasPrefix(csvData.Bytes(), []byte("\xEF\xBB\xBF")) {
		t.Errorf("header %q", lines[0])
	}
	if len(lines) != len(res.Records)+2 || lines[len(lines)-1] != "" {
		t.Errorf("%d lines for %d records", len(lines), len(res.Records))
	}

	var jsonData bytes.Buffer
	if err := WriteJSON(&jsonData, res.Records, "2026-11-26", "USD"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Today        string           `json:"today"`
		BaseCurrency string           `json:"base_currency"`
		Deals        []map[string]any `json:"deals"`
	}
	if err := json.Unmarshal(jsonData.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Today != "2026-11-26" || doc.BaseCurrency != "USD" || len(doc.Deals) != len(res.Records) {
		t.Errorf("json: %s %s %d deals", doc.Today, doc.BaseCurrency, len(doc.Deals))
	}
	for _, d := range doc.Deals {
		if len(d) != len(ExportColumns) {
			t.Errorf("%v has %d keys, want %d", d["id"], len(d), len(ExportColumns))
		}
	}
}

func TestExportCSVFormulas(t *testing.T) {
	v := 5.0
	recs := []Record{{ID: "a", Title: "=HYPERLINK(\"http://x\")", Account: "+Plus", Owner: "o", Stage: "s", Product: "-minus", Amount: &v, Valid: true, File: "a.yaml"}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, recs, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"'=HYPERLINK(""http://x"")",'+Plus`) || !strings.Contains(buf.String(), ",'-minus,") {
		t.Errorf("formulas not defused:\n%s", buf.String())
	}
	table, err := ReadTable(buf.Bytes(), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if table.Rows[0].Cells[1] != "=HYPERLINK(\"http://x\")" || table.Rows[0].Cells[2] != "+Plus" {
		t.Errorf("read back %q", table.Rows[0].Cells)
	}
}
