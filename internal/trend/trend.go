// Package trend is how each rep's coaching gaps evolved, read from the linted history of the deals: the findings open week by week, how long a finding of each rule stays open before it is fixed, and the rules that come back most.
package trend

import (
	"math"
	"sort"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/versions"
)

// Week is the findings open on a rep's deals at the end of a week.
type Week struct {
	// Start is the week's Monday, YYYY-MM-DD.
	Start string
	Open  int
}

// Rule is how a rule's findings came and went on a rep's deals.
type Rule struct {
	ID string
	// Opened is how many times the rule started to fire on a deal (a gap
	// introduced), Fixed how many of those a later version fixed, and
	// StillOpen how many fire still.
	Opened, Fixed, StillOpen int
	// MedianDays is the median of the days from the commit that
	// introduced a gap to the one that fixed it; NaN when none was fixed.
	MedianDays float64
	days       []float64
}

// Rep is one rep's trend.
type Rep struct {
	Name  string
	Weeks []Week
	// Rules are the rules that fired on the rep's deals, those that came
	// most often first.
	Rules []Rule
}

// Report is every rep's trend, and the team's.
type Report struct {
	Reps  []Rep
	Total Rep
}

const day = 24 * 3600

// monday is the Monday of the week of t, at midnight UTC.
func monday(t int64) time.Time {
	d := time.Unix(t, 0).UTC()
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// Compute reads the trends of the deals in set up to to (Unix seconds).
// A deal counts for the rep who owns it in each version; a gap counts for
// the rep who owned the deal when it was introduced. A gap ends unfixed
// when its deal is deleted or closed (won or lost, by cfg's stages): the
// rules of an open stage stop asking, which fixes nothing.
func Compute(set *versions.Set, cfg *config.Config, to int64) *Report {
	reps := map[string]*Rep{}
	total := &Rep{}
	rules := map[string]map[string]*Rule{}
	get := func(name string) *Rep {
		r := reps[name]
		if r == nil {
			r = &Rep{Name: name}
			reps[name] = r
			rules[name] = map[string]*Rule{}
		}
		return r
	}
	rules[""] = map[string]*Rule{}
	rule := func(rep, id string) []*Rule {
		get(rep)
		out := []*Rule{}
		for _, k := range []string{rep, ""} {
			r := rules[k][id]
			if r == nil {
				r = &Rule{ID: id}
				rules[k][id] = r
			}
			out = append(out, r)
		}
		return out
	}
	var start int64 = math.MaxInt64
	ids := make([]string, 0, len(set.Deals))
	for id, d := range set.Deals {
		ids = append(ids, id)
		if len(d.Versions) > 0 && d.Versions[0].Time < start {
			start = d.Versions[0].Time
		}
	}
	sort.Strings(ids)
	// Gaps: when each rule started to fire on a deal, and when it stopped.
	for _, id := range ids {
		d := set.Deals[id]
		open := map[string]int64{}
		owner := map[string]string{}
		for _, v := range d.Versions {
			if v.Time > to {
				break
			}
			if st, ok := cfg.Stage(v.Stage); v.Deleted || ok && !st.Open() {
				open, owner = map[string]int64{}, map[string]string{} // gone or closed: nothing was fixed
				continue
			}
			for r := range v.Rules {
				if _, ok := open[r]; !ok {
					open[r], owner[r] = v.Time, v.Owner
					for _, x := range rule(v.Owner, r) {
						x.Opened++
					}
				}
			}
			for r, since := range open {
				if v.Rules[r] == 0 {
					for _, x := range rule(owner[r], r) {
						x.Fixed++
						x.days = append(x.days, float64(v.Time-since)/day)
					}
					delete(open, r)
					delete(owner, r)
				}
			}
		}
		for r := range open {
			for _, x := range rule(owner[r], r) {
				x.StillOpen++
			}
		}
	}
	// Weeks: the findings open on each rep's deals at the end of each,
	// for every rep who owned a deal in the period.
	for _, id := range ids {
		for _, v := range set.Deals[id].Versions {
			if v.Time <= to && !v.Deleted {
				get(v.Owner)
			}
		}
	}
	if start != math.MaxInt64 {
		for w := monday(start); w.Unix() <= to; w = w.AddDate(0, 0, 7) {
			end := min(w.AddDate(0, 0, 7).Unix()-1, to)
			counts := map[string]int{}
			all := 0
			for _, id := range ids {
				v, ok := at(set.Deals[id], end)
				if !ok || v.Deleted {
					continue
				}
				n := 0
				for _, c := range v.Rules {
					n += c
				}
				counts[v.Owner] += n
				all += n
			}
			week := w.Format(time.DateOnly)
			for name, r := range reps {
				r.Weeks = append(r.Weeks, Week{Start: week, Open: counts[name]})
			}
			total.Weeks = append(total.Weeks, Week{Start: week, Open: all})
		}
	}
	finish := func(r *Rep, byID map[string]*Rule) {
		for _, x := range byID {
			x.MedianDays = median(x.days)
			x.days = nil
			r.Rules = append(r.Rules, *x)
		}
		sort.Slice(r.Rules, func(i, j int) bool {
			if r.Rules[i].Opened != r.Rules[j].Opened {
				return r.Rules[i].Opened > r.Rules[j].Opened
			}
			return r.Rules[i].ID < r.Rules[j].ID
		})
	}
	rep := &Report{}
	names := make([]string, 0, len(reps))
	for name := range reps {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		finish(reps[name], rules[name])
		rep.Reps = append(rep.Reps, *reps[name])
	}
	finish(total, rules[""])
	rep.Total = *total
	return rep
}

// at is the deal's version at Unix time t.
func at(d *versions.Deal, t int64) (versions.Version, bool) {
	i := sort.Search(len(d.Versions), func(i int) bool { return d.Versions[i].Time > t })
	if i == 0 {
		return versions.Version{}, false
	}
	return d.Versions[i-1], true
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
