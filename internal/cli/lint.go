package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/dealsascode/deals/internal/baseline"
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
	newFromRev, baseURL                  string
	baseline, writeBaseline              string
	scores, noCache, quiet               bool
}

func lintCommand(e *env) *cobra.Command {
	var f lintFlags
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check deals for TAS completeness at their stage",
		Long: `Check every deal file under the given paths (default: the repository holding deals.config.yaml,
or the current folder) against the TAS rules its stage requires, and print each finding as
file:line:col: severity: message [RULE].

To adopt the rules on a pipeline that has findings already, record them once with
--write-baseline FILE (it reports nothing and exits 0), commit the file, and lint with
--baseline FILE: only findings that are not in the baseline are reported, and the exit status
follows only those. A baseline knows each finding by its deal's id, its rule and the field it
points at, not by line, so editing a file does not bring its findings back; an entry stops
applying when its deal moves to another stage, which has to meet its own rules. Entries that no
longer match a finding (fixed, the deal gone, the stage moved) are listed on stderr after the
report. --baseline with --write-baseline reports as --baseline does and writes the baseline less
what no longer applies, without adding what is new.

--quiet reports errors only: warnings and infos are not shown in any format and do not count for
--fail-on.

Exit status: 0 when nothing reaches --fail-on, 1 when something does, 2 when the command could not
do its job (bad flags, an invalid deals.config.yaml or baseline, unreadable files, no deal files).`,
		Example: `  deals lint
  deals lint examples --today 2026-11-26
  deals lint --format github --fail-on warning
  deals lint --format sarif > deals.sarif
  deals lint --write-baseline deals-baseline.json
  deals lint --baseline deals-baseline.json
  deals lint --baseline deals-baseline.json --write-baseline deals-baseline.json`,
		Args: argsBetween(0, -1),
		RunE: func(cmd *cobra.Command, args []string) error { return runLint(cmd, e, f, args) },
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(report.LintFormats, ", "))
	fl.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding is at least this severe: error, warning, info or none")
	fl.StringVar(&f.today, "today", "", "the date overdue actions and past close dates are judged against (YYYY-MM-DD; default: today)")
	fl.StringVar(&f.config, "config", "", "the configuration file (default: "+config.FileName+" in the first path or a parent folder)")
	fl.StringVar(&f.color, "color", "auto", "colour the text format: auto, always or never")
	fl.StringVar(&f.baseURL, "base-url", "", "where the team's site is published (deals build --base-url): sarif links each rule to its page there")
	fl.BoolVar(&f.scores, "scores", false, "with the text format, print each deal's completeness per TAS step")
	fl.BoolVar(&f.noCache, "no-cache", false, "lint every file from scratch instead of reusing results for unchanged files")
	fl.StringVar(&f.newFromRev, "new-from-rev", "", "report only deals changed since this git revision (committed, uncommitted or untracked); cross-file rules still see every deal")
	fl.StringVar(&f.baseline, "baseline", "", "report only findings not in the baseline `FILE`, and exit by those alone; list its stale entries on stderr")
	fl.StringVar(&f.writeBaseline, "write-baseline", "", "write the findings to the baseline `FILE` and exit 0; with --baseline, write that baseline less its stale entries")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "report errors only: warnings and infos are neither shown nor counted for --fail-on")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.LintFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{"error", "warning", "info", "none"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("color", cobra.FixedCompletions([]string{"auto", "always", "never"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runLint(cmd *cobra.Command, e *env, f lintFlags, args []string) error {
	if err := checkBaselineFlags(cmd, f); err != nil {
		return usageError{cmd, err}
	}
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
	if !siteAddress(f.baseURL) {
		return usageError{cmd, i18n.Errorf("cli.baseURL", "value", f.baseURL)}
	}
	opts := report.Options{Color: color, Scores: f.scores, StepSummary: e.getenv("GITHUB_STEP_SUMMARY"), Version: Version(), BaseURL: f.baseURL}
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
	var known *baseline.Baseline
	if f.baseline != "" {
		if known, err = baseline.Read(f.baseline); err != nil {
			return err
		}
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
	var outcome *baseline.Outcome
	if f.baseline != "" || f.writeBaseline != "" {
		run := baseline.Run{Result: result, Paths: treePaths(files),
			// Unreadable files are in no run: a baseline cannot tell
			// whether their deals are gone.
			Complete: only == nil && len(result.Errors) == 0 && wholeRepository(cfg.Root, args)}
		if known == nil {
			<-saved
			return writeBaseline(e, f.writeBaseline, result, baseline.Record(run))
		}
		outcome = known.Apply(run)
		result.Findings = outcome.Findings
	}
	if f.quiet {
		result.Keep(lint.Error)
	}
	err = rep.Lint(e.stdout, result)
	<-saved
	if err != nil {
		return err
	}
	for _, err := range result.Errors {
		e.printErrors(err)
	}
	if outcome != nil {
		// With --write-baseline too, the baseline is written less what
		// no longer applies; not when files could not be read, whose
		// entries would be lost.
		if f.writeBaseline != "" && len(result.Errors) == 0 {
			pruned := outcome.Pruned()
			if err := pruned.Write(f.writeBaseline); err != nil {
				return err
			}
			fmt.Fprint(e.stderr, outcome.StaleText(e.words(), f.baseline, f.writeBaseline))
			fmt.Fprint(e.stderr, pruned.WrittenText(e.words(), f.writeBaseline))
		} else {
			fmt.Fprint(e.stderr, outcome.StaleText(e.words(), f.baseline, ""))
		}
	}
	switch {
	case len(result.Errors) > 0:
		return exitCode(exitFailure)
	case result.Fails(failOn):
		return exitCode(exitFindings)
	}
	return nil
}

// checkBaselineFlags rejects the combinations that cannot mean anything:
// a baseline recorded from only the changed deals would forget the others,
// and --write-baseline alone reports nothing for the report's flags to
// change.
func checkBaselineFlags(cmd *cobra.Command, f lintFlags) error {
	fl := cmd.Flags()
	for _, name := range []string{"baseline", "write-baseline"} {
		if fl.Changed(name) && fl.Lookup(name).Value.String() == "" {
			return i18n.Errorf("cli.baseline.needsFile", "flag", "--"+name)
		}
	}
	if f.writeBaseline == "" {
		return nil
	}
	if f.newFromRev != "" {
		return i18n.Errorf("cli.baseline.newFromRev")
	}
	if f.baseline == "" {
		for _, name := range []string{"format", "fail-on", "quiet", "scores", "color"} {
			if fl.Changed(name) {
				return i18n.Errorf("cli.baseline.reportFlag", "flag", "--"+name)
			}
		}
	}
	return nil
}

// writeBaseline records the run's findings in file, unless some files
// could not be read: a baseline without their findings would report them
// all as new once they can be.
func writeBaseline(e *env, file string, result *lint.Result, b *baseline.Baseline) error {
	if len(result.Errors) > 0 {
		for _, err := range result.Errors {
			e.printErrors(err)
		}
		return exitCode(exitFailure)
	}
	if err := b.Write(file); err != nil {
		return err
	}
	fmt.Fprint(e.stderr, b.WrittenText(e.words(), file))
	return nil
}

// treePaths are the files' paths in the repository, by the names the
// findings give them.
func treePaths(files []repo.File) map[string]string {
	out := make(map[string]string, len(files))
	for _, f := range files {
		out[f.Name] = f.Path
	}
	return out
}

// wholeRepository reports whether the paths given reach every deal of the
// repository at root: none were given, or one holds root.
func wholeRepository(root string, args []string) bool {
	if len(args) == 0 {
		return true
	}
	top, err := realPath(root)
	if err != nil {
		return false
	}
	for _, a := range args {
		dir, err := realPath(a)
		if err != nil {
			continue
		}
		if rel, err := filepath.Rel(dir, top); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
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
