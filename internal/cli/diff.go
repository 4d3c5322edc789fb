package cli

import (
	"errors"
	"slices"
	"strings"

	"github.com/dealsascode/deals/internal/change"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/report"
	"github.com/dealsascode/deals/internal/text"
	"github.com/spf13/cobra"
)

// emptyTree is git's well-known hash of the empty tree: the base of a
// repository that has no commits yet.
const emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

func diffCommand(e *env) *cobra.Command {
	var format, today, configFile string
	var paths []string
	cmd := &cobra.Command{
		Use:   "diff [BASE [HEAD]]",
		Short: "Show what changed in the deals between two revisions, as a reviewer reads it",
		Long: `Compare the deals at two git revisions, deal by deal: added, removed and moved deals; stage
moves forward or back; amount and close-date changes, counting slips; key players added, removed or
changed; actions added, completed or newly overdue; completeness per TAS step; lint findings
introduced and fixed.

BASE defaults to where the current branch left the default branch (on the default branch itself:
HEAD), and HEAD to the working tree, uncommitted and untracked files included. In a pull request,
compare the target branch with the pull request: deals diff origin/main HEAD.

--format markdown is made for a pull-request comment or $GITHUB_STEP_SUMMARY (it stays under
GitHub's 1 MiB limit, summarising when the change is huge); it also says how the change moves the
forecast: the waterfall of the open pipeline of the deals closing in the quarter of --today, from
BASE to HEAD, with the deals behind each bar, when anything in it moved. json is for scripts.

Exit status: 0 when the comparison was made, whatever it found; 2 for an unknown revision, a folder
that is not a git repository, or bad flags.`,
		Example: `  deals diff
  deals diff main
  deals diff origin/main HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"`,
		Args: argsBetween(0, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			// The configuration comes first: it says the language of
			// everything the command writes, its usage errors included.
			cfg, err := e.loadConfig(configFile, paths)
			if err != nil {
				return err
			}
			if !slices.Contains(report.DiffFormats, format) {
				return usageError{cmd, i18n.Errorf("cli.flag", "flag", "--format", "error", &deal.ChoiceError{Value: format, Values: report.DiffFormats})}
			}
			day, err := todayFlag(today)
			if err != nil {
				return usageError{cmd, err}
			}
			out, err := report.NewFor(format, report.DiffFormats, report.Options{Version: Version(), Lang: e.lang})
			if err != nil {
				return usageError{cmd, err}
			}
			linter, err := lint.New(cfg, day)
			if err != nil {
				return err
			}
			linter.WithLang(e.lang)
			if len(paths) == 0 {
				paths = []string{cfg.Root}
			}
			repo, err := history.Open(paths[0])
			if err != nil {
				return i18n.Wrap(err, "diff.needsGit", "error", err)
			}
			p := e.words()
			o := change.Options{Repo: repo, Paths: paths, Config: cfg, Linter: linter, Today: day, HeadLabel: p.T("diff.workingTree"),
				Movement: format == "markdown"}
			switch {
			case !repo.HasCommits():
				if len(args) > 0 {
					return usageError{cmd, i18n.Errorf("diff.noBase", "rev", args[0])}
				}
				o.Base, o.BaseLabel = emptyTree, p.T("diff.noCommits")
			case len(args) == 0:
				if o.Base, err = repo.DefaultBase(); err != nil {
					return err
				}
				o.BaseLabel = text.ShortHash(o.Base)
			default:
				if o.Base, err = repo.Resolve(args[0]); err != nil {
					return revError(cmd, err)
				}
				o.BaseLabel = args[0]
			}
			if len(args) == 2 {
				if o.Head, err = repo.Resolve(args[1]); err != nil {
					return revError(cmd, err)
				}
				o.HeadLabel = args[1]
			}
			rep, err := change.Between(o)
			if err != nil {
				return err
			}
			return out.Diff(e.stdout, rep)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&format, "format", "f", "text", "output format: "+strings.Join(report.DiffFormats, ", "))
	fl.StringVar(&today, "today", "", "the date overdue actions are judged against (YYYY-MM-DD; default: today)")
	fl.StringVar(&configFile, "config", "", "the configuration file (default: "+config.FileName+" here or in a parent folder)")
	fl.StringSliceVar(&paths, "path", nil, "compare only the deals under these paths (default: the repository)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.DiffFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// revError makes an unknown revision a usage error: the user typed it.
func revError(cmd *cobra.Command, err error) error {
	var re *history.RevError
	if errors.As(err, &re) {
		return usageError{cmd, err}
	}
	return err
}
