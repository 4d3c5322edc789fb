package report

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/dealsascode/deals/internal/lint"
)

// jsonReporter writes the whole report as one JSON document, for scripts.
// It streams: a repository of any size never has its report built in memory.
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

type jsonSummary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

func (j jsonReporter) Report(w io.Writer, r *lint.Report) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	field := func(name string, v any, last bool) error {
		b, err := json.MarshalIndent(v, "  ", "  ")
		if err != nil {
			return err
		}
		bw.WriteString("  \"" + name + "\": ")
		bw.Write(b)
		if !last {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
		return nil
	}
	list := func(name string, n int, item func(i int) any, last bool) error {
		bw.WriteString("  \"" + name + "\": [")
		for i := 0; i < n; i++ {
			b, err := json.MarshalIndent(item(i), "    ", "  ")
			if err != nil {
				return err
			}
			if i > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n    ")
			bw.Write(b)
		}
		if n > 0 {
			bw.WriteString("\n  ")
		}
		bw.WriteString("]")
		if !last {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
		return nil
	}
	bw.WriteString("{\n")
	summary := jsonSummary{Files: r.Files, Errors: r.Count(lint.Error), Warnings: r.Count(lint.Warning), Infos: r.Count(lint.Info)}
	for _, err := range []error{
		field("tool", "deals", false),
		field("version", j.opts.Version, false),
		field("summary", summary, false),
		list("findings", len(r.Findings), func(i int) any {
			f := r.Findings[i]
			return jsonFinding{File: f.File, Line: f.Pos.Line, Column: f.Pos.Col, Severity: f.Severity.String(),
				Rule: f.Rule, Step: string(f.Step), Message: f.Message, Hint: hint(f.Rule)}
		}, false),
		list("deals", len(r.Deals), func(i int) any {
			d := r.Deals[i]
			jd := jsonDeal{File: d.File, ID: d.ID, Title: d.Title, Owner: d.Owner, Stage: d.Stage, Valid: d.Valid}
			if d.Valid {
				jd.Score = &jsonScore{Overall: d.Score.Overall, Steps: make(map[string]int, len(lint.Steps))}
				for i, s := range lint.Steps {
					jd.Score.Steps[string(s.ID)] = d.Score.Steps[i]
				}
			}
			return jd
		}, false),
		list("errors", len(r.Errors), func(i int) any { return r.Errors[i].Error() }, true),
	} {
		if err != nil {
			return err
		}
	}
	bw.WriteString("}\n")
	return bw.Flush()
}
