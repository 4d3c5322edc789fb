package accuracy_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/dealsascode/deals/internal/accuracy"
	"github.com/dealsascode/deals/internal/backtest"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/dealgen"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/movement"
	"github.com/dealsascode/deals/internal/versions"
)

func figures(gs []movement.Group) []movement.Figures {
	out := make([]movement.Figures, len(gs))
	for i, g := range gs {
		out[i] = g.Figures
	}
	return out
}

// TestReportsFindTheHabits: on a generated year of history where one rep
// always slips, one calls commit early and loses, and one never names a
// coach, the reports find each of them.
func TestReportsFindTheHabits(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and lints a year of history")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	var stream bytes.Buffer
	if _, err := dealgen.History(&stream, dealgen.HistoryOptions{Seed: 1, Deals: 400, Weeks: 40}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"fast-import", "--quiet"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
		if args[0] == "fast-import" {
			cmd.Stdin = &stream
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	cfg, err := config.Parse(filepath.Join(dir, config.FileName), dealgen.Config())
	if err != nil {
		t.Fatal(err)
	}
	hr, err := history.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	lg, set, err := versions.ReadLog(hr, nil, "", nil, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The timelines read with the lint (each header taken from the full
	// parse) are the timelines read alone (from the header lines).
	alone, err := hr.Log(nil, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(alone.Deals) != len(lg.Deals) {
		t.Fatalf("%d deals read alone, %d with the lint", len(alone.Deals), len(lg.Deals))
	}
	for id, tl := range alone.Deals {
		if got := lg.Deals[id]; got == nil || fmt.Sprint(got.States) != fmt.Sprint(tl.States) || fmt.Sprint(got.Events) != fmt.Sprint(tl.Events) || got.Title != tl.Title {
			t.Fatalf("%s: read with the lint %+v, alone %+v", id, got, tl)
		}
	}
	var last int64
	for _, tl := range lg.Deals {
		if n := len(tl.States); n > 0 && tl.States[n-1].Time > last {
			last = tl.States[n-1].Time
		}
	}
	rep := accuracy.Compute(lg, cfg, 0, last, "owner")
	by := map[string]accuracy.Rep{}
	for _, g := range rep.Groups {
		by[g.Name] = g
	}
	perDeal := func(r accuracy.Rep) float64 { return float64(r.Slips) / float64(max(1, r.Won+r.Lost)) }
	for name, r := range by {
		if name != "noah-patel" && perDeal(r) >= perDeal(by["noah-patel"]) {
			t.Errorf("%s slips %.2f a closed deal, noah-patel (who always slips) %.2f", name, perDeal(r), perDeal(by["noah-patel"]))
		}
	}
	if a := by["ava-morales"]; a.Called < 2 || a.HitRate() >= rep.Total.HitRate() {
		t.Errorf("ava-morales (commit called early) won %d of %d commit calls; the team %.2f", a.Hit, a.Called, rep.Total.HitRate())
	}
	// The waterfall adds up on the generated history too, for every
	// quarter's window and period, in all and per owner.
	for weeks := 1; weeks <= 40; weeks += 3 {
		from := last - int64(weeks)*7*24*3600
		for _, spec := range []string{"this-quarter", "next-quarter"} {
			w, _ := movement.ParseWindow(spec, time.Unix(last, 0))
			mv := movement.Compute(lg, cfg, from, last, w, "owner")
			for _, f := range append([]movement.Figures{mv.Total}, figures(mv.Groups)...) {
				if d := f.Sum() - f.Amounts[movement.End]; d > 1e-3 || d < -1e-3 {
					t.Fatalf("%d weeks, %s: the bars sum to %f, the end is %f", weeks, spec, f.Sum(), f.Amounts[movement.End])
				}
			}
		}
	}
	coach := backtest.Compute(set, cfg, []string{"players-coach"})[0]
	if coach.Any.Fired < 10 || coach.Any.Clean < 10 || coach.Any.FiredRate() >= coach.Any.CleanRate() {
		t.Errorf("players-coach: the deals it fired on won %d of %d, the others %d of %d", coach.Any.FiredWon, coach.Any.Fired, coach.Any.CleanWon, coach.Any.Clean)
	}
}
