package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/serve"
	"github.com/dealsascode/deals/render"
	"github.com/spf13/cobra"
)

func serveCommand(e *env) *cobra.Command {
	var o render.Options
	var configFile, addr string
	cmd := &cobra.Command{
		Use:   "serve [PATH...]",
		Short: "Serve the site while you edit the deals: rebuilt and reloaded on every save",
		Long: `Build the site in memory and serve it on this computer, at http://127.0.0.1:8080/ unless --addr
says otherwise. Whenever a deal file changes, it is read again and its page and the pages that show
it are rendered again, from what was kept of the other deals; a change of deals.config.yaml or of a
rule pack it includes renders every page. The pages open in the browser then reload themselves. The
site is kept in memory, compressed; nothing is written to disk.

A deal file with errors does not stop the server: it is on the File errors page, and a banner at the
top of every page says how many files have errors. When the site cannot be rebuilt at all (an
invalid deals.config.yaml), the last good site is still served, with the error in the banner.

The git history (timelines, days in stage, slips) is read once, when deals serve starts. With
--as-of the site of that moment is built once and served as it is. An --addr
that is not a loopback address makes the pipeline visible to the network: deals serve warns then.

Exit status: 0 when stopped with Ctrl-C, 2 when the site could not be served (bad flags, an invalid
deals.config.yaml at the start, an address in use).`,
		Example: `  deals serve
  deals serve examples --lang zh
  deals serve --addr 127.0.0.1:9000`,
		Args: argsBetween(0, -1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := serve.CheckAddr(addr); err != nil {
				return usageError{cmd, err}
			}
			if o.Today != "" { // otherwise each build judges by the day it runs
				if _, err := todayFlag(o.Today); err != nil {
					return usageError{cmd, err}
				}
			}
			siteOptions(e, &o, configFile, args)
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
			defer stop()
			err := serve.Run(ctx, serve.Options{
				Addr:   addr,
				Build:  o,
				Log:    e.stderr,
				Lang:   e.lang,
				Getenv: e.getenv,
				Listening: func(a string) {
					fmt.Fprintln(e.stdout, e.words().T("serve.listening", "url", "http://"+a+"/"))
				},
			})
			return siteError(cmd, err)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&addr, "addr", serve.DefaultAddr, "the address to listen on, HOST:PORT (port 0 picks a free one)")
	fl.StringVar(&o.Today, "today", "", "the date overdue actions and slipped close dates are judged against (YYYY-MM-DD; default: the day of each rebuild)")
	fl.StringVar(&configFile, "config", "", "the configuration file (default: "+config.FileName+" in the first path or a parent folder)")
	fl.StringVar(&o.AsOf, "as-of", "", "serve the site as the repository was at a date (YYYY-MM-DD: its last commit that day) or a git revision; nothing is watched")
	return cmd
}
