package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/text"
	"github.com/spf13/cobra"
)

func explainCommand(e *env) *cobra.Command {
	var configFile string
	cmd := &cobra.Command{
		Use:   "explain [RULE]",
		Short: "Explain a lint rule, or list them all",
		Long: `Without an argument, list every rule with its TAS step and severity. With a rule id (as printed in
brackets by deals lint), print what the rule checks, the TAS idea behind it, how to fix a finding,
an example, and at which stages of this repository's pipeline it applies.`,
		Example: "  deals explain\n  deals explain players-coach",
		Args:    argsBetween(0, 1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var ids []string
			for _, r := range lint.Rules() {
				ids = append(ids, r.ID+"\t"+r.Texts(i18n.English).Summary)
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(configFile, nil)
			if err != nil {
				return err
			}
			linter, err := lint.New(cfg, "2000-01-01")
			if err != nil {
				return err
			}
			if len(args) == 0 {
				return listRules(e, linter)
			}
			rule, ok := lint.Lookup(args[0])
			if !ok {
				msg := fmt.Sprintf("no rule %q", args[0])
				if s := lint.Suggest(args[0]); s != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", s)
				}
				return usageError{cmd, fmt.Errorf("%s; 'deals explain' lists them all", msg)}
			}
			return explainRule(e, cfg, linter, rule)
		},
	}
	cmd.Flags().StringVar(&configFile, "config", "", "the configuration whose stages and severities to show (default: "+config.FileName+" here or in a parent folder)")
	return cmd
}

func listRules(e *env, linter *lint.Linter) error {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSTEP\tSEVERITY\tCHECKS")
	for _, r := range lint.Rules() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Step, linter.Severity(r.ID), r.Texts(i18n.English).Summary)
	}
	return tw.Flush()
}

func explainRule(e *env, cfg *config.Config, linter *lint.Linter, r *lint.Rule) error {
	w := e.stdout
	tx := r.Texts(i18n.English)
	fmt.Fprintf(w, "%s: %s\n\n", r.ID, tx.Summary)
	fmt.Fprintf(w, "Step:      %s\n", lint.StepTitle(r.Step, i18n.English))
	sev := linter.Severity(r.ID).String()
	if linter.Severity(r.ID) != r.Severity {
		sev += fmt.Sprintf(" (set in %s; default %s)", cfg.File, r.Severity)
	}
	fmt.Fprintf(w, "Severity:  %s\n", sev)
	if r.Always {
		fmt.Fprintf(w, "Applies:   at every stage\n")
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
			fmt.Fprintf(w, "Applies:   at no stage of this pipeline (add %s or %s to a stage's requires)\n", r.ID, r.Step)
		} else {
			fmt.Fprintf(w, "Applies:   at stages %s\n", strings.Join(stages, ", "))
		}
	}
	fmt.Fprintf(w, "\n%s\n\nFix: %s\n", strings.Join(text.Wrap(tx.Doc, 100), "\n"), tx.Fix)
	if tx.Example != "" {
		fmt.Fprintf(w, "\nExample:\n%s", text.Indent(tx.Example, "  "))
	}
	fmt.Fprintf(w, "\nSilence it for one deal, with the reason reviewers read:\n  lint:\n    ignore:\n      - rule: %s\n        reason: ...\n", r.ID)
	return nil
}
