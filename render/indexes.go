package render

import (
	"encoding/xml"
	"fmt"
	"github.com/dealsascode/deals/internal/attention"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/lint"
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
		s.people[m.ID] = &person{ID: m.ID, Name: m.Name, Region: m.Region, Manager: m.Manager, Page: personPage(m.ID), InTeam: true}
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

func (s *site) renderIndexes() error {
	b := s.b
	steps := []func() error{s.attention, s.pipeline, s.forecast, s.peoplePages, s.accountPages, s.coaching, s.errorsPage, s.rulePages, s.changes, s.assets}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	if b.baseURL != "" {
		if err := s.sitemap(); err != nil {
			return err
		}
	}
	return b.out.write(repo.SiteMarker, []byte("This folder was written by deals build and is replaced by the next build.\n"))
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

// sortedForBoard orders cards within a column: soonest close first, then title.
func sortedForBoard(deals []*dealInfo) []*dealInfo {
	out := append([]*dealInfo(nil), deals...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.CloseDate != b.CloseDate {
			if a.CloseDate == "" || b.CloseDate == "" {
				return b.CloseDate == ""
			}
			return a.CloseDate < b.CloseDate
		}
		return a.Title < b.Title
	})
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
	p.Rows, _ = s.attentionRows(s.deals, 0)
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
// ranked, with what they need in words: the first limit of them (all when
// limit is 0), and how many more there are.
func (s *site) attentionRows(deals []*dealInfo, limit int) ([]attentionRow, int) {
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
		rows = append(rows, attentionRow{D: it.Deal, Team: s.managersOf(it.Deal.Owner), Reasons: b.attentionTexts(it.Reasons)})
	}
	return rows, more
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

type forecastRow struct {
	Key, Label      string
	Count           int
	Total, Weighted float64
	Won             float64
}

// withEmpty fills the periods between the first and the last dated one
// with empty rows, so that a month without deals shows as one; next is
// the key of the period after a key. The overdue and undated rows stay
// where they are, first and last.
func withEmpty(rows []*forecastRow, next func(string) string) []*forecastRow {
	var out []*forecastRow
	var prev string
	for _, r := range rows {
		dated := !strings.HasPrefix(r.Key, "0000") && !strings.HasPrefix(r.Key, "9999")
		if dated && prev != "" {
			// At most ten years of empty periods: a typo in a date should
			// not make the table endless.
			for k, n := next(prev), 0; k < r.Key && n < 120; k, n = next(k), n+1 {
				out = append(out, &forecastRow{Key: k, Label: k})
			}
		}
		if dated {
			prev = r.Key
		}
		out = append(out, r)
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

type forecastPage struct {
	pageBase
	OpenCount               int
	OpenTotal, OpenWeighted float64
	WonTotal                float64
	Months, Quarters        []*forecastRow
	Owners, Regions         []*forecastRow
	MonthChart, OwnerChart  template.HTML
	QuarterChart            template.HTML
	RegionChart             template.HTML
	Funnel                  template.HTML
	Unconverted             []*dealInfo
	Undated                 int
	// Overdue counts open deals past their close date; Totals sums the
	// periods.
	Overdue     int
	Totals      forecastRow
	Rates       []option
	Trend       template.HTML
	HistoryNote string
}

func (s *site) forecast() error {
	b := s.b
	p := &forecastPage{pageBase: b.base("forecast.html", b.tr.T("forecast.title"), "forecast")}
	rows := map[string]map[string]*forecastRow{"month": {}, "quarter": {}, "owner": {}, "region": {}}
	add := func(kind, key, label string, d *dealInfo) {
		r := rows[kind][key]
		if r == nil {
			r = &forecastRow{Key: key, Label: label}
			rows[kind][key] = r
		}
		if d.Open {
			r.Count++
			r.Total += d.Base
			r.Weighted += d.Weighted
		} else if stage, _ := b.cfg.Stage(d.Stage); stage.Outcome == config.Won {
			r.Won += d.Base
		}
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
		if d.Open {
			p.OpenCount++
			p.OpenTotal += d.Base
			p.OpenWeighted += d.Weighted
		} else {
			p.WonTotal += d.Base
		}
		month, quarter := b.tr.T("forecast.undated"), b.tr.T("forecast.undated")
		monthKey, quarterKey := "9999-99", "9999-Q9"
		switch {
		case d.Open && d.CloseDate != "" && d.CloseDate < b.today:
			// An open deal past its close date closes in no past month:
			// it is overdue until someone gives it a new date.
			monthKey, quarterKey = "0000-00", "0000-Q0"
			month, quarter = b.tr.T("forecast.overdue"), b.tr.T("forecast.overdue")
			p.Overdue++
		case len(d.CloseDate) >= 7:
			monthKey = d.CloseDate[:7]
			month = monthKey
			q := (int(d.CloseDate[5]-'0')*10 + int(d.CloseDate[6]-'0') + 2) / 3
			quarterKey = fmt.Sprintf("%s-Q%d", d.CloseDate[:4], q)
			quarter = quarterKey
		case d.Open:
			p.Undated++
		}
		add("month", monthKey, month, d)
		add("quarter", quarterKey, quarter, d)
		add("owner", d.Owner, s.nameOf(d.Owner), d)
		region := d.Region
		if region == "" {
			region = b.tr.T("forecast.noRegion")
		}
		add("region", region, region, d)
	}
	list := func(kind string) []*forecastRow {
		m := rows[kind]
		out := make([]*forecastRow, 0, len(m))
		for _, k := range sortedKeys(m) {
			out = append(out, m[k])
		}
		return out
	}
	p.Months, p.Quarters, p.Owners, p.Regions = list("month"), list("quarter"), list("owner"), list("region")
	p.Months, p.Quarters = withEmpty(p.Months, nextMonth), withEmpty(p.Quarters, nextQuarter)
	for _, rs := range [][]*forecastRow{p.Months} {
		for _, r := range rs {
			p.Totals.Count += r.Count
			p.Totals.Total += r.Total
			p.Totals.Weighted += r.Weighted
			p.Totals.Won += r.Won
		}
	}
	byTotal := func(rs []*forecastRow) []*forecastRow {
		out := append([]*forecastRow(nil), rs...)
		sort.SliceStable(out, func(i, j int) bool { return out[i].Weighted > out[j].Weighted })
		return out
	}
	p.Owners, p.Regions = byTotal(p.Owners), byTotal(p.Regions)
	chart := func(title string, rs []*forecastRow, horizontal bool) template.HTML {
		c := svg.BarChart{Title: title, Unit: b.cfg.Currency.Base, Horizontal: horizontal,
			Series: []svg.Series{{Label: b.tr.T("forecast.total")}, {Label: b.tr.T("forecast.weighted")}, {Label: b.tr.T("forecast.won")}}}
		for _, r := range rs {
			c.Categories = append(c.Categories, r.Label)
			c.Series[0].Values = append(c.Series[0].Values, r.Total)
			c.Series[1].Values = append(c.Series[1].Values, r.Weighted)
			c.Series[2].Values = append(c.Series[2].Values, r.Won)
		}
		return svg.Bars(c, b.tr.Printer)
	}
	p.MonthChart = chart(b.tr.T("forecast.byMonth"), p.Months, false)
	p.QuarterChart = chart(b.tr.T("forecast.byQuarter"), p.Quarters, false)
	p.OwnerChart = chart(b.tr.T("forecast.byOwner"), p.Owners, true)
	p.RegionChart = chart(b.tr.T("forecast.byRegion"), p.Regions, true)
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

// --- people and accounts -----------------------------------------------

type personPageData struct {
	pageBase
	P                 *person
	Manager           *person
	Deals             []*dealInfo
	Next, Late        []actionInfo
	Gaps              []stepGaps
	Team              []teamRow // for managers: everyone below them
	TeamGaps          []stepGaps
	OpenTotal, Weight float64
	// Attention is what the person's deals need this week, the first
	// personAttention of them; for a manager, the deals of everyone below
	// them too. AttentionMore is how many more the full list has, and
	// AttentionLink the address of that list, filtered to them.
	Attention     []attentionRow
	AttentionMore int
	AttentionLink string
	// TeamTotals are a manager's figures with everyone below them; nil
	// for someone with no reports.
	TeamTotals *teamTotals
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

type teamRow struct {
	P                       *person
	Deals, Open, Overdue    int
	Total, Weighted         float64
	Findings, Errors, Score int
}

func (s *site) peoplePages() error {
	b := s.b
	ids := sortedKeys(s.people)
	return s.each(len(ids), func(i int) error {
		p := s.people[ids[i]]
		id := ids[i]
		page := &personPageData{pageBase: b.base(p.Page, s.nameOf(id), "people"), P: p, Manager: s.people[p.Manager], Deals: sortedForBoard(p.Deals)}
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
		if len(p.Reports) > 0 {
			var all []*dealInfo
			for _, m := range s.below(p) {
				page.Team = append(page.Team, s.teamRow(m))
				all = append(all, m.Deals...)
			}
			page.TeamGaps = s.gaps(all)
			team := append(append([]*dealInfo(nil), p.Deals...), all...)
			page.TeamTotals = s.totals(team)
			page.Attention, page.AttentionMore = s.attentionRows(team, personAttention)
			page.AttentionLink = "index.html#team=" + url.QueryEscape(id)
		} else {
			page.Attention, page.AttentionMore = s.attentionRows(p.Deals, personAttention)
			page.AttentionLink = "index.html#owner=" + url.QueryEscape(id)
		}
		return b.emit(p.Page, b.tmpl.person, page)
	})
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

func (s *site) teamRow(p *person) teamRow {
	r := teamRow{P: p, Deals: len(p.Deals)}
	sum := 0
	for _, d := range p.Deals {
		if d.Open {
			r.Open++
			if d.Converted {
				r.Total += d.Base
				r.Weighted += d.Weighted
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
	if len(p.Deals) > 0 {
		r.Score = sum / len(p.Deals)
	}
	return r
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

func (s *site) accountPages() error {
	accounts := map[string][]*dealInfo{}
	for _, d := range s.deals {
		accounts[d.AccountKey] = append(accounts[d.AccountKey], d)
	}
	keys := sortedKeys(accounts)
	return s.each(len(keys), func(i int) error {
		deals := accounts[keys[i]]
		page := accountPage(keys[i])
		data := &accountPageData{pageBase: s.b.base(page, deals[0].Account, "accounts"), Name: deals[0].Account, Deals: sortedForBoard(deals)}
		return s.b.emit(page, s.b.tmpl.account, data)
	})
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
}

// ruleStage is a stage that requires a rule, and the severity the rule's
// findings have there; Own is set when the stage sets one of its own.
type ruleStage struct {
	config.Stage
	Severity lint.Severity
	Own      bool
}

func (s *site) rulePages() error {
	b := s.b
	count := map[string]int{}
	for _, d := range s.deals {
		for _, f := range d.Findings {
			count[f.Rule]++
		}
	}
	rules := b.linter.Rules()
	return s.each(len(rules), func(i int) error {
		r := rules[i]
		page := rulePage(r.ID)
		data := &rulePageData{pageBase: b.base(page, r.ID, "coaching"), Rule: r, Texts: r.Texts(b.tr.Lang), Severity: b.linter.Severity(r.ID), Count: count[r.ID]}
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
	})
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
	pages := []string{"index.html", "pipeline.html", "forecast.html", "coaching.html", "errors.html", "changes.html"}
	for _, d := range s.deals {
		pages = append(pages, d.Page)
	}
	for _, id := range sortedKeys(s.people) {
		pages = append(pages, s.people[id].Page)
	}
	sort.Strings(pages[5:])
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
