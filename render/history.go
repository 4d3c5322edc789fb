package render

import (
	"sort"
	"time"

	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/svg"
	"github.com/dealsascode/deals/internal/text"
)

// eventView is one history event as a deal page lists it.
type eventView struct {
	Date, Author, Commit string
	Text                 string
	Slip                 bool
}

// endOfDay is the last second of a YYYY-MM-DD day in UTC, so that commits
// made during "today" count as before it ends.
func endOfDay(day string) int64 {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return 0
	}
	return t.Add(24*time.Hour - time.Second).Unix()
}

// timeline finds a deal's history by its id.
func (b *builder) timeline(id string) *history.Timeline {
	if b.history == nil || id == "" {
		return nil
	}
	return b.history.Deals[id]
}

// dealHistory is what the deal page and its card show of its history.
func (b *builder) dealHistory(id string) (events []eventView, days, slips int) {
	days = -1
	tl := b.timeline(id)
	if tl == nil {
		return nil, -1, 0
	}
	now := endOfDay(b.today)
	if since, ok := tl.StageSince(now); ok {
		days = int((now - since) / 86400)
	}
	slips = tl.Slips(now)
	for i := len(tl.Events) - 1; i >= 0; i-- { // newest first
		e := tl.Events[i]
		if e.Time > now {
			continue
		}
		commit := e.Commit
		if len(commit) > 7 {
			commit = commit[:7]
		}
		events = append(events, eventView{Date: e.Date, Author: e.Author, Commit: commit, Text: b.eventText(e), Slip: e.Slip()})
	}
	return events, days, slips
}

func (b *builder) eventText(e history.Event) string {
	t := b.tr
	stage := func(id string) string {
		if s, ok := b.cfg.Stage(id); ok {
			return s.NameIn(t.Lang)
		}
		return id
	}
	switch e.Kind {
	case "created":
		return t.T("history.created", "stage", stage(e.To))
	case "stage":
		return t.T("history.stage", "from", stage(e.From), "to", stage(e.To))
	case "amount":
		return t.T("history.amount", "from", e.From, "to", e.To)
	case "close":
		if e.From == "" {
			return t.T("history.closeSet", "date", e.To)
		}
		if e.Slip() {
			return t.T("history.slip", "from", e.From, "to", e.To)
		}
		return t.T("history.close", "from", e.From, "to", e.To)
	case "renamed":
		return t.T("history.renamed", "from", e.From, "to", e.To)
	case "deleted":
		return t.T("history.deleted")
	case "readded":
		return t.T("history.readded", "stage", stage(e.To))
	}
	return e.Kind
}

// trend is the open pipeline by stage at the end of each of the last 26
// weeks, every amount converted with today's rates.
func (b *builder) trend() svg.TrendChart {
	var c svg.TrendChart
	if b.history == nil {
		return c
	}
	var open []string
	index := map[string]int{}
	for _, st := range b.cfg.Stages {
		if st.Open() {
			index[st.ID] = len(open)
			open = append(open, st.NameIn(b.tr.Lang))
		}
	}
	c.Stages, c.Unit = open, b.cfg.Currency.Base
	end := endOfDay(b.today)
	ids := sortedKeys(b.history.Deals)
	for w := 25; w >= 0; w-- {
		at := end - int64(w)*7*86400
		row := make([]float64, len(open))
		for _, id := range ids {
			s, ok := b.history.Deals[id].At(at)
			if !ok || s.Deleted {
				continue
			}
			i, isOpen := index[s.Stage]
			if !isOpen {
				continue
			}
			if v, ok := b.cfg.Convert(s.Amount, s.Currency); ok {
				row[i] += v
			}
		}
		c.Periods = append(c.Periods, time.Unix(at, 0).UTC().Format("01-02"))
		c.Values = append(c.Values, row)
	}
	return c
}

// weekChange is one deal's events of the last seven days.
type weekChange struct {
	Title, Page string
	Events      []eventView
}

type changesPage struct {
	pageBase
	From, To string
	Deals    []weekChange
	Note     string
	Notes    []string
}

// changes renders "what changed this week": every deal event of the seven
// days up to today, newest deal activity first.
func (s *site) changes() error {
	b := s.b
	p := &changesPage{pageBase: b.base("changes.html", b.tr.T("changes.title"), "changes"), Note: b.historyNote}
	end := endOfDay(b.today)
	start := end - 7*86400
	p.From = time.Unix(start+1, 0).UTC().Format(time.DateOnly)
	p.To = b.today
	if b.history != nil {
		p.Notes = b.history.Notes
		pages := map[string]string{}
		for _, d := range s.deals {
			pages[d.ID] = d.Page
		}
		latest := map[string]int64{}
		for _, id := range sortedKeys(b.history.Deals) {
			tl := b.history.Deals[id]
			var evs []eventView
			for i := len(tl.Events) - 1; i >= 0; i-- {
				e := tl.Events[i]
				if e.Time > start && e.Time <= end {
					evs = append(evs, eventView{Date: e.Date, Author: e.Author, Commit: text.ShortHash(e.Commit), Text: b.eventText(e), Slip: e.Slip()})
					if e.Time > latest[id] {
						latest[id] = e.Time
					}
				}
			}
			if len(evs) > 0 {
				title := tl.Title
				if title == "" {
					title = id
				}
				p.Deals = append(p.Deals, weekChange{Title: title, Page: pages[id], Events: evs})
			}
		}
		sort.SliceStable(p.Deals, func(i, j int) bool { return p.Deals[i].Title < p.Deals[j].Title })
	}
	return b.emit("changes.html", b.tmpl.changes, p)
}
