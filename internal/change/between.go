package change

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/movement"
	"github.com/dealsascode/deals/internal/repo"
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
	// Movement, when set, also reads how the change moves the forecast of
	// the quarter of Today (Report.Movement), which needs the deals the
	// change leaves alone too.
	Movement bool
}

// Report is every deal that changed between two states.
type Report struct {
	Base, Head string
	Diffs      []Diff
	// Unchanged counts deal files whose change did not matter to the
	// pipeline (a reworded note).
	Unchanged int
	// Movement is how the change moves the open pipeline of the deals
	// closing this quarter, from Base to Head; nil when nothing in it
	// moved, or when Options.Movement was not set.
	Movement *movement.Report
}

// Between compares the deals under o.Paths at o.Base and o.Head: the same
// reader reads the base revision's tree and the head's (a revision, or the
// work tree).
func Between(o Options) (*Report, error) {
	changes, err := o.Repo.Changes(o.Base, o.Head, o.Paths)
	if err != nil {
		return nil, err
	}
	baseTree, err := o.Repo.Tree(o.Base)
	if err != nil {
		return nil, err
	}
	defer baseTree.Close()
	base := repo.New(repo.Tree{FS: baseTree, Dir: o.Repo.Top, Rev: o.Base}, o.Config)
	var head *repo.Reader
	if o.Head == "" {
		disk, err := repo.Disk(o.Repo.Top)
		if err != nil {
			return nil, err
		}
		head = repo.New(disk, o.Config)
	} else {
		headTree, err := o.Repo.Tree(o.Head)
		if err != nil {
			return nil, err
		}
		defer headTree.Close()
		head = repo.New(repo.Tree{FS: headTree, Dir: o.Repo.Top, Rev: o.Head}, o.Config)
	}
	var kept []history.Change
	for _, c := range changes {
		p := c.Path
		if c.Status == 'D' && c.OldPath != "" {
			p = c.OldPath
		}
		if !head.IsDeal(p) && (c.OldPath == "" || !head.IsDeal(c.OldPath)) {
			continue
		}
		// A link to another deal file of the tree is that file, which
		// the diff has (or does not need) already.
		if c.Status != 'D' && linksWithin(head, c.Path) {
			continue
		}
		kept = append(kept, c)
	}
	var oldFiles, newFiles []repo.File
	for _, c := range kept {
		switch c.Status {
		case 'A':
			newFiles = append(newFiles, head.File(c.Path))
		case 'D':
			oldFiles = append(oldFiles, base.File(c.Path))
		case 'R':
			oldFiles = append(oldFiles, base.File(c.OldPath))
			newFiles = append(newFiles, head.File(c.Path))
		default:
			oldFiles = append(oldFiles, base.File(c.Path))
			newFiles = append(newFiles, head.File(c.Path))
		}
	}
	// Each side is read, parsed and linted on all cores; a file that could
	// not be read on a side has no version there.
	versions := func(rd *repo.Reader, files []repo.File) map[string]*Version {
		out := make([]*Version, len(files))
		rd.Read(files, func(i int, l *repo.Loaded) {
			if l.Err != nil {
				return
			}
			d, problems := l.Parse()
			v := &Version{File: l.Name, Deal: d, Problems: problems}
			res := o.Linter.Deal(orEmpty(d, l.Name), problems)
			v.Findings, v.Score = res.Findings, res.Score
			out[i] = v
		})
		byPath := make(map[string]*Version, len(files))
		for i, f := range files {
			if out[i] != nil {
				byPath[f.Path] = out[i]
			}
		}
		return byPath
	}
	oldV, newV := versions(base, oldFiles), versions(head, newFiles)
	var all []Diff
	for _, c := range kept {
		switch c.Status {
		case 'A':
			all = append(all, Compare(nil, newV[c.Path], o.Config, o.Today))
		case 'D':
			all = append(all, Compare(oldV[c.Path], nil, o.Config, o.Today))
		case 'R':
			old, new := oldV[c.OldPath], newV[c.Path]
			// Git pairs similar files; a deal whose id changed is another deal.
			if old != nil && new != nil && old.Deal != nil && new.Deal != nil && old.Deal.ID.Value != new.Deal.ID.Value {
				all = append(all, Compare(old, nil, o.Config, o.Today), Compare(nil, new, o.Config, o.Today))
				continue
			}
			all = append(all, Compare(old, new, o.Config, o.Today))
		default:
			all = append(all, Compare(oldV[c.Path], newV[c.Path], o.Config, o.Today))
		}
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
	if o.Movement {
		rep.Movement = movementOf(o, head, changes, kept, oldV, newV)
	}
	sort.SliceStable(rep.Diffs, func(i, j int) bool {
		return rep.Diffs[i].File+rep.Diffs[i].OldFile < rep.Diffs[j].File+rep.Diffs[j].OldFile
	})
	return rep, nil
}

// linksWithin reports whether path is a symbolic link to another file of
// the tree.
func linksWithin(rd *repo.Reader, path string) bool {
	real := rd.File(path)
	target, err := filepath.Rel(rd.Tree.Dir, rd.Real(real))
	if err != nil {
		return false
	}
	target = filepath.ToSlash(target)
	return target != path && target != ".." && !strings.HasPrefix(target, "../")
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
// it slipped before: "2nd slip" says more than "slipped". One pass over
// the history reads them all: a git log per deal cost 40 ms each.
func numberSlips(o Options, rep *Report) {
	var slipped []*Diff
	var files []string
	for i := range rep.Diffs {
		d := &rep.Diffs[i]
		if d.Close == nil || !d.Close.Slip {
			continue
		}
		file := d.OldFile
		if file == "" {
			file = d.File
		}
		slipped = append(slipped, d)
		files = append(files, file)
	}
	if len(slipped) == 0 {
		return
	}
	lg, err := o.Repo.Log(files, o.Base, nil)
	if err != nil {
		return
	}
	for _, d := range slipped {
		before := 0
		if t := lg.Deals[d.ID]; t != nil {
			before = t.Slips(1<<62 - 1)
		}
		d.Close.SlipNumber = before + 1
	}
}
