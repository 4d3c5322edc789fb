package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/crm"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/progress"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/spf13/cobra"
)

type importFlags struct {
	from, mapping, size, complexity, product string
	out, encoding, delimiter, dateOrder      string
	config, currency                         string
	dryRun                                   bool
}

func importCommand(e *env) *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import --from salesforce|hubspot|pipedrive|csv FILE",
		Short: "Turn a CRM's opportunities export (CSV) into deal files",
		Long: `Turn each row of a CRM's opportunities export into a deal file with the header filled in: id
(made from the account and title, or the record id when the title has no Latin letters), title, account, amount and currency, stage, close date and owner.
The seven TAS steps are for the rep to write.

--from names the CRM, whose standard export columns are known:
  salesforce  Opportunity Name, Account Name, Amount, Opportunity Currency, Stage, Close Date,
              Opportunity Owner, Opportunity ID, Probability (%), Forecast Category, Next Step
              (a report; Data Loader's API names Name, StageName, CloseDate... as well)
  hubspot     Deal Name, Associated Company, Amount, Currency, Deal Stage, Close Date, Deal owner,
              Record ID, Forecast category, Next step, Closed won reason, Closed lost reason
  pipedrive   Deal - Title, Deal - Organization, Deal - Value, Deal - Currency, Deal - Stage,
              Deal - Expected close date, Deal - Owner, Deal - ID, Deal - Lost reason (and
              Deal - Status for won and lost deals)
  csv         the columns deals export writes: id, title, account, amount, currency, stage,
              close_date, owner, size, complexity, product, region, industry
Column names match ignoring case; --map names other columns, as field=Column pairs. The record
id becomes crm_id, the next step close.next_step, a closed deal's reason close.outcome.reason,
the forecast category forecast, the probability a comment on the stage.

Stages map through crm_stages in deals.config.yaml, then the configuration's own stage ids and
names, then the standard stages of Salesforce, HubSpot and Pipedrive. Owners map to team members
by id, name or email; an owner not in the team gets an id made from the name. CRM exports know
nothing of the account size or the product's complexity: --size and --complexity fill them, and
--product names the product unless a column holds it; the file says so, for the rep to check.

The file may be UTF-8 (with or without BOM), GBK (Chinese Excel) or UTF-16, comma-, semicolon- or
tab-separated, at most 256 MiB, with cells up to 128 KiB and rows up to 1 MiB. Amounts may have
thousands separators and a currency (US$, €, £, CN¥, RMB, 元, an ISO code); $ or ¥ alone needs a
currency column or --currency. Dates may be 2027-03-31, 2027/3/31, 3/31/2027 or 31.03.2027: dotted
dates read day first, the others as the other dates of their column say; a date that reads two
ways, or sits in a column that has dates of both orders, is reported (see --date-order). A Salesforce report's footer is left out; a duplicate (the
same record id, or the same account and title) is skipped, naming both rows.

Files are written to --out (default: the deals folder next to deals.config.yaml), named after
their id. Nothing is overwritten: a row whose id or file exists already is skipped. The report
on stderr lists every row, imported or skipped with every problem at its row and column.

Exit status: 0 when every row was imported, 1 when some rows were skipped, 2 when the import could
not run (bad flags, an unreadable file, a column missing).`,
		Example: `  deals import --from salesforce opportunities.csv --product "Plant Suite"
  deals import --from hubspot deals.csv --product Platform --size large --dry-run
  deals import --from csv pipeline.csv --map title=Name,account=Customer,amount=Value --product Platform
  deals import --from pipedrive deals.csv --product Platform --date-order dmy
  deals import --from salesforce report.csv --product Platform --currency USD`,
		Args: argsBetween(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error { return runImport(cmd, e, f, args[0]) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.from, "from", "", "where the export comes from: "+strings.Join(crm.SourceIDs(), ", ")+" (required)")
	fl.StringVar(&f.mapping, "map", "", "columns for fields, as field=Column,field=Column; fields: id, title, account, amount, currency, stage, close_date, owner, size, complexity, product, region, industry, record_id, probability, forecast, next_step, won_reason, lost_reason")
	fl.StringVar(&f.size, "size", "medium", "account size of the imported deals: small, medium or large")
	fl.StringVar(&f.complexity, "complexity", "simple", "product complexity of the imported deals: simple or complex")
	fl.StringVar(&f.product, "product", "", "product name of the imported deals (required unless a column holds it)")
	fl.StringVarP(&f.out, "out", "o", "", "folder the deal files are written to (default: deals next to "+config.FileName+", or ./deals)")
	fl.BoolVarP(&f.dryRun, "dry-run", "n", false, "write nothing; report what would be written")
	fl.StringVar(&f.encoding, "encoding", "auto", "the file's encoding: "+strings.Join(crm.Encodings, ", "))
	fl.StringVar(&f.delimiter, "delimiter", "auto", "the field separator: auto, a character such as ; or tab")
	fl.StringVar(&f.dateOrder, "date-order", "auto", "how 3/4/2027 and 03.04.2027 read: auto (as the column's other dates say; dotted dates day first), mdy (month first) or dmy (day first)")
	fl.StringVar(&f.currency, "currency", "", "the currency of amounts when the export has no currency column, or it is empty: an ISO code such as USD")
	fl.StringVar(&f.config, "config", "", "the configuration file (default: "+config.FileName+" in --out or a parent folder, else in the current folder or a parent)")
	_ = cmd.RegisterFlagCompletionFunc("from", cobra.FixedCompletions(crm.SourceIDs(), cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("size", cobra.FixedCompletions(choices(deal.Sizes), cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("complexity", cobra.FixedCompletions(choices(deal.Complexities), cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("encoding", cobra.FixedCompletions(crm.Encodings, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("date-order", cobra.FixedCompletions([]string{"auto", "mdy", "dmy"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("out", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveFilterDirs
	})
	return cmd
}

func runImport(cmd *cobra.Command, e *env, f importFlags, file string) error {
	// The configuration is the one of where the deals go, else of here. It
	// is read first: it says the language of everything the import
	// writes, its usage errors and the comments of the files included.
	configFile := f.config
	if configFile == "" && f.out != "" {
		configFile = config.Find(f.out)
	}
	cfg, err := e.loadConfig(configFile, nil)
	if err != nil {
		return err
	}
	choice := func(flag, value string, values []string) error {
		return usageError{cmd, i18n.Errorf("cli.flag", "flag", flag, "error", &deal.ChoiceError{Value: value, Values: values})}
	}
	if f.from == "" {
		return usageError{cmd, i18n.Errorf("import.flag.fromRequired", "sources", crm.SourceIDs())}
	}
	src, ok := crm.LookupSource(f.from)
	if !ok {
		return choice("--from", f.from, crm.SourceIDs())
	}
	overrides, err := crm.ParseMap(f.mapping)
	if err != nil {
		return usageError{cmd, err}
	}
	if _, err := deal.ParseChoice(f.size, deal.Sizes); err != nil {
		return usageError{cmd, i18n.Errorf("cli.flag", "flag", "--size", "error", err)}
	}
	if _, err := deal.ParseChoice(f.complexity, deal.Complexities); err != nil {
		return usageError{cmd, i18n.Errorf("cli.flag", "flag", "--complexity", "error", err)}
	}
	delim, err := crm.ParseDelimiter(f.delimiter)
	if err != nil {
		return usageError{cmd, err}
	}
	order, err := crm.ParseDateOrder(f.dateOrder)
	if err != nil {
		return usageError{cmd, err}
	}
	currency := ""
	if f.currency != "" {
		code, ok := crm.CurrencyCode(f.currency)
		if !ok || code == "" {
			return usageError{cmd, i18n.Errorf("import.flag.currency", "value", f.currency)}
		}
		currency = code
	}
	switch strings.ToLower(f.encoding) {
	case "auto", "utf-8", "utf8", "gbk":
	default:
		return choice("--encoding", f.encoding, crm.Encodings)
	}
	out := f.out
	if out == "" {
		out = "deals"
		if cfg.File != "" {
			out = filepath.Join(cfg.Root, "deals")
		}
	}

	p := e.words()
	table, err := crm.ReadFile(file, crm.ReadOptions{Encoding: f.encoding, Delimiter: delim})
	if err != nil {
		return err
	}
	if table.Encoding == "GBK" && strings.EqualFold(f.encoding, "auto") {
		fmt.Fprintln(e.stderr, p.T("cli.error", "error", i18n.M("import.gbk", "file", file)))
	}
	existing, err := existingIDs(cfg, out)
	if err != nil {
		return err
	}
	ref, local := schemaRef(cfg, out)
	plan, err := crm.Prepare(cfg, table, crm.Options{
		Source: src, File: file, Map: overrides,
		Size: f.size, Complexity: f.complexity, Product: f.product, Currency: currency,
		DateOrder: order, OutDir: out, Existing: existing, Schema: ref,
		Lang: e.lang,
	})
	if err != nil {
		var missing *crm.MissingColumnsError
		if errors.As(err, &missing) && len(missing.Missing) == 1 && missing.Missing[0].Field == crm.FieldProduct {
			return i18n.Wrap(err, "import.noProduct", "file", file)
		}
		return err
	}
	if !f.dryRun {
		bar := progress.Start(e.stderr, p.T("import.progress"), showProgress(e))
		plan.Write(bar.Update)
		bar.Finish()
	}
	failed := reportImport(e.stderr, p, file, table, plan, f.dryRun)
	if !f.dryRun {
		e.noSchemaCopy(local)
	}
	switch {
	case failed:
		return exitCode(exitFailure)
	case plan.Skipped() > 0:
		return exitCode(exitFindings)
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// existingIDs maps the ids of the deals already in the repository (and in
// the output folder, when it is elsewhere) to their files.
func existingIDs(cfg *config.Config, out string) (map[string]string, error) {
	var paths []string
	if cfg.File != "" {
		paths = append(paths, cfg.Root)
	}
	if info, err := os.Stat(out); err == nil && info.IsDir() && !inside(out, cfg.Root, cfg.File != "") {
		paths = append(paths, out)
	}
	ids := map[string]string{}
	if len(paths) == 0 {
		return ids, nil
	}
	rd, files, errs := repo.FindOnDisk(cfg, paths...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	found := make([]deal.Text, len(files))
	rd.Read(files, func(i int, l *repo.Loaded) {
		if l.Err == nil {
			found[i] = l.ID()
		}
	})
	for i, id := range found {
		if id.Set() {
			if _, dup := ids[id.Value]; !dup {
				ids[id.Value] = files[i].Name
			}
		}
	}
	return ids, nil
}

// inside reports whether dir is root or under it (when there is a root).
func inside(dir, root string, hasRoot bool) bool {
	if !hasRoot {
		return false
	}
	rel, err := relativeTo(root, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// reportImport writes the report of every row in p's language, and says
// whether any file could not be written.
func reportImport(w io.Writer, p i18n.Printer, file string, t *crm.Table, plan *crm.Plan, dryRun bool) (failed bool) {
	var separated i18n.Msg
	switch t.Delimiter {
	case ',':
		separated = i18n.M("import.separated.comma")
	case ';':
		separated = i18n.M("import.separated.semicolon")
	case '\t':
		separated = i18n.M("import.separated.tab")
	default:
		separated = i18n.M("import.separated.other", "char", strconv.QuoteRune(t.Delimiter))
	}
	var encoding any = t.Encoding
	if t.Encoding == crm.UTF8BOM {
		encoding = i18n.M("import.read.utf8BOM")
	}
	fmt.Fprintln(w, p.T("import.header", "file", file, "source", plan.Source.Name, "encoding", encoding, "separated", separated,
		"rows", i18n.M("import.rows", "count", len(plan.Items))))
	imported := "import.row.imported"
	if dryRun {
		imported = "import.row.wouldImport"
	}
	for _, it := range plan.Items {
		switch {
		case it.Err != nil:
			failed = true
			fmt.Fprintln(w, p.T("import.row.failed", "row", it.Row, "path", it.Path, "error", unwrapPath(it.Err).Error()))
		case len(it.Problems) > 0:
			for i, pr := range it.Problems {
				key := "import.row.skipped"
				if i > 0 {
					key = "import.row.also"
				}
				at := i18n.M("import.row.at", "row", it.Row)
				if pr.Field != "" {
					at = i18n.M("import.row.atColumn", "row", it.Row, "column", pr.Field)
				}
				fmt.Fprintln(w, p.T(key, "at", at, "reason", pr.Text(p)))
			}
		case it.Skip != nil:
			fmt.Fprintln(w, p.T("import.row.skipped", "at", i18n.M("import.row.at", "row", it.Row), "reason", i18n.Text(it.Skip, p)))
		default:
			fmt.Fprintln(w, p.T(imported, "row", it.Row, "path", it.Path))
			for _, n := range it.Notes {
				fmt.Fprintln(w, p.T("import.row.note", "row", it.Row, "note", n))
			}
		}
	}
	if n := len(plan.Footer); n > 0 {
		fmt.Fprintln(w, p.T("import.footer", "from", plan.Footer[0].Number, "to", plan.Footer[n-1].Number, "source", plan.Source.Name))
	}
	rows, skipped := i18n.M("import.rows", "count", plan.Imported()), plan.Skipped()
	if dryRun {
		fmt.Fprintln(w, p.T("import.dryRun", "rows", rows, "skipped", skipped))
	} else {
		fmt.Fprintln(w, p.T("import.done", "rows", rows, "skipped", skipped))
	}
	return failed
}
