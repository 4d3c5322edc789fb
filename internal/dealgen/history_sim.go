package dealgen

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Gaps a version can have, as bits of hver.defects. Each is a finding of
// the linter that appears at some touch and is fixed at a later one (how
// often and how soon depends on the rep). Other findings come and go on
// their own: the plan's dates and the next step age between the touches
// that bring them up to date, so a deal left alone gets overdue actions,
// a past next step and stale profiles.
const (
	dNoEvidence  = 1 << iota // the ability judgement without its evidence (assess-ability)
	dPlanElement             // the plan without its verification (plan-elements)
	dProfile                 // a key player without what they care about (players-profile)
	dRiskDetail              // a risk without its mitigation (assess-risk-detail)
	dCompete                 // the main competitor without weaknesses (compete-analysis)
	dCoverage                // a key player nobody covers (relationships-coverage)
	dNoHandoff               // won without the handoff (close-handoff)
	dNoReason                // lost without the reason or the winner (close-lost-reason)
)

// openDefects are the gaps of open deals, with the fill they need.
var openDefects = []struct {
	bit  uint16
	fill int8
	name string
}{
	{dNoEvidence, hQualify, "ability evidence"},
	{dPlanElement, hPropose, "plan verification"},
	{dProfile, hDevelop, "key player profile"},
	{dRiskDetail, hDevelop, "risk mitigation"},
	{dCompete, hDevelop, "competitor analysis"},
	{dCoverage, hPropose, "coverage"},
}

func defectNames(bits uint16) string {
	var out string
	add := func(s string) {
		if out != "" {
			out += ", "
		}
		out += s
	}
	for _, d := range openDefects {
		if bits&d.bit != 0 {
			add(d.name)
		}
	}
	if bits&dNoHandoff != 0 {
		add("handoff")
	}
	if bits&dNoReason != 0 {
		add("loss reason")
	}
	return out
}

// Per touch of an open deal in each stage: the chance to move forward
// (from negotiate: to be won), to be lost, to move back one stage. Of the
// deals that reached each stage and were won or lost, about 13, 24, 37,
// 55 and 80 % were won (seed 1, 1,000 deals over 52 weeks): the
// configuration's probabilities (5, 15, 35, 60, 80 %) are too low for the
// early stages, as they often are. A deal won took 130 days on average.
var (
	pAdvance = [5]float64{0.30, 0.33, 0.30, 0.30, 0.35}
	pLose    = [5]float64{0.20, 0.12, 0.10, 0.08, 0.07}
	pBack    = [5]float64{0, 0, 0.04, 0.05, 0.05}
)

// How many days from the day it is set a close date is, by stage.
var (
	closeLo = [5]int{90, 60, 30, 14, 5}
	closeHi = [5]int{300, 240, 200, 120, 75}
)

// simulate runs deal i's life: created on a day of its own (deals are
// spread over the weeks in index order), touched every 4 to 21 days
// until it is won or lost (then perhaps once more) or the history ends.
func (h *histGen) simulate(i int) *hdeal {
	g := &gen{r: newRand(h.seed, i), i: i, m: &dealM{}}
	g.header()
	d := &hdeal{i: i, id: g.m.id, rep: teamIndex(g.m.owner), habit: RepHabit(g.m.owner), cur: g.currency, idFix: -1, renameAt: -1}
	rep := team[d.rep]
	r := newRand(h.seed^simSalt, i)
	d.coachless = d.habit == NoCoach || r.Float64() < 0.15
	d.coachAt = int16(1 + r.IntN(4))
	advMul := 0.85 + 0.3*h.repCoin(rep.id, cAdv)
	sloppy := 0.5 + 1.1*h.repCoin(rep.id, cSloppy)
	fixRate := 0.25 + 0.35*h.repCoin(rep.id, cFix)
	reviewRate := 0.35 + 0.5*h.repCoin(rep.manager, cReview)

	first := dayOf(h.start)
	span := float64(dayOf(h.end-1) - first)
	cday := first + int32(span*(float64(i)+r.Float64())/float64(max(h.n, 1)))
	t := workTime(cday, r)
	if t >= h.end {
		t = h.end - 3600 - r.Int64N(3600)
	}
	v := hver{t: t, kind: vCreate, stage: hProspect, close: noDate}
	if r.Float64() < 0.4 {
		v.stage = hQualify
	}
	v.fill = v.stage
	today0 := v.day()
	v.plan, v.next = today0, today0

	amount := func() int64 {
		f := 0.9 + 0.2*r.Float64()
		switch d.habit {
		case HappyEars:
			f = 1.25 + 0.35*r.Float64()
		case Sandbagger:
			f = 0.7 + 0.2*r.Float64()
		}
		return round2(float64(g.amount) * f)
	}
	closeFrom := func(day int32, s int8) int32 {
		lo, hi := closeLo[s], closeHi[s]
		if d.habit == HappyEars {
			lo, hi = lo*7/10, hi*7/10
		}
		return int32(snap(int(day)+lo+r.IntN(hi-lo+1), r.IntN(100)))
	}
	push := func(c int32, lo, hi int) int32 {
		return int32(snap(int(c)+lo+r.IntN(hi-lo+1), r.IntN(100)))
	}
	if v.stage >= hQualify || r.Float64() < 0.4 {
		v.amount = amount()
	}
	if v.stage >= hQualify || r.Float64() < 0.3 {
		v.close = closeFrom(today0, v.stage)
	}
	d.vers = append(d.vers, v)

	deleted := false
	for {
		t = workTime(v.day()+int32(4+r.IntN(18)), r)
		if t >= h.end {
			break
		}
		nv := v
		nv.t, nv.kind, nv.review = t, vTouch, 0
		nv.n++
		now := nv.day()
		s := v.stage
		if s <= hQualify && r.Float64() < 0.004 {
			nv.kind = vDelete // a duplicate or a lead that was never real
			d.vers = append(d.vers, nv)
			deleted = true
			break
		}
		a, l, b := pAdvance[s]*advMul, pLose[s], pBack[s]
		switch d.habit {
		case Sandbagger:
			a, l = a*1.3, l*0.5
		case HappyEars:
			if s >= hDevelop {
				l *= 1.8
			}
		}
		if d.coachless && s >= hDevelop {
			a, l = a*0.85, l*1.5
		}
		x := r.Float64()
		switch {
		case x < a:
			nv.stage = s + 1
		case x < a+l:
			nv.stage = hLost
		case x < a+l+b:
			nv.stage = s - 1
		}

		switch nv.stage {
		case hWon:
			nv.out = max(v.day(), now-int32(r.IntN(3)))
			nv.close = nv.out
			if nv.amount == 0 {
				nv.amount = amount()
			}
			switch {
			case d.habit == Sandbagger && r.Float64() < 0.5:
				nv.amount = round2(float64(nv.amount) * (1 + 0.2*r.Float64()))
			case d.habit == HappyEars && r.Float64() < 0.5:
				nv.amount = round2(float64(nv.amount) * (0.75 + 0.2*r.Float64()))
			case r.Float64() < 0.3:
				nv.amount = round2(float64(nv.amount) * (0.95 + 0.1*r.Float64()))
			}
			nv.defects = 0
			if r.Float64() < 0.2*sloppy {
				nv.defects = dNoHandoff
			}
		case hLost:
			nv.out = max(v.day(), now-int32(r.IntN(3)))
			if nv.close == noDate {
				nv.close = nv.out
			}
			nv.defects = 0
			if r.Float64() < 0.25*sloppy {
				nv.defects = dNoReason
			}
		default:
			h.touch(d, r, &v, &nv, sloppy, fixRate, reviewRate, amount, closeFrom, push)
		}
		d.vers = append(d.vers, nv)
		v = nv
		if v.stage >= hWon {
			break
		}
	}

	if !deleted && v.stage >= hWon {
		// Perhaps once more: the gap left at the close fixed, a note, or
		// an old lost deal cleaned out.
		follow := v.defects != 0 && r.Float64() < 0.7 || r.Float64() < 0.15
		if follow {
			t = workTime(v.day()+int32(4+r.IntN(18)), r)
			if t < h.end {
				nv := v
				nv.t, nv.kind, nv.review = t, vFollow, 0
				nv.defects = 0
				nv.n++
				d.vers = append(d.vers, nv)
				v = nv
			}
		}
		if v.stage == hLost && r.Float64() < 0.05 {
			t = workTime(v.day()+int32(10+r.IntN(50)), r)
			if t < h.end {
				nv := v
				nv.t, nv.kind, nv.review = t, vDelete, 0
				d.vers = append(d.vers, nv)
			}
		}
	}
	h.calls(d)
	return d
}

// touch works on an open deal: the stage is decided (nv.stage), the rest
// follows from it and the rep's habits.
func (h *histGen) touch(d *hdeal, r *rand.Rand, v, nv *hver, sloppy, fixRate, reviewRate float64,
	amount func() int64, closeFrom func(int32, int8) int32, push func(int32, int, int) int32) {
	now := nv.day()
	s := nv.stage
	nv.fill = max(nv.fill, s)
	if s != v.stage || nv.fill != v.fill {
		nv.plan, nv.next = now, now
	} else {
		if r.Float64() < 0.2 {
			nv.plan = now
		}
		if r.Float64() < 0.6 {
			nv.next = now
		}
	}

	switch {
	case nv.amount == 0:
		if s >= hQualify || r.Float64() < 0.3 {
			nv.amount = amount()
		}
	case d.habit == HappyEars && s >= hPropose && r.Float64() < 0.35:
		nv.amount = round2(float64(nv.amount) * (0.7 + 0.2*r.Float64()))
	case d.habit == Sandbagger && s >= hPropose && r.Float64() < 0.25:
		nv.amount = round2(float64(nv.amount) * (1.05 + 0.2*r.Float64()))
	case s == hNegotiate && r.Float64() < 0.25:
		nv.amount = round2(float64(nv.amount) * (0.88 + 0.09*r.Float64()))
	case r.Float64() < 0.12:
		nv.amount = round2(float64(nv.amount) * math.Exp(0.2*r.NormFloat64()))
	}

	switch c := nv.close; {
	case c == noDate:
		if s >= hQualify || r.Float64() < 0.3 {
			nv.close = closeFrom(now, s)
		}
	case d.habit == Slips && s >= hQualify && r.Float64() < 0.7:
		nv.close = push(max(c, now), 14, 45)
	case c <= now+7 && r.Float64() < 0.75:
		nv.close = push(max(c, now), 20, 60)
	case s == hNegotiate && v.stage < hNegotiate && c > now+90 && r.Float64() < 0.3:
		nv.close = now + 30 + int32(r.IntN(46)) // negotiating now: the date comes in
	case r.Float64() < 0.06:
		nv.close = push(c, 14, 45)
	case c > now+30 && r.Float64() < 0.02:
		nv.close = c - int32(7+r.IntN(int(min(24, c-now-29))))
	}

	for _, od := range openDefects {
		switch {
		case nv.defects&od.bit != 0:
			if r.Float64() < fixRate {
				nv.defects &^= od.bit
			}
		case nv.fill >= od.fill && r.Float64() < 0.04*sloppy:
			nv.defects |= od.bit
		}
	}

	if nv.fill >= hPropose || nv.fill == hDevelop && r.Float64() < 0.3 {
		if last := h.lastReview(d); (last == noDate || now-last >= 21) && r.Float64() < reviewRate {
			nv.review = 1
		}
	}
}

// lastReview is the day of the deal's latest review so far, or noDate.
func (h *histGen) lastReview(d *hdeal) int32 {
	for k := len(d.vers) - 1; k >= 0; k-- {
		if d.vers[k].review > 0 {
			return d.vers[k].day()
		}
	}
	return noDate
}

// calls sets the forecast call of each version, now that the deal's fate
// is known: a rep knows something of how a deal is going, and calls it
// after their habit. A manager's review of a happy-ears rep's commit says
// best case half the time; of a sandbagger's best case at negotiate on a
// deal that will be won, commit.
func (h *histGen) calls(d *hdeal) {
	fate := int8(-1)
	var out int64
	for _, v := range d.vers {
		if v.stage >= hWon {
			fate, out = v.stage, v.t
			break
		}
	}
	call := int8(callNone)
	for k := range d.vers {
		v := &d.vers[k]
		if v.stage >= hWon {
			v.call = call
			continue
		}
		prev := call
		c := h.coin(d.i, cCall, uint64(v.stage))
		won, lost := fate == hWon, fate == hLost
		days := 1 << 20
		if fate >= 0 {
			days = int((out - v.t) / 86400)
		}
		switch d.habit {
		case Sandbagger:
			switch v.stage {
			case hProspect, hQualify:
				call = callNone
			case hDevelop:
				call = callPipeline
			case hPropose:
				call = pickCall(c < 0.5, callPipeline, callBestCase)
			default:
				call = pickCall(won && days <= 10 && c < 0.25, callCommit, callBestCase)
			}
		case HappyEars:
			switch v.stage {
			case hProspect:
				call = callPipeline
			case hQualify:
				call = pickCall(c < 0.4, callCommit, callBestCase)
			default:
				call = callCommit
			}
		default:
			switch v.stage {
			case hProspect:
				call = pickCall(c < 0.3, callOmitted, callNone)
			case hQualify:
				call = pickCall(c < 0.5, callPipeline, callNone)
			case hDevelop:
				switch {
				case won && days < 60 && c < 0.3:
					call = callBestCase
				case c < 0.7:
					call = callPipeline
				default:
					call = callNone
				}
			case hPropose:
				call = pickCall(won && days <= 45 && c < 0.6 || lost && c < 0.15, callCommit, callBestCase)
			default:
				call = pickCall(won && c < 0.85 || lost && c < 0.5 || fate < 0 && c < 0.6, callCommit, callBestCase)
			}
		}
		if call == callNone {
			call = prev // a call once made is changed, not taken back
		}
		v.call = call
		if v.review > 0 {
			rc := h.coin(d.i, cReview, uint64(k))
			switch {
			case d.habit == HappyEars && call == callCommit && rc < 0.5:
				v.review = 2
			case d.habit == Sandbagger && call == callBestCase && v.stage == hNegotiate && won && rc < 0.5:
				v.review = 3
			}
		}
	}
}

func pickCall(cond bool, yes, no int8) int8 {
	if cond {
		return yes
	}
	return no
}

// special picks the deals whose file is renamed (two, or one in a
// history of fewer than 100 deals) and the one whose id is fixed (with 20
// deals or more), and adds those versions.
func (h *histGen) special() {
	if h.n == 0 {
		return
	}
	r := newRand(h.seed^globSalt, 0)
	renames := 0
	switch {
	case h.n >= 100:
		renames = 2
	case h.n >= 10:
		renames = 1
	}
	off := r.IntN(h.n)
	fixed := h.n < 20
	for k := 0; k < h.n && (renames > 0 || !fixed); k++ {
		d := h.deals[(off+k)%h.n]
		if len(d.vers) < 5 || d.vers[len(d.vers)-1].kind == vDelete {
			continue
		}
		if renames > 0 {
			d.renameAt = insertAfter(d, len(d.vers)/2-1, vRename)
			renames--
			continue
		}
		if typo := typoOf(d.id); typo != "" {
			d.typoID = typo
			d.idFix = insertAfter(d, 1, vIDFix)
			fixed = true
		}
	}
}

// insertAfter adds a version of kind that changes nothing else between
// version k and the next, and returns its index.
func insertAfter(d *hdeal, k int, kind uint8) int {
	v := d.vers[k]
	v.kind, v.review = kind, 0
	v.t += (d.vers[k+1].t - v.t) / 2
	d.vers = append(d.vers[:k+1], append([]hver{v}, d.vers[k+1:]...)...)
	return k + 1
}

// typoOf is id with two letters of its first part swapped, as a typo
// would, or "" when it has no two different letters side by side.
func typoOf(id string) string {
	b := []byte(id)
	for k := 1; k+1 < len(b) && b[k+1] != '-'; k++ {
		if b[k] != b[k+1] && b[k] >= 'a' && b[k] <= 'z' && b[k+1] >= 'a' && b[k+1] <= 'z' {
			b[k], b[k+1] = b[k+1], b[k]
			return string(b)
		}
	}
	return ""
}

// minors adds n small edits, each after a version picked at random among
// those of open deals (so in proportion to the work of each week), at a
// time between it and the deal's next version.
func (h *histGen) minors(n int) {
	type ref struct{ deal, v int32 }
	var refs []ref
	for _, d := range h.deals {
		for k, v := range d.vers {
			if v.stage < hWon && (v.kind == vCreate || v.kind == vTouch) {
				refs = append(refs, ref{int32(d.i), int32(k)})
			}
		}
	}
	if len(refs) == 0 {
		return
	}
	r := newRand(h.seed^globSalt, 1)
	picks := make(map[ref]int)
	for k := 0; k < n; k++ {
		picks[refs[r.IntN(len(refs))]]++
	}
	for _, d := range h.deals {
		var add bool
		for k := range d.vers {
			if picks[ref{int32(d.i), int32(k)}] > 0 {
				add = true
				break
			}
		}
		if !add {
			continue
		}
		rr := newRand(h.seed^globSalt, uint64ToInt(uint64(d.i)+2))
		out := make([]hver, 0, len(d.vers)+8)
		for k, v := range d.vers {
			out = append(out, v)
			m := picks[ref{int32(d.i), int32(k)}]
			if m == 0 {
				continue
			}
			next := h.end
			if k+1 < len(d.vers) {
				next = d.vers[k+1].t
			}
			gap := min(next-v.t, 5*86400)
			ts := make([]int64, m)
			for j := range ts {
				ts[j] = v.t + 1 + rr.Int64N(max(1, gap-2))
			}
			sort.Slice(ts, func(a, b int) bool { return ts[a] < ts[b] })
			for j, t := range ts {
				if j > 0 && t <= ts[j-1] {
					t = ts[j-1] + 1
					ts[j] = t
				}
				mv := v
				mv.t, mv.kind, mv.review = t, vMinor, 0
				out = append(out, mv)
			}
		}
		d.vers = out
		d.renameAt, d.idFix = -1, -1
		for k, v := range d.vers {
			switch v.kind {
			case vRename:
				d.renameAt = k
			case vIDFix:
				d.idFix = k
			}
		}
	}
}

func uint64ToInt(u uint64) int { return int(u & math.MaxInt32) }
