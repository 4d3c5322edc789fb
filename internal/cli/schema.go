package cli

import (
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/schema"
	"github.com/spf13/cobra"
)

func schemaCommand(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "schema [deal|config]",
		Short: "Print the JSON Schema of deal files or of deals.config.yaml",
		Long: `Print the JSON Schema (draft-07) of deal files, or with "config" of deals.config.yaml. Editors use it
to complete and check files as they are typed; see the README for VS Code and other editors.

The descriptions editors show on hover and completion are in the team's language: --lang, or
language in deals.config.yaml (here or in a parent folder), else English. With --lang zh they are
in Chinese; the schema is otherwise the same.`,
		Example:   "  deals schema > deal.schema.json\n  deals schema config > config.schema.json\n  deals schema --lang zh > deal.schema.json",
		Args:      argsBetween(0, 1),
		ValidArgs: []string{"deal", "config"},
		RunE: func(cmd *cobra.Command, args []string) error {
			which := "deal"
			if len(args) == 1 {
				which = args[0]
			}
			var s *schema.Schema
			switch which {
			case "deal":
				s = schema.Deal()
			case "config":
				s = schema.Config()
			default:
				return usageError{cmd, i18n.Errorf("cli.unknownSchema", "value", which, "schemas", []string{"deal", "config"})}
			}
			// Only the configuration's language: a schema is what one
			// needs to fix a configuration that does not load.
			e.peekLanguage(config.Find("."))
			_, err := e.stdout.Write(s.JSONIn(string(e.lang)))
			return err
		},
	}
}
