package render

import (
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/parallel"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/source"
)

// Live is a site in memory kept up to date with the deal files, for deals
// serve. Its first Update builds the whole site; each later one reads
// again only the files whose size, modification time or content changed
// (or that it is told changed), renders the pages of those deals, runs
// the cross-file rules again from what it kept of every deal, and renders
// the pages made from many deals whose input changed (depends.go). Every
// page is kept compressed, with the summary of each deal that the other
// pages are made from; the parsed deals are not kept (a repository of
// 10,000 deals parses into 700 MB). A changed configuration or day
// builds everything again. The site each Update returns is the one a
// full build of the same files gives, byte for byte.
//
// A Live is for one goroutine at a time; the sites it returns may be read
// from any. Options.Progress is told of the files an update that builds
// everything reads, and of no other.
type Live struct {
	b  *Builder
	st *liveState
	// distrust reads every file again at the next update.
	distrust bool
}

// Live makes the live site of the builder's options.
func (b *Builder) Live() *Live { return &Live{b: b} }

// Changes says what one Live.Update did.
type Changes struct {
	// Whole is set when every page was rendered: at the first update, or
	// because Why is "config" (the configuration or a rule pack it
	// includes changed) or "day" (the day changed, without Options.Today).
	Whole bool
	Why   string
	// Files counts the deal files whose content changed, that appeared
	// and that went since the last update.
	Files int
	// Rendered is how many of the Result's Pages were rendered; the others
	// are the last site's.
	Rendered int
}

// liveState is what one update leaves for the next.
type liveState struct {
	cfgKey, today string
	bd            *builder
	files         map[fileKey]*liveFile
	// index is the key each page made from many deals was rendered with.
	index map[string]pageKey
	// static are the files that no deal changes.
	static map[string]*siteFile
	site   *Site
}

type fileKey struct{ name, path string }

func keyOf(f repo.File) fileKey { return fileKey{f.Name, f.Path} }

// liveFile is what a live site keeps of one deal file. It is never
// modified once made: an update makes a new one, so that a failed update
// leaves the last state whole.
type liveFile struct {
	file repo.File
	// size and mod are the file's as it was before it was read; statOK is
	// false when they are not known, and the file is then read again.
	size   int64
	mod    time.Time
	statOK bool
	sum    [32]byte
	// page is the deal's page and extra the cross-file findings it shows.
	page  string
	extra []lint.Finding
	// A file is a deal (info), or a file that could not be read (err) or
	// parsed (problem).
	info    *dealInfo
	problem *problemFile
	err     error
}

// Distrust makes the next update read every file again, whatever its size
// and modification time say: for when changes may have been missed (the
// system dropped file events).
func (l *Live) Distrust() { l.distrust = true }

// Update brings the site up to date with the files. changed names files
// (as absolute paths) known to have changed, such as a watcher reports:
// they are read again even if their size and modification time are as
// before. It returns the new site, what a full build of it would return,
// and what the update did. On an error the last site stays as it was.
func (l *Live) Update(changed []string) (*Site, *Result, Changes, error) {
	if l.b.Static() {
		// A revision never changes: its site is built once, whole.
		site, res, err := l.b.BuildMemory()
		if err != nil {
			return nil, nil, Changes{}, err
		}
		return site, res, Changes{Whole: true, Rendered: res.Pages}, nil
	}
	j, err := l.b.prepare()
	if err != nil {
		return nil, nil, Changes{}, err
	}
	var ch Changes
	old := l.st
	switch {
	case old == nil:
		ch.Whole = true
	case configKey(j.cfg) != old.cfgKey:
		ch.Whole, ch.Why = true, "config"
	case j.opts.Today != old.today:
		ch.Whole, ch.Why = true, "day"
	}
	u := &liveUpdate{l: l, j: j, sink: newMemSink(), ch: &ch}
	if ch.Whole {
		if u.bd, err = j.builder(u.sink); err != nil {
			return nil, nil, Changes{}, err
		}
		old = &liveState{files: map[fileKey]*liveFile{}, index: map[string]pageKey{}, site: &Site{files: map[string]*siteFile{}}}
		j.rd.Progress = j.opts.Progress
	} else {
		u.bd = old.bd
		u.bd.out = u.sink
	}
	u.bd.frags = u.bd.frags.next()
	u.old = old
	st, res, err := u.run(changed)
	if err != nil {
		return nil, nil, Changes{}, err
	}
	l.st, l.distrust = st, false
	return st.site, res, ch, nil
}

// liveUpdate is one update under way.
type liveUpdate struct {
	l    *Live
	j    *job
	bd   *builder
	old  *liveState
	sink *memSink
	ch   *Changes
	// files are the deal files found, pages their pages and next what is
	// kept of each, in the same order.
	files []repo.File
	pages []string
	next  []*liveFile
	// changed counts what Changes.Files does.
	changed atomic.Int64
}

func (u *liveUpdate) run(changed []string) (*liveState, *Result, error) {
	old, bd := u.old, u.bd
	files, findErrs := u.j.rd.Find(u.j.paths)
	u.files, u.pages, u.next = files, pageNames(files), make([]*liveFile, len(files))

	// Which files to read: those not seen before, those whose size or
	// modification time changed, those named as changed, those that
	// could not be read last time.
	stats := make([]liveFile, len(files))
	parallel.Each(len(files), func(i int) {
		if info, err := fs.Stat(u.j.rd.Tree.FS, files[i].Path); err == nil {
			stats[i] = liveFile{size: info.Size(), mod: info.ModTime(), statOK: true}
		}
	})
	hinted := hintSet(changed)
	var toRead []int
	for i, f := range files {
		prev, st := old.files[keyOf(f)], stats[i]
		if prev != nil && !u.l.distrust && prev.err == nil && prev.statOK && st.statOK && prev.size == st.size && prev.mod.Equal(st.mod) && !hinted(f.Name) {
			u.next[i] = prev
			continue
		}
		toRead = append(toRead, i)
	}
	errs := make([]error, len(files))
	u.read(toRead, func(i int, l *repo.Loaded) {
		prev := old.files[keyOf(files[i])]
		e := &liveFile{file: files[i], page: u.pages[i], size: stats[i].size, mod: stats[i].mod, statOK: stats[i].statOK}
		if l.Err == nil {
			e.sum = contentSum(l.Data, stats[i].size)
			if prev != nil && prev.err == nil && prev.sum == e.sum {
				// Saved as it was: what it made still stands.
				kept := *prev
				kept.size, kept.mod, kept.statOK = e.size, e.mod, e.statOK
				u.next[i] = &kept
				return
			}
		}
		var guess []lint.Finding
		if prev != nil {
			guess = prev.extra
		}
		errs[i] = u.render(e, l, prev, guess)
		u.next[i] = e
		if prev == nil || prev.err == nil || e.err == nil || prev.err.Error() != e.err.Error() {
			u.changed.Add(1)
		}
	})
	if err := firstError(errs); err != nil {
		return nil, nil, err
	}
	found := make(map[fileKey]bool, len(files))
	for _, f := range files {
		found[keyOf(f)] = true
	}
	for k := range old.files {
		if !found[k] {
			u.changed.Add(1)
		}
	}

	// The cross-file rules, from the summaries: a deal whose findings
	// from them changed, or whose page name did (a file of the same name
	// came or went), is rendered again. Reading it again may find it
	// changed once more, which may change the cross-file findings of
	// others: a few rounds settle it, and a file that keeps changing is
	// read again at the next update.
	for round := 0; round < 4; round++ {
		byFile := bd.crossFindings(u.next)
		var again []int
		for i, e := range u.next {
			if e.info != nil && (e.page != u.pages[i] || !u.has(e.page) || !sameFindings(e.extra, byFile[e.info.File])) {
				again = append(again, i)
			}
		}
		if len(again) == 0 {
			break
		}
		u.read(again, func(i int, l *repo.Loaded) {
			was := u.next[i]
			e := &liveFile{file: was.file, page: u.pages[i], size: was.size, mod: was.mod, statOK: was.statOK, sum: was.sum}
			if l.Err == nil {
				if sum := contentSum(l.Data, was.size); sum != was.sum {
					// Changed since it was looked at: its size and time
					// are not this content's.
					e.sum, e.statOK = sum, false
					u.changed.Add(1)
				}
			}
			errs[i] = u.render(e, l, was, byFile[was.info.File])
			u.next[i] = e
		})
		if err := firstError(errs); err != nil {
			return nil, nil, err
		}
	}

	var deals []*dealInfo
	var unreadable []*problemFile
	res := &Result{Errors: findErrs}
	for _, e := range u.next {
		if e.info != nil {
			deals = append(deals, e.info)
			res.Findings += len(e.info.Findings)
			if !e.info.Valid {
				res.Invalid++
			}
		}
		if e.problem != nil {
			unreadable = append(unreadable, e.problem)
		}
		if e.err != nil {
			var se *source.Error
			if !asSourceError(e.err, &se) {
				return nil, nil, e.err // as a build fails on it
			}
			res.Errors = append(res.Errors, e.err)
		}
	}

	// The pages made from many deals whose key changed.
	s := newSite(bd, deals, unreadable)
	list := s.indexPages()
	index := make(map[string]pageKey, len(list))
	var todo []indexPage
	for _, p := range list {
		index[p.name] = p.key
		if k, ok := old.index[p.name]; ok && k.equal(p.key) && old.site.files[p.name] != nil {
			continue
		}
		todo = append(todo, p)
	}
	if err := s.each(len(todo), func(i int) error { return todo[i].render() }); err != nil {
		return nil, nil, err
	}
	static := old.static
	if static == nil {
		staticSink := newMemSink()
		bd.out = staticSink
		err := s.static()
		bd.out = u.sink
		if err != nil {
			return nil, nil, err
		}
		static = staticSink.files
	}

	// The new site: what was rendered now, the rest from the last one.
	site := &Site{files: make(map[string]*siteFile, len(deals)+len(list)+len(static))}
	for name, f := range static {
		site.files[name] = f
	}
	take := func(name string, page bool) {
		if f, ok := u.sink.files[name]; ok {
			site.files[name] = f
			if page {
				u.ch.Rendered++
			}
			return
		}
		site.files[name] = old.site.files[name]
	}
	for _, d := range deals {
		take(d.Page, true)
	}
	for _, p := range list {
		take(p.name, p.page)
		if p.page {
			res.Pages++
		}
	}
	res.Deals, res.Unreadable, res.Pages = len(deals), len(unreadable), res.Pages+len(deals)
	res.Notes, res.Lang = u.j.notes(bd.tr), bd.tr.Lang
	u.ch.Files = int(u.changed.Load())

	st := &liveState{cfgKey: configKey(u.j.cfg), today: u.j.opts.Today, bd: bd, files: make(map[fileKey]*liveFile, len(u.next)),
		index: index, static: static, site: site}
	for _, e := range u.next {
		st.files[keyOf(e.file)] = e
	}
	return st, res, nil
}

// read reads the files at the indexes given and calls fn with each, on
// all cores.
func (u *liveUpdate) read(indexes []int, fn func(i int, l *repo.Loaded)) {
	if len(indexes) == 0 {
		return
	}
	subset := make([]repo.File, len(indexes))
	for n, i := range indexes {
		subset[n] = u.files[i]
	}
	u.j.rd.Read(subset, func(n int, l *repo.Loaded) { fn(indexes[n], l) })
}

// has reports whether the site being made has a page: rendered now, or
// kept from the last site.
func (u *liveUpdate) has(name string) bool {
	u.sink.mu.Lock()
	_, ok := u.sink.files[name]
	u.sink.mu.Unlock()
	return ok || u.old.site.files[name] != nil
}

// render makes what a build makes of one file read: a deal's page and
// summary, with extra cross-file findings, or a file on the errors page.
// What did not change from was is was's, the same pointer, so that the
// pages made from it see that it did not.
func (u *liveUpdate) render(e *liveFile, l *repo.Loaded, was *liveFile, extra []lint.Finding) error {
	if l.Err != nil {
		e.err = l.Err
		e.problem = &problemFile{File: l.Name, Err: l.Err.Error()}
	} else if d, problems := l.Parse(); d == nil {
		res := u.bd.linter.Deal(&deal.Deal{File: l.Name}, problems)
		e.problem = detached(&problemFile{File: l.Name, Problems: res.Findings})
	} else {
		if len(extra) == 0 {
			extra = nil
		}
		info, err := u.bd.renderDeal(d, problems, e.page, extra)
		if err != nil {
			return err
		}
		e.info, e.extra = info, extra
	}
	if was != nil {
		if was.info != nil && e.info != nil && reflect.DeepEqual(was.info, e.info) {
			e.info = was.info
		}
		if was.problem != nil && e.problem != nil && reflect.DeepEqual(was.problem, e.problem) {
			e.problem = was.problem
		}
	}
	return nil
}

// crossFindings runs the cross-file rules over the deals kept, in file
// order as a build does, and gives each file's findings.
func (b *builder) crossFindings(files []*liveFile) map[string][]lint.Finding {
	refs := make([]lint.DealRef, 0, len(files))
	for _, e := range files {
		if e.info != nil {
			refs = append(refs, dealRef(e.info))
		}
	}
	byFile := map[string][]lint.Finding{}
	for _, f := range b.linter.Repo(refs) {
		byFile[f.File] = append(byFile[f.File], f)
	}
	return byFile
}

func sameFindings(a, b []lint.Finding) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

// contentSum tells file contents apart; a file too large to read (nil
// data) is told apart by its size, which its page shows.
func contentSum(data []byte, size int64) [32]byte {
	if data == nil {
		return sha256.Sum256([]byte("\x00too large\x00" + strconv.FormatInt(size, 10)))
	}
	return sha256.Sum256(data)
}

// hintSet reports whether a file's name, as the reader names it, is one
// of the absolute paths given.
func hintSet(paths []string) func(name string) bool {
	if len(paths) == 0 {
		return func(string) bool { return false }
	}
	set := make(map[string]bool, len(paths))
	for _, p := range paths {
		set[filepath.Clean(p)] = true
	}
	wd, _ := os.Getwd()
	return func(name string) bool {
		if !filepath.IsAbs(name) {
			name = filepath.Join(wd, name)
		}
		return set[name]
	}
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
