// Package crm turns opportunity exports of CRMs (Salesforce, HubSpot,
// Pipedrive, or any CSV) into deal files, and deals back into CSV and JSON
// for finance and spreadsheets.
package crm

import (
	"sort"
	"strconv"
	"strings"

	"github.com/dealsascode/deals/internal/i18n"
)

// Field is a deal header field a CSV column can fill.
type Field string

const (
	FieldID         Field = "id"
	FieldTitle      Field = "title"
	FieldAccount    Field = "account"
	FieldAmount     Field = "amount"
	FieldCurrency   Field = "currency"
	FieldStage      Field = "stage"
	FieldCloseDate  Field = "close_date"
	FieldOwner      Field = "owner"
	FieldSize       Field = "size"
	FieldComplexity Field = "complexity"
	FieldProduct    Field = "product"
	FieldRegion     Field = "region"
	FieldIndustry   Field = "industry"
	// What a CRM knows beyond the header: its record id (written as
	// crm_id), its probability (a comment: the stage's is the deal's),
	// forecast category, next step, and why a deal was won or lost.
	FieldRecordID    Field = "record_id"
	FieldProbability Field = "probability"
	FieldForecast    Field = "forecast"
	FieldNextStep    Field = "next_step"
	FieldWonReason   Field = "won_reason"
	FieldLostReason  Field = "lost_reason"

	// fieldStatus is Pipedrive's open/won/lost, kept apart from the stage
	// (a won deal stays in the stage it was won from). Not mappable.
	fieldStatus Field = "status"
)

// Fields are the fields --map accepts, in the order reports list them.
var Fields = append(append([]Field(nil), headerFields...),
	FieldRecordID, FieldProbability, FieldForecast, FieldNextStep, FieldWonReason, FieldLostReason)

// headerFields are the fields of a deal's header, which deals export
// writes in columns of their names.
var headerFields = []Field{FieldID, FieldTitle, FieldAccount, FieldAmount, FieldCurrency, FieldStage, FieldCloseDate,
	FieldOwner, FieldSize, FieldComplexity, FieldProduct, FieldRegion, FieldIndustry}

// requiredFields must have a column: the schema requires them and no flag
// supplies them. The product is required too unless --product is given.
var requiredFields = []Field{FieldTitle, FieldAccount, FieldStage, FieldOwner}

// Source is where an export comes from.
type Source struct {
	// ID is what --from takes; Name is how reports and files name it.
	ID, Name string
	// Columns lists, per field, the column names of the source's standard
	// export, in order of preference; they match ignoring case.
	Columns map[Field][]string
}

// The column names of each CRM's standard opportunity or deal export:
// Salesforce's opportunity report (column labels of the Opportunity
// fields) and its Data Loader export (the fields' API names, and
// Account.Name and Owner.Name for the names of the account and owner),
// HubSpot's deal export (property labels; the company association is
// "Associated Company" or, in newer exports, "Associated Company
// (Primary)"), and Pipedrive's deal export ("Deal - " plus the field name;
// the currency is "Deal - Currency of value" in current exports).
var sources = []Source{
	{ID: "salesforce", Name: "Salesforce", Columns: map[Field][]string{
		FieldTitle:       {"Opportunity Name", "Name"},
		FieldAccount:     {"Account Name", "Account.Name"},
		FieldAmount:      {"Amount"},
		FieldCurrency:    {"Opportunity Currency", "Currency", "Amount Currency", "CurrencyIsoCode"},
		FieldStage:       {"Stage", "StageName"},
		FieldCloseDate:   {"Close Date", "CloseDate"},
		FieldOwner:       {"Opportunity Owner", "Owner Name", "Owner", "Owner.Name"},
		FieldProduct:     {"Product Name", "Product"},
		FieldRegion:      {"Region"},
		FieldIndustry:    {"Industry"},
		FieldRecordID:    {"Opportunity ID", "Id"},
		FieldProbability: {"Probability (%)", "Probability"},
		FieldForecast:    {"Forecast Category", "ForecastCategoryName", "ForecastCategory"},
		FieldNextStep:    {"Next Step", "NextStep"},
		FieldLostReason:  {"Loss Reason", "Lost Reason", "Closed Lost Reason"},
		FieldWonReason:   {"Win Reason", "Won Reason", "Closed Won Reason"},
	}},
	{ID: "hubspot", Name: "HubSpot", Columns: map[Field][]string{
		FieldTitle:       {"Deal Name"},
		FieldAccount:     {"Associated Company", "Associated Company (Primary)", "Company", "Company name"},
		FieldAmount:      {"Amount"},
		FieldCurrency:    {"Currency", "Deal currency code"},
		FieldStage:       {"Deal Stage"},
		FieldCloseDate:   {"Close Date"},
		FieldOwner:       {"Deal owner"},
		FieldProduct:     {"Product Name", "Product"},
		FieldIndustry:    {"Industry"},
		FieldRecordID:    {"Record ID"},
		FieldProbability: {"Deal probability", "Deal Stage Probability"},
		FieldForecast:    {"Forecast category"},
		FieldNextStep:    {"Next step"},
		FieldLostReason:  {"Closed lost reason"},
		FieldWonReason:   {"Closed won reason"},
	}},
	{ID: "pipedrive", Name: "Pipedrive", Columns: map[Field][]string{
		FieldTitle:       {"Deal - Title"},
		FieldAccount:     {"Deal - Organization", "Organization - Name"},
		FieldAmount:      {"Deal - Value"},
		FieldCurrency:    {"Deal - Currency", "Deal - Currency of value"},
		FieldStage:       {"Deal - Stage"},
		FieldCloseDate:   {"Deal - Expected close date"},
		FieldOwner:       {"Deal - Owner"},
		FieldProduct:     {"Deal - Product name", "Deal - Product"},
		FieldIndustry:    {"Organization - Industry"},
		FieldRecordID:    {"Deal - ID"},
		FieldProbability: {"Deal - Probability"},
		FieldLostReason:  {"Deal - Lost reason"},
		fieldStatus:      {"Deal - Status"},
	}},
	{ID: "csv", Name: "CSV", Columns: exportColumns()},
}

// exportColumns are the columns deals export writes, so that what it
// writes imports back with --from csv.
func exportColumns() map[Field][]string {
	m := map[Field][]string{}
	for _, f := range headerFields {
		m[f] = []string{string(f)}
	}
	return m
}

// SourceIDs lists what --from takes.
func SourceIDs() []string {
	ids := make([]string, len(sources))
	for i, s := range sources {
		ids[i] = s.ID
	}
	return ids
}

// LookupSource finds a source by its --from id, ignoring case.
func LookupSource(id string) (Source, bool) {
	for _, s := range sources {
		if strings.EqualFold(s.ID, id) {
			return s, true
		}
	}
	return Source{}, false
}

// ParseMap reads --map: field=Column pairs separated by commas. A column
// name holding a comma cannot be given; none of the CRMs' names do.
func ParseMap(s string) (map[Field]string, error) {
	out := map[Field]string{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for _, pair := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(pair, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return nil, i18n.Errorf("import.flag.mapPair", "value", pair)
		}
		f := Field(strings.ToLower(k))
		if !isField(f) {
			return nil, i18n.Errorf("import.flag.mapField", "value", k, "fields", fieldList())
		}
		if _, dup := out[f]; dup {
			return nil, i18n.Errorf("import.flag.mapTwice", "field", string(f))
		}
		out[f] = v
	}
	return out, nil
}

func isField(f Field) bool {
	for _, x := range Fields {
		if x == f {
			return true
		}
	}
	return false
}

func fieldList() []string {
	names := make([]string, len(Fields))
	for i, f := range Fields {
		names[i] = string(f)
	}
	return names
}

// Columns says which column of a header holds each field: the index, or
// no entry when the header has none.
type Columns map[Field]int

// MissingColumnsError is an export without a column the import needs.
type MissingColumnsError struct {
	File   string
	Source Source
	// Missing are the fields without a column, each with the column
	// names looked for.
	Missing []MissingColumn
	// Found is the header as read.
	Found []string
	// Looks is another source whose columns the header has, if any.
	Looks *Source
}

// MissingColumn is one field no column was found for.
type MissingColumn struct {
	Field  Field
	Wanted []string
}

func (e *MissingColumnsError) Error() string { return e.In(i18n.UI().Printer(i18n.English)) }

// In is the error in p's language: each missing field with the columns
// looked for, the columns found, and what to try.
func (e *MissingColumnsError) In(p i18n.Printer) string {
	missing := make([]i18n.Msg, len(e.Missing))
	for i, m := range e.Missing {
		quoted := make([]string, len(m.Wanted))
		for j, w := range m.Wanted {
			quoted[j] = strconv.Quote(w)
		}
		missing[i] = i18n.M("import.columns.wanted", "field", string(m.Field), "names", quoted)
	}
	next := i18n.M("import.columns.map")
	if e.Looks != nil {
		next = i18n.M("import.columns.looks", "source", e.Looks.Name, "id", e.Looks.ID)
	}
	return p.T("import.columns.missing", "file", e.File, "source", e.Source.Name, "missing", missing, "found", e.Found, "next", next)
}

// FindColumns matches a header against a source's column names, with
// --map overriding them field by field. needProduct says whether the
// product must come from a column (no --product was given).
func FindColumns(file string, src Source, header []string, overrides map[Field]string, needProduct bool) (Columns, error) {
	cols, missing := match(src, header, overrides, needProduct)
	if len(missing) == 0 {
		return cols, nil
	}
	e := &MissingColumnsError{File: file, Source: src, Missing: missing, Found: header}
	if len(overrides) == 0 {
		for _, other := range sources {
			if other.ID == src.ID || other.ID == "csv" {
				continue
			}
			if _, m := match(other, header, nil, false); len(m) == 0 {
				e.Looks = &other
				break
			}
		}
	}
	return nil, e
}

// match finds the columns of a source in a header, and the fields missing.
func match(src Source, header []string, overrides map[Field]string, needProduct bool) (Columns, []MissingColumn) {
	index := map[string]int{}
	for i, h := range header {
		k := headerKey(h)
		if _, dup := index[k]; !dup {
			index[k] = i
		}
	}
	cols := Columns{}
	var missing []MissingColumn
	required := append([]Field(nil), requiredFields...)
	if needProduct {
		required = append(required, FieldProduct)
	}
	for _, f := range append(append([]Field(nil), Fields...), fieldStatus) {
		names, mapped := []string{overrides[f]}, true
		if _, ok := overrides[f]; !ok {
			names, mapped = src.Columns[f], false
		}
		found := false
		for _, name := range names {
			if i, ok := index[headerKey(name)]; ok {
				cols[f] = i
				found = true
				break
			}
		}
		if !found && (mapped || contains(required, f)) {
			if len(names) == 0 {
				names = []string{string(f)}
			}
			missing = append(missing, MissingColumn{Field: f, Wanted: names})
		}
	}
	sort.SliceStable(missing, func(i, j int) bool { return fieldOrder(missing[i].Field) < fieldOrder(missing[j].Field) })
	return cols, missing
}

func fieldOrder(f Field) int {
	for i, x := range Fields {
		if x == f {
			return i
		}
	}
	return len(Fields)
}

func contains(fs []Field, f Field) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// headerKey is how column names compare: case and runs of spaces do not
// matter, nor a trailing asterisk (required columns in import templates).
func headerKey(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), "*")
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
