// Package report writes lint results and deal changes in the formats people and CI read: one interface, one file per format.
package report

import (
	"errors"
	"fmt"
	"github.com/dealsascode/deals/internal/i18n"
	"io"
	"slices"
	"strings"

	"github.com/dealsascode/deals/internal/change"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/text"
)

// Reporter writes what deals found in one format: lint results (deals
// lint) and deal changes (deals diff). A format that has no form for one
// of them returns ErrUnsupported; LintFormats and DiffFormats list which
// formats have which.
type Reporter interface {
	Lint(w io.Writer, r *lint.Result) error
	Diff(w io.Writer, r *change.Report) error
}

// ErrUnsupported is a format asked for what it has no form for.
var ErrUnsupported = errors.New("the format does not write this")

// Options tune the reporters; each uses what applies to it.
type Options struct {
	// Color turns on ANSI colour in the text format.
	Color bool
	// Scores adds a completeness table per deal to the text format.
	Scores bool
	// StepSummary is the file GitHub Actions names in GITHUB_STEP_SUMMARY.
	StepSummary string
	// Version is the tool version recorded in json and sarif.
	Version string
}

// LintFormats are the formats of lint results (deals lint --format).
var LintFormats = []string{"text", "json", "github", "sarif"}

// DiffFormats are the formats of deal changes (deals diff --format).
var DiffFormats = []string{"markdown", "text", "json"}

// New returns the reporter for a format.
func New(format string, opts Options) (Reporter, error) {
	switch format {
	case "text":
		return textReporter{opts}, nil
	case "json":
		return jsonReporter{opts}, nil
	case "github":
		return github{opts}, nil
	case "sarif":
		return sarif{opts}, nil
	case "markdown":
		return markdown{opts}, nil
	}
	return nil, fmt.Errorf("unknown format %q: use %s", format, strings.Join(LintFormats, ", "))
}

// NewFor returns the reporter of a format that writes what formats lists,
// or an error that names those formats.
func NewFor(format string, formats []string, opts Options) (Reporter, error) {
	if !slices.Contains(formats, format) {
		return nil, fmt.Errorf("unknown format %q: use %s", format, strings.Join(formats, ", "))
	}
	return New(format, opts)
}

// Summary is the one-line count of what was found, for example
// "12 deals checked: 2 errors, 1 warning, 0 infos".
func Summary(r *lint.Result) string {
	return fmt.Sprintf("%s checked: %s, %s, %s",
		text.Plural(r.Files, "file"), text.Plural(r.Count(lint.Error), "error"), text.Plural(r.Count(lint.Warning), "warning"), text.Plural(r.Count(lint.Info), "info"))
}

// hint is the rule's fix hint, or "".
func hint(rule string) string {
	if r, ok := lint.Lookup(rule); ok {
		return r.Texts(i18n.English).Fix
	}
	return ""
}
