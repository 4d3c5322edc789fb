// Package report writes lint results and deal changes in the formats people and CI read: one interface, one file per format.
package report

import (
	"errors"
	"fmt"
	"github.com/dealsascode/deals/internal/accuracy"
	"io"
	"slices"
	"strings"

	"github.com/dealsascode/deals/internal/change"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/movement"
)

// Reporter writes what deals found in one format: lint results (deals
// lint) and deal changes (deals diff). A format that has no form for one
// of them returns ErrUnsupported; LintFormats and DiffFormats list which
// formats have which.
type Reporter interface {
	Lint(w io.Writer, r *lint.Result) error
	Diff(w io.Writer, r *change.Report) error
	Movement(w io.Writer, r *movement.Report) error
	Accuracy(w io.Writer, r *accuracy.Report) error
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
	// Lang is the language of the texts people read: messages, rule
	// texts, summaries. The zero Lang is English.
	Lang i18n.Lang
	// BaseURL is where the team's site is published (deals build
	// --base-url): findings link to its rule pages.
	BaseURL string
	// Linter is the linter whose rules (the built-in ones and the
	// team's) the findings come from; nil means the built-in rules.
	Linter *lint.Linter
}

// words are the interface texts in the options' language.
func (o Options) words() i18n.Printer {
	if o.Lang == "" {
		return i18n.UI().Printer(i18n.English)
	}
	return i18n.UI().Printer(o.Lang)
}

func (o Options) lang() i18n.Lang {
	if o.Lang == "" {
		return i18n.English
	}
	return o.Lang
}

// rules are the rules findings can come from, in the order they are listed.
func (o Options) rules() []*lint.Rule {
	if o.Linter != nil {
		return o.Linter.Rules()
	}
	return lint.Rules()
}

// rule finds a rule by id among o.rules.
func (o Options) rule(id string) (*lint.Rule, bool) {
	if o.Linter != nil {
		return o.Linter.Rule(id)
	}
	return lint.Lookup(id)
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

// Summary is the one-line count of what was found in p's language, for
// example "12 files checked: 2 errors, 1 warning, 0 infos".
func Summary(r *lint.Result, p i18n.Printer) string {
	return p.T("report.summary", "files", i18n.M("report.files", "count", r.Files),
		"errors", i18n.M("report.errors", "count", r.Count(lint.Error)),
		"warnings", i18n.M("report.warnings", "count", r.Count(lint.Warning)),
		"infos", i18n.M("report.infos", "count", r.Count(lint.Info)))
}

// hint is the rule's fix hint, or "".
func (o Options) hint(rule string) string {
	if r, ok := o.rule(rule); ok {
		return r.Texts(o.lang()).Fix
	}
	return ""
}
