package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dealsascode/deals/internal/format"
	"github.com/dealsascode/deals/internal/progress"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/safefile"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/internal/text"
	"github.com/spf13/cobra"
)

type fmtFlags struct {
	check, diff bool
	config      string
}

func fmtCommand(e *env) *cobra.Command {
	var f fmtFlags
	cmd := &cobra.Command{
		Use:   "fmt [PATH...]",
		Short: "Format deal files the same way for everyone, keeping every comment and value",
		Long: `Rewrite every deal file under the given paths (default: the repository holding deals.config.yaml,
or the current folder) in the canonical form, so that diffs show what changed and not who edited:

  - two-space indentation, lists indented under their key
  - the header first, then the TAS steps in their order; every object's fields in the schema's
    order (fields the schema does not know follow, in their order)
  - one blank line before each TAS step (assessment ... lint), and before a top-level comment
    block that had one; no other blank lines outside text blocks
  - quotes only where YAML needs them: 'x' becomes x, but '123', 'yes' and '2027-03-31' keep
    theirs (unquoted they would read as a number, a boolean and a date)
  - flow lists and mappings ([a, b], {name: A}) and text blocks (| and >) keep their style and
    lines; every comment stays, with the spaces before it, the modeline at the top

A file is only written when it changes, atomically (a temporary file beside it, renamed over it),
keeping its permissions. A symbolic link is never written through: a link to a deal file in the
repository is formatted as that file, one that leads outside is refused, and a link that is
not formatted is reported with its target. Before writing,
deals fmt reads the result back: if the data or the comments would differ in any way, the file is
left as is and reported. A file that does not parse is left untouched and reported with its
position; the other files are still formatted.

Exit status: 0 when every file is formatted (or was rewritten), 1 with --check when a file is not
formatted, 2 when a file could not be read, parsed or formatted.`,
		Example: `  deals fmt
  deals fmt deals/acme-erp-2027.yaml
  deals fmt --check          # in CI or a pre-commit hook
  deals fmt --diff           # what would change, as a unified diff`,
		Args: argsBetween(0, -1),
		RunE: func(cmd *cobra.Command, args []string) error { return runFmt(e, f, args) },
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.check, "check", false, "write nothing; list the files that are not formatted and exit 1 if there are any")
	fl.BoolVarP(&f.diff, "diff", "d", false, "write nothing; show what would change as a unified diff (with --check, exit 1 if anything would)")
	fl.StringVar(&f.config, "config", "", "the configuration file (default: deals.config.yaml in the first path or a parent folder)")
	return cmd
}

// fmtResult is what formatting one file came to.
type fmtResult struct {
	file     string
	old, new []byte
	changed  bool
	err      error
}

func runFmt(e *env, f fmtFlags, args []string) error {
	cfg, err := e.loadConfig(f.config, args)
	if err != nil {
		return err
	}
	rd, _, files, findErrs, err := dealFiles(cfg, args)
	if err != nil {
		return err
	}
	write := !f.check && !f.diff
	results := make([]fmtResult, len(files))
	bar := progress.Start(e.stderr, "formatting", showProgress(e))
	rd.Progress = bar.Update
	rd.Read(files, func(i int, l *repo.Loaded) { results[i] = formatFile(l, write, f.diff) })
	bar.Finish()

	for _, err := range findErrs {
		e.printErrors(err)
	}
	failed, unformatted := len(findErrs) > 0, false
	for _, r := range results {
		if r.err != nil {
			e.printErrors(r.err)
			failed = true
			continue
		}
		if !r.changed {
			continue
		}
		unformatted = true
		switch {
		case f.diff:
			name := filepath.ToSlash(r.file)
			fmt.Fprint(e.stdout, format.Diff("a/"+name, "b/"+name, r.old, r.new))
		default: // --check lists what is not formatted; otherwise what was rewritten
			fmt.Fprintln(e.stdout, text.OneLine(r.file))
		}
	}
	switch {
	case failed:
		return exitCode(exitFailure)
	case f.check && unformatted:
		return exitCode(exitFindings)
	}
	return nil
}

// formatFile formats one file and, when write is set and it changes,
// replaces it. The old and new bytes are kept for a diff only.
func formatFile(l *repo.Loaded, write, keep bool) fmtResult {
	file, data := l.Name, l.Data
	r := fmtResult{file: file}
	if l.Err != nil {
		r.err = l.Err
		return r
	}
	if data == nil { // too large to be a deal
		_, problems := l.Parse()
		r.err = source.Join(problems)
		return r
	}
	out, err := format.Source(file, data)
	if err != nil {
		r.err = err
		return r
	}
	r.changed = !bytes.Equal(data, out)
	if keep {
		r.old, r.new = data, out
	}
	if r.changed && write && l.Linked() {
		// Writing through a link rewrites a file somewhere else, which
		// may be shared or outside the repository: name it instead.
		r.err = source.Problem(file, source.Pos{}, fs.ErrInvalid, "format.link", "target", target(l))
		return r
	}
	if r.changed && write {
		if err := safefile.Write(file, out, 0o644); err != nil {
			r.err = source.Problem(file, source.Pos{}, err, "format.cannotWrite", "detail", pathErr(err).Error())
		}
	}
	return r
}

// target is the file a link reaches, as people name it.
func target(l *repo.Loaded) string {
	if t, err := filepath.EvalSymlinks(l.Name); err == nil {
		return t
	}
	return l.Name
}

// pathErr drops the operation and path from an I/O error: the file is
// named already.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
