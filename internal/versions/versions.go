// Package versions is every version of every deal in the git history, linted once each: which rules fired on a deal at each moment, for the coaching trends and the backtest of the rules.
package versions

import (
	"sort"
	"sync"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
)

// Version is a deal after one commit.
type Version struct {
	Time         int64
	Stage, Owner string
	Deleted      bool
	// Rules are the rules with findings on this version (at info or
	// above, as the configuration sets them), with how many each.
	Rules map[string]int
}

// Deal is one deal's versions, oldest first.
type Deal struct {
	ID, Title string
	Versions  []Version
}

// Set is the linted history of a repository.
type Set struct {
	Deals map[string]*Deal
	// Linted is how many distinct contents were linted.
	Linted int
}

// Read lints every distinct content of the deals in lg, read from hr in
// one stream on all cores, with cfg's rules; each is judged at the day it
// was first committed, so that an action due later was not overdue then.
func Read(hr *history.Repo, lg *history.Log, cfg *config.Config) (*Set, error) {
	first := map[string]int64{}
	for _, t := range lg.Deals {
		for _, s := range t.States {
			if s.Deleted || s.Blob == "" {
				continue
			}
			if at, ok := first[s.Blob]; !ok || s.Time < at {
				first[s.Blob] = s.Time
			}
		}
	}
	hashes := make([]string, 0, len(first))
	for h := range first {
		hashes = append(hashes, h)
	}
	sort.Strings(hashes)
	var mu sync.Mutex
	linters := map[string]*lint.Linter{}
	var lintErr error
	linterOn := func(day string) *lint.Linter {
		mu.Lock()
		defer mu.Unlock()
		if l, ok := linters[day]; ok {
			return l
		}
		l, err := lint.New(cfg, day)
		if err != nil && lintErr == nil {
			lintErr = err
		}
		linters[day] = l
		return l
	}
	rules := make([]map[string]int, len(hashes))
	err := hr.ReadBlobs(hashes, func(i int, f *repo.Loaded) {
		day := time.Unix(first[hashes[i]], 0).UTC().Format(time.DateOnly)
		l := linterOn(day)
		if l == nil {
			return
		}
		out := map[string]int{}
		if f.Err != nil {
			out[lint.RuleParse] = 1
			rules[i] = out
			return
		}
		d, problems := f.Parse()
		for _, fd := range l.Deal(d, problems).Findings {
			if fd.Severity >= lint.Info {
				out[fd.Rule]++
			}
		}
		rules[i] = out
	})
	if lintErr != nil {
		return nil, lintErr
	}
	if err != nil {
		return nil, err
	}
	byBlob := make(map[string]map[string]int, len(hashes))
	for i, h := range hashes {
		byBlob[h] = rules[i]
	}
	set := &Set{Deals: make(map[string]*Deal, len(lg.Deals)), Linted: len(hashes)}
	for id, t := range lg.Deals {
		d := &Deal{ID: id, Title: t.Title, Versions: make([]Version, 0, len(t.States))}
		for _, s := range t.States {
			v := Version{Time: s.Time, Stage: s.Stage, Owner: s.Owner, Deleted: s.Deleted}
			if !s.Deleted {
				v.Rules = byBlob[s.Blob]
			}
			d.Versions = append(d.Versions, v)
		}
		set.Deals[id] = d
	}
	return set, nil
}

// Outcome is how a deal ended: won, lost, or "" while it is open (or
// gone), by the configuration's stages.
func (d *Deal) Outcome(cfg *config.Config) config.Outcome {
	if len(d.Versions) == 0 {
		return ""
	}
	last := d.Versions[len(d.Versions)-1]
	if last.Deleted {
		return ""
	}
	if st, ok := cfg.Stage(last.Stage); ok {
		return st.Outcome
	}
	return ""
}
