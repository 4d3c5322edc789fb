package lsp

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"sort"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/source"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// schedule asks for a document to be linted again; the lock is held.
func (s *server) schedule(d *document) {
	switch d.kind {
	case dealFile:
		s.pending[d.uri] = true
		s.signal()
	case configFile:
		text := d.text.s
		s.reloadConfig(d.space, &text)
	default:
		if d.shown != "" {
			d.shown = ""
			u := d.uri
			s.notify(func() {
				_ = s.client.PublishDiagnostics(context.Background(), &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}})
			})
		}
	}
}

func (s *server) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// job is what linting one document needs, taken under the lock.
type job struct {
	doc     *document
	version int32
	text    string
	name    string
	space   *workspace
	linter  *lint.Linter
}

// result is what linting one document found.
type result struct {
	job
	findings []lint.Finding
	ref      lint.DealRef
	parsed   *deal.Deal
	valid    bool
}

// work lints the pending documents until ctx ends: each with the text it
// has when its turn comes, so that a burst of edits costs one lint.
func (s *server) work(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		}
		for {
			jobs := s.takeJobs()
			if len(jobs) == 0 {
				break
			}
			results := make([]result, 0, len(jobs))
			for _, j := range jobs {
				results = append(results, s.lintOne(j))
			}
			s.finish(results)
		}
	}
}

func (s *server) takeJobs() []job {
	s.mu.Lock()
	defer s.mu.Unlock()
	var jobs []job
	for u := range s.pending {
		d, ok := s.docs[u]
		delete(s.pending, u)
		if !ok || d.kind != dealFile || d.space == nil {
			continue
		}
		w := d.space
		if w.linter != nil && s.opts.Today == "" && w.today != s.today() {
			// A new day: overdue actions and past close dates move.
			w.setConfig(w.cfg, nil, s.opts.Lang, s.fallbackLang(), s.today())
		}
		jobs = append(jobs, job{doc: d, version: d.version, text: d.text.s, name: d.name, space: w, linter: w.linter})
	}
	sort.Slice(jobs, func(i, k int) bool { return jobs[i].name < jobs[k].name })
	s.linting = len(jobs) > 0
	return jobs
}

// lintOne parses and lints one deal as the editor holds it. A panic in a
// rule is a finding at the top of the file, not a dead server.
func (s *server) lintOne(j job) (r result) {
	r.job = j
	defer func() {
		if p := recover(); p != nil {
			s.logf("deals lsp: %s: internal error: %v\n%s", j.name, p, debug.Stack())
			r.findings = []lint.Finding{{File: j.name, Pos: source.Pos{Line: 1, Col: 1}, Severity: lint.Error, Rule: lint.RuleParse, Step: lint.StepDeal,
				Message: fmt.Sprintf("deals lsp: internal error: %v", p)}}
		}
	}()
	if j.linter == nil {
		return r // the configuration never parsed: its problems are shown on it
	}
	data := []byte(j.text)
	var d *deal.Deal
	var problems []*source.Error
	if len(data) > deal.MaxFileSize {
		problems = []*source.Error{deal.TooLarge(j.name, int64(len(data)))}
	} else {
		d, problems = deal.Parse(j.name, data)
	}
	res := j.linter.Deal(d, problems)
	r.findings, r.parsed, r.valid = res.Findings, d, len(problems) == 0
	if d != nil {
		r.ref = lint.DealRef{File: j.name, ID: d.ID, Stage: d.Stage.Value}
	} else if id, ok := deal.QuickID(data); ok {
		r.ref = lint.DealRef{File: j.name, ID: id}
	} else {
		r.ref = lint.DealRef{File: j.name}
	}
	return r
}

// finish keeps what linting found for the documents still at the version
// linted, then publishes the diagnostics of every open deal of the
// workspaces concerned: an id that changed in one deal may make or unmake
// a duplicate in another.
func (s *server) finish(results []result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.linting = false
	spaces := map[*workspace]bool{}
	for _, r := range results {
		d := r.doc
		if s.docs[d.uri] != d || d.version != r.version || d.space != r.space {
			continue // changed meanwhile: it is pending again
		}
		d.linted, d.findings, d.ref, d.parsed = r.version, r.findings, r.ref, r.parsed
		if r.valid && r.parsed != nil {
			d.good = r.parsed
		}
		spaces[d.space] = true
	}
	for w := range spaces {
		s.publishDeals(w)
	}
}

// publishDeals publishes the diagnostics of the open deals of a workspace
// that have changed: their own findings and those of the cross-file rules
// against the other deals, open and on disk.
func (s *server) publishDeals(w *workspace) {
	if w.linter == nil {
		return
	}
	open := map[string]lint.DealRef{}
	var docs []*document
	for _, d := range s.docs {
		if d.space == w && d.kind == dealFile && d.ref.File != "" {
			open[d.name] = d.ref
			docs = append(docs, d)
		}
	}
	byFile := map[string][]lint.Finding{}
	if len(docs) > 0 {
		for _, f := range w.linter.Repo(w.refs(open)) {
			if _, ok := open[f.File]; ok {
				byFile[f.File] = append(byFile[f.File], f)
			}
		}
	}
	for _, d := range docs {
		all := append(append([]lint.Finding(nil), d.findings...), byFile[d.name]...)
		d.shownFindings = all
		diags := s.diagnostics(d, all)
		key := fmt.Sprint(d.linted, diags)
		if key == d.shown {
			continue
		}
		d.shown = key
		u, version := d.uri, d.linted
		s.notify(func() {
			_ = s.client.PublishDiagnostics(context.Background(), &protocol.PublishDiagnosticsParams{URI: u, Version: protocol.NewOptional(version), Diagnostics: diags})
		})
	}
}

// diagnostics are findings as the editor shows them: at the key or value
// they point at, with the rule's id linking to its documentation.
func (s *server) diagnostics(d *document, findings []lint.Finding) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(findings))
	lang := s.langOf(d.space)
	for _, f := range findings {
		if f.Severity == lint.Off {
			continue
		}
		diag := protocol.Diagnostic{
			Range:    d.text.token(f.Pos, s.enc),
			Severity: severity(f.Severity),
			Code:     protocol.String(f.Rule),
			Source:   protocol.NewOptional("deals"),
			Message:  protocol.String(f.Message),
		}
		if href, err := uri.Parse(ruleURL(d.space, lang, f.Rule)); err == nil {
			diag.CodeDescription = protocol.CodeDescription{Href: href}
		}
		out = append(out, diag)
	}
	return out
}

func severity(s lint.Severity) protocol.DiagnosticSeverity {
	switch s {
	case lint.Error:
		return protocol.DiagnosticSeverityError
	case lint.Warning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}

// publishConfig publishes the problems of a workspace's configuration on
// the files they are in, and clears those it published before that are
// fixed. Deals have nothing to be checked against while the configuration
// never parsed: each open one says so at its top.
func (s *server) publishConfig(w *workspace) {
	byFile := w.configProblems()
	before := s.published[w.cfgFile]
	now := map[uri.URI]bool{}
	words := s.words(w)
	for file, problems := range byFile {
		u := uri.File(file)
		now[u] = true
		t := newText("")
		for _, d := range s.docs {
			if d.path == file || d.uri == u {
				t = d.text
			}
		}
		diags := make([]protocol.Diagnostic, 0, len(problems))
		for _, p := range problems {
			diags = append(diags, protocol.Diagnostic{Range: t.token(p.Pos, s.enc), Severity: protocol.DiagnosticSeverityError,
				Source: protocol.NewOptional("deals"), Message: protocol.String(p.Text(words))})
		}
		s.notify(func() {
			_ = s.client.PublishDiagnostics(context.Background(), &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: diags})
		})
	}
	for u := range before {
		if !now[u] {
			s.notify(func() {
				_ = s.client.PublishDiagnostics(context.Background(), &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}})
			})
		}
	}
	s.published[w.cfgFile] = now
	if w.linter == nil {
		msg := words.T("lsp.configBroken", "file", w.rel(w.cfgFile), "count", countProblems(byFile))
		for _, d := range s.docs {
			if d.space == w && d.kind == dealFile {
				diags := []protocol.Diagnostic{{Range: protocol.Range{End: protocol.Position{Character: 1}}, Severity: protocol.DiagnosticSeverityError,
					Source: protocol.NewOptional("deals"), Message: protocol.String(msg)}}
				d.shown = "config"
				u := d.uri
				s.notify(func() {
					_ = s.client.PublishDiagnostics(context.Background(), &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: diags})
				})
			}
		}
	}
}

func countProblems(byFile map[string][]*source.Error) int {
	n := 0
	for _, p := range byFile {
		n += len(p)
	}
	return n
}

// ruleURL is where a rule is documented: a team's rule in the file that
// defines it, a built-in rule in the reference of the rules.
func ruleURL(w *workspace, lang i18n.Lang, id string) string {
	if w.linter != nil {
		if r, ok := w.linter.Rule(id); ok {
			if file, _ := r.Source(); file != "" {
				if abs, err := filepath.Abs(file); err == nil {
					return string(uri.File(abs))
				}
			}
		}
	}
	return lint.DocURL(lang, id)
}
