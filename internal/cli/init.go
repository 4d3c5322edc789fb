package cli

import (
	"bufio"
	"fmt"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/scaffold"
	"github.com/spf13/cobra"
)

func initCommand(e *env) *cobra.Command {
	var currency string
	var interactive bool
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Start a deals repository",
		Long: `Write a new deals repository into DIR (default: the current folder): ` + config.FileName + ` with
every setting written out and explained, a deals/ folder with an example deal, the GitHub workflow
that checks pull requests and builds the site as an artifact of the run (readable by those who can
read the repository; publishing on GitHub Pages is a job to turn on), editor settings that complete
and check deal files as you type, and a short README for the sales team.

deals init never replaces a file and checks everything before it writes anything: when any of the
files exists, or a file or a link that leads nowhere or out of DIR stands where it makes a folder,
it writes nothing and says which.

--currency sets the base currency the forecast adds every deal up in (default USD); on a terminal
deals init asks for it when the flag is not given. Deals in other currencies need a rate in
` + config.FileName + ` (currency.rates) before the forecast can count them.`,
		Example: "  deals init pipeline && cd pipeline && git init\n  deals init pipeline --currency EUR",
		Args:    argsBetween(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			// There is no configuration yet: --lang is the language of
			// the new repository, its files' words and its configuration.
			base := scaffold.DefaultCurrency
			if cmd.Flags().Changed("currency") {
				var err error
				if base, err = scaffold.CurrencyCode(currency); err != nil {
					return usageError{cmd, i18n.Wrap(err, "new.badFlag", "flag", "currency", "value", currency, "error", err)}
				}
			} else if interactive || terminal(e.stdin) {
				var err error
				if base, err = scaffold.AskCurrency(bufio.NewReader(e.stdin), e.stderr, e.lang); err != nil {
					return err
				}
			}
			example := scaffold.Example(e.lang)
			files := scaffold.Repository(e.lang, base, scaffold.DealFile(example, e.lang), example.ID+".yaml")
			if err := scaffold.WriteNew(dir, files); err != nil {
				return i18n.Wrap(err, "init.inDir", "dir", dir, "error", err)
			}
			w, p := e.stdout, e.words()
			fmt.Fprintln(w, p.T("init.created", "dir", dir))
			for _, line := range [][2]string{
				{config.FileName, "config"},
				{"deals/" + example.ID + ".yaml", "example"},
				{".github/workflows/deals.yml", "workflow"},
				{".vscode/settings.json", "vscode"},
				{".deals/", "schemas"},
				{".editorconfig", "editorconfig"},
				{"README.md", "readme"},
			} {
				fmt.Fprintf(w, "  %-29s %s\n", line[0], p.T("init.file."+line[1]))
			}
			fmt.Fprintln(w, "\n"+p.T("init.next"))
			if dir != "." {
				fmt.Fprintf(w, "  cd %s\n", dir)
			}
			if _, err := history.Open(dir); err != nil {
				fmt.Fprintln(w, "  git init")
			}
			for _, step := range []string{"new", "lint", "serve"} {
				fmt.Fprintf(w, "  %-14s %s\n", "deals "+step, p.T("init.step."+step))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&currency, "currency", "", "the base currency of the forecast, a three-letter ISO 4217 code such as EUR (default: USD; asked on a terminal)")
	cmd.Flags().BoolVarP(&interactive, "interactive", "i", false, "ask for what the flags leave out, even when standard input is not a terminal")
	return cmd
}
