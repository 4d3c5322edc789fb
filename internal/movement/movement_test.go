package movement_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/gittest"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/movement"
)

const cfgText = `currency:
  base: EUR
  rates:
    USD: 0.9
team:
  - id: gm
    name: Grace
  - id: lea
    name: Lea
    manager: gm
  - id: ana
    name: Ana
    manager: gm
  - id: bo
    name: Bo
    manager: gm
  - id: cy
    name: Cy
    manager: lea
`

func dealText(id, owner, stage string, amount float64, currency, closeDate string) string {
	return fmt.Sprintf("id: %s\ntitle: Deal %s\naccount: {name: %s GmbH, size: small, region: EMEA}\nproduct: {name: P, complexity: simple}\nowner: %s\nstage: %s\namount: {value: %g, currency: %s}\nclose_date: %s\n",
		id, strings.ToUpper(id), id, owner, stage, amount, currency, closeDate)
}

// story is a hand-made history of 14 commits, a day apart from
// 2026-10-01, where every bar of the waterfall of 2026-Q4 has something,
// between the second commit and the thirteenth.
func story(t *testing.T) (*history.Log, *config.Config, int64, int64) {
	g := gittest.New(t, "2026-10-01")
	g.Write("deals.config.yaml", cfgText)
	g.Write("deals/a.yaml", dealText("a", "ana", "develop", 100, "EUR", "2026-11-15"))
	g.Write("deals/b.yaml", dealText("b", "bo", "propose", 200, "EUR", "2026-12-20"))
	g.Write("deals/c.yaml", dealText("c", "cy", "qualify", 300, "EUR", "2027-02-10"))
	g.Write("deals/d.yaml", dealText("d", "ana", "negotiate", 400, "USD", "2026-12-01"))
	g.Write("deals/e.yaml", dealText("e", "bo", "develop", 50, "EUR", "2026-11-30"))
	g.Write("deals/h.yaml", dealText("h", "cy", "propose", 70, "EUR", "2027-03-01"))
	g.Commit("Ana", "ana@example.com", "the pipeline")
	from := g.Commit("Ana", "ana@example.com", "nothing yet")
	g.Write("deals/f.yaml", dealText("f", "cy", "qualify", 80, "EUR", "2026-12-15"))
	g.Commit("Cy", "cy@example.com", "new deal f")
	g.Write("deals/c.yaml", dealText("c", "cy", "qualify", 300, "EUR", "2026-12-31"))
	g.Commit("Cy", "cy@example.com", "c pulled in")
	g.Write("deals/b.yaml", dealText("b", "bo", "propose", 200, "EUR", "2027-01-15"))
	g.Commit("Bo", "bo@example.com", "b slips")
	g.Write("deals/a.yaml", dealText("a", "ana", "develop", 150, "EUR", "2026-11-15"))
	g.Commit("Ana", "ana@example.com", "a grows")
	g.Write("deals/d.yaml", dealText("d", "ana", "negotiate", 300, "USD", "2026-12-01"))
	g.Commit("Ana", "ana@example.com", "d shrinks")
	g.Write("deals/a.yaml", dealText("a", "ana", "won", 150, "EUR", "2026-11-15"))
	g.Commit("Ana", "ana@example.com", "a won")
	g.Write("deals/e.yaml", dealText("e", "bo", "lost", 50, "EUR", "2026-11-30"))
	g.Commit("Bo", "bo@example.com", "e lost")
	g.Write("deals/h.yaml", dealText("h", "cy", "won", 70, "EUR", "2026-10-10"))
	g.Commit("Cy", "cy@example.com", "h won early")
	g.Git("rm", "-q", "deals/f.yaml")
	g.Commit("Cy", "cy@example.com", "f gone")
	g.Write("deals/c.yaml", "id: c\nstage: [unclosed\n")
	g.Commit("Cy", "cy@example.com", "c broken")
	g.Git("mv", "deals/b.yaml", "deals/b2.yaml")
	to := g.Commit("Bo", "bo@example.com", "b renamed")
	g.Write("deals/d.yaml", dealText("d", "ana", "lost", 300, "USD", "2026-12-01"))
	g.Commit("Ana", "ana@example.com", "after the period")

	hr, err := history.Open(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	lg, err := hr.Log(nil, "", func(p string) bool { return strings.HasPrefix(p, "deals/") })
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("deals.config.yaml", []byte(cfgText))
	if err != nil {
		t.Fatal(err)
	}
	fromT, _ := hr.CommitTime(from)
	toT, _ := hr.CommitTime(to)
	return lg, cfg, fromT, toT
}

func ids(es []movement.Entry) string {
	var out []string
	for _, e := range es {
		out = append(out, fmt.Sprintf("%s:%g", e.ID, e.Amount))
	}
	return strings.Join(out, " ")
}

func TestWaterfallOfAStory(t *testing.T) {
	lg, cfg, from, to := story(t)
	w, err := movement.ParseWindow("2026-Q4", time.Unix(to, 0))
	if err != nil {
		t.Fatal(err)
	}
	rep := movement.Compute(lg, cfg, from, to, w, "owner")
	want := map[movement.Bar]struct {
		amount float64
		deals  string
	}{
		movement.Start:     {710, "d:360 b:200 a:100 e:50"},
		movement.New:       {80, "f:80"},
		movement.PulledIn:  {370, "c:300 h:70"},
		movement.PushedOut: {200, "b:200"},
		movement.Increased: {50, "a:50"},
		movement.Decreased: {90, "d:90"},
		movement.Won:       {220, "a:150 h:70"},
		movement.Lost:      {130, "f:80 e:50"},
		movement.End:       {570, "c:300 d:270"},
	}
	for _, b := range movement.Bars {
		if got := rep.Total.Amounts[b]; got != want[b].amount {
			t.Errorf("%s: %g, want %g", b, got, want[b].amount)
		}
		if got := ids(rep.Total.Deals[b]); got != want[b].deals {
			t.Errorf("%s: deals %s, want %s", b, got, want[b].deals)
		}
	}
	if rep.Total.Sum() != rep.Total.Amounts[movement.End] {
		t.Errorf("the bars sum to %g, the end is %g", rep.Total.Sum(), rep.Total.Amounts[movement.End])
	}
	for _, e := range rep.Total.Deals[movement.Lost] {
		if e.ID == "f" && e.Why != "deleted" {
			t.Errorf("f lost because %q", e.Why)
		}
	}
	if got := fmt.Sprint(rep.Total.Conversions); got != "[{develop lost 1} {develop won 1} {propose won 1}]" {
		t.Errorf("conversions: %s", got)
	}
	byOwner := map[string]movement.Figures{}
	for _, g := range rep.Groups {
		byOwner[g.Name] = g.Figures
		if g.Sum() != g.Amounts[movement.End] {
			t.Errorf("%s: the bars sum to %g, the end is %g", g.Name, g.Sum(), g.Amounts[movement.End])
		}
	}
	if a := byOwner["ana"].Amounts; a[movement.Start] != 460 || a[movement.Won] != 150 || a[movement.End] != 270 {
		t.Errorf("ana: %v", a)
	}
	if c := byOwner["cy"].Amounts; c[movement.PulledIn] != 370 || c[movement.Lost] != 80 || c[movement.End] != 300 {
		t.Errorf("cy: %v", c)
	}
	team := movement.Compute(lg, cfg, from, to, w, "team")
	if len(team.Groups) != 2 || team.Groups[0].Name != "gm" || team.Groups[1].Name != "lea" || team.Groups[1].Amounts[movement.End] != 300 {
		t.Errorf("teams: %+v", team.Groups)
	}
	if len(lg.Notes) != 1 || !strings.Contains(lg.Notes[0], "deals/c.yaml") {
		t.Errorf("the broken version is not noted: %v", lg.Notes)
	}
}

func TestWindows(t *testing.T) {
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	for spec, want := range map[string]string{
		"": "2026-Q4 2026-10-01 2027-01-01", "this-quarter": "2026-Q4 2026-10-01 2027-01-01",
		"next-quarter": "2027-Q1 2027-01-01 2027-04-01", "2027-q2": "2027-Q2 2027-04-01 2027-07-01", "2026-02": "2026-02 2026-02-01 2026-03-01",
	} {
		w, err := movement.ParseWindow(spec, at)
		if got := fmt.Sprint(w.Name, " ", w.From, " ", w.To); err != nil || got != want {
			t.Errorf("%q: %s %v, want %s", spec, got, err, want)
		}
	}
	for _, bad := range []string{"2026-Q5", "2026-13", "last-quarter", "Q4"} {
		if _, err := movement.ParseWindow(bad, at); err == nil {
			t.Errorf("%q is a window", bad)
		}
	}
}

// TestWaterfallAddsUp is the waterfall's invariant on random histories:
// whatever the deals do, the bars of the total and of every group sum to
// the end, and every amount is positive.
func TestWaterfallAddsUp(t *testing.T) {
	cfg, err := config.Parse("deals.config.yaml", []byte(cfgText))
	if err != nil {
		t.Fatal(err)
	}
	stages := []string{"prospect", "qualify", "develop", "propose", "negotiate", "won", "lost", "nonsense"}
	owners := []string{"ana", "bo", "cy", "nobody"}
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 7))
		lg := &history.Log{Deals: map[string]*history.Timeline{}}
		for d := range 1 + r.IntN(12) {
			tl := &history.Timeline{ID: fmt.Sprintf("d%d", d), Title: "T"}
			ts := int64(r.IntN(20))
			for range 1 + r.IntN(10) {
				ts += int64(1 + r.IntN(5))
				cur := "EUR"
				if r.IntN(4) == 0 {
					cur = "USD"
				}
				tl.States = append(tl.States, history.State{Time: ts, Stage: stages[r.IntN(len(stages))], Amount: float64(r.IntN(5) * 100), Currency: cur,
					CloseDate: fmt.Sprintf("2026-%02d-%02d", 9+r.IntN(5), 1+r.IntN(28)), Owner: owners[r.IntN(len(owners))], Deleted: r.IntN(8) == 0})
			}
			lg.Deals[tl.ID] = tl
		}
		w, _ := movement.ParseWindow("2026-Q4", time.Unix(0, 0))
		from, to := int64(r.IntN(30)), int64(30+r.IntN(40))
		rep := movement.Compute(lg, cfg, from, to, w, "owner")
		check := func(name string, f movement.Figures) {
			if diff := f.Sum() - f.Amounts[movement.End]; diff > 1e-6 || diff < -1e-6 {
				t.Fatalf("seed %d, %s: the bars sum to %g, the end is %g: %v", seed, name, f.Sum(), f.Amounts[movement.End], f.Amounts)
			}
			for b, v := range f.Amounts {
				if v < 0 {
					t.Fatalf("seed %d, %s: %s is %g", seed, name, b, v)
				}
			}
		}
		check("total", rep.Total)
		for _, g := range rep.Groups {
			check(g.Name, g.Figures)
		}
	}
}

func TestMain(m *testing.M) { os.Exit(m.Run()) }
