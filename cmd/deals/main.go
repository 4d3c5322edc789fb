// Command deals lints and publishes a sales pipeline kept as YAML files in git.
package main

import (
	"os"

	"github.com/dealsascode/deals/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
