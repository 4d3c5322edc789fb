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
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/lint"
)

// Options say what to build and where.
type Options struct {
	// ConfigFile is the repository configuration; "" uses the defaults.
	ConfigFile string
	// Paths are where the deal files are; empty means the repository root.
	Paths []string
	// Out is the folder the site is written to. It is replaced as a whole,
	// and only if an earlier build made it (or it does not exist, or is empty).
	Out string
	// BaseURL is where the site will be published, for canonical links and
	// the sitemap; pages link to each other relatively and work without it.
	BaseURL string
	// Lang is the interface language: en or zh.
	Lang string
	// Today is YYYY-MM-DD, the date overdue actions and slips are judged by.
	Today string
	// Version is shown in the page footer.
	Version string

	// History is the git history of the deals: timelines on deal pages,
	// days in stage, slips, the pipeline over time and what changed this
	// week. Nil leaves history out, and HistoryNote says why on the pages.
	History     *history.Log
	HistoryNote string

	// Files and Read replace finding and reading the deal files on disk,
	// to build the site of an earlier revision; ConfigData likewise
	// replaces reading ConfigFile.
	Files      []string
	Read       func(file string) ([]byte, error)
	ConfigData []byte

	// Progress, when set, is told how many of how many deal files have
	// been read and rendered, from several goroutines at once.
	Progress func(done, total int)
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
}

// ErrNotOurs is returned when the output folder exists, is not empty and
// was not made by a build: deals build never deletes what it did not write.
var ErrNotOurs = errors.New("the output folder was not made by deals build")

// Build renders the site into opts.Out, replacing it only once the new
// site is complete.
func Build(opts Options) (*Result, error) {
	if opts.Out == "" {
		opts.Out = "_site"
	}
	j, err := prepare(opts)
	if err != nil {
		return nil, err
	}
	if err := checkOut(opts.Out, j.cfg, j.paths); err != nil {
		return nil, err
	}
	parent := filepath.Dir(filepath.Clean(opts.Out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(opts.Out)+".new-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // gone after the swap; cleans up after a failure
	res, err := j.run(newDirSink(tmp))
	if err != nil {
		return nil, err
	}
	if err := replaceDir(opts.Out, tmp); err != nil {
		return nil, err
	}
	return res, nil
}

// job is a build made ready, whatever it writes into: the options with
// their defaults, the configuration, and where the deals are.
type job struct {
	opts  Options
	cfg   *config.Config
	paths []string
}

// prepare fills in the defaults of opts and reads the configuration.
func prepare(opts Options) (*job, error) {
	if opts.Today == "" {
		opts.Today = time.Now().Format(time.DateOnly)
	}
	cfg := config.Default()
	switch {
	case opts.ConfigData != nil:
		var err error
		if cfg, err = config.Parse(opts.ConfigFile, opts.ConfigData); err != nil {
			return nil, err
		}
	case opts.ConfigFile != "":
		var err error
		if cfg, err = config.Load(opts.ConfigFile); err != nil {
			return nil, err
		}
	}
	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{cfg.Root}
	}
	return &job{opts: opts, cfg: cfg, paths: paths}, nil
}

// run finds and reads the deal files and writes the whole site into out.
func (j *job) run(out sink) (*Result, error) {
	opts := j.opts
	tr, err := newTranslator(opts.Lang)
	if err != nil {
		return nil, err
	}
	linter, err := lint.New(j.cfg, opts.Today)
	if err != nil {
		return nil, err
	}
	files, findErrs := opts.Files, []error(nil)
	if opts.Read == nil {
		files, findErrs = deal.Find(j.paths, j.cfg.Root, j.cfg.Exclude)
	}
	read := opts.Read
	if read == nil {
		read = deal.Read
	}
	b, err := newBuilder(builderOptions{cfg: j.cfg, linter: linter, tr: tr, today: opts.Today, baseURL: opts.BaseURL, version: opts.Version, out: out,
		read: read, history: opts.History, historyNote: opts.HistoryNote, progress: opts.Progress})
	if err != nil {
		return nil, err
	}
	res, err := b.build(files)
	if err != nil {
		return nil, err
	}
	res.Errors = append(findErrs, res.Errors...)
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
	if _, err := os.Stat(filepath.Join(out, deal.SiteMarker)); err != nil {
		return fmt.Errorf("refusing to replace %s: %w (it has no %s file); choose another --out or empty it yourself", out, ErrNotOurs, deal.SiteMarker)
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
