package report

import (
	"encoding/json"
	"io"

	"github.com/dealsascode/deals/internal/lint"
)

// jsonReporter writes the whole report as one JSON document, for scripts.
type jsonReporter struct{ opts Options }

type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Step     string `json:"step"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

type jsonScore struct {
	Overall int            `json:"overall"`
	Steps   map[string]int `json:"steps"`
}

type jsonDeal struct {
	File  string     `json:"file"`
	ID    string     `json:"id"`
	Title string     `json:"title"`
	Owner string     `json:"owner"`
	Stage string     `json:"stage"`
	Valid bool       `json:"valid"`
	Score *jsonScore `json:"score,omitempty"`
}

type jsonReport struct {
	Tool     string        `json:"tool"`
	Version  string        `json:"version"`
	Summary  jsonSummary   `json:"summary"`
	Findings []jsonFinding `json:"findings"`
	Deals    []jsonDeal    `json:"deals"`
	Errors   []string      `json:"errors"`
}

type jsonSummary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

func (j jsonReporter) Report(w io.Writer, r *lint.Report) error {
	out := jsonReport{
		Tool: "deals", Version: j.opts.Version,
		Summary:  jsonSummary{Files: r.Files, Errors: r.Count(lint.Error), Warnings: r.Count(lint.Warning), Infos: r.Count(lint.Info)},
		Findings: make([]jsonFinding, 0, len(r.Findings)),
		Deals:    make([]jsonDeal, 0, len(r.Deals)),
		Errors:   make([]string, 0, len(r.Errors)),
	}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, jsonFinding{
			File: f.File, Line: f.Pos.Line, Column: f.Pos.Col, Severity: f.Severity.String(),
			Rule: f.Rule, Step: string(f.Step), Message: f.Message, Hint: hint(f.Rule),
		})
	}
	for _, d := range r.Deals {
		jd := jsonDeal{File: d.File, ID: d.ID, Title: d.Title, Owner: d.Owner, Stage: d.Stage, Valid: d.Valid}
		if d.Valid {
			jd.Score = &jsonScore{Overall: d.Score.Overall, Steps: map[string]int{}}
			for i, s := range lint.Steps {
				jd.Score.Steps[string(s.ID)] = d.Score.Steps[i]
			}
		}
		out.Deals = append(out.Deals, jd)
	}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, e.Error())
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
