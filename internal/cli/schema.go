package cli

import (
	"fmt"

	"github.com/dealsascode/deals/schema"
	"github.com/spf13/cobra"
)

func schemaCommand(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "schema [deal|config]",
		Short: "Print the JSON Schema of deal files or of deals.config.yaml",
		Long: `Print the JSON Schema (draft-07) of deal files, or with "config" of deals.config.yaml. Editors use it
to complete and check files as they are typed; see the README for VS Code and other editors.`,
		Example:   "  deals schema > deal.schema.json\n  deals schema config > config.schema.json",
		Args:      argsBetween(0, 1),
		ValidArgs: []string{"deal", "config"},
		RunE: func(cmd *cobra.Command, args []string) error {
			which := "deal"
			if len(args) == 1 {
				which = args[0]
			}
			switch which {
			case "deal":
				_, err := e.stdout.Write(schema.Deal().JSON())
				return err
			case "config":
				_, err := e.stdout.Write(schema.Config().JSON())
				return err
			}
			return usageError{cmd, fmt.Errorf("unknown schema %q: use deal or config", which)}
		},
	}
}
