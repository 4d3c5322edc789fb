package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/dealsascode/deals/internal/backtest"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/text"
)

// side is one side of a backtest: "12 of 40 won (30%)", or "–".
func side(won, n int, rate float64, p i18n.Printer) string {
	if n == 0 {
		return "–"
	}
	return p.T("backtest.side", "won", won, "count", n, "rate", percent(rate))
}

// Backtest writes a rule's backtest for a terminal, in p's language.
func Backtest(w io.Writer, r backtest.Rule, p i18n.Printer) error {
	var b strings.Builder
	b.WriteString(p.T("backtest.title", "rule", r.ID, "count", r.Closed) + "\n\n")
	if r.Closed == 0 {
		b.WriteString(p.T("backtest.none") + "\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	rows := [][]string{strings.Split(p.T("backtest.head"), "\t")}
	small := false
	row := func(name string, c backtest.Cell) {
		if c.Fired+c.Clean == 0 {
			return
		}
		note := ""
		if !c.Enough() {
			note, small = "*", true
		}
		rows = append(rows, []string{name, side(c.FiredWon, c.Fired, c.FiredRate(), p), side(c.CleanWon, c.Clean, c.CleanRate(), p), note})
	}
	for _, c := range r.Stages {
		row(c.Stage, c)
	}
	row(p.T("backtest.any"), r.Any)
	b.WriteString(text.Table(rows))
	if small {
		b.WriteString("\n" + p.T("backtest.small", "min", backtest.MinSample) + "\n")
	}
	b.WriteString("\n" + p.T("backtest.meaning") + "\n")
	_, err := fmt.Fprint(w, b.String())
	return err
}
