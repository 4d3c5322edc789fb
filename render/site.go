package render

import (
	"bytes"
	"context"
	"crypto/sha1"
	"fmt"
	"github.com/dealsascode/deals/internal/attention"
	"github.com/dealsascode/deals/internal/forecast"
	"html/template"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/source"
)

// sink receives the site's files; a build writes each file once.
type sink interface {
	write(name string, data []byte) error
}

// dirSink writes files under a folder, with the permissions a program
// gives new files (0666 and folders 0777, less the umask), until its
// context is done.
type dirSink struct {
	ctx  context.Context
	root string
	made sync.Map // folders already created, so each is made once
}

func newDirSink(ctx context.Context, root string) *dirSink { return &dirSink{ctx: ctx, root: root} }

func (d *dirSink) write(name string, data []byte) error {
	if err := d.ctx.Err(); err != nil {
		return err
	}
	p := filepath.Join(d.root, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	if _, ok := d.made.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return err
		}
		d.made.Store(dir, true)
	}
	return os.WriteFile(p, data, 0o666)
}

type builderOptions struct {
	cfg         *config.Config
	linter      *lint.Linter
	tr          translator
	today       string
	baseURL     string
	version     string
	out         sink
	history     *history.Log
	historyNote string
	hindsight   *hindsight
	// boardCards is how many cards a column of the board shows, and
	// columnPageCards how many a page of a column holds; 0 is the
	// default (defaultBoardCards, defaultColumnPageCards).
	boardCards, columnPageCards int
}

// builder renders one site. Deal pages are rendered as each deal is read,
// on all cores; only what the index pages need is kept of each deal.
type builder struct {
	builderOptions
	tmpl *templates
	// frags are the fragments of pages kept from the last update of a
	// live site; nil in a build.
	frags *fragments
	mu    sync.Mutex
	pages int
}

func newBuilder(o builderOptions) (*builder, error) {
	b := &builder{builderOptions: o}
	if b.boardCards <= 0 {
		b.boardCards = defaultBoardCards
	}
	if b.columnPageCards <= 0 {
		b.columnPageCards = defaultColumnPageCards
	}
	t, err := loadTemplates(o.tr, o.linter, b.repoPath, b.who)
	if err != nil {
		return nil, err
	}
	b.tmpl = t
	return b, nil
}

// dealInfo is what the index pages keep of each deal.
type dealInfo struct {
	File, Page string
	ID, Title  string
	Account    string
	AccountKey string
	Owner      string
	OwnerName  string
	Stage      string
	StageIndex int
	StageName  string
	Open       bool
	Amount     float64
	Currency   string
	// Base is the amount in the base currency; Converted is false when the
	// currency has no rate (the deal is then left out of totals).
	Base, Weighted float64
	Converted      bool
	CloseDate      string
	Size, Region   string
	Industry       string
	Product        string
	Score          lint.Score
	Valid          bool
	Overdue        int
	Slipped        bool
	StaleReview    bool
	MissingRoles   []string
	// DaysInStage is -1 without history; Slips counts close-date slips.
	DaysInStage int
	Slips       int
	Next        []actionInfo // open actions not yet due, soonest first
	Late        []actionInfo // overdue open actions
	Findings    []lint.Finding
	// Attention is what the deal needs this week, most severe first.
	Attention []attention.Reason
	// NextStep and NextStepDate are the agreed next step; DecisionMakers
	// and Coaches the names of the key players with those roles.
	NextStep, NextStepDate  string
	DecisionMakers, Coaches []string
	// Call is the forecast call of an open deal and whose it is.
	Call forecast.Call
}

type actionInfo struct {
	What, Owner, Due, Status string
	DealPage, DealTitle      string
}

// problemFile is a file the site could not show as a deal.
type problemFile struct {
	File     string
	Problems []lint.Finding
	Err      string
}

func (b *builder) build(rd *repo.Reader, files []repo.File) (*Result, error) {
	pages := pageNames(files)
	infos := make([]*dealInfo, len(files))
	problems := make([]*problemFile, len(files))
	errs := make([]error, len(files))
	rd.Read(files, func(i int, l *repo.Loaded) {
		if l.Err != nil {
			errs[i] = l.Err
			problems[i] = &problemFile{File: l.Name, Err: l.Err.Error()}
			return
		}
		d, dealProblems := l.Parse()
		if d == nil {
			res := b.linter.Deal(&deal.Deal{File: l.Name}, dealProblems)
			problems[i] = detached(&problemFile{File: l.Name, Problems: res.Findings})
			return
		}
		info, err := b.renderDeal(d, dealProblems, pages[i], nil)
		if err != nil {
			errs[i] = err
			return
		}
		infos[i] = info
	})
	res := &Result{}
	for _, err := range errs {
		if err != nil {
			var se *source.Error
			if !asSourceError(err, &se) {
				return nil, err // a failure to write the site, not a bad deal
			}
			res.Errors = append(res.Errors, err)
		}
	}
	var deals []*dealInfo
	var unreadable []*problemFile
	refs := make([]lint.DealRef, 0, len(files))
	for i := range files {
		if infos[i] != nil {
			deals = append(deals, infos[i])
			refs = append(refs, dealRef(infos[i]))
		}
		if problems[i] != nil {
			unreadable = append(unreadable, problems[i])
		}
	}
	// Cross-file findings (a duplicated id) belong on the deal's page too:
	// those few pages are rendered again with them.
	byFile := map[string][]lint.Finding{}
	for _, f := range b.linter.Repo(refs) {
		byFile[f.File] = append(byFile[f.File], f)
	}
	var again []repo.File
	var againInfo []*dealInfo
	for i, info := range infos {
		if info != nil && len(byFile[info.File]) > 0 {
			again = append(again, files[i])
			againInfo = append(againInfo, info)
		}
	}
	againErrs := make([]error, len(again))
	var redoneN atomic.Int64
	rd.Read(again, func(i int, l *repo.Loaded) {
		d, dealProblems := l.Parse()
		if d == nil {
			return
		}
		info := againInfo[i]
		redone, err := b.renderDeal(d, dealProblems, info.Page, byFile[info.File])
		if err != nil {
			againErrs[i] = err
			return
		}
		*info = *redone
		redoneN.Add(1)
	})
	for _, err := range againErrs {
		if err != nil {
			return nil, err
		}
	}
	// A page rendered again is still one page.
	b.pages -= int(redoneN.Load())
	s := newSite(b, deals, unreadable)
	if err := s.renderIndexes(); err != nil {
		return nil, err
	}
	res.Deals = len(deals)
	res.Unreadable = len(unreadable)
	res.Pages = b.pages
	for _, d := range deals {
		res.Findings += len(d.Findings)
		if !d.Valid {
			res.Invalid++
		}
	}
	return res, nil
}

// dealRef is what the cross-file rules see of a deal.
func dealRef(d *dealInfo) lint.DealRef {
	return lint.DealRef{File: d.File, ID: deal.Text{Value: d.ID}, Stage: d.Stage}
}

func asSourceError(err error, target **source.Error) bool {
	se, ok := err.(*source.Error)
	if ok {
		*target = se
	}
	return ok
}

// emit renders a template to a file of the site.
func (b *builder) emit(name string, tmpl *template.Template, data any) error {
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		return fmt.Errorf("rendering %s: %w", name, err)
	}
	return b.emitBytes(name, buf.Bytes())
}

func (b *builder) emitBytes(name string, data []byte) error {
	if err := b.out.write(name, data); err != nil {
		return err
	}
	b.mu.Lock()
	b.pages++
	b.mu.Unlock()
	return nil
}

// pageNames gives each deal file its page, deals/NAME.html, named after
// the file and made unique in the order of the sorted file list, so that
// names are known before any file is read and never depend on timing.
func pageNames(files []repo.File) []string {
	used := map[string]int{}
	out := make([]string, len(files))
	for i, f := range files {
		base := strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
		name := slug(base)
		used[name]++
		if n := used[name]; n > 1 {
			name = fmt.Sprintf("%s-%d", name, n)
		}
		out[i] = path.Join("deals", name+".html")
	}
	return out
}

// slug is a name as a file name that people can still read in the
// address: accents dropped (Laticínios is laticinios), letters of other
// scripts kept as they are (江苏华信钢铁), everything else a dash. A name
// with no letter or digit at all gets a short hash, so that it still has
// a page of its own.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(deal.Fold(s)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_':
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.Trim(b.String(), "-.")
	if out == "" {
		sum := sha1.Sum([]byte(s))
		out = fmt.Sprintf("%x", sum[:4])
	}
	// At most 80 bytes, cut between characters.
	for len(out) > 80 {
		_, size := utf8.DecodeLastRuneInString(out)
		out = out[:len(out)-size]
	}
	return strings.Trim(out, "-.")
}

// sortedKeys returns a map's keys in order, so iteration never leaks
// randomness into the output.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
