package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/progress"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/render"
	"github.com/spf13/cobra"
)

func buildCommand(e *env) *cobra.Command {
	var o render.Options
	var configFile, asOf string
	cmd := &cobra.Command{
		Use:   "build [PATH...]",
		Short: "Render the static site: pipeline, forecast, deal pages, people and coaching",
		Long: `Render the deals repository as a static website: the pipeline board with filters, the forecast,
a page per deal (TAS steps, stakeholder map, plan, coaching items), a page per rep and manager, per
account, the coaching overview and an errors page. The site needs no server and loads nothing from
the internet: open index.html from disk, or publish the folder on GitHub Pages or any web server.

The output folder is replaced as a whole once the new site is complete. deals build refuses to
replace a folder it did not make (one without a .deals-site file) and never builds into a folder that
holds the deals themselves.

Exit status: 0 when the site was built (deals with lint findings or broken files are shown on it),
2 when it could not be (bad flags, an invalid deals.config.yaml, an output folder it will not
replace) or when a deal file could not be read at all (the site is still built without it).`,
		Example: `  deals build
  deals build --out public --base-url https://example.github.io/deals/
  deals build examples --lang zh --today 2026-11-26`,
		Args: argsBetween(0, -1),
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			todayGiven := o.Today
			if o.Today, err = todayFlag(o.Today); err != nil {
				return usageError{cmd, err}
			}
			start, err := siteOptions(cmd, &o, configFile, args)
			if err != nil {
				return err
			}
			if err := addHistory(cmd, e, &o, start, asOf, todayGiven); err != nil {
				return err
			}
			defer tuneGC(e, 16384)() // a 192 MiB budget: the build keeps more per deal than lint
			bar := progress.Start(e.stderr, "building", showProgress(e))
			o.Progress = bar.Update
			res, err := render.Build(o)
			bar.Finish()
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "built %s into %s: %d pages, %d lint findings shown", plural(res.Deals, "deal"), o.Out, res.Pages, res.Findings)
			if res.Unreadable > 0 {
				fmt.Fprintf(e.stdout, ", %s on the errors page", plural(res.Unreadable, "unreadable file"))
			}
			fmt.Fprintln(e.stdout)
			if res.Deals+res.Unreadable == 0 && len(res.Errors) == 0 {
				fmt.Fprintln(e.stderr, "deals: no deal files (*.yaml, *.yml) found: the site has no deals")
			}
			for _, err := range res.Errors {
				printErrors(e.stderr, err)
			}
			if len(res.Errors) > 0 {
				return exitCode(exitFailure)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&o.Out, "out", "o", "_site", "the folder to write the site to; it is replaced only if an earlier build made it")
	fl.StringVar(&o.BaseURL, "base-url", "", "the address the site is published at (for canonical links and sitemap.xml); links work without it")
	fl.StringVar(&o.Lang, "lang", "en", "interface language: en or zh (deal content is shown as written)")
	fl.StringVar(&o.Today, "today", "", "the date overdue actions and slipped close dates are judged against (YYYY-MM-DD; default: today)")
	fl.StringVar(&configFile, "config", "", "the configuration file (default: "+config.FileName+" in the first path or a parent folder)")
	fl.StringVar(&asOf, "as-of", "", "build the site as the repository was at a date (YYYY-MM-DD: its last commit that day) or a git revision")
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions(render.Languages, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// siteOptions checks --lang and completes the options of a site to build
// from the deals under args; start is where the repository is looked for.
func siteOptions(cmd *cobra.Command, o *render.Options, configFile string, args []string) (start string, err error) {
	if o.Lang != "en" && o.Lang != "zh" {
		return "", usageError{cmd, fmt.Errorf("--lang %q: use %s", o.Lang, strings.Join(render.Languages, " or "))}
	}
	start = "."
	if len(args) > 0 {
		start = args[0]
	}
	o.ConfigFile = configFile
	if o.ConfigFile == "" {
		o.ConfigFile = config.Find(start)
	}
	o.Paths = args
	o.Version = Version()
	return start, nil
}

// addHistory gives the site the repository's history, or says why it has
// none; with --as-of it also makes the site read the deals, the
// configuration and the date of that moment.
func addHistory(cmd *cobra.Command, e *env, o *render.Options, start, asOf, todayFlagValue string) error {
	repo, err := history.Open(start)
	switch {
	case err != nil && asOf != "":
		return usageError{cmd, fmt.Errorf("--as-of reads git history: %w", err)}
	case err != nil:
		o.HistoryNote = "History is left out: the deals are not in a git repository."
		return nil
	case !repo.HasCommits():
		if asOf != "" {
			return usageError{cmd, fmt.Errorf("--as-of %s: the repository has no commits yet", asOf)}
		}
		o.HistoryNote = "History is left out: the repository has no commits yet."
		return nil
	case repo.Shallow():
		o.HistoryNote = "History is left out: this is a shallow clone, which lacks the history. Fetch it with git fetch --unshallow (in GitHub Actions: actions/checkout with fetch-depth: 0)."
		fmt.Fprintln(e.stderr, "deals: "+o.HistoryNote)
		if asOf != "" {
			return usageError{cmd, fmt.Errorf("--as-of needs the whole history; this is a shallow clone")}
		}
		return nil
	}
	paths := o.Paths
	if len(paths) == 0 {
		paths = []string{start}
		if o.ConfigFile != "" {
			paths = []string{filepath.Dir(o.ConfigFile)}
		}
	}
	commit := ""
	if asOf != "" {
		if commit, err = resolveAsOf(repo, asOf); err != nil {
			return usageError{cmd, err}
		}
		if todayFlagValue == "" {
			if day, err := time.Parse(time.DateOnly, asOf); err == nil {
				o.Today = day.Format(time.DateOnly)
			} else if t, err := repo.CommitTime(commit); err == nil {
				o.Today = time.Unix(t, 0).UTC().Format(time.DateOnly)
			}
		}
		if err := readRevision(repo, commit, paths, o); err != nil {
			return err
		}
	}
	lg, err := repo.Log(paths, commit)
	if err != nil {
		return err
	}
	o.History = lg
	return nil
}

// resolveAsOf finds the commit of --as-of: the last one of a date, or a revision.
func resolveAsOf(repo *history.Repo, asOf string) (string, error) {
	if day, err := time.Parse(time.DateOnly, asOf); err == nil {
		commit, err := repo.CommitAt(day.Add(24*time.Hour - time.Second).Unix())
		if err != nil || commit == "" {
			return "", fmt.Errorf("--as-of %s: no commit was made on or before that day", asOf)
		}
		return commit, nil
	}
	return repo.Resolve(asOf)
}

// readRevision makes the build read deal files and the configuration as
// they were in commit.
func readRevision(repo *history.Repo, commit string, paths []string, o *render.Options) error {
	rels, err := repo.Files(commit, paths)
	if err != nil {
		return err
	}
	cfgRel := ""
	if o.ConfigFile != "" {
		if rel, err := repo.Rel(o.ConfigFile); err == nil {
			cfgRel = rel
		}
	}
	var deals []string
	for _, r := range rels {
		if r != cfgRel && deal.Wanted(repo.Path(r), filepath.Dir(o.ConfigFile), nil) {
			deals = append(deals, r)
		}
	}
	data, err := repo.ReadAt(commit, append(deals, cfgRel))
	if err != nil {
		return err
	}
	if cfgRel != "" {
		o.ConfigData = data[cfgRel]
		if o.ConfigData == nil {
			o.ConfigFile = "" // it did not exist yet: the defaults applied then
		}
	}
	byFile := map[string][]byte{}
	for _, r := range deals {
		f := repo.Path(r)
		o.Files = append(o.Files, f)
		byFile[f] = data[r]
	}
	o.Read = func(file string) ([]byte, error) {
		if b, ok := byFile[file]; ok {
			return b, nil
		}
		return nil, &source.Error{File: file, Msg: "not in revision " + commit[:7]}
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
