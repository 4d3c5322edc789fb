package render

import (
	"bytes"
	"github.com/dealsascode/deals/internal/attention"
	"github.com/dealsascode/deals/internal/forecast"
	"html/template"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/internal/svg"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// markdown renders notes. Raw HTML in the source is dropped and links with
// dangerous schemes (javascript:, vbscript:, data: other than images) are
// emptied: goldmark does both unless told it is safe, which it never is here.
// Images become links: an image in a note would otherwise load from
// wherever its address points, and the site loads nothing from elsewhere.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithRendererOptions(
		html.WithHardWraps(),
		renderer.WithNodeRenderers(util.Prioritized(imagesAsLinks{}, 100)),
	),
)

// imagesAsLinks renders ![alt](url) as a link to url labelled alt, or just
// alt when the URL is dangerous.
type imagesAsLinks struct{}

func (imagesAsLinks) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		img := n.(*ast.Image)
		var alt bytes.Buffer
		for c := img.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				alt.Write(t.Segment.Value(src))
			}
		}
		label := alt.String()
		if label == "" {
			label = string(img.Destination)
		}
		if html.IsDangerousURL(img.Destination) {
			w.WriteString(template.HTMLEscapeString(label))
			return ast.WalkSkipChildren, nil
		}
		w.WriteString(`<a href="` + string(util.EscapeHTML(util.URLEscape(img.Destination, true))) + `">`)
		w.WriteString(template.HTMLEscapeString(label))
		w.WriteString("</a>")
		return ast.WalkSkipChildren, nil
	})
}

func renderMarkdown(src string) template.HTML {
	if src == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(buf.String()) // safe: goldmark runs without WithUnsafe
}

// stepStatus is one cell of the TAS strip on a deal page: the deal's
// header (amount and close date, Number 0), then the seven steps, each a
// part of the deal's score.
type stepStatus struct {
	Number   int
	ID       lint.Step
	Anchor   string
	Title    string
	Score    int
	Required bool
	Findings int
}

// State is how the step stands at the deal's stage: done, gaps, or later
// (not required yet).
func (s stepStatus) State() string {
	switch {
	case s.Findings > 0:
		return "gaps"
	case s.Required:
		return "done"
	}
	return "later"
}

type dealPage struct {
	pageBase
	D           *deal.Deal
	Info        *dealInfo
	Stage       config.Stage
	Steps       []stepStatus
	Findings    []lint.Finding
	Problems    []lint.Finding // parse or schema problems: the page shows what could be read
	Map         template.HTML
	MapCoverage bool // the map has coverage lines, which the page can hide
	RiskMatrix  template.HTML
	Timeline    template.HTML
	Notes       template.HTML
	OwnerPage   string
	AccountPage string
	Owner       config.Member
	Today       string
	// Names maps key-player ids to names, for references between them.
	Names map[string]string
	// Rows of the tables, with every label translated and list joined here
	// rather than in the template: each template action costs a reflective call.
	Players  []playerRow
	Actions  []actionRow
	Risks    []riskRow
	Coverage []coverageRow
	// History is the deal's timeline, newest first; HistoryNote says why
	// there is none.
	History     []eventView
	HistoryNote string
	// Source is the deal's file named from the repository's folder, never
	// from the machine the site was built on.
	Source string
	// signers says who signs the order, per key player.
	signers []bool
	// The summary a manager reads first, besides what Info has: the worst
	// risks, and what the deal needs this week.
	TopRisks  []string
	Attention []attentionText
}

type playerRow struct {
	Name, Email, Phone                  string
	Title, Roles, Attitude, AttitudeKey string
	Influence, ReportsTo, CaresAbout    string
	Verified                            string
	Signer                              bool // signs the order (deal.FinalSigners)
}

type actionRow struct {
	What, Owner, Due, Status, StatusKey string
	Overdue                             bool
}

type riskRow struct {
	Risk, Rating, WorstCase, Mitigation string
}

type coverageRow struct {
	Player, CoveredBy, Current, Target, Approach string
}

func (b *builder) tableRows(p *dealPage) {
	d, t := p.D, b.tr
	p.signers = d.FinalSigners()
	for i, k := range d.KeyPlayers.Items {
		roles := make([]string, len(k.Roles.Items))
		for i, r := range k.Roles.Items {
			roles[i] = label(t, "role", r.Value)
		}
		cares := make([]string, len(k.CaresAbout.Items))
		for i, c := range k.CaresAbout.Items {
			cares[i] = c.Value
		}
		reportsTo := k.ReportsTo.Value
		if name := p.Names[reportsTo]; name != "" {
			reportsTo = name
		}
		p.Players = append(p.Players, playerRow{
			Name: k.Name.Value, Email: k.Email.Value, Phone: k.Phone.Value, Title: k.Title.Value, Roles: strings.Join(roles, ", "),
			Attitude: label(t, "attitude", k.Attitude.Value), AttitudeKey: string(k.Attitude.Value),
			Influence: label(t, "rating", k.Influence.Value), ReportsTo: reportsTo,
			CaresAbout: strings.Join(cares, "; "), Verified: k.LastVerified.Value, Signer: p.signers[i],
		})
	}
	for _, a := range d.Plan.Actions.Items {
		status := a.Status.Value
		if status == "" {
			status = "open"
		}
		p.Actions = append(p.Actions, actionRow{What: a.What.Value, Owner: b.who(p.Names, a.Owner.Value), Due: a.Due.Value,
			Status: label(t, "status", status), StatusKey: string(status),
			Overdue: p.Info.Open && a.Open() && a.Due.Set() && a.Due.Value < b.today})
	}
	for _, r := range d.Assessment.Risks.Items {
		var rating []string
		if r.Severity.Set() {
			rating = append(rating, t.T("deal.severity")+" "+label(t, "rating", r.Severity.Value))
		}
		if r.Probability.Set() {
			rating = append(rating, t.T("deal.probability")+" "+label(t, "rating", r.Probability.Value))
		}
		p.Risks = append(p.Risks, riskRow{Risk: r.Risk.Value, Rating: strings.Join(rating, " · "), WorstCase: r.WorstCase.Value, Mitigation: r.Mitigation.Value})
	}
	p.TopRisks = topRisks(d, 3)
	p.Attention = b.attentionTexts(p.Info.Attention)
	for _, c := range d.Relationships.Coverage.Items {
		player := c.KeyPlayer.Value
		if name := p.Names[player]; name != "" {
			player = name
		}
		p.Coverage = append(p.Coverage, coverageRow{Player: player, CoveredBy: b.who(p.Names, c.CoveredBy.Value),
			Current: label(t, "relation", c.Current.Value), Target: label(t, "relation", c.Target.Value), Approach: c.Approach.Value})
	}
}

// renderDeal lints a deal, writes its page and returns what the index pages
// need of it. extra are cross-file findings to show as well.
func (b *builder) renderDeal(d *deal.Deal, problems []*source.Error, page string, extra []lint.Finding) (*dealInfo, error) {
	res := b.linter.Deal(d, problems)
	findings := append(res.Findings, extra...)
	sort.SliceStable(findings, func(i, j int) bool { return findings[i].Pos.Line < findings[j].Pos.Line })
	info := b.info(d, page, findings, res.Score, len(problems) == 0)
	stage, _ := b.cfg.Stage(d.Stage.Value)
	p := &dealPage{
		pageBase:    b.base(page, d.Title.Value, "pipeline"),
		D:           d,
		Info:        info,
		Stage:       stage,
		Notes:       renderMarkdown(d.Notes.Value),
		OwnerPage:   personPage(d.Owner.Value),
		AccountPage: accountPage(info.AccountKey),
		Today:       b.today,
		Source:      b.repoPath(d.File),
	}
	p.Owner, _ = b.cfg.Member(d.Owner.Value)
	p.Names = make(map[string]string, d.KeyPlayers.Len())
	for _, k := range d.KeyPlayers.Items {
		p.Names[k.ID.Value] = k.Name.Value
	}
	b.tableRows(p)
	p.History, _, _ = b.dealHistory(d.ID.Value)
	if b.history == nil {
		p.HistoryNote = b.historyNote
	}
	for _, f := range findings {
		if f.Rule == lint.RuleParse || f.Rule == lint.RuleSchema {
			p.Problems = append(p.Problems, f)
		} else {
			p.Findings = append(p.Findings, f)
		}
	}
	parts := []stepStatus{{ID: lint.StepDeal, Anchor: "deal-header", Score: res.Score.Deal}}
	for i, s := range lint.Steps {
		parts = append(parts, stepStatus{Number: s.Number, ID: s.ID, Anchor: "step-" + strconv.Itoa(s.Number), Score: res.Score.Steps[i]})
	}
	for _, st := range parts {
		st.Title, st.Required = b.tr.T("steps."+string(st.ID)), b.linter.StepRequired(stage.ID, st.ID)
		for _, f := range p.Findings {
			if f.Step == st.ID {
				st.Findings++
			}
		}
		p.Steps = append(p.Steps, st)
	}
	players := b.stakeholderData(d, p.signers, p.Names, info.MissingRoles)
	p.Map, p.MapCoverage = svg.StakeholderMap(players, b.tr.Printer), players.Covered()
	p.RiskMatrix = svg.RiskMatrix(riskData(d), b.tr.Printer)
	p.Timeline = svg.Timeline(timelineData(d, b.today, info.Open), b.today, b.tr.Printer)
	if err := b.emit(page, b.tmpl.deal, p); err != nil {
		return nil, err
	}
	// The summary outlives the parsed deal, whose memory it must not keep.
	return detached(info), nil
}

// info condenses a deal for the index pages.
func (b *builder) info(d *deal.Deal, page string, findings []lint.Finding, score lint.Score, valid bool) *dealInfo {
	stage, known := b.cfg.Stage(d.Stage.Value)
	info := &dealInfo{
		File: d.File, Page: page, ID: d.ID.Value, Title: d.Title.Value,
		Account: d.Account.Name.Value, AccountKey: slug(d.Account.Name.Value),
		Owner: d.Owner.Value, Stage: d.Stage.Value, StageIndex: b.cfg.StageIndex(d.Stage.Value),
		StageName: stage.NameIn(b.tr.Lang), Open: !known || stage.Open(),
		Amount: d.Amount.Value, Currency: d.Amount.Currency.Value,
		CloseDate: d.CloseDate.Value,
		Size:      string(d.Account.Size.Value), Region: d.Account.Region.Value, Industry: d.Account.Industry.Value,
		Product: d.Product.Name.Value, Score: score, Valid: valid, Findings: findings,
	}
	if info.StageName == "" {
		info.StageName = d.Stage.Value
	}
	if info.Currency == "" {
		info.Currency = b.cfg.Currency.Base
	}
	info.Converted = true // a deal without an amount adds nothing, but is not unconvertible
	if d.Amount.Present() {
		info.Base, info.Weighted, info.Converted = b.cfg.Weigh(d.Amount.Value, d.Amount.Currency.Value, d.Stage.Value)
	}
	_, info.DaysInStage, info.Slips = b.dealHistory(d.ID.Value)
	info.OwnerName = d.Owner.Value
	if m, ok := b.cfg.Member(d.Owner.Value); ok && m.Name != "" {
		info.OwnerName = m.NameIn(b.tr.Lang)
	}
	info.NextStep, info.NextStepDate = d.Close.NextStep.Action.Value, d.Close.NextStep.Date.Value
	for _, k := range d.KeyPlayers.Items {
		for _, r := range k.Roles.Items {
			switch r.Value {
			case deal.DecisionMaker:
				info.DecisionMakers = append(info.DecisionMakers, k.Name.Value)
			case deal.Coach:
				info.Coaches = append(info.Coaches, k.Name.Value)
			}
		}
	}
	signals := b.linter.Signals(d, findings)
	info.Call = forecast.CallOf(b.cfg, d)
	info.Attention = attention.Reasons(d, findings, signals, b.cfg, b.today, attention.Facts{DaysInStage: info.DaysInStage, Slips: info.Slips})
	info.Overdue, info.Slipped, info.StaleReview = signals.OverdueActions, signals.CloseDatePassed, signals.StaleReview
	for _, r := range signals.MissingRoles {
		info.MissingRoles = append(info.MissingRoles, string(r))
	}
	if info.Open {
		for _, a := range d.Plan.Actions.Items {
			if !a.Open() || !a.Due.Set() {
				continue
			}
			ai := actionInfo{What: a.What.Value, Owner: a.Owner.Value, Due: a.Due.Value, Status: string(a.Status.Value), DealPage: page, DealTitle: d.Title.Value}
			if a.Due.Value < b.today {
				info.Late = append(info.Late, ai)
			} else {
				info.Next = append(info.Next, ai)
			}
		}
		sort.SliceStable(info.Next, func(i, j int) bool { return info.Next[i].Due < info.Next[j].Due })
		sort.SliceStable(info.Late, func(i, j int) bool { return info.Late[i].Due < info.Late[j].Due })
		if len(info.Next) > 3 {
			info.Next = info.Next[:3]
		}
	}
	return info
}

// stakeholderData is what the map draws of a deal: its key players, who
// signs (signers, from deal.FinalSigners), every coverage of each with our
// person named as the coverage table names them, and the roles missing.
func (b *builder) stakeholderData(d *deal.Deal, signers []bool, names map[string]string, missing []string) svg.Stakeholders {
	m := svg.Stakeholders{Missing: missing}
	coverage := map[string][]svg.Cover{}
	for _, c := range d.Relationships.Coverage.Items {
		coverage[c.KeyPlayer.Value] = append(coverage[c.KeyPlayer.Value],
			svg.Cover{By: b.who(names, c.CoveredBy.Value), Current: string(c.Current.Value), Target: string(c.Target.Value)})
	}
	for i, k := range d.KeyPlayers.Items {
		p := svg.Person{ID: k.ID.Value, Name: k.Name.Value, Title: k.Title.Value, Attitude: string(k.Attitude.Value), Influence: string(k.Influence.Value),
			ReportsTo: k.ReportsTo.Value, Signer: signers[i], Coverage: coverage[k.ID.Value]}
		for _, r := range k.Roles.Items {
			p.Roles = append(p.Roles, string(r.Value))
		}
		m.People = append(m.People, p)
	}
	return m
}

func riskData(d *deal.Deal) []svg.Risk {
	var out []svg.Risk
	for i, r := range d.Assessment.Risks.Items {
		out = append(out, svg.Risk{N: i + 1, Label: r.Risk.Value, Severity: string(r.Severity.Value), Probability: string(r.Probability.Value)})
	}
	return out
}

func timelineData(d *deal.Deal, today string, open bool) []svg.TimelineItem {
	var out []svg.TimelineItem
	for _, a := range d.Plan.Actions.Items {
		out = append(out, svg.TimelineItem{Label: a.What.Value, Date: a.Due.Value, Status: string(a.Status.Value), Overdue: open && a.Open() && a.Due.Set() && a.Due.Value < today})
	}
	return out
}

// repoPath names file from the configuration's folder, with slashes; a
// file outside it is named by its base name alone, so that no page shows
// a path of the machine that built it.
func (b *builder) repoPath(file string) string {
	root, err1 := filepath.Abs(b.cfg.Root)
	abs, err2 := filepath.Abs(file)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.Base(file)
}

// who names a person a deal refers to by id: one of its key players (names
// maps their ids), a member of the team, or the text as written, which may
// already be a name.
func (b *builder) who(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	if m, ok := b.cfg.Member(id); ok && m.Name != "" {
		return m.NameIn(b.tr.Lang)
	}
	return id
}

// topRisks are the n worst risks of a deal, by severity and then by
// probability, as written; risks without a rating come last.
func topRisks(d *deal.Deal, n int) []string {
	weight := map[deal.Rating]int{deal.Low: 1, deal.Mid: 2, deal.High: 3}
	risks := append([]deal.Risk(nil), d.Assessment.Risks.Items...)
	sort.SliceStable(risks, func(i, j int) bool {
		a, b := risks[i], risks[j]
		if wa, wb := weight[a.Severity.Value], weight[b.Severity.Value]; wa != wb {
			return wa > wb
		}
		return weight[a.Probability.Value] > weight[b.Probability.Value]
	})
	var out []string
	for _, r := range risks {
		if len(out) == n {
			break
		}
		if r.Risk.Set() {
			out = append(out, r.Risk.Value)
		}
	}
	return out
}
