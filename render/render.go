// Package render builds the static website of a deals repository: pipeline, forecast, deal pages, people and coaching.
package render

import (
	"bufio"
	"context"
	"errors"
	"github.com/dealsascode/deals/internal/versions"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/safefile"
)

// Options say what to build and where.
type Options struct {
	// ConfigFile is the repository configuration; "" uses the defaults.
	ConfigFile string
	// Paths are where the deal files are; empty means the folder of the
	// configuration (or the current folder).
	Paths []string
	// Out is the folder the site is written to. It is replaced as a whole,
	// and only if an earlier build made it (or it does not exist, or is
	// empty but for what it keeps). A link is followed: the site replaces
	// the folder it points at, and the link stays.
	Out string
	// Keep names files and folders at the top of Out that a new site keeps
	// from the old one, such as .git and CNAME in a checkout of a GitHub
	// Pages branch. So do the names Out's .deals-keep file lists, one a
	// line, and CNAME and .nojekyll, which a build never writes. A folder
	// holding .git is replaced only when .git is named.
	Keep []string
	// Context, when set, stops a build into Out when it is done (on
	// Ctrl-C): the build fails with its error and Out is left as it was.
	Context context.Context
	// BaseURL is where the site will be published, for canonical links and
	// the sitemap; pages link to each other relatively and work without it.
	BaseURL string
	// Lang is the interface language, en or zh, of the pages and of the
	// coaching on them; "" is the configuration's language.
	Lang string
	// Today is YYYY-MM-DD, the date overdue actions and slips are judged
	// by; "" is the day of the build, or the day AsOf names.
	Today string
	// AsOf builds the site as the repository was at a date (YYYY-MM-DD:
	// its last commit that day) or a git revision; "" is the files on disk.
	AsOf string
	// Version is shown in the page footer.
	Version string
	// Progress, when set, is told how many of how many deal files have
	// been read and rendered, from several goroutines at once.
	Progress func(done, total int)
	// Cache, when set, opens the cache of the linted versions of the
	// history under a configuration (lint.CacheFor): a site built again
	// lints only the versions committed since. nil lints them all.
	Cache func(cfg *config.Config) *lint.Cache

	// history replaces the git history, and noHistory leaves it out
	// without a word: for tests, which must not depend on this
	// repository's own history.
	history   *history.Log
	noHistory bool
	// boardCards and columnPageCards replace how many cards a column
	// of the board shows and a page of a column holds (boardCards,
	// columnPageCards), for tests that need small columns.
	boardCards, columnPageCards int
}

// GCFiles is the size of repository whose collector's budget
// (lint.TuneGC) a build of deals files gets: 192 MiB and 8 KiB more per
// deal (a build keeps more of each deal than lint, and renders pages of
// every deal).
func GCFiles(deals int) int { return 16384 + 2*deals }

// HistorySize is how much of the history the builds keep, as a number of
// files for the collector's budget (GCFiles): one for each version of a
// deal read, whose state, events and findings stay in memory for every
// build. Without it, the budget of a large history is full before the
// first page, and the collector runs without end.
func (b *Builder) HistorySize() int {
	n := 0
	if b.log != nil {
		for _, t := range b.log.Deals {
			n += len(t.States)
		}
	}
	return n
}

// Result says what a build did.
type Result struct {
	Deals, Pages int
	// Unreadable lists files that could not be read or parsed; they are on
	// the errors page and left out of the rest of the site.
	Unreadable int
	// Invalid counts the deals whose files have errors (schema problems)
	// but could be read: they are on the site as far as they go, and
	// listed on the errors page too.
	Invalid int
	// Findings is the number of lint findings shown on the site.
	Findings int
	// Errors are I/O problems with deal files; the site was still built.
	Errors []error
	// Notes say what the site leaves out and why (the history of a shallow
	// clone), for the person who built it, in Lang.
	Notes []string
	// Lang is the language the site was built in.
	Lang i18n.Lang
}

// ErrNotOurs is returned when the output folder exists, is not empty and
// was not made by a build: deals build never deletes what it did not write.
var ErrNotOurs = errors.New("the output folder was not made by deals build")

// ErrGitFolder is returned when the output folder holds .git and the build
// was not told to keep it: replacing the folder would delete a repository.
var ErrGitFolder = errors.New("the output folder holds .git")

// KeepFile lists, in an output folder, the names at its top that every
// new site keeps from the old one (Options.Keep).
const KeepFile = ".deals-keep"

// keptByDefault are the files of GitHub Pages and other hosts that a site
// folder often has and a build never writes.
var keptByDefault = []string{"CNAME", ".nojekyll", KeepFile}

// OutError is an output folder deals build does not build into or
// replace, or a name to keep in it that is not one.
type OutError struct {
	// Out is the folder; Err is ErrNotOurs, ErrGitFolder or another cause.
	Out string
	Msg i18n.Msg
	Err error
}

func (e *OutError) Error() string { return e.In(i18n.UI().Printer(i18n.English)) }

// In is the error in p's language.
func (e *OutError) In(p i18n.Printer) string { return e.Msg.In(p) }
func (e *OutError) Unwrap() error            { return e.Err }

func outError(out string, cause error, key string, args ...any) *OutError {
	return &OutError{Out: out, Msg: i18n.M(key, append([]any{"out", out}, args...)...), Err: cause}
}

// AsOfError is an Options.AsOf that names no moment of the repository.
type AsOfError struct{ Err error }

func (e *AsOfError) Error() string { return e.Err.Error() }

// In is the error in p's language.
func (e *AsOfError) In(p i18n.Printer) string { return i18n.Text(e.Err, p) }
func (e *AsOfError) Unwrap() error            { return e.Err }

// Builder builds the site of one repository as often as asked, reading
// once what does not change while deals are edited: the git history, and
// the revision AsOf names. Close it when done.
type Builder struct {
	opts  Options
	paths []string
	// note is the message key that says why the site has no history.
	note  string
	notes []string
	log   *history.Log
	// hrepo is the repository the history was read from; hindsight what
	// its linted versions say, kept for the configuration it was read
	// under (hindsightOf).
	hrepo *history.Repo
	// versions are the history's versions linted under the configuration
	// versionsK names (configKey).
	versions  *versions.Set
	versionsK string
	// tree and cfg are the revision of AsOf and its configuration; nil for
	// the files on disk, whose configuration is read at every build.
	tree *history.Tree
	top  string
	cfg  *config.Config
}

// New prepares the builds of opts. A configuration that cannot be read is
// an error, and so is an AsOf that names no commit (an *AsOfError).
func New(opts Options) (*Builder, error) {
	if opts.Lang != "" {
		if _, err := newTranslator(opts.Lang); err != nil {
			return nil, err
		}
	}
	b := &Builder{opts: opts}
	start := "."
	if len(opts.Paths) > 0 {
		start = opts.Paths[0]
	}
	b.paths = opts.Paths
	if len(b.paths) == 0 {
		b.paths = []string{start}
		if opts.ConfigFile != "" {
			b.paths = []string{filepath.Dir(opts.ConfigFile)}
		}
	}
	cfg, err := repo.LoadConfig(opts.ConfigFile)
	if err != nil && opts.AsOf == "" {
		return nil, err
	}
	if opts.history != nil || opts.noHistory {
		b.log = opts.history
		return b, nil
	}
	asOf := func(cause error, key string, args ...any) error {
		return &AsOfError{i18n.Wrap(cause, key, append([]any{"asOf", opts.AsOf}, args...)...)}
	}
	hr, err := history.Open(start)
	switch {
	case err != nil && opts.AsOf != "":
		return nil, asOf(err, "render.asOf.noGit", "error", err)
	case err != nil:
		b.note = "history.off.git"
		return b, nil
	case !hr.HasCommits():
		if opts.AsOf != "" {
			return nil, asOf(nil, "render.asOf.noCommits")
		}
		b.note = "history.off.commits"
		return b, nil
	case hr.Shallow():
		if opts.AsOf != "" {
			return nil, asOf(nil, "render.asOf.shallow")
		}
		b.note = "history.off.shallow"
		b.notes = append(b.notes, b.note)
		return b, nil
	}
	commit := ""
	if opts.AsOf != "" {
		if commit, err = resolveAsOf(hr, opts.AsOf); err != nil {
			return nil, &AsOfError{err}
		}
		if b.opts.Today == "" {
			if day, err := time.Parse(time.DateOnly, opts.AsOf); err == nil {
				b.opts.Today = day.Format(time.DateOnly)
			} else if t, err := hr.CommitTime(commit); err == nil {
				b.opts.Today = time.Unix(t, 0).UTC().Format(time.DateOnly)
			}
		}
		if b.tree, err = hr.Tree(commit); err != nil {
			return nil, err
		}
		b.top = hr.Top
		if cfg, err = b.revision().Config(opts.ConfigFile); err != nil {
			b.Close()
			return nil, err
		}
		b.cfg = cfg
	}
	// The history follows the files that are deals by the configuration,
	// never the configuration itself or a workflow.
	var isDeal func(string) bool
	if disk, err := repo.Disk(hr.Top); err == nil {
		isDeal = repo.New(disk, cfg).IsDeal
	}
	// The timelines and the lint of every version, in one pass, under the
	// configuration of now; a build under another lints them again.
	if cfg == nil {
		if b.log, err = hr.Log(b.paths, commit, isDeal); err != nil {
			b.Close()
			return nil, err
		}
		b.hrepo = hr
		return b, nil
	}
	var set *versions.Set
	if b.log, set, err = versions.ReadLog(hr, b.paths, commit, isDeal, cfg, b.cacheOf(cfg)); err != nil {
		b.Close()
		return nil, err
	}
	b.hrepo = hr
	b.versions, b.versionsK = set, configKey(cfg)
	return b, nil
}

func (b *Builder) revision() repo.Tree {
	return repo.Tree{FS: b.tree, Dir: b.top, Rev: b.tree.Commit()}
}

// Static reports whether every build gives the same site: one of a
// revision, which no edit changes.
func (b *Builder) Static() bool { return b.tree != nil }

// Close ends the git process that reads the revision of AsOf.
func (b *Builder) Close() error {
	if b.tree != nil {
		return b.tree.Close()
	}
	return nil
}

// resolveAsOf finds the commit of AsOf: the last one of a date, or a revision.
func resolveAsOf(hr *history.Repo, asOf string) (string, error) {
	if day, err := time.Parse(time.DateOnly, asOf); err == nil {
		commit, err := hr.CommitAt(day.Add(24*time.Hour - time.Second).Unix())
		if err != nil || commit == "" {
			return "", i18n.Errorf("render.asOf.noCommitThen", "asOf", asOf)
		}
		return commit, nil
	}
	return hr.Resolve(asOf)
}

// Build renders the site into opts.Out, replacing it only once the new
// site is complete.
func Build(opts Options) (*Result, error) {
	b, err := New(opts)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	return b.Build()
}

// Build renders the site into the options' Out.
func (b *Builder) Build() (*Result, error) {
	out, err := outFolder(b.opts.Out)
	if err != nil {
		return nil, err
	}
	j, err := b.prepare()
	if err != nil {
		return nil, err
	}
	keep, err := checkOut(out, j.cfg, j.paths, b.opts.Keep)
	if err != nil {
		return nil, err
	}
	ctx := b.opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	site, err := safefile.NewFolder(out)
	if err != nil {
		return nil, err
	}
	defer site.Remove() // nothing after the swap; cleans up after a failure
	res, err := j.run(newDirSink(ctx, site.Path))
	if err != nil {
		return nil, err
	}
	for _, name := range keep {
		if _, err := os.Lstat(filepath.Join(site.Path, name)); err == nil {
			return nil, outError(out, fs.ErrExist, "build.out.keepClash", "name", name)
		}
	}
	if err := site.Replace(keep); err != nil {
		return nil, err
	}
	return res, nil
}

// outFolder is the folder to build into: out, or the folder out links
// to, so that the link stays as the user made it.
func outFolder(out string) (string, error) {
	if out == "" {
		out = "_site"
	}
	info, err := os.Lstat(out)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return out, nil
	}
	target, err := filepath.EvalSymlinks(out)
	if err != nil {
		link, _ := os.Readlink(out)
		return "", outError(out, err, "build.out.brokenLink", "target", link)
	}
	return target, nil
}

// job is one build made ready: the options with their defaults, the
// configuration, and the reader of the deals.
type job struct {
	b     *Builder
	opts  Options
	cfg   *config.Config
	rd    *repo.Reader
	paths []string
}

// prepare reads the configuration (of the revision, or from disk) and
// makes the reader of the deals.
func (b *Builder) prepare() (*job, error) {
	opts := b.opts
	if opts.Today == "" {
		opts.Today = time.Now().Format(time.DateOnly)
	}
	cfg, tree := b.cfg, repo.Tree{}
	if b.tree != nil {
		tree = b.revision()
	} else {
		var err error
		if cfg, err = repo.LoadConfig(opts.ConfigFile); err != nil {
			return nil, err
		}
		if tree, err = repo.Disk(append([]string{cfg.Root}, b.paths...)...); err != nil {
			return nil, err
		}
	}
	return &job{b: b, opts: opts, cfg: cfg, rd: repo.New(tree, cfg), paths: b.paths}, nil
}

// run finds and reads the deal files and writes the whole site into out.
func (j *job) run(out sink) (*Result, error) {
	bd, err := j.builder(out)
	if err != nil {
		return nil, err
	}
	files, findErrs := j.rd.Find(j.paths)
	j.rd.Progress = j.opts.Progress
	res, err := bd.build(j.rd, files)
	if err != nil {
		return nil, err
	}
	res.Errors = append(findErrs, res.Errors...)
	res.Notes = j.notes(bd.tr)
	res.Lang = bd.tr.Lang
	return res, nil
}

// builder makes what renders the pages of the job's site into out: the
// translator, the linter, the templates, what the history says.
func (j *job) builder(out sink) (*builder, error) {
	opts := j.opts
	lang := opts.Lang
	if lang == "" {
		lang = string(j.cfg.Language)
	}
	tr, err := newTranslator(lang)
	if err != nil {
		return nil, err
	}
	linter, err := lint.New(j.cfg, opts.Today)
	if err != nil {
		return nil, err
	}
	linter.WithLang(tr.Lang)
	bo := builderOptions{cfg: j.cfg, linter: linter, tr: tr, today: opts.Today, baseURL: opts.BaseURL, version: opts.Version, out: out,
		history: j.b.log, boardCards: opts.boardCards, columnPageCards: opts.columnPageCards}
	if bo.hindsight, err = j.b.hindsightOf(j.cfg, linter, opts.Today); err != nil {
		return nil, err
	}
	if j.b.note != "" {
		bo.historyNote = tr.T(j.b.note)
	}
	return newBuilder(bo)
}

// notes say what the site leaves out, in its language.
func (j *job) notes(tr translator) []string {
	var out []string
	for _, key := range j.b.notes {
		out = append(out, tr.T(key))
	}
	return out
}

// hindsightOf is what the linted history says under cfg on today: the
// versions linted when the history was read, or again under a changed
// configuration.
func (b *Builder) hindsightOf(cfg *config.Config, linter *lint.Linter, today string) (*hindsight, error) {
	if b.hrepo == nil || b.log == nil {
		return nil, nil
	}
	if key := configKey(cfg); key != b.versionsK {
		set, err := versions.Read(b.hrepo, b.log, cfg, b.cacheOf(cfg))
		if err != nil {
			return nil, err
		}
		b.versions, b.versionsK = set, key
	}
	return readHindsight(b.versions, b.log, cfg, linter, today), nil
}

// configKey tells configurations apart: their file and content.
func configKey(cfg *config.Config) string {
	if cfg == nil {
		return ""
	}
	key := cfg.File + "\x00" + string(cfg.Source)
	for _, inc := range cfg.Includes {
		key += "\x00" + inc.File + "\x00" + string(inc.Data)
	}
	return key
}

func (b *Builder) cacheOf(cfg *config.Config) *lint.Cache {
	if b.opts.Cache == nil || cfg == nil {
		return nil
	}
	return b.opts.Cache(cfg)
}

// checkOut refuses output folders whose replacement would lose work: a
// folder with other content than what the site keeps, a git checkout whose
// .git is not kept, or one that holds the deals or the configuration
// themselves (deals build -o . in a repository). It returns the names of
// out to keep.
func checkOut(out string, cfg *config.Config, paths, keep []string) ([]string, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	inside := func(p string) bool {
		ap, err := filepath.Abs(p)
		if err != nil {
			return false
		}
		rel, err := filepath.Rel(abs, ap)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	for _, p := range append([]string{cfg.Root}, paths...) {
		if inside(p) {
			return nil, outError(out, nil, "build.out.deals", "path", p)
		}
	}
	if home, err := os.UserHomeDir(); err == nil && inside(home) {
		return nil, outError(out, nil, "build.out.home")
	}
	for _, name := range keep {
		if !safefile.OneName(name) {
			return nil, outError(out, nil, "build.out.keepName", "name", name)
		}
	}
	entries, err := os.ReadDir(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	}
	listed, err := readKeepFile(out)
	if err != nil {
		return nil, err
	}
	keep = append(append(keep, listed...), keptByDefault...)
	kept := map[string]bool{}
	for _, name := range keep {
		kept[name] = true
	}
	var present, others []string
	for _, e := range entries {
		switch name := e.Name(); {
		case kept[name]:
			present = append(present, name)
		case name == ".git":
			return nil, outError(out, ErrGitFolder, "build.out.git", "file", filepath.Join(out, KeepFile))
		default:
			others = append(others, name)
		}
	}
	if len(others) > 0 && !slices.Contains(others, repo.SiteMarker) {
		return nil, outError(out, ErrNotOurs, "build.out.notOurs", "marker", repo.SiteMarker)
	}
	slices.Sort(present)
	return slices.Compact(present), nil
}

// maxKeepFile is the most of a KeepFile that is read: a few names.
const maxKeepFile = 64 << 10

// readKeepFile reads the names out's KeepFile lists, one a line; blank
// lines and lines starting with # are left out. Only a regular file is
// read (never a link or a pipe).
func readKeepFile(out string) ([]string, error) {
	file := filepath.Join(out, KeepFile)
	info, err := os.Lstat(file)
	if err != nil || !info.Mode().IsRegular() {
		return nil, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(io.LimitReader(f, maxKeepFile))
	for n := 1; sc.Scan(); n++ {
		name := strings.TrimSpace(sc.Text())
		if name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		if !safefile.OneName(name) {
			return nil, outError(out, nil, "build.out.keepLine", "file", file, "line", n, "name", name)
		}
		names = append(names, name)
	}
	return names, sc.Err()
}
