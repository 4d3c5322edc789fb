// Package cli defines the deals commands; each command's logic lives in its own package.
package cli

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime/debug"
	"strings"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/internal/text"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes, as linters use them: findings are not failures of the tool.
const (
	exitOK       = 0
	exitFindings = 1
	exitFailure  = 2
)

// exitCode ends a command with a code and no further message.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// version is set at link time (-ldflags "-X .../cli.version=v1.2.3");
// otherwise the module version recorded by go install is used.
var version = ""

func Version() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// env is what a command may touch of the outside world, so tests can run
// commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string

	// langFlag is --lang as typed, "" when not given; lang is the language
	// of what the command writes for people: --lang, else the
	// configuration's language, else English.
	langFlag string
	lang     i18n.Lang
}

// words are the interface texts in the command's language.
func (e *env) words() i18n.Printer { return i18n.UI().Printer(e.lang) }

// useConfig takes the configuration's language, unless --lang says
// another.
func (e *env) useConfig(cfg *config.Config) {
	if e.langFlag == "" && cfg != nil && cfg.Language != "" {
		e.lang = cfg.Language
	}
}

// peekLanguage takes the language of the configuration file, without
// loading the configuration, for commands that hand the file to a package
// and for errors in the file itself.
func (e *env) peekLanguage(file string) {
	if e.langFlag != "" || file == "" {
		return
	}
	if l, ok := config.LanguageOf(file); ok {
		e.lang = l
	}
}

// commands lists every deals command, in the order help shows them.
func commands(e *env) []*cobra.Command {
	return []*cobra.Command{
		initCommand(e),
		newCommand(e),
		lintCommand(e),
		fmtCommand(e),
		buildCommand(e),
		serveCommand(e),
		diffCommand(e),
		importCommand(e),
		exportCommand(e),
		explainCommand(e),
		reportCommand(e),
		schemaCommand(e),
		lspCommand(e),
	}
}

// terminal reports whether a standard stream is a terminal, where people
// rather than programs read and type.
func terminal(stream any) bool {
	f, ok := stream.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// showProgress reports whether long commands draw a progress bar: only for
// a person watching a terminal, never into logs or pipes.
func showProgress(e *env) bool {
	return terminal(e.stderr) && e.getenv("TERM") != "dumb" && e.getenv("CI") == ""
}

// Main runs deals with args and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	e := &env{stdin: os.Stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, lang: i18n.English}
	root := &cobra.Command{
		Use:   "deals",
		Short: "Deals as code: a TAS sales pipeline kept as YAML files in git",
		Long: `deals keeps every B2B deal as a YAML file in a git repository and checks each one against the
seven steps of Target Account Selling (TAS), stage by stage.

  deals init [DIR]      start a deals repository
  deals new             start a deal file, every TAS step laid out
  deals lint            check every deal under the repository
  deals fmt             format deal files, keeping every comment
  deals build           render the static site of the pipeline
  deals serve           the site on this computer, reloaded as you edit
  deals diff            what changed in the deals since a revision
  deals import          deal files from a CRM export (CSV)
  deals export          every deal as CSV or JSON, for finance
  deals explain RULE    what a rule checks, why, and how to fix it
  deals schema          the deal file JSON Schema, for editors`,
		Version:       Version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate("deals {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{cmd: c, err: err}
	})
	root.PersistentFlags().StringVar(&e.langFlag, "lang", "", "the language of what deals writes for people: en or zh (default: language in "+config.FileName+", else en)")
	_ = root.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions(i18n.Codes(), cobra.ShellCompDirectiveNoFileComp))
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		e.lang = i18n.English
		if e.langFlag == "" {
			return nil
		}
		l, err := i18n.Parse(e.langFlag)
		if err != nil {
			return usageError{cmd, i18n.Errorf("cli.badLang", "value", e.langFlag, "langs", i18n.Codes())}
		}
		e.lang = l
		return nil
	}
	root.AddCommand(commands(e)...)
	err := root.Execute()
	// Cobra checks the arguments before the hook that reads --lang: a
	// mistake in them is still said in the language asked for.
	if l, perr := i18n.Parse(e.langFlag); e.langFlag != "" && perr == nil {
		e.lang = l
	}
	var code exitCode
	var usage usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &code):
		return int(code)
	case errors.As(err, &usage):
		fmt.Fprintln(stderr, e.words().T("cli.usage", "error", i18n.Text(usage.err, e.words()), "cmd", usage.cmd.CommandPath()))
		return exitFailure
	case strings.HasPrefix(err.Error(), "unknown command"):
		fmt.Fprintln(stderr, e.words().T("cli.usage", "error", err.Error(), "cmd", "deals"))
		return exitFailure
	default:
		e.printErrors(err)
		return exitFailure
	}
}

// printErrors writes errors to stderr in the command's language.
func (e *env) printErrors(err error) { printErrors(e.stderr, err, e.words()) }

// printErrors writes one line per error, in p's language where the error
// has words of the catalog: errors that name a file print as
// file:line:col: msg, like a compiler's; the others say they come from deals.
func printErrors(w io.Writer, err error, p i18n.Printer) {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			printErrors(w, e, p)
		}
		return
	}
	// An error quotes file names and values of deal files, which are
	// anyone's: no escape sequence of theirs reaches the terminal.
	var se *source.Error
	if errors.As(err, &se) && se.File != "" {
		fmt.Fprintln(w, text.ForTerminal(i18n.Text(err, p)))
		return
	}
	fmt.Fprintln(w, text.ForTerminal(p.T("cli.error", "error", i18n.Text(err, p))))
}

// usageError is a mistake in how a command was called.
type usageError struct {
	cmd *cobra.Command
	err error
}

func (u usageError) Error() string { return u.err.Error() }

// argsBetween accepts from min to max positional arguments (max < 0: any).
func argsBetween(min, max int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) < min || (max >= 0 && len(args) > max) {
			var want i18n.Msg
			switch {
			case max < 0:
				want = i18n.M("cli.args.atLeast", "count", min)
			case min == max:
				want = i18n.M("cli.args.exactly", "count", min)
			default:
				want = i18n.M("cli.args.between", "min", min, "max", max)
			}
			return usageError{cmd: c, err: i18n.Errorf("cli.args.wrong", "cmd", c.CommandPath(), "want", want, "got", len(args))}
		}
		return nil
	}
}

// siteAddress reports whether a --base-url is empty or an absolute web
// address, the only kind pages and reports may link to.
func siteAddress(s string) bool {
	if s == "" {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
