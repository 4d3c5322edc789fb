package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/dealsascode/deals/internal/attention"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/lint"
)

// The pipeline board (pipeline.html): a column per stage, a card per deal.
// Without JavaScript the board is complete; the script (assets/app.js)
// filters, sorts and tabulates the cards from what they carry, so the page
// holds each deal once. A board of 10,000 deals repeats every byte of a
// card 10,000 times, hence the card's form: its text once, the numbers the
// script needs in one attribute (boardCard.V), states as classes, and the
// words every card would repeat (decision maker, coach, each flag's name)
// given once for the whole board, as CSS custom properties the stylesheet
// shows (boardLabels).

// boardPage is what pipeline.html is made from.
type boardPage struct {
	pageBase
	Columns []*boardColumn
	Totals  boardTotals
	// The filters' choices. A card names its owner, region, size,
	// industry and product by their index in these lists; each owner
	// carries the managers above them, for the team filter.
	Owners                                      []boardOwner
	Teams, Regions, Sizes, Industries, Products []option
	// Flags are the reasons a deal needs attention, and file errors.
	Flags []option
	// Today is the date close periods are counted from.
	Today string
	// Labels are the repeated words of the cards, as CSS custom
	// properties of the board.
	Labels template.CSS
	// Days says whether cards show how long deals have been in their
	// stage: only the history knows, and without it HistoryNote says why.
	Days        bool
	HistoryNote string
	// More is the companion script with the cards the columns do not
	// show (boardMore), "" when they show all; All counts every card.
	More string
	All  int
	// Cap is how many cards a column shows, as built and in the
	// script's views (builder.boardCards).
	Cap int
}

type boardOwner struct {
	option
	// Team is the chain of managers above the owner, nearest first.
	Team string
}

// boardColumn is one stage of the board and its figures.
type boardColumn struct {
	// Key names the column in the address: the stage's id, or "*" for
	// deals at a stage the pipeline does not have (no id has a "*").
	Key  string
	Name string
	// Kind is open, won, lost or unknown: which of the page's totals the
	// column's deals count in.
	Kind string
	// Probability is the stage's win probability, "" for the unknown
	// stage, which has none and so no weighted total.
	Probability string
	// Folded columns are closed until someone opens them: won and lost,
	// whose deals are listed compactly, one line each.
	Folded bool
	// Cards are the column's cards (the card template of a boardCard),
	// and Shown those the board shows: all, or the first of a long
	// column, whose pages start at More.
	Cards, Shown []template.HTML
	More         string
	Count        int
	// Total and Weighted are the column's figures in the base currency.
	Total, Weighted string

	cents       int64
	probability float64
}

// boardCard is one deal on the board.
type boardCard struct {
	Page, Title, Account string
	// V holds the numbers the script filters, sorts and totals by,
	// separated by spaces: the indexes of the owner, region, size,
	// industry and product among the page's options ("-" for none), the
	// score, the days in stage ("-" when unknown), the amount in cents
	// of the base currency ("x" when its currency has no rate), and the
	// amount as written when its currency is another.
	V string
	// Facts are the amount, the close date and the owner.
	Facts string
	// Open is a card of an open deal, which shows the rest.
	Open bool
	// Next is the agreed next step and its date; "" when none is agreed.
	Next string
	// Who says, as classes, whether a decision maker (d) and a coach (c)
	// are found.
	Who string
	// Days is the days in stage, "" when unknown.
	Days string
	// Score is the completeness, and ScoreClass its tenth (s0 to s10),
	// which draws its bar and colours it by level: below 50 % low, from
	// 80 % high, as the meters of the deal pages.
	Score      int
	ScoreClass string
	// Flags are classes: the severity's letter and the reason's kind.
	Flags []string
}

// cardData is what the card template renders.
type cardData struct {
	Root string
	C    *boardCard
}

// boardTotals are the page's figures: open deals, won and lost.
type boardTotals struct {
	Open, Won, Lost, Unconverted   int
	OpenTotal, OpenWeighted        string
	WonTotal, LostTotal            string
	openCents, wonCents, lostCents int64
	openWeighted                   float64
}

// boardFlagInvalid is the flag of a deal whose file has errors: not a
// reason of the Needs attention page, but worth a flag on its card.
const boardFlagInvalid = "invalid"

// How many cards a column of the board shows, and a page of a column
// holds. A column of more shows its first cards and a link to the
// column's own pages, where every card is (complete without JavaScript);
// the script reads the rest from the board's companion script
// (boardMoreScript) when a view needs them. At 10,000 deals, the whole
// board would be 2.9 MB of HTML; capped, 0.43 MB.
const (
	defaultBoardCards      = 200
	defaultColumnPageCards = 1000
	boardMoreScript        = "pipeline-more.js"
)

// columnPage is the address of page n (from 1) of a column's cards. A
// stage id has no dot at its start and no slash, and n no dot, so no two
// columns' pages can share a name; "*", the unknown stage, is no id.
func columnPage(key string, n int) string {
	if key == "*" {
		return "pipeline.unknown." + strconv.Itoa(n) + ".html"
	}
	return "pipeline-" + key + "." + strconv.Itoa(n) + ".html"
}

// columnKey is the key of the board's column a deal at stage is in: the
// stage's id, or "*" for a stage the pipeline does not have.
func (b *builder) columnKey(stage string) string {
	if _, ok := b.cfg.Stage(stage); ok {
		return stage
	}
	return "*"
}

// boardFiles are the board's pages besides pipeline.html: the companion
// script and the pages of each column with more cards than the board
// shows. They are known from how many deals each stage has, before any
// card is rendered, as a live site needs (indexPages).
func (s *site) boardFiles() []indexPage {
	b := s.b
	count := map[string]int{}
	for _, d := range s.deals {
		count[b.columnKey(d.Stage)]++
	}
	keys := append(b.cfg.StageIDs(), "*")
	all := pageKey{deals: s.deals, problems: s.unreadable}
	var out []indexPage
	perPage := b.columnPageCards
	for _, key := range keys {
		if count[key] <= b.boardCards {
			continue
		}
		pages := (count[key] + perPage - 1) / perPage
		for n := 1; n <= pages; n++ {
			out = append(out, indexPage{columnPage(key, n), all, true, func() error { return s.columnPageOf(key, n, pages) }})
		}
	}
	if len(out) > 0 {
		out = append(out, indexPage{boardMoreScript, all, false, s.boardMore})
	}
	return out
}

// board is the board's columns and cards, made once for the pages that
// show them: pipeline.html, the columns' pages and the companion script,
// which may be rendered at the same time.
func (s *site) board() (*boardPage, error) {
	s.boardOnce.Do(func() { s.boardMade, s.boardErr = s.makeBoard() })
	return s.boardMade, s.boardErr
}

func (s *site) pipeline() error {
	p, err := s.board()
	if err != nil {
		return err
	}
	return s.b.emit("pipeline.html", s.b.tmpl.pipeline, p)
}

func (s *site) makeBoard() (*boardPage, error) {
	b := s.b
	p := &boardPage{pageBase: b.base("pipeline.html", b.tr.T("pipeline.title"), "pipeline"), Today: b.today, Days: b.history != nil, HistoryNote: b.historyNote,
		All: len(s.deals), Cap: b.boardCards}
	deals := sortedForBoard(s.deals)

	sets := map[string]map[string]bool{"owner": {}, "region": {}, "size": {}, "industry": {}, "product": {}}
	for _, d := range deals {
		for key, v := range map[string]string{"owner": d.Owner, "region": d.Region, "size": d.Size, "industry": d.Industry, "product": d.Product} {
			if v != "" {
				sets[key][v] = true
			}
		}
	}
	index := map[string]map[string]int{}
	opts := func(key string, values []string, label func(string) string) []option {
		index[key] = map[string]int{}
		out := make([]option, len(values))
		for i, v := range values {
			index[key][v] = i
			out[i] = option{Value: v, Label: label(v)}
		}
		return out
	}
	same := func(v string) string { return v }
	for _, o := range opts("owner", sortedKeys(sets["owner"]), s.nameOf) {
		p.Owners = append(p.Owners, boardOwner{option: o, Team: s.managersOf(o.Value)})
	}
	p.Regions = opts("region", sortedKeys(sets["region"]), same)
	p.Industries = opts("industry", sortedKeys(sets["industry"]), same)
	p.Products = opts("product", sortedKeys(sets["product"]), same)
	var sizes []string
	for _, size := range deal.Sizes {
		if sets["size"][string(size)] {
			sizes = append(sizes, string(size))
		}
	}
	p.Sizes = opts("size", sizes, func(v string) string { return b.tr.T("size." + v) })
	p.Teams = s.teamOptions()
	for _, k := range attention.Kinds {
		p.Flags = append(p.Flags, option{Value: string(k), Label: b.tr.T("attention." + string(k) + ".flag")})
	}
	p.Flags = append(p.Flags, option{Value: boardFlagInvalid, Label: b.tr.T("flag.invalid")})
	p.Labels = b.boardLabels()

	byStage := map[string]*boardColumn{}
	for _, st := range b.cfg.Stages {
		c := &boardColumn{Key: st.ID, Name: st.NameIn(b.tr.Lang), Kind: "open", probability: st.Probability,
			Probability: strconv.FormatFloat(st.Probability, 'f', -1, 64)}
		switch st.Outcome {
		case config.Won:
			c.Kind, c.Folded = "won", true
		case config.Lost:
			c.Kind, c.Folded = "lost", true
		}
		byStage[st.ID] = c
		p.Columns = append(p.Columns, c)
	}
	var unknown *boardColumn
	for _, d := range deals {
		c := byStage[b.columnKey(d.Stage)]
		if c == nil {
			if unknown == nil {
				unknown = &boardColumn{Key: "*", Name: b.tr.T("pipeline.unknownStage"), Kind: "unknown"}
			}
			c = unknown
		}
		v, cents := s.cardNumbers(d, index)
		kind := c.Kind
		html, err := b.fragment(fragmentKey{d, "card " + kind + " " + strconv.FormatBool(p.Days), v}, b.tmpl.pipeline, "card", func() any {
			return cardData{Root: p.Root, C: s.boardCard(d, v, kind, p.Days)}
		})
		if err != nil {
			return nil, err
		}
		c.Cards = append(c.Cards, html)
		c.Count++
		c.cents += cents
		t := &p.Totals
		switch c.Kind {
		case "open":
			t.Open++
			t.openCents += cents
			if !d.Converted {
				t.Unconverted++
			}
		case "won":
			t.Won++
			t.wonCents += cents
		case "lost":
			t.Lost++
			t.lostCents += cents
		}
	}
	if unknown != nil {
		p.Columns = append(p.Columns, unknown)
	}
	base := b.cfg.Currency.Base
	money := func(cents int64) string { return b.tr.money(float64(cents)/100, base) }
	shows := b.boardCards
	for _, c := range p.Columns {
		c.Total = money(c.cents)
		if c.Kind != "unknown" {
			// The script sums the same way: cents times probability, so
			// that the figures it shows for no filter are these.
			w := float64(c.cents) * c.probability / 100 / 100
			c.Weighted = b.tr.money(w, base)
			if c.Kind == "open" {
				p.Totals.openWeighted += w
			}
		}
		c.Shown = c.Cards
		if len(c.Cards) > shows {
			c.Shown = c.Cards[:shows]
			c.More = columnPage(c.Key, 1)
			p.More = boardMoreScript
		}
	}
	t := &p.Totals
	t.OpenTotal, t.OpenWeighted = money(t.openCents), b.tr.money(t.openWeighted, base)
	t.WonTotal, t.LostTotal = money(t.wonCents), money(t.lostCents)
	return p, nil
}

// boardMore writes the board's companion script: the cards each column
// does not show, as the markup the board would have, a string each, by
// column key. The board's script (assets/app.js) loads it with a script
// element, which works from a folder on disk as from a server, when a
// view first needs every deal, and reads each card from its markup. The
// markup is the card template's, escaped as any page's, in JSON strings,
// which nothing in a card can end.
func (s *site) boardMore() error {
	p, err := s.board()
	if err != nil {
		return err
	}
	more := map[string][]string{}
	for _, c := range p.Columns {
		for _, card := range c.Cards[len(c.Shown):] {
			more[c.Key] = append(more[c.Key], strings.TrimSuffix(string(card), "\n"))
		}
	}
	var out bytes.Buffer
	out.WriteString("// The cards of the board's columns that pipeline.html does not show, written by deals build.\n")
	out.WriteString("window.dealsBoardMore(")
	enc := json.NewEncoder(&out)
	// The file is a script of its own, never inline in a page, so <, >
	// and & cannot end it and stay as they are: escaped, they would make
	// it half as large again.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(more); err != nil {
		return err
	}
	out.Truncate(out.Len() - 1) // Encode's newline
	out.WriteString(");\n")
	return s.b.out.write(boardMoreScript, out.Bytes())
}

// columnPageData is what a page of a column's cards is made from.
type columnPageData struct {
	pageBase
	*boardColumn
	Labels template.CSS
	// Cards are this page's; First is the number of its first card.
	Cards              []template.HTML
	First, Last, N, Of int
	Previous, Next     string
}

// columnPageOf renders page n of pages of the column key.
func (s *site) columnPageOf(key string, n, pages int) error {
	p, err := s.board()
	if err != nil {
		return err
	}
	b := s.b
	var c *boardColumn
	for _, col := range p.Columns {
		if col.Key == key {
			c = col
		}
	}
	if c == nil {
		return fmt.Errorf("rendering %s: the board has no column %q", columnPage(key, n), key)
	}
	per := b.columnPageCards
	first := (n - 1) * per
	last := min(first+per, len(c.Cards))
	name := columnPage(key, n)
	title := b.tr.T("pipeline.column.title", "stage", c.Name)
	if pages > 1 {
		title = b.tr.T("pipeline.column.titlePage", "stage", c.Name, "page", strconv.Itoa(n), "pages", strconv.Itoa(pages))
	}
	d := columnPageData{pageBase: b.base(name, title, "pipeline"), boardColumn: c, Labels: p.Labels,
		Cards: c.Cards[first:last], First: first + 1, Last: last, N: n, Of: pages}
	if n > 1 {
		d.Previous = columnPage(key, n-1)
	}
	if n < pages {
		d.Next = columnPage(key, n+1)
	}
	return b.emit(name, b.tmpl.column, d)
}

// cardNumbers are what d's card carries for the script (boardCard.V), and
// its amount in cents of the base currency (0 when its currency has no
// rate: it is left out of the totals). The card shows nothing else that
// the other deals change.
func (s *site) cardNumbers(d *dealInfo, index map[string]map[string]int) (string, int64) {
	b := s.b
	var v strings.Builder
	for _, f := range []struct{ key, value string }{{"owner", d.Owner}, {"region", d.Region}, {"size", d.Size}, {"industry", d.Industry}, {"product", d.Product}} {
		if i, ok := index[f.key][f.value]; ok && f.value != "" {
			v.WriteString(strconv.Itoa(i))
		} else {
			v.WriteByte('-')
		}
		v.WriteByte(' ')
	}
	v.WriteString(strconv.Itoa(d.Score.Overall))
	if d.DaysInStage >= 0 {
		v.WriteString(" " + strconv.Itoa(d.DaysInStage))
	} else {
		v.WriteString(" -")
	}
	var cents int64
	if d.Converted {
		cents = int64(math.Round(d.Base * 100))
		v.WriteString(" " + strconv.FormatInt(cents, 10))
	} else {
		v.WriteString(" x")
	}
	if d.Amount != 0 && d.Currency != b.cfg.Currency.Base {
		v.WriteString(" " + strconv.FormatFloat(d.Amount, 'f', -1, 64))
	}
	return v.String(), cents
}

// boardCard is d's card in a column of kind, carrying v (cardNumbers).
func (s *site) boardCard(d *dealInfo, v, kind string, days bool) *boardCard {
	b := s.b
	c := &boardCard{Page: d.Page, Title: d.Title, Account: d.Account, Score: d.Score.Overall, V: v,
		ScoreClass: "s" + strconv.Itoa(min(max(d.Score.Overall, 0), 100)/10), Open: kind == "open" || kind == "unknown"}

	amount, closeDate := b.tr.T("deal.noAmount"), b.tr.T("deal.noCloseDate")
	if d.Amount != 0 {
		amount = b.tr.money(d.Amount, d.Currency)
	}
	if d.CloseDate != "" {
		closeDate = d.CloseDate
	}
	c.Facts = amount + " · " + closeDate + " · " + d.OwnerName
	if !c.Open {
		return c
	}
	if d.NextStep != "" {
		c.Next = d.NextStep
		if d.NextStepDate != "" {
			c.Next += " · " + d.NextStepDate
		}
	}
	c.Who = "who"
	if len(d.DecisionMakers) > 0 {
		c.Who += " d"
	}
	if len(d.Coaches) > 0 {
		c.Who += " c"
	}
	if days && d.DaysInStage >= 0 {
		c.Days = strconv.Itoa(d.DaysInStage)
	}
	if !d.Valid {
		c.Flags = append(c.Flags, "e "+boardFlagInvalid)
	}
	for _, r := range d.Attention {
		c.Flags = append(c.Flags, severityLetter(r.Severity)+" "+string(r.Kind))
	}
	return c
}

// severityLetter is the class a flag of a severity has: e, w or i.
func severityLetter(s lint.Severity) string {
	return s.String()[:1]
}

// boardLabels are the words every card would repeat, as CSS custom
// properties (--l-NAME for the card's labels, --f-KIND for each flag's
// name), which the stylesheet shows where the card has the class.
func (b *builder) boardLabels() template.CSS {
	var out strings.Builder
	add := func(name, text string) {
		out.WriteString("--" + name + ":" + cssString(text) + ";")
	}
	for _, l := range []struct{ name, key string }{
		{"dm", "card.decisionMaker"}, {"coach", "card.coach"}, {"next", "card.next"}, {"nonext", "card.noNext"},
		{"days", "card.daysInStage"}, {"unknown", "card.unknown"},
	} {
		add("l-"+l.name, b.tr.T(l.key))
	}
	for _, k := range attention.Kinds {
		add("f-"+string(k), b.tr.T("attention."+string(k)+".flag"))
	}
	add("f-"+boardFlagInvalid, b.tr.T("flag.invalid"))
	return template.CSS(out.String())
}

// cssString quotes s as a CSS string. Everything that could end the
// string, the declaration or the attribute it sits in is written as a
// hexadecimal escape, so the result is safe in a style attribute.
func cssString(s string) string {
	var out strings.Builder
	out.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\' || r == '\'' || r == '<' || r == '>' || r == '&' || r < 0x20 || r == 0x7f:
			out.WriteString(`\` + strconv.FormatInt(int64(r), 16) + " ")
		default:
			out.WriteRune(r)
		}
	}
	out.WriteByte('"')
	return out.String()
}
