package crm

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/dealsascode/deals/internal/attention"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/forecast"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/source"
)

// Record is one deal as deals export writes it: the header fields, and
// what finance needs computed from them.
type Record struct {
	ID, Title, Account     string
	Size, Region, Industry string
	Product, Complexity    string
	Owner, Stage           string
	Amount                 *float64
	Currency               string // the deal's, or the base currency when it names none
	CloseDate              string
	Probability            *float64 // the stage's; nil for an unknown stage
	BaseCurrency           string
	AmountBase             *float64 // nil without an amount or without a rate
	// Weighted is AmountBase weighted by the stage's win probability, as
	// the forecast counts it.
	Weighted *float64
	// Forecast is an open deal's forecast call and ForecastBy whose it is
	// (stage, rep or review), as the site's forecast counts it; "" for a
	// closed deal.
	Forecast, ForecastBy string
	Score                *int // overall completeness; nil when the file has problems
	// The coaching signals of the site: overdue plan actions, a passed
	// close date, a stale plan review, required buying roles not found.
	OverdueActions  int
	CloseDatePassed bool
	StaleReview     bool
	MissingRoles    []string
	// Attention are the kinds of what the deal needs this week, most
	// severe first (see internal/attention), as the site's Needs
	// attention page lists them, without what only the history knows.
	Attention []string
	Valid     bool // false when the file has parse or schema problems
	File      string
}

// ExportColumns is the header of the CSV export. Its first columns are the
// field names --from csv reads, so an export imports back as it is.
var ExportColumns = []string{
	"id", "title", "account", "size", "region", "industry", "product", "complexity", "owner", "stage",
	"amount", "currency", "close_date", "probability", "base_currency", "amount_base", "weighted_amount", "forecast", "forecast_by", "score",
	"overdue_actions", "close_date_passed", "stale_review", "missing_roles", "attention", "valid", "file",
}

// ExportResult is what exporting a set of files found.
type ExportResult struct {
	Records []Record
	// Problems are what is wrong with files that could be read; those
	// deals are exported as far as they could be read.
	Problems []*source.Error
	// Errors are files that could not be read at all.
	Errors []error
}

// Export reads and lints files on all cores and returns their records,
// in the order of files.
func Export(cfg *config.Config, linter *lint.Linter, rd *repo.Reader, files []repo.File) *ExportResult {
	type one struct {
		rec      *Record
		problems []*source.Error
		err      error
	}
	results := make([]one, len(files))
	rd.Read(files, func(i int, f *repo.Loaded) {
		if f.Err != nil {
			results[i].err = f.Err
			return
		}
		d, problems := f.Parse()
		if d == nil {
			results[i].problems = problems
			return
		}
		rec := NewRecord(cfg, linter, d, linter.Deal(d, problems), len(problems) == 0)
		results[i] = one{rec: &rec, problems: problems}
	})
	out := &ExportResult{}
	for _, r := range results {
		if r.err != nil {
			out.Errors = append(out.Errors, r.err)
		}
		out.Problems = append(out.Problems, r.problems...)
		if r.rec != nil {
			out.Records = append(out.Records, *r.rec)
		}
	}
	return out
}

// NewRecord condenses a deal linted as res. Its score counts only when
// the file is valid.
func NewRecord(cfg *config.Config, linter *lint.Linter, d *deal.Deal, res lint.DealResult, valid bool) Record {
	r := Record{
		ID: d.ID.Value, Title: d.Title.Value, Account: d.Account.Name.Value,
		Size: string(d.Account.Size.Value), Region: d.Account.Region.Value, Industry: d.Account.Industry.Value,
		Product: d.Product.Name.Value, Complexity: string(d.Product.Complexity.Value),
		Owner: d.Owner.Value, Stage: d.Stage.Value, CloseDate: d.CloseDate.Value,
		BaseCurrency: cfg.Currency.Base, Valid: valid, File: d.File,
	}
	if stage, ok := cfg.Stage(d.Stage.Value); ok {
		p := stage.Probability
		r.Probability = &p
	}
	if d.Amount.Present() {
		v := d.Amount.Value
		r.Amount = &v
		r.Currency = d.Amount.Currency.Value
		if r.Currency == "" {
			r.Currency = cfg.Currency.Base
		}
		if base, weighted, ok := cfg.Weigh(d.Amount.Value, d.Amount.Currency.Value, d.Stage.Value); ok {
			base, weighted = math.Round(base*100)/100, math.Round(weighted*100)/100
			r.AmountBase = &base
			if r.Probability != nil {
				r.Weighted = &weighted
			}
		}
	}
	call := forecast.CallOf(cfg, d)
	r.Forecast, r.ForecastBy = string(call.Category), string(call.Source)
	if valid {
		s := res.Score.Overall
		r.Score = &s
	}
	signals := linter.Signals(d, res.Findings)
	r.OverdueActions, r.CloseDatePassed, r.StaleReview, r.MissingRoles = signals.OverdueActions, signals.CloseDatePassed, signals.StaleReview, roleNames(signals.MissingRoles)
	r.Attention = []string{}
	for _, a := range attention.Reasons(d, res.Findings, signals, cfg, linter.Today(), attention.Facts{DaysInStage: -1}) {
		r.Attention = append(r.Attention, string(a.Kind))
	}
	return r
}

// WriteCSV writes records with a header row, in UTF-8; bom starts the file
// with a byte-order mark, which Excel needs to read UTF-8. Text that a
// spreadsheet would run as a formula (=, +, -, @ first) is written with a
// leading apostrophe, which spreadsheets hide and --from csv removes.
func WriteCSV(w io.Writer, records []Record, bom bool) error {
	var buf bytes.Buffer
	if bom {
		buf.WriteString("\xEF\xBB\xBF")
	}
	cw := csv.NewWriter(&buf)
	if err := cw.Write(ExportColumns); err != nil {
		return err
	}
	for _, r := range records {
		row := []string{
			formulaSafe(r.ID), formulaSafe(r.Title), formulaSafe(r.Account), formulaSafe(r.Size), formulaSafe(r.Region), formulaSafe(r.Industry),
			formulaSafe(r.Product), formulaSafe(r.Complexity), formulaSafe(r.Owner), formulaSafe(r.Stage),
			number(r.Amount), r.Currency, r.CloseDate, number(r.Probability), r.BaseCurrency, number(r.AmountBase),
			number(r.Weighted), r.Forecast, r.ForecastBy, integer(r.Score), strconv.Itoa(r.OverdueActions), strconv.FormatBool(r.CloseDatePassed),
			strconv.FormatBool(r.StaleReview), strings.Join(r.MissingRoles, " "), strings.Join(r.Attention, " "), strconv.FormatBool(r.Valid), formulaSafe(r.File),
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// formulaSafe defuses a cell a spreadsheet would run as a formula.
func formulaSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// unformula undoes formulaSafe, for cells read back.
func unformula(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

func number(v *float64) string {
	if v == nil {
		return ""
	}
	return FormatAmount(*v)
}

func integer(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

// jsonRecord is a Record as JSON writes it: every key always present,
// null for numbers that are unknown.
type jsonRecord struct {
	ID              string   `json:"id"`
	Title           string   `json:"title"`
	Account         string   `json:"account"`
	Size            string   `json:"size"`
	Region          string   `json:"region"`
	Industry        string   `json:"industry"`
	Product         string   `json:"product"`
	Complexity      string   `json:"complexity"`
	Owner           string   `json:"owner"`
	Stage           string   `json:"stage"`
	Amount          *float64 `json:"amount"`
	Currency        string   `json:"currency"`
	CloseDate       string   `json:"close_date"`
	Probability     *float64 `json:"probability"`
	BaseCurrency    string   `json:"base_currency"`
	AmountBase      *float64 `json:"amount_base"`
	Weighted        *float64 `json:"weighted_amount"`
	Forecast        string   `json:"forecast"`
	ForecastBy      string   `json:"forecast_by"`
	Score           *int     `json:"score"`
	OverdueActions  int      `json:"overdue_actions"`
	CloseDatePassed bool     `json:"close_date_passed"`
	StaleReview     bool     `json:"stale_review"`
	MissingRoles    []string `json:"missing_roles"`
	Attention       []string `json:"attention"`
	Valid           bool     `json:"valid"`
	File            string   `json:"file"`
}

// WriteJSON writes records as one JSON document: the date the scores were
// judged on, the base currency, and the deals.
func WriteJSON(w io.Writer, records []Record, today, base string) error {
	doc := struct {
		Today        string       `json:"today"`
		BaseCurrency string       `json:"base_currency"`
		Deals        []jsonRecord `json:"deals"`
	}{Today: today, BaseCurrency: base, Deals: make([]jsonRecord, len(records))}
	for i, r := range records {
		doc.Deals[i] = jsonRecord(r)
		if doc.Deals[i].MissingRoles == nil {
			doc.Deals[i].MissingRoles = []string{} // a list, never null
		}
		if doc.Deals[i].Attention == nil {
			doc.Deals[i].Attention = []string{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func roleNames(roles []deal.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}
