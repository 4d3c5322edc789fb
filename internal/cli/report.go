package cli

import (
	"github.com/dealsascode/deals/internal/accuracy"
	"github.com/dealsascode/deals/internal/lint"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/movement"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/report"
	"github.com/spf13/cobra"
)

func reportCommand(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Reports that only the git history can give: how the pipeline moved, how accurate the forecasts were",
		Long: `Reports read from the git history of every deal, which no CRM gives openly.

  deals report movement   how the open pipeline of a close-date window moved between two moments
  deals report accuracy   how good the forecasts were: slips, amounts, commit calls, calibration`,
		Args: argsBetween(0, 0),
	}
	cmd.AddCommand(movementCommand(e), accuracyCommand(e))
	return cmd
}

type movementFlags struct {
	from, to, window, by, format, config string
}

func movementCommand(e *env) *cobra.Command {
	var f movementFlags
	cmd := &cobra.Command{
		Use:   "movement [PATH]",
		Short: "How the open pipeline of a close-date window moved between two moments",
		Long: `Read the git history of the deals under PATH (default: the repository) and show how the open
pipeline of the deals closing in a window (--window, default: the quarter of --to) moved from --from
to --to, in the base currency: the waterfall

  start + new + pulled in - pushed out + increased - decreased - won - lost = end

where new deals appeared (or were reopened), pulled in and pushed out are close dates moved into
and out of the window, increased and decreased are amount changes of deals in it, won and lost
left it closed (lost also counts a deal file deleted), and the deals behind every bar; and the
stage changes of the period. --by owner, team (the owner's manager) or region (the account's)
adds a waterfall per group, each deal in its group at --to.

--from and --to are dates (YYYY-MM-DD: the end of that day, UTC) or revisions (a commit, a branch,
a tag: the time of that commit); --to defaults to HEAD, --from to seven days before --to. Amounts
are converted at the rates of deals.config.yaml as it was at --to. A version of a file that does
not parse is left out and said; in a shallow clone the history starts at its oldest commit.

--format json has the keys start, new, pulled_in, pushed_out, increased, decreased, won, lost and
end with amounts as numbers, for other tools; markdown is for a pull request or a wiki.

Exit status: 0, or 2 when the history cannot be read or a flag is wrong.`,
		Example: `  deals report movement
  deals report movement --from 2026-10-01 --to 2026-11-30 --window 2026-Q4 --by owner
  deals report movement --from v2026.10 --to HEAD --format json`,
		Args: argsBetween(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error { return runMovement(cmd, e, f, args) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.from, "from", "", "the earlier moment: a date (YYYY-MM-DD) or a revision (default: seven days before --to)")
	fl.StringVar(&f.to, "to", "", "the later moment: a date or a revision (default: HEAD)")
	fl.StringVar(&f.window, "window", "", "the close-date window: this-quarter, next-quarter, YYYY-Qn or YYYY-MM (default: the quarter of --to)")
	fl.StringVar(&f.by, "by", "", "a waterfall per group too: "+strings.Join(movement.ByChoices, ", "))
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(report.MovementFormats, ", "))
	fl.StringVar(&f.config, "config", "", "the configuration file (default: "+config.FileName+" in PATH or a parent folder)")
	_ = cmd.RegisterFlagCompletionFunc("by", cobra.FixedCompletions(movement.ByChoices, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.MovementFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("window", cobra.FixedCompletions([]string{"this-quarter", "next-quarter"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runMovement(cmd *cobra.Command, e *env, f movementFlags, args []string) error {
	if !slices.Contains(report.MovementFormats, f.format) {
		return usageError{cmd, i18n.Errorf("cli.flag", "flag", "--format", "error", &deal.ChoiceError{Value: f.format, Values: report.MovementFormats})}
	}
	if f.by != "" && !slices.Contains(movement.ByChoices, f.by) {
		return usageError{cmd, i18n.Errorf("cli.flag", "flag", "--by", "error", &deal.ChoiceError{Value: f.by, Values: movement.ByChoices})}
	}
	if _, err := movement.ParseWindow(f.window, time.Now()); err != nil {
		return usageError{cmd, err}
	}
	defer lint.TuneGC(e.getenv, HistoryGCFiles)()
	h, err := e.readHistory(cmd, args, f.config, f.to)
	if err != nil {
		return err
	}
	var fromTime int64
	if f.from == "" {
		fromTime = h.to - 7*24*3600
	} else if _, fromTime, err = point(h.repo, f.from, ""); err != nil {
		return usageError{cmd, err}
	}
	if fromTime > h.to {
		return usageError{cmd, i18n.Errorf("movement.order", "from", f.from, "to", f.to)}
	}
	if h.first > 0 && fromTime < h.first {
		return i18n.Errorf("movement.beforeHistory", "from", day(fromTime), "date", day(h.first))
	}
	window, err := movement.ParseWindow(f.window, time.Unix(h.to, 0))
	if err != nil {
		return usageError{cmd, err}
	}
	cfg, lg, notes, toTime := h.cfg, h.log, h.notes, h.to
	rep := movement.Compute(lg, cfg, fromTime, toTime, window, f.by)
	rep.Notes = notes
	r, err := report.NewFor(f.format, report.MovementFormats, report.Options{Lang: e.lang})
	if err != nil {
		return usageError{cmd, err}
	}
	return r.Movement(e.stdout, rep)
}

// readHistory is what the reports read: the history of the deals under
// args[0] (default: here) up to --to, the configuration as it was then,
// and what to say about both. first is where a shallow clone's history
// starts, 0 in a full one.
type reportHistory struct {
	repo      *history.Repo
	cfg       *config.Config
	log       *history.Log
	to, first int64
	notes     []string
}

// HistoryGCFiles is the collector's budget, as a number of files
// (lint.TuneGC), of the commands that read every version in the history:
// parsing allocates much and keeps little, and at the default pace the
// collector takes a sixth of the time.
const HistoryGCFiles = 65536

func (e *env) readHistory(cmd *cobra.Command, args []string, configFlag, to string) (*reportHistory, error) {
	start := "."
	if len(args) > 0 {
		start = args[0]
	}
	cfgFile := configFlag
	if cfgFile == "" {
		cfgFile = config.Find(start)
	}
	e.peekLanguage(cfgFile)
	hr, err := history.Open(start)
	if err != nil {
		return nil, i18n.Errorf("movement.noHistory", "error", err)
	}
	if !hr.HasCommits() {
		return nil, i18n.Errorf("movement.noHistory", "error", i18n.M("history.off.commits"))
	}
	toCommit, toTime, err := point(hr, to, "HEAD")
	if err != nil {
		return nil, usageError{cmd, err}
	}
	h := &reportHistory{repo: hr, to: toTime}
	if hr.Shallow() {
		if h.first, err = hr.FirstTime(); err != nil {
			return nil, err
		}
		h.notes = append(h.notes, e.words().T("movement.shallow", "date", day(h.first)))
	}
	if h.cfg, err = configAt(hr, toCommit, cfgFile); err != nil {
		return nil, err
	}
	e.useConfig(h.cfg)
	var isDeal func(string) bool
	if disk, err := repo.Disk(hr.Top); err == nil {
		isDeal = repo.New(disk, h.cfg).IsDeal
	}
	if h.log, err = hr.Log(args, toCommit, isDeal); err != nil {
		return nil, err
	}
	h.notes = append(h.notes, h.log.Notes...)
	return h, nil
}

// point reads a moment: a date is the end of that day (UTC) and the last
// commit made by then; anything else is a revision and its commit's time.
// "" is def.
func point(hr *history.Repo, s, def string) (commit string, t int64, err error) {
	if s == "" {
		s = def
	}
	if d, derr := time.Parse(time.DateOnly, s); derr == nil {
		t = d.Add(24*time.Hour - time.Second).Unix()
		// "" before the first commit: the history is read to HEAD and
		// nothing of it counts, since it all came later.
		commit, err = hr.CommitAt(t)
		return commit, t, err
	}
	commit, err = hr.Resolve(s)
	if err != nil {
		return "", 0, i18n.Wrap(err, "movement.badPoint", "value", s)
	}
	t, err = hr.CommitTime(commit)
	return commit, t, err
}

// configAt is the configuration as it was at a commit (the rates of that
// day); the defaults where it did not exist.
func configAt(hr *history.Repo, commit, file string) (*config.Config, error) {
	if file == "" {
		return config.Default(), nil
	}
	if commit == "" {
		return repo.LoadConfig(file)
	}
	tree, err := hr.Tree(commit)
	if err != nil {
		return nil, err
	}
	defer tree.Close()
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	// At a revision where the file did not exist yet, the defaults.
	return repo.Tree{FS: tree, Dir: hr.Top, Rev: tree.Commit()}.Config(abs)
}

func day(ts int64) string { return time.Unix(ts, 0).UTC().Format(time.DateOnly) }

type accuracyFlags struct {
	since, to, by, format, config string
	suggest                       bool
}

func accuracyCommand(e *env) *cobra.Command {
	var f accuracyFlags
	cmd := &cobra.Command{
		Use:   "accuracy [PATH]",
		Short: "How accurate the forecasts were, per rep and per quarter, from the closed deals' history",
		Long: `Read the git history of the deals under PATH (default: the repository) and judge the forecasts of
the deals closed (won or lost) from --since (default: the start of the history) to --to (default:
HEAD), per rep (--by owner) or per team (--by team: the owner's manager), in all and per quarter:

  close dates slipped   how often a close date moved later, in how many deals, by how many days
  won against first     the won amount against the amount first forecast (the first version
                        with an amount)
  commit calls won      of the deals called commit at the start of a quarter (the rep's forecast,
                        else the stage's) with their close date in it, how many were won in it;
                        a quarter not over yet is not judged
  Brier                 the mean of (p - outcome)² over the stage probabilities each closed deal
                        carried, one per stage it was in: 0 is perfect, always 50 % scores 0.25

and the calibration of the stage probabilities: of the closed deals that reached each stage, the
share that was won, next to the probability deals.config.yaml gives it, with the counts.

--suggest-probabilities prints, instead, the stage probabilities learned from those shares as the
stages of deals.config.yaml, for each stage that at least 20 closed deals reached; it says which
stages have too few, and refuses when none has enough.

Exit status: 0; 2 when the history cannot be read, a flag is wrong, or there is nothing to learn.`,
		Example: `  deals report accuracy
  deals report accuracy --by team --since 2026-01-01
  deals report accuracy --suggest-probabilities`,
		Args: argsBetween(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error { return runAccuracy(cmd, e, f, args) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.since, "since", "", "judge the deals closed from this date (YYYY-MM-DD) or revision on (default: all of the history)")
	fl.StringVar(&f.to, "to", "", "up to this date or revision (default: HEAD)")
	fl.StringVar(&f.by, "by", "owner", "group by: "+strings.Join(accuracy.ByChoices, ", "))
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(report.AccuracyFormats, ", "))
	fl.StringVar(&f.config, "config", "", "the configuration file (default: "+config.FileName+" in PATH or a parent folder)")
	fl.BoolVar(&f.suggest, "suggest-probabilities", false, "print stage probabilities learned from the closed deals, as the stages of "+config.FileName)
	_ = cmd.RegisterFlagCompletionFunc("by", cobra.FixedCompletions(accuracy.ByChoices, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.AccuracyFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runAccuracy(cmd *cobra.Command, e *env, f accuracyFlags, args []string) error {
	if !slices.Contains(report.AccuracyFormats, f.format) {
		return usageError{cmd, i18n.Errorf("cli.flag", "flag", "--format", "error", &deal.ChoiceError{Value: f.format, Values: report.AccuracyFormats})}
	}
	if !slices.Contains(accuracy.ByChoices, f.by) {
		return usageError{cmd, i18n.Errorf("cli.flag", "flag", "--by", "error", &deal.ChoiceError{Value: f.by, Values: accuracy.ByChoices})}
	}
	defer lint.TuneGC(e.getenv, HistoryGCFiles)()
	h, err := e.readHistory(cmd, args, f.config, f.to)
	if err != nil {
		return err
	}
	var since int64
	if f.since != "" {
		if _, since, err = point(h.repo, f.since, ""); err != nil {
			return usageError{cmd, err}
		}
		// A date is the start of that day.
		if d, derr := time.Parse(time.DateOnly, f.since); derr == nil {
			since = d.Unix()
		}
	}
	rep := accuracy.Compute(h.log, h.cfg, since, h.to, f.by)
	rep.Notes = h.notes
	if f.suggest {
		learned, err := report.Suggested(e.stdout, rep, e.words())
		if err != nil {
			return err
		}
		if !learned {
			var stages []string
			for _, s := range rep.Stages {
				stages = append(stages, s.ID+" "+strconv.Itoa(s.Reached))
			}
			return i18n.Errorf("accuracy.suggest.none", "min", accuracy.MinSample, "stages", strings.Join(stages, ", "))
		}
		return nil
	}
	r, err := report.NewFor(f.format, report.AccuracyFormats, report.Options{Lang: e.lang})
	if err != nil {
		return usageError{cmd, err}
	}
	return r.Accuracy(e.stdout, rep)
}
