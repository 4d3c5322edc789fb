package render

import (
	"bytes"
	"crypto/sha1"
	"fmt"
	"html/template"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/source"
)

// sink receives the site's files; a build writes each file once.
type sink interface {
	write(name string, data []byte) error
}

// dirSink writes files under a folder.
type dirSink struct {
	root string
	made sync.Map // folders already created, so each is made once
}

func newDirSink(root string) *dirSink { return &dirSink{root: root} }

func (d *dirSink) write(name string, data []byte) error {
	p := filepath.Join(d.root, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	if _, ok := d.made.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		d.made.Store(dir, true)
	}
	return os.WriteFile(p, data, 0o644)
}

type builderOptions struct {
	cfg         *config.Config
	linter      *lint.Linter
	tr          translator
	today       string
	baseURL     string
	version     string
	out         sink
	read        func(file string) ([]byte, error)
	history     *history.Log
	historyNote string
	progress    func(done, total int)
}

// builder renders one site. Deal pages are rendered as each deal is read,
// on all cores; only what the index pages need is kept of each deal.
type builder struct {
	builderOptions
	tmpl  *templates
	mu    sync.Mutex
	pages int
}

func newBuilder(o builderOptions) (*builder, error) {
	t, err := loadTemplates(o.tr)
	if err != nil {
		return nil, err
	}
	return &builder{builderOptions: o, tmpl: t}, nil
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

func (b *builder) build(files []string) (*Result, error) {
	pages := pageNames(files, b.cfg.Root)
	infos := make([]*dealInfo, len(files))
	problems := make([]*problemFile, len(files))
	errs := make([]error, len(files))
	var done atomic.Int64
	deal.Each(len(files), func(i int) {
		if b.progress != nil {
			defer func() { b.progress(int(done.Add(1)), len(files)) }()
		}
		r := b.load(files[i])
		switch {
		case r.Err != nil:
			errs[i] = r.Err
			problems[i] = &problemFile{File: files[i], Err: r.Err.Error()}
		case r.Deal == nil:
			res := b.linter.Deal(&deal.Deal{File: files[i]}, r.Problems)
			problems[i] = &problemFile{File: files[i], Problems: res.Findings}
		default:
			info, err := b.renderDeal(r.Deal, r.Problems, pages[i], nil)
			if err != nil {
				errs[i] = err
				return
			}
			infos[i] = info
		}
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
			refs = append(refs, lint.DealRef{File: infos[i].File, ID: deal.Text{Value: infos[i].ID}, Stage: infos[i].Stage})
		}
		if problems[i] != nil {
			unreadable = append(unreadable, problems[i])
		}
	}
	// Cross-file findings (a duplicated id) belong on the deal's page too:
	// those few pages are rendered again with them.
	repo := b.linter.Repo(refs)
	byFile := map[string][]lint.Finding{}
	for _, f := range repo {
		byFile[f.File] = append(byFile[f.File], f)
	}
	for _, info := range deals {
		if extra := byFile[info.File]; len(extra) > 0 {
			r := b.load(info.File)
			if r.Deal == nil {
				continue
			}
			again, err := b.renderDeal(r.Deal, r.Problems, info.Page, extra)
			if err != nil {
				return nil, err
			}
			*info = *again
		}
	}
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

// load reads and parses one deal file through the builder's reader.
func (b *builder) load(file string) deal.Result {
	data, err := b.read(file)
	if err != nil {
		return deal.Result{File: file, Err: err}
	}
	d, problems := deal.Parse(file, data)
	return deal.Result{File: file, Deal: d, Problems: problems}
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
func pageNames(files []string, root string) []string {
	used := map[string]int{}
	out := make([]string, len(files))
	for i, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		name := slug(base)
		used[name]++
		if n := used[name]; n > 1 {
			name = fmt.Sprintf("%s-%d", name, n)
		}
		out[i] = path.Join("deals", name+".html")
	}
	return out
}

// slug makes a file name from text: lower-case ASCII letters, digits and
// hyphens. Text that is mostly not ASCII (a Chinese account name) gets a
// short hash, so two names never share a page.
func slug(s string) string {
	var b strings.Builder
	ascii, other := 0, 0
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_'):
			b.WriteRune(r)
			ascii++
			dash = false
		case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			other++
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.Trim(b.String(), "-.")
	if out == "" || other > ascii {
		sum := sha1.Sum([]byte(s))
		prefix := out
		if len(prefix) > 20 {
			prefix = prefix[:20]
		}
		out = strings.Trim(fmt.Sprintf("%s-%x", prefix, sum[:4]), "-")
	}
	if len(out) > 80 {
		out = out[:80]
	}
	return out
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
