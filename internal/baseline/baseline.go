// Package baseline records the lint findings a repository has today, so that a later run reports only what is new.
package baseline

import (
	"path/filepath"
	"sort"

	"github.com/dealsascode/deals/internal/lint"
)

// Kind and Version head every baseline file: a file without this kind is
// not a baseline, and a newer version is not read by this program.
const (
	Kind    = "deals-lint-baseline"
	Version = 1
)

// Entry is one kind of finding that is known: a rule's finding at a field
// of a deal, as many times as Count. Deals are named by their id, which
// does not change when lines are added or the file is renamed; a file
// whose id cannot be read is named by its path instead. Stage is the
// deal's stage when the entry was written: a deal that moves on has to
// meet its new stage's rules, so the entry no longer applies.
type Entry struct {
	Deal  string `json:"deal,omitempty"`
	File  string `json:"file,omitempty"`
	Stage string `json:"stage"`
	Rule  string `json:"rule"`
	Field string `json:"field"`
	Count int    `json:"count"`
}

// Name is the deal's id, or the path of a file without one.
func (e Entry) Name() string {
	if e.Deal != "" {
		return e.Deal
	}
	return e.File
}

// Baseline is the known findings of a repository.
type Baseline struct {
	// Entries are sorted (see sortEntries), and no two have the same key.
	Entries []Entry
}

// subject is what a finding is about: a deal by id, or a file by path.
type subject struct{ deal, file string }

// key is what entries and findings are matched by.
type key struct {
	subject
	stage, rule, field string
}

func (e Entry) key() key {
	return key{subject{e.Deal, e.File}, e.Stage, e.Rule, e.Field}
}

// Run is a lint run as a baseline sees it.
type Run struct {
	Result *lint.Result
	// Paths are where files are in the repository, by the name the
	// findings give them, to name a file without an id the same way from
	// any folder; a file not in Paths is named as the findings name it.
	Paths map[string]string
	// Complete says the run linted every deal of the repository: then an
	// entry of a deal that is not in the run is stale (the deal is gone).
	// A run over some paths, or over the changed deals only, cannot tell
	// a deal that is gone from one it did not look at.
	Complete bool
}

// index is a run ready to match: each finding's subject and stage, and the
// stage of every subject the run saw.
type index struct {
	keys  []key
	stage map[subject]string
}

func (r Run) index() index {
	byFile := make(map[string]lint.DealSummary, len(r.Result.Deals))
	for _, d := range r.Result.Deals {
		byFile[d.File] = d
	}
	x := index{keys: make([]key, len(r.Result.Findings)), stage: make(map[subject]string, len(r.Result.Deals))}
	subjectOf := func(file string) (subject, string) {
		d, ok := byFile[file]
		if ok && d.ID != "" {
			return subject{deal: d.ID}, d.Stage
		}
		path, ok := r.Paths[file]
		if !ok {
			path = filepath.ToSlash(file)
		}
		return subject{file: path}, d.Stage
	}
	for _, d := range r.Result.Deals {
		s, stage := subjectOf(d.File)
		x.stage[s] = stage
	}
	for i, f := range r.Result.Findings {
		s, stage := subjectOf(f.File)
		if _, ok := x.stage[s]; !ok {
			x.stage[s] = stage // a file that is not a deal at all
		}
		x.keys[i] = key{s, stage, f.Rule, f.Field}
	}
	return x
}

// Record is the baseline of every finding of a run.
func Record(r Run) *Baseline {
	count := map[key]int{}
	for _, k := range r.index().keys {
		count[k]++
	}
	return fromCounts(count)
}

func fromCounts(count map[key]int) *Baseline {
	b := &Baseline{Entries: make([]Entry, 0, len(count))}
	for k, n := range count {
		b.Entries = append(b.Entries, Entry{Deal: k.deal, File: k.file, Stage: k.stage, Rule: k.rule, Field: k.field, Count: n})
	}
	sortEntries(b.Entries)
	return b
}

// sortEntries orders entries by deal (deals by id first, then files by
// path), rule, field and stage, so that the same findings always make the
// same file, and a change to the baseline is a small diff.
func sortEntries(es []Entry) {
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if (a.Deal == "") != (b.Deal == "") {
			return a.Deal != ""
		}
		if a.Name() != b.Name() {
			return a.Name() < b.Name()
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Field != b.Field {
			return a.Field < b.Field
		}
		return a.Stage < b.Stage
	})
}

// Reason is why an entry is stale.
type Reason int

const (
	// Fixed: the deal is still at the entry's stage, and the finding is gone.
	Fixed Reason = iota
	// Moved: the deal is at another stage than when the entry was written.
	Moved
	// Gone: no deal of the run has the entry's id (or path).
	Gone
)

// Stale is an entry that matched no finding.
type Stale struct {
	Entry
	Reason Reason
	// Now is the deal's stage in this run, when it Moved.
	Now string
}

// Outcome is a run seen through a baseline.
type Outcome struct {
	// Findings are the findings the baseline does not know, in the run's order.
	Findings []lint.Finding
	// Known is how many findings the baseline knew and left out.
	Known int
	// Stale are the entries of deals in the run that matched no finding.
	Stale []Stale

	kept map[key]int
}

// Apply leaves out of the run's findings those the baseline knows. An
// entry knows up to Count findings of its key; a key found more often
// than that reports the findings beyond the count, the last in the run's
// order. An entry whose deal the run did not see (see Run.Complete) is
// neither used nor stale.
func (b *Baseline) Apply(r Run) *Outcome {
	x := r.index()
	left := make(map[key]int, len(b.Entries))
	for _, e := range b.Entries {
		left[e.key()] = e.Count
	}
	o := &Outcome{kept: map[key]int{}}
	for i, f := range r.Result.Findings {
		k := x.keys[i]
		if left[k] > 0 {
			left[k]--
			o.kept[k]++
			o.Known++
			continue
		}
		o.Findings = append(o.Findings, f)
	}
	for _, e := range b.Entries {
		k := e.key()
		if o.kept[k] > 0 {
			continue
		}
		now, seen := x.stage[k.subject]
		switch {
		case seen && now != e.Stage:
			o.Stale = append(o.Stale, Stale{Entry: e, Reason: Moved, Now: now})
		case seen:
			o.Stale = append(o.Stale, Stale{Entry: e, Reason: Fixed})
		case r.Complete:
			o.Stale = append(o.Stale, Stale{Entry: e, Reason: Gone})
		default:
			o.kept[k] = e.Count // not looked at: kept as it is
		}
	}
	return o
}

// Pruned is the baseline less what no longer applies: stale entries are
// dropped, and each count lowered to the findings it knew in this run. It
// never adds a finding: a baseline only shrinks unless it is recorded
// again.
func (o *Outcome) Pruned() *Baseline { return fromCounts(o.kept) }
