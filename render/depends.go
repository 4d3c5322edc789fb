package render

import (
	"slices"
	"strconv"
	"strings"
)

// What each page made from many deals is made from. A full build renders
// every page of the list; an update of a live site (live.go) renders only
// those whose key changed, and keeps the others as they were. The key of
// a page holds, besides what the configuration, the day and the history
// fix for as long as they do not change, everything its function reads:
// a page missing something here would be kept stale, and TestLiveProperty
// would find it different from a full build.

// indexPage is one page made from many deals, or the sitemap.
type indexPage struct {
	name string
	key  pageKey
	// page is false for a file that is not one of Result.Pages (the
	// sitemap).
	page   bool
	render func() error
}

// pageKey is what a page is made from: the summaries of deals and the
// broken files it reads, and text for the rest (who is on the team and
// their pages, a count). A summary that did not change is the same
// pointer from update to update (live.go), so comparing pointers is
// comparing what they hold.
type pageKey struct {
	text     string
	deals    []*dealInfo
	problems []*problemFile
}

func (k pageKey) equal(o pageKey) bool {
	return k.text == o.text && slices.Equal(k.deals, o.deals) && slices.Equal(k.problems, o.problems)
}

// indexPages lists the pages made from many deals, each with its key.
func (s *site) indexPages() []indexPage {
	b := s.b
	// The pages of the whole pipeline read every deal, in file order, and
	// the people, who are the team and the owners of the deals.
	all := pageKey{deals: s.deals, problems: s.unreadable}
	pages := []indexPage{
		{"index.html", all, true, s.attention},
		{"pipeline.html", all, true, s.pipeline},
		{"forecast.html", all, true, s.forecast},
		{"coaching.html", all, true, s.coaching},
		{"errors.html", all, true, s.errorsPage},
	}
	pages = append(pages, s.boardFiles()...)
	// The history's pages read the history, the people and which page
	// each deal id has.
	history := pageKey{text: s.peopleText() + "\x00" + s.dealPagesText()}
	pages = append(pages,
		indexPage{"movement.html", history, true, s.movement},
		indexPage{"accuracy.html", history, true, s.accuracy},
		indexPage{"changes.html", history, true, s.changes})
	// Two people whose ids make the same page name share it: the team's
	// member has it, else the first id, so that the page never depends on
	// which of them was rendered last.
	owner := map[string]*person{}
	for _, id := range sortedKeys(s.people) {
		p := s.people[id]
		if q := owner[p.Page]; q == nil || p.InTeam && !q.InTeam {
			owner[p.Page] = p
		}
	}
	for _, page := range sortedKeys(owner) {
		p := owner[page]
		pages = append(pages, indexPage{page, s.personKey(p), true, func() error { return s.personPageOf(p) }})
	}
	accounts := s.accounts()
	for _, key := range sortedKeys(accounts) {
		deals := accounts[key]
		pages = append(pages, indexPage{accountPage(key), pageKey{deals: deals}, true, func() error { return s.accountPageOf(key, deals) }})
	}
	count := s.ruleCounts()
	for _, r := range b.linter.Rules() {
		n := count[r.ID]
		pages = append(pages, indexPage{rulePage(r.ID), pageKey{text: strconv.Itoa(n)}, true, func() error { return s.rulePageOf(r, n) }})
	}
	if b.baseURL != "" {
		pages = append(pages, indexPage{"sitemap.xml", all, false, s.sitemap})
	}
	return pages
}

// personKey is what the page of p reads: p, their manager, and everyone
// below them with their deals (their team's deals, forecast and gaps).
func (s *site) personKey(p *person) pageKey {
	var text strings.Builder
	deals := append([]*dealInfo(nil), p.Deals...)
	who := func(q *person) {
		text.WriteString(q.ID + "\x00" + q.Name + "\x00" + q.Region + "\x00" + q.Manager + "\x00" + q.Page + "\x00" + strconv.FormatBool(q.InTeam) + "\x00" + strconv.Itoa(len(q.Deals)))
		for _, r := range q.Reports {
			text.WriteString("\x00" + r.ID)
		}
		text.WriteByte('\n')
	}
	who(p)
	if m := s.people[p.Manager]; m != nil {
		text.WriteString("manager\x00")
		who(m)
	}
	for _, q := range s.below(p) {
		who(q)
		deals = append(deals, q.Deals...)
	}
	return pageKey{text: text.String(), deals: deals}
}

// peopleText is who the site's people are and where their pages are.
func (s *site) peopleText() string {
	var text strings.Builder
	for _, id := range sortedKeys(s.people) {
		p := s.people[id]
		text.WriteString(id + "\x00" + p.Name + "\x00" + p.Page + "\n")
	}
	return text.String()
}

// dealPagesText is each deal's id and page, in file order.
func (s *site) dealPagesText() string {
	var text strings.Builder
	for _, d := range s.deals {
		text.WriteString(d.ID + "\x00" + d.Page + "\n")
	}
	return text.String()
}
