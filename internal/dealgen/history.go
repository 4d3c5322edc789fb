package dealgen

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A generated history is the git history of a deals repository over some
// weeks: the first commit adds deals.config.yaml, then deals appear one by
// one (at prospect or qualify), are worked by their owner about once every
// one to three weeks, move through the stages, and are won or lost; close
// dates slip or are pulled in, amounts go up and down, the forecast call
// changes, the blue sheet fills in as the deal matures, gaps appear and
// are fixed. Every version of every file is a valid deal file.
//
// History writes it as a git fast-import stream. Each deal's life is
// simulated first, on its own random stream (so deal i is the same deal
// whatever else is generated), as a list of small versions: stage, amount,
// close date, forecast call, how far the blue sheet is filled in, the gaps
// open. The file of each version is then built again from the seed when
// its commit is written, so memory holds only those small versions.

// Habit is how a rep works their deals in a generated history.
type Habit string

const (
	// Normal reps move deals along at the usual rates, with some noise.
	Normal Habit = "normal"
	// Slips: the rep pushes close dates later again and again, at most
	// touches of a deal past prospect.
	Slips Habit = "slips"
	// NoCoach: the rep never names a coach; no version of their deals
	// has a key player with the coach role. Their deals win less.
	NoCoach Habit = "no_coach"
	// Sandbagger: the rep calls commit late (at negotiate, days before
	// the win) or never, and wins more deals than they called.
	Sandbagger Habit = "sandbagger"
	// HappyEars: the rep calls commit early (from qualify on) and loses
	// many of those deals; their first amounts are inflated and cut later.
	HappyEars Habit = "happy_ears"
)

// habits are the reps of the generated team whose deals follow a habit;
// everyone else is Normal.
var habits = map[string]Habit{
	"noah-patel":     Slips,
	"kenji-watanabe": NoCoach,
	"he-jing":        Sandbagger,
	"ava-morales":    HappyEars,
}

// RepHabit is the habit of the rep with the team id in a generated
// history: noah-patel slips, kenji-watanabe never names a coach, he-jing
// sandbags, ava-morales has happy ears; every other id is Normal.
func RepHabit(id string) Habit {
	if h, ok := habits[id]; ok {
		return h
	}
	return Normal
}

// HistoryOptions says what history to generate.
type HistoryOptions struct {
	// Seed chooses the deals, as for Deal: deal i of a history has the
	// id, account, product and owner of Deal(Seed, i).
	Seed int64
	// Deals is how many deals are created over the weeks.
	Deals int
	// Weeks is how long the history is; 0 means 52.
	Weeks int
	// Start is when the history starts (its first commit is at 08:00 UTC
	// that day); the zero time means Weeks before Today, so that the last
	// commit is on the day before Today.
	Start time.Time
	// CommitsPerWeek spreads the work over about this many commits a
	// week on average, in proportion to the work of each week. 0 gives one
	// commit for each time a deal is worked on (about once every one to
	// three weeks while it is open). More commits than that are small
	// edits in between (a line of meeting notes); fewer put several of a
	// rep's deals of the same week in one commit (never fewer than one
	// commit per rep and week with work).
	CommitsPerWeek int
}

// HistorySummary says what a generated history holds.
type HistorySummary struct {
	// Start and End bound the commit times: [Start, End).
	Start, End time.Time
	// Commits counts every commit, the first (the configuration) too.
	Commits int
	// Created counts the deals added; Won and Lost those that ended so
	// (a deal is counted once, by its last version); Open the deals open
	// in the last commit; Deleted the deal files removed; Renamed the
	// files moved to a new path with the same content.
	Created, Won, Lost, Open, Deleted, Renamed int
	// Slips counts the commits that moved a deal's close date later (as
	// history.Event.Slip reads them), Pulls those that moved it earlier.
	Slips, Pulls int
	// IDChange is the one deal whose id changed, or nil.
	IDChange *IDChange
	// Reps holds every rep of the team by id.
	Reps map[string]RepStats
}

// IDChange is the deliberate id change of a history: a deal created with a
// typo in its id, fixed in a later commit at the same path. A history
// reader sees the old id end there and a new deal begin.
type IDChange struct {
	Path     string
	From, To string
	Time     int64 // Unix time of the commit that fixed it
}

// RepStats is one rep's habit and what their deals did in the history.
type RepStats struct {
	Habit Habit
	// Deals counts the rep's deals; Won and Lost those that ended so.
	Deals, Won, Lost int
	// Slips and Pulls count the commits that moved a close date of one
	// of the rep's deals later or earlier.
	Slips, Pulls int
	// Called counts the deals the rep called commit in some version;
	// CalledWon how many of those were won.
	Called, CalledWon int
	// WonUncalled counts deals won without ever being called commit.
	WonUncalled int
}

// Stage indexes in a history; won and lost follow the open stages.
const (
	hProspect = iota
	hQualify
	hDevelop
	hPropose
	hNegotiate
	hWon
	hLost
)

var stageIDs = []string{"prospect", "qualify", "develop", "propose", "negotiate", "won", "lost"}

// Forecast calls; callNone leaves the field out.
const (
	callNone = iota
	callOmitted
	callPipeline
	callBestCase
	callCommit
)

var callNames = []string{"", "omitted", "pipeline", "best_case", "commit"}

// noDate is a close date or day not set.
const noDate = -1 << 30

// Kinds of versions.
const (
	vCreate = iota // the deal's first file
	vTouch         // the rep works on the deal
	vMinor         // a small edit between touches: a line of notes
	vFollow        // an edit after the deal was won or lost
	vDelete        // the file is removed
	vRename        // the file moves to a new path, unchanged
	vIDFix         // the id's typo is fixed, nothing else changes
)

// hver is one version of a deal in the simulation.
type hver struct {
	t       int64 // when it is committed (at the earliest), Unix seconds
	amount  int64 // in the deal's currency; 0: not given
	close   int32 // close date, days from Today; noDate: not given
	plan    int32 // day the plan's dates were last brought up to date
	next    int32 // day the next step was last set
	out     int32 // day the deal was won or lost
	defects uint16
	kind    uint8
	stage   int8
	fill    int8 // how far the blue sheet is filled in: the furthest open stage reached
	call    int8
	review  int8  // 1: a review is added; 2: with the reviewer's call best_case; 3: commit
	n       int16 // touches before this one
}

func (v *hver) day() int32 { return dayOf(v.t) }

// hdeal is one deal's simulated life.
type hdeal struct {
	i         int
	id        string
	rep       int // index into team
	habit     Habit
	cur       string
	coachless bool
	coachAt   int16 // touches before a coach is named
	idFix     int   // index of the vIDFix version, or -1
	renameAt  int   // index of the vRename version, or -1
	typoID    string
	vers      []hver
}

var todayUnix = today.Unix()

func dayOf(t int64) int32 {
	d := t - todayUnix
	if d < 0 {
		d -= 86399
	}
	return int32(d / 86400)
}

// History writes the fast-import stream of a generated history to w, on
// branch refs/heads/main, and returns what it holds. The same options
// always give the same bytes. Its cost is linear in the versions written.
func History(w io.Writer, o HistoryOptions) (HistorySummary, error) {
	if o.Deals < 0 || o.Weeks < 0 || o.CommitsPerWeek < 0 {
		return HistorySummary{}, errors.New("dealgen: negative deals, weeks or commits per week")
	}
	if o.Weeks == 0 {
		o.Weeks = 52
	}
	start := o.Start.UTC()
	if o.Start.IsZero() {
		start = today.AddDate(0, 0, -7*o.Weeks)
	}
	start = time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	h := &histGen{seed: o.Seed, start: start.Unix() + 8*3600, end: start.AddDate(0, 0, 7*o.Weeks).Unix(), n: o.Deals}
	h.deals = make([]*hdeal, o.Deals)
	for i := range h.deals {
		h.deals[i] = h.simulate(i)
	}
	h.special()
	total := 0
	for _, d := range h.deals {
		total += len(d.vers)
	}
	if o.CommitsPerWeek > 0 {
		if want := o.CommitsPerWeek * o.Weeks; want > total {
			h.minors(want - total)
		}
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	sum := h.write(bw, o.CommitsPerWeek*o.Weeks)
	sum.Start, sum.End = time.Unix(h.start, 0).UTC(), time.Unix(h.end, 0).UTC()
	return sum, bw.Flush()
}

type histGen struct {
	seed       int64
	start, end int64
	n          int
	deals      []*hdeal
}

// Salts of the random streams, so that none repeats another.
const (
	simSalt  = 0x243f6a8885a308d3
	globSalt = 0x13198a2e03707344
	coinSalt = 0xa4093822299f31d0
)

// coin is a number in [0, 1) fixed by the deal and what it is for.
func (h *histGen) coin(i int, what, k uint64) float64 {
	return float64(h.hash(i, what, k)>>11) / (1 << 53)
}

func (h *histGen) hash(i int, what, k uint64) uint64 {
	return mix(mix(uint64(h.seed)^coinSalt^what*0x9e3779b97f4a7c15) ^ uint64(i)*0xbf58476d1ce4e5b9 ^ k*0x94d049bb133111eb)
}

// repCoin is a number in [0, 1) fixed by the rep (or manager) and what it is for.
func (h *histGen) repCoin(id string, what uint64) float64 {
	z := uint64(h.seed) ^ what
	for _, c := range []byte(id) {
		z = mix(z ^ uint64(c))
	}
	return float64(z>>11) / (1 << 53)
}

// What the coins are for.
const (
	cCall = iota + 1
	cAdv
	cSloppy
	cFix
	cReview
	cPlayers
	cDetail
	cOutcome
	cDefect
	cSeq
)

func teamIndex(id string) int {
	for k, m := range team {
		if m.id == id {
			return k
		}
	}
	return -1
}

// workTime is a time on the working day d (days from Today, moved off the
// weekend), between 08:00 and 18:00 UTC.
func workTime(d int32, r interface{ Int64N(int64) int64 }) int64 {
	wd := today.AddDate(0, 0, int(d)).Weekday()
	switch wd {
	case time.Saturday:
		d += 2
	case time.Sunday:
		d++
	}
	return todayUnix + int64(d)*86400 + 8*3600 + r.Int64N(10*3600)
}

// snap moves a close date to the end of its month or quarter, as close
// dates are often set.
func snap(d int, x int) int {
	t := today.AddDate(0, 0, d)
	switch {
	case x < 45:
		t = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	case x < 60:
		q := (int(t.Month())-1)/3*3 + 4
		t = time.Date(t.Year(), time.Month(q), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	default:
		return d
	}
	return int(t.Sub(today).Hours() / 24)
}

// round2 rounds an amount to two significant digits, as the generator's are.
func round2(v float64) int64 {
	if v < 10 {
		return max(1, int64(v+0.5))
	}
	unit := int64(1)
	for int64(v)/unit >= 100 {
		unit *= 10
	}
	return max(unit, (int64(v)+unit/2)/unit*unit)
}

// messageFor describes what changed from one version of a deal to the next.
func messageFor(prev *hver, v *hver, cur string) []string {
	var parts []string
	if prev.stage != v.stage {
		parts = append(parts, "stage "+stageIDs[prev.stage]+" -> "+stageIDs[v.stage])
	}
	if prev.close != v.close {
		parts = append(parts, "close date "+dateOr(prev.close)+" -> "+dateOr(v.close))
	}
	if prev.amount != v.amount {
		a := "amount " + amountOr(prev.amount) + " -> " + amountOr(v.amount)
		if cur != "" {
			a += " " + cur
		}
		parts = append(parts, a)
	}
	if prev.call != v.call {
		if prev.call == callNone {
			parts = append(parts, "forecast "+callNames[v.call])
		} else {
			parts = append(parts, "forecast "+callNameOr(prev.call)+" -> "+callNameOr(v.call))
		}
	}
	if v.review > 0 {
		parts = append(parts, "manager's review")
	}
	if fixed := prev.defects &^ v.defects; fixed != 0 && v.stage < hWon {
		parts = append(parts, "fix "+defectNames(fixed))
	}
	if fixed := prev.defects &^ v.defects; fixed&(dNoHandoff|dNoReason) != 0 {
		parts = append(parts, "fix "+defectNames(fixed&(dNoHandoff|dNoReason)))
	}
	if v.fill > prev.fill {
		parts = append(parts, "blue sheet up to "+stageIDs[v.fill])
	}
	return parts
}

func dateOr(d int32) string {
	if d == noDate {
		return "none"
	}
	return day(int(d))
}

func amountOr(a int64) string {
	if a == 0 {
		return "none"
	}
	return strconv.FormatInt(a, 10)
}

func callNameOr(c int8) string {
	if c == callNone {
		return "none"
	}
	return callNames[c]
}

// event is one version in commit order.
type event struct {
	t    int64
	deal int32
	v    int32
}

// write puts the versions in commits and writes them. want is the number
// of commits asked for (0: one per version).
func (h *histGen) write(w *bufio.Writer, want int) HistorySummary {
	var evs []event
	for _, d := range h.deals {
		for k := range d.vers {
			evs = append(evs, event{d.vers[k].t, int32(d.i), int32(k)})
		}
	}
	sort.Slice(evs, func(a, b int) bool {
		if evs[a].t != evs[b].t {
			return evs[a].t < evs[b].t
		}
		if evs[a].deal != evs[b].deal {
			return evs[a].deal < evs[b].deal
		}
		return evs[a].v < evs[b].v
	})
	commits := h.batches(evs, want)

	sum := HistorySummary{Reps: map[string]RepStats{}}
	for _, m := range team {
		if m.rep {
			sum.Reps[m.id] = RepStats{Habit: RepHabit(m.id)}
		}
	}
	lead := team[0]
	cfg := Config()
	last := h.start
	fmt.Fprintf(w, "commit refs/heads/main\nauthor %s <%s> %d +0000\ncommitter %s <%s> %d +0000\n", lead.name, email(lead.id), last, lead.name, email(lead.id), last)
	msg := "Add the deals configuration: the sales team, currencies and review ages"
	fmt.Fprintf(w, "data %d\n%s\nM 100644 inline deals.config.yaml\ndata %d\n", len(msg), msg, len(cfg))
	w.Write(cfg)
	w.WriteString("\n\n")
	sum.Commits = 1

	rts := make([]hrun, len(h.deals))
	var lines []string
	var touched []int32
	var ops bytes.Buffer
	for _, c := range commits {
		touched, lines = touched[:0], lines[:0]
		ops.Reset()
		for _, e := range evs[c.from:c.to] {
			rts[e.deal].apply(h.deals[e.deal], int(e.v))
			if !slices.Contains(touched, e.deal) {
				touched = append(touched, e.deal)
			}
		}
		t := max(c.t, last+1)
		for _, k := range touched {
			if line := h.emit(&ops, h.deals[k], &rts[k], &sum, t); line != "" {
				lines = append(lines, line)
			}
		}
		if len(lines) == 0 {
			continue // a deal added and deleted within one commit
		}
		last = t
		rep := team[h.deals[evs[c.from].deal].rep]
		m := lines[0]
		if len(lines) > 1 {
			m = fmt.Sprintf("Weekly update of %d deals\n\n", len(lines))
			for _, l := range lines {
				m += "- " + l + "\n"
			}
		}
		fmt.Fprintf(w, "commit refs/heads/main\nauthor %s <%s> %d +0000\ncommitter %s <%s> %d +0000\ndata %d\n%s\n",
			rep.name, email(rep.id), t, rep.name, email(rep.id), t, len(m), m)
		w.Write(ops.Bytes())
		w.WriteString("\n")
		sum.Commits++
	}

	for k, d := range h.deals {
		rt := &rts[k]
		if !rt.everWritten {
			continue
		}
		rs := sum.Reps[team[d.rep].id]
		rs.Deals++
		sum.Created++
		last := rt.lastState
		switch {
		case last.stage == hWon:
			rs.Won++
			sum.Won++
			if rt.called {
				rs.CalledWon++
			} else {
				rs.WonUncalled++
			}
		case last.stage == hLost:
			rs.Lost++
			sum.Lost++
		case rt.path != "":
			sum.Open++
		}
		if rt.called {
			rs.Called++
		}
		sum.Reps[team[d.rep].id] = rs
	}
	return sum
}

// email is a team member's address in the generated configuration.
func email(id string) string { return strings.ReplaceAll(id, "-", ".") + "@example.com" }

// commitRun is a run of events written as one commit at time t.
type commitRun struct {
	from, to int
	t        int64
}

// batches groups the events into commits: one each, or, when fewer
// commits are wanted than there are events, a rep's events of one week
// in as many commits as their share of the wanted number.
func (h *histGen) batches(evs []event, want int) []commitRun {
	if want <= 0 || want >= len(evs) {
		out := make([]commitRun, len(evs))
		for k, e := range evs {
			out[k] = commitRun{k, k + 1, e.t}
		}
		return out
	}
	week := func(t int64) int64 { return (t - h.start) / (7 * 86400) }
	order := make([]int, len(evs))
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(a, b int) bool {
		ea, eb := evs[order[a]], evs[order[b]]
		if wa, wb := week(ea.t), week(eb.t); wa != wb {
			return wa < wb
		}
		ra, rb := h.deals[ea.deal].rep, h.deals[eb.deal].rep
		if ra != rb {
			return ra < rb
		}
		return order[a] < order[b]
	})
	sorted := make([]event, len(evs))
	for k, o := range order {
		sorted[k] = evs[o]
	}
	copy(evs, sorted)
	var out []commitRun
	for from := 0; from < len(evs); {
		to := from + 1
		for to < len(evs) && week(evs[to].t) == week(evs[from].t) && h.deals[evs[to].deal].rep == h.deals[evs[from].deal].rep {
			to++
		}
		// This group's share of the commits, at least one.
		n := max(1, (to-from)*want/len(evs))
		for k := 0; k < n; k++ {
			a, b := from+(to-from)*k/n, from+(to-from)*(k+1)/n
			if a < b {
				out = append(out, commitRun{a, b, evs[b-1].t})
			}
		}
		from = to
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].t < out[b].t })
	// Commits are written in time order; a group's commits keep their order.
	return out
}
