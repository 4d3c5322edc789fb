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

// TestAssignIDs: ids from a column, or from the account and title (from
// the record id when the title has no Latin letters); the same record, or
// without one the same account and title, is a duplicate that names the
// first row, and the first row names it.
func TestAssignIDs(t *testing.T) {
	table := &Table{Header: []string{"id", "title", "account", "record"}}
	rows := [][]string{
		{"", "ERP rollout", "ACME", ""},             // 2
		{"", "ERP rollout", "ACME", ""},             // 3: the same deal again
		{"acme-erp-rollout-2", "X", "Y", ""},        // 4: an explicit id the next would make
		{"", "", "ACME", ""},                        // 5: no title
		{"acme-erp-rollout-2", "Z", "W", ""},        // 6: duplicate explicit id
		{"Not An Id", "T", "A", ""},                 // 7
		{"", "热轧产线", "华信", ""},                      // 8: no Latin letters, no record id
		{"", "ERP rollout", "ACME Corp.", ""},       // 9: the same id once the legal form goes
		{"", "二期扩建", "华信", "0061t00000AbCdE"},       // 10: the record id names it
		{"", "三期", "Jiangsu Steel", "9001"},         // 11
		{"", "Other title", "B", "0061t00000AbCdE"}, // 12: the same record as row 10
	}
	for i, r := range rows {
		table.Rows = append(table.Rows, Row{Number: i + 2, Cells: r})
	}
	sf, _ := LookupSource("salesforce")
	got := assignIDs(table, Columns{FieldID: 0, FieldTitle: 1, FieldAccount: 2, FieldRecordID: 3}, sf)
	tests := []struct {
		row      int
		id, skip string
		fields   Field
		notes    []string
	}{
		{row: 2, id: "acme-erp-rollout", notes: []string{"row 3 is the same deal: it is skipped"}},
		{row: 3, skip: "duplicate: the same account and title as row 2", fields: FieldTitle},
		{row: 4, id: "acme-erp-rollout-2", notes: []string{"row 6 is the same deal: it is skipped"}},
		{row: 5, skip: "empty title", fields: FieldTitle},
		{row: 6, skip: "duplicate id acme-erp-rollout-2: row 4 has it too", fields: FieldID},
		{row: 7, skip: `bad id "Not An Id"`, fields: FieldID},
		{row: 8, id: "deal", notes: []string{"the title and account have no Latin letters to make an id from: rename the file and id if you like"}},
		{row: 9, id: "acme-erp-rollout-3"},
		{row: 10, id: "salesforce-0061t00000abcde", notes: []string{"row 12 is the same deal: it is skipped"}},
		{row: 11, id: "jiangsu-steel-salesforce-9001"},
		{row: 12, skip: "duplicate: the same Salesforce record 0061t00000AbCdE as row 10", fields: FieldRecordID},
	}
	for _, tt := range tests {
		a := got[tt.row]
		skip := ""
		if a.skip != nil {
			skip = a.skip.Error()
		}
		var notes []string
		for _, n := range a.notes {
			notes = append(notes, n.In(english))
		}
		if a.id != tt.id || !strings.HasPrefix(skip, tt.skip) || (tt.skip == "") != (skip == "") || a.field != tt.fields || strings.Join(notes, "|") != strings.Join(tt.notes, "|") {
			t.Errorf("row %d: id %q, skip %q in %q, notes %q; want %q, %q in %q, %q", tt.row, a.id, skip, a.field, notes, tt.id, tt.skip, tt.fields, tt.notes)
		}
	}
}
