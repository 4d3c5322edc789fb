// Package report writes lint results in the formats people and CI read: text, json, github, sarif.
package report

import (
	"fmt"
	"github.com/dealsascode/deals/internal/i18n"
	"io"
	"strings"

	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/text"
)

// Reporter writes one lint report.
type Reporter interface {
	Report(w io.Writer, r *lint.Result) error
}

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

// Formats lists the accepted --format values.
var Formats = []string{"text", "json", "github", "sarif"}

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
	}
	return nil, fmt.Errorf("unknown format %q: use %s", format, strings.Join(Formats, ", "))
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
