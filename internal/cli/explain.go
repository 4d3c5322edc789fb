package cli

import (
	"fmt"
	"github.com/dealsascode/deals/internal/backtest"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/report"
	"github.com/dealsascode/deals/internal/versions"
	"io"
	"strings"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/text"
	"github.com/spf13/cobra"
)

func explainCommand(e *env) *cobra.Command {
	var configFile string
	var tryOut bool
	cmd := &cobra.Command{
		Use:   "explain [RULE]",
		Short: "Explain a lint rule, or list them all",
		Long: `Without an argument, list every rule with its TAS step and severity: the built-in rules and the
team's own (team_rules in deals.config.yaml). With a rule id (as printed in brackets by deals lint),
print what the rule checks, the TAS idea behind it, how to fix a finding, an example, and at which
stages of this repository's pipeline it applies, in the team's language (--lang, or language in
deals.config.yaml).

--backtest tries the rule against outcomes: it lints every version of every deal in the git history
(as of the day it was committed) and, among the deals that were won or lost, compares at each stage
the win rate of those the rule fired on while they were there with those it did not fire on, with
the counts, and says when a side has too few deals to mean anything.`,
		Example: "  deals explain\n  deals explain players-coach\n  deals explain players-coach --lang zh\n  deals explain players-coach --backtest",
		Args:    argsBetween(0, 1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var ids []string
			for _, r := range lint.Rules() {
				ids = append(ids, r.ID+"\t"+r.Texts(i18n.English).Summary)
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := e.loadConfig(configFile, nil)
			if err != nil {
				return err
			}
			linter, err := lint.New(cfg, "2000-01-01")
			if err != nil {
				return err
			}
			linter.WithLang(e.lang)
			if len(args) == 0 {
				return listRules(e, linter)
			}
			rule, ok := linter.Rule(args[0])
			if !ok {
				if s := linter.Suggest(args[0]); s != "" {
					return usageError{cmd, i18n.Errorf("explain.noRuleGuess", "rule", args[0], "guess", s)}
				}
				return usageError{cmd, i18n.Errorf("explain.noRule", "rule", args[0])}
			}
			if tryOut {
				return backtestRule(e, cfg, rule)
			}
			return explainRule(e, cfg, linter, rule)
		},
	}
	cmd.Flags().BoolVar(&tryOut, "backtest", false, "try the rule against the outcomes of the closed deals in the git history")
	cmd.Flags().StringVar(&configFile, "config", "", "the configuration whose stages and severities to show (default: "+config.FileName+" here or in a parent folder)")
	return cmd
}

func listRules(e *env, linter *lint.Linter) error {
	rows := [][]string{strings.Split(e.words().T("explain.list.head"), "\t")}
	for _, r := range linter.Rules() {
		rows = append(rows, []string{r.ID, string(r.Step), linter.Severity(r.ID).String(), r.Texts(e.lang).Summary})
	}
	_, err := io.WriteString(e.stdout, text.Table(rows))
	return err
}

func explainRule(e *env, cfg *config.Config, linter *lint.Linter, r *lint.Rule) error {
	w, p := e.stdout, e.words()
	tx := r.Texts(e.lang)
	fmt.Fprintf(w, "%s: %s\n\n", r.ID, tx.Summary)
	fmt.Fprintln(w, p.T("explain.step", "step", lint.StepTitle(r.Step, e.lang)))
	sev := p.T("explain.severity.plain", "severity", linter.Severity(r.ID).String())
	if linter.Severity(r.ID) != r.Severity {
		sev = p.T("explain.severity.set", "severity", linter.Severity(r.ID).String(), "file", cfg.File, "default", r.Severity.String())
	}
	fmt.Fprintln(w, sev)
	if file, pos := r.Source(); file != "" {
		fmt.Fprintln(w, p.T("explain.team", "file", file, "line", pos.Line))
	}
	if r.Always {
		fmt.Fprintln(w, p.T("explain.applies.always"))
	} else {
		var stages []string
		for _, s := range cfg.Stages {
			if linter.Requires(s.ID, r.ID) {
				stage := s.ID
				if sev := linter.SeverityAt(s.ID, r.ID); sev != linter.Severity(r.ID) {
					stage += " (" + sev.String() + ")"
				}
				stages = append(stages, stage)
			}
		}
		if len(stages) == 0 {
			fmt.Fprintln(w, p.T("explain.applies.never", "rule", r.ID, "step", string(r.Step)))
		} else {
			fmt.Fprintln(w, p.T("explain.applies.stages", "stages", stages))
		}
	}
	width := 100
	fmt.Fprintf(w, "\n%s\n", strings.Join(text.Wrap(tx.Doc, width), "\n"))
	if when, cond := r.Expressions(); cond != "" {
		if when != "" {
			fmt.Fprintf(w, "\n%s\n%s", p.T("explain.when"), text.Indent(strings.TrimRight(when, "\n")+"\n", "  "))
		}
		fmt.Fprintf(w, "\n%s\n%s", p.T("explain.condition"), text.Indent(strings.TrimRight(cond, "\n")+"\n", "  "))
	}
	if tx.Fix != "" {
		fmt.Fprintf(w, "\n%s\n", p.T("explain.fix", "fix", tx.Fix))
	}
	if tx.Example != "" {
		fmt.Fprintf(w, "\n%s\n%s", p.T("explain.example"), text.Indent(tx.Example, "  "))
	}
	fmt.Fprintf(w, "\n%s\n  lint:\n    ignore:\n      - rule: %s\n        reason: ...\n", p.T("explain.silence"), r.ID)
	return nil
}

// backtestRule lints the history and tries one rule against outcomes.
func backtestRule(e *env, cfg *config.Config, r *lint.Rule) error {
	defer lint.TuneGC(e.getenv, HistoryGCFiles)()
	dir := cfg.Root
	if dir == "" {
		dir = "."
	}
	hr, err := history.Open(dir)
	if err != nil {
		return i18n.Errorf("backtest.noHistory", "error", err)
	}
	var isDeal func(string) bool
	if disk, err := repo.Disk(hr.Top); err == nil {
		isDeal = repo.New(disk, cfg).IsDeal
	}
	// What an earlier run linted under this configuration is not linted
	// again: a repository of long standing has many versions.
	cache := lint.CacheFor(e.getenv("DEALS_CACHE_DIR"), lint.CacheKey{Config: cfg, Version: Version()}, []string{"versions", cfg.Root})
	_, set, err := versions.ReadLog(hr, nil, "", isDeal, cfg, cache)
	if err != nil {
		return err
	}
	return report.Backtest(e.stdout, backtest.Compute(set, cfg, []string{r.ID})[0], e.words())
}
