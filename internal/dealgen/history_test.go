package dealgen

import (
	"bytes"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
)

// historyOptions is the history the tests read: big enough that every
// habit shows in it, small enough to write and read in a second or two.
var historyOptions = HistoryOptions{Seed: 1, Deals: 400, Weeks: 40}

// importHistory imports a fast-import stream into a new git repository,
// checks out its last commit and returns its folder.
func importHistory(t *testing.T, stream []byte) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	git(t, dir, nil, "init", "-q", "-b", "main")
	git(t, dir, bytes.NewReader(stream), "fast-import", "--quiet")
	git(t, dir, nil, "reset", "-q", "--hard")
	return dir
}

func git(t *testing.T, dir string, stdin *bytes.Reader, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if stdin != nil {
		cmd.Stdin = stdin
	}
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, errOut.Bytes())
	}
	return out.String()
}

// version is one deal file of the history, parsed.
type version struct {
	id, owner, stage string
	forecast         string
	coach            bool
	outcome          bool
	outcomeDate      string
}

func TestHistory(t *testing.T) {
	var a, b bytes.Buffer
	sum, err := History(&a, historyOptions)
	if err != nil {
		t.Fatal(err)
	}
	sum2, err := History(&b, historyOptions)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same options gave two different streams")
	}
	if !reflect.DeepEqual(sum, sum2) {
		t.Fatalf("the same options gave two different summaries:\n%+v\n%+v", sum, sum2)
	}
	dir := importHistory(t, a.Bytes())

	t.Run("commits", func(t *testing.T) {
		if got := strings.TrimSpace(git(t, dir, nil, "rev-list", "--count", "HEAD")); got != strconv.Itoa(sum.Commits) {
			t.Errorf("git log has %s commits, the summary says %d", got, sum.Commits)
		}
		// Commit times strictly increase, within the weeks, by the deal's owner.
		out := git(t, dir, nil, "log", "--reverse", "--format=%ct %an <%ae>")
		prev := int64(0)
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			ts, _ := strconv.ParseInt(line[:strings.IndexByte(line, ' ')], 10, 64)
			if ts <= prev {
				t.Fatalf("commit time %d after %d", ts, prev)
			}
			if ts < sum.Start.Unix() || ts >= sum.End.Unix() {
				t.Fatalf("commit time %s outside %s - %s", time.Unix(ts, 0).UTC(), sum.Start, sum.End)
			}
			prev = ts
		}
	})

	// Every version of every deal file, parsed.
	objs := git(t, dir, nil, "rev-list", "--objects", "--all")
	var blobs []string
	for _, line := range strings.Split(objs, "\n") {
		if f := strings.Fields(line); len(f) == 2 && strings.HasPrefix(f[1], "deals/") && strings.HasSuffix(f[1], ".yaml") {
			blobs = append(blobs, f[0])
		}
	}
	repo, err := history.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	versions := map[string]version{} // by blob
	owner := map[string]string{}     // by deal id
	err = repo.Blobs(blobs, func(i int, data []byte, ok bool) error {
		if !ok {
			t.Fatalf("blob %s is missing", blobs[i])
		}
		d, problems := deal.Parse(blobs[i], data)
		for _, p := range problems {
			t.Errorf("%v\n%s", p, data)
		}
		if d == nil {
			return nil
		}
		v := version{id: d.ID.Value, owner: d.Owner.Value, stage: d.Stage.Value, forecast: string(d.Forecast.Value),
			outcome: d.Close.Outcome.Present(), outcomeDate: d.Close.Outcome.Date.Value}
		for _, k := range d.KeyPlayers.Items {
			v.coach = v.coach || k.HasRole(deal.Coach)
		}
		versions[blobs[i]] = v
		owner[v.id] = v.owner
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(versions) < sum.Commits/2 {
		t.Fatalf("only %d deal versions for %d commits", len(versions), sum.Commits)
	}

	lg, err := repo.Log(nil, "", func(p string) bool { return strings.HasPrefix(p, "deals/") })
	if err != nil {
		t.Fatal(err)
	}
	if len(lg.Notes) > 0 {
		t.Errorf("the history reader skipped versions: %v", lg.Notes)
	}

	t.Run("summary", func(t *testing.T) {
		count := map[string]int{}
		slips, pulls := 0, 0
		end := sum.End.Unix()
		for _, tl := range lg.Deals {
			for _, e := range tl.Events {
				count[e.Kind]++
				if e.Kind == "close" && e.From != "" && e.To != "" && e.To < e.From {
					pulls++
				}
			}
			slips += tl.Slips(end)
		}
		// The deal whose id was fixed is two timelines to the reader.
		if sum.IDChange == nil {
			t.Fatal("no deal had its id fixed")
		}
		if lg.Deals[sum.IDChange.From] == nil || lg.Deals[sum.IDChange.To] == nil {
			t.Errorf("the id change %+v is not two timelines in the history", sum.IDChange)
		}
		for _, c := range []struct {
			what      string
			got, want int
		}{
			// The id fixed at the same path is a new deal in the history,
			// and the end of the one it was.
			{"created", count["created"], sum.Created + 1},
			{"deleted", count["deleted"], sum.Deleted + 1},
			{"renamed", count["renamed"], sum.Renamed},
			{"slips", slips, sum.Slips},
			{"pulls", pulls, sum.Pulls},
			{"deals", sum.Created, historyOptions.Deals},
			{"won, lost and open", sum.Won + sum.Lost + sum.Open + sum.Deleted, sum.Created + lostDeleted(lg)},
		} {
			if c.got != c.want {
				t.Errorf("%s: %d in the history, want %d (summary %+v)", c.what, c.got, c.want, sum)
			}
		}
		if sum.Renamed < 1 || sum.Deleted < 1 || sum.Won < 10 || sum.Lost < 10 || sum.Open < 10 {
			t.Errorf("too little happened: %+v", sum)
		}
	})

	t.Run("habits", func(t *testing.T) {
		// Slips per deal by owner, from the history reader.
		end := sum.End.Unix()
		slips, deals := map[string]int{}, map[string]int{}
		for id, tl := range lg.Deals {
			if id == sum.IDChange.From {
				continue
			}
			slips[owner[id]] += tl.Slips(end)
			deals[owner[id]]++
		}
		slipper := habitRep(Slips)
		rate := func(rep string) float64 { return float64(slips[rep]) / float64(max(1, deals[rep])) }
		for rep := range deals {
			if rep != slipper && rate(rep) >= rate(slipper) {
				t.Errorf("%s slips %.2f times a deal, the slipper %s %.2f", rep, rate(rep), slipper, rate(slipper))
			}
		}
		for rep, s := range sum.Reps {
			if s.Slips != slips[rep] {
				t.Errorf("%s: %d slips in the history, %d in the summary", rep, slips[rep], s.Slips)
			}
		}

		// No version of the no-coach rep's deals names a coach; others do.
		noCoach := habitRep(NoCoach)
		coaches := 0
		for blob, v := range versions {
			if v.coach && v.owner == noCoach {
				t.Errorf("%s (%s, blob %s) has a coach", v.id, v.owner, blob)
			}
			if v.coach {
				coaches++
			}
		}
		if coaches == 0 {
			t.Error("no version of any deal has a coach")
		}

		// Won and lost versions carry their outcome.
		for _, v := range versions {
			if (v.stage == "won" || v.stage == "lost") && (!v.outcome || v.outcomeDate == "") {
				t.Errorf("%s is %s without close.outcome.date", v.id, v.stage)
			}
		}

		// Calls against outcomes, from every version of each deal.
		called := map[string]bool{}
		final := map[string]string{}
		for id, tl := range lg.Deals {
			if n := len(tl.States); n > 0 {
				final[id] = tl.States[n-1].Stage
			}
		}
		for _, v := range versions {
			if v.forecast == "commit" && v.stage != "won" && v.stage != "lost" {
				called[v.id] = true
			}
		}
		type tally struct{ won, wonCalled, called, calledLost int }
		by := map[string]*tally{}
		for id, stage := range final {
			rep := owner[id]
			if by[rep] == nil {
				by[rep] = &tally{}
			}
			x := by[rep]
			if stage == "won" {
				x.won++
				if called[id] {
					x.wonCalled++
				}
			}
			if called[id] && (stage == "won" || stage == "lost") {
				x.called++
				if stage == "lost" {
					x.calledLost++
				}
			}
		}
		var normal tally
		for rep, x := range by {
			if RepHabit(rep) == Normal {
				normal.won += x.won
				normal.wonCalled += x.wonCalled
				normal.called += x.called
				normal.calledLost += x.calledLost
			}
		}
		frac := func(a, b int) float64 { return float64(a) / float64(max(1, b)) }
		sb, he := by[habitRep(Sandbagger)], by[habitRep(HappyEars)]
		t.Logf("won and called commit before: sandbagger %d of %d, normal reps %d of %d", sb.wonCalled, sb.won, normal.wonCalled, normal.won)
		t.Logf("called commit and lost: happy ears %d of %d, normal reps %d of %d", he.calledLost, he.called, normal.calledLost, normal.called)
		if sb.won < 3 || frac(sb.wonCalled, sb.won) >= frac(normal.wonCalled, normal.won)/2 {
			t.Errorf("the sandbagger called commit on %d of %d won deals, normal reps on %d of %d", sb.wonCalled, sb.won, normal.wonCalled, normal.won)
		}
		if he.called < 3 || frac(he.calledLost, he.called) <= 1.5*frac(normal.calledLost, normal.called) {
			t.Errorf("the happy-ears rep lost %d of %d deals called commit, normal reps %d of %d", he.calledLost, he.called, normal.calledLost, normal.called)
		}
	})
}

// lostDeleted counts the deals deleted after they were lost: the summary
// counts them lost and deleted.
func lostDeleted(lg *history.Log) int {
	n := 0
	for _, tl := range lg.Deals {
		if k := len(tl.States); k > 0 && tl.States[k-1].Deleted && tl.States[k-1].Stage == "lost" {
			n++
		}
	}
	return n
}

func habitRep(h Habit) string {
	for id, x := range habits {
		if x == h {
			return id
		}
	}
	return ""
}

func TestHistoryCommitsPerWeek(t *testing.T) {
	o := HistoryOptions{Seed: 3, Deals: 60, Weeks: 12}
	base, err := History(&bytes.Buffer{}, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, per := range []int{base.Commits / o.Weeks * 3, base.Commits / o.Weeks / 3} {
		o.CommitsPerWeek = per
		var buf bytes.Buffer
		sum, err := History(&buf, o)
		if err != nil {
			t.Fatal(err)
		}
		// More commits are as many as asked for; fewer are at least one
		// per rep and week with work.
		want := per*o.Weeks + 1
		if more := per > base.Commits/o.Weeks; more && sum.Commits != want || !more && (sum.Commits >= base.Commits || sum.Commits < want) {
			t.Errorf("%d commits a week: %d commits, want %d (%d without)", per, sum.Commits, want, base.Commits)
		}
		dir := importHistory(t, buf.Bytes())
		if got := strings.TrimSpace(git(t, dir, nil, "rev-list", "--count", "HEAD")); got != strconv.Itoa(sum.Commits) {
			t.Errorf("%d commits a week: git log has %s commits, the summary says %d", per, got, sum.Commits)
		}
		if sum.Created != o.Deals || sum.Won != base.Won || sum.Lost != base.Lost {
			t.Errorf("%d commits a week changed what happened: %+v, before %+v", per, sum, base)
		}
	}
}
