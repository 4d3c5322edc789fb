package cli

import (
	"path/filepath"
	"strings"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/progress"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/report"
	"github.com/spf13/cobra"
)

type lintFlags struct {
	format, failOn, today, config, color string
	newFromRev                           string
	scores, noCache                      bool
}

func lintCommand(e *env) *cobra.Command {
	var f lintFlags
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check deals for TAS completeness at their stage",
		Long: `Check every deal file under the given paths (default: the repository holding deals.config.yaml,
or the current folder) against the TAS rules its stage requires, and print each finding as
file:line:col: severity: message [RULE].

Exit status: 0 when nothing reaches --fail-on, 1 when something does, 2 when the command could not
do its job (bad flags, an invalid deals.config.yaml, unreadable files, no deal files).`,
		Example: `  deals lint
  deals lint examples --today 2026-11-26
  deals lint --format github --fail-on warning
  deals lint --format sarif > deals.sarif`,
		Args: argsBetween(0, -1),
		RunE: func(cmd *cobra.Command, args []string) error { return runLint(cmd, e, f, args) },
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(report.LintFormats, ", "))
	fl.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding is at least this severe: error, warning, info or none")
	fl.StringVar(&f.today, "today", "", "the date overdue actions and past close dates are judged against (YYYY-MM-DD; default: today)")
	fl.StringVar(&f.config, "config", "", "the configuration file (default: "+config.FileName+" in the first path or a parent folder)")
	fl.StringVar(&f.color, "color", "auto", "colour the text format: auto, always or never")
	fl.BoolVar(&f.scores, "scores", false, "with the text format, print each deal's completeness per TAS step")
	fl.BoolVar(&f.noCache, "no-cache", false, "lint every file from scratch instead of reusing results for unchanged files")
	fl.StringVar(&f.newFromRev, "new-from-rev", "", "report only deals changed since this git revision (committed, uncommitted or untracked); cross-file rules still see every deal")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.LintFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{"error", "warning", "info", "none"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("color", cobra.FixedCompletions([]string{"auto", "always", "never"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runLint(cmd *cobra.Command, e *env, f lintFlags, args []string) error {
	failOn := lint.Off
	if f.failOn != "none" {
		sev, err := lint.ParseSeverity(f.failOn)
		if err != nil || sev == lint.Off {
			return usageError{cmd, i18n.Errorf("cli.flag", "flag", "--fail-on", "error", &deal.ChoiceError{Value: f.failOn, Values: []string{"error", "warning", "info", "none"}})}
		}
		failOn = sev
	}
	color, err := useColor(f.color, e)
	if err != nil {
		return usageError{cmd, err}
	}
	opts := report.Options{Color: color, Scores: f.scores, StepSummary: e.getenv("GITHUB_STEP_SUMMARY"), Version: Version()}
	if _, err := report.New(f.format, opts); err != nil {
		return usageError{cmd, err}
	}
	cfg, linter, today, err := e.configAndLinter(cmd, f.config, f.today, args)
	if err != nil {
		return err
	}
	opts.Lang, opts.Linter = e.lang, linter
	rep, err := report.New(f.format, opts)
	if err != nil {
		return usageError{cmd, err}
	}
	rd, paths, files, findErrs, err := dealFiles(cfg, args)
	if err != nil {
		return err
	}
	var only map[string]bool
	if f.newFromRev != "" {
		if only, err = changedSince(cmd, f.newFromRev, rd, paths, files); err != nil {
			return err
		}
	}
	defer lint.TuneGC(e.getenv, len(files))()
	var cache *lint.Cache
	if !f.noCache {
		cache = lint.CacheFor(e.getenv("DEALS_CACHE_DIR"), lint.CacheKey{Config: cfg, Today: today, Version: Version(), Lang: linter.Lang()}, paths)
	}
	bar := progress.Start(e.stderr, "linting", showProgress(e))
	rd.Progress = bar.Update
	result := linter.Run(rd, files, cache, only)
	bar.Finish()
	saved := make(chan struct{})
	go func() {
		defer close(saved)
		if cache != nil {
			_ = cache.Save() // best effort: without it the next run is only slower
		}
	}()
	result.Errors = append(findErrs, result.Errors...)
	err = rep.Lint(e.stdout, result)
	<-saved
	if err != nil {
		return err
	}
	for _, err := range result.Errors {
		e.printErrors(err)
	}
	switch {
	case len(result.Errors) > 0:
		return exitCode(exitFailure)
	case result.Fails(failOn):
		return exitCode(exitFindings)
	}
	return nil
}

// changedSince is the set of files (by name) that differ from rev:
// committed since, changed in the working tree, or untracked.
func changedSince(cmd *cobra.Command, rev string, rd *repo.Reader, paths []string, files []repo.File) (map[string]bool, error) {
	hr, err := history.Open(paths[0])
	if err != nil {
		return nil, i18n.Wrap(err, "cli.needsGit", "flag", "--new-from-rev", "error", err)
	}
	base, err := hr.Resolve(rev)
	if err != nil {
		return nil, revError(cmd, err)
	}
	changes, err := hr.Changes(base, "", paths)
	if err != nil {
		return nil, err
	}
	changed := map[string]bool{}
	for _, c := range changes {
		if c.Status != 'D' {
			changed[filepath.Join(hr.Top, filepath.FromSlash(c.Path))] = true
		}
	}
	only := map[string]bool{}
	for _, f := range files {
		if changed[rd.Real(f)] {
			only[f.Name] = true
		}
	}
	return only, nil
}

// configAndLinter reads the configuration (--config, or the one found from
// the first path) and makes the linter for --today (default: today).
func (e *env) configAndLinter(cmd *cobra.Command, configFlag, todayFlagValue string, args []string) (*config.Config, *lint.Linter, string, error) {
	today, err := todayFlag(todayFlagValue)
	if err != nil {
		return nil, nil, "", usageError{cmd, err}
	}
	cfg, err := e.loadConfig(configFlag, args)
	if err != nil {
		return nil, nil, "", err
	}
	linter, err := lint.New(cfg, today)
	if err != nil {
		return nil, nil, "", err
	}
	return cfg, linter.WithLang(e.lang), today, nil
}

// dealFiles finds the deal files under the paths given, or under the
// repository when there are none; finding none at all is an error. paths
// are where it looked.
func dealFiles(cfg *config.Config, args []string) (rd *repo.Reader, paths []string, files []repo.File, findErrs []error, err error) {
	paths = args
	if len(paths) == 0 {
		paths = []string{cfg.Root}
	}
	rd, files, findErrs = repo.FindOnDisk(cfg, paths...)
	if len(files) == 0 && len(findErrs) == 0 {
		return nil, nil, nil, nil, i18n.Errorf("cli.noDeals", "paths", paths)
	}
	return rd, paths, files, findErrs, nil
}

// loadConfig reads the configuration named by --config, or the one found
// from the first path upwards, or the defaults, and takes its language.
func (e *env) loadConfig(flag string, args []string) (*config.Config, error) {
	file := flag
	if file == "" {
		start := "."
		if len(args) > 0 {
			start = args[0]
		}
		file = config.Find(start)
	}
	cfg, err := repo.LoadConfig(file)
	if err != nil {
		e.peekLanguage(file)
		return nil, err
	}
	e.useConfig(cfg)
	return cfg, nil
}

// todayFlag is --today, checked, or today's date.
func todayFlag(s string) (string, error) {
	if s == "" {
		return time.Now().Format(time.DateOnly), nil
	}
	if _, err := deal.ParseDate(s); err != nil {
		return "", i18n.Wrap(err, "cli.flag", "flag", "--today", "error", err)
	}
	return s, nil
}

// choices are an enumeration's values as flag completions show them.
func choices[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

func useColor(mode string, e *env) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		if e.getenv("NO_COLOR") != "" || e.getenv("TERM") == "dumb" {
			return false, nil
		}
		return terminal(e.stdout), nil
	}
	return false, i18n.Errorf("cli.flag", "flag", "--color", "error", &deal.ChoiceError{Value: mode, Values: []string{"auto", "always", "never"}})
}
