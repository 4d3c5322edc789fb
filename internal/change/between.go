package change

import (
	"sort"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/lint"
)

// Options say which two states of a repository to compare.
type Options struct {
	Repo *history.Repo
	// Base and Head are commits; an empty Head is the work tree.
	Base, Head string
	// BaseLabel and HeadLabel name them for people (a branch, "working tree").
	BaseLabel, HeadLabel string
	Paths                []string
	Config               *config.Config
	Linter               *lint.Linter
	Today                string
}

// Report is every deal that changed between two states.
type Report struct {
	Base, Head string
	Diffs      []Diff
	// Unchanged counts deal files whose change did not matter to the
	// pipeline (a reworded note).
	Unchanged int
}

// Between compares the deals under o.Paths at o.Base and o.Head.
func Between(o Options) (*Report, error) {
	changes, err := o.Repo.Changes(o.Base, o.Head, o.Paths)
	if err != nil {
		return nil, err
	}
	root := o.Config.Root
	var kept []history.Change
	for _, c := range changes {
		p := c.Path
		if c.Status == 'D' {
			p = c.OldPath
			if p == "" {
				p = c.Path
			}
		}
		if deal.Wanted(o.Repo.Path(p), root, o.Config.Exclude) || (c.OldPath != "" && deal.Wanted(o.Repo.Path(c.OldPath), root, o.Config.Exclude)) {
			kept = append(kept, c)
		}
	}
	var oldFiles, newFiles []string
	for _, c := range kept {
		switch c.Status {
		case 'A':
			newFiles = append(newFiles, c.Path)
		case 'D':
			oldFiles = append(oldFiles, c.Path)
		case 'R':
			oldFiles = append(oldFiles, c.OldPath)
			newFiles = append(newFiles, c.Path)
		default:
			oldFiles = append(oldFiles, c.Path)
			newFiles = append(newFiles, c.Path)
		}
	}
	oldData, err := o.Repo.ReadAt(o.Base, oldFiles)
	if err != nil {
		return nil, err
	}
	newData := map[string][]byte{}
	if o.Head != "" {
		if newData, err = o.Repo.ReadAt(o.Head, newFiles); err != nil {
			return nil, err
		}
	} else {
		for _, f := range newFiles {
			if data, err := deal.Read(o.Repo.Path(f)); err == nil {
				newData[f] = data
			}
		}
	}
	version := func(rel string, data []byte, ok bool) *Version {
		if !ok {
			return nil
		}
		file := o.Repo.Path(rel)
		d, problems := deal.Parse(file, data)
		v := &Version{File: file, Deal: d, Problems: problems}
		res := o.Linter.Deal(orEmpty(d, file), problems)
		v.Findings, v.Score = res.Findings, res.Score
		return v
	}
	diffs := make([][]Diff, len(kept))
	deal.Each(len(kept), func(i int) {
		c := kept[i]
		var old, new *Version
		switch c.Status {
		case 'A':
			data, ok := newData[c.Path]
			new = version(c.Path, data, ok)
		case 'D':
			data, ok := oldData[c.Path]
			old = version(c.Path, data, ok)
		case 'R':
			d1, ok1 := oldData[c.OldPath]
			d2, ok2 := newData[c.Path]
			old, new = version(c.OldPath, d1, ok1), version(c.Path, d2, ok2)
			// Git pairs similar files; a deal whose id changed is another deal.
			if old != nil && new != nil && old.Deal != nil && new.Deal != nil && old.Deal.ID.Value != new.Deal.ID.Value {
				diffs[i] = []Diff{Compare(old, nil, o.Config, o.Today), Compare(nil, new, o.Config, o.Today)}
				return
			}
		default:
			d1, ok1 := oldData[c.Path]
			d2, ok2 := newData[c.Path]
			old, new = version(c.Path, d1, ok1), version(c.Path, d2, ok2)
		}
		diffs[i] = []Diff{Compare(old, new, o.Config, o.Today)}
	})
	var all []Diff
	for _, ds := range diffs {
		all = append(all, ds...)
	}
	rep := &Report{Base: o.BaseLabel, Head: o.HeadLabel}
	for _, d := range pairRenames(all) {
		if d.Changed() {
			rep.Diffs = append(rep.Diffs, d)
		} else {
			rep.Unchanged++
		}
	}
	numberSlips(o, rep)
	sort.SliceStable(rep.Diffs, func(i, j int) bool {
		return rep.Diffs[i].File+rep.Diffs[i].OldFile < rep.Diffs[j].File+rep.Diffs[j].OldFile
	})
	return rep, nil
}

func orEmpty(d *deal.Deal, file string) *deal.Deal {
	if d == nil {
		return &deal.Deal{File: file}
	}
	return d
}

// pairRenames joins a removed and an added deal with the same id into one
// renamed deal: a move git did not recognise because the content changed
// too much.
func pairRenames(diffs []Diff) []Diff {
	removed := map[string]int{}
	for i, d := range diffs {
		if d.Kind == "removed" && d.ID != "" {
			removed[d.ID] = i
		}
	}
	drop := map[int]bool{}
	for i, d := range diffs {
		if d.Kind != "added" || d.ID == "" {
			continue
		}
		if j, ok := removed[d.ID]; ok && !drop[j] {
			d.Kind = "renamed"
			d.OldFile = diffs[j].File
			if d.OldFile == "" {
				d.OldFile = diffs[j].OldFile
			}
			diffs[i] = d
			drop[j] = true
		}
	}
	out := diffs[:0]
	for i, d := range diffs {
		if !drop[i] {
			out = append(out, d)
		}
	}
	return out
}

// numberSlips counts, for deals whose close date slipped, how many times
// it slipped before: "2nd slip" says more than "slipped".
func numberSlips(o Options, rep *Report) {
	for i := range rep.Diffs {
		d := &rep.Diffs[i]
		if d.Close == nil || !d.Close.Slip {
			continue
		}
		file := d.OldFile
		if file == "" {
			file = d.File
		}
		lg, err := o.Repo.Log([]string{file}, o.Base)
		if err != nil {
			continue
		}
		before := 0
		if t := lg.Deals[d.ID]; t != nil {
			before = t.Slips(1<<62 - 1)
		}
		d.Close.SlipNumber = before + 1
	}
}
