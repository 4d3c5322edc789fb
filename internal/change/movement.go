package change

import (
	"time"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/movement"
	"github.com/dealsascode/deals/internal/repo"
)

// side is what a deal is on one side of the change.
type side struct {
	title string
	state history.State
}

// movementOf is how the change moves the forecast: the movement of the
// open pipeline of the deals closing in the quarter of o.Today, from the
// deals at Base to the deals at Head. Each deal's two versions are its two
// states, Base's at the time of its commit and Head's at the time of its
// own (now, for the work tree), so that no commit in between is needed.
// The deal files the change leaves alone count in the start and the end;
// a side that cannot be read is taken to be as the other, moving nothing.
// It is nil when no deal in the window moved.
func movementOf(o Options, head *repo.Reader, changes, kept []history.Change, oldV, newV map[string]*Version) *movement.Report {
	now := time.Now().Unix()
	at := func(rev string, def int64) int64 {
		if t, err := o.Repo.CommitTime(rev); err == nil {
			return t
		}
		return def
	}
	to := now
	if o.Head != "" {
		to = at(o.Head, now)
	}
	from := at(o.Base, to-1) // the empty tree of a repository without commits has no time
	if from >= to {
		to = from + 1 // the order of the two sides is what counts
	}
	day, err := time.Parse(time.DateOnly, o.Today)
	if err != nil {
		day = time.Unix(now, 0)
	}
	window, _ := movement.ParseWindow("this-quarter", day)

	before, after := map[string]side{}, map[string]side{}
	key := func(d *deal.Deal, file string) string {
		if d.ID.Value != "" {
			return d.ID.Value
		}
		return file
	}
	put := func(m map[string]side, d *deal.Deal, file string, ts int64) {
		m[key(d, file)] = side{d.Title.Value, history.State{Time: ts, Stage: d.Stage.Value, Amount: d.Amount.Value, Currency: d.Amount.Currency.Value,
			CloseDate: d.CloseDate.Value, Owner: d.Owner.Value, Forecast: string(d.Forecast.Value), Region: d.Account.Region.Value}}
	}
	dealIn := func(v *Version) *deal.Deal {
		if v == nil {
			return nil
		}
		return v.Deal
	}
	for _, c := range kept {
		oldPath, newPath := c.Path, c.Path
		if c.Status == 'R' {
			oldPath = c.OldPath
		}
		var od, nd *deal.Deal
		if c.Status != 'A' {
			od = dealIn(oldV[oldPath])
		}
		if c.Status != 'D' {
			nd = dealIn(newV[newPath])
		}
		// A side that cannot be read moves nothing: the diff says it
		// cannot be read.
		switch {
		case od == nil && nd == nil:
			continue
		case od == nil && c.Status != 'A':
			od = nd
		case nd == nil && c.Status != 'D':
			nd = od
		}
		if od != nil {
			put(before, od, oldPath, from)
		}
		if nd != nil {
			put(after, nd, newPath, to)
		}
	}
	// The deals the change moves are among those it changes: without any
	// of them in the window, the rest need not be read.
	if moved(compute(before, after, o, from, to, window)) == nil {
		return nil
	}
	// The deal files the change leaves alone: the same on both sides.
	changed := map[string]bool{}
	for _, c := range changes {
		changed[c.Path] = true
		if c.OldPath != "" {
			changed[c.OldPath] = true
		}
	}
	files, _ := head.Find(o.Paths)
	var same []repo.File
	for _, f := range files {
		if !changed[f.Path] {
			same = append(same, f)
		}
	}
	type unchanged struct {
		id, title string
		state     history.State
		ok        bool
	}
	read := make([]unchanged, len(same))
	head.Read(same, func(i int, l *repo.Loaded) {
		if l.Err != nil || l.Data == nil {
			return
		}
		id, title, s, err := history.StateOf(l.Data, from)
		if err != nil {
			return
		}
		if id == "" {
			id = l.Path
		}
		read[i] = unchanged{id, title, s, true}
	})
	for _, u := range read {
		_, b := before[u.id]
		_, a := after[u.id]
		if !u.ok || a || b { // a second file of a deal the change has
			continue
		}
		before[u.id] = side{u.title, u.state}
		s := u.state
		s.Time = to
		after[u.id] = side{u.title, s}
	}
	return moved(compute(before, after, o, from, to, window))
}

// moved is rep when a deal in its window moved, else nil.
func moved(rep *movement.Report) *movement.Report {
	for _, bar := range movement.Bars {
		if bar.Sign() != 0 && len(rep.Total.Deals[bar]) > 0 {
			return rep
		}
	}
	return nil
}

// compute is the movement of window from the deals before (at from) to
// the deals after (at to): a deal only before was removed.
func compute(before, after map[string]side, o Options, from, to int64, window movement.Window) *movement.Report {
	lg := &history.Log{Deals: map[string]*history.Timeline{}}
	timeline := func(id string) *history.Timeline {
		t := lg.Deals[id]
		if t == nil {
			t = &history.Timeline{ID: id}
			lg.Deals[id] = t
		}
		return t
	}
	for id, b := range before {
		t := timeline(id)
		t.Title = b.title
		t.States = append(t.States, b.state)
		if _, still := after[id]; !still {
			gone := b.state
			gone.Time, gone.Deleted = to, true
			t.States = append(t.States, gone)
		}
	}
	for id, a := range after {
		t := timeline(id)
		t.Title = a.title
		t.States = append(t.States, a.state)
	}
	return movement.Compute(lg, o.Config, from, to, window, "")
}
