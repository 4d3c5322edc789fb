// Package report writes lint results in the formats people and CI read: text, json, github, sarif.
package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/dealsascode/deals/internal/lint"
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
		return text{opts}, nil
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
		plural(r.Files, "file"), plural(r.Count(lint.Error), "error"), plural(r.Count(lint.Warning), "warning"), plural(r.Count(lint.Info), "info"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// oneLine keeps deal text from breaking a line-based format or reaching
// the terminal as control sequences: line breaks become spaces, other
// control characters U+FFFD.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case unicode.IsControl(r):
			return '\uFFFD'
		}
		return r
	}, s)
}

// hint is the rule's fix hint, or "".
func hint(rule string) string {
	if r, ok := lint.Lookup(rule); ok {
		return r.Hint
	}
	return ""
}
