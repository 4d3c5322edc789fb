package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/dealsascode/deals/internal/accuracy"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/text"
)

// AccuracyFormats are the formats of forecast accuracy (deals report
// accuracy --format).
var AccuracyFormats = MovementFormats

func (t textReporter) Accuracy(w io.Writer, rep *accuracy.Report) error {
	_, err := io.WriteString(w, accuracyText(rep, t.opts.words(), t.opts.lang(), false))
	return err
}

func (m markdown) Accuracy(w io.Writer, rep *accuracy.Report) error {
	_, err := io.WriteString(w, accuracyText(rep, m.opts.words(), m.opts.lang(), true))
	return err
}

func (github) Accuracy(io.Writer, *accuracy.Report) error { return ErrUnsupported }
func (sarif) Accuracy(io.Writer, *accuracy.Report) error  { return ErrUnsupported }

// percent writes a share as a whole percentage, "–" when there is nothing
// to share.
func percent(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", v*100)
}

// accuracyRow is one row of the table of reps (or quarters).
func accuracyRow(f accuracy.Figures, name, currency string, p i18n.Printer, lang i18n.Lang) []string {
	amounts := "–"
	if f.AmountDeals > 0 {
		amounts = p.T("accuracy.amounts", "close", money(f.CloseAmount, currency, lang), "first", money(f.FirstAmount, currency, lang), "ratio", fmt.Sprintf("%.2f", f.AmountRatio()))
	}
	brier := "–"
	if f.BrierN > 0 {
		brier = fmt.Sprintf("%.3f", f.Brier)
	}
	slips := p.T("accuracy.noSlips")
	if f.Slips > 0 {
		slips = p.T("accuracy.slips", "count", f.Slips, "deals", f.SlippedDeals, "days", f.SlipDays)
	}
	return []string{name, fmt.Sprint(f.Won), fmt.Sprint(f.Lost), percent(f.WinRate()), slips, amounts,
		p.T("accuracy.hits", "hit", f.Hit, "called", f.Called, "rate", percent(f.HitRate())), brier}
}

// accuracyText is the report as a terminal table, or as Markdown tables.
func accuracyText(rep *accuracy.Report, p i18n.Printer, lang i18n.Lang, md bool) string {
	var b strings.Builder
	since := p.T("accuracy.allHistory")
	if rep.Since > 0 {
		since = day(rep.Since)
	}
	title := p.T("accuracy.title", "since", since, "to", day(rep.To), "by", p.T("accuracy.by."+rep.By))
	table := func(rows [][]string) {
		if !md {
			b.WriteString(text.Table(rows))
			return
		}
		for i, r := range rows {
			for j := range r {
				r[j] = mdEscape(r[j])
			}
			b.WriteString("| " + strings.Join(r, " | ") + " |\n")
			if i == 0 {
				b.WriteString(strings.Repeat("| --- ", len(r)) + "|\n")
			}
		}
	}
	if md {
		title = "## " + mdEscape(title)
	}
	b.WriteString(title + "\n\n")
	head := strings.Split(p.T("accuracy.head"), "\t")
	rows := [][]string{head}
	for _, g := range rep.Groups {
		rows = append(rows, accuracyRow(g.Figures, orNone(g.Name, p), rep.Currency, p, lang))
	}
	rows = append(rows, accuracyRow(rep.Total.Figures, p.T("accuracy.all"), rep.Currency, p, lang))
	table(rows)

	b.WriteString("\n" + heading(p.T("accuracy.perQuarter"), md) + "\n")
	rows = [][]string{append([]string{p.T("accuracy.quarter")}, head...)}
	quarters := func(r accuracy.Rep, name string) {
		for _, q := range r.Quarters {
			rows = append(rows, append([]string{q.Name}, accuracyRow(q.Figures, name, rep.Currency, p, lang)...))
		}
	}
	for _, g := range rep.Groups {
		quarters(g, orNone(g.Name, p))
	}
	quarters(rep.Total, p.T("accuracy.all"))
	table(rows)

	b.WriteString("\n" + heading(p.T("accuracy.calibration"), md) + "\n")
	rows = [][]string{strings.Split(p.T("accuracy.calibrationHead"), "\t")}
	for _, s := range rep.Stages {
		rows = append(rows, []string{s.ID, fmt.Sprintf("%g%%", s.Probability), percent(s.Share()), p.T("accuracy.ofReached", "won", s.Won, "reached", s.Reached)})
	}
	table(rows)
	b.WriteString("\n" + p.T("accuracy.brierNote") + "\n")
	for _, n := range accuracyNotes(rep, p) {
		b.WriteString(n + "\n")
	}
	return b.String()
}

func heading(s string, md bool) string {
	if md {
		return "### " + mdEscape(s) + "\n"
	}
	return s
}

func accuracyNotes(rep *accuracy.Report, p i18n.Printer) []string {
	return historyNotes(rep.Currency, rep.To, rep.Unconverted, rep.Notes, p)
}

// Suggested writes the stage probabilities learned from the team's closed
// deals as the stages of deals.config.yaml, each with its sample, and
// says which stages had too few deals to learn from. learned is false
// when none had enough.
func Suggested(w io.Writer, rep *accuracy.Report, p i18n.Printer) (learned bool, err error) {
	var b strings.Builder
	var short []string
	b.WriteString("# " + p.T("accuracy.suggest.head", "min", accuracy.MinSample) + "\nstages:\n")
	for _, s := range rep.Stages {
		if !s.Enough() {
			short = append(short, p.T("accuracy.suggest.short", "stage", s.ID, "reached", s.Reached, "min", accuracy.MinSample))
			continue
		}
		learned = true
		fmt.Fprintf(&b, "  - id: %s\n    probability: %.0f  # %s\n", s.ID, math.Round(s.Share()*100),
			p.T("accuracy.suggest.why", "won", s.Won, "reached", s.Reached, "configured", s.Probability))
	}
	if len(short) > 0 {
		b.WriteString("# " + p.T("accuracy.suggest.notEnough", "stages", strings.Join(short, ", ")) + "\n")
	}
	if !learned {
		return false, nil
	}
	_, err = io.WriteString(w, b.String())
	return true, err
}

type jsonAccuracy struct {
	Name          string   `json:"name,omitempty"`
	Quarter       string   `json:"quarter,omitempty"`
	Won           int      `json:"won"`
	Lost          int      `json:"lost"`
	WinRate       *float64 `json:"win_rate"`
	Slips         int      `json:"slips"`
	SlippedDeals  int      `json:"slipped_deals"`
	SlipDays      int      `json:"slip_days"`
	FirstAmount   float64  `json:"amount_first_forecast"`
	CloseAmount   float64  `json:"amount_at_close"`
	AmountDeals   int      `json:"amount_deals"`
	CommitCalled  int      `json:"commit_called"`
	CommitWon     int      `json:"commit_won"`
	CommitHitRate *float64 `json:"commit_hit_rate"`
	Brier         *float64 `json:"brier"`
	BrierSamples  int      `json:"brier_samples"`
}

// orNull is a share or a score to six decimals (a square of 0.35 is
// 0.1225, not 0.12249999999999998), or null for one that cannot be told
// (NaN).
func orNull(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	v = math.Round(v*1e6) / 1e6
	return &v
}

func accuracyJSON(f accuracy.Figures, quarter string) jsonAccuracy {
	out := jsonAccuracy{Name: f.Name, Quarter: quarter, Won: f.Won, Lost: f.Lost, WinRate: orNull(f.WinRate()), Slips: f.Slips, SlippedDeals: f.SlippedDeals,
		SlipDays: f.SlipDays, FirstAmount: f.FirstAmount, CloseAmount: f.CloseAmount, AmountDeals: f.AmountDeals, CommitCalled: f.Called, CommitWon: f.Hit,
		CommitHitRate: orNull(f.HitRate()), BrierSamples: f.BrierN}
	if quarter != "" {
		out.Name = ""
	}
	if f.BrierN > 0 {
		out.Brier = orNull(f.Brier)
	}
	return out
}

func (j jsonReporter) Accuracy(w io.Writer, rep *accuracy.Report) error {
	type group struct {
		jsonAccuracy
		Quarters []jsonAccuracy `json:"quarters"`
	}
	type stage struct {
		ID          string   `json:"id"`
		Probability float64  `json:"probability"`
		Reached     int      `json:"reached"`
		Won         int      `json:"won"`
		Share       *float64 `json:"won_share"`
	}
	mk := func(r accuracy.Rep) group {
		g := group{jsonAccuracy: accuracyJSON(r.Figures, ""), Quarters: []jsonAccuracy{}}
		for _, q := range r.Quarters {
			g.Quarters = append(g.Quarters, accuracyJSON(q.Figures, q.Name))
		}
		return g
	}
	out := struct {
		Since       string   `json:"since,omitempty"`
		To          string   `json:"to"`
		Currency    string   `json:"currency"`
		By          string   `json:"by"`
		Total       group    `json:"total"`
		Groups      []group  `json:"groups"`
		Stages      []stage  `json:"stages"`
		MinSample   int      `json:"min_sample"`
		Unconverted []string `json:"unconverted"`
		Notes       []string `json:"notes"`
	}{To: day(rep.To), Currency: rep.Currency, By: rep.By, Total: mk(rep.Total), Groups: []group{}, Stages: []stage{}, MinSample: accuracy.MinSample,
		Unconverted: append([]string{}, rep.Unconverted...), Notes: append([]string{}, rep.Notes...)}
	if rep.Since > 0 {
		out.Since = day(rep.Since)
	}
	for _, g := range rep.Groups {
		out.Groups = append(out.Groups, mk(g))
	}
	for _, s := range rep.Stages {
		out.Stages = append(out.Stages, stage{s.ID, s.Probability, s.Reached, s.Won, orNull(s.Share())})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
