package render

import (
	"encoding/xml"
	"fmt"
	"github.com/dealsascode/deals/internal/attention"
	"html/template"
	"io/fs"
	"math"
	"net/url"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dealsascode/deals/internal/accuracy"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/forecast"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/movement"
	"github.com/dealsascode/deals/internal/parallel"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/svg"
)

// site holds what every index page is made from.
type site struct {
	b          *builder
	deals      []*dealInfo // in file order
	unreadable []*problemFile
	people     map[string]*person
	// book is the forecast against the targets, for the forecast page
	// and each person's.
	book *forecast.Book
	// The board, made once for its pages (board).
	boardOnce sync.Once
	boardMade *boardPage
	boardErr  error
}

type person struct {
	ID, Name, Region, Manager string
	Page                      string
	InTeam                    bool
	Deals                     []*dealInfo
	Reports                   []*person // direct reports
}

func newSite(b *builder, deals []*dealInfo, unreadable []*problemFile) *site {
	s := &site{b: b, deals: deals, unreadable: unreadable, people: map[string]*person{}}
	for _, m := range b.cfg.Team {
		s.people[m.ID] = &person{ID: m.ID, Name: m.NameIn(b.tr.Lang), Region: m.Region, Manager: m.Manager, Page: personPage(m.ID), InTeam: true}
	}
	for _, d := range deals {
		p := s.people[d.Owner]
		if p == nil && d.Owner != "" {
			p = &person{ID: d.Owner, Name: d.Owner, Page: personPage(d.Owner)}
			s.people[d.Owner] = p
		}
		if p != nil {
			p.Deals = append(p.Deals, d)
		}
	}
	for _, id := range sortedKeys(s.people) {
		p := s.people[id]
		if m := s.people[p.Manager]; m != nil && m != p {
			m.Reports = append(m.Reports, p)
		}
	}
	s.book = s.newBook()
	return s
}

func personPage(id string) string   { return path.Join("people", slug(id)+".html") }
func accountPage(key string) string { return path.Join("accounts", key+".html") }
func rulePage(id string) string     { return path.Join("rules", id+".html") }

// pageBase is what the layout needs of every page.
type pageBase struct {
	Root      string // prefix from this page to the site root: "" or "../"
	Path      string
	Title     string
	Nav       string
	Lang      string
	Canonical string
	Version   string
	Base      string // base currency
}

func (b *builder) base(page, title, nav string) pageBase {
	root := strings.Repeat("../", strings.Count(page, "/"))
	canonical := ""
	if b.baseURL != "" {
		canonical = strings.TrimRight(b.baseURL, "/") + "/" + page
	}
	return pageBase{Root: root, Path: page, Title: title, Nav: nav, Lang: b.tr.Lang.Tag(), Canonical: canonical, Version: b.version, Base: b.cfg.Currency.Base}
}

// renderIndexes renders every page made from many deals, on all cores, and
// the files that are the same whatever the deals.
func (s *site) renderIndexes() error {
	pages := s.indexPages()
	if err := s.each(len(pages), func(i int) error { return pages[i].render() }); err != nil {
		return err
	}
	return s.static()
}

// static writes the files no deal changes: the assets and the marker that
// says the folder is a site.
func (s *site) static() error {
	if err := s.assets(); err != nil {
		return err
	}
	return s.b.out.write(repo.SiteMarker, []byte("This folder was written by deals build and is replaced by the next build.\n"))
}

// option is one choice of a filter: the value the address keeps and the
// words people read.
type option struct{ Value, Label string }

// teamOptions are the teams a page can be filtered by: each manager with
// anyone below them.
func (s *site) teamOptions() []option {
	var out []option
	for _, id := range sortedKeys(s.people) {
		if len(s.people[id].Reports) > 0 {
			out = append(out, option{Value: id, Label: s.b.tr.T("pipeline.teamOf", "name", s.nameOf(id))})
		}
	}
	return out
}

// sortedForBoard orders cards within a column: soonest close first, then
// title, then as they were (a stable sort, by the position as the last key:
// faster than a stable sort of 10,000 cards).
func sortedForBoard(deals []*dealInfo) []*dealInfo {
	type card struct {
		d *dealInfo
		i int
	}
	cards := make([]card, len(deals))
	for i, d := range deals {
		cards[i] = card{d, i}
	}
	slices.SortFunc(cards, func(x, y card) int {
		a, b := x.d, y.d
		switch {
		case a.CloseDate == b.CloseDate:
		case a.CloseDate == "":
			return 1
		case b.CloseDate == "":
			return -1
		default:
			return strings.Compare(a.CloseDate, b.CloseDate)
		}
		if c := strings.Compare(a.Title, b.Title); c != 0 {
			return c
		}
		return x.i - y.i
	})
	var out []*dealInfo
	if deals != nil {
		out = make([]*dealInfo, len(cards))
	}
	for i, c := range cards {
		out[i] = c.d
	}
	return out
}

// managersOf lists the chain of managers above a rep, nearest first.
func (s *site) managersOf(id string) string {
	var chain []string
	seen := map[string]bool{id: true}
	for p := s.people[id]; p != nil && p.Manager != "" && !seen[p.Manager]; p = s.people[p.Manager] {
		chain = append(chain, p.Manager)
		seen[p.Manager] = true
	}
	return strings.Join(chain, " ")
}

func (s *site) nameOf(id string) string {
	if p := s.people[id]; p != nil && p.Name != "" {
		return p.Name
	}
	return id
}

// --- needs attention ----------------------------------------------------

// attentionPage is the week's work: the deals that need someone, ranked.
type attentionPage struct {
	pageBase
	Rows []attentionRow
	// Owners and Teams are the filter's choices: the owners of the rows,
	// and the managers with anyone below them.
	Owners, Teams []option
	// Open is how many open deals there are; Rows are those of them that
	// need something.
	Open int
}

// attentionRow is one deal and what it needs, in words; Team is the chain
// of managers above its owner, for the filter.
type attentionRow struct {
	D       *dealInfo
	Reasons []attentionText
	Team    string
	// HTML is the row as the table shows it (attentionRow in layout.html).
	HTML template.HTML
}

// attentionText is a reason in words: its flag (the few words the
// pipeline's cards show for it), why, and what to do.
type attentionText struct {
	Severity      lint.Severity
	Kind          attention.Kind
	Flag, Why, Do string
}

func (s *site) attention() error {
	b := s.b
	p := &attentionPage{pageBase: b.base("index.html", b.tr.T("attention.title"), "attention")}
	for _, d := range s.deals {
		if d.Open {
			p.Open++
		}
	}
	var err error
	if p.Rows, _, err = s.attentionRows(s.deals, 0, p.Root); err != nil {
		return err
	}
	owners := map[string]bool{}
	for _, r := range p.Rows {
		owners[r.D.Owner] = true
	}
	for _, id := range sortedKeys(owners) {
		p.Owners = append(p.Owners, option{Value: id, Label: s.nameOf(id)})
	}
	p.Teams = s.teamOptions()
	return b.emit("index.html", b.tmpl.attention, p)
}

// attentionRows are the deals of deals that need something this week,
// ranked, with what they need in words, for a page root away from the
// site's root: the first limit of them (all when limit is 0), and how many
// more there are.
func (s *site) attentionRows(deals []*dealInfo, limit int, root string) ([]attentionRow, int, error) {
	b := s.b
	items := make([]attention.Item[*dealInfo], 0, len(deals))
	for _, d := range deals {
		items = append(items, attention.Item[*dealInfo]{Deal: d, Reasons: d.Attention, Weighted: d.Weighted, Title: d.Title})
	}
	ranked := attention.Rank(items)
	more := 0
	if limit > 0 && len(ranked) > limit {
		ranked, more = ranked[:limit], len(ranked)-limit
	}
	var rows []attentionRow
	for _, it := range ranked {
		row := attentionRow{D: it.Deal, Team: s.managersOf(it.Deal.Owner)}
		var err error
		row.HTML, err = b.fragment(fragmentKey{it.Deal, "attention " + root, row.Team}, b.tmpl.attention, "attentionRow", func() any {
			row := row
			row.Reasons = b.attentionTexts(it.Reasons)
			return map[string]any{"Root": root, "Base": b.cfg.Currency.Base, "Row": &row}
		})
		if err != nil {
			return nil, 0, err
		}
		rows = append(rows, row)
	}
	return rows, more, nil
}

// attentionTexts are reasons in the site's language: why, and what to do.
func (b *builder) attentionTexts(reasons []attention.Reason) []attentionText {
	out := make([]attentionText, len(reasons))
	for i, r := range reasons {
		args := b.attentionArgs(r.Args)
		key := "attention." + string(r.Kind)
		out[i] = attentionText{Severity: r.Severity, Kind: r.Kind, Flag: b.tr.T(key + ".flag"), Why: b.tr.T(key+".why", args...), Do: b.tr.T(key+".do", args...)}
	}
	return out
}

// attentionArgs are a reason's values in the site's language: roles as
// words.
func (b *builder) attentionArgs(args []any) []any {
	out := append([]any(nil), args...)
	for i := 1; i < len(out); i += 2 {
		if out[i-1] == "stage" {
			if id, ok := out[i].(string); ok {
				if st, known := b.cfg.Stage(id); known {
					out[i] = st.NameIn(b.tr.Lang)
				}
			}
		}
		if roles, ok := out[i].([]deal.Role); ok {
			words := make([]string, len(roles))
			for j, r := range roles {
				words[j] = b.tr.T("role." + string(r))
			}
			out[i] = words
		}
	}
	return out
}

// --- forecast -----------------------------------------------------------

// forecastRow is one line of a forecast table: a period, a person or a
// region, with its forecast.
type forecastRow struct {
	Key, Label string
	forecast.Figures
	// Page and Depth place a person in a team table; Manages marks a
	// line that is a manager's whole team.
	Page    string
	Depth   int
	Manages bool
}

// AttainmentText is the share of the target won, "" without a target.
func (r *forecastRow) AttainmentText() string {
	if a, ok := r.Attainment(); ok {
		// math.Round: Sprintf would round 112.5 % to even, 112.
		return fmt.Sprintf("%.0f%%", math.Round(a*100))
	}
	return ""
}

// CoverageText is the open pipeline as a multiple of what is left of the
// target ("2.4×"), "" without one or once it is met.
func (r *forecastRow) CoverageText() string {
	if c, ok := r.Coverage(); ok {
		return fmt.Sprintf("%.1f×", math.Round(c*10)/10)
	}
	return ""
}

// OpenAmount is the amount of every open deal, whatever its call.
func (r *forecastRow) OpenAmount() float64 { return r.OpenPipeline() + r.Omitted }

// withEmpty fills the periods between the first and the last of sorted
// period keys, so that a month without deals shows as one; next is the
// key of the period after a key.
func withEmpty(keys []string, next func(string) string) []string {
	var out []string
	for i, k := range keys {
		if i > 0 {
			// At most ten years of empty periods: a typo in a date should
			// not make the table endless.
			for e, n := next(keys[i-1]), 0; e < k && n < 120; e, n = next(e), n+1 {
				out = append(out, e)
			}
		}
		out = append(out, k)
	}
	return out
}

// nextMonth is the month after a YYYY-MM key.
func nextMonth(key string) string {
	t, err := time.Parse("2006-01", key)
	if err != nil {
		return "9999-99"
	}
	return t.AddDate(0, 1, 0).Format("2006-01")
}

// nextQuarter is the quarter after a YYYY-Qn key.
func nextQuarter(key string) string {
	var y, q int
	if _, err := fmt.Sscanf(key, "%d-Q%d", &y, &q); err != nil {
		return "9999-Q9"
	}
	if q == 4 {
		return fmt.Sprintf("%d-Q1", y+1)
	}
	return fmt.Sprintf("%d-Q%d", y, q+1)
}

// forecastTable is a table of forecast lines with its totals; Targets
// is whether any line has a target, else the columns that compare with
// one are left out.
type forecastTable struct {
	// Period is a team table's period, "" for others.
	Period  string
	Rows    []*forecastRow
	Totals  *forecastRow
	Targets bool
}

func newForecastTable(period string, rows []*forecastRow, totals *forecastRow) forecastTable {
	t := forecastTable{Period: period, Rows: rows, Totals: totals}
	if totals == nil {
		t.Totals = &forecastRow{}
		for _, r := range rows {
			t.Totals.Add(r.Figures)
		}
	}
	for _, r := range rows {
		t.Targets = t.Targets || r.HasTarget
	}
	return t
}

type forecastPage struct {
	pageBase
	OpenCount               int
	OpenTotal, OpenWeighted float64
	WonTotal                float64
	// HasTargets is false when the configuration sets none: attainment,
	// coverage and gap are then left out.
	HasTargets bool
	// Teams are this quarter's and next quarter's call by team.
	Teams                  []forecastTable
	Months, Quarters       forecastTable
	Owners, Regions        []*forecastRow
	MonthChart, OwnerChart template.HTML
	QuarterChart           template.HTML
	RegionChart            template.HTML
	Funnel                 template.HTML
	Unconverted            []*dealInfo
	Undated                int
	// Overdue counts open deals past their close date.
	Overdue     int
	Rates       []option
	Trend       template.HTML
	HistoryNote string
}

// newBook is the forecast of the site's deals that count in it: those
// with a known stage and an amount in the base currency; lost deals add
// nothing.
func (s *site) newBook() *forecast.Book {
	b := s.b
	var fd []forecast.Deal
	for _, d := range s.deals {
		stage, known := b.cfg.Stage(d.Stage)
		if !known || !d.Converted {
			continue
		}
		fd = append(fd, forecast.Deal{Owner: d.Owner, Close: d.CloseDate, Base: d.Base, Open: stage.Open(), Won: stage.Outcome == config.Won, Call: d.Call.Category})
	}
	return forecast.New(b.cfg, b.today, fd)
}

func (s *site) forecast() error {
	b := s.b
	p := &forecastPage{pageBase: b.base("forecast.html", b.tr.T("forecast.title"), "forecast"), HasTargets: b.cfg.HasTargets()}
	book := s.book
	months, quarters := map[string]bool{}, map[string]bool{}
	owners, regions := map[string]*forecastRow{}, map[string]*forecastRow{}
	row := func(m map[string]*forecastRow, key, label string) *forecastRow {
		r := m[key]
		if r == nil {
			r = &forecastRow{Key: key, Label: label}
			m[key] = r
		}
		return r
	}
	for _, d := range s.deals {
		stage, known := b.cfg.Stage(d.Stage)
		if !known || stage.Outcome == config.Lost {
			continue
		}
		if !d.Converted {
			p.Unconverted = append(p.Unconverted, d)
			continue
		}
		fd := forecast.Deal{Owner: d.Owner, Close: d.CloseDate, Base: d.Base, Open: d.Open, Won: !d.Open, Call: d.Call.Category}
		month := forecast.PeriodOf(d.CloseDate, forecast.Month)
		switch {
		case book.Overdue(fd):
			p.Overdue++
		case month != "":
			months[month], quarters[forecast.PeriodOf(d.CloseDate, forecast.Quarter)] = true, true
		case d.Open:
			p.Undated++
		}
		if d.Open {
			p.OpenCount++
			p.OpenTotal += d.Base
			p.OpenWeighted += d.Weighted
		} else {
			p.WonTotal += d.Base
		}
		row(owners, d.Owner, s.nameOf(d.Owner)).AddAny(fd)
		row(regions, d.Region, d.Region).AddAny(fd)
	}
	if r := regions[""]; r != nil {
		r.Label = b.tr.T("forecast.noRegion")
	}
	// A period with a target and no deal is still a period to fill.
	for _, t := range b.cfg.Targets {
		for _, pa := range t.Periods {
			if strings.Contains(pa.Period, "Q") {
				quarters[pa.Period] = true
			} else {
				months[pa.Period] = true
				quarters[forecast.PeriodOf(pa.Period+"-01", forecast.Quarter)] = true
			}
		}
	}
	periods := func(keys map[string]bool, next func(string) string) []*forecastRow {
		var rows []*forecastRow
		if p.Overdue > 0 {
			o := book.OverdueFigures("", false)
			rows = append(rows, &forecastRow{Key: "0000", Label: b.tr.T("forecast.overdue"), Figures: o})
		}
		for _, k := range withEmpty(sortedKeys(keys), next) {
			rows = append(rows, &forecastRow{Key: k, Label: k, Figures: book.All(k)})
		}
		if p.Undated > 0 {
			u := book.All(forecast.Undated)
			rows = append(rows, &forecastRow{Key: "9999", Label: b.tr.T("forecast.undated"), Figures: u})
		}
		return rows
	}
	p.Months = newForecastTable("", periods(months, nextMonth), nil)
	p.Quarters = newForecastTable("", periods(quarters, nextQuarter), nil)
	thisQuarter := forecast.PeriodOf(b.today, forecast.Quarter)
	for _, q := range []string{thisQuarter, nextQuarter(thisQuarter)} {
		var rows []*forecastRow
		for _, r := range book.Rows(q, "") {
			rows = append(rows, s.forecastLine(r))
		}
		p.Teams = append(p.Teams, newForecastTable(q, rows, &forecastRow{Figures: book.All(q)}))
	}
	list := func(m map[string]*forecastRow) []*forecastRow {
		out := make([]*forecastRow, 0, len(m))
		for _, k := range sortedKeys(m) {
			out = append(out, m[k])
		}
		// The most at stake first: won and open together.
		sort.SliceStable(out, func(i, j int) bool { return out[i].Won+out[i].OpenAmount() > out[j].Won+out[j].OpenAmount() })
		return out
	}
	p.Owners, p.Regions = list(owners), list(regions)
	// Periods run along the x axis, with their targets where set; owners
	// and regions, many and with long names, down the y axis.
	chart := func(title string, rs []*forecastRow, targets, horizontal bool) template.HTML {
		c := svg.BarChart{Title: title, Unit: b.cfg.Currency.Base, Horizontal: horizontal}
		if targets {
			c.Series = append(c.Series, svg.Series{Label: b.tr.T("forecast.target")})
		}
		c.Series = append(c.Series, svg.Series{Label: b.tr.T("forecast.won")}, svg.Series{Label: b.tr.T("forecast.commit")}, svg.Series{Label: b.tr.T("forecast.bestCase")}, svg.Series{Label: b.tr.T("forecast.pipeline")})
		for _, r := range rs {
			c.Categories = append(c.Categories, r.Label)
			i := 0
			if targets {
				c.Series[0].Values = append(c.Series[0].Values, r.Target)
				i = 1
			}
			for j, v := range []float64{r.Won, r.Commit, r.BestCase, r.Pipeline} {
				c.Series[i+j].Values = append(c.Series[i+j].Values, v)
			}
		}
		return svg.Bars(c, b.tr.Printer)
	}
	p.MonthChart = chart(b.tr.T("forecast.byMonth"), p.Months.Rows, p.Months.Targets, false)
	p.QuarterChart = chart(b.tr.T("forecast.byQuarter"), p.Quarters.Rows, p.Quarters.Targets, false)
	p.OwnerChart = chart(b.tr.T("forecast.byOwner"), p.Owners, false, true)
	p.RegionChart = chart(b.tr.T("forecast.byRegion"), p.Regions, false, true)
	var funnel []svg.FunnelStage
	for _, st := range b.cfg.Stages {
		if !st.Open() {
			continue
		}
		fs := svg.FunnelStage{Label: st.NameIn(b.tr.Lang)}
		for _, d := range s.deals {
			if d.Stage == st.ID {
				fs.Count++
				if d.Converted {
					fs.Amount += d.Base
				}
			}
		}
		funnel = append(funnel, fs)
	}
	p.Funnel = svg.Funnel(funnel, b.cfg.Currency.Base, b.tr.Printer)
	p.Trend = svg.Trend(b.trend(), b.tr.Printer)
	p.HistoryNote = b.historyNote
	for _, cur := range sortedKeys(b.cfg.Currency.Rates) {
		if cur != b.cfg.Currency.Base {
			p.Rates = append(p.Rates, option{Value: cur, Label: fmt.Sprint(b.cfg.Currency.Rates[cur])})
		}
	}
	return b.emit("forecast.html", b.tmpl.forecast, p)
}

// forecastLine is a line of a team forecast table: the person by name, linked to their
// page.
func (s *site) forecastLine(r forecast.Row) *forecastRow {
	out := &forecastRow{Key: r.Member, Label: s.nameOf(r.Member), Figures: r.Figures, Depth: r.Depth, Manages: r.Manages}
	if p := s.people[r.Member]; p != nil {
		out.Page = p.Page
	}
	return out
}

// --- people and accounts -----------------------------------------------

type personPageData struct {
	pageBase
	P                 *person
	Manager           *person
	Deals             []*dealInfo
	Next, Late        []actionInfo
	Gaps              []stepGaps
	Team              []teamRow   // for managers: everyone below them
	TeamGaps          []stepCount // for managers: how many findings of each step below them
	OpenTotal, Weight float64
	// Attention is what the person's deals need this week, the first
	// personAttention of them; for a manager, the deals of everyone below
	// them too. AttentionMore is how many more the full list has, and
	// AttentionLink the address of that list, filtered to them.
	Attention     []attentionRow
	AttentionMore int
	AttentionLink string
	// Call is this quarter's forecast call: the person's own, or a
	// manager's team down the chain.
	Call *forecastTable
	// TeamTotals are a manager's figures with everyone below them; nil
	// for someone with no reports.
	TeamTotals *teamTotals
	// Trend is the person's coaching trend from the history; nil without.
	Trend *trendView
}

// teamTotals roll a manager's deals up with their team's: how many, how
// many open, the open pipeline and its weighted total, and what was won,
// in the base currency.
type teamTotals struct {
	Deals, Open                 int
	Pipeline, Weighted, WonBase float64
}

// totals rolls deals up.
func (s *site) totals(deals []*dealInfo) *teamTotals {
	t := &teamTotals{Deals: len(deals)}
	for _, d := range deals {
		st, _ := s.b.cfg.Stage(d.Stage)
		switch {
		case d.Open:
			t.Open++
			if d.Converted {
				t.Pipeline += d.Base
				t.Weighted += d.Weighted
			}
		case st.Outcome == config.Won && d.Converted:
			t.WonBase += d.Base
		}
	}
	return t
}

// personAttention is how many deals a person's page lists of those that
// need attention: the most urgent, with a link to the rest, so that the
// page of a manager over hundreds of deals stays small.
const personAttention = 20

type stepGaps struct {
	Step     lint.StepInfo
	Title    string
	Findings []findingRef
}

type findingRef struct {
	lint.Finding
	DealPage, DealTitle, RulePage string
}

// teamRow is one line of a manager's team table: a rep, or a manager
// below them with everyone below that manager.
type teamRow struct {
	P     *person
	Depth int
	// Manages is true when the line is a manager's whole team.
	Manages bool
	teamTotals
	Overdue, Won, Lost      int
	Findings, Errors, Score int
}

// personPageOf renders the page of one person.
func (s *site) personPageOf(p *person) error {
	b := s.b
	id := p.ID
	var err error
	page := &personPageData{pageBase: b.base(p.Page, s.nameOf(id), "people"), P: p, Manager: s.people[p.Manager], Deals: sortedForBoard(p.Deals)}
	if b.hindsight != nil {
		if r, ok := b.hindsight.reps[id]; ok {
			page.Trend = b.trendView(r)
		}
	}
	for _, d := range p.Deals {
		page.Next = append(page.Next, d.Next...)
		page.Late = append(page.Late, d.Late...)
		if d.Open && d.Converted {
			page.OpenTotal += d.Base
			page.Weight += d.Weighted
		}
	}
	sort.SliceStable(page.Next, func(i, j int) bool { return page.Next[i].Due < page.Next[j].Due })
	sort.SliceStable(page.Late, func(i, j int) bool { return page.Late[i].Due < page.Late[j].Due })
	page.Gaps = s.gaps(p.Deals)
	quarter := forecast.PeriodOf(b.today, forecast.Quarter)
	var call []*forecastRow
	for _, r := range s.book.Rows(quarter, id) {
		call = append(call, s.forecastLine(r))
	}
	t := newForecastTable(quarter, call, nil)
	t.Totals = nil // the first line is already the whole team
	page.Call = &t
	if len(p.Reports) > 0 {
		var all []*dealInfo
		for _, m := range s.below(p) {
			all = append(all, m.Deals...)
		}
		page.Team = s.teamRows(p)
		page.TeamGaps = s.gapCounts(all)
		team := append(append([]*dealInfo(nil), p.Deals...), all...)
		page.TeamTotals = s.totals(team)
		if page.Attention, page.AttentionMore, err = s.attentionRows(team, personAttention, page.Root); err != nil {
			return err
		}
		page.AttentionLink = "index.html#team=" + url.QueryEscape(id)
	} else {
		if page.Attention, page.AttentionMore, err = s.attentionRows(p.Deals, personAttention, page.Root); err != nil {
			return err
		}
		page.AttentionLink = "index.html#owner=" + url.QueryEscape(id)
	}
	return b.emit(p.Page, b.tmpl.person, page)
}

// below lists everyone who reports to p, directly or not, in id order.
func (s *site) below(p *person) []*person {
	var out []*person
	seen := map[string]bool{p.ID: true}
	var walk func(*person)
	walk = func(m *person) {
		for _, r := range m.Reports {
			if !seen[r.ID] {
				seen[r.ID] = true
				out = append(out, r)
				walk(r)
			}
		}
	}
	walk(p)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// teamRows are the lines of p's team table, down the management chain:
// each manager below p as their whole team, then their reports.
func (s *site) teamRows(p *person) []teamRow {
	var rows []teamRow
	seen := map[string]bool{p.ID: true}
	var walk func(*person, int)
	walk = func(m *person, depth int) {
		for _, r := range m.Reports {
			if seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			deals := append([]*dealInfo(nil), r.Deals...)
			for _, below := range s.below(r) {
				deals = append(deals, below.Deals...)
			}
			rows = append(rows, s.teamRow(r, deals, depth, len(r.Reports) > 0))
			walk(r, depth+1)
		}
	}
	walk(p, 0)
	return rows
}

func (s *site) teamRow(p *person, deals []*dealInfo, depth int, manages bool) teamRow {
	r := teamRow{P: p, Depth: depth, Manages: manages, teamTotals: *s.totals(deals)}
	sum := 0
	for _, d := range deals {
		if !d.Open {
			switch st, _ := s.b.cfg.Stage(d.Stage); st.Outcome {
			case config.Won:
				r.Won++
			case config.Lost:
				r.Lost++
			}
		}
		r.Overdue += d.Overdue
		r.Findings += len(d.Findings)
		for _, f := range d.Findings {
			if f.Severity == lint.Error {
				r.Errors++
			}
		}
		sum += d.Score.Overall
	}
	if len(deals) > 0 {
		r.Score = sum / len(deals)
	}
	return r
}

// stepCount is how many findings a step has, as gaps would list them.
type stepCount struct {
	Title string
	Count int
}

// gapCounts counts the findings of deals by TAS step, steps in order, as
// gaps groups them: a manager's page says how many there are below them.
func (s *site) gapCounts(deals []*dealInfo) []stepCount {
	steps := append([]lint.StepInfo{{ID: lint.StepDeal}}, lint.Steps...)
	count := map[lint.Step]int{}
	for _, d := range deals {
		for _, f := range d.Findings {
			count[f.Step]++
		}
	}
	var out []stepCount
	for _, st := range steps {
		if n := count[st.ID]; n > 0 {
			out = append(out, stepCount{Title: s.b.tr.T("steps." + string(st.ID)), Count: n})
		}
	}
	return out
}

// gaps groups the findings of deals by TAS step, steps in order.
func (s *site) gaps(deals []*dealInfo) []stepGaps {
	var out []stepGaps
	for _, st := range append([]lint.StepInfo{{ID: lint.StepDeal}}, lint.Steps...) {
		g := stepGaps{Step: st, Title: s.b.tr.T("steps." + string(st.ID))}
		for _, d := range deals {
			for _, f := range d.Findings {
				if f.Step == st.ID {
					g.Findings = append(g.Findings, findingRef{Finding: f, DealPage: d.Page, DealTitle: d.Title, RulePage: rulePage(f.Rule)})
				}
			}
		}
		if len(g.Findings) > 0 {
			out = append(out, g)
		}
	}
	return out
}

type accountPageData struct {
	pageBase
	Name  string
	Deals []*dealInfo
}

// accounts groups the deals by account, in file order within each.
func (s *site) accounts() map[string][]*dealInfo {
	accounts := map[string][]*dealInfo{}
	for _, d := range s.deals {
		accounts[d.AccountKey] = append(accounts[d.AccountKey], d)
	}
	return accounts
}

// accountPageOf renders the page of the account key, whose deals are deals.
func (s *site) accountPageOf(key string, deals []*dealInfo) error {
	page := accountPage(key)
	data := &accountPageData{pageBase: s.b.base(page, deals[0].Account, "accounts"), Name: deals[0].Account, Deals: sortedForBoard(deals)}
	return s.b.emit(page, s.b.tmpl.account, data)
}

// each renders n pages on all cores and returns the first error.
func (s *site) each(n int, render func(i int) error) error {
	return parallel.EachErr(n, render)
}

// --- coaching -----------------------------------------------------------

type coachingPage struct {
	pageBase
	Steps  []lint.StepInfo
	Reps   []coachingRow
	Rules  []ruleCount
	Totals []int
	Total  int
	// Trend is the team's coaching trend from the history; nil without.
	Trend *trendView
}

type coachingRow struct {
	P      *person
	Counts []int // per step, Steps order, then the deal/file step last
	Total  int
	Top    []findingRef
}

type ruleCount struct {
	Rule     *lint.Rule
	Title    string
	Count    int
	Deals    int
	RulePage string
}

func (s *site) coaching() error {
	b := s.b
	p := &coachingPage{pageBase: b.base("coaching.html", b.tr.T("coaching.title"), "coaching"), Steps: lint.Steps, Totals: make([]int, len(lint.Steps)+1)}
	if b.hindsight != nil {
		p.Trend = b.trendView(b.hindsight.trend.Total)
	}
	stepIndex := map[lint.Step]int{}
	for i, st := range lint.Steps {
		stepIndex[st.ID] = i
	}
	counts := map[string]*ruleCount{}
	for _, id := range sortedKeys(s.people) {
		person := s.people[id]
		row := coachingRow{P: person, Counts: make([]int, len(lint.Steps)+1)}
		for _, d := range person.Deals {
			seen := map[string]bool{}
			for _, f := range d.Findings {
				i, ok := stepIndex[f.Step]
				if !ok {
					i = len(lint.Steps)
				}
				row.Counts[i]++
				row.Total++
				p.Totals[i]++
				p.Total++
				rc := counts[f.Rule]
				if rc == nil {
					rule, _ := b.linter.Rule(f.Rule)
					var title string
					if rule != nil {
						title = rule.Texts(b.tr.Lang).Summary
					}
					rc = &ruleCount{Rule: rule, Title: title, RulePage: rulePage(f.Rule)}
					counts[f.Rule] = rc
				}
				rc.Count++
				if !seen[f.Rule] {
					seen[f.Rule] = true
					rc.Deals++
				}
				if f.Severity == lint.Error && len(row.Top) < 10 {
					row.Top = append(row.Top, findingRef{Finding: f, DealPage: d.Page, DealTitle: d.Title, RulePage: rulePage(f.Rule)})
				}
			}
		}
		if len(person.Deals) > 0 {
			p.Reps = append(p.Reps, row)
		}
	}
	for _, id := range sortedKeys(counts) {
		p.Rules = append(p.Rules, *counts[id])
	}
	sort.SliceStable(p.Rules, func(i, j int) bool { return p.Rules[i].Count > p.Rules[j].Count })
	return b.emit("coaching.html", b.tmpl.coaching, p)
}

// --- errors and rules ---------------------------------------------------

type errorsPage struct {
	pageBase
	Unreadable []*problemFile
	Invalid    []*dealInfo
}

func (s *site) errorsPage() error {
	p := &errorsPage{pageBase: s.b.base("errors.html", s.b.tr.T("errors.title"), "errors"), Unreadable: s.unreadable}
	for _, d := range s.deals {
		if !d.Valid {
			p.Invalid = append(p.Invalid, d)
		}
	}
	return s.b.emit("errors.html", s.b.tmpl.errors, p)
}

type rulePageData struct {
	pageBase
	Rule     *lint.Rule
	Texts    lint.Texts
	Severity lint.Severity
	Stages   []ruleStage
	Count    int
	// TeamFile, When and Condition are a team rule's file and CEL.
	TeamFile, When, Condition string
	// Backtest is the rule against the outcomes of the closed deals of
	// the history; nil without history.
	Backtest *backtestView
}

// ruleStage is a stage that requires a rule, and the severity the rule's
// findings have there; Own is set when the stage sets one of its own.
type ruleStage struct {
	config.Stage
	Severity lint.Severity
	Own      bool
}

// ruleCounts counts the findings of each rule on the site.
func (s *site) ruleCounts() map[string]int {
	count := map[string]int{}
	for _, d := range s.deals {
		for _, f := range d.Findings {
			count[f.Rule]++
		}
	}
	return count
}

// rulePageOf renders the page of rule r, which found count findings.
func (s *site) rulePageOf(r *lint.Rule, count int) error {
	b := s.b
	page := rulePage(r.ID)
	data := &rulePageData{pageBase: b.base(page, r.ID, "coaching"), Rule: r, Texts: r.Texts(b.tr.Lang), Severity: b.linter.Severity(r.ID), Count: count}
	if b.hindsight != nil {
		if bt, ok := b.hindsight.rules[r.ID]; ok {
			data.Backtest = b.backtestView(bt)
		}
	}
	if r.Team() {
		// Named from the configuration's folder, so that the page is
		// the same wherever the site is built from.
		file, _ := r.Source()
		data.TeamFile = b.repoPath(file)
		data.When, data.Condition = r.Expressions()
	}
	for _, st := range b.cfg.Stages {
		if b.linter.Requires(st.ID, r.ID) {
			sev := b.linter.SeverityAt(st.ID, r.ID)
			data.Stages = append(data.Stages, ruleStage{Stage: st, Severity: sev, Own: sev != data.Severity})
		}
	}
	return b.emit(page, b.tmpl.rule, data)
}

func (s *site) assets() error {
	return fs.WalkDir(assetFS, "assets", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(assetFS, name)
		if err != nil {
			return err
		}
		return s.b.out.write(name, data)
	})
}

// sitemap lists every page under the base URL, for search engines and
// link checkers.
func (s *site) sitemap() error {
	type loc struct {
		Loc string `xml:"loc"`
	}
	var urls []loc
	base := strings.TrimRight(s.b.baseURL, "/") + "/"
	pages := []string{"index.html", "pipeline.html", "forecast.html", "movement.html", "accuracy.html", "coaching.html", "errors.html", "changes.html"}
	fixed := len(pages) - 1 // the changes page sorts with the rest, first
	for _, d := range s.deals {
		pages = append(pages, d.Page)
	}
	for _, id := range sortedKeys(s.people) {
		pages = append(pages, s.people[id].Page)
	}
	sort.Strings(pages[fixed:])
	for _, p := range pages {
		urls = append(urls, loc{Loc: base + p})
	}
	out, err := xml.MarshalIndent(struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []loc    `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", URLs: urls}, "", "  ")
	if err != nil {
		return err
	}
	return s.b.out.write("sitemap.xml", append([]byte(xml.Header), append(out, '\n')...))
}

// --- movement -----------------------------------------------------------

// movementPage is how the open pipeline of the deals closing this quarter
// moved this week, this month and this quarter, from the git history.
type movementPage struct {
	pageBase
	// History is false when the site has no history, and Note then says
	// why.
	History bool
	Note    string
	Summary string
	Periods []movementPeriod
	// Stages are the stage changes of the quarter.
	Stages     []movementStage
	StagesNote string
	// Notes say what the figures rest on; Skipped are the versions of
	// files the history left out.
	Notes, Skipped []string
}

// movementPeriod is one waterfall of the page.
type movementPeriod struct {
	Key, Heading string
	Chart        template.HTML
	Bars         []movementBar
	// Moved is false when no deal is behind any bar but start and end.
	Moved bool
}

// movementBar is one bar of a waterfall: its amount as people read it and,
// in Value, exactly (the number the report has); the deals behind it.
type movementBar struct {
	Key, Label   string
	Value, Money string
	Count        int
	Total        bool
	Behind       string
	Deals        []movementDeal
}

type movementDeal struct {
	ID, Title, Page      string
	OwnerName, OwnerPage string
	Money, What          string
}

type movementStage struct {
	From, To string
	Count    int
}

// movementPeriods are the moments the page's waterfalls run from, each the
// end of the day before the period starts (a change committed on its first
// day counts in it): the last seven days, this month, this quarter; and
// the first day of each, to say so.
func movementPeriods(today string) (keys []string, from []int64, first []string) {
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return nil, nil, nil
	}
	end := endOfDay(today)
	month := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	quarter := time.Date(t.Year(), time.Month(3*((int(t.Month())-1)/3)+1), 1, 0, 0, 0, 0, time.UTC)
	week := end - 7*86400
	return []string{"week", "month", "quarter"},
		[]int64{week, month.Unix() - 1, quarter.Unix() - 1},
		[]string{time.Unix(week+1, 0).UTC().Format(time.DateOnly), month.Format(time.DateOnly), quarter.Format(time.DateOnly)}
}

func (s *site) movement() error {
	b := s.b
	p := &movementPage{pageBase: b.base("movement.html", b.tr.T("movement.site.title"), "movement"), Note: b.historyNote}
	t, err := time.Parse(time.DateOnly, b.today)
	if b.history == nil || err != nil {
		return b.emit("movement.html", b.tmpl.movement, p)
	}
	p.History = true
	window, _ := movement.ParseWindow("this-quarter", t)
	base := b.cfg.Currency.Base
	p.Summary = b.tr.T("movement.site.summary", "window", window.Name, "first", window.From, "last", window.Last(), "currency", base)
	pages := map[string]string{}
	for _, d := range s.deals {
		if _, ok := pages[d.ID]; !ok {
			pages[d.ID] = d.Page
		}
	}
	to := endOfDay(b.today)
	keys, froms, firsts := movementPeriods(b.today)
	unconverted := map[string]bool{}
	var quarter *movement.Report
	for i, key := range keys {
		rep := movement.Compute(b.history, b.cfg, froms[i], to, window, "")
		if key == "quarter" {
			quarter = rep
		}
		for _, u := range rep.Unconverted {
			unconverted[u] = true
		}
		per := movementPeriod{Key: key, Heading: b.tr.T("movement.site."+key, "from", firsts[i], "to", b.today)}
		chart := svg.WaterfallChart{Unit: base, Title: b.tr.T("movement.site.chart", "window", window.Name, "from", firsts[i], "to", b.today,
			"start", b.tr.money(rep.Total.Amounts[movement.Start], base), "end", b.tr.money(rep.Total.Amounts[movement.End], base))}
		for _, bar := range movement.Bars {
			amount, entries := rep.Total.Amounts[bar], rep.Total.Deals[bar]
			name := b.tr.T("movement.bar." + string(bar))
			mb := movementBar{Key: string(bar), Label: name, Value: strconv.FormatFloat(amount, 'f', -1, 64), Money: b.tr.money(amount, base),
				Count: len(entries), Total: bar.Sign() == 0}
			switch bar.Sign() {
			case 1:
				mb.Label = "+ " + name
			case -1:
				mb.Label = "− " + name
			}
			if !mb.Total {
				per.Moved = per.Moved || len(entries) > 0
				mb.Behind = b.tr.T("movement.site.behind", "bar", name, "count", len(entries), "amount", mb.Money)
				for _, e := range entries {
					mb.Deals = append(mb.Deals, s.movementDeal(e, pages))
				}
			}
			per.Bars = append(per.Bars, mb)
			chart.Bars = append(chart.Bars, svg.WaterfallBar{Label: name, Money: b.tr.money(amount, ""), Amount: amount, Count: len(entries), Sign: bar.Sign()})
		}
		per.Chart = svg.Waterfall(chart, b.tr.Printer)
		p.Periods = append(p.Periods, per)
	}
	for _, c := range quarter.Total.Conversions {
		p.Stages = append(p.Stages, movementStage{From: b.stageName(c.From), To: b.stageName(c.To), Count: c.Count})
	}
	p.StagesNote = b.tr.T("movement.site.stagesNote", "from", firsts[len(firsts)-1], "to", b.today)
	p.Notes = []string{b.tr.T("movement.rates", "currency", base, "at", b.today)}
	if len(unconverted) > 0 {
		p.Notes = append(p.Notes, b.tr.T("movement.unconverted", "deals", strings.Join(sortedKeys(unconverted), ", ")))
	}
	p.Skipped = b.history.Notes
	return b.emit("movement.html", b.tmpl.movement, p)
}

// movementDeal is a deal behind a bar as the page shows it: linked to its
// page when it still has one, its owner by name, what moved it in words.
func (s *site) movementDeal(e movement.Entry, pages map[string]string) movementDeal {
	b := s.b
	d := movementDeal{ID: e.ID, Title: e.Title, Page: pages[e.ID], OwnerName: s.nameOf(e.Owner), Money: b.tr.money(e.Amount, b.cfg.Currency.Base)}
	if d.Title == "" {
		d.Title = e.ID
	}
	if p := s.people[e.Owner]; p != nil {
		d.OwnerPage = p.Page
	}
	from, to := e.From, e.To
	switch e.Why {
	case "":
		return d
	case "amount":
		// The amounts before and after, in the base currency.
		if v, err := strconv.ParseFloat(from, 64); err == nil {
			from = b.tr.money(v, b.cfg.Currency.Base)
		}
		if v, err := strconv.ParseFloat(to, 64); err == nil {
			to = b.tr.money(v, b.cfg.Currency.Base)
		}
	case "stage", "reopened":
		from, to = b.stageName(from), b.stageName(to)
	}
	d.What = b.tr.T("movement.why."+e.Why, "from", from, "to", to)
	return d
}

// stageName is a stage's name in the site's language; an id the
// configuration does not know, as it is.
func (b *builder) stageName(id string) string {
	if st, ok := b.cfg.Stage(id); ok {
		return st.NameIn(b.tr.Lang)
	}
	return id
}

// --- accuracy -----------------------------------------------------------

// accuracyPage is how good the forecasts were: per rep and per quarter,
// and the calibration of the stage probabilities, from the history of
// the closed deals.
type accuracyPage struct {
	pageBase
	// History is false when the site has no history, and Note then says
	// why.
	History       bool
	Note, Summary string
	// Closed is how many deals were won or lost.
	Closed   int
	Reps     []accuracyRow
	Total    accuracyRow
	Quarters []accuracyRow
	Chart    template.HTML
	Stages   []calibrationRow
	Explain  []string
	Notes    []string
	Skipped  []string
	// Min is how many closed deals must have reached a stage for its
	// share to be a probability to go by.
	Min int
}

// accuracyRow is one line of a table of the page, each figure as people
// read it and, for sorting, as a number.
type accuracyRow struct {
	Label, Page       string
	Won, Lost         int
	WinRate, WinRateV string
	Slips             string
	SlipsV            int
	Amounts, AmountsV string
	Commits, CommitsV string
	Brier, BrierV     string
}

type calibrationRow struct {
	Stage, Set, Share string
	Won, Reached      int
	TooFew, None      bool
}

// share is a share as a whole percentage, "–" when there is nothing to
// share; and as a number for sorting, "" then.
func share(v float64) (string, string) {
	if math.IsNaN(v) {
		return "–", ""
	}
	return fmt.Sprintf("%.0f%%", math.Round(v*100)), strconv.FormatFloat(v, 'f', 4, 64)
}

func (s *site) accuracyRow(f accuracy.Figures, label, page string) accuracyRow {
	b := s.b
	base := b.cfg.Currency.Base
	r := accuracyRow{Label: label, Page: page, Won: f.Won, Lost: f.Lost, SlipsV: f.Slips, Amounts: "–", Brier: "–"}
	r.WinRate, r.WinRateV = share(f.WinRate())
	r.Slips = b.tr.T("accuracy.noSlips")
	if f.Slips > 0 {
		r.Slips = b.tr.T("accuracy.slips", "count", f.Slips, "deals", f.SlippedDeals, "days", f.SlipDays)
	}
	if f.AmountDeals > 0 {
		r.Amounts = b.tr.T("accuracy.amounts", "close", b.tr.money(f.CloseAmount, base), "first", b.tr.money(f.FirstAmount, base), "ratio", fmt.Sprintf("%.2f", f.AmountRatio()))
		r.AmountsV = strconv.FormatFloat(f.AmountRatio(), 'f', 4, 64)
	}
	rate, rateV := share(f.HitRate())
	r.Commits, r.CommitsV = b.tr.T("accuracy.hits", "hit", f.Hit, "called", f.Called, "rate", rate), rateV
	if f.BrierN > 0 {
		r.Brier, r.BrierV = fmt.Sprintf("%.3f", f.Brier), strconv.FormatFloat(f.Brier, 'f', 4, 64)
	}
	return r
}

func (s *site) accuracy() error {
	b := s.b
	p := &accuracyPage{pageBase: b.base("accuracy.html", b.tr.T("accuracy.site.title"), "accuracy"), Note: b.historyNote, Min: accuracy.MinSample}
	if b.history == nil {
		return b.emit("accuracy.html", b.tmpl.accuracy, p)
	}
	p.History = true
	rep := accuracy.Compute(b.history, b.cfg, 0, endOfDay(b.today), "owner")
	p.Closed = rep.Total.Won + rep.Total.Lost
	p.Summary = b.tr.T("accuracy.site.summary", "to", b.today, "won", rep.Total.Won, "lost", rep.Total.Lost)
	for _, g := range rep.Groups {
		label, page := s.nameOf(g.Name), ""
		if g.Name == "" {
			label = b.tr.T("movement.noGroup")
		} else if pp := s.people[g.Name]; pp != nil {
			page = pp.Page
		}
		p.Reps = append(p.Reps, s.accuracyRow(g.Figures, label, page))
	}
	p.Total = s.accuracyRow(rep.Total.Figures, b.tr.T("accuracy.site.everyone"), "")
	for _, q := range rep.Total.Quarters {
		p.Quarters = append(p.Quarters, s.accuracyRow(q.Figures, q.Name, ""))
	}
	var chart []svg.CalibrationStage
	for _, st := range rep.Stages {
		name := b.stageName(st.ID)
		row := calibrationRow{Stage: name, Set: strconv.FormatFloat(st.Probability, 'f', -1, 64) + "%", Won: st.Won, Reached: st.Reached, TooFew: !st.Enough(), None: st.Reached == 0}
		row.Share, _ = share(st.Share())
		p.Stages = append(p.Stages, row)
		chart = append(chart, svg.CalibrationStage{Label: name, Set: st.Probability, Won: st.Won, Reached: st.Reached, Enough: st.Enough()})
	}
	p.Chart = svg.Calibration(chart, accuracy.MinSample, b.tr.Printer)
	for _, k := range []string{"winRate", "slips", "amounts", "commits", "brier", "calibration"} {
		p.Explain = append(p.Explain, b.tr.T("accuracy.site.explain."+k, "min", accuracy.MinSample))
	}
	p.Notes = []string{b.tr.T("movement.rates", "currency", rep.Currency, "at", b.today)}
	if len(rep.Unconverted) > 0 {
		p.Notes = append(p.Notes, b.tr.T("movement.unconverted", "deals", strings.Join(rep.Unconverted, ", ")))
	}
	p.Skipped = b.history.Notes
	return b.emit("accuracy.html", b.tmpl.accuracy, p)
}
