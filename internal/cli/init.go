package cli

import (
	"fmt"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/scaffold"
	"github.com/spf13/cobra"
)

func initCommand(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Start a deals repository",
		Long: `Write a new deals repository into DIR (default: the current folder): ` + config.FileName + ` with
every setting written out and explained, a deals/ folder with an example deal, the GitHub workflow
that checks pull requests and publishes the site, editor settings that complete and check deal
files as you type, and a short README for the sales team.

deals init never replaces a file: when any of them exists it writes nothing and says which.`,
		Example: "  deals init pipeline && cd pipeline && git init",
		Args:    argsBetween(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			example := scaffold.DealFile(scaffold.Deal{
				ID: "example-acme-erp", Title: "ERP rollout for three plants",
				Account: "ACME Manufacturing", Size: "large", Region: "EMEA", Industry: "manufacturing",
				Product: "Plant Suite", Complexity: "complex", Owner: "your-id", Stage: "prospect",
				Schema: "../" + scaffold.SchemaDir + "/deal.schema.json",
			})
			files := scaffold.Repository(example, "example-acme-erp.yaml")
			if err := scaffold.WriteNew(dir, files); err != nil {
				return fmt.Errorf("%s: %w", dir, err)
			}
			w := e.stdout
			fmt.Fprintf(w, "Created a deals repository in %s:\n", dir)
			for _, line := range [][2]string{
				{config.FileName, "the pipeline's stages, rules, team and currencies"},
				{"deals/example-acme-erp.yaml", "an example deal to start from, or to delete"},
				{".github/workflows/deals.yml", "checks pull requests and publishes the site"},
				{".vscode/settings.json", "completes and checks deal files as you type"},
				{".deals/", "the schemas editors use"},
				{".editorconfig", "two-space YAML indentation in every editor"},
				{"README.md", "how the team works with the repository"},
			} {
				fmt.Fprintf(w, "  %-29s %s\n", line[0], line[1])
			}
			fmt.Fprintln(w, "\nNext:")
			if dir != "." {
				fmt.Fprintf(w, "  cd %s\n", dir)
			}
			if _, err := history.Open(dir); err != nil {
				fmt.Fprintln(w, "  git init")
			}
			fmt.Fprintln(w, "  deals new      start your first deal (it asks for what it needs)")
			fmt.Fprintln(w, "  deals lint     what each deal still needs for its stage")
			fmt.Fprintln(w, "  deals serve    browse the pipeline site while you work")
			return nil
		},
	}
}
