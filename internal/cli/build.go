package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/progress"
	"github.com/dealsascode/deals/render"
	"github.com/spf13/cobra"
)

func buildCommand(e *env) *cobra.Command {
	var o render.Options
	var configFile string
	cmd := &cobra.Command{
		Use:   "build [PATH...]",
		Short: "Render the static site: pipeline, forecast, deal pages, people and coaching",
		Long: `Render the deals repository as a static website: the pipeline board with filters, the forecast,
a page per deal (TAS steps, stakeholder map, plan, coaching items), a page per rep and manager, per
account, the coaching overview and an errors page. The site needs no server and loads nothing from
the internet: open index.html from disk, or publish the folder on GitHub Pages or any web server.

The output folder is replaced as a whole once the new site is complete, keeping its permissions; a
new one gets the usual ones (0755 under umask 022). When --out is a link, the site replaces the
folder it points at and the link stays. deals build refuses to replace a folder it did not make (one
without a .deals-site file) and never builds into a folder that holds the deals themselves.

A new site keeps CNAME and .nojekyll of the old one, and the names --keep gives or the folder's
.deals-keep file lists, one a line. A folder holding .git (a checkout of a GitHub Pages branch, for
example) is replaced only when .git is among them: deals build --out ../gh-pages --keep .git,CNAME.
Ctrl-C leaves the output folder as it was, and the next build removes what an interrupted one left.

Exit status: 0 when the site was built (deals with lint findings or broken files are shown on it),
2 when it could not be (bad flags, an invalid deals.config.yaml, an output folder it will not
replace, Ctrl-C) or when a deal file could not be read at all (the site is still built without it).`,
		Example: `  deals build
  deals build --out public --base-url https://example.github.io/deals/
  deals build --out ../gh-pages --keep .git,CNAME
  deals build examples --lang zh --today 2026-11-26`,
		Args: argsBetween(0, -1),
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			if o.Today != "" {
				if o.Today, err = todayFlag(o.Today); err != nil {
					return usageError{cmd, err}
				}
			}
			siteOptions(e, &o, configFile, args)
			bar := progress.Start(e.stderr, "building", showProgress(e))
			// The collector's budget grows with the repository, once its
			// size is known: a fixed one makes a large build collect
			// ever more often as what it keeps of each deal fills it.
			// So does it with the history the builds keep (HistorySize);
			// reading the history itself gets the budget of the commands
			// that read every version.
			var tune sync.Once
			restore := func() {}
			defer func() { restore() }()
			history := 0
			o.Progress = func(done, total int) {
				tune.Do(func() { restore = lint.TuneGC(e.getenv, render.GCFiles(total)+history) })
				bar.Update(done, total)
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
			defer stop()
			go func() { <-ctx.Done(); stop() }() // a second Ctrl-C ends deals at once
			o.Context = ctx
			res, err := build(e, o, &history)
			bar.Finish()
			if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				fmt.Fprintln(e.stderr, e.words().T("cli.error", "error", e.words().T("build.interrupted", "out", o.Out)))
				return exitCode(exitFailure)
			}
			if err != nil {
				return siteError(cmd, err)
			}
			e.lang = res.Lang
			p := e.words()
			for _, n := range res.Notes {
				fmt.Fprintln(e.stderr, p.T("cli.error", "error", n))
			}
			built := p.T("build.done", "deals", i18n.M("build.deals", "count", res.Deals), "out", o.Out, "pages", res.Pages, "findings", res.Findings)
			if res.Unreadable > 0 {
				built = p.T("build.doneUnreadable", "done", built, "unreadable", i18n.M("build.unreadable", "count", res.Unreadable))
			}
			fmt.Fprintln(e.stdout, built)
			if res.Deals+res.Unreadable == 0 && len(res.Errors) == 0 {
				fmt.Fprintln(e.stderr, p.T("cli.error", "error", p.T("build.empty")))
			}
			for _, err := range res.Errors {
				e.printErrors(err)
			}
			if len(res.Errors) > 0 {
				return exitCode(exitFailure)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&o.Out, "out", "o", "_site", "the folder to write the site to; it is replaced only if an earlier build made it")
	fl.StringSliceVar(&o.Keep, "keep", nil, "names at the top of the output folder the new site keeps, such as .git,CNAME (besides CNAME, .nojekyll and what its .deals-keep lists)")
	fl.StringVar(&o.BaseURL, "base-url", "", "the address the site is published at (for canonical links and sitemap.xml); links work without it")
	fl.StringVar(&o.Today, "today", "", "the date overdue actions and slipped close dates are judged against (YYYY-MM-DD; default: today)")
	fl.StringVar(&configFile, "config", "", "the configuration file (default: "+config.FileName+" in the first path or a parent folder)")
	fl.StringVar(&o.AsOf, "as-of", "", "build the site as the repository was at a date (YYYY-MM-DD: its last commit that day) or a git revision")
	return cmd
}

// siteOptions completes the options of a site to build from the deals
// under args, in the language of --lang or of the configuration (which
// render reads; errors before the build are in it too).
func siteOptions(e *env, o *render.Options, configFile string, args []string) {
	o.Lang = string(e.lang)
	if e.langFlag == "" {
		o.Lang = ""
	}
	start := "."
	if len(args) > 0 {
		start = args[0]
	}
	o.ConfigFile = configFile
	if o.ConfigFile == "" {
		o.ConfigFile = config.Find(start)
	}
	e.peekLanguage(o.ConfigFile)
	o.Paths = args
	o.Version = Version()
	// The versions of the history linted before are kept in the cache
	// folder, as deals lint keeps its results (DEALS_CACHE_DIR moves it).
	o.Cache = func(cfg *config.Config) *lint.Cache {
		return lint.CacheFor(e.getenv("DEALS_CACHE_DIR"), lint.CacheKey{Config: cfg, Version: Version()}, []string{"versions", cfg.Root})
	}
}

// siteError makes an --as-of that names no moment a usage error: the user
// typed it.
func siteError(cmd *cobra.Command, err error) error {
	var ae *render.AsOfError
	if errors.As(err, &ae) {
		return usageError{cmd, err}
	}
	return err
}

// build builds the site of o, and sets history to the builder's
// HistorySize once the history is read, before the deals are.
func build(e *env, o render.Options, history *int) (*render.Result, error) {
	restore := lint.TuneGC(e.getenv, HistoryGCFiles)
	b, err := render.New(o)
	restore()
	if err != nil {
		return nil, err
	}
	defer b.Close()
	*history = b.HistorySize()
	return b.Build()
}
