package cli

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/safefile"
	"github.com/dealsascode/deals/internal/scaffold"
	"github.com/dealsascode/deals/internal/source"
	"github.com/spf13/cobra"
)

type newFlags struct {
	config, dir, today string
	interactive, print bool
}

func newCommand(e *env) *cobra.Command {
	var f newFlags
	values := map[string]*string{}
	cmd := &cobra.Command{
		Use:   "new",
		Short: "Start a deal file with every TAS step laid out",
		Long: `Write a new deal file: the header from the flags or, on a terminal, from your answers (each is
checked as you type it), and the seven TAS steps laid out as comments that explain what belongs
there. The file is named after the deal's id, in the repository's deals/ folder; an existing file
is never replaced. Afterwards deals new lists what the deal's stage still requires.

On a terminal deals new asks for whatever the flags leave out; elsewhere every required value must
be given as a flag (or use --interactive to answer from standard input). The path of the new file
is printed on standard output.`,
		Example: `  deals new
  deals new --account "ACME Manufacturing" --title "ERP rollout" --owner li-na --size large \
    --product "Plant Suite" --complexity complex --stage qualify --amount 250k --currency EUR \
    --close 2027-03-31`,
		Args: argsBetween(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error { return runNew(cmd, e, f, values) },
	}
	fl := cmd.Flags()
	help := map[string]string{
		"account":    "the customer's company name",
		"title":      "a short name for the opportunity",
		"owner":      "the rep who owns the deal: a team id from " + config.FileName,
		"size":       "account size: small, medium or large",
		"product":    "the product, product line or solution",
		"complexity": "product complexity: simple or complex",
		"stage":      "the pipeline stage (default: the first stage)",
		"amount":     "the expected contract value: 250000, 250k, 1.2M",
		"currency":   "the amount's ISO 4217 currency (default: the base currency)",
		"close":      "the expected close date, YYYY-MM-DD",
		"region":     "where the account buys",
		"industry":   "the account's industry",
		"id":         "the deal id and file name (default: from the account and title)",
	}
	form := scaffold.Form{Config: config.Default()}
	for _, field := range form.Fields() {
		values[field.Name] = fl.String(field.Name, "", help[field.Name])
		if len(field.Choices) > 0 && field.Name != "stage" && field.Name != "owner" {
			_ = cmd.RegisterFlagCompletionFunc(field.Name, cobra.FixedCompletions(field.Choices, cobra.ShellCompDirectiveNoFileComp))
		}
	}
	fl.StringVar(&f.dir, "dir", "", "the folder to write the deal in (default: deals/ in the repository, if there is one)")
	fl.StringVar(&f.config, "config", "", "the configuration file (default: "+config.FileName+" here or in a parent folder)")
	fl.StringVar(&f.today, "today", "", "the date close dates and the new deal's findings are judged against (YYYY-MM-DD; default: today)")
	fl.BoolVarP(&f.interactive, "interactive", "i", false, "ask for every value the flags leave out, even when standard input is not a terminal")
	fl.BoolVar(&f.print, "print", false, "print the deal on standard output instead of writing a file")
	return cmd
}

func runNew(cmd *cobra.Command, e *env, f newFlags, values map[string]*string) error {
	// The configuration comes first: it says the language of the
	// questions, the errors and the new file's comments.
	var start []string
	if f.dir != "" {
		start = []string{f.dir}
	}
	cfg, err := e.loadConfig(f.config, start)
	if err != nil {
		return err
	}
	today, err := todayFlag(f.today)
	if err != nil {
		return usageError{cmd, err}
	}
	linter, err := lint.New(cfg, today)
	if err != nil {
		return err
	}
	linter.WithLang(e.lang)
	p := e.words()
	dir := f.dir
	if dir == "" {
		dir = cfg.Root
		if info, err := os.Stat(filepath.Join(cfg.Root, "deals")); err == nil && info.IsDir() {
			dir = filepath.Join(cfg.Root, "deals")
		}
	}
	taken, err := existingIDs(cfg, dir)
	if err != nil {
		return err
	}
	form := &scaffold.Form{
		Config: cfg, Today: today, Requires: linter.Requires, Lang: e.lang,
		OwnerHint: scaffold.OwnerHint(cfg, history.UserEmail(dir)),
		Taken: func(id string) bool {
			if _, ok := taken[id]; ok {
				return true
			}
			for _, ext := range []string{".yaml", ".yml"} {
				if _, err := os.Lstat(filepath.Join(dir, id+ext)); err == nil {
					return true
				}
			}
			return false
		},
	}
	var bad errorLines
	for _, field := range form.Fields() {
		if !cmd.Flags().Changed(field.Name) {
			continue
		}
		if err := form.Set(field.Name, *values[field.Name]); err != nil {
			bad = append(bad, i18n.Wrap(err, "new.badFlag", "flag", field.Name, "value", *values[field.Name], "error", err))
		}
	}
	if len(bad) > 0 {
		return usageError{cmd, bad}
	}
	if missing := form.Missing(); len(missing) > 0 || f.interactive {
		if !f.interactive && !terminal(e.stdin) {
			for i, m := range missing {
				missing[i] = "--" + m
			}
			return usageError{cmd, i18n.Errorf("new.missing", "flags", missing)}
		}
		if err := form.Ask(bufio.NewReader(e.stdin), e.stderr); err != nil {
			return err
		}
	}

	path := filepath.Join(dir, form.Get("id")+".yaml")
	ref, local := schemaRef(cfg, dir)
	content := scaffold.DealFile(form.Deal(ref), e.lang)
	if f.print {
		_, err := e.stdout.Write(content)
		return err
	}
	d, problems := deal.Parse(path, content)
	if d == nil || len(problems) > 0 {
		// The form checked every value, so this is a defect of deals.
		return i18n.Errorf("new.notParsed", "problems", source.Join(problems).Error())
	}
	if err := safefile.Create(path, content, 0o644); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, path)
	e.noSchemaCopy(local)

	findings := linter.Deal(d, nil).Findings
	stage := form.Get("stage")
	if len(findings) == 0 {
		fmt.Fprintln(e.stderr, p.T("new.created.complete", "path", path, "stage", stage))
	} else {
		// The findings in the form deals lint prints them, in the team's language.
		fmt.Fprintln(e.stderr, p.T("new.created.needs", "path", path, "stage", stage))
		for _, fd := range findings {
			fmt.Fprintf(e.stderr, "  %s\n", fd)
		}
	}
	fmt.Fprintln(e.stderr, p.T("new.created.next"))
	return nil
}

// errorLines are several errors, one a line under the first, each in the
// reader's language when it has words of the catalog.
type errorLines []error

func (l errorLines) Error() string { return l.In(i18n.UI().Printer(i18n.English)) }

// In is the errors in p's language, lined up under "deals: ".
func (l errorLines) In(p i18n.Printer) string {
	out := make([]string, len(l))
	for i, err := range l {
		out[i] = i18n.Text(err, p)
	}
	return strings.Join(out, "\n       ")
}

// schemaRef is how a deal file in dir names its schema for editors: the
// repository's copy (in .deals/, as deals init makes it, or in schema/)
// when it has one, which works offline and for a private fork; else the
// published schema, and local is false.
func schemaRef(cfg *config.Config, dir string) (ref string, local bool) {
	for _, copy := range []string{filepath.Join(cfg.Root, scaffold.SchemaDir, "deal.schema.json"), filepath.Join(cfg.Root, "schema", "deal.schema.json")} {
		if _, err := os.Stat(copy); err == nil {
			if rel, err := relativeTo(dir, copy); err == nil {
				return rel, true
			}
		}
	}
	return scaffold.SchemaURL, false
}

// noSchemaCopy says, when a deal file's modeline names the published
// schema, how to give editors the repository's own copy instead.
func (e *env) noSchemaCopy(local bool) {
	if !local {
		fmt.Fprintln(e.stderr, e.words().T("new.noSchemaCopy", "dir", scaffold.SchemaDir))
	}
}

// relativeTo is target as a slash-separated path relative to dir.
func relativeTo(dir, target string) (string, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	absTarget, err := filepath.Abs(target)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absDir, absTarget)
	return filepath.ToSlash(rel), err
}
