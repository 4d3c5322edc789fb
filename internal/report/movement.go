package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/movement"
	"github.com/dealsascode/deals/internal/text"
)

// MovementFormats are the formats of pipeline movement (deals report
// movement --format).
var MovementFormats = []string{"text", "markdown", "json"}

func (t textReporter) Movement(w io.Writer, rep *movement.Report) error {
	_, err := io.WriteString(w, movementText(rep, t.opts))
	return err
}

func (m markdown) Movement(w io.Writer, rep *movement.Report) error {
	_, err := io.WriteString(w, MovementMarkdown(rep, m.opts.words(), m.opts.lang()))
	return err
}

func (github) Movement(io.Writer, *movement.Report) error { return ErrUnsupported }
func (sarif) Movement(io.Writer, *movement.Report) error  { return ErrUnsupported }

// money is an amount as the language writes it: 1,200,000 EUR, or 120万 EUR.
func money(v float64, currency string, lang i18n.Lang) string {
	if lang == i18n.Chinese {
		return strings.TrimSpace(text.Wan(v, 2) + " " + currency)
	}
	return text.Money(v, currency)
}

func day(ts int64) string { return time.Unix(ts, 0).UTC().Format(time.DateOnly) }

// movementTitle is the sentence that says what the figures are of.
func movementTitle(rep *movement.Report, p i18n.Printer) string {
	return p.T("movement.title", "window", rep.Window.Name, "first", rep.Window.From, "last", rep.Window.Last(),
		"from", day(rep.From), "to", day(rep.To), "currency", rep.Currency)
}

// why says what moved a deal, in p's language: amounts as the language
// writes money.
func why(e movement.Entry, p i18n.Printer, currency string, lang i18n.Lang) string {
	if e.Why == "" {
		return ""
	}
	from, to := e.From, e.To
	if e.Why == "amount" {
		if v, err := strconv.ParseFloat(from, 64); err == nil {
			from = money(v, currency, lang)
		}
		if v, err := strconv.ParseFloat(to, 64); err == nil {
			to = money(v, currency, lang)
		}
	}
	return p.T("movement.why."+e.Why, "from", from, "to", to)
}

func movementText(rep *movement.Report, o Options) string {
	p, lang := o.words(), o.lang()
	var b strings.Builder
	b.WriteString(movementTitle(rep, p) + "\n\n")
	figures := func(f movement.Figures, indent string) {
		rows := [][]string{}
		for _, bar := range movement.Bars {
			sign := map[int]string{1: "+", -1: "-", 0: " "}[bar.Sign()]
			if bar == movement.End {
				sign = "="
			}
			rows = append(rows, []string{indent + sign + " " + p.T("movement.bar."+string(bar)), money(f.Amounts[bar], rep.Currency, lang),
				p.T("movement.deals", "count", len(f.Deals[bar]))})
		}
		b.WriteString(text.Table(rows))
	}
	figures(rep.Total, "")
	b.WriteString("\n" + conversions(rep.Total, p) + "\n")
	for _, g := range rep.Groups {
		b.WriteString("\n" + p.T("movement.group", "by", p.T("movement.by."+rep.By), "name", text.ForTerminal(orNone(g.Name, p))) + "\n")
		figures(g.Figures, "  ")
	}
	for _, bar := range movement.Bars[1 : len(movement.Bars)-1] {
		es := rep.Total.Deals[bar]
		if len(es) == 0 {
			continue
		}
		b.WriteString("\n" + p.T("movement.behind", "bar", p.T("movement.bar."+string(bar)), "count", len(es)) + "\n")
		rows := [][]string{}
		for _, e := range es {
			rows = append(rows, []string{"  " + text.ForTerminal(e.ID), text.ForTerminal(text.Short(e.Title, 50)), text.ForTerminal(e.Owner), money(e.Amount, rep.Currency, lang), text.ForTerminal(why(e, p, rep.Currency, lang))})
		}
		b.WriteString(text.Table(rows))
	}
	b.WriteString("\n" + strings.Join(movementNotes(rep, p), "\n") + "\n")
	return b.String()
}

// conversions lists the stage changes of the period.
func conversions(f movement.Figures, p i18n.Printer) string {
	if len(f.Conversions) == 0 {
		return p.T("movement.noConversions")
	}
	var parts []string
	for _, c := range f.Conversions {
		parts = append(parts, fmt.Sprintf("%s → %s %d", c.From, c.To, c.Count))
	}
	return p.T("movement.conversions", "list", strings.Join(parts, ", "))
}

func orNone(name string, p i18n.Printer) string {
	if name == "" {
		return p.T("movement.noGroup")
	}
	return name
}

// movementNotes say what the figures rest on: the rates, what was left out.
func movementNotes(rep *movement.Report, p i18n.Printer) []string {
	return historyNotes(rep.Currency, rep.To, rep.Unconverted, rep.Notes, p)
}

// historyNotes say what figures read from the history rest on: the rates
// of the configuration at to, the deals left out for a currency without
// one, and what the history said of itself.
func historyNotes(currency string, to int64, unconverted, notes []string, p i18n.Printer) []string {
	out := []string{p.T("movement.rates", "currency", currency, "at", day(to))}
	if len(unconverted) > 0 {
		out = append(out, p.T("movement.unconverted", "deals", strings.Join(unconverted, ", ")))
	}
	for _, n := range notes {
		out = append(out, text.ForTerminal(n))
	}
	return out
}

// MovementMarkdown is the waterfall as Markdown: a table of the bars and,
// folded, the deals behind each. Deal text is escaped.
func MovementMarkdown(rep *movement.Report, p i18n.Printer, lang i18n.Lang) string {
	var b strings.Builder
	b.WriteString(mdEscape(movementTitle(rep, p)) + "\n\n")
	movementTable(&b, rep, p, lang)
	b.WriteString("\n" + mdEscape(conversions(rep.Total, p)) + "\n")
	movementDeals(&b, rep, p, lang)
	b.WriteString("\n")
	for _, n := range movementNotes(rep, p) {
		b.WriteString(mdEscape(n) + "\n")
	}
	return b.String()
}

// movementTable writes the waterfall's bars as a Markdown table: amount
// and number of deals.
func movementTable(b *strings.Builder, rep *movement.Report, p i18n.Printer, lang i18n.Lang) {
	fmt.Fprintf(b, "| %s | %s | %s |\n| --- | ---: | ---: |\n", p.T("movement.md.bar"), p.T("movement.md.amount"), p.T("movement.md.deals"))
	for _, bar := range movement.Bars {
		sign := map[int]string{1: "+ ", -1: "− ", 0: ""}[bar.Sign()]
		name := sign + p.T("movement.bar."+string(bar))
		if bar == movement.Start || bar == movement.End {
			name = "**" + name + "**"
		}
		fmt.Fprintf(b, "| %s | %s | %d |\n", name, money(rep.Total.Amounts[bar], rep.Currency, lang), len(rep.Total.Deals[bar]))
	}
}

// movementDeals writes, folded, the deals behind each bar that has any.
func movementDeals(b *strings.Builder, rep *movement.Report, p i18n.Printer, lang i18n.Lang) {
	for _, bar := range movement.Bars[1 : len(movement.Bars)-1] {
		es := rep.Total.Deals[bar]
		if len(es) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n<details><summary>%s</summary>\n\n", mdEscape(p.T("movement.behind", "bar", p.T("movement.bar."+string(bar)), "count", len(es))))
		for _, e := range es {
			fmt.Fprintf(b, "- `%s` %s (%s): %s", mdCode(e.ID), mdEscape(e.Title), mdEscape(e.Owner), money(e.Amount, rep.Currency, lang))
			if w := why(e, p, rep.Currency, lang); w != "" {
				b.WriteString(", " + mdEscape(w))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n</details>\n")
	}
}

type jsonEntry struct {
	ID     string  `json:"id"`
	Title  string  `json:"title"`
	Owner  string  `json:"owner"`
	Amount float64 `json:"amount"`
	Why    string  `json:"why,omitempty"`
	From   string  `json:"from,omitempty"`
	To     string  `json:"to,omitempty"`
}

type jsonConversion struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// jsonFigures has exactly the bars' names as keys, amounts as numbers.
type jsonFigures struct {
	Name        string                 `json:"name,omitempty"`
	Start       float64                `json:"start"`
	New         float64                `json:"new"`
	PulledIn    float64                `json:"pulled_in"`
	PushedOut   float64                `json:"pushed_out"`
	Increased   float64                `json:"increased"`
	Decreased   float64                `json:"decreased"`
	Won         float64                `json:"won"`
	Lost        float64                `json:"lost"`
	End         float64                `json:"end"`
	Deals       map[string][]jsonEntry `json:"deals"`
	Conversions []jsonConversion       `json:"conversions"`
}

func figuresJSON(name string, f movement.Figures) jsonFigures {
	a := f.Amounts
	out := jsonFigures{Name: name, Start: a[movement.Start], New: a[movement.New], PulledIn: a[movement.PulledIn], PushedOut: a[movement.PushedOut],
		Increased: a[movement.Increased], Decreased: a[movement.Decreased], Won: a[movement.Won], Lost: a[movement.Lost], End: a[movement.End],
		Deals: map[string][]jsonEntry{}, Conversions: []jsonConversion{}}
	for _, bar := range movement.Bars {
		es := []jsonEntry{}
		for _, e := range f.Deals[bar] {
			es = append(es, jsonEntry{ID: e.ID, Title: e.Title, Owner: e.Owner, Amount: e.Amount, Why: e.Why, From: e.From, To: e.To})
		}
		out.Deals[string(bar)] = es
	}
	for _, c := range f.Conversions {
		out.Conversions = append(out.Conversions, jsonConversion{c.From, c.To, c.Count})
	}
	return out
}

func (j jsonReporter) Movement(w io.Writer, rep *movement.Report) error {
	type window struct {
		Name string `json:"name"`
		From string `json:"from"`
		Last string `json:"last"`
	}
	out := struct {
		Window   window `json:"window"`
		From     string `json:"from"`
		To       string `json:"to"`
		Currency string `json:"currency"`
		jsonFigures
		By          string        `json:"by,omitempty"`
		Groups      []jsonFigures `json:"groups,omitempty"`
		Unconverted []string      `json:"unconverted"`
		Notes       []string      `json:"notes"`
	}{
		Window: window{rep.Window.Name, rep.Window.From, rep.Window.Last()},
		From:   time.Unix(rep.From, 0).UTC().Format(time.RFC3339), To: time.Unix(rep.To, 0).UTC().Format(time.RFC3339),
		Currency: rep.Currency, jsonFigures: figuresJSON("", rep.Total), By: rep.By,
		Unconverted: append([]string{}, rep.Unconverted...), Notes: append([]string{}, rep.Notes...),
	}
	for _, g := range rep.Groups {
		out.Groups = append(out.Groups, figuresJSON(g.Name, g.Figures))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
