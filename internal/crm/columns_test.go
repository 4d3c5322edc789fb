package crm

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// The headers below are those of each CRM's standard export, as the
// files come out of it, in their own column order and with columns the
// import does not use.
func TestFindColumnsPerCRM(t *testing.T) {
	tests := []struct {
		source string
		header string
		want   map[Field]string // field -> the column it must find
	}{
		{"salesforce",
			"Opportunity Owner,Account Name,Opportunity Name,Stage,Fiscal Period,Amount,Opportunity Currency,Probability (%),Age,Close Date,Created Date,Next Step,Lead Source,Type",
			map[Field]string{FieldTitle: "Opportunity Name", FieldAccount: "Account Name", FieldAmount: "Amount", FieldCurrency: "Opportunity Currency",
				FieldStage: "Stage", FieldCloseDate: "Close Date", FieldOwner: "Opportunity Owner"}},
		{"salesforce single currency",
			"Opportunity Name,Account Name,Amount,Currency,Stage,Close Date,Opportunity Owner",
			map[Field]string{FieldCurrency: "Currency"}},
		{"hubspot",
			"Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Associated Company,Pipeline,Create Date,Currency",
			map[Field]string{FieldTitle: "Deal Name", FieldAccount: "Associated Company", FieldAmount: "Amount", FieldCurrency: "Currency",
				FieldStage: "Deal Stage", FieldCloseDate: "Close Date", FieldOwner: "Deal owner"}},
		{"hubspot company",
			"Deal Name,Deal Stage,Close Date,Deal owner,Amount,Company",
			map[Field]string{FieldAccount: "Company"}},
		{"hubspot primary company",
			"Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Associated Company IDs (Primary),Associated Company (Primary)",
			map[Field]string{FieldAccount: "Associated Company (Primary)"}},
		{"pipedrive",
			"Deal - ID,Deal - Title,Deal - Creator,Deal - Owner,Deal - Value,Deal - Currency,Deal - Weighted value,Deal - Probability,Deal - Organization,Deal - Pipeline,Deal - Contact person,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Expected close date",
			map[Field]string{FieldTitle: "Deal - Title", FieldAccount: "Deal - Organization", FieldAmount: "Deal - Value", FieldCurrency: "Deal - Currency",
				FieldStage: "Deal - Stage", FieldCloseDate: "Deal - Expected close date", FieldOwner: "Deal - Owner", fieldStatus: "Deal - Status"}},
		{"pipedrive currency of value",
			"Deal - Title,Deal - Value,Deal - Currency of value,Deal - Organization,Deal - Stage,Deal - Owner",
			map[Field]string{FieldCurrency: "Deal - Currency of value"}},
		{"csv",
			strings.Join(ExportColumns, ","),
			map[Field]string{FieldID: "id", FieldTitle: "title", FieldAccount: "account", FieldAmount: "amount", FieldCurrency: "currency", FieldStage: "stage",
				FieldCloseDate: "close_date", FieldOwner: "owner", FieldSize: "size", FieldComplexity: "complexity", FieldProduct: "product",
				FieldRegion: "region", FieldIndustry: "industry"}},
		{"salesforce in other case and spacing",
			"OPPORTUNITY NAME, account name ,amount,stage,close  date,opportunity owner",
			map[Field]string{FieldTitle: "OPPORTUNITY NAME", FieldAccount: " account name ", FieldCloseDate: "close  date", FieldOwner: "opportunity owner"}},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			src, ok := LookupSource(strings.Fields(tt.source)[0])
			if !ok {
				t.Fatalf("no source %s", tt.source)
			}
			header := strings.Split(tt.header, ",")
			cols, err := FindColumns("x.csv", src, header, nil, false)
			if err != nil {
				t.Fatal(err)
			}
			for f, want := range tt.want {
				i, ok := cols[f]
				if !ok {
					t.Errorf("%s: no column, want %q", f, want)
					continue
				}
				if header[i] != want {
					t.Errorf("%s: column %q, want %q", f, header[i], want)
				}
			}
		})
	}
}

func TestFindColumnsMap(t *testing.T) {
	src, _ := LookupSource("csv")
	header := []string{"Name", "Customer", "Value", "Phase", "Rep", "Due"}
	overrides, err := ParseMap("title=Name, account=customer,amount=Value,stage=Phase,owner=Rep,close_date=Due")
	if err != nil {
		t.Fatal(err)
	}
	cols, err := FindColumns("x.csv", src, header, overrides, false)
	if err != nil {
		t.Fatal(err)
	}
	for f, want := range map[Field]int{FieldTitle: 0, FieldAccount: 1, FieldAmount: 2, FieldStage: 3, FieldOwner: 4, FieldCloseDate: 5} {
		if cols[f] != want {
			t.Errorf("%s: column %d, want %d", f, cols[f], want)
		}
	}
	if _, ok := cols[FieldCurrency]; ok {
		t.Error("found a currency column in a file without one")
	}
}

func TestFindColumnsMissing(t *testing.T) {
	sf, _ := LookupSource("salesforce")
	tests := []struct {
		name, header string
		overrides    map[Field]string
		needProduct  bool
		missing      string // the fields reported missing
		looks        string
	}{
		{name: "hubspot file read as salesforce", header: "Deal Name,Deal Stage,Close Date,Deal owner,Amount,Associated Company",
			missing: "title account stage owner", looks: "hubspot"},
		{name: "no owner", header: "Opportunity Name,Account Name,Stage,Amount", missing: "owner"},
		{name: "no product", header: "Opportunity Name,Account Name,Stage,Opportunity Owner", needProduct: true, missing: "product"},
		{name: "mapped column absent", header: "Opportunity Name,Account Name,Stage,Opportunity Owner",
			overrides: map[Field]string{FieldRegion: "Territory"}, missing: "region"},
		{name: "mapping replaces the default name", header: "Opportunity Name,Account Name,Stage,Opportunity Owner",
			overrides: map[Field]string{FieldTitle: "Name"}, missing: "title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FindColumns("x.csv", sf, strings.Split(tt.header, ","), tt.overrides, tt.needProduct)
			var e *MissingColumnsError
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want missing columns", err)
			}
			var got []string
			for _, m := range e.Missing {
				got = append(got, string(m.Field))
			}
			if strings.Join(got, " ") != tt.missing {
				t.Errorf("missing %v, want %s", got, tt.missing)
			}
			looks := ""
			if e.Looks != nil {
				looks = e.Looks.ID
			}
			if looks != tt.looks {
				t.Errorf("looks like %q, want %q", looks, tt.looks)
			}
			msg := err.Error()
			for _, want := range []string{"x.csv", "columns missing", "the columns found are \"" + strings.Split(tt.header, ",")[0] + "\""} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
		})
	}
}

func TestParseMap(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "", want: ""},
		{in: "title=Name", want: "title=Name"},
		{in: "Title = Deal name , close_date=Due date", want: "close_date=Due date title=Deal name"},
		{in: "titel=Name", err: `unknown field "titel"`},
		{in: "title", err: "field=Column"},
		{in: "title=", err: "field=Column"},
		{in: "title=A,title=B", err: "twice"},
		{in: "status=Status", err: "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, err := ParseMap(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range Fields {
				if c, ok := m[f]; ok {
					got = append(got, string(f)+"="+c)
				}
			}
			slices.Sort(got)
			if strings.Join(got, " ") != tt.want {
				t.Errorf("got %v, want %s", got, tt.want)
			}
		})
	}
}
