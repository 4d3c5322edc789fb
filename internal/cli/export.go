package cli

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/crm"
	"github.com/dealsascode/deals/internal/safefile"
	"github.com/dealsascode/deals/internal/text"
	"github.com/spf13/cobra"
)

type exportFlags struct {
	format, today, config, out string
	bom                        bool
}

var exportFormats = []string{"csv", "json"}

func exportCommand(e *env) *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "export [PATH...]",
		Short: "Write every deal's header and forecast figures as CSV or JSON",
		Long: `Write every deal under the given paths (default: the repository holding deals.config.yaml, or
the current folder) as one row of CSV or one object of JSON, for finance and spreadsheets, in the
order of the files: the header fields (id, title, account, size, region, industry, product,
complexity, owner, stage, amount, currency, close_date), then the stage's win probability, the
amount in the base currency and weighted by the probability, the completeness score, the coaching
signals of the site (overdue actions, close date passed, stale review, missing buying roles),
whether the file is valid, and the file.

The CSV has a header row and is UTF-8; --bom starts it with the byte-order mark Excel needs to
read UTF-8. It imports back with deals import --from csv. Written to a terminal, control
characters and bidirectional overrides in deal text show as U+FFFD; a file or a pipe gets the text
as it is.

Exit status: 0 when every deal was exported, 1 when some files have problems (they are exported
as far as they could be read, and the problems are printed on stderr), 2 when the command could not
do its job (bad flags, an invalid deals.config.yaml, unreadable files, no deal files).`,
		Example: `  deals export > deals.csv
  deals export --format json --today 2026-11-26
  deals export --bom --out forecast.csv`,
		Args: argsBetween(0, -1),
		RunE: func(cmd *cobra.Command, args []string) error { return runExport(cmd, e, f, args) },
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "csv", "output format: "+strings.Join(exportFormats, ", "))
	fl.StringVar(&f.today, "today", "", "the date completeness is judged against (YYYY-MM-DD; default: today)")
	fl.StringVar(&f.config, "config", "", "the configuration file (default: "+config.FileName+" in the first path or a parent folder)")
	fl.StringVarP(&f.out, "out", "o", "", "write to this file (replaced atomically) instead of stdout")
	fl.BoolVar(&f.bom, "bom", false, "start the CSV with a UTF-8 byte-order mark, for Excel")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(exportFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runExport(cmd *cobra.Command, e *env, f exportFlags, args []string) error {
	switch f.format {
	case "csv":
	case "json":
		if f.bom {
			return usageError{cmd, fmt.Errorf("--bom is for --format csv")}
		}
	default:
		return usageError{cmd, fmt.Errorf("unknown format %q: use %s", f.format, strings.Join(exportFormats, ", "))}
	}
	cfg, linter, today, err := e.configAndLinter(cmd, f.config, f.today, args)
	if err != nil {
		return err
	}
	rd, _, files, findErrs, err := dealFiles(cfg, args)
	if err != nil {
		return err
	}
	res := crm.Export(cfg, linter, rd, files)
	var buf bytes.Buffer
	if f.format == "json" {
		err = crm.WriteJSON(&buf, res.Records, today, cfg.Currency.Base)
	} else {
		err = crm.WriteCSV(&buf, res.Records, f.bom)
	}
	if err != nil {
		return err
	}
	if f.out != "" {
		if err := safefile.Write(f.out, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("cannot write %s: %w", f.out, unwrapPath(err))
		}
	} else {
		out := buf.Bytes()
		if terminal(e.stdout) {
			// Deal text is anyone's: on a screen, an escape sequence in
			// a title could retitle the window or hide lines. A file or
			// a pipe gets the data as it is.
			out = []byte(text.ForTerminal(buf.String()))
		}
		if _, err := e.stdout.Write(out); err != nil {
			return err
		}
	}
	for _, p := range res.Problems {
		e.printErrors(p)
	}
	errs := append(findErrs, res.Errors...)
	for _, err := range errs {
		e.printErrors(err)
	}
	switch {
	case len(errs) > 0:
		return exitCode(exitFailure)
	case len(res.Problems) > 0:
		return exitCode(exitFindings)
	}
	return nil
}
