// Package versions is every version of every deal in the git history, linted once each: which rules fired on a deal at each moment, for the coaching trends and the backtest of the rules.
package versions

import (
	"crypto/sha256"
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
	// Linted is how many distinct contents were read, Cached how many of
	// those a cache of an earlier run knew, so that they were not linted
	// again.
	Linted, Cached int
}

// linting lints contents with cfg's rules as of the day each was first
// committed, from several goroutines: one linter per day.
type linting struct {
	cfg     *config.Config
	cache   *lint.Cache
	mu      sync.Mutex
	linters map[string]*lint.Linter
	err     error
	rules   map[string]map[string]int // by blob
	cached  int
}

func newLinting(cfg *config.Config, cache *lint.Cache) *linting {
	return &linting{cfg: cfg, cache: cache, linters: map[string]*lint.Linter{}, rules: map[string]map[string]int{}}
}

func (g *linting) linterOn(day string) *lint.Linter {
	g.mu.Lock()
	defer g.mu.Unlock()
	if l, ok := g.linters[day]; ok {
		return l
	}
	// Only which rules fired, and how often, is kept of a version.
	l, err := lint.New(g.cfg, day)
	if err != nil && g.err == nil {
		g.err = err
	}
	if l != nil {
		l = l.Counting()
	}
	g.linters[day] = l
	return l
}

// lint lints one content, first committed at first, and returns what its
// timeline keeps of it when it parsed without problems.
func (g *linting) lint(blob string, first int64, f *repo.Loaded) (header *history.Header) {
	if g.known(blob, first) {
		return nil
	}
	day := time.Unix(first, 0).UTC().Format(time.DateOnly)
	key := cacheKey(blob, day)
	out := map[string]int{}
	l := g.linterOn(day)
	if l == nil {
		return nil
	}
	var kept []lint.Finding
	if f.Err != nil {
		kept = []lint.Finding{{Rule: lint.RuleParse, Severity: lint.Error}}
	} else {
		d, problems := f.Parse()
		if d != nil && len(problems) == 0 {
			header = &history.Header{ID: d.ID.Value, Title: d.Title.Value, Stage: d.Stage.Value, CloseDate: d.CloseDate.Value,
				Amount: d.Amount.Value, Currency: d.Amount.Currency.Value, Owner: d.Owner.Value, Forecast: string(d.Forecast.Value), Region: d.Account.Region.Value}
		}
		for _, fd := range l.Deal(d, problems).Findings {
			if fd.Severity >= lint.Info {
				kept = append(kept, lint.Finding{Rule: fd.Rule, Severity: fd.Severity})
			}
		}
	}
	for _, fd := range kept {
		out[fd.Rule]++
	}
	if g.cache != nil && f.Err == nil {
		g.cache.Keep(key, kept)
	}
	g.mu.Lock()
	g.rules[blob] = out
	g.mu.Unlock()
	return header
}

// cacheKey is what the lint of a content first committed on day is kept
// under: a git blob is named by its content, so with the day it says what
// a lint under the cache's configuration finds.
func cacheKey(blob, day string) [32]byte { return sha256.Sum256([]byte(blob + "@" + day)) }

// known reports whether the cache holds the lint of a content first
// committed at first, and takes its findings from there: the content need
// not be read.
func (g *linting) known(blob string, first int64) bool {
	if g.cache == nil {
		return false
	}
	found, ok := g.cache.Lookup(cacheKey(blob, time.Unix(first, 0).UTC().Format(time.DateOnly)), "")
	if !ok {
		return false
	}
	out := map[string]int{}
	for _, fd := range found {
		out[fd.Rule]++
	}
	g.mu.Lock()
	g.cached++
	g.rules[blob] = out
	g.mu.Unlock()
	return true
}

// set joins the timelines of lg with what linting found.
func (g *linting) set(lg *history.Log) *Set {
	set := &Set{Deals: make(map[string]*Deal, len(lg.Deals)), Linted: len(g.rules), Cached: g.cached}
	for id, t := range lg.Deals {
		d := &Deal{ID: id, Title: t.Title, Versions: make([]Version, 0, len(t.States))}
		for _, s := range t.States {
			v := Version{Time: s.Time, Stage: s.Stage, Owner: s.Owner, Deleted: s.Deleted}
			if !s.Deleted {
				v.Rules = g.rules[s.Blob]
			}
			d.Versions = append(d.Versions, v)
		}
		set.Deals[id] = d
	}
	return set
}

// ReadLog reads the history of the deal files under paths up to until
// (as history.Repo.Log does) and lints every distinct content in the same
// stream, on all cores, with cfg's rules, each as of the day it was first
// committed (an action due later was not overdue then): one pass over the
// history for the timelines and the findings. With a cache (lint.CacheFor
// under the same configuration), what a run linted is not linted again,
// and the cache is saved.
func ReadLog(hr *history.Repo, paths []string, until string, isDeal func(string) bool, cfg *config.Config, cache *lint.Cache) (*history.Log, *Set, error) {
	g := newLinting(cfg, cache)
	rd := history.Reading{Paths: paths, Until: until, IsDeal: isDeal, Each: g.lint}
	if cache != nil {
		// What the last run read of the history: its commits are not
		// asked of git again, nor its contents read, whose lint the
		// cache holds.
		rd.Memo, rd.Known = &history.Memo{}, g.known
		if data := cache.Extra(memoName); data != nil {
			_ = rd.Memo.UnmarshalBinary(data)
		}
	}
	lg, err := hr.LogWith(rd)
	if err != nil {
		return nil, nil, err
	}
	if g.err != nil {
		return nil, nil, g.err
	}
	if rd.Memo != nil {
		if data, err := rd.Memo.MarshalBinary(); err == nil {
			cache.SetExtra(memoName, data)
		}
	}
	g.save()
	return lg, g.set(lg), nil
}

// memoName is the name the history's memo is kept under in the cache.
const memoName = "history"

// save keeps the cache for the next run; without one, a run is only
// slower.
func (g *linting) save() {
	if g.cache != nil {
		_ = g.cache.Save()
	}
}

// Read lints every distinct content of the deals of a history read
// before (under another configuration, say), in one more stream.
func Read(hr *history.Repo, lg *history.Log, cfg *config.Config, cache *lint.Cache) (*Set, error) {
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
	g := newLinting(cfg, cache)
	err := hr.ReadBlobs(hashes, func(i int, f *repo.Loaded) { g.lint(hashes[i], first[hashes[i]], f) })
	if g.err != nil {
		return nil, g.err
	}
	if err != nil {
		return nil, err
	}
	g.save()
	return g.set(lg), nil
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
