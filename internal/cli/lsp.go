package cli

import (
	"context"
	"errors"

	"github.com/dealsascode/deals/internal/lsp"
	"github.com/spf13/cobra"
)

func lspCommand(e *env) *cobra.Command {
	var today string
	var stdio bool
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "A language server: the TAS coaching, completion and quick fixes in the editor while you type",
		Long: `Speak the Language Server Protocol on stdin and stdout, for an editor to start: VS Code (the
extension in editors/vscode), Neovim, Helix and any other editor with an LSP client. Deal files
get every finding deals lint would report, at its place, recomputed from the editor's text on every
change and compared with the other deals of the repository (duplicate ids); deals.config.yaml gets
its problems. Hover shows what a field means and, on a finding, the rule's explanation; completion
offers the deal's key players, the team, this repository's stages, currencies with a rate and the
values of each field; code actions fix a "did you mean", add a lint.ignore entry, or add a TAS step
the deal lacks as deals new writes it.

The messages are in --lang, else the language of deals.config.yaml, else the editor's. A folder
without deals.config.yaml above it is no deals repository: there only files whose modeline names
the deal schema are checked. Messages about the server itself go to stderr.

Exit status: 0 after the editor's shutdown and exit, 1 when the editor exits without shutdown,
2 on bad flags.`,
		Example: `  deals lsp
  deals lsp --lang zh`,
		Args: argsBetween(0, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if today != "" {
				if _, err := todayFlag(today); err != nil {
					return usageError{cmd, err}
				}
			}
			opts := lsp.Options{Today: today, Log: e.stderr, Version: Version()}
			if e.langFlag != "" {
				opts.Lang = e.lang
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			err := lsp.Serve(ctx, e.stdin, e.stdout, opts)
			if errors.Is(err, lsp.ErrExitBeforeShutdown) {
				return exitCode(1)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&today, "today", "", "the date overdue actions and past close dates are judged against (YYYY-MM-DD; default: the day of each check)")
	// vscode-languageclient adds --stdio when told to use standard streams.
	cmd.Flags().BoolVar(&stdio, "stdio", true, "speak on stdin and stdout (the only way; accepted for editors that pass it)")
	_ = cmd.Flags().MarkHidden("stdio")
	return cmd
}
