// Package render builds the static website of a deals repository: pipeline, forecast, deal pages, people and coaching.
package render

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
)

// Options say what to build and where.
type Options struct {
	// ConfigFile is the repository configuration; "" uses the defaults.
	ConfigFile string
	// Paths are where the deal files are; empty means the folder of the
	// configuration (or the current folder).
	Paths []string
	// Out is the folder the site is written to. It is replaced as a whole,
	// and only if an earlier build made it (or it does not exist, or is empty).
	Out string
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

	// history replaces the git history, and noHistory leaves it out
	// without a word: for tests, which must not depend on this
	// repository's own history.
	history   *history.Log
	noHistory bool
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
	if b.log, err = hr.Log(b.paths, commit, isDeal); err != nil {
		b.Close()
		return nil, err
	}
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
	out := b.opts.Out
	if out == "" {
		out = "_site"
	}
	j, err := b.prepare()
	if err != nil {
		return nil, err
	}
	if err := checkOut(out, j.cfg, j.paths); err != nil {
		return nil, err
	}
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // gone after the swap; cleans up after a failure
	res, err := j.run(newDirSink(tmp))
	if err != nil {
		return nil, err
	}
	if err := replaceDir(out, tmp); err != nil {
		return nil, err
	}
	return res, nil
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
	files, findErrs := j.rd.Find(j.paths)
	j.rd.Progress = opts.Progress
	bo := builderOptions{cfg: j.cfg, linter: linter, tr: tr, today: opts.Today, baseURL: opts.BaseURL, version: opts.Version, out: out,
		history: j.b.log}
	if j.b.note != "" {
		bo.historyNote = tr.T(j.b.note)
	}
	bd, err := newBuilder(bo)
	if err != nil {
		return nil, err
	}
	res, err := bd.build(j.rd, files)
	if err != nil {
		return nil, err
	}
	res.Errors = append(findErrs, res.Errors...)
	for _, key := range j.b.notes {
		res.Notes = append(res.Notes, tr.T(key))
	}
	res.Lang = tr.Lang
	return res, nil
}

// checkOut refuses output folders whose replacement would lose work: a
// folder with other content, or one that holds the deals or the
// configuration themselves (deals build -o . in a repository).
func checkOut(out string, cfg *config.Config, paths []string) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
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
			return fmt.Errorf("refusing to build into %s: it contains the deals (%s); choose an output folder of its own, such as _site", out, p)
		}
	}
	if home, err := os.UserHomeDir(); err == nil && inside(home) {
		return fmt.Errorf("refusing to build into %s: it contains your home folder", out)
	}
	entries, err := os.ReadDir(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) == 0:
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, repo.SiteMarker)); err != nil {
		return fmt.Errorf("refusing to replace %s: %w (it has no %s file); choose another --out or empty it yourself", out, ErrNotOurs, repo.SiteMarker)
	}
	return nil
}

// replaceDir puts the finished site in place of the old one. The old site
// is moved aside first and removed last, so at every moment one complete
// site exists at or next to out.
func replaceDir(out, fresh string) error {
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = fresh + ".old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
	}
	if err := os.Rename(fresh, out); err != nil {
		if old != "" {
			_ = os.Rename(old, out)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
