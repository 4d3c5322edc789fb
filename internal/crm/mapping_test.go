package crm

import (
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
)

func parseConfig(t *testing.T, src string) *config.Config {
	t.Helper()
	cfg, err := config.Parse("deals.config.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestAssignIDs(t *testing.T) {
	table := &Table{Header: []string{"id", "title", "account"}}
	rows := [][]string{
		{"", "ERP rollout", "ACME"},       // 2
		{"", "ERP rollout", "ACME"},       // 3: same deal name, second
		{"acme-erp-rollout-3", "X", "Y"},  // 4: an explicit id the third would make
		{"", "ERP rollout", "ACME"},       // 5: skips -3, taken by row 4
		{"", "", "ACME"},                  // 6: no title
		{"acme-erp-rollout-3", "Z", "W"},  // 7: duplicate explicit id
		{"Not An Id", "T", "A"},           // 8
		{"", "热轧产线", "华信"},                // 9
		{"", "ERP rollout", "ACME Corp."}, // 10: the same id once the legal form goes
	}
	for i, r := range rows {
		table.Rows = append(table.Rows, Row{Number: i + 2, Cells: r})
	}
	got := assignIDs(table, Columns{FieldID: 0, FieldTitle: 1, FieldAccount: 2})
	want := map[int]string{
		2: "acme-erp-rollout", 3: "acme-erp-rollout-2", 4: "acme-erp-rollout-3", 5: "acme-erp-rollout-4",
		6: "skip: empty title", 7: "skip: duplicate id acme-erp-rollout-3: row 4 has it too", 8: "skip: bad id",
		9: "deal", 10: "acme-erp-rollout-5",
	}
	for row, w := range want {
		a := got[row]
		g := a.id
		if a.skip != nil {
			g = "skip: " + a.skip.Error()
		}
		if !strings.HasPrefix(g, w) || (a.skip == nil && g != w) {
			t.Errorf("row %d: %q, want %q", row, g, w)
		}
	}
	if got[9].note.Key == "" {
		t.Error("row 9 has no note about its id")
	}
}
