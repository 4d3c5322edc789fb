package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/internal/text"
	"gopkg.in/yaml.v3"
)

// Event is one change to a deal that the pipeline cares about.
type Event struct {
	Commit string
	// Time is the commit time (Unix seconds); Date is it as YYYY-MM-DD in UTC.
	Time   int64
	Date   string
	Author string
	// Kind is created, stage, amount, close, renamed, deleted or readded.
	Kind     string
	From, To string
}

// Slip reports whether the event moved the close date later.
func (e Event) Slip() bool { return e.Kind == "close" && e.From != "" && e.To > e.From }

// State is a deal's header after a commit.
type State struct {
	Time      int64
	Stage     string
	Amount    float64
	Currency  string
	CloseDate string
	// Owner is the rep, Forecast the rep's call as written ("" when the
	// stage's applies), Region the account's region.
	Owner, Forecast, Region string
	Deleted                 bool
	// Blob is the git object of the file's content in this state, by
	// which ReadBlobs reads the whole version.
	Blob string
}

// Timeline is one deal's history, oldest first.
type Timeline struct {
	ID, Title, Path string
	Events          []Event
	States          []State
}

// At is the deal's state at Unix time t; ok is false before it existed.
func (t *Timeline) At(ts int64) (State, bool) {
	i := sort.Search(len(t.States), func(i int) bool { return t.States[i].Time > ts })
	if i == 0 {
		return State{}, false
	}
	return t.States[i-1], true
}

// StageSince is when the deal entered the stage it is in at Unix time ts.
func (t *Timeline) StageSince(ts int64) (int64, bool) {
	i := sort.Search(len(t.States), func(i int) bool { return t.States[i].Time > ts }) - 1
	if i < 0 {
		return 0, false
	}
	stage := t.States[i].Stage
	for i > 0 && t.States[i-1].Stage == stage && !t.States[i-1].Deleted {
		i--
	}
	return t.States[i].Time, true
}

// Slips counts the times the close date moved later up to Unix time ts.
func (t *Timeline) Slips(ts int64) int {
	n := 0
	for _, e := range t.Events {
		if e.Time <= ts && e.Slip() {
			n++
		}
	}
	return n
}

// Log is the history of every deal under some paths.
type Log struct {
	// Deals holds each deal's timeline by deal id.
	Deals map[string]*Timeline
	// Commits is how many commits touched deal files.
	Commits int
	// Notes say what was skipped and why (a file that was not valid YAML
	// in some commit); they never stop the history from being read.
	Notes []string
}

type logEntry struct {
	status  byte
	oldBlob string
	newBlob string
	path    string
	oldPath string
}

type logCommit struct {
	hash    string
	time    int64
	author  string
	entries []logEntry
}

type header struct {
	ID        string `yaml:"id"`
	Title     string `yaml:"title"`
	Stage     string `yaml:"stage"`
	CloseDate string `yaml:"close_date"`
	Amount    struct {
		Value    float64 `yaml:"value"`
		Currency string  `yaml:"currency"`
	} `yaml:"amount"`
	Owner    string  `yaml:"owner"`
	Forecast string  `yaml:"forecast"`
	Account  account `yaml:"account"`
}

// account is the part of the account a timeline keeps. A version whose
// account is not a mapping (an invalid file) still has a header.
type account struct{ Region string }

func (a *account) UnmarshalYAML(n *yaml.Node) error {
	var m struct {
		Region string `yaml:"region"`
	}
	if n.Kind == yaml.MappingNode && n.Decode(&m) == nil {
		a.Region = m.Region
	}
	return nil
}

type parsed struct {
	h   header
	err error
}

// maxBlob is the largest file read from history, as for deal files.
const maxBlob = deal.MaxFileSize

// Log reads the history of the deal files under paths, from the first
// commit up to and including until (a commit; "" for HEAD), in one git log
// pass and one git cat-file stream. isDeal says which paths (relative to
// the top, with slashes) are deal files, so that the configuration or a
// workflow never shows as a deal; nil takes every YAML file. A file moved
// out of what isDeal accepts is a deal removed, and one moved in a deal
// added. Each distinct file content is parsed once, on all cores.
func (r *Repo) Log(paths []string, until string, isDeal func(path string) bool) (*Log, error) {
	return r.LogEach(paths, until, isDeal, nil)
}

// Each is called by LogEach once for every distinct content of a deal
// file in the history, on several goroutines at once: blob is its git
// object (State.Blob), first the time of the first commit that has it,
// and l the content as the reader of deal files reads it. An Each that
// parsed the whole content returns what the timeline keeps of it, so
// that it is not read a second time; nil has it read from the header.
type Each func(blob string, first int64, l *repo.Loaded) *Header

// Header is what a timeline keeps of one version of a deal file.
type Header struct {
	ID, Title, Stage, CloseDate string
	Amount                      float64
	Currency                    string
	Owner, Forecast, Region     string
}

// LogEach is Log that also hands every distinct content to each, from
// the same stream: a report that needs the whole of every version (its
// lint findings) reads the history once.
func (r *Repo) LogEach(paths []string, until string, isDeal func(path string) bool, each Each) (*Log, error) {
	return r.LogWith(Reading{Paths: paths, Until: until, IsDeal: isDeal, Each: each})
}

// Reading is what LogWith reads of the history, and how.
type Reading struct {
	// Paths, Until and IsDeal are Log's.
	Paths  []string
	Until  string
	IsDeal func(path string) bool
	// Each is LogEach's.
	Each Each
	// Memo is what an earlier reading kept, to start from; LogWith
	// replaces its content with what the next reading can start from.
	// Nil reads everything and keeps nothing.
	Memo *Memo
	// Known tells, of a content whose header the memo holds, whether the
	// caller has what it needs of it without reading it (its lint in a
	// cache): such a content is not read and not handed to Each. With no
	// Known, every content is read.
	Known func(blob string, first int64) bool
}

// LogWith is LogEach with a memo of an earlier reading: the commits it
// read are not asked of git again when the mainline still runs through
// the last of them, nor are the contents it parsed that the caller knows.
func (r *Repo) LogWith(rd Reading) (*Log, error) {
	if !r.HasCommits() {
		return &Log{Deals: map[string]*Timeline{}}, nil
	}
	specs, err := r.pathspecs(rd.Paths)
	if err != nil {
		return nil, err
	}
	each := rd.Each
	// Linting every content keeps both cores busy while one git log runs:
	// a log in parts would only add CPU. A log read for the headers alone
	// waits on git, and runs in parts.
	parts := logParts()
	if each != nil {
		parts = 1
	}
	var tip string
	var kept []logCommit
	var known map[string]parsed
	since := rd.Until
	if rd.Memo != nil {
		tip, kept, known = r.fromMemo(rd.Memo, rd.Until, specs)
		switch {
		case kept != nil:
			since = rd.Memo.head + ".." + tip
			parts = 1
		case tip != "":
			since = tip
		}
	}
	// The mainline only: a merged branch counts as one change, when it was
	// merged, so states follow each other as the default branch saw them.
	var out io.Reader
	wait := func() error { return nil }
	if kept == nil || rd.Memo.head != tip {
		if out, wait, err = r.mainline(since, specs, parts); err != nil {
			return nil, err
		}
	}
	// The log is read while git writes it, and each content it names for
	// the first time is read (git cat-file) and parsed at once, on the
	// other cores: reading the history costs about as long as its longest
	// part, not the sum of them.
	var (
		mu      sync.Mutex
		names   []string
		firsts  []int64
		results []parsed
		commits []logCommit // as isDeal keeps them
		raw     []logCommit // as git gave them, for the memo
		logErr  error
	)
	index := map[string]int{} // blob -> its place in names, or -1 for a header of the memo
	requests := make(chan string, 1024)
	add := func(c logCommit) {
		if rd.Memo != nil {
			raw = append(raw, c)
		}
		if rd.IsDeal != nil {
			// onlyDeals filters in place; the memo keeps what git gave.
			c.entries = onlyDeals(slices.Clone(c.entries), rd.IsDeal)
		}
		for _, e := range c.entries {
			if e.status == 'D' || !repo.IsYAML(e.path) {
				continue
			}
			if _, seen := index[e.newBlob]; seen {
				continue
			}
			if _, ok := known[e.newBlob]; ok && rd.Known != nil && rd.Known(e.newBlob, c.time) {
				index[e.newBlob] = -1
				continue
			}
			mu.Lock()
			index[e.newBlob] = len(names)
			names = append(names, e.newBlob)
			firsts = append(firsts, c.time)
			mu.Unlock()
			requests <- e.newBlob
		}
		commits = append(commits, c)
	}
	go func() {
		defer close(requests)
		for _, c := range kept {
			add(c)
		}
		if out != nil {
			logErr = eachCommit(out, add)
		}
		if err := wait(); err != nil && logErr == nil {
			logErr = err
		}
	}()
	readErr := repo.ReadFrom(func(emit repo.Emit) error {
		return r.BlobsFrom(requests, func(i int, name string, data []byte, ok bool) error {
			f := repo.File{Name: name, Path: name}
			switch {
			case !ok:
				emit(i, f, nil, 0, fs.ErrNotExist)
			case len(data) > maxBlob:
				emit(i, f, nil, int64(len(data)), nil)
			default:
				emit(i, f, data, int64(len(data)), nil)
			}
			return nil
		})
	}, func(i int, l *repo.Loaded) {
		var h *Header
		if each != nil {
			mu.Lock()
			first := firsts[i]
			mu.Unlock()
			h = each(l.Name, first, l)
		}
		p := headerOf(h, l)
		mu.Lock()
		for len(results) <= i {
			results = append(results, parsed{})
		}
		results[i] = p
		mu.Unlock()
	})
	// BlobsFrom has received every request, so the log is read to its end.
	if err := errors.Join(logErr, readErr); err != nil {
		return nil, err
	}
	headerOfBlob := func(blob string) parsed {
		if i := index[blob]; i >= 0 {
			return results[i]
		}
		return known[blob]
	}
	lg := &Log{Deals: map[string]*Timeline{}, Commits: len(commits)}
	replay(lg, commits, headerOfBlob)
	if rd.Memo != nil {
		r.keep(rd.Memo, tip, specs, raw, index, headerOfBlob)
	}
	return lg, nil
}

// headerOf is what a timeline keeps of a content: h, when the caller
// parsed it whole, else its header lines decoded.
func headerOf(h *Header, l *repo.Loaded) parsed {
	switch {
	case h != nil:
		var p parsed
		p.h.ID, p.h.Title, p.h.Stage, p.h.CloseDate = h.ID, h.Title, h.Stage, h.CloseDate
		p.h.Amount.Value, p.h.Amount.Currency = h.Amount, h.Currency
		p.h.Owner, p.h.Forecast, p.h.Account.Region = h.Owner, h.Forecast, h.Region
		return p
	case l.Err != nil:
		return parsed{err: fmt.Errorf("missing from the repository")}
	case l.Data == nil:
		return parsed{err: fmt.Errorf("larger than %d KiB", maxBlob>>10)}
	default:
		return parseHeader(l.Data)
	}
}

// logArgs is the git log of the mainline, oldest first, each commit with
// the files it changed (renames found) and their blobs.
var logArgs = []string{"log", "--first-parent", "--diff-merges=first-parent", "--reverse", "-z", "--no-abbrev", "--format=%x1e%H%x1f%ct%x1f%an", "--raw", "-M"}

// partsFrom is the number of mainline commits from which mainline runs
// git log in parts, one per core: git finds each commit's changes on one
// core, about a second for a busy year of ten thousand commits.
var partsFrom = 4000

// logParts is how many parts: one per core, up to four.
var logParts = func() int { return min(runtime.NumCPU(), 4) }

// mainline is the output of git log (logArgs) up to until ("" for HEAD)
// on specs, to be read while git writes it; wait, once it is read, says
// whether git failed. With parts above 1, a long mainline is cut into
// consecutive ranges whose logs run at once; each commit's entry depends
// on it and its first parent alone, so the parts put end to end are the
// whole log, byte for byte.
func (r *Repo) mainline(until string, specs []string, parts int) (out io.Reader, wait func() error, err error) {
	tip := until
	if tip == "" {
		tip = "HEAD"
	}
	args := func(rev string) []string {
		return append(append(append([]string{}, logArgs...), rev, "--"), specs...)
	}
	whole := func() (io.Reader, func() error, error) {
		return r.stream(args(tip)...)
	}
	if parts < 2 {
		return whole()
	}
	list, err := r.git("rev-list", "--first-parent", tip, "--")
	if err != nil {
		return nil, nil, err
	}
	newest := strings.Fields(string(list))
	n := len(newest)
	if n < partsFrom {
		return whole()
	}
	// ends[k] is the newest commit of part k, counted from the oldest.
	ends := make([]string, parts)
	for k := range parts - 1 {
		ends[k] = newest[n-n*(k+1)/parts]
	}
	ends[parts-1] = tip
	outs := make([][]byte, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for k := range parts {
		rev := ends[k]
		if k > 0 {
			rev = ends[k-1] + ".." + ends[k]
		}
		wg.Go(func() { outs[k], errs[k] = r.git(args(rev)...) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	return bytes.NewReader(bytes.Join(outs, nil)), func() error { return nil }, nil
}

// onlyDeals keeps the entries of deal files, turning a move out of the
// deal files into a removal and a move into them into an addition.
func onlyDeals(entries []logEntry, isDeal func(string) bool) []logEntry {
	out := entries[:0]
	for _, e := range entries {
		ok := repo.IsYAML(e.path) && isDeal(e.path)
		if e.status == 'R' {
			wasOK := repo.IsYAML(e.oldPath) && isDeal(e.oldPath)
			switch {
			case wasOK && !ok:
				e = logEntry{status: 'D', oldBlob: e.oldBlob, path: e.oldPath}
				ok = true
			case !wasOK && ok:
				e.status, e.oldPath = 'A', ""
			}
		}
		if ok {
			out = append(out, e)
		}
	}
	return out
}

// eachCommit reads a log (logArgs) and calls fn with each commit, in
// order, as it is read.
func eachCommit(out io.Reader, fn func(logCommit)) error {
	br := bufio.NewReaderSize(out, 256<<10)
	for {
		rec, err := br.ReadBytes(0x1e)
		if c, ok := parseCommit(bytes.TrimSuffix(rec, []byte{0x1e})); ok {
			fn(c)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// parseLog is every commit of a log read whole.
func parseLog(out []byte) []logCommit {
	var commits []logCommit
	eachCommit(bytes.NewReader(out), func(c logCommit) { commits = append(commits, c) })
	return commits
}

// parseCommit reads one commit of a log, its record without the
// separator; ok is false for what is not one.
func parseCommit(rec []byte) (c logCommit, ok bool) {
	if len(rec) == 0 {
		return c, false
	}
	nul := bytes.IndexByte(rec, 0)
	if nul < 0 {
		nul = len(rec)
	}
	head := strings.Split(string(rec[:nul]), "\x1f")
	if len(head) < 3 {
		return c, false
	}
	t, _ := strconv.ParseInt(head[1], 10, 64)
	c = logCommit{hash: head[0], time: t, author: head[2]}
	var tokens [][]byte
	if nul < len(rec) {
		tokens = bytes.Split(bytes.TrimLeft(rec[nul+1:], "\n"), []byte{0})
	}
	for i := 0; i < len(tokens); i++ {
		meta := string(tokens[i])
		if !strings.HasPrefix(meta, ":") {
			continue
		}
		f := strings.Fields(meta)
		if len(f) < 5 || i+1 >= len(tokens) {
			break
		}
		e := logEntry{status: f[4][0], oldBlob: f[2], newBlob: f[3], path: string(tokens[i+1])}
		// A symbolic link's blob is the path it points at, not a deal:
		// the file it points at has a history of its own.
		link := f[1] == "120000" || e.status == 'D' && f[0] == ":120000"
		i++
		if e.status == 'R' || e.status == 'C' {
			if i+1 >= len(tokens) {
				break
			}
			e.oldPath, e.path = e.path, string(tokens[i+1])
			i++
			if e.status == 'C' {
				e.status, e.oldPath = 'A', ""
			}
		}
		if e.status == 'T' {
			e.status = 'M'
		}
		if link {
			continue
		}
		c.entries = append(c.entries, e)
	}
	return c, true
}

// ReadBlobs reads the blobs (versions of deal files, by State.Blob) in
// one git cat-file stream and hands each to fn on all cores, as the
// reader of deal files hands files: parsing it in fn parses on all cores.
func (r *Repo) ReadBlobs(hashes []string, fn func(i int, l *repo.Loaded)) error {
	files := make([]repo.File, len(hashes))
	for i, h := range hashes {
		files[i] = repo.File{Name: h, Path: h}
	}
	store := &blobStore{repo: r}
	rd := &repo.Reader{Tree: repo.Tree{FS: store, Dir: r.Top}}
	rd.Read(files, fn)
	return store.err
}

// blobStore is the repository's objects as a file tree whose names are
// blob hashes, read in one stream.
type blobStore struct {
	repo *Repo
	err  error // a stream that broke off
}

func (b *blobStore) Open(name string) (fs.File, error) {
	var file fs.File
	err := b.repo.Blobs([]string{name}, func(_ int, data []byte, ok bool) error {
		if ok {
			file = &treeFile{info: fileInfo{&treeEntry{name: name, mode: 0o644, size: int64(len(data))}, time.Time{}}, r: bytes.NewReader(data)}
		}
		return nil
	})
	if err == nil && file == nil {
		err = fs.ErrNotExist
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return file, nil
}

func (b *blobStore) Stream(names []string, max int64, fn func(i int, data []byte, size int64, err error)) error {
	b.err = b.repo.Blobs(names, func(i int, data []byte, ok bool) error {
		switch {
		case !ok:
			fn(i, nil, 0, fs.ErrNotExist)
		case int64(len(data)) > max:
			fn(i, nil, int64(len(data)), nil)
		default:
			fn(i, data, int64(len(data)), nil)
		}
		return nil
	})
	return b.err
}

// state is what a timeline keeps of a version of the deal, at Unix time ts.
func (h header) state(ts int64) State {
	return State{Time: ts, Stage: h.Stage, Amount: h.Amount.Value, Currency: h.Amount.Currency, CloseDate: h.CloseDate,
		Owner: h.Owner, Forecast: h.Forecast, Region: h.Account.Region}
}

// StateOf reads what a timeline keeps of one version of a deal file, as
// Log does for every version in the history: its id, its title, and its
// state at Unix time ts. It is for a log made of two trees rather than of
// commits (how a change moves the forecast). err says why a file that is
// not valid YAML has none.
func StateOf(data []byte, ts int64) (id, title string, s State, err error) {
	p := parseHeader(data)
	if p.err != nil {
		return "", "", State{}, p.err
	}
	return p.h.ID, p.h.Title, p.h.state(ts), nil
}

func parseHeader(data []byte) (p parsed) {
	defer func() {
		if r := recover(); r != nil {
			p = parsed{err: fmt.Errorf("not readable: %v", r)}
		}
	}()
	// The header is a few lines of a 4 KiB file: parse just those lines,
	// and the whole file only when that does not work.
	if head := headerEntries(data); head == nil || decodeHeader(head, &p.h) != nil {
		p.h = header{}
		if err := yaml.Unmarshal(data, &p.h); err != nil {
			return parsed{err: fmt.Errorf("not valid YAML")}
		}
	}
	p.h.ID = strings.TrimSpace(p.h.ID)
	return p
}

// decodeHeader decodes the header lines into h as yaml.Unmarshal would,
// from the tree the fast reader of deal files builds (the same tree as
// yaml.v3's): scanning with yaml.v3 is most of what decoding costs.
func decodeHeader(head []byte, h *header) error {
	root, err := source.Parse("", head)
	if err != nil {
		return yaml.Unmarshal(head, h)
	}
	return root.Decode(h)
}

// headerKeys are the top-level fields a timeline follows.
var headerKeys = [][]byte{[]byte("id:"), []byte("title:"), []byte("stage:"), []byte("amount:"), []byte("close_date:"), []byte("owner:"), []byte("forecast:"), []byte("account:")}

// headerEntries cuts from a deal file the top-level entries the timeline
// needs. A top-level key starts a line (everything nested is indented), so
// each entry runs to the next line that starts with a letter. It returns
// nil when the file does not look like plain top-level keys.
func headerEntries(data []byte) []byte {
	var out []byte
	keep := false
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		var line []byte
		if end < 0 {
			line, data = data, nil
		} else {
			line, data = data[:end+1], data[end+1:]
		}
		if len(line) > 0 && line[0] != ' ' && line[0] != '\t' && line[0] != '#' && line[0] != '\n' && line[0] != '\r' {
			if bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")) || line[0] == '{' || line[0] == '[' || line[0] == '&' || line[0] == '*' {
				return nil
			}
			keep = false
			for _, k := range headerKeys {
				if bytes.HasPrefix(line, k) {
					keep = true
				}
			}
		}
		if keep {
			out = append(out, line...)
		}
	}
	return out
}

// replay walks the commits in order and turns file changes into deal events.
func replay(lg *Log, commits []logCommit, header func(blob string) parsed) {
	byPath := map[string]*Timeline{}
	for _, c := range commits {
		date := time.Unix(c.time, 0).UTC().Format(time.DateOnly)
		short := c.hash
		if len(short) > 7 {
			short = short[:7]
		}
		ev := func(t *Timeline, kind, from, to string) {
			t.Events = append(t.Events, Event{Commit: c.hash, Time: c.time, Date: date, Author: c.author, Kind: kind, From: from, To: to})
		}
		for _, e := range c.entries {
			if !repo.IsYAML(e.path) {
				continue
			}
			switch e.status {
			case 'D':
				if t := byPath[e.path]; t != nil {
					ev(t, "deleted", e.path, "")
					last := t.States[len(t.States)-1]
					last.Time, last.Deleted = c.time, true
					t.States = append(t.States, last)
					delete(byPath, e.path)
				}
				continue
			case 'R':
				if t := byPath[e.oldPath]; t != nil {
					delete(byPath, e.oldPath)
					byPath[e.path] = t
					t.Path = e.path
					ev(t, "renamed", e.oldPath, e.path)
				}
			}
			p := header(e.newBlob)
			if p.err != nil {
				lg.Notes = append(lg.Notes, fmt.Sprintf("%s at commit %s: %v; this version is left out of the history", e.path, short, p.err))
				continue
			}
			h := p.h
			t := byPath[e.path]
			if t != nil && h.ID != "" && t.ID != h.ID && len(t.States) > 0 {
				// The file now holds another deal: the one it held is gone
				// from the pipeline, as if deleted, rather than left open
				// forever under its old id.
				ev(t, "deleted", e.path, "")
				last := t.States[len(t.States)-1]
				last.Time, last.Deleted = c.time, true
				t.States = append(t.States, last)
			}
			if t == nil || (h.ID != "" && t.ID != h.ID) {
				id := h.ID
				if id == "" {
					id = e.path
				}
				t = lg.Deals[id]
				switch {
				case t == nil:
					t = &Timeline{ID: id}
					lg.Deals[id] = t
					ev(t, "created", "", h.Stage)
				case len(t.States) > 0 && t.States[len(t.States)-1].Deleted:
					ev(t, "readded", "", h.Stage)
				}
				byPath[e.path] = t
				t.Path = e.path
			}
			next := h.state(c.time)
			next.Blob = e.newBlob
			// Compare with the last state the deal had while it existed, so
			// that a deal deleted and added again shows what changed.
			n := len(t.States)
			for n > 0 && t.States[n-1].Deleted {
				n--
			}
			if n > 0 {
				prev := t.States[n-1]
				if prev.Stage != next.Stage {
					ev(t, "stage", prev.Stage, next.Stage)
				}
				if prev.Amount != next.Amount || prev.Currency != next.Currency {
					ev(t, "amount", exactMoney(prev.Amount, prev.Currency), exactMoney(next.Amount, next.Currency))
				}
				if prev.CloseDate != next.CloseDate {
					ev(t, "close", prev.CloseDate, next.CloseDate)
				}
			}
			t.Title = h.Title
			t.States = append(t.States, next)
		}
	}
}

// exactMoney writes an amount with every decimal it has, as people read
// it: 1,200,000.5 CNY.
func exactMoney(v float64, currency string) string {
	if currency == "" {
		return text.Exact(v)
	}
	return text.Exact(v) + " " + currency
}
